// The helpers can say no: a helper that always answered "Allowed" (or never
// noticed a bogus action) would make every other test in this folder vacuous.
import { strict as assert } from "assert";
import {
    ARCHIVE,
    conditionHolds,
    evaluate,
    evaluateWithEncryptionContext,
    everyActionExists,
    KEY_ARN,
    LOG_BUCKET,
    ORG_ID,
    roleSession,
    s3ResourceFor,
    servicePrincipal,
    TRAIL_ARN,
} from "../helpers/iam";
import { objectArn } from "./fixtures";

const allowAll = { Version: "2012-10-17", Statement: [{ Sid: "A", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: "*" }] };
const denyAll = { Version: "2012-10-17", Statement: [...allowAll.Statement, { Sid: "D", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] };
const nothing = { Version: "2012-10-17", Statement: [{ Sid: "N", Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: "s3:PutObject", Resource: "*" }] };
const cloudtrail = servicePrincipal("cloudtrail.amazonaws.com", { "aws:SourceArn": TRAIL_ARN });
const put = (resourcePolicy: unknown) =>
    evaluate({ caller: cloudtrail, action: "s3:PutObject", resource: objectArn(LOG_BUCKET, "k"), resourceAccount: ARCHIVE, resourcePolicy });

describe("test helpers (sanity)", () => {
    it("evaluate returns Allowed when a resource policy allows the service", async () => {
        assert.equal(await put(allowAll), "Allowed");
    });

    it("evaluate returns ImplicitlyDenied when nothing allows the request", async () => {
        assert.equal(await put(nothing), "ImplicitlyDenied");
    });

    it("evaluate returns ExplicitlyDenied when a Deny matches", async () => {
        assert.equal(await put(denyAll), "ExplicitlyDenied");
    });

    it("evaluate requires an identity policy for a same-account role", async () => {
        const root = { Version: "2012-10-17", Statement: [{ Sid: "R", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ARCHIVE}:root` }, Action: "s3:*", Resource: "*" }] };
        const args = { action: "s3:GetObject", resource: objectArn(LOG_BUCKET, "k"), resourceAccount: ARCHIVE, resourcePolicy: root };
        const role = `arn:aws:iam::${ARCHIVE}:role/Admin`;
        assert.equal(await evaluate({ ...args, caller: roleSession(role, { orgId: ORG_ID }) }), "ImplicitlyDenied");
        assert.equal(await evaluate({ ...args, caller: roleSession(role, { orgId: ORG_ID, allow: ["s3:GetObject"] }) }), "Allowed");
    });

    it("evaluate throws on a simulation error (unknown action) instead of answering", async () => {
        await assert.rejects(
            evaluate({ caller: cloudtrail, action: "s3:NoSuchAction", resource: objectArn(LOG_BUCKET, "k"), resourceAccount: ARCHIVE, resourcePolicy: allowAll }),
            /simulation error/,
        );
    });

    it("evaluate throws on a resource ARN of the wrong type for the action", async () => {
        await assert.rejects(
            evaluate({ caller: cloudtrail, action: "s3:DeleteBucket", resource: objectArn(LOG_BUCKET, "k"), resourceAccount: ARCHIVE, resourcePolicy: allowAll }),
            /no\.resource\.types/,
        );
    });

    it("evaluate throws when the simulator silently drops a context key", async () => {
        await assert.rejects(
            evaluate({ caller: cloudtrail, action: "s3:PutObject", resource: objectArn(LOG_BUCKET, "k"), resourceAccount: ARCHIVE, resourcePolicy: allowAll, context: { "kms:EncryptionContext:x": "y" } }),
            /dropped by the simulator/,
        );
    });

    it("evaluateWithEncryptionContext decides an encryption-context condition by hand, both ways", async () => {
        const doc = {
            Version: "2012-10-17",
            Statement: [{ Sid: "E", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:GenerateDataKey", Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:k": "yes" } } }],
        };
        const args = { caller: cloudtrail, action: "kms:GenerateDataKey", resource: KEY_ARN, resourceAccount: ARCHIVE, resourcePolicy: doc };
        assert.equal((await evaluateWithEncryptionContext({ ...args, encryptionContext: { k: "yes" } })).decision, "Allowed");
        assert.equal((await evaluateWithEncryptionContext({ ...args, encryptionContext: { k: "no" } })).decision, "ImplicitlyDenied");
        assert.equal((await evaluateWithEncryptionContext({ ...args, encryptionContext: {} })).decision, "ImplicitlyDenied");
    });

    it("conditionHolds implements StringLike and Null", () => {
        assert.equal(conditionHolds({ op: "StringLike", values: ["a*c"] }, "abbc"), true);
        assert.equal(conditionHolds({ op: "StringLike", values: ["a*c"] }, "abcd"), false);
        assert.equal(conditionHolds({ op: "StringLike", values: ["a*c"] }, undefined), false);
        assert.equal(conditionHolds({ op: "Null", values: ["false"] }, "x"), true);
        assert.equal(conditionHolds({ op: "Null", values: ["false"] }, undefined), false);
    });

    it("conditionHolds implements ArnEquals and ArnLike (with * and ? wildcards, absent value fails)", () => {
        const group = "arn:aws:logs:eu-west-1:111111111111:log-group:/org/trail";
        for (const op of ["ArnEquals", "ArnLike"]) {
            assert.equal(conditionHolds({ op, values: [group] }, group), true, op);
            assert.equal(conditionHolds({ op, values: [group] }, `${group}-other`), false, op);
            assert.equal(conditionHolds({ op, values: [group] }, group.replace("eu-west-1", "us-east-1")), false, op);
            assert.equal(conditionHolds({ op, values: [group] }, undefined), false, op);
            assert.equal(conditionHolds({ op, values: ["arn:aws:logs:*:111111111111:log-group:/org/tr?il"] }, group), true, op);
            assert.equal(conditionHolds({ op, values: ["arn:aws:logs:*:222222222222:log-group:*", group] }, group), true, op);
            assert.equal(conditionHolds({ op, values: ["arn:aws:logs:*:222222222222:log-group:*"] }, group), false, op);
        }
    });

    it("everyActionExists reports bogus actions and wildcards that match nothing", async () => {
        const doc = { Statement: [{ Action: ["kms:Decrypt", "kms:GenerateDataKey*", "s3:*", "kms:NoSuchAction", "kms:Zz*", "nosuchservice:Get"] }] };
        assert.deepEqual(await everyActionExists(doc), ["kms:NoSuchAction", "kms:Zz*", "nosuchservice:Get"]);
    });

    it("s3ResourceFor picks object ARNs for object actions and bucket ARNs for bucket actions", async () => {
        assert.equal(await s3ResourceFor("s3:BypassGovernanceRetention", "b", "k"), "arn:aws:s3:::b/k");
        assert.equal(await s3ResourceFor("s3:DeleteObjectVersion", "b", "k"), "arn:aws:s3:::b/k");
        assert.equal(await s3ResourceFor("s3:PutBucketPolicy", "b", "k"), "arn:aws:s3:::b");
        assert.equal(await s3ResourceFor("s3:DeleteBucket", "b", "k"), "arn:aws:s3:::b");
    });
});
