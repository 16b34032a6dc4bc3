// protect-audit-trail (the SCP) when the log-archive stack feeds an audit
// account: its deployer may also write the log bucket's event notifications
// (the engine's feed, s3:PutBucketNotification, which S3 checks when the
// configuration is written), and nothing more; an administrator may not.
import { SimulationOrgPolicies } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { PolicyDocument } from "../../policies/document";
import { minifiedPolicy, protectAuditTrailScp, ProtectAuditTrailArgs, SCP_MAX_CHARACTERS } from "../../policies/protectAuditTrailScp";
import { ACCESS_LOG_BUCKET, ARCHIVE, assertDeniedBy, Caller, FULL_AWS_ACCESS, KEY_ARN, LOG_BUCKET, ORG_ID, REGION, roleSession, roundTrip, simulate } from "../helpers/iam";
import { AUDITOR_ROLE, DATABASE, ROLES, WORKGROUP } from "./fixtures";

const ARGS: ProtectAuditTrailArgs = {
    partition: "aws",
    trailName: "organization-trail",
    bucketName: LOG_BUCKET,
    accessLogBucketName: ACCESS_LOG_BUCKET,
    kmsKeyArn: KEY_ARN,
    breakGlassArns: [ROLES.breakGlass],
    logArchiveDeployerArns: [ROLES.deployer],
    logArchiveBreakGlassArns: [],
    logArchiveManagedRoleArns: [AUDITOR_ROLE],
    analytics: { region: REGION, accountId: ARCHIVE, workgroup: WORKGROUP, database: DATABASE },
};
const WITH_FEED = protectAuditTrailScp({ ...ARGS, feedsAuditAccount: true });
const WITHOUT_FEED = protectAuditTrailScp(ARGS);
const BUCKET = `arn:aws:s3:::${LOG_BUCKET}`;
const ACCESS_LOG = `arn:aws:s3:::${ACCESS_LOG_BUCKET}`;

function governed(roleArn: string, doc: PolicyDocument): Caller {
    const [root] = FULL_AWS_ACCESS;
    const scps: SimulationOrgPolicies[] = [root, { orgIdentifier: ARCHIVE, policies: [...root.policies, { name: "protect-audit-trail", policy: roundTrip(doc) }] }];
    return { ...roleSession(roleArn, { orgId: ORG_ID, allow: ["*"] }), scps };
}
const ask = (caller: Caller, action: string, resource: string) => ({ caller, action, resource, resourceAccount: ARCHIVE, resourcePolicy: null });

describe("protect-audit-trail SCP with an audit feed: the log-archive deployer writes the bucket's notifications", () => {
    it("with the feed, the deployer writes the log bucket's notification configuration", async () => {
        assert.equal((await simulate(ask(governed(ROLES.deployer, WITH_FEED), "s3:PutBucketNotification", BUCKET))).decision, "Allowed");
    });
    it("without the feed, it may not (ProtectLogBucketDeployerOnlyPolicyAndTags)", async () => {
        await assertDeniedBy(ask(governed(ROLES.deployer, WITHOUT_FEED), "s3:PutBucketNotification", BUCKET), ["scp:ProtectLogBucketDeployerOnlyPolicyAndTags"]);
    });
    it("with the feed, the deployer still changes no other setting (ProtectLogBucketDeployerOnlyPolicyAndTags)", async () => {
        for (const action of ["s3:PutBucketLogging", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:PutBucketObjectLockConfiguration"]) {
            await assertDeniedBy(ask(governed(ROLES.deployer, WITH_FEED), action, BUCKET), ["scp:ProtectLogBucketDeployerOnlyPolicyAndTags"], action);
        }
    });
    it("an administrator, and a role named like the deployer on another path, write no notification (ProtectLogBucketSettings)", async () => {
        for (const role of [ROLES.admin, ROLES.deployerWithPath, ROLES.deployerLookalike]) {
            await assertDeniedBy(ask(governed(role, WITH_FEED), "s3:PutBucketNotification", BUCKET), ["scp:ProtectLogBucketSettings"], role);
            await assertDeniedBy(ask(governed(role, WITH_FEED), "s3:PutBucketNotification", ACCESS_LOG), ["scp:ProtectLogBucketSettings"], role);
        }
    });
    it(`still fits ${SCP_MAX_CHARACTERS} characters with two break-glass roles named for every account and the Athena kit`, () => {
        const everywhere = ["arn:aws:iam::*:role/BreakGlass", "arn:aws:iam::*:role/BreakGlass2"];
        const size = minifiedPolicy(protectAuditTrailScp({ ...ARGS, breakGlassArns: everywhere, logArchiveBreakGlassArns: everywhere, feedsAuditAccount: true })).length;
        assert.ok(size <= SCP_MAX_CHARACTERS, `${size}`);
    });
});
