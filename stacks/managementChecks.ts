// The checks the management stack makes before it declares anything: do the
// two stacks agree, and is the organization ready for an organization trail
// and a service control policy? Pure functions of what was read, so each
// failure can be tested by itself.
import { ConfigError, invalidConfiguration, NAMESPACE } from "../config/load";
import type { AuditContract } from "./auditContract";
import { logFileTopicArn } from "./auditNames";
import { LogArchiveContract } from "./logArchiveContract";

/** The part of `aws.organizations.getOrganization` the checks read. */
export interface OrganizationFacts {
    id: string;
    featureSet: string;
    masterAccountId: string;
    awsServiceAccessPrincipals: string[];
    roots: { id: string; policyTypes: { type: string; status: string }[] }[];
    accounts: { id: string }[];
}

/** The organization cannot take an organization trail or an SCP yet; the message says what to run. */
export class PreflightError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PreflightError";
    }
}

export const CLOUDTRAIL_PRINCIPAL = "cloudtrail.amazonaws.com";

export interface AgreementInput {
    archive: LogArchiveContract;
    logArchiveStack: string;
    caller: { accountId: string; arn: string };
    /** This stack's aws:region. */
    region: string;
    organization: OrganizationFacts;
    /** The ARN the trail will have, from this stack's partition, region and account. */
    trailArn: string;
}

/** Everything both stacks must agree on; every disagreement is reported at once. */
export function checkStacksAgree(a: AgreementInput): void {
    const fixThere = `org-cloudtrail keys of ${a.logArchiveStack}`;
    const problems: string[] = [];
    if (a.caller.accountId !== a.archive.managementAccountId) {
        problems.push(
            `the credentials belong to account ${a.caller.accountId} (${a.caller.arn}), but the log-archive stack names ${a.archive.managementAccountId} ` +
                `as the management account: run this stack with the management account's credentials, or fix managementAccountId in the ${fixThere}`,
        );
    }
    if (a.organization.masterAccountId !== a.caller.accountId) {
        problems.push(
            `account ${a.caller.accountId} is not the management account of ${a.organization.id} (${a.organization.masterAccountId} is): ` +
                "only the management account can own this organization trail",
        );
    }
    if (a.organization.id !== a.archive.organizationId) {
        problems.push(
            `the credentials' organization is ${a.organization.id}, but the log-archive stack accepts only ${a.archive.organizationId}: ` +
                `fix organizationId in the ${fixThere}`,
        );
    }
    if (a.region !== a.archive.trailHomeRegion) {
        problems.push(
            `aws:region = ${a.region}, but the log-archive stack expects the trail in ${a.archive.trailHomeRegion}: ` +
                `set aws:region to ${a.archive.trailHomeRegion} in this stack, or change trailHomeRegion in the ${fixThere} and update it first`,
        );
    }
    if (a.region === a.archive.trailHomeRegion && a.trailArn !== a.archive.trailArn) {
        problems.push(
            `the trail will be ${a.trailArn}, but the log-archive stack's bucket and key policies accept only ${a.archive.trailArn}: ` +
                "deploy both stacks in the same partition with the same trail name",
        );
    }
    if (!a.organization.accounts.some((account) => account.id === a.archive.accountId)) {
        problems.push(`the log-archive account ${a.archive.accountId} is not a member of ${a.organization.id}: deploy the log-archive stack in an account of this organization`);
    }
    const [, , , keyRegion, keyAccount] = a.archive.kmsKeyArn.split(":");
    if (keyAccount !== a.archive.accountId || keyRegion !== a.archive.region) {
        problems.push(
            `the log key ${a.archive.kmsKeyArn} is not in the log-archive account and region (${a.archive.accountId}, ${a.archive.region}): ` +
                "CloudTrail needs the key in the bucket's region; the log-archive stack's outputs are inconsistent, run `pulumi up` on it",
        );
    }
    if (a.archive.deployerRoleArn.split(":")[4] !== a.archive.accountId) {
        problems.push(
            `the log-archive deployer ${a.archive.deployerRoleArn} is not in the log-archive account ${a.archive.accountId}: ` +
                "the SCP exempts only that account's deployer; run `pulumi up` on the log-archive stack with its own credentials",
        );
    }
    if (a.archive.auditorRoleArn !== undefined && a.archive.auditorRoleArn.split(":")[4] !== a.archive.accountId) {
        problems.push(
            `the auditor role ${a.archive.auditorRoleArn} is not in the log-archive account ${a.archive.accountId}: ` +
                "the log-archive stack's outputs are inconsistent, run `pulumi up` on it",
        );
    }
    if ((a.archive.athenaWorkgroup === undefined) !== (a.archive.athenaDatabase === undefined)) {
        problems.push(
            "the log-archive stack exports only one of athenaWorkgroup and athenaDatabase: the SCP protects both or neither; run `pulumi up` on it",
        );
    }
    if (a.archive.accountId === a.archive.managementAccountId) {
        problems.push(
            `the log archive lives in the management account ${a.archive.accountId}, where no SCP applies: ` +
                "deploy the log-archive stack in a dedicated account",
        );
    }
    if (problems.length > 0) {
        throw new ConfigError(
            `The management stack and the log-archive stack ${a.logArchiveStack} disagree; nothing was created:\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
    }
}

/** The policy types the management stack attaches, with what the preflight calls them. */
const POLICY_TYPES = [
    { type: "SERVICE_CONTROL_POLICY", label: "service control policies" },
    { type: "RESOURCE_CONTROL_POLICY", label: "resource control policies" },
] as const;

/**
 * What the organization must have before the trail, the SCP and the RCP can
 * be created: all features, trusted access for CloudTrail, SCPs (and, when
 * the RCP is on, RCPs) enabled on the root. AWS would refuse half-way
 * through `pulumi up` otherwise (CloudTrailAccessNotEnabledException,
 * PolicyTypeNotEnabledException).
 */
export function preflightOrganization(org: OrganizationFacts, o: { rcpEnabled: boolean }): void {
    const problems: string[] = [];
    if (org.featureSet !== "ALL") {
        problems.push(
            `${org.id} has feature set ${org.featureSet}; an organization trail and SCPs need all features: ` +
                "run `aws organizations enable-all-features` in the management account (every member account must accept the handshake)",
        );
    } else {
        if (!org.awsServiceAccessPrincipals.includes(CLOUDTRAIL_PRINCIPAL)) {
            problems.push(
                `trusted access for ${CLOUDTRAIL_PRINCIPAL} is not enabled in ${org.id}: ` +
                    `run \`aws organizations enable-aws-service-access --service-principal ${CLOUDTRAIL_PRINCIPAL}\` in the management account`,
            );
        }
        const needed = POLICY_TYPES.filter((p) => p.type === "SERVICE_CONTROL_POLICY" || o.rcpEnabled);
        for (const root of org.roots) {
            for (const { type, label } of needed) {
                if (root.policyTypes.find((p) => p.type === type)?.status === "ENABLED") continue;
                const off = type === "RESOURCE_CONTROL_POLICY" ? `, or set ${NAMESPACE}:rcpEnabled to false to deploy without the RCP` : "";
                problems.push(
                    `${label} are not enabled on root ${root.id}: ` +
                        `run \`aws organizations enable-policy-type --root-id ${root.id} --policy-type ${type}\` in the management account${off}`,
                );
            }
        }
    }
    if (problems.length > 0) {
        throw new PreflightError(
            `The organization is not ready for the management stack; nothing was created:\n` + problems.map((p) => `  - ${p}`).join("\n"),
        );
    }
}

/**
 * The SCP's targets, checked against the organization: the root must be this
 * organization's, accounts must be members, and never the management
 * account, which no SCP governs.
 */
export function checkScpTargets(targets: string[], org: OrganizationFacts): void {
    const problems: string[] = [];
    const rootIds = org.roots.map((r) => r.id);
    const accountIds = org.accounts.map((a) => a.id);
    targets.forEach((target, i) => {
        const at = `${NAMESPACE}:scpTargetIds[${i}] = ${JSON.stringify(target)}`;
        if (target === org.masterAccountId) {
            problems.push(`${at}: expected a member account; SCPs never apply to the management account`);
        } else if (target.startsWith("r-") && !rootIds.includes(target)) {
            problems.push(`${at}: expected the root of ${org.id} (${rootIds.join(", ") || "none found"})`);
        } else if (/^\d{12}$/.test(target) && !accountIds.includes(target)) {
            problems.push(`${at}: expected an account of ${org.id}; this one is not a member`);
        }
    });
    if (problems.length > 0) {
        throw invalidConfiguration("management", problems);
    }
}

/**
 * The SCP must govern the log-archive account, or the archive's admins are
 * bound by nothing but the bucket and key policies its deployer writes: a
 * target must be the root, the account itself, or an OU whose accounts
 * (`ouAccounts`, resolved with the Organizations API, descendants included)
 * contain it.
 */
export function checkArchiveCovered(a: {
    targets: string[];
    organization: OrganizationFacts;
    archiveAccountId: string;
    ouAccounts: Record<string, string[]>;
    /** The audit stack's account, when there is one: the SCP (its LeaveOrganization deny above all) must govern it too. */
    auditAccountId?: string;
}): void {
    const rootIds = a.organization.roots.map((r) => r.id);
    const covers = (account: string) => (target: string) => rootIds.includes(target) || target === account || (a.ouAccounts[target] ?? []).includes(account);
    const ous = a.targets.filter((t) => t.startsWith("ou-"));
    const inOus = ous.length === 0 ? "" : ` (${ous.map((ou) => `${ou} holds ${(a.ouAccounts[ou] ?? []).join(", ") || "no account"}`).join("; ")})`;
    const accounts = [
        { id: a.archiveAccountId, label: "the log-archive account", what: "the archive" },
        ...(a.auditAccountId === undefined ? [] : [{ id: a.auditAccountId, label: "the audit account", what: "the audit account (it could leave the organization and take the engine with it)" }]),
    ];
    const problems = accounts
        .filter((account) => !a.targets.some(covers(account.id)))
        .map(
            (account) =>
                `${NAMESPACE}:scpTargetIds = ${JSON.stringify(a.targets)}: expected the root (${rootIds.join(", ")}), ${account.label} ${account.id} ` +
                `or an OU that contains it${inOus}; none of these covers ${account.id}, so the SCP would not protect ${account.what}. ` +
                "Leave the key unset to attach the SCP to the root",
        );
    if (problems.length > 0) throw invalidConfiguration("management", problems);
}

export interface AuditAgreementInput {
    audit: AuditContract;
    /** Config `auditStack`: the stack named in every message. */
    auditStack: string;
    archive: LogArchiveContract;
    logArchiveStack: string;
    /** The management account (the caller's). */
    managementAccountId: string;
    /** This stack's aws:region: the trail's home region. */
    region: string;
    organization: OrganizationFacts;
}

/**
 * Everything the audit stack must agree on with this one and with the
 * log-archive stack, each disagreement naming the stack to fix; every
 * problem is reported at once, before anything is created.
 */
export function checkAuditAgrees(a: AuditAgreementInput): void {
    const audit = `the audit stack ${a.auditStack}`;
    const problems: string[] = [];
    if (a.audit.accountId === a.managementAccountId) {
        problems.push(
            `${audit} is deployed in the management account ${a.audit.accountId}, where no SCP applies and whose administrators it must watch: ` +
                `deploy ${a.auditStack} in a dedicated member account`,
        );
    }
    if (a.audit.accountId === a.archive.accountId) {
        problems.push(
            `${audit} is deployed in the log-archive account ${a.audit.accountId}: the archive's administrators could silence the alerts about it; ` +
                `deploy ${a.auditStack} in a third account`,
        );
    }
    if (a.audit.organizationId !== a.organization.id) {
        problems.push(`${audit} belongs to organization ${a.audit.organizationId}, but this stack runs in ${a.organization.id}: fix organizationId of ${a.auditStack}`);
    }
    if (!a.organization.accounts.some((account) => account.id === a.audit.accountId)) {
        problems.push(
            `the audit account ${a.audit.accountId} is not a member of ${a.organization.id}: no SCP would protect its engine; ` +
                `deploy ${a.auditStack} in an account of this organization`,
        );
    }
    if (a.audit.logArchiveAccountId !== a.archive.accountId) {
        problems.push(
            `${audit} reads the log archive of account ${a.audit.logArchiveAccountId}, but this stack's log-archive stack ${a.logArchiveStack} is in ${a.archive.accountId}: ` +
                `point logArchiveStack of ${a.auditStack} at ${a.logArchiveStack} and update it`,
        );
    }
    if (a.audit.region !== a.region) {
        problems.push(
            `${audit} is in ${a.audit.region}, but the trail's home region is ${a.region}: the engine reads the log bucket's notifications in its region; ` +
                `deploy ${a.auditStack} in ${a.region}`,
        );
    }
    if (a.archive.auditAccountId !== a.audit.accountId) {
        problems.push(
            a.archive.auditAccountId === undefined
                ? `the log-archive stack ${a.logArchiveStack} feeds no audit account: set auditAccountId = ${a.audit.accountId} in ${a.logArchiveStack} and update it, then ${a.auditStack}`
                : `the log-archive stack ${a.logArchiveStack} feeds audit account ${a.archive.auditAccountId}, but ${audit} is in ${a.audit.accountId}: ` +
                      `fix auditAccountId of ${a.logArchiveStack} (or deploy ${a.auditStack} in ${a.archive.auditAccountId})`,
        );
    }
    // The SCP and the detections name the topic by its derived ARN: an output that says otherwise is a stale or foreign archive.
    const [, partition] = a.audit.alertTopicArn.split(":");
    const derivedTopic = logFileTopicArn({ partition, region: a.archive.region, logArchiveAccountId: a.archive.accountId });
    if (a.archive.logFileTopicArn !== undefined && a.archive.logFileTopicArn !== derivedTopic) {
        problems.push(
            `the log-archive stack ${a.logArchiveStack} exports the log-file topic ${a.archive.logFileTopicArn}, but this program names it ${derivedTopic}: ` +
                `run \`pulumi up\` on ${a.logArchiveStack} with this version of the program`,
        );
    }
    if (a.archive.engineRoleArn !== undefined && a.archive.engineRoleArn !== a.audit.engineRoleArn) {
        problems.push(
            `the log-archive stack ${a.logArchiveStack} grants the engine role ${a.archive.engineRoleArn}, but ${audit} runs the engine as ${a.audit.engineRoleArn}: ` +
                `update ${a.logArchiveStack}, then ${a.auditStack}`,
        );
    }
    const [, , , topicRegion, topicAccount] = a.audit.alertTopicArn.split(":");
    if (topicAccount !== a.audit.accountId || topicRegion !== a.audit.region) {
        problems.push(`the alert topic ${a.audit.alertTopicArn} is not in the audit account and region (${a.audit.accountId}, ${a.audit.region}): ${audit}'s outputs are inconsistent, run \`pulumi up\` on it`);
    }
    if (a.audit.deployerRoleArn.split(":")[4] !== a.audit.accountId) {
        problems.push(
            `the audit deployer ${a.audit.deployerRoleArn} is not in the audit account ${a.audit.accountId}: the protect-audit-engine SCP exempts only that account's deployer; ` +
                `run \`pulumi up\` on ${a.auditStack} with its own credentials`,
        );
    }
    if (problems.length > 0) {
        throw new ConfigError(`The management stack and ${audit} disagree; nothing was created:\n` + problems.map((p) => `  - ${p}`).join("\n"));
    }
}
