// The service control policy `protect-audit-trail`: in every account it is
// attached to, nobody but a break-glass role can switch the trail off,
// empty or weaken the archive, disable its key or leave the organization.
import { bucketArn } from "./arns";
import { policy, PolicyDocument, unlessPrincipal } from "./document";
import { KEY_DESTRUCTION_ACTIONS } from "./logKeyPolicy";
import { LOG_OBJECT_DESTRUCTION_ACTIONS } from "./archiveStatements";

export interface ProtectAuditTrailArgs {
    partition: string;
    trailName: string;
    bucketName: string;
    accessLogBucketName: string;
    /** The log-archive key that encrypts the trail's files. */
    kmsKeyArn: string;
    /** Role patterns exempt from every deny. */
    breakGlassArns: readonly string[];
    /**
     * Patterns matching whoever deploys the log-archive stack: exempt from the
     * reconfiguration denies only, exactly as the bucket and key policies
     * exempt it, so that `pulumi up` there can still converge.
     */
    logArchiveDeployerArns: readonly string[];
}

/** AWS Organizations refuses SCPs longer than this many characters. */
export const SCP_MAX_CHARACTERS = 5120;

export const TRAIL_PROTECTION_ACTIONS = [
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "cloudtrail:UpdateTrail",
    "cloudtrail:PutEventSelectors",
    "cloudtrail:PutInsightSelectors",
];

/**
 * The archive buckets' object-destruction list (deletes, tags, ACLs,
 * retention, replication and its owner override) plus DeleteBucket.
 */
export const SCP_LOG_OBJECT_ACTIONS = [...LOG_OBJECT_DESTRUCTION_ACTIONS, "s3:DeleteBucket"];

/**
 * The bucket policy's configuration list plus the rest of the seed article's
 * bucket actions: website and tagging. Left out of the seed's
 * list on purpose: `s3:RestoreObject` (log readers need it to read archived
 * logs; it deletes nothing), `s3:PutAccountPublicAccessBlock` and
 * `s3:DeleteJobTagging` (they act on the account and on Batch jobs, never on
 * the bucket ARNs this policy names) and `s3:DeleteBucketOwnershipControls`
 * (not an IAM action; the API call is authorised by PutBucketOwnershipControls).
 */
export const SCP_BUCKET_CONFIG_ACTIONS = [
    // The bucket policy's former named list, kept here until this SCP moves to bucketSettingsDenies.
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutLifecycleConfiguration",
    "s3:PutBucketVersioning",
    "s3:PutEncryptionConfiguration",
    "s3:PutBucketLogging",
    "s3:PutBucketObjectLockConfiguration",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketOwnershipControls",
    "s3:PutBucketAcl",
    "s3:PutReplicationConfiguration",
    "s3:PutInventoryConfiguration",
    "s3:PutBucketWebsite",
    "s3:PutBucketTagging",
];

export function protectAuditTrailScp(a: ProtectAuditTrailArgs): PolicyDocument {
    const breakGlassOnly = unlessPrincipal(a.breakGlassArns);
    const breakGlassAndDeployer = unlessPrincipal([...a.breakGlassArns, ...a.logArchiveDeployerArns]);
    const buckets = [a.bucketName, a.accessLogBucketName].map((b) => bucketArn(a.partition, b));
    const bucketsAndObjects = buckets.flatMap((b) => [b, `${b}/*`]);
    return policy(
        {
            // Any account and region: the organization trail's shadow copies carry its name everywhere.
            Sid: "ProtectTrail",
            Effect: "Deny",
            Action: TRAIL_PROTECTION_ACTIONS,
            Resource: `arn:${a.partition}:cloudtrail:*:*:trail/${a.trailName}`,
            Condition: breakGlassOnly,
        },
        {
            Sid: "ProtectLogObjects",
            Effect: "Deny",
            Action: SCP_LOG_OBJECT_ACTIONS,
            Resource: bucketsAndObjects,
            Condition: breakGlassOnly,
        },
        {
            Sid: "ProtectLogBucketConfiguration",
            Effect: "Deny",
            Action: SCP_BUCKET_CONFIG_ACTIONS,
            Resource: buckets,
            Condition: breakGlassAndDeployer,
        },
        {
            Sid: "ProtectLogKey",
            Effect: "Deny",
            Action: KEY_DESTRUCTION_ACTIONS,
            Resource: a.kmsKeyArn,
            Condition: breakGlassOnly,
        },
        {
            Sid: "ProtectLogKeyPolicy",
            Effect: "Deny",
            Action: "kms:PutKeyPolicy",
            Resource: a.kmsKeyArn,
            Condition: breakGlassAndDeployer,
        },
        {
            Sid: "StayInOrganization",
            Effect: "Deny",
            Action: "organizations:LeaveOrganization",
            Resource: "*",
            Condition: breakGlassOnly,
        },
    );
}

/** The document as Organizations stores it: no whitespace, so the size limit buys the most statements. */
export function minifiedPolicy(doc: PolicyDocument): string {
    return JSON.stringify(doc);
}
