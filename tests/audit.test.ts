// The audit stack, input by input: the audit key, the pager and its alarms,
// the queue, its dead-letter queue, the subscription to the log-archive
// topic, and the engine's function, role and event source mapping. The
// program runs for real under the simulated provider.
import { strict as assert } from "assert";
import { AUDIT_ALARM_NAMES } from "../components/auditAlerting";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundle, bundleEngine, bundleStats, ENGINE_SETTINGS_FILE, engineArchive } from "../components/bundle";
import type { EngineSettings } from "../engine/settings";
import { checkSettings } from "../engine/settingsFile";
import { DIGEST_CHECK_SCHEDULE, ENGINE_LOG_GROUP_NAME, ENGINE_TIMEOUT_SECONDS, QUEUE_VISIBILITY_TIMEOUT_SECONDS } from "../components/detectionEngine";
import { computed, simulate, SimulationResult } from "../plan/simulator";
import { auditOutputsSchema } from "../stacks/auditContract";
import { AUDIT_MAX_RECEIVE_COUNT } from "../stacks/auditNames";
import { engineRolePolicy } from "../policies/engineRole";
import { WITHOUT_DIGEST_VERIFICATION } from "../stacks/auditStack";
import { auditInput, runAudit } from "./helpers/audit";
import { resourceViolations } from "./guardrails/args";
import { main } from "../program";
import { AUDIT_ACCOUNT, AUDIT_DEPLOYER_ROLE, LOG_ARCHIVE_AUDIT_OUTPUTS, LOG_ARCHIVE_OUTPUTS, MANAGEMENT_ACCOUNT, ofType, resource } from "./helpers/stacks";

const QUEUE = "aws:sqs/queue:Queue";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const FUNCTION = "aws:lambda/function:Function";
const MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const KEY = "aws:kms/key:Key";
const TOPIC = "aws:sns/topic:Topic";
const KEY_ARN = computed("audit-key-key", "arn");
const TABLE = "aws:dynamodb/table:Table";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const PERMISSION = "aws:lambda/permission:Permission";
const DIGEST_RESOURCE_TYPES = [TABLE, RULE, TARGET, PERMISSION];

/** Pulumi's marker of a secret value, as the provider receives it. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

const alarm = (run: SimulationResult, name: string) => {
    const found = ofType(run.resources, ALARM).filter((a) => a.inputs.name === name);
    assert.equal(found.length, 1, name);
    return found[0].inputs;
};

describe("audit stack", () => {
    let run: SimulationResult;
    before(async () => {
        run = await runAudit();
    });

    it("exports exactly what the management stack reads, valid by its schema, plus the engine's settings", () => {
        const { engineSettings, ...contract } = run.outputs;
        assert.deepEqual(Object.keys(contract).sort(), Object.keys(auditOutputsSchema.shape).sort());
        const parsed = auditOutputsSchema.safeParse({ ...contract, alertKeyArn: `arn:aws:kms:eu-west-1:${AUDIT_ACCOUNT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d` });
        assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
        assert.equal(contract.alertKeyArn, KEY_ARN);
        assert.equal(contract.logFileQueueArn, `arn:aws:sqs:eu-west-1:${AUDIT_ACCOUNT}:org-cloudtrail-log-files`);
        assert.equal(contract.engineRoleArn, LOG_ARCHIVE_AUDIT_OUTPUTS.engineRoleArn, "the role the archive grants is the role the stack creates");
        assert.deepEqual(contract.alarmNames, Object.values(AUDIT_ALARM_NAMES));
        assert.ok((contract.alarmNames as string[]).every((n) => n.startsWith("org-cloudtrail-")));
        assert.equal((engineSettings as { alertTopicArn: string }).alertTopicArn, `arn:aws:sns:eu-west-1:${AUDIT_ACCOUNT}:org-cloudtrail-alerts`);
    });

    it("builds the engine's settings from the archive's outputs and the stack's config", () => {
        const s = run.outputs.engineSettings as any;
        assert.equal(s.version, 1);
        assert.equal(s.bucketName, LOG_ARCHIVE_OUTPUTS.bucketName);
        assert.equal(s.organizationLogPrefix, "AWSLogs/o-a1b2c3d4e5/");
        assert.equal(s.managementAccountId, MANAGEMENT_ACCOUNT);
        assert.equal(s.auditAccountId, AUDIT_ACCOUNT);
        assert.equal(s.maxReceiveCount, AUDIT_MAX_RECEIVE_COUNT);
        assert.equal(s.detectionParameters.product.alertTopicArn, s.alertTopicArn, "the audit-* detections guard the audit topic");
        assert.deepEqual(s.tuning, {});
        assert.equal(s.athena, undefined, "no Athena pivot when the archive has Athena off");
    });

    it("puts the Athena pivot in the settings when the archive exports its workgroup, database and table", async () => {
        const withAthena = await runAudit({}, { outputs: { athenaWorkgroup: "org-cloudtrail", athenaDatabase: "org_cloudtrail", athenaTable: "cloudtrail_logs" } });
        assert.deepEqual((withAthena.outputs.engineSettings as any).athena, {
            region: "eu-west-1",
            accountId: LOG_ARCHIVE_OUTPUTS.accountId,
            workgroup: "org-cloudtrail",
            database: "org_cloudtrail",
            table: "cloudtrail_logs",
        });
    });

    it("encrypts the key with rotation on, aliased, and protects it", () => {
        const key = resource(run.resources, KEY, "audit-key-key");
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.protect, true);
        assert.equal(key.retainOnDelete, true);
        assert.equal(resource(run.resources, "aws:kms/alias:Alias", "audit-key-alias").inputs.name, "alias/org-cloudtrail-audit");
    });

    it("encrypts the alert topic with the audit key", () => {
        const topic = resource(run.resources, TOPIC, "audit-alerting-topic");
        assert.equal(topic.inputs.name, "org-cloudtrail-alerts");
        assert.equal(topic.inputs.kmsMasterKeyId, KEY_ARN);
    });

    it("queues every log file, encrypted, with a dead-letter queue after AUDIT_MAX_RECEIVE_COUNT deliveries, both protected", () => {
        const queue = resource(run.resources, QUEUE, "detection-engine-queue");
        const dlq = resource(run.resources, QUEUE, "detection-engine-failed");
        assert.equal(queue.inputs.name, "org-cloudtrail-log-files");
        assert.equal(dlq.inputs.name, "org-cloudtrail-log-files-failed");
        for (const q of [queue, dlq]) {
            assert.equal(q.inputs.kmsMasterKeyId, KEY_ARN, q.name);
            assert.equal(q.protect, true, q.name);
        }
        assert.deepEqual(JSON.parse(queue.inputs.redrivePolicy), { deadLetterTargetArn: computed("detection-engine-failed", "arn"), maxReceiveCount: 5 });
        assert.ok(queue.inputs.visibilityTimeoutSeconds >= 6 * ENGINE_TIMEOUT_SECONDS);
        assert.equal(queue.inputs.visibilityTimeoutSeconds, QUEUE_VISIBILITY_TIMEOUT_SECONDS);
        assert.ok(dlq.inputs.messageRetentionSeconds > queue.inputs.messageRetentionSeconds, "a failed file outlives its first message");
    });

    it("subscribes the queue to the archive's log-file topic with raw delivery, after the queue policy", () => {
        const sub = resource(run.resources, SUBSCRIPTION, "detection-engine-subscription");
        assert.equal(sub.inputs.topic, LOG_ARCHIVE_AUDIT_OUTPUTS.logFileTopicArn);
        assert.equal(sub.inputs.protocol, "sqs");
        assert.equal(sub.inputs.endpoint, computed("detection-engine-queue", "arn"));
        assert.equal(sub.inputs.rawMessageDelivery, true);
        assert.deepEqual(sub.dependsOn, ["aws:sqs/queuePolicy:QueuePolicy::detection-engine-queue-policy"]);
    });

    it("runs the engine on Node.js 22, arm64, with the configured memory, its own log group, and the bundle with settings.json", () => {
        const fn = resource(run.resources, FUNCTION, "detection-engine-function");
        assert.equal(fn.inputs.name, "org-cloudtrail-detection-engine");
        assert.equal(fn.inputs.runtime, "nodejs22.x");
        assert.deepEqual(fn.inputs.architectures, ["arm64"]);
        assert.equal(fn.inputs.handler, "index.handler");
        assert.equal(fn.inputs.memorySize, 1024);
        assert.equal(fn.inputs.timeout, ENGINE_TIMEOUT_SECONDS);
        assert.equal(fn.inputs.loggingConfig.logGroup, ENGINE_LOG_GROUP_NAME);
        assert.equal(fn.inputs.role, computed("detection-engine-role", "arn"));
        // The mock monitor receives an archive without its assets' text: what goes in it is checked on engineArchive below.
        assert.equal(fn.inputs.code.__pulumiArchive, true);
        assert.ok(fn.dependsOn.includes("aws:cloudwatch/logGroup:LogGroup::detection-engine-logs"), "the log group exists before Lambda would create its own");
    });

    it("hands detectionTuning to the engine as configured", async () => {
        const tuning = {
            "console-signin-failures": { severity: "low" },
            "iam-policy-changes": { ignorePrincipals: ["arn:aws:sts::*:assumed-role/AWSControlTowerExecution/*"] },
            "security-group-changes": { disabled: true },
        };
        const tuned = await runAudit({ detectionTuning: tuning });
        assert.deepEqual((tuned.outputs.engineSettings as EngineSettings).tuning, tuning);
    });

    it("takes engineMemoryMb and engineLogRetentionDays from config", async () => {
        const tuned = await runAudit({ engineMemoryMb: 2048, engineLogRetentionDays: 731 });
        assert.equal(resource(tuned.resources, FUNCTION, "detection-engine-function").inputs.memorySize, 2048);
        assert.equal(resource(tuned.resources, LOG_GROUP, "detection-engine-logs").inputs.retentionInDays, 731);
    });

    it("packs index.js and the settings as settings.json into the function's archive", async () => {
        const settings = run.outputs.engineSettings as EngineSettings;
        const archive = engineArchive(settings);
        const assets = (await archive.assets) as Record<string, pulumi.asset.StringAsset>;
        assert.deepEqual(Object.keys(assets).sort(), ["index.js", ENGINE_SETTINGS_FILE]);
        assert.equal(await assets["index.js"].text, bundleEngine().code);
        assert.deepEqual(JSON.parse((await assets[ENGINE_SETTINGS_FILE].text) as string), settings);
    });

    it("bundles the AWS SDK v3 clients the handler imports: nothing is left for the runtime to provide", function () {
        this.timeout(120000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-"));
        try {
            const entry = path.join(dir, "entry.ts");
            fs.writeFileSync(entry, `import { SNSClient } from "@aws-sdk/client-sns";\nexport const handler = async () => new SNSClient({}).config.serviceId;\n`);
            // Resolved from this project's node_modules, as engine/handler.ts's imports are.
            fs.symlinkSync(path.resolve(__dirname, "..", "node_modules"), path.join(dir, "node_modules"));
            const { code, stats } = bundle(entry);
            // Only the SDK's optional CRT signer stays a require: the SDK loads it in a try/catch for SigV4a, which the engine does not use.
            const required = [...new Set(code.match(/require\("@aws-sdk\/[^"]+"\)/g) ?? [])];
            assert.deepEqual(required, ['require("@aws-sdk/signature-v4-crt")']);
            assert.match(code, /SNSClient|sns/i);
            assert.ok(stats.bytes > 10000 && stats.milliseconds > 0, JSON.stringify(stats));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("bundles once per process: every program run reuses the first bundle", () => {
        assert.equal(bundleEngine(), bundleEngine());
        assert.deepEqual(bundleStats(), bundleEngine().stats);
    });

    it("bundles the handler as one CommonJS file that exports handler", () => {
        const { code } = bundleEngine();
        const module = { exports: {} as Record<string, unknown> };
        new Function("module", "exports", "require", code)(module, module.exports, require);
        assert.equal(typeof module.exports.handler, "function");
    });

    it("encrypts the engine's log group with the audit key, keeps it 365 days by default, and protects it", () => {
        const logs = resource(run.resources, LOG_GROUP, "detection-engine-logs");
        assert.equal(logs.inputs.name, "/aws/lambda/org-cloudtrail-detection-engine");
        assert.equal(logs.inputs.retentionInDays, 365);
        assert.equal(logs.inputs.kmsKeyId, KEY_ARN);
        assert.equal(logs.protect, true);
    });

    it("maps the queue to the function with partial batch failure reporting", () => {
        const mapping = resource(run.resources, MAPPING, "detection-engine-mapping");
        assert.equal(mapping.inputs.eventSourceArn, computed("detection-engine-queue", "arn"));
        assert.equal(mapping.inputs.functionName, computed("detection-engine-function", "arn"));
        assert.deepEqual(mapping.inputs.functionResponseTypes, ["ReportBatchItemFailures"]);
        assert.ok(mapping.inputs.batchSize >= 1 && mapping.inputs.batchSize <= 10);
    });

    it("gives the engine's role exactly the least-privilege policy", () => {
        const policy = JSON.parse(resource(run.resources, "aws:iam/rolePolicy:RolePolicy", "detection-engine-role-policy").inputs.policy);
        assert.deepEqual(
            policy,
            engineRolePolicy({
                partition: "aws",
                region: "eu-west-1",
                accountId: AUDIT_ACCOUNT,
                bucketName: LOG_ARCHIVE_OUTPUTS.bucketName,
                organizationLogPrefix: "AWSLogs/o-a1b2c3d4e5/",
                logKeyArn: LOG_ARCHIVE_OUTPUTS.kmsKeyArn,
                auditKeyArn: KEY_ARN,
                alertTopicArn: `arn:aws:sns:eu-west-1:${AUDIT_ACCOUNT}:org-cloudtrail-alerts`,
                queueArn: `arn:aws:sqs:eu-west-1:${AUDIT_ACCOUNT}:org-cloudtrail-log-files`,
                logGroupName: ENGINE_LOG_GROUP_NAME,
                digestChainTableArn: `arn:aws:dynamodb:eu-west-1:${AUDIT_ACCOUNT}:table/org-cloudtrail-digest-chains`,
            }),
        );
        assert.equal(resource(run.resources, "aws:iam/role:Role", "detection-engine-role").inputs.name, "org-cloudtrail-detection-engine");
    });

    it("pages on heartbeatMinutes of silence on the queue, missing data breaching", () => {
        const hb = alarm(run, AUDIT_ALARM_NAMES.heartbeat);
        assert.equal(hb.namespace, "AWS/SQS");
        assert.equal(hb.metricName, "NumberOfMessagesSent");
        assert.deepEqual(hb.dimensions, { QueueName: "org-cloudtrail-log-files" });
        assert.equal(hb.comparisonOperator, "LessThanThreshold");
        assert.equal(hb.threshold, 1);
        assert.equal(hb.treatMissingData, "breaching");
        assert.equal(hb.period * hb.evaluationPeriods, 30 * 60);
        assert.equal(hb.datapointsToAlarm, hb.evaluationPeriods);
    });

    it("sets the heartbeat's window from heartbeatMinutes", async () => {
        const hb = alarm(await runAudit({ heartbeatMinutes: 60 }), AUDIT_ALARM_NAMES.heartbeat);
        assert.equal(hb.period * hb.evaluationPeriods, 60 * 60);
        assert.ok(hb.period * hb.evaluationPeriods <= 86400);
    });

    it("pages when the queue's oldest file is 15 minutes old: the engine stopped reading while files still arrive", () => {
        const unread = alarm(run, AUDIT_ALARM_NAMES.unread);
        assert.deepEqual([unread.namespace, unread.metricName, unread.dimensions, unread.statistic], ["AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: "org-cloudtrail-log-files" }, "Maximum"]);
        assert.equal(unread.comparisonOperator, "GreaterThanOrEqualToThreshold");
        assert.equal(unread.threshold, 900);
        assert.equal(unread.period * unread.evaluationPeriods, 300);
        assert.equal(unread.treatMissingData, "notBreaching");
    });

    it("pages on a failed file in the dead-letter queue, an engine error and a throttle, each at one", () => {
        const expected: [string, string, string, Record<string, string>][] = [
            [AUDIT_ALARM_NAMES.failedFiles, "AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: "org-cloudtrail-log-files-failed" }],
            [AUDIT_ALARM_NAMES.engineErrors, "AWS/Lambda", "Errors", { FunctionName: "org-cloudtrail-detection-engine" }],
            [AUDIT_ALARM_NAMES.engineThrottles, "AWS/Lambda", "Throttles", { FunctionName: "org-cloudtrail-detection-engine" }],
        ];
        for (const [name, namespace, metricName, dimensions] of expected) {
            const a = alarm(run, name);
            assert.deepEqual([a.namespace, a.metricName, a.dimensions], [namespace, metricName, dimensions], name);
            assert.equal(a.comparisonOperator, "GreaterThanOrEqualToThreshold", name);
            assert.equal(a.threshold, 1, name);
            assert.equal(a.treatMissingData, "notBreaching", name);
        }
    });

    it("sends every alarm's ALARM and OK to the audit topic, after the topic policy", () => {
        const alarms = ofType(run.resources, ALARM);
        assert.equal(alarms.length, 5);
        for (const a of alarms) {
            assert.deepEqual(a.inputs.alarmActions, [computed("audit-alerting-topic", "arn")], a.name);
            assert.deepEqual(a.inputs.okActions, [computed("audit-alerting-topic", "arn")], a.name);
            assert.deepEqual(a.dependsOn, ["aws:sns/topicPolicy:TopicPolicy::audit-alerting-topic-policy"], a.name);
        }
    });

    it("subscribes the e-mail and HTTPS subscribers to the audit topic, the URL as a secret", async () => {
        const url = "https://events.pagerduty.com/integration/abc/enqueue";
        const withHttps = await runAudit({ alertHttpsEndpoints: [url] });
        const subs = ofType(withHttps.resources, SUBSCRIPTION).filter((s) => s.name.startsWith("audit-alerting-"));
        assert.deepEqual(subs.map((s) => s.inputs.protocol).sort(), ["email", "https"]);
        const https = subs.find((s) => s.inputs.protocol === "https")!;
        assert.equal(https.inputs.endpoint[SECRET_SIGNATURE] !== undefined, true);
        assert.equal(https.name, "audit-alerting-https-0", "the name does not reveal the URL");
        assert.equal(https.inputs.topic, computed("audit-alerting-topic", "arn"));
    });

    it("parents every resource to a component named after it", () => {
        for (const r of run.resources.filter((r) => r.type.startsWith("aws:"))) {
            assert.ok(r.parent, r.name);
            const parentName = r.parent!.split("::")[1];
            assert.ok(r.name.startsWith(`${parentName}-`), `${r.name} under ${parentName}`);
        }
    });

    it("keeps the digest chains in an on-demand table keyed by chain, encrypted with the audit key, recoverable, undeletable, retained and protected", () => {
        const table = resource(run.resources, TABLE, "detection-engine-digest-chains");
        assert.equal(table.inputs.name, "org-cloudtrail-digest-chains");
        assert.equal(table.inputs.billingMode, "PAY_PER_REQUEST");
        assert.equal(table.inputs.hashKey, "chain");
        assert.deepEqual(table.inputs.attributes, [{ name: "chain", type: "S" }]);
        assert.equal(table.inputs.rangeKey, undefined, "one item per account and region");
        assert.deepEqual(table.inputs.serverSideEncryption, { enabled: true, kmsKeyArn: KEY_ARN });
        assert.deepEqual(table.inputs.pointInTimeRecovery, { enabled: true });
        assert.equal(table.inputs.deletionProtectionEnabled, true);
        assert.equal(table.protect, true);
        assert.equal(table.retainOnDelete, true);
    });

    it("invokes the engine every 15 minutes from the rule org-cloudtrail-digest-check, a permission for that rule only", () => {
        const rule = resource(run.resources, RULE, "detection-engine-digest-check");
        assert.equal(rule.inputs.name, "org-cloudtrail-digest-check");
        assert.equal(rule.inputs.scheduleExpression, "rate(15 minutes)");
        assert.equal(DIGEST_CHECK_SCHEDULE, "rate(15 minutes)");
        assert.equal(rule.inputs.eventPattern, undefined, "a schedule, not a pattern");
        assert.notEqual(rule.inputs.state, "DISABLED");
        const target = resource(run.resources, TARGET, "detection-engine-digest-check-target");
        assert.equal(target.inputs.rule, "org-cloudtrail-digest-check");
        assert.equal(target.inputs.arn, computed("detection-engine-function", "arn"));
        assert.deepEqual(target.dependsOn, ["aws:lambda/permission:Permission::detection-engine-digest-check-permission"], "the permission exists before EventBridge first invokes");
        const permission = resource(run.resources, PERMISSION, "detection-engine-digest-check-permission");
        assert.equal(permission.inputs.action, "lambda:InvokeFunction");
        assert.equal(permission.inputs.principal, "events.amazonaws.com");
        assert.equal(permission.inputs.function, "org-cloudtrail-detection-engine");
        assert.equal(permission.inputs.sourceArn, `arn:aws:events:eu-west-1:${AUDIT_ACCOUNT}:rule/org-cloudtrail-digest-check`);
        assert.equal(permission.inputs.sourceAccount, AUDIT_ACCOUNT);
    });

    it("hands the engine the chain table and the allowed delay (default 120 minutes), and lets DynamoDB use the audit key for the engine and the deployer", async () => {
        const s = run.outputs.engineSettings as EngineSettings;
        assert.equal(s.digestChainTable, "org-cloudtrail-digest-chains");
        assert.equal(s.digestAllowedDelayMinutes, 120);
        // settings.json goes through the handler's checkSettings: a key its schema does not list would be dropped.
        assert.deepEqual(checkSettings(JSON.parse(JSON.stringify(s))), s);
        const tuned = await runAudit({ digestAllowedDelayMinutes: 90 });
        assert.equal((tuned.outputs.engineSettings as EngineSettings).digestAllowedDelayMinutes, 90);
        const keyPolicy = JSON.parse(resource(run.resources, KEY, "audit-key-key").inputs.policy);
        const dynamo = keyPolicy.Statement.find((st: { Sid: string }) => st.Sid === "EngineTablesThroughDynamoDb");
        assert.deepEqual(dynamo.Condition.StringEquals, { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com" });
        assert.deepEqual(dynamo.Condition.ArnEquals["aws:PrincipalArn"], [LOG_ARCHIVE_AUDIT_OUTPUTS.engineRoleArn, AUDIT_DEPLOYER_ROLE]);
    });

    it("without a windowMinutes in detectionTuning creates no counts table and gives the role no right to one (issue 17)", () => {
        assert.deepEqual(ofType(run.resources, TABLE).map((t) => t.inputs.name), ["org-cloudtrail-digest-chains"]);
        assert.equal((run.outputs.engineSettings as EngineSettings).detectionCountsTable, undefined);
        assert.doesNotMatch(resource(run.resources, "aws:iam/rolePolicy:RolePolicy", "detection-engine-role-policy").inputs.policy, /detection-counts/);
    });

    it("with a window: the counts table (on-demand, TTL on expiresAt, audit key, undeletable, PITR for the guardrail, retained and protected), the role's UpdateItem on it, the settings naming it", async () => {
        const windowed = await runAudit({ digestVerification: false, detectionTuning: { "console-signin-failures": { windowMinutes: 60 } } });
        const table = resource(windowed.resources, TABLE, "detection-engine-detection-counts");
        assert.equal(table.inputs.name, "org-cloudtrail-detection-counts");
        assert.equal(table.inputs.billingMode, "PAY_PER_REQUEST");
        assert.equal(table.inputs.hashKey, "window");
        assert.deepEqual(table.inputs.attributes, [{ name: "window", type: "S" }]);
        assert.deepEqual(table.inputs.ttl, { attributeName: "expiresAt", enabled: true });
        assert.deepEqual(table.inputs.serverSideEncryption, { enabled: true, kmsKeyArn: KEY_ARN });
        // Not needed by the engine, on for the mandatory guardrails (DynamoDB.2, DynamoDB.6): a plan with a window must pass them.
        assert.deepEqual(table.inputs.pointInTimeRecovery, { enabled: true });
        for (const rule of ["dynamodb-2-point-in-time-recovery", "dynamodb-6-deletion-protection"]) assert.deepEqual(resourceViolations(rule, TABLE, JSON.parse(JSON.stringify(table.inputs))), [], rule);
        assert.equal(table.inputs.deletionProtectionEnabled, true);
        assert.equal(table.protect, true);
        assert.equal(table.retainOnDelete, true);
        const s = windowed.outputs.engineSettings as EngineSettings;
        assert.equal(s.detectionCountsTable, "org-cloudtrail-detection-counts");
        assert.deepEqual(checkSettings(JSON.parse(JSON.stringify(s))), s, "settings.json keeps it");
        const role = JSON.parse(resource(windowed.resources, "aws:iam/rolePolicy:RolePolicy", "detection-engine-role-policy").inputs.policy);
        const counts = role.Statement.find((st: { Sid: string }) => st.Sid === "CountDetectionWindows");
        assert.deepEqual(counts, { Sid: "CountDetectionWindows", Effect: "Allow", Action: ["dynamodb:UpdateItem"], Resource: `arn:aws:dynamodb:eu-west-1:${AUDIT_ACCOUNT}:table/org-cloudtrail-detection-counts` });
        // The key lets DynamoDB use it for the engine and the deployer, digest verification off or not.
        const keyPolicy = JSON.parse(resource(windowed.resources, KEY, "audit-key-key").inputs.policy);
        assert.ok(keyPolicy.Statement.some((st: { Sid: string }) => st.Sid === "EngineTablesThroughDynamoDb"));
        // A window on a disabled detection counts nothing: no table.
        const disabled = await runAudit({ detectionTuning: { "console-signin-failures": { windowMinutes: 60, disabled: true } } });
        assert.equal(ofType(disabled.resources, TABLE).filter((t) => t.inputs.name === "org-cloudtrail-detection-counts").length, 0);
    });

    it("with digestVerification false creates no table, rule, target or permission, gives the role and key none of their rights, and warns", async () => {
        const off = await runAudit({ digestVerification: false });
        for (const type of DIGEST_RESOURCE_TYPES) assert.deepEqual(ofType(off.resources, type), [], type);
        const s = off.outputs.engineSettings as EngineSettings;
        assert.equal(s.digestChainTable, undefined);
        assert.equal(s.digestAllowedDelayMinutes, undefined);
        const rolePolicy = resource(off.resources, "aws:iam/rolePolicy:RolePolicy", "detection-engine-role-policy").inputs.policy as string;
        assert.doesNotMatch(rolePolicy, /dynamodb|cloudtrail:ListPublicKeys/);
        assert.doesNotMatch(resource(off.resources, KEY, "audit-key-key").inputs.policy, /dynamodb/);
    });

    it("warns, as pulumi up and the plan show it, when digestVerification is false, and only then", async () => {
        const warned = async (overrides: Record<string, unknown>) => {
            const lines: string[] = [];
            const { warn } = console;
            // Pulumi's log, with no engine, writes its warnings to console.warn (plan/run.ts routes them the same way).
            console.warn = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
            try {
                await simulate(main, auditInput(overrides));
            } finally {
                console.warn = warn;
            }
            return lines.some((l) => l.includes(WITHOUT_DIGEST_VERIFICATION));
        };
        assert.equal(await warned({ digestVerification: false }), true);
        assert.equal(await warned({}), false);
    });

    it("exempts the audit deployer in the queue, topic and key policies", () => {
        for (const [type, name] of [
            ["aws:sqs/queuePolicy:QueuePolicy", "detection-engine-queue-policy"],
            ["aws:sns/topicPolicy:TopicPolicy", "audit-alerting-topic-policy"],
            [KEY, "audit-key-key"],
        ]) {
            assert.ok(resource(run.resources, type, name).inputs.policy.includes(AUDIT_DEPLOYER_ROLE), name);
        }
    });
});
