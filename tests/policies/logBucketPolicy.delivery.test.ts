// The log bucket policy, part 1: CloudTrail can deliver the organization
// trail's files (and only those), and readers in the organization can read.
import { strict as assert } from "assert";
import {
    anonymous,
    ARCHIVE,
    assertDeniedBy,
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
import { bucketArnOf, bucketPolicy, MIXED_READERS, objectArn, ROLES } from "./fixtures";

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

/** Asserts `caller`'s request is explicitly denied by exactly the statements `sids` (resource policy). */
function deniedBy(caller: Caller, action: string, resource: string, sids: string[]) {
    return assertDeniedBy({ caller, action, resource, resourceAccount: ARCHIVE, resourcePolicy: bucketPolicy() }, sids.map((sid) => `resource:${sid}`));
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
        const put = { caller: cloudtrail(), action: "s3:PutObject", resource: objectArn(LOG_BUCKET, MEMBER_KEY), resourceAccount: ARCHIVE, resourcePolicy: bucketPolicy() };
        await assertDeniedBy({ ...put, context: { ...ACL, "aws:SecureTransport": "false" } }, ["resource:DenyInsecureTransport"]);
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

    it("explicitly denies another service principal writing under AWSLogs/ (only CloudTrail writes)", async () => {
        const config = servicePrincipal("config.amazonaws.com", { "aws:SourceArn": TRAIL_ARN });
        const put = { caller: config, action: "s3:PutObject", resource: objectArn(LOG_BUCKET, MEMBER_KEY), resourceAccount: ARCHIVE, resourcePolicy: bucketPolicy(), context: ACL };
        await assertDeniedBy(put, ["resource:DenyWritesButByTheService"]);
    });
});

describe("logBucketPolicy: log readers", () => {
    const readGrant = ["s3:GetObject", "s3:ListBucket", "s3:ListBucketVersions", "s3:GetObjectVersion", "s3:RestoreObject"];
    const reader = roleSession(READER_ROLE, { orgId: ORG_ID, allow: readGrant });

    it("lets the cross-account reader in the organization list, read and restore (Deep Archive) the logs", async () => {
        for (const action of ["s3:GetObject", "s3:GetObjectVersion", "s3:RestoreObject"]) {
            assert.equal(await on(reader, action, objectArn(LOG_BUCKET, MEMBER_KEY)), "Allowed", action);
        }
        for (const action of ["s3:ListBucket", "s3:ListBucketVersions"]) assert.equal(await on(reader, action, bucketArnOf(LOG_BUCKET)), "Allowed", action);
    });

    it("does not let another role of the reader's account read, list or restore, even with the same identity policy", async () => {
        const neighbour = roleSession("arn:aws:iam::333333333333:role/Developer", { orgId: ORG_ID, allow: readGrant });
        for (const action of ["s3:GetObject", "s3:RestoreObject"]) assert.equal(await on(neighbour, action, objectArn(LOG_BUCKET, MEMBER_KEY)), "ImplicitlyDenied", action);
        assert.equal(await on(neighbour, "s3:ListBucket", bucketArnOf(LOG_BUCKET)), "ImplicitlyDenied");
    });

    it("names no role as Principal: the readers' accounts (so a reader that does not exist yet fails no deploy), each role by aws:PrincipalArn", () => {
        const statements = bucketPolicy().Statement.filter((x) => x.Sid.startsWith("LogReaders"));
        assert.deepEqual(statements, [
            {
                Sid: "LogReadersList",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::333333333333:root"] },
                Action: ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketLocation"],
                Resource: bucketArnOf(LOG_BUCKET),
                Condition: { ArnEquals: { "aws:PrincipalArn": [READER_ROLE] } },
            },
            {
                Sid: "LogReadersRead",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::333333333333:root"] },
                Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:RestoreObject"],
                Resource: `${bucketArnOf(LOG_BUCKET)}/*`,
                Condition: { ArnEquals: { "aws:PrincipalArn": [READER_ROLE] } },
            },
        ]);
    });

    describe("readers of every kind: roles (one under a path) and a user, and a whole account named by its root", () => {
        const doc = bucketPolicy({ readers: MIXED_READERS });
        const read = (caller: ReturnType<typeof roleSession>) =>
            evaluate({ caller, action: "s3:GetObject", resource: objectArn(LOG_BUCKET, MEMBER_KEY), resourceAccount: ARCHIVE, resourcePolicy: doc });

        it("each account root once as Principal; the roles and the user by ARN; the whole account in a statement of its own", () => {
            const readers = doc.Statement.filter((x) => x.Sid.startsWith("LogReadersRead"));
            assert.deepEqual(
                readers.map((x) => [x.Sid, x.Principal, x.Condition]),
                [
                    [
                        "LogReadersRead",
                        { AWS: ["arn:aws:iam::333333333333:root", "arn:aws:iam::555555555555:root"] },
                        { ArnEquals: { "aws:PrincipalArn": MIXED_READERS.slice(0, 3) } },
                    ],
                    ["LogReadersReadAccounts", { AWS: ["arn:aws:iam::444444444444:root"] }, undefined],
                ],
            );
        });

        it("the role under a path reads; any role of the account named by its root reads (with its own identity policy)", async () => {
            assert.equal(await read(roleSession(MIXED_READERS[1], { orgId: ORG_ID, allow: ["s3:GetObject"] })), "Allowed");
            assert.equal(await read(roleSession("arn:aws:iam::444444444444:role/AnyAnalyst", { orgId: ORG_ID, allow: ["s3:GetObject"] })), "Allowed");
            assert.equal(await read(roleSession("arn:aws:iam::333333333333:role/Developer", { orgId: ORG_ID, allow: ["s3:GetObject"] })), "ImplicitlyDenied");
        });
    });

    it("does not let the reader read without its own identity policy (cross-account needs both sides)", async () => {
        assert.equal(await on(roleSession(READER_ROLE, { orgId: ORG_ID }), "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY)), "ImplicitlyDenied");
    });

    it("gives the reader no writes, even with s3:* in its identity policy", async () => {
        const greedy = roleSession(READER_ROLE, { orgId: ORG_ID, allow: ["s3:*"] });
        const by = (action: string, resource: string) => ({ caller: greedy, action, resource, resourceAccount: ARCHIVE, resourcePolicy: bucketPolicy() });
        await assertDeniedBy(by("s3:PutObject", objectArn(LOG_BUCKET, MEMBER_KEY)), ["resource:DenyWritesButByTheService"]);
        await assertDeniedBy(by("s3:PutBucketPolicy", bucketArnOf(LOG_BUCKET)), ["resource:DenyLogBucketSettings"]);
        await assertDeniedBy(by("s3:DeleteObject", objectArn(LOG_BUCKET, MEMBER_KEY)), ["resource:DenyLogDestruction"]);
    });

    it("explicitly denies a listed reader whose account is outside the organization", async () => {
        const movedOut = roleSession(READER_ROLE, { orgId: OTHER_ORG_ID, allow: readGrant });
        await deniedBy(movedOut, "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY), ["DenyOutsideOrganization"]);
        await deniedBy(movedOut, "s3:ListBucket", bucketArnOf(LOG_BUCKET), ["DenyOutsideOrganization"]);
    });

    it("explicitly denies a principal from another organization with s3:*", async () => {
        const outsider = roleSession(ROLES.outsider, { orgId: OTHER_ORG_ID, allow: ["s3:*"] });
        await deniedBy(outsider, "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY), ["DenyOutsideOrganization"]);
        await deniedBy(outsider, "s3:ListBucket", bucketArnOf(LOG_BUCKET), ["DenyOutsideOrganization"]);
    });

    it("explicitly denies a principal in no organization (no aws:PrincipalOrgID)", async () => {
        const noOrg = roleSession(ROLES.outsider, { allow: ["s3:*"] });
        await deniedBy(noOrg, "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY), ["DenyOutsideOrganization"]);
    });

    it("explicitly denies anonymous requests", async () => {
        await deniedBy(anonymous, "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY), ["DenyOutsideOrganization"]);
        await deniedBy(anonymous, "s3:ListBucket", bucketArnOf(LOG_BUCKET), ["DenyOutsideOrganization"]);
    });

    it("explicitly denies the reader over plain HTTP", async () => {
        const http = { ...reader, context: { ...reader.context, "aws:SecureTransport": "false" } };
        await deniedBy(http, "s3:GetObject", objectArn(LOG_BUCKET, MEMBER_KEY), ["DenyInsecureTransport"]);
    });

    it("with no readers configured, the former reader is not allowed", async () => {
        const r = await evaluate({ caller: reader, action: "s3:GetObject", resource: objectArn(LOG_BUCKET, MEMBER_KEY), resourceAccount: ARCHIVE, resourcePolicy: bucketPolicy({ readers: [] }) });
        assert.equal(r, "ImplicitlyDenied");
    });
});
