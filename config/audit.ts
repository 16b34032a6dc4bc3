// The audit stack's configuration: the one place its keys, types, defaults
// and descriptions are written down. What the audit stack must agree on with
// the log-archive stack (organization, accounts, region, bucket, key, topic)
// is not here: it comes from the log-archive stack's outputs.
import { z } from "zod";
import { CATALOG, Detection, DETECTION_IDS } from "../detections/catalog";
import { SEVERITIES } from "../engine/settings";
import { detectionParameterFields, noDuplicates } from "./detectionFields";
import { managementFields } from "./management";
import { didYouMean } from "./suggest";
import * as v from "./validators";
import { costConfigFields } from "../cost/assumptions";

/**
 * The heartbeat alarm's period. AWS/SQS publishes its metrics every minute
 * (SQS Developer Guide, "Available CloudWatch metrics for Amazon SQS"); five
 * minutes is the period the CIS alarms use, and a heartbeat expressed in
 * five-minute periods is an evaluation window CloudWatch accepts: PutMetricAlarm
 * refuses EvaluationPeriods × Period over one day (86,400 s) for periods under an hour.
 */
export const HEARTBEAT_PERIOD_MINUTES = 5;
/** Shorter than two periods, one late CloudTrail batch (delivered about every five minutes) would page. */
export const HEARTBEAT_MIN_MINUTES = 10;
/** One day: the longest evaluation window PutMetricAlarm accepts for five-minute periods. */
export const HEARTBEAT_MAX_MINUTES = 1440;

/**
 * How long after a digest's hour ends before a missing digest pages. CloudTrail
 * writes one digest per account and region about every hour, covering the
 * hour before it ("CloudTrail digest file structure": each digest "contains the
 * names of the log files that were delivered ... during the last hour"), and
 * delivers it some minutes after that hour ends, later under load (backfill
 * digests exist because log files can arrive late). Two hours is one missed
 * digest plus an hour's slack: a normal delay never pages, a withheld digest
 * pages within two hours and the schedule's 15 minutes.
 */
export const DIGEST_DELAY_DEFAULT_MINUTES = 120;
/** Below an hour the next digest has not had time to arrive: every normal delivery would page. */
export const DIGEST_DELAY_MIN_MINUTES = 60;
/** A day: beyond it a withheld digest is found later than the heartbeat finds a stopped trail. */
export const DIGEST_DELAY_MAX_MINUTES = 1440;

/** Lambda's memory range (CreateFunction MemorySize), in MB. */
export const LAMBDA_MIN_MEMORY_MB = 128;
export const LAMBDA_MAX_MEMORY_MB = 10240;

/**
 * An entry of ignorePrincipals: an IAM or STS principal ARN, exact or with
 * `*` for any run of characters. The account may be `*` when the name is
 * exact (see wildcardNameInEveryAccount). A pattern that would
 * match every principal of a kind (`role/*` in every account) is refused:
 * that is turning the detection off, which `disabled` says plainly.
 */
export function principalPattern(everyPrincipal = "set disabled: true instead") {
    const expected =
        "expected an IAM or STS principal ARN, exact or with * for any run of characters, e.g. arn:aws:iam::111111111111:role/Deployer, arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_*/* or arn:aws:sts::*:assumed-role/AWSControlTowerExecution/*";
    return z
        .string({ error: expected })
        .regex(/^arn:aws(-[a-z]+)*:(iam|sts)::(\d{12}|\*):(root|(user|role|assumed-role|federated-user)\/[\w+=,.@/*-]+)$/, expected)
        .refine((pattern) => !/:(user|role|assumed-role|federated-user)\/[*/]*$/.test(pattern), {
            message: `${expected}; a name made only of * matches every principal of that kind: ${everyPrincipal}`,
        })
        .refine((pattern) => !looseName(pattern), {
            message: `${expected}; a wildcard name needs at least ${MIN_LITERAL_RUN} characters in a row that are not * (role/*-* matches nearly every role): ${everyPrincipal}`,
        })
        .refine((pattern) => !wildcardNameInEveryAccount(pattern), {
            message:
                `${expected}; with * as the account, name the role or user exactly (a session may stay *): ` +
                "an administrator of any member account could create a principal that matches a wildcard name, and go unseen",
        });
}

/** The shortest run of literal characters a wildcard name must keep. */
export const MIN_LITERAL_RUN = 3;

/**
 * The principal's name (a user's or role's, with its path; an assumed role's
 * role name) as the pattern gives it, or undefined for root.
 */
function namePart(pattern: string): string | undefined {
    const match = /^arn:[^:]+:(?:iam|sts)::[^:]*:(?:assumed-role\/([^/]*)\/.*|[a-z-]+\/(.*))$/.exec(pattern);
    return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * A wildcard name with no run of MIN_LITERAL_RUN literal characters
 * (`*-*`, `*e*`, `a*`): it matches nearly every principal, which is turning
 * the detection off without saying so (found by a review).
 */
function looseName(pattern: string): boolean {
    const name = namePart(pattern);
    if (name === undefined || !name.includes("*")) return false;
    return !name.split(/[*/]/).some((run) => run.length >= MIN_LITERAL_RUN);
}

/**
 * `arn:aws:sts::*:assumed-role/AWSReservedSSO_Admin_*\/*`: a wildcard in the
 * name, in every account. Found in an attacker's review: a member account's
 * administrator creates a role that matches (the assumed-role ARN drops the
 * path that would tell IAM Identity Center's roles apart) and the tuned
 * detections never see what it does.
 */
function wildcardNameInEveryAccount(pattern: string): boolean {
    return /^arn:[^:]+:(?:iam|sts)::\*:/.test(pattern) && (namePart(pattern)?.includes("*") ?? false);
}

/**
 * Tuning `threshold`: the engine's count of matches in one log file (one
 * account, one region, about five minutes), or in a window with
 * `windowMinutes`, all principals together (each
 * principal alone where the catalog says countPer "principal"). Above
 * this a detection is as good as off, which `disabled` says plainly.
 */
export const TUNING_MAX_THRESHOLD = 1000;

/**
 * Tuning `windowMinutes`: how long the engine counts a detection's matches
 * across log files (a DynamoDB table, stacks/auditNames.ts
 * DETECTION_COUNTS_TABLE_NAME) before comparing with the threshold. A
 * multiple of the five minutes a log file covers, up to a day: windows are
 * tumbling, aligned to the epoch (engine/windowCounts.ts), and a longer one
 * than a day is the Athena queries' work, not a pager's.
 */
export const TUNING_WINDOW_STEP_MINUTES = 5;
export const TUNING_MIN_WINDOW_MINUTES = 5;
export const TUNING_MAX_WINDOW_MINUTES = 1440;

const tuningSchema = z.strictObject(
    {
        disabled: v.flag().optional(),
        severity: z.enum(SEVERITIES, { error: `expected one of ${SEVERITIES.join(", ")}` }).optional(),
        ignorePrincipals: z
            .array(principalPattern(), { error: "expected a JSON array of principal ARNs or patterns" })
            .refine(noDuplicates, "expected each principal at most once")
            .optional(),
        ignoreAutomation: v.flag().optional(),
        threshold: v.wholeNumber(1, TUNING_MAX_THRESHOLD, "matches (in one log file, or in the window with windowMinutes)").optional(),
        windowMinutes: v
            .wholeNumber(TUNING_MIN_WINDOW_MINUTES, TUNING_MAX_WINDOW_MINUTES, "minutes")
            .refine((m) => m % TUNING_WINDOW_STEP_MINUTES === 0, {
                message: `expected a multiple of ${TUNING_WINDOW_STEP_MINUTES} minutes (a log file covers about ${TUNING_WINDOW_STEP_MINUTES} minutes; windows are aligned to the epoch)`,
            })
            .optional(),
    },
    {
        error: "expected an object with disabled, severity, ignorePrincipals, ignoreAutomation, threshold and/or windowMinutes",
    },
);

/**
 * What a detection's tuning may not say, given the catalog entry: undefined
 * when it is fine. `ignoreAutomation` only on a detection marked tunable
 * (the others never ignore automation: the automation's own credentials
 * are what an attacker borrows to do what they catch). `threshold` only on
 * a detection that counts (catalog threshold above 1): one that pages on
 * the first event would, at 3, let an attacker's one or two changes per
 * log file through; quieten it with ignorePrincipals or severity instead.
 */
export function tuningRefusal(
    detection: Pick<Detection, "id" | "tunable" | "threshold" | "countPer">,
    key: "ignoreAutomation" | "threshold" | "windowMinutes",
): string | undefined {
    if (key === "ignoreAutomation" && !detection.tunable) {
        return `expected only on a detection marked tunable (docs/detections.md, "how to tune"): ${detection.id} never ignores automationPrincipals; use ignorePrincipals to quiet one principal`;
    }
    // A window is where a threshold is: the count it widens is the threshold's.
    if ((key === "threshold" || key === "windowMinutes") && detection.threshold <= 1 && detection.countPer !== "principal") {
        return `expected only on a detection that counts (a catalog threshold above 1, or counted per principal): ${detection.id} pages on the first event, and a higher count would let an attacker's first changes through; use ignorePrincipals or severity instead`;
    }
    return undefined;
}

const fields = z.object({
    deployerRoleArn: v
        .deployerRoleArn()
        .describe(
            "The IAM role that runs pulumi up for this stack (exact ARN, in the audit account). The audit key, topic and queue policies let only it and breakGlassArns change them; the SCP protects the role. Required for audit.",
        ),
    breakGlassArns: managementFields.shape.breakGlassArns.describe(
        "Exact IAM role ARNs (account may be * for a role in every account, no wildcard in the name) exempted from the deny statements of the audit key, topic and queue policies; only the audit account's role of each name is exempt.",
    ),
    logArchiveStack: managementFields.shape.logArchiveStack.describe(
        "Fully qualified name of the log-archive stack whose outputs this stack reads, e.g. acme/org-cloudtrail/log-archive. Required for audit.",
    ),
    alertEmails: managementFields.shape.alertEmails,
    alertHttpsEndpoints: managementFields.shape.alertHttpsEndpoints,
    heartbeatMinutes: v
        .wholeNumber(HEARTBEAT_MIN_MINUTES, HEARTBEAT_MAX_MINUTES, "minutes")
        .refine((m) => m % HEARTBEAT_PERIOD_MINUTES === 0, {
            message: `expected a multiple of ${HEARTBEAT_PERIOD_MINUTES} minutes (the heartbeat alarm counts ${HEARTBEAT_PERIOD_MINUTES}-minute periods)`,
        })
        .default(30)
        .describe(
            `Minutes without a new log file before the heartbeat alarm pages (missing data counts as silence): a multiple of ${HEARTBEAT_PERIOD_MINUTES} from ${HEARTBEAT_MIN_MINUTES} to ${HEARTBEAT_MAX_MINUTES}.`,
        ),
    detectionTuning: z
        .record(z.string(), tuningSchema, { error: "expected a JSON object keyed by detection id" })
        .superRefine((tuning, ctx) => {
            for (const [id, one] of Object.entries(tuning)) {
                const detection = CATALOG.find((d) => d.id === id);
                if (detection === undefined) {
                    ctx.addIssue({ code: "custom", path: [id], message: `expected a detection id of docs/detections.md${didYouMean(id, DETECTION_IDS) || `: one of ${DETECTION_IDS.join(", ")}`}` });
                    continue;
                }
                for (const key of ["ignoreAutomation", "threshold", "windowMinutes"] as const) {
                    const refusal = one[key] === undefined ? undefined : tuningRefusal(detection, key);
                    if (refusal) ctx.addIssue({ code: "custom", path: [id, key], message: refusal });
                }
            }
        })
        .default({})
        .describe(
            "Per-detection tuning of the engine, by detection id: {disabled: true} to skip it, severity (critical, high, medium, low) to override the catalog's, ignorePrincipals (exact IAM/STS ARNs or patterns with *) to quiet known automation, ignoreAutomation: false to stop a tunable detection ignoring automationPrincipals, threshold (matches in one log file, for a detection that counts), windowMinutes (count across log files for that many minutes, a multiple of 5 from 5 to 1440, in a DynamoDB table the stack creates only then).",
        ),
    automationPrincipals: z
        // Every role of an account is not automation: it would blind each tunable detection there.
        .array(principalPattern("name the automation's roles"), { error: "expected a JSON array of principal ARNs or patterns" })
        .refine(noDuplicates, "expected each principal at most once")
        .default([])
        .describe(
            "The organization's automation (CI roles, SSM Automation, IaC pipelines): exact IAM/STS ARNs or patterns with *, as in ignorePrincipals. Every detection marked tunable ignores their events, unless its detectionTuning says ignoreAutomation: false.",
        ),
    usedInstanceFamilies: z
        .array(
            z
                .string()
                // A family is the part of an instance type before the dot: t3, m7g, c6gn, p4d, mac2-m2pro, u-6tb1.
                .regex(/^[a-z][a-z0-9-]*$/, "expected an EC2 instance family: the part of an instance type before the dot, e.g. t3, m5, c6g (not t3.large)"),
            { error: "expected a JSON array of EC2 instance families, e.g. [\"t3\", \"m5\"]" },
        )
        .refine(noDuplicates, "expected each family at most once")
        .default([])
        .describe(
            "The EC2 instance families the organization uses (t3, m5, c6g...). The engine's instance-family-not-used-launched detection alerts on RunInstances of any other family, denied attempts included (a GPU family is the cryptomining tell). Empty: the detection is off.",
        ),
    bedrockAccounts: z
        .array(v.accountId(), { error: "expected a JSON array of 12-digit AWS account ids" })
        .refine(noDuplicates, "expected each account at most once")
        .default([])
        .describe(
            "The accounts whose workloads call Amazon Bedrock models. The engine's model-invoked-outside-bedrock-accounts detection alerts on model invocations (InvokeModel, Converse and their streams) in every other account, denied attempts included. Empty: no account uses Bedrock, and every invocation alerts (detectionTuning disabled: true turns it off).",
        ),
    engineMemoryMb: v
        .wholeNumber(LAMBDA_MIN_MEMORY_MB, LAMBDA_MAX_MEMORY_MB, "MB")
        .default(1024)
        .describe("Memory of the detection engine's Lambda function, in MB (CPU scales with it)."),
    engineLogRetentionDays: v
        .logGroupRetentionDays()
        .default(365)
        .describe(
            "Days the detection engine's log group keeps its logs: one of the periods CloudWatch Logs accepts, at least 365 (the cloudwatch-16-log-group-retention-365-days guardrail).",
        ),
    digestVerification: v
        .flag()
        .default(true)
        .describe(
            "Verify every CloudTrail digest as it lands and page on a missing, modified or late digest or log file: creates the chain table org-cloudtrail-digest-chains and the schedule org-cloudtrail-digest-check. false: neither is created, the engine's role gets none of their permissions, and the plan warns.",
        ),
    digestAllowedDelayMinutes: v
        .wholeNumber(DIGEST_DELAY_MIN_MINUTES, DIGEST_DELAY_MAX_MINUTES, "minutes")
        .default(DIGEST_DELAY_DEFAULT_MINUTES)
        .describe(
            `Minutes after a digest's hour ends before a digest that has not arrived pages (per account and region that has delivered before), from ${DIGEST_DELAY_MIN_MINUTES} to ${DIGEST_DELAY_MAX_MINUTES}; CloudTrail delivers about hourly, some minutes late.`,
        ),
    ...detectionParameterFields,
    // Inputs of the plan's cost estimate: validated here, read by nothing at `pulumi up`.
    ...costConfigFields,
});

/** The keys, for Pulumi.yaml and the README. */
export const auditFields = fields;

/** No subscriber means a pager that tells nobody: the same rule as the management stack's, for the same keys. */
const hasSubscriber = (c: { alertEmails?: unknown; alertHttpsEndpoints?: unknown }) =>
    [c.alertEmails, c.alertHttpsEndpoints].some((list) => !(list === undefined || (Array.isArray(list) && list.length === 0)));

export const auditSchema = fields.refine(hasSubscriber, {
    path: ["alertEmails"],
    message: "expected at least one e-mail address here or one endpoint in alertHttpsEndpoints: without a subscriber the engine's alerts would tell nobody",
    when: () => true,
});

export type AuditConfig = z.output<typeof auditSchema>;
