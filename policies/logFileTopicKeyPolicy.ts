// The policy of the log-archive key that encrypts the log-file topic. S3
// publishes the log bucket's event notifications to an encrypted topic only
// with a customer managed key whose policy lets s3.amazonaws.com generate
// and decrypt data keys (the AWS managed aws/sns key cannot be given that:
// SNS Developer Guide, "Configure AWS KMS permissions for AWS services",
// https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
// Nobody reads with it: SNS decrypts a message itself to deliver it, and the
// audit queue re-encrypts it under the audit account's own key.
import { breakGlassInAccount, bucketArn } from "./arns";
import { policy, PolicyDocument } from "./document";
import { PUBLISH_KEY_ACTIONS } from "./alertTopicPolicies";
import { denyKeyDestruction, denyKeyPolicyChanges, denyPolicyLockoutBypass, keyAdministration } from "./logKeyPolicy";
import { LOG_FILE_PUBLISHER_SERVICE } from "./logFileTopicPolicy";

export interface LogFileTopicKeyPolicyArgs {
    /** AWS partition of the log-archive account. */
    partition: string;
    /** The log-archive account: it owns the key, the topic and the bucket, and administers the key through IAM. */
    accountId: string;
    /** Name of the log bucket, whose notifications alone may use the key. */
    bucketName: string;
    /** The deployer's exact role ARN: exempt from the key-policy deny so its next `pulumi up` converges. */
    deployerArns: readonly string[];
    /** Break-glass role ARNs as configured (the account part may be `*`); only this account's roles are exempt. */
    breakGlassArns: readonly string[];
}

export function logFileTopicKeyPolicy(a: LogFileTopicKeyPolicyArgs): PolicyDocument {
    const breakGlass = breakGlassInAccount(a.breakGlassArns, a.accountId);
    return policy(
        keyAdministration(a.partition, a.accountId),
        {
            // The same confused-deputy conditions as the topic policy: only this bucket, owned by this account.
            Sid: "LogBucketNotificationsEncrypt",
            Effect: "Allow",
            Principal: { Service: LOG_FILE_PUBLISHER_SERVICE },
            Action: PUBLISH_KEY_ACTIONS,
            Resource: "*",
            Condition: { ArnEquals: { "aws:SourceArn": bucketArn(a.partition, a.bucketName) }, StringEquals: { "aws:SourceAccount": a.accountId } },
        },
        // A disabled key stops every notification, and the engine with it.
        denyKeyDestruction(breakGlass),
        denyKeyPolicyChanges([...breakGlass, ...a.deployerArns]),
        denyPolicyLockoutBypass(),
    );
}
