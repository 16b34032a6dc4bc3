// The log key's policy: CloudTrail encrypts for the organization trail only,
// readers decrypt CloudTrail-encrypted data, admins manage but never read, and
// only break-glass roles may destroy the key.
import { strict as assert } from "assert";
import { KEY_ADMIN_ACTIONS, KEY_DESTRUCTION_ACTIONS } from "../../policies/logKeyPolicy";
import {
    ARCHIVE,
    assertDeniedBy,
    Caller,
    evaluate,
    evaluateWithEncryptionContext,
    FOREIGN_TRAIL_ARN,
    KEY_ARN,
    MEMBER,
    MGMT,
    ORG_ID,
    READER_ROLE,
    roleSession,
    servicePrincipal,
    TRAIL_ARN,
} from "../helpers/iam";
import { BREAK_GLASS_EVERY_ACCOUNT, keyPolicy, MIXED_READERS, ROLES, Variant } from "./fixtures";

const EC_KEY = "kms:EncryptionContext:aws:cloudtrail:arn";
const cloudtrail = (sourceArn = TRAIL_ARN) => servicePrincipal("cloudtrail.amazonaws.com", { "aws:SourceArn": sourceArn, "aws:SourceAccount": MGMT });
const withKms = (role: string) => roleSession(role, { orgId: ORG_ID, allow: ["kms:*"] });

const keyRequest = (caller: Caller, action: string, v: Variant = {}, context: Record<string, string> = {}) => ({
    caller,
    action,
    resource: KEY_ARN,
    resourceAccount: ARCHIVE,
    resourcePolicy: keyPolicy(v),
    context,
});
const onKey = (caller: Caller, action: string, v: Variant = {}, context: Record<string, string> = {}) => evaluate(keyRequest(caller, action, v, context));

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

    it("allows DescribeKey for the organization trail, and not for another account's trail", async () => {
        assert.equal(await onKey(cloudtrail(), "kms:DescribeKey"), "Allowed");
        assert.equal(await onKey(cloudtrail(FOREIGN_TRAIL_ARN), "kms:DescribeKey"), "ImplicitlyDenied");
    });

    it("allows CloudTrail's Bucket Key Decrypt check when it carries no aws:SourceArn (as at CreateTrail), or any", async () => {
        const bare = servicePrincipal("cloudtrail.amazonaws.com");
        assert.equal(await onKey(bare, "kms:Decrypt"), "Allowed");
        assert.equal(await onKey(cloudtrail(), "kms:Decrypt"), "Allowed");
    });

    it("grants that Decrypt with AWS's documented statement, exactly: CloudTrail's principal, Decrypt, no condition", () => {
        assert.deepEqual(
            keyPolicy().Statement.find((x) => x.Sid === "CloudTrailDecryptForBucketKey"),
            { Sid: "CloudTrailDecryptForBucketKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" },
        );
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
        await assertDeniedBy(keyRequest(reader, "kms:ScheduleKeyDeletion"), ["resource:DenyKeyDestruction"]);
    });

    it("does not let another role of the reader's account Decrypt, even with kms:* and the encryption context", async () => {
        const neighbour = roleSession("arn:aws:iam::333333333333:role/Developer", { orgId: ORG_ID, allow: ["kms:*"] });
        assert.equal((await withContext(neighbour, "kms:Decrypt", { "aws:cloudtrail:arn": TRAIL_ARN })).decision, "ImplicitlyDenied");
    });

    it("names no role as Principal: the reader's account, with the reader's ARN and the CloudTrail context as conditions", () => {
        assert.deepEqual(
            keyPolicy().Statement.filter((x) => x.Sid.startsWith("LogReaders")),
            [
                {
                    Sid: "LogReadersDecrypt",
                    Effect: "Allow",
                    Principal: { AWS: ["arn:aws:iam::333333333333:root"] },
                    Action: "kms:Decrypt",
                    Resource: "*",
                    Condition: { Null: { "kms:EncryptionContext:aws:cloudtrail:arn": "false" }, ArnEquals: { "aws:PrincipalArn": [READER_ROLE] } },
                },
            ],
        );
    });

    it("with a whole account among the readers, any role of it decrypts (given its own identity policy); the named roles' neighbours do not", async () => {
        const decrypt = (role: string) =>
            evaluateWithEncryptionContext({
                caller: roleSession(role, { orgId: ORG_ID, allow: ["kms:Decrypt"] }),
                action: "kms:Decrypt",
                resource: KEY_ARN,
                resourceAccount: ARCHIVE,
                resourcePolicy: keyPolicy({ readers: MIXED_READERS }),
                encryptionContext: { "aws:cloudtrail:arn": TRAIL_ARN },
            });
        assert.equal((await decrypt("arn:aws:iam::444444444444:role/AnyAnalyst")).decision, "Allowed");
        assert.equal((await decrypt(MIXED_READERS[1])).decision, "Allowed");
        assert.equal((await decrypt("arn:aws:iam::333333333333:role/Developer")).decision, "ImplicitlyDenied");
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
        await assertDeniedBy(keyRequest(admin, "kms:PutKeyPolicy"), ["resource:DenyKeyPolicyChanges"]);
    });

    it("lets the deployer's next pulumi up rewrite the key policy (lockout check on), and break-glass too", async () => {
        for (const context of [{}, { "kms:BypassPolicyLockoutSafetyCheck": "false" }] as Record<string, string>[]) {
            assert.equal(await onKey(withKms(ROLES.deployer), "kms:PutKeyPolicy", {}, context), "Allowed");
            assert.equal(await onKey(withKms(ROLES.breakGlass), "kms:PutKeyPolicy", {}, context), "Allowed");
        }
    });

    it("denies everyone PutKeyPolicy with BypassPolicyLockoutSafetyCheck: break-glass and the deployer by DenyPolicyLockoutBypass", async () => {
        const bypass = { "kms:BypassPolicyLockoutSafetyCheck": "true" };
        await assertDeniedBy(keyRequest(withKms(ROLES.breakGlass), "kms:PutKeyPolicy", {}, bypass), ["resource:DenyPolicyLockoutBypass"]);
        await assertDeniedBy(keyRequest(withKms(ROLES.deployer), "kms:PutKeyPolicy", {}, bypass), ["resource:DenyPolicyLockoutBypass"]);
        await assertDeniedBy(keyRequest(admin, "kms:PutKeyPolicy", {}, bypass), ["resource:DenyKeyPolicyChanges", "resource:DenyPolicyLockoutBypass"]);
        await assertDeniedBy(keyRequest(withKms(ROLES.breakGlass), "kms:PutKeyPolicy", { breakGlass: [] }, bypass), ["resource:DenyKeyPolicyChanges", "resource:DenyPolicyLockoutBypass"]);
    });

    for (const [label, role] of [
        ["a role of the deployer's name under a path (only the exact ARN is the deployer)", ROLES.deployerWithPath],
        ["a look-alike PulumiDeployerX", ROLES.deployerLookalike],
    ] as const) {
        it(`explicitly denies ${label} PutKeyPolicy`, async () => {
            await assertDeniedBy(keyRequest(withKms(role), "kms:PutKeyPolicy"), ["resource:DenyKeyPolicyChanges"]);
        });
    }

    // Written out here, not read from KEY_DESTRUCTION_ACTIONS: dropping one there must fail a test, not delete it.
    for (const action of ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation"]) {
        it(`explicitly denies ${action} to the admin and to the deployer, by DenyKeyDestruction; break-glass may`, async () => {
            await assertDeniedBy(keyRequest(admin, action), ["resource:DenyKeyDestruction"]);
            await assertDeniedBy(keyRequest(withKms(ROLES.deployer), action), ["resource:DenyKeyDestruction"]);
            assert.equal(await onKey(withKms(ROLES.breakGlass), action), "Allowed");
        });

        it(`with no break-glass roles configured, explicitly denies ${action} to a BreakGlassAdmin role`, async () => {
            await assertDeniedBy(keyRequest(withKms(ROLES.breakGlass), action, { breakGlass: [] }), ["resource:DenyKeyDestruction"]);
        });
    }

    it("break-glass configured for every account exempts this account's BreakGlassAdmin only, not the management's or a member's", async () => {
        const every = { breakGlass: [BREAK_GLASS_EVERY_ACCOUNT] };
        assert.equal(await onKey(withKms(ROLES.breakGlass), "kms:ScheduleKeyDeletion", every), "Allowed");
        for (const account of [MGMT, MEMBER]) {
            const impostor = withKms(`arn:aws:iam::${account}:role/BreakGlassAdmin`);
            await assertDeniedBy(keyRequest(impostor, "kms:ScheduleKeyDeletion", every), ["resource:DenyKeyDestruction"]);
            await assertDeniedBy(keyRequest(impostor, "kms:PutKeyPolicy", every), ["resource:DenyKeyPolicyChanges"]);
        }
    });

    it("KEY_DESTRUCTION_ACTIONS is what the tests above expect (the SCP shares it)", () => {
        assert.deepEqual([...KEY_DESTRUCTION_ACTIONS].sort(), ["kms:DisableKey", "kms:DisableKeyRotation", "kms:ScheduleKeyDeletion"]);
    });

    for (const action of KEY_ADMIN_ACTIONS.filter((a) => !KEY_DESTRUCTION_ACTIONS.includes(a) && a !== "kms:PutKeyPolicy")) {
        it(`lets the admin ${action} through IAM`, async () => {
            const resource = action === "kms:ListAliases" ? "*" : KEY_ARN;
            const r = await evaluate({ caller: admin, action, resource, resourceAccount: ARCHIVE, resourcePolicy: keyPolicy() });
            assert.equal(r, "Allowed");
        });
    }
});
