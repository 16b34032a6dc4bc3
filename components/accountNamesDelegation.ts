import * as organizations from "@pulumi/aws/organizations";
import * as pulumi from "@pulumi/pulumi";
import { accountNamesDelegationPolicy } from "../policies/accountNamesDelegationPolicy";

export interface AccountNamesDelegationArgs {
    /** AWS partition of the organization. */
    partition: string;
    /** The audit account, where the detection engine runs. */
    auditAccountId: string;
    /** The engine's execution role, the only principal delegated the reads. */
    engineRoleArn: string;
}

/**
 * Lets the audit account's detection engine read the organization's account
 * names through the organization's resource-based delegation policy. An
 * organization has exactly one such policy: this component owns it, so an
 * organization that manages its delegation policy elsewhere turns it off
 * (config `accountNamesDelegation: false`) and adds the statement there.
 */
export class AccountNamesDelegation extends pulumi.ComponentResource {
    public readonly policy: organizations.ResourcePolicy;

    constructor(name: string, args: AccountNamesDelegationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:audit:AccountNamesDelegation", name, {}, opts);
        this.policy = new organizations.ResourcePolicy(
            `${name}-policy`,
            { content: JSON.stringify(accountNamesDelegationPolicy(args)) },
            { parent: this },
        );
        this.registerOutputs({ policyId: this.policy.id });
    }
}
