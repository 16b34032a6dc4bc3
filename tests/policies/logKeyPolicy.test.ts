// The log key's policy: CloudTrail encrypts for the organization trail only,
// readers decrypt CloudTrail-encrypted data, admins manage but never read, and
// only break-glass roles may destroy the key.
import { strict as assert } from "assert";
import { KEY_ADMIN_ACTIONS, KEY_DESTRUCTION_ACTIONS } from "../../policies/logKeyPolicy";
import {
    ARCHIVE,
    Caller,
    evaluate,
    evaluateWithEncryptionContext,
    FOREIGN_TRAIL_ARN,
    KEY_ARN,
    MGMT,
    ORG_ID,
    READER_ROLE,
    roleSession,
    servicePrincipal,
    TRAIL_ARN,
} from "../helpers/iam";
import { keyPolicy, ROLES, Variant } from "./fixtures";

const EC_KEY = "kms:EncryptionContext:aws:cloudtrail:arn";
const cloudtrail = (sourceArn = TRAIL_ARN) => servicePrincipal("cloudtrail.amazonaws.com", { "aws:SourceArn": sourceArn, "aws:SourceAccount": MGMT });
const withKms = (role: string) => roleSession(role, { orgId: ORG_ID, allow: ["kms:*"] });

const onKey = (caller: Caller, action: string, v: Variant = {}) =>
    evaluate({ caller, action, resource: KEY_ARN, resourceAccount: ARCHIVE, resourcePolicy: keyPolicy(v) });

const withContext = (caller: Caller, action: string, encryptionContext: Record<string, string>) =>
    evaluateWithEncryptionContext({ caller, action, resource: KEY_ARN, resourceAccount: ARCHIVE, resourcePolicy: keyPolicy(), encryptionContext });

describe("logKeyPolicy: CloudTrail", () => {
    it("allows GenerateDataKey for the organization trail; the only undecided condition is the encryption-context pattern, and it matches", async () => {
        const ev = await withContext(cloudtrail(), "kms:GenerateDataKey", { "aws:cloudtrail:arn": TRAIL_ARN });
        assert.deepEqual(ev.ignoredConditions, {
            resource: { allow: [{ op: "StringLike", key: EC_KEY, values: [`arn:aws:cloudtrail:*:${MGMT}:trail/*`] }] },
        });
        assert.equal(ev.decision, "Allowed");
    });

    it("denies GenerateDataKey when the encryption context names another account's trail", async () => {
        const ev = await withContext(cloudtrail(), "kms:GenerateDataKey", { "aws:cloudtrail:arn": FOREIGN_TRAIL_ARN });
        assert.equal(ev.decision, "ImplicitlyDenied");
    });

    it("denies GenerateDataKey without the CloudTrail encryption context", async () => {
        assert.equal((await withContext(cloudtrail(), "kms:GenerateDataKey", {})).decision, "ImplicitlyDenied");
    });

    it("denies GenerateDataKey for another account's trail (wrong aws:SourceArn)", async () => {
        const ev = await withContext(cloudtrail(FOREIGN_TRAIL_ARN), "kms:GenerateDataKey", { "aws:cloudtrail:arn": TRAIL_ARN });
        assert.equal(ev.decision, "ImplicitlyDenied");
    });

    it("allows DescribeKey and Decrypt for the organization trail", async () => {
        assert.equal(await onKey(cloudtrail(), "kms:DescribeKey"), "Allowed");
        assert.equal(await onKey(cloudtrail(), "kms:Decrypt"), "Allowed");
    });

    it("denies DescribeKey and Decrypt for another account's trail", async () => {
        assert.equal(await onKey(cloudtrail(FOREIGN_TRAIL_ARN), "kms:DescribeKey"), "ImplicitlyDenied");
        assert.equal(await onKey(cloudtrail(FOREIGN_TRAIL_ARN), "kms:Decrypt"), "ImplicitlyDenied");
    });

    it("gives CloudTrail nothing beyond GenerateDataKey*, DescribeKey and Decrypt, even with its encryption context", async () => {
        for (const action of ["kms:Encrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"]) {
            const ev = await withContext(cloudtrail(), action, { "aws:cloudtrail:arn": TRAIL_ARN });
            assert.notEqual(ev.decision, "Allowed", action);
        }
    });

    it("also allows GenerateDataKeyWithoutPlaintext (GenerateDataKey*) for the organization trail", async () => {
        const ev = await withContext(cloudtrail(), "kms:GenerateDataKeyWithoutPlaintext", { "aws:cloudtrail:arn": TRAIL_ARN });
        assert.equal(ev.decision, "Allowed");
    });
});

describe("logKeyPolicy: log readers", () => {
    const reader = roleSession(READER_ROLE, { orgId: ORG_ID, allow: ["kms:*"] });

    it("allows the reader Decrypt of CloudTrail-encrypted data; the only undecided condition is Null(encryption context) = false", async () => {
        const ev = await withContext(reader, "kms:Decrypt", { "aws:cloudtrail:arn": TRAIL_ARN });
        assert.deepEqual(ev.ignoredConditions, { resource: { allow: [{ op: "Null", key: EC_KEY, values: ["false"] }] } });
        assert.equal(ev.decision, "Allowed");
    });

    it("denies the reader Decrypt of data without the CloudTrail encryption context", async () => {
        assert.equal((await withContext(reader, "kms:Decrypt", {})).decision, "ImplicitlyDenied");
    });

    it("denies the reader Decrypt without its own identity policy (cross-account needs both sides)", async () => {
        const bare = roleSession(READER_ROLE, { orgId: ORG_ID });
        assert.equal((await withContext(bare, "kms:Decrypt", { "aws:cloudtrail:arn": TRAIL_ARN })).decision, "ImplicitlyDenied");
    });

    it("denies the reader Encrypt, even with kms:* and the encryption context", async () => {
        assert.equal((await withContext(reader, "kms:Encrypt", { "aws:cloudtrail:arn": TRAIL_ARN })).decision, "ImplicitlyDenied");
    });

    it("explicitly denies the reader ScheduleKeyDeletion", async () => {
        assert.equal(await onKey(reader, "kms:ScheduleKeyDeletion"), "ExplicitlyDenied");
    });

    it("with no readers configured, the former reader cannot Decrypt", async () => {
        const ev = await evaluateWithEncryptionContext({
            caller: reader,
            action: "kms:Decrypt",
            resource: KEY_ARN,
            resourceAccount: ARCHIVE,
            resourcePolicy: keyPolicy({ readers: [] }),
            encryptionContext: { "aws:cloudtrail:arn": TRAIL_ARN },
        });
        assert.equal(ev.decision, "ImplicitlyDenied");
    });
});

describe("logKeyPolicy: administrators, deployer and break-glass", () => {
    const admin = withKms(ROLES.admin);

    it("does not let an in-account admin with kms:* Decrypt (key admins manage, they do not read)", async () => {
        const ev = await withContext(admin, "kms:Decrypt", { "aws:cloudtrail:arn": TRAIL_ARN });
        assert.equal(ev.decision, "ImplicitlyDenied");
        assert.equal(await onKey(admin, "kms:Decrypt"), "ImplicitlyDenied");
    });

    it("does not let the admin GenerateDataKey, Encrypt or CreateGrant", async () => {
        for (const action of ["kms:GenerateDataKey", "kms:Encrypt", "kms:CreateGrant", "kms:ReEncryptFrom"]) {
            assert.equal(await onKey(admin, action), "ImplicitlyDenied", action);
        }
    });

    it("lets the admin DescribeKey and EnableKeyRotation through IAM", async () => {
        assert.equal(await onKey(admin, "kms:DescribeKey"), "Allowed");
        assert.equal(await onKey(admin, "kms:EnableKeyRotation"), "Allowed");
    });

    it("gives an in-account role without an identity policy nothing (the account root delegates to IAM)", async () => {
        assert.equal(await onKey(roleSession(ROLES.admin, { orgId: ORG_ID }), "kms:DescribeKey"), "ImplicitlyDenied");
    });

    it("explicitly denies the admin PutKeyPolicy", async () => {
        assert.equal(await onKey(admin, "kms:PutKeyPolicy"), "ExplicitlyDenied");
    });

    it("lets the deployer (with and without a role path) and break-glass PutKeyPolicy", async () => {
        assert.equal(await onKey(withKms(ROLES.deployer), "kms:PutKeyPolicy"), "Allowed");
        assert.equal(await onKey(withKms(ROLES.deployerWithPath), "kms:PutKeyPolicy"), "Allowed");
        assert.equal(await onKey(withKms(ROLES.breakGlass), "kms:PutKeyPolicy"), "Allowed");
    });

    it("explicitly denies a look-alike PulumiDeployerX PutKeyPolicy", async () => {
        assert.equal(await onKey(withKms(ROLES.deployerLookalike), "kms:PutKeyPolicy"), "ExplicitlyDenied");
    });

    for (const action of KEY_DESTRUCTION_ACTIONS) {
        it(`explicitly denies ${action} to the admin and to the deployer`, async () => {
            assert.equal(await onKey(admin, action), "ExplicitlyDenied");
            assert.equal(await onKey(withKms(ROLES.deployer), action), "ExplicitlyDenied");
            assert.equal(await onKey(withKms(ROLES.deployerWithPath), action), "ExplicitlyDenied");
        });

        it(`lets break-glass ${action}`, async () => {
            assert.equal(await onKey(withKms(ROLES.breakGlass), action), "Allowed");
        });

        it(`with no break-glass roles configured, explicitly denies ${action} to a BreakGlass* role`, async () => {
            assert.equal(await onKey(withKms(ROLES.breakGlass), action, { breakGlass: [] }), "ExplicitlyDenied");
        });
    }

    for (const action of KEY_ADMIN_ACTIONS.filter((a) => !KEY_DESTRUCTION_ACTIONS.includes(a) && a !== "kms:PutKeyPolicy")) {
        it(`lets the admin ${action} through IAM`, async () => {
            const resource = action === "kms:ListAliases" ? "*" : KEY_ARN;
            const r = await evaluate({ caller: admin, action, resource, resourceAccount: ARCHIVE, resourcePolicy: keyPolicy() });
            assert.equal(r, "Allowed");
        });
    }
});
