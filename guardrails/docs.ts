// The README's table of the pack's policies, from the rules;
// tests/projectFile.test.ts fails when the two drift.
import { GUARDRAILS } from "./rules";

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function readmeGuardrailTable(): string {
    const rows = GUARDRAILS.map((g) => `| \`${g.name}\` | ${cell(g.controls.join(", "))} | ${cell(g.description)} |`);
    return ["| policy | controls | what must hold |", "|---|---|---|", ...rows].join("\n");
}

if (require.main === module) console.log(readmeGuardrailTable());
