import * as organizations from "@pulumi/aws/organizations";
import * as pulumi from "@pulumi/pulumi";

/** One AWS Organizations policy and where it is attached. */
export interface GuardrailPolicyArgs {
    /** Name of the policy in AWS Organizations. */
    policyName: string;
    /** The policy document, minified and already checked against its type's size limit. */
    content: string;
    /** Roots, OUs or member accounts the policy is attached to. */
    targetIds: string[];
}

export interface TrailGuardrailArgs {
    /** The service control policy that protects the trail and the archive from every principal of the targets. */
    scp: GuardrailPolicyArgs;
    /** The resource control policy that protects the archive's buckets and key from every principal, the management account's included; absent when RCPs are off. */
    rcp?: GuardrailPolicyArgs;
    /** The service control policy that protects the audit stack's engine, attached to the audit account; absent without an audit stack. */
    auditScp?: GuardrailPolicyArgs;
    /** The second service control policy of the audit account: the digest chain table and the late-digest rule; absent without an audit stack. */
    digestScp?: GuardrailPolicyArgs;
}

/** The organization's walls around the trail and the archive: the SCP, the RCP, and their attachments. */
export class TrailGuardrail extends pulumi.ComponentResource {
    public readonly policy: organizations.Policy;
    public readonly attachments: organizations.PolicyAttachment[];
    public readonly resourceControlPolicy?: organizations.Policy;
    public readonly resourceControlAttachments: organizations.PolicyAttachment[];
    public readonly auditPolicy?: organizations.Policy;
    public readonly auditAttachments: organizations.PolicyAttachment[];
    public readonly digestPolicy?: organizations.Policy;
    public readonly digestAttachments: organizations.PolicyAttachment[];

    constructor(name: string, args: TrailGuardrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:guardrail:TrailGuardrail", name, {}, opts);
        // Retained: a destroy of this stack must not lift the protection it put in place.
        const retained: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: true };
        // The SCP's resource names predate the RCP: renaming them would replace the deployed policy.
        const attach = (policy: organizations.Policy, prefix: string, targetIds: string[]) =>
            targetIds.map((targetId) => new organizations.PolicyAttachment(`${prefix}-${targetId}`, { policyId: policy.id, targetId }, retained));

        this.policy = new organizations.Policy(
            `${name}-scp`,
            {
                name: args.scp.policyName,
                description:
                    "Nobody but break-glass roles may stop the organization trail, empty, rewrite or weaken its archive, disable its key, change the roles the policies exempt, alter the investigators' table or leave the organization.",
                type: "SERVICE_CONTROL_POLICY",
                content: args.scp.content,
            },
            retained,
        );
        this.attachments = attach(this.policy, `${name}-attach`, args.scp.targetIds);

        if (args.rcp) {
            // @pulumi/aws v7 (organizations/policy.d.ts, `type`) accepts RESOURCE_CONTROL_POLICY.
            this.resourceControlPolicy = new organizations.Policy(
                `${name}-rcp`,
                {
                    name: args.rcp.policyName,
                    description:
                        "Whoever asks, even from the management account: nobody but break-glass roles may delete or rewrite the archive's logs, change its buckets' settings or disable its key; only CloudTrail and S3 logging write logs.",
                    type: "RESOURCE_CONTROL_POLICY",
                    content: args.rcp.content,
                },
                retained,
            );
            this.resourceControlAttachments = attach(this.resourceControlPolicy, `${name}-rcp-attach`, args.rcp.targetIds);
        } else {
            this.resourceControlAttachments = [];
        }

        if (args.auditScp) {
            this.auditPolicy = new organizations.Policy(
                `${name}-audit-scp`,
                {
                    name: args.auditScp.policyName,
                    description:
                        "Nobody but the audit deployer and break-glass roles may change the detection engine, its event source mapping, role, queues, alert topic, subscriptions, key, alarms or log group.",
                    type: "SERVICE_CONTROL_POLICY",
                    content: args.auditScp.content,
                },
                retained,
            );
            this.auditAttachments = attach(this.auditPolicy, `${name}-audit-attach`, args.auditScp.targetIds);
        } else {
            this.auditAttachments = [];
        }

        if (args.digestScp) {
            this.digestPolicy = new organizations.Policy(
                `${name}-digest-scp`,
                {
                    name: args.digestScp.policyName,
                    description:
                        "Nobody but the detection engine may write the digest chains; nobody but the audit deployer and break-glass roles may change, roll back or delete the chain table or the late-digest rule.",
                    type: "SERVICE_CONTROL_POLICY",
                    content: args.digestScp.content,
                },
                retained,
            );
            this.digestAttachments = attach(this.digestPolicy, `${name}-digest-attach`, args.digestScp.targetIds);
        } else {
            this.digestAttachments = [];
        }

        this.registerOutputs({
            policyId: this.policy.id,
            targetIds: args.scp.targetIds,
            resourceControlPolicyId: this.resourceControlPolicy?.id,
            resourceControlTargetIds: args.rcp?.targetIds,
            auditPolicyId: this.auditPolicy?.id,
            auditTargetIds: args.auditScp?.targetIds,
            digestPolicyId: this.digestPolicy?.id,
            digestTargetIds: args.digestScp?.targetIds,
        });
    }
}
