// Encrypted config values (`secure:`) in the offline plan. The plan has no
// key to decrypt them and needs none: the program gets a visibly fake
// stand-in of the right shape for each, marked secret as the CLI would mark
// it, and everything the plan prints or writes shows the stand-ins as
// [secret]. `pulumi up` validates the decrypted values.
import { NAMESPACE } from "../config/load";

export interface SecretStandIn {
    /** The stand-in for the n-th encrypted entry (from 1): distinct per entry, so rules that count entries still count them. */
    entry(n: number): string;
    /** Whether the key holds a list, so that a value encrypted as a whole stands in as a list of one entry. */
    list: boolean;
}

/**
 * The keys the program reads as secrets, each with its stand-in. A host
 * under `.invalid` can never resolve (RFC 2606), so a stand-in that leaked
 * into a real deployment could deliver nothing.
 */
export const SECRET_STAND_INS: Readonly<Record<string, SecretStandIn>> = {
    [`${NAMESPACE}:alertHttpsEndpoints`]: { list: true, entry: (n) => `https://secret-${n}.invalid/` },
};

/** What the plan stood in for under one key. */
export interface StoodIn {
    key: string;
    /** How many encrypted entries were stood in for; undefined when the value was encrypted as a whole. */
    entries?: number;
    /** The stand-in texts, which the plan never prints. */
    texts: string[];
}

/** Pulumi's form of an encrypted value: a mapping with the single key `secure` (config/value.go, isSecureValue). */
function isEncrypted(value: unknown): value is { secure: string } {
    return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { secure?: unknown }).secure === "string";
}

/** Whether any part of `value` is encrypted: the CLI then hands the whole key to the program as a secret (hasSecureValue). */
export function hasEncrypted(value: unknown): boolean {
    if (isEncrypted(value)) return true;
    if (Array.isArray(value)) return value.some(hasEncrypted);
    if (value !== null && typeof value === "object") return Object.values(value).some(hasEncrypted);
    return false;
}

/**
 * `value` of `key` with every encrypted part replaced by its stand-in, or the
 * problem when the program reads the key in plain text (no stand-in).
 */
export function standInSecrets(key: string, value: unknown): { value: unknown; stoodIn: StoodIn } | { problem: string } {
    const standIn = SECRET_STAND_INS[key];
    if (!standIn) {
        const known = Object.keys(SECRET_STAND_INS).join(", ");
        return {
            problem:
                `${key} is encrypted (secure:), but the program reads it in plain text, so the offline plan has no stand-in for it ` +
                `(it stands in for ${known}): set it without --secret`,
        };
    }
    const texts: string[] = [];
    const next = () => {
        const text = standIn.entry(texts.length + 1);
        texts.push(text);
        return text;
    };
    if (isEncrypted(value)) {
        // Encrypted as a whole: its shape, not its length, is all the plan can know.
        const text = next();
        return { value: standIn.list ? [text] : text, stoodIn: { key, texts } };
    }
    if (Array.isArray(value)) {
        // The CLI marks the whole key secret when one entry is, so the program could not tell a
        // plain entry from the others; but that entry sits readable in the stack file.
        const plain = value.map((entry, i) => (isEncrypted(entry) ? -1 : i)).filter((i) => i >= 0);
        if (plain.length > 0) {
            return {
                problem:
                    `${key}${plain.map((i) => `[${i}]`).join(", ")} ${plain.length === 1 ? "is" : "are"} in plain text beside encrypted entries: ` +
                    `expected every entry set with pulumi config set --secret --path '${key.slice(key.indexOf(":") + 1)}[N]' <value>`,
            };
        }
    }
    const replace = (v: unknown): unknown => {
        if (isEncrypted(v)) return next();
        if (Array.isArray(v)) return v.map(replace);
        if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x)]));
        return v;
    };
    const replaced = replace(value);
    return { value: replaced, stoodIn: { key, entries: texts.length, texts } };
}

/** The note the plan prints for one key's stand-ins. */
export function standInNote(s: StoodIn, file: string): string {
    const what =
        s.entries === undefined
            ? `is encrypted as a whole: the plan stands in one entry for it and cannot know how many it holds`
            : `has ${s.entries} encrypted ${s.entries === 1 ? "entry" : "entries"}, each stood in for by a placeholder`;
    return `Secrets: ${s.key} in ${file} ${what}, shown as [secret]; the plan cannot decrypt it, \`pulumi up\` validates the decrypted ${s.entries === undefined ? "value" : "values"}.`;
}

/** `text` with every stand-in shown as [secret]. */
export function maskStandIns(text: string, standIns: readonly StoodIn[]): string {
    let masked = text;
    for (const s of standIns) for (const t of s.texts) masked = masked.split(t).join("[secret]");
    return masked;
}
