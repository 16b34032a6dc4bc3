// The README's cost table: the same model the plan prints, over the
// resources the offline plan registers for this project's example stack
// files, for three organization sizes. `npm run docs` rewrites it and
// tests/projectFile.test.ts keeps it in step.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPlan } from "../plan/run";
import { assumptionFields } from "./assumptions";
import { estimate, fmt, MODEL_ASSUMPTIONS, PricedResource } from "./model";
import { loadPrices } from "./prices";

/** The organization sizes the README shows. */
export const README_SIZES = [5, 50, 500] as const;

/** The project's three example stacks, in deploy order. */
const STACKS = ["log-archive", "audit", "management"] as const;

interface PlannedStack {
    resources: PricedResource[];
    outputs: Record<string, unknown>;
}

/** Plans the example stacks offline (as `npm run plan -- --out`) and reads back what each registered. */
export async function plannedExamples(dir = path.resolve(__dirname, "..")): Promise<Record<string, PlannedStack>> {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "cost-docs-"));
    try {
        const errors: string[] = [];
        const status = await runPlan([...STACKS, "--cwd", dir, "--out", out], { out: () => undefined, err: (l) => errors.push(l) });
        if (status !== 0) throw new Error(`the example stacks' plan failed:\n${errors.join("\n")}`);
        return Object.fromEntries(STACKS.map((s) => [s, JSON.parse(fs.readFileSync(path.join(out, `${s}.json`), "utf8")) as PlannedStack]));
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

/** The table: each stack's services for 5, 50 and 500 accounts, every other assumption at its default. */
export async function readmeCostTable(): Promise<string> {
    const planned = await plannedExamples();
    const prices = loadPrices("us-east-1");
    const estimates = README_SIZES.map((accounts) =>
        Object.fromEntries(STACKS.map((s) => [s, estimate(planned[s].resources, assumptionFields.parse({ accounts }), prices, planned[s].outputs)])),
    );
    const rows = [`| stack | service | ${README_SIZES.map((n) => `${n} accounts`).join(" | ")} |`, `|---|---|${README_SIZES.map(() => "---:").join("|")}|`];
    for (const stack of STACKS) {
        const services = [...new Set(estimates[0][stack].lines.map((l) => l.service))];
        for (const service of services) {
            const sums = estimates.map((e) => e[stack].lines.filter((l) => l.service === service).reduce((t, l) => t + l.amount, 0));
            rows.push(`| ${stack} | ${service} | ${sums.map(fmt).join(" | ")} |`);
        }
        rows.push(`| ${stack} | **stack total** | ${estimates.map((e) => `**${fmt(e[stack].total)}**`).join(" | ")} |`);
    }
    rows.push(`| **all three** | | ${estimates.map((e) => `**${fmt(STACKS.reduce((t, s) => t + e[s].total, 0))}**`).join(" | ")} |`);
    return rows.join("\n");
}

/** The README's table of the model's own assumptions (cost/model.ts MODEL_ASSUMPTIONS). */
export function readmeAssumptionTable(): string {
    const rows = ["| the model assumes | value | constant in cost/model.ts |", "|---|---:|---|"];
    for (const a of MODEL_ASSUMPTIONS) rows.push(`| ${a.what} | ${a.value.toLocaleString("en-US")} | \`${a.name}\` |`);
    return rows.join("\n");
}
