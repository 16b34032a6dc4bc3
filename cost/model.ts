// The monthly cost model: small pure functions from what a stack's plan
// registered (its simulated resources), the organization's activity
// (cost/assumptions.ts) and a price file (cost/prices/) to priced lines, a
// total and warnings. Nothing here reads AWS or the clock.
import { CostAssumptions } from "./assumptions";
import { DETECTION_COUNTS_TABLE_NAME, DIGEST_CHAIN_TABLE_NAME } from "../stacks/auditNames";
import { PriceFile, PriceKey } from "./prices";

/** One priced line of the estimate. */
export interface CostLine {
    service: string;
    /** What is billed, in words, with the assumption it rests on. */
    what: string;
    quantity: number;
    unit: string;
    unitPrice: number;
    /** quantity × unitPrice, in USD a month. */
    amount: number;
}

/** The estimate of one stack. */
export interface CostEstimate {
    lines: CostLine[];
    total: number;
    warnings: string[];
    /** The price file's region and the date its prices were read. */
    prices: { region: string; read: string };
    assumptions: CostAssumptions;
}

/** What the model reads of a planned resource. */
export interface PricedResource {
    type: string;
    name: string;
    inputs: Record<string, any>;
}

/** A month, as every line counts it. */
export const DAYS_PER_MONTH = 30;
/** CloudTrail delivers a log file per account and region about every five minutes (README, "The engine's cost"). */
export const LOG_FILES_PER_REGION_PER_DAY = 288;
/** CloudTrail delivers a digest file per account and region every hour (docs/integrity.md). */
export const DIGESTS_PER_REGION_PER_DAY = 24;
/** S3 does not transition objects under 128 KB when the lifecycle says all_storage_classes_128K (the S3 default since September 2024). */
export const TRANSITION_MINIMUM_KB = 128;
/** Glacier Instant Retrieval bills every object as at least 128 KB, for at least 90 days. */
export const GLACIER_IR_MINIMUM_KB = 128;
export const GLACIER_IR_MINIMUM_DAYS = 90;
/** Deep Archive bills at least 180 days, and 8 KB (Standard) + 32 KB (Deep Archive) more per object (S3 User Guide). */
export const DEEP_ARCHIVE_MINIMUM_DAYS = 180;
export const DEEP_ARCHIVE_STANDARD_OVERHEAD_KB = 8;
export const DEEP_ARCHIVE_OVERHEAD_KB = 32;
/** The engine's measured evaluation speed per GB-second of Lambda (README, "The engine's cost"). */
export const ENGINE_EVENTS_PER_GB_SECOND = 17000;
/** Time each invocation waits on S3 and SNS per object read, in seconds (README, "The engine's cost"). */
export const ENGINE_WAIT_SECONDS_PER_OBJECT = 0.06;
/** The engine's own log lines per invocation, in bytes: an assumption (README: about $0.24 a month at 2.4 M files). */
export const ENGINE_LOG_BYTES_PER_INVOCATION = 200;
/** SQS requests per message: SNS's send, the mapping's receive and delete. */
export const SQS_REQUESTS_PER_MESSAGE = 3;
/** The event source mapping's long polls of an idle queue in a month (README: about 0.65 M). */
export const SQS_IDLE_POLLS_PER_MONTH = 648000;
/** SQS asks KMS for a data key at most every 300 s, for sending and for receiving. */
export const SQS_KMS_REQUESTS_PER_MONTH = 2 * ((DAYS_PER_MONTH * 86400) / 300);
/** Alerts (alarm state changes, engine findings) a month: an assumption; they cost cents. */
export const ALERTS_PER_MONTH = 100;
/** One S3 server access log record, in bytes: an assumption. */
export const ACCESS_LOG_RECORD_BYTES = 400;
/** With an S3 Bucket Key, S3 asks KMS about once per many objects; the model counts one request per 1,000: an assumption. */
export const OBJECTS_PER_KMS_REQUEST_WITH_BUCKET_KEY = 1000;
/** The months shown for storage that never expires. */
export const FOREVER_HORIZON_MONTHS = 84;
const KB_PER_GB = 1024 * 1024;

/** The organization's monthly volumes the lines share, from the assumptions alone. */
export function activity(a: CostAssumptions) {
    const managementEvents = a.accounts * a.managementEventsPerAccountPerDay * DAYS_PER_MONTH;
    return {
        logFiles: a.accounts * a.regions * LOG_FILES_PER_REGION_PER_DAY * DAYS_PER_MONTH,
        digestFiles: a.accounts * a.regions * DIGESTS_PER_REGION_PER_DAY * DAYS_PER_MONTH,
        managementEvents,
        writeEvents: (managementEvents * a.writeEventPercent) / 100,
        dataEventsPerType: a.dataEventsPerDay * DAYS_PER_MONTH,
    };
}

/** A line with its amount. */
function line(prices: PriceFile, key: PriceKey, service: string, what: string, quantity: number): CostLine {
    const p = prices.prices[key];
    return { service, what, quantity, unit: p.unit, unitPrice: p.unitPrice, amount: quantity * p.unitPrice };
}

/** The resource a "(known after apply: NAME.arn)" reference names, or undefined. */
export function referencedName(value: unknown): string | undefined {
    return typeof value === "string" ? /known after apply: ([^.)]+)\./.exec(value)?.[1] : undefined;
}

// ---------------------------------------------------------------- storage

/** A log bucket's lifecycle, as the model reads it from the plan. */
export interface Lifecycle {
    /** Days to Glacier Instant Retrieval; 0: never. */
    glacierIrAfterDays: number;
    /** Days to Deep Archive; 0: never. */
    deepArchiveAfterDays: number;
    /** Days to expiry of the current version; 0: never. */
    expirationDays: number;
    /** Days a noncurrent version is kept after it became noncurrent; 0: never expired. */
    noncurrentDays: number;
    /** True when objects under 128 KB do not transition (all_storage_classes_128K). */
    smallObjectsStay: boolean;
}

/** The lifecycle of a BucketLifecycleConfiguration's inputs (its first enabled rule with transitions or expiration). */
export function lifecycleOf(inputs: Record<string, any> | undefined): Lifecycle {
    const rules: any[] = (inputs?.rules ?? []).filter((r: any) => r.status === "Enabled" && (r.transitions || r.expiration?.days));
    const rule = rules[0] ?? {};
    const at = (cls: string) => (rule.transitions ?? []).find((t: any) => t.storageClass === cls)?.days ?? 0;
    return {
        glacierIrAfterDays: at("GLACIER_IR"),
        deepArchiveAfterDays: at("DEEP_ARCHIVE"),
        expirationDays: rule.expiration?.days ?? 0,
        noncurrentDays: rule.noncurrentVersionExpiration?.noncurrentDays ?? 0,
        smallObjectsStay: (inputs?.transitionDefaultMinimumObjectSize ?? "all_storage_classes_128K") === "all_storage_classes_128K",
    };
}

/** Days one object spends in each class over its life, its transitions, and the minimum-duration shortfalls. */
export interface ObjectLife {
    standardDays: number;
    glacierIrDays: number;
    deepArchiveDays: number;
    transitionsToGlacierIr: number;
    transitionsToDeepArchive: number;
    /** Days billed beyond the object's stay because it left a class before its minimum duration. */
    glacierIrEarlyDays: number;
    deepArchiveEarlyDays: number;
    /** The life is cut at FOREVER_HORIZON_MONTHS: nothing expires. */
    forever: boolean;
}

/**
 * One object's life under `lc`: the current version until expiry, then (a
 * delete marker making it noncurrent) noncurrentDays more in the class it
 * reached. Objects under 128 KB stay in Standard when smallObjectsStay.
 */
export function objectLife(lc: Lifecycle, sizeKb: number): ObjectLife {
    const forever = lc.expirationDays === 0 || lc.noncurrentDays === 0;
    const end = forever ? FOREVER_HORIZON_MONTHS * DAYS_PER_MONTH : lc.expirationDays + lc.noncurrentDays;
    const moves = !(lc.smallObjectsStay && sizeKb < TRANSITION_MINIMUM_KB);
    const gir = moves && lc.glacierIrAfterDays > 0 && lc.glacierIrAfterDays < end ? lc.glacierIrAfterDays : end;
    const da = moves && lc.deepArchiveAfterDays > 0 && lc.deepArchiveAfterDays < end ? lc.deepArchiveAfterDays : end;
    const standardDays = Math.min(gir, da);
    const glacierIrDays = gir < da ? da - gir : 0;
    const deepArchiveDays = end - da;
    // An object expired or moved on before the class's minimum is billed the rest (S3's early deletion charge).
    const glacierIrEarlyDays = glacierIrDays > 0 ? Math.max(0, GLACIER_IR_MINIMUM_DAYS - glacierIrDays) : 0;
    const deepArchiveEarlyDays = deepArchiveDays > 0 && !forever ? Math.max(0, DEEP_ARCHIVE_MINIMUM_DAYS - deepArchiveDays) : 0;
    return {
        standardDays,
        glacierIrDays,
        deepArchiveDays,
        transitionsToGlacierIr: glacierIrDays > 0 ? 1 : 0,
        transitionsToDeepArchive: deepArchiveDays > 0 ? 1 : 0,
        glacierIrEarlyDays,
        deepArchiveEarlyDays,
        forever,
    };
}

/**
 * The storage lines of a bucket receiving `objectsPerMonth` objects of
 * `sizeKb`, once it holds a full retention (steady state): each month's
 * objects stay their life, so a class holds objectsPerMonth × days/30 of them.
 */
export function storageLines(prices: PriceFile, what: string, objectsPerMonth: number, sizeKb: number, lc: Lifecycle): CostLine[] {
    const life = objectLife(lc, sizeKb);
    const gb = (kb: number, days: number) => (objectsPerMonth * kb * days) / DAYS_PER_MONTH / KB_PER_GB;
    const girKb = Math.max(sizeKb, GLACIER_IR_MINIMUM_KB);
    const lines = [line(prices, "s3.standardGbMonth", "S3", `${what}: S3 Standard (${life.standardDays} days per object)`, gb(sizeKb, life.standardDays))];
    if (life.glacierIrDays > 0) {
        lines.push(
            line(prices, "s3.glacierIrGbMonth", "S3", `${what}: Glacier Instant Retrieval (${life.glacierIrDays} days, each object billed as at least ${GLACIER_IR_MINIMUM_KB} KB)`, gb(girKb, life.glacierIrDays)),
            line(prices, "s3.transitionToGlacierIr", "S3", `${what}: lifecycle transitions into Glacier Instant Retrieval, one per object`, objectsPerMonth),
        );
    }
    if (life.glacierIrEarlyDays > 0) {
        lines.push(line(prices, "s3.glacierIrGbMonth", "S3", `${what}: Glacier Instant Retrieval early deletion (${life.glacierIrEarlyDays} days short of ${GLACIER_IR_MINIMUM_DAYS})`, gb(girKb, life.glacierIrEarlyDays)));
    }
    if (life.deepArchiveDays > 0) {
        lines.push(
            line(prices, "s3.deepArchiveGbMonth", "S3", `${what}: Glacier Deep Archive (${life.deepArchiveDays} days, + ${DEEP_ARCHIVE_OVERHEAD_KB} KB index per object)`, gb(sizeKb + DEEP_ARCHIVE_OVERHEAD_KB, life.deepArchiveDays)),
            line(prices, "s3.standardGbMonth", "S3", `${what}: Deep Archive objects' ${DEEP_ARCHIVE_STANDARD_OVERHEAD_KB} KB of name and metadata at the Standard rate`, gb(DEEP_ARCHIVE_STANDARD_OVERHEAD_KB, life.deepArchiveDays)),
            line(prices, "s3.transitionToDeepArchive", "S3", `${what}: lifecycle transitions into Glacier Deep Archive, one per object`, objectsPerMonth),
        );
    }
    if (life.deepArchiveEarlyDays > 0) {
        lines.push(line(prices, "s3.deepArchiveGbMonth", "S3", `${what}: Deep Archive early deletion (${life.deepArchiveEarlyDays} days short of ${DEEP_ARCHIVE_MINIMUM_DAYS})`, gb(sizeKb + DEEP_ARCHIVE_OVERHEAD_KB, life.deepArchiveEarlyDays)));
    }
    return lines;
}

/**
 * What moving one object of `sizeKb` at `fromDay` from `fromPrice` to
 * `toPrice` (per GB-month) saves over the `untilDay` it is kept, net of the
 * transition fee and the class's per-object overhead; negative: it costs.
 */
export function transitionSaving(a: { sizeKb: number; fromDay: number; untilDay: number; fromPrice: number; toPrice: number; fee: number; billedKb: number; overheadCost: number }): number {
    const months = (a.untilDay - a.fromDay) / DAYS_PER_MONTH;
    return ((a.sizeKb * a.fromPrice - a.billedKb * a.toPrice) / KB_PER_GB) * months - a.overheadCost * months - a.fee;
}

/** Warnings for transitions that do not pay back over the object's life. */
export function lifecycleWarnings(prices: PriceFile, what: string, sizeKb: number, lc: Lifecycle): string[] {
    const p = (k: PriceKey) => prices.prices[k].unitPrice;
    const warnings: string[] = [];
    const life = objectLife(lc, sizeKb);
    const end = life.standardDays + life.glacierIrDays + life.deepArchiveDays;
    if (lc.smallObjectsStay && sizeKb < TRANSITION_MINIMUM_KB && (lc.glacierIrAfterDays > 0 || lc.deepArchiveAfterDays > 0)) {
        warnings.push(
            `${what}: objects of ${sizeKb} KB on average stay in S3 Standard for their whole life: S3 does not transition objects under ${TRANSITION_MINIMUM_KB} KB ` +
                `(all_storage_classes_128K), so the Glacier steps of the lifecycle save nothing for them; a shorter logRetentionDays is what lowers their cost`,
        );
    }
    if (!lc.smallObjectsStay && sizeKb < TRANSITION_MINIMUM_KB && (life.glacierIrDays > 0 || life.deepArchiveDays > 0)) {
        warnings.push(
            `${what}: objects of ${sizeKb} KB on average are transitioned (transitionDefaultMinimumObjectSize is not all_storage_classes_128K): ` +
                `below ${TRANSITION_MINIMUM_KB} KB a transition's fee and the Glacier classes' minimum size and per-object overhead cost more than they save`,
        );
    }
    if (life.glacierIrDays > 0) {
        const from = life.standardDays;
        const saving = transitionSaving({
            sizeKb,
            fromDay: from,
            untilDay: end,
            fromPrice: p("s3.standardGbMonth"),
            toPrice: p("s3.glacierIrGbMonth"),
            fee: p("s3.transitionToGlacierIr"),
            billedKb: Math.max(sizeKb, GLACIER_IR_MINIMUM_KB),
            overheadCost: 0,
        });
        if (saving < 0) warnings.push(`${what}: the transition to Glacier Instant Retrieval at day ${from} costs more than it saves for ${sizeKb} KB objects (${fmt(-saving * 1000)} per 1,000 objects over their life); logGlacierIrAfterDays: 0 keeps them in Standard`);
    }
    if (life.deepArchiveDays > 0) {
        const from = life.standardDays + life.glacierIrDays;
        const fromPrice = life.glacierIrDays > 0 ? p("s3.glacierIrGbMonth") : p("s3.standardGbMonth");
        const billedFrom = life.glacierIrDays > 0 ? Math.max(sizeKb, GLACIER_IR_MINIMUM_KB) : sizeKb;
        const saving = transitionSaving({
            sizeKb: billedFrom,
            fromDay: from,
            untilDay: end,
            fromPrice,
            toPrice: p("s3.deepArchiveGbMonth"),
            fee: p("s3.transitionToDeepArchive"),
            billedKb: sizeKb + DEEP_ARCHIVE_OVERHEAD_KB,
            overheadCost: (DEEP_ARCHIVE_STANDARD_OVERHEAD_KB * p("s3.standardGbMonth")) / KB_PER_GB,
        });
        if (saving < 0) warnings.push(`${what}: the transition to Glacier Deep Archive at day ${from} costs more than it saves for ${sizeKb} KB objects (${fmt(-saving * 1000)} per 1,000 objects over their life); logDeepArchiveAfterDays: 0 keeps them where they are`);
    }
    return warnings;
}

/** Dollars for messages and tables: cents below $100, whole dollars above. */
export function fmt(amount: number): string {
    if (amount !== 0 && Math.abs(amount) < 0.01) return "< $0.01";
    return amount >= 100 ? `$${Math.round(amount).toLocaleString("en-US")}` : `$${amount.toFixed(2)}`;
}

// ---------------------------------------------------------------- types

/** Types the stacks create that AWS does not bill by themselves, with why: the only types allowed without a cost line. */
export const NOT_BILLED: Record<string, string> = {
    "aws:kms/alias:Alias": "aliases are free",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "a bucket setting",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "a bucket setting",
    "aws:s3/bucketVersioning:BucketVersioning": "a bucket setting (the noncurrent versions it keeps are in the bucket's storage lines)",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "a bucket setting (its KMS requests are in the bucket's lines)",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "a bucket setting (its transitions are in the bucket's lines)",
    "aws:s3/bucketPolicy:BucketPolicy": "a bucket setting",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": "a bucket setting",
    "aws:s3/bucketLogging:BucketLogging": "log delivery is free; the logs' storage is in the access-log bucket's line",
    "aws:s3/bucketNotification:BucketNotification": "its publishes are in the log-file topic's line",
    "aws:sns/topicPolicy:TopicPolicy": "a topic setting",
    "aws:sqs/queuePolicy:QueuePolicy": "a queue setting",
    "aws:iam/role:Role": "IAM is free",
    "aws:iam/rolePolicy:RolePolicy": "IAM is free",
    "aws:iam/policy:Policy": "IAM is free",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM is free",
    "aws:organizations/policy:Policy": "AWS Organizations is free",
    "aws:organizations/policyAttachment:PolicyAttachment": "AWS Organizations is free",
    "aws:organizations/resourcePolicy:ResourcePolicy": "AWS Organizations is free",
    "aws:glue/catalogDatabase:CatalogDatabase": "the first million Data Catalog objects are free",
    "aws:glue/catalogTable:CatalogTable": "the first million Data Catalog objects are free",
    "aws:athena/namedQuery:NamedQuery": "saved queries are free; their scans are in the workgroup's line",
    "aws:lambda/eventSourceMapping:EventSourceMapping": "its polls are in the queue's line",
    "aws:lambda/permission:Permission": "a function setting",
    "aws:cloudwatch/eventTarget:EventTarget": "its invocations are in the function's and the rule's lines",
};

/** Types the model prices. */
export const BILLED = [
    "aws:cloudtrail/trail:Trail",
    "aws:s3/bucket:Bucket",
    "aws:kms/key:Key",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:sns/topic:Topic",
    "aws:sns/topicSubscription:TopicSubscription",
    "aws:sqs/queue:Queue",
    "aws:lambda/function:Function",
    "aws:athena/workgroup:Workgroup",
    "aws:dynamodb/table:Table",
    "aws:cloudwatch/eventRule:EventRule",
    "aws:scheduler/schedule:Schedule",
] as const;

/** AWS resource types of `resources` the model neither prices nor lists as free: each needs a line before it may be created. */
export function unpricedTypes(resources: readonly { type: string }[]): string[] {
    const known = new Set<string>([...BILLED, ...Object.keys(NOT_BILLED)]);
    return [...new Set(resources.map((r) => r.type).filter((t) => t.startsWith("aws:") && !known.has(t)))].sort();
}

// ---------------------------------------------------------------- estimate

/** Event selectors' categories and data resource types of a trail's inputs. */
export function trailSelections(inputs: Record<string, any>): { management: boolean; dataTypes: string[]; networkActivity: boolean } {
    const selectors: any[] = inputs.advancedEventSelectors ?? [];
    if (selectors.length === 0) return { management: true, dataTypes: [], networkActivity: false };
    const field = (s: any, name: string): string[] => (s.fieldSelectors ?? []).find((f: any) => f.field === name)?.equals ?? [];
    const categories = selectors.flatMap((s) => field(s, "eventCategory"));
    const dataTypes = [...new Set(selectors.filter((s) => field(s, "eventCategory").includes("Data")).flatMap((s) => field(s, "resources.type")))];
    return { management: categories.includes("Management"), dataTypes, networkActivity: categories.includes("NetworkActivity") };
}

/** Above this many dollars a month, S3 data events on all buckets get a warning. */
export const DATA_EVENTS_WARNING_DOLLARS = 100;
/** Above this many dollars a month, Insights with the error-rate type gets a warning. */
export const INSIGHTS_WARNING_DOLLARS = 100;

/**
 * The monthly estimate of one stack: `resources` as its plan registered
 * them, `outputs` its stack outputs (which bucket is the log bucket), the
 * activity `a` and the price file `prices`.
 */
export function estimate(resources: readonly PricedResource[], a: CostAssumptions, prices: PriceFile, outputs: Record<string, unknown> = {}): CostEstimate {
    const act = activity(a);
    const lines: CostLine[] = [];
    const warnings: string[] = [];
    const of = (type: string) => resources.filter((r) => r.type === type);
    const byName = (name: string | undefined) => resources.find((r) => r.name === name);

    // CloudTrail: the first trail recording management events is free; every further one pays per event.
    let managementCopies = 0;
    for (const trail of of("aws:cloudtrail/trail:Trail")) {
        const sel = trailSelections(trail.inputs);
        const name = trail.inputs.name ?? trail.name;
        let delivered = 0;
        if (sel.management) {
            managementCopies++;
            delivered += act.managementEvents;
            lines.push(
                managementCopies === 1
                    ? { ...line(prices, "cloudtrail.managementEventCopy", "CloudTrail", `trail ${name}: management events, first copy (free)`, act.managementEvents), unitPrice: 0, amount: 0 }
                    : line(prices, "cloudtrail.managementEventCopy", "CloudTrail", `trail ${name}: management events, copy ${managementCopies} (a second trail pays for its copy)`, act.managementEvents),
            );
            if (managementCopies > 1) {
                warnings.push(`trail ${name}: a second copy of every management event costs ${fmt(lines[lines.length - 1].amount)} a month; the organization trail already records them once, for free`);
            }
        }
        for (const type of sel.dataTypes) {
            delivered += act.dataEventsPerType;
            const l = line(prices, "cloudtrail.dataEvent", "CloudTrail", `trail ${name}: data events of ${type}`, act.dataEventsPerType);
            lines.push(l);
            if (type === "AWS::S3::Object" && l.amount > DATA_EVENTS_WARNING_DOLLARS) {
                warnings.push(
                    `trail ${name}: S3 data events on every bucket cost ${fmt(l.amount)} a month at ${a.dataEventsPerDay.toLocaleString("en-US")} events a day, ` +
                        `before their CloudWatch Logs ingestion; record them for the buckets that hold what you must prove (dataEventsS3: false, and a trail of your own for those buckets)`,
                );
            }
        }
        if (sel.networkActivity) {
            delivered += act.dataEventsPerType;
            lines.push(line(prices, "cloudtrail.networkActivityEvent", "CloudTrail", `trail ${name}: network activity events (counted as dataEventsPerDay)`, act.dataEventsPerType));
        }
        const insights: string[] = (trail.inputs.insightSelectors ?? []).map((s: any) => s.insightType);
        // Write events are analysed by both types, read events by the error rate only (CloudTrail User Guide, "Costs for Insights events").
        const analysed = (insights.includes("ApiCallRateInsight") ? act.writeEvents : 0) + (insights.includes("ApiErrorRateInsight") ? act.managementEvents : 0);
        if (analysed > 0) {
            const l = line(prices, "cloudtrail.insightsEventAnalyzed", "CloudTrail", `trail ${name}: Insights (${insights.join(", ")}), management events analysed`, analysed);
            lines.push(l);
            if (l.amount > INSIGHTS_WARNING_DOLLARS && insights.includes("ApiErrorRateInsight")) {
                const callRateOnly = act.writeEvents * l.unitPrice;
                warnings.push(
                    `trail ${name}: Insights cost ${fmt(l.amount)} a month at this activity, the error rate type analysing every read as well as every write; ` +
                        `insights: ["ApiCallRateInsight"] analyses the writes only (${fmt(callRateOnly)}), insights: [] nothing`,
                );
            }
        }
        // Every delivered event is ingested again by the trail's log group.
        const group = byName(referencedName(trail.inputs.cloudWatchLogsGroupArn));
        if (group) {
            const gb = (delivered * a.averageEventBytes) / 1024 ** 3;
            lines.push(line(prices, "logs.ingestedGb", "CloudWatch Logs", `log group ${group.inputs.name}: every event the trail delivers, ${a.averageEventBytes} bytes each`, gb));
            const dataGb = ((delivered - (sel.management ? act.managementEvents : 0)) * a.averageEventBytes) / 1024 ** 3;
            const dataIngestion = dataGb * prices.prices["logs.ingestedGb"].unitPrice;
            if (dataIngestion > DATA_EVENTS_WARNING_DOLLARS) {
                warnings.push(
                    `log group ${group.inputs.name}: ingesting the trail's data events costs ${fmt(dataIngestion)} a month; unless a metric filter needs them there, ` +
                        `the archive keeps them for Athena without this charge (a trail of your own for data events, without CloudWatch Logs)`,
                );
            }
            lines.push(
                line(prices, "logs.storedGbMonth", "CloudWatch Logs", `log group ${group.inputs.name}: ${group.inputs.retentionInDays ?? "unlimited"} days kept (uncompressed size: an upper bound)`, gb * (retentionDays(group) / DAYS_PER_MONTH)),
            );
        }
    }

    // S3: the log bucket (the stack's bucketName output) gets CloudTrail's files; the access-log bucket a record per request.
    const lifecycleFor = (bucket: string) => of("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").find((l) => l.inputs.bucket === bucket)?.inputs;
    const encryptionFor = (bucket: string) => of("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").find((e) => e.inputs.bucket === bucket)?.inputs;
    const logBucket = typeof outputs.bucketName === "string" ? outputs.bucketName : undefined;
    const logRequests = act.logFiles + act.digestFiles;
    for (const bucket of of("aws:s3/bucket:Bucket")) {
        const name: string = bucket.inputs.bucket ?? bucket.name;
        const lc = lifecycleOf(lifecycleFor(name));
        if (name === logBucket) {
            const what = "log bucket";
            lines.push(line(prices, "s3.putRequest", "S3", `${what}: CloudTrail's PUTs (${LOG_FILES_PER_REGION_PER_DAY} log files and ${DIGESTS_PER_REGION_PER_DAY} digests a day per account and region)`, logRequests));
            lines.push(...storageLines(prices, `${what}, log files of ${a.averageLogFileKb} KB`, act.logFiles, a.averageLogFileKb, lc));
            warnings.push(...lifecycleWarnings(prices, what, a.averageLogFileKb, lc));
            if (objectLife(lc, a.averageLogFileKb).forever) warnings.push(`${what}: logs never expire (logRetentionDays: 0): storage grows every month; the lines show month ${FOREVER_HORIZON_MONTHS}`);
            const bucketKey = (encryptionFor(name)?.rules ?? []).some((r: any) => r.bucketKeyEnabled);
            const kms = bucketKey ? logRequests / OBJECTS_PER_KMS_REQUEST_WITH_BUCKET_KEY : logRequests;
            lines.push(
                line(prices, "kms.request", "KMS", bucketKey ? `${what}: encrypting CloudTrail's files with the S3 Bucket Key (one request per ${OBJECTS_PER_KMS_REQUEST_WITH_BUCKET_KEY.toLocaleString("en-US")} objects: an assumption)` : `${what}: one GenerateDataKey per file (no S3 Bucket Key)`, kms),
            );
        } else if (lc.expirationDays > 0 && (lifecycleFor(name)?.rules ?? []).some((r: any) => r.id === "expire-access-logs")) {
            // One record per request to the log bucket (the engine's reads included), kept the configured days.
            const gb = ((logRequests * 2 * ACCESS_LOG_RECORD_BYTES) / 1024 ** 3) * (lc.expirationDays / DAYS_PER_MONTH);
            lines.push(line(prices, "s3.standardGbMonth", "S3", `access-log bucket: a ${ACCESS_LOG_RECORD_BYTES}-byte record per request to the log bucket, kept ${lc.expirationDays} days`, gb));
        } else {
            lines.push({ ...line(prices, "s3.standardGbMonth", "S3", `bucket ${name}: query results and other small objects, kept ${lc.expirationDays || "unlimited"} days (not estimated)`, 0) });
        }
    }

    const keys = of("aws:kms/key:Key");
    if (keys.length > 0) lines.push(line(prices, "kms.keyMonth", "KMS", `customer managed keys (each yearly rotation adds $1 a month for the retained key material)`, keys.length));

    const filters = of("aws:cloudwatch/logMetricFilter:LogMetricFilter");
    if (filters.length > 0) lines.push(line(prices, "cloudwatch.metricMonth", "CloudWatch", "metric filters' custom metrics (each publishes 0 when nothing matches, so each is billed every month)", filters.length));
    const alarms = of("aws:cloudwatch/metricAlarm:MetricAlarm");
    if (alarms.length > 0) lines.push(line(prices, "cloudwatch.alarmMonth", "CloudWatch", "alarms", alarms.length));

    // SNS: the log-file topic gets one publish per object notified; an alert topic a few a month.
    const notifiedTopics = new Set(of("aws:s3/bucketNotification:BucketNotification").flatMap((n) => (n.inputs.topics ?? []).map((t: any) => referencedName(t.topicArn))));
    for (const topic of of("aws:sns/topic:Topic")) {
        const name = topic.inputs.name ?? topic.name;
        const publishes = notifiedTopics.has(topic.name) ? act.logFiles + act.digestFiles : ALERTS_PER_MONTH;
        const why = notifiedTopics.has(topic.name) ? "one per log or digest file" : `${ALERTS_PER_MONTH} alerts assumed`;
        lines.push(line(prices, "sns.publish", "SNS", `topic ${name}: publishes (${why})`, publishes));
        if (topic.inputs.kmsMasterKeyId) lines.push(line(prices, "kms.request", "KMS", `topic ${name}: at most one GenerateDataKey per publish`, publishes));
    }
    for (const sub of of("aws:sns/topicSubscription:TopicSubscription")) {
        if (sub.inputs.protocol === "email") lines.push(line(prices, "sns.emailDelivery", "SNS", `e-mail alerts to ${sub.inputs.endpoint} (${ALERTS_PER_MONTH} assumed)`, ALERTS_PER_MONTH));
        else if (sub.inputs.protocol === "https") lines.push(line(prices, "sns.httpsDelivery", "SNS", `HTTPS alerts (${ALERTS_PER_MONTH} assumed)`, ALERTS_PER_MONTH));
        else lines.push({ ...line(prices, "sns.publish", "SNS", `${sub.inputs.protocol} subscription: delivery to SQS is free`, 0) });
    }

    // The engine: the queue the log-file topic feeds, the function that drains it, its log group.
    const functions = of("aws:lambda/function:Function");
    const tables = of("aws:dynamodb/table:Table");
    const digestTables = tables.filter((t) => t.inputs.name === DIGEST_CHAIN_TABLE_NAME);
    const countsTables = tables.filter((t) => t.inputs.name === DETECTION_COUNTS_TABLE_NAME);
    // The log-file topic notifies every object CloudTrail writes under AWSLogs/, digests included: each is a queue message.
    const messages = act.logFiles + act.digestFiles;
    for (const queue of of("aws:sqs/queue:Queue")) {
        const name = queue.inputs.name ?? queue.name;
        if (queue.inputs.redrivePolicy) {
            lines.push(line(prices, "sqs.request", "SQS", `queue ${name}: ${SQS_REQUESTS_PER_MESSAGE} requests per log or digest file, and the mapping's idle polls`, messages * SQS_REQUESTS_PER_MESSAGE + SQS_IDLE_POLLS_PER_MONTH));
            if (queue.inputs.kmsMasterKeyId) lines.push(line(prices, "kms.request", "KMS", `queue ${name}: data keys reused for ${queue.inputs.kmsDataKeyReusePeriodSeconds ?? 300} s`, SQS_KMS_REQUESTS_PER_MONTH));
        } else {
            lines.push({ ...line(prices, "sqs.request", "SQS", `queue ${name}: failed messages only`, 0) });
        }
    }
    for (const fn of functions) {
        const memoryGb = (fn.inputs.memorySize ?? 128) / 1024;
        const arm = (fn.inputs.architectures ?? []).includes("arm64");
        const objects = act.logFiles + (digestTables.length > 0 ? act.digestFiles + act.logFiles : 0);
        const events = act.managementEvents;
        lines.push(line(prices, "lambda.request", "Lambda", `${fn.inputs.name}: one invocation per log or digest file at worst (batches cut it)`, messages));
        lines.push(
            line(
                prices,
                arm ? "lambda.arm64GbSecond" : "lambda.x86GbSecond",
                "Lambda",
                `${fn.inputs.name}: ${events.toLocaleString("en-US")} management events at ${ENGINE_EVENTS_PER_GB_SECOND.toLocaleString("en-US")} per GB-second, and ${ENGINE_WAIT_SECONDS_PER_OBJECT} s waiting per object read at ${fn.inputs.memorySize ?? 128} MB`,
                events / ENGINE_EVENTS_PER_GB_SECOND + objects * ENGINE_WAIT_SECONDS_PER_OBJECT * memoryGb,
            ),
        );
        lines.push(line(prices, "s3.getRequest", "S3", `${fn.inputs.name}: GETs of the log files (billed to the log-archive account, the bucket owner)`, act.logFiles));
        if (digestTables.length > 0) {
            lines.push(line(prices, "s3.getRequest", "S3", `${fn.inputs.name}: digest verification's GETs of each digest and of every log file it lists, read again (log-archive account)`, act.digestFiles + act.logFiles));
        }
    }
    for (const group of of("aws:cloudwatch/logGroup:LogGroup")) {
        const fn = functions.find((f) => f.inputs.loggingConfig?.logGroup === group.inputs.name || `/aws/lambda/${f.inputs.name}` === group.inputs.name);
        if (!fn) continue; // the trail's log group is priced with the trail
        const gb = (act.logFiles * ENGINE_LOG_BYTES_PER_INVOCATION) / 1024 ** 3;
        lines.push(line(prices, "logs.ingestedGb", "CloudWatch Logs", `log group ${group.inputs.name}: about ${ENGINE_LOG_BYTES_PER_INVOCATION} bytes per invocation`, gb));
        lines.push(line(prices, "logs.storedGbMonth", "CloudWatch Logs", `log group ${group.inputs.name}: ${group.inputs.retentionInDays ?? "unlimited"} days kept`, gb * (retentionDays(group) / DAYS_PER_MONTH)));
    }
    for (const table of digestTables) {
        // One read and one write per digest file (the chain), and the late-digest scans: docs/integrity.md's figures.
        lines.push(line(prices, "dynamodb.writeRequestUnit", "DynamoDB", `table ${table.inputs.name}: one write per digest file`, act.digestFiles));
        lines.push(line(prices, "dynamodb.readRequestUnit", "DynamoDB", `table ${table.inputs.name}: one read per digest file`, act.digestFiles));
    }
    for (const table of countsTables) {
        // Only files with a windowed detection's matches write, one UpdateItem (an item under 1 KB) each: every file is the bound (docs/audit.md, "What windowed counting costs").
        lines.push(line(prices, "dynamodb.writeRequestUnit", "DynamoDB", `table ${table.inputs.name}: at most one write per log file (only files with a windowed detection's matches write)`, act.logFiles));
    }
    for (const table of tables.filter((t) => !digestTables.includes(t) && !countsTables.includes(t))) {
        lines.push(line(prices, "dynamodb.writeRequestUnit", "DynamoDB", `table ${table.inputs.name ?? table.name}: requests not estimated (a table the model does not know)`, 0));
    }
    for (const rule of of("aws:cloudwatch/eventRule:EventRule")) {
        const name = rule.inputs.name ?? rule.name;
        lines.push({ ...line(prices, "scheduler.invocation", "EventBridge", `rule ${name}: scheduled rules on the default bus are not billed (not re-checked)`, 0) });
        const runs = scheduledRunsPerMonth(rule.inputs.scheduleExpression);
        if (runs > 0 && functions.length > 0) lines.push(line(prices, "lambda.request", "Lambda", `rule ${name}: ${rule.inputs.scheduleExpression} invokes the engine`, runs));
    }
    for (const schedule of of("aws:scheduler/schedule:Schedule")) {
        lines.push(line(prices, "scheduler.invocation", "EventBridge", `schedule ${schedule.inputs.name ?? schedule.name}: invocations (the first 14 million a month are free)`, 0));
    }
    for (const wg of of("aws:athena/workgroup:Workgroup")) {
        lines.push(line(prices, "athena.tbScanned", "Athena", `workgroup ${wg.inputs.name ?? wg.name}: terabytes scanned`, a.athenaTbScannedPerMonth));
    }

    const total = lines.reduce((sum, l) => sum + l.amount, 0);
    const unpriced = unpricedTypes(resources);
    if (unpriced.length > 0) warnings.push(`not priced (the estimate leaves them out): ${unpriced.join(", ")}`);
    return { lines, total, warnings, prices: { region: prices.region, read: prices.read }, assumptions: a };
}

/** Runs a month of a `rate(N minutes|hours|days)` schedule; 0 for anything else (cron: not estimated). */
export function scheduledRunsPerMonth(expression: unknown): number {
    const m = typeof expression === "string" ? /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression) : null;
    if (!m) return 0;
    const minutes = Number(m[1]) * { minute: 1, hour: 60, day: 1440 }[m[2] as "minute" | "hour" | "day"];
    return (DAYS_PER_MONTH * 1440) / minutes;
}

/** A log group's retention in days; never expiring counts as FOREVER_HORIZON_MONTHS. */
function retentionDays(group: PricedResource): number {
    return group.inputs.retentionInDays || FOREVER_HORIZON_MONTHS * DAYS_PER_MONTH;
}

/** One of the model's own assumptions, as the README's cost section states it. */
export interface ModelAssumption {
    /** The constant's name in this file. */
    name: string;
    value: number;
    /** What it stands for, and whether it is measured, documented or assumed. */
    what: string;
}

/**
 * Every constant the lines rest on, in words: the README's "what the model
 * assumes" table is generated from this list (`npm run docs`), and a test
 * fails when an exported number of this file is missing from it.
 */
export const MODEL_ASSUMPTIONS: readonly ModelAssumption[] = [
    { name: "DAYS_PER_MONTH", value: DAYS_PER_MONTH, what: "days in a month, for every monthly quantity" },
    { name: "LOG_FILES_PER_REGION_PER_DAY", value: LOG_FILES_PER_REGION_PER_DAY, what: "log files CloudTrail delivers per account and region a day (one about every five minutes); quieter regions deliver fewer" },
    { name: "DIGESTS_PER_REGION_PER_DAY", value: DIGESTS_PER_REGION_PER_DAY, what: "digest files per account and region a day (one an hour); each is stored, notified and (with digest verification) read" },
    { name: "TRANSITION_MINIMUM_KB", value: TRANSITION_MINIMUM_KB, what: "KB below which S3 does not transition an object (all_storage_classes_128K)" },
    { name: "GLACIER_IR_MINIMUM_KB", value: GLACIER_IR_MINIMUM_KB, what: "KB Glacier Instant Retrieval bills a smaller object as" },
    { name: "GLACIER_IR_MINIMUM_DAYS", value: GLACIER_IR_MINIMUM_DAYS, what: "days Glacier Instant Retrieval bills at least (early deletion)" },
    { name: "DEEP_ARCHIVE_MINIMUM_DAYS", value: DEEP_ARCHIVE_MINIMUM_DAYS, what: "days Deep Archive bills at least (early deletion)" },
    { name: "DEEP_ARCHIVE_STANDARD_OVERHEAD_KB", value: DEEP_ARCHIVE_STANDARD_OVERHEAD_KB, what: "KB per Deep Archive object billed at the Standard rate (name and metadata)" },
    { name: "DEEP_ARCHIVE_OVERHEAD_KB", value: DEEP_ARCHIVE_OVERHEAD_KB, what: "KB per Deep Archive object billed at the Deep Archive rate (index)" },
    { name: "ENGINE_EVENTS_PER_GB_SECOND", value: ENGINE_EVENTS_PER_GB_SECOND, what: "events the engine evaluates per GB-second of Lambda (measured on x86 here, below every run: The engine's cost)" },
    { name: "ENGINE_WAIT_SECONDS_PER_OBJECT", value: ENGINE_WAIT_SECONDS_PER_OBJECT, what: "seconds an invocation waits on S3 and SNS per object it reads (assumed)" },
    { name: "ENGINE_LOG_BYTES_PER_INVOCATION", value: ENGINE_LOG_BYTES_PER_INVOCATION, what: "bytes the engine logs per invocation (assumed)" },
    { name: "SQS_REQUESTS_PER_MESSAGE", value: SQS_REQUESTS_PER_MESSAGE, what: "SQS requests per log or digest file: SNS's send, the mapping's receive and delete (batches would cut the last two)" },
    { name: "SQS_IDLE_POLLS_PER_MONTH", value: SQS_IDLE_POLLS_PER_MONTH, what: "the event source mapping's long polls of the queue a month (assumed)" },
    { name: "SQS_KMS_REQUESTS_PER_MONTH", value: SQS_KMS_REQUESTS_PER_MONTH, what: "the queue's KMS requests a month: a data key every 300 s for sending and for receiving" },
    { name: "ALERTS_PER_MONTH", value: ALERTS_PER_MONTH, what: "alerts published and delivered a month (assumed)" },
    { name: "ACCESS_LOG_RECORD_BYTES", value: ACCESS_LOG_RECORD_BYTES, what: "bytes of one S3 server access log record (assumed); two records per log bucket object (its PUT and the engine's GET)" },
    { name: "OBJECTS_PER_KMS_REQUEST_WITH_BUCKET_KEY", value: OBJECTS_PER_KMS_REQUEST_WITH_BUCKET_KEY, what: "objects per KMS request with the S3 Bucket Key (assumed); the engine's decrypting reads are not counted" },
    { name: "FOREVER_HORIZON_MONTHS", value: FOREVER_HORIZON_MONTHS, what: "the month shown for storage that never expires" },
    { name: "DATA_EVENTS_WARNING_DOLLARS", value: DATA_EVENTS_WARNING_DOLLARS, what: "dollars a month above which S3 data events on every bucket, or data events ingested into CloudWatch Logs, warn" },
    { name: "INSIGHTS_WARNING_DOLLARS", value: INSIGHTS_WARNING_DOLLARS, what: "dollars a month above which Insights with the error-rate type warns" },
];
