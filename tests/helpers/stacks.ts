// Runs the real program against the simulated provider with a given config.
import { main } from "../../program";
import { CallerIdentity, FailedSimulation, SimulatedResource, simulate, simulateFailure, SimulationResult } from "../../plan/simulator";

export const LOG_ARCHIVE_ACCOUNT = "222222222222";
export const DEPLOYER_SESSION = `arn:aws:sts::${LOG_ARCHIVE_ACCOUNT}:assumed-role/PulumiDeployer/ci`;

export const LOG_ARCHIVE_CONFIG: Record<string, string> = {
    "aws:region": "eu-west-1",
    "org-cloudtrail:organizationId": "o-a1b2c3d4e5",
    "org-cloudtrail:managementAccountId": "111111111111",
};

export const DEPLOYER: CallerIdentity = { accountId: LOG_ARCHIVE_ACCOUNT, arn: DEPLOYER_SESSION, userId: "AROAEXAMPLE:ci" };

/** `org-cloudtrail:<key>` values (objects as JSON) over the minimal valid log-archive config. */
export function logArchiveConfig(overrides: Record<string, unknown> = {}): Record<string, string> {
    const config = { ...LOG_ARCHIVE_CONFIG };
    for (const [key, value] of Object.entries(overrides)) {
        const full = key.includes(":") ? key : `org-cloudtrail:${key}`;
        if (value === undefined) delete config[full];
        else config[full] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return config;
}

export function runLogArchive(overrides: Record<string, unknown> = {}, caller = DEPLOYER): Promise<SimulationResult> {
    return simulate(main, { stack: "log-archive", config: logArchiveConfig(overrides), caller });
}

export function failLogArchive(overrides: Record<string, unknown> = {}, caller = DEPLOYER, stack = "log-archive"): Promise<FailedSimulation> {
    return simulateFailure(main, { stack, config: logArchiveConfig(overrides), caller });
}

/** The one resource of `type` named `name`; fails the test when there is not exactly one. */
export function resource(resources: SimulatedResource[], type: string, name: string): SimulatedResource {
    const found = resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one ${type} named ${name}, found ${found.length}: ${resources.map((r) => r.name).join(", ")}`);
    }
    return found[0];
}

export function ofType(resources: SimulatedResource[], type: string): SimulatedResource[] {
    return resources.filter((r) => r.type === type);
}
