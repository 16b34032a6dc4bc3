// CloudWatch alarms: an alarm tells someone when it fires and when it
// clears, and nobody has switched its actions off (CloudWatch.15, 17).
import { entries, ResourceGuardrail, shown, verdict } from "./guardrail";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

export const alarmActions: ResourceGuardrail = {
    name: "cloudwatch-15-alarm-and-ok-actions",
    controls: ["CloudWatch.15", "CT.CLOUDWATCH.PR.1"],
    description: "Every alarm notifies someone when it fires and again when it clears.",
    resourceType: ALARM,
    check: (p) => {
        const missing = ["alarmActions", "okActions"].filter((k) => entries(p, k) === 0);
        return verdict(
            missing.length === 0,
            `${entries(p, "alarmActions")} alarm action(s), ${entries(p, "okActions")} OK action(s)`,
            `${missing.join(" and ")} empty: an alarm nobody hears about, or one nobody knows has cleared, protects nothing.`,
        );
    },
};

export const alarmActionsEnabled: ResourceGuardrail = {
    name: "cloudwatch-17-alarm-actions-enabled",
    controls: ["CloudWatch.17", "CT.CLOUDWATCH.PR.4"],
    description: "No alarm has its actions switched off.",
    resourceType: ALARM,
    check: (p) =>
        verdict(
            p.actionsEnabled !== false,
            shown(p, "actionsEnabled", "CloudWatch's default, true"),
            "actionsEnabled is false: the alarm changes state and tells nobody. Remove actionsEnabled: false.",
        ),
};

export const ALARM_GUARDRAILS = [alarmActions, alarmActionsEnabled];
