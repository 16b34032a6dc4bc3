// SNS and SQS: the alert topics and the log-file queues are encrypted with a
// key of ours. The AWS managed keys (alias/aws/sns, alias/aws/sqs) cannot be
// used: their policies cannot admit CloudWatch or a topic of another account,
// so alarms and the log-file feed would fail in silence (aws-facts §8).
import { isSet, ResourceGuardrail, shown, verdict } from "./guardrail";

const TOPIC = "aws:sns/topic:Topic";
const QUEUE = "aws:sqs/queue:Queue";
/** What the engine sends, and @pulumi/policy hands a rule, for a value known only after apply. */
const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The key's value when it is known and names an AWS managed key; undefined otherwise (an ARN known after apply is ours). */
function awsManagedKey(props: Record<string, any>): string | undefined {
    const value = Object.getOwnPropertyDescriptor(props, "kmsMasterKeyId")?.value;
    return typeof value === "string" && /^(alias\/aws\/|arn:[a-z-]+:kms:[^:]*:[^:]*:alias\/aws\/)/.test(value) ? value : undefined;
}

function customerKey(what: string, managed: string): ResourceGuardrail["check"] {
    return (p) => {
        const aws = awsManagedKey(p);
        if (aws) return verdict(false, "", `kmsMasterKeyId is ${aws}, an AWS managed key whose policy nobody can extend: use a customer managed key.`);
        // An ARN known only after apply is a key this stack creates: set, and never read (reading it would make the rule "after apply").
        const set = isSet(p, "kmsMasterKeyId");
        const value = Object.getOwnPropertyDescriptor(p, "kmsMasterKeyId")?.value;
        const known = typeof value === "string" && value !== PULUMI_UNKNOWN;
        return verdict(set, known ? shown(p, "kmsMasterKeyId", "") : "kmsMasterKeyId: set", `kmsMasterKeyId is not set: ${what} would be stored unencrypted or under ${managed}. Set kmsMasterKeyId.`);
    };
}

export const topicEncryption: ResourceGuardrail = {
    name: "sns-1-topic-kms-encryption",
    controls: ["SNS.1"],
    description: "Every SNS topic is encrypted with a customer managed KMS key.",
    resourceType: TOPIC,
    check: customerKey("alerts, which say what happened where", "no key"),
};

export const queueEncryption: ResourceGuardrail = {
    name: "sqs-1-queue-kms-encryption",
    controls: ["SQS.1"],
    description: "Every SQS queue is encrypted with a customer managed KMS key.",
    resourceType: QUEUE,
    check: customerKey("the log files' keys and the organization's activity", "SQS's own key"),
};

export const MESSAGING_GUARDRAILS = [topicEncryption, queueEncryption];
