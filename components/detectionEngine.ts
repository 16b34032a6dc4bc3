// The detection engine: the queue that holds one message per log file, its
// dead-letter queue, the subscription to the log-archive account's log-file
// topic, and the Lambda function that reads each file and pages.
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as dynamodb from "@pulumi/aws/dynamodb";
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import * as sns from "@pulumi/aws/sns";
import * as sqs from "@pulumi/aws/sqs";
import * as pulumi from "@pulumi/pulumi";
import type { EngineSettings } from "../engine/settings";
import { auditQueuePolicy } from "../policies/auditQueuePolicy";
import { engineRolePolicy, engineTrustPolicy } from "../policies/engineRole";
import {
    AUDIT_MAX_RECEIVE_COUNT,
    DETECTION_COUNTS_KEY,
    DETECTION_COUNTS_TABLE_NAME,
    DETECTION_COUNTS_TTL_ATTRIBUTE,
    detectionCountsTableArn,
    DIGEST_CHAIN_KEY,
    DIGEST_CHAIN_TABLE_NAME,
    DIGEST_CHECK_RULE_NAME,
    digestChainTableArn,
    digestCheckRuleArn,
    ENGINE_FUNCTION_NAME,
    ENGINE_ROLE_NAME,
    LOG_FILE_DEAD_LETTER_QUEUE_NAME,
    LOG_FILE_QUEUE_NAME,
} from "../stacks/auditNames";
import { ENGINE_HANDLER, engineArchive } from "./bundle";

/** Lambda's runtime and architecture for the engine: Node.js 22, Graviton (cheaper per GB-second). */
export const ENGINE_RUNTIME = "nodejs22.x";
export const ENGINE_ARCHITECTURE = "arm64";
/** Enough for a 50 MB log file at the default memory, with room for a slow S3 read. */
export const ENGINE_TIMEOUT_SECONDS = 300;
/**
 * At least six times the function's timeout, as AWS recommends for an SQS
 * event source (Lambda Developer Guide, "Using Lambda with Amazon SQS": "set
 * the source queue's visibility timeout to at least six times the timeout
 * that you configure on your function"), so a throttled or retried batch is
 * not delivered twice while it is still being read.
 */
export const QUEUE_VISIBILITY_TIMEOUT_SECONDS = 6 * ENGINE_TIMEOUT_SECONDS;
/** Messages per invocation: each is one log file; a failed one is retried alone (ReportBatchItemFailures). */
export const ENGINE_BATCH_SIZE = 10;
/** The queue keeps a file's message four days (SQS's default); the dead-letter queue the maximum, 14 days, for a person to look. */
export const QUEUE_RETENTION_SECONDS = 4 * 24 * 3600;
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;
/**
 * How often the engine looks for late digests. Digests are hourly and the
 * shortest allowed delay is an hour, so a quarter of an hour finds a late
 * digest at most 15 minutes after it became late (the heartbeat's own
 * granularity is 5 to 30 minutes), for 96 invocations a day that read one
 * small table: a shorter rate buys minutes nobody acts on, a longer one
 * lets a withheld digest go unseen for most of an hour.
 */
export const DIGEST_CHECK_SCHEDULE = "rate(15 minutes)";
/** The log group Lambda writes the function's logs to by default; the stack creates it first, with retention and the key. */
export const ENGINE_LOG_GROUP_NAME = `/aws/lambda/${ENGINE_FUNCTION_NAME}`;

export interface DetectionEngineArgs {
    partition: string;
    /** The audit region (= the trail's home region and the log bucket's region). */
    region: string;
    /** The audit account. */
    accountId: string;
    /** The audit key: queues and log group. */
    keyArn: pulumi.Input<string>;
    /** The log-archive account's log-file topic the queue subscribes to. */
    logFileTopicArn: string;
    /** The audit alert topic the engine publishes to. */
    alertTopicArn: string;
    /** What the handler reads from settings.json. */
    settings: EngineSettings;
    /** The log-archive key that encrypts the log files. */
    logKeyArn: string;
    /** Lambda memory in MB. */
    memoryMb: number;
    /** Days the engine's log group keeps its logs. */
    logRetentionDays: number;
    /** The audit deployer, the only role besides break-glass that may change the queue's settings. */
    deployerArns: readonly string[];
    /** Break-glass role ARNs as configured. */
    breakGlassArns: readonly string[];
    /** Audit stack `digestVerification`: the chain table and the late-digest schedule, and the role's rights to them. */
    digestVerification: boolean;
}

export class DetectionEngine extends pulumi.ComponentResource {
    public readonly queue: sqs.Queue;
    public readonly deadLetterQueue: sqs.Queue;
    public readonly function: lambda.Function;
    public readonly role: iam.Role;
    /** The digest chain table and the late-digest rule; undefined with digestVerification off. */
    public readonly digestChains?: dynamodb.Table;
    public readonly digestCheck?: cloudwatch.EventRule;
    /** The windowed detections' counts; undefined when no detection's tuning has windowMinutes. */
    public readonly detectionCounts?: dynamodb.Table;

    constructor(name: string, args: DetectionEngineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:audit:DetectionEngine", name, {}, opts);
        // A destroy must not drop files that are waiting to be read, or the record of the ones that failed.
        const kept: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: true, protect: true };
        const queueArn = `arn:${args.partition}:sqs:${args.region}:${args.accountId}:${LOG_FILE_QUEUE_NAME}`;
        const where = { partition: args.partition, region: args.region, auditAccountId: args.accountId };

        if (args.digestVerification) {
            // The chains are the only record of what the next digest must chain to: a lost table, or one rolled back,
            // would make a deleted digest look like the start of a chain. Kept on destroy, undeletable, restorable.
            this.digestChains = new dynamodb.Table(
                `${name}-digest-chains`,
                {
                    name: DIGEST_CHAIN_TABLE_NAME,
                    // One item per account and region (850 for 50 accounts in 17 regions), a read and a write an hour each: on-demand.
                    billingMode: "PAY_PER_REQUEST",
                    hashKey: DIGEST_CHAIN_KEY,
                    attributes: [{ name: DIGEST_CHAIN_KEY, type: "S" }],
                    serverSideEncryption: { enabled: true, kmsKeyArn: args.keyArn },
                    pointInTimeRecovery: { enabled: true },
                    deletionProtectionEnabled: true,
                },
                kept,
            );
        }

        if (args.settings.detectionCountsTable !== undefined) {
            // Counts of windows no longer than a day, expired by TTL: the engine never needs point-in-time recovery
            // (a restored count is a stale one, and a lost count at worst makes one window start over). It is on all
            // the same: the mandatory guardrail dynamodb-2 (Security Hub DynamoDB.2) fails every table without it,
            // for a few KB of items it costs nothing measurable, and a restore makes a new table, never rolls this
            // one back (protect-digest-checks denies Restore* anyway). Kept on destroy and protected like the other
            // stateful resources, so a destroy or a stray change cannot reset an attacker's count.
            this.detectionCounts = new dynamodb.Table(
                `${name}-detection-counts`,
                {
                    name: DETECTION_COUNTS_TABLE_NAME,
                    // One write per windowed detection, counting key and window per log file that matches: on-demand.
                    billingMode: "PAY_PER_REQUEST",
                    hashKey: DETECTION_COUNTS_KEY,
                    attributes: [{ name: DETECTION_COUNTS_KEY, type: "S" }],
                    ttl: { attributeName: DETECTION_COUNTS_TTL_ATTRIBUTE, enabled: true },
                    serverSideEncryption: { enabled: true, kmsKeyArn: args.keyArn },
                    pointInTimeRecovery: { enabled: true },
                    deletionProtectionEnabled: true,
                },
                kept,
            );
        }

        this.deadLetterQueue = new sqs.Queue(
            `${name}-failed`,
            { name: LOG_FILE_DEAD_LETTER_QUEUE_NAME, kmsMasterKeyId: args.keyArn, kmsDataKeyReusePeriodSeconds: 300, messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS },
            kept,
        );
        this.queue = new sqs.Queue(
            `${name}-queue`,
            {
                name: LOG_FILE_QUEUE_NAME,
                kmsMasterKeyId: args.keyArn,
                kmsDataKeyReusePeriodSeconds: 300,
                visibilityTimeoutSeconds: QUEUE_VISIBILITY_TIMEOUT_SECONDS,
                messageRetentionSeconds: QUEUE_RETENTION_SECONDS,
                redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: AUDIT_MAX_RECEIVE_COUNT }),
            },
            kept,
        );
        const queuePolicy = new sqs.QueuePolicy(
            `${name}-queue-policy`,
            {
                queueUrl: this.queue.url,
                policy: JSON.stringify(
                    auditQueuePolicy({ queueArn, logFileTopicArn: args.logFileTopicArn, accountId: args.accountId, deployerArns: args.deployerArns, breakGlassArns: args.breakGlassArns }),
                ),
            },
            { parent: this },
        );
        // Created by the queue's owner: SNS needs no confirmation (SNS Developer Guide, "Sending Amazon SNS
        // messages to an Amazon SQS queue in a different account"). Raw delivery: the message is S3's event as S3 wrote it.
        new sns.TopicSubscription(
            `${name}-subscription`,
            { topic: args.logFileTopicArn, protocol: "sqs", endpoint: this.queue.arn, rawMessageDelivery: true },
            { parent: this, dependsOn: [queuePolicy] },
        );

        const logGroup = new cloudwatch.LogGroup(
            `${name}-logs`,
            { name: ENGINE_LOG_GROUP_NAME, retentionInDays: args.logRetentionDays, kmsKeyId: args.keyArn },
            kept,
        );
        this.role = new iam.Role(
            `${name}-role`,
            { name: ENGINE_ROLE_NAME, description: "The org-cloudtrail detection engine: reads the organization's log files and pages", assumeRolePolicy: JSON.stringify(engineTrustPolicy()) },
            { parent: this },
        );
        const rolePolicy = new iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: this.role.name,
                name: "detection-engine",
                policy: pulumi.output(args.keyArn).apply((auditKeyArn) =>
                    JSON.stringify(
                        engineRolePolicy({
                            partition: args.partition,
                            region: args.region,
                            accountId: args.accountId,
                            bucketName: args.settings.bucketName,
                            organizationLogPrefix: args.settings.organizationLogPrefix,
                            logKeyArn: args.logKeyArn,
                            auditKeyArn,
                            alertTopicArn: args.alertTopicArn,
                            queueArn,
                            logGroupName: ENGINE_LOG_GROUP_NAME,
                            ...(args.digestVerification ? { digestChainTableArn: digestChainTableArn(where) } : {}),
                            ...(args.settings.detectionCountsTable !== undefined ? { detectionCountsTableArn: detectionCountsTableArn(where) } : {}),
                        }),
                    ),
                ),
            },
            { parent: this },
        );

        this.function = new lambda.Function(
            `${name}-function`,
            {
                name: ENGINE_FUNCTION_NAME,
                description: "Evaluates the org-cloudtrail detection catalog on every log file the organization trail delivers",
                runtime: ENGINE_RUNTIME,
                architectures: [ENGINE_ARCHITECTURE],
                handler: ENGINE_HANDLER,
                code: engineArchive(args.settings),
                role: this.role.arn,
                memorySize: args.memoryMb,
                timeout: ENGINE_TIMEOUT_SECONDS,
                loggingConfig: { logFormat: "JSON", logGroup: ENGINE_LOG_GROUP_NAME },
            },
            { parent: this, dependsOn: [logGroup, rolePolicy] },
        );
        new lambda.EventSourceMapping(
            `${name}-mapping`,
            {
                eventSourceArn: this.queue.arn,
                functionName: this.function.arn,
                batchSize: ENGINE_BATCH_SIZE,
                // A failed file is retried alone; the batch's other files are deleted from the queue.
                functionResponseTypes: ["ReportBatchItemFailures"],
                enabled: true,
            },
            { parent: this, dependsOn: [rolePolicy] },
        );
        if (args.digestVerification) {
            // The handler tells this event (source aws.events, detail-type "Scheduled Event") from the queue's records.
            this.digestCheck = new cloudwatch.EventRule(
                `${name}-digest-check`,
                { name: DIGEST_CHECK_RULE_NAME, description: "Invokes the org-cloudtrail detection engine to page on CloudTrail digests that are late", scheduleExpression: DIGEST_CHECK_SCHEDULE, state: "ENABLED" },
                { parent: this },
            );
            // Only this rule may invoke the function as EventBridge (Lambda Developer Guide, "Using resource-based policies": SourceArn).
            const permission = new lambda.Permission(
                `${name}-digest-check-permission`,
                { action: "lambda:InvokeFunction", function: this.function.name, principal: "events.amazonaws.com", sourceArn: digestCheckRuleArn(where), sourceAccount: args.accountId },
                { parent: this },
            );
            new cloudwatch.EventTarget(
                `${name}-digest-check-target`,
                { rule: this.digestCheck.name, arn: this.function.arn, retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 600 } },
                { parent: this, dependsOn: [permission] },
            );
        }
        this.registerOutputs({ queueArn: this.queue.arn, functionArn: this.function.arn });
    }
}
