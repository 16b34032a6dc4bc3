// The product's resources as the detections name them, derived the same way
// by the management stack (for its metric filters) and the audit stack (for
// the engine), from the log-archive stack's outputs and fixed names only, so
// that the two paths watch the same resources.
import { deliveryRoleNamePrefix } from "../components/organizationTrail";
import { ALERT_NAME_PREFIX } from "../components/alerting";
import {
    AUDIT_ALERT_TOPIC_NAME,
    DETECTION_COUNTS_TABLE_NAME,
    DIGEST_CHAIN_TABLE_NAME,
    DIGEST_CHECK_RULE_NAME,
    ENGINE_FUNCTION_NAME,
    ENGINE_ROLE_NAME,
    LOG_FILE_DEAD_LETTER_QUEUE_NAME,
    LOG_FILE_QUEUE_NAME,
    logFileTopicArn,
} from "../stacks/auditNames";
import type { LogArchiveContract } from "../stacks/logArchiveContract";
import { topicArn } from "../policies/arns";
import type { AuditResources, ProductResources } from "./ownResources";

/** Name of the management stack's OrganizationTrail component: its delivery role is named from it. */
export const MANAGEMENT_TRAIL_COMPONENT = "organization";

/** The log group the organization trail delivers to, named from the trail. */
export function trailLogGroupName(trailName: string): string {
    return `/org-cloudtrail/${trailName}`;
}

export interface ProductResourcesArgs {
    partition: string;
    /** The log-archive stack's outputs. */
    archive: LogArchiveContract;
    /** CloudWatch namespace of the detections' metrics. */
    alarmNamespace: string;
    /** The topic the alarms publish to: the management account's. Ignored when `auditAccountId` is set: the audit account's topic is the pager then. */
    alertTopicArn: string;
    /**
     * The audit stack's account, when there is one: the topic-tamper
     * detection then watches the audit topic, and the audit-engine-* and
     * audit-log-file-topic-changed detections the engine and its feed.
     */
    auditAccountId?: string;
}

/** What the audit-* detections guard. The trail, its log group and alarms live in the management account, in the trail's home region. */
export function productResources(a: ProductResourcesArgs): ProductResources {
    const audit = a.auditAccountId === undefined ? undefined : auditResources(a.partition, a.archive, a.auditAccountId);
    return {
        partition: a.partition,
        region: a.archive.trailHomeRegion,
        managementAccountId: a.archive.managementAccountId,
        trailName: a.archive.trailName,
        logBucketName: a.archive.bucketName,
        accessLogBucketName: a.archive.accessLogBucketName,
        logKeyArn: a.archive.kmsKeyArn,
        alertTopicArn:
            audit === undefined
                ? a.alertTopicArn
                : topicArn({ partition: a.partition, region: a.archive.trailHomeRegion, accountId: audit.accountId, topicName: AUDIT_ALERT_TOPIC_NAME }),
        logGroupName: trailLogGroupName(a.archive.trailName),
        alarmNamePrefix: ALERT_NAME_PREFIX,
        alarmNamespace: a.alarmNamespace,
        deliveryRoleNamePrefix: deliveryRoleNamePrefix(MANAGEMENT_TRAIL_COMPONENT),
        ...(audit === undefined ? {} : { audit }),
    };
}

/** The engine and its feed, from the audit account, the log-archive outputs and the fixed names (stacks/auditNames.ts). */
export function auditResources(partition: string, archive: LogArchiveContract, auditAccountId: string): AuditResources {
    return {
        accountId: auditAccountId,
        engineFunctionName: ENGINE_FUNCTION_NAME,
        engineRoleName: ENGINE_ROLE_NAME,
        queueNames: [LOG_FILE_QUEUE_NAME, LOG_FILE_DEAD_LETTER_QUEUE_NAME],
        // Derived, as the log-archive stack names it: the same ARN as its logFileTopicArn output.
        logFileTopicArn: logFileTopicArn({ partition, region: archive.region, logArchiveAccountId: archive.accountId }),
        ...(archive.logFileTopicKeyArn === undefined ? {} : { logFileTopicKeyArn: archive.logFileTopicKeyArn }),
        // Named whether or not the audit stack verifies digests: protect-digest-checks guards the names either way.
        digestChainTableName: DIGEST_CHAIN_TABLE_NAME,
        digestCheckRuleName: DIGEST_CHECK_RULE_NAME,
        // Named whether or not a detection has a window, for the same reason.
        detectionCountsTableName: DETECTION_COUNTS_TABLE_NAME,
    };
}
