// The key policy of the KMS key that encrypts the logs.
import { accountRootArn } from "./arns";
import { policy, PolicyDocument, Statement, unlessPrincipal } from "./document";

export interface LogKeyPolicyArgs {
    partition: string;
    /** The log-archive account, whose IAM policies decide who administers the key. */
    accountId: string;
    managementAccountId: string;
    trailArn: string;
    logReaderArns: readonly string[];
    breakGlassArns: readonly string[];
    deployerArns: readonly string[];
    /** The Athena auditor role, when there is one: it may decrypt logs, through S3 only. */
    auditor?: { roleArn: string; region: string };
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
            // Decrypt: CloudTrail checks it can use the S3 Bucket Key when the trail is created or updated.
            Sid: "CloudTrailDescribeAndBucketKey",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: ["kms:DescribeKey", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: fromTrail },
        },
        a.logReaderArns.length === 0
            ? undefined
            : {
                  Sid: "LogReadersDecrypt",
                  Effect: "Allow",
                  Principal: { AWS: [...a.logReaderArns] },
                  Action: "kms:Decrypt",
                  Resource: "*",
                  Condition: { Null: { "kms:EncryptionContext:aws:cloudtrail:arn": "false" } },
              },
        a.auditor === undefined ? undefined : auditorDecrypt(a.partition, a.accountId, a.auditor),
        denyKeyDestruction(a.breakGlassArns),
        denyKeyPolicyChanges([...a.breakGlassArns, ...a.deployerArns]),
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
 * The auditor role decrypts log files while Athena reads them through S3,
 * and in no other way. Granted to the account with the role's ARN as a
 * condition, not to the role as principal: a key policy naming a role that
 * does not exist yet is rejected, and this key is created before the role.
 * The role's own policy must allow kms:Decrypt as well.
 */
function auditorDecrypt(partition: string, accountId: string, auditor: { roleArn: string; region: string }): Statement {
    return {
        Sid: "AuditorDecryptThroughS3",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(partition, accountId) },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: {
            ArnEquals: { "aws:PrincipalArn": auditor.roleArn },
            StringEquals: { "kms:ViaService": `s3.${auditor.region}.amazonaws.com` },
            Null: { "kms:EncryptionContext:aws:cloudtrail:arn": "false" },
        },
    };
}
