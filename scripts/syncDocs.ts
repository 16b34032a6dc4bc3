// Rewrites the generated parts of Pulumi.yaml and of the Markdown files in
// docs/ from the code they document (config schemas, detection catalog,
// guardrails, saved queries): `npm run docs`.
// tests/projectFile.test.ts fails when they drift; this is how to mend them.
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { pulumiYamlConfig } from "../config/docs";
import { GENERATED_TABLES, replaceTable } from "./docTables";

const ROOT = path.resolve(__dirname, "..");

const yamlPath = path.join(ROOT, "Pulumi.yaml");
const yaml = readFileSync(yamlPath, "utf8");
const configAt = yaml.indexOf("\nconfig:\n");
writeFileSync(yamlPath, yaml.slice(0, configAt + 1) + stringify({ config: pulumiYamlConfig() }, { lineWidth: 0 }));

void (async () => {
    for (const { file, generate } of GENERATED_TABLES) {
        const filePath = path.join(ROOT, file);
        writeFileSync(filePath, replaceTable(readFileSync(filePath, "utf8"), await generate(), file));
    }
})();
