// The log-file topic's policy. The log bucket's event notifications publish
// here (as the service principal s3.amazonaws.com, naming the bucket in
// aws:SourceArn and its owner in aws:SourceAccount), and the audit account's
// queue is the only subscriber: the topic carries the name of every new log
// file of the organization to the detection engine, and nowhere else.
import { LOG_FILE_TOPIC_NAME, logFileQueueArn } from "../stacks/auditNames";
import { accountRootArn, breakGlassInAccount, bucketArn, topicArn } from "./arns";
import { policy, PolicyDocument, unlessPrincipal } from "./document";
import { TOPIC_CHANGE_ACTIONS } from "./alertTopicPolicies";

export interface LogFileTopicPolicyArgs {
    /** AWS partition of the log-archive account. */
    partition: string;
    /** Region of the log bucket, the topic and the audit queue (they must be one). */
    region: string;
    /** The log-archive account: it owns the bucket, the topic and its key. */
    accountId: string;
    /** The organization: nobody outside it may touch the topic. */
    organizationId: string;
    /** Name of the log bucket, the only publisher. */
    bucketName: string;
    /** The audit account, whose queue (LOG_FILE_QUEUE_NAME) is the only subscriber. */
    auditAccountId: string;
    /** The deployer's exact role ARN: its next `pulumi up` must be able to put this policy again. */
    deployerArns: readonly string[];
    /** Break-glass role ARNs as configured (the account part may be `*`); only this account's roles are exempt. */
    breakGlassArns: readonly string[];
}

/**
 * Every action a topic policy may name (SNS accepts only its own list in a
 * topic policy: "Amazon SNS API permissions: Actions and resources reference",
 * https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html).
 * A wildcard would be rejected there, so the outside-the-organization deny names them.
 */
export const TOPIC_POLICY_ACTIONS = [
    "sns:AddPermission",
    "sns:DeleteTopic",
    "sns:GetDataProtectionPolicy",
    "sns:GetTopicAttributes",
    "sns:ListSubscriptionsByTopic",
    "sns:ListTagsForResource",
    "sns:Publish",
    "sns:PutDataProtectionPolicy",
    "sns:RemovePermission",
    "sns:SetTopicAttributes",
    "sns:Subscribe",
];

/** The only principal that may publish: S3, for the log bucket's event notifications. */
export const LOG_FILE_PUBLISHER_SERVICE = "s3.amazonaws.com";

export function logFileTopicPolicy(a: LogFileTopicPolicyArgs): PolicyDocument {
    const topic = topicArn({ partition: a.partition, region: a.region, accountId: a.accountId, topicName: LOG_FILE_TOPIC_NAME });
    const bucket = bucketArn(a.partition, a.bucketName);
    const queue = logFileQueueArn({ partition: a.partition, region: a.region, auditAccountId: a.auditAccountId });
    const breakGlass = breakGlassInAccount(a.breakGlassArns, a.accountId);
    return policy(
        {
            // Bucket names are global and can be taken by another account once deleted: the source account pins the owner.
            Sid: "LogBucketPublishes",
            Effect: "Allow",
            Principal: { Service: LOG_FILE_PUBLISHER_SERVICE },
            Action: "sns:Publish",
            Resource: topic,
            Condition: { ArnEquals: { "aws:SourceArn": bucket }, StringEquals: { "aws:SourceAccount": a.accountId } },
        },
        {
            // The audit stack subscribes its queue (as the queue's owner: no confirmation is needed).
            Sid: "AuditQueueSubscribes",
            Effect: "Allow",
            Principal: { AWS: accountRootArn(a.partition, a.auditAccountId) },
            Action: "sns:Subscribe",
            Resource: topic,
            Condition: { StringEquals: { "sns:Protocol": "sqs", "sns:Endpoint": queue } },
        },
        {
            // A forged message would send the engine to read a file of someone's choosing, or bury the real ones:
            // nobody publishes but S3 for this bucket, not even this account's administrators.
            Sid: "DenyPublishButByTheLogBucket",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Publish",
            Resource: topic,
            Condition: { ArnNotEqualsIfExists: { "aws:SourceArn": bucket } },
        },
        {
            Sid: "DenyPublishForAnotherAccount",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Publish",
            Resource: topic,
            Condition: { StringNotEqualsIfExists: { "aws:SourceAccount": a.accountId } },
        },
        {
            // The names of the organization's log files go to the audit queue and nowhere else (an e-mail,
            // an HTTPS endpoint or another queue would see every account's activity as it happens).
            Sid: "DenySubscribersButTheAuditQueue",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Subscribe",
            Resource: topic,
            Condition: { StringNotEqualsIfExists: { "sns:Endpoint": queue } },
        },
        {
            Sid: "DenySubscribeButByTheAuditAccount",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Subscribe",
            Resource: topic,
            Condition: { StringNotEquals: { "aws:PrincipalAccount": a.auditAccountId } },
        },
        {
            // AWS services carry no organization id; S3 is allowed above, by name and source.
            Sid: "DenyOutsideOrganization",
            Effect: "Deny",
            Principal: "*",
            Action: TOPIC_POLICY_ACTIONS,
            Resource: topic,
            Condition: {
                StringNotEqualsIfExists: { "aws:PrincipalOrgID": a.organizationId },
                BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
            },
        },
        {
            // Dropping LogBucketPublishes, or swapping the key, silences the engine: only the deployer
            // (whose pulumi up sets this policy) and break-glass may change the topic.
            Sid: "DenyTopicChanges",
            Effect: "Deny",
            Principal: "*",
            Action: TOPIC_CHANGE_ACTIONS,
            Resource: topic,
            ...conditionOf(unlessPrincipal([...breakGlass, ...a.deployerArns])),
        },
    );
}

const conditionOf = (condition: ReturnType<typeof unlessPrincipal>) => (condition ? { Condition: condition } : {});
