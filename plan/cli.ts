// `npm run plan -- <stack> [--caller-arn ARN]`: the program, run offline
// against Pulumi.<stack>.yaml with a simulated provider.
import * as path from "path";
import { main } from "../program";
import { renderPlan } from "./render";
import { simulate } from "./simulator";
import { availableStacks, loadStackConfig } from "./stackFiles";

const ROOT = path.resolve(__dirname, "..");
const DEFAULT_DEPLOYER_ROLE = "PulumiDeployer";

async function plan(argv: string[]): Promise<void> {
    const stack = argv.find((a, i) => !a.startsWith("--") && argv[i - 1] !== "--caller-arn");
    const callerFlag = argv.indexOf("--caller-arn");
    const callerArnArg = callerFlag >= 0 ? argv[callerFlag + 1] : undefined;
    if (callerFlag >= 0 && !callerArnArg?.startsWith("arn:")) {
        throw new Error("--caller-arn needs an ARN, e.g. arn:aws:sts::222222222222:assumed-role/PulumiDeployer/me");
    }
    if (!stack) {
        throw new Error(`usage: npm run plan -- <stack> [--caller-arn ARN]; stacks: ${availableStacks(ROOT).join(", ")}`);
    }
    const config = loadStackConfig(ROOT, stack);
    const accountId = config["org-cloudtrail:accountId"];
    const callerArn =
        callerArnArg ?? (accountId ? `arn:aws:sts::${accountId}:assumed-role/${DEFAULT_DEPLOYER_ROLE}/offline-plan` : undefined);
    const callerAccount = callerArn ? /::(\d{12}):/.exec(callerArn)?.[1] : undefined;
    if (!callerArn || !callerAccount) {
        throw new Error(
            `the plan needs the account it simulates: set org-cloudtrail:accountId in Pulumi.${stack}.yaml ` +
                "or pass --caller-arn arn:aws:sts::<account>:assumed-role/<role>/<session>",
        );
    }

    console.log(`Offline plan of stack "${stack}" (simulated provider: nothing is read from or sent to AWS).`);
    console.log(`Config: Pulumi.yaml defaults, then Pulumi.${stack}.yaml.`);
    console.log(`Simulated caller: ${callerArn}${callerArnArg ? "" : " (from org-cloudtrail:accountId; --caller-arn changes it)"}`);
    console.log(`Values AWS assigns at creation are shown as "(known after apply: ...)".\n`);
    const result = await simulate(main, { stack, config, caller: { accountId: callerAccount, arn: callerArn, userId: "SIMULATED" } });
    console.log(renderPlan(result));
}

plan(process.argv.slice(2)).catch((error: Error) => {
    console.error(`\nplan failed: ${error.message}`);
    process.exitCode = 1;
});
