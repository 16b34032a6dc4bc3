// An attacker's review of the digest checks' walls (issue 18), by
// evaluation: the ways around protect-digest-checks that it does not name
// itself. The engine's function permission for the late-digest rule, and
// the engine's role (a new function passed that role would write the chains
// as the engine), are protect-audit-engine's; each attack names the Sid
// that stops it. Written out here, not read from the policies' constants.
import { SimulationOrgPolicies } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { PolicyDocument } from "../../policies/document";
import { protectAuditEngineScp } from "../../policies/protectAuditEngineScp";
import { protectDigestChecksScp } from "../../policies/protectDigestChecksScp";
import { detectionCountsTableArn, digestChainTableArn, digestCheckRuleArn } from "../../stacks/auditNames";
import { assertDeniedBy, Caller, FULL_AWS_ACCESS, ORG_ID, roleSession, roundTrip, simulate } from "../helpers/iam";

const AUDIT = "333333333333";
const ARCHIVE = "222222222222";
const REGION = "eu-west-1";
const FUNCTION = `arn:aws:lambda:${REGION}:${AUDIT}:function:org-cloudtrail-detection-engine`;
const ENGINE_ROLE = `arn:aws:iam::${AUDIT}:role/org-cloudtrail-detection-engine`;
const DEPLOYER = `arn:aws:iam::${AUDIT}:role/PulumiDeployer`;
const BREAK_GLASS = "arn:aws:iam::*:role/BreakGlass";
const TABLE = digestChainTableArn({ partition: "aws", region: REGION, auditAccountId: AUDIT });
const RULE = digestCheckRuleArn({ partition: "aws", region: REGION, auditAccountId: AUDIT });
const COUNTS = detectionCountsTableArn({ partition: "aws", region: REGION, auditAccountId: AUDIT });

const engineScp = protectAuditEngineScp({
    partition: "aws", region: REGION, accountId: AUDIT, engineFunctionArn: FUNCTION, engineRoleArn: ENGINE_ROLE,
    queueArns: [`arn:aws:sqs:${REGION}:${AUDIT}:org-cloudtrail-log-files`], logFileQueueArn: `arn:aws:sqs:${REGION}:${AUDIT}:org-cloudtrail-log-files`,
    alertTopicArn: `arn:aws:sns:${REGION}:${AUDIT}:org-cloudtrail-alerts`, logFileTopicArn: `arn:aws:sns:${REGION}:${ARCHIVE}:org-cloudtrail-log-files`,
    auditKeyArn: `arn:aws:kms:${REGION}:${AUDIT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`, deployerRoleArns: [DEPLOYER], breakGlassArns: [BREAK_GLASS],
});
const digestScp = protectDigestChecksScp({ digestChainTableArn: TABLE, detectionCountsTableArn: COUNTS, digestCheckRuleArn: RULE, engineRoleArn: ENGINE_ROLE, deployerRoleArns: [DEPLOYER], breakGlassArns: [BREAK_GLASS] });

/** The audit account as deployed: FullAWSAccess, protect-audit-engine and protect-digest-checks. */
function auditAccount(): SimulationOrgPolicies[] {
    const [root] = FULL_AWS_ACCESS;
    const attached = (name: string, doc: PolicyDocument) => ({ name, policy: roundTrip(doc) });
    return [root, { orgIdentifier: AUDIT, policies: [...root.policies, attached("protect-audit-engine", engineScp), attached("protect-digest-checks", digestScp)] }];
}

const ADMIN: Caller["identityPolicies"] = [{ name: "AdministratorAccess", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }];
const auditAdmin: Caller = { ...roleSession(`arn:aws:iam::${AUDIT}:role/PlatformAdmin`, { orgId: ORG_ID }), identityPolicies: ADMIN, scps: auditAccount() };

describe("digest checks: an administrator of the audit account cannot switch them off sideways", () => {
    it("cannot remove (or add) the function's permission that lets the late-digest rule invoke it: ProtectEngine", async () => {
        for (const action of ["lambda:RemovePermission", "lambda:AddPermission"]) {
            await assertDeniedBy({ caller: auditAdmin, action, resource: FUNCTION, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectEngine"], action);
        }
    });
    it("cannot pass the engine's role to a function of their own, which would write the chains as the engine: ProtectEngine", async () => {
        await assertDeniedBy({ caller: auditAdmin, action: "iam:PassRole", resource: ENGINE_ROLE, resourceAccount: AUDIT, resourcePolicy: null, context: { "iam:PassedToService": "lambda.amazonaws.com" } }, ["scp:ProtectEngine"]);
    });
    it("cannot throttle the engine to nothing (reserved concurrency 0), so the late-digest rule's invocations fail: ProtectEngine", async () => {
        await assertDeniedBy({ caller: auditAdmin, action: "lambda:PutFunctionConcurrency", resource: FUNCTION, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectEngine"]);
    });
    it("cannot disable the rule nor write a chain, with both SCPs attached: ProtectTablesAndSchedule, OnlyTheEngineWritesItems", async () => {
        await assertDeniedBy({ caller: auditAdmin, action: "events:DisableRule", resource: RULE, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectTablesAndSchedule"]);
        await assertDeniedBy({ caller: auditAdmin, action: "dynamodb:PutItem", resource: TABLE, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:OnlyTheEngineWritesItems"]);
    });
    it("may still invoke the engine (lambda:InvokeFunction stays open): what a forged invocation can do is engine/'s, not reviewed here", async () => {
        assert.equal((await simulate({ caller: auditAdmin, action: "lambda:InvokeFunction", resource: FUNCTION, resourceAccount: AUDIT, resourcePolicy: null })).decision, "Allowed");
    });
});

describe("digest checks: an administrator of the log-archive account reaches none of them", () => {
    const [root] = FULL_AWS_ACCESS;
    const archiveAdmin: Caller = { ...roleSession(`arn:aws:iam::${ARCHIVE}:role/PlatformAdmin`, { orgId: ORG_ID }), identityPolicies: ADMIN, scps: [root, { orgIdentifier: ARCHIVE, policies: [...root.policies] }] };
    // The table has no resource policy and an EventBridge rule cannot have
    // one, the function's only permission is for events.amazonaws.com: from
    // another account nothing is granted, SCPs or not.
    for (const [action, resource] of [["events:DisableRule", RULE], ["events:RemoveTargets", RULE], ["dynamodb:PutItem", TABLE], ["dynamodb:DeleteItem", TABLE], ["lambda:RemovePermission", FUNCTION]]) {
        it(`${action} on ${resource}: not allowed`, async () => {
            const r = await simulate({ caller: archiveAdmin, action, resource, resourceAccount: AUDIT, resourcePolicy: null });
            assert.equal(r.decision, "ImplicitlyDenied");
        });
    }
});
