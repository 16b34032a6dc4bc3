// The access-log bucket's policy: S3 server access logging of the archive's
// other buckets is the only writer, and the bucket stays as deployed.
import { bucketSettingsDenies, LOG_OBJECT_DESTRUCTION_ACTIONS } from "./archiveStatements";
import { breakGlassInAccount, bucketArn } from "./arns";
import { denyInsecureTransport, policy, PolicyDocument, unlessPrincipal } from "./document";
import { denyWritesButBy } from "./logBucketPolicy";

export interface AccessLogBucketPolicyArgs {
    /** AWS partition of the log-archive account. */
    partition: string;
    /** The log-archive account: the only source account, and the only account whose break-glass roles are exempt. */
    accountId: string;
    /** Name of the access-log bucket. */
    bucketName: string;
    /** The buckets whose access is logged here, each under `accessLogPrefix(name)`. */
    sourceBucketNames: readonly string[];
    /** Exact break-glass role ARNs (account may be `*`); only this account's role of each name is exempt. */
    breakGlassArns: readonly string[];
    /** The deployer's exact role ARN: exempt only from the denies on the bucket policy and tags. */
    deployerArns: readonly string[];
}

/** The only principal that may put an object into the access-log bucket. */
export const ACCESS_LOG_WRITER_SERVICE = "logging.s3.amazonaws.com";

/** Where a bucket's server access logs go in the access-log bucket: a folder named after it. */
export function accessLogPrefix(sourceBucketName: string): string {
    return `${sourceBucketName}/`;
}

/** `S3ServerAccessLogsPolicy` for the first source (the log bucket), then `S3ServerAccessLogsPolicy2`, ... */
export function accessLogSid(index: number): string {
    return index === 0 ? "S3ServerAccessLogsPolicy" : `S3ServerAccessLogsPolicy${index + 1}`;
}

export function accessLogBucketPolicy(a: AccessLogBucketPolicyArgs): PolicyDocument {
    const bucket = bucketArn(a.partition, a.bucketName);
    const objects = `${bucket}/*`;
    const breakGlass = breakGlassInAccount(a.breakGlassArns, a.accountId);
    const exemptBreakGlass = unlessPrincipal(breakGlass);
    return policy(
        // One statement per source bucket: each may write only under its own folder, so one bucket's
        // logs can never be passed off as another's.
        ...a.sourceBucketNames.map((source, i) => ({
            Sid: accessLogSid(i),
            Effect: "Allow" as const,
            Principal: { Service: ACCESS_LOG_WRITER_SERVICE },
            Action: "s3:PutObject",
            Resource: `${bucket}/${accessLogPrefix(source)}*`,
            Condition: {
                ArnEquals: { "aws:SourceArn": bucketArn(a.partition, source) },
                StringEquals: { "aws:SourceAccount": a.accountId },
            },
        })),
        denyInsecureTransport("s3", [bucket, objects]),
        // Identity policies in this account may grant s3:PutObject broadly; access logs are evidence.
        denyWritesButBy(ACCESS_LOG_WRITER_SERVICE, objects),
        {
            // Deleting, re-tagging or replicating over the record of who touched the logs.
            Sid: "DenyAccessLogDestruction",
            Effect: "Deny",
            Principal: "*",
            Action: LOG_OBJECT_DESTRUCTION_ACTIONS,
            Resource: objects,
            ...(exemptBreakGlass ? { Condition: exemptBreakGlass } : {}),
        },
        ...bucketSettingsDenies({ sid: "DenyAccessLogBucket", buckets: [bucket], breakGlassArns: breakGlass, deployerArns: a.deployerArns, principal: "*" }),
    );
}
