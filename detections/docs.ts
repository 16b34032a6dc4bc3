// The README's table of detections, from the catalog; tests/projectFile.test.ts
// fails when the two drift.
import { CATALOG } from "./catalog";

export function readmeDetectionTable(): string {
    const rows = CATALOG.map((d) => {
        const alarm = `≥ ${d.threshold} in ${d.periodSeconds / 60} min`;
        return `| \`${d.id}\` | ${d.catches.replace(/\|/g, "\\|")} | ${d.cis ?? ""} | ${alarm} |`;
    });
    return ["| id (metric name) | what it catches | CIS | alarm |", "|---|---|---|---|", ...rows].join("\n");
}

if (require.main === module) console.log(readmeDetectionTable());
