// `npm run plan -- <stack> [--caller-arn ARN] [--preview] [--out DIR] [--policy-pack-config FILE]`:
// the program, run offline against Pulumi.<stack>.yaml with a simulated
// provider, and the policy pack's guardrails run over what it planned.
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { selectRole } from "../config/role";
import { main } from "../program";
import { analyzed } from "./analyzed";
import { blocksPreview, complianceReport, PolicyPackConfig } from "./compliance";
import { renderCompliance } from "./complianceRender";
import { writePlanFiles } from "./planFiles";
import { renderPlan } from "./render";
import { simulate, SimulationInput } from "./simulator";
import { simulatedManagementWorld } from "./simulatedWorld";
import { availableStacks, deployerSession, loadStackConfig } from "./stackFiles";

const ROOT = path.resolve(__dirname, "..");
const USAGE = "usage: npm run plan -- <stack> [--caller-arn ARN] [--preview] [--out DIR] [--policy-pack-config FILE]";

async function plan(argv: string[]): Promise<void> {
    const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { "caller-arn": { type: "string" }, preview: { type: "boolean" }, out: { type: "string" }, "policy-pack-config": { type: "string" } },
    });
    const stack = positionals[0];
    const callerArnArg = values["caller-arn"];
    if (callerArnArg !== undefined && !callerArnArg.startsWith("arn:")) {
        throw new Error("--caller-arn needs an ARN, e.g. arn:aws:sts::222222222222:assumed-role/PulumiDeployer/me");
    }
    if (!stack || positionals.length > 1) {
        throw new Error(`${USAGE}; stacks: ${availableStacks(ROOT).join(", ")}`);
    }
    const policyConfig = values["policy-pack-config"] ? readPolicyConfig(values["policy-pack-config"]) : {};
    const config = loadStackConfig(ROOT, stack);
    const notes: string[] = [];
    let defaultCaller: string | undefined;
    let world: Pick<SimulationInput, "stackOutputs" | "organization"> = {};

    if (selectRole(config["org-cloudtrail:role"], stack) === "management") {
        const simulated = await simulatedManagementWorld(ROOT, config);
        const { archive } = simulated;
        const o = archive.outputs as Record<string, string>;
        world = simulated.world;
        defaultCaller = deployerSession(config["org-cloudtrail:deployerRoleArn"], o.managementAccountId);
        notes.push(
            `Log-archive stack outputs: simulated from Pulumi.log-archive.yaml` +
                (archive.standIns.length > 0 ? ` (stand-ins for values AWS assigns at creation: ${archive.standIns.join(", ")}).` : "."),
            `Organization: simulated ${o.organizationId} with all features, trusted access for CloudTrail, SCPs and RCPs enabled; \`pulumi up\` checks each for real.`,
        );
    } else {
        const accountId = config["org-cloudtrail:accountId"];
        defaultCaller = accountId ? deployerSession(config["org-cloudtrail:deployerRoleArn"], accountId) : undefined;
    }

    const callerArn = callerArnArg ?? defaultCaller;
    const callerAccount = callerArn ? /::(\d{12}):/.exec(callerArn)?.[1] : undefined;
    if (!callerArn || !callerAccount) {
        throw new Error(
            `the plan needs the account it simulates: set org-cloudtrail:accountId in Pulumi.${stack}.yaml ` +
                "or pass --caller-arn arn:aws:sts::<account>:assumed-role/<role>/<session>",
        );
    }

    console.log(`Offline plan of stack "${stack}" (simulated provider: nothing is read from or sent to AWS).`);
    console.log(`Config: Pulumi.yaml defaults, then Pulumi.${stack}.yaml.`);
    console.log(`Simulated caller: ${callerArn}${callerArnArg ? "" : " (a session of the stack's deployerRoleArn; --caller-arn changes it)"}`);
    console.log(values.preview ? "Simulated command: pulumi preview (--preview)." : "Simulated command: pulumi up (--preview simulates pulumi preview).");
    for (const note of notes) console.log(note);
    console.log(`Values AWS assigns at creation are shown as "(known after apply: ...)".\n`);
    const result = await simulate(main, { stack, config, caller: { accountId: callerAccount, arn: callerArn, userId: "SIMULATED" }, preview: values.preview === true, ...world });
    const compliance = complianceReport(analyzed(stack, result.resources), policyConfig);
    console.log(renderPlan(result));
    console.log(renderCompliance(compliance).join("\n"));
    if (values.out) {
        const written = writePlanFiles(values.out, { stack, caller: callerArn, result, compliance });
        console.log(`\nWrote ${written.join(" and ")}.`);
    }
    if (blocksPreview(compliance)) {
        throw new Error("a mandatory guardrail fails: `pulumi preview --policy-pack guardrails` would stop here too");
    }
}

function readPolicyConfig(file: string): PolicyPackConfig {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new Error(`--policy-pack-config ${file}: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new Error(`--policy-pack-config ${file}: expected a JSON object of policy names, as pulumi preview --policy-pack-config takes`);
    }
    return parsed as PolicyPackConfig;
}

plan(process.argv.slice(2)).catch((error: Error) => {
    console.error(`\nplan failed: ${error.message}`);
    process.exitCode = 1;
});
