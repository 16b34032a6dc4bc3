// The log-archive stack with an audit account (auditAccountId): the log-file
// topic, its key and the bucket notification, as the AWS provider would
// receive them, the engine's grants in the bucket and key policies, the
// outputs the audit stack reads, and the configurations refused before
// anything is created.
import { strict as assert } from "assert";
import { SimulationResult } from "../plan/simulator";
import { logArchiveOutputsSchema } from "../stacks/logArchiveContract";
import { AUDIT_ACCOUNT, failLogArchive, LOG_ARCHIVE_ACCOUNT, LOG_ARCHIVE_AUDIT_OUTPUTS, LOG_ARCHIVE_DEPLOYER_ROLE, MANAGEMENT_ACCOUNT, resource, runLogArchive } from "./helpers/stacks";

const LOGS = "org-cloudtrail-logs-222222222222-eu-west-1";
const ORG = "o-a1b2c3d4e5";
const ENGINE = `arn:aws:iam::${AUDIT_ACCOUNT}:role/org-cloudtrail-detection-engine`;
const QUEUE = `arn:aws:sqs:eu-west-1:${AUDIT_ACCOUNT}:org-cloudtrail-log-files`;
const TOPIC = `arn:aws:sns:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:org-cloudtrail-log-files`;
const COMPONENT = "org-cloudtrail:archive:LogFileNotifications::log-archive-log-files";
const KEY = "aws:kms/key:Key::log-archive-log-files-key";
const TOPIC_RESOURCE = "aws:sns/topic:Topic::log-archive-log-files-topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy::log-archive-log-files-topic-policy";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification::log-archive-log-files-notification";

type Doc = { Statement: { Sid: string; [k: string]: unknown }[] };
const sidOf = (doc: Doc, sid: string) => doc.Statement.find((s) => s.Sid === sid);

describe("log-archive stack with auditAccountId (simulated provider)", () => {
    let run: SimulationResult;
    const byKey = (key: string) => {
        const [type, name] = key.split("::");
        return resource(run.resources, type, name);
    };
    before(async () => {
        run = await runLogArchive({ auditAccountId: AUDIT_ACCOUNT });
    });

    it("creates the topic's own key: symmetric, rotated, 30-day window, protected and retained, alias alias/org-cloudtrail-log-files", () => {
        const key = byKey(KEY);
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.inputs.customerMasterKeySpec, "SYMMETRIC_DEFAULT");
        assert.equal(key.inputs.deletionWindowInDays, 30);
        assert.equal(key.protect, true);
        assert.equal(key.retainOnDelete, true);
        assert.equal(resource(run.resources, "aws:kms/alias:Alias", "log-archive-log-files-key-alias").inputs.name, "alias/org-cloudtrail-log-files");
    });

    it("puts the topic key policy on it: S3 for this bucket and account, walls for the deployer and break-glass", () => {
        const doc = JSON.parse(byKey(KEY).inputs.policy) as Doc;
        assert.deepEqual(
            doc.Statement.map((s) => s.Sid),
            ["KeyAdministration", "LogBucketNotificationsEncrypt", "DenyKeyDestruction", "DenyKeyPolicyChanges", "DenyPolicyLockoutBypass"],
        );
        assert.deepEqual(sidOf(doc, "LogBucketNotificationsEncrypt")?.Condition, {
            ArnEquals: { "aws:SourceArn": `arn:aws:s3:::${LOGS}` },
            StringEquals: { "aws:SourceAccount": LOG_ARCHIVE_ACCOUNT },
        });
        assert.deepEqual(sidOf(doc, "DenyKeyPolicyChanges")?.Condition, { ArnNotLike: { "aws:PrincipalArn": [LOG_ARCHIVE_DEPLOYER_ROLE] } });
    });

    it("creates the topic org-cloudtrail-log-files, encrypted with that key (not aws/sns), protected", () => {
        const topic = byKey(TOPIC_RESOURCE);
        assert.equal(topic.inputs.name, "org-cloudtrail-log-files");
        assert.equal(topic.inputs.kmsMasterKeyId, "(known after apply: log-archive-log-files-key.arn)");
        assert.equal(topic.protect, true);
    });

    it("puts the topic policy on it: S3 publishes for the log bucket only, the audit queue alone subscribes", () => {
        const policy = byKey(TOPIC_POLICY);
        assert.equal(policy.inputs.arn, "(known after apply: log-archive-log-files-topic.arn)");
        const doc = JSON.parse(policy.inputs.policy) as Doc;
        assert.deepEqual(sidOf(doc, "LogBucketPublishes"), {
            Sid: "LogBucketPublishes",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "sns:Publish",
            Resource: TOPIC,
            Condition: { ArnEquals: { "aws:SourceArn": `arn:aws:s3:::${LOGS}` }, StringEquals: { "aws:SourceAccount": LOG_ARCHIVE_ACCOUNT } },
        });
        assert.deepEqual(sidOf(doc, "AuditQueueSubscribes"), {
            Sid: "AuditQueueSubscribes",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${AUDIT_ACCOUNT}:root` },
            Action: "sns:Subscribe",
            Resource: TOPIC,
            Condition: { StringEquals: { "sns:Protocol": "sqs", "sns:Endpoint": QUEUE } },
        });
        assert.deepEqual(sidOf(doc, "DenyOutsideOrganization")?.Condition, {
            StringNotEqualsIfExists: { "aws:PrincipalOrgID": ORG },
            BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
        });
    });

    it("notifies the topic of every object created under AWSLogs/<o-id>/ of the log bucket", () => {
        const n = byKey(NOTIFICATION);
        assert.equal(n.inputs.bucket, LOGS);
        assert.deepEqual(n.inputs.topics, [
            { topicArn: "(known after apply: log-archive-log-files-topic.arn)", events: ["s3:ObjectCreated:*"], filterPrefix: `AWSLogs/${ORG}/` },
        ]);
        assert.equal(n.inputs.queues, undefined);
        assert.equal(n.inputs.lambdaFunctions, undefined);
    });

    it("writes the notification after the topic policy (S3's test message must get in) and after every setting of the log bucket, its policy included", () => {
        const n = byKey(NOTIFICATION);
        assert.ok(n.dependsOn.includes(TOPIC_POLICY), n.dependsOn.join(", "));
        const bucket = n.dependsOn.find((d) => d.endsWith("::log-archive-logs"));
        assert.ok(bucket && !bucket.startsWith("aws:"), `expected the log bucket's component among ${n.dependsOn.join(", ")}`);
        const policy = resource(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-logs-policy");
        assert.equal(policy.parent, bucket);
    });

    it("parents the key, alias, topic, policy and notification to one LogFileNotifications component under the archive", () => {
        const children = run.resources.filter((r) => r.parent === COMPONENT).map((r) => `${r.type}::${r.name}`).sort();
        assert.deepEqual(children, [KEY, "aws:kms/alias:Alias::log-archive-log-files-key-alias", NOTIFICATION, TOPIC_RESOURCE, TOPIC_POLICY].sort());
        const component = run.resources.find((r) => `${r.type}::${r.name}` === COMPONENT);
        assert.equal(component?.parent, "org-cloudtrail:archive:LogArchive::log-archive");
    });

    it("grants the engine GetObject under AWSLogs/<o-id>/ in the log bucket policy, and the deployer PutBucketNotification", () => {
        const doc = JSON.parse(resource(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-logs-policy").inputs.policy) as Doc;
        assert.deepEqual(sidOf(doc, "DetectionEngineReadsLogs"), {
            Sid: "DetectionEngineReadsLogs",
            Effect: "Allow",
            Principal: { AWS: [`arn:aws:iam::${AUDIT_ACCOUNT}:root`] },
            Action: "s3:GetObject",
            Resource: `arn:aws:s3:::${LOGS}/AWSLogs/${ORG}/*`,
            Condition: { ArnEquals: { "aws:PrincipalArn": [ENGINE] } },
        });
        assert.ok((sidOf(doc, "DenyLogBucketDeployerOnlyPolicyAndTags")?.NotAction as string[]).includes("s3:PutBucketNotification"));
    });

    it("grants the engine Decrypt through S3 of eu-west-1 in the log key policy", () => {
        const doc = JSON.parse(resource(run.resources, "aws:kms/key:Key", "log-archive-key").inputs.policy) as Doc;
        const grant = sidOf(doc, "EngineDecryptThroughS3") as unknown as { Principal: unknown; Condition: Record<string, Record<string, string>> };
        assert.deepEqual(grant.Principal, { AWS: `arn:aws:iam::${AUDIT_ACCOUNT}:root` });
        assert.equal(grant.Condition.ArnEquals["aws:PrincipalArn"], ENGINE);
        assert.equal(grant.Condition.StringEquals["kms:ViaService"], "s3.eu-west-1.amazonaws.com");
        assert.ok(sidOf(doc, "DenyEngineOutsideS3"));
    });

    it("exports what the audit stack reads, as the contract (and the audit stack's test fixture) has it", () => {
        const o = run.outputs;
        assert.equal(o.auditAccountId, AUDIT_ACCOUNT);
        assert.equal(o.engineRoleArn, LOG_ARCHIVE_AUDIT_OUTPUTS.engineRoleArn);
        assert.equal(o.logFileTopicArn, LOG_ARCHIVE_AUDIT_OUTPUTS.logFileTopicArn);
        assert.equal(o.logFileTopicKeyArn, "(known after apply: log-archive-log-files-key.arn)");
        const parsed = logArchiveOutputsSchema.safeParse({ ...o, kmsKeyArn: LOG_ARCHIVE_AUDIT_OUTPUTS.logFileTopicKeyArn, logFileTopicKeyArn: LOG_ARCHIVE_AUDIT_OUTPUTS.logFileTopicKeyArn });
        assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    });

    it("with s3KeyPrefix: filters on <prefix>/AWSLogs/<o-id>/ and grants the engine there", async () => {
        const prefixed = await runLogArchive({ auditAccountId: AUDIT_ACCOUNT, s3KeyPrefix: "audit" });
        const n = resource(prefixed.resources, "aws:s3/bucketNotification:BucketNotification", "log-archive-log-files-notification");
        assert.equal(n.inputs.topics[0].filterPrefix, `audit/AWSLogs/${ORG}/`);
        const doc = JSON.parse(resource(prefixed.resources, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-logs-policy").inputs.policy) as Doc;
        assert.equal(sidOf(doc, "DetectionEngineReadsLogs")?.Resource, `arn:aws:s3:::${LOGS}/audit/AWSLogs/${ORG}/*`);
    });
});

describe("log-archive stack without auditAccountId", () => {
    let run: SimulationResult;
    before(async () => {
        run = await runLogArchive();
    });

    it("creates no topic, no second key, no notification", () => {
        assert.deepEqual(run.resources.filter((r) => /sns|bucketNotification|LogFileNotifications/.test(r.type)), []);
        assert.equal(run.resources.filter((r) => r.type === "aws:kms/key:Key" && r.name.includes("log-files")).length, 0);
    });

    it("exports none of the audit outputs", () => {
        for (const key of ["auditAccountId", "engineRoleArn", "logFileTopicArn", "logFileTopicKeyArn"]) assert.ok(!(key in run.outputs), key);
    });

    it("grants no engine and keeps the deployer off the notifications", () => {
        const bucketDoc = JSON.parse(resource(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-logs-policy").inputs.policy) as Doc;
        const keyDoc = JSON.parse(resource(run.resources, "aws:kms/key:Key", "log-archive-key").inputs.policy) as Doc;
        assert.deepEqual([...bucketDoc.Statement, ...keyDoc.Statement].map((s) => s.Sid).filter((s) => /Engine/.test(s)), []);
        assert.ok(!(sidOf(bucketDoc, "DenyLogBucketDeployerOnlyPolicyAndTags")?.NotAction as string[]).includes("s3:PutBucketNotification"));
    });
});

describe("auditAccountId: bad values stop the program before any resource", () => {
    for (const [label, overrides, value, says] of [
        ["not an account id", { auditAccountId: "33333333333" }, "33333333333", "expected a 12-digit AWS account id"],
        ["the management account", { auditAccountId: MANAGEMENT_ACCOUNT }, MANAGEMENT_ACCOUNT, "but it is the management account (managementAccountId)"],
        ["the configured log-archive account", { auditAccountId: LOG_ARCHIVE_ACCOUNT, accountId: LOG_ARCHIVE_ACCOUNT }, LOG_ARCHIVE_ACCOUNT, "but it is the log-archive account (accountId)"],
        ["the credentials' account", { auditAccountId: LOG_ARCHIVE_ACCOUNT }, LOG_ARCHIVE_ACCOUNT, "but it is the log-archive account (the credentials' account)"],
    ] as const) {
        it(`refuses ${label}, naming the key, the value and what is expected`, async () => {
            const { error, resources } = await failLogArchive(overrides);
            assert.equal(error.name, "ConfigError", error.message);
            assert.ok(error.message.includes(`org-cloudtrail:auditAccountId = "${value}"`), error.message);
            assert.ok(error.message.includes(says), error.message);
            assert.deepEqual(resources, []);
        });
    }
});
