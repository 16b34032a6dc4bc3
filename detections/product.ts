// The product's resources as the detections name them, derived the same way
// by the management stack (for its metric filters) and the audit stack (for
// the engine), from the log-archive stack's outputs and fixed names only, so
// that the two paths watch the same resources.
import { deliveryRoleNamePrefix } from "../components/organizationTrail";
import { ALERT_NAME_PREFIX } from "../components/alerting";
import type { LogArchiveContract } from "../stacks/logArchiveContract";
import type { ProductResources } from "./ownResources";

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
    /** The topic the alarms publish to: the management account's, or the audit account's when there is an audit stack. */
    alertTopicArn: string;
}

/** What the audit-* detections guard. The trail, its log group and alarms live in the management account, in the trail's home region. */
export function productResources(a: ProductResourcesArgs): ProductResources {
    return {
        partition: a.partition,
        region: a.archive.trailHomeRegion,
        managementAccountId: a.archive.managementAccountId,
        trailName: a.archive.trailName,
        logBucketName: a.archive.bucketName,
        accessLogBucketName: a.archive.accessLogBucketName,
        logKeyArn: a.archive.kmsKeyArn,
        alertTopicArn: a.alertTopicArn,
        logGroupName: trailLogGroupName(a.archive.trailName),
        alarmNamePrefix: ALERT_NAME_PREFIX,
        alarmNamespace: a.alarmNamespace,
        deliveryRoleNamePrefix: deliveryRoleNamePrefix(MANAGEMENT_TRAIL_COMPONENT),
    };
}
