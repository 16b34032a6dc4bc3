// The log-file topic's policy and its key's, proven by evaluation: the log
// bucket's notifications get in and the audit queue subscribes; another
// bucket, another account's S3, other accounts, another organization and the
// management account do not, each stopped by a named statement.
import { strict as assert } from "assert";
import {
    ARCHIVE,
    assertDeniedBy,
    Caller,
    evaluate,
    everyActionExists,
    LOG_BUCKET,
    MEMBER,
    MGMT,
    ORG_ID,
    OTHER_ORG_ID,
    OUTSIDER_ACCOUNT,
    roleSession,
    servicePrincipal,
} from "../helpers/iam";
import { ROLES } from "./fixtures";
import { AUDIT, AUDIT_QUEUE, LOG_FILE_TOPIC, LOG_FILE_TOPIC_KEY, topicKeyPolicy, topicPolicy } from "./logFileFixtures";

const OTHER_BUCKET = "someone-elses-bucket";
const s3 = (bucket = LOG_BUCKET, account = ARCHIVE) =>
    servicePrincipal("s3.amazonaws.com", { "aws:SourceArn": `arn:aws:s3:::${bucket}`, "aws:SourceAccount": account });
const role = (arn: string, orgId = ORG_ID) => roleSession(arn, { orgId, allow: ["sns:*", "kms:*"] });
const AUDIT_DEPLOYER = `arn:aws:iam::${AUDIT}:role/PulumiDeployer`;
const subscribeTo = (endpoint: string, protocol = "sqs") => ({ "sns:Endpoint": endpoint, "sns:Protocol": protocol });

const onTopic = (caller: Caller, action: string, context: Record<string, string> = {}) => ({
    caller,
    action,
    resource: LOG_FILE_TOPIC,
    resourceAccount: ARCHIVE,
    resourcePolicy: topicPolicy(),
    context,
});
const onKey = (caller: Caller, action: string, context: Record<string, string> = {}) => ({
    caller,
    action,
    resource: LOG_FILE_TOPIC_KEY,
    resourceAccount: ARCHIVE,
    resourcePolicy: topicKeyPolicy(),
    context,
});

describe("logFileTopicPolicy: the log bucket publishes, nobody else", () => {
    it("lets S3 publish the log bucket's notifications (this bucket, this account)", async () => {
        assert.equal(await evaluate(onTopic(s3(), "sns:Publish")), "Allowed");
    });

    it("denies another bucket's notifications, by DenyPublishButByTheLogBucket", async () => {
        await assertDeniedBy(onTopic(s3(OTHER_BUCKET), "sns:Publish"), ["resource:DenyPublishButByTheLogBucket"]);
    });

    it("denies a bucket of the same name owned by another account (recreated after a delete), by DenyPublishForAnotherAccount", async () => {
        await assertDeniedBy(onTopic(s3(LOG_BUCKET, OUTSIDER_ACCOUNT), "sns:Publish"), ["resource:DenyPublishForAnotherAccount"]);
    });

    it("denies S3 without a source (no confused-deputy context) by both publish denies", async () => {
        await assertDeniedBy(onTopic(servicePrincipal("s3.amazonaws.com"), "sns:Publish"), [
            "resource:DenyPublishButByTheLogBucket",
            "resource:DenyPublishForAnotherAccount",
        ]);
    });

    it("denies an administrator of the log-archive account (identity policy sns:*) a forged message", async () => {
        await assertDeniedBy(onTopic(role(ROLES.admin), "sns:Publish"), ["resource:DenyPublishButByTheLogBucket", "resource:DenyPublishForAnotherAccount"]);
    });

    it("denies the management account and the audit account publishing", async () => {
        for (const arn of [`arn:aws:iam::${MGMT}:role/Admin`, `arn:aws:iam::${AUDIT}:role/Admin`]) {
            await assertDeniedBy(onTopic(role(arn), "sns:Publish"), ["resource:DenyPublishButByTheLogBucket", "resource:DenyPublishForAnotherAccount"]);
        }
    });
});

describe("logFileTopicPolicy: the audit queue is the only subscriber", () => {
    it("lets the audit stack's deployer subscribe the audit queue over sqs", async () => {
        assert.equal(await evaluate(onTopic(role(AUDIT_DEPLOYER), "sns:Subscribe", subscribeTo(AUDIT_QUEUE))), "Allowed");
    });

    it("needs the audit principal's own IAM permission too (cross-account)", async () => {
        const bare = roleSession(AUDIT_DEPLOYER, { orgId: ORG_ID });
        assert.equal(await evaluate(onTopic(bare, "sns:Subscribe", subscribeTo(AUDIT_QUEUE))), "ImplicitlyDenied");
    });

    it("denies the audit account subscribing another queue of its own, by DenySubscribersButTheAuditQueue", async () => {
        const other = `arn:aws:sqs:eu-west-1:${AUDIT}:somewhere-else`;
        await assertDeniedBy(onTopic(role(AUDIT_DEPLOYER), "sns:Subscribe", subscribeTo(other)), ["resource:DenySubscribersButTheAuditQueue"]);
    });

    it("denies an e-mail or HTTPS subscriber, from any account, by DenySubscribersButTheAuditQueue", async () => {
        await assertDeniedBy(onTopic(role(AUDIT_DEPLOYER), "sns:Subscribe", subscribeTo("spy@example.com", "email")), [
            "resource:DenySubscribersButTheAuditQueue",
        ]);
        await assertDeniedBy(onTopic(role(ROLES.admin), "sns:Subscribe", subscribeTo("https://example.com/hook", "https")), [
            "resource:DenySubscribersButTheAuditQueue",
            "resource:DenySubscribeButByTheAuditAccount",
        ]);
    });

    it("does not let the audit account subscribe its queue under another protocol (the Allow wants sqs)", async () => {
        assert.equal(await evaluate(onTopic(role(AUDIT_DEPLOYER), "sns:Subscribe", subscribeTo(AUDIT_QUEUE, "lambda"))), "ImplicitlyDenied");
    });

    for (const [who, arn] of [
        ["the management account", `arn:aws:iam::${MGMT}:role/Admin`],
        ["another member account", `arn:aws:iam::${MEMBER}:role/Admin`],
        ["the log-archive account's administrator", ROLES.admin],
    ] as const) {
        it(`denies ${who} subscribing, even the audit queue, by DenySubscribeButByTheAuditAccount`, async () => {
            await assertDeniedBy(onTopic(role(arn), "sns:Subscribe", subscribeTo(AUDIT_QUEUE)), ["resource:DenySubscribeButByTheAuditAccount"]);
        });
    }

    it("denies another organization's principal anything, by DenyOutsideOrganization (and the subscribe walls)", async () => {
        const outsider = role(ROLES.outsider, OTHER_ORG_ID);
        await assertDeniedBy(onTopic(outsider, "sns:GetTopicAttributes"), ["resource:DenyOutsideOrganization"]);
        await assertDeniedBy(onTopic(outsider, "sns:Subscribe", subscribeTo(AUDIT_QUEUE)), [
            "resource:DenyOutsideOrganization",
            "resource:DenySubscribeButByTheAuditAccount",
        ]);
    });
});

describe("logFileTopicPolicy: only the deployer and break-glass change the topic", () => {
    for (const action of ["sns:SetTopicAttributes", "sns:RemovePermission", "sns:AddPermission", "sns:DeleteTopic", "sns:PutDataProtectionPolicy"]) {
        it(`denies an administrator ${action}, by DenyTopicChanges; the deployer and break-glass may`, async () => {
            await assertDeniedBy(onTopic(role(ROLES.admin), action), ["resource:DenyTopicChanges"]);
            assert.equal(await evaluate(onTopic(role(ROLES.deployer), action)), "Allowed");
            assert.equal(await evaluate(onTopic(role(ROLES.breakGlass), action)), "Allowed");
        });
    }

    it("names only real actions", async () => {
        assert.deepEqual(await everyActionExists(topicPolicy()), []);
    });
});

describe("logFileTopicKeyPolicy: S3 encrypts the log bucket's notifications, nobody reads", () => {
    for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
        it(`lets S3 ${action} for the log bucket's notifications`, async () => {
            assert.equal(await evaluate(onKey(s3(), action)), "Allowed");
        });

        it(`does not let S3 ${action} for another bucket or another account's bucket of that name`, async () => {
            assert.equal(await evaluate(onKey(s3(OTHER_BUCKET), action)), "ImplicitlyDenied");
            assert.equal(await evaluate(onKey(s3(LOG_BUCKET, OUTSIDER_ACCOUNT), action)), "ImplicitlyDenied");
        });
    }

    it("does not let an administrator of the account (kms:*), the audit account or the management account decrypt", async () => {
        for (const arn of [ROLES.admin, `arn:aws:iam::${AUDIT}:role/Admin`, `arn:aws:iam::${MGMT}:role/Admin`]) {
            assert.equal(await evaluate(onKey(role(arn), "kms:Decrypt")), "ImplicitlyDenied", arn);
        }
    });

    it("denies an administrator ScheduleKeyDeletion and PutKeyPolicy by name; break-glass may", async () => {
        await assertDeniedBy(onKey(role(ROLES.admin), "kms:ScheduleKeyDeletion"), ["resource:DenyKeyDestruction"]);
        await assertDeniedBy(onKey(role(ROLES.admin), "kms:PutKeyPolicy"), ["resource:DenyKeyPolicyChanges"]);
        await assertDeniedBy(onKey(role(ROLES.deployer), "kms:DisableKey"), ["resource:DenyKeyDestruction"]);
        assert.equal(await evaluate(onKey(role(ROLES.breakGlass), "kms:ScheduleKeyDeletion")), "Allowed");
        assert.equal(await evaluate(onKey(role(ROLES.deployer), "kms:PutKeyPolicy")), "Allowed");
    });

    it("names only real actions", async () => {
        assert.deepEqual(await everyActionExists(topicKeyPolicy()), []);
    });
});
