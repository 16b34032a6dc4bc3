// The audit key's policy. One key encrypts the alert topic, the log-file
// queue and its dead-letter queue, and the engine's log group; each service
// may use it only for this stack's resources.
import { accountRootArn, breakGlassInAccount } from "./arns";
import { policy, PolicyDocument } from "./document";
import { logsUseForLogGroup } from "./logGroupKeyPolicy";
import { denyKeyDestruction, denyKeyPolicyChanges, denyPolicyLockoutBypass, keyAdministration } from "./logKeyPolicy";
import { PUBLISH_KEY_ACTIONS } from "./alertTopicPolicies";
import { alarmsOf, AuditAlarmSourceArgs } from "./auditTopicPolicy";

export interface AuditKeyPolicyArgs extends AuditAlarmSourceArgs {
    /** The log-archive account's log-file topic: SNS delivers its messages into the encrypted queue. */
    logFileTopicArn: string;
    /** The engine's role: it reads the queue and publishes to the topic, through SQS and SNS only. */
    engineRoleArn: string;
    /** The engine's log group, which CloudWatch Logs encrypts with this key. */
    engineLogGroupName: string;
    /** The audit stack's deployer role: its next `pulumi up` must be able to put this policy again. */
    deployerArns: readonly string[];
    /** Break-glass role ARNs as configured (the account part may be `*`); only this account's roles are exempt. */
    breakGlassArns: readonly string[];
    /** The digest chain table is encrypted with this key (audit stack `digestVerification`): DynamoDB may use it for the engine and the deployer. */
    digestChains?: boolean;
    /** The windowed detections' counts table is encrypted with this key too (some detectionTuning has windowMinutes). */
    detectionCounts?: boolean;
}

/**
 * AWS's example key policy for a DynamoDB table's customer managed key
 * (DynamoDB Developer Guide, "Key policy for a customer managed key"): the
 * table's users, through DynamoDB only; CreateGrant is how DynamoDB keeps
 * using the key for the table (it creates the grant on behalf of the
 * principal that creates or re-keys the table: the deployer).
 */
export const DYNAMODB_TABLE_KEY_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"];

/**
 * What SNS needs of the key of a queue it delivers to, and what the engine
 * needs to read that queue and publish to the topic (SNS Developer Guide,
 * "Enable compatibility between event sources from AWS services and encrypted
 * topics"; SQS Developer Guide, "Key management").
 */
export const SERVICE_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];

export function auditKeyPolicy(a: AuditKeyPolicyArgs): PolicyDocument {
    const breakGlass = breakGlassInAccount(a.breakGlassArns, a.accountId);
    return policy(
        keyAdministration(a.partition, a.accountId),
        {
            // SNS encrypts each message it delivers into the queue with this key, for the log-file topic only.
            Sid: "LogFileTopicDeliversToQueue",
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: SERVICE_KEY_ACTIONS,
            Resource: "*",
            Condition: { ArnEquals: { "aws:SourceArn": a.logFileTopicArn } },
        },
        alarmsOf(a, a.accountId, "AuditAlarmsPublish", PUBLISH_KEY_ACTIONS, "*"),
        alarmsOf(a, a.managementAccountId, "ManagementAlarmsPublish", PUBLISH_KEY_ACTIONS, "*"),
        {
            Sid: "EngineUsesThroughSqsAndSns",
            Effect: "Allow",
            Principal: { AWS: accountRootArn(a.partition, a.accountId) },
            Action: SERVICE_KEY_ACTIONS,
            Resource: "*",
            Condition: {
                ArnEquals: { "aws:PrincipalArn": a.engineRoleArn },
                StringEquals: { "kms:ViaService": [`sqs.${a.region}.amazonaws.com`, `sns.${a.region}.amazonaws.com`] },
            },
        },
        a.digestChains || a.detectionCounts
            ? {
                  // Only the engine (reads and writes the chains, adds to the counts), the deployer (creates the tables) and
                  // break-glass (restores the chains), only through DynamoDB. One statement for both tables: the same principals.
                  Sid: "EngineTablesThroughDynamoDb",
                  Effect: "Allow",
                  Principal: { AWS: accountRootArn(a.partition, a.accountId) },
                  Action: DYNAMODB_TABLE_KEY_ACTIONS,
                  Resource: "*",
                  Condition: {
                      ArnEquals: { "aws:PrincipalArn": [a.engineRoleArn, ...a.deployerArns, ...breakGlass] },
                      StringEquals: { "kms:ViaService": `dynamodb.${a.region}.amazonaws.com` },
                  },
              }
            : undefined,
        logsUseForLogGroup("CloudWatchLogsUseForEngineLogGroup", { partition: a.partition, region: a.region, accountId: a.accountId, logGroupName: a.engineLogGroupName }),
        // A disabled or deleted key silences the engine, the queue and every page at once.
        denyKeyDestruction(breakGlass),
        denyKeyPolicyChanges([...breakGlass, ...a.deployerArns]),
        denyPolicyLockoutBypass(),
    );
}
