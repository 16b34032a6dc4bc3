// The Glue table over the organization trail's files: its columns hold what
// CloudTrail writes (checked against the shared corpus), its types are Hive
// types, it reads exactly where CloudTrail writes and the bucket policy lets
// it, and its projection parameters are the ones Athena needs.
import { strict as assert } from "assert";
import * as fs from "fs";
import { CLOUDTRAIL_COLUMNS, cloudTrailTableLocation, cloudTrailTableParameters, PARTITION_KEYS } from "../../athena/cloudtrailTable";
import { organizationLogPrefix } from "../../policies/arns";
import { CORPUS_PATH, CorpusEntry } from "../detections/labels";
import { conditionHolds, LOG_BUCKET, ORG_ID } from "../helpers/iam";
import { bucketPolicy } from "../policies/fixtures";

const corpus = JSON.parse(fs.readFileSync(CORPUS_PATH, "utf8")) as CorpusEntry[];

type HiveType =
    | { kind: "primitive"; name: string }
    | { kind: "struct"; fields: Map<string, HiveType> }
    | { kind: "array"; element: HiveType }
    | { kind: "map"; key: HiveType; value: HiveType };

const PRIMITIVES = new Set(["string", "boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "date", "timestamp", "binary"]);

/**
 * A Hive type string, parsed. Lowercase without spaces, as this project
 * writes them: Glue keeps the string verbatim and Athena matches field names
 * lowercased, so a capital would be a field no query can name.
 */
function parseHiveType(text: string): HiveType {
    let at = 0;
    const fail = (what: string): never => {
        throw new Error(`${what} at ${at} of ${text}`);
    };
    const expect = (token: string) => (text.startsWith(token, at) ? (at += token.length) : fail(`expected '${token}'`));
    const ident = (): string => {
        const name = /^[a-z_][a-z0-9_]*/.exec(text.slice(at))?.[0] ?? fail("expected a name");
        at += name.length;
        return name;
    };
    const type = (): HiveType => {
        const name = ident();
        if (name === "struct") {
            expect("<");
            const fields = new Map<string, HiveType>();
            do {
                const field = ident();
                if (fields.has(field)) fail(`duplicate field ${field}`);
                expect(":");
                fields.set(field, type());
            } while (text[at] === "," && ++at);
            expect(">");
            return { kind: "struct", fields };
        }
        if (name === "array") {
            expect("<");
            const element = type();
            expect(">");
            return { kind: "array", element };
        }
        if (name === "map") {
            expect("<");
            const key = type();
            if (key.kind !== "primitive") fail("a map key must be primitive");
            expect(",");
            const value = type();
            expect(">");
            return { kind: "map", key, value };
        }
        return PRIMITIVES.has(name) ? { kind: "primitive", name } : fail(`unknown type ${name}`);
    };
    const parsed = type();
    if (at !== text.length) fail("trailing text");
    return parsed;
}

/** Field paths of `value` the declared type has no place for. Primitive columns take anything: the SerDe stores nested JSON as text. */
function undeclared(value: unknown, type: HiveType, path: string, out: Set<string>): void {
    if (value === null || value === undefined || type.kind === "primitive") return;
    if (type.kind === "array") {
        if (!Array.isArray(value)) out.add(`${path} (not an array)`);
        else for (const v of value) undeclared(v, type.element, `${path}[]`, out);
        return;
    }
    if (typeof value !== "object" || Array.isArray(value)) return void out.add(`${path} (not an object)`);
    for (const [k, v] of Object.entries(value)) {
        const field = type.kind === "map" ? type.value : type.fields.get(k.toLowerCase());
        if (field === undefined) out.add(`${path}.${k.toLowerCase()}`);
        else undeclared(v, field, type.kind === "map" ? `${path}[]` : `${path}.${k.toLowerCase()}`, out);
    }
}

describe("athena table: columns", () => {
    const columns = new Map(CLOUDTRAIL_COLUMNS.map((c) => [c.name, c.type]));

    it("column names are lowercase and unique, and no partition key shares one", () => {
        for (const c of CLOUDTRAIL_COLUMNS) assert.match(c.name, /^[a-z][a-z0-9_]*$/);
        assert.equal(columns.size, CLOUDTRAIL_COLUMNS.length);
        assert.deepEqual(PARTITION_KEYS.filter((k) => columns.has(k.name)), []);
    });

    it("every top-level field of every corpus event is a column", () => {
        // Documented by CloudTrail (record contents) but absent from the table
        // Athena's documentation declares; not added until AWS's table has it.
        const notInAthenasTable = ["managementevent"];
        const fields = new Set(corpus.flatMap((e) => Object.keys(e.event).map((k) => k.toLowerCase())));
        assert.deepEqual([...fields].filter((f) => !columns.has(f)).sort(), notInAthenasTable);
    });

    it("the type checker accepts Hive types and rejects malformed ones", () => {
        assert.deepEqual(parseHiveType("map<string,array<struct<a:int>>>"), {
            kind: "map",
            key: { kind: "primitive", name: "string" },
            value: { kind: "array", element: { kind: "struct", fields: new Map([["a", { kind: "primitive", name: "int" }]]) } },
        });
        for (const bad of ["", "strin", "struct<a:string", "struct<>", "struct<a:string,a:string>", "struct<A:string>", "array<>", "array<string", "map<string>", "map<struct<a:int>,string>", "string>", "struct<a string>"]) {
            assert.throws(() => parseHiveType(bad), `${JSON.stringify(bad)} parsed`);
        }
    });

    for (const c of CLOUDTRAIL_COLUMNS) {
        it(`${c.name}: ${c.type.length > 40 ? c.type.slice(0, 40) + "..." : c.type} is a well-formed Hive type`, () => {
            parseHiveType(c.type);
        });
    }

    it("every nested field of the corpus events has a place in its column's declared type", () => {
        // Fixture slips, not CloudTrail's format: Panther's fixtures misspell
        // accessKeyId in 8 events, and one writes a resource as a Python dict
        // in a string. Pinned so a new gap still fails.
        const fixtureSlips = ["resources[] (not an object)", "useridentity.acceskeyid"];
        const found = new Set<string>();
        for (const e of corpus) {
            for (const [k, v] of Object.entries(e.event)) {
                const type = columns.get(k.toLowerCase());
                if (type !== undefined) undeclared(v, parseHiveType(type), k.toLowerCase(), found);
            }
        }
        assert.deepEqual([...found].sort(), fixtureSlips);
    });

    it("the nested check is not vacuous: it sees an undeclared session field", () => {
        const found = new Set<string>();
        const event = { sessionContext: { sessionIssuer: { type: "Role", roleSessionTags: "x" }, sourceIdentity: "alice" } };
        undeclared(event, parseHiveType(columns.get("useridentity")!), "useridentity", found);
        assert.deepEqual([...found].sort(), ["useridentity.sessioncontext.sessionissuer.rolesessiontags", "useridentity.sessioncontext.sourceidentity"]);
    });
});

describe("athena table: it reads where CloudTrail writes", () => {
    // Every corpus event that says which account, region and day it is from.
    const samples = corpus
        .map((e) => e.event as { recipientAccountId?: string; awsRegion?: string; eventTime?: string })
        .filter((e) => /^\d{12}$/.test(e.recipientAccountId ?? "") && /^[a-z]{2}(-[a-z]+)+-\d$/.test(e.awsRegion ?? "") && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(e.eventTime ?? ""))
        .map((e) => ({ account: e.recipientAccountId!, region: e.awsRegion!, time: e.eventTime! }));

    /**
     * The object key CloudTrail documents for a log file, written out by hand
     * rather than from organizationLogPrefix. The folder's day is the file's
     * (delivery) day; the event's own day stands in for it.
     */
    function cloudTrailKey(prefix: string | undefined, s: { account: string; region: string; time: string }): string {
        const [yyyy, MM, dd, hh, mm] = s.time.split(/[-T:]/);
        const file = `${s.account}_CloudTrail_${s.region}_${yyyy}${MM}${dd}T${hh}${mm}Z_a1B2c3D4e5F6g7H8.json.gz`;
        return `${prefix ? `${prefix}/` : ""}AWSLogs/${ORG_ID}/${s.account}/CloudTrail/${s.region}/${yyyy}/${MM}/${dd}/${file}`;
    }

    const fill = (template: string, values: Record<string, string>) => template.replace(/\$\{([^}]+)\}/g, (_, k: string) => values[k] ?? `(no ${k})`);

    it("the corpus gives events to check against", () => {
        assert.ok(samples.length > 300, `${samples.length} events with account, region and time`);
    });

    for (const prefix of [undefined, "", "audit/trails"]) {
        const args = { bucketName: LOG_BUCKET, s3KeyPrefix: prefix, organizationId: ORG_ID };
        const where = `s3KeyPrefix ${JSON.stringify(prefix)}`;

        it(`${where}: the table's location is the organization's log prefix`, () => {
            const { location } = cloudTrailTableLocation(args);
            assert.equal(location, `s3://${LOG_BUCKET}/${organizationLogPrefix(args)}`);
            assert.equal(location, `s3://${LOG_BUCKET}/${prefix ? `${prefix}/` : ""}AWSLogs/${ORG_ID}/`);
        });

        it(`${where}: the template filled for an event's account, region and day is the folder CloudTrail writes that event's file to`, () => {
            const { template } = cloudTrailTableLocation(args);
            for (const s of samples) {
                const key = cloudTrailKey(prefix, s);
                const partition = fill(template, { account: s.account, region: s.region, day: s.time.slice(0, 10).replace(/-/g, "/") });
                assert.equal(partition, `s3://${LOG_BUCKET}/${key.slice(0, key.lastIndexOf("/"))}`);
            }
        });

        it(`${where}: the bucket policy lets CloudTrail write every such file (AWSCloudTrailWrite)`, () => {
            const write = bucketPolicy({ s3KeyPrefix: prefix }).Statement.find((s) => s.Sid === "AWSCloudTrailWrite")!;
            const patterns = ([] as string[]).concat(write.Resource as string | string[]);
            // IAM matches a Resource like StringLike: * any run of characters, ? one.
            const allowed = (key: string) => conditionHolds({ op: "StringLike", values: patterns }, `arn:aws:s3:::${LOG_BUCKET}/${key}`);
            for (const s of samples) assert.ok(allowed(cloudTrailKey(prefix, s)), cloudTrailKey(prefix, s));
            const elsewhere = prefix ? undefined : "audit/trails";
            assert.ok(!allowed(cloudTrailKey(elsewhere, samples[0])), "a file under another prefix is allowed too: the match proves nothing");
        });
    }
});

describe("athena table: projection parameters", () => {
    const regions = ["us-west-2", "eu-west-1", "ap-south-1", "eu-central-1"];
    const args = { bucketName: LOG_BUCKET, s3KeyPrefix: "audit/trails", organizationId: ORG_ID, regions, firstDay: "2024/01/01" };
    const p = cloudTrailTableParameters(args);

    it("projection is on, and every partition key is projected", () => {
        assert.equal(p["projection.enabled"], "true");
        for (const k of PARTITION_KEYS) assert.ok(p[`projection.${k.name}.type`], `${k.name} is not projected`);
    });

    it("account is injected: any account of the organization, named by the query", () => {
        assert.equal(p["projection.account.type"], "injected");
        assert.equal(p["projection.account.values"], undefined);
    });

    it("region is an enum of exactly the given regions, sorted", () => {
        assert.equal(p["projection.region.type"], "enum");
        assert.deepEqual(p["projection.region.values"].split(","), [...regions].sort());
    });

    it("day is a date from the first day to now, one day at a time, in the key's yyyy/MM/dd", () => {
        assert.equal(p["projection.day.type"], "date");
        assert.equal(p["projection.day.format"], "yyyy/MM/dd");
        assert.equal(p["projection.day.range"], "2024/01/01,NOW");
        assert.equal(p["projection.day.interval"], "1");
        assert.equal(p["projection.day.interval.unit"], "DAYS");
    });

    it("the template is the location's, with each partition key exactly once", () => {
        const template = p["storage.location.template"];
        assert.equal(template, cloudTrailTableLocation(args).template);
        assert.deepEqual(template.match(/\$\{[^}]+\}/g), PARTITION_KEYS.map((k) => "${" + k.name + "}"));
    });

    it("restored Deep Archive objects are read", () => {
        assert.equal(p.read_restored_glacier_objects, "true");
    });

    it("an empty region list throws", () => {
        assert.throws(() => cloudTrailTableParameters({ ...args, regions: [] }), /at least one region/);
    });
});
