// The audit queue's policy: the log-archive account's log-file topic is the
// only sender. SNS delivers to a subscribed queue as the service principal,
// naming the topic in aws:SourceArn (SNS Developer Guide, "Subscribing an
// Amazon SQS queue to an Amazon SNS topic").
import { policy, PolicyDocument, Statement, unlessPrincipal } from "./document";
import { breakGlassInAccount } from "./arns";

export interface AuditQueuePolicyArgs {
    /** The queue this policy is attached to. */
    queueArn: string;
    /** The log-archive account's log-file topic: the only topic that may send. */
    logFileTopicArn: string;
    /** The audit account, which owns the queue. */
    accountId: string;
    /** The audit stack's deployer role: its `pulumi up` writes this policy and the queue's attributes. */
    deployerArns: readonly string[];
    /** Break-glass role ARNs as configured (the account part may be `*`); only this account's roles are exempt. */
    breakGlassArns: readonly string[];
}

/**
 * What can stop the feed from the queue's side: a new policy (SetQueueAttributes
 * carries it, with the redrive policy and the key), purging it, deleting it.
 * The SCP denies them too; the queue's own policy says so where the queue is.
 */
export const QUEUE_CHANGE_ACTIONS = ["sqs:SetQueueAttributes", "sqs:AddPermission", "sqs:RemovePermission", "sqs:PurgeQueue", "sqs:DeleteQueue"];

function topicSends(a: AuditQueuePolicyArgs): Statement {
    return {
        Sid: "LogFileTopicSends",
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: a.queueArn,
        // The topic's ARN carries its account: no other topic, of this or any account, matches.
        Condition: { ArnEquals: { "aws:SourceArn": a.logFileTopicArn } },
    };
}

export function auditQueuePolicy(a: AuditQueuePolicyArgs): PolicyDocument {
    return policy(topicSends(a), {
        Sid: "DenyQueueChanges",
        Effect: "Deny",
        Principal: "*",
        Action: QUEUE_CHANGE_ACTIONS,
        Resource: a.queueArn,
        Condition: unlessPrincipal([...breakGlassInAccount(a.breakGlassArns, a.accountId), ...a.deployerArns]),
    });
}
