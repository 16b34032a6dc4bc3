// Reads a stack's configuration from Pulumi: its own keys and aws:region,
// every problem reported in one message before anything is declared.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { unknownKeyProblems } from "../config/keys";
import { describeSchema, NAMESPACE, parseConfig, readRawConfig, shownValue } from "../config/load";
import * as v from "../config/validators";

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
    // Every key the CLI hands over, this stack's or not: a key nothing reads is a typo to report.
    const all = pulumi.runtime.allConfig();
    const region = all["aws:region"] ?? "";
    const raw = readRawConfig(s.fields, (k) => all[`${NAMESPACE}:${k}`]);
    const keys = describeSchema(s.fields);
    const problems = [...unknownKeyProblems(all, s.stack), ...regionProblems(region, s.regionExpected)];
    for (const { key } of keys.filter((k) => k.secret)) {
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
    // Never shown: the keys that must be secrets, and any other key its owner chose to set as one.
    const hidden = keys.filter((k) => k.secret || isConfigSecret(`${NAMESPACE}:${k.key}`)).map((k) => k.key);
    const config = parseConfig(s.schema, raw, s.stack, problems, hidden);
    return { config, region };
}

/** What is wrong with aws:region, checked with the same validator as trailHomeRegion. */
function regionProblems(region: string, expectedWhenUnset: string): string[] {
    if (region === "") return [`aws:region is not set: expected ${expectedWhenUnset}`];
    const result = v.region().safeParse(region);
    // A value that is not even shaped like a region (a pasted key, a URL) is not repeated.
    const shown = /^[a-z0-9-]{1,30}$/.test(region) ? shownValue(region) : "(not shown: not shaped like a region code)";
    return result.success ? [] : result.error.issues.map((issue) => `aws:region = ${shown}: ${issue.message}`);
}

/**
 * Whether the CLI handed `fullKey` over as a secret. The CLI lists a key as
 * secret when its value is a secret or contains one: a list whose entries are
 * `secure:` values, as `pulumi config set --secret --path 'key[0]'` writes it,
 * makes the whole key secret (pulumi/pulumi: sdk/go/common/resource/config/object.go,
 * `object.Secure` is true for "a secure string or a composite value that
 * contains a secure string"; pkg/resource/deploy/source_eval.go hands the
 * program `Config.SecureKeys()`). The SDK exports this check from its runtime
 * but leaves it out of its type declarations; @pulumi/pulumi is pinned to
 * 3.248.x, and a missing function fails loudly, never open.
 */
function isConfigSecret(fullKey: string): boolean {
    const check = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
    if (typeof check !== "function") throw new Error("@pulumi/pulumi no longer exports runtime.isConfigSecret; update stacks/stackConfig.ts");
    return check(fullKey);
}
