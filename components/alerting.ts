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
    /** Where the alarms page: a topic of this stack's own, or the audit stack's topic. */
    pager: Pager;
}

/** The management stack's own topic, key and subscribers: the pager when there is no audit stack. */
export interface OwnTopicPager {
    kind: "own topic";
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
 * A topic another stack owns (the audit stack's `alertTopicArn`): the alarms
 * publish to it across accounts, which CloudWatch accepts for an SNS topic
 * ARN of another account when the topic's and its key's policies let
 * cloudwatch.amazonaws.com in; the console cannot pick such a topic, and AWS's
 * CloudWatch documentation does not say so outright (evidence:
 * aws-samples/aws-secure-environment-accelerator#875). This stack then makes
 * no topic, key or subscription.
 */
export interface ExistingTopicPager {
    kind: "existing topic";
    /** The topic's ARN. */
    topicArn: string;
}

export type Pager = OwnTopicPager | ExistingTopicPager;

/**
 * From the trail's log group to people: one metric filter and one alarm per
 * detection, and an encrypted topic that e-mails and incident tools subscribe
 * to. Alarms notify on ALARM and on OK, so incident tools close what they opened.
 */
export class Alerting extends pulumi.ComponentResource {
    /** This stack's own topic and key; absent when the pager is another stack's topic. */
    public readonly topic?: sns.Topic;
    public readonly key?: kms.Key;
    /** The topic every alarm publishes to, whoever owns it. */
    public readonly alertTopicArn: pulumi.Output<string>;

    constructor(name: string, args: AlertingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:alerting:Alerting", name, {}, opts);
        let actions: pulumi.Input<string>;
        // Until the topic policy exists, CloudWatch may not publish and a first alarm would be lost.
        let dependsOn: pulumi.Resource[] = [];
        if (args.pager.kind === "own topic") {
            const own = this.ownTopic(name, args, args.pager);
            this.topic = own.topic;
            this.key = own.key;
            actions = own.topic.arn;
            dependsOn = [own.topicPolicy];
        } else {
            actions = args.pager.topicArn;
        }
        this.alertTopicArn = pulumi.output(actions);

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
                    alarmActions: [actions],
                    okActions: [actions],
                },
                { parent: this, dependsOn },
            );
        }

        new cloudwatch.MetricAlarm(`${name}-delivery-stopped-alarm`, deliveryStoppedAlarmArgs(args.logGroupName, actions), { parent: this, dependsOn });

        this.registerOutputs({ topicArn: this.alertTopicArn, keyArn: this.key?.arn });
    }

    /** The topic, its key, its policy and its subscribers, when this stack pages by itself. */
    private ownTopic(name: string, args: AlertingArgs, pager: OwnTopicPager): { topic: sns.Topic; key: kms.Key; topicPolicy: sns.TopicPolicy } {
        const policyArgs = {
            partition: args.partition,
            region: args.region,
            accountId: args.accountId,
            topicName: ALERT_TOPIC_NAME,
            alarmNamePrefix: ALERT_NAME_PREFIX,
        };

        // The AWS-managed aws/sns key cannot be used: CloudWatch could not publish to the topic.
        const key = new kms.Key(
            `${name}-key`,
            {
                description: "Encrypts the org-cloudtrail alert topic",
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: JSON.stringify(alertKeyPolicy({ ...policyArgs, deployerArns: pager.deployerArns, breakGlassArns: pager.breakGlassArns })),
            },
            { parent: this, retainOnDelete: true },
        );
        new kms.Alias(`${name}-key-alias`, { name: `alias/${ALERT_TOPIC_NAME}`, targetKeyId: key.keyId }, { parent: this, retainOnDelete: true });

        const topic = new sns.Topic(
            `${name}-topic`,
            { name: ALERT_TOPIC_NAME, displayName: "org-cloudtrail alerts", kmsMasterKeyId: key.arn },
            { parent: this },
        );
        const topicPolicy = new sns.TopicPolicy(
            `${name}-topic-policy`,
            { arn: topic.arn, policy: JSON.stringify(alertTopicPolicy({ ...policyArgs, deployerArns: pager.deployerArns, breakGlassArns: pager.breakGlassArns })) },
            { parent: this },
        );

        pager.emails.forEach((address) => {
            new sns.TopicSubscription(`${name}-email-${address}`, { topic: topic.arn, protocol: "email", endpoint: address }, { parent: this });
        });
        // Named by position: the name must not reveal the URL.
        pager.httpsEndpoints.forEach((url, i) => {
            new sns.TopicSubscription(
                `${name}-https-${i}`,
                {
                    topic: topic.arn,
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
        return { topic, key, topicPolicy };
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
