// Which of the project's two stacks a Pulumi stack builds.
import { z } from "zod";
import { ConfigError, NAMESPACE, parseConfig } from "./load";

export const ROLES = ["log-archive", "audit", "management"] as const;
export type Role = (typeof ROLES)[number];

export const roleSchema = z.object({
    role: z
        .enum(ROLES, { error: `expected one of ${ROLES.join(", ")}` })
        .optional()
        .describe("Which stack this is: log-archive, audit or management. Unset: the stack name decides."),
});

/**
 * The role from `org-cloudtrail:role`, or from the stack name when that key
 * is unset. Anything else stops the program: building the wrong half of the
 * design into an account is worse than building nothing.
 */
export function selectRole(configuredRole: string | undefined, stackName: string): Role {
    const { role } = parseConfig(roleSchema, configuredRole ? { role: configuredRole } : {}, stackName);
    if (role) return role;
    if ((ROLES as readonly string[]).includes(stackName)) return stackName as Role;
    throw new ConfigError(
        `${NAMESPACE}:role is not set and the stack name "${stackName}" is none of ${ROLES.join(", ")}: ` +
            `set it with \`pulumi config set ${NAMESPACE}:role log-archive\` (or audit, or management).`,
    );
}
