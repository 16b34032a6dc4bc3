// The pull-request workflow previews both stacks with the policy pack and
// cannot deploy, and everything it reads from the repository is documented.
import { strict as assert } from "assert";
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "..");
const FILE = ".github/workflows/preview.yml";
const text = readFileSync(path.join(ROOT, FILE), "utf8");
const workflow = parse(text);

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
    "working-directory"?: string;
}
const jobs = workflow.jobs as Record<string, { steps: Step[]; permissions?: Record<string, string>; needs?: string; if?: string; strategy?: any }>;
const steps = Object.values(jobs).flatMap((j) => j.steps);
const pulumiSteps = steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));

describe(`${FILE}`, () => {
    it("runs on pull requests only, with read-only contents by default", () => {
        assert.deepEqual(Object.keys(workflow.on), ["pull_request"]);
        assert.deepEqual(workflow.permissions, { contents: "read" });
    });

    it("installs, runs the same tests as the README and the offline plan of every stack", () => {
        const runs = jobs.test.steps.map((s) => s.run ?? "").join("\n");
        assert.match(runs, /^npm ci$/m);
        assert.match(runs, /^npm test$/m);
        assert.match(runs, /npm run plan -- log-archive --out plan-out/);
        assert.match(runs, /npm run plan -- audit --out plan-out/);
        assert.match(runs, /npm run plan -- management --out plan-out/);
    });

    it("previews log-archive, audit and management, each with its own role, after the tests, with the policy pack", () => {
        const preview = jobs.preview;
        assert.equal(preview.needs, "test");
        assert.deepEqual(preview.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
        assert.deepEqual(preview.strategy.matrix.include, [
            { stack: "log-archive", "role-variable": "LOG_ARCHIVE_PREVIEW_ROLE_ARN" },
            { stack: "audit", "role-variable": "AUDIT_PREVIEW_ROLE_ARN" },
            { stack: "management", "role-variable": "MANAGEMENT_PREVIEW_ROLE_ARN" },
        ]);
        const aws = preview.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
        assert.equal(aws.with?.["role-to-assume"], "${{ vars[matrix.role-variable] }}");
        assert.ok(preview.steps.some((s) => s.run === "npm ci" && s["working-directory"] === "guardrails"), "installs the policy pack");
        assert.equal(pulumiSteps.length, 1);
        assert.equal(pulumiSteps[0].with?.policyPacks, "guardrails");
        assert.equal(pulumiSteps[0].with?.["comment-on-pr"], true);
        assert.equal(pulumiSteps[0].with?.["stack-name"], "${{ vars.PULUMI_STACK_OWNER }}/org-cloudtrail/${{ matrix.stack }}");
        assert.ok(existsSync(path.join(ROOT, "guardrails", "PulumiPolicy.yaml")));
        assert.ok(existsSync(path.join(ROOT, "guardrails", "package-lock.json")), "npm ci in guardrails/ needs its lock file");
    });

    it("cannot deploy: its only Pulumi command is preview, and no step runs the CLI itself", () => {
        assert.deepEqual(pulumiSteps.map((s) => s.with?.command), ["preview"]);
        for (const s of steps) {
            assert.doesNotMatch(s.run ?? "", /\bpulumi\b/, `a run step calls pulumi: ${s.run}`);
        }
        assert.doesNotMatch(text, /\b(up|update|destroy|refresh|import)\b\s*$/m);
        for (const job of Object.values(jobs)) {
            for (const [scope, level] of Object.entries(job.permissions ?? {})) {
                assert.ok(level !== "write" || scope === "id-token" || scope === "pull-requests", `${scope}: ${level}`);
            }
        }
    });

    it("skips the previews for pull requests from forks, which get no OIDC token", () => {
        assert.equal(jobs.preview.if, "github.event.pull_request.head.repo.full_name == github.repository");
    });

    it("reads only repository variables and secrets that docs/guardrails.md documents", () => {
        const docs = readFileSync(path.join(ROOT, "docs", "guardrails.md"), "utf8");
        const names = new Set([
            ...[...text.matchAll(/\b(?:vars|secrets)\.([A-Z_]+)/g)].map((m) => m[1]),
            ...jobs.preview.strategy.matrix.include.map((i: Record<string, string>) => i["role-variable"]),
        ]);
        assert.ok(names.size >= 7, [...names].join(", "));
        for (const name of names) assert.match(docs, new RegExp(`\\| \`${name}\` \\| (variable|secret) \\|`), name);
    });
});
