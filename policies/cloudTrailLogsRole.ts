// The role CloudTrail assumes to deliver the organization trail to
// CloudWatch Logs: who may assume it, and what it may write.
import { logGroupArn } from "./arns";
import { policy, PolicyDocument } from "./document";

export interface CloudTrailLogsRoleArgs {
    partition: string;
    /** The trail's home region, where the log group lives. */
    region: string;
    managementAccountId: string;
    organizationId: string;
    logGroupName: string;
    /** ARN of the organization trail. */
    trailArn: string;
}

/**
 * Only CloudTrail may assume the role. AWS documents that this role does not
 * support `aws:SourceArn`/`aws:SourceAccount` ("Confused deputy prevention is
 * not applicable to the role policy for CloudWatch Logs monitoring", AWS
 * CloudTrail User Guide, cloudtrail-required-policy-for-cloudwatch-logs). A
 * plain `StringEquals` on a key CloudTrail does not send would refuse every
 * delivery, so the trail's ARN is required only when the key is present
 * (`...IfExists`). The permission policy below is what really confines it.
 */
export function cloudTrailAssumeRolePolicy(a: Pick<CloudTrailLogsRoleArgs, "trailArn">): PolicyDocument {
    return policy({
        Sid: "CloudTrailAssumesRole",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEqualsIfExists: { "aws:SourceArn": a.trailArn } },
    });
}

/**
 * The log streams an organization trail writes: `<management account>_CloudTrail_<region>*`
 * for the management account's own events and `<o-id>_*` for the organization's.
 */
export function trailLogStreamArns(a: CloudTrailLogsRoleArgs): string[] {
    const group = logGroupArn({ partition: a.partition, region: a.region, accountId: a.managementAccountId, logGroupName: a.logGroupName });
    return [`${group}:log-stream:${a.managementAccountId}_CloudTrail_${a.region}*`, `${group}:log-stream:${a.organizationId}_*`];
}

/** Create streams and put events in this log group's trail streams, nothing else. */
export function cloudTrailLogsPolicy(a: CloudTrailLogsRoleArgs): PolicyDocument {
    return policy({
        Sid: "DeliverTrailEvents",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: trailLogStreamArns(a),
    });
}
