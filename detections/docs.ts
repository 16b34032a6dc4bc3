// The README's table of detections, from the catalog; tests/projectFile.test.ts
// fails when the two drift.
import { CATALOG, Detection } from "./catalog";

const cell = (text: string) => text.replace(/\|/g, "\\|");

/**
 * What a detection's tuning can say beyond what every detection takes
 * (disabled, severity, ignorePrincipals): whether it ignores the
 * organization's automationPrincipals (tunable), and whether its count can
 * be tuned and counted across log files (a catalog threshold above 1, or
 * countPer "principal"; config/audit.ts tuningRefusal).
 */
export function howToTune(d: Pick<Detection, "tunable" | "threshold" | "countPer">): string {
    const ways: string[] = [];
    if (d.tunable) ways.push("ignores `automationPrincipals` (`ignoreAutomation: false` to stop)");
    if (d.threshold > 1 || d.countPer === "principal") ways.push(`\`threshold\` (engine: ${d.threshold} in one log file by default), \`windowMinutes\` to count across files`);
    return ways.length === 0 ? "—" : ways.join("; ");
}

export function readmeDetectionTable(): string {
    const rows = CATALOG.map((d) => {
        // The audit-* alarms count successful calls only: denied calls cannot hold them in ALARM.
        const alarm = d.pattern === undefined ? "none (the engine only)" : `≥ ${d.threshold} in ${d.periodSeconds / 60} min${d.ownResources ? ", successful calls only" : ""}`;
        return `| \`${d.id}\` | ${cell(d.catches)} | ${cell(d.technique ?? "")} | ${d.cis ?? ""} | ${alarm} | ${d.severity} | ${howToTune(d)} |`;
    });
    return [
        "| id (metric name) | what it catches | ATT&CK technique | CIS | alarm | engine severity (default) | how to tune, beyond disabled, severity and ignorePrincipals |",
        "|---|---|---|---|---|---|---|",
        ...rows,
    ].join("\n");
}

if (require.main === module) console.log(readmeDetectionTable());
