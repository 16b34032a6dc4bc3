// Turns Pulumi config (flat strings) into typed, validated settings using a
// zod schema, and describes a schema as the keys Pulumi.yaml must declare.
import { z } from "zod";

/** The project's config namespace: keys are `org-cloudtrail:<key>`. */
export const NAMESPACE = "org-cloudtrail";

/** Raised for invalid configuration, always before any resource is registered. */
export class ConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ConfigError";
    }
}

/** One config key as Pulumi.yaml declares it. */
export interface ConfigKey {
    key: string;
    type: "string" | "integer" | "boolean" | "array";
    description: string;
    /** The schema's default; undefined for required or optional-without-default keys. */
    default?: unknown;
    /** True when the stack cannot run without a value. */
    required: boolean;
    /** True when the value must be set as a Pulumi secret and is never printed. */
    secret: boolean;
}

type JsonSchemaProperty = { type?: string; description?: string; default?: unknown; enum?: unknown[]; secret?: boolean };

/** The keys of a stack schema, in declaration order, with type, description and default. */
export function describeSchema(schema: z.ZodObject): ConfigKey[] {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
        properties: Record<string, JsonSchemaProperty>;
        required?: string[];
    };
    return Object.entries(json.properties).map(([key, prop]) => {
        const type = prop.type === "number" ? "integer" : prop.type;
        if (type !== "string" && type !== "integer" && type !== "boolean" && type !== "array") {
            throw new Error(`config key ${key}: unsupported schema type ${String(prop.type)}`);
        }
        if (!prop.description) {
            throw new Error(`config key ${key} has no description`);
        }
        return {
            key,
            type,
            description: prop.description,
            default: prop.default,
            required: (json.required ?? []).includes(key),
            secret: prop.secret === true,
        };
    });
}

/**
 * Reads every key of the schema through `get` (a `pulumi.Config`'s `get`).
 * Pulumi hands over strings; non-string keys are JSON. An empty string means
 * "not set": Pulumi.yaml declares optional keys with the default "" (or [])
 * because the CLI demands a value for any declared key without a default.
 */
export function readRawConfig(schema: z.ZodObject, get: (key: string) => string | undefined): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const { key, type, default: dflt } of describeSchema(schema)) {
        const text = get(key);
        if (text === undefined || text === "") continue;
        // Pulumi.yaml declares an array without a default as [] (see above): for such a key, [] is "not set" too.
        if (type === "array" && dflt === undefined && /^\[\s*\]$/.test(text)) continue;
        if (type === "string") {
            raw[key] = text;
            continue;
        }
        try {
            raw[key] = JSON.parse(text);
        } catch {
            // Left as text: the schema then reports the key with its expected type.
            raw[key] = text;
        }
    }
    return raw;
}

/**
 * Validates raw values against the schema. Every problem is reported at
 * once, each as `<namespace>:<key> = <value>: expected ...`, together with
 * `otherProblems` the caller found outside the namespace (aws:region).
 * Values of `secretKeys` are never repeated.
 */
export function parseConfig<S extends z.ZodType>(
    schema: S,
    raw: Record<string, unknown>,
    stackLabel: string,
    otherProblems: string[] = [],
    secretKeys: readonly string[] = [],
): z.output<S> {
    const result = schema.safeParse(raw);
    if (result.success && otherProblems.length === 0) return result.data;
    const issues = result.success ? [] : result.error.issues;
    const lines = issues.map((issue) => {
        const [key, ...rest] = issue.path.map(String);
        const name = `${NAMESPACE}:${key}${rest.map((p) => `[${p}]`).join("")}`;
        const value = valueAt(raw, issue.path);
        if (value === undefined) return `${name} is not set: ${issue.message}`;
        return `${name} = ${secretKeys.includes(key) ? "(secret, not shown)" : JSON.stringify(value)}: ${issue.message}`;
    });
    throw invalidConfiguration(stackLabel, [...lines, ...otherProblems]);
}

/** The error for configuration problems found by any check: one line per problem, before anything exists. */
export function invalidConfiguration(stackLabel: string, problems: readonly string[]): ConfigError {
    return new ConfigError(`Invalid configuration for the ${stackLabel} stack; nothing was created:\n` + problems.map((p) => `  - ${p}`).join("\n"));
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
    let value = raw;
    for (const step of path) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<PropertyKey, unknown>)[step];
    }
    return value;
}
