// The detections that guard this product's own resources: the organization
// trail, the archive buckets, the keys, the alert topic, the log group and the
// alarms. Their patterns name those resources, so a routine call elsewhere
// (a CreateGrant on a workload's key, a PutRetentionPolicy on an application's
// log group, a PutBucketLogging on another bucket) never pages anyone, and
// they count successful calls only: the first real change fires, and denied
// calls, which anyone can make every few minutes, cannot hold the alarm in
// ALARM to hide it.
import {
    ALARM_LIST_TAMPER_CALLS,
    ALARM_MUTE_CALLS,
    ALARM_OVERWRITE_CALLS,
    DELIVERY_ROLE_TAMPER_CALLS,
    KEY_TAMPER_CALLS,
    LOG_GROUP_IDENTIFIER_CALLS,
    LOG_GROUP_TAMPER_CALLS,
    METRIC_FILTER_CALLS,
    SUBSCRIPTION_TAMPER_CALLS,
    TOPIC_DATA_PROTECTION_CALLS,
    TOPIC_TAMPER_CALLS,
} from "./calls";
import { all, anyCasePrefix, anyOf, callTerm, either, patternOf, quoted, SUCCEEDED } from "./terms";
import { trailArn } from "../policies/arns";

/** This product's resources, as both stacks name them. */
export interface ProductResources {
    /** AWS partition of the organization. */
    partition: string;
    /** The trail's home region: the log group, alarms, topic and management-account keys live there. */
    region: string;
    /** The management account, which owns the trail, the log group, the alarms, the topic and their keys. */
    managementAccountId: string;
    /** Name of the organization trail. */
    trailName: string;
    /** The log-archive bucket CloudTrail delivers to. */
    logBucketName: string;
    /** The bucket that receives the log bucket's server access logs. */
    accessLogBucketName: string;
    /** ARN of the log-archive key that encrypts every log file (a log-archive stack output). */
    logKeyArn: string;
    /** ARN of the alert topic the alarms publish to. */
    alertTopicArn: string;
    /** Name of the CloudWatch Logs log group the trail delivers to and the metric filters read. */
    logGroupName: string;
    /** Prefix of every alarm's (and metric filter's) name. */
    alarmNamePrefix: string;
    /** CloudWatch namespace of the detections' metrics (config `alarmNamespace`). */
    alarmNamespace: string;
    /**
     * What the name of the role CloudTrail delivers to CloudWatch Logs with
     * starts with: Pulumi names it after its resource name, a `-` and seven
     * random characters (`organization-cloudwatch-role-3f2e1d0`).
     */
    deliveryRoleNamePrefix: string;
}

/**
 * Every successful write that names the organization trail: StopLogging,
 * DeleteTrail and UpdateTrail name it in `requestParameters.name`,
 * PutEventSelectors and PutInsightSelectors in `requestParameters.trailName`,
 * each by name or ARN (AWS's own StartLogging examples show both). Writes
 * rather than a list of calls: it is shorter (a 128-character trail name
 * appears four times) and a call CloudTrail adds later is covered. Only
 * StartLogging is left out: turning logging on is the remedy, not the attack.
 */
export function trailTamperPattern(p: ProductResources): string {
    const ids = [p.trailName, trailArn({ partition: p.partition, region: p.region, managementAccountId: p.managementAccountId, trailName: p.trailName })];
    return patternOf(
        `($.eventSource = "cloudtrail.amazonaws.com")`,
        "($.readOnly IS FALSE)",
        `($.eventName != "StartLogging")`,
        either(anyOf("requestParameters.name", ids), anyOf("requestParameters.trailName", ids)),
        SUCCEEDED,
    );
}

/**
 * Every successful bucket-level change of either archive bucket: the
 * protect-audit-trail SCP denies them all to everyone but break-glass and
 * (for the bucket policy and tags) the deployer, so each one that succeeds is
 * either break-glass at work or a wall that failed. Object writes never reach
 * the log group: the trail records no data events for these two buckets.
 */
export function bucketTamperPattern(p: ProductResources): string {
    return patternOf(
        `($.eventSource = "s3.amazonaws.com")`,
        anyOf("requestParameters.bucketName", [p.logBucketName, p.accessLogBucketName]),
        "($.readOnly IS FALSE)",
        SUCCEEDED,
    );
}

/**
 * KMS names the key it acted on in `resources[0].ARN`, whatever the caller
 * passed (key id, ARN or alias). The log key's ARN is a log-archive output;
 * the management account's two keys (log group, alerts) get their ARNs only
 * when they are created, so they are matched as any key of the management
 * account in the home region. That is exact enough: the management account
 * should run no workloads (AWS: use it only for tasks that need it), so a key
 * policy change or a grant there is rare and worth a look.
 */
export function keyTamperPattern(p: ProductResources): string {
    const managementKeys = `arn:${p.partition}:kms:${p.region}:${p.managementAccountId}:key/*`;
    return patternOf(callTerm(KEY_TAMPER_CALLS), anyOf("resources[0].ARN", [p.logKeyArn, managementKeys]), SUCCEEDED);
}

/**
 * A subscription's ARN is the topic's ARN, a colon and an id, so
 * `<topic>:*` is every subscription of this topic and of no other (a topic
 * named `<name>-2` has `<name>-2:` before its ids).
 */
export function topicTamperPattern(p: ProductResources): string {
    return patternOf(
        either(
            all(callTerm(SUBSCRIPTION_TAMPER_CALLS), `($.requestParameters.subscriptionArn = ${quoted(`${p.alertTopicArn}:*`)})`),
            all(callTerm(TOPIC_TAMPER_CALLS), `($.requestParameters.topicArn = ${quoted(p.alertTopicArn)})`),
            all(callTerm(TOPIC_DATA_PROTECTION_CALLS), `($.requestParameters.resourceArn = ${quoted(p.alertTopicArn)})`),
        ),
        SUCCEEDED,
    );
}

/**
 * The service is named once and the calls grouped by where they name the
 * log group. PutLogGroupDeletionProtection takes the name or the ARN, which
 * ends in the name: `*<name>` matches both in one term (and a log group whose
 * name merely ends in ours, a harmless false alarm), which keeps the pattern
 * within 1,024 characters for the longest log group name a trail name allows.
 */
export function logGroupTamperPattern(p: ProductResources): string {
    return patternOf(
        `($.eventSource = ${quoted(LOG_GROUP_TAMPER_CALLS.eventSource)})`,
        either(
            all(anyOf("eventName", LOG_GROUP_TAMPER_CALLS.eventNames), `($.requestParameters.logGroupName = ${quoted(p.logGroupName)})`),
            all(anyOf("eventName", LOG_GROUP_IDENTIFIER_CALLS.eventNames), `($.requestParameters.logGroupIdentifier = ${quoted(`*${p.logGroupName}`)})`),
        ),
        SUCCEEDED,
    );
}

/**
 * DeleteAlarms and DisableAlarmActions name alarms in an array, so the
 * pattern asks whether any element carries the prefix (`[*]`, two of
 * CloudWatch's three wildcard selectors per pattern). A mute rule without
 * targets is counted too: what it mutes is not in the record.
 */
export function alarmTamperPattern(p: ProductResources): string {
    const ours = quoted(`${p.alarmNamePrefix}*`);
    return patternOf(
        either(
            all(callTerm(ALARM_LIST_TAMPER_CALLS), `($.requestParameters.alarmNames[*] = ${ours})`),
            all(callTerm(ALARM_OVERWRITE_CALLS), `($.requestParameters.alarmName = ${ours})`),
            all(
                callTerm(ALARM_MUTE_CALLS),
                either(`($.requestParameters.muteTargets.alarmNames[*] = ${ours})`, "($.requestParameters.muteTargets NOT EXISTS)"),
            ),
        ),
        SUCCEEDED,
    );
}

/**
 * IAM writes on the role CloudTrail delivers to the log group with: one
 * permissions boundary and the trail stops feeding every alarm, no error
 * anywhere but the trail's status. The role's name is Pulumi's auto-name
 * (resource name, `-`, seven random characters), known only after it is
 * created; rather than rename it (an explicit name replaces the role and
 * leaves the retained old one trusted by CloudTrail), the pattern matches the
 * prefix. IAM does not tell names apart by case (IAM User Guide, "IAM
 * identifiers": you cannot create roles named both "PRODROLE" and
 * "prodrole"), and the record keeps the caller's spelling, so the prefix is
 * matched in any case: one regex, of the five a log group allows.
 */
export function deliveryRoleTamperPattern(p: ProductResources): string {
    return patternOf(callTerm(DELIVERY_ROLE_TAMPER_CALLS), `($.requestParameters.roleName = ${anyCasePrefix(p.deliveryRoleNamePrefix)})`, SUCCEEDED);
}

/**
 * A metric filter on any other log group that emits into the detections'
 * namespace: a metric value of -1000 on a busy log group keeps every Sum under
 * its threshold, and a steady 1 holds an alarm in ALARM where it sends nothing
 * more. PutMetricFilter records the request's `metricTransformations` array
 * (CloudWatch Logs API Reference, PutMetricFilter); any element in our
 * namespace is enough. On the trail's own log group audit-log-group-changed
 * already fires.
 */
export function metricFeedPattern(p: ProductResources): string {
    return patternOf(
        callTerm(METRIC_FILTER_CALLS),
        `($.requestParameters.metricTransformations[*].metricNamespace = ${quoted(p.alarmNamespace)})`,
        `($.requestParameters.logGroupName != ${quoted(p.logGroupName)})`,
        SUCCEEDED,
    );
}
