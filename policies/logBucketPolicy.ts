// The log bucket's policy: CloudTrail may deliver the organization trail's
// files and nothing else may weaken or empty the bucket.
import { bucketArn, trailObjectPrefixes } from "./arns";
import { denyInsecureTransport, policy, PolicyDocument, Statement, unlessPrincipal } from "./document";

export interface LogBucketPolicyArgs {
    partition: string;
    bucketName: string;
    s3KeyPrefix?: string;
    organizationId: string;
    managementAccountId: string;
    /** The organization trail's ARN: the only source CloudTrail may deliver for. */
    trailArn: string;
    /** Principals allowed to list, read and restore the logs. */
    logReaderArns: readonly string[];
    /** Role patterns exempt from every deny (`ArnLike`). */
    breakGlassArns: readonly string[];
    /** Patterns matching the principal that runs `pulumi up`: exempt from the configuration deny only. */
    deployerArns: readonly string[];
}

/** Removing or rewriting log data. Only break-glass roles may. */
export const LOG_DESTRUCTION_ACTIONS = [
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
    "s3:DeleteBucket",
];

/** Weakening the bucket's protections. The deployer keeps them so `pulumi up` can still converge. */
export const LOG_BUCKET_CONFIG_ACTIONS = [
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
];

export function logBucketPolicy(a: LogBucketPolicyArgs): PolicyDocument {
    const bucket = bucketArn(a.partition, a.bucketName);
    const objects = `${bucket}/*`;
    const fromTrail = { "aws:SourceArn": a.trailArn };
    return policy(
        {
            Sid: "AWSCloudTrailAclCheck",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:GetBucketAcl",
            Resource: bucket,
            Condition: { StringEquals: fromTrail },
        },
        {
            Sid: "AWSCloudTrailWrite",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: trailObjectPrefixes(a).map((prefix) => `${bucket}/${prefix}*`),
            Condition: { StringEquals: { ...fromTrail, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
        ...readerStatements(a.logReaderArns, bucket),
        denyInsecureTransport("s3", [bucket, objects]),
        {
            // AWS services (CloudTrail) carry no organization id; they are allowed above, by name.
            Sid: "DenyOutsideOrganization",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucket, objects],
            Condition: {
                StringNotEqualsIfExists: { "aws:PrincipalOrgID": a.organizationId },
                BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
            },
        },
        {
            Sid: "DenyLogDestruction",
            Effect: "Deny",
            Principal: "*",
            Action: LOG_DESTRUCTION_ACTIONS,
            Resource: [bucket, objects],
            Condition: unlessPrincipal(a.breakGlassArns),
        },
        {
            Sid: "DenyProtectionChanges",
            Effect: "Deny",
            Principal: "*",
            Action: LOG_BUCKET_CONFIG_ACTIONS,
            Resource: bucket,
            Condition: unlessPrincipal([...a.breakGlassArns, ...a.deployerArns]),
        },
    );
}

/** Readers list and read; nothing at all when there are none (IAM rejects an empty Principal). */
function readerStatements(readers: readonly string[], bucket: string): Statement[] {
    if (readers.length === 0) return [];
    const principal = { AWS: [...readers] };
    return [
        {
            Sid: "LogReadersList",
            Effect: "Allow",
            Principal: principal,
            Action: ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketLocation"],
            Resource: bucket,
        },
        {
            // RestoreObject: logs older than logDeepArchiveAfterDays must be restored before they can be read.
            Sid: "LogReadersRead",
            Effect: "Allow",
            Principal: principal,
            Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:RestoreObject"],
            Resource: `${bucket}/*`,
        },
    ];
}
