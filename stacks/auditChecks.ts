// The checks the audit stack makes before it declares anything: does it agree
// with the log-archive stack? Pure functions of what was read, so each
// failure can be tested by itself. Every message names the stack to fix.
import { ConfigError } from "../config/load";
import { LogArchiveContract } from "./logArchiveContract";

/** The part of `aws.organizations.getOrganization` a member account is told: the organization's id and management account. */
export interface MemberOrganizationFacts {
    id: string;
    masterAccountId: string;
}

/**
 * What DescribeOrganization tells a member account, from the provider's
 * answer. The organization's id is the data source's id; it is also the last
 * part of the organization's ARN (`arn:aws:organizations::<management>:organization/o-...`),
 * which is read when the id is empty.
 */
export function memberOrganizationFacts(d: { id: string; arn: string; masterAccountId: string }): MemberOrganizationFacts {
    const fromArn = /:organization\/(o-[a-z0-9]+)$/.exec(d.arn)?.[1];
    return { id: d.id || fromArn || "", masterAccountId: d.masterAccountId };
}

export interface AuditAgreementInput {
    archive: LogArchiveContract;
    logArchiveStack: string;
    /** This stack's credentials. */
    caller: { accountId: string; arn: string };
    /** This stack's aws:region. */
    region: string;
    organization: MemberOrganizationFacts;
}

/** Everything the audit and log-archive stacks must agree on; every disagreement is reported at once. */
export function checkAuditAgrees(a: AuditAgreementInput): void {
    const archiveKeys = `org-cloudtrail keys of ${a.logArchiveStack}`;
    const here = a.caller.accountId;
    const problems: string[] = [];
    if (here === a.archive.managementAccountId || here === a.organization.masterAccountId) {
        problems.push(
            `the credentials belong to the management account ${here} (${a.caller.arn}), where no SCP applies: ` +
                "run the audit stack with the credentials of a dedicated member account (the security tooling account)",
        );
    }
    if (here === a.archive.accountId) {
        problems.push(
            `the credentials belong to the log-archive account ${here} (${a.caller.arn}): ` +
                "the engine must not live beside the logs it watches; run the audit stack with the credentials of a third account",
        );
    }
    if (a.organization.id !== a.archive.organizationId) {
        problems.push(
            `the credentials' organization is ${a.organization.id}, but the log-archive stack's is ${a.archive.organizationId}: ` +
                `run this stack with an account of ${a.archive.organizationId}, or fix organizationId in the ${archiveKeys}`,
        );
    }
    if (a.archive.auditAccountId !== here) {
        const now = a.archive.auditAccountId === undefined ? "does not set auditAccountId" : `names ${a.archive.auditAccountId} as the audit account`;
        problems.push(
            `the log-archive stack ${now}, but this stack runs in ${here}: set auditAccountId = ${here} in ${a.logArchiveStack} and update it first ` +
                "(its bucket, key and topic policies grant the engine by that account)",
        );
    } else if (a.archive.logFileTopicArn === undefined || a.archive.engineRoleArn === undefined) {
        problems.push(`the log-archive stack exports auditAccountId but not logFileTopicArn and engineRoleArn: run \`pulumi up\` on ${a.logArchiveStack} with this version of the program`);
    }
    if (a.archive.trailHomeRegion !== a.archive.region) {
        problems.push(
            `the trail's home region ${a.archive.trailHomeRegion} is not the log bucket's region ${a.archive.region}: the engine lives in both; ` +
                `set trailHomeRegion to ${a.archive.region} in the ${archiveKeys} and update it first`,
        );
    }
    if (a.region !== a.archive.region) {
        problems.push(
            `aws:region = ${a.region}, but the log bucket and its log-file topic are in ${a.archive.region}: ` +
                `set aws:region to ${a.archive.region} in this stack (the engine, its alarms and the management stack's alarms share the trail's home region)`,
        );
    }
    if (problems.length > 0) {
        throw new ConfigError(
            `The audit stack and the log-archive stack ${a.logArchiveStack} disagree; nothing was created:\n` + problems.map((p) => `  - ${p}`).join("\n"),
        );
    }
}
