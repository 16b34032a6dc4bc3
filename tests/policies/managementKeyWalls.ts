// The walls the management account's two keys (the log-group key and the
// alert key) put around their own policies, proven by evaluation the same way
// for both. No SCP applies in the management account, so the callers here
// carry no SCPs at all: the key policy is the only wall (issue 13, row 9).
import { strict as assert } from "assert";
import type { PolicyDocument } from "../../policies/document";
import { BREAK_GLASS_EVERY_ACCOUNT, EXPECTED_LOCKOUT_BYPASS_DENY } from "./fixtures";
import { assertDeniedBy, Caller, evaluate, EvaluateArgs, MGMT, ORG_ID, roleSession } from "../helpers/iam";

/** The management stack's deployer role, exactly as config names it. */
export const MGMT_DEPLOYER_ROLE = `arn:aws:iam::${MGMT}:role/PulumiDeployer`;
/** What the key policy of a management-account key must exempt for that configuration: the role in this account only. */
export const MGMT_BREAK_GLASS_ROLE = `arn:aws:iam::${MGMT}:role/BreakGlassAdmin`;
/** The deployer and break-glass configuration the two key policies are built with in these tests. */
export const WALL_ARGS = { deployerArns: [MGMT_DEPLOYER_ROLE], breakGlassArns: [BREAK_GLASS_EVERY_ACCOUNT] };

/** A role of the management account with `allow` in its identity policy and no SCP over it. */
export function managementRole(roleArn: string, allow: string[] = ["*"]): Caller {
    return { ...roleSession(roleArn, { orgId: ORG_ID, allow }), scps: [] };
}

/** Written out here, not read from the policy module: the walls as AWS must receive them. */
export const EXPECTED_WALLS = [
    {
        Sid: "DenyKeyPolicyChanges",
        Effect: "Deny",
        Principal: "*",
        Action: "kms:PutKeyPolicy",
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalArn": [MGMT_BREAK_GLASS_ROLE, MGMT_DEPLOYER_ROLE] } },
    },
    EXPECTED_LOCKOUT_BYPASS_DENY,
];

/**
 * The tests of one key's walls. `build` makes the key policy from a deployer
 * and break-glass configuration; `keyArn` is the key it sits on.
 */
export function describeKeyPolicyWalls(name: string, build: (walls: typeof WALL_ARGS) => PolicyDocument, keyArn: string): void {
    describe(`${name}: only the deployer and break-glass rewrite the key policy (no SCP in the management account)`, () => {
        const doc = build(WALL_ARGS);
        const onKey = (caller: Caller, action: string, context: Record<string, string> = {}): EvaluateArgs => ({
            caller,
            action,
            resource: keyArn,
            resourceAccount: MGMT,
            resourcePolicy: doc,
            context,
        });
        const BYPASS = { "kms:BypassPolicyLockoutSafetyCheck": "true" };
        const NO_BYPASS = { "kms:BypassPolicyLockoutSafetyCheck": "false" };
        const admin = managementRole(`arn:aws:iam::${MGMT}:role/Admin`);
        const deployer = managementRole(MGMT_DEPLOYER_ROLE, ["kms:*"]);
        const breakGlass = managementRole(MGMT_BREAK_GLASS_ROLE);

        it("ends with the two walls, statement for statement: PutKeyPolicy for the deployer and this account's break-glass only, never with the lockout bypass", () => {
            const walls = doc.Statement.filter((s) => ["DenyKeyPolicyChanges", "DenyPolicyLockoutBypass"].includes(s.Sid));
            assert.deepEqual(walls, EXPECTED_WALLS);
        });

        it("an administrator with * cannot rewrite the key policy: DenyKeyPolicyChanges", async () => {
            await assertDeniedBy(onKey(admin, "kms:PutKeyPolicy"), ["resource:DenyKeyPolicyChanges"]);
            await assertDeniedBy(onKey(admin, "kms:PutKeyPolicy", NO_BYPASS), ["resource:DenyKeyPolicyChanges"]);
        });

        it("an administrator with * cannot lock the key with the lockout bypass either: both walls", async () => {
            await assertDeniedBy(onKey(admin, "kms:PutKeyPolicy", BYPASS), ["resource:DenyKeyPolicyChanges", "resource:DenyPolicyLockoutBypass"]);
        });

        it("the deployer rewrites it (its next pulumi up), with or without the flag set to false", async () => {
            assert.equal(await evaluate(onKey(deployer, "kms:PutKeyPolicy")), "Allowed");
            assert.equal(await evaluate(onKey(deployer, "kms:PutKeyPolicy", NO_BYPASS)), "Allowed");
        });

        it("break-glass of this account rewrites it", async () => {
            assert.equal(await evaluate(onKey(breakGlass, "kms:PutKeyPolicy")), "Allowed");
            assert.equal(await evaluate(onKey(breakGlass, "kms:PutKeyPolicy", NO_BYPASS)), "Allowed");
        });

        it("neither the deployer nor break-glass may skip the lockout check: DenyPolicyLockoutBypass", async () => {
            for (const caller of [deployer, breakGlass]) {
                await assertDeniedBy(onKey(caller, "kms:PutKeyPolicy", BYPASS), ["resource:DenyPolicyLockoutBypass"], String(caller.principal));
            }
        });

        it("roles that only look like the exempt ones are walled out: DenyKeyPolicyChanges", async () => {
            const lookAlikes = [
                `arn:aws:iam::${MGMT}:role/BreakGlassAdmin2`,
                `arn:aws:iam::${MGMT}:role/ops/BreakGlassAdmin`,
                `arn:aws:iam::${MGMT}:role/PulumiDeployer-copy`,
                `arn:aws:iam::${MGMT}:role/ci/PulumiDeployer`,
            ];
            for (const arn of lookAlikes) await assertDeniedBy(onKey(managementRole(arn), "kms:PutKeyPolicy"), ["resource:DenyKeyPolicyChanges"], arn);
        });

        it("a break-glass or deployer role of another account gets nothing, and is walled out all the same", async () => {
            for (const arn of ["arn:aws:iam::222222222222:role/BreakGlassAdmin", "arn:aws:iam::222222222222:role/PulumiDeployer"]) {
                await assertDeniedBy(onKey(managementRole(arn), "kms:PutKeyPolicy"), ["resource:DenyKeyPolicyChanges"], arn);
            }
        });

        it("nobody, the deployer and break-glass included, disables the key, schedules its deletion or stops its rotation: DenyKeyDestruction", async () => {
            for (const caller of [admin, deployer, breakGlass]) {
                for (const action of ["kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:DisableKeyRotation"]) {
                    await assertDeniedBy(onKey(caller, action), ["resource:DenyKeyDestruction"], `${caller.principal} ${action}`);
                }
            }
        });

        it("without break-glass roles, only the deployer is exempt; with several, each one's role in this account", () => {
            const deny = (walls: typeof WALL_ARGS) => build(walls).Statement.find((s) => s.Sid === "DenyKeyPolicyChanges")!.Condition;
            assert.deepEqual(deny({ deployerArns: [MGMT_DEPLOYER_ROLE], breakGlassArns: [] }), {
                ArnNotLike: { "aws:PrincipalArn": [MGMT_DEPLOYER_ROLE] },
            });
            assert.deepEqual(
                deny({
                    deployerArns: [MGMT_DEPLOYER_ROLE],
                    breakGlassArns: ["arn:aws:iam::*:role/BreakGlassAdmin", `arn:aws:iam::${MGMT}:role/Emergency`, "arn:aws:iam::222222222222:role/ArchiveOnly"],
                }),
                {
                    ArnNotLike: {
                        "aws:PrincipalArn": [
                            MGMT_BREAK_GLASS_ROLE,
                            `arn:aws:iam::${MGMT}:role/Emergency`,
                            "arn:aws:iam::222222222222:role/ArchiveOnly",
                            MGMT_DEPLOYER_ROLE,
                        ],
                    },
                },
            );
        });
    });
}
