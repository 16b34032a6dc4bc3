// SNS and SQS: the alert topics and the log-file queues are encrypted with a
// key of ours. The AWS managed keys (alias/aws/sns, alias/aws/sqs) cannot be
// used: their policies cannot admit CloudWatch or a topic of another account,
// so alarms and the log-file feed would fail in silence (aws-facts §8).
import { isSet, ResourceGuardrail, verdict } from "./guardrail";

const TOPIC = "aws:sns/topic:Topic";
const QUEUE = "aws:sqs/queue:Queue";

/** The key's value when it is known and names an AWS managed key; undefined otherwise (an ARN known after apply is ours). */
function awsManagedKey(props: Record<string, any>): string | undefined {
    const value = Object.getOwnPropertyDescriptor(props, "kmsMasterKeyId")?.value;
    return typeof value === "string" && /^(alias\/aws\/|arn:[a-z-]+:kms:[^:]*:[^:]*:alias\/aws\/)/.test(value) ? value : undefined;
}

function customerKey(what: string, managed: string): ResourceGuardrail["check"] {
    return (p) => {
        const aws = awsManagedKey(p);
        if (aws) return verdict(false, "", `kmsMasterKeyId is ${aws}, an AWS managed key whose policy nobody can extend: use a customer managed key.`);
        return verdict(isSet(p, "kmsMasterKeyId"), "kmsMasterKeyId: a customer managed key", `kmsMasterKeyId is not set: ${what} would be stored unencrypted or under ${managed}. Set kmsMasterKeyId.`);
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
