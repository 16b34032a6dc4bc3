// Small builders for the catalog's filter patterns. They only join quoted
// terms; the catalog stays readable as data and every pattern they build is
// parsed and evaluated by the tests like a hand-written one.

/** `"v"` with the two characters a quoted filter-pattern value must escape. */
export function quoted(value: string): string {
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** `($.field = "a") || ($.field = "b") ...`, in parentheses so it can be AND-ed safely. */
export function anyOf(field: string, values: readonly string[]): string {
    if (values.length === 0) throw new Error(`anyOf(${field}) needs at least one value`);
    const terms = values.map((v) => `($.${field} = ${quoted(v)})`);
    return terms.length === 1 ? terms[0] : `(${terms.join(" || ")})`;
}

/** `{ ($.eventSource = "<service>") && (<one of names>) && <extra> }`: calls to one service by API name. */
export function calls(eventSource: string, eventNames: readonly string[], ...extra: string[]): string {
    return `{ ${[`($.eventSource = ${quoted(eventSource)})`, anyOf("eventName", eventNames), ...extra].join(" && ")} }`;
}

/** The request succeeded: CloudTrail records `errorCode` only for failed calls. */
export const SUCCEEDED = "($.errorCode NOT EXISTS)";

/** `(a || b ...)`: at least one of `terms`, in parentheses so it can be AND-ed safely. */
export function either(...terms: string[]): string {
    if (terms.length === 0) throw new Error("either() needs at least one term");
    return terms.length === 1 ? terms[0] : `(${terms.join(" || ")})`;
}

/** `(<a> && <b> ...)`: all of `terms`, in parentheses so it can be OR-ed safely. */
export function all(...terms: string[]): string {
    if (terms.length === 0) throw new Error("all() needs at least one term");
    return terms.length === 1 ? terms[0] : `(${terms.join(" && ")})`;
}

/** `(($.eventSource = "<service>") && (<one of names>))`: one service's calls, as a term to combine with others. */
export function callTerm(c: { eventSource: string; eventNames: readonly string[] }): string {
    return all(`($.eventSource = ${quoted(c.eventSource)})`, anyOf("eventName", c.eventNames));
}

/** `{ a && b ... }`: a whole pattern from terms that must all hold. */
export function patternOf(...terms: string[]): string {
    return `{ ${terms.join(" && ")} }`;
}

/**
 * `%^[oO][rR]...%`: a regex value matching values that start with `prefix` in
 * any letter case. For names AWS compares without case (IAM's), where the
 * record keeps the caller's spelling. Letters, digits, `-` and `_` only: the
 * characters CloudWatch accepts in a regex without escaping that need no
 * case variants.
 */
export function anyCasePrefix(prefix: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(prefix)) throw new Error(`anyCasePrefix(${JSON.stringify(prefix)}): letters, digits, - and _ only`);
    const body = [...prefix].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join("");
    return `%^${body}%`;
}
