// The config keys of every stack, as Pulumi.yaml declares them and the
// README tables them. tests/projectFile.test.ts holds both files to this.
import { ConfigKey, describeSchema, NAMESPACE } from "./load";
import { auditFields } from "./audit";
import { logArchiveFields } from "./logArchive";
import { managementFields } from "./management";
import { roleSchema } from "./role";

export interface DocumentedKey extends ConfigKey {
    /** Which stacks read the key, as the table shows them ("log-archive, management"). */
    stacks: string;
    /** The stacks that read the key. */
    readBy: string[];
}

/** The project's stacks, in deploy order. */
export const STACKS = ["log-archive", "audit", "management"] as const;

/**
 * Every key of the project, once. A key both stacks read (breakGlassArns)
 * means something different in each: Pulumi.yaml declares it once, so its
 * type and default must agree and its description says what each stack does.
 */
export function projectConfigKeys(): DocumentedKey[] {
    const keys: DocumentedKey[] = describeSchema(roleSchema).map((k) => ({ ...k, stacks: STACKS.join(", "), readBy: [...STACKS] }));
    const perStack: [string, ConfigKey[]][] = [
        ["log-archive", describeSchema(logArchiveFields)],
        ["management", describeSchema(managementFields)],
        ["audit", describeSchema(auditFields)],
    ];
    for (const [stack, stackKeys] of perStack) {
        for (const k of stackKeys) {
            const seen = keys.find((existing) => existing.key === k.key);
            if (!seen) {
                keys.push({ ...k, stacks: stack, readBy: [stack] });
                continue;
            }
            if (seen.type !== k.type || JSON.stringify(seen.default) !== JSON.stringify(k.default)) {
                throw new Error(`config key ${k.key} has a different type or default in the ${stack} stack`);
            }
            // A key several stacks read with one meaning (the subscribers, moved from management to audit)
            // is described once; a key whose meaning differs by stack says what each stack does.
            const descriptions = seen.readBy.length === 1 ? [{ stacks: seen.stacks, description: seen.description }] : splitDescriptions(seen);
            const same = descriptions.find((d) => d.description === k.description);
            const merged = same
                ? descriptions.map((d) => (d === same ? { ...d, stacks: `${d.stacks}, ${stack}` } : d))
                : [...descriptions, { stacks: stack, description: k.description }];
            seen.readBy.push(stack);
            Object.assign(seen, {
                stacks: seen.readBy.join(", "),
                description: merged.length === 1 ? merged[0].description : merged.map((d) => `${d.stacks}: ${d.description}`).join(" "),
                descriptionParts: merged,
                required: seen.required && k.required,
            });
        }
    }
    return keys;
}

/** The per-stack descriptions a merged key was built from. */
function splitDescriptions(k: DocumentedKey): { stacks: string; description: string }[] {
    const parts = (k as DocumentedKey & { descriptionParts?: { stacks: string; description: string }[] }).descriptionParts;
    return parts ?? [{ stacks: k.stacks, description: k.description }];
}

/**
 * The `config:` block of Pulumi.yaml. A key without a default is declared
 * with "" (or []): the CLI demands a value for any declared key without a
 * default, in every stack, even one that never reads it. The program treats
 * "" as unset and enforces what is really required.
 */
export function pulumiYamlConfig(): Record<string, Record<string, unknown>> {
    const block: Record<string, Record<string, unknown>> = {};
    for (const k of projectConfigKeys()) {
        // Pulumi.yaml declares string, integer, boolean and array keys only; an object key
        // (detectionTuning) is set in the stack file and checked by the program alone.
        if (k.type === "object") continue;
        block[k.key] = {
            type: k.type,
            description: k.description,
            ...(k.type === "array" ? { items: { type: "string" } } : {}),
            default: k.default ?? (k.type === "array" ? [] : ""),
        };
    }
    return block;
}

/**
 * What the Pulumi CLI hands every stack of the project for Pulumi.yaml's
 * declared defaults, by full key: whether the stack reads the key or not.
 * The CLI (pulumi/pulumi sdk/go/common/workspace/config.go, mergeConfig →
 * createConfigValue) writes a primitive default with Go's `%v` ("" stays "",
 * 365 becomes "365", true "true") and anything else as `json.Marshal`'s
 * compact JSON (`[]`, `["a","b"]`), which is what JSON.stringify writes for
 * these values.
 */
export function cliProjectDefaults(): Record<string, string> {
    return Object.fromEntries(
        Object.entries(pulumiYamlConfig()).map(([key, { default: dflt }]) => [
            `${NAMESPACE}:${key}`,
            typeof dflt === "string" || typeof dflt === "number" || typeof dflt === "boolean" ? String(dflt) : JSON.stringify(dflt),
        ]),
    );
}

/** The README's table of config keys (Markdown). */
export function readmeConfigTable(): string {
    const rows = projectConfigKeys().map((k) => {
        const dflt = k.required ? "**required**" : k.default === undefined ? "(none)" : `\`${JSON.stringify(k.default)}\``;
        return `| \`${NAMESPACE}:${k.key}\` | ${k.stacks} | ${k.type} | ${dflt} | ${k.description.replace(/\|/g, "\\|")} |`;
    });
    return ["| key | stack | type | default | meaning |", "|---|---|---|---|---|", ...rows].join("\n");
}

if (require.main === module) {
    const { stringify } = require("yaml") as typeof import("yaml");
    console.log(stringify({ config: pulumiYamlConfig() }, { lineWidth: 0 }));
    console.log(readmeConfigTable());
}
