// The detection engine's execution role: its trust policy and the one
// identity policy it holds. Least privilege, each statement one need: read
// the organization's log files and decrypt them through S3 (the log-archive
// stack's bucket and key policies grant the same role by name), consume its
// queue, publish alerts, write its own logs, and name the organization's accounts.
import { logGroupArn } from "./arns";
import { policy, PolicyDocument } from "./document";

export interface EngineRolePolicyArgs {
    partition: string;
    /** The audit region (= the log bucket's region). */
    region: string;
    /** The audit account. */
    accountId: string;
    /** The log bucket. */
    bucketName: string;
    /** `<prefix/>AWSLogs/<o-id>/`: the organization's log files, nothing else in the bucket. */
    organizationLogPrefix: string;
    /** The log-archive key that encrypts the log files. */
    logKeyArn: string;
    /** The audit key (topic and queues). */
    auditKeyArn: string;
    /** The audit alert topic. */
    alertTopicArn: string;
    /** The log-file queue the engine consumes. */
    queueArn: string;
    /** The engine's own log group. */
    logGroupName: string;
}

/** What Lambda's SQS event source mapping calls with the function's role (Lambda Developer Guide, "Using Lambda with Amazon SQS"). */
export const QUEUE_CONSUME_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"];

export const ORGANIZATION_READ_ACTIONS = ["organizations:ListAccounts", "organizations:DescribeAccount"];

export function engineTrustPolicy(): PolicyDocument {
    return policy({
        Sid: "LambdaAssumes",
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
    });
}

export function engineRolePolicy(a: EngineRolePolicyArgs): PolicyDocument {
    return policy(
        {
            Sid: "ReadOrganizationLogFiles",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: `arn:${a.partition}:s3:::${a.bucketName}/${a.organizationLogPrefix}*`,
        },
        {
            Sid: "DecryptLogFilesThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: a.logKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` } },
        },
        {
            Sid: "ConsumeLogFileQueue",
            Effect: "Allow",
            Action: QUEUE_CONSUME_ACTIONS,
            Resource: a.queueArn,
        },
        {
            Sid: "PublishAlerts",
            Effect: "Allow",
            Action: "sns:Publish",
            Resource: a.alertTopicArn,
        },
        {
            // The queue's messages and the topic's are encrypted with the audit key; only through those services.
            Sid: "UseAuditKeyThroughSqsAndSns",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: a.auditKeyArn,
            Condition: { StringEquals: { "kms:ViaService": [`sqs.${a.region}.amazonaws.com`, `sns.${a.region}.amazonaws.com`] } },
        },
        {
            // The log group exists (the stack creates it, with retention and the key): no CreateLogGroup.
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${logGroupArn({ partition: a.partition, region: a.region, accountId: a.accountId, logGroupName: a.logGroupName })}:*`,
        },
        {
            // Account names for the alert's "where"; the management account delegates these read calls to the audit account.
            Sid: "NameOrganizationAccounts",
            Effect: "Allow",
            Action: ORGANIZATION_READ_ACTIONS,
            Resource: "*",
        },
    );
}
