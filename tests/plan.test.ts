// `npm run plan` works offline on a fresh checkout and shows what it should.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

function plan(...args: string[]) {
    const run = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "plan/cli.ts", ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, PULUMI_CONFIG: "" },
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run plan", function () {
    this.timeout(60000);

    it("prints every log-archive resource, every policy document in full, and the outputs", () => {
        const { status, stdout, stderr } = plan("log-archive");
        assert.equal(status, 0, stderr);
        assert.match(stdout, /Simulated caller: arn:aws:sts::222222222222:assumed-role\/PulumiDeployer\/offline-plan/);
        assert.match(stdout, /18 AWS resources in 3 components\./);
        for (const name of ["log-archive-key", "log-archive-logs-policy", "log-archive-access-logs-policy", "log-archive-logs-object-lock"]) {
            assert.ok(stdout.includes(`  ${name}  [retained on delete]`), name);
        }
        for (const sid of ["KeyAdministration", "DenyKeyPolicyChanges", "AWSCloudTrailWrite", "DenyOutsideOrganization", "S3ServerAccessLogsPolicy"]) {
            assert.ok(stdout.includes(`"Sid": "${sid}"`), sid);
        }
        assert.match(stdout, /kmsKeyArn: \(known after apply: log-archive-key\.arn\)/);
        assert.match(stdout, /trailArn: arn:aws:cloudtrail:eu-west-1:111111111111:trail\/organization-trail/);
    });

    it("takes another caller with --caller-arn and exempts that role", () => {
        const { status, stdout } = plan("log-archive", "--caller-arn", "arn:aws:sts::222222222222:assumed-role/Ops/alice");
        assert.equal(status, 0);
        assert.ok(stdout.includes('"arn:aws:iam::222222222222:role/*/Ops"'));
    });

    it("fails clearly for a stack without a stack file", () => {
        const { status, stderr } = plan("staging");
        assert.equal(status, 1);
        assert.match(stderr, /no stack file .*Pulumi\.staging\.yaml; stacks here: log-archive, management/);
    });

    it("plans the management stack offline from simulated log-archive outputs and organization, and says so", () => {
        const { status, stdout, stderr } = plan("management");
        assert.equal(status, 0, stderr);
        assert.match(stdout, /Simulated caller: arn:aws:sts::111111111111:assumed-role\/PulumiDeployer\/offline-plan/);
        assert.match(stdout, /Log-archive stack outputs: simulated from Pulumi\.log-archive\.yaml \(stand-ins for values AWS assigns at creation: kmsKeyArn\)/);
        assert.match(stdout, /Organization: simulated o-a1b2c3d4e5 with all features, trusted access for CloudTrail and SCPs enabled/);
        assert.match(stdout, /= reads stack acme\/org-cloudtrail\/log-archive/);
        assert.match(stdout, /\+ aws:cloudtrail\/trail:Trail {2}organization-trail {2}\[protected\]/);
        assert.match(stdout, /isOrganizationTrail: true/);
        assert.match(stdout, /s3BucketName: org-cloudtrail-logs-222222222222-eu-west-1/);
        assert.match(stdout, /"Sid": "ProtectTrail"/);
        assert.match(stdout, /targetId: 222222222222/);
        // Pulumi.management.yaml sets trustedCidrs: 22 detections, each a filter and an alarm, besides 13 others.
        assert.match(stdout, /57 AWS resources in 3 components\./);
        assert.match(stdout, /Detections \(22\): metric, alarm threshold, filter pattern/);
        assert.match(stdout, /  unauthorized-api-calls {2}\(>= 5 in 300 s\)\n {6}\{ \(\(\$\.errorCode = "\*UnauthorizedOperation"\)/);
        assert.match(stdout, /\$\.sourceIPAddress != "203\.0\.113\.\*"/);
    });

    it("fails the management plan with the program's own message when the caller is not the management account", () => {
        const { status, stderr } = plan("management", "--caller-arn", "arn:aws:sts::222222222222:assumed-role/PulumiDeployer/x");
        assert.equal(status, 1);
        assert.match(stderr, /credentials belong to account 222222222222/);
    });
});
