// What the offline plan of the management stack stands in for: the
// log-archive stack's outputs (from simulating Pulumi.log-archive.yaml) and
// an organization that passes every preflight check.
import { main } from "../program";
import type { OrganizationFacts } from "../stacks/managementChecks";
import { simulate, SimulationInput } from "./simulator";
import { deployerSession, loadStackConfig } from "./stackFiles";

const COMPUTED = /^\(known after apply: .*\)$/;

/**
 * Values the log-archive stack only knows once AWS has created its
 * resources, replaced by visibly fake stand-ins of the right shape, because
 * the management stack validates them like configuration.
 */
const STAND_INS: Record<string, (o: Record<string, unknown>) => string> = {
    kmsKeyArn: (o) => `arn:aws:kms:${o.region}:${o.accountId}:key/00000000-0000-0000-0000-simulated000`,
};

export interface SimulatedLogArchive {
    outputs: Record<string, unknown>;
    /** Output names whose values are stand-ins. */
    standIns: string[];
}

async function simulateLogArchiveOutputs(root: string): Promise<SimulatedLogArchive> {
    const config = loadStackConfig(root, "log-archive");
    const accountId = config["org-cloudtrail:accountId"];
    if (!accountId) throw new Error("Pulumi.log-archive.yaml must set org-cloudtrail:accountId for the management plan to simulate it");
    const run = await simulate(main, {
        stack: "log-archive",
        config,
        caller: { accountId, arn: deployerSession(config["org-cloudtrail:deployerRoleArn"], accountId), userId: "SIMULATED" },
    });
    const outputs = { ...run.outputs };
    const standIns: string[] = [];
    for (const [key, value] of Object.entries(outputs)) {
        if (typeof value !== "string" || !COMPUTED.test(value)) continue;
        const standIn = STAND_INS[key];
        if (!standIn) throw new Error(`the log-archive output ${key} is only known after apply and the plan has no stand-in for it`);
        outputs[key] = standIn(outputs);
        standIns.push(key);
    }
    return { outputs, standIns };
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
 * log-archive stack's outputs under the name `config` gives it, and an
 * organization, with SCPs and RCPs enabled, that contains every configured
 * SCP target.
 */
export async function simulatedManagementWorld(
    root: string,
    config: Record<string, string>,
): Promise<{ archive: SimulatedLogArchive; world: Pick<SimulationInput, "stackOutputs" | "organization" | "organizationalUnits"> }> {
    const archive = await simulateLogArchiveOutputs(root);
    const o = archive.outputs as Record<string, string>;
    const scpTargetIds = parseList(config["org-cloudtrail:scpTargetIds"]);
    return {
        archive,
        world: {
            stackOutputs: { [config["org-cloudtrail:logArchiveStack"] ?? ""]: archive.outputs },
            organization: simulatedOrganization({
                organizationId: o.organizationId,
                managementAccountId: o.managementAccountId,
                accountIds: [o.accountId],
                scpTargetIds,
            }),
            organizationalUnits: simulatedOrganizationalUnits(scpTargetIds, o.accountId),
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
