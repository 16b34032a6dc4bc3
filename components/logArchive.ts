import type * as inputs from "@pulumi/aws/types/input";
import * as kms from "@pulumi/aws/kms";
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
    /**
     * Lifecycle of log objects, in days; 0 turns a step off (expireAfterDays 0:
     * kept forever). Noncurrent versions are kept as long as current ones.
     */
    lifecycle: {
        glacierIrAfterDays: number;
        deepArchiveAfterDays: number;
        expireAfterDays: number;
    };
    /** Days the server access logs, current and noncurrent, are kept. */
    accessLogRetentionDays: number;
    /** Roles, users or account roots allowed to list, read and decrypt the logs, granted through their accounts. */
    logReaderArns: string[];
    /** Exact break-glass role ARNs (account may be `*`), exempt from every deny; only this account's role of each name. */
    breakGlassArns: string[];
    /** The deployer's exact role ARN (`[deployerRoleArn]`): may change the bucket policies, tags and key policy, nothing else. */
    deployerArns: string[];
    /** The Athena auditor role and this region, when Athena is on: the key lets it decrypt logs through S3. */
    auditor?: { roleArn: string; region: string };
    /**
     * The audit account's detection engine role (derived: `engineRoleArn(partition, auditAccountId)`) and this
     * region, when the stack feeds an audit account: the bucket and key policies let it read and decrypt the
     * organization's log files through S3, and the deployer may write the bucket's notifications.
     */
    engine?: { roleArn: string; region: string };
    /** Other buckets of the archive whose server access logs go to the access-log bucket. */
    otherAccessLogSources?: string[];
}

/** Incomplete multipart uploads are never logs; they only cost money. */
const ABORT_MULTIPART_AFTER_DAYS = 7;

/**
 * Log files under 128 KB never change storage class. S3's default since
 * September 2024, set explicitly so a bucket's older default
 * (`varies_by_storage_class`) cannot linger. At us-east-1 list prices, Deep
 * Archive bills each object 8 KB at the Standard rate plus 32 KB at its own
 * rate and $0.05 per 1,000 transitions: an object under about 10 KB costs
 * more there every month than in Standard, one under about 43 KB never earns
 * its transition back over a 7-year retention, and between 43 and 128 KB the
 * gain is at most $0.13 per thousand files, for a restore of 12 to 48 hours
 * before each read. Glacier IR bills at least 128 KB per object. The README's
 * cost section has the numbers.
 */
export const LOG_TRANSITION_MINIMUM_OBJECT_SIZE = "all_storage_classes_128K";

/**
 * The log-archive account's half of the design: the KMS key that encrypts
 * every CloudTrail file, the Object Lock log bucket CloudTrail delivers to,
 * and the bucket that records who touched it.
 */
export class LogArchive extends pulumi.ComponentResource {
    public readonly key: kms.Key;
    public readonly kmsKeyArn: pulumi.Output<string>;
    public readonly logBucket: HardenedBucket;
    public readonly accessLogBucket: HardenedBucket;

    constructor(name: string, args: LogArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:archive:LogArchive", name, {}, opts);
        const retained: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: true };

        this.key = new kms.Key(
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
        new kms.Alias(`${name}-key-alias`, { name: `alias/org-cloudtrail/${args.trailName}`, targetKeyId: this.key.keyId }, retained);
        this.kmsKeyArn = this.key.arn;

        this.accessLogBucket = new HardenedBucket(
            `${name}-access-logs`,
            {
                bucketName: args.accessLogBucketName,
                // No Object Lock at all, not merely no default retention: "S3 buckets with Object Lock can't be used
                // as destination buckets for server access logs", and it cannot be turned off once on
                // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html). Nor SSE-KMS.
                // Deletes, overwrites and setting changes are denied by the bucket policy instead.
                objectLock: false,
                lifecycleRules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: args.accessLogRetentionDays },
                        noncurrentVersionExpiration: { noncurrentDays: args.accessLogRetentionDays },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_MULTIPART_AFTER_DAYS },
                    },
                ],
                policy: accessLogBucketPolicy({
                    partition: args.partition,
                    accountId: args.accountId,
                    bucketName: args.accessLogBucketName,
                    sourceBucketNames: [args.bucketName, ...(args.otherAccessLogSources ?? [])],
                    breakGlassArns: args.breakGlassArns,
                    deployerArns: args.deployerArns,
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
                transitionDefaultMinimumObjectSize: LOG_TRANSITION_MINIMUM_OBJECT_SIZE,
                accessLogs: { targetBucket: this.accessLogBucket.bucketName, targetPrefix: accessLogPrefix(args.bucketName) },
                policy: logBucketPolicy({ ...args, engineRoleArn: args.engine?.roleArn }),
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

/**
 * Cheap storage as logs age, expiry at the end of retention, and no orphaned
 * uploads. A noncurrent version (one overwritten, or expired into a delete
 * marker) is kept as long as a current one: it counts from the day it became
 * noncurrent, so it is never gone before the retention a current version
 * gets. Logs kept forever keep their noncurrent versions forever too.
 */
export function logLifecycleRules(l: LogArchiveArgs["lifecycle"]): inputs.s3.BucketLifecycleConfigurationRule[] {
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
            ...(l.expireAfterDays > 0
                ? { expiration: { days: l.expireAfterDays }, noncurrentVersionExpiration: { noncurrentDays: l.expireAfterDays } }
                : {}),
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
