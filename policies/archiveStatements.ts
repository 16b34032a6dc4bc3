// The denies that keep the archive's buckets as they were deployed, shared by
// the bucket policies (log-archive stack), the SCP and the RCP (management
// stack), so the three walls deny the same requests.
import { Principal, Statement } from "./document";

/**
 * Every bucket-level setting, as wildcards, so that an action S3 adds later
 * is denied too (a named list missed `s3:PutBucketRequestPayment`, which stops
 * CloudTrail's delivery, and `s3:PutBucketNotification`).
 */
export const BUCKET_SETTINGS_ACTIONS = ["s3:PutBucket*", "s3:Put*Configuration", "s3:DeleteBucket*"];

/**
 * What the deployer's next `pulumi up` of an unchanged program may still
 * write: the bucket policy (a new reader) and tags. Every change of retention,
 * lifecycle, Object Lock, logging, encryption, versioning or replication needs
 * break-glass.
 */
export const DEPLOYER_BUCKET_ACTIONS = ["s3:PutBucketPolicy", "s3:PutBucketTagging"];

/**
 * What the deployer may also write when the log-archive stack feeds an audit
 * account (auditAccountId set): the log bucket's event notifications, which
 * carry every new log file to the audit engine. Added to the deployer's
 * exemption in the bucket policy, the SCP and the RCP only then; removing or
 * redirecting the notification still pages (audit-log-file-topic-changed).
 */
export const DEPLOYER_NOTIFICATION_ACTIONS = ["s3:PutBucketNotification"];

/** What a `pulumi up` or `refresh` reads of a bucket; never denied to the deployer. */
export const DEPLOYER_BUCKET_READS = ["s3:Get*", "s3:List*"];

/**
 * Removing or rewriting log data, in place or through replication to a
 * bucket someone else controls. Only break-glass roles may.
 */
export const LOG_OBJECT_DESTRUCTION_ACTIONS = [
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:DeleteObjectTagging",
    "s3:DeleteObjectVersionTagging",
    "s3:PutObjectTagging",
    "s3:PutObjectVersionTagging",
    "s3:PutObjectAcl",
    "s3:PutObjectVersionAcl",
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
    "s3:BypassGovernanceRetention",
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:ReplicateTags",
    "s3:ObjectOwnerOverrideToBucketOwner",
];

export interface BucketSettingsArgs {
    /** Sid prefix: each document names its statements after what it protects. */
    sid: string;
    /** Bucket ARNs (not objects): settings are bucket-level. */
    buckets: readonly string[];
    /** Exact role ARNs exempt from both statements. */
    breakGlassArns: readonly string[];
    /** The deployer's exact role ARN(s): exempt only from DEPLOYER_BUCKET_ACTIONS. Empty: no exemption. */
    deployerArns: readonly string[];
    /** `"*"` in resource policies and RCPs; absent in SCPs, which name no principal. */
    principal?: Principal;
    /**
     * Bucket actions the deployer may also write, beyond DEPLOYER_BUCKET_ACTIONS:
     * DEPLOYER_NOTIFICATION_ACTIONS when the stack feeds an audit account
     * (auditAccountId set), nothing otherwise.
     */
    deployerAlsoWrites?: readonly string[];
}

/**
 * Two statements: every setting is denied to all but break-glass and the
 * deployer, and the deployer is denied every bucket action but its few
 * (NotAction: IAM cannot subtract actions from a wildcard any other way).
 */
export function bucketSettingsDenies(a: BucketSettingsArgs): Statement[] {
    const principal = a.principal === undefined ? {} : { Principal: a.principal };
    const exempt = [...a.breakGlassArns, ...a.deployerArns];
    const everyone: Statement = {
        Sid: `${a.sid}Settings`,
        Effect: "Deny",
        ...principal,
        Action: BUCKET_SETTINGS_ACTIONS,
        Resource: [...a.buckets],
        ...(exempt.length > 0 ? { Condition: { ArnNotLike: { "aws:PrincipalArn": exempt } } } : {}),
    };
    if (a.deployerArns.length === 0) return [everyone];
    const deployer: Statement = {
        Sid: `${a.sid}DeployerOnlyPolicyAndTags`,
        Effect: "Deny",
        ...principal,
        NotAction: [...DEPLOYER_BUCKET_ACTIONS, ...(a.deployerAlsoWrites ?? []), ...DEPLOYER_BUCKET_READS],
        Resource: [...a.buckets],
        Condition: { ArnLike: { "aws:PrincipalArn": [...a.deployerArns] } },
    };
    return [everyone, deployer];
}
