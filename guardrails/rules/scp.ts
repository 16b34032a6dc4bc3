// Organizations: an SCP AWS would refuse fails the preview, not the apply.
import { ResourceGuardrail, verdict } from "./guardrail";

/** AWS Organizations' limit on a service control policy document. */
export const SCP_MAX_CHARACTERS = 5120;

export const scpSize: ResourceGuardrail = {
    name: "scp-size-limit",
    controls: ["Organizations quota"],
    description: `Every service control policy fits AWS's limit of ${SCP_MAX_CHARACTERS} characters.`,
    resourceType: "aws:organizations/policy:Policy",
    check: (p) => {
        if ((p.type ?? "SERVICE_CONTROL_POLICY") !== "SERVICE_CONTROL_POLICY") return undefined;
        const size = String(p.content).length;
        return verdict(
            size <= SCP_MAX_CHARACTERS,
            `${size} of ${SCP_MAX_CHARACTERS} characters`,
            `content is ${size} characters, over the ${SCP_MAX_CHARACTERS} AWS accepts: the apply would fail and leave the trail unprotected. Shorten it or split it.`,
        );
    },
};
