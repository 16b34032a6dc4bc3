// Every guardrail, in the order the compliance report lists them.
import { ALARM_GUARDRAILS } from "./alarms";
import { BUCKET_GUARDRAILS } from "./buckets";
import { cisMonitoringAlarms } from "./cisMonitoring";
import { Guardrail, policyOf } from "./guardrail";
import { KEY_GUARDRAILS } from "./keys";
import { LOG_GROUP_GUARDRAILS } from "./logGroups";
import { MESSAGING_GUARDRAILS } from "./messaging";
import { organizationsPolicySize } from "./scp";
import { TABLE_GUARDRAILS } from "./tables";
import { TRAIL_GUARDRAILS } from "./trails";

export const GUARDRAILS: Guardrail[] = [
    ...TRAIL_GUARDRAILS,
    ...BUCKET_GUARDRAILS,
    ...KEY_GUARDRAILS,
    ...LOG_GROUP_GUARDRAILS,
    ...MESSAGING_GUARDRAILS,
    ...TABLE_GUARDRAILS,
    ...ALARM_GUARDRAILS,
    cisMonitoringAlarms,
    organizationsPolicySize,
];

export const POLICIES = GUARDRAILS.map(policyOf);

export { CIS_MONITORING, mentions, requiredTerms } from "./cisMonitoring";
export type { CisMonitoringControl } from "./cisMonitoring";
export { configProblems, isStackGuardrail, policyOf } from "./guardrail";
export type { Finding, Guardrail, ResourceGuardrail, StackGuardrail, Verdict } from "./guardrail";
