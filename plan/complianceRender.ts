// The compliance report for a terminal and for a pull-request comment.
import { ComplianceRow } from "./compliance";

const LABEL: Record<ComplianceRow["result"], string> = { pass: "PASS", fail: "FAIL", "after apply": "AFTER APPLY", "not applicable": "n/a" };

function label(r: ComplianceRow): string {
    if (r.enforcement === "disabled") return "disabled";
    return r.result === "fail" && r.enforcement === "advisory" ? "FAIL (advisory)" : LABEL[r.result];
}

export function summary(rows: ComplianceRow[]): string {
    const count = (result: ComplianceRow["result"]) => rows.filter((r) => r.result === result && r.enforcement !== "disabled").length;
    const parts = [`${count("pass")} pass`, `${count("fail")} fail`];
    if (count("after apply") > 0) parts.push(`${count("after apply")} only checkable after apply`);
    parts.push(`${count("not applicable")} not applicable to this stack`);
    return parts.join(", ");
}

/** Lines for the end of the plan: one block per guardrail, result first. */
export function renderCompliance(rows: ComplianceRow[]): string[] {
    const lines = ["", `Compliance: the policy pack's guardrails (guardrails/), run over this plan as the first \`pulumi preview\` sees it: ${summary(rows)}.`];
    const width = Math.max(...rows.map((r) => label(r).length));
    for (const r of rows) {
        lines.push(`  ${label(r).padEnd(width)}  ${r.controls.join(", ")}  [${r.policy}]`);
        for (const line of [...r.violations, ...r.evidence]) lines.push(`  ${" ".repeat(width)}    ${line}`);
    }
    return lines;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** A Markdown table of the report, for a pull-request comment. */
export function complianceMarkdown(rows: ComplianceRow[]): string[] {
    const lines = [`**Compliance:** ${summary(rows)}.`, "", "| control | what the planned resources do | result | policy |", "| --- | --- | --- | --- |"];
    for (const r of rows) {
        const what = [...r.violations.map((v) => `**${v}**`), ...r.evidence].map(cell).join("<br>") || "—";
        lines.push(`| ${cell(r.controls.join(", "))} | ${what} | ${label(r)} | \`${r.policy}\` |`);
    }
    return lines;
}
