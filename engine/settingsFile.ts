// Reading settings.json: once per cold start in the Lambda, once per run in
// replay. The audit stack wrote it, so a mismatch means a handler bundled
// from other code than the stack that wrote its settings: refuse it, naming
// the field, rather than alert on half-understood settings.
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { EngineSettings, SEVERITIES } from "./settings";

const tuningSchema = z
    .object({
        disabled: z.boolean().optional(),
        severity: z.enum(SEVERITIES).optional(),
        ignorePrincipals: z.array(z.string().min(1)).optional(),
        ignoreAutomation: z.boolean().optional(),
        threshold: z.number().int().min(1).optional(),
        windowMinutes: z.number().int().min(5).max(1440).multipleOf(5).optional(),
    })
    .strict();

const text = z.string().min(1);
const account = z.string().regex(/^\d{12}$/, "expected a 12-digit account id");

const productSchema = z.object({
    partition: text,
    region: text,
    managementAccountId: account,
    trailName: text,
    logBucketName: text,
    accessLogBucketName: text,
    logKeyArn: text,
    alertTopicArn: text,
    logGroupName: text,
    alarmNamePrefix: text,
    alarmNamespace: text,
    deliveryRoleNamePrefix: text,
    // Without it (zod drops keys it does not list) the deployed engine compiled the audit-engine-*
    // detections as inapplicable: the engine stopped guarding itself, and only the tests' in-memory settings saw them.
    audit: z
        .object({
            accountId: account,
            engineFunctionName: text,
            engineRoleName: text,
            queueNames: z.array(text),
            logFileTopicArn: text,
            logFileTopicKeyArn: text.optional(),
            digestChainTableName: text.optional(),
            digestCheckRuleName: text.optional(),
            detectionCountsTableName: text.optional(),
        })
        .optional(),
});

export const engineSettingsSchema = z.object({
    version: z.literal(1),
    partition: text,
    region: text,
    organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/, "expected an organization id o-xxxxxxxxxx"),
    managementAccountId: account,
    logArchiveAccountId: account,
    auditAccountId: account,
    bucketName: text,
    organizationLogPrefix: z.string().regex(/(^|\/)AWSLogs\/o-[a-z0-9]{10,32}\/$/, "expected <prefix/>AWSLogs/<o-id>/"),
    alertTopicArn: z.string().startsWith("arn:"),
    detectionParameters: z.object({ trustedCidrs: z.array(z.string()), largeInstanceTypes: z.array(z.string()), product: productSchema }),
    tuning: z.record(z.string(), tuningSchema),
    automationPrincipals: z.array(z.string().min(1)).optional(),
    usedInstanceFamilies: z.array(z.string().min(1)).optional(),
    bedrockAccounts: z.array(account).optional(),
    // Listed, or zod drops them and the deployed engine would verify no digest while the stack built the table.
    digestChainTable: text.optional(),
    digestAllowedDelayMinutes: z.number().int().min(1).optional(),
    // Listed, or zod drops it and a windowed detection would count in one file only.
    detectionCountsTable: text.optional(),
    maxReceiveCount: z.number().int().min(1),
    athena: z.object({ region: text, accountId: account, workgroup: text, database: text, table: text }).optional(),
});

/** The settings, checked: an Error naming each bad field, its value and what is expected. */
export function checkSettings(value: unknown, source = "settings"): EngineSettings {
    const result = engineSettingsSchema.safeParse(value);
    if (result.success) return result.data as EngineSettings;
    const problems = result.error.issues.map((issue) => {
        const at = issue.path.join(".") || "(root)";
        let got: unknown = value;
        for (const step of issue.path) got = (got as Record<PropertyKey, unknown> | undefined)?.[step as PropertyKey];
        return `${at} = ${JSON.stringify(got) ?? "undefined"}: ${issue.message}`;
    });
    throw new Error(`${source} is not engine settings of version 1:\n  ${problems.join("\n  ")}`);
}

/** Where the handler finds its settings: beside the bundle, unless the environment says otherwise (tests, replay). */
export function settingsPath(dir: string = __dirname): string {
    return process.env.ORG_CLOUDTRAIL_SETTINGS_FILE ?? path.join(dir, "settings.json");
}

export function readSettingsFile(file: string): EngineSettings {
    let raw: string;
    try {
        raw = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new Error(`cannot read engine settings ${file}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch (error) {
        throw new Error(`engine settings ${file} are not JSON: ${(error as Error).message}`);
    }
    return checkSettings(parsed, file);
}
