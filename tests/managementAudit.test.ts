// The management stack with an audit stack (config auditStack): it reads the
// audit stack's outputs before anything is created, checks that the three
// stacks agree, pages through the audit account's topic (no topic, key or
// subscription of its own), builds its metric filters from the audit stack's
// detection parameters, attaches protect-audit-engine to the audit account,
// and delegates the account-name reads to the engine.
import { strict as assert } from "assert";
import { ALERT_NAME_PREFIX } from "../components/alerting";
import { AUDIT_STACK_DETECTION_IDS } from "../detections/ownResources";
import { largeInstancePattern } from "../detections/parameters";
import { SimulationResult } from "../plan/simulator";
import { accountNamesDelegationPolicy } from "../policies/accountNamesDelegationPolicy";
import { AUDIT_SCP_NAME, DIGEST_SCP_NAME, SCP_NAME } from "../stacks/managementStack";
import { SCP_MAX_CHARACTERS } from "../policies/protectAuditTrailScp";
import {
    assertNothingRegistered,
    AUDIT_ACCOUNT,
    AUDIT_OUTPUTS,
    AUDIT_STACK,
    failManagement,
    LOG_ARCHIVE_ACCOUNT,
    LOG_ARCHIVE_AUDIT_OUTPUTS,
    MANAGEMENT_ACCOUNT,
    ofType,
    ORGANIZATION,
    quote,
    resource,
    runManagement,
} from "./helpers/stacks";

const TOPIC = "aws:sns/topic:Topic";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const KEY = "aws:kms/key:Key";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const POLICY = "aws:organizations/policy:Policy";
const ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment";
const RESOURCE_POLICY = "aws:organizations/resourcePolicy:ResourcePolicy";

/** The management config with an audit stack: no subscriber of its own (they live in the audit stack). */
const WITH_AUDIT = { auditStack: AUDIT_STACK, alertEmails: undefined };
const WORLD = { outputs: LOG_ARCHIVE_AUDIT_OUTPUTS, auditOutputs: AUDIT_OUTPUTS };

const withAudit = (overrides: Record<string, unknown> = {}, world: { outputs?: Record<string, unknown>; auditOutputs?: Record<string, unknown> } = {}) =>
    runManagement({ ...WITH_AUDIT, ...overrides }, { outputs: { ...WORLD.outputs, ...world.outputs }, auditOutputs: { ...WORLD.auditOutputs, ...world.auditOutputs } });

const failWithAudit = (overrides: Record<string, unknown> = {}, world: { outputs?: Record<string, unknown>; auditOutputs?: Record<string, unknown>; organization?: typeof ORGANIZATION } = {}) =>
    failManagement(
        { ...WITH_AUDIT, ...overrides },
        { outputs: { ...WORLD.outputs, ...world.outputs }, auditOutputs: { ...WORLD.auditOutputs, ...world.auditOutputs }, organization: world.organization },
    );

describe("management stack with an audit stack: the pager is the audit topic", () => {
    let run: SimulationResult;
    before(async () => {
        run = await withAudit();
    });

    it("reads the audit stack named in auditStack", () => {
        const refs = ofType(run.resources, "pulumi:pulumi:StackReference").map((r) => r.inputs.name);
        assert.deepEqual(refs.sort(), [AUDIT_STACK, "acme/org-cloudtrail/log-archive"].sort());
    });

    it("makes no topic, no alert key and no subscription of its own", () => {
        assert.deepEqual(ofType(run.resources, TOPIC), []);
        assert.deepEqual(ofType(run.resources, SUBSCRIPTION), []);
        // The log group's key is the only key left: the alert key lives in the audit account.
        assert.deepEqual(ofType(run.resources, KEY).map((k) => k.name), ["organization-logs-key"]);
    });

    it("points every alarm's ALARM and OK actions at the audit topic, the heartbeat included", () => {
        const alarms = ofType(run.resources, ALARM);
        assert.ok(alarms.length > 30, `${alarms.length} alarms`);
        for (const alarm of alarms) {
            assert.deepEqual(alarm.inputs.alarmActions, [AUDIT_OUTPUTS.alertTopicArn], alarm.name);
            assert.deepEqual(alarm.inputs.okActions, [AUDIT_OUTPUTS.alertTopicArn], alarm.name);
            // The audit topic's and key's policies accept the management account's alarms by this prefix.
            assert.ok(String(alarm.inputs.name).startsWith(ALERT_NAME_PREFIX), alarm.name);
        }
        assert.ok(alarms.some((a) => a.name === "alerting-delivery-stopped-alarm"));
    });

    it("exports the audit topic as the alert topic, and the audit account", () => {
        assert.equal(run.outputs.alertTopicArn, AUDIT_OUTPUTS.alertTopicArn);
        assert.equal(run.outputs.auditAccountId, AUDIT_ACCOUNT);
    });

    it("deploys the engine's three detections, and the topic-tamper detection watches the audit topic", () => {
        const detections = run.outputs.detections as string[];
        for (const id of AUDIT_STACK_DETECTION_IDS) assert.ok(detections.includes(id), id);
        const topicFilter = resource(run.resources, FILTER, "alerting-audit-alert-topic-changed-filter");
        assert.ok(String(topicFilter.inputs.pattern).includes(`"${AUDIT_OUTPUTS.alertTopicArn}"`), String(topicFilter.inputs.pattern));
        assert.ok(!String(topicFilter.inputs.pattern).includes(`:${MANAGEMENT_ACCOUNT}:org-cloudtrail-alerts`));
        const engine = resource(run.resources, FILTER, "alerting-audit-engine-changed-filter");
        assert.ok(String(engine.inputs.pattern).includes(`($.recipientAccountId = "${AUDIT_ACCOUNT}")`));
        const feed = resource(run.resources, FILTER, "alerting-audit-log-file-topic-changed-filter");
        assert.ok(String(feed.inputs.pattern).includes(`"${LOG_ARCHIVE_AUDIT_OUTPUTS.logFileTopicArn}"`));
        assert.ok(String(feed.inputs.pattern).includes(`"${LOG_ARCHIVE_AUDIT_OUTPUTS.logFileTopicKeyArn}"`));
    });

    it("builds the metric filters from the audit stack's detection parameters", async () => {
        const large = resource(run.resources, FILTER, "alerting-large-instance-launched-filter");
        assert.equal(large.inputs.pattern, largeInstancePattern(AUDIT_OUTPUTS.largeInstanceTypes));
        // The audit stack has no trusted networks: that detection is off here too.
        assert.ok(!(run.outputs.detections as string[]).includes("console-signin-outside-trusted-networks"));
        const other = await withAudit({}, { auditOutputs: { alarmNamespace: "Audit/Detections", trustedCidrs: ["203.0.113.0/24"] } });
        for (const filter of ofType(other.resources, FILTER)) assert.equal(filter.inputs.metricTransformation.namespace, "Audit/Detections", filter.name);
        for (const alarm of ofType(other.resources, ALARM).filter((a) => a.name !== "alerting-delivery-stopped-alarm")) {
            assert.equal(alarm.inputs.namespace, "Audit/Detections", alarm.name);
        }
        assert.ok((other.outputs.detections as string[]).includes("console-signin-outside-trusted-networks"));
        assert.equal(other.outputs.alarmNamespace, "Audit/Detections");
    });

    it("attaches protect-audit-engine to the audit and log-archive accounts, and protect-audit-trail to the root as before", () => {
        const policies = ofType(run.resources, POLICY);
        const engineScp = policies.find((p) => p.inputs.name === AUDIT_SCP_NAME);
        assert.ok(engineScp, "protect-audit-engine exists");
        assert.equal(engineScp.inputs.type, "SERVICE_CONTROL_POLICY");
        assert.ok(engineScp.retainOnDelete, "retained like the other guardrails");
        const doc = JSON.parse(String(engineScp.inputs.content));
        assert.ok(JSON.stringify(doc).includes(AUDIT_OUTPUTS.engineFunctionArn));
        assert.ok(JSON.stringify(doc).includes(AUDIT_OUTPUTS.deployerRoleArn));
        const attachments = ofType(run.resources, ATTACHMENT);
        const engineAttachments = attachments.filter((a) => a.name.startsWith("guardrail-audit-attach-"));
        // The log-archive account too: there it keeps the log-file topic's owner from unsubscribing the audit queue.
        assert.deepEqual(engineAttachments.map((a) => a.inputs.targetId), [AUDIT_ACCOUNT, LOG_ARCHIVE_ACCOUNT]);
        assert.ok(policies.some((p) => p.inputs.name === SCP_NAME));
        assert.ok(attachments.some((a) => a.name === "guardrail-attach-r-ab12"));
        assert.equal(run.outputs.auditScpId !== undefined, true);
    });

    it("attaches protect-digest-checks to the audit account only, naming the chain table and the rule the audit stack creates, within the quota", () => {
        const digestScp = ofType(run.resources, POLICY).find((p) => p.inputs.name === DIGEST_SCP_NAME);
        assert.ok(digestScp, "protect-digest-checks exists");
        assert.equal(digestScp.inputs.type, "SERVICE_CONTROL_POLICY");
        assert.ok(digestScp.retainOnDelete, "retained like the other guardrails");
        const content = String(digestScp.inputs.content);
        assert.ok(content.length <= SCP_MAX_CHARACTERS, `${content.length}`);
        assert.ok(!content.includes("\n"), "minified");
        assert.ok(content.includes(`arn:aws:dynamodb:*:${AUDIT_ACCOUNT}:table/org-cloudtrail-digest-chains`));
        assert.ok(content.includes(`arn:aws:events:${AUDIT_OUTPUTS.region}:${AUDIT_ACCOUNT}:rule/org-cloudtrail-digest-check`));
        assert.ok(content.includes(AUDIT_OUTPUTS.engineRoleArn) && content.includes(AUDIT_OUTPUTS.deployerRoleArn));
        const attachments = ofType(run.resources, ATTACHMENT).filter((a) => a.name.startsWith("guardrail-digest-attach-"));
        assert.deepEqual(attachments.map((a) => a.inputs.targetId), [AUDIT_ACCOUNT]);
        assert.ok(run.outputs.digestScpId !== undefined);
    });

    it("lets the log-archive deployer write the bucket's notifications in protect-audit-trail and the RCP, and exempts the engine role from the RCP's read wall", () => {
        const scp = JSON.parse(String(ofType(run.resources, POLICY).find((p) => p.inputs.name === SCP_NAME)!.inputs.content));
        const deployerOnly = scp.Statement.find((s: { Sid: string }) => s.Sid === "ProtectLogBucketDeployerOnlyPolicyAndTags");
        assert.ok(deployerOnly.NotAction.includes("s3:PutBucketNotification"));
        const rcp = JSON.parse(String(ofType(run.resources, POLICY).find((p) => p.inputs.name === "protect-audit-archive")!.inputs.content));
        const readers = rcp.Statement.find((s: { Sid: string }) => s.Sid === "OnlyReadersReadLogs");
        assert.ok(readers.Condition.ArnNotLike["aws:PrincipalArn"].includes(LOG_ARCHIVE_AUDIT_OUTPUTS.engineRoleArn));
        const rcpDeployer = rcp.Statement.find((s: { Sid: string }) => s.Sid === "ProtectLogBucketDeployerOnlyPolicyAndTags");
        assert.ok(!rcpDeployer.Action.includes("s3:PutBucketNotification"));
    });

    it("writes the organization's delegation policy for the engine role, exactly", () => {
        const [delegation] = ofType(run.resources, RESOURCE_POLICY);
        assert.ok(delegation, "a delegation policy");
        assert.deepEqual(
            JSON.parse(String(delegation.inputs.content)),
            accountNamesDelegationPolicy({ partition: "aws", auditAccountId: AUDIT_ACCOUNT, engineRoleArn: AUDIT_OUTPUTS.engineRoleArn }),
        );
    });

    it("leaves the delegation policy to the organization when accountNamesDelegation is false", async () => {
        const off = await withAudit({ accountNamesDelegation: false });
        assert.deepEqual(ofType(off.resources, RESOURCE_POLICY), []);
    });
});

describe("management stack without an audit stack: today's behaviour", () => {
    it("keeps its own topic and subscribers, no second SCP, no delegation policy", async () => {
        const run = await runManagement();
        assert.equal(ofType(run.resources, TOPIC).length, 1);
        assert.equal(ofType(run.resources, SUBSCRIPTION).length, 1);
        assert.ok(!ofType(run.resources, POLICY).some((p) => p.inputs.name === AUDIT_SCP_NAME || p.inputs.name === DIGEST_SCP_NAME));
        assert.deepEqual(ofType(run.resources, RESOURCE_POLICY), []);
        for (const id of AUDIT_STACK_DETECTION_IDS) assert.ok(!(run.outputs.detections as string[]).includes(id), id);
        assert.ok(!ofType(run.resources, "pulumi:pulumi:StackReference").some((r) => r.inputs.name === AUDIT_STACK));
    });
});

describe("management stack with an audit stack: refusals, before anything is created", () => {
    for (const [key, value] of [
        ["alertEmails", ["security@example.com"]],
        ["trustedCidrs", ["203.0.113.0/24"]],
        ["largeInstanceTypes", ["p*"]],
        ["alarmNamespace", "Mine"],
    ] as const) {
        it(`refuses ${key} set in this stack, naming the audit stack where it lives now`, async () => {
            const failure = await failWithAudit({ [key]: value });
            assert.match(failure.error.message, new RegExp(`org-cloudtrail:${key} = .*: expected it unset when auditStack is set: .*audit stack ${quote(AUDIT_STACK)} now`));
            assertNothingRegistered(failure.resources, failure.error.message);
        });
    }

    it("refuses alertHttpsEndpoints without showing them", async () => {
        const url = "https://api.example.com/sns?apiKey=s3cr3t-key";
        const failure = await failWithAudit({ alertHttpsEndpoints: [url] });
        assert.match(failure.error.message, /org-cloudtrail:alertHttpsEndpoints = \(secret, not shown\): expected it unset when auditStack is set/);
        assert.ok(!failure.error.message.includes("s3cr3t"), failure.error.message);
        assertNothingRegistered(failure.resources, failure.error.message);
    });

    it("accepts the keys at their defaults (Pulumi.yaml hands the defaults over as if set)", async () => {
        const run = await withAudit({ alertEmails: [], alertHttpsEndpoints: [], trustedCidrs: [], alarmNamespace: "OrgCloudTrail" });
        assert.equal(run.outputs.alertTopicArn, AUDIT_OUTPUTS.alertTopicArn);
    });

    it("still needs a subscriber without an audit stack", async () => {
        const failure = await failManagement({ alertEmails: undefined });
        assert.match(failure.error.message, /without a subscriber the alarms would tell nobody/);
    });
});

describe("management stack with an audit stack: the three stacks must agree", () => {
    const disagreement = async (world: Parameters<typeof failWithAudit>[1], ...expected: RegExp[]) => {
        const failure = await failWithAudit({}, world);
        assert.match(failure.error.message, new RegExp(`The management stack and the audit stack ${quote(AUDIT_STACK)} disagree; nothing was created`));
        for (const e of expected) assert.match(failure.error.message, e);
        // Only the stack references were read: no resource of AWS.
        assert.deepEqual(failure.resources.filter((r) => r.type !== "pulumi:pulumi:StackReference").map((r) => r.name), []);
    };

    it("stops when the audit stack is in the management account", () =>
        disagreement(
            { auditOutputs: { accountId: MANAGEMENT_ACCOUNT, alertTopicArn: `arn:aws:sns:eu-west-1:${MANAGEMENT_ACCOUNT}:org-cloudtrail-alerts`, deployerRoleArn: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/PulumiDeployer` } },
            new RegExp(`deployed in the management account ${MANAGEMENT_ACCOUNT}.*deploy ${quote(AUDIT_STACK)} in a dedicated member account`),
        ));

    it("stops when the audit stack is in the log-archive account", () =>
        disagreement(
            {
                auditOutputs: { accountId: LOG_ARCHIVE_ACCOUNT, alertTopicArn: `arn:aws:sns:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:org-cloudtrail-alerts`, deployerRoleArn: `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/PulumiDeployer` },
                outputs: { auditAccountId: LOG_ARCHIVE_ACCOUNT },
            },
            new RegExp(`deployed in the log-archive account ${LOG_ARCHIVE_ACCOUNT}.*in a third account`),
        ));

    it("stops when the audit stack belongs to another organization", () =>
        disagreement({ auditOutputs: { organizationId: "o-otherorg123" } }, /belongs to organization o-otherorg123, but this stack runs in o-a1b2c3d4e5: fix organizationId of/));

    it("stops when the audit account is not in the organization", () =>
        disagreement(
            { organization: { ...ORGANIZATION, accounts: ORGANIZATION.accounts.filter((a) => a.id !== AUDIT_ACCOUNT) } },
            new RegExp(`the audit account ${AUDIT_ACCOUNT} is not a member of o-a1b2c3d4e5`),
        ));

    it("stops when the audit stack reads another log archive", () =>
        disagreement({ auditOutputs: { logArchiveAccountId: "444444444444" } }, /reads the log archive of account 444444444444, but this stack's log-archive stack .* is in 222222222222: point logArchiveStack of/));

    it("stops when the audit region is not the trail's home region", () =>
        disagreement({ auditOutputs: { region: "us-east-1" } }, new RegExp(`is in us-east-1, but the trail's home region is eu-west-1.*deploy ${quote(AUDIT_STACK)} in eu-west-1`)));

    it("stops when the log-archive stack feeds no audit account, or another one", async () => {
        await disagreement(
            { outputs: { auditAccountId: undefined, engineRoleArn: undefined, logFileTopicArn: undefined, logFileTopicKeyArn: undefined } },
            new RegExp(`feeds no audit account: set auditAccountId = ${AUDIT_ACCOUNT} in`),
        );
        await disagreement(
            { outputs: { auditAccountId: "444444444444" } },
            new RegExp(`feeds audit account 444444444444, but the audit stack ${quote(AUDIT_STACK)} is in ${AUDIT_ACCOUNT}: fix auditAccountId of`),
        );
    });

    it("stops when the log-archive stack's log-file topic is not the one this program derives", () =>
        disagreement(
            { outputs: { logFileTopicArn: `arn:aws:sns:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:old-log-files` } },
            new RegExp(`exports the log-file topic arn:aws:sns:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:old-log-files, but this program names it ${quote(LOG_ARCHIVE_AUDIT_OUTPUTS.logFileTopicArn)}`),
        ));

    it("stops when the log-archive stack grants another engine role", () =>
        disagreement(
            { outputs: { engineRoleArn: `arn:aws:iam::${AUDIT_ACCOUNT}:role/other-engine` } },
            new RegExp(`grants the engine role arn:aws:iam::${AUDIT_ACCOUNT}:role/other-engine, but the audit stack ${quote(AUDIT_STACK)} runs the engine as`),
        ));

    it("stops when the audit deployer is not in the audit account", () =>
        disagreement({ auditOutputs: { deployerRoleArn: "arn:aws:iam::444444444444:role/PulumiDeployer" } }, /the audit deployer arn:aws:iam::444444444444:role\/PulumiDeployer is not in the audit account/));

    it("reports every disagreement at once", () =>
        disagreement({ auditOutputs: { region: "us-east-1", logArchiveAccountId: "444444444444" } }, /is in us-east-1/, /reads the log archive of account 444444444444/));

    it("stops when the audit stack's outputs are missing or wrong, naming the stack and auditStack", async () => {
        const failure = await failWithAudit({}, { auditOutputs: { alertTopicArn: undefined, engineRoleArn: "not-an-arn" } });
        assert.match(failure.error.message, new RegExp(`The audit stack ${quote(AUDIT_STACK)} \\(org-cloudtrail:auditStack\\) does not provide what the management stack needs`));
        assert.match(failure.error.message, /output alertTopicArn is missing/);
        assert.match(failure.error.message, /output engineRoleArn = "not-an-arn"/);
    });

    it("stops when scpTargetIds do not cover the audit account", async () => {
        const failure = await failWithAudit({ scpTargetIds: [LOG_ARCHIVE_ACCOUNT] });
        assert.match(failure.error.message, new RegExp(`the audit account ${AUDIT_ACCOUNT} or an OU that contains it.*so the SCP would not protect the audit account`));
        assert.doesNotMatch(failure.error.message, /would not protect the archive/);
    });

    it("accepts an OU that holds both accounts", async () => {
        const run = await withAudit({ scpTargetIds: ["ou-ab12-security", "ou-ab12-abcdefgh"] });
        assert.ok(run.outputs.auditScpId !== undefined);
    });
});
