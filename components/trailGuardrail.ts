import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface TrailGuardrailArgs {
    /** Name of the service control policy in AWS Organizations. */
    policyName: string;
    /** The policy document, minified and already checked against the size limit. */
    content: string;
    /** Roots, OUs or member accounts the policy is attached to. */
    targetIds: string[];
}

/** The service control policy that protects the trail and the archive, and its attachments. */
export class TrailGuardrail extends pulumi.ComponentResource {
    public readonly policy: aws.organizations.Policy;
    public readonly attachments: aws.organizations.PolicyAttachment[];

    constructor(name: string, args: TrailGuardrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:guardrail:TrailGuardrail", name, {}, opts);
        // Retained: a destroy of this stack must not lift the protection it put in place.
        const retained: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: true };

        this.policy = new aws.organizations.Policy(
            `${name}-scp`,
            {
                name: args.policyName,
                description: "Nobody but break-glass roles may stop the organization trail, empty or weaken its archive, disable its key or leave the organization.",
                type: "SERVICE_CONTROL_POLICY",
                content: args.content,
            },
            retained,
        );
        this.attachments = args.targetIds.map(
            (targetId) => new aws.organizations.PolicyAttachment(`${name}-attach-${targetId}`, { policyId: this.policy.id, targetId }, retained),
        );

        this.registerOutputs({ policyId: this.policy.id, targetIds: args.targetIds });
    }
}
