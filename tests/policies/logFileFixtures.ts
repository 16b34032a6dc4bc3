// The documents of the feed to the audit account (log-archive side), built
// from the example organization in ../helpers/iam.ts: the log bucket and key
// policies with the engine's grants, the log-file topic's policy and its key's.
import { AuditKeyPolicyArgs } from "../../policies/auditKeyPolicy";
import { PolicyDocument } from "../../policies/document";
import { EngineRolePolicyArgs } from "../../policies/engineRole";
import { logFileTopicKeyPolicy } from "../../policies/logFileTopicKeyPolicy";
import { logFileTopicPolicy } from "../../policies/logFileTopicPolicy";
import { ProtectAuditArchiveArgs } from "../../policies/resourceControlPolicy";
import { ACCESS_LOG_BUCKET, ARCHIVE, BREAK_GLASS_ROLE, Caller, FULL_AWS_ACCESS, KEY_ARN, LOG_BUCKET, MGMT, ORG_ID, READER_ROLE, REGION, roleSession, TRAIL_ARN } from "../helpers/iam";
import { bucketPolicy, DEPLOYER_ROLES, keyPolicy, ROLES } from "./fixtures";

/** Written out, not read from stacks/auditNames.ts: a renamed role or queue must fail a test. */
export const AUDIT = "333333333333";
export const ENGINE_ROLE = `arn:aws:iam::${AUDIT}:role/org-cloudtrail-detection-engine`;
export const AUDIT_QUEUE = `arn:aws:sqs:${REGION}:${AUDIT}:org-cloudtrail-log-files`;
export const LOG_FILE_TOPIC = `arn:aws:sns:${REGION}:${ARCHIVE}:org-cloudtrail-log-files`;
export const LOG_FILE_TOPIC_KEY = `arn:aws:kms:${REGION}:${ARCHIVE}:key/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e`;
export const S3_VIA = `s3.${REGION}.amazonaws.com`;
/** The audit stack's key (alerts, queue, engine logs, the engine's tables). */
export const AUDIT_KEY = `arn:aws:kms:${REGION}:${AUDIT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
export const ENGINE_LOG_GROUP = "/aws/lambda/org-cloudtrail-detection-engine";
export const AUDIT_DEPLOYER = `arn:aws:iam::${AUDIT}:role/PulumiDeployer`;
/** The audit key's policy uses it through DynamoDB, in the audit account (the engine's tables). */
export const KMS_VIA_DYNAMODB = { "kms:ViaService": `dynamodb.${REGION}.amazonaws.com`, "kms:CallerAccount": AUDIT };

/** The engine role's arguments in the example audit account, without the optional tables: a test adds the one it proves. */
export function engineRoleArgs(extra: Partial<EngineRolePolicyArgs> = {}): EngineRolePolicyArgs {
    return {
        partition: "aws",
        region: REGION,
        accountId: AUDIT,
        bucketName: LOG_BUCKET,
        organizationLogPrefix: `AWSLogs/${ORG_ID}/`,
        logKeyArn: KEY_ARN,
        auditKeyArn: AUDIT_KEY,
        alertTopicArn: `arn:aws:sns:${REGION}:${AUDIT}:org-cloudtrail-alerts`,
        queueArn: AUDIT_QUEUE,
        logGroupName: ENGINE_LOG_GROUP,
        ...extra,
    };
}

/** A session of the engine's role with `doc` as its only identity policy, under FullAWSAccess. */
export function engineCaller(doc: PolicyDocument): Caller {
    return { ...roleSession(ENGINE_ROLE, { orgId: ORG_ID }), identityPolicies: [{ name: "detection-engine", policy: doc }], scps: FULL_AWS_ACCESS };
}

/** The audit key's arguments for the example audit account; a test sets the engine's tables it proves. */
export function auditKeyArgs(extra: Partial<AuditKeyPolicyArgs> = {}): AuditKeyPolicyArgs {
    return {
        partition: "aws",
        region: REGION,
        accountId: AUDIT,
        managementAccountId: MGMT,
        alarmNamePrefix: "org-cloudtrail-",
        logFileTopicArn: LOG_FILE_TOPIC,
        engineRoleArn: ENGINE_ROLE,
        engineLogGroupName: ENGINE_LOG_GROUP,
        deployerArns: [AUDIT_DEPLOYER],
        breakGlassArns: ["arn:aws:iam::*:role/BreakGlass"],
        ...extra,
    };
}

/** protect-audit-archive's arguments for the example organization, without the engine: a test adds engineRoleArn when it proves the feed. */
export const AUDIT_ARCHIVE_RCP_ARGS: ProtectAuditArchiveArgs = {
    partition: "aws",
    accountId: ARCHIVE,
    organizationId: ORG_ID,
    trailArn: TRAIL_ARN,
    bucketName: LOG_BUCKET,
    accessLogBucketName: ACCESS_LOG_BUCKET,
    kmsKeyArn: KEY_ARN,
    breakGlassArns: [ROLES.breakGlass],
    deployerArns: [ROLES.deployer],
    logReaderArns: [READER_ROLE],
};

export interface FeedVariant {
    s3KeyPrefix?: string;
    breakGlass?: string[];
    /** false: the documents as a stack without auditAccountId writes them. */
    engine?: boolean;
}

/** The log bucket policy of a stack with auditAccountId (or without, `engine: false`). */
export function engineBucketPolicy(v: FeedVariant = {}): PolicyDocument {
    return bucketPolicy({ s3KeyPrefix: v.s3KeyPrefix, breakGlass: v.breakGlass, engineRoleArn: v.engine === false ? undefined : ENGINE_ROLE });
}

/** The log key policy of a stack with auditAccountId (or without, `engine: false`). */
export function engineKeyPolicy(v: FeedVariant = {}): PolicyDocument {
    return keyPolicy({ breakGlass: v.breakGlass, engineRoleArn: v.engine === false ? undefined : ENGINE_ROLE });
}

export function topicPolicy(v: FeedVariant = {}): PolicyDocument {
    return logFileTopicPolicy({
        partition: "aws",
        region: REGION,
        accountId: ARCHIVE,
        organizationId: ORG_ID,
        bucketName: LOG_BUCKET,
        auditAccountId: AUDIT,
        deployerArns: DEPLOYER_ROLES,
        breakGlassArns: v.breakGlass ?? [BREAK_GLASS_ROLE],
    });
}

export function topicKeyPolicy(v: FeedVariant = {}): PolicyDocument {
    return logFileTopicKeyPolicy({
        partition: "aws",
        accountId: ARCHIVE,
        bucketName: LOG_BUCKET,
        deployerArns: DEPLOYER_ROLES,
        breakGlassArns: v.breakGlass ?? [BREAK_GLASS_ROLE],
    });
}
