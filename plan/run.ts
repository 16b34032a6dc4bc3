// The offline plan as a function: the program, run against
// Pulumi.<stack>.yaml with a simulated provider, and the policy pack's
// guardrails run over what it planned. `npm run plan` (plan/cli.ts) calls it
// with the console; tests call it in process.
import * as fs from "fs";
import * as path from "path";
import { format, parseArgs } from "util";
import { NAMESPACE } from "../config/load";
import { redactSecrets } from "../config/redact";
import { selectRole } from "../config/role";
import { main } from "../program";
import { analyzed } from "./analyzed";
import { blocksPreview, complianceReport, parsePolicyPackConfig, PolicyPackConfig } from "./compliance";
import { renderCompliance } from "./complianceRender";
import { outProblem, writePlanFiles } from "./planFiles";
import { renderPlan } from "./render";
import { maskStandIns, standInNote, StoodIn } from "./secrets";
import { simulate, SimulationInput } from "./simulator";
import { logArchiveReference, simulatedManagementWorld } from "./simulatedWorld";
import { availableStacks, deployerSession, readStackFile, StackFile } from "./stackFiles";

/** Where the plan's lines go; each call is one line or block of lines. */
export interface PlanIO {
    out(line: string): void;
    err(line: string): void;
}

/** The project directory: the default of --cwd. */
const PROJECT_DIR = path.resolve(__dirname, "..");

export const USAGE = [
    "usage: npm run plan -- <stack> [options]",
    "",
    "Plans Pulumi.<stack>.yaml offline (over Pulumi.yaml's defaults) against a simulated provider,",
    "then runs the guardrails policy pack over the plan. Exit status 1 when the program refuses the",
    "configuration or a mandatory guardrail fails.",
    "",
    "  --caller-arn ARN            simulate this caller (default: a session of the stack's deployerRoleArn)",
    "  --preview                   simulate pulumi preview (default: pulumi up)",
    "  --out DIR                   also write <stack>.json and <stack>.md into DIR; never overwrites a file",
    "  --policy-pack-config FILE   the guardrails' policy config, as pulumi preview --policy-pack-config takes it",
    "  --cwd DIR                   the project directory holding Pulumi.yaml and the stack files (default: this project)",
    "  -h, --help                  print this and exit",
];

/**
 * What the plan prints or writes, shown safely: any URL with credentials
 * redacted (config/redact.ts) and every secret's stand-in as [secret].
 */
class Shown {
    private readonly standIns: StoodIn[] = [];

    constructor(private readonly io: PlanIO) {}

    hide(standIns: readonly StoodIn[]): void {
        this.standIns.push(...standIns);
    }

    readonly text = (text: string): string => maskStandIns(redactSecrets(text), this.standIns);
    readonly out = (line: string): void => this.io.out(this.text(line));
    readonly err = (line: string): void => this.io.err(this.text(line));
}

/** Runs the plan for `argv` (the arguments after `npm run plan --`) and returns its exit status. */
export async function runPlan(argv: string[], io: PlanIO): Promise<number> {
    const shown = new Shown(io);
    try {
        return await plan(argv, shown);
    } catch (error) {
        shown.err(`\nplan failed: ${(error as Error).message}`);
        return 1;
    }
}

async function plan(argv: string[], shown: Shown): Promise<number> {
    const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
            "caller-arn": { type: "string" },
            preview: { type: "boolean" },
            out: { type: "string" },
            "policy-pack-config": { type: "string" },
            cwd: { type: "string" },
            help: { type: "boolean", short: "h" },
        },
    });
    if (values.help) {
        USAGE.forEach((line) => shown.out(line));
        return 0;
    }
    const dir = path.resolve(values.cwd ?? PROJECT_DIR);
    if (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
        throw new Error(`--cwd ${values.cwd}: no Pulumi.yaml in ${dir}; --cwd names the project directory`);
    }
    const stack = positionals[0];
    const callerArnArg = values["caller-arn"];
    if (callerArnArg !== undefined && !callerArnArg.startsWith("arn:")) {
        throw new Error("--caller-arn needs an ARN, e.g. arn:aws:sts::222222222222:assumed-role/PulumiDeployer/me");
    }
    if (!stack || positionals.length > 1) {
        throw new Error(`${USAGE[0]}; stacks: ${availableStacks(dir).join(", ")}; --help lists the options`);
    }
    const outDir = values.out;
    const problem = outDir === undefined ? undefined : outProblem(outDir, stack);
    if (problem) throw new Error(problem);
    const policyConfig = values["policy-pack-config"] ? readPolicyConfig(values["policy-pack-config"]) : {};

    const stackFile = readStackFile(dir, stack);
    shown.hide(stackFile.standIns);
    const { config } = stackFile;
    const notes = [`Config: Pulumi.yaml defaults, then ${stackFile.file}.`, ...fileNotes(stackFile)];
    const worldNotes: string[] = [];
    let defaultCaller: string | undefined;
    let world: Pick<SimulationInput, "stackOutputs" | "organization" | "organizationalUnits"> = {};

    if (selectRole(config[`${NAMESPACE}:role`], stack) === "management") {
        if (logArchiveReference(dir, config, stackFile.file)) {
            const simulated = await withProgramLog(shown.err, () => simulatedManagementWorld(dir, config, stackFile.file));
            const { archive } = simulated;
            shown.hide(archive.stackFile.standIns);
            const o = archive.outputs as Record<string, string>;
            world = simulated.world;
            defaultCaller = deployerSession(config[`${NAMESPACE}:deployerRoleArn`], o.managementAccountId);
            notes.push(...fileNotes(archive.stackFile));
            worldNotes.push(
                `Log-archive stack outputs: simulated from ${archive.stackFile.file}, the stack file of ${archive.stackName} (${NAMESPACE}:logArchiveStack)` +
                    (archive.standIns.length > 0 ? `, with stand-ins for values AWS assigns at creation: ${archive.standIns.join(", ")}.` : "."),
                `Organization: simulated ${o.organizationId} with all features, trusted access for CloudTrail, SCPs and RCPs enabled; \`pulumi up\` checks each for real.`,
            );
        } else {
            // Not a stack name: the program refuses the key, with every other problem of the file, before it reads any stack.
            defaultCaller = deployerSession(config[`${NAMESPACE}:deployerRoleArn`], "000000000000");
            worldNotes.push(`Log-archive stack: not simulated, ${NAMESPACE}:logArchiveStack does not name one.`);
        }
    } else {
        const accountId = config[`${NAMESPACE}:accountId`];
        defaultCaller = accountId ? deployerSession(config[`${NAMESPACE}:deployerRoleArn`], accountId) : undefined;
    }

    const callerArn = callerArnArg ?? defaultCaller;
    const callerAccount = callerArn ? /::(\d{12}):/.exec(callerArn)?.[1] : undefined;
    if (!callerArn || !callerAccount) {
        throw new Error(
            `the plan needs the account it simulates: set ${NAMESPACE}:accountId in ${stackFile.file} ` +
                "or pass --caller-arn arn:aws:sts::<account>:assumed-role/<role>/<session>",
        );
    }
    notes.push(
        `Simulated caller: ${callerArn}${callerArnArg ? "" : " (a session of the stack's deployerRoleArn; --caller-arn changes it)"}`,
        values.preview ? "Simulated command: pulumi preview (--preview)." : "Simulated command: pulumi up (--preview simulates pulumi preview).",
        ...worldNotes,
        `Values AWS assigns at creation are shown as "(known after apply: ...)".`,
    );

    shown.out(`Offline plan of stack "${stack}" (simulated provider: nothing is read from or sent to AWS).`);
    notes.forEach((note) => shown.out(note));
    shown.out("");
    const result = await withProgramLog(shown.err, () =>
        simulate(main, {
            stack,
            config,
            secretKeys: stackFile.secretKeys,
            caller: { accountId: callerAccount, arn: callerArn, userId: "SIMULATED" },
            preview: values.preview === true,
            ...world,
        }),
    );
    const compliance = complianceReport(analyzed(stack, result.resources), policyConfig);
    shown.out(renderPlan(result));
    shown.out(renderCompliance(compliance).join("\n"));
    if (outDir !== undefined) {
        const written = writePlanFiles(outDir, { stack, caller: callerArn, result, compliance, notes }, shown.text);
        shown.out(`\nWrote ${written.join(" and ")}.`);
    }
    if (blocksPreview(compliance)) {
        throw new Error("a mandatory guardrail fails: `pulumi preview --policy-pack guardrails` would stop here too");
    }
    return 0;
}

/** What a stack file leaves the plan unable to see: encrypted values and ESC environments. */
export function fileNotes(f: StackFile): string[] {
    return [
        ...f.standIns.map((s) => standInNote(s, f.file)),
        ...(f.environment ? [`${f.file} imports Pulumi ESC environments (environment:): the plan cannot read them, so any config they provide is missing here.`] : []),
    ];
}

/**
 * Runs the program with its diagnostics routed to `err`: under mocks
 * Pulumi's log has no engine and writes to console.warn and console.error,
 * where an in-process caller would never see them.
 */
async function withProgramLog<T>(err: (line: string) => void, run: () => Promise<T>): Promise<T> {
    const { warn, error } = console;
    console.warn = console.error = (...args: unknown[]) => err(format(...args));
    try {
        return await run();
    } finally {
        console.warn = warn;
        console.error = error;
    }
}

function readPolicyConfig(file: string): PolicyPackConfig {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new Error(`--policy-pack-config ${file}: ${(error as Error).message}`);
    }
    return parsePolicyPackConfig(parsed, file);
}
