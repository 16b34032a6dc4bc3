// The log-archive stack's resources, as the AWS provider would receive them.
import { strict as assert } from "assert";
import { SimulationResult } from "../plan/simulator";
import { LOG_ARCHIVE_ACCOUNT, LOG_ARCHIVE_DEPLOYER_ROLE, ofType, resource, runLogArchive } from "./helpers/stacks";

const LOGS = "org-cloudtrail-logs-222222222222-eu-west-1";
const ACCESS_LOGS = "org-cloudtrail-access-logs-222222222222-eu-west-1";
const RESULTS = "org-cloudtrail-athena-results-222222222222-eu-west-1";
const TRAIL = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/organization-trail";
const BREAK_GLASS = "arn:aws:iam::222222222222:role/BreakGlassAdmin";

describe("log-archive stack (simulated provider)", () => {
    let run: SimulationResult;
    const find = (type: string, name: string) => resource(run.resources, `aws:${type}`, name).inputs;
    before(async () => {
        run = await runLogArchive({
            logReaderArns: ["arn:aws:iam::333333333333:role/SecurityAuditor"],
            // The role of that name in every account, as the SCP needs it: the archive's policies exempt the archive's own.
            breakGlassArns: ["arn:aws:iam::*:role/BreakGlassAdmin"],
        });
    });

    it("creates a symmetric KMS key with rotation, a 30-day deletion window and an alias", () => {
        const key = find("kms/key:Key", "log-archive-key");
        assert.equal(key.customerMasterKeySpec, "SYMMETRIC_DEFAULT");
        assert.equal(key.keyUsage, "ENCRYPT_DECRYPT");
        assert.equal(key.enableKeyRotation, true);
        assert.equal(key.deletionWindowInDays, 30);
        assert.equal(find("kms/alias:Alias", "log-archive-key-alias").name, "alias/org-cloudtrail/organization-trail");
    });

    it("puts the key policy built by policies/logKeyPolicy on the key, for this trail", () => {
        const doc = JSON.parse(find("kms/key:Key", "log-archive-key").policy);
        const sids = doc.Statement.map((s: { Sid: string }) => s.Sid);
        assert.deepEqual(sids, [
            "KeyAdministration",
            "CloudTrailEncryptLogs",
            "CloudTrailDescribeKey",
            "CloudTrailDecryptForBucketKey",
            "LogReadersDecrypt",
            "AuditorDecryptThroughS3",
            "DenyKeyDestruction",
            "DenyKeyPolicyChanges",
            "DenyPolicyLockoutBypass",
        ]);
        const by = (sid: string) => doc.Statement.find((x: { Sid: string }) => x.Sid === sid);
        assert.equal(by("CloudTrailEncryptLogs").Condition.StringEquals["aws:SourceArn"], TRAIL);
        assert.deepEqual(by("AuditorDecryptThroughS3").Condition.ArnEquals, { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/org-cloudtrail-auditor" });
        assert.deepEqual(by("LogReadersDecrypt").Principal, { AWS: ["arn:aws:iam::333333333333:root"] });
        assert.deepEqual(by("DenyKeyDestruction").Condition, { ArnNotLike: { "aws:PrincipalArn": [BREAK_GLASS] } });
        assert.deepEqual(by("DenyKeyPolicyChanges").Condition, { ArnNotLike: { "aws:PrincipalArn": [BREAK_GLASS, LOG_ARCHIVE_DEPLOYER_ROLE] } });
    });

    it("creates the log bucket with Object Lock and never forceDestroy", () => {
        const bucket = find("s3/bucket:Bucket", "log-archive-logs");
        assert.equal(bucket.bucket, LOGS);
        assert.equal(bucket.objectLockEnabled, true);
        assert.equal(bucket.forceDestroy, false);
    });

    it("sets the default Object Lock retention: GOVERNANCE for 365 days", () => {
        const lock = find("s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "log-archive-logs-object-lock");
        assert.equal(lock.bucket, LOGS);
        assert.equal(lock.objectLockEnabled, "Enabled");
        assert.deepEqual(lock.rule, { defaultRetention: { mode: "GOVERNANCE", days: 365 } });
    });

    it("encrypts the log bucket with the log key (SSE-KMS, bucket key on, SSE-C blocked)", () => {
        const sse = find("s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "log-archive-logs-encryption");
        assert.deepEqual(sse.rules, [
            {
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "(known after apply: log-archive-key.arn)" },
                bucketKeyEnabled: true,
                blockedEncryptionTypes: ["SSE-C"],
            },
        ]);
    });

    it("turns on versioning, BucketOwnerEnforced and all four public-access blocks on both buckets", () => {
        for (const name of ["log-archive-logs", "log-archive-access-logs"]) {
            assert.deepEqual(find("s3/bucketVersioning:BucketVersioning", `${name}-versioning`).versioningConfiguration, { status: "Enabled" });
            assert.deepEqual(find("s3/bucketOwnershipControls:BucketOwnershipControls", `${name}-ownership`).rule, {
                objectOwnership: "BucketOwnerEnforced",
            });
            const pab = find("s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${name}-public-access`);
            assert.deepEqual(
                [pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets],
                [true, true, true, true],
            );
        }
    });

    it("moves logs to Glacier IR at 90 days, Deep Archive at 365, expires them after 7 years, and keeps noncurrent versions as long", () => {
        const lifecycle = find("s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "log-archive-logs-lifecycle");
        const rules = lifecycle.rules;
        assert.equal(rules.length, 2);
        assert.deepEqual(rules[0], {
            id: "archive-and-expire-logs",
            status: "Enabled",
            filter: {},
            transitions: [
                { days: 90, storageClass: "GLACIER_IR" },
                { days: 365, storageClass: "DEEP_ARCHIVE" },
            ],
            expiration: { days: 2557 },
            noncurrentVersionExpiration: { noncurrentDays: 2557 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        });
        assert.deepEqual(rules[1], { id: "remove-expired-delete-markers", status: "Enabled", filter: {}, expiration: { expiredObjectDeleteMarker: true } });
    });

    it("moves no log file under 128 KB out of S3 Standard (transitionDefaultMinimumObjectSize, set explicitly)", () => {
        const lifecycle = find("s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "log-archive-logs-lifecycle");
        assert.equal(lifecycle.transitionDefaultMinimumObjectSize, "all_storage_classes_128K");
    });

    it("registers each bucket policy after every setting of its bucket: once it exists the deployer may change only the policy and tags", () => {
        for (const name of ["log-archive-logs", "log-archive-access-logs", "log-archive-athena-results"]) {
            const settings = run.resources.filter((r) => r.custom && r.name.startsWith(`${name}-`) && r.name !== `${name}-policy` && r.type.startsWith("aws:s3/"));
            const policy = resource(run.resources, "aws:s3/bucketPolicy:BucketPolicy", `${name}-policy`);
            assert.deepEqual([...policy.dependsOn].sort(), settings.map((r) => `${r.type}::${r.name}`).sort(), name);
        }
        const logSettings = run.resources.filter((r) => r.name.startsWith("log-archive-logs-") && r.name !== "log-archive-logs-policy").map((r) => r.name.slice("log-archive-logs-".length));
        assert.deepEqual(logSettings.sort(), ["access-logging", "encryption", "lifecycle", "object-lock", "ownership", "public-access", "versioning"]);
    });

    it("logs access to the log bucket into the access-log bucket, under the log bucket's name", () => {
        const logging = find("s3/bucketLogging:BucketLogging", "log-archive-logs-access-logging");
        assert.equal(logging.bucket, LOGS);
        assert.equal(logging.targetBucket, ACCESS_LOGS);
        assert.equal(logging.targetPrefix, `${LOGS}/`);
        const loggings = ofType(run.resources, "aws:s3/bucketLogging:BucketLogging").map((r) => r.inputs);
        assert.deepEqual(
            loggings.map((l) => [l.bucket, l.targetBucket]),
            [
                [LOGS, ACCESS_LOGS],
                [RESULTS, ACCESS_LOGS],
            ],
            "the log and Athena results buckets log into the access-log bucket, which logs nowhere",
        );
    });

    it("encrypts the access-log bucket with SSE-S3 (server access logging cannot use SSE-KMS), SSE-C blocked", () => {
        const sse = find("s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "log-archive-access-logs-encryption");
        assert.deepEqual(sse.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }]);
    });

    it("gives the access-log bucket no Object Lock at all (S3 delivers no access logs into a bucket with it)", () => {
        assert.equal(find("s3/bucket:Bucket", "log-archive-access-logs").objectLockEnabled, false);
        const locks = ofType(run.resources, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
        assert.deepEqual(locks.map((l) => l.inputs.bucket), [LOGS]);
    });

    it("keeps access logs, current and noncurrent, for accessLogRetentionDays", () => {
        const lifecycle = find("s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "log-archive-access-logs-lifecycle");
        assert.deepEqual(lifecycle.rules, [
            {
                id: "expire-access-logs",
                status: "Enabled",
                filter: {},
                expiration: { days: 365 },
                noncurrentVersionExpiration: { noncurrentDays: 365 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            },
        ]);
    });

    it("attaches each bucket's policy to the right bucket", () => {
        const logPolicy = find("s3/bucketPolicy:BucketPolicy", "log-archive-logs-policy");
        assert.equal(logPolicy.bucket, LOGS);
        assert.ok(JSON.parse(logPolicy.policy).Statement.some((s: { Sid: string }) => s.Sid === "AWSCloudTrailWrite"));
        const accessPolicy = find("s3/bucketPolicy:BucketPolicy", "log-archive-access-logs-policy");
        assert.equal(accessPolicy.bucket, ACCESS_LOGS);
        assert.ok(JSON.parse(accessPolicy.policy).Statement.some((s: { Sid: string }) => s.Sid === "S3ServerAccessLogsPolicy"));
    });

    it("retains every key and bucket resource when it leaves the program, so a bad up or destroy loses nothing", () => {
        const aws = run.resources.filter((r) => r.custom);
        assert.equal(aws.length, 41);
        // The Athena kit's catalog, workgroup, queries and role hold no data; turning Athena off must remove
        // the role that reads the logs, not leave it behind.
        const removable = new Set([
            "aws:glue/catalogDatabase:CatalogDatabase",
            "aws:glue/catalogTable:CatalogTable",
            "aws:athena/workgroup:Workgroup",
            "aws:athena/namedQuery:NamedQuery",
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
        ]);
        assert.deepEqual(aws.filter((r) => !r.retainOnDelete && !removable.has(r.type)).map((r) => r.name), []);
        assert.deepEqual(aws.filter((r) => r.retainOnDelete && removable.has(r.type)).map((r) => r.name), []);
    });

    it("parents every resource to a component named from the stack's component", () => {
        for (const r of run.resources) {
            assert.ok(r.name.startsWith("log-archive"), r.name);
            if (r.name !== "log-archive") assert.ok(r.parent, `${r.name} has no parent`);
        }
    });

    it("exports exactly the outputs the management stack depends on", () => {
        assert.deepEqual(run.outputs, {
            accountId: LOG_ARCHIVE_ACCOUNT,
            region: "eu-west-1",
            organizationId: "o-a1b2c3d4e5",
            managementAccountId: "111111111111",
            trailName: "organization-trail",
            trailHomeRegion: "eu-west-1",
            trailArn: TRAIL,
            bucketName: LOGS,
            bucketArn: `arn:aws:s3:::${LOGS}`,
            s3KeyPrefix: "",
            kmsKeyArn: "(known after apply: log-archive-key.arn)",
            accessLogBucketName: ACCESS_LOGS,
            deployerRoleArn: LOG_ARCHIVE_DEPLOYER_ROLE,
            breakGlassArns: ["arn:aws:iam::*:role/BreakGlassAdmin"],
            // Exactly as configured: the management stack's RCP lets only these read the logs.
            logReaderArns: ["arn:aws:iam::333333333333:role/SecurityAuditor"],
            athenaWorkgroup: "org-cloudtrail",
            athenaDatabase: "org_cloudtrail",
            athenaTable: "cloudtrail_logs",
            auditorRoleArn: `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/org-cloudtrail-auditor`,
        });
    });
});

describe("log-archive stack options", () => {
    it("creates no default retention when objectLockMode is NONE, but keeps Object Lock enabled", async () => {
        const run = await runLogArchive({ objectLockMode: "NONE" });
        assert.equal(ofType(run.resources, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").length, 0);
        assert.equal(resource(run.resources, "aws:s3/bucket:Bucket", "log-archive-logs").inputs.objectLockEnabled, true);
    });

    it("uses COMPLIANCE mode and the configured days", async () => {
        const run = await runLogArchive({ objectLockMode: "COMPLIANCE", objectLockDays: 400, logRetentionDays: 3000 });
        const lock = resource(run.resources, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "log-archive-logs-object-lock");
        assert.deepEqual(lock.inputs.rule, { defaultRetention: { mode: "COMPLIANCE", days: 400 } });
    });

    it("honours bucket names, prefix and trail home region, and exports them", async () => {
        const run = await runLogArchive({
            bucketName: "acme-audit-logs",
            accessLogBucketName: "acme-audit-access-logs",
            s3KeyPrefix: "org/audit",
            trailHomeRegion: "us-east-1",
            trailName: "acme-trail",
        });
        assert.equal(run.outputs.bucketName, "acme-audit-logs");
        assert.equal(run.outputs.s3KeyPrefix, "org/audit");
        assert.equal(run.outputs.trailArn, "arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-trail");
        const policy = JSON.parse(resource(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-logs-policy").inputs.policy);
        const write = policy.Statement.find((s: { Sid: string }) => s.Sid === "AWSCloudTrailWrite");
        assert.deepEqual(write.Resource, [
            "arn:aws:s3:::acme-audit-logs/org/audit/AWSLogs/111111111111/*",
            "arn:aws:s3:::acme-audit-logs/org/audit/AWSLogs/o-a1b2c3d4e5/*",
        ]);
        assert.equal(resource(run.resources, "aws:s3/bucketLogging:BucketLogging", "log-archive-logs-access-logging").inputs.targetBucket, "acme-audit-access-logs");
    });

    it("drops transitions and expiry that are set to 0, and with logs kept forever expires no noncurrent version either", async () => {
        const run = await runLogArchive({ logGlacierIrAfterDays: 0, logDeepArchiveAfterDays: 0, logRetentionDays: 0 });
        const rule = resource(run.resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "log-archive-logs-lifecycle").inputs.rules[0];
        assert.deepEqual(rule, { id: "archive-and-expire-logs", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } });
    });

    it("keeps noncurrent versions for the configured retention, never less", async () => {
        const run = await runLogArchive({ objectLockMode: "COMPLIANCE", objectLockDays: 400, logRetentionDays: 3000 });
        const rule = resource(run.resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "log-archive-logs-lifecycle").inputs.rules[0];
        assert.deepEqual([rule.expiration, rule.noncurrentVersionExpiration], [{ days: 3000 }, { noncurrentDays: 3000 }]);
    });

    it("leaves reader statements out when there are no readers", async () => {
        const run = await runLogArchive();
        const keyPolicy = JSON.parse(resource(run.resources, "aws:kms/key:Key", "log-archive-key").inputs.policy);
        assert.ok(!keyPolicy.Statement.some((s: { Sid: string }) => s.Sid === "LogReadersDecrypt"));
    });

    it("exempts exactly the configured deployerRoleArn from the bucket-settings deny, in both bucket policies", async () => {
        const run = await runLogArchive();
        for (const name of ["log-archive-logs-policy", "log-archive-access-logs-policy"]) {
            const policy = JSON.parse(resource(run.resources, "aws:s3/bucketPolicy:BucketPolicy", name).inputs.policy);
            const deployerDeny = policy.Statement.find((s: { Sid: string }) => s.Sid.endsWith("DeployerOnlyPolicyAndTags"));
            assert.deepEqual(deployerDeny.Condition, { ArnLike: { "aws:PrincipalArn": [LOG_ARCHIVE_DEPLOYER_ROLE] } }, name);
        }
    });
});
