// The service control policy `protect-audit-engine`, attached to the audit
// account and the log-archive account: nobody but the audit stack's deployer and the management stack's
// break-glass roles may switch the detection engine off, rewrite it, re-trust
// its role, drain or re-policy its queues, silence the alert topic or its
// subscriptions, disable the audit key, or delete and mute the audit alarms
// and the engine's log group, or hand the engine's role to another function
// (which would then read every log and consume the queue as the engine);
// and in the log-archive account nobody may unsubscribe the audit queue from
// the log-file topic (its owner could: a topic policy cannot deny it). A
// separate policy from protect-audit-trail:
// that one is close to the 5,120-character limit, and it is attached to the
// root, while this one names the resources of a single account.
//
// What no SCP reaches: service principals (SNS delivering, Lambda polling the
// queue as the engine's role is a role session and is governed, but needs
// none of the denied actions), and the management account. Every denied
// change that still succeeds (break-glass at work, or a wall that failed)
// pages through audit-engine-changed, audit-engine-queue-changed,
// audit-alert-topic-changed, audit-keys-changed and audit-alarms-changed.
import { AUDIT_ALARM_NAME_PREFIX, ENGINE_FUNCTION_NAME } from "../stacks/auditNames";
import { policy, PolicyDocument, unlessPrincipal } from "./document";
import { KEY_DESTRUCTION_ACTIONS } from "./logKeyPolicy";
import { ROLE_CHANGE_ACTIONS } from "./protectAuditTrailScp";

export interface ProtectAuditEngineArgs {
    /** AWS partition of the organization. */
    partition: string;
    /** The audit stack's region (the trail's home region): the engine, queues, topic, key and alarms are there. */
    region: string;
    /** The audit account, where the engine is (the policy is attached there and to the log-archive account). */
    accountId: string;
    /** The engine's Lambda function (audit output `engineFunctionArn`). */
    engineFunctionArn: string;
    /** The engine's execution role (audit output `engineRoleArn`). */
    engineRoleArn: string;
    /** The log-file queue and its dead-letter queue (audit outputs `logFileQueueArn`, `deadLetterQueueArn`). */
    queueArns: readonly string[];
    /** The log-file queue alone: only the engine may receive and delete its messages. */
    logFileQueueArn: string;
    /** The audit alert topic (audit output `alertTopicArn`). */
    alertTopicArn: string;
    /** The log-archive account's log-file topic, which the queue subscribes to (its subscription is the audit account's). */
    logFileTopicArn: string;
    /** The audit key: it encrypts the alert topic and the queues (audit output `alertKeyArn`). */
    auditKeyArn: string;
    /** The audit stack's deployer role (audit output `deployerRoleArn`): exempt, its `pulumi up` manages all of these. */
    deployerRoleArns: readonly string[];
    /**
     * The management stack's break-glass roles, the only other exemption.
     * The audit stack's own list is set by its deployer and must not widen
     * this policy, as in protect-audit-trail.
     */
    breakGlassArns: readonly string[];
    /**
     * The audit stack's own break-glass roles (audit output `breakGlassArns`):
     * its key and topic policies may exempt them, so this policy protects
     * them from change (as protect-audit-trail protects the log-archive
     * stack's), and never exempts them.
     */
    auditBreakGlassArns?: readonly string[];
}

/**
 * The engine function's writes, as wildcards so that what Lambda adds later
 * is denied too: code, configuration, concurrency (0 stops it), aliases,
 * versions, permissions, event-invoke settings, tags, deletion. Reads
 * (`Get*`, `List*`) and `lambda:InvokeFunction` stay open.
 */
export const ENGINE_FUNCTION_ACTIONS = [
    "lambda:Update*",
    "lambda:Delete*",
    "lambda:Put*",
    "lambda:Publish*",
    "lambda:AddPermission",
    "lambda:RemovePermission",
    "lambda:CreateAlias",
    "lambda:TagResource",
    "lambda:UntagResource",
];

/**
 * The event source mapping's calls, which act on a mapping ARN (named by
 * UUID, unknown until it exists) and carry the function in the
 * `lambda:FunctionArn` condition key (Lambda Developer Guide, "Fine-tuning
 * the Resources and Conditions sections of policies"): denied only for the
 * engine's mappings, so other teams' mappings in the account still work.
 */
export const ENGINE_MAPPING_ACTIONS = ["lambda:CreateEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping"];

/**
 * What stops or diverts the feed on the queues: a new policy, redrive or
 * retention, a deletion, a purge, permissions, tags. Named: `sqs:Delete*`
 * would include DeleteMessage, which the engine needs.
 */
export const QUEUE_CHANGE_ACTIONS = [
    "sqs:SetQueueAttributes",
    "sqs:DeleteQueue",
    "sqs:PurgeQueue",
    "sqs:AddPermission",
    "sqs:RemovePermission",
    "sqs:TagQueue",
    "sqs:UntagQueue",
];

/** Taking the log-file queue's messages away from the engine: whoever receives them first decides whether the engine ever sees that log file. */
export const QUEUE_CONSUME_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"];

/**
 * The alert topic and the queue's subscription: the topic-policy actions of
 * alertTopicPolicies.ts's TOPIC_CHANGE_ACTIONS, and the subscription actions
 * a topic policy cannot hold (IAM authorizes them against the topic).
 */
export const TOPIC_AND_SUBSCRIPTION_ACTIONS = [
    "sns:AddPermission",
    "sns:RemovePermission",
    "sns:SetTopicAttributes",
    "sns:PutDataProtectionPolicy",
    "sns:DeleteTopic",
    "sns:Unsubscribe",
    "sns:SetSubscriptionAttributes",
];

/** The audit queue's subscription to the log-file topic removed or given a filter policy that drops files. */
export const LOG_FILE_SUBSCRIPTION_ACTIONS = ["sns:Unsubscribe", "sns:SetSubscriptionAttributes"];

/** The audit key disabled, deleted, rotation off, its policy replaced, or Decrypt handed out by a grant. */
export const AUDIT_KEY_ACTIONS = [...KEY_DESTRUCTION_ACTIONS, "kms:PutKeyPolicy", "kms:CreateGrant"];

/**
 * The audit alarms deleted, switched off, overwritten, set by hand or muted,
 * or a composite alarm of the same prefix made to send forged ALARM and OK
 * messages to the pager (its policies accept any `org-cloudtrail-*` alarm).
 */
export const ALARM_CHANGE_ACTIONS = [
    "cloudwatch:DeleteAlarms",
    "cloudwatch:DisableAlarmActions",
    "cloudwatch:PutMetricAlarm",
    "cloudwatch:PutCompositeAlarm",
    "cloudwatch:SetAlarmState",
    "cloudwatch:PutAlarmMuteRule",
    "cloudwatch:TagResource",
    "cloudwatch:UntagResource",
];

/** The engine's log group: deleted, retention shortened, re-keyed, or exported. */
export const ENGINE_LOG_GROUP_ACTIONS = [
    "logs:DeleteLogGroup",
    "logs:PutRetentionPolicy",
    "logs:DeleteRetentionPolicy",
    "logs:AssociateKmsKey",
    "logs:DisassociateKmsKey",
    "logs:PutSubscriptionFilter",
    "logs:DeleteSubscriptionFilter",
];

/** Lambda's default log group for the engine (the audit stack does not rename it). */
export function engineLogGroupName(functionName = ENGINE_FUNCTION_NAME): string {
    return `/aws/lambda/${functionName}`;
}

/**
 * Statements that share an exemption are merged, to spare the size limit
 * (each exemption list is repeated in every statement that carries it):
 * safe because no action of one service acts on another service's ARN
 * (lambda:Update* never matches a role ARN, iam:Create* never a function's).
 * Three groups, so that a denial still says what it protected: the engine
 * (function and role), its feed (queues, topics, subscriptions), and what
 * pages (key, alarms, log group).
 */
export function protectAuditEngineScp(a: ProtectAuditEngineArgs): PolicyDocument {
    const exempt = unlessPrincipal([...a.breakGlassArns, ...a.deployerRoleArns]);
    const breakGlassOnly = unlessPrincipal(a.breakGlassArns);
    const exemptRoles = [...new Set([...a.deployerRoleArns, ...(a.auditBreakGlassArns ?? [])])];
    const regional = (service: string) => `arn:${a.partition}:${service}:${a.region}:${a.accountId}`;
    const logGroup = `${regional("logs")}:log-group:${engineLogGroupName()}`;
    // The function and any qualified version or alias of it.
    const functions = [a.engineFunctionArn, `${a.engineFunctionArn}:*`];
    return policy(
        {
            // New code, zero concurrency, a deleted function; a re-trusted role reads every log of the organization,
            // and so does any function the role is passed to (the bucket, key and RCP admit the role, whoever runs it).
            Sid: "ProtectEngine",
            Effect: "Deny",
            Action: [...ENGINE_FUNCTION_ACTIONS, ...ROLE_CHANGE_ACTIONS, "iam:PassRole"],
            Resource: [...functions, a.engineRoleArn],
            Condition: exempt,
        },
        {
            Sid: "ProtectEngineMapping",
            Effect: "Deny",
            Action: ENGINE_MAPPING_ACTIONS,
            Resource: "*",
            Condition: { ...exempt, ArnLike: { "lambda:FunctionArn": functions } },
        },
        exemptRoles.length === 0
            ? undefined
            : {
                  // A re-trusted deployer, or a role created with a break-glass name, would carry the exemptions to whoever made it.
                  Sid: "ProtectAuditDeployer",
                  Effect: "Deny",
                  Action: ROLE_CHANGE_ACTIONS,
                  Resource: exemptRoles,
                  Condition: breakGlassOnly,
              },
        {
            Sid: "ProtectEngineFeed",
            Effect: "Deny",
            Action: [...QUEUE_CHANGE_ACTIONS, ...TOPIC_AND_SUBSCRIPTION_ACTIONS],
            Resource: [...a.queueArns, a.alertTopicArn],
            Condition: exempt,
        },
        {
            // In the log-archive account, whose administrators own the topic and could otherwise cut the audit queue off
            // (SNS lets a topic's owner delete any subscription). The topic itself is walled in by its own policy.
            Sid: "ProtectLogFileSubscription",
            Effect: "Deny",
            Action: LOG_FILE_SUBSCRIPTION_ACTIONS,
            // IAM authorizes both calls against the topic's ARN.
            Resource: a.logFileTopicArn,
            Condition: exempt,
        },
        {
            Sid: "OnlyTheEngineConsumes",
            Effect: "Deny",
            Action: QUEUE_CONSUME_ACTIONS,
            Resource: a.logFileQueueArn,
            Condition: unlessPrincipal([a.engineRoleArn, ...a.breakGlassArns]),
        },
        {
            Sid: "ProtectAuditAlerting",
            Effect: "Deny",
            Action: [...AUDIT_KEY_ACTIONS, ...ALARM_CHANGE_ACTIONS, ...ENGINE_LOG_GROUP_ACTIONS],
            Resource: [a.auditKeyArn, `${regional("cloudwatch")}:alarm:${AUDIT_ALARM_NAME_PREFIX}*`, logGroup, `${logGroup}:*`],
            Condition: exempt,
        },
    );
}
