/**
 * A parser and evaluator for Amazon CloudWatch Logs *JSON* metric filter
 * patterns (`{ $.a.b = "v" && ... }`), evaluated against already-parsed JSON
 * log events (CloudTrail events). It exists so that tests can prove each
 * alarm's filter pattern fires on the events it must and not on look-alikes.
 *
 * Hand-written on purpose: no maintained library implements CloudWatch Logs
 * filter pattern semantics (AWS publishes no grammar and no reference
 * implementation; the only implementations found are partial ones inside AWS
 * emulators). This is a deliberately small, strict subset: anything it does
 * not understand is rejected with a FilterPatternError rather than guessed.
 *
 * Source of the semantics (verified against the AWS documentation text,
 * "Filter pattern syntax for metric filters, subscription filters, filter log
 * events, and Live Tail", section "Using filter patterns to match terms in
 * JSON log events"):
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-terms-json-log-events
 * Referred to below as [DOCS]. What the docs say, and what this module does:
 *   - Patterns are enclosed in curly braces.                       [DOCS]
 *   - Property selectors start with "$." and are alphanumeric strings that
 *     support "-" and "_"; array elements are selected with zero-based
 *     "[n]"; a key containing "." can be selected with bracket notation
 *     `$.['cluster.name']`.                                         [DOCS]
 *   - "If a property selector points to an array or object, the filter
 *     pattern won't match the log format."                          [DOCS]
 *     => a term whose selector lands on an object or array is false, for
 *        `=` and for `!=` alike.
 *   - Wildcard selector: "You can use the JSON wildcard to select any array
 *     element or any JSON object field" (`$.arrayKey[*]`, `$.*`); at most one
 *     wildcard per selector and at most three wildcard selectors per
 *     pattern.                                                      [DOCS]
 *     => supported with "some element/field satisfies the term" semantics
 *        (the docs' examples are all `=`; `!=` over a wildcard is existential
 *        too: UNVERIFIED). `NOT EXISTS` over a wildcard is rejected because
 *        its meaning is not documented.
 *   - Equality operators for strings: `=` and `!=`. Strings may be
 *     double-quoted; strings with characters other than letters, digits and
 *     "_" "must be placed in double quotation marks"; "*" is a wildcard.
 *     [DOCS] The same page nevertheless uses the bare value `123.123.*`
 *     (`{ $.sourceIPAddress != 123.123.* }`) and the CIS Benchmark prints
 *     `($.eventSource = kms.amazonaws.com)`, so bare values may also contain
 *     ".", "-", "*" and "+" here. Other characters must be quoted.
 *   - Numeric operators `> < = != >= <=` against numbers; numbers may carry
 *     "+"/"-" and scientific notation (`1e+3`); "Use the asterisk as a wild
 *     card to match numbers".                                       [DOCS]
 *   - `IS NULL`, `IS TRUE`, `IS FALSE` match fields that contain those
 *     values; `NOT EXISTS` matches events that don't contain the field;
 *     "The variables IS NOT and EXISTS currently aren't supported". [DOCS]
 *     => `IS NULL` is false for a missing field; `NOT EXISTS` is false for a
 *        field that is present with the value null.
 *   - `&&`, `||` and parentheses, order of operations "() > && > ||". [DOCS]
 *   - Filter patterns are case sensitive.                           [DOCS]
 *   - Regex values `%...%` are allowed in JSON patterns, limited to
 *     alphanumerics, the symbols `: _ # = @ / ; , -`, the operators
 *     `^ $ ? [ ] { } | \ * + .`; "(" and ")" are not supported; at most 2
 *     regexes per filter pattern.                                   [DOCS]
 *     => supported; a regex matches if it is found anywhere in the value
 *        (`{ $.eventType = %Trail% }` matches "UpdateTrail" [DOCS]). Spaces
 *        are also accepted inside a regex (the docs' own example
 *        `%^starting|^initializing|^shutting down%` contains one).
 *   - Length: the CloudWatch Logs API model declares FilterPattern with
 *     `"max": 1024` (service model logs-2014-03-28, shape FilterPattern;
 *     PutMetricFilter API reference, "Length Constraints: Maximum length of
 *     1024").
 *
 * Decisions the docs do NOT settle (each is tested explicitly):
 *   1. `!=` on a MISSING field is FALSE (no match). The docs only say terms
 *      apply to value nodes and offer `NOT EXISTS` as the separate way to
 *      test absence. This is also what the CloudWatch console's "Test
 *      pattern" reported in https://github.com/DataBiosphere/azul/issues/5884
 *      (`$.userIdentity.invokedBy != "cloudfront.amazonaws.com"` did not match
 *      an event without `invokedBy`). Consequence for CIS 4.2
 *      (`$.additionalEventData.MFAUsed != "Yes"`): a ConsoleLogin event
 *      without `additionalEventData.MFAUsed` does not fire.
 *   2. Type handling. The docs say value nodes are strings or numbers:
 *      - a string value (quoted or bare, with or without `*`) or a regex is
 *        compared with string nodes, and with number nodes through the
 *        number's JSON text (docs: "*" is a wildcard "to match numbers");
 *        so `$.n = "5"` matches 5. The text is JavaScript's rendering of the
 *        parsed number (the original spelling, e.g. `5.0`, is lost): UNVERIFIED.
 *      - a numeric value is compared only with number nodes; `$.n = 5` does
 *        not match the string "5" (UNVERIFIED; conservative).
 *      - booleans and null are never equal or unequal to anything: use
 *        `IS TRUE` / `IS FALSE` / `IS NULL`. `$.b = "true"` does not match
 *        the boolean true, and `$.b != "x"` does not match it either.
 *      - bare `true`, `false`, `null` as values are rejected (ambiguous).
 *   3. `!=` is "the node is a comparable value node and `=` is false".
 *   4. Only JSON patterns are accepted: the project uses no others. Empty
 *      patterns (which CloudWatch accepts and which match everything),
 *      unstructured term patterns and space-delimited `[...]` patterns are
 *      rejected.
 *   5. Keywords (`IS`, `NULL`, `TRUE`, `FALSE`, `NOT`, `EXISTS`) must be
 *      upper case. Inside quoted strings only `\"` and `\\` escapes are
 *      accepted; any other backslash is rejected.
 *   6. An event that is not a JSON object or array never matches (CloudWatch
 *      does not match JSON patterns against non-JSON events).
 */

export const MAX_PATTERN_LENGTH = 1024;
/** [DOCS]: "up to three wildcard selectors in a filter pattern with compound expressions". */
export const MAX_WILDCARD_SELECTORS = 3;
/** [DOCS]: "a limit of 2 regex for each filter pattern". */
export const MAX_REGEXES = 2;

export class FilterPatternError extends Error {
    /** 0-based offset into the pattern string. */
    readonly position: number;
    readonly reason: string;
    constructor(position: number, reason: string) {
        super(`invalid filter pattern at position ${position}: ${reason}`);
        this.name = "FilterPatternError";
        this.position = position;
        this.reason = reason;
    }
}

export type SelectorStep =
    | { kind: "key"; name: string }
    | { kind: "index"; index: number }
    | { kind: "wildcard" };

export interface Selector {
    /** The selector as written, e.g. `$.c[0].d`. */
    text: string;
    steps: SelectorStep[];
}

export type PatternValue =
    | { kind: "string"; text: string; quoted: boolean; matcher: RegExp }
    | { kind: "number"; text: string; value: number }
    | { kind: "regex"; source: string; matcher: RegExp };

export type ComparisonOperator = "=" | "!=" | "<" | ">" | "<=" | ">=";

export type Expression =
    | { type: "and"; left: Expression; right: Expression }
    | { type: "or"; left: Expression; right: Expression }
    | { type: "compare"; selector: Selector; operator: ComparisonOperator; value: PatternValue }
    | { type: "is"; selector: Selector; what: "NULL" | "TRUE" | "FALSE" }
    | { type: "notExists"; selector: Selector };

export interface ParsedPattern {
    source: string;
    expression: Expression;
}

// ---------------------------------------------------------------- tokenizer

type TokenKind = "{" | "}" | "(" | ")" | "&&" | "||" | "op" | "selector" | "string" | "regex" | "word" | "eof";

interface Token {
    kind: TokenKind;
    text: string;
    /** For "string": the unescaped content. */
    value?: string;
    pos: number;
}

const BARE_CHAR = /[A-Za-z0-9_.\-*+]/;
const SELECTOR_CHAR = /[A-Za-z0-9_.\-*[\]]/;
const REGEX_ALLOWED = /^[A-Za-z0-9:_#=@/;,\- ^$?[\]{}|\\*+.]*$/;

function tokenize(src: string, offset: number, end: number): Token[] {
    const tokens: Token[] = [];
    let i = offset;
    while (i < end) {
        const c = src[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        const start = i;
        if (c === "{" || c === "}" || c === "(" || c === ")") {
            tokens.push({ kind: c, text: c, pos: start });
            i++;
        } else if (c === "&") {
            if (src[i + 1] !== "&") throw new FilterPatternError(i, "single '&': use '&&' for AND");
            tokens.push({ kind: "&&", text: "&&", pos: start });
            i += 2;
        } else if (c === "|") {
            if (src[i + 1] !== "|") throw new FilterPatternError(i, "single '|': use '||' for OR");
            tokens.push({ kind: "||", text: "||", pos: start });
            i += 2;
        } else if (c === "=" || c === "<" || c === ">" || c === "!") {
            if (c === "=" && src[i + 1] === "=") throw new FilterPatternError(i, "'==' is not an operator: use '='");
            if (c === "!" && src[i + 1] !== "=") {
                throw new FilterPatternError(i, "'!' is only valid in '!='; negation is not supported (use '!=' or NOT EXISTS)");
            }
            const two = (c === "<" || c === ">" || c === "!") && src[i + 1] === "=";
            const text = two ? c + "=" : c;
            tokens.push({ kind: "op", text, pos: start });
            i += text.length;
        } else if (c === '"') {
            i++;
            let value = "";
            let closed = false;
            while (i < end) {
                const d = src[i];
                if (d === "\\") {
                    const e = src[i + 1];
                    if (e === '"' || e === "\\") {
                        value += e;
                        i += 2;
                        continue;
                    }
                    throw new FilterPatternError(i, `unsupported escape '\\${e ?? ""}' in a quoted string (only \\" and \\\\ are supported)`);
                }
                if (d === '"') {
                    closed = true;
                    i++;
                    break;
                }
                value += d;
                i++;
            }
            if (!closed) throw new FilterPatternError(start, "unterminated quoted string (missing closing '\"')");
            tokens.push({ kind: "string", text: src.slice(start, i), value, pos: start });
        } else if (c === "%") {
            const close = src.indexOf("%", i + 1);
            if (close < 0 || close >= end) throw new FilterPatternError(start, "unterminated regex (missing closing '%')");
            tokens.push({ kind: "regex", text: src.slice(start, close + 1), value: src.slice(start + 1, close), pos: start });
            i = close + 1;
        } else if (c === "$") {
            i++;
            while (i < end) {
                if (src[i] === "[" && src[i + 1] === "'") {
                    // bracket notation ['key.with.dots']
                    const close = src.indexOf("']", i + 2);
                    if (close < 0 || close >= end) throw new FilterPatternError(i, "unterminated bracket key (missing \"']\")");
                    i = close + 2;
                } else if (SELECTOR_CHAR.test(src[i])) {
                    i++;
                } else break;
            }
            tokens.push({ kind: "selector", text: src.slice(start, i), pos: start });
        } else if (BARE_CHAR.test(c)) {
            while (i < end && BARE_CHAR.test(src[i])) i++;
            tokens.push({ kind: "word", text: src.slice(start, i), pos: start });
        } else {
            throw new FilterPatternError(i, `unexpected character '${c}'`);
        }
    }
    tokens.push({ kind: "eof", text: "end of pattern", pos: end });
    return tokens;
}

// ---------------------------------------------------------------- selectors

function parseSelector(tok: Token): Selector {
    const text = tok.text;
    const steps: SelectorStep[] = [];
    if (!text.startsWith("$.")) {
        throw new FilterPatternError(tok.pos, `selector '${text}' must start with '$.'`);
    }
    let i = 1;
    while (i < text.length) {
        const here = tok.pos + i;
        if (text[i] === ".") {
            i++;
            if (text[i] === "*") {
                steps.push({ kind: "wildcard" });
                i++;
            } else if (text[i] === "[" && text[i + 1] === "'") {
                const close = text.indexOf("']", i + 2);
                const name = text.slice(i + 2, close);
                if (name === "") throw new FilterPatternError(here, `empty bracket key in selector '${text}'`);
                steps.push({ kind: "key", name });
                i = close + 2;
            } else {
                const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i));
                if (!m) throw new FilterPatternError(here, `selector '${text}' has an empty or invalid property name after '.'`);
                steps.push({ kind: "key", name: m[0] });
                i += m[0].length;
            }
        } else if (text[i] === "[") {
            const m = /^\[(\d+|\*)\]/.exec(text.slice(i));
            if (!m) throw new FilterPatternError(here, `selector '${text}' has an invalid array index (expected [n] or [*])`);
            steps.push(m[1] === "*" ? { kind: "wildcard" } : { kind: "index", index: Number(m[1]) });
            i += m[0].length;
        } else {
            throw new FilterPatternError(here, `unexpected '${text[i]}' in selector '${text}'`);
        }
    }
    if (steps.length === 0) throw new FilterPatternError(tok.pos, `selector '${text}' names no property`);
    const wildcards = steps.filter((s) => s.kind === "wildcard").length;
    if (wildcards > 1) {
        throw new FilterPatternError(tok.pos, `selector '${text}' has ${wildcards} wildcards; CloudWatch allows one per selector`);
    }
    return { text, steps };
}

// ---------------------------------------------------------------- values

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function wildcardMatcher(text: string): RegExp {
    const body = text
        .split("*")
        .map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${body}$`, "s");
}

// ---------------------------------------------------------------- parser

class Parser {
    private i = 0;
    wildcardSelectors = 0;
    regexes = 0;
    constructor(private readonly tokens: Token[]) {}

    peek(): Token {
        return this.tokens[this.i];
    }
    next(): Token {
        return this.tokens[this.i++];
    }

    parseOr(): Expression {
        let left = this.parseAnd();
        while (this.peek().kind === "||") {
            this.next();
            left = { type: "or", left, right: this.parseAnd() };
        }
        return left;
    }

    parseAnd(): Expression {
        let left = this.parsePrimary();
        while (this.peek().kind === "&&") {
            this.next();
            left = { type: "and", left, right: this.parsePrimary() };
        }
        return left;
    }

    parsePrimary(): Expression {
        const t = this.peek();
        if (t.kind === "(") {
            this.next();
            if (this.peek().kind === ")") throw new FilterPatternError(this.peek().pos, "empty parentheses '()'");
            const inner = this.parseOr();
            const close = this.peek();
            if (close.kind !== ")") {
                throw new FilterPatternError(close.pos, `unbalanced parentheses: expected ')' to close '(' at position ${t.pos}, found ${describe(close)}`);
            }
            this.next();
            return inner;
        }
        if (t.kind === "selector") return this.parseTerm();
        if (t.kind === ")") throw new FilterPatternError(t.pos, "unbalanced parentheses: ')' without a matching '('");
        throw new FilterPatternError(t.pos, `expected a term '$.selector ...' or '(', found ${describe(t)}`);
    }

    parseTerm(): Expression {
        const selTok = this.next();
        const selector = parseSelector(selTok);
        const hasWildcard = selector.steps.some((s) => s.kind === "wildcard");
        if (hasWildcard && ++this.wildcardSelectors > MAX_WILDCARD_SELECTORS) {
            throw new FilterPatternError(selTok.pos, `more than ${MAX_WILDCARD_SELECTORS} wildcard selectors in one pattern`);
        }
        const t = this.next();
        if (t.kind === "word" && t.text === "IS") {
            const what = this.next();
            if (what.kind === "word" && (what.text === "NULL" || what.text === "TRUE" || what.text === "FALSE")) {
                return { type: "is", selector, what: what.text };
            }
            if (what.kind === "word" && what.text === "NOT") {
                throw new FilterPatternError(what.pos, "'IS NOT' is not supported by CloudWatch Logs (use '!=' or NOT EXISTS)");
            }
            throw new FilterPatternError(what.pos, `expected NULL, TRUE or FALSE after IS, found ${describe(what)}`);
        }
        if (t.kind === "word" && t.text === "NOT") {
            const what = this.next();
            if (what.kind === "word" && what.text === "EXISTS") {
                if (hasWildcard) {
                    throw new FilterPatternError(selTok.pos, `NOT EXISTS with a wildcard selector ('${selector.text}') is not supported (undocumented meaning)`);
                }
                return { type: "notExists", selector };
            }
            throw new FilterPatternError(what.pos, `expected EXISTS after NOT, found ${describe(what)}`);
        }
        if (t.kind === "word" && t.text === "EXISTS") {
            throw new FilterPatternError(t.pos, "'EXISTS' is not supported by CloudWatch Logs; only 'NOT EXISTS' is (to require a field, compare it, e.g. = \"*\")");
        }
        if (t.kind === "word" && /^(is|not|exists)$/i.test(t.text)) {
            throw new FilterPatternError(t.pos, `keyword '${t.text}' must be upper case`);
        }
        if (t.kind !== "op") {
            throw new FilterPatternError(t.pos, `missing operator after selector '${selector.text}': expected = != < > <= >=, IS or NOT EXISTS, found ${describe(t)}`);
        }
        const operator = t.text as ComparisonOperator;
        const v = this.next();
        const value = this.parseValue(v, operator);
        return { type: "compare", selector, operator, value };
    }

    parseValue(v: Token, operator: ComparisonOperator): PatternValue {
        const relational = operator !== "=" && operator !== "!=";
        if (v.kind === "word" && NUMBER.test(v.text)) {
            const value = Number(v.text);
            if (!Number.isFinite(value)) throw new FilterPatternError(v.pos, `number '${v.text}' is out of range`);
            return { kind: "number", text: v.text, value };
        }
        if (relational) {
            throw new FilterPatternError(v.pos, `operator '${operator}' needs a number, found ${describe(v)}`);
        }
        if (v.kind === "string") {
            const text = v.value ?? "";
            return { kind: "string", text, quoted: true, matcher: wildcardMatcher(text) };
        }
        if (v.kind === "word") {
            if (/^(true|false|null)$/i.test(v.text)) {
                throw new FilterPatternError(v.pos, `bare '${v.text}' is ambiguous as a value: use IS TRUE / IS FALSE / IS NULL, or quote it`);
            }
            return { kind: "string", text: v.text, quoted: false, matcher: wildcardMatcher(v.text) };
        }
        if (v.kind === "regex") {
            const source = v.value ?? "";
            if (source === "") throw new FilterPatternError(v.pos, "empty regex '%%'");
            if (!REGEX_ALLOWED.test(source)) {
                const bad = [...source].find((ch) => !REGEX_ALLOWED.test(ch));
                throw new FilterPatternError(v.pos, `regex contains '${bad}', which CloudWatch does not support in regexes (no parentheses)`);
            }
            if (++this.regexes > MAX_REGEXES) {
                throw new FilterPatternError(v.pos, `more than ${MAX_REGEXES} regexes in one pattern`);
            }
            let matcher: RegExp;
            try {
                matcher = new RegExp(source, "s");
            } catch (e) {
                throw new FilterPatternError(v.pos, `invalid regex: ${(e as Error).message}`);
            }
            return { kind: "regex", source, matcher };
        }
        throw new FilterPatternError(v.pos, `missing value after '${operator}', found ${describe(v)}`);
    }
}

function describe(t: Token): string {
    return t.kind === "eof" ? "end of pattern" : `'${t.text}'`;
}

/**
 * Parses a JSON filter pattern `{ ... }`; throws FilterPatternError with
 * position and reason for anything it does not support or that CloudWatch
 * would reject. Enforces the 1,024-character limit.
 */
export function parseFilterPattern(pattern: string): ParsedPattern {
    if (typeof pattern !== "string") throw new FilterPatternError(0, "pattern must be a string");
    const length = [...pattern].length;
    if (length > MAX_PATTERN_LENGTH) {
        throw new FilterPatternError(MAX_PATTERN_LENGTH, `pattern is ${length} characters long; CloudWatch allows at most ${MAX_PATTERN_LENGTH}`);
    }
    let start = 0;
    while (start < pattern.length && /\s/.test(pattern[start])) start++;
    let end = pattern.length;
    while (end > start && /\s/.test(pattern[end - 1])) end--;
    if (start === end) {
        throw new FilterPatternError(0, "empty pattern (it would match every event); this project only uses JSON patterns '{ ... }'");
    }
    if (pattern[start] === "[") {
        throw new FilterPatternError(start, "space-delimited patterns '[...]' are not supported: this project only uses JSON patterns '{ ... }'");
    }
    if (pattern[start] !== "{") {
        throw new FilterPatternError(start, "not a JSON pattern (plain-term/unstructured patterns are not supported): this project only uses JSON patterns '{ ... }'");
    }
    const tokens = tokenize(pattern, start, end);
    const parser = new Parser(tokens);
    parser.next(); // '{'
    if (parser.peek().kind === "}") throw new FilterPatternError(parser.peek().pos, "empty JSON pattern '{ }'");
    const expression = parser.parseOr();
    const close = parser.next();
    if (close.kind === ")") throw new FilterPatternError(close.pos, "unbalanced parentheses: ')' without a matching '('");
    if (close.kind !== "}") {
        if (close.kind === "eof") throw new FilterPatternError(close.pos, "missing closing '}'");
        throw new FilterPatternError(close.pos, `unexpected ${describe(close)}: expected '&&', '||', ')' or '}'`);
    }
    const after = parser.next();
    if (after.kind !== "eof") throw new FilterPatternError(after.pos, `trailing ${describe(after)} after the closing '}'`);
    return { source: pattern, expression };
}

// ---------------------------------------------------------------- evaluator

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The nodes a selector lands on (several for a wildcard, none if missing). */
function resolve(event: unknown, selector: Selector): unknown[] {
    let nodes: unknown[] = [event];
    for (const step of selector.steps) {
        const nextNodes: unknown[] = [];
        for (const node of nodes) {
            if (step.kind === "key") {
                if (isPlainObject(node) && Object.prototype.hasOwnProperty.call(node, step.name)) nextNodes.push(node[step.name]);
            } else if (step.kind === "index") {
                if (Array.isArray(node) && step.index < node.length) nextNodes.push(node[step.index]);
            } else if (Array.isArray(node)) {
                nextNodes.push(...node);
            } else if (isPlainObject(node)) {
                nextNodes.push(...Object.values(node));
            }
        }
        nodes = nextNodes;
    }
    return nodes;
}

/**
 * Whether one node satisfies a comparison; `undefined` when the term does not
 * apply to this node at all (object, array, null, boolean, or a type the value
 * cannot be compared with), in which case neither `=` nor `!=` matches.
 */
function equalsNode(node: unknown, value: PatternValue): boolean | undefined {
    if (value.kind === "number") {
        return typeof node === "number" ? node === value.value : undefined;
    }
    let text: string;
    if (typeof node === "string") text = node;
    else if (typeof node === "number") text = String(node);
    else return undefined;
    return value.matcher.test(text);
}

function compareNode(node: unknown, operator: ComparisonOperator, value: PatternValue): boolean {
    if (operator === "=" || operator === "!=") {
        const eq = equalsNode(node, value);
        if (eq === undefined) return false;
        return operator === "=" ? eq : !eq;
    }
    if (typeof node !== "number" || value.kind !== "number") return false;
    switch (operator) {
        case "<":
            return node < value.value;
        case ">":
            return node > value.value;
        case "<=":
            return node <= value.value;
        case ">=":
            return node >= value.value;
    }
}

function evaluate(expr: Expression, event: unknown): boolean {
    switch (expr.type) {
        case "and":
            return evaluate(expr.left, event) && evaluate(expr.right, event);
        case "or":
            return evaluate(expr.left, event) || evaluate(expr.right, event);
        case "notExists":
            return resolve(event, expr.selector).length === 0;
        case "is": {
            const want = expr.what === "NULL" ? null : expr.what === "TRUE";
            return resolve(event, expr.selector).some((n) => n === want);
        }
        case "compare":
            return resolve(event, expr.selector).some((n) => compareNode(n, expr.operator, expr.value));
    }
}

/** Evaluates a parsed pattern against one event (a parsed JSON object). */
export function matches(pattern: ParsedPattern, event: unknown): boolean {
    if (typeof event !== "object" || event === null) return false;
    return evaluate(pattern.expression, event);
}

/** Convenience: parse then evaluate. */
export function patternMatches(pattern: string, event: unknown): boolean {
    return matches(parseFilterPattern(pattern), event);
}

/** The selectors ($.a.b, $.c[0].d) a pattern names, in order of first appearance, without duplicates. */
export function selectorsOf(pattern: ParsedPattern): string[] {
    const out: string[] = [];
    const walk = (e: Expression): void => {
        if (e.type === "and" || e.type === "or") {
            walk(e.left);
            walk(e.right);
        } else if (!out.includes(e.selector.text)) {
            out.push(e.selector.text);
        }
    };
    walk(pattern.expression);
    return out;
}
