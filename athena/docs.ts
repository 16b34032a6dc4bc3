// The README's table of saved queries, from the queries themselves;
// tests/projectFile.test.ts fails when the two drift.
import { SAVED_QUERIES } from "./queries";

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function readmeQueryTable(): string {
    const rows = SAVED_QUERIES.map(
        (q) => `| \`${q.name}\` | ${cell(q.description)} | ${q.parameters.map((p) => `${p.name} (\`${p.example}\`)`).join(", ")} |`,
    );
    return ["| saved query | what it answers | parameters, in order |", "|---|---|---|", ...rows].join("\n");
}

if (require.main === module) console.log(readmeQueryTable());
