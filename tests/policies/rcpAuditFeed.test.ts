// protect-audit-archive (the RCP) when the log-archive stack feeds an audit
// account: the detection engine's role reads and decrypts the logs (it is
// exempt where readers are), the log-archive deployer writes the log
// bucket's event notifications (the engine's feed), and nothing else
// changes: a role named like the engine elsewhere reads nothing, the
// deployer still changes no other setting, and an administrator writes no
// notification. The bucket and key policies are opened to everyone here, so
// the RCP is the only wall and its statement the only deny.
import { SimulationOrgPolicies } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { PolicyDocument } from "../../policies/document";
import { protectAuditArchiveRcp, ProtectAuditArchiveArgs } from "../../policies/resourceControlPolicy";
import { ARCHIVE, assertDeniedBy, Caller, KEY_ARN, LOG_BUCKET, MEMBER, ORG_ID, REGION, roleSession, roundTrip, simulate } from "../helpers/iam";
import { ROLES } from "./fixtures";
import { AUDIT_ARCHIVE_RCP_ARGS } from "./logFileFixtures";

const AUDIT = "333333333333";
const ENGINE_ROLE = `arn:aws:iam::${AUDIT}:role/org-cloudtrail-detection-engine`;
const LOG_OBJECT = `arn:aws:s3:::${LOG_BUCKET}/AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail/${REGION}/2026/11/24/x.json.gz`;
const BUCKET = `arn:aws:s3:::${LOG_BUCKET}`;

const ARGS: ProtectAuditArchiveArgs = AUDIT_ARCHIVE_RCP_ARGS;
const WITH_FEED = protectAuditArchiveRcp({ ...ARGS, engineRoleArn: ENGINE_ROLE });
const WITHOUT_FEED = protectAuditArchiveRcp(ARGS);

const rcps = (doc: PolicyDocument): SimulationOrgPolicies[] => [
    { orgIdentifier: ORG_ID, policies: [] },
    { orgIdentifier: ARCHIVE, policies: [{ name: "protect-audit-archive", policy: roundTrip(doc) }] },
];

/** A bucket or key policy rewritten to let every account of the example in: only the RCP stands. */
const opened = (service: "s3" | "kms") => ({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "Everyone",
            Effect: "Allow",
            Principal: { AWS: [ARCHIVE, AUDIT, "444444444444"].map((a) => `arn:aws:iam::${a}:root`) },
            Action: `${service}:*`,
            Resource: "*",
        },
    ],
});

const ask = (caller: Caller, action: string, resource: string, doc: PolicyDocument, context: Record<string, string> = {}) => ({
    caller,
    action,
    resource,
    resourceAccount: ARCHIVE,
    resourcePolicy: opened(resource.startsWith("arn:aws:kms:") ? "kms" : "s3"),
    context,
    rcps: rcps(doc),
});

const engine = roleSession(ENGINE_ROLE, { orgId: ORG_ID, allow: ["s3:GetObject", "kms:Decrypt"] });
const engineLookAlike = roleSession("arn:aws:iam::444444444444:role/org-cloudtrail-detection-engine", { orgId: ORG_ID, allow: ["s3:GetObject", "kms:Decrypt"] });
const deployer = roleSession(ROLES.deployer, { orgId: ORG_ID, allow: ["*"] });
const admin = roleSession(ROLES.admin, { orgId: ORG_ID, allow: ["*"] });
const VIA_S3 = { "kms:ViaService": `s3.${REGION}.amazonaws.com` };

describe("protect-audit-archive RCP with an audit feed: the engine reads the logs", () => {
    it("the engine role reads a log object and decrypts it (through S3)", async () => {
        assert.equal((await simulate(ask(engine, "s3:GetObject", LOG_OBJECT, WITH_FEED))).decision, "Allowed");
        assert.equal((await simulate(ask(engine, "kms:Decrypt", KEY_ARN, WITH_FEED, VIA_S3))).decision, "Allowed");
    });
    it("without the feed, the same engine role is a stranger (OnlyReadersReadLogs)", async () => {
        await assertDeniedBy(ask(engine, "s3:GetObject", LOG_OBJECT, WITHOUT_FEED), ["rcp:OnlyReadersReadLogs"]);
        await assertDeniedBy(ask(engine, "kms:Decrypt", KEY_ARN, WITHOUT_FEED, VIA_S3), ["rcp:OnlyReadersReadLogs"]);
    });
    it("a role of the engine's name in another account reads nothing (OnlyReadersReadLogs)", async () => {
        await assertDeniedBy(ask(engineLookAlike, "s3:GetObject", LOG_OBJECT, WITH_FEED), ["rcp:OnlyReadersReadLogs"]);
        await assertDeniedBy(ask(engineLookAlike, "kms:Decrypt", KEY_ARN, WITH_FEED, VIA_S3), ["rcp:OnlyReadersReadLogs"]);
    });
    it("the engine role destroys nothing and changes no setting", async () => {
        const strong = roleSession(ENGINE_ROLE, { orgId: ORG_ID, allow: ["*"] });
        await assertDeniedBy(ask(strong, "s3:DeleteObjectVersion", LOG_OBJECT, WITH_FEED), ["rcp:ProtectLogObjects"]);
        await assertDeniedBy(ask(strong, "s3:PutBucketNotification", BUCKET, WITH_FEED), ["rcp:ProtectLogBucketSettings"]);
    });
});

describe("protect-audit-archive RCP with an audit feed: the deployer writes the log bucket's notifications", () => {
    it("the deployer writes them with the feed, and not without (ProtectLogBucketDeployerOnlyPolicyAndTags)", async () => {
        assert.equal((await simulate(ask(deployer, "s3:PutBucketNotification", BUCKET, WITH_FEED))).decision, "Allowed");
        await assertDeniedBy(ask(deployer, "s3:PutBucketNotification", BUCKET, WITHOUT_FEED), ["rcp:ProtectLogBucketDeployerOnlyPolicyAndTags"]);
    });
    it("still changes no other setting, logging, lifecycle and versioning included", async () => {
        for (const action of ["s3:PutBucketLogging", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:PutBucketRequestPayment"]) {
            await assertDeniedBy(ask(deployer, action, BUCKET, WITH_FEED), ["rcp:ProtectLogBucketDeployerOnlyPolicyAndTags"], action);
        }
    });
    it("an administrator of the log-archive account writes no notification (ProtectLogBucketSettings)", async () => {
        await assertDeniedBy(ask(admin, "s3:PutBucketNotification", BUCKET, WITH_FEED), ["rcp:ProtectLogBucketSettings"]);
    });
});
