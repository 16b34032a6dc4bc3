// Structural checks on the documents the feed adds or changes, as AWS
// receives them (after JSON): what tests/policies/documents.test.ts checks
// for the archive's other documents.
import { strict as assert } from "assert";
import { PolicyDocument, Statement } from "../../policies/document";
import { everyActionExists, roundTrip } from "../helpers/iam";
import { engineBucketPolicy, engineKeyPolicy, topicKeyPolicy, topicPolicy } from "./logFileFixtures";

const DOCUMENTS: { name: string; doc: PolicyDocument }[] = [
    { name: "log-file topic policy", doc: topicPolicy() },
    { name: "log-file topic policy (no break-glass)", doc: topicPolicy({ breakGlass: [] }) },
    { name: "log-file topic key policy", doc: topicKeyPolicy() },
    { name: "log-file topic key policy (break-glass in every account)", doc: topicKeyPolicy({ breakGlass: ["arn:aws:iam::*:role/BreakGlassAdmin"] }) },
    { name: "log bucket policy with the engine", doc: engineBucketPolicy() },
    { name: "log bucket policy with the engine and a prefix", doc: engineBucketPolicy({ s3KeyPrefix: "audit" }) },
    { name: "log key policy with the engine", doc: engineKeyPolicy() },
];

const principals = (s: Statement): string[] => {
    const p = s.Principal;
    if (p === undefined) return [];
    if (p === "*") return ["*"];
    return Object.values(p).flatMap((v) => (Array.isArray(v) ? v : [v]));
};

describe("feed documents: structure", () => {
    for (const { name, doc } of DOCUMENTS) {
        it(`${name}: unique Sids; every statement has a principal, an Action or NotAction (not both), a Resource or NotResource (not both)`, () => {
            const json = roundTrip(doc);
            const sids = json.Statement.map((s) => s.Sid);
            assert.equal(new Set(sids).size, sids.length, sids.join(", "));
            for (const s of json.Statement) {
                assert.ok(principals(s).length > 0, `${s.Sid} has no principal`);
                assert.ok((s.Action === undefined) !== (s.NotAction === undefined), `${s.Sid}: exactly one of Action, NotAction`);
                assert.ok((s.Resource === undefined) !== (s.NotResource === undefined), `${s.Sid}: exactly one of Resource, NotResource`);
                assert.ok([s.Action ?? s.NotAction].flat().length > 0, `${s.Sid}: empty action list`);
            }
        });

        it(`${name}: no Allow to "*", and no role or user named as Principal (it must exist when the policy is set)`, () => {
            for (const s of roundTrip(doc).Statement) {
                if (s.Effect === "Allow") assert.ok(!principals(s).includes("*"), `${s.Sid} allows "*"`);
                if (s.Principal && s.Principal !== "*" && "AWS" in s.Principal) {
                    for (const p of [s.Principal.AWS].flat()) assert.match(p, /^arn:aws:iam::\d{12}:root$/, s.Sid);
                }
            }
        });

        it(`${name}: names only real actions`, async () => {
            assert.deepEqual(await everyActionExists(doc), []);
        });
    }
});
