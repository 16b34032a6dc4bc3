// The offline plan as a function: the program, run against each
// Pulumi.<stack>.yaml with a simulated provider, and the policy pack's
// guardrails run over what it planned. Several stacks are planned in one
// process, each upstream stack simulated once. `npm run plan` (plan/cli.ts)
// calls it with the console; tests call it in process.
import * as fs from "fs";
import * as path from "path";
import { format, parseArgs } from "util";
import { NAMESPACE } from "../config/load";
import { redactSecrets } from "../config/redact";
import { Role, selectRole } from "../config/role";
import { main } from "../program";
import { ASSUMPTION_FLAGS, assumptionFields, costConfigFields, PRICE_REGION_FLAG, resolveCostInputs } from "../cost/assumptions";
import { didYouMean } from "../config/suggest";
import { estimate } from "../cost/model";
import { loadPrices } from "../cost/prices";
import { renderEstimate } from "../cost/render";
import { analyzed } from "./analyzed";
import { blocksPreview, complianceReport, parsePolicyPackConfig, PolicyPackConfig } from "./compliance";
import { renderCompliance } from "./complianceRender";
import { outProblem, writePlanFiles } from "./planFiles";
import { renderPlan } from "./render";
import { maskStandIns, standInNote, StoodIn } from "./secrets";
import { simulate, SimulationInput, SimulationResult } from "./simulator";
import { logArchiveReference, RunProgram, simulatedAuditWorld, simulatedManagementWorld } from "./simulatedWorld";
import { availableStacks, deployerSession, missingStackFiles, readStackFile, StackFile } from "./stackFiles";

/** Where the plan's lines go; each call is one line or block of lines. */
export interface PlanIO {
    out(line: string): void;
    err(line: string): void;
}

/** The project directory: the default of --cwd. */
const PROJECT_DIR = path.resolve(__dirname, "..");

export const USAGE = [
    "usage: npm run plan -- [<stack> ...] [options]",
    "",
    "Plans Pulumi.<stack>.yaml offline (over Pulumi.yaml's defaults) against a simulated provider,",
    "then runs the guardrails policy pack over the plan. Exit status 1 when the program refuses the",
    "configuration or a mandatory guardrail fails.",
    "",
    "Without a stack name it plans every stack that has a Pulumi.<stack>.yaml, in one process; with",
    "names, those stacks. Either way in deploy order: every log-archive stack before any management",
    "stack (org-cloudtrail:role, or the stack name). A log-archive stack is simulated once: the",
    "management plan that reads it (org-cloudtrail:logArchiveStack) reuses that run (with --preview",
    "it is simulated twice: previewed for its own plan, as pulumi up for the management plan's).",
    "Each stack prints what planning it alone prints. A stack that fails does not stop the others;",
    "with several stacks a last line names those that failed, and the exit status is 1 if any did.",
    "",
    "  --caller-arn ARN            simulate this caller (default: a session of the stack's deployerRoleArn); one stack only",
    "  --preview                   simulate pulumi preview (default: pulumi up)",
    "  --out DIR                   also write <stack>.json and <stack>.md of each stack into DIR; never overwrites a file",
    "  --policy-pack-config FILE   the guardrails' policy config, as pulumi preview --policy-pack-config takes it",
    "  --accounts N, --regions N, --management-events-per-account-per-day N, --write-event-percent N,",
    "  --data-events-per-day N, --average-event-bytes N, --average-log-file-kb N, --athena-tb-scanned-per-month N",
    "                              the cost estimate's activity, over the stack file's costAssumptions (defaults: docs/configuration.md)",
    "  --cost-price-region REGION  the price file of the cost estimate (cost/prices/<region>.json), over costPriceRegion",
    "  --cwd DIR                   the project directory holding Pulumi.yaml and the stack files (default: this project)",
    "  -h, --help                  print this and exit",
];

/**
 * What a stack file's role says about when `pulumi up` may run it: the audit
 * stack reads the log-archive stack's outputs and the management stack reads
 * both, so every log-archive stack comes first, then every audit stack.
 */
const DEPLOY_ORDER: readonly Role[] = ["log-archive", "audit", "management"];

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

/** What the command line asks for, checked before anything is planned. */
interface PlanRequest {
    /** The project directory. */
    dir: string;
    /** In deploy order. */
    stacks: string[];
    callerArn?: string;
    preview: boolean;
    outDir?: string;
    policyConfig: PolicyPackConfig;
    /** The cost flags given, by flag name (without --). */
    costFlags: Record<string, string | undefined>;
}

/**
 * Runs the plan for `argv` (the arguments after `npm run plan --`) and
 * returns its exit status. `simulateProgram` runs the program on the
 * simulated provider; tests pass one that counts the runs.
 */
export async function runPlan(argv: string[], io: PlanIO, simulateProgram: typeof simulate = simulate): Promise<number> {
    let request: PlanRequest | "help";
    try {
        request = parseRequest(argv);
    } catch (error) {
        new Shown(io).err(`\nplan failed: ${(error as Error).message}`);
        return 1;
    }
    if (request === "help") {
        USAGE.forEach((line) => io.out(line));
        return 0;
    }
    const runProgram = runningOnce((input) => simulateProgram(main, input));
    const failed: string[] = [];
    for (const stack of request.stacks) {
        // Each stack's own: the secrets one stack's plan hides are that plan's, as when it is planned alone.
        const shown = new Shown(io);
        try {
            await planStack(stack, request, shown, runProgram);
        } catch (error) {
            shown.err(`\nplan failed: ${(error as Error).message}`);
            failed.push(stack);
        }
    }
    if (request.stacks.length > 1) {
        const planned = `Planned ${request.stacks.length} stacks in deploy order (${request.stacks.join(", ")})`;
        if (failed.length === 0) io.out(`\n${planned}: none failed.`);
        else io.err(`\n${planned}: ${failed.length} failed: ${failed.join(", ")}.`);
    }
    return failed.length > 0 ? 1 : 0;
}

/** The plan's options, as parseArgs takes them. */
const OPTIONS = {
    "caller-arn": { type: "string" },
    preview: { type: "boolean" },
    out: { type: "string" },
    "policy-pack-config": { type: "string" },
    cwd: { type: "string" },
    ...Object.fromEntries([...Object.keys(ASSUMPTION_FLAGS), PRICE_REGION_FLAG].map((flag) => [flag, { type: "string" as const }])),
    help: { type: "boolean", short: "h" },
} as const;

/** What each option taking a value expects, for the message of a missing one. */
function expectedValue(flag: string): string {
    // The cost flags' expectation is their schema's own message (the one place it is written).
    const key = ASSUMPTION_FLAGS[flag];
    const schema = key ? assumptionFields.shape[key] : flag === PRICE_REGION_FLAG ? costConfigFields.costPriceRegion : undefined;
    const refused = schema?.safeParse(null);
    if (refused && !refused.success) return refused.error.issues[0].message;
    return { "caller-arn": "expected an ARN", out: "expected a directory", "policy-pack-config": "expected a file", cwd: "expected a directory" }[flag] ?? "expected a value";
}

/**
 * `argv` with every `--option value` of an option that takes a value written
 * `--option=value`, so that a value starting with a dash (`--accounts -5`)
 * reaches the option's own validation, which names it, instead of parseArgs'
 * "argument missing". Unknown options and a value missing or given to a
 * switch are refused here, naming the option, the value and what it expects.
 */
export function normalizedArgv(argv: readonly string[]): string[] {
    const names = Object.keys(OPTIONS);
    const takesValue = (name: string) => (OPTIONS as Record<string, { type: string }>)[name]?.type === "string";
    const isOption = (arg: string | undefined) => arg !== undefined && (/^--[^=]+/.test(arg) ? names.includes(/^--([^=]+)/.exec(arg)![1]) : arg === "-h");
    const out: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--") {
            out.push(...argv.slice(i));
            break;
        }
        const m = /^--([^=]+)(=(.*))?$/s.exec(arg);
        if (!m) {
            out.push(arg);
            continue;
        }
        const [, name, withValue, value] = m;
        if (!names.includes(name)) {
            throw new Error(`--${name} is not an option of npm run plan${didYouMean(name, names).replace("did you mean ", "did you mean --")} (--help lists them)`);
        }
        if (!takesValue(name)) {
            if (withValue !== undefined) throw new Error(`--${name}=${value}: expected no value (--${name} is a switch)`);
            out.push(arg);
            continue;
        }
        if (withValue !== undefined) {
            out.push(arg);
            continue;
        }
        const next = argv[i + 1];
        if (next === undefined || isOption(next)) throw new Error(`--${name} has no value: ${expectedValue(name)}`);
        out.push(`--${name}=${next}`);
        i++;
    }
    return out;
}

function parseRequest(argv: string[]): PlanRequest | "help" {
    const { values, positionals } = parseArgs({ args: normalizedArgv(argv), allowPositionals: true, options: OPTIONS });
    if (values.help) return "help";
    const dir = path.resolve(values.cwd ?? PROJECT_DIR);
    if (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
        throw new Error(`--cwd ${values.cwd}: no Pulumi.yaml in ${dir}; --cwd names the project directory`);
    }
    const callerArn = values["caller-arn"];
    if (callerArn !== undefined && !callerArn.startsWith("arn:")) {
        throw new Error(`--caller-arn ${JSON.stringify(callerArn)}: expected an ARN, e.g. arn:aws:sts::222222222222:assumed-role/PulumiDeployer/me`);
    }
    const named = [...new Set(positionals)];
    const stacks = named.length > 0 ? named : availableStacks(dir);
    if (stacks.length === 0) throw new Error(`no stack file Pulumi.<stack>.yaml in ${dir}: nothing to plan; --help lists the options`);
    if (callerArn !== undefined && stacks.length > 1) {
        // The stacks live in different accounts: one caller would be refused by all but one of them.
        throw new Error(`--caller-arn is the caller of one stack's account: plan one stack with it (npm run plan -- <stack> --caller-arn ARN), not ${stacks.join(", ")}`);
    }
    const outDir = values.out;
    const problem = outDir === undefined ? undefined : stacks.map((stack) => outProblem(outDir, stack)).find(Boolean);
    if (problem) throw new Error(problem);
    const policyConfig = values["policy-pack-config"] ? readPolicyConfig(values["policy-pack-config"]) : {};
    const missing = missingStackFiles(dir, stacks);
    if (missing) throw new Error(missing);
    const costFlags = Object.fromEntries([...Object.keys(ASSUMPTION_FLAGS), PRICE_REGION_FLAG].map((flag) => [flag, (values as Record<string, unknown>)[flag] as string | undefined]));
    // The flags alone, checked before anything is planned; each stack's file values are checked with them later.
    resolveCostInputs({}, costFlags, "the command line");
    return { dir, stacks: deployOrder(dir, stacks), callerArn, preview: values.preview === true, outDir, policyConfig, costFlags };
}

/**
 * `stacks` in the order `pulumi up` must run them (DEPLOY_ORDER), each role's
 * stacks in the order given. A stack whose role cannot be told comes last:
 * its own plan then says why.
 */
export function deployOrder(dir: string, stacks: readonly string[]): string[] {
    const rank = (stack: string) => {
        const role = roleOf(dir, stack);
        return role === undefined ? DEPLOY_ORDER.length : DEPLOY_ORDER.indexOf(role);
    };
    return stacks
        .map((stack) => ({ stack, rank: rank(stack) }))
        .sort((a, b) => a.rank - b.rank)
        .map((s) => s.stack);
}

function roleOf(dir: string, stack: string): Role | undefined {
    let configured: string | undefined;
    try {
        configured = readStackFile(dir, stack).config[`${NAMESPACE}:role`];
    } catch {
        // A stack file the plan cannot read: the stack name alone decides; its plan reports the file's problem.
    }
    try {
        return selectRole(configured, stack);
    } catch {
        return undefined;
    }
}

/**
 * `run`, called at most once for each input within one `npm run plan`: the
 * program is deterministic, so a management plan can reuse the run of the
 * log-archive stack planned before it (the same stack file, caller and
 * command). The program's diagnostics of that run are recorded and repeated
 * on reuse, so each stack prints exactly what planning it alone prints.
 */
function runningOnce(run: RunProgram): RunProgram {
    const runs = new Map<string, { log: string[]; result: Promise<SimulationResult> }>();
    return (input) => {
        const key = JSON.stringify({ ...input, secretKeys: input.secretKeys ?? [], preview: input.preview === true }, sortedKeys);
        const known = runs.get(key);
        if (known) {
            known.log.forEach((line) => console.warn("%s", line));
            return known.result;
        }
        const log: string[] = [];
        const result = recordingLog(log, () => run(input));
        runs.set(key, { log, result });
        return result;
    };
}

/** A JSON.stringify replacer: objects with their keys sorted, so that the same input gives the same text. */
function sortedKeys(_key: string, value: unknown): unknown {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `run`, with every line the program logs (console.warn, console.error) also appended to `log`. */
async function recordingLog<T>(log: string[], run: () => Promise<T>): Promise<T> {
    const { warn, error } = console;
    console.warn = (...args: unknown[]) => {
        log.push(format(...args));
        warn(...args);
    };
    console.error = (...args: unknown[]) => {
        log.push(format(...args));
        error(...args);
    };
    try {
        return await run();
    } finally {
        console.warn = warn;
        console.error = error;
    }
}

/** Plans one stack; throws what stops it, after printing what it planned. */
async function planStack(stack: string, request: PlanRequest, shown: Shown, runProgram: RunProgram): Promise<void> {
    const { dir, outDir } = request;
    const stackFile = readStackFile(dir, stack);
    shown.hide(stackFile.standIns);
    const { config } = stackFile;
    const notes = [`Config: Pulumi.yaml defaults, then ${stackFile.file}.`, ...fileNotes(stackFile)];
    const worldNotes: string[] = [];
    let defaultCaller: string | undefined;
    let world: Pick<SimulationInput, "stackOutputs" | "organization" | "organizationalUnits"> = {};

    const role = selectRole(config[`${NAMESPACE}:role`], stack);
    if (role === "audit") {
        if (logArchiveReference(dir, config, stackFile.file)) {
            const simulated = await withProgramLog(shown.err, () => simulatedAuditWorld(dir, config, stackFile.file, runProgram));
            const { archive } = simulated;
            shown.hide(archive.stackFile.standIns);
            const o = archive.outputs as Record<string, string>;
            world = simulated.world;
            // The audit account is the one the log-archive stack names (auditAccountId), else the deployer role's.
            defaultCaller = deployerSession(config[`${NAMESPACE}:deployerRoleArn`], o.auditAccountId ?? "000000000000");
            notes.push(...fileNotes(archive.stackFile));
            worldNotes.push(
                `Log-archive stack outputs: simulated from ${archive.stackFile.file}, the stack file of ${archive.stackName} (${NAMESPACE}:logArchiveStack)` +
                    (archive.standIns.length > 0 ? `, with stand-ins for values AWS assigns at creation: ${archive.standIns.join(", ")}.` : "."),
                `Organization: simulated ${o.organizationId} as a member account sees it (its id and management account); \`pulumi up\` asks AWS Organizations.`,
            );
        } else {
            defaultCaller = deployerSession(config[`${NAMESPACE}:deployerRoleArn`], "000000000000");
            worldNotes.push(`Log-archive stack: not simulated, ${NAMESPACE}:logArchiveStack does not name one.`);
        }
    } else if (role === "management") {
        if (logArchiveReference(dir, config, stackFile.file)) {
            const simulated = await withProgramLog(shown.err, () => simulatedManagementWorld(dir, config, stackFile.file, runProgram));
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
            const { audit } = simulated;
            if (audit) {
                shown.hide(audit.stackFile.standIns);
                notes.push(...fileNotes(audit.stackFile));
                worldNotes.push(
                    `Audit stack outputs: simulated from ${audit.stackFile.file}, the stack file of ${audit.stackName} (${NAMESPACE}:auditStack)` +
                        (audit.standIns.length > 0 ? `, with stand-ins for values AWS assigns at creation: ${audit.standIns.join(", ")}.` : "."),
                );
            }
        } else {
            // Not a stack name: the program refuses the key, with every other problem of the file, before it reads any stack.
            defaultCaller = deployerSession(config[`${NAMESPACE}:deployerRoleArn`], "000000000000");
            worldNotes.push(`Log-archive stack: not simulated, ${NAMESPACE}:logArchiveStack does not name one.`);
        }
    } else {
        const accountId = config[`${NAMESPACE}:accountId`];
        defaultCaller = accountId ? deployerSession(config[`${NAMESPACE}:deployerRoleArn`], accountId) : undefined;
    }

    const callerArn = request.callerArn ?? defaultCaller;
    const callerAccount = callerArn ? /::(\d{12}):/.exec(callerArn)?.[1] : undefined;
    if (!callerArn || !callerAccount) {
        throw new Error(
            `the plan needs the account it simulates: set ${NAMESPACE}:accountId in ${stackFile.file} ` +
                "or pass --caller-arn arn:aws:sts::<account>:assumed-role/<role>/<session>",
        );
    }
    notes.push(
        `Simulated caller: ${callerArn}${request.callerArn ? "" : " (a session of the stack's deployerRoleArn; --caller-arn changes it)"}`,
        request.preview ? "Simulated command: pulumi preview (--preview)." : "Simulated command: pulumi up (--preview simulates pulumi preview).",
        ...worldNotes,
        `Values AWS assigns at creation are shown as "(known after apply: ...)".`,
    );

    shown.out(`Offline plan of stack "${stack}" (simulated provider: nothing is read from or sent to AWS).`);
    notes.forEach((note) => shown.out(note));
    shown.out("");
    const result = await withProgramLog(shown.err, () =>
        runProgram({
            stack,
            config,
            secretKeys: stackFile.secretKeys,
            caller: { accountId: callerAccount, arn: callerArn, userId: "SIMULATED" },
            preview: request.preview,
            ...world,
        }),
    );
    const compliance = complianceReport(analyzed(stack, result.resources), request.policyConfig);
    const cost = stackEstimate(stackFile, request.costFlags, result);
    shown.out(renderPlan(result));
    shown.out(renderCompliance(compliance).join("\n"));
    shown.out(renderEstimate(stack, cost).join("\n"));
    if (outDir !== undefined) {
        const written = writePlanFiles(outDir, { stack, caller: callerArn, result, compliance, notes, cost }, shown.text);
        shown.out(`\nWrote ${written.join(" and ")}.`);
    }
    if (blocksPreview(compliance)) {
        throw new Error("a mandatory guardrail fails: `pulumi preview --policy-pack guardrails` would stop here too");
    }
}

/** The stack's monthly cost estimate: its planned resources, the stack file's cost keys under the command line's flags. */
export function stackEstimate(stackFile: StackFile, flags: Record<string, string | undefined>, result: SimulationResult) {
    const { assumptions, priceRegion } = resolveCostInputs(
        { costAssumptions: stackFile.config[`${NAMESPACE}:costAssumptions`], costPriceRegion: stackFile.config[`${NAMESPACE}:costPriceRegion`] },
        flags,
        stackFile.file,
    );
    return estimate(result.resources, assumptions, loadPrices(priceRegion), result.outputs);
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

/** A file's text; an unreadable file is the option's error. */
function readText(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new Error(`--policy-pack-config ${file}: ${(error as Error).message}`);
    }
}

function readPolicyConfig(file: string): PolicyPackConfig {
    let parsed: unknown;
    const text = readText(file);
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        // Node's message quotes the text around the error, which may be a pasted key: say only where.
        const where = /at position \d+/.exec((error as Error).message)?.[0];
        throw new Error(`--policy-pack-config ${file}: not valid JSON${where ? ` (${where})` : ""}`);
    }
    return parsePolicyPackConfig(parsed, file);
}
