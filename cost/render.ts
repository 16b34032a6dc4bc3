// The estimate for a person (the plan's last lines) and for a pull request
// (Markdown), both saying it is an estimate and which prices it used.
import { CostEstimate, fmt } from "./model";

/** A quantity as the lines show it: whole numbers grouped, fractions to 4 significant digits. */
export function quantity(q: number): string {
    if (Number.isInteger(q)) return q.toLocaleString("en-US");
    return Number(q.toPrecision(4)).toLocaleString("en-US", { maximumSignificantDigits: 4 });
}

/** A unit price in dollars without exponent: $0.0000005, $0.023, $5. */
export function unitPrice(p: number): string {
    if (p === 0) return "$0";
    const digits = Math.min(12, Math.max(0, 6 - Math.floor(Math.log10(p))));
    return `$${p.toFixed(digits).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "")}`;
}

/** What every rendering says about the figures. */
export function provenance(e: CostEstimate): string {
    return (
        `An estimate, not a quote: list prices of ${e.prices.region} read ${e.prices.read} (cost/prices/${e.prices.region}.json), ` +
        `before taxes, free tiers, savings plans and data transfer; ${e.assumptions.accounts} accounts, ${e.assumptions.regions} regions each, ` +
        `${e.assumptions.managementEventsPerAccountPerDay.toLocaleString("en-US")} management events per account a day (costAssumptions, or the plan's flags).`
    );
}

/** The plan's text: a line per priced item, the total, the warnings. */
export function renderEstimate(stack: string, e: CostEstimate): string[] {
    const lines = ["", `Estimated monthly cost of stack "${stack}": ${fmt(e.total)}`, `  ${provenance(e)}`];
    for (const l of e.lines) {
        lines.push(`  ${fmt(l.amount).padStart(10)}  ${l.service}: ${l.what}: ${quantity(l.quantity)} ${l.unit} × ${unitPrice(l.unitPrice)}`);
    }
    lines.push(`  ${fmt(e.total).padStart(10)}  total a month`);
    for (const w of e.warnings) lines.push(`  warning: ${w}`);
    return lines;
}

/** The Markdown section of `--out`. */
export function estimateMarkdown(e: CostEstimate): string[] {
    return [
        `#### Estimated monthly cost: ${fmt(e.total)}`,
        "",
        provenance(e),
        "",
        "| service | what | quantity | unit price | a month |",
        "|---|---|---|---|---|",
        ...e.lines.map((l) => `| ${l.service} | ${l.what.replace(/\|/g, "\\|")} | ${quantity(l.quantity)} ${l.unit} | ${unitPrice(l.unitPrice)} | ${fmt(l.amount)} |`),
        `| **total** | | | | **${fmt(e.total)}** |`,
        ...(e.warnings.length > 0 ? ["", ...e.warnings.map((w) => `- warning: ${w}`)] : []),
    ];
}
