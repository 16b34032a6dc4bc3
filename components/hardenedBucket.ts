import type * as inputs from "@pulumi/aws/types/input";
import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "../policies/document";

export interface HardenedBucketArgs {
    /** The bucket's name (validated by the caller's config schema). */
    bucketName: string;
    /** Turn Object Lock on at creation. It cannot be turned off later. */
    objectLock: boolean;
    /** Default retention of new objects; omitted for none. Needs `objectLock`. */
    defaultRetention?: { mode: "GOVERNANCE" | "COMPLIANCE"; days: number };
    /** Default encryption: SSE-KMS with this key and an S3 Bucket Key, or SSE-S3 when omitted. */
    kmsKeyArn?: pulumi.Input<string>;
    /** Lifecycle rules, as the S3 API takes them. */
    lifecycleRules: inputs.s3.BucketLifecycleConfigurationRule[];
    /**
     * Which objects smaller than 128 KB lifecycle transitions may move
     * (`all_storage_classes_128K`: none; `varies_by_storage_class`: to the
     * Glacier Flexible Retrieval and Deep Archive classes). Omitted: S3's default.
     */
    transitionDefaultMinimumObjectSize?: "all_storage_classes_128K" | "varies_by_storage_class";
    /** Where this bucket's server access logs go; omitted for a bucket that is itself a log target. */
    accessLogs?: { targetBucket: pulumi.Input<string>; targetPrefix: string };
    /** The bucket policy. */
    policy: PolicyDocument;
}

/**
 * An S3 bucket with nothing left to chance: ACLs off, every public-access
 * block, versioning, default encryption, TLS-only policy, lifecycle and,
 * optionally, Object Lock and access logging. Every child is retained when
 * removed from the program, so neither a bad `pulumi up` nor `pulumi destroy`
 * can empty the bucket or strip its protections.
 */
export class HardenedBucket extends pulumi.ComponentResource {
    public readonly bucket: s3.Bucket;
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;

    constructor(name: string, args: HardenedBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:storage:HardenedBucket", name, {}, opts);
        const child: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: true };

        this.bucket = new s3.Bucket(
            name,
            { bucket: args.bucketName, objectLockEnabled: args.objectLock, forceDestroy: false },
            child,
        );
        // The name, not the id: the same value, but known before the bucket exists, so plans show it.
        const bucket = this.bucket.bucket;

        const ownership = new s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
            child,
        );
        const publicAccess = new s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            child,
        );
        const versioning = new s3.BucketVersioning(
            `${name}-versioning`,
            { bucket, versioningConfiguration: { status: "Enabled" } },
            child,
        );
        const encryption = new s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket,
                rules: [
                    args.kmsKeyArn
                        ? {
                              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
                              bucketKeyEnabled: true,
                              blockedEncryptionTypes: ["SSE-C"],
                          }
                        : {
                              applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" },
                              blockedEncryptionTypes: ["SSE-C"],
                          },
                ],
            },
            child,
        );
        const settings: pulumi.Resource[] = [ownership, publicAccess, versioning, encryption];
        if (args.defaultRetention) {
            settings.push(
                new s3.BucketObjectLockConfiguration(
                    `${name}-object-lock`,
                    { bucket, objectLockEnabled: "Enabled", rule: { defaultRetention: args.defaultRetention } },
                    { ...child, dependsOn: [versioning] },
                ),
            );
        }
        // Lifecycle rules that touch noncurrent versions need versioning in place first.
        settings.push(
            new s3.BucketLifecycleConfiguration(
                `${name}-lifecycle`,
                {
                    bucket,
                    rules: args.lifecycleRules,
                    ...(args.transitionDefaultMinimumObjectSize ? { transitionDefaultMinimumObjectSize: args.transitionDefaultMinimumObjectSize } : {}),
                },
                { ...child, dependsOn: [versioning] },
            ),
        );
        if (args.accessLogs) {
            settings.push(
                new s3.BucketLogging(
                    `${name}-access-logging`,
                    {
                        bucket,
                        targetBucket: args.accessLogs.targetBucket,
                        targetPrefix: args.accessLogs.targetPrefix,
                        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
                    },
                    child,
                ),
            );
        }
        // Last, after every setting: once the policy exists it denies the deployer every bucket change but the
        // policy and tags, so a setting applied after it would fail the first deployment. (S3 also rejects
        // concurrent configuration calls on one bucket.)
        new s3.BucketPolicy(`${name}-policy`, { bucket, policy: JSON.stringify(args.policy) }, { ...child, dependsOn: settings });

        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
