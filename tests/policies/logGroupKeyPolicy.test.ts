// The key policy of the KMS key that encrypts the trail's CloudWatch Logs log
// group: CloudWatch Logs in the trail's region may use it for that log group
// only, the account's admins manage it through IAM but never use it, and
// nobody else gets anything.
import { strict as assert } from "assert";
import { logGroupKeyPolicy, LOGS_KEY_ACTIONS } from "../../policies/logGroupKeyPolicy";
import { KEY_ADMIN_ACTIONS, KEY_DESTRUCTION_ACTIONS } from "../../policies/logKeyPolicy";
import {
    Caller,
    evaluate,
    evaluateWithEncryptionContext,
    everyActionExists,
    MEMBER,
    MGMT,
    ORG_ID,
    OTHER_ORG_ID,
    OUTSIDER_ACCOUNT,
    REGION,
    roleSession,
    servicePrincipal,
} from "../helpers/iam";
import { describeKeyPolicyWalls, WALL_ARGS } from "./managementKeyWalls";

const LOG_GROUP_NAME = "/org-cloudtrail/organization-trail";
const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${MGMT}:log-group:${LOG_GROUP_NAME}`;
const KEY = `arn:aws:kms:${REGION}:${MGMT}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
const EC_KEY = "kms:EncryptionContext:aws:logs:arn";

const build = (walls: typeof WALL_ARGS) => logGroupKeyPolicy({ partition: "aws", region: REGION, accountId: MGMT, logGroupName: LOG_GROUP_NAME, ...walls });
const doc = build(WALL_ARGS);

const logs = (region = REGION) => servicePrincipal(`logs.${region}.amazonaws.com`);
const withContext = (caller: Caller, action: string, encryptionContext: Record<string, string>) =>
    evaluateWithEncryptionContext({ caller, action, resource: KEY, resourceAccount: MGMT, resourcePolicy: doc, encryptionContext });
const onKey = (caller: Caller, action: string) =>
    evaluate({ caller, action, resource: action === "kms:ListAliases" ? "*" : KEY, resourceAccount: MGMT, resourcePolicy: doc });

const ADMIN_ROLE = `arn:aws:iam::${MGMT}:role/Admin`;
const admin = roleSession(ADMIN_ROLE, { orgId: ORG_ID, allow: ["kms:*"] });
/**
 * Nobody may disable or delete this key (DenyKeyDestruction) and only the deployer and break-glass may
 * rewrite its policy (DenyKeyPolicyChanges); everything else not granted is simply not allowed.
 */
const refused = (action: string) => ([...KEY_DESTRUCTION_ACTIONS, "kms:PutKeyPolicy"].includes(action) ? "ExplicitlyDenied" : "ImplicitlyDenied");
const USE_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:CreateGrant"];

describe("logGroupKeyPolicy: shape", () => {
    it("names only real actions", async () => {
        assert.deepEqual(await everyActionExists(doc), []);
    });

    it("gives CloudWatch Logs the six documented cryptographic actions and no DescribeKey", () => {
        assert.deepEqual([...LOGS_KEY_ACTIONS].sort(), [
            "kms:Decrypt",
            "kms:Encrypt",
            "kms:GenerateDataKey",
            "kms:GenerateDataKeyWithoutPlaintext",
            "kms:ReEncryptFrom",
            "kms:ReEncryptTo",
        ]);
    });
});

describe("logGroupKeyPolicy: CloudWatch Logs", () => {
    it("the only condition Discovery leaves undecided for CloudWatch Logs is ArnEquals on the log group's ARN", async () => {
        const ev = await withContext(logs(), "kms:GenerateDataKey", { "aws:logs:arn": LOG_GROUP_ARN });
        assert.deepEqual(ev.ignoredConditions, { resource: { allow: [{ op: "ArnEquals", key: EC_KEY, values: [LOG_GROUP_ARN] }] } });
        assert.equal(ev.decision, "Allowed");
    });

    for (const action of LOGS_KEY_ACTIONS) {
        it(`allows ${action} to logs.${REGION}.amazonaws.com for the trail's log group`, async () => {
            assert.equal((await withContext(logs(), action, { "aws:logs:arn": LOG_GROUP_ARN })).decision, "Allowed");
        });

        it(`denies ${action} for another log group, a look-alike log group and without the encryption context`, async () => {
            const others = [
                `arn:aws:logs:${REGION}:${MGMT}:log-group:/aws/lambda/something`,
                `${LOG_GROUP_ARN}-copy`,
                `arn:aws:logs:${REGION}:${MEMBER}:log-group:${LOG_GROUP_NAME}`,
                `arn:aws:logs:us-east-1:${MGMT}:log-group:${LOG_GROUP_NAME}`,
            ];
            for (const other of others) {
                assert.equal((await withContext(logs(), action, { "aws:logs:arn": other })).decision, "ImplicitlyDenied", other);
            }
            assert.equal((await withContext(logs(), action, {})).decision, "ImplicitlyDenied", "no encryption context");
            assert.equal((await withContext(logs(), action, { "aws:cloudtrail:arn": LOG_GROUP_ARN })).decision, "ImplicitlyDenied", "another context key");
        });

        it(`denies ${action} to other regions' logs principals and to logs.amazonaws.com, even with the right encryption context`, async () => {
            for (const caller of [logs("us-east-1"), servicePrincipal("logs.amazonaws.com"), servicePrincipal("cloudtrail.amazonaws.com")]) {
                const ev = await withContext(caller, action, { "aws:logs:arn": LOG_GROUP_ARN });
                assert.equal(ev.decision, "ImplicitlyDenied", String(caller.principal));
            }
        });
    }

    it("gives CloudWatch Logs nothing else, even with the log group's encryption context", async () => {
        for (const action of ["kms:DescribeKey", "kms:CreateGrant", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:GenerateDataKeyPair"]) {
            const ev = await withContext(logs(), action, { "aws:logs:arn": LOG_GROUP_ARN });
            assert.equal(ev.decision, refused(action), action);
        }
    });
});

describeKeyPolicyWalls("logGroupKeyPolicy", build, KEY);

describe("logGroupKeyPolicy: administrators and everyone else", () => {
    // PutKeyPolicy is the deployer's and break-glass's alone (describeKeyPolicyWalls).
    for (const action of KEY_ADMIN_ACTIONS.filter((a) => !KEY_DESTRUCTION_ACTIONS.includes(a) && a !== "kms:PutKeyPolicy")) {
        it(`lets an in-account admin with kms:* ${action} through IAM`, async () => {
            assert.equal(await onKey(admin, action), "Allowed");
        });
    }

    // Without the key CloudWatch Logs stops ingesting the trail and every alarm goes quiet.
    for (const action of KEY_DESTRUCTION_ACTIONS) {
        it(`denies ${action} even to an in-account admin with kms:*`, async () => {
            assert.equal(await onKey(admin, action), "ExplicitlyDenied");
        });
    }

    it("does not let the admin use the key (Decrypt, Encrypt, GenerateDataKey*, ReEncrypt*, CreateGrant), with or without the log group's context", async () => {
        for (const action of USE_ACTIONS) {
            assert.equal(await onKey(admin, action), "ImplicitlyDenied", action);
            assert.equal((await withContext(admin, action, { "aws:logs:arn": LOG_GROUP_ARN })).decision, "ImplicitlyDenied", action);
        }
    });

    it("gives an in-account role without an identity policy nothing (the account root delegates to IAM)", async () => {
        const bare = roleSession(ADMIN_ROLE, { orgId: ORG_ID });
        for (const action of [...KEY_ADMIN_ACTIONS, ...USE_ACTIONS]) {
            assert.equal(await onKey(bare, action), refused(action), action);
        }
    });

    it("gives roles in a member account or an outsider account nothing, even with kms:*", async () => {
        const member = roleSession(`arn:aws:iam::${MEMBER}:role/Admin`, { orgId: ORG_ID, allow: ["kms:*"] });
        const outsider = roleSession(`arn:aws:iam::${OUTSIDER_ACCOUNT}:role/Intruder`, { orgId: OTHER_ORG_ID, allow: ["kms:*"] });
        for (const caller of [member, outsider]) {
            for (const action of [...KEY_ADMIN_ACTIONS.filter((a) => a !== "kms:ListAliases"), ...USE_ACTIONS]) {
                assert.equal(await onKey(caller, action), refused(action), `${caller.principal} ${action}`);
            }
            assert.equal((await withContext(caller, "kms:Decrypt", { "aws:logs:arn": LOG_GROUP_ARN })).decision, "ImplicitlyDenied");
        }
    });
});
