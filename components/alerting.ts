import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as kms from "@pulumi/aws/kms";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import { EnabledDetection } from "../detections/catalog";
import { alertKeyPolicy, alertTopicPolicy } from "../policies/alertTopicPolicies";

/** Prefix of the topic's, the metric filters' and the alarms' names; the topic and key policies accept alarms by it. */
export const ALERT_NAME_PREFIX = "org-cloudtrail-";
export const ALERT_TOPIC_NAME = `${ALERT_NAME_PREFIX}alerts`;

/**
 * Retries for HTTPS subscribers (SNS's documented example policy): about 40
 * minutes of retries instead of SNS's default three in 20 seconds, so an
 * incident tool's short outage does not swallow an alert.
 */
export const HTTPS_DELIVERY_POLICY = {
    healthyRetryPolicy: {
        minDelayTarget: 1,
        maxDelayTarget: 60,
        numRetries: 50,
        numNoDelayRetries: 3,
        numMinDelayRetries: 2,
        numMaxDelayRetries: 35,
        backoffFunction: "exponential",
    },
};

/**
 * How long `pulumi up` waits for an HTTPS endpoint to confirm its
 * subscription (the provider's default is 1 minute, then the deploy fails).
 * SNS delivers the confirmation request and, by default, retries it up to
 * three times 20 seconds apart (SNS Developer Guide, "Set the delivery policy
 * for the Amazon SNS subscription"), so an endpoint that misses the first
 * attempt gets it a minute in, and incident tools confirm from a queue after
 * that. Five minutes covers both with room; waiting longer mostly delays the
 * failure of a URL that will never confirm.
 */
export const HTTPS_CONFIRMATION_TIMEOUT_MINUTES = 5;

/** The heartbeat alarm's name: the prefix keeps the topic and key policies accepting it. */
export const DELIVERY_STOPPED_ALARM_NAME = `${ALERT_NAME_PREFIX}delivery-stopped`;

/**
 * Five-minute periods of silence before the heartbeat pages. CloudTrail
 * delivers an event within about five minutes of the call, in batches, so one
 * empty period can be a late batch; an organization's management events
 * (role sessions, services calling each other in every account) never stop
 * for fifteen minutes while the trail is delivering.
 */
export const DELIVERY_STOPPED_PERIODS = 3;

/**
 * The alarm that pages when the trail's events stop reaching the log group,
 * whatever stopped them (the delivery role, its boundary, the log group's
 * key, the trail itself): every detection reads that log group and would go
 * quiet with it. AWS/Logs IncomingLogEvents, dimension LogGroupName, is the
 * number of events the log group received (CloudWatch Logs User Guide,
 * "Monitoring with CloudWatch metrics":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Monitoring-CloudWatch-Metrics.html).
 * CloudWatch publishes no datapoint for a period without events, so missing
 * data is what a stop looks like: it breaches.
 */
export function deliveryStoppedAlarmArgs(logGroupName: pulumi.Input<string>, topicArn: pulumi.Input<string>): cloudwatch.MetricAlarmArgs {
    const minutes = (DELIVERY_STOPPED_PERIODS * 300) / 60;
    return {
        name: DELIVERY_STOPPED_ALARM_NAME,
        alarmDescription: pulumi.interpolate`The organization trail delivered no event to log group ${logGroupName} for ${minutes} minutes: every other alarm reads that log group and is blind until delivery resumes. First check: aws cloudtrail get-trail-status (IsLogging, LatestCloudWatchLogsDeliveryError), the delivery role's permissions boundary and policies, and the log group's key. ${STAYS_IN_ALARM}`,
        namespace: "AWS/Logs",
        metricName: "IncomingLogEvents",
        dimensions: { LogGroupName: logGroupName },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: DELIVERY_STOPPED_PERIODS,
        datapointsToAlarm: DELIVERY_STOPPED_PERIODS,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
        actionsEnabled: true,
        alarmActions: [topicArn],
        okActions: [topicArn],
    };
}

export interface AlertingArgs {
    /** AWS partition of the management account. */
    partition: string;
    /** Region of the trail's log group; the alarms, topic and key live there too. */
    region: string;
    /** The management account, which owns the log group, alarms, topic and key. */
    accountId: string;
    /** The log group the organization trail delivers to; an Output so the filters wait for it. */
    logGroupName: pulumi.Input<string>;
    /** The detections to deploy, patterns already built from config. */
    detections: readonly EnabledDetection[];
    /** CloudWatch namespace of the detections' metrics. */
    namespace: string;
    /** E-mail subscribers; each confirms from the e-mail AWS sends. */
    emails: readonly string[];
    /** HTTPS subscribers (incident tools); secret, because the URLs carry API keys. */
    httpsEndpoints: readonly string[];
    /** The management stack's deployer role, exactly `[deployerRoleArn]`: the only role besides break-glass that may rewrite the alert key's policy. */
    deployerArns: readonly string[];
    /** Break-glass role ARNs as configured; the key policy exempts those of the management account. */
    breakGlassArns: readonly string[];
}

/**
 * From the trail's log group to people: one metric filter and one alarm per
 * detection, and an encrypted topic that e-mails and incident tools subscribe
 * to. Alarms notify on ALARM and on OK, so incident tools close what they opened.
 */
export class Alerting extends pulumi.ComponentResource {
    public readonly topic: sns.Topic;
    public readonly key: kms.Key;

    constructor(name: string, args: AlertingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:alerting:Alerting", name, {}, opts);
        const policyArgs = {
            partition: args.partition,
            region: args.region,
            accountId: args.accountId,
            topicName: ALERT_TOPIC_NAME,
            alarmNamePrefix: ALERT_NAME_PREFIX,
        };

        // The AWS-managed aws/sns key cannot be used: CloudWatch could not publish to the topic.
        this.key = new kms.Key(
            `${name}-key`,
            {
                description: "Encrypts the org-cloudtrail alert topic",
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: JSON.stringify(alertKeyPolicy({ ...policyArgs, deployerArns: args.deployerArns, breakGlassArns: args.breakGlassArns })),
            },
            { parent: this, retainOnDelete: true },
        );
        new kms.Alias(`${name}-key-alias`, { name: `alias/${ALERT_TOPIC_NAME}`, targetKeyId: this.key.keyId }, { parent: this, retainOnDelete: true });

        this.topic = new sns.Topic(
            `${name}-topic`,
            { name: ALERT_TOPIC_NAME, displayName: "org-cloudtrail alerts", kmsMasterKeyId: this.key.arn },
            { parent: this },
        );
        const topicPolicy = new sns.TopicPolicy(
            `${name}-topic-policy`,
            { arn: this.topic.arn, policy: JSON.stringify(alertTopicPolicy({ ...policyArgs, deployerArns: args.deployerArns, breakGlassArns: args.breakGlassArns })) },
            { parent: this },
        );

        args.emails.forEach((address) => {
            new sns.TopicSubscription(`${name}-email-${address}`, { topic: this.topic.arn, protocol: "email", endpoint: address }, { parent: this });
        });
        // Named by position: the name must not reveal the URL.
        args.httpsEndpoints.forEach((url, i) => {
            new sns.TopicSubscription(
                `${name}-https-${i}`,
                {
                    topic: this.topic.arn,
                    protocol: "https",
                    endpoint: pulumi.secret(url),
                    // Opsgenie and PagerDuty confirm SNS subscriptions themselves; pulumi up waits for it and fails if none comes.
                    endpointAutoConfirms: true,
                    confirmationTimeoutInMinutes: HTTPS_CONFIRMATION_TIMEOUT_MINUTES,
                    deliveryPolicy: JSON.stringify(HTTPS_DELIVERY_POLICY),
                },
                { parent: this },
            );
        });

        for (const d of args.detections) {
            new cloudwatch.LogMetricFilter(
                `${name}-${d.id}-filter`,
                {
                    name: `${ALERT_NAME_PREFIX}${d.id}`,
                    logGroupName: args.logGroupName,
                    pattern: d.pattern,
                    metricTransformation: { name: d.id, namespace: args.namespace, value: "1", defaultValue: "0" },
                },
                { parent: this },
            );
            new cloudwatch.MetricAlarm(
                `${name}-${d.id}-alarm`,
                {
                    name: `${ALERT_NAME_PREFIX}${d.id}`,
                    alarmDescription: alarmDescription(d),
                    namespace: args.namespace,
                    metricName: d.id,
                    statistic: "Sum",
                    period: d.periodSeconds,
                    evaluationPeriods: 1,
                    datapointsToAlarm: 1,
                    threshold: d.threshold,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    treatMissingData: "notBreaching",
                    actionsEnabled: true,
                    alarmActions: [this.topic.arn],
                    okActions: [this.topic.arn],
                },
                // Until the topic policy exists, CloudWatch may not publish and a first alarm would be lost.
                { parent: this, dependsOn: [topicPolicy] },
            );
        }

        new cloudwatch.MetricAlarm(`${name}-delivery-stopped-alarm`, deliveryStoppedAlarmArgs(args.logGroupName, this.topic.arn), {
            parent: this,
            dependsOn: [topicPolicy],
        });

        this.registerOutputs({ topicArn: this.topic.arn, keyArn: this.key.arn });
    }
}

/**
 * While an alarm stays in ALARM, CloudWatch sends nothing for the events that
 * follow: a second, worse event in the same hour is silent. Every alarm says so.
 */
export const STAYS_IN_ALARM =
    "An alarm that stays in ALARM sends no new notification for later events: until it is back to OK, look at every event it counts.";

/** What happened, why it matters and what to check first: the text the person paged reads. */
export function alarmDescription(d: EnabledDetection): string {
    const source = d.cis ? `detection ${d.id}, CIS ${d.cis}` : `detection ${d.id}`;
    const counted = d.ownResources ? " successful calls" : "";
    const when = `Fires at ${d.threshold} or more${counted} in ${d.periodSeconds / 60} minutes.`;
    return `${d.title} (${source}). ${d.why} First check: ${d.firstCheck} ${when} ${STAYS_IN_ALARM}`;
}
