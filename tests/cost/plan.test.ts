// The estimate in the offline plan: printed at the end of every stack's plan,
// written by --out, and covering every billable resource type the three
// stacks create (a new one without a cost line fails here).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { plannedExamples } from "../../cost/docs";
import { assumptionFields } from "../../cost/assumptions";
import { BILLED, estimate, NOT_BILLED, unpricedTypes } from "../../cost/model";
import { loadPrices } from "../../cost/prices";
import { runAudit } from "../helpers/audit";
import { runPlan } from "../../plan/run";

describe("cost estimate in the plan", () => {
    let planned: Awaited<ReturnType<typeof plannedExamples>>;
    before(async () => {
        planned = await plannedExamples();
    });

    it("every AWS resource type the three stacks create is priced or listed as not billed", () => {
        const all = Object.values(planned).flatMap((p) => p.resources);
        assert.ok(all.length > 100, `only ${all.length} resources planned`);
        assert.deepEqual(unpricedTypes(all), []);
        // The types the check must have seen: the digest chain table, the late-digest rule and its permission to invoke the engine.
        const types = new Set(all.map((r) => r.type));
        for (const type of ["aws:dynamodb/table:Table", "aws:cloudwatch/eventRule:EventRule", "aws:lambda/permission:Permission", "aws:cloudwatch/eventTarget:EventTarget"]) {
            assert.ok(types.has(type), `the example stacks plan no ${type}: the check above did not cover it`);
        }
    });

    it("with a windowed detection, the counts table is planned and priced, and nothing is left unpriced", async () => {
        // The same config as tests/audit.test.ts's windowed run: one shared program run.
        const windowed = await runAudit({ digestVerification: false, detectionTuning: { "console-signin-failures": { windowMinutes: 60 } } });
        const table = windowed.resources.find((r) => r.type === "aws:dynamodb/table:Table" && r.inputs.name === "org-cloudtrail-detection-counts");
        assert.ok(table, "no counts table planned");
        assert.deepEqual(unpricedTypes(windowed.resources), []);
        const e = estimate(windowed.resources, assumptionFields.parse({}), loadPrices("us-east-1"), windowed.outputs);
        const line = e.lines.find((l) => l.service === "DynamoDB" && l.what.includes("org-cloudtrail-detection-counts"));
        assert.ok(line && line.amount > 0, e.lines.map((l) => `${l.service}: ${l.what}`).join("\n"));
        assert.ok(!e.lines.some((l) => l.what.includes("digest verification")), "digest verification is off in this run");
    });

    it("the not-billed list holds no type the model prices, and no billable service", () => {
        for (const type of BILLED) assert.ok(!(type in NOT_BILLED), type);
        // What the issue names as billed may never hide in the free list.
        for (const type of Object.keys(NOT_BILLED)) assert.doesNotMatch(type, /:(Trail|Bucket|Key|Topic|Queue|Function|Table|LogGroup|MetricAlarm|Workgroup)$/);
    });

    it("each stack's estimate has a line for each billed type it creates", () => {
        const serviceOf: Record<string, string> = {
            "aws:cloudtrail/trail:Trail": "CloudTrail",
            "aws:kms/key:Key": "KMS",
            "aws:cloudwatch/metricAlarm:MetricAlarm": "CloudWatch",
            "aws:sqs/queue:Queue": "SQS",
            "aws:lambda/function:Function": "Lambda",
            "aws:athena/workgroup:Workgroup": "Athena",
            "aws:sns/topic:Topic": "SNS",
            "aws:dynamodb/table:Table": "DynamoDB",
            "aws:cloudwatch/logGroup:LogGroup": "CloudWatch Logs",
            "aws:cloudwatch/logMetricFilter:LogMetricFilter": "CloudWatch",
            "aws:cloudwatch/eventRule:EventRule": "EventBridge",
            "aws:s3/bucket:Bucket": "S3",
            "aws:sns/topicSubscription:TopicSubscription": "SNS",
            "aws:scheduler/schedule:Schedule": "EventBridge",
        };
        // Every type the model prices is in this map, so a new priced type must say which service's line shows it.
        assert.deepEqual(Object.keys(serviceOf).sort(), [...BILLED].sort());
        for (const [stack, p] of Object.entries(planned)) {
            const lines = (p as unknown as { costEstimate: { lines: { service: string; what: string }[] } }).costEstimate.lines;
            const services = new Set(lines.map((l) => l.service));
            for (const r of p.resources) {
                const service = serviceOf[r.type];
                if (service) assert.ok(services.has(service), `${stack}: ${r.type} but no ${service} line`);
                // Each table by name: a chain table priced as something else would pass the service check alone.
                if (r.type === "aws:dynamodb/table:Table") assert.ok(lines.some((l) => l.service === "DynamoDB" && l.what.includes(String(r.inputs.name))), `${stack}: no line names table ${r.inputs.name}`);
            }
        }
    });

    it("npm run plan ends with the estimate, its total, the prices used and that it is an estimate; --out writes it", async () => {
        const out: string[] = [];
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-plan-"));
        try {
            const status = await runPlan(["log-archive", "--out", dir, "--accounts", "5"], { out: (l) => out.push(l), err: () => undefined });
            assert.equal(status, 0);
            const text = out.join("\n");
            const tail = text.slice(text.indexOf('Estimated monthly cost of stack "log-archive"'));
            assert.ok(tail.length < text.length, text.slice(-2000));
            assert.match(tail, /An estimate, not a quote: list prices of us-east-1 read \d{4}-\d{2}-\d{2} \(cost\/prices\/us-east-1\.json\)/);
            assert.match(tail, /5 accounts/);
            assert.match(tail, /S3: log bucket: CloudTrail's PUTs .*: 187,200 request × \$0\.000005/); // 5 × 4 × (288 + 24) × 30
            assert.match(tail, /total a month/);
            const json = JSON.parse(fs.readFileSync(path.join(dir, "log-archive.json"), "utf8"));
            assert.equal(json.costEstimate.assumptions.accounts, 5);
            assert.ok(json.costEstimate.lines.length > 3);
            assert.equal(json.costEstimate.total, json.costEstimate.lines.reduce((t: number, l: { amount: number }) => t + l.amount, 0));
            const md = fs.readFileSync(path.join(dir, "log-archive.md"), "utf8");
            assert.match(md, /#### Estimated monthly cost: \$/);
            assert.match(md, /\| \*\*total\*\* \| \| \| \| \*\*\$/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
