// Refuses config keys the stack does not read. Pulumi hands the program every
// key of the stack, known or not, and a misspelled key (objectLockDay) or a
// key of the other stack would otherwise be ignored in silence while its
// default applies.
import { cliProjectDefaults, projectConfigKeys } from "./docs";
import { NAMESPACE } from "./load";
import { closest, didYouMean } from "./suggest";

/**
 * One problem line per key under `org-cloudtrail:` (or under a namespace one
 * typo away from it) that `stack` does not read. Values are never printed:
 * the key is what is wrong, and a misspelled secret key's value is a secret.
 *
 * `config` is every key the program was handed, as `pulumi.runtime.allConfig()`
 * gives it (full keys, string values).
 */
export function unknownKeyProblems(config: Record<string, string>, stack: string): string[] {
    const keys = projectConfigKeys();
    const own = keys.filter((k) => k.readBy.includes(stack)).map((k) => k.key);
    const others = keys.filter((k) => !own.includes(k.key));
    const defaults = cliProjectDefaults();
    const problems: string[] = [];
    for (const [fullKey, value] of Object.entries(config)) {
        const at = fullKey.indexOf(":");
        const namespace = fullKey.slice(0, at);
        const name = fullKey.slice(at + 1);
        if (namespace !== NAMESPACE) {
            // Another plugin's key (aws:region) is none of ours; a near miss of ours is a typo nothing would read.
            if (closest(namespace, [NAMESPACE]) === undefined) continue;
            const key = closest(name, own) ?? name;
            problems.push(`${fullKey} is read by nothing: the namespace ${namespace} is not ${NAMESPACE}; did you mean ${NAMESPACE}:${key}?`);
            continue;
        }
        if (own.includes(name)) continue;
        const other = others.find((k) => k.key === name);
        if (other) {
            // The CLI passes Pulumi.yaml's declared defaults to every stack, including keys the stack
            // never reads: the log-archive stack always receives alertEmails = "[]". That value says
            // nothing, so it is not a problem (nor, therefore, is the same value set in the wrong file).
            if (value === defaults[fullKey]) continue;
            problems.push(`${fullKey} is a key of ${theStacks(other.readBy)}, not of ${stack}: set it in ${theFilesOf(other.readBy)}`);
            continue;
        }
        const hint = didYouMean(name, own);
        const nearOther = others.find((k) => k.key === closest(name, others.map((o) => o.key)));
        problems.push(
            hint
                ? `${fullKey} is not a key of the ${stack} stack${hint}`
                : nearOther
                  ? `${fullKey} is not a key of the ${stack} stack; did you mean ${nearOther.key}, a key of ${theStacks(nearOther.readBy)}?`
                  : `${fullKey} is not a key of the ${stack} stack: expected one of ${own.join(", ")}`,
        );
    }
    return problems;
}

/** "the management stack", "the management and audit stacks". */
function theStacks(stacks: readonly string[]): string {
    return stacks.length === 1 ? `the ${stacks[0]} stack` : `the ${stacks.slice(0, -1).join(", ")} and ${stacks[stacks.length - 1]} stacks`;
}

/** "the management stack's file", "the management or audit stack's file". */
function theFilesOf(stacks: readonly string[]): string {
    return stacks.length === 1 ? `the ${stacks[0]} stack's file` : `the ${stacks.slice(0, -1).join(", ")} or ${stacks[stacks.length - 1]} stack's file`;
}
