// The cost model, line by line, against arithmetic done by hand for small
// stated inputs with the us-east-1 price file (its prices are repeated in
// the comments, so a changed price fails here and is reviewed).
import { strict as assert } from "assert";
import { assumptionFields, CostAssumptions } from "../../cost/assumptions";
import { CostLine, estimate, Lifecycle, lifecycleWarnings, objectLife, PricedResource, storageLines, unpricedTypes } from "../../cost/model";
import * as model from "../../cost/model";
import { loadPrices } from "../../cost/prices";

const prices = loadPrices("us-east-1");

/** 2 accounts, 1 region, 1,000 management events each a day (10% writes), 10,000 data events a day, 1,000-byte events, 10 KB files, 1 TB scanned. */
const SMALL: CostAssumptions = assumptionFields.parse({
    accounts: 2,
    regions: 1,
    managementEventsPerAccountPerDay: 1000,
    writeEventPercent: 10,
    dataEventsPerDay: 10000,
    averageEventBytes: 1000,
    averageLogFileKb: 10,
    athenaTbScannedPerMonth: 1,
});
// By hand: 2 × 1 × 288 × 30 = 17,280 log files; 2 × 1 × 24 × 30 = 1,440 digests;
// 2 × 1,000 × 30 = 60,000 management events, 6,000 of them writes; 10,000 × 30 = 300,000 data events per type.
const LOG_FILES = 17280;
const DIGESTS = 1440;
const GB = 1024 ** 3;

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9 * Math.max(1, expected), `${what}: ${actual} ≠ ${expected}`);

/** The one line whose `what` contains `text`. */
function lineOf(lines: CostLine[], text: string): CostLine {
    const found = lines.filter((l) => l.what.includes(text));
    assert.equal(found.length, 1, `lines with "${text}":\n${lines.map((l) => l.what).join("\n")}`);
    return found[0];
}

const group: PricedResource = { type: "aws:cloudwatch/logGroup:LogGroup", name: "trail-group", inputs: { name: "/org-cloudtrail/t", retentionInDays: 365 } };
function trail(name: string, extra: Record<string, unknown> = {}): PricedResource {
    return {
        type: "aws:cloudtrail/trail:Trail",
        name,
        inputs: { name, advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }], ...extra },
    };
}
const S3_DATA = { fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }] };

const LOG_BUCKET = "logs";
/** The log-archive stack's log bucket as the plan registers it: GIR at 90, DA at 365, expiry and noncurrent expiry at 2557. */
function logArchive(lifecycle: Record<string, unknown> = {}, bucketKey = true): PricedResource[] {
    return [
        { type: "aws:s3/bucket:Bucket", name: "log-archive-logs", inputs: { bucket: LOG_BUCKET } },
        {
            type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            name: "lc",
            inputs: {
                bucket: LOG_BUCKET,
                rules: [
                    {
                        id: "archive-and-expire-logs",
                        status: "Enabled",
                        expiration: { days: 2557 },
                        noncurrentVersionExpiration: { noncurrentDays: 2557 },
                        transitions: [
                            { days: 90, storageClass: "GLACIER_IR" },
                            { days: 365, storageClass: "DEEP_ARCHIVE" },
                        ],
                    },
                ],
                transitionDefaultMinimumObjectSize: "all_storage_classes_128K",
                ...lifecycle,
            },
        },
        {
            type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            name: "enc",
            inputs: { bucket: LOG_BUCKET, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: bucketKey }] },
        },
    ];
}

describe("cost model: each line by hand", () => {
    it("CloudTrail: the first copy of management events is free, data events and Insights are billed, the log group ingests every delivered event", () => {
        const t = trail("org", {
            advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }, S3_DATA],
            insightSelectors: [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }],
            cloudWatchLogsGroupArn: "(known after apply: trail-group.arn):*",
        });
        const { lines } = estimate([t, group], SMALL, prices);
        const first = lineOf(lines, "management events, first copy");
        assert.equal(first.quantity, 60000);
        assert.equal(first.amount, 0);
        // 300,000 data events × $0.10 per 100,000 = $0.30
        close(lineOf(lines, "data events of AWS::S3::Object").amount, 0.3, "data events");
        // writes twice, reads once: 6,000 + 60,000 = 66,000 analysed × $0.35 per 100,000 = $0.231
        const insights = lineOf(lines, "Insights");
        assert.equal(insights.quantity, 66000);
        close(insights.amount, 0.231, "Insights");
        // (60,000 + 300,000) events × 1,000 bytes = 0.33528 GB × $0.50
        const ingested = (360000 * 1000) / GB;
        close(lineOf(lines, "every event the trail delivers").amount, ingested * 0.5, "ingestion");
        // kept 365 days: 365/30 months × $0.03 per GB-month
        close(lineOf(lines, "365 days kept").amount, ingested * (365 / 30) * 0.03, "storage");
    });

    it("CloudTrail: a second trail recording management events pays $2.00 per 100,000 for its copy", () => {
        const { lines } = estimate([trail("org"), trail("other")], SMALL, prices);
        close(lineOf(lines, "copy 2").amount, 60000 * 0.00002, "second copy"); // $1.20
    });

    it("CloudTrail: with only the call-rate type, Insights analyses the writes only", () => {
        const { lines } = estimate([trail("org", { insightSelectors: [{ insightType: "ApiCallRateInsight" }] })], SMALL, prices);
        assert.equal(lineOf(lines, "Insights").quantity, 6000);
    });

    it("S3: 10 KB log files never transition (128 KB minimum) and stay in Standard through expiry and their noncurrent days", () => {
        const { lines } = estimate(logArchive(), SMALL, prices, { bucketName: LOG_BUCKET });
        // 17,280 + 1,440 PUTs × $0.005 per 1,000 = $0.0936
        close(lineOf(lines, "CloudTrail's PUTs").amount, 0.0936, "PUTs");
        // 17,280 files × 10 KB × (2557 + 2557) / 30 months / 1,048,576 KB per GB × $0.023
        const gbMonths = (LOG_FILES * 10 * (5114 / 30)) / 1048576;
        const standard = lineOf(lines, "S3 Standard (5114 days");
        close(standard.quantity, gbMonths, "Standard GB-months");
        close(standard.amount, gbMonths * 0.023, "Standard");
        assert.ok(!lines.some((l) => /transitions/.test(l.what)), "no transition is billed for objects S3 does not move");
        // S3 Bucket Key: one KMS request per 1,000 objects (an assumption) × $0.03 per 10,000
        close(lineOf(lines, "S3 Bucket Key").amount, ((LOG_FILES + DIGESTS) / 1000) * 0.000003, "KMS with bucket key");
    });

    it("S3: without the Bucket Key, one KMS request per file", () => {
        const { lines } = estimate(logArchive({}, false), SMALL, prices, { bucketName: LOG_BUCKET });
        close(lineOf(lines, "no S3 Bucket Key").quantity, LOG_FILES + DIGESTS, "KMS requests");
    });

    it("S3: 256 KB files: 90 days Standard, 275 Glacier IR, the rest Deep Archive with 40 KB of overhead, one transition fee per class", () => {
        const { lines } = estimate(logArchive(), { ...SMALL, averageLogFileKb: 256 }, prices, { bucketName: LOG_BUCKET });
        const months = (kb: number, days: number) => (LOG_FILES * kb * (days / 30)) / 1048576;
        close(lineOf(lines, "S3 Standard (90 days").amount, months(256, 90) * 0.023, "Standard");
        close(lineOf(lines, "Glacier Instant Retrieval (275 days").amount, months(256, 275) * 0.004, "GIR");
        // 2557 + 2557 − 365 = 4749 days in Deep Archive, billed 256 + 32 KB, and 8 KB at the Standard rate
        close(lineOf(lines, "Glacier Deep Archive (4749 days").amount, months(288, 4749) * 0.00099, "DA");
        close(lineOf(lines, "8 KB of name and metadata").amount, months(8, 4749) * 0.023, "DA overhead");
        close(lineOf(lines, "into Glacier Instant Retrieval").amount, LOG_FILES * 0.00002, "GIR transitions"); // $0.02 per 1,000
        close(lineOf(lines, "into Glacier Deep Archive").amount, LOG_FILES * 0.00005, "DA transitions"); // $0.05 per 1,000
    });

    it("S3: Glacier IR bills a 10 KB object as 128 KB (when small objects are transitioned at all)", () => {
        const { lines } = estimate(logArchive({ transitionDefaultMinimumObjectSize: "varies_by_storage_class" }), SMALL, prices, { bucketName: LOG_BUCKET });
        close(lineOf(lines, "Glacier Instant Retrieval (275 days").quantity, (LOG_FILES * 128 * (275 / 30)) / 1048576, "GIR GB-months at 128 KB");
    });

    it("S3: an object leaving Glacier IR before 90 days is billed the rest (early deletion)", () => {
        const lc: Lifecycle = { glacierIrAfterDays: 90, deepArchiveAfterDays: 0, expirationDays: 100, noncurrentDays: 20, smallObjectsStay: true };
        // 30 days in GIR (100 + 20 − 90): 60 days short of 90
        const lines = storageLines(prices, "b", 1000, 256, lc);
        close(lineOf(lines, "early deletion (60 days short").amount, ((1000 * 256 * (60 / 30)) / 1048576) * 0.004, "early deletion");
        assert.deepEqual(
            { ...objectLife(lc, 256), forever: false },
            { standardDays: 90, glacierIrDays: 30, deepArchiveDays: 0, transitionsToGlacierIr: 1, transitionsToDeepArchive: 0, glacierIrEarlyDays: 60, deepArchiveEarlyDays: 0, forever: false },
        );
    });

    it("the audit stack: engine invocations and duration from the README's 17,000 events per GB-second, queue requests, GETs billed to the bucket owner", () => {
        const resources: PricedResource[] = [
            { type: "aws:lambda/function:Function", name: "fn", inputs: { name: "engine", memorySize: 1024, architectures: ["arm64"] } },
            { type: "aws:sqs/queue:Queue", name: "q", inputs: { name: "feed", redrivePolicy: "{}", kmsMasterKeyId: "k" } },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "g", inputs: { name: "/aws/lambda/engine", retentionInDays: 365 } },
        ];
        const { lines } = estimate(resources, SMALL, prices);
        // every log and digest file is a message (the topic notifies both): 17,280 + 1,440 × $0.20 per million
        close(lineOf(lines, "one invocation per log or digest file").amount, (LOG_FILES + DIGESTS) * 0.0000002, "invocations");
        // 60,000 / 17,000 + 17,280 × 0.06 s × 1 GB GB-seconds × $0.0000133334
        const gbs = 60000 / 17000 + LOG_FILES * 0.06;
        close(lineOf(lines, "per GB-second").quantity, gbs, "GB-seconds");
        close(lineOf(lines, "per GB-second").amount, gbs * 0.0000133334, "duration");
        // 3 × (17,280 + 1,440) + 648,000 idle polls × $0.40 per million
        close(lineOf(lines, "requests per log or digest file").amount, (3 * (LOG_FILES + DIGESTS) + 648000) * 0.0000004, "SQS");
        close(lineOf(lines, "GETs of the log files").amount, LOG_FILES * 0.0000004, "GETs"); // $0.0004 per 1,000
        close(lineOf(lines, "about 200 bytes per invocation").amount, ((LOG_FILES * 200) / GB) * 0.5, "engine logs");
    });

    it("the audit stack with a digest chain table: the digests and the log files they list are read again, one write and one read per digest", () => {
        const resources: PricedResource[] = [
            { type: "aws:lambda/function:Function", name: "fn", inputs: { name: "engine", memorySize: 2048, architectures: ["x86_64"] } },
            { type: "aws:dynamodb/table:Table", name: "t", inputs: { name: "org-cloudtrail-digest-chains" } },
        ];
        const { lines } = estimate(resources, SMALL, prices);
        close(lineOf(lines, "digest verification's GETs").quantity, DIGESTS + LOG_FILES, "re-reads");
        close(lineOf(lines, "one write per digest").amount, DIGESTS * 0.000000625, "writes");
        close(lineOf(lines, "one read per digest").amount, DIGESTS * 0.000000125, "reads");
        // x86 at 2 GB: 60,000 / 17,000 + (17,280 + 1,440 + 17,280) × 0.06 × 2
        close(lineOf(lines, "per GB-second").amount, (60000 / 17000 + (2 * LOG_FILES + DIGESTS) * 0.06 * 2) * 0.0000166667, "x86 duration");
    });

    it("the detection counts table: at most one write per log file, and no digest re-reads", () => {
        const resources: PricedResource[] = [
            { type: "aws:lambda/function:Function", name: "fn", inputs: { name: "engine", memorySize: 1024, architectures: ["arm64"] } },
            { type: "aws:dynamodb/table:Table", name: "c", inputs: { name: "org-cloudtrail-detection-counts" } },
        ];
        const { lines } = estimate(resources, SMALL, prices);
        // 17,280 writes × $0.625 per million = $0.0108
        close(lineOf(lines, "at most one write per log file").amount, LOG_FILES * 0.000000625, "counts writes");
        assert.ok(!lines.some((l) => l.what.includes("digest verification")), "a counts table is not a chain table");
        assert.ok(!lines.some((l) => l.what.includes("one read per digest")), "a counts table is not a chain table");
    });

    it("a rate schedule invokes the engine 30 × 1,440 ÷ its minutes times a month", () => {
        const resources: PricedResource[] = [
            { type: "aws:lambda/function:Function", name: "fn", inputs: { name: "engine", memorySize: 1024 } },
            { type: "aws:cloudwatch/eventRule:EventRule", name: "r", inputs: { name: "check", scheduleExpression: "rate(15 minutes)" } },
        ];
        const { lines } = estimate(resources, SMALL, prices);
        close(lineOf(lines, "rate(15 minutes) invokes the engine").quantity, 2880, "runs");
        assert.equal(lineOf(lines, "scheduled rules on the default bus").amount, 0);
    });

    it("keys, metric filters, alarms, topics, subscriptions and Athena", () => {
        const resources: PricedResource[] = [
            { type: "aws:kms/key:Key", name: "k1", inputs: {} },
            { type: "aws:kms/key:Key", name: "k2", inputs: {} },
            { type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", name: "f", inputs: {} },
            { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "a1", inputs: {} },
            { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "a2", inputs: {} },
            { type: "aws:sns/topic:Topic", name: "files", inputs: { name: "files", kmsMasterKeyId: "k" } },
            { type: "aws:s3/bucketNotification:BucketNotification", name: "n", inputs: { topics: [{ topicArn: "(known after apply: files.arn)" }] } },
            { type: "aws:sns/topicSubscription:TopicSubscription", name: "s", inputs: { protocol: "email", endpoint: "a@example.com" } },
            { type: "aws:athena/workgroup:Workgroup", name: "wg", inputs: { name: "wg" } },
        ];
        const e = estimate(resources, SMALL, prices);
        close(lineOf(e.lines, "customer managed keys").amount, 2, "keys"); // $1 each
        close(lineOf(e.lines, "metric filters").amount, 0.3, "metric");
        close(lineOf(e.lines, "alarms").amount, 0.2, "alarms");
        close(lineOf(e.lines, "one per log or digest file").amount, (LOG_FILES + DIGESTS) * 0.0000005, "publishes"); // $0.50 per million
        close(lineOf(e.lines, "GenerateDataKey per publish").amount, (LOG_FILES + DIGESTS) * 0.000003, "topic KMS");
        close(lineOf(e.lines, "e-mail alerts").amount, 100 * 0.00002, "e-mail");
        close(lineOf(e.lines, "terabytes scanned").amount, 5, "Athena"); // $5 per TB
        close(e.total, e.lines.reduce((t, l) => t + l.amount, 0), "total");
        assert.deepEqual(e.prices, { region: "us-east-1", read: prices.read });
    });

    it("every line's amount is its quantity times its unit price", () => {
        const e = estimate([...logArchive(), trail("org", { insightSelectors: [{ insightType: "ApiErrorRateInsight" }] })], SMALL, prices, { bucketName: LOG_BUCKET });
        for (const l of e.lines) close(l.amount, l.quantity * l.unitPrice, l.what);
    });

    it("a type neither priced nor listed as free is reported", () => {
        assert.deepEqual(unpricedTypes([{ type: "aws:rds/instance:Instance" }, { type: "aws:iam/role:Role" }, { type: "pulumi:pulumi:StackReference" }]), ["aws:rds/instance:Instance"]);
        const e = estimate([{ type: "aws:rds/instance:Instance", name: "db", inputs: {} }], SMALL, prices);
        assert.ok(e.warnings.some((w) => w.includes("not priced") && w.includes("aws:rds/instance:Instance")), e.warnings.join("\n"));
    });
});

describe("cost model: warnings", () => {
    const only = (warnings: string[], text: string) => {
        const found = warnings.filter((w) => w.includes(text));
        assert.equal(found.length, 1, `warnings with "${text}":\n${warnings.join("\n")}`);
        return found[0];
    };

    it("S3 data events on every bucket above $100 a month, and quiet below", () => {
        const t = trail("org", { advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }, S3_DATA] });
        // 4,000,000 a day × 30 × $0.10 per 100,000 = $120
        assert.match(only(estimate([t], { ...SMALL, dataEventsPerDay: 4000000 }, prices).warnings, "S3 data events on every bucket"), /cost \$120 a month/);
        // 3,000,000 a day: $90
        assert.deepEqual(estimate([t], { ...SMALL, dataEventsPerDay: 3000000 }, prices).warnings, []);
        // At the threshold: 3,350,000 a day is $100.50 (warns), 3,330,000 is $99.90 (quiet)
        only(estimate([t], { ...SMALL, dataEventsPerDay: 3350000 }, prices).warnings, "S3 data events on every bucket");
        assert.deepEqual(estimate([t], { ...SMALL, dataEventsPerDay: 3330000 }, prices).warnings, []);
        // Lambda data events at $120 are not S3 data events on every bucket
        const lambda = trail("org", { advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::Lambda::Function"] }] }] });
        assert.deepEqual(estimate([lambda], { ...SMALL, dataEventsPerDay: 4000000 }, prices).warnings, []);
    });

    it("Insights' error-rate type above $100 a month, with what the call-rate type alone would cost", () => {
        const t = trail("org", { insightSelectors: [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }] });
        // 100 accounts × 1,000,000 a day × 30 = 3 billion; 10% writes: 3.3 billion analysed × $0.35 per 100,000 = $11,550; writes alone $1,050
        const w = only(estimate([t], { ...SMALL, accounts: 100, managementEventsPerAccountPerDay: 1000000 }, prices).warnings, "Insights cost");
        assert.match(w, /\$11,550 a month/);
        assert.match(w, /\(\$1,050\)/);
        assert.deepEqual(estimate([t], SMALL, prices).warnings, []);
        // At the threshold: 1 account, 1.1 events analysed per event: 870,000 a day is $100.49 (warns), 860,000 is $99.33 (quiet)
        only(estimate([t], { ...SMALL, accounts: 1, managementEventsPerAccountPerDay: 870000 }, prices).warnings, "Insights cost $100 a month");
        assert.deepEqual(estimate([t], { ...SMALL, accounts: 1, managementEventsPerAccountPerDay: 860000 }, prices).warnings, []);
        // The call-rate type alone, however dear, analyses only the writes the error rate type would analyse too: no warning
        const callRate = trail("org", { insightSelectors: [{ insightType: "ApiCallRateInsight" }] });
        assert.deepEqual(estimate([callRate], { ...SMALL, accounts: 100, managementEventsPerAccountPerDay: 1000000 }, prices).warnings, []);
    });

    it("data events ingested into CloudWatch Logs above $100 a month", () => {
        const t = trail("org", {
            advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }, S3_DATA],
            cloudWatchLogsGroupArn: "(known after apply: trail-group.arn):*",
        });
        // 10,000,000 a day × 30 × 1,000 bytes = 279.4 GB × $0.50 = $139.70, shown as $140
        only(estimate([t, group], { ...SMALL, dataEventsPerDay: 10000000 }, prices).warnings, "ingesting the trail's data events costs $140 a month");
        // At the threshold ($100 is 200 GB: 7,158,279 events a day of 1,000 bytes): 7,200,000 warns ($100.58), 7,100,000 does not ($99.18)
        only(estimate([t, group], { ...SMALL, dataEventsPerDay: 7200000 }, prices).warnings, "ingesting the trail's data events costs $101 a month");
        assert.ok(!estimate([t, group], { ...SMALL, dataEventsPerDay: 7100000 }, prices).warnings.some((w) => w.includes("ingesting")));
        // Management events alone, however many, are not data events
        const management = trail("org", { cloudWatchLogsGroupArn: "(known after apply: trail-group.arn):*" });
        assert.deepEqual(estimate([management, group], { ...SMALL, managementEventsPerAccountPerDay: 1e8 }, prices).warnings, []);
    });

    it("a second copy of management events", () => {
        only(estimate([trail("org"), trail("other")], SMALL, prices).warnings, "a second copy of every management event costs $1.20");
    });

    it("log files under 128 KB stay in Standard whatever the lifecycle says", () => {
        only(estimate(logArchive(), SMALL, prices, { bucketName: LOG_BUCKET }).warnings, "stay in S3 Standard for their whole life");
        assert.deepEqual(estimate(logArchive(), { ...SMALL, averageLogFileKb: 1024 }, prices, { bucketName: LOG_BUCKET }).warnings, []);
        // At the minimum: 127 KB stays (warns), 128 KB moves (quiet)
        only(estimate(logArchive(), { ...SMALL, averageLogFileKb: 127 }, prices, { bucketName: LOG_BUCKET }).warnings, "stay in S3 Standard");
        assert.ok(!estimate(logArchive(), { ...SMALL, averageLogFileKb: 128 }, prices, { bucketName: LOG_BUCKET }).warnings.some((w) => w.includes("stay in S3 Standard")));
    });

    it("small objects transitioned when the 128 KB minimum is not set: the Glacier IR step costs more than it saves", () => {
        const warnings = estimate(logArchive({ transitionDefaultMinimumObjectSize: "varies_by_storage_class" }), SMALL, prices, { bucketName: LOG_BUCKET }).warnings;
        only(warnings, "are transitioned (transitionDefaultMinimumObjectSize is not all_storage_classes_128K)");
        // 10 KB billed as 128 KB at $0.004 costs more each month than 10 KB at $0.023
        only(warnings, "the transition to Glacier Instant Retrieval at day 90 costs more than it saves");
        // 128 KB objects are not small: no small-object warning
        const at128 = estimate(logArchive({ transitionDefaultMinimumObjectSize: "varies_by_storage_class" }), { ...SMALL, averageLogFileKb: 128 }, prices, { bucketName: LOG_BUCKET }).warnings;
        assert.ok(!at128.some((w) => w.includes("are transitioned")), at128.join("\n"));
    });

    it("a Deep Archive step that cannot pay back before expiry", () => {
        // 200 KB: GIR at 90, DA at 365, gone at 545 + 1: 181 days in DA save less than the $0.05 per 1,000 fee and 40 KB of overhead
        const lc: Lifecycle = { glacierIrAfterDays: 90, deepArchiveAfterDays: 365, expirationDays: 545, noncurrentDays: 1, smallObjectsStay: true };
        const warnings = lifecycleWarnings(prices, "b", 200, lc);
        assert.equal(warnings.length, 1, warnings.join("\n"));
        assert.match(warnings[0], /transition to Glacier Deep Archive at day 365 costs more than it saves for 200 KB objects/);
        // 1 MB objects kept seven years pay it back
        assert.deepEqual(lifecycleWarnings(prices, "b", 1024, { ...lc, expirationDays: 2557, noncurrentDays: 2557 }), []);
    });

    it("logs kept forever", () => {
        const e = estimate(logArchive({ rules: [{ id: "x", status: "Enabled", transitions: [{ days: 90, storageClass: "GLACIER_IR" }] }] }), { ...SMALL, averageLogFileKb: 256 }, prices, { bucketName: LOG_BUCKET });
        only(e.warnings, "logs never expire");
    });
});

describe("cost model: its own assumptions are stated", () => {
    it("every exported number of cost/model.ts is in MODEL_ASSUMPTIONS (the README's generated table), with its value", () => {
        const numbers = Object.entries(model).filter(([, v]) => typeof v === "number");
        assert.ok(numbers.length > 15, `only ${numbers.length} numbers exported`);
        for (const [name, value] of numbers) {
            const stated = model.MODEL_ASSUMPTIONS.find((a) => a.name === name);
            assert.ok(stated, `${name} is not in MODEL_ASSUMPTIONS, so the README does not state it`);
            assert.equal(stated.value, value, name);
        }
        assert.equal(new Set(model.MODEL_ASSUMPTIONS.map((a) => a.name)).size, model.MODEL_ASSUMPTIONS.length);
    });
});
