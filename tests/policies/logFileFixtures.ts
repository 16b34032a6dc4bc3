// The documents of the feed to the audit account (log-archive side), built
// from the example organization in ../helpers/iam.ts: the log bucket and key
// policies with the engine's grants, the log-file topic's policy and its key's.
import { PolicyDocument } from "../../policies/document";
import { logFileTopicKeyPolicy } from "../../policies/logFileTopicKeyPolicy";
import { logFileTopicPolicy } from "../../policies/logFileTopicPolicy";
import { ARCHIVE, BREAK_GLASS_ROLE, LOG_BUCKET, ORG_ID, REGION } from "../helpers/iam";
import { bucketPolicy, DEPLOYER_ROLES, keyPolicy } from "./fixtures";

/** Written out, not read from stacks/auditNames.ts: a renamed role or queue must fail a test. */
export const AUDIT = "333333333333";
export const ENGINE_ROLE = `arn:aws:iam::${AUDIT}:role/org-cloudtrail-detection-engine`;
export const AUDIT_QUEUE = `arn:aws:sqs:${REGION}:${AUDIT}:org-cloudtrail-log-files`;
export const LOG_FILE_TOPIC = `arn:aws:sns:${REGION}:${ARCHIVE}:org-cloudtrail-log-files`;
export const LOG_FILE_TOPIC_KEY = `arn:aws:kms:${REGION}:${ARCHIVE}:key/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e`;
export const S3_VIA = `s3.${REGION}.amazonaws.com`;

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
