// CloudWatch Logs: the trail's log group keeps a year and is encrypted with
// a key of ours (CloudWatch.16; Control Tower CT.CLOUDWATCH.PR.2 and 3).
import { isSet, ResourceGuardrail, shown, verdict } from "./guardrail";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const MIN_RETENTION_DAYS = 365;

export const logGroupRetention: ResourceGuardrail = {
    name: "cloudwatch-16-log-group-retention-365-days",
    controls: ["CloudWatch.16", "CT.CLOUDWATCH.PR.2"],
    description: `Every log group keeps its events at least ${MIN_RETENTION_DAYS} days, or forever.`,
    resourceType: LOG_GROUP,
    check: (p) => {
        // 0 or no value is CloudWatch's "never expire".
        const days: number = p.retentionInDays ?? 0;
        return verdict(
            days === 0 || days >= MIN_RETENTION_DAYS,
            p.retentionInDays === 0 ? "retentionInDays: 0 (never expire)" : shown(p, "retentionInDays", "never expire"),
            `retentionInDays is ${days}: an investigation reaching back a year would find nothing. Use at least ${MIN_RETENTION_DAYS}.`,
        );
    },
};

export const logGroupEncryption: ResourceGuardrail = {
    name: "log-group-kms-encryption",
    controls: ["CT.CLOUDWATCH.PR.3"],
    description: "Every log group is encrypted with a customer managed KMS key.",
    resourceType: LOG_GROUP,
    check: (p) =>
        verdict(
            isSet(p, "kmsKeyId"),
            "kmsKeyId: set",
            "kmsKeyId is not set: the organization's events would sit under a key nobody here controls. Set kmsKeyId.",
        ),
};

export const LOG_GROUP_GUARDRAILS = [logGroupRetention, logGroupEncryption];
