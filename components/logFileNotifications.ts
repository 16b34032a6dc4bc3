import * as kms from "@pulumi/aws/kms";
import * as s3 from "@pulumi/aws/s3";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import { organizationLogPrefix } from "../policies/arns";
import { logFileTopicKeyPolicy } from "../policies/logFileTopicKeyPolicy";
import { logFileTopicPolicy } from "../policies/logFileTopicPolicy";
import { LOG_FILE_TOPIC_KEY_ALIAS, LOG_FILE_TOPIC_NAME } from "../stacks/auditNames";

export interface LogFileNotificationsArgs {
    /** AWS partition of the log-archive account. */
    partition: string;
    /** Region of the log bucket; the topic and its key live there too, and so must the audit queue. */
    region: string;
    /** The log-archive account: it owns the bucket, the topic and the key. */
    accountId: string;
    /** The organization whose log files are announced; nobody outside it may touch the topic. */
    organizationId: string;
    /** Name of the log bucket whose new objects are announced. */
    bucketName: string;
    /** Optional prefix CloudTrail writes before `AWSLogs/`: the notification filter starts with it. */
    s3KeyPrefix?: string;
    /** The audit account, whose queue (LOG_FILE_QUEUE_NAME) is the topic's only subscriber. */
    auditAccountId: string;
    /** The deployer's exact role ARN: may rewrite the topic and key policies, as its next `pulumi up` must. */
    deployerArns: readonly string[];
    /** Break-glass role ARNs as configured; the policies exempt this account's. */
    breakGlassArns: readonly string[];
    /**
     * The log bucket's component: the notification is written only once all its settings, the bucket policy
     * included, are in place. The bucket policy is what lets the deployer write the notification at all, and
     * S3 rejects concurrent configuration calls on one bucket.
     */
    bucketSettled: pulumi.Resource;
}

/** What S3 announces: every new object, whichever call wrote it (CloudTrail's PutObject today). */
export const LOG_FILE_EVENTS = ["s3:ObjectCreated:*"];

/**
 * The first leg of the feed to the audit account's detection engine: the log
 * bucket announces every new object under `<prefix/>AWSLogs/<o-id>/` to an
 * SNS topic of this account, encrypted with a key of its own, which the audit
 * queue subscribes to. The topic lives here, in the stack that writes the
 * notification, because S3 checks the destination when the configuration is
 * written: "After Amazon S3 receives this request, it first verifies that any
 * Amazon SNS or Amazon SQS destination exists, and that the bucket owner has
 * permission to publish to it by sending a test notification"
 * (PutBucketNotificationConfiguration,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html).
 * A topic created in the same stack, with its policy and its key's policy in
 * place first, passes that check on the first `pulumi up`; a queue in the
 * audit account would not exist yet.
 */
export class LogFileNotifications extends pulumi.ComponentResource {
    public readonly key: kms.Key;
    public readonly topic: sns.Topic;
    public readonly topicPolicy: sns.TopicPolicy;
    public readonly notification: s3.BucketNotification;

    constructor(name: string, args: LogFileNotificationsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:archive:LogFileNotifications", name, {}, opts);
        // The feed is a security control: removing it takes a visible `pulumi state unprotect`, never a config edit alone.
        const kept: pulumi.CustomResourceOptions = { parent: this, protect: true, retainOnDelete: true };

        this.key = new kms.Key(
            `${name}-key`,
            {
                description: `Encrypts the org-cloudtrail-log-files topic: the names of ${args.organizationId}'s new CloudTrail log files`,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: JSON.stringify(
                    logFileTopicKeyPolicy({
                        partition: args.partition,
                        accountId: args.accountId,
                        bucketName: args.bucketName,
                        deployerArns: args.deployerArns,
                        breakGlassArns: args.breakGlassArns,
                    }),
                ),
            },
            kept,
        );
        new kms.Alias(`${name}-key-alias`, { name: LOG_FILE_TOPIC_KEY_ALIAS, targetKeyId: this.key.keyId }, { parent: this, retainOnDelete: true });

        this.topic = new sns.Topic(
            `${name}-topic`,
            { name: LOG_FILE_TOPIC_NAME, displayName: "org-cloudtrail new log files", kmsMasterKeyId: this.key.arn },
            kept,
        );
        this.topicPolicy = new sns.TopicPolicy(
            `${name}-topic-policy`,
            {
                arn: this.topic.arn,
                policy: JSON.stringify(
                    logFileTopicPolicy({
                        partition: args.partition,
                        region: args.region,
                        accountId: args.accountId,
                        organizationId: args.organizationId,
                        bucketName: args.bucketName,
                        auditAccountId: args.auditAccountId,
                        deployerArns: args.deployerArns,
                        breakGlassArns: args.breakGlassArns,
                    }),
                ),
            },
            { parent: this },
        );

        this.notification = new s3.BucketNotification(
            `${name}-notification`,
            {
                bucket: args.bucketName,
                topics: [{ topicArn: this.topic.arn, events: LOG_FILE_EVENTS, filterPrefix: organizationLogPrefix(args) }],
            },
            // S3 sends its test notification when this is written: the topic policy (and, through the topic,
            // the key and its policy) must already let it publish.
            { parent: this, dependsOn: [this.topicPolicy, args.bucketSettled] },
        );

        this.registerOutputs({ topicArn: this.topic.arn, keyArn: this.key.arn });
    }
}
