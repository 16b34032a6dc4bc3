// The engine's digest verification, proven by evaluation with every real
// document on the path: the engine role's identity policy (with the chain
// table), the log bucket's policy, the RCP and, for the table, the audit key's
// policy. The engine reads a digest file under AWSLogs/<o-id>/<account>/
// CloudTrail-Digest/ and nothing outside the organization's prefix; it keeps
// its chains in its own table, through DynamoDB's use of the audit key only;
// it lists CloudTrail's public keys; without digestVerification it has none of it.
//
// Why s3:GetObject is all a digest needs:
// - The digest's own signature is S3 object metadata ("The signature for the
//   current digest file is stored in the metadata properties of the digest
//   file object", CloudTrail User Guide, "CloudTrail digest file
//   structure"), returned as x-amz-meta-signature by GetObject (and HeadObject,
//   which S3 authorizes as s3:GetObject): no other permission reads metadata.
// - Digest files are SSE-S3, not SSE-KMS, even when the trail encrypts its log
//   files with a KMS key ("Enabling server-side encryption encrypts the log
//   files but not the digest files with SSE-KMS. Digest files are encrypted
//   with Amazon S3-managed encryption keys (SSE-S3)", CloudTrail User Guide,
//   "Encrypting CloudTrail log files with AWS KMS keys"): no KMS call. A newer
//   page says the console's default trail encrypts "event log files and digest
//   files" with the KMS key; if so, the engine decrypts a digest as it does a
//   log file (DecryptLogFilesThroughS3, proven in logKeyPolicy.engine.test.ts).
import { SimulationOrgPolicies } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { auditKeyPolicy } from "../../policies/auditKeyPolicy";
import { PolicyDocument } from "../../policies/document";
import { engineRolePolicy, EngineRolePolicyArgs } from "../../policies/engineRole";
import { protectAuditArchiveRcp } from "../../policies/resourceControlPolicy";
import { ARCHIVE, assertDeniedBy, Caller, evaluate, everyActionExists, LOG_BUCKET, MEMBER, MGMT, ORG_ID, REGION, roleSession, roundTrip, simulate, TRAIL_ARN } from "../helpers/iam";
import { objectArn } from "./fixtures";
import { AUDIT, AUDIT_ARCHIVE_RCP_ARGS, AUDIT_DEPLOYER, AUDIT_KEY, auditKeyArgs, ENGINE_ROLE, engineBucketPolicy, engineCaller, engineRoleArgs, KMS_VIA_DYNAMODB } from "./logFileFixtures";

const TABLE = `arn:aws:dynamodb:${REGION}:${AUDIT}:table/org-cloudtrail-digest-chains`;
const DEPLOYER = AUDIT_DEPLOYER;
/** A digest's key in an organization trail's layout (CloudTrail User Guide, "CloudTrail digest file structure", "Digest file location"). */
const DIGEST_KEY = `AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail-Digest/${REGION}/2026/11/27/${MEMBER}_CloudTrail-Digest_${REGION}_org-cloudtrail_${REGION}_20261127T040000Z.json.gz`;
/** A backfill digest: the same path, `_backfill` before the extension (same page). */
const BACKFILL_KEY = DIGEST_KEY.replace(".json.gz", "_backfill.json.gz");

const args = (digest: boolean): EngineRolePolicyArgs => engineRoleArgs(digest ? { digestChainTableArn: TABLE } : {});
const ENGINE = engineCaller(engineRolePolicy(args(true)));
const ENGINE_WITHOUT = engineCaller(engineRolePolicy(args(false)));

const RCP = protectAuditArchiveRcp({ ...AUDIT_ARCHIVE_RCP_ARGS, engineRoleArn: ENGINE_ROLE });
const rcps: SimulationOrgPolicies[] = [
    { orgIdentifier: ORG_ID, policies: [] },
    { orgIdentifier: ARCHIVE, policies: [{ name: "protect-audit-archive", policy: roundTrip(RCP) }] },
];
/** GetObject in the log-archive account: the engine's identity policy, the real bucket policy and the real RCP. */
const read = (caller: Caller, key: string) => ({ caller, action: "s3:GetObject", resource: objectArn(LOG_BUCKET, key), resourceAccount: ARCHIVE, resourcePolicy: engineBucketPolicy(), rcps });

const KEY_DOC = auditKeyPolicy(auditKeyArgs({ digestChains: true }));
const onAuditKey = (caller: Caller, action: string, context: Record<string, string>, doc = KEY_DOC) =>
    evaluate({ caller, action, resource: AUDIT_KEY, resourceAccount: AUDIT, resourcePolicy: doc, context });
/** The table has no resource policy: the identity policy decides, in the engine's own account. */
const onTable = (caller: Caller, action: string, resource = TABLE) => evaluate({ caller, action, resource, resourceAccount: AUDIT, resourcePolicy: null });

describe("the engine reads digest files, with the real role, bucket policy and RCP", () => {
    it("GetObject of a digest and of a backfill digest under AWSLogs/<o-id>/<account>/CloudTrail-Digest/ is Allowed", async () => {
        for (const key of [DIGEST_KEY, BACKFILL_KEY]) assert.equal((await simulate(read(ENGINE, key))).decision, "Allowed", key);
    });

    it("reads nothing outside the organization's prefix: the management account's own path is denied by the bucket policy", async () => {
        const outside = `AWSLogs/${MGMT}/CloudTrail-Digest/${REGION}/2026/11/27/${MGMT}_CloudTrail-Digest_${REGION}_x_${REGION}_20261127T040000Z.json.gz`;
        await assertDeniedBy(read(ENGINE, outside), ["resource:DenyEngineBeyondOrganizationLogs"]);
        await assertDeniedBy(read(ENGINE, "athena-results/x.csv"), ["resource:DenyEngineBeyondOrganizationLogs"]);
    });

    it("reads digests whether or not it verifies them: the prefix grant predates digestVerification", async () => {
        assert.equal((await simulate(read(ENGINE_WITHOUT, DIGEST_KEY))).decision, "Allowed");
    });
});

describe("the engine keeps its digest chains", () => {
    it("gets, puts, updates and scans its own table (Scan: the late check reads every chain; Query would need a key)", async () => {
        for (const action of ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Scan"]) assert.equal(await onTable(ENGINE, action), "Allowed", action);
    });

    it("deletes no chain, changes no table setting, and touches no other table", async () => {
        for (const action of ["dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQLDelete", "dynamodb:DeleteTable", "dynamodb:UpdateTable", "dynamodb:UpdateTimeToLive", "dynamodb:UpdateContinuousBackups"]) {
            assert.equal(await onTable(ENGINE, action), "ImplicitlyDenied", action);
        }
        assert.equal(await onTable(ENGINE, "dynamodb:PutItem", `arn:aws:dynamodb:${REGION}:${AUDIT}:table/other`), "ImplicitlyDenied");
        assert.equal(await onTable(ENGINE, "dynamodb:PutItem", `arn:aws:dynamodb:us-east-1:${AUDIT}:table/org-cloudtrail-digest-chains`), "ImplicitlyDenied", "no replica");
    });

    it("lists CloudTrail's public keys, which IAM authorizes on * only (iam-data: no resource type), and nothing else of CloudTrail", async () => {
        assert.equal(await onTable(ENGINE, "cloudtrail:ListPublicKeys", "*"), "Allowed");
        assert.equal(await onTable(ENGINE, "cloudtrail:LookupEvents", "*"), "ImplicitlyDenied");
        assert.equal(await onTable(ENGINE, "cloudtrail:StopLogging", TRAIL_ARN), "ImplicitlyDenied");
    });

    it("uses the audit key through DynamoDB only, with its own policy and the real key policy", async () => {
        for (const action of ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]) assert.equal(await onAuditKey(ENGINE, action, KMS_VIA_DYNAMODB), "Allowed", action);
        assert.equal(await onAuditKey(ENGINE, "kms:Decrypt", {}), "ImplicitlyDenied", "not directly");
        assert.equal(await onAuditKey(ENGINE, "kms:Decrypt", { "kms:ViaService": `s3.${REGION}.amazonaws.com`, "kms:CallerAccount": AUDIT }), "ImplicitlyDenied", "not through S3");
        assert.equal(await onAuditKey(ENGINE, "kms:CreateGrant", KMS_VIA_DYNAMODB), "ImplicitlyDenied", "grants are the deployer's, at table creation");
        // The role's policy alone, under a key policy that trusts the account's IAM: its own ViaService condition holds too.
        const trustsAudit: PolicyDocument = { Version: "2012-10-17", Statement: [{ Sid: "TrustsAudit", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${AUDIT}:root` }, Action: "kms:*", Resource: "*" }] };
        assert.equal(await onAuditKey(ENGINE, "kms:Decrypt", KMS_VIA_DYNAMODB, trustsAudit), "Allowed");
        assert.equal(await onAuditKey(ENGINE, "kms:Decrypt", { "kms:ViaService": `lambda.${REGION}.amazonaws.com`, "kms:CallerAccount": AUDIT }, trustsAudit), "ImplicitlyDenied");
        assert.equal(await onAuditKey(ENGINE, "kms:Decrypt", {}, trustsAudit), "ImplicitlyDenied");
    });

    it("the key policy lets the deployer's table creation grant DynamoDB the key, and no other role of the account", async () => {
        const deployer = roleSession(DEPLOYER, { orgId: ORG_ID, allow: ["kms:*"] });
        const admin = roleSession(`arn:aws:iam::${AUDIT}:role/Admin`, { orgId: ORG_ID, allow: ["kms:*"] });
        for (const action of ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey"]) assert.equal(await onAuditKey(deployer, action, KMS_VIA_DYNAMODB), "Allowed", action);
        // DescribeKey is every administrator's anyway (KeyAdministration): the rest is not.
        for (const action of ["kms:CreateGrant", "kms:GenerateDataKey", "kms:Decrypt"]) assert.equal(await onAuditKey(admin, action, KMS_VIA_DYNAMODB), "ImplicitlyDenied", action);
        assert.equal(await onAuditKey(deployer, "kms:Decrypt", {}), "ImplicitlyDenied", "not directly");
    });

    it("with digestVerification false: no table, no public keys, no use of the key through DynamoDB, in the role or the key policy", async () => {
        for (const action of ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"]) assert.equal(await onTable(ENGINE_WITHOUT, action), "ImplicitlyDenied", action);
        assert.equal(await onTable(ENGINE_WITHOUT, "cloudtrail:ListPublicKeys", "*"), "ImplicitlyDenied");
        const without = auditKeyPolicy({ ...KEY_ARGS(), digestChains: false });
        assert.equal(await onAuditKey(ENGINE_WITHOUT, "kms:Decrypt", KMS_VIA_DYNAMODB, without), "ImplicitlyDenied");
        assert.equal(await onAuditKey(ENGINE, "kms:Decrypt", KMS_VIA_DYNAMODB, without), "ImplicitlyDenied", "the key policy alone refuses it");
    });

    it("names only real actions", async () => {
        assert.deepEqual(await everyActionExists(engineRolePolicy(args(true))), []);
        assert.deepEqual(await everyActionExists(KEY_DOC), []);
    });
});

const KEY_ARGS = () => auditKeyArgs();
