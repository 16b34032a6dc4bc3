// Which generated Markdown table lives in which file, and what generates it.
// scripts/syncDocs.ts rewrites every table listed here and
// tests/projectFile.test.ts checks each one, so moving a table to another
// file is one edit here.
import { readmeConfigTable } from "../config/docs";
import { readmeDetectionTable } from "../detections/docs";
import { readmeGuardrailTable } from "../guardrails/docs";
import { readmeQueryTable } from "../athena/docs";
import { readmeAssumptionTable, readmeCostTable } from "../cost/docs";

export interface GeneratedTable {
    /** Path from the repository root. */
    readonly file: string;
    /** What the table lists, for messages. */
    readonly what: string;
    /** Synchronous, or a promise for a table built from a simulated plan. */
    readonly generate: () => string | Promise<string>;
}

export const GENERATED_TABLES: readonly GeneratedTable[] = [
    { file: "docs/configuration.md", what: "config keys (from the schemas in config/)", generate: readmeConfigTable },
    { file: "docs/detections.md", what: "detections (from detections/catalog.ts)", generate: readmeDetectionTable },
    { file: "docs/guardrails.md", what: "guardrail policies (from guardrails/rules)", generate: readmeGuardrailTable },
    { file: "docs/athena.md", what: "saved Athena queries (from athena/queries.ts)", generate: readmeQueryTable },
    { file: "README.md", what: "monthly costs for 5, 50 and 500 accounts (from cost/, over the example stacks' plan)", generate: readmeCostTable },
    { file: "README.md", what: "the cost model's own assumptions (from cost/model.ts MODEL_ASSUMPTIONS)", generate: readmeAssumptionTable },
];

export const SYNC_COMMAND = "npm run docs";

/**
 * Replaces the Markdown table that starts with the first line of `table` (its
 * header row) up to the first line that is not a table row, so stale rows
 * after the header are replaced too. Throws when `text` has no such header.
 */
export function replaceTable(text: string, table: string, file: string): string {
    const header = table.split("\n")[0];
    const start = text.indexOf(header);
    if (start < 0) throw new Error(`${file} has no table starting with ${header}`);
    let end = start;
    for (const line of text.slice(start).split("\n")) {
        if (!line.startsWith("|")) break;
        end += line.length + 1;
    }
    return text.slice(0, start) + table + "\n" + text.slice(end);
}
