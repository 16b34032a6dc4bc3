// Who may run `pulumi up`: the stack's deployerRoleArn and its break-glass
// roles, nobody else. The
// bucket, key and service control policies exempt that role by name and the
// SCP protects it; a `pulumi up` by anyone else would write policies that
// lock its own author out, or exempt a principal nobody protects.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, NAMESPACE } from "../config/load";

export interface DeployerCheck {
    /** The stack's name in messages. */
    stack: string;
    /** The configured deployer role, validated as an exact role ARN. */
    deployerRoleArn: string;
    /**
     * The stack's break-glass roles: they may run `pulumi up` too. A change of
     * retention, lifecycle, Object Lock, logging, encryption, versioning or
     * replication is denied to the deployer, so break-glass applies it.
     */
    breakGlassArns: readonly string[];
    /** `aws.getCallerIdentity()`'s answer. */
    caller: { accountId: string; arn: string };
    /** True under `pulumi preview` (and the offline plan's preview mode): show the plan whoever asks. */
    previewing: boolean;
}

/** `account/name` of an IAM role ARN; role names are unique in an account, whatever their path. */
function roleOf(roleArn: string): { account: string; name: string } {
    const m = /^arn:[a-z-]+:iam::(\d{12}|\*):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
    if (!m) throw new Error(`not an IAM role ARN: ${roleArn}`);
    return { account: m[1], name: m[2] };
}

/** The role an assumed-role session acts as; STS session ARNs carry no path. Undefined for any other principal. */
function sessionRole(callerArn: string): { account: string; name: string } | undefined {
    const m = /^arn:[a-z-]+:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(callerArn);
    return m ? { account: m[1], name: m[2] } : undefined;
}

/** Why a kind of principal can never be the deployer, for the message. */
function whyNot(callerArn: string): string {
    if (/:root$/.test(callerArn)) return " A root user is never the deployer: its use should page someone, not deploy.";
    if (/:(user|federated-user)\//.test(callerArn)) {
        return " An IAM or federated user is never the deployer: its keys can be minted by anyone allowed iam:CreateAccessKey, and the SCP protects role names only.";
    }
    if (/assumed-role\/AWSReservedSSO_/.test(callerArn)) {
        return " An IAM Identity Center permission-set role is never the deployer: Identity Center rewrites and renames it through a service-linked role no SCP governs.";
    }
    return "";
}

/**
 * Refuses `pulumi up` by anyone but the deployer role, naming the role to
 * assume. Under preview it returns a note instead, so a read-only reviewer
 * (the pull-request workflow's role) still sees the plan and knows whose
 * exemptions it shows.
 */
export function checkDeployer(c: DeployerCheck): string | undefined {
    const deployer = roleOf(c.deployerRoleArn);
    if (deployer.account !== c.caller.accountId) {
        throw new ConfigError(
            `${NAMESPACE}:deployerRoleArn = "${c.deployerRoleArn}": expected a role of account ${c.caller.accountId}, where the ${c.stack} stack deploys ` +
                "(the policies exempt it there and the SCP protects it there). Nothing was created.",
        );
    }
    const session = sessionRole(c.caller.arn);
    const actsAs = (role: { account: string; name: string }) =>
        session !== undefined && (role.account === "*" || role.account === session.account) && role.name === session.name;
    if (actsAs(deployer) || c.breakGlassArns.some((arn) => actsAs(roleOf(arn)))) return undefined;
    if (c.previewing) {
        return (
            `Previewing as ${c.caller.arn}, not as the ${c.stack} deployer ${c.deployerRoleArn}: the policies shown exempt ${c.deployerRoleArn}; ` +
            "pulumi up as this principal would be refused."
        );
    }
    throw new ConfigError(
        `${NAMESPACE}:deployerRoleArn = "${c.deployerRoleArn}", but pulumi up runs as ${c.caller.arn}: ` +
            `assume the deployer role (aws sts assume-role --role-arn ${c.deployerRoleArn} --role-session-name pulumi-up), or a break-glass role for a change the deployer may not make, and run it again. ` +
            `The ${c.stack} stack's policies exempt that role by name and the SCP protects it; a deployment by anyone else would exempt a principal nobody protects.` +
            whyNot(c.caller.arn) +
            " Nothing was created.",
    );
}

/** Runs the check for a stack and prints the preview note, if any, where `pulumi preview` shows diagnostics. */
export function requireDeployer(c: Omit<DeployerCheck, "previewing">): void {
    const note = checkDeployer({ ...c, previewing: pulumi.runtime.isDryRun() });
    if (note) void pulumi.log.warn(note);
}
