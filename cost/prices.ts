// The unit prices of one region, as data (cost/prices/<region>.json), checked
// on load: every price the model reads must be there, with its source.
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { PRICES_DIR } from "./assumptions";

/** The prices the model reads; a price file lacking one is refused. */
export const PRICE_KEYS = [
    "cloudtrail.managementEventCopy",
    "cloudtrail.dataEvent",
    "cloudtrail.networkActivityEvent",
    "cloudtrail.insightsEventAnalyzed",
    "s3.standardGbMonth",
    "s3.glacierIrGbMonth",
    "s3.deepArchiveGbMonth",
    "s3.putRequest",
    "s3.getRequest",
    "s3.transitionToGlacierIr",
    "s3.transitionToDeepArchive",
    "kms.keyMonth",
    "kms.request",
    "logs.ingestedGb",
    "logs.storedGbMonth",
    "cloudwatch.metricMonth",
    "cloudwatch.alarmMonth",
    "sns.publish",
    "sns.emailDelivery",
    "sns.httpsDelivery",
    "sqs.request",
    "lambda.request",
    "lambda.arm64GbSecond",
    "lambda.x86GbSecond",
    "dynamodb.writeRequestUnit",
    "dynamodb.readRequestUnit",
    "dynamodb.storedGbMonth",
    "scheduler.invocation",
    "athena.tbScanned",
] as const;

export type PriceKey = (typeof PRICE_KEYS)[number];

const priceSchema = z.strictObject({
    unitPrice: z.number().min(0),
    unit: z.string().min(1),
    per: z.string().min(1),
    source: z.url({ protocol: /^https$/ }),
    /** False: not found in the material the price was looked up in; to be checked on `source`. */
    confirmed: z.boolean(),
});

const fileSchema = z.strictObject({
    region: z.string(),
    currency: z.literal("USD"),
    read: z.iso.date(),
    note: z.string(),
    prices: z.record(z.string(), priceSchema),
});

export type PriceFile = z.output<typeof fileSchema> & { prices: Record<PriceKey, z.output<typeof priceSchema>> };

/** Validates a parsed price file; throws naming the file and what is wrong. */
export function checkPriceFile(data: unknown, file: string): PriceFile {
    const parsed = fileSchema.safeParse(data);
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const missing = PRICE_KEYS.filter((k) => !(k in parsed.data.prices));
    if (missing.length > 0) throw new Error(`${file}: no price for ${missing.join(", ")}`);
    return parsed.data as PriceFile;
}

/** The price file of `region` (cost/prices/<region>.json). */
export function loadPrices(region: string): PriceFile {
    const file = path.join(PRICES_DIR, `${region}.json`);
    return checkPriceFile(JSON.parse(fs.readFileSync(file, "utf8")), `cost/prices/${region}.json`);
}
