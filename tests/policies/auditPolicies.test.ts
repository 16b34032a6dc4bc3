// The audit account's policies, proven by evaluation: the log-file queue
// accepts only the archive's topic; the alert topic accepts the engine and
// the org-cloudtrail-* alarms of the audit and management accounts, and only
// the deployer subscribes; the audit key serves SNS, SQS, CloudWatch and
// CloudWatch Logs only for this stack's resources; the engine's role can do
// exactly its job.
import { strict as assert } from "assert";
import { auditKeyPolicy, AuditKeyPolicyArgs } from "../../policies/auditKeyPolicy";
import { auditQueuePolicy, AuditQueuePolicyArgs, QUEUE_CHANGE_ACTIONS } from "../../policies/auditQueuePolicy";
import { auditTopicPolicy, AuditTopicPolicyArgs } from "../../policies/auditTopicPolicy";
import { engineRolePolicy, EngineRolePolicyArgs, engineTrustPolicy } from "../../policies/engineRole";
import { TOPIC_CHANGE_ACTIONS } from "../../policies/alertTopicPolicies";
import { KEY_DESTRUCTION_ACTIONS } from "../../policies/logKeyPolicy";
import { engineRoleArgs } from "./logFileFixtures";
import { Caller, assertDeniedBy, evaluate, evaluateWithEncryptionContext, everyActionExists, ARCHIVE, KEY_ARN, LOG_BUCKET, MGMT, MEMBER, ORG_ID, OTHER_ORG_ID, OUTSIDER_ACCOUNT, REGION, roleSession, servicePrincipal, FULL_AWS_ACCESS } from "../helpers/iam";

const AUDIT = "333333333333";
const DEPLOYER = `arn:aws:iam::${AUDIT}:role/PulumiDeployer`;
const BREAK_GLASS = `arn:aws:iam::${AUDIT}:role/BreakGlass`;
const ENGINE_ROLE = `arn:aws:iam::${AUDIT}:role/org-cloudtrail-detection-engine`;
const ARCHIVE_TOPIC = `arn:aws:sns:${REGION}:${ARCHIVE}:org-cloudtrail-log-files`;
const QUEUE = `arn:aws:sqs:${REGION}:${AUDIT}:org-cloudtrail-log-files`;
const ALERT_TOPIC = `arn:aws:sns:${REGION}:${AUDIT}:org-cloudtrail-alerts`;
const AUDIT_KEY = `arn:aws:kms:${REGION}:${AUDIT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
const LOG_GROUP = "/aws/lambda/org-cloudtrail-detection-engine";
const WALLS = { deployerArns: [DEPLOYER], breakGlassArns: ["arn:aws:iam::*:role/BreakGlass"] };
const SOURCES = { partition: "aws", region: REGION, accountId: AUDIT, managementAccountId: MGMT, alarmNamePrefix: "org-cloudtrail-" };

const queueArgs: AuditQueuePolicyArgs = { queueArn: QUEUE, logFileTopicArn: ARCHIVE_TOPIC, accountId: AUDIT, ...WALLS };
const topicArgs: AuditTopicPolicyArgs = { ...SOURCES, ...WALLS, topicArn: ALERT_TOPIC };
const keyArgs: AuditKeyPolicyArgs = { ...SOURCES, ...WALLS, logFileTopicArn: ARCHIVE_TOPIC, engineRoleArn: ENGINE_ROLE, engineLogGroupName: LOG_GROUP };
const roleArgs: EngineRolePolicyArgs = engineRoleArgs();
const queueDoc = auditQueuePolicy(queueArgs);
const topicDoc = auditTopicPolicy(topicArgs);
const keyDoc = auditKeyPolicy(keyArgs);
const roleDoc = engineRolePolicy(roleArgs);

/** SNS delivering for a topic: it names the topic in aws:SourceArn and its account in aws:SourceAccount. */
const sns = (topicArn: string) => servicePrincipal("sns.amazonaws.com", { "aws:SourceArn": topicArn, "aws:SourceAccount": topicArn.split(":")[4] });
const alarm = (account: string, name: string, region = REGION) => `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`;
const cloudwatch = (alarmArn: string, sourceAccount = alarmArn.split(":")[4]) =>
    servicePrincipal("cloudwatch.amazonaws.com", { "aws:SourceArn": alarmArn, "aws:SourceAccount": sourceAccount });

const ADMIN = roleSession(`arn:aws:iam::${AUDIT}:role/Admin`, { orgId: ORG_ID, allow: ["sns:*", "sqs:*", "kms:*"] });
const DEPLOYER_SESSION = roleSession(DEPLOYER, { orgId: ORG_ID, allow: ["sns:*", "sqs:*", "kms:*"] });
const BREAK_GLASS_SESSION = roleSession(BREAK_GLASS, { orgId: ORG_ID, allow: ["sns:*", "sqs:*", "kms:*"] });
const MGMT_ADMIN = roleSession(`arn:aws:iam::${MGMT}:role/Admin`, { orgId: ORG_ID, allow: ["sns:*", "sqs:*", "kms:*"] });
const OUTSIDER_ADMIN = roleSession(`arn:aws:iam::${OUTSIDER_ACCOUNT}:role/Admin`, { orgId: OTHER_ORG_ID, allow: ["sns:*", "sqs:*", "kms:*"] });
/** The engine's role session, governed by its own identity policy. */
const ENGINE: Caller = { ...roleSession(ENGINE_ROLE, { orgId: ORG_ID }), identityPolicies: [{ name: "detection-engine", policy: roleDoc }], scps: FULL_AWS_ACCESS };
/** The engine's role session with sns:* / kms:* granted by IAM: only the resource policies decide. */
const ENGINE_BROAD = roleSession(ENGINE_ROLE, { orgId: ORG_ID, allow: ["sns:*", "kms:*", "sqs:*"] });

const onQueue = (caller: Caller, action: string) => evaluate({ caller, action, resource: QUEUE, resourceAccount: AUDIT, resourcePolicy: queueDoc });
const onTopic = (caller: Caller, action: string) => evaluate({ caller, action, resource: ALERT_TOPIC, resourceAccount: AUDIT, resourcePolicy: topicDoc });
const onKey = (caller: Caller, action: string, context: Record<string, string> = {}) =>
    evaluate({ caller, action, resource: AUDIT_KEY, resourceAccount: AUDIT, resourcePolicy: keyDoc, context });

describe("audit policies: shape", () => {
    it("name only real actions", async () => {
        for (const doc of [queueDoc, topicDoc, keyDoc, roleDoc, engineTrustPolicy()]) assert.deepEqual(await everyActionExists(doc), []);
    });
});

describe("audit queue policy", () => {
    it("lets SNS send for the archive's log-file topic", async () => {
        assert.equal(await onQueue(sns(ARCHIVE_TOPIC), "sqs:SendMessage"), "Allowed");
    });

    const foreign: [string, string][] = [
        ["another topic of the log-archive account", `arn:aws:sns:${REGION}:${ARCHIVE}:other-topic`],
        ["a topic of the same name in another account", `arn:aws:sns:${REGION}:${OUTSIDER_ACCOUNT}:org-cloudtrail-log-files`],
        ["a topic of the same name in another member account of the organization", `arn:aws:sns:${REGION}:${MEMBER}:org-cloudtrail-log-files`],
        ["a topic of the same name in another region", `arn:aws:sns:us-east-1:${ARCHIVE}:org-cloudtrail-log-files`],
    ];
    for (const [what, topic] of foreign) {
        it(`does not let SNS send for ${what}`, async () => {
            assert.equal(await onQueue(sns(topic), "sqs:SendMessage"), "ImplicitlyDenied");
        });
    }

    it("lets SNS do nothing but send", async () => {
        for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SetQueueAttributes"]) {
            assert.notEqual(await onQueue(sns(ARCHIVE_TOPIC), action), "Allowed", action);
        }
    });

    it("denies the management account's and another organization's admins", async () => {
        for (const caller of [MGMT_ADMIN, OUTSIDER_ADMIN]) {
            for (const action of ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:PurgeQueue"]) assert.notEqual(await onQueue(caller, action), "Allowed", action);
        }
    });

    it("denies the audit account's own admins any change to the queue, naming DenyQueueChanges; the deployer and break-glass may", async () => {
        for (const action of QUEUE_CHANGE_ACTIONS) {
            await assertDeniedBy({ caller: ADMIN, action, resource: QUEUE, resourceAccount: AUDIT, resourcePolicy: queueDoc }, ["resource:DenyQueueChanges"], action);
            assert.equal(await onQueue(DEPLOYER_SESSION, action), "Allowed", action);
            assert.equal(await onQueue(BREAK_GLASS_SESSION, action), "Allowed", action);
        }
    });
});

describe("audit topic policy", () => {
    it("lets the engine's role publish, by its identity policy: the topic policy neither grants nor denies it", async () => {
        assert.equal(await onTopic(ENGINE, "sns:Publish"), "Allowed");
        const withoutGrant = { ...ENGINE, identityPolicies: [] };
        assert.equal(await onTopic(withoutGrant, "sns:Publish"), "ImplicitlyDenied");
    });

    it("lets CloudWatch publish for the audit account's and the management account's org-cloudtrail-* alarms", async () => {
        assert.equal(await onTopic(cloudwatch(alarm(AUDIT, "org-cloudtrail-log-files-stopped")), "sns:Publish"), "Allowed");
        assert.equal(await onTopic(cloudwatch(alarm(MGMT, "org-cloudtrail-root-account-usage")), "sns:Publish"), "Allowed");
    });

    const foreignAlarms: [string, Caller][] = [
        ["the management account's alarm without the prefix", cloudwatch(alarm(MGMT, "billing"))],
        ["a member account's org-cloudtrail-* alarm", cloudwatch(alarm(MEMBER, "org-cloudtrail-root-account-usage"))],
        ["another organization's org-cloudtrail-* alarm", cloudwatch(alarm(OUTSIDER_ACCOUNT, "org-cloudtrail-root-account-usage"))],
        ["a management alarm in another region", cloudwatch(alarm(MGMT, "org-cloudtrail-root-account-usage", "us-east-1"))],
        ["a foreign alarm claiming the management account as SourceAccount", cloudwatch(alarm(OUTSIDER_ACCOUNT, "org-cloudtrail-x"), MGMT)],
        ["a management alarm with another SourceAccount", cloudwatch(alarm(MGMT, "org-cloudtrail-x"), OUTSIDER_ACCOUNT)],
    ];
    for (const [what, caller] of foreignAlarms) {
        it(`does not let CloudWatch publish for ${what}`, async () => {
            assert.notEqual(await onTopic(caller, "sns:Publish"), "Allowed");
        });
    }

    it("does not let the management account's other principals, another account or another organization publish", async () => {
        for (const caller of [MGMT_ADMIN, roleSession(`arn:aws:iam::${MEMBER}:role/Admin`, { orgId: ORG_ID, allow: ["sns:*"] }), OUTSIDER_ADMIN]) {
            assert.notEqual(await onTopic(caller, "sns:Publish"), "Allowed", String(caller.principal));
        }
    });

    it("lets only the deployer and break-glass subscribe: the account's own admin is denied by DenySubscribeButDeployer", async () => {
        assert.equal(await onTopic(DEPLOYER_SESSION, "sns:Subscribe"), "Allowed");
        assert.equal(await onTopic(BREAK_GLASS_SESSION, "sns:Subscribe"), "Allowed");
        await assertDeniedBy({ caller: ADMIN, action: "sns:Subscribe", resource: ALERT_TOPIC, resourceAccount: AUDIT, resourcePolicy: topicDoc }, ["resource:DenySubscribeButDeployer"]);
        await assertDeniedBy({ caller: ENGINE_BROAD, action: "sns:Subscribe", resource: ALERT_TOPIC, resourceAccount: AUDIT, resourcePolicy: topicDoc }, ["resource:DenySubscribeButDeployer"]);
        assert.notEqual(await onTopic(MGMT_ADMIN, "sns:Subscribe"), "Allowed");
    });

    it("denies the account's own admin any change to the topic, naming DenyTopicPolicyChanges", async () => {
        for (const action of TOPIC_CHANGE_ACTIONS) {
            await assertDeniedBy({ caller: ADMIN, action, resource: ALERT_TOPIC, resourceAccount: AUDIT, resourcePolicy: topicDoc }, ["resource:DenyTopicPolicyChanges"], action);
            assert.equal(await onTopic(DEPLOYER_SESSION, action), "Allowed", action);
        }
    });
});

describe("audit key policy", () => {
    const viaSqs = { "kms:ViaService": `sqs.${REGION}.amazonaws.com`, "kms:CallerAccount": AUDIT };
    const viaSns = { "kms:ViaService": `sns.${REGION}.amazonaws.com`, "kms:CallerAccount": AUDIT };

    it("lets SNS encrypt into the queue for the archive's log-file topic only", async () => {
        for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
            assert.equal(await onKey(sns(ARCHIVE_TOPIC), action), "Allowed", action);
            assert.equal(await onKey(sns(`arn:aws:sns:${REGION}:${OUTSIDER_ACCOUNT}:org-cloudtrail-log-files`), action), "ImplicitlyDenied", action);
            assert.equal(await onKey(sns(`arn:aws:sns:${REGION}:${ARCHIVE}:other-topic`), action), "ImplicitlyDenied", action);
        }
    });

    it("lets CloudWatch use it for the audit and management accounts' org-cloudtrail-* alarms only", async () => {
        assert.equal(await onKey(cloudwatch(alarm(AUDIT, "org-cloudtrail-engine-errors")), "kms:GenerateDataKey"), "Allowed");
        assert.equal(await onKey(cloudwatch(alarm(MGMT, "org-cloudtrail-root-account-usage")), "kms:Decrypt"), "Allowed");
        assert.equal(await onKey(cloudwatch(alarm(MEMBER, "org-cloudtrail-root-account-usage")), "kms:GenerateDataKey"), "ImplicitlyDenied");
        assert.equal(await onKey(cloudwatch(alarm(MGMT, "billing")), "kms:GenerateDataKey"), "ImplicitlyDenied");
    });

    it("lets the engine use it through SQS and SNS, never directly", async () => {
        for (const context of [viaSqs, viaSns]) assert.equal(await onKey(ENGINE_BROAD, "kms:Decrypt", context), "Allowed");
        assert.equal(await onKey(ENGINE_BROAD, "kms:Decrypt", { "kms:ViaService": `s3.${REGION}.amazonaws.com`, "kms:CallerAccount": AUDIT }), "ImplicitlyDenied");
        assert.equal(await onKey(ENGINE_BROAD, "kms:Decrypt"), "ImplicitlyDenied");
        assert.equal(await onKey(ADMIN, "kms:Decrypt", viaSqs), "ImplicitlyDenied", "another role of the account reads no queue message");
    });

    it("lets CloudWatch Logs use it for the engine's log group only", async () => {
        const logs = servicePrincipal(`logs.${REGION}.amazonaws.com`);
        const ours = `arn:aws:logs:${REGION}:${AUDIT}:log-group:${LOG_GROUP}`;
        const run = (group: string) =>
            evaluateWithEncryptionContext({ caller: logs, action: "kms:GenerateDataKey", resource: AUDIT_KEY, resourceAccount: AUDIT, resourcePolicy: keyDoc, encryptionContext: { "aws:logs:arn": group } });
        assert.equal((await run(ours)).decision, "Allowed");
        assert.equal((await run(`arn:aws:logs:${REGION}:${AUDIT}:log-group:/aws/lambda/other`)).decision, "ImplicitlyDenied");
    });

    it("lets nobody outside the audit account use or administer it", async () => {
        for (const caller of [MGMT_ADMIN, OUTSIDER_ADMIN]) {
            for (const action of ["kms:Decrypt", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"]) assert.notEqual(await onKey(caller, action, viaSns), "Allowed", action);
        }
    });

    it("denies key destruction to everyone but break-glass, naming DenyKeyDestruction; policy changes to all but deployer and break-glass", async () => {
        for (const action of KEY_DESTRUCTION_ACTIONS) {
            for (const caller of [ADMIN, DEPLOYER_SESSION]) {
                await assertDeniedBy({ caller, action, resource: AUDIT_KEY, resourceAccount: AUDIT, resourcePolicy: keyDoc }, ["resource:DenyKeyDestruction"], action);
            }
            assert.equal(await onKey(BREAK_GLASS_SESSION, action), "Allowed", action);
        }
        await assertDeniedBy({ caller: ADMIN, action: "kms:PutKeyPolicy", resource: AUDIT_KEY, resourceAccount: AUDIT, resourcePolicy: keyDoc }, ["resource:DenyKeyPolicyChanges"]);
        assert.equal(await onKey(DEPLOYER_SESSION, "kms:PutKeyPolicy"), "Allowed");
    });
});

describe("engine role policy", () => {
    /** Same-account stand-ins: the identity policy alone decides (the archive's bucket and key policies are the log-archive helper's). */
    const asEngine = (action: string, resource: string, context: Record<string, string> = {}) =>
        evaluate({ caller: ENGINE, action, resource, resourceAccount: AUDIT, resourcePolicy: null, context });

    it("reads the organization's log files and nothing else in the bucket or elsewhere", async () => {
        assert.equal(await asEngine("s3:GetObject", `arn:aws:s3:::${LOG_BUCKET}/AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail/${REGION}/2026/11/27/f.json.gz`), "Allowed");
        for (const key of [`AWSLogs/${MGMT}/CloudTrail/x.json.gz`, `AWSLogs/${OTHER_ORG_ID}/x.json.gz`, "athena-results/x.csv", `x/AWSLogs/${ORG_ID}/f.json.gz`]) {
            assert.equal(await asEngine("s3:GetObject", `arn:aws:s3:::${LOG_BUCKET}/${key}`), "ImplicitlyDenied", key);
        }
        assert.equal(await asEngine("s3:GetObject", `arn:aws:s3:::another-bucket/AWSLogs/${ORG_ID}/f.json.gz`), "ImplicitlyDenied");
        for (const action of ["s3:PutObject", "s3:DeleteObject"]) {
            assert.equal(await asEngine(action, `arn:aws:s3:::${LOG_BUCKET}/AWSLogs/${ORG_ID}/f.json.gz`), "ImplicitlyDenied", action);
        }
        assert.equal(await asEngine("s3:ListBucket", `arn:aws:s3:::${LOG_BUCKET}`), "ImplicitlyDenied");
    });

    it("decrypts with the log key through S3 only", async () => {
        // A KMS key needs its key policy's allow too: a stand-in that trusts the audit account's IAM, so the role's policy alone decides.
        const trustsAudit = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${AUDIT}:root` }, Action: "kms:*", Resource: "*" }] };
        const onLogKey = (action: string, context: Record<string, string> = {}) =>
            evaluate({ caller: ENGINE, action, resource: KEY_ARN, resourceAccount: ARCHIVE, resourcePolicy: trustsAudit, context });
        assert.equal(await onLogKey("kms:Decrypt", { "kms:ViaService": `s3.${REGION}.amazonaws.com` }), "Allowed");
        assert.equal(await onLogKey("kms:Decrypt"), "ImplicitlyDenied");
        assert.equal(await onLogKey("kms:Decrypt", { "kms:ViaService": `sqs.${REGION}.amazonaws.com` }), "ImplicitlyDenied");
        assert.equal(await onLogKey("kms:Encrypt", { "kms:ViaService": `s3.${REGION}.amazonaws.com` }), "ImplicitlyDenied");
    });

    it("publishes to the audit topic and nowhere else", async () => {
        assert.equal(await asEngine("sns:Publish", ALERT_TOPIC), "Allowed");
        assert.equal(await asEngine("sns:Publish", `arn:aws:sns:${REGION}:${AUDIT}:other`), "ImplicitlyDenied");
        assert.equal(await asEngine("sns:Subscribe", ALERT_TOPIC), "ImplicitlyDenied");
    });

    it("consumes its queue only", async () => {
        for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]) {
            assert.equal(await asEngine(action, QUEUE), "Allowed", action);
            assert.equal(await asEngine(action, `arn:aws:sqs:${REGION}:${AUDIT}:other`), "ImplicitlyDenied", action);
        }
        assert.equal(await asEngine("sqs:SendMessage", QUEUE), "ImplicitlyDenied");
        assert.equal(await asEngine("sqs:PurgeQueue", QUEUE), "ImplicitlyDenied");
    });

    it("writes only its own log group", async () => {
        const stream = `arn:aws:logs:${REGION}:${AUDIT}:log-group:${LOG_GROUP}:log-stream:2026/11/27/x`;
        assert.equal(await asEngine("logs:PutLogEvents", stream), "Allowed");
        assert.equal(await asEngine("logs:PutLogEvents", `arn:aws:logs:${REGION}:${AUDIT}:log-group:/aws/lambda/other:log-stream:x`), "ImplicitlyDenied");
        assert.equal(await asEngine("logs:DeleteLogGroup", `arn:aws:logs:${REGION}:${AUDIT}:log-group:${LOG_GROUP}`), "ImplicitlyDenied");
        assert.equal(await asEngine("logs:DeleteLogStream", stream), "ImplicitlyDenied", "it cannot erase what it wrote");
    });

    it("names accounts, and changes nothing in the organization", async () => {
        assert.equal(await asEngine("organizations:ListAccounts", "*"), "Allowed");
        assert.equal(await asEngine("organizations:DescribeAccount", `arn:aws:organizations::${MGMT}:account/${ORG_ID}/${MEMBER}`), "Allowed");
        assert.equal(await asEngine("organizations:LeaveOrganization", "*"), "ImplicitlyDenied");
    });

    it("uses the audit key through SQS and SNS only, with the real key policy", async () => {
        assert.equal(await onKey(ENGINE, "kms:GenerateDataKey", { "kms:ViaService": `sns.${REGION}.amazonaws.com` }), "Allowed");
        assert.equal(await onKey(ENGINE, "kms:Decrypt", { "kms:ViaService": `sqs.${REGION}.amazonaws.com` }), "Allowed");
        assert.equal(await onKey(ENGINE, "kms:Decrypt"), "ImplicitlyDenied");
    });

    it("is assumed by Lambda only", () => {
        assert.deepEqual(engineTrustPolicy().Statement.map((s) => s.Principal), [{ Service: "lambda.amazonaws.com" }]);
    });
});
