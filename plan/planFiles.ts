// `--out DIR`: the plan as JSON for tools and as Markdown for a
// pull-request comment. Secrets are redacted in both.
import * as fs from "fs";
import * as path from "path";
import { ComplianceRow } from "./compliance";
import { complianceMarkdown } from "./complianceRender";
import { redacted } from "./render";
import { SimulationResult } from "./simulator";

export interface PlanRecord {
    stack: string;
    caller: string;
    result: SimulationResult;
    compliance: ComplianceRow[];
}

export function planJson(p: PlanRecord): object {
    return {
        stack: p.stack,
        simulatedCaller: p.caller,
        resources: p.result.resources.map((r) => ({ ...r, inputs: redacted(r.inputs) })),
        outputs: redacted(p.result.outputs),
        compliance: p.compliance,
    };
}

export function planMarkdown(p: PlanRecord): string {
    const aws = p.result.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
    return [
        `### Offline plan of \`${p.stack}\``,
        "",
        `${aws.length} AWS resources, simulated provider (nothing read from AWS), caller \`${p.caller}\`.`,
        "",
        ...complianceMarkdown(p.compliance),
        "",
        "<details><summary>Planned resources</summary>",
        "",
        ...aws.map((r) => `- \`${r.type}\` ${r.name}${r.retainOnDelete ? " (retained on delete)" : ""}`),
        "",
        "</details>",
        "",
    ].join("\n");
}

/** Writes `<stack>.json` and `<stack>.md` into `dir` and returns their paths. */
export function writePlanFiles(dir: string, p: PlanRecord): string[] {
    fs.mkdirSync(dir, { recursive: true });
    const json = path.join(dir, `${p.stack}.json`);
    const md = path.join(dir, `${p.stack}.md`);
    fs.writeFileSync(json, `${JSON.stringify(planJson(p), null, 2)}\n`);
    fs.writeFileSync(md, planMarkdown(p));
    return [json, md];
}
