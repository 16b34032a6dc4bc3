// Runs of the audit stack: the real program under the simulator, as the
// audit account's deployer, reading a log-archive stack that set auditAccountId.
import { main } from "../../program";
import { FailedSimulation, SimulationInput, SimulationResult, simulateFailure } from "../../plan/simulator";
import { CallerIdentity } from "../../plan/simulator";
import type { OrganizationFacts } from "../../stacks/managementChecks";
import {
    AUDIT_DEPLOYER,
    AUDIT_DEPLOYER_ROLE,
    LOG_ARCHIVE_AUDIT_OUTPUTS,
    LOG_ARCHIVE_OUTPUTS,
    LOG_ARCHIVE_STACK,
    MANAGEMENT_ACCOUNT,
    sharedRun,
} from "./stacks";

export const AUDIT_CONFIG: Record<string, string> = {
    "aws:region": "eu-west-1",
    "org-cloudtrail:deployerRoleArn": AUDIT_DEPLOYER_ROLE,
    "org-cloudtrail:logArchiveStack": LOG_ARCHIVE_STACK,
    "org-cloudtrail:alertEmails": JSON.stringify(["security@example.com"]),
};

/** What getOrganization answers a member account: the organization's id and management account, no accounts or roots. */
export const MEMBER_VIEW: OrganizationFacts = {
    id: "o-a1b2c3d4e5",
    featureSet: "ALL",
    masterAccountId: MANAGEMENT_ACCOUNT,
    awsServiceAccessPrincipals: [],
    roots: [],
    accounts: [],
};

export interface AuditWorld {
    caller?: CallerIdentity;
    organization?: OrganizationFacts;
    /** Over LOG_ARCHIVE_OUTPUTS + LOG_ARCHIVE_AUDIT_OUTPUTS; keys set to undefined are removed. */
    outputs?: Record<string, unknown>;
    stack?: string;
    secretKeys?: string[];
    preview?: boolean;
}

export function auditInput(overrides: Record<string, unknown> = {}, world: AuditWorld = {}): SimulationInput {
    const config = { ...AUDIT_CONFIG };
    for (const [key, value] of Object.entries(overrides)) {
        const full = key.includes(":") ? key : `org-cloudtrail:${key}`;
        if (value === undefined) delete config[full];
        else config[full] = typeof value === "string" ? value : JSON.stringify(value);
    }
    const outputs: Record<string, unknown> = { ...LOG_ARCHIVE_OUTPUTS, ...LOG_ARCHIVE_AUDIT_OUTPUTS, ...(world.outputs ?? {}) };
    for (const [key, value] of Object.entries(outputs)) if (value === undefined) delete outputs[key];
    return {
        stack: world.stack ?? "audit",
        config,
        secretKeys: world.secretKeys ?? ["org-cloudtrail:alertHttpsEndpoints"],
        caller: world.caller ?? AUDIT_DEPLOYER,
        organization: world.organization ?? MEMBER_VIEW,
        stackOutputs: { [LOG_ARCHIVE_STACK]: outputs },
        ...(world.preview ? { preview: true } : {}),
    };
}

/** The audit program's run for this config and world, shared (see sharedRun): read it, never change it. */
export function runAudit(overrides: Record<string, unknown> = {}, world: AuditWorld = {}): Promise<SimulationResult> {
    return sharedRun(auditInput(overrides, world));
}

export function failAudit(overrides: Record<string, unknown> = {}, world: AuditWorld = {}): Promise<FailedSimulation> {
    return simulateFailure(main, auditInput(overrides, world));
}
