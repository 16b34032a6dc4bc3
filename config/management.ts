// The management stack's configuration: the one place its keys, types,
// defaults and descriptions are written down. Everything both stacks must
// agree on (organization, accounts, trail name and region, bucket, key) is
// not here: it comes from the log-archive stack's outputs.
import { z } from "zod";
import { DETECTION_IDS } from "../detections/catalog";
import { DEFAULT_LARGE_INSTANCE_TYPES, detectionParameterFields, noDuplicates } from "./detectionFields";
import * as v from "./validators";
import { costConfigFields } from "../cost/assumptions";

export const INSIGHT_TYPES = ["ApiCallRateInsight", "ApiErrorRateInsight"] as const;
export type InsightType = (typeof INSIGHT_TYPES)[number];


/**
 * Two entries that reach one mailbox, said in words, or undefined. Mail
 * systems ignore case (SecOps@ and secops@ are one inbox), but SNS does not:
 * each spelling would be a subscription of its own and every alert would
 * arrive twice.
 */
function sameMailboxTwice(emails: string[]): string | undefined {
    const seen = new Map<string, string>();
    for (const email of emails) {
        const first = seen.get(email.toLowerCase());
        if (first === undefined) seen.set(email.toLowerCase(), email);
        else if (first === email) return `${email} is listed twice`;
        else return `${first} and ${email} are the same mailbox and would receive every alert twice`;
    }
    return undefined;
}

const fields = z.object({
    logArchiveStack: v
        .stackName()
        .describe("Fully qualified name of the log-archive stack whose outputs this stack reads, e.g. acme/org-cloudtrail/log-archive. Required for management."),
    auditStack: v
        .stackName()
        .optional()
        .describe(
            "Fully qualified name of the audit stack (e.g. acme/org-cloudtrail/audit), deployed after the log-archive stack and before this one. When set, the alarms page through the audit stack's topic, the subscribers and detection parameters live there, and a second SCP protects the audit account. Unset: this stack keeps its own topic and subscribers.",
        ),
    accountNamesDelegation: v
        .flag()
        .default(true)
        .describe(
            "With auditStack: write the organization's resource-based delegation policy so that the audit stack's detection engine may list and describe the organization's accounts (it names them in alerts). An organization has one such policy: false when yours is managed elsewhere (add the engine's statement there).",
        ),
    cloudWatchLogsRetentionDays: v
        .logGroupRetentionDays()
        .default(365)
        .describe(
            "Days the trail's CloudWatch Logs log group keeps events: one of the periods CloudWatch Logs accepts, at least 365 (the cloudwatch-16-log-group-retention-365-days guardrail).",
        ),
    dataEventsS3: v
        .flag()
        .default(false)
        .describe("Record S3 object-level (data) events for every bucket except the archive's own buckets. Billed per event."),
    dataEventsLambda: v.flag().default(false).describe("Record Lambda invoke (data) events. Billed per event."),
    dataEventsDynamoDB: v.flag().default(false).describe("Record DynamoDB item-level (data) events. Billed per event."),
    insights: z
        .array(z.enum(INSIGHT_TYPES, { error: `expected ${INSIGHT_TYPES.join(" or ")}` }), {
            error: `expected a JSON array of ${INSIGHT_TYPES.join(", ")}`,
        })
        .refine(noDuplicates, "expected each insight type at most once")
        .default([...INSIGHT_TYPES])
        .describe("CloudTrail Insights types to turn on ([] for none). Billed per event analysed."),
    scpTargetIds: z
        .array(v.scpTargetId(), { error: "expected a JSON array of root, OU or account ids" })
        .refine(noDuplicates, "expected each target at most once")
        .optional()
        .describe(
            "Roots (r-...), OUs (ou-...) or member accounts the protect-audit-trail SCP is attached to; they must cover the log-archive account (the root, the account itself, or an OU that contains it). Default: the organization's root, so no member account can leave the organization or stop the trail.",
        ),
    rcpEnabled: v
        .flag()
        .default(true)
        .describe(
            "Attach the protect-audit-archive resource control policy to the log-archive account: the archive's buckets and key refuse destruction and setting changes even from the management account. Needs the RESOURCE_CONTROL_POLICY type enabled on the root; false for organizations that have not enabled RCPs.",
        ),
    deployerRoleArn: v
        .deployerRoleArn()
        .describe(
            "The IAM role that runs pulumi up for this stack (exact ARN, in the management account). The log-group and alert keys let only it and breakGlassArns change their key policies. Required for management.",
        ),
    breakGlassArns: z
        .array(v.breakGlassRoleArn(), { error: "expected a JSON array of IAM role ARNs" })
        .default([])
        .describe(
            "Exact IAM role ARNs (account may be * for a role in every account, no wildcard in the name) exempted from every deny of the protect-audit-trail SCP; the SCP also protects these roles.",
        ),
    alertEmails: z
        .array(v.email(), { error: "expected a JSON array of e-mail addresses" })
        .superRefine((emails, ctx) => {
            const twice = sameMailboxTwice(emails);
            if (twice) ctx.addIssue({ code: "custom", message: `expected each address at most once, ignoring case: ${twice}` });
        })
        .default([])
        .describe("E-mail addresses subscribed to the alert topic; each must confirm the subscription from the e-mail AWS sends."),
    alertHttpsEndpoints: z
        .array(v.httpsUrl(), { error: "expected a JSON array of https:// URLs" })
        .refine(noDuplicates, "expected each endpoint at most once")
        .default([])
        .meta({ secret: true })
        .describe(
            "HTTPS endpoints (Opsgenie, PagerDuty) subscribed to the alert topic. Secret: the URL carries the tool's API key; set with pulumi config set --secret --path.",
        ),
    disabledDetections: z
        .array(z.enum(DETECTION_IDS as [string, ...string[]], { error: `expected detection ids, each one of: ${DETECTION_IDS.join(", ")}` }), {
            error: "expected a JSON array of detection ids",
        })
        .refine(noDuplicates, "expected each id at most once")
        .default([])
        .describe("Ids of detections not to deploy (see docs/detections.md). Disabling a CIS 4.x detection fails the cis-4-monitoring-alarms guardrail unless the policy config waives that control with a reason."),
    ...detectionParameterFields,
    // Inputs of the plan's cost estimate: validated here, read by nothing at `pulumi up`.
    ...costConfigFields,
});

/** The keys, for Pulumi.yaml and the README. */
export const managementFields = fields;

/** No subscriber means alarms that tell nobody. */
const hasSubscriber = (c: { alertEmails?: unknown; alertHttpsEndpoints?: unknown }) =>
    [c.alertEmails, c.alertHttpsEndpoints].some((list) => !(list === undefined || (Array.isArray(list) && list.length === 0)));

/**
 * The keys that move to the audit stack when there is one, with the value
 * that means "not set". Pulumi.yaml declares every key with its default, and
 * the CLI hands that default over as if it were set, so only a value other
 * than the default is taken as this stack's own.
 */
export const AUDIT_STACK_KEYS: Record<string, unknown> = {
    alertEmails: [],
    alertHttpsEndpoints: [],
    trustedCidrs: [],
    largeInstanceTypes: [...DEFAULT_LARGE_INSTANCE_TYPES],
    alarmNamespace: "OrgCloudTrail",
};

const isDefault = (value: unknown, dflt: unknown) => value === undefined || JSON.stringify(value) === JSON.stringify(dflt);

type Checked = z.output<typeof fields>;

/** The rules that span keys, each checked even when other keys are wrong so every problem is reported at once. */
function withRules() {
    let schema = fields.refine((c) => c.auditStack !== undefined || hasSubscriber(c), {
        path: ["alertEmails"],
        message: "expected at least one e-mail address here or one endpoint in alertHttpsEndpoints: without a subscriber the alarms would tell nobody",
        when: () => true,
    });
    // Two places to set one value would let the engine and the metric filters, or the pager and the backstop, disagree.
    for (const [key, dflt] of Object.entries(AUDIT_STACK_KEYS)) {
        schema = schema.refine((c: Checked) => c.auditStack === undefined || isDefault(c[key as keyof Checked], dflt), {
            path: [key],
            // The value itself is not repeated here: parseConfig shows it, except for secrets.
            error: (issue) =>
                `expected it unset when auditStack is set: subscribers and detection parameters live in the audit stack ` +
                `${String((issue.input as { auditStack?: unknown }).auditStack)} now; set ${key} there and remove it here`,
            when: () => true,
        });
    }
    return schema;
}

export const managementSchema = withRules();
