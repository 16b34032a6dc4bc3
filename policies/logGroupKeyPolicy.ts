// The key policy of the KMS key that encrypts the trail's CloudWatch Logs
// log group in the management account.
import { logGroupArn } from "./arns";
import { policy, PolicyDocument } from "./document";
import { denyKeyDestruction, keyAdministration } from "./logKeyPolicy";

export interface LogGroupKeyPolicyArgs {
    partition: string;
    region: string;
    /** The management account, which owns the key and the log group. */
    accountId: string;
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

export function logGroupKeyPolicy(a: LogGroupKeyPolicyArgs): PolicyDocument {
    return policy(
        keyAdministration(a.partition, a.accountId),
        {
            // CloudWatch Logs puts the log group's ARN in the encryption context of every call it makes.
            Sid: "CloudWatchLogsUseForTrailLogGroup",
            Effect: "Allow",
            Principal: { Service: `logs.${a.region}.amazonaws.com` },
            Action: LOGS_KEY_ACTIONS,
            Resource: "*",
            Condition: {
                ArnEquals: {
                    "kms:EncryptionContext:aws:logs:arn": logGroupArn({
                        partition: a.partition,
                        region: a.region,
                        accountId: a.accountId,
                        logGroupName: a.logGroupName,
                    }),
                },
            },
        },
        // Without this key CloudWatch Logs stops ingesting the trail, and every alarm goes quiet at once.
        denyKeyDestruction([]),
    );
}
