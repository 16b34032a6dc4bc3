// The policy documents under test, built from the example organization in
// ../helpers/iam.ts, and the roles that make requests against them.
import { accessLogBucketPolicy } from "../../policies/accessLogBucketPolicy";
import { PolicyDocument } from "../../policies/document";
import { logBucketPolicy } from "../../policies/logBucketPolicy";
import { logKeyPolicy } from "../../policies/logKeyPolicy";
import { ACCESS_LOG_BUCKET, ARCHIVE, BREAK_GLASS_ROLE, LOG_BUCKET, MGMT, ORG_ID, OUTSIDER_ACCOUNT, READER_ROLE, REGION, TRAIL_ARN } from "../helpers/iam";

export const DEPLOYER_ROLES = ["arn:aws:iam::222222222222:role/PulumiDeployer"];

export const ROLES = {
    admin: `arn:aws:iam::${ARCHIVE}:role/Admin`,
    breakGlass: `arn:aws:iam::${ARCHIVE}:role/BreakGlassAdmin`,
    deployer: `arn:aws:iam::${ARCHIVE}:role/PulumiDeployer`,
    deployerWithPath: `arn:aws:iam::${ARCHIVE}:role/automation/PulumiDeployer`,
    deployerLookalike: `arn:aws:iam::${ARCHIVE}:role/PulumiDeployerX`,
    outsider: `arn:aws:iam::${OUTSIDER_ACCOUNT}:role/Intruder`,
};

export interface Variant {
    s3KeyPrefix?: string;
    readers?: string[];
    /** Break-glass entries as configured (the policies narrow `*` accounts to the archive account). */
    breakGlass?: string[];
    /** The log key policy with the Athena auditor's statement (AUDITOR_ROLE, REGION). */
    auditor?: boolean;
    /** The audit account's detection engine role the bucket and key policies grant (a stack with auditAccountId). */
    engineRoleArn?: string;
}

/** A break-glass entry for the role of that name in every account, as an SCP needs it. */
export const BREAK_GLASS_EVERY_ACCOUNT = "arn:aws:iam::*:role/BreakGlassAdmin";

/** Two roles of one account, a user of another, and a whole account (its root). */
export const MIXED_READERS = [
    `arn:aws:iam::333333333333:role/SecurityAuditor`,
    `arn:aws:iam::333333333333:role/team/IncidentResponder`,
    `arn:aws:iam::${OUTSIDER_ACCOUNT}:user/auditor`,
    "arn:aws:iam::444444444444:root",
];

// The Athena investigation kit, with the configuration's default names.
export const AUDITOR_ROLE = `arn:aws:iam::${ARCHIVE}:role/org-cloudtrail-auditor`;
export const RESULTS_BUCKET = `org-cloudtrail-athena-results-${ARCHIVE}-${REGION}`;
export const RESULTS_KEY_ARN = `arn:aws:kms:${REGION}:${ARCHIVE}:key/9876fedc-98fe-76dc-54ba-9876543210fe`;
export const WORKGROUP = "org-cloudtrail";
export const DATABASE = "org_cloudtrail";

export function bucketPolicy(v: Variant = {}): PolicyDocument {
    return logBucketPolicy({
        partition: "aws",
        accountId: ARCHIVE,
        bucketName: LOG_BUCKET,
        s3KeyPrefix: v.s3KeyPrefix,
        organizationId: ORG_ID,
        managementAccountId: MGMT,
        trailArn: TRAIL_ARN,
        logReaderArns: v.readers ?? [READER_ROLE],
        breakGlassArns: v.breakGlass ?? [BREAK_GLASS_ROLE],
        deployerArns: DEPLOYER_ROLES,
        engineRoleArn: v.engineRoleArn,
    });
}

export function accessLogPolicy(v: Variant = {}): PolicyDocument {
    return accessLogBucketPolicy({
        partition: "aws",
        accountId: ARCHIVE,
        bucketName: ACCESS_LOG_BUCKET,
        sourceBucketNames: [LOG_BUCKET],
        breakGlassArns: v.breakGlass ?? [BREAK_GLASS_ROLE],
        deployerArns: DEPLOYER_ROLES,
    });
}

export function keyPolicy(v: Variant = {}): PolicyDocument {
    return logKeyPolicy({
        partition: "aws",
        accountId: ARCHIVE,
        managementAccountId: MGMT,
        trailArn: TRAIL_ARN,
        logReaderArns: v.readers ?? [READER_ROLE],
        breakGlassArns: v.breakGlass ?? [BREAK_GLASS_ROLE],
        deployerArns: DEPLOYER_ROLES,
        auditor: v.auditor ? { roleArn: AUDITOR_ROLE, region: REGION } : undefined,
        engine: v.engineRoleArn === undefined ? undefined : { roleArn: v.engineRoleArn, region: REGION },
    });
}

/** Every document, with readers and break-glass roles configured and with both lists empty. */
export const ALL_DOCUMENTS: { name: string; doc: PolicyDocument }[] = [
    { name: "log bucket policy (readers, break-glass)", doc: bucketPolicy() },
    { name: "log bucket policy (prefix, readers, break-glass)", doc: bucketPolicy({ s3KeyPrefix: "audit" }) },
    { name: "log bucket policy (no readers, no break-glass)", doc: bucketPolicy({ readers: [], breakGlass: [] }) },
    { name: "access-log bucket policy (break-glass)", doc: accessLogPolicy() },
    { name: "access-log bucket policy (no break-glass)", doc: accessLogPolicy({ breakGlass: [] }) },
    { name: "key policy (readers, break-glass)", doc: keyPolicy() },
    { name: "key policy (no readers, no break-glass)", doc: keyPolicy({ readers: [], breakGlass: [] }) },
    { name: "key policy (auditor, readers of two kinds, break-glass in every account)", doc: keyPolicy({ auditor: true, readers: MIXED_READERS, breakGlass: [BREAK_GLASS_EVERY_ACCOUNT] }) },
    { name: "log bucket policy (readers of two kinds, break-glass in every account)", doc: bucketPolicy({ readers: MIXED_READERS, breakGlass: [BREAK_GLASS_EVERY_ACCOUNT] }) },
];

export const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
export const bucketArnOf = (bucket: string) => `arn:aws:s3:::${bucket}`;

/** Written out here, not read from the policy module: the deny every key policy carries, sparing nobody. */
export const EXPECTED_LOCKOUT_BYPASS_DENY = {
    Sid: "DenyPolicyLockoutBypass",
    Effect: "Deny",
    Principal: "*",
    Action: "kms:PutKeyPolicy",
    Resource: "*",
    Condition: { Bool: { "kms:BypassPolicyLockoutSafetyCheck": "true" } },
};
