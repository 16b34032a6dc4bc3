// Reads a stack's configuration from Pulumi: its own keys and aws:region,
// every problem reported in one message before anything is declared.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { describeSchema, NAMESPACE, parseConfig, readRawConfig } from "../config/load";

export interface StackConfigSource<S extends z.ZodType> {
    /** The schema that validates (with any cross-field rules). */
    schema: S;
    /** The plain object of its keys (a refined schema hides them). */
    fields: z.ZodObject;
    /** The stack's name in messages. */
    stack: string;
    /** What aws:region must be, said when it is unset. */
    regionExpected: string;
}

export function readStackConfig<S extends z.ZodType>(s: StackConfigSource<S>): { config: z.output<S>; region: string } {
    const region = new pulumi.Config("aws").get("region") ?? "";
    const raw = readRawConfig(s.fields, (k) => new pulumi.Config(NAMESPACE).get(k));
    const problems = region ? [] : [`aws:region is not set: expected ${s.regionExpected}`];
    const secretKeys = describeSchema(s.fields)
        .filter((k) => k.secret)
        .map((k) => k.key);
    for (const key of secretKeys) {
        // A plain-text value would sit readable in Pulumi.<stack>.yaml and in the state. Pulumi.yaml's
        // declared default ([]) reaches the program in plain text and reveals nothing.
        const value = raw[key];
        const empty = value === undefined || (Array.isArray(value) && value.length === 0);
        if (!empty && !isConfigSecret(`${NAMESPACE}:${key}`)) {
            problems.push(
                `${NAMESPACE}:${key} is set in plain text: expected a secret; remove it and set each value with ` +
                    `pulumi config set --secret --path '${key}[0]' <value>`,
            );
        }
    }
    const config = parseConfig(s.schema, raw, s.stack, problems, secretKeys);
    return { config, region };
}

/**
 * Whether the CLI handed `fullKey` over as a secret. The SDK exports this
 * from its runtime but leaves it out of its type declarations; @pulumi/pulumi
 * is pinned to 3.248.x, and a missing function fails loudly, never open.
 */
function isConfigSecret(fullKey: string): boolean {
    const check = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
    if (typeof check !== "function") throw new Error("@pulumi/pulumi no longer exports runtime.isConfigSecret; update stacks/stackConfig.ts");
    return check(fullKey);
}
