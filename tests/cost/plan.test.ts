// The estimate in the offline plan: printed at the end of every stack's plan,
// written by --out, and covering every billable resource type the three
// stacks create (a new one without a cost line fails here).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { plannedExamples } from "../../cost/docs";
import { BILLED, NOT_BILLED, unpricedTypes } from "../../cost/model";
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
        };
        for (const [stack, p] of Object.entries(planned)) {
            const services = new Set((p as unknown as { costEstimate: { lines: { service: string }[] } }).costEstimate.lines.map((l) => l.service));
            for (const r of p.resources) {
                const service = serviceOf[r.type];
                if (service) assert.ok(services.has(service), `${stack}: ${r.type} but no ${service} line`);
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
