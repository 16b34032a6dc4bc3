// Rewrites the generated parts of Pulumi.yaml and README.md from the code
// they document (config schemas, detection catalog, guardrails, saved
// queries): `npx ts-node --transpile-only scripts/syncDocs.ts`.
// tests/projectFile.test.ts fails when they drift; this is how to mend them.
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { pulumiYamlConfig, readmeConfigTable } from "../config/docs";
import { readmeDetectionTable } from "../detections/docs";
import { readmeGuardrailTable } from "../guardrails/docs";
import { readmeQueryTable } from "../athena/docs";

const ROOT = path.resolve(__dirname, "..");

/** Replaces the Markdown table that starts with `header` (up to the first line that is not a table row). */
function replaceTable(text: string, header: string, table: string): string {
    const start = text.indexOf(header);
    if (start < 0) throw new Error(`README.md has no table starting with ${header}`);
    let end = start;
    for (const line of text.slice(start).split("\n")) {
        if (!line.startsWith("|")) break;
        end += line.length + 1;
    }
    return text.slice(0, start) + table + "\n" + text.slice(end);
}

const yamlPath = path.join(ROOT, "Pulumi.yaml");
const yaml = readFileSync(yamlPath, "utf8");
const configAt = yaml.indexOf("\nconfig:\n");
writeFileSync(yamlPath, yaml.slice(0, configAt + 1) + stringify({ config: pulumiYamlConfig() }, { lineWidth: 0 }));

const readmePath = path.join(ROOT, "README.md");
let readme = readFileSync(readmePath, "utf8");
for (const table of [readmeConfigTable(), readmeDetectionTable(), readmeGuardrailTable(), readmeQueryTable()]) {
    readme = replaceTable(readme, table.split("\n")[0], table);
}
writeFileSync(readmePath, readme);
