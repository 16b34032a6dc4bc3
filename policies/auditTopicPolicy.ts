// The audit account's alert topic (the pager) and who may publish to it: the
// detection engine's role (through its identity policy: it is of this
// account, and a grant to the account in a resource policy would add nothing
// to it), and CloudWatch for the alarms named
// org-cloudtrail-* of the audit account and of the management account (the
// management stack's CIS alarms are the backstop and publish here across
// accounts; CloudWatch accepts a topic of another account as an alarm action,
// evidence aws-samples/aws-secure-environment-accelerator#875, not stated in
// AWS's documentation).
import { alarmArnPattern, breakGlassInAccount } from "./arns";
import { policy, PolicyDocument, Statement, unlessPrincipal } from "./document";
import { TOPIC_CHANGE_ACTIONS } from "./alertTopicPolicies";

export interface AuditAlarmSourceArgs {
    /** AWS partition of the organization. */
    partition: string;
    /** The audit region (= the trail's home region): the audit alarms and the management stack's alarms live there. */
    region: string;
    /** The audit account, which owns the topic, the key and its own alarms. */
    accountId: string;
    /** The management account, whose CIS alarms publish here too. */
    managementAccountId: string;
    /** Every alarm that may publish is named with this prefix, in either account. */
    alarmNamePrefix: string;
}

export interface AuditTopicPolicyArgs extends AuditAlarmSourceArgs {
    /** The topic this policy is attached to. */
    topicArn: string;
    /** The audit stack's deployer role: it alone subscribes and changes the topic (its `pulumi up` does). */
    deployerArns: readonly string[];
    /** Break-glass role ARNs as configured (the account part may be `*`); only this account's roles are exempt. */
    breakGlassArns: readonly string[];
}

/** CloudWatch, for one account's alarms by name: aws:SourceAccount and aws:SourceArn together, so neither can be borrowed. */
export function alarmsOf(a: AuditAlarmSourceArgs, accountId: string, sid: string, action: string[], resource: string): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: action,
        Resource: resource,
        Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": alarmArnPattern({ partition: a.partition, region: a.region, accountId, alarmNamePrefix: a.alarmNamePrefix }) },
        },
    };
}

/** Who may change who is paged: the deployer and this account's break-glass roles. */
function exempt(a: AuditTopicPolicyArgs): string[] {
    return [...breakGlassInAccount(a.breakGlassArns, a.accountId), ...a.deployerArns];
}

export function auditTopicPolicy(a: AuditTopicPolicyArgs): PolicyDocument {
    return policy(
        alarmsOf(a, a.accountId, "AuditAlarmsPublish", ["sns:Publish"], a.topicArn),
        alarmsOf(a, a.managementAccountId, "ManagementAlarmsPublish", ["sns:Publish"], a.topicArn),
        {
            // A new subscriber reads every alert (an attacker's mailbox learns what was seen); the subscribers are the stack's config.
            Sid: "DenySubscribeButDeployer",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Subscribe",
            Resource: a.topicArn,
            Condition: unlessPrincipal(exempt(a)),
        },
        {
            Sid: "DenyTopicPolicyChanges",
            Effect: "Deny",
            Principal: "*",
            Action: TOPIC_CHANGE_ACTIONS,
            Resource: a.topicArn,
            Condition: unlessPrincipal(exempt(a)),
        },
    );
}
