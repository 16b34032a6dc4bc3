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
