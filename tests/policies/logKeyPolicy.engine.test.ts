// The log key policy with an audit account: the detection engine decrypts
// log files while S3 serves them, in this region, and in no other way.
import { strict as assert } from "assert";
import { ARCHIVE, assertDeniedBy, Caller, evaluateWithEncryptionContext, everyActionExists, KEY_ARN, MGMT, ORG_ID, roleSession, roundTrip, TRAIL_ARN } from "../helpers/iam";
import { AUDIT, ENGINE_ROLE, engineKeyPolicy, FeedVariant, S3_VIA } from "./logFileFixtures";

const EC = { "aws:cloudtrail:arn": TRAIL_ARN };
const engine = (arn = ENGINE_ROLE): Caller => roleSession(arn, { orgId: ORG_ID, allow: ["kms:*"] });

const decrypt = (caller: Caller, context: Record<string, string>, encryptionContext: Record<string, string> = EC, v: FeedVariant = {}) =>
    evaluateWithEncryptionContext({
        caller,
        action: "kms:Decrypt",
        resource: KEY_ARN,
        resourceAccount: ARCHIVE,
        resourcePolicy: engineKeyPolicy(v),
        context,
        encryptionContext,
    });

const request = (caller: Caller, action: string, context: Record<string, string> = {}) => ({
    caller,
    action,
    resource: KEY_ARN,
    resourceAccount: ARCHIVE,
    resourcePolicy: engineKeyPolicy(),
    context,
});

describe("logKeyPolicy with an audit account: the engine decrypts through S3", () => {
    it("lets the engine Decrypt a CloudTrail log file as S3 serves it (kms:ViaService s3.<region>)", async () => {
        assert.equal((await decrypt(engine(), { "kms:ViaService": S3_VIA })).decision, "Allowed");
    });

    it("denies the engine a direct Decrypt (not via S3), by DenyEngineOutsideS3", async () => {
        await assertDeniedBy(request(engine(), "kms:Decrypt"), ["resource:DenyEngineOutsideS3"]);
    });

    it("denies the engine Decrypt through S3 of another region, or through another service, by DenyEngineOutsideS3", async () => {
        await assertDeniedBy(request(engine(), "kms:Decrypt", { "kms:ViaService": "s3.us-east-1.amazonaws.com" }), ["resource:DenyEngineOutsideS3"]);
        await assertDeniedBy(request(engine(), "kms:Decrypt", { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" }), ["resource:DenyEngineOutsideS3"]);
    });

    it("denies the engine any other KMS call on the key, by DenyEngineOutsideS3", async () => {
        for (const action of ["kms:GenerateDataKey", "kms:Encrypt", "kms:DescribeKey", "kms:CreateGrant"]) {
            await assertDeniedBy(request(engine(), action), ["resource:DenyEngineOutsideS3"]);
        }
    });

    it("does not let it decrypt data without CloudTrail's encryption context, even through S3", async () => {
        assert.equal((await decrypt(engine(), { "kms:ViaService": S3_VIA }, {})).decision, "ImplicitlyDenied");
    });

    for (const [who, arn] of [
        ["a different role of the audit account", `arn:aws:iam::${AUDIT}:role/Developer`],
        ["a role of the engine's name in the management account", `arn:aws:iam::${MGMT}:role/org-cloudtrail-detection-engine`],
    ] as const) {
        it(`gives ${who} nothing, even through S3`, async () => {
            assert.equal((await decrypt(engine(arn), { "kms:ViaService": S3_VIA })).decision, "ImplicitlyDenied");
        });
    }

    it("without an audit account: no engine statement, and the engine decrypts nothing", async () => {
        const sids = engineKeyPolicy({ engine: false }).Statement.map((s) => s.Sid);
        assert.ok(!sids.some((s) => /Engine/.test(s)), sids.join(", "));
        assert.equal((await decrypt(engine(), { "kms:ViaService": S3_VIA }, EC, { engine: false })).decision, "ImplicitlyDenied");
    });

    it("grants through the audit account's root, conditioned on the engine's ARN, S3 of this region and the CloudTrail context", () => {
        const s = roundTrip(engineKeyPolicy()).Statement.find((x) => x.Sid === "EngineDecryptThroughS3");
        assert.deepEqual(s, {
            Sid: "EngineDecryptThroughS3",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: {
                ArnEquals: { "aws:PrincipalArn": ENGINE_ROLE },
                StringEquals: { "kms:ViaService": S3_VIA },
                Null: { "kms:EncryptionContext:aws:cloudtrail:arn": "false" },
            },
        });
    });

    it("names only real actions", async () => {
        assert.deepEqual(await everyActionExists(engineKeyPolicy()), []);
    });
});
