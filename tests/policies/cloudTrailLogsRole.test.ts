// The role CloudTrail assumes to deliver the organization trail to CloudWatch
// Logs: only CloudTrail may assume it (for this trail, when CloudTrail says
// which trail), and it may only create and write the trail's own log streams.
import { strict as assert } from "assert";
import { cloudTrailAssumeRolePolicy, CloudTrailLogsRoleArgs, cloudTrailLogsPolicy, trailLogStreamArns } from "../../policies/cloudTrailLogsRole";
import {
    Caller,
    evaluate,
    everyActionExists,
    FOREIGN_TRAIL_ARN,
    MEMBER,
    MGMT,
    ORG_ID,
    OTHER_ORG_ID,
    OUTSIDER_ACCOUNT,
    REGION,
    roleSession,
    servicePrincipal,
    TRAIL_ARN,
} from "../helpers/iam";

const LOG_GROUP_NAME = "/org-cloudtrail/organization-trail";
const ARGS: CloudTrailLogsRoleArgs = {
    partition: "aws",
    region: REGION,
    managementAccountId: MGMT,
    organizationId: ORG_ID,
    logGroupName: LOG_GROUP_NAME,
    trailArn: TRAIL_ARN,
};
const ROLE_NAME = "org-cloudtrail-cloudtrail-logs";
const ROLE_ARN = `arn:aws:iam::${MGMT}:role/${ROLE_NAME}`;
const OTHER_TRAIL_NAME_ARN = `arn:aws:cloudtrail:${REGION}:${MGMT}:trail/another-trail`;

const GROUP = `arn:aws:logs:${REGION}:${MGMT}:log-group:${LOG_GROUP_NAME}`;
const stream = (name: string, group = GROUP) => `${group}:log-stream:${name}`;

const trust = cloudTrailAssumeRolePolicy({ trailArn: TRAIL_ARN });
const permissions = cloudTrailLogsPolicy(ARGS);

// ---- Trust policy ------------------------------------------------------------

const assume = (caller: Caller) =>
    evaluate({ caller, action: "sts:AssumeRole", resource: ROLE_ARN, resourceAccount: MGMT, resourcePolicy: trust });
const cloudtrail = (sourceArn?: string) =>
    servicePrincipal("cloudtrail.amazonaws.com", sourceArn === undefined ? {} : { "aws:SourceArn": sourceArn, "aws:SourceAccount": sourceArn.split(":")[4] });

describe("cloudTrailAssumeRolePolicy: shape", () => {
    it("has exactly one statement: Allow sts:AssumeRole to the Service cloudtrail.amazonaws.com, with no Resource", () => {
        assert.equal(trust.Statement.length, 1);
        const [s] = trust.Statement;
        assert.equal(s.Effect, "Allow");
        assert.deepEqual(s.Principal, { Service: "cloudtrail.amazonaws.com" });
        assert.deepEqual([s.Action].flat(), ["sts:AssumeRole"]);
        assert.equal("Resource" in s, false);
    });

    it("names only real actions, in both documents", async () => {
        assert.deepEqual(await everyActionExists(trust), []);
        assert.deepEqual(await everyActionExists(permissions), []);
    });
});

describe("cloudTrailAssumeRolePolicy: who may assume the role", () => {
    it("lets CloudTrail assume it without aws:SourceArn (CloudTrail does not send it for this role)", async () => {
        assert.equal(await assume(cloudtrail()), "Allowed");
    });

    it("lets CloudTrail assume it for the organization trail (aws:SourceArn = the trail)", async () => {
        assert.equal(await assume(cloudtrail(TRAIL_ARN)), "Allowed");
    });

    it("does not let CloudTrail assume it for another account's trail", async () => {
        assert.notEqual(await assume(cloudtrail(FOREIGN_TRAIL_ARN)), "Allowed");
    });

    it("does not let CloudTrail assume it for another trail in the same account", async () => {
        assert.notEqual(await assume(cloudtrail(OTHER_TRAIL_NAME_ARN)), "Allowed");
    });

    for (const service of ["logs.amazonaws.com", "lambda.amazonaws.com", `logs.${REGION}.amazonaws.com`]) {
        it(`does not let ${service} assume it`, async () => {
            assert.notEqual(await assume(servicePrincipal(service)), "Allowed");
            assert.notEqual(await assume(servicePrincipal(service, { "aws:SourceArn": TRAIL_ARN, "aws:SourceAccount": MGMT })), "Allowed");
        });
    }

    it("does not let a role in the same account assume it, even with an identity policy allowing sts:AssumeRole on *", async () => {
        const admin = roleSession(`arn:aws:iam::${MGMT}:role/Admin`, { orgId: ORG_ID, allow: ["sts:AssumeRole"] });
        assert.notEqual(await assume(admin), "Allowed");
        assert.notEqual(await assume({ ...admin, context: { ...admin.context, "aws:SourceArn": TRAIL_ARN } }), "Allowed");
    });

    it("does not let roles in a member account or an outsider account assume it", async () => {
        const member = roleSession(`arn:aws:iam::${MEMBER}:role/Admin`, { orgId: ORG_ID, allow: ["sts:AssumeRole"] });
        const outsider = roleSession(`arn:aws:iam::${OUTSIDER_ACCOUNT}:role/Intruder`, { orgId: OTHER_ORG_ID, allow: ["sts:AssumeRole"] });
        assert.notEqual(await assume(member), "Allowed");
        assert.notEqual(await assume(outsider), "Allowed");
    });
});

// ---- Permission policy --------------------------------------------------------

const role: Caller = {
    principal: `arn:aws:sts::${MGMT}:assumed-role/${ROLE_NAME}/session`,
    context: {
        "aws:PrincipalIsAWSService": "false",
        "aws:PrincipalArn": ROLE_ARN,
        "aws:PrincipalAccount": MGMT,
        "aws:PrincipalOrgID": ORG_ID,
        "aws:SecureTransport": "true",
    },
    identityPolicies: [{ name: "cloudtrail-logs", policy: permissions }],
    scps: [],
};
// Log groups have no resource policy: the role's identity policy alone decides (null survives roundTrip, undefined does not).
const asRole = (action: string, resource: string, caller: Caller = role) =>
    evaluate({ caller, action, resource, resourceAccount: MGMT, resourcePolicy: null });

const DELIVERY_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"];
const TRAIL_STREAMS = [
    `${MGMT}_CloudTrail_${REGION}`,
    `${MGMT}_CloudTrail_${REGION}_2`,
    `${ORG_ID}_${MEMBER}_CloudTrail_us-east-1`,
    `${ORG_ID}_${MGMT}_CloudTrail_${REGION}`,
];

describe("cloudTrailLogsPolicy: delivery to the trail's streams", () => {
    it("is exactly the two documented stream patterns of this log group", () => {
        assert.deepEqual(trailLogStreamArns(ARGS), [stream(`${MGMT}_CloudTrail_${REGION}*`), stream(`${ORG_ID}_*`)]);
    });

    for (const action of DELIVERY_ACTIONS) {
        for (const name of TRAIL_STREAMS) {
            it(`allows ${action} on stream ${name}`, async () => {
                assert.equal(await asRole(action, stream(name)), "Allowed");
            });
        }
    }

    it("without its identity policy the role gets nothing (the grant is the identity policy, there is no resource policy)", async () => {
        const bare: Caller = { ...role, identityPolicies: [] };
        assert.equal(await asRole("logs:PutLogEvents", stream(TRAIL_STREAMS[0]), bare), "ImplicitlyDenied");
    });
});

describe("cloudTrailLogsPolicy: nothing else", () => {
    const OTHER_GROUP = `arn:aws:logs:${REGION}:${MGMT}:log-group:/aws/lambda/something`;
    const PREFIXED_GROUP = `${GROUP}-copy`;
    const US_GROUP = `arn:aws:logs:us-east-1:${MGMT}:log-group:${LOG_GROUP_NAME}`;
    const denied: { what: string; resource: string }[] = [
        { what: "another log group's trail-named stream", resource: stream(`${MGMT}_CloudTrail_${REGION}`, OTHER_GROUP) },
        { what: "another log group's org stream", resource: stream(`${ORG_ID}_${MEMBER}_CloudTrail_${REGION}`, OTHER_GROUP) },
        { what: "a log group whose name merely starts with ours", resource: stream(`${ORG_ID}_${MEMBER}_CloudTrail_${REGION}`, PREFIXED_GROUP) },
        { what: "a member account's stream outside the organization prefix", resource: stream(`${MEMBER}_CloudTrail_${REGION}`) },
        { what: "another organization's prefix", resource: stream(`${OTHER_ORG_ID}_${MEMBER}_CloudTrail_${REGION}`) },
        { what: "another organization whose ID starts with ours", resource: stream(`${ORG_ID}zz_${MEMBER}_CloudTrail_${REGION}`) },
        { what: "the management account's stream for another region", resource: stream(`${MGMT}_CloudTrail_us-east-1`) },
        { what: "an arbitrary stream", resource: stream("application-logs") },
        { what: "the same log group name in another region", resource: stream(`${MGMT}_CloudTrail_${REGION}`, US_GROUP) },
    ];
    for (const action of DELIVERY_ACTIONS) {
        for (const { what, resource } of denied) {
            it(`denies ${action} on ${what}`, async () => {
                assert.equal(await asRole(action, resource), "ImplicitlyDenied");
            });
        }
    }

    it("denies both delivery actions on the same log group name in another account, even if that account let the role in", async () => {
        // Cross-account needs both sides: the other account's resource side allows everything, so the identity policy decides.
        const letIn = { Version: "2012-10-17", Statement: [{ Sid: "LetIn", Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "logs:*", Resource: "*" }] };
        const MEMBER_GROUP = `arn:aws:logs:${REGION}:${MEMBER}:log-group:${LOG_GROUP_NAME}`;
        const onMember = (action: string, caller: Caller) =>
            evaluate({ caller, action, resource: stream(`${ORG_ID}_${MEMBER}_CloudTrail_${REGION}`, MEMBER_GROUP), resourceAccount: MEMBER, resourcePolicy: letIn });
        for (const action of DELIVERY_ACTIONS) {
            assert.equal(await onMember(action, role), "ImplicitlyDenied", action);
            // The same request is allowed to a role whose identity policy allows logs:* (so the resource side really lets the role in).
            const wide: Caller = { ...role, identityPolicies: [{ name: "wide", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] } }] };
            assert.equal(await onMember(action, wide), "Allowed", action);
        }
    });

    for (const action of ["logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:CreateLogGroup", "logs:PutSubscriptionFilter"]) {
        it(`denies ${action} on the trail's log group`, async () => {
            assert.equal(await asRole(action, GROUP), "ImplicitlyDenied");
        });
    }

    for (const action of ["logs:DeleteLogStream", "logs:GetLogEvents"]) {
        it(`denies ${action} even on the trail's own streams`, async () => {
            for (const name of TRAIL_STREAMS) assert.equal(await asRole(action, stream(name)), "ImplicitlyDenied", name);
        });
    }
});
