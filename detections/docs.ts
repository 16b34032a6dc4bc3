// The README's table of detections, from the catalog; tests/projectFile.test.ts
// fails when the two drift.
import { CATALOG } from "./catalog";

export function readmeDetectionTable(): string {
    const rows = CATALOG.map((d) => {
        // The audit-* alarms count successful calls only: denied calls cannot hold them in ALARM.
        const alarm = d.pattern === undefined ? "none (the engine only)" : `≥ ${d.threshold} in ${d.periodSeconds / 60} min${d.ownResources ? ", successful calls only" : ""}`;
        return `| \`${d.id}\` | ${d.catches.replace(/\|/g, "\\|")} | ${d.cis ?? ""} | ${alarm} | ${d.severity} |`;
    });
    return ["| id (metric name) | what it catches | CIS | alarm | engine severity |", "|---|---|---|---|---|", ...rows].join("\n");
}

if (require.main === module) console.log(readmeDetectionTable());
