// Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI hands
// config to a program: project defaults first, stack values over them, every
// value a string (structured values as JSON).
import { readFileSync, existsSync, readdirSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT } from "./simulator";

export function availableStacks(dir: string): string[] {
    return readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

export function loadStackConfig(dir: string, stack: string): Record<string, string> {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!existsSync(file)) {
        throw new Error(`no stack file ${file}; stacks here: ${availableStacks(dir).join(", ")}`);
    }
    const project = parse(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { config?: Record<string, { default?: unknown }> };
    const stackFile = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    for (const [key, declaration] of Object.entries(project.config ?? {})) {
        if (declaration.default !== undefined) config[`${PROJECT}:${key}`] = asConfigString(declaration.default);
    }
    for (const [key, value] of Object.entries(stackFile.config ?? {})) {
        if (value !== null && typeof value === "object" && "secure" in value) {
            throw new Error(`${key} is an encrypted secret; the offline plan cannot decrypt it`);
        }
        config[key.includes(":") ? key : `${PROJECT}:${key}`] = asConfigString(value);
    }
    return config;
}

function asConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The caller the plan simulates by default: a session of the stack file's
 * deployerRoleArn (STS drops the role's path), or of a role that does not
 * exist when the key is unset, so the program reports the missing key.
 */
export function deployerSession(deployerRoleArn: string | undefined, accountId: string): string {
    const m = deployerRoleArn ? /^arn:([a-z-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(deployerRoleArn) : null;
    return m ? `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/offline-plan` : `arn:aws:sts::${accountId}:assumed-role/deployerRoleArn-not-set/offline-plan`;
}
