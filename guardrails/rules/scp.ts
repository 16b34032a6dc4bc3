// Organizations: an SCP or RCP AWS would refuse fails the preview, not the apply.
import { ResourceGuardrail, verdict } from "./guardrail";

/**
 * AWS Organizations' limit on a policy document of each type this project
 * creates, whitespace included (AWS Organizations User Guide, "Quotas and
 * service limits", "Maximum size of a policy document":
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
 * The policy pack is deployed on its own, so these repeat the program's
 * SCP_MAX_CHARACTERS and RCP_MAX_CHARACTERS; a test keeps them equal.
 */
export const POLICY_MAX_CHARACTERS: Readonly<Record<string, number>> = {
    SERVICE_CONTROL_POLICY: 5120,
    RESOURCE_CONTROL_POLICY: 5120,
};

export const organizationsPolicySize: ResourceGuardrail = {
    name: "organizations-policy-size-limit",
    controls: ["Organizations quota"],
    description:
        `Every service control policy and resource control policy fits AWS's limit for its type ` +
        `(${POLICY_MAX_CHARACTERS.SERVICE_CONTROL_POLICY} and ${POLICY_MAX_CHARACTERS.RESOURCE_CONTROL_POLICY} characters).`,
    resourceType: "aws:organizations/policy:Policy",
    check: (p) => {
        // The provider's default type is SERVICE_CONTROL_POLICY.
        const type = String(p.type ?? "SERVICE_CONTROL_POLICY");
        const max = POLICY_MAX_CHARACTERS[type];
        if (max === undefined) return undefined;
        const size = String(p.content).length;
        return verdict(
            size <= max,
            `${size} of ${max} characters`,
            `content is ${size} characters, over the ${max} AWS accepts for a ${type}: the apply would fail and leave the trail unprotected. Shorten it or split it.`,
        );
    },
};
