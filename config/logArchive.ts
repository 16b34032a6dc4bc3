// The log-archive stack's configuration: the one place its keys, types,
// defaults and descriptions are written down. Pulumi.yaml and the README's
// table are checked against this schema by tests/projectFile.test.ts.
import { z } from "zod";
import * as v from "./validators";
import { costConfigFields } from "../cost/assumptions";

/** No CloudTrail log predates the service. */
const CLOUDTRAIL_LAUNCH_DAY = "2013/11/13";

export const OBJECT_LOCK_MODES = ["GOVERNANCE", "COMPLIANCE", "NONE"] as const;

const fields = z.object({
    accountId: v
        .accountId()
        .optional()
        .describe("The log-archive account. When set, the program stops if the credentials belong to another account."),
    organizationId: v.organizationId().describe("The AWS organization whose trail writes here (o-...). Required for log-archive."),
    managementAccountId: v
        .accountId()
        .describe("The organization's management account, which owns the organization trail. Required for log-archive."),
    trailName: v.trailName().default("organization-trail").describe("Name of the organization trail this archive accepts."),
    trailHomeRegion: v.region().optional().describe("Region the organization trail is created in. Default: this stack's aws:region."),
    bucketName: v
        .bucketName()
        .optional()
        .describe("Log bucket name. Default: org-cloudtrail-logs-<account id>-<region>."),
    accessLogBucketName: v
        .bucketName()
        .optional()
        .describe("Bucket for the log bucket's S3 server access logs. Default: org-cloudtrail-access-logs-<account id>-<region>."),
    s3KeyPrefix: v.s3KeyPrefix().optional().describe("Optional prefix CloudTrail writes before AWSLogs/. Default: none."),
    objectLockMode: z
        .enum(OBJECT_LOCK_MODES, { error: `expected one of ${OBJECT_LOCK_MODES.join(", ")}` })
        .default("GOVERNANCE")
        .describe("Default Object Lock retention mode of new log objects: GOVERNANCE, COMPLIANCE (nobody, not even root, can shorten it) or NONE."),
    objectLockDays: v.days(1, 36500).default(365).describe("Default Object Lock retention of new log objects, in days."),
    logReaderArns: z
        .array(v.principalArn(), { error: "expected a JSON array of IAM principal ARNs" })
        .default([])
        .describe("IAM principals (roles, users, account roots; no wildcards) allowed to list, read and decrypt the logs."),
    deployerRoleArn: v
        .deployerRoleArn()
        .describe(
            "The IAM role that runs pulumi up for this stack (exact ARN, in this account). The bucket and key policies let it change only the bucket policy, tags and the key policy; the SCP protects the role. Required for log-archive.",
        ),
    breakGlassArns: z
        .array(v.breakGlassRoleArn(), { error: "expected a JSON array of IAM role ARNs" })
        .default([])
        .describe(
            "Exact IAM role ARNs (account may be *, no wildcard in the name) exempted from the deny statements of the bucket and key policies; only this account's role of each name is exempt.",
        ),
    logGlacierIrAfterDays: v
        .days(0, 36500)
        .default(90)
        .describe("Days after which log objects move to Glacier Instant Retrieval; 0 keeps them in S3 Standard."),
    logDeepArchiveAfterDays: v
        .days(0, 36500)
        .default(365)
        .describe("Days after which log objects move to Glacier Deep Archive; 0 never moves them there."),
    logRetentionDays: v
        .days(0, 36500)
        .default(2557)
        .describe("Days after which log objects expire (2557 = 7 years); 0 keeps them forever."),
    accessLogRetentionDays: v.days(1, 36500).default(365).describe("Days S3 server access logs are kept."),
    athenaEnabled: v
        .flag()
        .default(true)
        .describe("Build the Athena investigation kit: Glue table over the logs, workgroup, results bucket, auditor role and saved queries."),
    athenaBytesScannedCutoffGb: v
        .wholeNumber(1, 10240, "GiB")
        .default(10)
        .describe("Largest amount of data one Athena query may scan, in GiB (1 GiB costs about $0.005 at $5 per TB); a query that reaches it is cancelled."),
    athenaResultsBucketName: v
        .bucketName()
        .optional()
        .describe("Bucket for Athena query results. Default: org-cloudtrail-athena-results-<account id>-<region>."),
    athenaResultsRetentionDays: v.days(1, 365).default(7).describe("Days Athena query results are kept."),
    athenaWorkgroupName: v.workgroupName().default("org-cloudtrail").describe("Name of the Athena workgroup the auditor role queries in."),
    athenaDatabaseName: v.glueDatabaseName().default("org_cloudtrail").describe("Name of the Glue database that holds the cloudtrail_logs table."),
    athenaFirstDay: v
        .calendarDay(CLOUDTRAIL_LAUNCH_DAY)
        .default("2026/01/01")
        .describe("First day (YYYY/MM/DD) the table's day partitions start at; logs of earlier days are invisible to queries."),
    auditorRoleName: v.iamRoleName().default("org-cloudtrail-auditor").describe("Name of the IAM role that logReaderArns assume to query the logs with Athena."),
    auditAccountId: v
        .accountId()
        .optional()
        .describe(
            "The audit (security tooling) account whose detection engine reads every new log file: a member account that is neither the management nor the log-archive account. When set, the log bucket notifies the org-cloudtrail-log-files topic, and the bucket and key policies let that account's org-cloudtrail-detection-engine role read and decrypt the logs through S3. Deploy this stack before the audit stack. Default: none (no engine).",
        ),
    // Inputs of the plan's cost estimate: validated here, read by nothing at `pulumi up`.
    ...costConfigFields,
});

/** Deep Archive and Glacier IR bill a minimum storage duration; transitions sooner only cost money. */
const GLACIER_IR_MINIMUM_DAYS = 90;
const DEEP_ARCHIVE_MINIMUM_DAYS = 180;

export const logArchiveSchema = fields.superRefine((c, ctx) => {
    const issue = (path: keyof typeof c, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (c.objectLockMode !== "NONE" && c.logRetentionDays !== 0 && c.logRetentionDays < c.objectLockDays) {
        issue(
            "logRetentionDays",
            `expected at least objectLockDays (${c.objectLockDays}), or 0: a retention shorter than the Object Lock cannot delete locked objects`,
        );
    }
    // The engine's account must be a third one: in the management account no SCP protects it, and in this
    // account its administrators could silence the engine that watches them. (The stack also compares it
    // with the credentials' account, which is known only once the program runs.)
    if (c.auditAccountId !== undefined) {
        const clash = c.auditAccountId === c.managementAccountId ? "managementAccountId" : c.auditAccountId === c.accountId ? "accountId" : undefined;
        if (clash) issue("auditAccountId", auditAccountClash(clash));
    }
    if (c.logGlacierIrAfterDays !== 0 && c.logDeepArchiveAfterDays !== 0) {
        const earliest = c.logGlacierIrAfterDays + GLACIER_IR_MINIMUM_DAYS;
        if (c.logDeepArchiveAfterDays < earliest) {
            issue(
                "logDeepArchiveAfterDays",
                `expected at least logGlacierIrAfterDays + ${GLACIER_IR_MINIMUM_DAYS} (${earliest}), or 0: Glacier Instant Retrieval bills ${GLACIER_IR_MINIMUM_DAYS} days per object`,
            );
        }
    }
    if (c.logRetentionDays !== 0) {
        if (c.logGlacierIrAfterDays !== 0 && c.logRetentionDays <= c.logGlacierIrAfterDays) {
            issue("logRetentionDays", `expected more than logGlacierIrAfterDays (${c.logGlacierIrAfterDays}), or 0 to keep logs forever`);
        }
        const deepArchiveEnd = c.logDeepArchiveAfterDays + DEEP_ARCHIVE_MINIMUM_DAYS;
        if (c.logDeepArchiveAfterDays !== 0 && c.logRetentionDays < deepArchiveEnd) {
            issue(
                "logRetentionDays",
                `expected at least logDeepArchiveAfterDays + ${DEEP_ARCHIVE_MINIMUM_DAYS} (${deepArchiveEnd}), or 0: Deep Archive bills ${DEEP_ARCHIVE_MINIMUM_DAYS} days per object`,
            );
        }
    }
});

/** Why auditAccountId may not be the account another key names (`managementAccountId`, `accountId` or the credentials'). */
export function auditAccountClash(other: string): string {
    const which = other === "managementAccountId" ? "the management account" : "the log-archive account";
    return (
        `expected the audit (security tooling) account, a member account that is neither the management nor the log-archive account, ` +
        `but it is ${which} (${other}): the engine must run where neither account's administrators can silence it`
    );
}

/** The schema's keys, for Pulumi.yaml and README checks (the refinement hides the shape). */
export const logArchiveFields = fields;

export type LogArchiveConfig = z.output<typeof logArchiveSchema>;
