// `npm run plan -- audit` works offline: the log-archive stack is simulated
// from its stack file, the audit stack is planned after it, and the
// compliance report covers the new resources. Whether or not the example
// log-archive stack file sets auditAccountId (another slice of issue 16 adds
// the key), these tests inject what that stack then exports: auditAccountId
// and the ARNs derived from it.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../program";
import { simulatedAuditOutputs } from "../plan/simulatedWorld";
import { simulate, SimulationInput } from "../plan/simulator";
import { auditOutputsSchema } from "../stacks/auditContract";
import { AUDIT_ACCOUNT } from "./helpers/stacks";
import { PlanRun, planWith } from "./helpers/plan";

describe("npm run plan -- audit", () => {
    let run: PlanRun;
    before(async () => {
        run = await planWith(simulate, ["audit"]);
    });

    it("plans the audit stack from Pulumi.audit.yaml, reading the simulated log-archive stack, as the audit deployer", () => {
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, /^Offline plan of stack "audit"/);
        assert.match(run.stdout, /Log-archive stack outputs: simulated from Pulumi\.log-archive\.yaml, the stack file of acme\/org-cloudtrail\/log-archive/);
        assert.match(run.stdout, /stand-ins for values AWS assigns at creation: kmsKeyArn, logFileTopicKeyArn/);
        assert.match(run.stdout, /Simulated caller: arn:aws:sts::333333333333:assumed-role\/PulumiDeployer\/offline-plan/);
        assert.match(run.stdout, /as a member account sees it/);
    });

    it("shows the engine's function, queues and alarms", () => {
        for (const name of [
            "detection-engine-function",
            "detection-engine-queue",
            "detection-engine-failed",
            "audit-alerting-log-files-stopped-alarm",
            // Issue 18: the digest chain table (protected, retained) and the late-digest schedule.
            "detection-engine-digest-chains",
            "detection-engine-digest-check",
            "detection-engine-digest-check-target",
            "detection-engine-digest-check-permission",
        ]) {
            assert.match(run.stdout, new RegExp(name), name);
        }
    });

    it("marks the digest chain table protected and retained, and does not warn with digest verification on", () => {
        assert.match(run.stdout, /aws:dynamodb\/table:Table {2}detection-engine-digest-chains {2}\[retained on delete, protected\]/);
        assert.ok(!run.stderr.includes("digestVerification is false"), run.stderr);
    });

    it("reports the queues' and the topic's encryption, the engine log group's retention and the alarms' actions as passing", () => {
        for (const rule of ["sqs-1-queue-kms-encryption", "sns-1-topic-kms-encryption", "cloudwatch-16-log-group-retention-365-days", "log-group-kms-encryption", "cloudwatch-15-alarm-and-ok-actions", "cis-3.6-kms-4-key-rotation", "dynamodb-2-point-in-time-recovery", "dynamodb-6-deletion-protection"]) {
            const line = run.stdout.split("\n").find((l) => l.includes(rule));
            assert.ok(line, `${rule} is in the report`);
            assert.match(line!, /^\s*PASS /, line);
        }
    });

    it("refuses, naming the stack to fix, when the log-archive stack does not set auditAccountId", async () => {
        const withoutAuditAccount: typeof simulate = async (program, input) => {
            const result = await simulate(program, input);
            if (input.stack !== "log-archive") return result;
            const { auditAccountId, engineRoleArn, logFileTopicArn, logFileTopicKeyArn, ...outputs } = result.outputs;
            return { ...result, outputs };
        };
        const plain = await planWith(withoutAuditAccount, ["audit"]);
        assert.equal(plain.status, 1);
        assert.match(plain.stderr, /set auditAccountId = 333333333333 in acme\/org-cloudtrail\/log-archive and update it first/);
    });

    it("plans log-archive, then audit, then management, whatever order they are named in", async () => {
        const stacks: string[] = [];
        const counting: typeof simulate = (program, input) => {
            stacks.push(input.stack);
            return simulate(program, input);
        };
        const all = await planWith(counting, ["management", "audit", "log-archive"]);
        assert.match(all.stdout, /Planned 3 stacks in deploy order \(log-archive, audit, management\)/);
        assert.deepEqual(stacks.slice(0, 2), ["log-archive", "audit"]);
    });
});

describe("the audit stack's outputs, simulated for the management stack's plan", () => {
    const ROOT = path.resolve(__dirname, "..");
    const runProgram = (input: SimulationInput) => simulate(main, input);

    it("runs the audit stack named by auditStack from its stack file, with stand-ins for what AWS assigns, valid by the contract", async () => {
        const simulated = await simulatedAuditOutputs(ROOT, { "org-cloudtrail:auditStack": "acme/org-cloudtrail/audit" }, "Pulumi.management.yaml", runProgram);
        assert.ok(simulated);
        assert.equal(simulated.stackName, "acme/org-cloudtrail/audit");
        assert.deepEqual(simulated.standIns, ["alertKeyArn"]);
        const parsed = auditOutputsSchema.safeParse(simulated.outputs);
        assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
        assert.equal(simulated.outputs.accountId, AUDIT_ACCOUNT);
    });

    it("is undefined without auditStack, and names a stack file that does not exist", async () => {
        assert.equal(await simulatedAuditOutputs(ROOT, {}, "Pulumi.management.yaml", runProgram), undefined);
        await assert.rejects(
            simulatedAuditOutputs(ROOT, { "org-cloudtrail:auditStack": "acme/org-cloudtrail/security" }, "Pulumi.management.yaml", runProgram),
            /org-cloudtrail:auditStack = acme\/org-cloudtrail\/security \(Pulumi\.management\.yaml\): the plan simulates that stack from Pulumi\.security\.yaml, which does not exist/,
        );
        await assert.rejects(
            simulatedAuditOutputs(ROOT, { "org-cloudtrail:auditStack": "acme/org-cloudtrail/log-archive" }, "Pulumi.management.yaml", runProgram),
            /auditStack\), simulated from .*, is a log-archive stack, not an audit stack/,
        );
    });
});

describe("npm run plan -- management, with auditStack", () => {
    it("simulates the audit stack named by auditStack after the log-archive stack, before the management stack, and says so", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-audit-"));
        try {
            const ROOT = path.resolve(__dirname, "..");
            for (const file of ["Pulumi.yaml", "Pulumi.log-archive.yaml", "Pulumi.audit.yaml"]) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
            // The example management stack names the audit stack (auditStack), as the three example files go together.
            fs.copyFileSync(path.join(ROOT, "Pulumi.management.yaml"), path.join(dir, "Pulumi.management.yaml"));
            const stacks: string[] = [];
            let managementReads: string[] = [];
            const counting: typeof simulate = (program, input) => {
                stacks.push(input.stack);
                if (input.stack === "management") managementReads = Object.keys(input.stackOutputs ?? {});
                return simulate(program, input);
            };
            const run = await planWith(counting, ["management", "--cwd", dir]);
            assert.deepEqual(managementReads.sort(), ["acme/org-cloudtrail/audit", "acme/org-cloudtrail/log-archive"]);
            assert.deepEqual(stacks, ["log-archive", "audit", "management"], "the log-archive run is shared by the audit and management worlds");
            assert.match(run.stdout, /Audit stack outputs: simulated from .*Pulumi\.audit\.yaml, the stack file of acme\/org-cloudtrail\/audit \(org-cloudtrail:auditStack\), with stand-ins for values AWS assigns at creation: alertKeyArn\./);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
