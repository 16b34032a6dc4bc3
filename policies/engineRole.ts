// The detection engine's execution role: its trust policy and the one
// identity policy it holds. Least privilege, each statement one need: read
// the organization's log files and decrypt them through S3 (the log-archive
// stack's bucket and key policies grant the same role by name), consume its
// queue, publish alerts, write its own logs, and name the organization's accounts.
import { logGroupArn } from "./arns";
import { policy, PolicyDocument, Statement } from "./document";

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
    /**
     * The digest chain table (audit stack `digestVerification`): absent, the
     * role gets none of the digest statements.
     */
    digestChainTableArn?: string;
    /**
     * The windowed detections' counts table (some detectionTuning has
     * windowMinutes): absent, the role gets no statement for it.
     */
    detectionCountsTableArn?: string;
}

/**
 * What the engine does to the counts table: add a file's matches to a
 * window's count and read the sum back (UpdateItem, ADD, ReturnValues). No
 * GetItem, PutItem or DeleteItem: a count is only ever added to.
 */
export const DETECTION_COUNT_ACTIONS = ["dynamodb:UpdateItem"];

/**
 * What the engine does to the chain table: read a chain's last digest
 * (GetItem), record the next (PutItem, conditional on the one it read, and
 * UpdateItem), and, on the late-digest schedule, read every chain at once:
 * Scan, because every item is wanted and the table has a partition key only
 * (Query needs one key value). Never DeleteItem: a chain is never forgotten.
 */
export const DIGEST_CHAIN_ACTIONS = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Scan"];

/**
 * What a caller of a table encrypted with a customer managed key may need of
 * the key, through DynamoDB only: AWS's example key policy for DynamoDB
 * ("Allow access through Amazon DynamoDB for all principals in the account
 * that are authorized to use Amazon DynamoDB", DynamoDB Developer Guide,
 * "Key policy for a customer managed key") less CreateGrant and ReEncrypt,
 * which only creating or re-keying the table needs (the deployer's work).
 */
export const DIGEST_CHAIN_KEY_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"];

/**
 * CloudTrail's public keys, to check each digest's signature. The Service
 * Authorization Reference (iam-data) lists ListPublicKeys with no resource
 * type: it takes only `*`.
 */
export const PUBLIC_KEY_ACTIONS = ["cloudtrail:ListPublicKeys"];

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
        ...engineStatements(a),
        ...(a.digestChainTableArn === undefined ? [] : digestStatements(a, a.digestChainTableArn)),
        ...(a.detectionCountsTableArn === undefined ? [] : countStatements(a, a.detectionCountsTableArn)),
    );
}

/**
 * The audit key's use for a DynamoDB table the engine keeps, only through
 * DynamoDB in the engine's region. One statement per table (its own Sid), so
 * neither table's rights depend on the other being configured.
 */
function auditKeyThroughDynamoDb(sid: string, a: EngineRolePolicyArgs): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: DIGEST_CHAIN_KEY_ACTIONS,
        Resource: a.auditKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `dynamodb.${a.region}.amazonaws.com` } },
    };
}

/**
 * The windowed counts: UpdateItem on that table only, and the audit key
 * through DynamoDB (the same need as the chain table's; a statement of its
 * own so neither table's rights depend on the other being configured).
 */
function countStatements(a: EngineRolePolicyArgs, tableArn: string): Statement[] {
    return [
        { Sid: "CountDetectionWindows", Effect: "Allow", Action: DETECTION_COUNT_ACTIONS, Resource: tableArn },
        auditKeyThroughDynamoDb("UseAuditKeyForCountsThroughDynamoDb", a),
    ];
}

/** The digest verifier's needs: its own table, the audit key only through DynamoDB, CloudTrail's public keys. */
function digestStatements(a: EngineRolePolicyArgs, tableArn: string): Statement[] {
    return [
        { Sid: "KeepDigestChains", Effect: "Allow", Action: DIGEST_CHAIN_ACTIONS, Resource: tableArn },
        // The table is encrypted with the audit key: its use only through DynamoDB, as for SQS and SNS.
        auditKeyThroughDynamoDb("UseAuditKeyThroughDynamoDb", a),
        { Sid: "ReadCloudTrailPublicKeys", Effect: "Allow", Action: PUBLIC_KEY_ACTIONS, Resource: "*" },
    ];
}

function engineStatements(a: EngineRolePolicyArgs): Statement[] {
    return [
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
    ];
}
