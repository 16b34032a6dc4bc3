// Turns Pulumi config (flat strings) into typed, validated settings using a
// zod schema, and describes a schema as the keys Pulumi.yaml must declare.
import { z } from "zod";
import { redactSecrets } from "./redact";

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
    type: "string" | "integer" | "boolean" | "array" | "object";
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
        if (type !== "string" && type !== "integer" && type !== "boolean" && type !== "array" && type !== "object") {
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
        if (secretKeys.includes(key)) return `${name} = ${SECRET_SHOWN_AS}: ${issue.message}`;
        return `${name} = ${shownValue(value)}: ${issue.message}${quotingHint(schema, raw, issue.path)}`;
    });
    throw invalidConfiguration(stackLabel, [...lines, ...otherProblems]);
}

/** What a message shows instead of a secret's value. */
export const SECRET_SHOWN_AS = "(secret, not shown)";

/**
 * A config value as every message shows it: JSON, with any URL that carries
 * credentials or a query cut down to its host, whichever key it was set
 * under (an Opsgenie URL pasted into alertEmails is still a secret).
 */
export function shownValue(value: unknown): string {
    return redactSecrets(JSON.stringify(value));
}

/** AWS account ids, the ids a stack file holds as bare digits, have 12. */
const ACCOUNT_ID_DIGITS = 12;

/**
 * A hint for a value YAML turned into a number. An id written unquoted in a
 * stack file is read as a number: in a list it arrives as one, and at the top
 * level as its digits without their leading zeros (012345678901 becomes
 * 12345678901). When the same digits as text, or padded back to an account
 * id's 12, would have been accepted at `path`, the message says to quote them.
 */
function quotingHint(schema: z.ZodType, raw: Record<string, unknown>, path: PropertyKey[]): string {
    const value = valueAt(raw, path);
    const digits =
        typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? String(value) : typeof value === "string" && /^\d+$/.test(value) ? value : undefined;
    if (digits === undefined) return "";
    const acceptedAt = (text: string) => {
        const retried = schema.safeParse(withValueAt(raw, path, text));
        return retried.success || !retried.error.issues.some((i) => samePath(i.path, path));
    };
    if (typeof value === "number" && acceptedAt(digits)) {
        return `; YAML reads an unquoted ${digits} as a number: quote it in the stack file ("${digits}")`;
    }
    const padded = digits.padStart(ACCOUNT_ID_DIGITS, "0");
    if (padded !== digits && acceptedAt(padded)) {
        return `; YAML reads an unquoted id as a number and drops its leading zeros: quote it in the stack file with all ${ACCOUNT_ID_DIGITS} digits ("${padded}")`;
    }
    return "";
}

const samePath = (a: PropertyKey[], b: PropertyKey[]) => a.length === b.length && a.every((step, i) => String(step) === String(b[i]));

/** A copy of `raw` with `value` at `path`. */
function withValueAt(raw: Record<string, unknown>, path: PropertyKey[], value: unknown): Record<string, unknown> {
    const copy = structuredClone(raw);
    let parent: Record<PropertyKey, unknown> = copy;
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<PropertyKey, unknown>;
    parent[path[path.length - 1]] = value;
    return copy;
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
