// The saved Athena queries, read as Athena reads them: node-sql-parser's Trino
// grammar for the syntax, a hand-written partition-projection evaluator for
// what they cost (projection.ts), and a small WHERE evaluator run over the
// shared CloudTrail corpus for what they find (rows.ts).
import { strict as assert } from "assert";
import * as fs from "fs";
import { CLOUDTRAIL_TABLE_NAME, cloudTrailTableParameters, PARTITION_KEYS } from "../../athena/cloudtrailTable";
import { SAVED_QUERIES, SavedQuery } from "../../athena/queries";
import { ApiCalls, IAM_POLICY_CALLS, SECURITY_GROUP_CALLS, TRAIL_CHANGE_CALLS } from "../../detections/calls";
import { CORPUS_LABELS, CORPUS_PATH, CorpusEntry, corpusKey } from "../detections/labels";
import { LOG_BUCKET, MEMBER, ORG_ID } from "../helpers/iam";
import { bind, columnName, conjuncts, isPlaceholder, mentions, Node, parser, parseSelect, placeholders, prefixesRead, ProjectionError, selectsReading, staticPredicate, TRINO, walk } from "./projection";
import { holds } from "./rows";

const PARTITIONS = PARTITION_KEYS.map((k) => k.name);
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const PARAMS = cloudTrailTableParameters({ bucketName: LOG_BUCKET, organizationId: ORG_ID, regions: REGIONS, firstDay: "2026/01/01" });
const NOW = new Date("2026-11-30T12:00:00Z");
const byName = (name: string): SavedQuery => SAVED_QUERIES.find((q) => q.name === name)!;

/** The WHERE of the SELECT that reads the table, with the `?` bound to `literals`. */
function tableWhere(sql: string, literals: readonly string[]): Node | null {
    const [select] = selectsReading(bind(parseSelect(sql), literals), CLOUDTRAIL_TABLE_NAME);
    return select.where;
}

/** Why the WHERE of a SELECT over the table would not prune to named accounts and days. */
function partitionProblems(where: Node | null): string[] {
    const top = conjuncts(where).map(staticPredicate);
    const problems: string[] = [];
    if (!top.some((p) => p?.column === "account" && ["=", "IN"].includes(p.operator))) problems.push("no top-level account = ? or account IN (...)");
    if (!top.some((p) => p?.column === "day" && ["BETWEEN", "=", ">=", "<="].includes(p.operator))) problems.push("no top-level range on day");
    walk(where, (n) => {
        if (n.type !== "binary_expr" || n.operator !== "OR") return;
        for (const c of PARTITIONS) if (mentions(n, c)) problems.push(`${c} inside an OR`);
    });
    return problems;
}

/** The column each `?` is compared with, in `?` order. */
function comparedColumns(ast: Node): (string | undefined)[] {
    const found: (string | undefined)[] = [];
    walk(ast, (n) => {
        if (n.type !== "binary_expr") return;
        const column = columnName(n.left);
        const operands: Node[] = n.right?.type === "expr_list" ? n.right.value : [n.right];
        for (const o of operands) if (o && isPlaceholder(o)) found.push(column);
    });
    return found;
}

/** For every `eventsource = 'x' AND eventname IN (...)` pair in the query, the names by source. */
function callsNamed(ast: Node): Map<string, string[]> {
    const calls = new Map<string, string[]>();
    walk(ast, (n) => {
        if (n.type !== "binary_expr" || n.operator !== "AND") return;
        const preds = [n.left, n.right].map(staticPredicate);
        const source = preds.find((p) => p?.column === "eventsource" && p.operator === "=");
        const names = preds.find((p) => p?.column === "eventname" && p.operator === "IN");
        if (source && names) calls.set(source.values[0].value, [...(calls.get(source.values[0].value) ?? []), ...names.values.map((v) => v.value)]);
    });
    return calls;
}

describe("athena saved queries: syntax", () => {
    for (const q of SAVED_QUERIES) {
        it(`${q.name}: is a single SELECT in Trino's grammar`, () => {
            assert.equal(parseSelect(q.sql).type, "select");
        });
    }

    it("the parser is strict: broken variants of a saved query throw", () => {
        const sql = SAVED_QUERIES[0].sql;
        const broken = {
            truncated: sql.slice(0, sql.indexOf("WHERE") + "WHERE".length),
            "misspelled SELECT": sql.replace("SELECT", "SELCT"),
            "misspelled WHERE": sql.replace("WHERE", "WHER"),
            "misspelled FROM": sql.replace("FROM", "FORM"),
            "unclosed parenthesis": sql.replace("'$.ConsoleLogin')", "'$.ConsoleLogin'"),
            "extra parenthesis": sql.replace("coalesce(", "coalesce(("),
        };
        for (const [what, variant] of Object.entries(broken)) assert.throws(() => parser.astify(variant, TRINO), `${what} parsed`);
        assert.throws(() => parseSelect(`${sql};\nDROP TABLE ${CLOUDTRAIL_TABLE_NAME}`), /2 statements/);
    });
});

describe("athena saved queries: parameters", () => {
    it("the AST marks a ? as {type: 'origin', value: '?'} and leaves a quoted one a string", () => {
        const ast = parseSelect("SELECT 'a?b' AS x FROM t WHERE y = '?' AND z LIKE '%?%' AND w IN (?, ?) AND v = ?");
        assert.deepEqual(placeholders(ast), [{ type: "origin", value: "?" }, { type: "origin", value: "?" }, { type: "origin", value: "?" }]);
        assert.deepEqual(comparedColumns(ast), ["w", "w", "v"]);
    });

    // Which column a parameter is for, by its name: the runbook types values in this order.
    const PARAMETER_COLUMNS: Record<string, string> = {
        account: "account",
        "first day": "day",
        "last day": "day",
        "access key id": "useridentity.accesskeyid",
        "source IP address": "sourceipaddress",
    };
    for (const q of SAVED_QUERIES) {
        it(`${q.name}: one ? per parameter, each compared with the column its name says, in order`, () => {
            const ast = parseSelect(q.sql);
            assert.equal(placeholders(ast).length, q.parameters.length);
            assert.deepEqual(comparedColumns(ast), q.parameters.map((p) => PARAMETER_COLUMNS[p.name] ?? `(unknown parameter ${p.name})`));
        });
    }
});

describe("athena saved queries: tables and partitions", () => {
    for (const q of SAVED_QUERIES) {
        it(`${q.name}: reads ${CLOUDTRAIL_TABLE_NAME} and nothing else`, () => {
            const ast = parseSelect(q.sql);
            const ctes = new Set<string>((ast.with ?? []).map((w: Node) => w.name.value));
            const tables = parser.tableList(q.sql, TRINO).filter((t) => !ctes.has(t.split("::")[2]));
            assert.deepEqual(tables, [`select::null::${CLOUDTRAIL_TABLE_NAME}`]);
            assert.ok(selectsReading(ast, CLOUDTRAIL_TABLE_NAME).length > 0);
        });

        it(`${q.name}: names its accounts and days at the top of the WHERE, never under an OR`, () => {
            for (const select of selectsReading(parseSelect(q.sql), CLOUDTRAIL_TABLE_NAME)) assert.deepEqual(partitionProblems(select.where), []);
        });
    }

    it("the check catches a missing account, a day filter moved into an OR, and a non-static account", () => {
        const where = (condition: string) => parseSelect(`SELECT 1 FROM ${CLOUDTRAIL_TABLE_NAME} WHERE ${condition}`).where;
        assert.deepEqual(partitionProblems(where("day BETWEEN ? AND ? AND eventname = 'x'")), ["no top-level account = ? or account IN (...)"]);
        assert.deepEqual(partitionProblems(where("account = ? AND (day BETWEEN ? AND ? OR eventname = 'x')")), ["no top-level range on day", "day inside an OR"]);
        assert.deepEqual(partitionProblems(where("account LIKE '1%' AND day = ?")), ["no top-level account = ? or account IN (...)"]);
    });
});

describe("athena saved queries: what partition projection makes them read", () => {
    const inPeriod = byName("activity-from-ip");
    const read = (literals: string[], sql = inPeriod.sql) => prefixesRead(PARAMS, tableWhere(sql, literals), NOW);
    const prefix = (account: string, region: string, day: string) => `s3://${LOG_BUCKET}/AWSLogs/${ORG_ID}/${account}/CloudTrail/${region}/${day}`;

    it("one account, one day: one prefix per region, that account's and day's", () => {
        const prefixes = read([`'${MEMBER}'`, "'2026/11/24'", "'2026/11/24'", "'203.0.113.7'"]);
        assert.equal(prefixes.length, REGIONS.length);
        assert.deepEqual(prefixes, [...REGIONS].sort().map((r) => prefix(MEMBER, r, "2026/11/24")));
    });

    it("three days: three prefixes per region", () => {
        const prefixes = read([`'${MEMBER}'`, "'2026/11/22'", "'2026/11/24'", "'203.0.113.7'"]);
        assert.equal(prefixes.length, 3 * REGIONS.length);
        assert.ok(prefixes.includes(prefix(MEMBER, "us-east-1", "2026/11/23")));
    });

    it("days are clipped to the projection's range: from its first day to today", () => {
        assert.equal(read([`'${MEMBER}'`, "'2025/12/30'", "'2026/01/02'", "'203.0.113.7'"]).length, 2 * REGIONS.length);
        assert.equal(read([`'${MEMBER}'`, "'2026/11/29'", "'2027/01/01'", "'203.0.113.7'"]).length, 2 * REGIONS.length);
    });

    it("every saved query, with its example values, reads the example account's example days only", () => {
        for (const q of SAVED_QUERIES) {
            const prefixes = prefixesRead(PARAMS, tableWhere(q.sql, q.parameters.map((p) => p.example)), NOW);
            assert.equal(prefixes.length, 24 * REGIONS.length, q.name);
            assert.ok(prefixes.every((p) => p.includes("/111111111111/CloudTrail/")), q.name);
        }
    });

    it("Athena rejects a query that does not name its accounts (CONSTRAINT_VIOLATION on the injected column)", () => {
        const rejected = (sql: string, literals: string[]) =>
            assert.throws(() => prefixesRead(PARAMS, tableWhere(sql, literals), NOW), (e: unknown) => e instanceof ProjectionError && e.code === "CONSTRAINT_VIOLATION" && /injected projected partition column account/.test(e.message));
        rejected(inPeriod.sql.replace("account = ? AND ", ""), ["'2026/11/24'", "'2026/11/24'", "'203.0.113.7'"]);
        rejected(inPeriod.sql.replace("account = ? AND ", "(account = ? OR sourceipaddress = '198.51.100.1') AND "), [`'${MEMBER}'`, "'2026/11/24'", "'2026/11/24'", "'203.0.113.7'"]);
    });

    it("a day filter inside an OR reads every day since the first (the cost the structure check prevents)", () => {
        const sql = inPeriod.sql.replace("day BETWEEN ? AND ?", "(day BETWEEN ? AND ? OR eventname = 'x')");
        assert.equal(read([`'${MEMBER}'`, "'2026/11/24'", "'2026/11/24'", "'203.0.113.7'"], sql).length, 334 * REGIONS.length);
    });
});

describe("athena saved queries: names and descriptions", () => {
    it("names are unique, lowercase-dashed and at most 128 characters", () => {
        const names = SAVED_QUERIES.map((q) => q.name);
        assert.equal(new Set(names).size, names.length);
        for (const n of names) assert.match(n, /^[a-z0-9-]{1,128}$/);
    });

    it("descriptions fit Athena's 1024 characters once the component appends the parameters", () => {
        for (const q of SAVED_QUERIES) {
            // Built as components/investigation.ts builds it.
            const description = `${q.description} Parameters, in order: ${q.parameters.map((p) => p.name).join(", ")}.`;
            assert.ok(q.description.trim().length > 0, q.name);
            assert.ok(description.length <= 1024, `${q.name}: ${description.length} characters`);
        }
    });
});

describe("athena saved queries: the CIS calls are the alarms' calls", () => {
    // Compared in the AST, not the text: "CreatePolicy" is a substring of "CreatePolicyVersion".
    const cases: [string, ApiCalls[]][] = [
        ["security-group-and-iam-policy-changes", [SECURITY_GROUP_CALLS, IAM_POLICY_CALLS]],
        ["trail-stopped-or-changed", [TRAIL_CHANGE_CALLS]],
    ];
    for (const [name, lists] of cases) {
        it(`${name}: looks for exactly ${lists.map((l) => l.eventSource).join(" and ")}'s alarmed calls`, () => {
            const named = callsNamed(parseSelect(byName(name).sql));
            assert.deepEqual([...named.keys()].sort(), lists.map((l) => l.eventSource).sort());
            for (const l of lists) assert.deepEqual([...named.get(l.eventSource)!].sort(), [...l.eventNames].sort(), l.eventSource);
        });
    }
});

describe("athena saved queries: their conditions against the corpus", () => {
    const corpus = JSON.parse(fs.readFileSync(CORPUS_PATH, "utf8")) as CorpusEntry[];
    const byKey = new Map(corpus.map((e) => [corpusKey(e), e]));
    const labelled = (...ids: string[]) => ids.flatMap((id) => CORPUS_LABELS[id]).sort();
    // Every event put in the example account and day, so only the query's own conditions decide.
    function found(name: string): string[] {
        const q = byName(name);
        const where = tableWhere(q.sql, q.parameters.map((p, i) => (i === 0 ? "'111111111111'" : i < 3 ? "'2026/11/24'" : p.example)));
        return corpus.filter((e) => holds(where!, { ...e.event, account: "111111111111", day: "2026/11/24" }) === true).map(corpusKey).sort();
    }

    it("trail-stopped-or-changed finds what the cloudtrail-config-changes alarm fires on", () => {
        assert.deepEqual(found("trail-stopped-or-changed"), labelled("cloudtrail-config-changes"));
    });

    it("security-group-and-iam-policy-changes finds the successful calls of both alarms", () => {
        const succeeded = labelled("security-group-changes", "iam-policy-changes").filter((k) => byKey.get(k)!.event.errorCode === undefined);
        assert.deepEqual(found("security-group-and-iam-policy-changes"), succeeded);
    });

    it("access-denied-by-principal finds what the unauthorized-api-calls alarm fires on", () => {
        assert.deepEqual(found("access-denied-by-principal"), labelled("unauthorized-api-calls"));
    });

    it("console-sign-ins-without-mfa finds what the alarm fires on, and root sign-ins without MFA besides", () => {
        // The alarm is CIS 4.2's, IAM users only; root has its own alarm, but a root sign-in without MFA belongs here too.
        const hits = found("console-sign-ins-without-mfa");
        const alarmed = labelled("console-signin-without-mfa");
        assert.deepEqual(alarmed.filter((k) => !hits.includes(k)), []);
        const extra = hits.filter((k) => !alarmed.includes(k));
        assert.deepEqual(extra.filter((k) => (byKey.get(k)!.event as { userIdentity?: { type?: string } }).userIdentity?.type !== "Root"), []);
    });

    it("root-activity finds what the root-account-usage alarm fires on, root's console actions included", () => {
        assert.deepEqual(found("root-activity"), labelled("root-account-usage"));
    });
});
