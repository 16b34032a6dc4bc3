// `--out DIR`: the plan as JSON for tools and as Markdown for a
// pull-request comment. Secrets are redacted in both, and both say what was
// simulated, as the plan's own output does.
import * as fs from "fs";
import * as path from "path";
import { CostEstimate } from "../cost/model";
import { estimateMarkdown } from "../cost/render";
import { ComplianceRow } from "./compliance";
import { complianceMarkdown } from "./complianceRender";
import { redacted, resourceFlags } from "./render";
import { SimulationResult } from "./simulator";

export interface PlanRecord {
    stack: string;
    caller: string;
    result: SimulationResult;
    compliance: ComplianceRow[];
    /** What the plan simulated and how (caller, command, config files, stand-ins, organization), one sentence each. */
    notes?: string[];
    /** The stack's monthly cost estimate. */
    cost?: CostEstimate;
}

export function planJson(p: PlanRecord): object {
    return {
        stack: p.stack,
        simulatedCaller: p.caller,
        simulated: p.notes ?? [],
        resources: p.result.resources.map((r) => ({ ...r, inputs: redacted(r.inputs) })),
        outputs: redacted(p.result.outputs),
        compliance: p.compliance,
        ...(p.cost ? { costEstimate: p.cost } : {}),
    };
}

export function planMarkdown(p: PlanRecord): string {
    const aws = p.result.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
    return [
        `### Offline plan of \`${p.stack}\``,
        "",
        `${aws.length} AWS resources, simulated provider (nothing read from AWS), caller \`${p.caller}\`.`,
        "",
        ...(p.notes ?? []).map((n) => `- ${n}`),
        ...(p.notes?.length ? [""] : []),
        ...complianceMarkdown(p.compliance),
        "",
        ...(p.cost ? [...estimateMarkdown(p.cost), ""] : []),
        "<details><summary>Planned resources</summary>",
        "",
        ...aws.map((r) => {
            const flags = resourceFlags(r);
            return `- \`${r.type}\` ${r.name}${flags ? ` [${flags}]` : ""}`;
        }),
        "",
        "</details>",
        "",
    ].join("\n");
}

/** The files `--out dir` writes for `stack`. */
export function planFilePaths(dir: string, stack: string): string[] {
    return [path.join(dir, `${stack}.json`), path.join(dir, `${stack}.md`)];
}

/**
 * Why `--out dir` cannot take the plan of `stack`, or undefined. Checked
 * before planning, so a plan is never computed only to be thrown away.
 */
export function outProblem(dir: string, stack: string): string | undefined {
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) return `--out ${dir} is a file: expected a directory (created when missing)`;
    const existing = planFilePaths(dir, stack).filter((f) => fs.existsSync(f));
    if (existing.length > 0) return `--out ${dir} already holds ${existing.join(" and ")}: the plan does not overwrite files; remove them or choose another directory`;
    return undefined;
}

/**
 * Writes `<stack>.json` and `<stack>.md` into `dir` and returns their paths.
 * `show` is what every text passes through before it is written (the plan
 * hides secrets' stand-ins with it).
 */
export function writePlanFiles(dir: string, p: PlanRecord, show: (text: string) => string = (t) => t): string[] {
    const problem = outProblem(dir, p.stack);
    if (problem) throw new Error(problem);
    fs.mkdirSync(dir, { recursive: true });
    const [json, md] = planFilePaths(dir, p.stack);
    // "wx": never overwrite, even a file that appeared since the check.
    fs.writeFileSync(json, show(`${JSON.stringify(planJson(p), null, 2)}\n`), { flag: "wx" });
    fs.writeFileSync(md, show(planMarkdown(p)), { flag: "wx" });
    return [json, md];
}
