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

    it("says the management stack is not built yet", () => {
        const { status, stderr } = plan("management", "--caller-arn", "arn:aws:sts::111111111111:assumed-role/PulumiDeployer/x");
        assert.equal(status, 1);
        assert.match(stderr, /management stack is not built yet/);
    });
});
