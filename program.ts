// Picks the stack's role and builds it. index.ts hands this to Pulumi.
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE } from "./config/load";
import { selectRole } from "./config/role";
import { auditStack } from "./stacks/auditStack";
import { logArchiveStack } from "./stacks/logArchiveStack";
import { managementStack } from "./stacks/managementStack";

export async function main(): Promise<Record<string, unknown>> {
    const role = selectRole(new pulumi.Config(NAMESPACE).get("role"), pulumi.getStack());
    switch (role) {
        case "log-archive":
            return { ...(await logArchiveStack()) };
        case "audit":
            return { ...(await auditStack()) };
        case "management":
            return { ...(await managementStack()) };
    }
}
