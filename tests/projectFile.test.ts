// Pulumi.yaml, the stack files and the README say what the schemas say.
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { projectConfigKeys, pulumiYamlConfig, readmeConfigTable } from "../config/docs";
import { readmeDetectionTable } from "../detections/docs";
import { readmeGuardrailTable } from "../guardrails/docs";
import { readmeQueryTable } from "../athena/docs";
import { main } from "../program";
import { simulate } from "../plan/simulator";
import { loadStackConfig } from "../plan/stackFiles";

const ROOT = path.resolve(__dirname, "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

describe("project files", () => {
    const project = parse(read("Pulumi.yaml"));

    it("Pulumi.yaml names the project and the TypeScript nodejs runtime", () => {
        assert.equal(project.name, "org-cloudtrail");
        assert.equal(project.runtime.name, "nodejs");
    });

    it("Pulumi.yaml declares exactly the schemas' keys, with their types, descriptions and defaults", () => {
        assert.deepEqual(project.config, pulumiYamlConfig());
    });

    it("declares a default for every key, so no stack must set a key it does not use", () => {
        for (const [key, declaration] of Object.entries(project.config as Record<string, { default?: unknown }>)) {
            assert.notEqual(declaration.default, undefined, key);
        }
    });

    it("the README's config table is the one the schemas produce", () => {
        assert.ok(read("README.md").includes(readmeConfigTable()), "README.md config table is out of date: run `npx ts-node config/docs.ts`");
    });

    it("the README's detection table is the one the catalog produces", () => {
        assert.ok(read("README.md").includes(readmeDetectionTable()), "README.md detection table is out of date: run `npx ts-node detections/docs.ts`");
    });

    it("the README's table of policies is the one the policy pack's rules produce", () => {
        assert.ok(read("README.md").includes(readmeGuardrailTable()), "README.md policy table is out of date: run `npx ts-node guardrails/docs.ts`");
    });

    it("the README's table of saved Athena queries is the one athena/queries.ts produces", () => {
        assert.ok(read("README.md").includes(readmeQueryTable()), "README.md saved-query table is out of date: run `npx ts-node athena/docs.ts`");
    });

    it("the README shows the set-up commands and the test command", () => {
        const readme = read("README.md");
        for (const command of ["npm ci", "npm run plan -- log-archive", "npm test", "pulumi stack select log-archive && pulumi up"]) {
            assert.ok(readme.includes(command), command);
        }
    });

    for (const stack of ["log-archive", "management"]) {
        it(`Pulumi.${stack}.yaml sets only declared keys, a region and default tags`, () => {
            const config = parse(read(`Pulumi.${stack}.yaml`)).config as Record<string, unknown>;
            const declared = new Set(projectConfigKeys().map((k) => `org-cloudtrail:${k.key}`));
            for (const key of Object.keys(config).filter((k) => k.startsWith("org-cloudtrail:"))) {
                assert.ok(declared.has(key), `${key} is not declared in Pulumi.yaml`);
            }
            assert.match(String(config["aws:region"]), /^[a-z]{2}-[a-z]+-\d$/);
            assert.ok((config["aws:defaultTags"] as { tags: object }).tags);
        });
    }

    it("Pulumi.log-archive.yaml is a complete, valid configuration", async () => {
        const config = loadStackConfig(ROOT, "log-archive");
        const accountId = config["org-cloudtrail:accountId"];
        const run = await simulate(main, {
            stack: "log-archive",
            config,
            caller: { accountId, arn: `arn:aws:sts::${accountId}:assumed-role/PulumiDeployer/test`, userId: "AROA" },
        });
        assert.equal(run.outputs.organizationId, "o-a1b2c3d4e5");
        assert.equal(run.outputs.managementAccountId, "111111111111");
    });
});
