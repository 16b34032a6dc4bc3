// `npm run plan` works offline on a fresh checkout and shows what it should.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GUARDRAILS } from "../guardrails/rules";

const ROOT = path.resolve(__dirname, "..");

function plan(...args: string[]) {
    const run = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "plan/cli.ts", ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, PULUMI_CONFIG: "" },
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const runs = new Map<string, ReturnType<typeof plan>>();
/** The plan of a stack with its defaults, run once for every test that reads it. */
function planOf(stack: string) {
    if (!runs.has(stack)) runs.set(stack, plan(stack));
    return runs.get(stack)!;
}

describe("npm run plan", function () {
    this.timeout(60000);

    it("prints every log-archive resource, every policy document in full, and the outputs", () => {
        const { status, stdout, stderr } = planOf("log-archive");
        assert.equal(status, 0, stderr);
        assert.match(stdout, /Simulated caller: arn:aws:sts::222222222222:assumed-role\/PulumiDeployer\/offline-plan/);
        assert.match(stdout, /41 AWS resources in 5 components\./);
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
        const { status, stdout, stderr } = planOf("log-archive");
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

    it("previews as another caller with --caller-arn --preview, says so, and still exempts only the configured deployer", () => {
        const { status, stdout, stderr } = plan("log-archive", "--caller-arn", "arn:aws:sts::222222222222:assumed-role/Ops/alice", "--preview");
        assert.equal(status, 0, stderr);
        assert.match(stdout, /Simulated command: pulumi preview \(--preview\)\./);
        assert.match(
            stderr,
            /Previewing as arn:aws:sts::222222222222:assumed-role\/Ops\/alice, not as the log-archive deployer arn:aws:iam::222222222222:role\/PulumiDeployer/,
        );
        assert.ok(stdout.includes('"arn:aws:iam::222222222222:role/PulumiDeployer"'));
        assert.ok(!stdout.includes(":role/Ops"), "the previewing caller must not be exempt anywhere");
    });

    it("fails clearly for a stack without a stack file", () => {
        const { status, stderr } = plan("staging");
        assert.equal(status, 1);
        assert.match(stderr, /no stack file .*Pulumi\.staging\.yaml; stacks here: log-archive, management/);
    });

    it("plans the management stack offline from simulated log-archive outputs and organization, and says so", () => {
        const { status, stdout, stderr } = planOf("management");
        assert.equal(status, 0, stderr);
        assert.match(stdout, /Simulated caller: arn:aws:sts::111111111111:assumed-role\/PulumiDeployer\/offline-plan/);
        assert.match(stdout, /Log-archive stack outputs: simulated from Pulumi\.log-archive\.yaml \(stand-ins for values AWS assigns at creation: kmsKeyArn\)/);
        assert.match(stdout, /Organization: simulated o-a1b2c3d4e5 with all features, trusted access for CloudTrail, SCPs and RCPs enabled/);
        assert.match(stdout, /= reads stack acme\/org-cloudtrail\/log-archive/);
        assert.match(stdout, /\+ aws:cloudtrail\/trail:Trail {2}organization-trail {2}\[protected\]/);
        assert.match(stdout, /isOrganizationTrail: true/);
        assert.match(stdout, /s3BucketName: org-cloudtrail-logs-222222222222-eu-west-1/);
        assert.match(stdout, /"Sid": "ProtectTrail"/);
        assert.match(stdout, /targetId: 222222222222/);
        // Pulumi.management.yaml sets trustedCidrs: 36 detections, each a filter and an alarm, besides 16 others
        // (trail, log group, its key and alias, role and policy, SCP and RCP with an attachment each, topic, its policy, key and alias,
        // one e-mail, the delivery heartbeat alarm).
        assert.match(stdout, /88 AWS resources in 3 components\./);
        assert.match(stdout, /Detections \(36\): metric, alarm threshold, filter pattern/);
        assert.match(stdout, /  unauthorized-api-calls {2}\(>= 5 in 300 s\)\n {6}\{ \(\(\$\.errorCode = "\*UnauthorizedOperation"\)/);
        assert.match(stdout, /\$\.sourceIPAddress != "203\.0\.113\.\*"/);
    });

    it("fails the management plan with the program's own message when the caller is not the management account", () => {
        const { status, stderr } = plan("management", "--caller-arn", "arn:aws:sts::222222222222:assumed-role/PulumiDeployer/x");
        assert.equal(status, 1);
        assert.match(stderr, /credentials belong to account 222222222222/);
    });

    it("ends with the compliance report of the policy pack's guardrails", () => {
        const { status, stdout, stderr } = planOf("log-archive");
        assert.equal(status, 0, stderr);
        const report = stdout.slice(stdout.indexOf("\nCompliance: "));
        assert.match(report, /^\nCompliance: the policy pack's guardrails \(guardrails\/\), run over this plan as the first `pulumi preview` sees it: 8 pass, 0 fail, 12 not applicable to this stack\./);
        assert.match(report, /\n {2}PASS {2}S3\.15, CT\.S3\.PR\.9 {2}\[s3-15-object-lock\]\n {10}objectLockEnabled: false, as a bucket receiving server access logs must be \(log-archive-access-logs\)\n {10}objectLockEnabled: true \(log-archive-logs, log-archive-athena-results\)\n/);
        assert.match(report, /\n {2}n\/a {3}CIS 3\.1, CloudTrail\.1 {2}\[cis-3\.1-cloudtrail-1-multi-region-trail\]\n/);
        assert.equal(report.match(/\[[a-z0-9.-]+\]\n/g)?.length, GUARDRAILS.length);
    });

    it("writes the plan as JSON and Markdown with --out, and a waiver from --policy-pack-config shows in both", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-out-"));
        const config = path.join(dir, "policy-config.json");
        fs.writeFileSync(config, JSON.stringify({ "organization-trail": "disabled" }));
        const { status, stdout, stderr } = plan("management", "--out", path.join(dir, "out"), "--policy-pack-config", config);
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
        assert.match(md, /- `aws:cloudtrail\/trail:Trail` organization-trail/);
    });

    it("refuses a policy config that names no policy of the pack, or is not JSON", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-config-"));
        const misnamed = path.join(dir, "misnamed.json");
        fs.writeFileSync(misnamed, JSON.stringify({ "multi-region": "advisory" }));
        const named = plan("log-archive", "--policy-pack-config", misnamed);
        assert.equal(named.status, 1);
        assert.match(named.stderr, /Invalid policy pack config in .*:\n {2}- multi-region is not a policy of the pack: expected all or one of cis-3\.1-cloudtrail-1-multi-region-trail, /);
        const broken = path.join(dir, "broken.json");
        fs.writeFileSync(broken, "{ not json");
        const parsed = plan("log-archive", "--policy-pack-config", broken);
        assert.equal(parsed.status, 1);
        assert.match(parsed.stderr, /--policy-pack-config .*broken\.json: /);
    });

    it("refuses an option it does not know", () => {
        const { status, stderr } = plan("log-archive", "--output", "x");
        assert.equal(status, 1);
        assert.match(stderr, /Unknown option '--output'/);
    });
});
