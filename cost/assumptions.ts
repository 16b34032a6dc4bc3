// The organization's size and activity the cost estimate assumes, and which
// price file it reads: config keys every stack accepts (they create nothing:
// the stacks only validate them) and flags of `npm run plan`. This schema is
// the one place their names, types, defaults and descriptions are written.
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { didYouMean } from "../config/suggest";
import * as v from "../config/validators";

/** Where the price files live: one `<region>.json` each. */
export const PRICES_DIR = path.join(__dirname, "prices");

/** The regions with a price file, for messages and validation. */
export function priceRegions(): string[] {
    return fs
        .readdirSync(PRICES_DIR)
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.slice(0, -".json".length))
        .sort();
}

/** A positive number (fractions allowed) up to `max`. */
function amount(max: number, unit: string) {
    const expected = `expected a number of ${unit} from 0 to ${max}`;
    return z.number({ error: expected }).min(0, expected).max(max, expected);
}

/**
 * The activity keys with their defaults. The defaults are the README's
 * worked example (50 accounts, 10 million management events a day, about
 * four busy regions per account), so the plan and the README agree.
 */
const ACTIVITY_SHAPE = {
    accounts: v.wholeNumber(1, 100000, "accounts").default(50).describe("Accounts in the organization."),
    regions: v.wholeNumber(1, 40, "regions").default(4).describe("Regions with activity in a typical account (each writes a log file about every five minutes)."),
    managementEventsPerAccountPerDay: amount(1e9, "events").default(200000).describe("Management events one account records in a day."),
    writeEventPercent: amount(100, "percent").default(10).describe("Share of management events that are writes (Insights analyses writes twice)."),
    dataEventsPerDay: amount(1e12, "events").default(5000000).describe("Data events the whole organization records in a day, for each data event type turned on."),
    averageEventBytes: v.wholeNumber(100, 262144, "bytes").default(1500).describe("Average size of one event as CloudWatch Logs ingests it (uncompressed JSON)."),
    averageLogFileKb: amount(1048576, "KB").default(20).describe("Average size of one delivered (gzip) log file."),
    athenaTbScannedPerMonth: amount(1e6, "TB").default(0.1).describe("Terabytes Athena queries scan in a month."),
};

/** The activity keys' names, in the order the messages list them. */
const ACTIVITY_KEYS: string[] = Object.keys(ACTIVITY_SHAPE);

/** The activity keys, validated: a stack file's costAssumptions and the plan's flags both go through it. */
export const assumptionFields = z.strictObject(
    ACTIVITY_SHAPE,
    {
        // A misspelled key is named with the key it is close to, as every other key of a stack file is.
        error: (issue) => {
            const expected = `expected an object with ${ACTIVITY_KEYS.slice(0, -1).join(", ")} and/or ${ACTIVITY_KEYS[ACTIVITY_KEYS.length - 1]}`;
            if (issue.code !== "unrecognized_keys") return expected;
            return `${expected}: ${issue.keys.map((k) => `${k} is not one of them${didYouMean(k, ACTIVITY_KEYS)}`).join("; ")}`;
        },
    },
);

export type CostAssumptions = z.output<typeof assumptionFields>;

/** A key's command-line flag: `managementEventsPerAccountPerDay` is `--management-events-per-account-per-day`. */
function flagOf(key: string): string {
    return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Each activity key with its flag, what it accepts (its schema's own message) and what it means, for the generated docs. */
function activityKeysDescribed(): string {
    return Object.entries(ACTIVITY_SHAPE)
        .map(([key, schema]) => {
            const refused = schema.safeParse(null);
            const accepts = refused.success ? "" : `, ${refused.error.issues[0].message.replace(/^expected /, "")}`;
            return `${key} (--${flagOf(key)}${accepts}): ${schema.description?.replace(/\.$/, "")}`;
        })
        .join("; ");
}

/** The two keys every stack's schema spreads in. */
export const costConfigFields = {
    costAssumptions: assumptionFields
        .default(assumptionFields.parse({}))
        .describe(
            "The organization's size and activity for the plan's monthly cost estimate (creates nothing); each unset key takes the default shown here, and the plan's flag of the same name overrides it for one run: " +
                activityKeysDescribed() +
                ". The README's What it costs says how far to trust the estimate.",
        ),
    costPriceRegion: v
        .region()
        .refine((r) => priceRegions().includes(r), { error: (i) => `expected a region with a price file in cost/prices/: ${priceRegions().join(", ")} (not ${String(i.input)})` })
        .default("us-east-1")
        .describe("Which price file (cost/prices/<region>.json) the plan's cost estimate reads (creates nothing)."),
};

/** The command-line flag of each activity key: `--accounts`, `--management-events-per-account-per-day`... */
export const ASSUMPTION_FLAGS: Record<string, keyof CostAssumptions> = Object.fromEntries(
    Object.keys(assumptionFields.shape).map((key) => [flagOf(key), key as keyof CostAssumptions]),
);

/** The flag that chooses the price file. */
export const PRICE_REGION_FLAG = "cost-price-region";

/** What the stack file says (its raw JSON text, or undefined) and what flags say, resolved and validated. */
export interface ResolvedCostInputs {
    assumptions: CostAssumptions;
    priceRegion: string;
}

/**
 * The stack file's costAssumptions and costPriceRegion, each flag
 * overriding its key, validated with the stacks' own schema. Throws one
 * message naming every bad key or flag, its value and what is expected.
 */
export function resolveCostInputs(fileValues: { costAssumptions?: string; costPriceRegion?: string }, flags: Record<string, string | undefined>, file = "the stack file"): ResolvedCostInputs {
    const problems: string[] = [];
    let fromFile: Record<string, unknown> = {};
    if (fileValues.costAssumptions !== undefined && fileValues.costAssumptions !== "") {
        try {
            const parsed = JSON.parse(fileValues.costAssumptions);
            fromFile = parsed;
        } catch {
            problems.push(`org-cloudtrail:costAssumptions in ${file} is not JSON: expected an object such as {"accounts": 50}`);
        }
        const checked = assumptionFields.partial().safeParse(fromFile);
        if (!checked.success) {
            for (const issue of checked.error.issues) {
                const key = issue.path.map(String).join(".");
                const value = key ? (fromFile as Record<string, unknown>)[key] : fromFile;
                problems.push(`org-cloudtrail:costAssumptions${key ? `.${key}` : ""} = ${JSON.stringify(value)} (${file}): ${issue.message}`);
            }
        }
    }
    const fromFlags: Record<string, unknown> = {};
    for (const [flag, key] of Object.entries(ASSUMPTION_FLAGS)) {
        const text = flags[flag];
        if (text === undefined) continue;
        const value = text.trim() === "" ? NaN : Number(text);
        const checked = assumptionFields.shape[key].safeParse(Number.isNaN(value) ? text : value);
        if (checked.success) fromFlags[key] = checked.data;
        else problems.push(`--${flag} ${JSON.stringify(text)}: ${checked.error.issues[0].message}`);
    }
    const regionText = flags[PRICE_REGION_FLAG] ?? (fileValues.costPriceRegion || undefined);
    const region = costConfigFields.costPriceRegion.safeParse(regionText);
    if (!region.success) {
        const where = flags[PRICE_REGION_FLAG] !== undefined ? `--${PRICE_REGION_FLAG}` : `org-cloudtrail:costPriceRegion (${file})`;
        problems.push(`${where} = ${JSON.stringify(regionText)}: ${region.error.issues[0].message}`);
    }
    if (problems.length > 0) throw new Error(`the cost estimate's inputs are invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    const base = typeof fromFile === "object" && fromFile !== null && !Array.isArray(fromFile) ? fromFile : {};
    return { assumptions: assumptionFields.parse({ ...base, ...fromFlags }), priceRegion: region.data as string };
}
