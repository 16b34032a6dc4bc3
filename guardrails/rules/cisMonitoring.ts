// CIS 4.1–4.15 (Security Hub CloudWatch.1–14): a stack that builds alarms
// has one for every CIS monitoring recommendation, fed by a metric filter
// that names every call the benchmark names. The check is textual, as
// Security Hub's is: it reads the pattern for each term, it does not
// evaluate it (the program's tests do that against real events).
import type { PolicyResource } from "@pulumi/policy";
import { entries, Finding, StackGuardrail } from "./guardrail";

export interface CisMonitoringControl {
    /** CIS AWS Foundations Benchmark recommendation (v1.4–v3.0 numbering). */
    cis: string;
    /** The Security Hub control that checks it, where there is one. */
    securityHub?: string;
    title: string;
    /** The service the calls belong to, where CIS names it. */
    eventSource?: string;
    /** Every `$.eventName` the benchmark lists. */
    eventNames: string[];
    /** The benchmark's other terms, `$.selector operator value`, values unquoted. */
    otherTerms: string[];
}

/** The monitoring section of the benchmark as it prints the filters (shared/reference/aws-facts.md §9). */
export const CIS_MONITORING: CisMonitoringControl[] = [
    {
        cis: "4.1",
        securityHub: "CloudWatch.2",
        title: "Unauthorized API calls",
        eventNames: [],
        otherTerms: [
            "$.errorCode = *UnauthorizedOperation",
            "$.errorCode = AccessDenied*",
            "$.sourceIPAddress != delivery.logs.amazonaws.com",
            "$.eventName != HeadBucket",
        ],
    },
    {
        cis: "4.2",
        securityHub: "CloudWatch.3",
        title: "Console sign-in without MFA",
        eventNames: ["ConsoleLogin"],
        otherTerms: ["$.additionalEventData.MFAUsed != Yes", "$.userIdentity.type = IAMUser", "$.responseElements.ConsoleLogin = Success"],
    },
    {
        cis: "4.3",
        securityHub: "CloudWatch.1",
        title: "Root account usage",
        eventNames: [],
        otherTerms: ["$.userIdentity.type = Root", "$.userIdentity.invokedBy NOT EXISTS", "$.eventType != AwsServiceEvent"],
    },
    {
        cis: "4.4",
        securityHub: "CloudWatch.4",
        title: "IAM policy changes",
        eventNames: [
            "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy",
            "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
            "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
        ],
        otherTerms: [],
    },
    {
        cis: "4.5",
        securityHub: "CloudWatch.5",
        title: "CloudTrail configuration changes",
        eventNames: ["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"],
        otherTerms: [],
    },
    {
        cis: "4.6",
        securityHub: "CloudWatch.6",
        title: "Console authentication failures",
        eventNames: ["ConsoleLogin"],
        otherTerms: ["$.errorMessage = Failed authentication"],
    },
    {
        cis: "4.7",
        securityHub: "CloudWatch.7",
        title: "Disabled or scheduled deletion of KMS keys",
        eventSource: "kms.amazonaws.com",
        eventNames: ["DisableKey", "ScheduleKeyDeletion"],
        otherTerms: [],
    },
    {
        cis: "4.8",
        securityHub: "CloudWatch.8",
        title: "S3 bucket policy changes",
        eventSource: "s3.amazonaws.com",
        eventNames: [
            "PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
            "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication",
        ],
        otherTerms: [],
    },
    {
        cis: "4.9",
        securityHub: "CloudWatch.9",
        title: "AWS Config changes",
        eventSource: "config.amazonaws.com",
        eventNames: ["StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"],
        otherTerms: [],
    },
    {
        cis: "4.10",
        securityHub: "CloudWatch.10",
        title: "Security group changes",
        eventNames: [
            "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress",
            "CreateSecurityGroup", "DeleteSecurityGroup",
        ],
        otherTerms: [],
    },
    {
        cis: "4.11",
        securityHub: "CloudWatch.11",
        title: "Network ACL changes",
        eventNames: ["CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"],
        otherTerms: [],
    },
    {
        cis: "4.12",
        securityHub: "CloudWatch.12",
        title: "Network gateway changes",
        eventNames: ["CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "DetachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway"],
        otherTerms: [],
    },
    {
        cis: "4.13",
        securityHub: "CloudWatch.13",
        title: "Route table changes",
        eventSource: "ec2.amazonaws.com",
        eventNames: ["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"],
        otherTerms: [],
    },
    {
        cis: "4.14",
        securityHub: "CloudWatch.14",
        title: "VPC changes",
        eventNames: [
            "CreateVpc", "DeleteVpc", "ModifyVpcAttribute",
            "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection",
            "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink",
        ],
        otherTerms: [],
    },
    {
        cis: "4.15",
        title: "AWS Organizations changes",
        eventSource: "organizations.amazonaws.com",
        eventNames: [
            "AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake",
            "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType",
            "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit",
        ],
        otherTerms: [],
    },
];

/** Every term a pattern must contain to meet `c`, `$.selector operator value`, values unquoted. */
export function requiredTerms(c: CisMonitoringControl): string[] {
    return [
        ...(c.eventSource ? [`$.eventSource = ${c.eventSource}`] : []),
        ...c.eventNames.map((n) => `$.eventName = ${n}`),
        ...c.otherTerms,
    ];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether `pattern` contains `term`, the value quoted or not, and not as the start of a longer value. */
export function mentions(pattern: string, term: string): boolean {
    const notExists = /^(\S+) NOT EXISTS$/.exec(term);
    if (notExists) return new RegExp(`${escape(notExists[1])}\\s+NOT\\s+EXISTS`).test(pattern);
    const [, selector, operator, value] = /^(\S+) (!?=) (.+)$/.exec(term) ?? [];
    if (!selector) throw new Error(`not a term: ${term}`);
    const v = escape(value);
    return new RegExp(`${escape(selector)}\\s*${operator}\\s*("${v}"|${v}(?![\\w*"]))`).test(pattern);
}

const TRAIL = "aws:cloudtrail/trail:Trail";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** An alarm that watches `filter`'s metric and would tell someone. */
function alarmOn(resources: PolicyResource[], filter: PolicyResource): PolicyResource | undefined {
    const metric = filter.props.metricTransformation ?? {};
    return resources.find(
        (a) =>
            a.type === ALARM &&
            a.props.metricName === metric.name &&
            a.props.namespace === metric.namespace &&
            a.props.actionsEnabled !== false &&
            entries(a.props, "alarmActions") > 0,
    );
}

/** What a waiver's reason must contain: something other than white space (JSON Schema `pattern`, unanchored). */
const REASON_PATTERN = "\\S";
const EXAMPLE = `{"4.13": "Route tables are managed by the network organization, which alarms on them; see RISK-123"}`;
const REASON_EXPECTED = "its reason as text: who watches it instead, or the risk accepted and where it is recorded";

/**
 * What is wrong with a `waivedControls` setting, one line per problem. The
 * same rules as the configSchema below, which the Pulumi CLI applies; these
 * say which control and what is expected.
 */
function waiverProblems(waivers: unknown): string[] {
    if (waivers === undefined) return [];
    if (Array.isArray(waivers)) {
        const asObject = JSON.stringify(Object.fromEntries(waivers.map((c) => [String(c), "<reason>"])));
        return [`waivedControls = ${JSON.stringify(waivers)}: expected an object of control to reason, ${asObject}: the list form is no longer accepted, as every waiver needs ${REASON_EXPECTED}`];
    }
    if (waivers === null || typeof waivers !== "object") {
        return [`waivedControls = ${JSON.stringify(waivers)}: expected an object of CIS control to the reason it is waived, e.g. ${EXAMPLE}`];
    }
    return Object.entries(waivers).flatMap(([cis, reason]) => {
        const control = CIS_MONITORING.find((c) => c.cis === cis);
        if (!control) {
            return [`waivedControls["${cis}"]: CIS ${cis} is not a control of this policy: expected one of ${CIS_MONITORING.map((c) => c.cis).join(", ")}`];
        }
        if (typeof reason === "string" && new RegExp(REASON_PATTERN).test(reason)) return [];
        return [`waivedControls["${cis}"] = ${JSON.stringify(reason)}: a waiver of CIS ${cis} ${control.title} needs ${REASON_EXPECTED}`];
    });
}

/** The finding for `c` when it is not waived: the alarm that meets it, or why none does. */
function judge(c: CisMonitoringControl, resources: PolicyResource[], filters: PolicyResource[]): Finding {
    const terms = requiredTerms(c);
    const covering = filters.filter((f) => terms.every((t) => mentions(String(f.props.pattern), t)));
    const alarmed = covering.find((f) => alarmOn(resources, f));
    if (alarmed) {
        const alarm = alarmOn(resources, alarmed)!;
        return { subject: alarm.name, urn: alarm.urn, passed: true, says: `CIS ${c.cis} ${c.title}` };
    }
    const why =
        covering.length === 0
            ? `no metric filter names every term of the benchmark (${terms.length} terms, e.g. ${terms[0]})`
            : `metric filter ${covering[0].name} has no alarm with actions on its metric`;
    return { subject: `CIS ${c.cis}`, passed: false, says: `${c.title}: ${why}. Enable the detection, or waive it in the policy config with a reason.` };
}

export const cisMonitoringAlarms: StackGuardrail = {
    name: "cis-4-monitoring-alarms",
    controls: ["CIS 4.1–4.15", "CloudWatch.1–14"],
    description:
        "A stack that builds the trail or metric filters has, for each CIS monitoring recommendation, a metric filter naming every term the benchmark names and an alarm with actions on its metric.",
    resourceTypes: [TRAIL, FILTER, ALARM],
    configSchema: {
        properties: {
            waivedControls: {
                type: "object",
                description:
                    `CIS recommendations this organization has decided not to alarm on, each with its reason: ${EXAMPLE}. ` +
                    "The compliance report shows each as WAIVED with its reason.",
                properties: Object.fromEntries(
                    CIS_MONITORING.map((c) => [c.cis, { type: "string", pattern: REASON_PATTERN, description: `Why CIS ${c.cis} ${c.title} is not alarmed on.` }]),
                ),
                additionalProperties: false,
            },
        },
    },
    configProblems: (config) => waiverProblems(config.waivedControls),
    check: (resources, config) => {
        // The benchmark's alarms read the trail's log group: a stack with neither the trail nor a metric filter
        // (the audit stack, whose alarms watch its own queue and function) is not where they belong.
        if (!resources.some((r) => r.type === TRAIL || r.type === FILTER)) return [];
        const waivers = (config.waivedControls ?? {}) as Record<string, string>;
        const filters = resources.filter((r) => r.type === FILTER);
        return CIS_MONITORING.map((c): Finding => {
            const finding = judge(c, resources, filters);
            if (!Object.hasOwn(waivers, c.cis)) return finding;
            // Said even when the plan meets the control: the waiver may no longer be needed.
            const met = finding.passed ? `; the plan meets it anyway (${finding.subject})` : "";
            return { subject: `CIS ${c.cis}`, passed: true, waived: waivers[c.cis].trim(), says: `${c.title}${met}` };
        });
    },
};
