import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accessLogBucketPolicy, accessLogPrefix } from "../policies/accessLogBucketPolicy";
import { bucketArn } from "../policies/arns";
import { logBucketPolicy } from "../policies/logBucketPolicy";
import { logKeyPolicy } from "../policies/logKeyPolicy";
import { HardenedBucket } from "./hardenedBucket";

export interface LogArchiveArgs {
    /** AWS partition of the log-archive account (`aws`, `aws-cn`, `aws-us-gov`). */
    partition: string;
    /** The log-archive account the stack runs in. */
    accountId: string;
    /** The organization whose trail delivers here. */
    organizationId: string;
    /** The management account that owns the organization trail. */
    managementAccountId: string;
    /** Name of the organization trail; names the key's alias. */
    trailName: string;
    /** ARN of the organization trail, the only delivery source accepted. */
    trailArn: string;
    /** Name of the log bucket. */
    bucketName: string;
    /** Name of the bucket that receives the log bucket's server access logs. */
    accessLogBucketName: string;
    /** Optional prefix CloudTrail writes before `AWSLogs/`. */
    s3KeyPrefix?: string;
    /** Default Object Lock retention of log objects; omitted for none (Object Lock stays enabled). */
    objectLock?: { mode: "GOVERNANCE" | "COMPLIANCE"; days: number };
    /** Lifecycle of log objects, in days; 0 turns a step off. */
    lifecycle: {
        glacierIrAfterDays: number;
        deepArchiveAfterDays: number;
        expireAfterDays: number;
        noncurrentVersionDays: number;
    };
    /** Days the server access logs are kept. */
    accessLogRetentionDays: number;
    /** Principals allowed to list, read and decrypt the logs. */
    logReaderArns: string[];
    /** Role patterns exempt from every deny statement. */
    breakGlassArns: string[];
    /** Patterns matching the principal running `pulumi up`, exempt from policy-change denies so it can keep converging. */
    deployerArns: string[];
    /** The Athena auditor role and this region, when Athena is on: the key lets it decrypt logs through S3. */
    auditor?: { roleArn: string; region: string };
    /** Other buckets of the archive whose server access logs go to the access-log bucket. */
    otherAccessLogSources?: string[];
}

/** Incomplete multipart uploads are never logs; they only cost money. */
const ABORT_MULTIPART_AFTER_DAYS = 7;

/**
 * The log-archive account's half of the design: the KMS key that encrypts
 * every CloudTrail file, the Object Lock log bucket CloudTrail delivers to,
 * and the bucket that records who touched it.
 */
export class LogArchive extends pulumi.ComponentResource {
    public readonly key: aws.kms.Key;
    public readonly kmsKeyArn: pulumi.Output<string>;
    public readonly logBucket: HardenedBucket;
    public readonly accessLogBucket: HardenedBucket;

    constructor(name: string, args: LogArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:archive:LogArchive", name, {}, opts);
        const retained: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: true };

        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Encrypts the CloudTrail logs of ${args.organizationId} (trail ${args.trailArn})`,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: JSON.stringify(logKeyPolicy(args)),
            },
            retained,
        );
        new aws.kms.Alias(`${name}-key-alias`, { name: `alias/org-cloudtrail/${args.trailName}`, targetKeyId: this.key.keyId }, retained);
        this.kmsKeyArn = this.key.arn;

        this.accessLogBucket = new HardenedBucket(
            `${name}-access-logs`,
            {
                bucketName: args.accessLogBucketName,
                // S3 server access logging cannot deliver to a bucket with a default retention or SSE-KMS.
                objectLock: false,
                lifecycleRules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: args.accessLogRetentionDays },
                        noncurrentVersionExpiration: { noncurrentDays: args.lifecycle.noncurrentVersionDays },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_MULTIPART_AFTER_DAYS },
                    },
                ],
                policy: accessLogBucketPolicy({
                    partition: args.partition,
                    accountId: args.accountId,
                    bucketName: args.accessLogBucketName,
                    sourceBucketNames: [args.bucketName, ...(args.otherAccessLogSources ?? [])],
                    breakGlassArns: args.breakGlassArns,
                }),
            },
            { parent: this },
        );

        this.logBucket = new HardenedBucket(
            `${name}-logs`,
            {
                bucketName: args.bucketName,
                objectLock: true,
                defaultRetention: args.objectLock,
                kmsKeyArn: this.key.arn,
                lifecycleRules: logLifecycleRules(args.lifecycle),
                accessLogs: { targetBucket: this.accessLogBucket.bucketName, targetPrefix: accessLogPrefix(args.bucketName) },
                policy: logBucketPolicy(args),
            },
            { parent: this, dependsOn: [this.accessLogBucket] },
        );

        this.registerOutputs({
            kmsKeyArn: this.kmsKeyArn,
            bucketArn: bucketArn(args.partition, args.bucketName),
            accessLogBucketName: this.accessLogBucket.bucketName,
        });
    }
}

/** Cheap storage as logs age, expiry at the end of retention, and no orphaned versions or uploads. */
export function logLifecycleRules(l: LogArchiveArgs["lifecycle"]): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    const transitions = [
        ...(l.glacierIrAfterDays > 0 ? [{ days: l.glacierIrAfterDays, storageClass: "GLACIER_IR" }] : []),
        ...(l.deepArchiveAfterDays > 0 ? [{ days: l.deepArchiveAfterDays, storageClass: "DEEP_ARCHIVE" }] : []),
    ];
    return [
        {
            id: "archive-and-expire-logs",
            status: "Enabled",
            filter: {},
            ...(transitions.length > 0 ? { transitions } : {}),
            ...(l.expireAfterDays > 0 ? { expiration: { days: l.expireAfterDays } } : {}),
            noncurrentVersionExpiration: { noncurrentDays: l.noncurrentVersionDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_MULTIPART_AFTER_DAYS },
        },
        {
            // A separate rule: S3 does not take expiration days and expiredObjectDeleteMarker together.
            id: "remove-expired-delete-markers",
            status: "Enabled",
            filter: {},
            expiration: { expiredObjectDeleteMarker: true },
        },
    ];
}
