// The access-log bucket's policy: S3 server access logging of the archive's
// other buckets is the only writer.
import { bucketArn } from "./arns";
import { denyInsecureTransport, policy, PolicyDocument, unlessPrincipal } from "./document";

export interface AccessLogBucketPolicyArgs {
    partition: string;
    accountId: string;
    bucketName: string;
    /** The buckets whose access is logged here, each under `accessLogPrefix(name)`. */
    sourceBucketNames: readonly string[];
    /** Role patterns exempt from the deletion deny. */
    breakGlassArns: readonly string[];
}

/** Where a bucket's server access logs go in the access-log bucket: a folder named after it. */
export function accessLogPrefix(sourceBucketName: string): string {
    return `${sourceBucketName}/`;
}

export function accessLogBucketPolicy(a: AccessLogBucketPolicyArgs): PolicyDocument {
    const bucket = bucketArn(a.partition, a.bucketName);
    const objects = `${bucket}/*`;
    return policy(
        {
            Sid: "S3ServerAccessLogsPolicy",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: a.sourceBucketNames.map((source) => `${bucket}/${accessLogPrefix(source)}*`),
            Condition: {
                ArnLike: { "aws:SourceArn": a.sourceBucketNames.map((source) => bucketArn(a.partition, source)) },
                StringEquals: { "aws:SourceAccount": a.accountId },
            },
        },
        denyInsecureTransport("s3", [bucket, objects]),
        {
            // Identity policies in this account may grant s3:PutObject broadly; access logs are evidence.
            Sid: "DenyWritesByPeople",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: { BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
        },
        {
            Sid: "DenyAccessLogDestruction",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket"],
            Resource: [bucket, objects],
            Condition: unlessPrincipal(a.breakGlassArns),
        },
    );
}
