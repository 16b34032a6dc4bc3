// The log bucket policy, part 2: nobody in the log-archive account can empty
// the bucket or weaken it, except break-glass roles (and, for configuration
// only, whoever runs `pulumi up`).
import { strict as assert } from "assert";
import { LOG_BUCKET_CONFIG_ACTIONS, LOG_DESTRUCTION_ACTIONS } from "../../policies/logBucketPolicy";
import { ARCHIVE, evaluate, LOG_BUCKET, MGMT, ORG_ID, REGION, roleSession, s3ResourceFor } from "../helpers/iam";
import { bucketArnOf, bucketPolicy, ROLES, Variant } from "./fixtures";

const KEY = `AWSLogs/${MGMT}/CloudTrail/${REGION}/2026/11/24/x.json.gz`;

async function as(role: string, action: string, v: Variant = {}) {
    const caller = roleSession(role, { orgId: ORG_ID, allow: ["s3:*"] });
    const resource = await s3ResourceFor(action, LOG_BUCKET, KEY);
    return evaluate({ caller, action, resource, resourceAccount: ARCHIVE, resourcePolicy: bucketPolicy(v) });
}

describe("logBucketPolicy: protection against the log-archive account's own admins", () => {
    it("lets an in-account admin with s3:* read the bucket policy (ordinary reads are not blocked)", async () => {
        assert.equal(await as(ROLES.admin, "s3:GetBucketPolicy"), "Allowed");
        assert.equal(await as(ROLES.admin, "s3:GetObject"), "Allowed");
        assert.equal(await as(ROLES.admin, "s3:ListBucket"), "Allowed");
    });

    it("does not let an admin with no identity policy do anything (the bucket policy grants the account nothing)", async () => {
        const bare = roleSession(ROLES.admin, { orgId: ORG_ID });
        const r = await evaluate({ caller: bare, action: "s3:GetObject", resource: `${bucketArnOf(LOG_BUCKET)}/${KEY}`, resourceAccount: ARCHIVE, resourcePolicy: bucketPolicy() });
        assert.equal(r, "ImplicitlyDenied");
    });

    for (const action of LOG_DESTRUCTION_ACTIONS) {
        it(`explicitly denies the admin ${action}`, async () => {
            assert.equal(await as(ROLES.admin, action), "ExplicitlyDenied");
        });
    }

    for (const action of LOG_BUCKET_CONFIG_ACTIONS) {
        it(`explicitly denies the admin ${action}`, async () => {
            assert.equal(await as(ROLES.admin, action), "ExplicitlyDenied");
        });
    }

    it("covers the must-have actions in the two deny lists", () => {
        const all = new Set([...LOG_DESTRUCTION_ACTIONS, ...LOG_BUCKET_CONFIG_ACTIONS]);
        for (const a of [
            "s3:DeleteObject",
            "s3:DeleteObjectVersion",
            "s3:PutBucketPolicy",
            "s3:PutLifecycleConfiguration",
            "s3:PutBucketVersioning",
            "s3:PutEncryptionConfiguration",
            "s3:PutBucketLogging",
            "s3:PutBucketObjectLockConfiguration",
            "s3:BypassGovernanceRetention",
        ]) {
            assert.ok(all.has(a), a);
        }
    });
});

describe("logBucketPolicy: break-glass", () => {
    it("lets a break-glass role with s3:* DeleteObject", async () => {
        assert.equal(await as(ROLES.breakGlass, "s3:DeleteObject"), "Allowed");
    });

    it("lets a break-glass role with s3:* PutBucketPolicy", async () => {
        assert.equal(await as(ROLES.breakGlass, "s3:PutBucketPolicy"), "Allowed");
    });

    for (const action of [...LOG_DESTRUCTION_ACTIONS, ...LOG_BUCKET_CONFIG_ACTIONS]) {
        it(`exempts break-glass from the deny on ${action}`, async () => {
            assert.equal(await as(ROLES.breakGlass, action), "Allowed");
        });
    }

    it("does not exempt a break-glass role of another account in the organization", async () => {
        assert.equal(await as("arn:aws:iam::444444444444:role/BreakGlassAdmin", "s3:DeleteObject"), "ExplicitlyDenied");
    });

    it("with no break-glass roles configured, even a BreakGlass* role cannot DeleteObject or PutBucketPolicy", async () => {
        assert.equal(await as(ROLES.breakGlass, "s3:DeleteObject", { breakGlass: [] }), "ExplicitlyDenied");
        assert.equal(await as(ROLES.breakGlass, "s3:PutBucketPolicy", { breakGlass: [] }), "ExplicitlyDenied");
    });
});

describe("logBucketPolicy: the deployer", () => {
    for (const [label, role] of [
        ["role/PulumiDeployer", ROLES.deployer],
        ["role/automation/PulumiDeployer (with a path)", ROLES.deployerWithPath],
    ] as const) {
        it(`lets ${label} PutBucketPolicy and PutLifecycleConfiguration`, async () => {
            assert.equal(await as(role, "s3:PutBucketPolicy"), "Allowed");
            assert.equal(await as(role, "s3:PutLifecycleConfiguration"), "Allowed");
        });

        it(`explicitly denies ${label} DeleteObject`, async () => {
            assert.equal(await as(role, "s3:DeleteObject"), "ExplicitlyDenied");
        });
    }

    for (const action of LOG_BUCKET_CONFIG_ACTIONS) {
        it(`exempts the deployer from the configuration deny on ${action}`, async () => {
            assert.equal(await as(ROLES.deployer, action), "Allowed");
        });
    }

    for (const action of LOG_DESTRUCTION_ACTIONS) {
        it(`does not exempt the deployer from the destruction deny on ${action}`, async () => {
            assert.equal(await as(ROLES.deployer, action), "ExplicitlyDenied");
        });
    }

    it("explicitly denies a look-alike role PulumiDeployerX PutBucketPolicy", async () => {
        assert.equal(await as(ROLES.deployerLookalike, "s3:PutBucketPolicy"), "ExplicitlyDenied");
    });

    it("explicitly denies a PulumiDeployer role of another account PutBucketPolicy", async () => {
        assert.equal(await as("arn:aws:iam::444444444444:role/PulumiDeployer", "s3:PutBucketPolicy"), "ExplicitlyDenied");
    });
});
