// Hand-written CloudTrail events for the detections of issue 16 that guard
// the audit stack's engine and its feed: the calls that switch the engine
// off, drain or cut its queue, or redirect the log bucket's notifications,
// and their look-alikes (another function, queue, topic or bucket; the same
// call denied; the same name in another account). corpus.test.ts asserts
// that each fires exactly the detections in `fires`.
//
// Shapes: Lambda records versioned event names (UpdateFunctionCode20150331v2,
// PutFunctionConcurrency20171031, UpdateEventSourceMapping20150331, Lambda
// Developer Guide, "Logging AWS Lambda API calls using AWS CloudTrail") and
// returns the mapping's configuration, FunctionArn included; SQS names a
// queue by URL; S3 records PutBucketNotificationConfiguration as
// PutBucketNotification; KMS names the key in resources[0].ARN.
//
// The product's resources are TEST_PARAMETERS.product (labels.ts), with the
// audit account 888899990000.
import { apiCall, assumedRole, Call, CloudTrailEvent, OwnEvent } from "./ownEvents";
import { PRODUCT_ARCHIVE_ACCOUNT as ARCHIVE, PRODUCT_AUDIT_ACCOUNT as AUDIT, PRODUCT_REGION as REGION, TEST_PARAMETERS } from "./labels";

const A = TEST_PARAMETERS.product.audit!;
const P = TEST_PARAMETERS.product;
const ENGINE = A.engineFunctionName;
const ENGINE_ARN = `arn:aws:lambda:${REGION}:${AUDIT}:function:${ENGINE}`;
const ENGINE_ROLE = `arn:aws:iam::${AUDIT}:role/${A.engineRoleName}`;
const QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${AUDIT}/${A.queueNames[0]}`;
/** The legacy endpoint form SQS still accepts and records. */
const DLQ_LEGACY_URL = `https://${REGION}.queue.amazonaws.com/${AUDIT}/${A.queueNames[1]}`;
const SUBSCRIPTION = `${A.logFileTopicArn}:0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a`;
const AUDIT_KEY = `arn:aws:kms:${REGION}:${AUDIT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;

const AUDIT_ADMIN = () => assumedRole("PlatformAdmin", "mallory", "/", AUDIT);
const ARCHIVE_ADMIN = () => assumedRole("PlatformAdmin", "mallory", "/", ARCHIVE);
/** The audit stack's deployer, running pulumi up. */
const DEPLOYER = () => assumedRole("org-cloudtrail-audit-deployer", "pulumi-up-4711", "/", AUDIT);

const inAudit = (c: Omit<Call, "account">): CloudTrailEvent => apiCall({ ...c, account: AUDIT });
const inArchive = (c: Omit<Call, "account">): CloudTrailEvent => apiCall({ ...c, account: ARCHIVE });
const lambda = (c: Omit<Call, "account" | "source">): CloudTrailEvent => inAudit({ ...c, source: "lambda.amazonaws.com" });
const iam = (c: Omit<Call, "source" | "region">): CloudTrailEvent => apiCall({ ...c, source: "iam.amazonaws.com", region: "us-east-1" });

/** The configuration Lambda returns for the engine's SQS mapping. */
const mapping = (state: string) => ({
    uUID: "2f8e4c1a-7b3d-4e9f-8a6c-5d1b0e2f3a4c",
    batchSize: 10,
    eventSourceArn: `arn:aws:sqs:${REGION}:${AUDIT}:${A.queueNames[0]}`,
    functionArn: ENGINE_ARN,
    functionResponseTypes: ["ReportBatchItemFailures"],
    state,
});

export const AUDIT_ENGINE_EVENTS: readonly OwnEvent[] = [
    // ------------------------------------------------ audit-engine-changed
    {
        key: "lambda UpdateFunctionCode of the engine",
        fires: ["audit-engine-changed"],
        why: "New code can evaluate nothing and still report success: every alert stops.",
        event: lambda({
            name: "UpdateFunctionCode20150331v2",
            identity: AUDIT_ADMIN(),
            request: { functionName: ENGINE, publish: false },
            response: { functionName: ENGINE, functionArn: ENGINE_ARN, runtime: "nodejs22.x" },
        }),
    },
    {
        key: "lambda PutFunctionConcurrency 0 on the engine, by ARN",
        fires: ["audit-engine-changed"],
        why: "Reserved concurrency 0 throttles every invocation: the queue fills, nothing is evaluated.",
        event: lambda({
            name: "PutFunctionConcurrency20171031",
            identity: AUDIT_ADMIN(),
            request: { functionName: ENGINE_ARN, reservedConcurrentExecutions: 0 },
            response: { reservedConcurrentExecutions: 0 },
        }),
    },
    {
        key: "lambda DeleteFunction of the engine, by partial ARN, unversioned name",
        fires: ["audit-engine-changed"],
        why: "Deleting the engine ends detection; older records carry the bare event name.",
        event: lambda({ name: "DeleteFunction", identity: AUDIT_ADMIN(), request: { functionName: `${AUDIT}:function:${ENGINE}` } }),
    },
    {
        key: "lambda UpdateEventSourceMapping disabling the engine's queue mapping",
        fires: ["audit-engine-changed"],
        why: "A disabled mapping leaves every log file in the queue: the request names only the UUID, the response the engine.",
        event: lambda({
            name: "UpdateEventSourceMapping20150331",
            identity: AUDIT_ADMIN(),
            request: { uUID: "2f8e4c1a-7b3d-4e9f-8a6c-5d1b0e2f3a4c", enabled: false },
            response: mapping("Disabling"),
        }),
    },
    {
        key: "iam PutRolePermissionsBoundary on the engine role, in another case",
        fires: ["audit-engine-changed"],
        why: "A deny-all boundary blinds the engine; IAM finds the role whatever the case of its name.",
        event: iam({
            name: "PutRolePermissionsBoundary",
            identity: AUDIT_ADMIN(),
            account: AUDIT,
            request: { roleName: "ORG-CLOUDTRAIL-DETECTION-ENGINE", permissionsBoundary: "arn:aws:iam::aws:policy/AWSDenyAll" },
        }),
    },
    {
        key: "iam UpdateAssumeRolePolicy on the engine role",
        fires: ["audit-engine-changed", "iam-role-trust-policy-changed"],
        why: "Whoever the role now trusts reads every log file of the organization.",
        event: iam({
            name: "UpdateAssumeRolePolicy",
            identity: AUDIT_ADMIN(),
            account: AUDIT,
            request: {
                roleName: A.engineRoleName,
                policyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${AUDIT}:root` }, Action: "sts:AssumeRole" }] }),
            },
        }),
    },
    {
        key: "lambda UpdateFunctionCode of another function",
        fires: [],
        lookAlikeOf: ["audit-engine-changed"],
        why: "Deploying workloads is routine.",
        event: lambda({ name: "UpdateFunctionCode20150331v2", identity: AUDIT_ADMIN(), request: { functionName: "orders-api" }, response: { functionName: "orders-api" } }),
    },
    {
        key: "lambda UpdateFunctionCode of a function named like the engine in another account",
        fires: [],
        lookAlikeOf: ["audit-engine-changed"],
        why: "Only the audit account's engine pages; a copy elsewhere is not the pager.",
        event: apiCall({ source: "lambda.amazonaws.com", name: "UpdateFunctionCode20150331v2", identity: assumedRole("Developer", "sam.lee"), request: { functionName: ENGINE } }),
    },
    {
        key: "lambda UpdateFunctionCode of the engine denied",
        fires: ["unauthorized-api-calls"],
        lookAlikeOf: ["audit-engine-changed"],
        why: "The SCP stopped it: nothing changed, only the denial counts.",
        event: lambda({
            name: "UpdateFunctionCode20150331v2",
            identity: AUDIT_ADMIN(),
            request: { functionName: ENGINE },
            error: ["AccessDeniedException", `User: ${AUDIT_ADMIN().arn} is not authorized to perform: lambda:UpdateFunctionCode on resource: ${ENGINE_ARN} with an explicit deny in a service control policy`],
        }),
    },
    {
        key: "lambda GetFunction of the engine",
        fires: [],
        lookAlikeOf: ["audit-engine-changed"],
        why: "Reading the engine's configuration changes nothing.",
        event: lambda({ name: "GetFunction20150331v2", identity: AUDIT_ADMIN(), request: { functionName: ENGINE }, readOnly: true }),
    },

    // ------------------------------------------------ audit-engine-role-borrowed
    {
        key: "lambda CreateFunction of another function with the engine's role",
        fires: ["audit-engine-role-borrowed"],
        why: "The function runs as the engine: it reads every log of the organization and publishes to the pager.",
        event: lambda({
            name: "CreateFunction20150331",
            identity: AUDIT_ADMIN(),
            request: { functionName: "log-reader", runtime: "nodejs22.x", role: ENGINE_ROLE, handler: "index.handler" },
            response: { functionName: "log-reader", functionArn: `arn:aws:lambda:${REGION}:${AUDIT}:function:log-reader`, role: ENGINE_ROLE },
        }),
    },
    {
        key: "lambda UpdateFunctionConfiguration switching another function to the engine's role",
        fires: ["audit-engine-role-borrowed"],
        why: "The same as creating one: an existing function now runs as the engine.",
        event: lambda({
            name: "UpdateFunctionConfiguration20150331v2",
            identity: AUDIT_ADMIN(),
            request: { functionName: "orders-api", role: ENGINE_ROLE },
            response: { functionName: "orders-api", functionArn: `arn:aws:lambda:${REGION}:${AUDIT}:function:orders-api`, role: ENGINE_ROLE },
        }),
    },
    {
        key: "lambda CreateEventSourceMapping from the log-file queue to another function",
        fires: ["audit-engine-role-borrowed"],
        why: "A second consumer takes part of the engine's messages and can delete the ones that tell on its owner.",
        event: lambda({
            name: "CreateEventSourceMapping20150331",
            identity: AUDIT_ADMIN(),
            request: { eventSourceArn: `arn:aws:sqs:${REGION}:${AUDIT}:${A.queueNames[0]}`, functionName: "log-reader", batchSize: 10 },
            response: { ...mapping("Creating"), functionArn: `arn:aws:lambda:${REGION}:${AUDIT}:function:log-reader` },
        }),
    },
    {
        key: "lambda CreateFunction with another role",
        fires: [],
        lookAlikeOf: ["audit-engine-role-borrowed"],
        why: "Ordinary work in the audit account.",
        event: lambda({
            name: "CreateFunction20150331",
            identity: AUDIT_ADMIN(),
            request: { functionName: "orders-api", runtime: "nodejs22.x", role: `arn:aws:iam::${AUDIT}:role/orders-api`, handler: "index.handler" },
            response: { functionName: "orders-api", functionArn: `arn:aws:lambda:${REGION}:${AUDIT}:function:orders-api`, role: `arn:aws:iam::${AUDIT}:role/orders-api` },
        }),
    },
    {
        key: "lambda CreateEventSourceMapping from the dead-letter queue",
        fires: [],
        lookAlikeOf: ["audit-engine-role-borrowed"],
        why: "Draining the dead-letter queue into a function is how failed files are replayed; the log-file queue is the engine's alone.",
        event: lambda({
            name: "CreateEventSourceMapping20150331",
            identity: AUDIT_ADMIN(),
            request: { eventSourceArn: `arn:aws:sqs:${REGION}:${AUDIT}:${A.queueNames[1]}`, functionName: "replayer", batchSize: 10 },
            response: { ...mapping("Creating"), eventSourceArn: `arn:aws:sqs:${REGION}:${AUDIT}:${A.queueNames[1]}`, functionArn: `arn:aws:lambda:${REGION}:${AUDIT}:function:replayer` },
        }),
    },

    // ------------------------------------------------ audit-alarms-changed, in the audit account
    {
        key: "cloudwatch PutCompositeAlarm named like ours in the audit account, sending to the pager",
        fires: ["audit-alarms-changed"],
        why: "The pager's policies accept any org-cloudtrail-* alarm: a composite alarm of that name sends whatever the attacker wants the on-call person to read, an 'all clear' included.",
        event: inAudit({
            source: "monitoring.amazonaws.com",
            name: "PutCompositeAlarm",
            identity: AUDIT_ADMIN(),
            request: {
                alarmName: "org-cloudtrail-log-files-stopped-resolved",
                alarmRule: "ALARM(orders-latency)",
                alarmActions: [`arn:aws:sns:${REGION}:${AUDIT}:org-cloudtrail-alerts`],
            },
        }),
    },
    {
        key: "cloudwatch PutCompositeAlarm of another team",
        fires: [],
        lookAlikeOf: ["audit-alarms-changed"],
        why: "Other teams' composite alarms are theirs.",
        event: inAudit({ source: "monitoring.amazonaws.com", name: "PutCompositeAlarm", identity: AUDIT_ADMIN(), request: { alarmName: "orders-health", alarmRule: "ALARM(orders-latency)" } }),
    },

    // ------------------------------------------------ audit-engine-queue-changed
    {
        key: "sqs PurgeQueue of the log-file queue",
        fires: ["audit-engine-queue-changed"],
        why: "Every log file waiting in the queue is gone without being read.",
        event: inAudit({ source: "sqs.amazonaws.com", name: "PurgeQueue", identity: AUDIT_ADMIN(), request: { queueUrl: QUEUE_URL } }),
    },
    {
        key: "sqs SetQueueAttributes of the dead-letter queue, legacy URL",
        fires: ["audit-engine-queue-changed"],
        why: "A one-minute retention on the dead-letter queue drops failed files before anyone sees them.",
        event: inAudit({
            source: "sqs.amazonaws.com",
            name: "SetQueueAttributes",
            identity: AUDIT_ADMIN(),
            request: { queueUrl: DLQ_LEGACY_URL, attributes: { MessageRetentionPeriod: "60" } },
        }),
    },
    {
        key: "sns Unsubscribe of the queue from the log-file topic",
        fires: ["audit-engine-queue-changed"],
        why: "Without the subscription no log file reaches the queue; only the heartbeat would notice, 30 minutes later.",
        event: inAudit({ source: "sns.amazonaws.com", name: "Unsubscribe", identity: AUDIT_ADMIN(), request: { subscriptionArn: SUBSCRIPTION } }),
    },
    {
        key: "sqs SetQueueAttributes of a queue whose name starts like the log-file queue",
        fires: [],
        lookAlikeOf: ["audit-engine-queue-changed"],
        why: "Another team's queue: the URL must end in the queue's exact name.",
        event: inAudit({
            source: "sqs.amazonaws.com",
            name: "SetQueueAttributes",
            identity: AUDIT_ADMIN(),
            request: { queueUrl: `${QUEUE_URL}-archive`, attributes: { VisibilityTimeout: "60" } },
        }),
    },
    {
        key: "sqs PurgeQueue of a queue of the same name in another account",
        fires: [],
        lookAlikeOf: ["audit-engine-queue-changed"],
        why: "The account is part of the URL.",
        event: apiCall({
            source: "sqs.amazonaws.com",
            name: "PurgeQueue",
            identity: assumedRole("Developer", "sam.lee"),
            request: { queueUrl: `https://sqs.${REGION}.amazonaws.com/111122223333/${A.queueNames[0]}` },
        }),
    },

    // ------------------------------------------------ audit-log-file-topic-changed
    {
        key: "sns SetTopicAttributes of the log-file topic",
        fires: ["audit-log-file-topic-changed"],
        why: "A new policy can refuse S3's notifications or the queue's subscription.",
        event: inArchive({
            source: "sns.amazonaws.com",
            name: "SetTopicAttributes",
            identity: ARCHIVE_ADMIN(),
            request: { topicArn: A.logFileTopicArn, attributeName: "Policy", attributeValue: "{}" },
        }),
    },
    {
        key: "kms ScheduleKeyDeletion of the log-file topic's key",
        fires: ["audit-log-file-topic-changed", "kms-key-disabled-or-deleted"],
        why: "Without its key the topic accepts no notification.",
        event: inArchive({
            source: "kms.amazonaws.com",
            name: "ScheduleKeyDeletion",
            identity: ARCHIVE_ADMIN(),
            request: { keyId: A.logFileTopicKeyArn, pendingWindowInDays: 7 },
            response: { keyId: A.logFileTopicKeyArn, keyState: "PendingDeletion" },
            extra: { resources: [{ accountId: ARCHIVE, type: "AWS::KMS::Key", ARN: A.logFileTopicKeyArn }] },
        }),
    },
    {
        key: "s3 PutBucketNotification on the log bucket",
        fires: ["audit-log-file-topic-changed", "audit-buckets-changed"],
        why: "An empty notification configuration cuts the engine's feed at the source.",
        event: inArchive({
            source: "s3.amazonaws.com",
            name: "PutBucketNotification",
            identity: ARCHIVE_ADMIN(),
            request: { bucketName: P.logBucketName, Host: `${P.logBucketName}.s3.${REGION}.amazonaws.com`, notification: "" },
            extra: { resources: [{ accountId: ARCHIVE, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${P.logBucketName}` }] },
        }),
    },
    {
        key: "s3 PutBucketNotification on another bucket",
        fires: [],
        lookAlikeOf: ["audit-log-file-topic-changed"],
        why: "Applications' notifications are routine.",
        event: inArchive({ source: "s3.amazonaws.com", name: "PutBucketNotification", identity: ARCHIVE_ADMIN(), request: { bucketName: "orders-uploads" } }),
    },
    {
        key: "sns SetTopicAttributes of another topic of the log-archive account",
        fires: [],
        lookAlikeOf: ["audit-log-file-topic-changed"],
        why: "Only the log-file topic feeds the engine.",
        event: inArchive({
            source: "sns.amazonaws.com",
            name: "SetTopicAttributes",
            identity: ARCHIVE_ADMIN(),
            request: { topicArn: `${A.logFileTopicArn}-test`, attributeName: "DisplayName", attributeValue: "x" },
        }),
    },

    // ------------------------------------------------ audit-digest-checks-changed (issue 18)
    // DynamoDB names the table in requestParameters.tableName (DynamoDB Developer Guide, "Understanding
    // DynamoDB log file entries", DeleteTable); EventBridge's requests name the rule as name or rule (the
    // API's Name and Rule members, first letter lowered; no recorded EventBridge event was found to confirm).
    {
        key: "events DeleteRule of the late-digest rule (the deployer, digestVerification: false)",
        fires: ["audit-digest-checks-changed"],
        why: "Without the rule nothing pages when digests stop arriving; protect-digest-checks leaves this to the deployer, whose deploy with digestVerification: false is the quiet off switch.",
        event: inAudit({ source: "events.amazonaws.com", name: "DeleteRule", identity: DEPLOYER(), request: { name: A.digestCheckRuleName, force: false } }),
    },
    {
        key: "events DisableRule of the late-digest rule",
        fires: ["audit-digest-checks-changed"],
        why: "A disabled rule is as silent as a deleted one.",
        event: inAudit({ source: "events.amazonaws.com", name: "DisableRule", identity: AUDIT_ADMIN(), request: { name: A.digestCheckRuleName } }),
    },
    {
        key: "events RemoveTargets of the late-digest rule",
        fires: ["audit-digest-checks-changed"],
        why: "A rule with no target runs and invokes nothing.",
        event: inAudit({ source: "events.amazonaws.com", name: "RemoveTargets", identity: AUDIT_ADMIN(), request: { rule: A.digestCheckRuleName, ids: ["0"] } }),
    },
    {
        key: "dynamodb UpdateContinuousBackups of the digest chain table (recovery off)",
        fires: ["audit-digest-checks-changed"],
        why: "Recovery off first, then the table's state can be lost for good.",
        event: inAudit({
            source: "dynamodb.amazonaws.com",
            name: "UpdateContinuousBackups",
            identity: AUDIT_ADMIN(),
            request: { tableName: A.digestChainTableName, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } },
        }),
    },
    {
        key: "dynamodb DeleteTable of the digest chain table",
        fires: ["audit-digest-checks-changed"],
        why: "The engine compares each digest with the chain it remembers: without it, a deleted digest in between goes unseen.",
        event: inAudit({ source: "dynamodb.amazonaws.com", name: "DeleteTable", identity: AUDIT_ADMIN(), request: { tableName: A.digestChainTableName } }),
    },
    {
        key: "dynamodb PutItem on the digest chain table by the engine (a data event)",
        fires: [],
        lookAlikeOf: ["audit-digest-checks-changed"],
        why: "The engine writes each chain's state every hour; protect-digest-checks denies item writes to everyone else.",
        event: inAudit({
            source: "dynamodb.amazonaws.com",
            name: "PutItem",
            identity: assumedRole(A.engineRoleName, A.engineFunctionName, "/", AUDIT),
            request: { tableName: A.digestChainTableName, key: { chain: `${AUDIT}/${REGION}` } },
            extra: { managementEvent: false, eventCategory: "Data" },
        }),
    },
    {
        key: "events DisableRule of another rule of the audit account",
        fires: [],
        lookAlikeOf: ["audit-digest-checks-changed"],
        why: "Other schedules of the audit account are not the product's.",
        event: inAudit({ source: "events.amazonaws.com", name: "DisableRule", identity: AUDIT_ADMIN(), request: { name: "nightly-report" } }),
    },
    {
        key: "dynamodb DeleteTable of a table of the same name in another account",
        fires: [],
        lookAlikeOf: ["audit-digest-checks-changed"],
        why: "Only the audit account's table holds the chains.",
        event: inArchive({ source: "dynamodb.amazonaws.com", name: "DeleteTable", identity: ARCHIVE_ADMIN(), request: { tableName: A.digestChainTableName } }),
    },
    {
        key: "events DeleteRule of the late-digest rule denied",
        fires: ["unauthorized-api-calls"],
        lookAlikeOf: ["audit-digest-checks-changed"],
        why: "Denied, it changed nothing: audit-engine-tamper-attempted (the engine) pages on it; the metric filter counts only what succeeded.",
        event: inAudit({
            source: "events.amazonaws.com",
            name: "DeleteRule",
            identity: AUDIT_ADMIN(),
            request: { name: A.digestCheckRuleName },
            error: ["AccessDeniedException", `User: ${AUDIT_ADMIN().arn} is not authorized to perform: events:DeleteRule on resource: arn:aws:events:${REGION}:${AUDIT}:rule/${A.digestCheckRuleName} with an explicit deny in a service control policy`],
        }),
    },

    // ------------------------------------------------ audit-keys-changed, with an audit stack
    {
        key: "kms DisableKey of the audit key",
        fires: ["audit-keys-changed", "kms-key-disabled-or-deleted"],
        why: "The audit key encrypts the alert topic and the queues: disabled, nothing is queued or sent.",
        event: inAudit({
            source: "kms.amazonaws.com",
            name: "DisableKey",
            identity: AUDIT_ADMIN(),
            request: { keyId: AUDIT_KEY },
            extra: { resources: [{ accountId: AUDIT, type: "AWS::KMS::Key", ARN: AUDIT_KEY }] },
        }),
    },
];
