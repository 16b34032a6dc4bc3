// The access-log bucket policy: S3 server access logging of the archive's
// buckets is the only writer, only break-glass deletes, and the bucket's
// settings are as locked as the log bucket's (the sweep over every bucket
// action is in archiveBuckets.sweep.test.ts). Every attack names the
// statement that stops it.
import { strict as assert } from "assert";
import { LOG_OBJECT_ATTACKS } from "./attacks";
import { ACCESS_LOG_BUCKET, ARCHIVE, assertDeniedBy, Caller, evaluate, LOG_BUCKET, MEMBER, MGMT, ORG_ID, OUTSIDER_ACCOUNT, roleSession, servicePrincipal, TRAIL_ARN } from "../helpers/iam";
import { accessLogBucketPolicy } from "../../policies/accessLogBucketPolicy";
import { accessLogPolicy, BREAK_GLASS_EVERY_ACCOUNT, bucketArnOf, objectArn, ROLES, Variant } from "./fixtures";

const LOG_KEY = `${LOG_BUCKET}/2026-11-24-10-00-00-0123456789ABCDEF`;
const LOG_OBJECT = objectArn(ACCESS_LOG_BUCKET, LOG_KEY);

function s3Logging(o: { sourceBucket?: string; sourceAccount?: string; tls?: boolean } = {}): Caller {
    return servicePrincipal("logging.s3.amazonaws.com", {
        "aws:SourceArn": bucketArnOf(o.sourceBucket ?? LOG_BUCKET),
        "aws:SourceAccount": o.sourceAccount ?? ARCHIVE,
        "aws:SecureTransport": o.tls === false ? "false" : "true",
    });
}

const args = (caller: Caller, action: string, resource: string, v: Variant = {}, context: Record<string, string> = {}) => ({
    caller,
    action,
    resource,
    resourceAccount: ARCHIVE,
    resourcePolicy: accessLogPolicy(v),
    context,
});
const request = (caller: Caller, action: string, resource: string, v: Variant = {}) => evaluate(args(caller, action, resource, v));

const administrator = (role: string) => roleSession(role, { orgId: ORG_ID, allow: ["*"] });

/** Removing, re-tagging, re-locking or replicating over the record of who touched the logs (tests/policies/attacks.ts: written out, not read from the policy). */
const ATTACKER_OBJECT_ACTIONS = LOG_OBJECT_ATTACKS;

describe("accessLogBucketPolicy: delivery", () => {
    it("allows S3 server access logging of the log bucket to put under <logBucket>/ (delivery still works)", async () => {
        assert.equal(await request(s3Logging(), "s3:PutObject", LOG_OBJECT), "Allowed");
    });

    it("denies access logs for another source bucket", async () => {
        assert.equal(await request(s3Logging({ sourceBucket: "some-other-bucket" }), "s3:PutObject", LOG_OBJECT), "ImplicitlyDenied");
    });

    it("denies access logs from a same-named bucket in another account (aws:SourceAccount)", async () => {
        assert.equal(await request(s3Logging({ sourceAccount: OUTSIDER_ACCOUNT }), "s3:PutObject", LOG_OBJECT), "ImplicitlyDenied");
    });

    it("denies access logs outside the <logBucket>/ prefix", async () => {
        for (const key of ["2026-11-24-10-00-00-0123456789ABCDEF", "some-other-bucket/x", `${LOG_BUCKET}x/y`]) {
            assert.equal(await request(s3Logging(), "s3:PutObject", objectArn(ACCESS_LOG_BUCKET, key)), "ImplicitlyDenied", key);
        }
    });

    it("with two sources, each bucket's logs go only under its own folder (one source cannot write as the other)", async () => {
        const RESULTS = "org-cloudtrail-athena-results-222222222222-eu-west-1";
        const twoSources = accessLogBucketPolicy({
            partition: "aws",
            accountId: ARCHIVE,
            bucketName: ACCESS_LOG_BUCKET,
            sourceBucketNames: [LOG_BUCKET, RESULTS],
            breakGlassArns: [],
            deployerArns: [],
        });
        const put = (source: string, folder: string) =>
            evaluate({ caller: s3Logging({ sourceBucket: source }), action: "s3:PutObject", resource: objectArn(ACCESS_LOG_BUCKET, `${folder}/2026-11-24-x`), resourceAccount: ARCHIVE, resourcePolicy: twoSources });
        assert.equal(await put(LOG_BUCKET, LOG_BUCKET), "Allowed");
        assert.equal(await put(RESULTS, RESULTS), "Allowed");
        assert.equal(await put(RESULTS, LOG_BUCKET), "ImplicitlyDenied");
        assert.equal(await put(LOG_BUCKET, RESULTS), "ImplicitlyDenied");
    });

    it("explicitly denies access-log delivery over plain HTTP", async () => {
        await assertDeniedBy(args(s3Logging({ tls: false }), "s3:PutObject", LOG_OBJECT), ["resource:DenyInsecureTransport"]);
    });
});

describe("accessLogBucketPolicy: only S3 server access logging writes", () => {
    for (const [who, role] of [
        ["an administrator", ROLES.admin],
        ["break-glass", ROLES.breakGlass],
        ["the deployer", ROLES.deployer],
    ] as const) {
        it(`explicitly denies ${who} (identity policy *) forging an access log with PutObject`, async () => {
            await assertDeniedBy(args(administrator(role), "s3:PutObject", LOG_OBJECT, {}, { "s3:x-amz-server-side-encryption": "AES256" }), [
                "resource:DenyWritesButByTheService",
            ]);
        });
    }

    it("explicitly denies another AWS service principal writing there, even one allowed elsewhere in the archive (CloudTrail)", async () => {
        const cloudtrail = servicePrincipal("cloudtrail.amazonaws.com", { "aws:SourceArn": TRAIL_ARN, "aws:SourceAccount": MGMT });
        await assertDeniedBy(args(cloudtrail, "s3:PutObject", LOG_OBJECT), ["resource:DenyWritesButByTheService"]);
    });
});

describe("accessLogBucketPolicy: only break-glass removes or rewrites access logs", () => {
    for (const action of ATTACKER_OBJECT_ACTIONS) {
        it(`explicitly denies an administrator and the deployer ${action}; break-glass may`, async () => {
            await assertDeniedBy(args(administrator(ROLES.admin), action, LOG_OBJECT), ["resource:DenyAccessLogDestruction"]);
            await assertDeniedBy(args(administrator(ROLES.deployer), action, LOG_OBJECT), ["resource:DenyAccessLogDestruction"]);
            assert.equal(await request(administrator(ROLES.breakGlass), action, LOG_OBJECT), "Allowed");
        });
    }

    it("explicitly denies an administrator DeleteBucket, by the settings deny", async () => {
        await assertDeniedBy(args(administrator(ROLES.admin), "s3:DeleteBucket", bucketArnOf(ACCESS_LOG_BUCKET)), ["resource:DenyAccessLogBucketSettings"]);
    });

    it("with no break-glass roles configured, a BreakGlassAdmin role cannot DeleteObject", async () => {
        await assertDeniedBy(args(administrator(ROLES.breakGlass), "s3:DeleteObject", LOG_OBJECT, { breakGlass: [] }), ["resource:DenyAccessLogDestruction"]);
    });

    it("with break-glass configured for every account, a BreakGlassAdmin of the management or a member account is not exempt", async () => {
        for (const account of [MGMT, MEMBER]) {
            const impostor = administrator(`arn:aws:iam::${account}:role/BreakGlassAdmin`);
            await assertDeniedBy(args(impostor, "s3:DeleteObjectVersion", LOG_OBJECT, { breakGlass: [BREAK_GLASS_EVERY_ACCOUNT] }), ["resource:DenyAccessLogDestruction"]);
        }
        assert.equal(await request(administrator(ROLES.breakGlass), "s3:DeleteObjectVersion", LOG_OBJECT, { breakGlass: [BREAK_GLASS_EVERY_ACCOUNT] }), "Allowed");
    });

    it("explicitly denies break-glass over plain HTTP", async () => {
        const bg = administrator(ROLES.breakGlass);
        await assertDeniedBy(args({ ...bg, context: { ...bg.context, "aws:SecureTransport": "false" } }, "s3:DeleteObject", LOG_OBJECT), ["resource:DenyInsecureTransport"]);
    });
});

describe("accessLogBucketPolicy: settings and readers", () => {
    it("lets the deployer rewrite the policy and tags (its next pulumi up) but not the lifecycle or logging", async () => {
        const deployer = administrator(ROLES.deployer);
        for (const action of ["s3:PutBucketPolicy", "s3:PutBucketTagging"]) assert.equal(await request(deployer, action, bucketArnOf(ACCESS_LOG_BUCKET)), "Allowed", action);
        for (const action of ["s3:PutLifecycleConfiguration", "s3:PutBucketLogging", "s3:PutBucketRequestPayment"]) {
            await assertDeniedBy(args(deployer, action, bucketArnOf(ACCESS_LOG_BUCKET)), ["resource:DenyAccessLogBucketDeployerOnlyPolicyAndTags"]);
        }
    });

    it("lets an in-account admin read access logs (reads are not blocked)", async () => {
        assert.equal(await request(administrator(ROLES.admin), "s3:GetObject", LOG_OBJECT), "Allowed");
    });

    it("grants a principal of another account nothing", async () => {
        assert.equal(await request(roleSession(ROLES.outsider, { allow: ["s3:*"] }), "s3:GetObject", LOG_OBJECT), "ImplicitlyDenied");
    });
});
