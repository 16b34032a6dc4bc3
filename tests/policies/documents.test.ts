// Structural checks on every document, as AWS receives it (after JSON).
import { strict as assert } from "assert";
import { Statement } from "../../policies/document";
import { LOG_BUCKET_CONFIG_ACTIONS, LOG_DESTRUCTION_ACTIONS } from "../../policies/logBucketPolicy";
import { KEY_DESTRUCTION_ACTIONS } from "../../policies/logKeyPolicy";
import { BREAK_GLASS_PATTERN, everyActionExists, roundTrip } from "../helpers/iam";
import { accessLogPolicy, ALL_DOCUMENTS, bucketPolicy, DEPLOYER_PATTERNS, keyPolicy } from "./fixtures";

const statement = (doc: { Statement: Statement[] }, sid: string): Statement => {
    const s = roundTrip(doc).Statement.find((x) => x.Sid === sid);
    assert.ok(s, `no statement ${sid}`);
    return s;
};

const principals = (s: Statement): string[] => {
    const p = s.Principal;
    if (p === undefined) return [];
    if (p === "*") return ["*"];
    return Object.values(p).flatMap((v) => (Array.isArray(v) ? v : [v]));
};

describe("policy documents: structure", () => {
    for (const { name, doc } of ALL_DOCUMENTS) {
        it(`${name}: no Allow statement names Principal "*" (or AWS "*")`, () => {
            const json = roundTrip(doc) as { Statement: (Statement & { NotPrincipal?: unknown })[] };
            for (const s of json.Statement) {
                assert.equal(s.NotPrincipal, undefined, `${s.Sid} uses NotPrincipal`);
                if (s.Effect === "Allow") assert.ok(!principals(s).includes("*"), `${s.Sid} allows "*"`);
            }
        });

        it(`${name}: statement ids are unique and every statement has a principal`, () => {
            const json = roundTrip(doc);
            const sids = json.Statement.map((s) => s.Sid);
            assert.equal(new Set(sids).size, sids.length);
            for (const s of json.Statement) assert.ok(principals(s).length > 0, `${s.Sid} has no principal`);
        });

        it(`${name}: every action exists (wildcards match at least one action)`, async () => {
            assert.deepEqual(await everyActionExists(doc), []);
        });
    }

    it("the log bucket's destruction and configuration lists do not overlap", () => {
        assert.deepEqual(LOG_DESTRUCTION_ACTIONS.filter((a) => LOG_BUCKET_CONFIG_ACTIONS.includes(a)), []);
    });

    it("with readers, the reader statements exist; with none, they vanish from the log bucket and key policies", () => {
        assert.ok(roundTrip(bucketPolicy()).Statement.some((s) => s.Sid === "LogReadersRead"));
        assert.ok(roundTrip(keyPolicy()).Statement.some((s) => s.Sid === "LogReadersDecrypt"));
        for (const doc of [bucketPolicy({ readers: [] }), keyPolicy({ readers: [] })]) {
            assert.deepEqual(roundTrip(doc).Statement.filter((s) => s.Sid.startsWith("LogReaders")), []);
        }
    });
});

describe("policy documents: deny exemptions", () => {
    it("key policy: with break-glass roles, DenyKeyDestruction exempts exactly them (ArnNotLike aws:PrincipalArn)", () => {
        const s = statement(keyPolicy(), "DenyKeyDestruction");
        assert.deepEqual(s.Action, KEY_DESTRUCTION_ACTIONS);
        assert.deepEqual(s.Condition, { ArnNotLike: { "aws:PrincipalArn": [BREAK_GLASS_PATTERN] } });
    });

    it("key policy: with breakGlassArns = [], DenyKeyDestruction has no Condition (denies everyone)", () => {
        const s = statement(keyPolicy({ breakGlass: [] }), "DenyKeyDestruction");
        assert.equal(s.Effect, "Deny");
        assert.equal(s.Principal, "*");
        assert.ok(!("Condition" in s), JSON.stringify(s));
    });

    it("key policy: with breakGlassArns = [], DenyKeyPolicyChanges still exempts the deployer only", () => {
        const s = statement(keyPolicy({ breakGlass: [] }), "DenyKeyPolicyChanges");
        assert.deepEqual(s.Condition, { ArnNotLike: { "aws:PrincipalArn": DEPLOYER_PATTERNS } });
    });

    it("log bucket: with breakGlassArns = [], DenyLogDestruction has no Condition and DenyProtectionChanges exempts the deployer only", () => {
        const doc = bucketPolicy({ breakGlass: [] });
        assert.ok(!("Condition" in statement(doc, "DenyLogDestruction")));
        assert.deepEqual(statement(doc, "DenyProtectionChanges").Condition, { ArnNotLike: { "aws:PrincipalArn": DEPLOYER_PATTERNS } });
    });

    it("log bucket: the destruction deny never exempts the deployer", () => {
        assert.deepEqual(statement(bucketPolicy(), "DenyLogDestruction").Condition, { ArnNotLike: { "aws:PrincipalArn": [BREAK_GLASS_PATTERN] } });
    });

    it("access-log bucket: with breakGlassArns = [], DenyAccessLogDestruction has no Condition", () => {
        assert.ok(!("Condition" in statement(accessLogPolicy({ breakGlass: [] }), "DenyAccessLogDestruction")));
    });

    it("every empty condition value list is gone (IAM rejects empty lists)", () => {
        for (const { name, doc } of ALL_DOCUMENTS) {
            for (const s of roundTrip(doc).Statement) {
                for (const [op, byKey] of Object.entries(s.Condition ?? {})) {
                    for (const [key, value] of Object.entries(byKey)) {
                        assert.ok(!Array.isArray(value) || value.length > 0, `${name} ${s.Sid} ${op} ${key} is empty`);
                    }
                }
            }
        }
    });
});
