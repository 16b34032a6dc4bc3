// Invalid Athena configuration stops the log-archive stack before any
// resource is registered, with a message that names the key, the value and
// what is expected.
import { strict as assert } from "assert";
import { assertNothingRegistered, failLogArchive, ofType, quote, runLogArchive } from "./helpers/stacks";

const LOGS = "org-cloudtrail-logs-222222222222-eu-west-1";
const ACCESS_LOGS = "org-cloudtrail-access-logs-222222222222-eu-west-1";
const RESULTS = "org-cloudtrail-athena-results-222222222222-eu-west-1";

const CUTOFF = "expected a whole number of GiB from 1 to 10240";
const BUCKET = "expected an S3 bucket name: 3 to 63 lowercase letters";
const RETENTION = "expected a whole number of days from 1 to 365";
const WORKGROUP = "expected an Athena workgroup name: 1 to 128 letters, digits, '.', '_' or '-'";
const DATABASE = "expected 1 to 255 lowercase letters, digits or '_', starting with a letter";
const DAY = "expected a real calendar day as YYYY/MM/DD, no earlier than 2013/11/13";
const ROLE = "expected an IAM role name: 1 to 64 letters, digits or +=,.@_-";

interface Case {
    key: string;
    value: unknown;
    /** The start of the sentence after `<key> = <value>: `. */
    expected: string;
    /** Why this value, when it is not obvious. */
    because?: string;
}

const CASES: Case[] = [
    { key: "athenaEnabled", value: "yes", expected: "expected true or false" },
    { key: "athenaBytesScannedCutoffGb", value: 0, expected: CUTOFF },
    { key: "athenaBytesScannedCutoffGb", value: 1.5, expected: CUTOFF },
    { key: "athenaBytesScannedCutoffGb", value: 10241, expected: CUTOFF },
    { key: "athenaBytesScannedCutoffGb", value: "ten", expected: CUTOFF },
    { key: "athenaResultsBucketName", value: "Bad_Bucket", expected: BUCKET },
    { key: "athenaResultsBucketName", value: "ab", expected: BUCKET },
    { key: "athenaResultsRetentionDays", value: 0, expected: RETENTION },
    { key: "athenaResultsRetentionDays", value: 366, expected: RETENTION },
    { key: "athenaWorkgroupName", value: "has space", expected: WORKGROUP },
    { key: "athenaWorkgroupName", value: "w".repeat(129), expected: WORKGROUP },
    { key: "athenaDatabaseName", value: "Org-CloudTrail", expected: DATABASE, because: "Athena lowercases names; a hyphen needs quoting" },
    { key: "athenaDatabaseName", value: "1abc", expected: DATABASE },
    { key: "athenaFirstDay", value: "2026-01-01", expected: DAY, because: "CloudTrail's keys use slashes" },
    { key: "athenaFirstDay", value: "2026/02/30", expected: DAY, because: "no such day" },
    { key: "athenaFirstDay", value: "2013/11/12", expected: DAY, because: "the day before CloudTrail launched" },
    { key: "athenaFirstDay", value: "2026/1/1", expected: DAY, because: "the projection's format is yyyy/MM/dd" },
    { key: "auditorRoleName", value: "r".repeat(65), expected: ROLE },
    { key: "auditorRoleName", value: "bad/role", expected: ROLE, because: "a path is not part of the name" },
];

describe("bad Athena configuration stops the log-archive stack before any resource", () => {
    for (const c of CASES) {
        const shown = typeof c.value === "string" && c.value.length > 40 ? `${c.value.length} characters` : JSON.stringify(c.value);
        it(`rejects ${c.key} = ${shown}${c.because ? ` (${c.because})` : ""}`, async () => {
            const { error, resources } = await failLogArchive({ [c.key]: c.value });
            assert.equal(error.name, "ConfigError", error.message);
            const line = `org-cloudtrail:${c.key} = ${JSON.stringify(c.value)}: ${c.expected}`;
            assert.ok(error.message.includes(line), `message does not say\n  ${line}\n${error.message}`);
            assertNothingRegistered(resources, error.message);
        });
    }

    it("reports every bad Athena key in one message", async () => {
        const bad = { athenaEnabled: "yes", athenaBytesScannedCutoffGb: 0, athenaFirstDay: "2026-01-01", auditorRoleName: "bad/role", athenaDatabaseName: "1abc" };
        const { error, resources } = await failLogArchive(bad);
        const lines = error.message.split("\n").filter((l) => l.startsWith("  - "));
        assert.deepEqual(
            lines.map((l) => /org-cloudtrail:(\w+) = /.exec(l)?.[1]),
            ["athenaEnabled", "athenaBytesScannedCutoffGb", "athenaDatabaseName", "athenaFirstDay", "auditorRoleName"],
            error.message,
        );
        assertNothingRegistered(resources, error.message);
    });

    it("takes an empty value as unset, as Pulumi.yaml's declared default \"\" hands it over", async () => {
        // A reader, so there is an auditor role whose default name shows.
        const run = await runLogArchive({
            athenaDatabaseName: "",
            athenaWorkgroupName: "",
            athenaResultsBucketName: "",
            auditorRoleName: "",
            logReaderArns: ["arn:aws:iam::333333333333:role/SecurityAuditor"],
        });
        assert.equal(run.outputs.athenaDatabase, "org_cloudtrail");
        assert.equal(run.outputs.athenaWorkgroup, "org-cloudtrail");
        assert.equal(run.outputs.auditorRoleArn, "arn:aws:iam::222222222222:role/org-cloudtrail-auditor");
        assert.ok(ofType(run.resources, "aws:s3/bucket:Bucket").some((b) => b.inputs.bucket === RESULTS));
    });
});

describe("the results bucket must be a bucket of its own", () => {
    const COLLISIONS: { name: string; overrides: Record<string, unknown>; value: string; other: string }[] = [
        { name: "the default log bucket", overrides: { athenaResultsBucketName: LOGS }, value: LOGS, other: "bucketName" },
        {
            name: "a configured log bucket",
            overrides: { bucketName: "acme-audit-logs", athenaResultsBucketName: "acme-audit-logs" },
            value: "acme-audit-logs",
            other: "bucketName",
        },
        { name: "the default access-log bucket", overrides: { athenaResultsBucketName: ACCESS_LOGS }, value: ACCESS_LOGS, other: "accessLogBucketName" },
        {
            // The results bucket's default name, taken by another key, collides as surely as a configured one.
            name: "a log bucket configured with the results bucket's default name",
            overrides: { bucketName: RESULTS },
            value: RESULTS,
            other: "bucketName",
        },
    ];

    for (const c of COLLISIONS) {
        it(`refuses a results bucket named like ${c.name}`, async () => {
            const { error, resources } = await failLogArchive(c.overrides);
            assert.equal(error.name, "ConfigError", error.message);
            assert.match(
                error.message,
                new RegExp(`org-cloudtrail:athenaResultsBucketName = "${quote(c.value)}": expected a bucket of its own, but ${c.other} resolves to the same name`),
            );
            assertNothingRegistered(resources, error.message);
        });
    }

    it("does not mind the name when athenaEnabled is false: the results bucket is never created", async () => {
        const run = await runLogArchive({ athenaEnabled: false, athenaResultsBucketName: LOGS });
        assert.deepEqual(
            ofType(run.resources, "aws:s3/bucket:Bucket").map((b) => b.inputs.bucket),
            [ACCESS_LOGS, LOGS],
        );
    });

    it("still validates the Athena keys when athenaEnabled is false, so turning it on later cannot fail on them", async () => {
        const { error, resources } = await failLogArchive({ athenaEnabled: false, athenaWorkgroupName: "has space" });
        assert.ok(error.message.includes(`org-cloudtrail:athenaWorkgroupName = "has space": ${WORKGROUP}`), error.message);
        assertNothingRegistered(resources, error.message);
    });
});
