// What an attacker must be denied on the archive, written out once for the
// tests of every wall (SCP, RCP), independently of the production constants
// they check: a policy that loses one of these actions, or ships an empty
// Action, fails the tests that simulate them.

export const LOG_OBJECT_ATTACKS = [
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

/** The deployer's next `pulumi up` writes these two; every other bucket setting below needs break-glass. */
export const DEPLOYER_BUCKET_WRITES = ["s3:PutBucketPolicy", "s3:PutBucketTagging"];

export const BUCKET_SETTING_ATTACKS = [
    ...DEPLOYER_BUCKET_WRITES,
    "s3:DeleteBucketPolicy",
    "s3:DeleteBucket",
    "s3:DeleteBucketWebsite",
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
    "s3:PutBucketRequestPayment",
    "s3:PutBucketNotification",
    "s3:PutBucketWebsite",
    "s3:PutBucketCORS",
    "s3:PutAnalyticsConfiguration",
    "s3:PutIntelligentTieringConfiguration",
    "s3:PutMetricsConfiguration",
    "s3:PutAccelerateConfiguration",
];

export const KEY_ATTACKS = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation"];

export const PUT_KEY_POLICY = "kms:PutKeyPolicy";

/** The request context of a PutKeyPolicy that skips KMS's lockout safety check. */
export const LOCKOUT_BYPASS = { "kms:BypassPolicyLockoutSafetyCheck": "true" };
