// The key policy of the KMS key that encrypts the trail's CloudWatch Logs
// log group in the management account, and the walls both of that account's
// keys (this one and the alert key) put around their own policies.
import { breakGlassInAccount, logGroupArn } from "./arns";
import { policy, PolicyDocument, Statement } from "./document";
import { denyKeyDestruction, denyKeyPolicyChanges, denyPolicyLockoutBypass, keyAdministration } from "./logKeyPolicy";

/** Who may still rewrite a key policy of the management account. */
export interface KeyPolicyWallArgs {
    /** The management account, which owns the key. */
    accountId: string;
    /** The management stack's deployer role, exactly `[deployerRoleArn]`: its next `pulumi up` must be able to put this policy again. */
    deployerArns: readonly string[];
    /** Break-glass role ARNs as configured (the account part may be `*`); only this account's roles are exempt. */
    breakGlassArns: readonly string[];
}

/**
 * No SCP applies to the management account, so a key's own policy is the
 * only wall around it: only the deployer and this account's break-glass roles
 * may replace it (an administrator with kms:* could otherwise drop the
 * statements that let CloudWatch Logs or CloudWatch use the key, and every
 * alarm would go quiet), and nobody may replace it while skipping KMS's
 * lockout check.
 */
export function keyPolicyWalls(a: KeyPolicyWallArgs): Statement[] {
    return [denyKeyPolicyChanges([...breakGlassInAccount(a.breakGlassArns, a.accountId), ...a.deployerArns]), denyPolicyLockoutBypass()];
}

export interface LogGroupKeyPolicyArgs extends KeyPolicyWallArgs {
    /** AWS partition of the management account. */
    partition: string;
    /** The trail's home region, where the log group and the key live. */
    region: string;
    /** The management account, which owns the key and the log group. */
    accountId: string;
    /** The log group the key encrypts; CloudWatch Logs may use the key for it only. */
    logGroupName: string;
}

/**
 * The cryptographic calls CloudWatch Logs makes with a log group's key, from
 * AWS's documented `Encrypt*`, `Decrypt*`, `ReEncrypt*`, `GenerateDataKey*`,
 * spelled out so every action can be checked to exist. AWS's example also
 * lists `Describe*` under the same encryption-context condition; DescribeKey
 * carries no encryption context, so there it can never be allowed and is left out.
 */
export const LOGS_KEY_ACTIONS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
];

/**
 * CloudWatch Logs may use the key for one log group only: it puts the log
 * group's ARN in the encryption context of every call it makes.
 */
export function logsUseForLogGroup(sid: string, a: { partition: string; region: string; accountId: string; logGroupName: string }): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: `logs.${a.region}.amazonaws.com` },
        Action: LOGS_KEY_ACTIONS,
        Resource: "*",
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn(a) } },
    };
}

export function logGroupKeyPolicy(a: LogGroupKeyPolicyArgs): PolicyDocument {
    return policy(
        keyAdministration(a.partition, a.accountId),
        logsUseForLogGroup("CloudWatchLogsUseForTrailLogGroup", a),
        // Without this key CloudWatch Logs stops ingesting the trail, and every alarm goes quiet at once.
        denyKeyDestruction([]),
        ...keyPolicyWalls(a),
    );
}
