// The log bucket policy, part 2: nobody in the log-archive account can forge,
// empty or weaken the logs. Only CloudTrail writes; only break-glass (this
// account's role of the configured name) deletes or reconfigures; the
// deployer may rewrite the bucket policy and tags and nothing else. Every
// attack names the statement that stops it. The bucket-level sweep over every
// S3 action is in archiveBuckets.sweep.test.ts.
import { strict as assert } from "assert";
import { LOG_OBJECT_ATTACKS } from "./attacks";
import { ARCHIVE, assertDeniedBy, Caller, evaluate, LOG_BUCKET, MEMBER, MGMT, ORG_ID, REGION, roleSession, s3ResourceFor, servicePrincipal, TRAIL_ARN } from "../helpers/iam";
import { BREAK_GLASS_EVERY_ACCOUNT, bucketPolicy, ROLES, Variant } from "./fixtures";

const KEY = `AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail/${REGION}/2026/11/24/${MEMBER}_CloudTrail_${REGION}_20261124T1000Z_abc.json.gz`;
const DIGEST = `AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail-Digest/${REGION}/2026/11/24/${MEMBER}_CloudTrail-Digest_${REGION}_organization-trail_${REGION}_20261124T100000Z.json.gz`;

/** Removing or rewriting log data in place, or through replication (tests/policies/attacks.ts: written out, not read from the policy). */
const ATTACKER_OBJECT_ACTIONS = LOG_OBJECT_ATTACKS;

/** An administrator (or any role) of `role`'s account whose identity policy allows everything. */
const administrator = (role: string): Caller => roleSession(role, { orgId: ORG_ID, allow: ["*"] });

async function request(caller: Caller, action: string, v: Variant = {}, context: Record<string, string> = {}, key = KEY) {
    return { caller, action, resource: await s3ResourceFor(action, LOG_BUCKET, key), resourceAccount: ARCHIVE, resourcePolicy: bucketPolicy(v), context };
}

const FORGE_CONTEXTS: [string, Record<string, string>][] = [
    ["SSE-S3", { "s3:x-amz-server-side-encryption": "AES256" }],
    ["SSE-KMS with CloudTrail's ACL header", { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-acl": "bucket-owner-full-control" }],
    ["no headers", {}],
];

describe("logBucketPolicy: only CloudTrail writes (no forged overwrites)", () => {
    for (const [who, role] of [
        ["an administrator", ROLES.admin],
        ["break-glass", ROLES.breakGlass],
        ["the deployer", ROLES.deployer],
    ] as const) {
        for (const [how, context] of FORGE_CONTEXTS) {
            it(`explicitly denies ${who} (identity policy *) overwriting a log file with PutObject, ${how}`, async () => {
                await assertDeniedBy(await request(administrator(role), "s3:PutObject", {}, context), ["resource:DenyWritesButByTheService"]);
            });
        }
    }

    it("explicitly denies an administrator overwriting a digest file, so validation cannot be forged either", async () => {
        await assertDeniedBy(await request(administrator(ROLES.admin), "s3:PutObject", {}, FORGE_CONTEXTS[0][1], DIGEST), ["resource:DenyWritesButByTheService"]);
    });

    it("explicitly denies another AWS service principal writing under AWSLogs/, even with the trail as its source", async () => {
        const config = servicePrincipal("config.amazonaws.com", { "aws:SourceArn": TRAIL_ARN, "aws:SourceAccount": MGMT });
        await assertDeniedBy(await request(config, "s3:PutObject", {}, { "s3:x-amz-acl": "bucket-owner-full-control" }), ["resource:DenyWritesButByTheService"]);
    });

    it("still allows CloudTrail's delivery (its service name, its trail, its ACL header): the deny spares exactly it", async () => {
        const cloudtrail = servicePrincipal("cloudtrail.amazonaws.com", { "aws:SourceArn": TRAIL_ARN, "aws:SourceAccount": MGMT });
        for (const key of [KEY, DIGEST]) {
            const r = await request(cloudtrail, "s3:PutObject", {}, { "s3:x-amz-acl": "bucket-owner-full-control", "s3:x-amz-server-side-encryption": "aws:kms" }, key);
            assert.equal(await evaluate(r), "Allowed", key);
        }
    });
});

describe("logBucketPolicy: nobody but break-glass removes or rewrites log data", () => {
    for (const action of ATTACKER_OBJECT_ACTIONS) {
        it(`explicitly denies an administrator and the deployer ${action}; break-glass may`, async () => {
            await assertDeniedBy(await request(administrator(ROLES.admin), action), ["resource:DenyLogDestruction"]);
            await assertDeniedBy(await request(administrator(ROLES.deployer), action), ["resource:DenyLogDestruction"]);
            assert.equal(await evaluate(await request(administrator(ROLES.breakGlass), action)), "Allowed");
        });
    }

    it("with no break-glass roles configured, a BreakGlassAdmin role cannot delete a version either", async () => {
        await assertDeniedBy(await request(administrator(ROLES.breakGlass), "s3:DeleteObjectVersion", { breakGlass: [] }), ["resource:DenyLogDestruction"]);
    });

    it("lets an administrator read (reads are not blocked), but grants nothing without an identity policy", async () => {
        for (const action of ["s3:GetObject", "s3:ListBucket", "s3:GetBucketPolicy"]) {
            assert.equal(await evaluate(await request(administrator(ROLES.admin), action)), "Allowed", action);
        }
        assert.equal(await evaluate(await request(roleSession(ROLES.admin, { orgId: ORG_ID }), "s3:GetObject")), "ImplicitlyDenied");
    });
});

describe("logBucketPolicy: break-glass is this account's role of the configured name, nobody else's", () => {
    const every = { breakGlass: [BREAK_GLASS_EVERY_ACCOUNT] };

    it("arn:aws:iam::*:role/BreakGlassAdmin exempts the archive account's BreakGlassAdmin: it may delete a version and change the lifecycle", async () => {
        assert.equal(await evaluate(await request(administrator(ROLES.breakGlass), "s3:DeleteObjectVersion", every)), "Allowed");
        assert.equal(await evaluate(await request(administrator(ROLES.breakGlass), "s3:PutLifecycleConfiguration", every)), "Allowed");
    });

    for (const [where, account] of [
        ["the management account (where no SCP protects role names)", MGMT],
        ["another member account", MEMBER],
    ] as const) {
        it(`does not exempt a role named BreakGlassAdmin in ${where}`, async () => {
            const impostor = administrator(`arn:aws:iam::${account}:role/BreakGlassAdmin`);
            await assertDeniedBy(await request(impostor, "s3:DeleteObjectVersion", every), ["resource:DenyLogDestruction"]);
            await assertDeniedBy(await request(impostor, "s3:PutBucketLogging", every), ["resource:DenyLogBucketSettings"]);
        });
    }

    it("does not exempt a role whose name merely starts with the break-glass name", async () => {
        await assertDeniedBy(await request(administrator(`arn:aws:iam::${ARCHIVE}:role/BreakGlassAdmin2`), "s3:DeleteObject", every), ["resource:DenyLogDestruction"]);
    });
});

describe("logBucketPolicy: the deployer changes the bucket policy and tags, nothing else", () => {
    const deployer = administrator(ROLES.deployer);

    it("allows its next pulumi up: PutBucketPolicy, PutBucketTagging and the reads a refresh makes", async () => {
        for (const action of ["s3:PutBucketPolicy", "s3:PutBucketTagging", "s3:GetBucketPolicy", "s3:GetLifecycleConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:ListBucket"]) {
            assert.equal(await evaluate(await request(deployer, action)), "Allowed", action);
        }
    });

    // Retention, lifecycle, Object Lock, logging, encryption, versioning, replication, delivery-breaking settings.
    for (const action of [
        "s3:PutLifecycleConfiguration",
        "s3:PutBucketObjectLockConfiguration",
        "s3:PutBucketLogging",
        "s3:PutEncryptionConfiguration",
        "s3:PutBucketVersioning",
        "s3:PutReplicationConfiguration",
        "s3:PutBucketRequestPayment",
        "s3:PutBucketNotification",
        "s3:PutBucketOwnershipControls",
        "s3:DeleteBucketPolicy",
        "s3:DeleteBucket",
    ]) {
        it(`explicitly denies the deployer ${action}, by the deny that leaves it only the policy and tags`, async () => {
            await assertDeniedBy(await request(deployer, action), ["resource:DenyLogBucketDeployerOnlyPolicyAndTags"]);
        });
    }

    for (const [label, role] of [
        ["a role of the same name under a path (the exact ARN is the deployer)", ROLES.deployerWithPath],
        ["a look-alike PulumiDeployerX", ROLES.deployerLookalike],
        ["a PulumiDeployer of another account", `arn:aws:iam::${MEMBER}:role/PulumiDeployer`],
    ] as const) {
        it(`gives ${label} no exemption: PutBucketPolicy is denied like any administrator's`, async () => {
            await assertDeniedBy(await request(administrator(role), "s3:PutBucketPolicy"), ["resource:DenyLogBucketSettings"]);
        });
    }

    it("gives an administrator no bucket change at all, not even the policy or tags", async () => {
        for (const action of ["s3:PutBucketPolicy", "s3:PutBucketTagging", "s3:PutLifecycleConfiguration"]) {
            await assertDeniedBy(await request(administrator(ROLES.admin), action), ["resource:DenyLogBucketSettings"]);
        }
    });
});
