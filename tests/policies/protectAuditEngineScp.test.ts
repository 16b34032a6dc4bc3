// The service control policy `protect-audit-engine`, proven by evaluation:
// in the audit account an administrator (`*` on `*`) cannot switch the
// detection engine off, re-trust its role, drain or re-policy its queues,
// silence the alert topic or the queue's subscription, disable the audit key,
// or delete the audit alarms and the engine's log group; the audit deployer
// (its `pulumi up` manages them) and break-glass can; a role merely named
// like the deployer cannot; ordinary work in the account is untouched.
//
// The attacks are written out here, not read from the policy's constants: a
// statement that loses an action fails these tests. Each names the Sid that
// stops it.
import { validateServiceControlPolicy } from "@cloud-copilot/iam-policy";
import { SimulationOrgPolicies } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { PolicyDocument } from "../../policies/document";
import { ProtectAuditEngineArgs, protectAuditEngineScp } from "../../policies/protectAuditEngineScp";
import { minifiedPolicy, SCP_MAX_CHARACTERS } from "../../policies/protectAuditTrailScp";
import { ADMINISTRATOR_ACCESS, assertDeniedBy, BREAK_GLASS_IN_EVERY_ACCOUNT, Caller, governedByScp, everyActionExists, ORG_ID, patternsThatNeverApply, roleSession, roundTrip, simulate } from "../helpers/iam";

const AUDIT = "333333333333";
const ARCHIVE = "222222222222";
const OTHER_MEMBER = "444444444444";
const REGION = "eu-west-1";
const FUNCTION = `arn:aws:lambda:${REGION}:${AUDIT}:function:org-cloudtrail-detection-engine`;
const ENGINE_ROLE = `arn:aws:iam::${AUDIT}:role/org-cloudtrail-detection-engine`;
const QUEUE = `arn:aws:sqs:${REGION}:${AUDIT}:org-cloudtrail-log-files`;
const DLQ = `arn:aws:sqs:${REGION}:${AUDIT}:org-cloudtrail-log-files-failed`;
const ALERT_TOPIC = `arn:aws:sns:${REGION}:${AUDIT}:org-cloudtrail-alerts`;
const LOG_FILE_TOPIC = `arn:aws:sns:${REGION}:${ARCHIVE}:org-cloudtrail-log-files`;
const AUDIT_KEY = `arn:aws:kms:${REGION}:${AUDIT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
const DEPLOYER = `arn:aws:iam::${AUDIT}:role/PulumiDeployer`;
const BREAK_GLASS = "arn:aws:iam::*:role/BreakGlass";
const ALARM = `arn:aws:cloudwatch:${REGION}:${AUDIT}:alarm:org-cloudtrail-log-files-stopped`;
const LOG_GROUP = `arn:aws:logs:${REGION}:${AUDIT}:log-group:/aws/lambda/org-cloudtrail-detection-engine`;
const MAPPING = `arn:aws:lambda:${REGION}:${AUDIT}:event-source-mapping:2f8e4c1a-7b3d-4e9f-8a6c-5d1b0e2f3a4c`;

const ARGS: ProtectAuditEngineArgs = {
    partition: "aws",
    region: REGION,
    accountId: AUDIT,
    engineFunctionArn: FUNCTION,
    engineRoleArn: ENGINE_ROLE,
    queueArns: [QUEUE, DLQ],
    logFileQueueArn: QUEUE,
    alertTopicArn: ALERT_TOPIC,
    logFileTopicArn: LOG_FILE_TOPIC,
    auditKeyArn: AUDIT_KEY,
    deployerRoleArns: [DEPLOYER],
    breakGlassArns: [BREAK_GLASS],
};
const scp = (o: Partial<ProtectAuditEngineArgs> = {}): PolicyDocument => protectAuditEngineScp({ ...ARGS, ...o });

/** Root with FullAWSAccess, the account with FullAWSAccess plus protect-audit-engine. */
const governedBy = (account: string, doc: PolicyDocument): SimulationOrgPolicies[] => governedByScp(account, "protect-audit-engine", doc);

/** A role session with `*` on `*`, governed by protect-audit-engine. */
function admin(roleArn: string, doc = scp()): Caller {
    const session = roleSession(roleArn, { orgId: ORG_ID });
    return { ...session, identityPolicies: ADMINISTRATOR_ACCESS, scps: governedBy(roleArn.split(":")[4], doc) };
}

/** AWS's default key policy: the account's IAM policies decide. */
const defaultKeyPolicy = {
    Version: "2012-10-17",
    Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${AUDIT}:root` }, Action: "kms:*", Resource: "*" }],
};

interface Request {
    action: string;
    resource: string;
    context?: Record<string, string>;
}

/**
 * SNS lets a subscription's owner (the audit account) unsubscribe or change
 * it, whatever the topic's policy says; the simulator knows no such rule, so
 * the archive topic's policy stands in for it. The SCP governs the caller
 * either way: that is what is proven.
 */
const subscriptionOwnerRule = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "SubscriptionOwner",
            Effect: "Allow",
            Principal: { AWS: [`arn:aws:iam::${AUDIT}:root`, `arn:aws:iam::${ARCHIVE}:root`] },
            Action: ["sns:Unsubscribe", "sns:SetSubscriptionAttributes"],
            Resource: LOG_FILE_TOPIC,
        },
    ],
};

const resourceAccount = (arn: string) => arn.split(":")[4] || AUDIT;
const resourcePolicyOf = (arn: string) => (arn.startsWith("arn:aws:kms:") ? defaultKeyPolicy : arn === LOG_FILE_TOPIC ? subscriptionOwnerRule : null);
const ask = (caller: Caller, r: Request) =>
    simulate({ caller, action: r.action, resource: r.resource, resourceAccount: resourceAccount(r.resource), resourcePolicy: resourcePolicyOf(r.resource), context: r.context });

/** Each attack, with the statement that must stop it. */
const ATTACKS: (Request & { sid: string })[] = [
    { action: "lambda:UpdateFunctionCode", resource: FUNCTION, sid: "ProtectEngine" },
    { action: "lambda:UpdateFunctionConfiguration", resource: FUNCTION, sid: "ProtectEngine" },
    { action: "lambda:PutFunctionConcurrency", resource: FUNCTION, sid: "ProtectEngine" },
    { action: "lambda:DeleteFunction", resource: FUNCTION, sid: "ProtectEngine" },
    { action: "lambda:UpdateAlias", resource: `${FUNCTION}:live`, sid: "ProtectEngine" },
    { action: "iam:UpdateAssumeRolePolicy", resource: ENGINE_ROLE, sid: "ProtectEngine" },
    { action: "iam:PutRolePermissionsBoundary", resource: ENGINE_ROLE, sid: "ProtectEngine" },
    { action: "iam:AttachRolePolicy", resource: ENGINE_ROLE, sid: "ProtectEngine" },
    { action: "iam:DeleteRole", resource: ENGINE_ROLE, sid: "ProtectEngine" },
    { action: "lambda:UpdateEventSourceMapping", resource: MAPPING, context: { "lambda:FunctionArn": FUNCTION }, sid: "ProtectEngineMapping" },
    { action: "lambda:DeleteEventSourceMapping", resource: MAPPING, context: { "lambda:FunctionArn": FUNCTION }, sid: "ProtectEngineMapping" },
    { action: "sqs:SetQueueAttributes", resource: QUEUE, sid: "ProtectEngineFeed" },
    { action: "sqs:PurgeQueue", resource: QUEUE, sid: "ProtectEngineFeed" },
    { action: "sqs:DeleteQueue", resource: DLQ, sid: "ProtectEngineFeed" },
    { action: "sqs:SetQueueAttributes", resource: DLQ, sid: "ProtectEngineFeed" },
    { action: "sqs:RemovePermission", resource: QUEUE, sid: "ProtectEngineFeed" },
    { action: "sns:SetTopicAttributes", resource: ALERT_TOPIC, sid: "ProtectEngineFeed" },
    { action: "sns:DeleteTopic", resource: ALERT_TOPIC, sid: "ProtectEngineFeed" },
    { action: "sns:Unsubscribe", resource: ALERT_TOPIC, sid: "ProtectEngineFeed" },
    { action: "sns:Unsubscribe", resource: LOG_FILE_TOPIC, sid: "ProtectLogFileSubscription" },
    { action: "sns:SetSubscriptionAttributes", resource: LOG_FILE_TOPIC, sid: "ProtectLogFileSubscription" },
    // Found in an attacker's review: the engine role passed to a function of the attacker's (it would read every log and
    // take the queue's messages as the engine), and a composite alarm named like ours sending forged pages.
    { action: "iam:PassRole", resource: ENGINE_ROLE, sid: "ProtectEngine" },
    { action: "cloudwatch:PutCompositeAlarm", resource: `arn:aws:cloudwatch:${REGION}:${AUDIT}:alarm:org-cloudtrail-all-clear`, sid: "ProtectAuditAlerting" },
    { action: "kms:ScheduleKeyDeletion", resource: AUDIT_KEY, sid: "ProtectAuditAlerting" },
    { action: "kms:DisableKey", resource: AUDIT_KEY, sid: "ProtectAuditAlerting" },
    { action: "kms:PutKeyPolicy", resource: AUDIT_KEY, sid: "ProtectAuditAlerting" },
    { action: "kms:CreateGrant", resource: AUDIT_KEY, sid: "ProtectAuditAlerting" },
    { action: "cloudwatch:DeleteAlarms", resource: ALARM, sid: "ProtectAuditAlerting" },
    { action: "cloudwatch:DisableAlarmActions", resource: ALARM, sid: "ProtectAuditAlerting" },
    { action: "cloudwatch:PutMetricAlarm", resource: ALARM, sid: "ProtectAuditAlerting" },
    { action: "cloudwatch:SetAlarmState", resource: ALARM, sid: "ProtectAuditAlerting" },
    { action: "logs:DeleteLogGroup", resource: LOG_GROUP, sid: "ProtectAuditAlerting" },
    { action: "logs:PutRetentionPolicy", resource: LOG_GROUP, sid: "ProtectAuditAlerting" },
];

/** Taking the engine's messages. */
const CONSUME: Request[] = [
    { action: "sqs:ReceiveMessage", resource: QUEUE },
    { action: "sqs:DeleteMessage", resource: QUEUE },
    { action: "sqs:ChangeMessageVisibility", resource: QUEUE },
];

/** Ordinary work in the audit account: other functions, mappings, roles, queues, topics, keys, alarms, log groups. */
const ORDINARY: Request[] = [
    { action: "lambda:UpdateFunctionCode", resource: `arn:aws:lambda:${REGION}:${AUDIT}:function:orders-api` },
    { action: "lambda:UpdateFunctionCode", resource: `${FUNCTION}-dev` },
    { action: "lambda:DeleteEventSourceMapping", resource: MAPPING, context: { "lambda:FunctionArn": `arn:aws:lambda:${REGION}:${AUDIT}:function:orders-api` } },
    { action: "lambda:GetFunction", resource: FUNCTION },
    { action: "lambda:InvokeFunction", resource: FUNCTION },
    { action: "iam:PutRolePolicy", resource: `arn:aws:iam::${AUDIT}:role/orders-api` },
    { action: "iam:GetRole", resource: ENGINE_ROLE },
    { action: "sqs:PurgeQueue", resource: `arn:aws:sqs:${REGION}:${AUDIT}:orders` },
    { action: "sqs:ReceiveMessage", resource: DLQ },
    { action: "sqs:GetQueueAttributes", resource: QUEUE },
    { action: "sns:SetTopicAttributes", resource: `arn:aws:sns:${REGION}:${AUDIT}:orders` },
    { action: "sns:Publish", resource: ALERT_TOPIC },
    { action: "kms:ScheduleKeyDeletion", resource: `arn:aws:kms:${REGION}:${AUDIT}:key/99999999-4e5f-6a7b-8c9d-0e1f2a3b4c5d` },
    { action: "cloudwatch:DeleteAlarms", resource: `arn:aws:cloudwatch:${REGION}:${AUDIT}:alarm:orders-latency` },
    { action: "logs:DeleteLogGroup", resource: `arn:aws:logs:${REGION}:${AUDIT}:log-group:/aws/lambda/orders-api` },
];

const label = (r: Request) => `${r.action} on ${r.resource}${r.context ? ` (${JSON.stringify(r.context)})` : ""}`;

describe("protect-audit-engine SCP: an administrator of the audit account is denied, by the statement that says what it protects", () => {
    const attacker = admin(`arn:aws:iam::${AUDIT}:role/PlatformAdmin`);
    for (const attack of ATTACKS) {
        it(`${label(attack)}: ${attack.sid}`, () =>
            assertDeniedBy({ caller: attacker, action: attack.action, resource: attack.resource, resourceAccount: resourceAccount(attack.resource), resourcePolicy: resourcePolicyOf(attack.resource), context: attack.context }, [`scp:${attack.sid}`]));
    }
    it("cannot take the engine's messages from its queue (OnlyTheEngineConsumes)", async () => {
        for (const r of CONSUME) {
            await assertDeniedBy({ caller: attacker, action: r.action, resource: r.resource, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:OnlyTheEngineConsumes"], label(r));
        }
    });
    it("cannot re-trust or re-policy the audit deployer role to borrow its exemption (ProtectAuditDeployer)", async () => {
        for (const action of ["iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:DeleteRole", "iam:CreateRole"]) {
            await assertDeniedBy({ caller: attacker, action, resource: DEPLOYER, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectAuditDeployer"], action);
        }
    });
    for (const r of ORDINARY) {
        it(`still does ordinary work: ${label(r)} is Allowed`, async () => assert.equal((await ask(attacker, r)).decision, "Allowed"));
    }
});

describe("protect-audit-engine SCP: attached to the log-archive account too, it keeps the topic's owner from cutting the audit queue off", () => {
    // SNS lets a topic's owner delete any subscription, and a topic policy cannot deny Unsubscribe: the SCP must.
    const archiveAdmin = admin(`arn:aws:iam::${ARCHIVE}:role/PlatformAdmin`);
    it("denies an administrator of the log-archive account Unsubscribe and SetSubscriptionAttributes (ProtectLogFileSubscription)", async () => {
        for (const action of ["sns:Unsubscribe", "sns:SetSubscriptionAttributes"]) {
            // IAM authorizes both against the topic's ARN (iam-data: resource type topic), not the subscription's.
            await assertDeniedBy({ caller: archiveAdmin, action, resource: LOG_FILE_TOPIC, resourceAccount: ARCHIVE, resourcePolicy: subscriptionOwnerRule }, ["scp:ProtectLogFileSubscription"], action);
        }
    });
    it("leaves the log-archive deployer's work on its own topic to the topic's policy: SetTopicAttributes is not this policy's", async () => {
        const archiveDeployer = admin(`arn:aws:iam::${ARCHIVE}:role/PulumiDeployer`);
        const topicOwner = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ARCHIVE}:root` }, Action: "sns:SetTopicAttributes", Resource: LOG_FILE_TOPIC }] };
        const result = await simulate({ caller: archiveDeployer, action: "sns:SetTopicAttributes", resource: LOG_FILE_TOPIC, resourceAccount: ARCHIVE, resourcePolicy: topicOwner });
        assert.equal(result.decision, "Allowed");
    });
});

describe("protect-audit-engine SCP: the audit deployer keeps what its pulumi up needs", () => {
    const deployer = admin(DEPLOYER);
    it("changes the engine, its mapping, role, queues, topic, subscription, key, alarms and log group", async () => {
        for (const attack of ATTACKS) assert.equal((await ask(deployer, attack)).decision, "Allowed", label(attack));
    });
    it("does not consume the engine's messages, nor change its own role (only break-glass may)", async () => {
        for (const r of CONSUME) await assertDeniedBy({ caller: deployer, action: r.action, resource: r.resource, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:OnlyTheEngineConsumes"]);
        await assertDeniedBy({ caller: deployer, action: "iam:UpdateAssumeRolePolicy", resource: DEPLOYER, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectAuditDeployer"]);
    });
    it("is exact: a role named like it on another path, or in another account governed by the policy, is denied", async () => {
        const lookAlikes = [`arn:aws:iam::${AUDIT}:role/ci/PulumiDeployer`, `arn:aws:iam::${AUDIT}:role/PulumiDeployerX`, `arn:aws:iam::${OTHER_MEMBER}:role/PulumiDeployer`];
        for (const role of lookAlikes) {
            const caller = admin(role);
            await assertDeniedBy({ caller, action: "lambda:UpdateFunctionCode", resource: FUNCTION, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectEngine"], role);
            await assertDeniedBy({ caller, action: "kms:ScheduleKeyDeletion", resource: AUDIT_KEY, resourceAccount: AUDIT, resourcePolicy: defaultKeyPolicy }, ["scp:ProtectAuditAlerting"], role);
        }
    });
});

describe("protect-audit-engine SCP: break-glass and the engine", () => {
    it("break-glass (named for every account) does everything, its own role's repair and the queue included", async () => {
        const breakGlass = admin(`arn:aws:iam::${AUDIT}:role/BreakGlass`);
        for (const r of [...ATTACKS, ...CONSUME, { action: "iam:UpdateAssumeRolePolicy", resource: DEPLOYER }]) {
            assert.equal((await ask(breakGlass, r)).decision, "Allowed", label(r));
        }
    });
    it("the engine role consumes its queue, and changes nothing of what protects it", async () => {
        const engine = admin(ENGINE_ROLE);
        for (const r of CONSUME) assert.equal((await ask(engine, r)).decision, "Allowed", label(r));
        await assertDeniedBy({ caller: engine, action: "lambda:UpdateFunctionCode", resource: FUNCTION, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectEngine"]);
        await assertDeniedBy({ caller: engine, action: "iam:PutRolePolicy", resource: ENGINE_ROLE, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectEngine"]);
    });
    it("protects the audit stack's own break-glass roles from change, without exempting them (ProtectAuditDeployer)", async () => {
        const auditBreakGlass = `arn:aws:iam::${AUDIT}:role/AuditBreakGlass`;
        const doc = scp({ auditBreakGlassArns: [auditBreakGlass] });
        const attacker = admin(`arn:aws:iam::${AUDIT}:role/PlatformAdmin`, doc);
        await assertDeniedBy({ caller: attacker, action: "iam:CreateRole", resource: auditBreakGlass, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectAuditDeployer"]);
        await assertDeniedBy({ caller: admin(auditBreakGlass, doc), action: "sqs:PurgeQueue", resource: QUEUE, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectEngineFeed"]);
    });

    it("with no break-glass role, nobody but the deployer is exempt", async () => {
        const doc = scp({ breakGlassArns: [] });
        const former = admin(`arn:aws:iam::${AUDIT}:role/BreakGlass`, doc);
        await assertDeniedBy({ caller: former, action: "sqs:PurgeQueue", resource: QUEUE, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectEngineFeed"]);
        assert.equal((await ask(admin(DEPLOYER, doc), { action: "sqs:PurgeQueue", resource: QUEUE })).decision, "Allowed");
    });
});

describe("protect-audit-engine SCP: structure and size", () => {
    it("is a valid SCP, every statement a Deny, and every action exists in iam-data", async () => {
        assert.deepEqual(validateServiceControlPolicy(roundTrip(scp())), []);
        assert.deepEqual(await everyActionExists(scp()), []);
        for (const s of roundTrip(scp()).Statement) assert.equal(s.Effect, "Deny", s.Sid);
        assert.equal(new Set(roundTrip(scp()).Statement.map((s) => s.Sid)).size, roundTrip(scp()).Statement.length);
    });
    it("never denies the engine's own consumption of the dead-letter queue's twin actions by wildcard (sqs:Delete* would take DeleteMessage)", () => {
        const actions = roundTrip(scp()).Statement.flatMap((s) => [s.Action ?? []].flat());
        assert.ok(!actions.some((a) => /^sqs:.*\*/.test(a)), JSON.stringify(actions));
    });
    it("every action pattern acts on a resource type its statement names (a deny on the wrong ARN would never apply)", async () => {
        assert.deepEqual(await patternsThatNeverApply(scp()), []);
    });

    it(`fits ${SCP_MAX_CHARACTERS} characters with three break-glass roles named for every account`, () => {
        const everywhere = BREAK_GLASS_IN_EVERY_ACCOUNT;
        const size = minifiedPolicy(scp({ breakGlassArns: everywhere })).length;
        assert.ok(size <= SCP_MAX_CHARACTERS, `${size}`);
    });
});
