// Prints a simulated run for a person: every resource under its parent, its
// settings, and every policy document in full.
import { renderAthena } from "./athenaRender";
import { SimulatedResource, SimulationResult } from "./simulator";

export function renderPlan(result: SimulationResult): string {
    const lines: string[] = [];
    const children = new Map<string | undefined, SimulatedResource[]>();
    for (const r of result.resources) {
        children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    }
    const walk = (parent: string | undefined, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            lines.push(...renderResource(r, depth));
            walk(`${r.type}::${r.name}`, depth + 1);
        }
    };
    walk(undefined, 0);
    lines.push(...renderDetections(result.resources));
    lines.push(...renderAthena(result.resources));
    lines.push("", `Stack outputs:`);
    for (const [key, value] of Object.entries(result.outputs)) {
        lines.push(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(redacted(value))}`);
    }
    const aws = result.resources.filter((r) => r.custom && r.type.startsWith("aws:")).length;
    const components = result.resources.filter((r) => !r.custom).length;
    lines.push("", `${aws} AWS resources in ${components} components.`);
    return lines.join("\n");
}

function renderResource(r: SimulatedResource, depth: number): string[] {
    const pad = "  ".repeat(depth);
    if (r.type === "pulumi:pulumi:StackReference") return [`${pad}= reads stack ${r.inputs.name}  (${r.type}  ${r.name})`];
    const flags = resourceFlags(r);
    const lines = [`${pad}+ ${r.type}  ${r.name}${flags ? `  [${flags}]` : ""}`];
    for (const [key, value] of Object.entries(r.inputs)) {
        const document = policyDocument(value);
        if (document) {
            lines.push(`${pad}    ${key}:`);
            lines.push(...JSON.stringify(document, null, 2).split("\n").map((l) => `${pad}      ${l}`));
        } else if (typeof value === "string" && value.includes("\n")) {
            // SQL and other text blocks, one line per line.
            lines.push(`${pad}    ${key}: |`, ...value.split("\n").map((l) => `${pad}      ${l}`));
        } else {
            lines.push(`${pad}    ${key}: ${typeof value === "string" ? value : JSON.stringify(redacted(value))}`);
        }
    }
    return lines;
}

/** What keeps a resource when the stack goes: "retained on delete, protected", or "". */
export function resourceFlags(r: Pick<SimulatedResource, "retainOnDelete" | "protect">): string {
    return [r.retainOnDelete ? "retained on delete" : "", r.protect ? "protected" : ""].filter(Boolean).join(", ");
}

/** Pulumi's marker of a secret value, as the provider receives it. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** `value` with every secret replaced by "[secret]": the plan must never print an API key. */
export function redacted(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(redacted);
    if (value === null || typeof value !== "object") return value;
    if (SECRET_SIGNATURE in value) return "[secret]";
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redacted(v)]));
}

/** One line per detection: its metric, when its alarm fires, and its filter pattern. */
function renderDetections(resources: SimulatedResource[]): string[] {
    const filters = resources.filter((r) => r.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter");
    if (filters.length === 0) return [];
    const lines = ["", `Detections (${filters.length}): metric, alarm threshold, filter pattern`];
    for (const f of filters) {
        const metric = f.inputs.metricTransformation?.name;
        const alarm = resources.find((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.inputs.metricName === metric);
        const when = alarm ? `>= ${alarm.inputs.threshold} in ${alarm.inputs.period} s` : "NO ALARM";
        lines.push(`  ${metric}  (${when})`, `      ${f.inputs.pattern}`);
    }
    return lines;
}

function policyDocument(value: unknown): object | undefined {
    if (typeof value !== "string" || !value.startsWith("{")) return undefined;
    try {
        const parsed = JSON.parse(value);
        return parsed && typeof parsed === "object" && "Statement" in parsed ? parsed : undefined;
    } catch {
        return undefined;
    }
}
