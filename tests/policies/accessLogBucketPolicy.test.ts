// The access-log bucket policy: S3 server access logging of the log bucket is
// the only writer, and only break-glass roles may delete.
import { strict as assert } from "assert";
import { ACCESS_LOG_BUCKET, ARCHIVE, Caller, evaluate, LOG_BUCKET, ORG_ID, OUTSIDER_ACCOUNT, roleSession, servicePrincipal } from "../helpers/iam";
import { accessLogPolicy, bucketArnOf, objectArn, ROLES, Variant } from "./fixtures";

const LOG_KEY = `${LOG_BUCKET}/2026-11-24-10-00-00-0123456789ABCDEF`;

function s3Logging(o: { sourceBucket?: string; sourceAccount?: string; tls?: boolean } = {}): Caller {
    return servicePrincipal("logging.s3.amazonaws.com", {
        "aws:SourceArn": bucketArnOf(o.sourceBucket ?? LOG_BUCKET),
        "aws:SourceAccount": o.sourceAccount ?? ARCHIVE,
        "aws:SecureTransport": o.tls === false ? "false" : "true",
    });
}

function request(caller: Caller, action: string, resource: string, v: Variant = {}) {
    return evaluate({ caller, action, resource, resourceAccount: ARCHIVE, resourcePolicy: accessLogPolicy(v) });
}

const person = (role: string) => roleSession(role, { orgId: ORG_ID, allow: ["s3:*"] });

describe("accessLogBucketPolicy", () => {
    it("allows S3 server access logging of the log bucket to put under <logBucket>/", async () => {
        assert.equal(await request(s3Logging(), "s3:PutObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "Allowed");
    });

    it("denies access logs for another source bucket", async () => {
        const other = s3Logging({ sourceBucket: "some-other-bucket" });
        assert.equal(await request(other, "s3:PutObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "ImplicitlyDenied");
    });

    it("denies access logs from a same-named bucket in another account (aws:SourceAccount)", async () => {
        const other = s3Logging({ sourceAccount: OUTSIDER_ACCOUNT });
        assert.equal(await request(other, "s3:PutObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "ImplicitlyDenied");
    });

    it("denies access logs outside the <logBucket>/ prefix", async () => {
        for (const key of ["2026-11-24-10-00-00-0123456789ABCDEF", "some-other-bucket/x", `${LOG_BUCKET}x/y`]) {
            assert.equal(await request(s3Logging(), "s3:PutObject", objectArn(ACCESS_LOG_BUCKET, key)), "ImplicitlyDenied", key);
        }
    });

    it("explicitly denies access-log delivery over plain HTTP", async () => {
        assert.equal(await request(s3Logging({ tls: false }), "s3:PutObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "ExplicitlyDenied");
    });

    it("explicitly denies an in-account admin with s3:* PutObject (people cannot forge access logs)", async () => {
        assert.equal(await request(person(ROLES.admin), "s3:PutObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "ExplicitlyDenied");
    });

    it("explicitly denies even break-glass and the deployer PutObject", async () => {
        assert.equal(await request(person(ROLES.breakGlass), "s3:PutObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "ExplicitlyDenied");
        assert.equal(await request(person(ROLES.deployer), "s3:PutObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "ExplicitlyDenied");
    });

    it("explicitly denies an in-account admin with s3:* DeleteObject, DeleteObjectVersion and DeleteBucket", async () => {
        assert.equal(await request(person(ROLES.admin), "s3:DeleteObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "ExplicitlyDenied");
        assert.equal(await request(person(ROLES.admin), "s3:DeleteObjectVersion", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "ExplicitlyDenied");
        assert.equal(await request(person(ROLES.admin), "s3:DeleteBucket", bucketArnOf(ACCESS_LOG_BUCKET)), "ExplicitlyDenied");
    });

    it("explicitly denies the deployer DeleteObject", async () => {
        assert.equal(await request(person(ROLES.deployer), "s3:DeleteObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "ExplicitlyDenied");
    });

    it("lets a break-glass role with s3:* DeleteObject and DeleteBucket", async () => {
        assert.equal(await request(person(ROLES.breakGlass), "s3:DeleteObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "Allowed");
        assert.equal(await request(person(ROLES.breakGlass), "s3:DeleteBucket", bucketArnOf(ACCESS_LOG_BUCKET)), "Allowed");
    });

    it("with no break-glass roles configured, a BreakGlass* role cannot DeleteObject", async () => {
        const r = await request(person(ROLES.breakGlass), "s3:DeleteObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY), { breakGlass: [] });
        assert.equal(r, "ExplicitlyDenied");
    });

    it("explicitly denies break-glass over plain HTTP", async () => {
        const bg = person(ROLES.breakGlass);
        const http = { ...bg, context: { ...bg.context, "aws:SecureTransport": "false" } };
        assert.equal(await request(http, "s3:DeleteObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "ExplicitlyDenied");
    });

    it("lets an in-account admin with s3:* read access logs (reads are not blocked)", async () => {
        assert.equal(await request(person(ROLES.admin), "s3:GetObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "Allowed");
    });

    it("grants a principal of another account nothing", async () => {
        const outsider = roleSession(ROLES.outsider, { allow: ["s3:*"] });
        assert.equal(await request(outsider, "s3:GetObject", objectArn(ACCESS_LOG_BUCKET, LOG_KEY)), "ImplicitlyDenied");
    });
});
