// The log bucket's policy: CloudTrail may deliver the organization trail's
// files, and nobody else may write, empty or weaken the bucket.
import { bucketSettingsDenies, DEPLOYER_NOTIFICATION_ACTIONS, LOG_OBJECT_DESTRUCTION_ACTIONS } from "./archiveStatements";
import { breakGlassInAccount, bucketArn, organizationLogPrefix, trailObjectPrefixes } from "./arns";
import { denyInsecureTransport, policy, PolicyDocument, Statement, unlessPrincipal } from "./document";
import { grantToReaders } from "./readers";

export interface LogBucketPolicyArgs {
    /** AWS partition of the log-archive account (`aws`, `aws-cn`, `aws-us-gov`). */
    partition: string;
    /** The log-archive account that owns the bucket: only its break-glass roles are exempt. */
    accountId: string;
    /** Name of the log bucket. */
    bucketName: string;
    /** Optional prefix CloudTrail writes before `AWSLogs/`. */
    s3KeyPrefix?: string;
    /** The organization whose principals alone may touch the bucket. */
    organizationId: string;
    /** The management account that owns the organization trail. */
    managementAccountId: string;
    /** The organization trail's ARN: the only source CloudTrail may deliver for. */
    trailArn: string;
    /** Roles, users or account roots allowed to list, read and restore the logs, granted through their accounts. */
    logReaderArns: readonly string[];
    /** Exact break-glass role ARNs (account may be `*`); only this account's role of each name is exempt. */
    breakGlassArns: readonly string[];
    /** The deployer's exact role ARN: exempt only from the denies on the bucket policy and tags (and notifications, with an engine). */
    deployerArns: readonly string[];
    /**
     * The audit account's detection engine role (`engineRoleArn(partition, auditAccountId)`), when the
     * stack feeds an audit account: it may read the organization's log files, and nothing else here;
     * the deployer may then also write the bucket's event notifications.
     */
    engineRoleArn?: string;
}

/** The only principal that may put an object into the log bucket. */
export const LOG_WRITER_SERVICE = "cloudtrail.amazonaws.com";

export function logBucketPolicy(a: LogBucketPolicyArgs): PolicyDocument {
    const bucket = bucketArn(a.partition, a.bucketName);
    const objects = `${bucket}/*`;
    const fromTrail = { "aws:SourceArn": a.trailArn };
    const breakGlass = breakGlassInAccount(a.breakGlassArns, a.accountId);
    return policy(
        {
            Sid: "AWSCloudTrailAclCheck",
            Effect: "Allow",
            Principal: { Service: LOG_WRITER_SERVICE },
            Action: "s3:GetBucketAcl",
            Resource: bucket,
            Condition: { StringEquals: fromTrail },
        },
        {
            Sid: "AWSCloudTrailWrite",
            Effect: "Allow",
            Principal: { Service: LOG_WRITER_SERVICE },
            Action: "s3:PutObject",
            Resource: trailObjectPrefixes(a).map((prefix) => `${bucket}/${prefix}*`),
            Condition: { StringEquals: { ...fromTrail, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
        ...readerStatements(a.partition, a.logReaderArns, bucket),
        ...(a.engineRoleArn === undefined ? [] : engineReads(a.partition, a.engineRoleArn, `${bucket}/${organizationLogPrefix(a)}*`)),
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
        // A forged overwrite would become the current version, the one Athena reads.
        denyWritesButBy(LOG_WRITER_SERVICE, objects),
        {
            Sid: "DenyLogDestruction",
            Effect: "Deny",
            Principal: "*",
            Action: LOG_OBJECT_DESTRUCTION_ACTIONS,
            Resource: objects,
            ...conditionOf(unlessPrincipal(breakGlass)),
        },
        ...bucketSettingsDenies({
            sid: "DenyLogBucket",
            buckets: [bucket],
            breakGlassArns: breakGlass,
            deployerArns: a.deployerArns,
            principal: "*",
            // The notification that carries every new log file to the engine is the deployer's to write, and only then.
            deployerAlsoWrites: a.engineRoleArn === undefined ? [] : DEPLOYER_NOTIFICATION_ACTIONS,
        }),
    );
}

/**
 * Nobody but the service `writer` may put an object: not an administrator,
 * not the deployer, not break-glass (whose work is deleting, never writing).
 * `aws:PrincipalServiceName` is in the request only when an AWS service
 * principal makes it; for everyone else the IfExists operator denies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalservicename
 */
export function denyWritesButBy(writer: string, objects: string): Statement {
    return {
        Sid: "DenyWritesButByTheService",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objects,
        Condition: { StringNotEqualsIfExists: { "aws:PrincipalServiceName": writer } },
    };
}

const conditionOf = (condition: ReturnType<typeof unlessPrincipal>) => (condition ? { Condition: condition } : {});

/** Readers list, read and restore (logs older than logDeepArchiveAfterDays must be restored before they can be read). */
function readerStatements(partition: string, readers: readonly string[], bucket: string): Statement[] {
    return [
        ...grantToReaders(partition, readers, {
            Sid: "LogReadersList",
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketLocation"],
            Resource: bucket,
        }),
        ...grantToReaders(partition, readers, {
            Sid: "LogReadersRead",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:RestoreObject"],
            Resource: `${bucket}/*`,
        }),
    ];
}

/**
 * The detection engine reads each log file of the organization as it lands,
 * and nothing else: no listing, no versions, no digests of the management
 * account's own path, nothing outside `<prefix/>AWSLogs/<o-id>/`. Granted
 * through the audit account's root with the role's ARN as the condition
 * (./readers.ts): the role does not exist when this policy is written (the
 * audit stack is deployed after this one). The deny makes the boundary hold
 * whatever the engine's own role is later given.
 */
export function engineReads(partition: string, engineRoleArn: string, organizationObjects: string): Statement[] {
    return [
        ...grantToReaders(partition, [engineRoleArn], {
            Sid: "DetectionEngineReadsLogs",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: organizationObjects,
        }),
        {
            Sid: "DenyEngineBeyondOrganizationLogs",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            NotResource: organizationObjects,
            Condition: { ArnEquals: { "aws:PrincipalArn": engineRoleArn } },
        },
    ];
}
