// `npm run plan` works offline on a fresh checkout and shows what it should,
// for one stack or for every stack in one process. The plan runs in process
// (plan/run.ts); two child processes prove the `npm run plan` wiring: the
// exit status of a failing guardrail and of --help.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GUARDRAILS } from "../guardrails/rules";
import { fileNotes } from "../plan/run";
import { simulate } from "../plan/simulator";
import { maskStandIns, SECRET_STAND_INS, standInSecrets } from "../plan/secrets";
import { readStackFile } from "../plan/stackFiles";
import { describeSchema } from "../config/load";
import { managementFields } from "../config/management";
import { logArchiveFields } from "../config/logArchive";
import { PlanRun, planWith } from "./helpers/plan";

const ROOT = path.resolve(__dirname, "..");
/** A stack file with keys added at the end of its config block. */
const withConfig = (file: string, yaml: string) => `${file.trimEnd()}\n${yaml}`;
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const LOG_ARCHIVE_FILE = read("Pulumi.log-archive.yaml");
/**
 * The example management stack as an organization without an audit account
 * runs it (two stacks): auditStack removed, the subscribers and trusted
 * networks set here. Most tests below are about the management stack's own
 * plan, which this keeps to two stack files; the examples as shipped (three
 * stacks) are planned from the repository root.
 */
const MANAGEMENT_FILE = withConfig(
    edit(read("Pulumi.management.yaml"), "  org-cloudtrail:auditStack: acme/org-cloudtrail/audit\n", ""),
    "  org-cloudtrail:alertEmails:\n    - security-alerts@example.com\n  org-cloudtrail:trustedCidrs:\n    - 203.0.113.0/24\n    - 198.51.100.10\n",
);

/** The plan, run in process as `npm run plan -- <argv>` would run it. */
const plan = (...argv: string[]): Promise<PlanRun> => planWith(simulate, argv);

const shared = new Map<string, Promise<PlanRun>>();
/** `plan(...argv)`, run once for every test that reads the same plan. */
function sharedPlan(...argv: string[]): Promise<PlanRun> {
    const key = argv.join("\0");
    if (!shared.has(key)) shared.set(key, plan(...argv));
    return shared.get(key)!;
}

/** The simulate function of a plan that records the stack of every program run. */
function counting(): { simulate: typeof simulate; stacks: string[] } {
    const stacks: string[] = [];
    return {
        stacks,
        simulate: (program, input) => {
            stacks.push(input.stack);
            return simulate(program, input);
        },
    };
}

/** `npm run plan -- <argv>` in a child process, as CI runs it. */
function npmPlan(...argv: string[]): PlanRun {
    const run = spawnSync("npm", ["run", "--silent", "plan", "--", ...argv], { cwd: ROOT, encoding: "utf8", env: { ...process.env, PULUMI_CONFIG: "" } });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const tempDirs: string[] = [];
/** A fresh temporary directory, removed after the tests. */
function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    tempDirs.push(dir);
    return dir;
}

/** A project directory for --cwd: this project's Pulumi.yaml and the given stack files. */
function project(files: Record<string, string>): string {
    const dir = tempDir("plan-project-");
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

/** `text` with `from` replaced by `to`; fails when `from` is not there, so a fixture cannot silently drift. */
function edit(text: string, from: string, to: string): string {
    assert.ok(text.includes(from), `fixture no longer contains ${from}`);
    return text.replace(from, to);
}


/** The example stacks renamed prod-log-archive and prod-management, the management stack naming the archive by logArchiveStack. */
const PROD_LOG_ARCHIVE = withConfig(LOG_ARCHIVE_FILE, "  org-cloudtrail:role: log-archive\n");
const prodManagement = (extra = "") =>
    withConfig(
        edit(MANAGEMENT_FILE, "org-cloudtrail:logArchiveStack: acme/org-cloudtrail/log-archive", "org-cloudtrail:logArchiveStack: acme/org-cloudtrail/prod-log-archive"),
        `  org-cloudtrail:role: management\n${extra}`,
    );

const ENCRYPTED_ENTRIES = "  org-cloudtrail:alertHttpsEndpoints:\n    - secure: v1:c2VjcmV0LW9uZQ==\n    - secure: v1:c2VjcmV0LXR3bw==\n";
const STAND_IN = /secret-\d+\.invalid/;

describe("npm run plan", function () {
    this.timeout(60000);
    after(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

    describe("of the example log-archive stack", () => {
        let run: PlanRun;
        before(async () => {
            run = await sharedPlan("log-archive");
        });

        it("prints every log-archive resource, every policy document in full, and the outputs", () => {
            const { status, stdout, stderr } = run;
            assert.equal(status, 0, stderr);
            assert.match(stdout, /Simulated caller: arn:aws:sts::222222222222:assumed-role\/PulumiDeployer\/offline-plan/);
            // With auditAccountId set (as the example is): the log-file topic, its policy, key and alias, and the bucket notification.
            assert.match(stdout, /46 AWS resources in 6 components\./);
            for (const name of ["log-archive-key", "log-archive-logs-policy", "log-archive-access-logs-policy", "log-archive-logs-object-lock"]) {
                assert.ok(stdout.includes(`  ${name}  [retained on delete]`), name);
            }
            for (const sid of ["KeyAdministration", "DenyKeyPolicyChanges", "AWSCloudTrailWrite", "DenyOutsideOrganization", "S3ServerAccessLogsPolicy"]) {
                assert.ok(stdout.includes(`"Sid": "${sid}"`), sid);
            }
            assert.match(stdout, /kmsKeyArn: \(known after apply: log-archive-key\.arn\)/);
            assert.match(stdout, /trailArn: arn:aws:cloudtrail:eu-west-1:111111111111:trail\/organization-trail/);
        });

        it("shows the Athena table as DDL, with its projection and location, and every saved query with its SQL", () => {
            const { status, stdout, stderr } = run;
            assert.equal(status, 0, stderr);
            const ddl = stdout.slice(stdout.indexOf("\nAthena table org_cloudtrail.cloudtrail_logs, as DDL:"), stdout.indexOf("\nSaved queries ("));
            assert.match(ddl, /CREATE EXTERNAL TABLE org_cloudtrail\.cloudtrail_logs \(\n {4}eventversion string,/);
            assert.match(ddl, /ROW FORMAT SERDE 'org\.apache\.hive\.hcatalog\.data\.JsonSerDe'\n *STORED AS INPUTFORMAT 'com\.amazon\.emr\.cloudtrail\.CloudTrailInputFormat'/);
            assert.match(ddl, /'projection\.account\.type' = 'injected'/);
            assert.ok(
                ddl.includes("'storage.location.template' = 's3://org-cloudtrail-logs-222222222222-eu-west-1/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${day}'"),
                ddl,
            );
            const saved = stdout.slice(stdout.indexOf("\nSaved queries ("), stdout.indexOf("\nStack outputs:"));
            assert.match(saved, /^\nSaved queries \(8\), in workgroup org-cloudtrail:\n/);
            assert.match(saved, /\n {2}root-activity: .*Parameters, in order: account, first day, last day\.\n/);
            // Each query's SQL, one line per line, under its resource.
            assert.match(stdout, /log-archive-athena-query-root-activity\n(.*\n)*? {8}query: \|\n {10}SELECT from_iso8601_timestamp\(eventtime\) AS event_time/);
        });

        it("ends with the compliance report of the policy pack's guardrails", () => {
            const { status, stdout, stderr } = run;
            assert.equal(status, 0, stderr);
            const report = stdout.slice(stdout.indexOf("\nCompliance: "));
            assert.match(report, /^\nCompliance: the policy pack's guardrails \(guardrails\/\), run over this plan as the first `pulumi preview` sees it: 9 pass, 0 fail, 15 not applicable to this stack\./);
            assert.match(report, /\n {2}PASS {2}S3\.15, CT\.S3\.PR\.9 {2}\[s3-15-object-lock\]\n {10}objectLockEnabled: false, as a bucket receiving server access logs must be \(log-archive-access-logs\)\n {10}objectLockEnabled: true \(log-archive-logs, log-archive-athena-results\)\n/);
            assert.match(report, /\n {2}n\/a {3}CIS 3\.1, CloudTrail\.1 {2}\[cis-3\.1-cloudtrail-1-multi-region-trail\]\n/);
            assert.equal(report.match(/\[[a-z0-9.-]+\]\n/g)?.length, GUARDRAILS.length);
        });
    });

    it("previews as another caller with --caller-arn --preview, says so, and still exempts only the configured deployer", async () => {
        const { status, stdout, stderr } = await plan("log-archive", "--caller-arn", "arn:aws:sts::222222222222:assumed-role/Ops/alice", "--preview");
        assert.equal(status, 0, stderr);
        assert.match(stdout, /Simulated command: pulumi preview \(--preview\)\./);
        // The program's warning, routed from Pulumi's log to the plan's error stream.
        assert.match(
            stderr,
            /Previewing as arn:aws:sts::222222222222:assumed-role\/Ops\/alice, not as the log-archive deployer arn:aws:iam::222222222222:role\/PulumiDeployer/,
        );
        assert.ok(stdout.includes('"arn:aws:iam::222222222222:role/PulumiDeployer"'));
        assert.ok(!stdout.includes(":role/Ops"), "the previewing caller must not be exempt anywhere");
    });

    describe("of the example management stack, with --out and a waiver", () => {
        let dir: string;
        let run: PlanRun;
        before(async () => {
            dir = tempDir("plan-out-");
            const config = path.join(dir, "policy-config.json");
            fs.writeFileSync(config, JSON.stringify({ "organization-trail": "disabled" }));
            run = await plan("management", "--out", path.join(dir, "out"), "--policy-pack-config", config);
        });

        it("plans the management stack offline from simulated log-archive outputs and organization, and says so", () => {
            const { status, stdout, stderr } = run;
            assert.equal(status, 0, stderr);
            assert.match(stdout, /Simulated caller: arn:aws:sts::111111111111:assumed-role\/PulumiDeployer\/offline-plan/);
            assert.match(
                stdout,
                /Log-archive stack outputs: simulated from Pulumi\.log-archive\.yaml, the stack file of acme\/org-cloudtrail\/log-archive \(org-cloudtrail:logArchiveStack\), with stand-ins for values AWS assigns at creation: kmsKeyArn, logFileTopicKeyArn\./,
            );
            assert.match(stdout, /Organization: simulated o-a1b2c3d4e5 with all features, trusted access for CloudTrail, SCPs and RCPs enabled/);
            assert.match(stdout, /= reads stack acme\/org-cloudtrail\/log-archive/);
            assert.match(stdout, /\+ aws:cloudtrail\/trail:Trail {2}organization-trail {2}\[protected\]/);
            assert.match(stdout, /isOrganizationTrail: true/);
            assert.match(stdout, /s3BucketName: org-cloudtrail-logs-222222222222-eu-west-1/);
            assert.match(stdout, /"Sid": "ProtectTrail"/);
            assert.match(stdout, /targetId: 222222222222/);
            // Pulumi.management.yaml names the audit stack, whose trustedCidrs apply: 49 detections (the 36 of two stacks, the
            // four that watch the engine and its feed, and issue 17's nine with a pattern: two of persistence, seven of defense
            // evasion; its five code detections have no filter), each a filter and an alarm, besides 15 others (trail, log group, its key
            // and alias, role and policy, the SCP and the RCP with an attachment each, protect-audit-engine with two (the audit and
            // log-archive accounts), the delegation policy, the delivery heartbeat alarm). No topic, key or subscription: the
            // alarms page through the audit topic. Issue 17 adds eleven pattern detections (nine for persistence and defense
            // evasion, two for exposure: a filter and an alarm each); its code detections add nothing here.
            // Credential access adds five more pattern detections (Instance Connect, serial console, Windows password
            // data, user data read and replaced): ten resources, 117 + 10 = 127, and 51 + 5 = 56 detections.
            // GuardDuty and Security Hub told to look away (guardduty-findings-suppressed, security-hub-findings-suppressed):
            // two more, four resources, 131 and 58. Issue 18 adds protect-digest-checks and its attachment to the audit account,
            // and audit-digest-checks-changed (a filter and an alarm): 135 and 59.
            assert.match(stdout, /135 AWS resources in 4 components\./);
            assert.match(stdout, /Detections \(59\): metric, alarm threshold, filter pattern/);
            assert.doesNotMatch(stdout, /aws:sns\/topic:Topic/);
            assert.match(stdout, /  unauthorized-api-calls {2}\(>= 5 in 300 s\)\n {6}\{ \(\(\$\.errorCode = "\*UnauthorizedOperation"\)/);
            assert.match(stdout, /\$\.sourceIPAddress != "203\.0\.113\.\*"/);
        });

        it("writes the plan as JSON and Markdown with --out, and a waiver from --policy-pack-config shows in both", () => {
            const { status, stdout, stderr } = run;
            assert.equal(status, 0, stderr);
            assert.match(stdout, /Wrote .*management\.json and .*management\.md\./);
            const json = JSON.parse(fs.readFileSync(path.join(dir, "out", "management.json"), "utf8"));
            assert.equal(json.stack, "management");
            assert.equal(json.resources.length, stdout.match(/^\s*[+=] /gm)?.length);
            assert.deepEqual(json.compliance.map((r: { policy: string }) => r.policy), GUARDRAILS.map((g) => g.name));
            assert.equal(json.compliance.find((r: { policy: string }) => r.policy === "organization-trail").enforcement, "disabled");
            const md = fs.readFileSync(path.join(dir, "out", "management.md"), "utf8");
            assert.match(md, /^### Offline plan of `management`\n/);
            assert.match(md, /\| CIS 3\.2, CloudTrail\.4 \| enableLogFileValidation: true \(organization-trail\) \| PASS \| `cis-3\.2-cloudtrail-4-log-file-validation` \|/);
            assert.match(md, /\| Project rule: every account \| disabled by the policy config \| disabled \| `organization-trail` \|/);
        });

        it("says in the JSON and the Markdown what it simulated, as on stdout, and marks protected and retained resources", () => {
            const json = JSON.parse(fs.readFileSync(path.join(dir, "out", "management.json"), "utf8"));
            const md = fs.readFileSync(path.join(dir, "out", "management.md"), "utf8");
            const notes = run.stdout.split("\n").slice(1, run.stdout.split("\n").indexOf(""));
            assert.ok(notes.length >= 6, notes.join("\n"));
            assert.deepEqual(json.simulated, notes);
            for (const note of notes) assert.ok(md.includes(`- ${note}\n`), note);
            for (const what of ["Config: Pulumi.yaml defaults, then Pulumi.management.yaml.", "Simulated caller: ", "Simulated command: pulumi up", "Log-archive stack outputs: simulated from Pulumi.log-archive.yaml", "Organization: simulated o-a1b2c3d4e5"]) {
                assert.ok(md.includes(what), what);
            }
            assert.match(md, /- `aws:cloudtrail\/trail:Trail` organization-trail \[protected\]\n/);
            assert.match(md, /- `aws:kms\/key:Key` organization-logs-key \[retained on delete\]\n/);
        });
    });

    it("fails the management plan with the program's own message when the caller is not the management account", async () => {
        const { status, stderr } = await plan("management", "--caller-arn", "arn:aws:sts::222222222222:assumed-role/PulumiDeployer/x");
        assert.equal(status, 1);
        assert.match(stderr, /credentials belong to account 222222222222/);
    });

    describe("of several stacks in one process", () => {
        const NOTE = "a note of the log-archive program\n";
        let out: string;
        let both: PlanRun;
        let bothRuns: string[];
        let archive: PlanRun;
        let management: PlanRun;
        let managementRuns: string[];
        before(async () => {
            out = path.join(tempDir("plan-out-"), "out");
            // Given out of deploy order. The example archive logs nothing when its deployer plans it: a run that does stands in for one.
            const runs = counting();
            const noisy: typeof simulate = (program, input) => {
                if (input.stack === "log-archive") console.warn(NOTE.trimEnd());
                return runs.simulate(program, input);
            };
            both = await planWith(noisy, ["management", "log-archive", "--out", out]);
            bothRuns = runs.stacks;
            archive = await sharedPlan("log-archive");
            const alone = counting();
            management = await planWith(alone.simulate, ["management"]);
            managementRuns = alone.stacks;
        });

        it("prints each stack's plan exactly as planning it alone does, in deploy order, writes each one's files with --out, then a summary line", () => {
            assert.equal(both.status, 0, both.stderr);
            assert.equal(archive.status, 0, archive.stderr);
            assert.equal(management.status, 0, management.stderr);
            const wrote = (stack: string) => `\nWrote ${path.join(out, `${stack}.json`)} and ${path.join(out, `${stack}.md`)}.\n`;
            assert.equal(
                both.stdout,
                archive.stdout + wrote("log-archive") + management.stdout + wrote("management") + "\nPlanned 2 stacks in deploy order (log-archive, management): none failed.\n",
            );
            for (const stack of ["log-archive", "management"]) {
                assert.equal(JSON.parse(fs.readFileSync(path.join(out, `${stack}.json`), "utf8")).stack, stack);
                assert.match(fs.readFileSync(path.join(out, `${stack}.md`), "utf8"), new RegExp(`^### Offline plan of \`${stack}\`\n`));
            }
        });

        it("simulates the log-archive stack once: the management plan reuses that run, where planned alone it simulates it itself", () => {
            // The management stack names the audit stack, which is simulated too, reading the same log-archive run.
            assert.deepEqual(bothRuns, ["log-archive", "audit", "management"]);
            assert.deepEqual(managementRuns, ["log-archive", "audit", "management"]);
        });

        it("repeats what the reused run logged in the management plan, as planning the management stack alone would print it", () => {
            assert.equal(archive.stderr + management.stderr, "");
            // Once for the log-archive plan, once where the management stack reads it, once where the audit stack it reads does.
            assert.equal(both.stderr, NOTE + NOTE + NOTE);
        });

        it("plans every stack without a name, by role and not by name, goes on after a failure, exits 1 and ends with the stacks that failed", async () => {
            const dir = project({
                // By name: a-management, broken-log-archive, qa, z-log-archive.
                "Pulumi.a-management.yaml": edit(prodManagement(), "acme/org-cloudtrail/prod-log-archive", "acme/org-cloudtrail/z-log-archive"),
                "Pulumi.qa.yaml": LOG_ARCHIVE_FILE,
                "Pulumi.broken-log-archive.yaml": edit(PROD_LOG_ARCHIVE, "org-cloudtrail:objectLockMode: GOVERNANCE", "org-cloudtrail:objectLockMode: GOVERNED"),
                "Pulumi.z-log-archive.yaml": PROD_LOG_ARCHIVE,
            });
            const runs = counting();
            const { status, stdout, stderr } = await planWith(runs.simulate, ["--cwd", dir]);
            assert.equal(status, 1);
            // The log-archive stacks first, then the management stack reusing z-log-archive's run; qa, of no known role, last.
            assert.deepEqual(runs.stacks, ["broken-log-archive", "z-log-archive", "a-management"]);
            assert.deepEqual(stdout.match(/^Offline plan of stack "[a-z-]+"/gm), [
                'Offline plan of stack "broken-log-archive"',
                'Offline plan of stack "z-log-archive"',
                'Offline plan of stack "a-management"',
            ]);
            // 88 before issue 17; its eighteen pattern detections (five of them credential access, two GuardDuty and Security Hub
            // suppression) add a metric filter and an alarm each.
            assert.match(stdout, /124 AWS resources in 3 components\./, "the management stack after the failure is planned in full");
            assert.match(stderr, /^\nplan failed: Invalid configuration .*\n(.*\n)*? {2}- org-cloudtrail:objectLockMode = "GOVERNED"/);
            assert.match(stderr, /\nplan failed: org-cloudtrail:role is not set and the stack name "qa" is none of log-archive, audit, management/);
            assert.match(stderr, /\nPlanned 4 stacks in deploy order \(broken-log-archive, z-log-archive, a-management, qa\): 2 failed: broken-log-archive, qa\.\n$/);
        });

        it("refuses --caller-arn for several stacks, whose accounts differ, before planning anything", async () => {
            const { status, stdout, stderr } = await plan("--caller-arn", "arn:aws:sts::222222222222:assumed-role/Ops/alice");
            assert.equal(status, 1);
            assert.equal(stdout, "");
            assert.match(stderr, /--caller-arn is the caller of one stack's account: plan one stack with it \(npm run plan -- <stack> --caller-arn ARN\), not audit, log-archive, management\n$/);
        });

        it("refuses --out onto a directory holding any stack's plan files, and a stack without a file, before planning anything", async () => {
            const dir = tempDir("plan-out-");
            fs.writeFileSync(path.join(dir, "management.md"), "an earlier plan");
            const held = await plan("--out", dir);
            assert.equal(held.status, 1);
            assert.equal(held.stdout, "");
            assert.match(held.stderr, /--out .* already holds .*management\.md: the plan does not overwrite files/);
            const missing = await plan("log-archive", "staging", "prod");
            assert.equal(missing.status, 1);
            assert.equal(missing.stdout, "");
            assert.match(missing.stderr, /no stack file Pulumi\.staging\.yaml, Pulumi\.prod\.yaml; stacks here: audit, log-archive, management\n$/);
            const none = await plan("--cwd", project({}));
            assert.equal(none.status, 1);
            assert.match(none.stderr, /no stack file Pulumi\.<stack>\.yaml in .*: nothing to plan/);
        });
    });

    describe("options", () => {
        it("prints the usage with --help or -h and exits 0, planning nothing", async () => {
            for (const flag of ["--help", "-h"]) {
                const { status, stdout, stderr } = await plan(flag);
                assert.equal(status, 0, stderr);
                assert.match(stdout, /^usage: npm run plan -- \[<stack> \.\.\.\] \[options\]\n/);
                for (const option of ["--caller-arn ARN", "--preview", "--out DIR", "--policy-pack-config FILE", "--cwd DIR", "-h, --help"]) {
                    assert.ok(stdout.includes(option), option);
                }
                assert.match(stdout, /Without a stack name it plans every stack that has a Pulumi\.<stack>\.yaml, in one process/);
                assert.match(stdout, /in deploy order: every log-archive stack before any management\nstack/);
                assert.match(stdout, /A stack that fails does not stop the others/);
                assert.match(stdout, /deployerRoleArn\); one stack only\n/);
                assert.ok(!stdout.includes("Offline plan of stack"));
            }
        });

        it("fails clearly for a stack without a stack file", async () => {
            const { status, stderr } = await plan("staging");
            assert.equal(status, 1);
            assert.match(stderr, /no stack file Pulumi\.staging\.yaml; stacks here: audit, log-archive, management/);
        });

        it("refuses an option it does not know", async () => {
            const { status, stderr } = await plan("log-archive", "--output", "x");
            assert.equal(status, 1);
            assert.match(stderr, /--output is not an option of npm run plan \(--help lists them\)/);
            // Close to one: named, as a misspelled config key is
            const near = await plan("log-archive", "--ot", "x");
            assert.equal(near.status, 1);
            assert.match(near.stderr, /--ot is not an option of npm run plan; did you mean --out\?/);
        });

        it("refuses --out onto a file, or onto a directory that holds the stack's plan files, before planning", async () => {
            const dir = tempDir("plan-out-");
            const file = path.join(dir, "plan.txt");
            fs.writeFileSync(file, "keep me");
            const onFile = await plan("log-archive", "--out", file);
            assert.equal(onFile.status, 1);
            assert.equal(onFile.stdout, "", "nothing may be planned first");
            assert.match(onFile.stderr, /--out .*plan\.txt is a file: expected a directory/);
            assert.equal(fs.readFileSync(file, "utf8"), "keep me");

            fs.writeFileSync(path.join(dir, "log-archive.md"), "an earlier plan");
            const overwriting = await plan("log-archive", "--out", dir);
            assert.equal(overwriting.status, 1);
            assert.equal(overwriting.stdout, "");
            assert.match(overwriting.stderr, /--out .* already holds .*log-archive\.md: the plan does not overwrite files/);
            assert.equal(fs.readFileSync(path.join(dir, "log-archive.md"), "utf8"), "an earlier plan");
        });

        it("refuses a policy config that names no policy of the pack, or is not JSON", async () => {
            const dir = tempDir("plan-config-");
            const misnamed = path.join(dir, "misnamed.json");
            fs.writeFileSync(misnamed, JSON.stringify({ "multi-region": "advisory" }));
            const named = await plan("log-archive", "--policy-pack-config", misnamed);
            assert.equal(named.status, 1);
            assert.match(named.stderr, /Invalid policy pack config in .*:\n {2}- multi-region is not a policy of the pack: expected all or one of cis-3\.1-cloudtrail-1-multi-region-trail, /);
            const broken = path.join(dir, "broken.json");
            fs.writeFileSync(broken, "{ not json");
            const parsed = await plan("log-archive", "--policy-pack-config", broken);
            assert.equal(parsed.status, 1);
            assert.match(parsed.stderr, /--policy-pack-config .*broken\.json: not valid JSON/);
            // Node's JSON error quotes the text it stopped at, which may be a pasted key.
            fs.writeFileSync(broken, "apiKey=PASTED-KEY-1");
            const pasted = await plan("log-archive", "--policy-pack-config", broken);
            assert.equal(pasted.status, 1);
            assert.ok(!pasted.stderr.includes("PASTED-KEY-1"), pasted.stderr);
        });

        it("refuses --cwd without a Pulumi.yaml", async () => {
            const dir = tempDir("plan-empty-");
            const { status, stderr } = await plan("log-archive", "--cwd", dir);
            assert.equal(status, 1);
            assert.match(stderr, /--cwd .*: no Pulumi\.yaml in /);
        });
    });

    describe("of stacks named otherwise: the log-archive stack logArchiveStack names", () => {
        let dir: string;
        let run: PlanRun;
        let out: string;
        before(async () => {
            dir = project({ "Pulumi.prod-log-archive.yaml": PROD_LOG_ARCHIVE, "Pulumi.prod-management.yaml": prodManagement(ENCRYPTED_ENTRIES) });
            out = path.join(dir, "out");
            run = await plan("prod-management", "--cwd", dir, "--out", out);
        });

        it("simulates Pulumi.prod-log-archive.yaml and says so", () => {
            const { status, stdout, stderr } = run;
            assert.equal(status, 0, stderr);
            assert.match(stdout, /Config: Pulumi\.yaml defaults, then .*Pulumi\.prod-management\.yaml\./);
            assert.match(stdout, /Log-archive stack outputs: simulated from .*Pulumi\.prod-log-archive\.yaml, the stack file of acme\/org-cloudtrail\/prod-log-archive \(org-cloudtrail:logArchiveStack\)/);
            assert.match(stdout, /= reads stack acme\/org-cloudtrail\/prod-log-archive/);
            assert.ok(!/Pulumi\.log-archive\.yaml/.test(stdout));
        });

        it("blames the archive's own file when the archive's configuration is wrong", async () => {
            const broken = project({
                "Pulumi.prod-log-archive.yaml": edit(PROD_LOG_ARCHIVE, "org-cloudtrail:objectLockMode: GOVERNANCE", "org-cloudtrail:objectLockMode: GOVERNED"),
                "Pulumi.prod-management.yaml": prodManagement(),
            });
            const { status, stderr } = await plan("prod-management", "--cwd", broken);
            assert.equal(status, 1);
            assert.match(stderr, /the log-archive stack acme\/org-cloudtrail\/prod-log-archive \(org-cloudtrail:logArchiveStack\), simulated from .*Pulumi\.prod-log-archive\.yaml, fails: /);
            assert.match(stderr, /org-cloudtrail:objectLockMode = "GOVERNED"/);
        });

        it("names the key, its value and the file it looked for when the archive's stack file is missing", async () => {
            const missing = project({ "Pulumi.prod-management.yaml": prodManagement() });
            const { status, stdout, stderr } = await plan("prod-management", "--cwd", missing);
            assert.equal(status, 1);
            assert.equal(stdout, "");
            assert.match(
                stderr,
                /org-cloudtrail:logArchiveStack = acme\/org-cloudtrail\/prod-log-archive \(.*Pulumi\.prod-management\.yaml\): the plan simulates that stack from .*Pulumi\.prod-log-archive\.yaml, which does not exist; stacks here: prod-management/,
            );
        });

        it("refuses a logArchiveStack that names a management stack, or a stack of another project", async () => {
            const self = project({ "Pulumi.prod-management.yaml": edit(prodManagement(), "acme/org-cloudtrail/prod-log-archive", "acme/org-cloudtrail/prod-management") });
            const selfRun = await plan("prod-management", "--cwd", self);
            assert.equal(selfRun.status, 1);
            assert.match(selfRun.stderr, /the log-archive stack acme\/org-cloudtrail\/prod-management \(org-cloudtrail:logArchiveStack\), simulated from .*Pulumi\.prod-management\.yaml, is a management stack/);
            const other = project({ "Pulumi.prod-management.yaml": edit(prodManagement(), "acme/org-cloudtrail/prod-log-archive", "acme/audit/prod-log-archive") });
            const otherRun = await plan("prod-management", "--cwd", other);
            assert.equal(otherRun.status, 1);
            assert.match(otherRun.stderr, /org-cloudtrail:logArchiveStack = acme\/audit\/prod-log-archive \(.*Pulumi\.prod-management\.yaml\) names a stack of project audit/);
        });

        it("leaves a missing logArchiveStack to the program, which names it", async () => {
            const unset = project({ "Pulumi.management.yaml": edit(MANAGEMENT_FILE, "  org-cloudtrail:logArchiveStack: acme/org-cloudtrail/log-archive\n", "") });
            const { status, stderr } = await plan("management", "--cwd", unset);
            assert.equal(status, 1);
            assert.match(stderr, /Invalid configuration for the management stack; nothing was created:\n {2}- org-cloudtrail:logArchiveStack is not set: expected a fully qualified stack name/);
        });
    });

    describe("secrets", () => {
        let dir: string;
        before(() => {
            dir = tempDir("plan-secrets-");
        });

        it("stands in for each encrypted entry of alertHttpsEndpoints, marks the key secret, and shows [secret]", async () => {
            const root = project({ "Pulumi.prod-log-archive.yaml": PROD_LOG_ARCHIVE, "Pulumi.prod-management.yaml": prodManagement(ENCRYPTED_ENTRIES) });
            const out = path.join(dir, "entries");
            const { status, stdout, stderr } = await plan("prod-management", "--cwd", root, "--out", out);
            assert.equal(status, 0, stderr);
            assert.match(
                stdout,
                /Secrets: org-cloudtrail:alertHttpsEndpoints in .*Pulumi\.prod-management\.yaml has 2 encrypted entries, each stood in for by a placeholder, shown as \[secret\]; the plan cannot decrypt it, `pulumi up` validates the decrypted values\./,
            );
            // Two distinct stand-ins: two subscriptions, and the no-duplicates rule counted them as two.
            for (const i of [0, 1]) assert.match(stdout, new RegExp(`\\+ aws:sns/topicSubscription:TopicSubscription {2}alerting-https-${i}\\n(.*\\n)*? {6}endpoint: "\\[secret\\]"`));
            assert.ok(!stdout.includes("alerting-https-2"));
            const files = [stdout, stderr, fs.readFileSync(path.join(out, "prod-management.json"), "utf8"), fs.readFileSync(path.join(out, "prod-management.md"), "utf8")];
            for (const text of files) {
                assert.ok(!STAND_IN.test(text), "a stand-in was printed");
                assert.ok(!text.includes("c2VjcmV0"), "a ciphertext was printed");
            }
            assert.ok(files[2].includes("[secret]"));
            assert.ok(files[3].includes("[secret]"), "the Markdown repeats the secrets note");
        });

        it("stands in one entry for an alertHttpsEndpoints encrypted as a whole, and says it cannot know how many", async () => {
            const root = project({
                "Pulumi.prod-log-archive.yaml": PROD_LOG_ARCHIVE,
                "Pulumi.prod-management.yaml": prodManagement("  org-cloudtrail:alertHttpsEndpoints:\n    secure: v1:WyJodHRwczovL2EiLCJodHRwczovL2IiXQ==\n"),
            });
            const { status, stdout, stderr } = await plan("prod-management", "--cwd", root);
            assert.equal(status, 0, stderr);
            assert.match(stdout, /Secrets: org-cloudtrail:alertHttpsEndpoints in .*Pulumi\.prod-management\.yaml is encrypted as a whole: the plan stands in one entry for it and cannot know how many it holds, shown as \[secret\]/);
            assert.match(stdout, /alerting-https-0\n(.*\n)*? {6}endpoint: "\[secret\]"/);
            assert.ok(!stdout.includes("alerting-https-1"));
            assert.ok(!STAND_IN.test(stdout + stderr), "a stand-in was printed");
        });

        it("still fails a plain-text alertHttpsEndpoints with the program's message, and redacts URL credentials in every message", async () => {
            const root = project({
                "Pulumi.prod-log-archive.yaml": PROD_LOG_ARCHIVE,
                // An Opsgenie URL pasted under alertEmails: its error must not print the key.
                "Pulumi.prod-management.yaml": edit(
                    prodManagement("  org-cloudtrail:alertHttpsEndpoints:\n    - https://ops:hunter2@events.example.com/sns\n"),
                    "alertEmails:\n    - security-alerts@example.com",
                    "alertEmails:\n    - https://api.opsgenie.com/v1/json/amazonsns?apiKey=plain-key-1",
                ),
            });
            const { status, stdout, stderr } = await plan("prod-management", "--cwd", root);
            assert.equal(status, 1);
            assert.match(stderr, /org-cloudtrail:alertHttpsEndpoints is set in plain text: expected a secret/);
            assert.match(stderr, /org-cloudtrail:alertEmails\[0\] = "https:\/\/api\.opsgenie\.com\/\[redacted\]"/);
            for (const secret of ["plain-key-1", "hunter2"]) assert.ok(!(stdout + stderr).includes(secret), secret);
        });

        it("refuses an encrypted value of a key the program reads in plain text, naming the key and the file", async () => {
            const root = project({ "Pulumi.log-archive.yaml": edit(LOG_ARCHIVE_FILE, "org-cloudtrail:trailName: organization-trail", "org-cloudtrail:trailName:\n    secure: v1:b3JnYW5pemF0aW9uLXRyYWls") });
            const { status, stderr } = await plan("log-archive", "--cwd", root);
            assert.equal(status, 1);
            assert.match(stderr, /Pulumi\.log-archive\.yaml:\d+: org-cloudtrail:trailName is encrypted \(secure:\), but the program reads it in plain text, so the offline plan has no stand-in for it \(it stands in for org-cloudtrail:alertHttpsEndpoints\): set it without --secret/);
        });

        it("gives each encrypted entry its own stand-in, and shows every stand-in as [secret]", () => {
            const key = "org-cloudtrail:alertHttpsEndpoints";
            const result = standInSecrets(key, [{ secure: "v1:a" }, { secure: "v1:b" }]);
            assert.ok("stoodIn" in result);
            const [first, second] = result.value as string[];
            assert.notEqual(first, second);
            assert.deepEqual(result.stoodIn, { key, entries: 2, texts: [first, second] });
            assert.equal(maskStandIns(`endpoints: ${JSON.stringify(result.value)} ${first}`, [result.stoodIn]), 'endpoints: ["[secret]","[secret]"] [secret]');
        });

        it("refuses a plain-text entry beside encrypted ones: the CLI would hide it as a secret, but it sits readable in the stack file", () => {
            const result = standInSecrets("org-cloudtrail:alertHttpsEndpoints", [{ secure: "v1:a" }, "https://api.opsgenie.com/x?apiKey=k", { secure: "v1:b" }]);
            assert.deepEqual(result, {
                problem:
                    "org-cloudtrail:alertHttpsEndpoints[1] is in plain text beside encrypted entries: " +
                    "expected every entry set with pulumi config set --secret --path 'alertHttpsEndpoints[N]' <value>",
            });
        });

        it("has a stand-in for exactly the keys the schemas declare secret", () => {
            const secret = [...describeSchema(managementFields), ...describeSchema(logArchiveFields)].filter((k) => k.secret).map((k) => `org-cloudtrail:${k.key}`);
            assert.deepEqual(Object.keys(SECRET_STAND_INS).sort(), [...new Set(secret)].sort());
        });
    });

    describe("stack files", () => {
        const failure = async (files: Record<string, string>, stack: string) => {
            const result = await plan(stack, "--cwd", project(files));
            assert.equal(result.status, 1);
            assert.equal(result.stdout, "", "nothing may be planned first");
            return result.stderr;
        };

        it("refuses an unknown top-level key, naming the file and line, with the closest key", async () => {
            const stderr = await failure({ "Pulumi.log-archive.yaml": edit(LOG_ARCHIVE_FILE, "\nconfig:\n", "\nconfg:\n") }, "log-archive");
            assert.match(stderr, /Pulumi\.log-archive\.yaml:3: confg: is not a key of a Pulumi stack file; did you mean config\? \(its keys: config, secretsprovider, encryptedkey, encryptionsalt, environment, mainEnvironment\)/);
        });

        it("refuses one key set twice under two spellings, naming both lines, whichever comes first", async () => {
            for (const twice of ["  objectLockDays: 730\n", "  org-cloudtrail:config:objectLockDays: 730\n"]) {
                const stderr = await failure({ "Pulumi.log-archive.yaml": withConfig(LOG_ARCHIVE_FILE, twice) }, "log-archive");
                assert.match(stderr, /Pulumi\.log-archive\.yaml:33: \S*objectLockDays sets org-cloudtrail:objectLockDays again \(first set at \S*Pulumi\.log-archive\.yaml:15\): expected each key once/);
            }
        });

        it("names the file, line and column of a YAML syntax error: in the stack file, in Pulumi.yaml, and in the archive's file", async () => {
            const stackFile = await failure({ "Pulumi.log-archive.yaml": edit(LOG_ARCHIVE_FILE, "  org-cloudtrail:logReaderArns:\n", "  org-cloudtrail:logReaderArns: [\n") }, "log-archive");
            assert.match(stackFile, /plan failed: .*Pulumi\.log-archive\.yaml:\d+:\d+: /);

            const dir = project({ "Pulumi.log-archive.yaml": LOG_ARCHIVE_FILE });
            fs.appendFileSync(path.join(dir, "Pulumi.yaml"), "  broken: [\n");
            const projectFile = await plan("log-archive", "--cwd", dir);
            assert.equal(projectFile.status, 1);
            assert.match(projectFile.stderr, /plan failed: .*Pulumi\.yaml:\d+:\d+: /);

            const archive = await failure(
                { "Pulumi.prod-log-archive.yaml": `${PROD_LOG_ARCHIVE}  org-cloudtrail:objectLockDays: 365: 2\n`, "Pulumi.prod-management.yaml": prodManagement() },
                "prod-management",
            );
            assert.match(archive, /plan failed: .*Pulumi\.prod-log-archive\.yaml:\d+:\d+: /);
            assert.ok(!archive.includes("Pulumi.prod-management.yaml:"), archive);
        });

        it("refuses an unquoted number with a leading zero, at the top level or in a list, naming file, line and key", async () => {
            const stderr = await failure(
                {
                    "Pulumi.log-archive.yaml": edit(
                        edit(LOG_ARCHIVE_FILE, 'org-cloudtrail:accountId: "222222222222"', "org-cloudtrail:accountId: 012345678901"),
                        "    - arn:aws:iam::333333333333:role/SecurityAuditor",
                        "    - 0123",
                    ),
                },
                "log-archive",
            );
            const line = LOG_ARCHIVE_FILE.split("\n").findIndex((l) => l.includes("org-cloudtrail:accountId")) + 1;
            assert.match(stderr, new RegExp(`Pulumi\\.log-archive\\.yaml:${line}: org-cloudtrail:accountId: 012345678901 is an unquoted number with a leading zero, which YAML reads as 12345678901; quote it: "012345678901"`));
            assert.match(stderr, /Pulumi\.log-archive\.yaml:\d+: org-cloudtrail:logReaderArns\[0\]: 0123 is an unquoted number with a leading zero, which YAML reads as 123; quote it: "0123"/);
        });

        it("accepts every top-level key of a Pulumi stack file, and notes the ESC environments it cannot read", () => {
            const dir = project({
                "Pulumi.log-archive.yaml":
                    "secretsprovider: awskms://alias/pulumi\nencryptedkey: AQID\nencryptionsalt: v1:abc\nmainEnvironment: acme/audit\n" +
                    "environment:\n  - acme/audit-log-archive\nconfig:\n  aws:region: eu-west-1\n",
            });
            const file = readStackFile(dir, "log-archive");
            assert.equal(file.config["aws:region"], "eu-west-1");
            assert.deepEqual(fileNotes(file), [
                `${file.file} imports Pulumi ESC environments (environment:): the plan cannot read them, so any config they provide is missing here.`,
            ]);
        });

        it("hands the program what the Pulumi CLI would: a top-level scalar's text, a list as JSON", () => {
            const dir = project({
                "Pulumi.log-archive.yaml":
                    "config:\n  org-cloudtrail:accountId: 222222222222\n  org-cloudtrail:objectLockDays: 365.0\n  org-cloudtrail:trailName:\n" +
                    "  org-cloudtrail:logReaderArns: [222222222222, 'arn:aws:iam::333333333333:role/A']\n",
            });
            const { config } = readStackFile(dir, "log-archive");
            assert.equal(config["org-cloudtrail:accountId"], "222222222222");
            assert.equal(config["org-cloudtrail:objectLockDays"], "365.0");
            assert.equal(config["org-cloudtrail:trailName"], "");
            assert.equal(config["org-cloudtrail:logReaderArns"], '[222222222222,"arn:aws:iam::333333333333:role/A"]');
            assert.equal(config["org-cloudtrail:athenaWorkgroupName"], "org-cloudtrail", "Pulumi.yaml's default");
        });
    });

    // The only gate for pull requests from forks is CI's offline plan: its exit status must fail the job.
    it("exits non-zero from `npm run plan` when a mandatory guardrail fails (a CIS 4.x detection removed)", () => {
        const dir = project({ "Pulumi.management.yaml": withConfig(MANAGEMENT_FILE, "  org-cloudtrail:disabledDetections:\n    - root-account-usage\n"), "Pulumi.log-archive.yaml": LOG_ARCHIVE_FILE });
        const { status, stdout, stderr } = npmPlan("management", "--cwd", dir);
        assert.equal(status, 1, stderr);
        assert.match(stdout, /\n {2}FAIL {2}CIS 4\.1–4\.15, CloudWatch\.1–14 {2}\[cis-4-monitoring-alarms\]\n {10}CIS 4\.3: Root account usage: no metric filter names every term of the benchmark/);
        assert.match(stderr, /plan failed: a mandatory guardrail fails: `pulumi preview --policy-pack guardrails` would stop here too/);
    });

    it("passes that stack when the policy config waives the control with a reason, and shows it as WAIVED", async () => {
        const dir = project({ "Pulumi.management.yaml": withConfig(MANAGEMENT_FILE, "  org-cloudtrail:disabledDetections:\n    - root-account-usage\n"), "Pulumi.log-archive.yaml": LOG_ARCHIVE_FILE });
        const config = path.join(dir, "policy.json");
        fs.writeFileSync(config, JSON.stringify({ "cis-4-monitoring-alarms": { waivedControls: { "4.3": "Root use is alerted by the identity provider; see RISK-7" } } }));
        const { status, stdout, stderr } = await plan("management", "--cwd", dir, "--policy-pack-config", config);
        assert.equal(status, 0, stderr);
        assert.match(stdout, /\n {2}WAIVED {2}CIS 4\.3 {2}\[cis-4-monitoring-alarms\]\n {12}Root account usage\. Waived: Root use is alerted by the identity provider; see RISK-7\n/);
    });

    it("exits 0 from `npm run plan -- --help`", () => {
        const { status, stdout, stderr } = npmPlan("--help");
        assert.equal(status, 0, stderr);
        assert.match(stdout, /^usage: npm run plan -- \[<stack> \.\.\.\] \[options\]\n/m);
    });
});
