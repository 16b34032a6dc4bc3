// Structural checks on every document, as AWS receives it (after JSON), and
// the security-relevant statements compared whole, against values written
// out here rather than read from the constants they are built from.
import { strict as assert } from "assert";
import { LOG_OBJECT_ATTACKS } from "./attacks";
import { PolicyDocument, Statement } from "../../policies/document";
import { ARCHIVE, BREAK_GLASS_ROLE, everyActionExists, LOG_BUCKET, ACCESS_LOG_BUCKET, roundTrip } from "../helpers/iam";
import { accessLogPolicy, ALL_DOCUMENTS, BREAK_GLASS_EVERY_ACCOUNT, bucketPolicy, DEPLOYER_ROLES, EXPECTED_LOCKOUT_BYPASS_DENY, keyPolicy } from "./fixtures";

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

/** Statements that name no action: IAM rejects `"Action": []`, and a Deny over nothing protects nothing. */
function statementsWithoutActions(doc: PolicyDocument): string[] {
    return roundTrip(doc)
        .Statement.filter((s) => {
            const listed = [s.Action ?? [], s.NotAction ?? []].flat();
            const both = s.Action !== undefined && s.NotAction !== undefined;
            return both || listed.length === 0;
        })
        .map((s) => s.Sid);
}

/** AWS principals that are neither an account root nor `*`: a role or user named as Principal must exist when the policy is set. */
const namedIamPrincipals = (doc: PolicyDocument) =>
    roundTrip(doc).Statement.flatMap((s) =>
        s.Principal && s.Principal !== "*" && "AWS" in s.Principal ? [s.Principal.AWS].flat().filter((p) => !/^arn:aws:iam::\d{12}:root$/.test(p)) : [],
    );

const ARCHIVE_BREAK_GLASS = `arn:aws:iam::${ARCHIVE}:role/BreakGlassAdmin`;

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

        it(`${name}: every statement names a non-empty Action or NotAction, never both`, () => {
            assert.deepEqual(statementsWithoutActions(doc), []);
        });

        it(`${name}: names no role or user as Principal, only account roots and services (a reader that does not exist yet fails no deploy)`, () => {
            assert.deepEqual(namedIamPrincipals(doc), []);
        });

        it(`${name}: every action exists (wildcards match at least one action)`, async () => {
            assert.deepEqual(await everyActionExists(doc), []);
        });
    }

    it("the action check fails a statement whose Action (or NotAction) list is empty, or that has both", () => {
        const base = bucketPolicy();
        const emptied = { ...base, Statement: base.Statement.map((s) => (s.Sid === "DenyLogDestruction" ? { ...s, Action: [] } : s)) };
        assert.deepEqual(statementsWithoutActions(emptied), ["DenyLogDestruction"]);
        const noNotAction = { ...base, Statement: base.Statement.map((s) => (s.Sid === "DenyLogBucketDeployerOnlyPolicyAndTags" ? { ...s, NotAction: [] } : s)) };
        assert.deepEqual(statementsWithoutActions(noNotAction), ["DenyLogBucketDeployerOnlyPolicyAndTags"]);
        const both = { ...base, Statement: base.Statement.map((s) => (s.Sid === "DenyLogDestruction" ? { ...s, NotAction: "s3:GetObject" } : s)) };
        assert.deepEqual(statementsWithoutActions(both), ["DenyLogDestruction"]);
    });

    it("the principal check sees a role named as Principal", () => {
        const base = keyPolicy();
        const named = { ...base, Statement: [...base.Statement, { Sid: "X", Effect: "Allow" as const, Principal: { AWS: [ARCHIVE_BREAK_GLASS] }, Action: "kms:Decrypt", Resource: "*" }] };
        assert.deepEqual(namedIamPrincipals(named), [ARCHIVE_BREAK_GLASS]);
    });

    it("with readers, the reader statements exist; with none, they vanish from the log bucket and key policies", () => {
        assert.deepEqual(roundTrip(bucketPolicy()).Statement.filter((s) => s.Sid.startsWith("LogReaders")).map((s) => s.Sid), ["LogReadersList", "LogReadersRead"]);
        assert.deepEqual(roundTrip(keyPolicy()).Statement.filter((s) => s.Sid.startsWith("LogReaders")).map((s) => s.Sid), ["LogReadersDecrypt"]);
        for (const doc of [bucketPolicy({ readers: [] }), keyPolicy({ readers: [] })]) {
            assert.deepEqual(roundTrip(doc).Statement.filter((s) => s.Sid.startsWith("LogReaders")), []);
        }
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

describe("policy documents: the denies, whole", () => {
    const LOG = `arn:aws:s3:::${LOG_BUCKET}`;
    const ACCESS = `arn:aws:s3:::${ACCESS_LOG_BUCKET}`;
    const OBJECT_DESTRUCTION = LOG_OBJECT_ATTACKS;
    const sorted = (s: Statement) => ({ ...s, Action: [s.Action ?? []].flat().sort() });

    it("key policy: DenyKeyDestruction denies the three destroying actions to all but this account's break-glass role", () => {
        for (const breakGlass of [[BREAK_GLASS_ROLE], [BREAK_GLASS_EVERY_ACCOUNT]]) {
            assert.deepEqual(sorted(statement(keyPolicy({ breakGlass }), "DenyKeyDestruction")), {
                Sid: "DenyKeyDestruction",
                Effect: "Deny",
                Principal: "*",
                Action: ["kms:DisableKey", "kms:DisableKeyRotation", "kms:ScheduleKeyDeletion"],
                Resource: "*",
                Condition: { ArnNotLike: { "aws:PrincipalArn": [ARCHIVE_BREAK_GLASS] } },
            });
        }
    });

    it("key policy: with no break-glass, DenyKeyDestruction has no condition and DenyKeyPolicyChanges exempts the deployer only", () => {
        const doc = keyPolicy({ breakGlass: [] });
        assert.ok(!("Condition" in statement(doc, "DenyKeyDestruction")));
        assert.deepEqual(statement(doc, "DenyKeyPolicyChanges"), {
            Sid: "DenyKeyPolicyChanges",
            Effect: "Deny",
            Principal: "*",
            Action: "kms:PutKeyPolicy",
            Resource: "*",
            Condition: { ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:role/PulumiDeployer"] } },
        });
    });

    it("key policy: DenyPolicyLockoutBypass spares nobody", () => {
        assert.deepEqual(statement(keyPolicy(), "DenyPolicyLockoutBypass"), EXPECTED_LOCKOUT_BYPASS_DENY);
    });

    for (const [name, doc, bucket, writer, destruction] of [
        ["log bucket", bucketPolicy({ breakGlass: [BREAK_GLASS_EVERY_ACCOUNT] }), LOG, "cloudtrail.amazonaws.com", "DenyLogDestruction"],
        ["access-log bucket", accessLogPolicy({ breakGlass: [BREAK_GLASS_EVERY_ACCOUNT] }), ACCESS, "logging.s3.amazonaws.com", "DenyAccessLogDestruction"],
    ] as const) {
        it(`${name}: only ${writer} puts objects, with no exemption at all`, () => {
            assert.deepEqual(statement(doc, "DenyWritesButByTheService"), {
                Sid: "DenyWritesButByTheService",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: `${bucket}/*`,
                Condition: { StringNotEqualsIfExists: { "aws:PrincipalServiceName": writer } },
            });
        });

        it(`${name}: ${destruction} covers every destroying or replicating object action, for all but this account's break-glass`, () => {
            assert.deepEqual(sorted(statement(doc, destruction)), {
                Sid: destruction,
                Effect: "Deny",
                Principal: "*",
                Action: [...OBJECT_DESTRUCTION].sort(),
                Resource: `${bucket}/*`,
                Condition: { ArnNotLike: { "aws:PrincipalArn": [ARCHIVE_BREAK_GLASS] } },
            });
        });

        it(`${name}: every bucket setting is denied to all but break-glass and the deployer, and the deployer keeps only the policy, tags and reads`, () => {
            const prefix = name === "log bucket" ? "DenyLogBucket" : "DenyAccessLogBucket";
            assert.deepEqual(statement(doc, `${prefix}Settings`), {
                Sid: `${prefix}Settings`,
                Effect: "Deny",
                Principal: "*",
                Action: ["s3:PutBucket*", "s3:Put*Configuration", "s3:DeleteBucket*"],
                Resource: [bucket],
                Condition: { ArnNotLike: { "aws:PrincipalArn": [ARCHIVE_BREAK_GLASS, ...DEPLOYER_ROLES] } },
            });
            assert.deepEqual(statement(doc, `${prefix}DeployerOnlyPolicyAndTags`), {
                Sid: `${prefix}DeployerOnlyPolicyAndTags`,
                Effect: "Deny",
                Principal: "*",
                NotAction: ["s3:PutBucketPolicy", "s3:PutBucketTagging", "s3:Get*", "s3:List*"],
                Resource: [bucket],
                Condition: { ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:role/PulumiDeployer"] } },
            });
        });
    }

    it("with no break-glass, the destruction denies have no condition: they deny everyone", () => {
        assert.ok(!("Condition" in statement(bucketPolicy({ breakGlass: [] }), "DenyLogDestruction")));
        assert.ok(!("Condition" in statement(accessLogPolicy({ breakGlass: [] }), "DenyAccessLogDestruction")));
        assert.deepEqual(statement(bucketPolicy({ breakGlass: [] }), "DenyLogBucketSettings").Condition, { ArnNotLike: { "aws:PrincipalArn": DEPLOYER_ROLES } });
    });
});
