// The log bucket policy, part 3: with an audit account (auditAccountId), its
// detection engine reads the organization's log files and nothing else, the
// existing walls do not stop it, and the deployer may write the bucket's
// event notifications. Without one, none of this is in the policy.
import { strict as assert } from "assert";
import { ARCHIVE, assertDeniedBy, Caller, evaluate, everyActionExists, LOG_BUCKET, MEMBER, MGMT, ORG_ID, OTHER_ORG_ID, READER_ROLE, REGION, roleSession, roundTrip } from "../helpers/iam";
import { bucketArnOf, objectArn, ROLES } from "./fixtures";
import { AUDIT, ENGINE_ROLE, engineBucketPolicy, FeedVariant } from "./logFileFixtures";

const ORG_KEY = `AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail/${REGION}/2026/11/24/${MEMBER}_CloudTrail_${REGION}_20261124T1000Z_abc.json.gz`;
const DIGEST_KEY = `AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail-Digest/${REGION}/2026/11/24/${MEMBER}_CloudTrail-Digest_${REGION}_organization-trail_${REGION}_20261124T100000Z.json.gz`;
const MGMT_PATH_KEY = `AWSLogs/${MGMT}/CloudTrail/${REGION}/2026/11/24/x.json.gz`;

/** The engine's role session, with an identity policy as broad as the audit stack could ever give it. */
const engine = (o: { orgId?: string; arn?: string } = {}): Caller => roleSession(o.arn ?? ENGINE_ROLE, { orgId: o.orgId ?? ORG_ID, allow: ["s3:*"] });

const request = (caller: Caller, action: string, resource: string, v: FeedVariant = {}) => ({
    caller,
    action,
    resource,
    resourceAccount: ARCHIVE,
    resourcePolicy: engineBucketPolicy(v),
});

describe("logBucketPolicy with an audit account: the engine reads the organization's log files", () => {
    it("lets the engine GetObject a log file under AWSLogs/<o-id>/ (the existing denies do not stop it)", async () => {
        assert.equal(await evaluate(request(engine(), "s3:GetObject", objectArn(LOG_BUCKET, ORG_KEY))), "Allowed");
    });

    it("lets it read digest files too (same prefix: the engine ignores them, S3 announces them)", async () => {
        assert.equal(await evaluate(request(engine(), "s3:GetObject", objectArn(LOG_BUCKET, DIGEST_KEY))), "Allowed");
    });

    it("with s3KeyPrefix: reads under <prefix>/AWSLogs/<o-id>/ only; the unprefixed path is denied by DenyEngineBeyondOrganizationLogs", async () => {
        const v = { s3KeyPrefix: "audit" };
        assert.equal(await evaluate(request(engine(), "s3:GetObject", objectArn(LOG_BUCKET, `audit/${ORG_KEY}`), v)), "Allowed");
        await assertDeniedBy(request(engine(), "s3:GetObject", objectArn(LOG_BUCKET, ORG_KEY), v), ["resource:DenyEngineBeyondOrganizationLogs"]);
    });

    it("needs the engine role's own IAM permission too (cross-account)", async () => {
        const bare = roleSession(ENGINE_ROLE, { orgId: ORG_ID });
        assert.equal(await evaluate(request(bare, "s3:GetObject", objectArn(LOG_BUCKET, ORG_KEY))), "ImplicitlyDenied");
    });

    it("grants through the audit account's root with the engine's ARN as the condition (the role does not exist yet)", () => {
        const s = roundTrip(engineBucketPolicy()).Statement.find((x) => x.Sid === "DetectionEngineReadsLogs");
        assert.deepEqual(s, {
            Sid: "DetectionEngineReadsLogs",
            Effect: "Allow",
            Principal: { AWS: [`arn:aws:iam::${AUDIT}:root`] },
            Action: "s3:GetObject",
            Resource: `arn:aws:s3:::${LOG_BUCKET}/AWSLogs/${ORG_ID}/*`,
            Condition: { ArnEquals: { "aws:PrincipalArn": [ENGINE_ROLE] } },
        });
    });
});

describe("logBucketPolicy with an audit account: the engine reads nothing else", () => {
    it("denies it a file outside AWSLogs/<o-id>/ (the management account's own path), by DenyEngineBeyondOrganizationLogs", async () => {
        await assertDeniedBy(request(engine(), "s3:GetObject", objectArn(LOG_BUCKET, MGMT_PATH_KEY)), ["resource:DenyEngineBeyondOrganizationLogs"]);
    });

    it("denies it listing the bucket, by DenyEngineBeyondOrganizationLogs", async () => {
        await assertDeniedBy(request(engine(), "s3:ListBucket", bucketArnOf(LOG_BUCKET)), ["resource:DenyEngineBeyondOrganizationLogs"]);
    });

    it("denies it other object actions inside the prefix (old versions, deletes)", async () => {
        assert.equal(await evaluate(request(engine(), "s3:GetObjectVersion", objectArn(LOG_BUCKET, ORG_KEY))), "ImplicitlyDenied");
        await assertDeniedBy(request(engine(), "s3:DeleteObject", objectArn(LOG_BUCKET, ORG_KEY)), ["resource:DenyLogDestruction"]);
        await assertDeniedBy(request(engine(), "s3:PutObject", objectArn(LOG_BUCKET, ORG_KEY)), ["resource:DenyWritesButByTheService"]);
    });

    for (const [who, arn] of [
        ["a different role of the audit account", `arn:aws:iam::${AUDIT}:role/Developer`],
        ["a role of the engine's name in the management account", `arn:aws:iam::${MGMT}:role/org-cloudtrail-detection-engine`],
        ["a role of the engine's name in another member account", `arn:aws:iam::${MEMBER}:role/org-cloudtrail-detection-engine`],
    ] as const) {
        it(`gives ${who} nothing: no Allow matches it`, async () => {
            assert.equal(await evaluate(request(engine({ arn }), "s3:GetObject", objectArn(LOG_BUCKET, ORG_KEY))), "ImplicitlyDenied");
        });
    }

    it("denies a role of the engine's ARN outside the organization, by DenyOutsideOrganization", async () => {
        await assertDeniedBy(request(engine({ orgId: OTHER_ORG_ID }), "s3:GetObject", objectArn(LOG_BUCKET, ORG_KEY)), ["resource:DenyOutsideOrganization"]);
    });

    it("without an audit account: no engine statement, and the engine reads nothing", async () => {
        const sids = engineBucketPolicy({ engine: false }).Statement.map((s) => s.Sid);
        assert.ok(!sids.some((s) => /Engine/.test(s)), sids.join(", "));
        assert.equal(await evaluate(request(engine(), "s3:GetObject", objectArn(LOG_BUCKET, ORG_KEY), { engine: false })), "ImplicitlyDenied");
    });

    it("keeps the readers reading", async () => {
        const reader = roleSession(READER_ROLE, { orgId: ORG_ID, allow: ["s3:*"] });
        assert.equal(await evaluate(request(reader, "s3:GetObject", objectArn(LOG_BUCKET, MGMT_PATH_KEY))), "Allowed");
    });

    it("names only real actions", async () => {
        assert.deepEqual(await everyActionExists(engineBucketPolicy()), []);
    });
});

describe("logBucketPolicy with an audit account: the deployer writes the bucket's notifications", () => {
    const deployer = roleSession(ROLES.deployer, { orgId: ORG_ID, allow: ["*"] });
    const admin = roleSession(ROLES.admin, { orgId: ORG_ID, allow: ["*"] });

    it("lets the deployer PutBucketNotification, and still PutBucketPolicy", async () => {
        assert.equal(await evaluate(request(deployer, "s3:PutBucketNotification", bucketArnOf(LOG_BUCKET))), "Allowed");
        assert.equal(await evaluate(request(deployer, "s3:PutBucketPolicy", bucketArnOf(LOG_BUCKET))), "Allowed");
    });

    it("still denies the deployer every other setting, by DenyLogBucketDeployerOnlyPolicyAndTags", async () => {
        for (const action of ["s3:PutLifecycleConfiguration", "s3:PutBucketLogging", "s3:PutReplicationConfiguration"]) {
            await assertDeniedBy(request(deployer, action, bucketArnOf(LOG_BUCKET)), ["resource:DenyLogBucketDeployerOnlyPolicyAndTags"]);
        }
    });

    it("denies an administrator PutBucketNotification (removing or redirecting the feed), by DenyLogBucketSettings", async () => {
        await assertDeniedBy(request(admin, "s3:PutBucketNotification", bucketArnOf(LOG_BUCKET)), ["resource:DenyLogBucketSettings"]);
    });

    it("without an audit account: the deployer may not write notifications, by DenyLogBucketDeployerOnlyPolicyAndTags", async () => {
        await assertDeniedBy(request(deployer, "s3:PutBucketNotification", bucketArnOf(LOG_BUCKET), { engine: false }), [
            "resource:DenyLogBucketDeployerOnlyPolicyAndTags",
        ]);
    });
});
