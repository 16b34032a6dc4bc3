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
import type { CloudTrailRecord } from "../engine/record";
import type { DetectionContext } from "./catalog";
import { matches, ParsedPattern, parseFilterPattern } from "./filterPattern";

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
    /** The audit stack's engine and feed, when there is an audit stack (the audit-engine-* and audit-log-file-* detections). */
    audit?: AuditResources;
}

/**
 * The detection engine and what feeds it, by the fixed names of
 * stacks/auditNames.ts: known to the management stack (from the audit and
 * log-archive stacks' outputs) and to the audit stack (from its own account
 * and the log-archive outputs) alike, before any of it exists.
 */
export interface AuditResources {
    /** The audit account: the engine, its role, queues, alert topic and key live there, in the trail's home region. */
    accountId: string;
    /** The engine's Lambda function. */
    engineFunctionName: string;
    /** The engine's execution role (IAM names it without case: matched in any case). */
    engineRoleName: string;
    /** The log-file queue and its dead-letter queue. */
    queueNames: readonly string[];
    /** The log-archive account's topic the log bucket notifies and the queue subscribes to. */
    logFileTopicArn: string;
    /** The log-archive key that encrypts that topic; absent when the log-archive stack does not export it. */
    logFileTopicKeyArn?: string;
    /** The digest chain table (stacks/auditNames.ts); absent in settings written before issue 18. */
    digestChainTableName?: string;
    /** The late-digest schedule's rule, on the audit account's default event bus; absent in settings written before issue 18. */
    digestCheckRuleName?: string;
    /** The windowed detections' counts table (issue 17), protected by protect-digest-checks too; absent in settings written before it. */
    detectionCountsTableName?: string;
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
    // The audit key encrypts the alert topic and the queues; its ARN is the audit stack's, matched like the management keys.
    const auditKeys = p.audit === undefined ? [] : [`arn:${p.partition}:kms:${p.region}:${p.audit.accountId}:key/*`];
    return patternOf(callTerm(KEY_TAMPER_CALLS), anyOf("resources[0].ARN", [p.logKeyArn, managementKeys, ...auditKeys]), SUCCEEDED);
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

/** The detections whose patterns need an audit stack: without one they are not deployed (their pattern is undefined). */
export const AUDIT_STACK_DETECTION_IDS: readonly string[] = ["audit-engine-changed", "audit-engine-role-borrowed", "audit-engine-queue-changed", "audit-log-file-topic-changed", "audit-digest-checks-changed"];

/** Which calls the audit-engine patterns count: successful ones (the metric filters), or any (the engine's attempt detection checks the denial itself). */
type Outcome = "succeeded" | "any";
const outcomeTerm = (outcome: Outcome): string[] => (outcome === "succeeded" ? [SUCCEEDED] : []);

/**
 * The error codes AWS records when a policy (an SCP, a resource policy, an
 * identity policy) denies a call: AccessDenied (S3, SQS, IAM),
 * AccessDeniedException (Lambda, KMS), Client.UnauthorizedOperation (EC2),
 * AuthorizationError (SNS).
 */
export const DENIED_ERROR_CODE = /AccessDenied|UnauthorizedOperation|^AuthorizationError$/;

const attemptPatterns = new WeakMap<ProductResources, ParsedPattern[]>();

/**
 * The audit-engine-tamper-attempted predicate: a call that would have been
 * one of the four audit-engine detections had it succeeded, or a write on
 * the digest chain or counts table or the late-digest rule, denied. Code,
 * not a metric filter: denied calls must never count towards an alarm
 * (anyone can make them every few minutes and hold it in ALARM), but the
 * engine alerts per log file, so an attempt pages once. The patterns are
 * the three detections' own, without their success term, parsed once per
 * product.
 */
export function auditTamperAttempted(record: CloudTrailRecord, ctx: DetectionContext): boolean {
    if (typeof record.errorCode !== "string" || !DENIED_ERROR_CODE.test(record.errorCode)) return false;
    const product = ctx.settings.detectionParameters.product;
    let patterns = attemptPatterns.get(product);
    if (patterns === undefined) {
        patterns = [auditEngineTamperPattern, engineBorrowedPattern, auditQueueTamperPattern, logFileTopicTamperPattern, digestCheckTamperPattern]
            .map((build) => build(product, "any"))
            .filter((text): text is string => text !== undefined)
            .map(parseFilterPattern);
        attemptPatterns.set(product, patterns);
    }
    return patterns.some((pattern) => matches(pattern, record));
}

/**
 * Lambda records most writes under versioned event names
 * (`UpdateFunctionCode20150331v2`, `DeleteFunction20150331`,
 * `PutFunctionConcurrency20171031`: Lambda Developer Guide, "Logging AWS
 * Lambda API calls using AWS CloudTrail"), and older records and some tools
 * show the bare name: each is matched as `<name>*`.
 */
export const ENGINE_FUNCTION_CALLS = ["UpdateFunctionCode", "UpdateFunctionConfiguration", "DeleteFunction", "PutFunctionConcurrency"];
/** The event source mapping's writes; the request names the mapping by UUID only, the response names the function. */
export const ENGINE_MAPPING_CALLS = ["UpdateEventSourceMapping", "DeleteEventSourceMapping"];
/** The calls that give a function an execution role (`requestParameters.role`). */
export const ROLE_PASSING_CALLS = ["CreateFunction", "UpdateFunctionConfiguration"];

const versioned = (names: readonly string[]) => either(...names.map((n) => `($.eventName = ${quoted(`${n}*`)})`));

/**
 * The engine switched off or rewritten: its code, configuration (an
 * environment or a layer), reserved concurrency (0 stops every invocation),
 * deletion, its SQS event source mapping disabled, re-pointed or deleted, and
 * any IAM write naming its role (a new trust policy hands its right to read every
 * log to whoever it trusts; a boundary or a detached policy blinds it). A
 * function is named by name, ARN or partial ARN, with or without a
 * qualifier: `*:function:<name>*` covers all but the bare name. Only in the
 * audit account (`recipientAccountId`).
 */
export function auditEngineTamperPattern(p: ProductResources, outcome: Outcome = "succeeded"): string | undefined {
    if (p.audit === undefined) return undefined;
    const a = p.audit;
    const inArn = quoted(`*:function:${a.engineFunctionName}*`);
    return patternOf(
        `($.recipientAccountId = ${quoted(a.accountId)})`,
        either(
            all(
                `($.eventSource = "lambda.amazonaws.com")`,
                either(
                    all(versioned(ENGINE_FUNCTION_CALLS), either(`($.requestParameters.functionName = ${quoted(a.engineFunctionName)})`, `($.requestParameters.functionName = ${inArn})`)),
                    all(versioned(ENGINE_MAPPING_CALLS), `($.responseElements.functionArn = ${inArn})`),
                ),
            ),
            // Any IAM write naming the role, rather than a list of calls: shorter, and a call IAM adds later is covered.
            all(`($.eventSource = "iam.amazonaws.com")`, "($.readOnly IS FALSE)", `($.requestParameters.roleName = ${anyCasePrefix(a.engineRoleName)})`),
        ),
        ...outcomeTerm(outcome),
    );
}

/**
 * The engine's powers borrowed: a function created with, or switched to, the
 * engine's role (it would read every log of the organization and publish to
 * the pager as the engine: the bucket, key and RCP admit the role, whoever
 * runs it), or a new event source mapping from the log-file queue (another
 * function would take, and could drop, the engine's messages). Separate from
 * audit-engine-changed, whose pattern is near CloudWatch's 1,024 characters.
 */
export function engineBorrowedPattern(p: ProductResources, outcome: Outcome = "succeeded"): string | undefined {
    if (p.audit === undefined) return undefined;
    const a = p.audit;
    return patternOf(
        `($.recipientAccountId = ${quoted(a.accountId)})`,
        `($.eventSource = "lambda.amazonaws.com")`,
        either(
            all(versioned(ROLE_PASSING_CALLS), `($.requestParameters.role = ${quoted(`*:role/${a.engineRoleName}`)})`),
            all(versioned(["CreateEventSourceMapping"]), `($.requestParameters.eventSourceArn = ${quoted(`*:${a.accountId}:${a.queueNames[0]}`)})`),
        ),
        ...outcomeTerm(outcome),
    );
}

/** SQS writes that stop or divert the feed: a new policy, redrive or retention, a deletion, a purge, a permission removed. */
export const ENGINE_QUEUE_CALLS = { eventSource: "sqs.amazonaws.com", eventNames: ["SetQueueAttributes", "DeleteQueue", "PurgeQueue", "RemovePermission"] };

/**
 * The engine's queues changed, or the queue's subscription to the log-file
 * topic removed or rewritten (a filter policy that drops every message).
 * SQS names a queue by URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`,
 * or the legacy `https://<region>.queue.amazonaws.com/...`): a leading `*`, then
 * `/<account>/<name>`, matches both, and the dead-letter queue's name is not a prefix match of the
 * queue's. A subscription's ARN is its topic's, a colon and an id.
 */
export function auditQueueTamperPattern(p: ProductResources, outcome: Outcome = "succeeded"): string | undefined {
    if (p.audit === undefined) return undefined;
    const a = p.audit;
    return patternOf(
        either(
            all(callTerm(ENGINE_QUEUE_CALLS), anyOf("requestParameters.queueUrl", a.queueNames.map((q) => `*/${a.accountId}/${q}`))),
            all(callTerm(SUBSCRIPTION_TAMPER_CALLS), `($.requestParameters.subscriptionArn = ${quoted(`${a.logFileTopicArn}:*`)})`),
        ),
        ...outcomeTerm(outcome),
    );
}

/** The log bucket's event notifications rewritten: CloudTrail records PutBucketNotificationConfiguration as `PutBucketNotification`. */
export const BUCKET_NOTIFICATION_CALLS = { eventSource: "s3.amazonaws.com", eventNames: ["PutBucketNotification"] };

/**
 * What carries each new log file to the engine, in the log-archive account:
 * the log-file topic (any write: its policy, key, deletion, a data
 * protection policy, a new subscriber),
 * the key that encrypts it, and the log bucket's notification configuration.
 */
export function logFileTopicTamperPattern(p: ProductResources, outcome: Outcome = "succeeded"): string | undefined {
    if (p.audit === undefined) return undefined;
    const a = p.audit;
    return patternOf(
        either(
            // Any SNS write naming the topic (its policy, attributes, deletion, a data protection policy, a new subscriber):
            // shorter than the list of calls, which keeps the pattern within 1,024 characters for the longest names.
            all(
                `($.eventSource = "sns.amazonaws.com")`,
                "($.readOnly IS FALSE)",
                either(`($.requestParameters.topicArn = ${quoted(a.logFileTopicArn)})`, `($.requestParameters.resourceArn = ${quoted(a.logFileTopicArn)})`),
            ),
            ...(a.logFileTopicKeyArn === undefined ? [] : [all(callTerm(KEY_TAMPER_CALLS), `($.resources[0].ARN = ${quoted(a.logFileTopicKeyArn)})`)]),
            all(callTerm(BUCKET_NOTIFICATION_CALLS), `($.requestParameters.bucketName = ${quoted(p.logBucketName)})`),
        ),
        ...outcomeTerm(outcome),
    );
}

/**
 * A write on the digest chain table, the counts table or the late-digest rule, in the audit
 * account: only in the attempt predicate (protect-digest-checks denies them
 * to all but the deployer and break-glass, whose own changes are the stack's
 * work). DynamoDB names the table in `requestParameters.tableName` (DynamoDB
 * Developer Guide, "Understanding DynamoDB log file entries": DeleteTable,
 * UpdateTable), a restore's target in `targetTableName`, a backup by its ARN
 * (`<table>/backup/<id>`) and a resource policy's table by `resourceArn`.
 * EventBridge's requests name the rule as `Name` (DeleteRule, DisableRule,
 * PutRule) or `Rule` (PutTargets, RemoveTargets), recorded as `name` and
 * `rule` (the API's members, first letter lowered as CloudTrail records
 * them: not checked against a recorded event). Item writes are data events,
 * seen only when the trail records DynamoDB's.
 */
export function digestCheckTamperPattern(p: ProductResources, outcome: Outcome = "succeeded", extra: readonly string[] = []): string | undefined {
    const a = p.audit;
    if (a?.digestChainTableName === undefined || a.digestCheckRuleName === undefined) return undefined;
    const rule = quoted(a.digestCheckRuleName);
    // The counts table (issue 17) is protected by the same SCP statements: the same calls on it are attempts too.
    const tables = [a.digestChainTableName, ...(a.detectionCountsTableName === undefined ? [] : [a.detectionCountsTableName])];
    return patternOf(
        `($.recipientAccountId = ${quoted(a.accountId)})`,
        "($.readOnly IS FALSE)",
        either(
            all(
                `($.eventSource = "dynamodb.amazonaws.com")`,
                either(
                    ...tables.flatMap((name) => [
                        `($.requestParameters.tableName = ${quoted(name)})`,
                        `($.requestParameters.targetTableName = ${quoted(name)})`,
                        `($.requestParameters.backupArn = ${quoted(`*:table/${name}/backup/*`)})`,
                        `($.requestParameters.resourceArn = ${quoted(`*:table/${name}`)})`,
                    ]),
                ),
            ),
            all(`($.eventSource = "events.amazonaws.com")`, either(`($.requestParameters.name = ${rule})`, `($.requestParameters.rule = ${rule})`)),
        ),
        ...extra,
        ...outcomeTerm(outcome),
    );
}

/**
 * The item writes the engine itself makes on the chain table, every hour per
 * chain (data events, recorded only when the trail records DynamoDB's):
 * protect-digest-checks denies item writes to everyone else, so a successful
 * one is the engine's.
 */
const ENGINE_ITEM_WRITES = ["PutItem", "UpdateItem"];

/**
 * A successful change of the digest chain table or the late-digest rule:
 * the deployer's `pulumi up` with `digestVerification: false` (found by a
 * review, issue 18: it deletes the rule and the table's use, and nothing else
 * pages), or break-glass. Like audit-engine-changed, it pages on the stack's
 * own changes too: they are rare, and each one is worth a look.
 */
export function digestChecksChangedPattern(p: ProductResources): string | undefined {
    return digestCheckTamperPattern(p, "succeeded", ENGINE_ITEM_WRITES.map((name) => `($.eventName != "${name}")`));
}
