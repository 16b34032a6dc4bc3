// The audit account's key and pager: one KMS key for the topic, the queues
// and the engine's log group; the alert topic with its subscribers; and the
// alarms that page when the engine itself goes blind or fails.
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as kms from "@pulumi/aws/kms";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import { HEARTBEAT_PERIOD_MINUTES } from "../config/audit";
import { HTTPS_CONFIRMATION_TIMEOUT_MINUTES, HTTPS_DELIVERY_POLICY, STAYS_IN_ALARM } from "./alerting";
import { auditKeyPolicy, AuditKeyPolicyArgs } from "../policies/auditKeyPolicy";
import { auditTopicPolicy, AuditTopicPolicyArgs } from "../policies/auditTopicPolicy";
import { AUDIT_ALARM_NAME_PREFIX, AUDIT_ALERT_TOPIC_NAME, AUDIT_KEY_ALIAS, ENGINE_FUNCTION_NAME, LOG_FILE_DEAD_LETTER_QUEUE_NAME, LOG_FILE_QUEUE_NAME } from "../stacks/auditNames";

export interface AuditKeyArgs {
    /** The key policy, as data (policies/auditKeyPolicy.ts). */
    policy: AuditKeyPolicyArgs;
}

/** The audit account's key: rotated, retained and protected, because losing it silences the pager and the feed together. */
export class AuditKey extends pulumi.ComponentResource {
    public readonly key: kms.Key;

    constructor(name: string, args: AuditKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:audit:AuditKey", name, {}, opts);
        this.key = new kms.Key(
            `${name}-key`,
            {
                description: "Encrypts the org-cloudtrail audit account's alert topic, log-file queues and engine logs",
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: JSON.stringify(auditKeyPolicy(args.policy)),
            },
            { parent: this, retainOnDelete: true, protect: true },
        );
        new kms.Alias(`${name}-alias`, { name: AUDIT_KEY_ALIAS, targetKeyId: this.key.keyId }, { parent: this, retainOnDelete: true });
        this.registerOutputs({ keyArn: this.key.arn });
    }
}

/** The audit alarms' names: all start with AUDIT_ALARM_NAME_PREFIX, which the topic and key policies accept. */
export const AUDIT_ALARM_NAMES = {
    heartbeat: `${AUDIT_ALARM_NAME_PREFIX}log-files-stopped`,
    failedFiles: `${AUDIT_ALARM_NAME_PREFIX}log-file-failures`,
    engineErrors: `${AUDIT_ALARM_NAME_PREFIX}engine-errors`,
    engineThrottles: `${AUDIT_ALARM_NAME_PREFIX}engine-throttles`,
    unread: `${AUDIT_ALARM_NAME_PREFIX}log-files-unread`,
} as const;

/**
 * How old the oldest message of the log-file queue may get before the
 * unread alarm pages. The engine reads a file within seconds of its
 * notification, so 15 minutes means it is not reading, long before SQS's
 * 4 days drop the files. A file the engine keeps failing on ages too (each
 * retry waits out the 30-minute visibility timeout) and pages here before
 * it reaches the dead-letter queue: it is not being read either.
 */
export const UNREAD_AGE_SECONDS = 15 * 60;

export interface AuditAlertingArgs {
    /** The audit key (encrypts the topic). */
    keyArn: pulumi.Input<string>;
    /** The topic policy, as data (policies/auditTopicPolicy.ts). */
    topicPolicy: AuditTopicPolicyArgs;
    /** E-mail subscribers; each confirms from the e-mail AWS sends. */
    emails: readonly string[];
    /** HTTPS subscribers (incident tools); secret, because the URLs carry API keys. */
    httpsEndpoints: readonly string[];
    /** Minutes without a new log file before the heartbeat pages (a multiple of HEARTBEAT_PERIOD_MINUTES). */
    heartbeatMinutes: number;
}

/** The shape every audit alarm shares: notify on ALARM and OK so incident tools close what they opened. */
function alarm(topicArn: pulumi.Input<string>) {
    return { actionsEnabled: true, alarmActions: [topicArn], okActions: [topicArn] };
}

/**
 * The heartbeat: AWS/SQS NumberOfMessagesSent counts the messages SNS put in
 * the log-file queue, one per log file written under the organization's
 * prefix. Silence for heartbeatMinutes means a stopped trail, a trail moved
 * to another bucket, trusted access switched off or a broken feed, whatever
 * the management account did; SQS publishes nothing for an inactive queue,
 * so missing data is silence and breaches.
 */
export function heartbeatAlarmArgs(heartbeatMinutes: number, topicArn: pulumi.Input<string>): cloudwatch.MetricAlarmArgs {
    const periods = heartbeatMinutes / HEARTBEAT_PERIOD_MINUTES;
    return {
        name: AUDIT_ALARM_NAMES.heartbeat,
        alarmDescription: `No CloudTrail log file reached the detection engine's queue ${LOG_FILE_QUEUE_NAME} for ${heartbeatMinutes} minutes: the engine is blind. First check: aws cloudtrail get-trail-status on the organization trail (IsLogging, LatestDeliveryError, S3BucketName), the log bucket's event notification and the log-file topic's subscription. ${STAYS_IN_ALARM}`,
        namespace: "AWS/SQS",
        metricName: "NumberOfMessagesSent",
        dimensions: { QueueName: LOG_FILE_QUEUE_NAME },
        statistic: "Sum",
        period: HEARTBEAT_PERIOD_MINUTES * 60,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
        ...alarm(topicArn),
    };
}

/** A count that pages at one: failed files, engine errors, throttles. Missing data is no event. */
function atLeastOne(name: string, description: string, metric: { namespace: string; metricName: string; dimensions: Record<string, string>; statistic: string }, topicArn: pulumi.Input<string>): cloudwatch.MetricAlarmArgs {
    return {
        name,
        alarmDescription: `${description} ${STAYS_IN_ALARM}`,
        ...metric,
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        ...alarm(topicArn),
    };
}

export function auditAlarmArgs(heartbeatMinutes: number, topicArn: pulumi.Input<string>): cloudwatch.MetricAlarmArgs[] {
    const lambda = (metricName: string) => ({ namespace: "AWS/Lambda", metricName, dimensions: { FunctionName: ENGINE_FUNCTION_NAME }, statistic: "Sum" });
    return [
        heartbeatAlarmArgs(heartbeatMinutes, topicArn),
        atLeastOne(
            AUDIT_ALARM_NAMES.failedFiles,
            `A CloudTrail log file failed in the detection engine on every delivery and sits in ${LOG_FILE_DEAD_LETTER_QUEUE_NAME}: its events were never evaluated. First check: the engine's log group for the file's key, then read the message and redrive it once fixed.`,
            { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: LOG_FILE_DEAD_LETTER_QUEUE_NAME }, statistic: "Maximum" },
            topicArn,
        ),
        atLeastOne(
            AUDIT_ALARM_NAMES.engineErrors,
            `The detection engine ${ENGINE_FUNCTION_NAME} failed an invocation: the batch's files are retried, and land in ${LOG_FILE_DEAD_LETTER_QUEUE_NAME} after repeated failures. First check: the function's log group.`,
            lambda("Errors"),
            topicArn,
        ),
        atLeastOne(
            AUDIT_ALARM_NAMES.engineThrottles,
            `The detection engine ${ENGINE_FUNCTION_NAME} was throttled: log files wait in ${LOG_FILE_QUEUE_NAME} and alerts are late. First check: the account's Lambda concurrency (other functions may use it all).`,
            lambda("Throttles"),
            topicArn,
        ),
        {
            // The heartbeat watches files going into the queue; this watches them coming out. A disabled mapping, zero
            // concurrency or a deleted function keeps the heartbeat green while nothing is read (found by an attacker's review).
            name: AUDIT_ALARM_NAMES.unread,
            alarmDescription:
                `A CloudTrail log file has waited in ${LOG_FILE_QUEUE_NAME} for more than ${UNREAD_AGE_SECONDS / 60} minutes: the detection engine is not reading its queue, ` +
                `or keeps failing on a file. First check: aws lambda list-event-source-mappings for the queue (State Enabled), the function's concurrency (not 0), ` +
                `its Errors and its log group. ${STAYS_IN_ALARM}`,
            namespace: "AWS/SQS",
            metricName: "ApproximateAgeOfOldestMessage",
            dimensions: { QueueName: LOG_FILE_QUEUE_NAME },
            statistic: "Maximum",
            period: 300,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            threshold: UNREAD_AGE_SECONDS,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            // An idle queue publishes nothing; the heartbeat covers silence.
            treatMissingData: "notBreaching",
            ...alarm(topicArn),
        },
    ];
}

/** The audit account's pager: the encrypted topic, its subscribers and the engine's own alarms. */
export class AuditAlerting extends pulumi.ComponentResource {
    public readonly topic: sns.Topic;
    public readonly alarmNames: string[];

    constructor(name: string, args: AuditAlertingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:audit:AuditAlerting", name, {}, opts);
        this.topic = new sns.Topic(
            `${name}-topic`,
            { name: AUDIT_ALERT_TOPIC_NAME, displayName: "org-cloudtrail alerts", kmsMasterKeyId: args.keyArn },
            { parent: this, retainOnDelete: true },
        );
        const topicPolicy = new sns.TopicPolicy(`${name}-topic-policy`, { arn: this.topic.arn, policy: JSON.stringify(auditTopicPolicy(args.topicPolicy)) }, { parent: this });

        args.emails.forEach((address) => {
            new sns.TopicSubscription(`${name}-email-${address}`, { topic: this.topic.arn, protocol: "email", endpoint: address }, { parent: this, dependsOn: [topicPolicy] });
        });
        // Named by position: the name must not reveal the URL.
        args.httpsEndpoints.forEach((url, i) => {
            new sns.TopicSubscription(
                `${name}-https-${i}`,
                {
                    topic: this.topic.arn,
                    protocol: "https",
                    endpoint: pulumi.secret(url),
                    endpointAutoConfirms: true,
                    confirmationTimeoutInMinutes: HTTPS_CONFIRMATION_TIMEOUT_MINUTES,
                    deliveryPolicy: JSON.stringify(HTTPS_DELIVERY_POLICY),
                },
                { parent: this, dependsOn: [topicPolicy] },
            );
        });

        const alarms = auditAlarmArgs(args.heartbeatMinutes, this.topic.arn);
        for (const a of alarms) {
            const short = String(a.name).slice(AUDIT_ALARM_NAME_PREFIX.length);
            // Until the topic policy exists, CloudWatch may not publish and a first alarm would be lost.
            new cloudwatch.MetricAlarm(`${name}-${short}-alarm`, a, { parent: this, dependsOn: [topicPolicy] });
        }
        this.alarmNames = alarms.map((a) => String(a.name));
        this.registerOutputs({ topicArn: this.topic.arn, alarmNames: this.alarmNames });
    }
}
