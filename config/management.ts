// The management stack's configuration: the one place its keys, types,
// defaults and descriptions are written down. Everything both stacks must
// agree on (organization, accounts, trail name and region, bucket, key) is
// not here: it comes from the log-archive stack's outputs.
import { z } from "zod";
import * as v from "./validators";

export const INSIGHT_TYPES = ["ApiCallRateInsight", "ApiErrorRateInsight"] as const;
export type InsightType = (typeof INSIGHT_TYPES)[number];

const noDuplicates = <T>(list: T[]) => new Set(list).size === list.length;

const fields = z.object({
    logArchiveStack: v
        .stackName()
        .describe("Fully qualified name of the log-archive stack whose outputs this stack reads, e.g. acme/org-cloudtrail/log-archive. Required for management."),
    cloudWatchLogsRetentionDays: v
        .logRetentionDays()
        .default(365)
        .describe("Days the trail's CloudWatch Logs log group keeps events; one of the periods CloudWatch Logs accepts."),
    dataEventsS3: z
        .boolean({ error: "expected true or false" })
        .default(false)
        .describe("Record S3 object-level (data) events for every bucket except the archive's own buckets. Billed per event."),
    dataEventsLambda: z.boolean({ error: "expected true or false" }).default(false).describe("Record Lambda invoke (data) events. Billed per event."),
    dataEventsDynamoDB: z.boolean({ error: "expected true or false" }).default(false).describe("Record DynamoDB item-level (data) events. Billed per event."),
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
        .describe("Roots (r-...), OUs (ou-...) or member accounts the protect-audit-trail SCP is attached to. Default: the log-archive account."),
    breakGlassArns: z
        .array(v.rolePattern(), { error: "expected a JSON array of IAM role ARNs" })
        .default([])
        .describe("IAM role ARNs (wildcards allowed in the name) exempted from every deny of the protect-audit-trail SCP."),
});

export const managementSchema = fields;

export type ManagementConfig = z.output<typeof managementSchema>;
