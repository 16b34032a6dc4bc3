// Invalid configuration stops the program before any resource is registered,
// with a message that names the key, the value and what is expected.
import { strict as assert } from "assert";
import { DEPLOYER, failLogArchive, LOG_ARCHIVE_ACCOUNT, runLogArchive } from "./helpers/stacks";

interface Case {
    key: string;
    value: unknown;
    /** Text the message must contain besides the key and the value. */
    expected: string;
    also?: Record<string, unknown>;
}

const CASES: Case[] = [
    { key: "organizationId", value: "o-SHORT", expected: "expected an organization id" },
    { key: "organizationId", value: "a1b2c3d4e5f6", expected: "expected an organization id" },
    { key: "managementAccountId", value: "11111111111", expected: "expected a 12-digit AWS account id" },
    { key: "managementAccountId", value: "1111-1111-1111", expected: "expected a 12-digit AWS account id" },
    { key: "accountId", value: "22222222222a", expected: "expected a 12-digit AWS account id" },
    { key: "trailName", value: "ab", expected: "expected 3 to 128 letters" },
    { key: "trailName", value: "my--trail", expected: "no two of" },
    { key: "trailName", value: "trail name", expected: "expected 3 to 128 letters" },
    { key: "trailHomeRegion", value: "europe", expected: "expected a region the AWS provider knows, e.g. eu-west-1" },
    { key: "trailHomeRegion", value: "eu-centrall-1", expected: "expected a region the AWS provider knows; did you mean eu-central-1?" },
    { key: "bucketName", value: "Logs_Bucket", expected: "expected an S3 bucket name" },
    { key: "bucketName", value: "192.168.1.10", expected: "not an IP address" },
    { key: "bucketName", value: "xn--logs", expected: "expected an S3 bucket name" },
    { key: "accessLogBucketName", value: "a", expected: "expected an S3 bucket name" },
    { key: "s3KeyPrefix", value: "/audit/", expected: "without a leading or trailing '/'" },
    { key: "objectLockMode", value: "STRICT", expected: "expected one of GOVERNANCE, COMPLIANCE, NONE" },
    { key: "objectLockDays", value: -5, expected: "expected a whole number of days from 1 to 36500" },
    { key: "objectLockDays", value: 1.5, expected: "expected a whole number of days from 1 to 36500" },
    { key: "objectLockDays", value: "a year", expected: "expected a whole number of days from 1 to 36500" },
    { key: "logRetentionDays", value: 300, expected: "expected at least objectLockDays (365)" },
    { key: "logRetentionDays", value: 500, expected: "expected at least logDeepArchiveAfterDays + 180 (545)" },
    { key: "logDeepArchiveAfterDays", value: 120, expected: "expected at least logGlacierIrAfterDays + 90 (180)" },
    { key: "accessLogRetentionDays", value: 40000, expected: "expected a whole number of days from 1 to 36500" },
    { key: "logReaderArns", value: "arn:aws:iam::333333333333:role/Auditor", expected: "expected a JSON array of IAM principal ARNs" },
    { key: "logReaderArns", value: ["arn:aws:iam::333333333333:role/Audit*"], expected: "without wildcards" },
    { key: "logReaderArns", value: ["arn:aws:s3:::bucket"], expected: "expected the ARN of an IAM role, user or account root" },
    // A name wildcard is a door: anyone who may create a role can make one that matches.
    { key: "breakGlassArns", value: ["arn:aws:iam::222222222222:role/BreakGlass*"], expected: "with no wildcard in its path or name" },
    { key: "breakGlassArns", value: ["arn:aws:iam::*:role/BreakGlass?"], expected: "with no wildcard in its path or name" },
    { key: "breakGlassArns", value: ["arn:aws:iam::222222222222:role/*/BreakGlass"], expected: "with no wildcard in its path or name" },
    { key: "breakGlassArns", value: ["arn:aws:iam::222222222222:role/*"], expected: "with no wildcard in its path or name" },
    { key: "breakGlassArns", value: ["arn:aws:iam::222222222222:user/alice"], expected: "expected the exact ARN of an IAM role" },
    { key: "deployerRoleArn", value: "arn:aws:iam::222222222222:role/Pulumi*", expected: "expected the exact ARN of the IAM role that runs pulumi up" },
    { key: "deployerRoleArn", value: "arn:aws:iam::222222222222:root", expected: "a root user cannot be the deployer" },
    { key: "deployerRoleArn", value: "arn:aws:iam::222222222222:user/ci", expected: "an IAM or federated user cannot be the deployer" },
    {
        key: "deployerRoleArn",
        value: "arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef",
        expected: "an IAM Identity Center permission-set role cannot be the deployer",
    },
];

describe("bad configuration stops the program before any resource", () => {
    for (const c of CASES) {
        it(`rejects ${c.key} = ${JSON.stringify(c.value)}`, async () => {
            const { error, resources } = await failLogArchive({ ...c.also, [c.key]: c.value });
            assert.equal(error.name, "ConfigError", error.message);
            assert.match(error.message, new RegExp(`org-cloudtrail:${c.key}(\\[\\d+\\])? = `));
            const shown = Array.isArray(c.value) ? JSON.stringify(c.value[0]) : JSON.stringify(c.value);
            assert.ok(error.message.includes(shown), `message does not show the value ${shown}:\n${error.message}`);
            assert.ok(error.message.includes(c.expected), `message does not say "${c.expected}":\n${error.message}`);
            assert.deepEqual(resources, [], "resources were registered before the error");
        });
    }

    it("names a missing required key as not set", async () => {
        const { error, resources } = await failLogArchive({ organizationId: undefined });
        assert.match(error.message, /org-cloudtrail:organizationId is not set: expected an organization id/);
        assert.deepEqual(resources, []);
    });

    it("names a missing deployerRoleArn as not set", async () => {
        const { error, resources } = await failLogArchive({ deployerRoleArn: undefined });
        assert.match(error.message, /org-cloudtrail:deployerRoleArn is not set: expected the exact ARN of the IAM role that runs pulumi up/);
        assert.deepEqual(resources, []);
    });

    it("reports every problem at once", async () => {
        const { error } = await failLogArchive({ organizationId: "x", objectLockDays: 0, trailName: "a" });
        assert.equal(error.message.split("\n  - ").length - 1, 3, error.message);
    });

    it("stops when aws:region is not set", async () => {
        const { error, resources } = await failLogArchive({ "aws:region": undefined });
        assert.match(error.message, /aws:region is not set/);
        assert.deepEqual(resources, []);
    });

    it("refuses to put the archive in the management account", async () => {
        const { error, resources } = await failLogArchive({ managementAccountId: LOG_ARCHIVE_ACCOUNT }, DEPLOYER);
        assert.match(error.message, /org-cloudtrail:managementAccountId = "222222222222" is the account this stack runs in: expected the archive in a dedicated account/);
        assert.deepEqual(resources, []);
    });

    it("stops when the credentials belong to another account than accountId", async () => {
        const { error, resources } = await failLogArchive({ accountId: "999999999999" }, DEPLOYER);
        assert.match(error.message, /org-cloudtrail:accountId = "999999999999" but the credentials belong to account 222222222222/);
        assert.deepEqual(resources, []);
    });

    it("accepts a retention shorter than the lock days when Object Lock is off", async () => {
        // The same numbers fail with a lock: the rule depends on the mode, not only on the numbers.
        const numbers = { logRetentionDays: 300, logDeepArchiveAfterDays: 0 };
        const { error } = await failLogArchive(numbers);
        assert.match(error.message, /logRetentionDays = 300: expected at least objectLockDays/);
        const run = await runLogArchive({ ...numbers, objectLockMode: "NONE" });
        assert.ok(run.resources.length > 0);
    });
});

describe("stack role", () => {
    it("refuses a stack whose name is no role when org-cloudtrail:role is unset", async () => {
        const { error, resources } = await failLogArchive({}, DEPLOYER, "prod");
        assert.match(error.message, /org-cloudtrail:role is not set and the stack name "prod" is none of log-archive, audit, management/);
        assert.deepEqual(resources, []);
    });

    it("refuses an unknown role", async () => {
        const { error } = await failLogArchive({ role: "auditor" }, DEPLOYER, "prod");
        assert.match(error.message, /org-cloudtrail:role = "auditor": expected one of log-archive, audit, management/);
    });

    it("lets org-cloudtrail:role pick log-archive for any stack name", async () => {
        const { error } = await failLogArchive({ role: "log-archive", organizationId: "bad" }, DEPLOYER, "prod-archive");
        assert.match(error.message, /log-archive stack/);
    });

    it("builds the management stack for a stack named management, which needs its own keys", async () => {
        const { error, resources } = await failLogArchive({}, DEPLOYER, "management");
        assert.match(error.message, /Invalid configuration for the management stack[^]*org-cloudtrail:logArchiveStack is not set/);
        assert.deepEqual(resources, []);
    });
});
