// The log bucket policy, part 1: CloudTrail can deliver the organization
// trail's files (and only those), and readers in the organization can read.
import { strict as assert } from "assert";
import {
    anonymous,
    ARCHIVE,
    Caller,
    evaluate,
    FOREIGN_TRAIL_ARN,
    LOG_BUCKET,
    MEMBER,
    MGMT,
    ORG_ID,
    OTHER_ORG_ID,
    READER_ROLE,
    REGION,
    roleSession,
    servicePrincipal,
    TRAIL_ARN,
} from "../helpers/iam";
import { bucketArnOf, bucketPolicy, objectArn, ROLES } from "./fixtures";

const MEMBER_KEY = `AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail/${REGION}/2026/11/24/x.json.gz`;
const MGMT_KEY = `AWSLogs/${MGMT}/CloudTrail/${REGION}/2026/11/24/x.json.gz`;
const ACL = { "s3:x-amz-acl": "bucket-owner-full-control" };

const cloudtrail = (sourceArn = TRAIL_ARN) => servicePrincipal("cloudtrail.amazonaws.com", { "aws:SourceArn": sourceArn, "aws:SourceAccount": MGMT });

interface PutOptions {
    prefix?: string;
    sourceArn?: string;
    context?: Record<string, string>;
}

function cloudTrailPut(key: string, o: PutOptions = {}) {
    return evaluate({
        caller: cloudtrail(o.sourceArn),
        action: "s3:PutObject",
        resource: objectArn(LOG_BUCKET, key),
        resourceAccount: ARCHIVE,
        resourcePolicy: bucketPolicy({ s3KeyPrefix: o.prefix }),
        context: o.context ?? ACL,
    });
}

function on(caller: Caller, action: string, resource: string) {
    return evaluate({ caller, action, resource, resourceAccount: ARCHIVE, resourcePolicy: bucketPolicy() });
}

describe("logBucketPolicy: CloudTrail delivery", () => {
    it("allows CloudTrail to put a member account's log file with bucket-owner-full-control over TLS", async () => {
        assert.equal(await cloudTrailPut(MEMBER_KEY), "Allowed");
    });

    it("allows CloudTrail to put the management account's log file under AWSLogs/<management>/", async () => {
        assert.equal(await cloudTrailPut(MGMT_KEY), "Allowed");
    });

    it("with s3KeyPrefix 'audit': allows delivery under audit/AWSLogs/ for member and management paths", async () => {
        assert.equal(await cloudTrailPut(`audit/${MEMBER_KEY}`, { prefix: "audit" }), "Allowed");
        assert.equal(await cloudTrailPut(`audit/${MGMT_KEY}`, { prefix: "audit" }), "Allowed");
    });

    it("with s3KeyPrefix 'audit': denies delivery to the unprefixed AWSLogs/ path", async () => {
        assert.equal(await cloudTrailPut(MEMBER_KEY, { prefix: "audit" }), "ImplicitlyDenied");
        assert.equal(await cloudTrailPut(MGMT_KEY, { prefix: "audit" }), "ImplicitlyDenied");
    });

    it("without a prefix: denies delivery under audit/AWSLogs/", async () => {
        assert.equal(await cloudTrailPut(`audit/${MEMBER_KEY}`), "ImplicitlyDenied");
    });

    it("denies delivery for another account's trail (wrong aws:SourceArn)", async () => {
        assert.equal(await cloudTrailPut(MEMBER_KEY, { sourceArn: FOREIGN_TRAIL_ARN }), "ImplicitlyDenied");
    });

    it("denies delivery for another trail of the management account (aws:SourceArn is exact)", async () => {
        assert.equal(await cloudTrailPut(MEMBER_KEY, { sourceArn: `arn:aws:cloudtrail:${REGION}:${MGMT}:trail/other-trail` }), "ImplicitlyDenied");
    });

    it("denies delivery without the x-amz-acl header", async () => {
        assert.equal(await cloudTrailPut(MEMBER_KEY, { context: {} }), "ImplicitlyDenied");
    });

    it("denies delivery with another canned ACL", async () => {
        assert.equal(await cloudTrailPut(MEMBER_KEY, { context: { "s3:x-amz-acl": "public-read" } }), "ImplicitlyDenied");
    });

    it("denies delivery outside AWSLogs/<org>/ and AWSLogs/<management>/", async () => {
        for (const key of [`AWSLogs/999999999999/CloudTrail/${REGION}/2026/11/24/x.json.gz`, "other/x", "AWSLogs/o-otherorg1234/x", "AWSLogs/x"]) {
            assert.equal(await cloudTrailPut(key), "ImplicitlyDenied", key);
        }
    });

    it("explicitly denies delivery over plain HTTP (aws:SecureTransport false)", async () => {
        assert.equal(await cloudTrailPut(MEMBER_KEY, { context: { ...ACL, "aws:SecureTransport": "false" } }), "ExplicitlyDenied");
    });

    it("allows CloudTrail's GetBucketAcl check for the organization trail", async () => {
        assert.equal(await on(cloudtrail(), "s3:GetBucketAcl", bucketArnOf(LOG_BUCKET)), "Allowed");
    });

    it("denies CloudTrail's GetBucketAcl check for another account's trail", async () => {
        assert.equal(await on(cloudtrail(FOREIGN_TRAIL_ARN), "s3:GetBucketAcl", bucketArnOf(LOG_BUCKET)), "ImplicitlyDenied");
    });

    it("gives CloudTrail nothing else: no GetObject, no DeleteObject", async () => {
        assert.equal(await on(cloudtrail(), "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY)), "ImplicitlyDenied");
        assert.notEqual(await on(cloudtrail(), "s3:DeleteObject", objectArn(LOG_BUCKET, MEMBER_KEY)), "Allowed");
    });

    it("denies another service principal writing under AWSLogs/", async () => {
        const config = servicePrincipal("config.amazonaws.com", { "aws:SourceArn": TRAIL_ARN });
        assert.equal(await evaluate({ caller: config, action: "s3:PutObject", resource: objectArn(LOG_BUCKET, MEMBER_KEY), resourceAccount: ARCHIVE, resourcePolicy: bucketPolicy(), context: ACL }), "ImplicitlyDenied");
    });
});

describe("logBucketPolicy: log readers", () => {
    const readGrant = ["s3:GetObject", "s3:ListBucket"];
    const reader = roleSession(READER_ROLE, { orgId: ORG_ID, allow: readGrant });

    it("lets the cross-account reader in the organization GetObject", async () => {
        assert.equal(await on(reader, "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY)), "Allowed");
    });

    it("lets the cross-account reader in the organization ListBucket", async () => {
        assert.equal(await on(reader, "s3:ListBucket", bucketArnOf(LOG_BUCKET)), "Allowed");
    });

    it("does not let the reader read without its own identity policy (cross-account needs both sides)", async () => {
        assert.equal(await on(roleSession(READER_ROLE, { orgId: ORG_ID }), "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY)), "ImplicitlyDenied");
    });

    it("gives the reader no writes, even with s3:* in its identity policy", async () => {
        const greedy = roleSession(READER_ROLE, { orgId: ORG_ID, allow: ["s3:*"] });
        assert.equal(await on(greedy, "s3:PutObject", objectArn(LOG_BUCKET, MEMBER_KEY)), "ImplicitlyDenied");
        assert.equal(await on(greedy, "s3:PutBucketPolicy", bucketArnOf(LOG_BUCKET)), "ExplicitlyDenied");
        assert.equal(await on(greedy, "s3:DeleteObject", objectArn(LOG_BUCKET, MEMBER_KEY)), "ExplicitlyDenied");
    });

    it("explicitly denies a listed reader whose account is outside the organization", async () => {
        const movedOut = roleSession(READER_ROLE, { orgId: OTHER_ORG_ID, allow: readGrant });
        assert.equal(await on(movedOut, "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY)), "ExplicitlyDenied");
        assert.equal(await on(movedOut, "s3:ListBucket", bucketArnOf(LOG_BUCKET)), "ExplicitlyDenied");
    });

    it("explicitly denies a principal from another organization with s3:*", async () => {
        const outsider = roleSession(ROLES.outsider, { orgId: OTHER_ORG_ID, allow: ["s3:*"] });
        assert.equal(await on(outsider, "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY)), "ExplicitlyDenied");
        assert.equal(await on(outsider, "s3:ListBucket", bucketArnOf(LOG_BUCKET)), "ExplicitlyDenied");
    });

    it("explicitly denies a principal in no organization (no aws:PrincipalOrgID)", async () => {
        const noOrg = roleSession(ROLES.outsider, { allow: ["s3:*"] });
        assert.equal(await on(noOrg, "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY)), "ExplicitlyDenied");
    });

    it("explicitly denies anonymous requests", async () => {
        assert.equal(await on(anonymous, "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY)), "ExplicitlyDenied");
        assert.equal(await on(anonymous, "s3:ListBucket", bucketArnOf(LOG_BUCKET)), "ExplicitlyDenied");
    });

    it("explicitly denies the reader over plain HTTP", async () => {
        const http = { ...reader, context: { ...reader.context, "aws:SecureTransport": "false" } };
        assert.equal(await on(http, "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY)), "ExplicitlyDenied");
    });

    it("with no readers configured, the former reader is not allowed", async () => {
        const r = await evaluate({ caller: reader, action: "s3:GetObject", resource: objectArn(LOG_BUCKET, MEMBER_KEY), resourceAccount: ARCHIVE, resourcePolicy: bucketPolicy({ readers: [] }) });
        assert.equal(r, "ImplicitlyDenied");
    });
});
