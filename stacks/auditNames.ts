// The names of what the audit stack builds, and of what the log-archive stack
// builds for it, fixed by the program rather than configured. The rule that
// lets three stacks agree without typing a value twice: a stack deployed
// earlier never reads a later one; it derives the later stack's ARNs from an
// account id it is given (auditAccountId), its own region and partition, and
// these names. A later stack reads the earlier one's outputs.
import { roleArn, topicArn } from "../policies/arns";

/** The topic in the log-archive account that the log bucket's notifications go to; the audit queue subscribes to it. */
export const LOG_FILE_TOPIC_NAME = "org-cloudtrail-log-files";
/** Alias of the log-archive key that encrypts that topic. */
export const LOG_FILE_TOPIC_KEY_ALIAS = `alias/${LOG_FILE_TOPIC_NAME}`;

/** The queue in the audit account that holds one message per log file until the engine has read it. */
export const LOG_FILE_QUEUE_NAME = "org-cloudtrail-log-files";
/** Where a message goes after the engine failed on it AUDIT_MAX_RECEIVE_COUNT times; a message there pages. */
export const LOG_FILE_DEAD_LETTER_QUEUE_NAME = "org-cloudtrail-log-files-failed";
/** Deliveries of one message before it moves to the dead-letter queue. */
export const AUDIT_MAX_RECEIVE_COUNT = 5;

/** The detection engine's Lambda function and its execution role (the archive's policies grant this role by name). */
export const ENGINE_FUNCTION_NAME = "org-cloudtrail-detection-engine";
export const ENGINE_ROLE_NAME = "org-cloudtrail-detection-engine";

/** The audit account's alert topic (the pager) and the alias of the key that encrypts it and the queues. */
export const AUDIT_ALERT_TOPIC_NAME = "org-cloudtrail-alerts";
export const AUDIT_KEY_ALIAS = "alias/org-cloudtrail-audit";

/** Prefix of the audit account's alarms (heartbeat, failed files, engine errors): its topic and key policies accept alarms by it. */
export const AUDIT_ALARM_NAME_PREFIX = "org-cloudtrail-";

/** The engine's role, as the log-archive stack grants it before it exists. */
export function engineRoleArn(partition: string, auditAccountId: string): string {
    return roleArn(partition, auditAccountId, ENGINE_ROLE_NAME);
}

/** The log-archive account's log-file topic (same region as the bucket). */
export function logFileTopicArn(a: { partition: string; region: string; logArchiveAccountId: string }): string {
    return topicArn({ partition: a.partition, region: a.region, accountId: a.logArchiveAccountId, topicName: LOG_FILE_TOPIC_NAME });
}

/** The audit account's queue, as the log-archive topic's policy names the only endpoint that may subscribe. */
export function logFileQueueArn(a: { partition: string; region: string; auditAccountId: string }): string {
    return `arn:${a.partition}:sqs:${a.region}:${a.auditAccountId}:${LOG_FILE_QUEUE_NAME}`;
}

/**
 * The DynamoDB table in the audit account where the engine keeps, per
 * account and region ("<account>/<region>"), the last digest it verified:
 * what the next digest must chain to, and when the next one is due.
 */
export const DIGEST_CHAIN_TABLE_NAME = "org-cloudtrail-digest-chains";
/** Its partition key: "<account>/<region>", one item per chain. */
export const DIGEST_CHAIN_KEY = "chain";
/** The EventBridge rule (default bus) that invokes the engine to look for late digests. */
export const DIGEST_CHECK_RULE_NAME = "org-cloudtrail-digest-check";

/** The chain table's ARN, as the management stack's SCP names it (from the audit outputs' account and region). */
export function digestChainTableArn(a: { partition: string; region: string; auditAccountId: string }): string {
    return `arn:${a.partition}:dynamodb:${a.region}:${a.auditAccountId}:table/${DIGEST_CHAIN_TABLE_NAME}`;
}

/** The late-digest rule's ARN (a rule on the default event bus: `rule/<name>`, iam-data's rule-on-default-event-bus). */
export function digestCheckRuleArn(a: { partition: string; region: string; auditAccountId: string }): string {
    return `arn:${a.partition}:events:${a.region}:${a.auditAccountId}:rule/${DIGEST_CHECK_RULE_NAME}`;
}

/**
 * The DynamoDB table in the audit account where the engine counts the
 * matches of detections tuned with `windowMinutes` across log files: one
 * item per detection, counting key and window (engine/windowCounts.ts).
 * Created only when some detection has a window.
 */
export const DETECTION_COUNTS_TABLE_NAME = "org-cloudtrail-detection-counts";
/** Its partition key: "<detection>/<counting key>/<window start>". */
export const DETECTION_COUNTS_KEY = "window";
/** Its time-to-live attribute (epoch seconds): DynamoDB deletes a window's count some time after it (TTL deletes within days, not at once). */
export const DETECTION_COUNTS_TTL_ATTRIBUTE = "expiresAt";

/** The counts table's ARN, as the engine role and the management stack's SCP name it. */
export function detectionCountsTableArn(a: { partition: string; region: string; auditAccountId: string }): string {
    return `arn:${a.partition}:dynamodb:${a.region}:${a.auditAccountId}:table/${DETECTION_COUNTS_TABLE_NAME}`;
}
