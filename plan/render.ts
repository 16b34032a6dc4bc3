// Prints a simulated run for a person: every resource under its parent, its
// settings, and every policy document in full.
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
    lines.push("", `Stack outputs:`);
    for (const [key, value] of Object.entries(result.outputs)) {
        lines.push(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
    const aws = result.resources.filter((r) => r.custom && r.type.startsWith("aws:")).length;
    const components = result.resources.filter((r) => !r.custom).length;
    lines.push("", `${aws} AWS resources in ${components} components.`);
    return lines.join("\n");
}

function renderResource(r: SimulatedResource, depth: number): string[] {
    const pad = "  ".repeat(depth);
    if (r.type === "pulumi:pulumi:StackReference") return [`${pad}= reads stack ${r.inputs.name}  (${r.type}  ${r.name})`];
    const flags = [r.retainOnDelete ? "retained on delete" : "", r.protect ? "protected" : ""].filter(Boolean).join(", ");
    const lines = [`${pad}+ ${r.type}  ${r.name}${flags ? `  [${flags}]` : ""}`];
    for (const [key, value] of Object.entries(r.inputs)) {
        const document = policyDocument(value);
        if (document) {
            lines.push(`${pad}    ${key}:`);
            lines.push(...JSON.stringify(document, null, 2).split("\n").map((l) => `${pad}      ${l}`));
        } else {
            lines.push(`${pad}    ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
        }
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
