// What the offline plan of the audit and management stacks stands in for:
// the outputs of the stacks they read (org-cloudtrail:logArchiveStack, and
// the management stack's auditStack), each simulated from its
// Pulumi.<stack>.yaml beside theirs, and an organization that passes every
// preflight check (as a member account sees it, for the audit stack).
import { existsSync } from "fs";
import { NAMESPACE } from "../config/load";
import { selectRole } from "../config/role";
import * as v from "../config/validators";
import { main } from "../program";
import type { OrganizationFacts } from "../stacks/managementChecks";
import { PROJECT, simulate, SimulationInput, SimulationResult } from "./simulator";
import { availableStacks, deployerSession, readStackFile, shownPath, StackFile, stackFilePath } from "./stackFiles";

const COMPUTED = /^\(known after apply: .*\)$/;

/**
 * Values the log-archive stack only knows once AWS has created its
 * resources, replaced by visibly fake stand-ins of the right shape, because
 * the management stack validates them like configuration.
 */
const STAND_INS: Record<string, (o: Record<string, unknown>) => string> = {
    kmsKeyArn: (o) => `arn:aws:kms:${o.region}:${o.accountId}:key/00000000-0000-0000-0000-simulated000`,
    // Present when the log-archive stack feeds an audit account (auditAccountId).
    logFileTopicKeyArn: (o) => `arn:aws:kms:${o.region}:${o.accountId}:key/00000000-0000-0000-0000-simulated001`,
};

/**
 * One run of the program on the simulated provider. `npm run plan` passes
 * one that runs each input once, so a log-archive stack it has already
 * planned is not simulated again for the management stack.
 */
export type RunProgram = (input: SimulationInput) => Promise<SimulationResult>;

const runMain: RunProgram = (input) => simulate(main, input);

export interface SimulatedLogArchive {
    /** The stack file it was simulated from. */
    stackFile: StackFile;
    /** The fully qualified name the management stack reads it by. */
    stackName: string;
    outputs: Record<string, unknown>;
    /** Output names whose values are stand-ins. */
    standIns: string[];
}

/** How a management stack's logArchiveStack leads to the archive's stack file. */
export interface LogArchiveReference {
    /** The key's value, `<organization>/<project>/<stack>`. */
    stackName: string;
    /** Its `<stack>`. */
    stack: string;
    /** Where the plan looks for it: Pulumi.<stack>.yaml beside the other stack files. */
    file: string;
}

/**
 * The stack file of the log-archive stack `config` names, or undefined when
 * logArchiveStack is not a stack name at all: the program refuses that key
 * itself, with every other problem of the stack file.
 */
export function logArchiveReference(dir: string, config: Record<string, string>, managementFile: string): LogArchiveReference | undefined {
    const stackName = config[`${NAMESPACE}:logArchiveStack`] ?? "";
    if (!v.stackName().safeParse(stackName).success) return undefined;
    const [, project, stack] = stackName.split("/");
    const file = stackFilePath(dir, stack);
    const key = `${NAMESPACE}:logArchiveStack = ${stackName} (${managementFile})`;
    if (project !== PROJECT) {
        throw new Error(
            `${key} names a stack of project ${project}: the offline plan simulates stacks of this project (${PROJECT}) only, ` +
                `each from its Pulumi.<stack>.yaml beside Pulumi.yaml`,
        );
    }
    if (!existsSync(file)) {
        throw new Error(`${key}: the plan simulates that stack from ${shownPath(file)}, which does not exist; stacks here: ${availableStacks(dir).join(", ")}`);
    }
    return { stackName, stack, file: shownPath(file) };
}

/** `run`'s result; its error names the archive's stack file, since the management plan reads two. */
async function named<T>(failing: string, run: () => T | Promise<T>): Promise<T> {
    try {
        return await run();
    } catch (error) {
        throw new Error(`${failing}, fails: ${(error as Error).message}`);
    }
}

async function simulateLogArchiveOutputs(dir: string, ref: LogArchiveReference, runProgram: RunProgram): Promise<SimulatedLogArchive> {
    const stackFile = readStackFile(dir, ref.stack);
    const { config, file } = stackFile;
    const failing = `the log-archive stack ${ref.stackName} (${NAMESPACE}:logArchiveStack), simulated from ${file}`;
    const role = await named(failing, () => selectRole(config[`${NAMESPACE}:role`], ref.stack));
    if (role !== "log-archive") throw new Error(`${failing}, is a ${role} stack: logArchiveStack must name the log-archive stack`);
    const accountId = config[`${NAMESPACE}:accountId`];
    if (!accountId) throw new Error(`${file} must set ${NAMESPACE}:accountId for the plan of a stack that reads it to simulate ${ref.stackName}`);
    const run = await named(failing, () =>
        runProgram({
            stack: ref.stack,
            config,
            secretKeys: stackFile.secretKeys,
            caller: { accountId, arn: deployerSession(config[`${NAMESPACE}:deployerRoleArn`], accountId), userId: "SIMULATED" },
        }),
    );
    const outputs = { ...run.outputs };
    const standIns: string[] = [];
    for (const [key, value] of Object.entries(outputs)) {
        if (typeof value !== "string" || !COMPUTED.test(value)) continue;
        const standIn = STAND_INS[key];
        if (!standIn) throw new Error(`the log-archive output ${key} is only known after apply and the plan has no stand-in for it`);
        outputs[key] = standIn(outputs);
        standIns.push(key);
    }
    return { stackFile, stackName: ref.stackName, outputs, standIns };
}

/** An organization in which every preflight check passes and every configured SCP target exists. */
function simulatedOrganization(a: { organizationId: string; managementAccountId: string; accountIds: string[]; scpTargetIds: string[] }): OrganizationFacts {
    const roots = a.scpTargetIds.filter((t) => t.startsWith("r-"));
    const accounts = new Set([a.managementAccountId, ...a.accountIds, ...a.scpTargetIds.filter((t) => /^\d{12}$/.test(t))]);
    return {
        id: a.organizationId,
        featureSet: "ALL",
        masterAccountId: a.managementAccountId,
        awsServiceAccessPrincipals: ["cloudtrail.amazonaws.com"],
        roots: (roots.length > 0 ? roots : ["r-0000"]).map((id) => ({
            id,
            policyTypes: [
                { type: "SERVICE_CONTROL_POLICY", status: "ENABLED" },
                { type: "RESOURCE_CONTROL_POLICY", status: "ENABLED" },
            ],
        })),
        accounts: [...accounts].map((id) => ({ id })),
    };
}

/**
 * Each configured OU target, holding the log-archive account: the plan cannot
 * know the real OU membership, and `pulumi up` resolves it with AWS
 * Organizations and refuses targets that leave the archive uncovered.
 */
function simulatedOrganizationalUnits(scpTargetIds: string[], logArchiveAccountId: string): Record<string, string[]> {
    return Object.fromEntries(scpTargetIds.filter((t) => t.startsWith("ou-")).map((ou) => [ou, [logArchiveAccountId]]));
}

/**
 * Everything the management stack reads from outside, simulated: the
 * outputs of the log-archive stack that logArchiveStack names, and an
 * organization, with SCPs and RCPs enabled, that contains every configured
 * SCP target. `root` is the directory of the stack files.
 */
export async function simulatedManagementWorld(
    root: string,
    config: Record<string, string>,
    managementFile = "the management stack file",
    runProgram: RunProgram = runMain,
): Promise<{ archive: SimulatedLogArchive; audit?: SimulatedAudit; world: Pick<SimulationInput, "stackOutputs" | "organization" | "organizationalUnits"> }> {
    const ref = logArchiveReference(root, config, managementFile);
    if (!ref) throw new Error(`${NAMESPACE}:logArchiveStack (${managementFile}) must name the log-archive stack for the plan to simulate it`);
    const archive = await simulateLogArchiveOutputs(root, ref, runProgram);
    const o = archive.outputs as Record<string, string>;
    const scpTargetIds = parseList(config[`${NAMESPACE}:scpTargetIds`]);
    const world: Pick<SimulationInput, "stackOutputs" | "organization" | "organizationalUnits"> = {
        stackOutputs: { [ref.stackName]: archive.outputs },
        organization: simulatedOrganization({
            organizationId: o.organizationId,
            managementAccountId: o.managementAccountId,
            accountIds: [o.accountId],
            scpTargetIds,
        }),
        organizationalUnits: simulatedOrganizationalUnits(scpTargetIds, o.accountId),
    };
    // With an audit stack (auditStack), its outputs too: simulated from its stack file, after the log-archive stack it reads.
    const audit = await simulatedAuditOutputs(root, config, managementFile, runProgram);
    if (audit === undefined) return { archive, world };
    return {
        archive,
        audit,
        world: withAuditAccount({ ...world, stackOutputs: { ...world.stackOutputs, [audit.stackName]: audit.outputs } }, String(audit.outputs.accountId)),
    };
}

/**
 * The management stack's simulated world with the audit account in it: a
 * member of the organization and of every OU target, as the log-archive
 * account is (pulumi up checks both for real).
 */
export function withAuditAccount<W extends Pick<SimulationInput, "organization" | "organizationalUnits">>(world: W, auditAccountId: string): W {
    return {
        ...world,
        ...(world.organization ? { organization: { ...world.organization, accounts: [...world.organization.accounts, { id: auditAccountId }] } } : {}),
        ...(world.organizationalUnits
            ? { organizationalUnits: Object.fromEntries(Object.entries(world.organizationalUnits).map(([ou, ids]) => [ou, [...ids, auditAccountId]])) }
            : {}),
    };
}

/** Values the audit stack only knows once AWS has created its resources: stand-ins of the right shape. */
const AUDIT_STAND_INS: Record<string, (o: Record<string, unknown>) => string> = {
    alertKeyArn: (o) => `arn:aws:kms:${o.region}:${o.accountId}:key/00000000-0000-0000-0000-simulated002`,
};

export interface SimulatedAudit {
    /** The stack file it was simulated from. */
    stackFile: StackFile;
    /** The fully qualified name the management stack reads it by (org-cloudtrail:auditStack). */
    stackName: string;
    outputs: Record<string, unknown>;
    /** Output names whose values are stand-ins. */
    standIns: string[];
    /** The log-archive stack the audit stack read. */
    archive: SimulatedLogArchive;
}

/**
 * The outputs of the audit stack that `org-cloudtrail:auditStack` names, simulated
 * from its Pulumi.<stack>.yaml (and, through it, the log-archive stack it reads),
 * for the management stack's plan; undefined when the key is unset. The
 * management stack reads them as it reads them from a deployed audit stack.
 */
export async function simulatedAuditOutputs(
    root: string,
    config: Record<string, string>,
    managementFile = "the management stack file",
    runProgram: RunProgram = runMain,
): Promise<SimulatedAudit | undefined> {
    const stackName = config[`${NAMESPACE}:auditStack`] ?? "";
    if (stackName === "" || !v.stackName().safeParse(stackName).success) return undefined;
    const [, project, stack] = stackName.split("/");
    const key = `${NAMESPACE}:auditStack = ${stackName} (${managementFile})`;
    if (project !== PROJECT) throw new Error(`${key} names a stack of project ${project}: the offline plan simulates stacks of this project (${PROJECT}) only`);
    if (!existsSync(stackFilePath(root, stack))) {
        throw new Error(`${key}: the plan simulates that stack from ${shownPath(stackFilePath(root, stack))}, which does not exist; stacks here: ${availableStacks(root).join(", ")}`);
    }
    const audit = await simulateAuditStack(root, stack, `the audit stack ${stackName} (${NAMESPACE}:auditStack)`, runProgram);
    const outputs = { ...audit.outputs };
    const standIns: string[] = [];
    for (const [name, value] of Object.entries(outputs)) {
        if (typeof value !== "string" || !COMPUTED.test(value)) continue;
        const standIn = AUDIT_STAND_INS[name];
        if (!standIn) throw new Error(`the audit output ${name} is only known after apply and the plan has no stand-in for it`);
        outputs[name] = standIn(outputs);
        standIns.push(name);
    }
    return { stackFile: audit.stackFile, stackName, outputs, standIns, archive: audit.archive };
}

/**
 * One run of the audit stack `stack` from its Pulumi.<stack>.yaml in `root`,
 * reading the log-archive stack its logArchiveStack names, simulated from
 * that stack's file: the management stack's plan reads its outputs, and
 * replay its engineSettings (the settings.json the Lambda would get).
 * `what` names the stack in errors.
 */
export async function simulateAuditStack(
    root: string,
    stack: string,
    what = `the audit stack ${stack}`,
    runProgram: RunProgram = runMain,
): Promise<{ stackFile: StackFile; outputs: Record<string, unknown>; archive: SimulatedLogArchive }> {
    if (!existsSync(stackFilePath(root, stack))) {
        throw new Error(`${what}: the plan simulates it from ${shownPath(stackFilePath(root, stack))}, which does not exist; stacks here: ${availableStacks(root).join(", ")}`);
    }
    const stackFile = readStackFile(root, stack);
    const failing = `${what}, simulated from ${stackFile.file}`;
    const role = await named(failing, () => selectRole(stackFile.config[`${NAMESPACE}:role`], stack));
    if (role !== "audit") throw new Error(`${failing}, is a ${role} stack, not an audit stack`);
    const { archive, world } = await named(failing, () => simulatedAuditWorld(root, stackFile.config, stackFile.file, runProgram));
    const deployer = stackFile.config[`${NAMESPACE}:deployerRoleArn`];
    const accountId = /^arn:[a-z-]+:iam::(\d{12}):/.exec(deployer ?? "")?.[1] ?? String(archive.outputs.auditAccountId ?? "000000000000");
    const run = await named(failing, () =>
        runProgram({
            stack,
            config: stackFile.config,
            secretKeys: stackFile.secretKeys,
            caller: { accountId, arn: deployerSession(deployer, accountId), userId: "SIMULATED" },
            ...world,
        }),
    );
    return { stackFile, outputs: { ...run.outputs }, archive };
}


/**
 * Everything the audit stack reads from outside, simulated: the outputs of
 * the log-archive stack that logArchiveStack names, and the organization as
 * a member account is told it (getOrganization answers a member with the
 * organization's id and management account, not its accounts or roots).
 */
export async function simulatedAuditWorld(
    root: string,
    config: Record<string, string>,
    auditFile = "the audit stack file",
    runProgram: RunProgram = runMain,
): Promise<{ archive: SimulatedLogArchive; world: Pick<SimulationInput, "stackOutputs" | "organization"> }> {
    const ref = logArchiveReference(root, config, auditFile);
    if (!ref) throw new Error(`${NAMESPACE}:logArchiveStack (${auditFile}) must name the log-archive stack for the plan to simulate it`);
    const archive = await simulateLogArchiveOutputs(root, ref, runProgram);
    const o = archive.outputs as Record<string, string>;
    return {
        archive,
        world: {
            stackOutputs: { [ref.stackName]: archive.outputs },
            organization: {
                id: o.organizationId,
                featureSet: "ALL",
                masterAccountId: o.managementAccountId,
                awsServiceAccessPrincipals: [],
                roots: [],
                accounts: [],
            },
        },
    };
}

/** A list-valued key as the stack file gives it; anything else is left for the program to reject. */
function parseList(text: string | undefined): string[] {
    try {
        const value: unknown = JSON.parse(text ?? "[]");
        return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
    } catch {
        return [];
    }
}
