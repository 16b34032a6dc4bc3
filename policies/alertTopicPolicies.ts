// The alert topic's policy and its KMS key's policy. CloudWatch publishes an
// alarm as the service principal cloudwatch.amazonaws.com, naming the alarm in
// aws:SourceArn; both documents accept it only for this stack's alarms.
import { accountRootArn, alarmArnPattern, breakGlassInAccount, topicArn } from "./arns";
import { policy, PolicyDocument, Statement, unlessPrincipal } from "./document";
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

/**
 * Both documents wall themselves in: only the deployer and the management
 * account's break-glass roles may replace the key's policy or change the
 * topic's permissions.
 */
export interface AlertKeyPolicyArgs extends AlertTopicPolicyArgs, KeyPolicyWallArgs {
    /** The management account: it owns the alarms, the topic and the key. */
    accountId: string;
}

/** The topic policy takes the same exemptions as the key's walls. */
export type AlertTopicWallArgs = AlertKeyPolicyArgs;

/**
 * The topic-policy actions that can stop the alarms reaching anyone:
 * RemovePermission (drop OurAlarmsPublish by its label), AddPermission and
 * SetTopicAttributes (a new policy, a new key, a delivery policy),
 * PutDataProtectionPolicy (a policy that denies the alarms' messages) and
 * DeleteTopic. SNS accepts only its own list of actions in a topic policy
 * (SNS Developer Guide, "Amazon SNS API permissions: Actions and resources
 * reference": https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html);
 * Unsubscribe and SetSubscriptionAttributes are not on it, so they cannot be
 * walled here: audit-alert-topic-changed pages on them instead.
 */
export const TOPIC_CHANGE_ACTIONS = ["sns:AddPermission", "sns:RemovePermission", "sns:SetTopicAttributes", "sns:PutDataProtectionPolicy", "sns:DeleteTopic"];

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
 * No SCP applies in the management account, so the policy is its own wall:
 * nobody but the deployer (whose `pulumi up` sets this policy and the topic's
 * attributes) and this account's break-glass roles may change its permissions
 * or delete it. CloudWatch carries no aws:PrincipalArn, so it is denied these
 * actions too; it needs only Publish.
 */
export function alertTopicPolicy(a: AlertTopicWallArgs): PolicyDocument {
    const topic = topicArn(a);
    return policy(alarmsPublish(a, ["sns:Publish"], topic), {
        Sid: "DenyTopicPolicyChanges",
        Effect: "Deny",
        Principal: "*",
        Action: TOPIC_CHANGE_ACTIONS,
        Resource: topic,
        Condition: unlessPrincipal([...breakGlassInAccount(a.breakGlassArns, a.accountId), ...a.deployerArns]),
    });
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
