// Pulumi.yaml, the stack files, the README and docs/ say what the code says,
// and every relative link in them leads somewhere.
import { strict as assert } from "assert";
import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { projectConfigKeys, pulumiYamlConfig } from "../config/docs";
import { GENERATED_TABLES, replaceTable, SYNC_COMMAND } from "../scripts/docTables";
import { main } from "../program";
import { simulate } from "../plan/simulator";
import { loadStackConfig } from "../plan/stackFiles";

const ROOT = path.resolve(__dirname, "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const MARKDOWN_FILES = ["README.md", ...readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

// No Markdown parser is installed, so these read the few constructs the
// docs use, by regular expression: fenced code blocks and inline code are
// blanked first (a link or `#` inside them is text, not Markdown).
const withoutCode = (md: string) => md.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");

/** Inline links `[text](target)` that are not absolute URLs (no scheme). */
function relativeLinks(md: string): string[] {
    return [...withoutCode(md).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/**
 * The anchors GitHub gives the ATX headings of `md`, as github-slugger makes
 * them: the heading's text without Markdown (code spans keep their text),
 * lower-cased, every character that is not a letter, digit, space, `-` or
 * `_` dropped, each space a `-`; a repeated anchor gets `-1`, `-2`, ...
 */
function headingAnchors(md: string): Set<string> {
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    for (const m of md.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
        const text = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[`*]/g, "");
        const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\p{M} _-]/gu, "").replace(/ /g, "-");
        const count = seen.get(slug) ?? 0;
        seen.set(slug, count + 1);
        anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    return anchors;
}

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

    for (const { file, what, generate } of GENERATED_TABLES) {
        it(`${file} holds the table of ${what} exactly as generated`, async () => {
            // Rewriting the table must change nothing: a stale row, a missing
            // row, or rows left after the generated ones all fail here.
            const text = read(file);
            assert.ok(replaceTable(text, await generate(), file) === text, `${file}: the table of ${what} is out of date: run \`${SYNC_COMMAND}\``);
        });
    }

    it("each generated table lives in one file only, so no stale copy is left elsewhere", async () => {
        for (const { file, generate } of GENERATED_TABLES) {
            const header = (await generate()).split("\n")[0];
            const holders = MARKDOWN_FILES.filter((f) => read(f).includes(header));
            assert.deepEqual(holders, [file], header);
        }
    });

    it("replaceTable rewrites a stale table up to its last row and refuses a file without it", () => {
        const table = "| a | b |\n|---|---|\n| 1 | 2 |";
        const stale = "intro\n\n| a | b |\n|---|---|\n| 1 | 3 |\n| gone | row |\n\nafter\n";
        assert.equal(replaceTable(stale, table, "x.md"), `intro\n\n${table}\n\nafter\n`);
        assert.throws(() => replaceTable("no table\n", table, "x.md"), /x\.md has no table starting with \| a \| b \|/);
    });

    it("every relative link in README.md and docs/ points at an existing file and heading", () => {
        const problems: string[] = [];
        for (const file of MARKDOWN_FILES) {
            for (const target of relativeLinks(read(file))) {
                const [linkPath, anchor] = target.split("#", 2);
                const resolved = linkPath ? path.posix.normalize(path.posix.join(path.posix.dirname(file), linkPath)) : file;
                if (!existsSync(path.join(ROOT, resolved))) {
                    problems.push(`${file}: ${target}: no file ${resolved}`);
                } else if (anchor !== undefined && !headingAnchors(read(resolved)).has(anchor)) {
                    problems.push(`${file}: ${target}: no heading #${anchor} in ${resolved}`);
                }
            }
        }
        assert.deepEqual(problems, []);
    });

    it("the README links to every file in docs/", () => {
        const linked = new Set(relativeLinks(read("README.md")).map((t) => t.split("#")[0]));
        for (const file of MARKDOWN_FILES.filter((f) => f.startsWith("docs/"))) assert.ok(linked.has(file), file);
    });

    it("headingAnchors and relativeLinks read Markdown as GitHub renders it", () => {
        const md = [
            "# Heartbeat: `org-cloudtrail-delivery-stopped`",
            "## 1. Assume the auditor role",
            "## What the SCP and the RCP do not cover",
            "## Move from an existing trail or Control Tower's trail",
            "## Limits",
            "## Limits",
            "```sh",
            "# not a heading [nor](a-link.md)",
            "```",
            "See [x](docs/a.md#b), [`code`](#limits-1), <https://example.com>, [web](https://example.com/c.md) and `[no](link.md)`.",
        ].join("\n");
        assert.deepEqual(
            [...headingAnchors(md)],
            ["heartbeat-org-cloudtrail-delivery-stopped", "1-assume-the-auditor-role", "what-the-scp-and-the-rcp-do-not-cover", "move-from-an-existing-trail-or-control-towers-trail", "limits", "limits-1"],
        );
        assert.deepEqual(relativeLinks(md), ["docs/a.md#b", "#limits-1"]);
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
