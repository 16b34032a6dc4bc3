// The key policy of the KMS key that encrypts the logs.
import { accountRootArn, breakGlassInAccount } from "./arns";
import { policy, PolicyDocument, Statement, unlessPrincipal } from "./document";
import { accountOf, grantToReaders } from "./readers";

export interface LogKeyPolicyArgs {
    /** AWS partition of the log-archive account. */
    partition: string;
    /** The log-archive account, whose IAM policies decide who administers the key; only its break-glass roles are exempt. */
    accountId: string;
    /** The management account that owns the organization trail. */
    managementAccountId: string;
    /** The organization trail's ARN: the only trail CloudTrail may encrypt for. */
    trailArn: string;
    /** Roles, users or account roots allowed to decrypt the logs, granted through their accounts. */
    logReaderArns: readonly string[];
    /** Exact break-glass role ARNs (account may be `*`); only this account's role of each name is exempt. */
    breakGlassArns: readonly string[];
    /** The deployer's exact role ARN: exempt from the key-policy deny so its next `pulumi up` converges. */
    deployerArns: readonly string[];
    /** The Athena auditor role, when there is one: it may decrypt logs, through S3 only. */
    auditor?: { roleArn: string; region: string };
    /**
     * The audit account's detection engine role and this region, when the stack feeds an audit account:
     * it may decrypt log files while S3 serves them, in no other way.
     */
    engine?: { roleArn: string; region: string };
}

/**
 * What the account's administrators may do through IAM. Deliberately no
 * Encrypt/Decrypt/GenerateDataKey (reading logs is for `logReaderArns`) and no
 * CreateGrant (a grant would hand out Decrypt around this policy).
 */
export const KEY_ADMIN_ACTIONS = [
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:CreateAlias",
    "kms:UpdateAlias",
    "kms:DeleteAlias",
    "kms:UpdateKeyDescription",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:PutKeyPolicy",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:RotateKeyOnDemand",
    "kms:RevokeGrant",
    "kms:CancelKeyDeletion",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:ScheduleKeyDeletion",
];

/** Actions that end the key's usefulness; only break-glass roles may take them. */
export const KEY_DESTRUCTION_ACTIONS = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation"];

/** The account's IAM policies decide who administers a key; none of them may use it to read. */
export function keyAdministration(partition: string, accountId: string): Statement {
    return {
        Sid: "KeyAdministration",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(partition, accountId) },
        Action: KEY_ADMIN_ACTIONS,
        Resource: "*",
    };
}

/**
 * Nobody but `exempt` may disable the key, schedule its deletion or stop its
 * rotation. With nobody exempt, destroying the key takes a deliberate key
 * policy change first: an administrator with kms:* cannot do it in one call.
 */
export function denyKeyDestruction(exempt: readonly string[]): Statement {
    return denyOnTheKey("DenyKeyDestruction", KEY_DESTRUCTION_ACTIONS, exempt);
}

export function logKeyPolicy(a: LogKeyPolicyArgs): PolicyDocument {
    const fromTrail = { "aws:SourceArn": a.trailArn };
    const breakGlass = breakGlassInAccount(a.breakGlassArns, a.accountId);
    return policy(
        keyAdministration(a.partition, a.accountId),
        {
            Sid: "CloudTrailEncryptLogs",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: {
                StringEquals: fromTrail,
                StringLike: {
                    "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${a.partition}:cloudtrail:*:${a.managementAccountId}:trail/*`,
                },
            },
        },
        {
            Sid: "CloudTrailDescribeKey",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: { StringEquals: fromTrail },
        },
        {
            // CloudTrail checks it can use the S3 Bucket Key when the trail is created or updated. AWS documents
            // this statement without a condition ("Allow CloudTrail to decrypt a trail", Configure AWS KMS key
            // policies for CloudTrail: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html);
            // a check that carries no aws:SourceArn would fail CreateTrail with InsufficientEncryptionPolicyException.
            // CloudTrail returns no plaintext to anyone, and GenerateDataKey* stays bound to the trail.
            Sid: "CloudTrailDecryptForBucketKey",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:Decrypt",
            Resource: "*",
        },
        ...grantToReaders(a.partition, a.logReaderArns, {
            Sid: "LogReadersDecrypt",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: { Null: { "kms:EncryptionContext:aws:cloudtrail:arn": "false" } },
        }),
        a.auditor === undefined ? undefined : decryptThroughS3("AuditorDecryptThroughS3", a.partition, a.auditor),
        a.engine === undefined ? undefined : decryptThroughS3("EngineDecryptThroughS3", a.partition, a.engine),
        a.engine === undefined ? undefined : denyEngineOutsideS3(a.engine),
        denyKeyDestruction(breakGlass),
        denyKeyPolicyChanges([...breakGlass, ...a.deployerArns]),
        denyPolicyLockoutBypass(),
    );
}

/** Only `exempt` (break-glass roles and the deployer, so `pulumi up` converges) may rewrite the key policy. */
export function denyKeyPolicyChanges(exempt: readonly string[]): Statement {
    return denyOnTheKey("DenyKeyPolicyChanges", "kms:PutKeyPolicy", exempt);
}

/**
 * Nobody may replace the key policy while skipping KMS's lockout check: a
 * policy that locks every administrator out can never be undone, not even
 * by break-glass. Evaluated against the current policy, so it holds.
 */
export function denyPolicyLockoutBypass(): Statement {
    return {
        Sid: "DenyPolicyLockoutBypass",
        Effect: "Deny",
        Principal: "*",
        Action: "kms:PutKeyPolicy",
        Resource: "*",
        Condition: { Bool: { "kms:BypassPolicyLockoutSafetyCheck": "true" } },
    };
}

function denyOnTheKey(sid: string, action: string | string[], exempt: readonly string[]): Statement {
    const condition = unlessPrincipal(exempt);
    return { Sid: sid, Effect: "Deny", Principal: "*", Action: action, Resource: "*", ...(condition ? { Condition: condition } : {}) };
}

/**
 * A role (the Athena auditor, the detection engine) decrypts log files while
 * S3 serves them, and in no other way. Granted to the role's account with
 * the role's ARN as a condition, not to the role as principal: a key policy
 * naming a role that does not exist yet is rejected, and this key is created
 * before either role. The role's own policy must allow kms:Decrypt as well.
 */
export function decryptThroughS3(sid: string, partition: string, role: { roleArn: string; region: string }): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: accountRootArn(partition, accountOf(role.roleArn)) },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: {
            ArnEquals: { "aws:PrincipalArn": role.roleArn },
            StringEquals: { "kms:ViaService": `s3.${role.region}.amazonaws.com` },
            Null: { "kms:EncryptionContext:aws:cloudtrail:arn": "false" },
        },
    };
}

/**
 * The engine uses this key only through S3, whatever its own role is later
 * given: a direct Decrypt (of a data key copied out of an object's metadata)
 * or any other KMS call is denied. A request without kms:ViaService is a
 * direct one, so the IfExists operator denies it.
 */
export function denyEngineOutsideS3(engine: { roleArn: string; region: string }): Statement {
    return {
        Sid: "DenyEngineOutsideS3",
        Effect: "Deny",
        Principal: "*",
        Action: "kms:*",
        Resource: "*",
        Condition: {
            ArnEquals: { "aws:PrincipalArn": engine.roleArn },
            StringNotEqualsIfExists: { "kms:ViaService": `s3.${engine.region}.amazonaws.com` },
        },
    };
}
