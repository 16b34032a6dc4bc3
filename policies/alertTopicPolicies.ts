// The alert topic's policy and its KMS key's policy. CloudWatch publishes an
// alarm as the service principal cloudwatch.amazonaws.com, naming the alarm in
// aws:SourceArn; both documents accept it only for this stack's alarms.
import { accountRootArn, alarmArnPattern, topicArn } from "./arns";
import { policy, PolicyDocument, Statement } from "./document";
import { KeyPolicyWallArgs, keyPolicyWalls } from "./logGroupKeyPolicy";
import { denyKeyDestruction, keyAdministration } from "./logKeyPolicy";

export interface AlertTopicPolicyArgs {
    /** AWS partition of the management account. */
    partition: string;
    /** Region of the alarms, the topic and the key. */
    region: string;
    /** The management account: it owns the alarms, the topic and the key. */
    accountId: string;
    /** Name of the alert topic. */
    topicName: string;
    /** Every alarm of the stack is named with this prefix. */
    alarmNamePrefix: string;
}

/** The key's policy also walls itself in: only the deployer and break-glass may replace it. */
export interface AlertKeyPolicyArgs extends AlertTopicPolicyArgs, KeyPolicyWallArgs {
    /** The management account: it owns the alarms, the topic and the key. */
    accountId: string;
}

/**
 * What a publisher needs of an encrypted topic's key (SNS's "compatibility
 * between event sources from AWS services and encrypted topics").
 */
export const PUBLISH_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey*"];

function fromOurAlarms(a: AlertTopicPolicyArgs) {
    return {
        StringEquals: { "aws:SourceAccount": a.accountId },
        ArnLike: { "aws:SourceArn": alarmArnPattern(a) },
    };
}

function alarmsPublish(a: AlertTopicPolicyArgs, action: string[], resource: string): Statement {
    return {
        Sid: "OurAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: action,
        Resource: resource,
        Condition: fromOurAlarms(a),
    };
}

/**
 * Only this account's alarms (by name) may publish as CloudWatch. People and
 * tools of the account publish through their IAM policies; no other account can.
 */
export function alertTopicPolicy(a: AlertTopicPolicyArgs): PolicyDocument {
    return policy(alarmsPublish(a, ["sns:Publish"], topicArn(a)));
}

export function alertKeyPolicy(a: AlertKeyPolicyArgs): PolicyDocument {
    return policy(
        keyAdministration(a.partition, a.accountId),
        alarmsPublish(a, PUBLISH_KEY_ACTIONS, "*"),
        {
            // So that someone allowed sns:Publish by IAM can send a test alert; only through SNS, never to decrypt directly.
            Sid: "AccountPublishesThroughSns",
            Effect: "Allow",
            Principal: { AWS: accountRootArn(a.partition, a.accountId) },
            Action: PUBLISH_KEY_ACTIONS,
            Resource: "*",
            Condition: { StringEquals: { "kms:ViaService": `sns.${a.region}.amazonaws.com`, "kms:CallerAccount": a.accountId } },
        },
        // A disabled or deleted key silences every alarm at once, including the one that would report it.
        denyKeyDestruction([]),
        // Replacing the policy could drop OurAlarmsPublish and silence every alarm just the same.
        ...keyPolicyWalls(a),
    );
}
