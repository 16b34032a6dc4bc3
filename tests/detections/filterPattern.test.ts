import { strict as assert } from "assert";
import * as fs from "fs";
import {
    FilterPatternError,
    MAX_PATTERN_LENGTH,
    matches,
    parseFilterPattern,
    patternMatches,
    selectorsOf,
} from "../../detections/filterPattern";
import { CORPUS_PATH } from "./labels";

/** Asserts that parsing fails with a FilterPatternError whose message contains `fragment`. */
function assertRejected(pattern: string, fragment: string | RegExp): FilterPatternError {
    let caught: unknown;
    try {
        parseFilterPattern(pattern);
    } catch (e) {
        caught = e;
    }
    assert.ok(caught instanceof FilterPatternError, `expected FilterPatternError for ${JSON.stringify(pattern)}, got ${String(caught)}`);
    const err = caught as FilterPatternError;
    if (typeof fragment === "string") {
        assert.ok(err.message.includes(fragment), `message ${JSON.stringify(err.message)} should contain ${JSON.stringify(fragment)}`);
    } else {
        assert.match(err.message, fragment);
    }
    assert.match(err.message, /^invalid filter pattern at position \d+: /);
    return err;
}

/** Pads `{ $.a = "" }` with characters inside the quotes to exactly `n` characters. */
function patternOfLength(n: number): string {
    const shell = '{ $.a = "" }';
    return shell.replace('""', `"${"x".repeat(n - shell.length)}"`);
}

// CIS AWS Foundations Benchmark monitoring patterns, written out in full
// (shared/reference/aws-facts.md section 9).
const CIS_4_1 =
    '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }';
const CIS_4_2 = '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }';
const CIS_4_2_SSO_SAFE =
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }';
const CIS_4_3 = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
const CIS_4_6 = '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }';
const CIS_4_7 = "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }";

describe("filterPattern: parsing", () => {
    const accepted: [string, string][] = [
        ["string equality", '{ $.a.b = "v" }'],
        ["string inequality", '{ $.a.b != "v" }'],
        ["no whitespace at all", '{$.a="v"&&$.b!="w"||($.c=1)}'],
        ["lots of whitespace incl. newlines and tabs", '  {\n\t$.a   =\n "v"  }  '],
        ["bare value", "{ $.eventName = ConsoleLogin }"],
        ["bare value with dots", "{ $.eventSource = kms.amazonaws.com }"],
        ["bare value with dash and wildcard", "{ $.sourceIPAddress != 123.123.* }"],
        ["bare wildcard value", "{ $.instanceType = *.8xlarge }"],
        ["quoted value with escapes", '{ $.a = "say \\"hi\\" \\\\ bye" }'],
        ["numeric =", "{ $.n = 400 }"],
        ["numeric comparisons", "{ $.n > 1 && $.n < 2 && $.n >= 3 && $.n <= 4 && $.n != 5 }"],
        ["signed / decimal / scientific numbers", "{ $.n = -1 || $.n = +2.5 || $.n = 1e+3 || $.n != 1e-3 }"],
        ["IS NULL", "{ $.x IS NULL }"],
        ["IS TRUE", "{ $.x IS TRUE }"],
        ["IS FALSE", "{ $.x IS FALSE }"],
        ["NOT EXISTS", "{ $.x NOT EXISTS }"],
        ["array index", '{ $.a[0].b = "v" }'],
        ["nested array index", "{ $.coordinates[0][1] = 1 }"],
        ["wildcard array element", '{ $.arrayKey[*] = "value" }'],
        ["wildcard object field", '{ $.* = "value" }'],
        ["bracket notation for a key with a dot", '{ $.[\'cluster.name\'] = "c" }'],
        ["hyphen and underscore in property names", '{ $.a-b.c_d = "v" }'],
        ["regex value", "{ $.eventType = %Trail% }"],
        ["regex with documented operators", "{ $.ip = %^111\\.111\\.[0-9]{1,3}$% }"],
        ["nested parentheses", '{ ((($.a = "1"))) }'],
        ["CIS 4.1", CIS_4_1],
        ["CIS 4.2", CIS_4_2],
        ["CIS 4.2 SSO-safe variant", CIS_4_2_SSO_SAFE],
        ["CIS 4.3", CIS_4_3],
        ["CIS 4.6", CIS_4_6],
        ["CIS 4.7", CIS_4_7],
    ];
    for (const [name, pattern] of accepted) {
        it(`accepts ${name}`, () => {
            const parsed = parseFilterPattern(pattern);
            assert.equal(parsed.source, pattern);
            assert.ok(selectorsOf(parsed).length >= 1);
        });
    }

    it("builds the expected AST for a term with a bare value", () => {
        const parsed = parseFilterPattern("{ $.eventSource = kms.amazonaws.com }");
        const e = parsed.expression;
        assert.equal(e.type, "compare");
        if (e.type !== "compare") return;
        assert.equal(e.operator, "=");
        assert.deepEqual(e.selector.steps, [{ kind: "key", name: "eventSource" }]);
        assert.equal(e.value.kind, "string");
        if (e.value.kind === "string") {
            assert.equal(e.value.text, "kms.amazonaws.com");
            assert.equal(e.value.quoted, false);
        }
    });

    it("unescapes \\\" and \\\\ inside quoted strings", () => {
        const e = parseFilterPattern('{ $.a = "x\\"y\\\\z" }').expression;
        assert.ok(e.type === "compare" && e.value.kind === "string");
        if (e.type === "compare" && e.value.kind === "string") assert.equal(e.value.text, 'x"y\\z');
    });

    it("parses selector steps: keys, indexes, wildcards and bracket keys", () => {
        const e = parseFilterPattern("{ $.a[2].b.['c.d'][*] = 1 }").expression;
        assert.ok(e.type === "compare");
        if (e.type !== "compare") return;
        assert.deepEqual(e.selector.steps, [
            { kind: "key", name: "a" },
            { kind: "index", index: 2 },
            { kind: "key", name: "b" },
            { kind: "key", name: "c.d" },
            { kind: "wildcard" },
        ]);
    });

    it("selectorsOf lists each selector once, in order of appearance", () => {
        assert.deepEqual(selectorsOf(parseFilterPattern(CIS_4_1)), ["$.errorCode", "$.sourceIPAddress", "$.eventName"]);
        assert.deepEqual(selectorsOf(parseFilterPattern("{ $.c[0].d = 1 || $.a.b IS NULL }")), ["$.c[0].d", "$.a.b"]);
    });

    it(`accepts a pattern of exactly ${MAX_PATTERN_LENGTH} characters and rejects ${MAX_PATTERN_LENGTH + 1}`, () => {
        const ok = patternOfLength(MAX_PATTERN_LENGTH);
        assert.equal(ok.length, 1024);
        assert.ok(patternMatches(ok, { a: "x".repeat(1024 - 12) }));
        const tooLong = patternOfLength(MAX_PATTERN_LENGTH + 1);
        assert.equal(tooLong.length, 1025);
        assertRejected(tooLong, "pattern is 1025 characters long; CloudWatch allows at most 1024");
    });

    it("reports the position of the problem", () => {
        const err = assertRejected('{ $.a = "v" && }', "expected a term");
        assert.equal(err.position, 15);
        assert.equal(err.reason.startsWith("expected a term"), true);
    });

    const rejected: [string, string, string | RegExp][] = [
        ["empty pattern", "", "empty pattern"],
        ["whitespace-only pattern", "   ", "empty pattern"],
        ["empty braces", "{ }", "empty JSON pattern"],
        ["plain term pattern", "ERROR", "not a JSON pattern (plain-term/unstructured patterns are not supported): this project only uses JSON patterns"],
        ["quoted phrase pattern", '"INTERNAL SERVER ERROR"', "this project only uses JSON patterns"],
        ["space-delimited pattern", "[w1=ERROR, w2]", "space-delimited patterns '[...]' are not supported"],
        ["missing closing brace", '{ $.a = "v"', "missing closing '}'"],
        ["unbalanced '('", '{ ($.a = "v" }', "unbalanced parentheses: expected ')'"],
        ["unbalanced ')'", '{ $.a = "v") }', "unbalanced parentheses: ')' without a matching '('"],
        ["leading ')'", '{ ) }', "unbalanced parentheses"],
        ["empty parentheses", "{ () }", "empty parentheses"],
        ["unterminated quote", '{ $.a = "v }', "unterminated quoted string"],
        ["missing operator", '{ $.a "v" }', "missing operator after selector '$.a'"],
        ["missing value", "{ $.a = }", "missing value after '='"],
        ["missing value before &&", '{ $.a = && $.b = "c" }', "missing value after '='"],
        ["dangling &&", '{ $.a = "v" && }', "expected a term"],
        ["two values", "{ $.a = b c }", "unexpected 'c'"],
        ["trailing garbage after }", '{ $.a = "v" } x', "trailing 'x' after the closing '}'"],
        ["second pattern after }", '{ $.a = "v" } { $.b = "w" }', "trailing '{'"],
        ["== operator", '{ $.a == "v" }', "'==' is not an operator"],
        ["single &", '{ $.a = "v" & $.b = "w" }', "use '&&'"],
        ["single |", '{ $.a = "v" | $.b = "w" }', "use '||'"],
        ["! negation", '{ !($.a = "v") }', "negation is not supported"],
        ["EXISTS", "{ $.a EXISTS }", "'EXISTS' is not supported by CloudWatch Logs; only 'NOT EXISTS'"],
        ["IS NOT NULL", "{ $.a IS NOT NULL }", "'IS NOT' is not supported by CloudWatch Logs"],
        ["IS with a bad keyword", "{ $.a IS EMPTY }", "expected NULL, TRUE or FALSE after IS"],
        ["NOT with a bad keyword", "{ $.a NOT NULL }", "expected EXISTS after NOT"],
        ["lower-case keyword", "{ $.a is null }", "keyword 'is' must be upper case"],
        ["selector without '$.'", '{ $a = "v" }', "must start with '$.'"],
        ["bare property name", '{ a = "v" }', "expected a term"],
        ["selector ending in '.'", '{ $.a. = "v" }', "invalid property name after '.'"],
        ["bad array index", '{ $.a[x] = "v" }', "invalid array index"],
        ["two wildcards in one selector", '{ $.a[*].* = "v" }', "has 2 wildcards; CloudWatch allows one per selector"],
        ["four wildcard selectors", '{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 || $.d[*] = 1 }', "more than 3 wildcard selectors"],
        ["NOT EXISTS on a wildcard", "{ $.a[*] NOT EXISTS }", "NOT EXISTS with a wildcard selector"],
        ["relational operator with a string", '{ $.a > "5" }', "operator '>' needs a number"],
        ["relational operator with a wildcard", "{ $.a >= 4* }", "operator '>=' needs a number"],
        ["bare true", "{ $.a = true }", "use IS TRUE / IS FALSE / IS NULL"],
        ["bare null", "{ $.a != null }", "use IS TRUE / IS FALSE / IS NULL"],
        ["unsupported escape", '{ $.a = "x\\ny" }', "unsupported escape"],
        ["unsupported character", "{ $.a = v;w }", "unexpected character ';'"],
        ["regex with parentheses", "{ $.a = %(ab)+% }", "regex contains '('"],
        ["unterminated regex", "{ $.a = %abc }", "unterminated regex"],
        ["empty regex", "{ $.a = %% }", "empty regex"],
        ["three regexes", "{ $.a = %a% || $.b = %b% || $.c = %c% }", "more than 2 regexes"],
    ];
    for (const [name, pattern, fragment] of rejected) {
        it(`rejects ${name}`, () => {
            assertRejected(pattern, fragment);
        });
    }

    it("patternMatches propagates parse errors instead of returning false", () => {
        assert.throws(() => patternMatches("ERROR", {}), FilterPatternError);
    });
});

describe("filterPattern: semantics", () => {
    const table = (pattern: string, rows: [unknown, boolean][]): void => {
        const parsed = parseFilterPattern(pattern);
        for (const [event, expected] of rows) {
            assert.equal(matches(parsed, event), expected, `${pattern} on ${JSON.stringify(event)} should be ${expected}`);
        }
    };

    it("exact string equality and inequality", () => {
        table('{ $.a = "v" }', [
            [{ a: "v" }, true],
            [{ a: "vv" }, false],
            [{ a: "" }, false],
        ]);
        table('{ $.a != "v" }', [
            [{ a: "v" }, false],
            [{ a: "w" }, true],
            [{ a: "" }, true],
        ]);
    });

    it("is case-sensitive for values and property names", () => {
        table('{ $.eventName = "ConsoleLogin" }', [
            [{ eventName: "ConsoleLogin" }, true],
            [{ eventName: "consolelogin" }, false],
            [{ eventName: "CONSOLELOGIN" }, false],
            [{ EventName: "ConsoleLogin" }, false],
        ]);
    });

    it("quoted values with escapes match the unescaped text", () => {
        table('{ $.a = "say \\"hi\\"" }', [
            [{ a: 'say "hi"' }, true],
            [{ a: "say \\\"hi\\\"" }, false],
        ]);
        table('{ $.a = "back\\\\slash" }', [
            [{ a: "back\\slash" }, true],
            [{ a: "back\\\\slash" }, false],
        ]);
    });

    it("quoted and bare values mean the same thing", () => {
        const events = [{ eventSource: "kms.amazonaws.com" }, { eventSource: "kms.amazonaws.co" }, { eventSource: "kmsXamazonaws.com" }];
        for (const ev of events) {
            assert.equal(patternMatches("{ $.eventSource = kms.amazonaws.com }", ev), patternMatches('{ $.eventSource = "kms.amazonaws.com" }', ev));
        }
        // "." is a literal dot, not a regex wildcard.
        assert.equal(patternMatches("{ $.eventSource = kms.amazonaws.com }", events[2]), false);
    });

    it("wildcard at the start", () => {
        table('{ $.errorCode = "*UnauthorizedOperation" }', [
            [{ errorCode: "UnauthorizedOperation" }, true],
            [{ errorCode: "Client.UnauthorizedOperation" }, true],
            [{ errorCode: "UnauthorizedOperationX" }, false],
            [{ errorCode: "unauthorizedoperation" }, false],
        ]);
    });

    it("wildcard at the end", () => {
        table('{ $.errorCode = "AccessDenied*" }', [
            [{ errorCode: "AccessDenied" }, true],
            [{ errorCode: "AccessDeniedException" }, true],
            [{ errorCode: "VpceAccessDenied" }, false],
            [{ errorCode: "XAccessDenied" }, false],
        ]);
    });

    it("wildcard in the middle, and several wildcards", () => {
        table('{ $.a = "arn:aws:iam::*:root" }', [
            [{ a: "arn:aws:iam::123456789012:root" }, true],
            [{ a: "arn:aws:iam:::root" }, true],
            [{ a: "arn:aws:iam::123456789012:rootx" }, false],
            [{ a: "xarn:aws:iam::1:root" }, false],
        ]);
        table('{ $.a = "*.8xlarge" }', [
            [{ a: "m5.8xlarge" }, true],
            [{ a: "m5.8xlarge.extra" }, false],
            [{ a: "m58xlarge" }, false],
        ]);
        table('{ $.a = "a*b*c" }', [
            [{ a: "abc" }, true],
            [{ a: "a-b-c" }, true],
            [{ a: "a-c-b" }, false],
        ]);
    });

    it("'*' alone matches any string (including empty) and numbers, but not null, booleans, objects, arrays or missing", () => {
        table('{ $.a = "*" }', [
            [{ a: "" }, true],
            [{ a: "anything" }, true],
            [{ a: 0 }, true],
            [{ a: null }, false],
            [{ a: false }, false],
            [{ a: {} }, false],
            [{ a: [] }, false],
            [{}, false],
        ]);
    });

    it("wildcards match across newlines", () => {
        assert.equal(patternMatches('{ $.a = "x*y" }', { a: "x\n\ny" }), true);
    });

    it("numeric comparisons against numbers", () => {
        const rows = (n: unknown): unknown => ({ n });
        table("{ $.n > 75 }", [
            [rows(80), true],
            [rows(75), false],
            [rows(-1), false],
        ]);
        table("{ $.n < 50 }", [
            [rows(49.5), true],
            [rows(50), false],
        ]);
        table("{ $.n >= 60 }", [
            [rows(60), true],
            [rows(59.99), false],
        ]);
        table("{ $.n <= 5 }", [
            [rows(5), true],
            [rows(6), false],
        ]);
        table("{ $.n = 400 }", [
            [rows(400), true],
            [rows(400.0), true],
            [rows(401), false],
        ]);
        table("{ $.n != 500 }", [
            [rows(500), false],
            [rows(404), true],
        ]);
        table("{ $.n = 1e+3 }", [
            [rows(1000), true],
            [rows(100), false],
        ]);
        table("{ $.n = -2.5 }", [[rows(-2.5), true]]);
    });

    it("numeric values do not match strings that look like numbers (documented decision)", () => {
        table("{ $.n = 5 }", [
            [{ n: 5 }, true],
            [{ n: "5" }, false],
        ]);
        table("{ $.n > 1 }", [
            [{ n: "7" }, false],
            [{ n: 7 }, true],
        ]);
        table("{ $.n != 5 }", [[{ n: "6" }, false]]);
    });

    it("string values match numbers through their JSON text (documented decision)", () => {
        table('{ $.n = "5" }', [
            [{ n: 5 }, true],
            [{ n: "5" }, true],
            [{ n: 6 }, false],
        ]);
        table("{ $.status = 4* }", [
            [{ status: 404 }, true],
            [{ status: "403" }, true],
            [{ status: 504 }, false],
        ]);
    });

    it("string values never match booleans or null, with = or != (documented decision)", () => {
        table('{ $.b = "true" }', [
            [{ b: true }, false],
            [{ b: "true" }, true],
        ]);
        table('{ $.b != "x" }', [
            [{ b: true }, false],
            [{ b: false }, false],
            [{ b: null }, false],
            [{ b: "y" }, true],
        ]);
    });

    it("IS NULL: only a present field whose value is null", () => {
        table("{ $.x IS NULL }", [
            [{ x: null }, true],
            [{}, false],
            [{ x: "" }, false],
            [{ x: 0 }, false],
            [{ x: false }, false],
            [{ x: "null" }, false],
            [{ x: {} }, false],
        ]);
    });

    it("NOT EXISTS: true when missing, false when null or present", () => {
        table("{ $.x NOT EXISTS }", [
            [{}, true],
            [{ y: 1 }, true],
            [{ x: null }, false],
            [{ x: "" }, false],
            [{ x: false }, false],
            [{ x: {} }, false],
        ]);
        table("{ $.a.b NOT EXISTS }", [
            [{}, true],
            [{ a: null }, true],
            [{ a: "string" }, true],
            [{ a: {} }, true],
            [{ a: { b: null } }, false],
            [{ a: { b: 1 } }, false],
        ]);
        table("{ $.a[1] NOT EXISTS }", [
            [{ a: ["only one"] }, true],
            [{ a: ["x", "y"] }, false],
        ]);
    });

    it("IS TRUE / IS FALSE: only the JSON booleans", () => {
        table("{ $.f IS TRUE }", [
            [{ f: true }, true],
            [{ f: false }, false],
            [{ f: "true" }, false],
            [{ f: 1 }, false],
            [{}, false],
        ]);
        table("{ $.f IS FALSE }", [
            [{ f: false }, true],
            [{ f: true }, false],
            [{ f: "false" }, false],
            [{ f: 0 }, false],
            [{ f: null }, false],
            [{}, false],
        ]);
    });

    it("!= on a MISSING field does not match (documented decision, see azul#5884)", () => {
        table('{ $.additionalEventData.MFAUsed != "Yes" }', [
            [{ additionalEventData: { MFAUsed: "No" } }, true],
            [{ additionalEventData: { MFAUsed: "Yes" } }, false],
            [{ additionalEventData: {} }, false],
            [{}, false],
            [{ additionalEventData: null }, false],
        ]);
        table("{ $.n != 5 }", [[{}, false]]);
    });

    it("a selector landing on an object or array matches neither = nor !=", () => {
        for (const value of [{ b: "v" }, ["v"], {}, []]) {
            assert.equal(patternMatches('{ $.a = "*" }', { a: value }), false);
            assert.equal(patternMatches('{ $.a != "v" }', { a: value }), false);
            assert.equal(patternMatches("{ $.a != 1 }", { a: value }), false);
            assert.equal(patternMatches("{ $.a > 0 }", { a: value }), false);
            assert.equal(patternMatches("{ $.a IS NULL }", { a: value }), false);
        }
    });

    it("array indexes", () => {
        const event = {
            arrayKey: ["value", "another value"],
            objectList: [
                { name: "a", id: 1 },
                { name: "b", id: 2 },
            ],
            coordinates: [
                [0, 1, 2],
                [4, 5, 6],
            ],
        };
        assert.equal(patternMatches('{ $.arrayKey[0] = "value" }', event), true);
        assert.equal(patternMatches('{ $.arrayKey[1] = "value" }', event), false);
        assert.equal(patternMatches('{ $.arrayKey[2] = "*" }', event), false);
        assert.equal(patternMatches("{ $.objectList[1].id = 2 }", event), true);
        assert.equal(patternMatches("{ $.objectList[0].id = 2 }", event), false);
        assert.equal(patternMatches("{ $.objectList[1].number = 2 }", event), false);
        assert.equal(patternMatches("{ $.coordinates[1][0] = 4 }", event), true);
        assert.equal(patternMatches("{ $.coordinates[0][1] = 4 }", event), false);
        // An index on a non-array and a key on an array find nothing.
        assert.equal(patternMatches('{ $.objectList.name = "a" }', event), false);
        assert.equal(patternMatches('{ $.arrayKey[0].x = "*" }', event), false);
    });

    it("wildcard selectors match if any element or field matches", () => {
        const event = { arrayKey: ["value", "another value"], objectList: [{ id: 1 }, { id: 2 }], ip: "111.111.111.111", "cluster.name": "c" };
        assert.equal(patternMatches('{ $.arrayKey[*] = "another*" }', event), true);
        assert.equal(patternMatches('{ $.arrayKey[*] = "nothing" }', event), false);
        assert.equal(patternMatches("{ $.objectList[*].id = 2 }", event), true);
        assert.equal(patternMatches("{ $.objectList[*].id = 3 }", event), false);
        assert.equal(patternMatches('{ $.* = "111.111.*" }', event), true);
        assert.equal(patternMatches('{ $.* = "222.*" }', event), false);
        assert.equal(patternMatches("{ $.['cluster.name'] = \"c\" }", event), true);
        assert.equal(patternMatches('{ $.cluster.name = "c" }', event), false);
    });

    it("regex values match anywhere in the value, case-sensitively", () => {
        table("{ $.eventType = %Trail% }", [
            [{ eventType: "UpdateTrail" }, true],
            [{ eventType: "updatetrail" }, false],
            [{ eventType: "Update" }, false],
        ]);
        table("{ $.ip = %^111\\.111\\.111\\.1[0-9]{1,2}$% }", [
            [{ ip: "111.111.111.111" }, true],
            [{ ip: "111.111.111.1" }, false],
            [{ ip: "111a111.111.111" }, false],
        ]);
        table("{ $.a != %^x% }", [
            [{ a: "xyz" }, false],
            [{ a: "yz" }, true],
            [{}, false],
        ]);
    });

    it("&& binds tighter than ||: truth table of a || b && c over all 8 combinations", () => {
        const plain = parseFilterPattern('{ $.a = "1" || $.b = "1" && $.c = "1" }');
        const explicit = parseFilterPattern('{ $.a = "1" || ($.b = "1" && $.c = "1") }');
        const wrong = parseFilterPattern('{ ($.a = "1" || $.b = "1") && $.c = "1" }');
        let differsFromWrong = 0;
        for (const a of [false, true]) {
            for (const b of [false, true]) {
                for (const c of [false, true]) {
                    const event = { a: a ? "1" : "0", b: b ? "1" : "0", c: c ? "1" : "0" };
                    const expected = a || (b && c);
                    assert.equal(matches(plain, event), expected, `a=${a} b=${b} c=${c}`);
                    assert.equal(matches(explicit, event), expected, `a=${a} b=${b} c=${c} (explicit)`);
                    if (matches(wrong, event) !== expected) differsFromWrong++;
                }
            }
        }
        // (a || b) && c differs from a || (b && c) when a && !c: 2 of the 8 rows.
        assert.equal(differsFromWrong, 2);
    });

    it("&& binds tighter than || on the other side too: a && b || c", () => {
        const parsed = parseFilterPattern('{ $.a = "1" && $.b = "1" || $.c = "1" }');
        for (let bits = 0; bits < 8; bits++) {
            const [a, b, c] = [bits & 4, bits & 2, bits & 1].map(Boolean);
            const event = { a: a ? "1" : "0", b: b ? "1" : "0", c: c ? "1" : "0" };
            assert.equal(matches(parsed, event), (a && b) || c, `a=${a} b=${b} c=${c}`);
        }
    });

    it("the AST reflects precedence", () => {
        const e = parseFilterPattern('{ $.a = "1" || $.b = "1" && $.c = "1" }').expression;
        assert.equal(e.type, "or");
        if (e.type === "or") assert.equal(e.right.type, "and");
    });

    it("nested parentheses override precedence", () => {
        const p = '{ ((($.a = "1" || $.b = "1")) && ($.c = "1" || ($.d = "1" && $.e = "1"))) }';
        table(p, [
            [{ a: "1", c: "1" }, true],
            [{ b: "1", d: "1", e: "1" }, true],
            [{ b: "1", d: "1" }, false],
            [{ a: "1" }, false],
            [{ c: "1" }, false],
        ]);
    });

    it("AWS documentation compound examples", () => {
        const event = {
            user: { id: 1, email: "John.Stiles@example.com" },
            users: [
                { id: 2, email: "John.Doe@example.com" },
                { id: 3, email: "Jane.Doe@example.com" },
            ],
            actions: ["GET", "PUT", "DELETE"],
            coordinates: [
                [0, 1, 2],
                [4, 5, 6],
                [7, 8, 9],
            ],
        };
        assert.equal(patternMatches('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', event), true);
        assert.equal(patternMatches('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }', event), true);
        assert.equal(patternMatches('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }', event), false);
        assert.equal(patternMatches('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', event), false);
    });

    it("non-object events never match, not even NOT EXISTS", () => {
        for (const event of [null, undefined, "text", 42, true]) {
            assert.equal(patternMatches("{ $.x NOT EXISTS }", event), false);
        }
        assert.equal(patternMatches("{ $.x NOT EXISTS }", {}), true);
    });

    it("does not read inherited properties", () => {
        assert.equal(patternMatches("{ $.toString NOT EXISTS }", {}), true);
        assert.equal(patternMatches('{ $.constructor = "*" }', {}), false);
    });
});

describe("filterPattern: CIS patterns on hand-made CloudTrail-like events", () => {
    it("CIS 4.1 unauthorized API calls", () => {
        const p = parseFilterPattern(CIS_4_1);
        const base = { eventName: "RunInstances", sourceIPAddress: "203.0.113.9" };
        assert.equal(matches(p, { ...base, errorCode: "Client.UnauthorizedOperation" }), true);
        assert.equal(matches(p, { ...base, errorCode: "AccessDenied" }), true);
        assert.equal(matches(p, { ...base, errorCode: "AccessDeniedException" }), true);
        // look-alikes
        assert.equal(matches(p, { ...base, errorCode: "VpceAccessDenied" }), false);
        assert.equal(matches(p, { ...base, errorCode: "accessdenied" }), false);
        assert.equal(matches(p, { ...base, errorCode: "ThrottlingException" }), false);
        assert.equal(matches(p, base), false);
        assert.equal(matches(p, { ...base, errorCode: "AccessDenied", sourceIPAddress: "delivery.logs.amazonaws.com" }), false);
        assert.equal(matches(p, { ...base, errorCode: "AccessDenied", eventName: "HeadBucket" }), false);
        // != on a missing sourceIPAddress makes the whole && false (documented decision)
        assert.equal(matches(p, { eventName: "RunInstances", errorCode: "AccessDenied" }), false);
    });

    it("CIS 4.2 console sign-in without MFA", () => {
        const p = parseFilterPattern(CIS_4_2);
        assert.equal(matches(p, { eventName: "ConsoleLogin", additionalEventData: { MFAUsed: "No" } }), true);
        assert.equal(matches(p, { eventName: "ConsoleLogin", additionalEventData: { MFAUsed: "Yes" } }), false);
        assert.equal(matches(p, { eventName: "ConsoleLogin", additionalEventData: { MFAUsed: "yes" } }), true);
        assert.equal(matches(p, { eventName: "ConsoleLogin" }), false, "no MFAUsed field: != does not match");
        assert.equal(matches(p, { eventName: "ConsoleLogout", additionalEventData: { MFAUsed: "No" } }), false);
    });

    it("CIS 4.2 SSO-safe variant", () => {
        const p = parseFilterPattern(CIS_4_2_SSO_SAFE);
        const ok = { eventName: "ConsoleLogin", additionalEventData: { MFAUsed: "No" }, userIdentity: { type: "IAMUser" }, responseElements: { ConsoleLogin: "Success" } };
        assert.equal(matches(p, ok), true);
        assert.equal(matches(p, { ...ok, userIdentity: { type: "AssumedRole" } }), false);
        assert.equal(matches(p, { ...ok, responseElements: { ConsoleLogin: "Failure" } }), false);
    });

    it("CIS 4.3 root account usage", () => {
        const p = parseFilterPattern(CIS_4_3);
        assert.equal(matches(p, { userIdentity: { type: "Root" }, eventType: "AwsApiCall" }), true);
        assert.equal(matches(p, { userIdentity: { type: "Root" }, eventType: "AwsConsoleSignIn" }), true);
        assert.equal(matches(p, { userIdentity: { type: "Root", invokedBy: "support.amazonaws.com" }, eventType: "AwsApiCall" }), false);
        assert.equal(matches(p, { userIdentity: { type: "Root", invokedBy: null }, eventType: "AwsApiCall" }), false);
        assert.equal(matches(p, { userIdentity: { type: "Root" }, eventType: "AwsServiceEvent" }), false);
        assert.equal(matches(p, { userIdentity: { type: "IAMUser" }, eventType: "AwsApiCall" }), false);
        assert.equal(matches(p, { userIdentity: { type: "root" }, eventType: "AwsApiCall" }), false);
        assert.equal(matches(p, { userIdentity: { type: "Root" } }), false, "no eventType: != does not match");
    });

    it("CIS 4.6 console authentication failures", () => {
        const p = parseFilterPattern(CIS_4_6);
        assert.equal(matches(p, { eventName: "ConsoleLogin", errorMessage: "Failed authentication" }), true);
        assert.equal(matches(p, { eventName: "ConsoleLogin", errorMessage: "Failed authentication." }), false);
        assert.equal(matches(p, { eventName: "ConsoleLogin" }), false);
    });

    it("CIS 4.7 customer key disabled or scheduled for deletion", () => {
        const p = parseFilterPattern(CIS_4_7);
        assert.equal(matches(p, { eventSource: "kms.amazonaws.com", eventName: "DisableKey" }), true);
        assert.equal(matches(p, { eventSource: "kms.amazonaws.com", eventName: "ScheduleKeyDeletion" }), true);
        assert.equal(matches(p, { eventSource: "kms.amazonaws.com", eventName: "EnableKey" }), false);
        assert.equal(matches(p, { eventSource: "kms.amazonaws.com", eventName: "DisableKeyRotation" }), false);
        assert.equal(matches(p, { eventSource: "ec2.amazonaws.com", eventName: "DisableKey" }), false);
        assert.equal(matches(p, { eventSource: "kmsXamazonaws.com", eventName: "DisableKey" }), false);
    });
});

describe("filterPattern: real CloudTrail events from the corpus", () => {
    interface CorpusEntry {
        test: string;
        event: Record<string, unknown>;
    }
    const corpus = JSON.parse(fs.readFileSync(CORPUS_PATH, "utf8")) as CorpusEntry[];
    const byTest = (name: string): Record<string, unknown> => {
        const entry = corpus.find((e) => e.test === name);
        assert.ok(entry, `corpus entry '${name}' not found`);
        return entry.event;
    };

    it("loads a non-trivial corpus", () => {
        assert.ok(corpus.length > 100);
    });

    it("CIS 4.2 on real ConsoleLogin events", () => {
        const p = parseFilterPattern(CIS_4_2);
        const noMfa = byTest("No MFA Login - IAM User");
        assert.equal(matches(p, noMfa), true);
        assert.equal(matches(p, byTest("MFA Login")), false);
        // A ConsoleLogin event without additionalEventData.MFAUsed: != does not fire.
        const withoutMfaField = corpus.find(
            (e) => e.event.eventName === "ConsoleLogin" && (e.event.additionalEventData as Record<string, unknown> | undefined)?.MFAUsed === undefined,
        );
        assert.ok(withoutMfaField, "expected a ConsoleLogin event without MFAUsed in the corpus");
        assert.equal(matches(p, withoutMfaField.event), false);
    });

    it("CIS 4.1 on real error events", () => {
        const p = parseFilterPattern(CIS_4_1);
        assert.equal(matches(p, byTest("Error Making AMI Public")), true); // errorCode UnauthorizedOperation
        assert.equal(matches(p, byTest("Unauthorized API Call")), true); // AccessDenied
        assert.equal(matches(p, byTest("VPC Endpoint Access Denied")), false); // VpceAccessDenied
        assert.equal(matches(p, byTest("Successful Console Login")), false);
    });

    it("CIS 4.7 on real KMS events", () => {
        const p = parseFilterPattern(CIS_4_7);
        assert.equal(matches(p, byTest("KMS Key Disabled")), true);
        assert.equal(matches(p, byTest("KMS Key Scheduled For Deletion")), true);
        assert.equal(matches(p, byTest("KMS Decrypt Event")), false);
    });

    it("evaluates every CIS pattern on every corpus event without throwing", () => {
        const parsed = [CIS_4_1, CIS_4_2, CIS_4_2_SSO_SAFE, CIS_4_3, CIS_4_6, CIS_4_7].map(parseFilterPattern);
        let fired = 0;
        for (const entry of corpus) {
            for (const p of parsed) if (matches(p, entry.event)) fired++;
        }
        assert.ok(fired > 0);
    });
});
