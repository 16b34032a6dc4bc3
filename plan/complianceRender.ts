// The compliance report for a terminal and for a pull-request comment.
import { ComplianceRow, Waiver } from "./compliance";

const LABEL: Record<ComplianceRow["result"], string> = { pass: "PASS", fail: "FAIL", "after apply": "AFTER APPLY", waived: "WAIVED", "not applicable": "n/a" };
const WAIVED = LABEL.waived;

function label(r: ComplianceRow): string {
    if (r.enforcement === "disabled") return "disabled";
    return r.result === "fail" && r.enforcement === "advisory" ? "FAIL (advisory)" : LABEL[r.result];
}

/** What a waived control asks for and why this organization does without it. */
const waiverText = (w: Waiver) => `${w.says}. Waived: ${w.reason}`;

export function summary(rows: ComplianceRow[]): string {
    const counted = rows.filter((r) => r.enforcement !== "disabled");
    const count = (result: ComplianceRow["result"]) => counted.filter((r) => r.result === result).length;
    const parts = [`${count("pass")} pass`, `${count("fail")} fail`];
    if (count("after apply") > 0) parts.push(`${count("after apply")} only checkable after apply`);
    // Waivers are counted by control, not by rule: one rule covers fifteen CIS controls.
    const waivers = counted.flatMap((r) => r.waivers);
    if (waivers.length > 0) parts.push(`${waivers.length} ${waivers.length === 1 ? "control" : "controls"} waived (${waivers.map((w) => w.subject).join(", ")})`);
    parts.push(`${count("not applicable")} not applicable to this stack`);
    return parts.join(", ");
}

/** Lines for the end of the plan: one block per guardrail, result first, then one per waived control. */
export function renderCompliance(rows: ComplianceRow[]): string[] {
    const lines = ["", `Compliance: the policy pack's guardrails (guardrails/), run over this plan as the first \`pulumi preview\` sees it: ${summary(rows)}.`];
    const width = Math.max(...rows.map((r) => label(r).length), ...(rows.some((r) => r.waivers.length > 0) ? [WAIVED.length] : []));
    const indent = `  ${" ".repeat(width)}    `;
    for (const r of rows) {
        lines.push(`  ${label(r).padEnd(width)}  ${r.controls.join(", ")}  [${r.policy}]`);
        for (const line of [...r.violations, ...r.evidence]) lines.push(`${indent}${line}`);
        for (const w of r.waivers) lines.push(`  ${WAIVED.padEnd(width)}  ${w.subject}  [${r.policy}]`, `${indent}${waiverText(w)}`);
    }
    return lines;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** A Markdown table of the report, for a pull-request comment: a row per guardrail, and one per waived control. */
export function complianceMarkdown(rows: ComplianceRow[]): string[] {
    const lines = [`**Compliance:** ${summary(rows)}.`, "", "| control | what the planned resources do | result | policy |", "| --- | --- | --- | --- |"];
    for (const r of rows) {
        const what = [...r.violations.map((v) => `**${v}**`), ...r.evidence].map(cell).join("<br>") || "—";
        lines.push(`| ${cell(r.controls.join(", "))} | ${what} | ${label(r)} | \`${r.policy}\` |`);
        for (const w of r.waivers) lines.push(`| ${cell(w.subject)} | ${cell(waiverText(w))} | ${WAIVED} | \`${r.policy}\` |`);
    }
    return lines;
}
