// What every guardrail shares: its policy as the pack serves it (name,
// description, enforcement), the adapter that skips other resource types and
// reports only failed findings, and isSet, which must not read unknown values.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { GUARDRAILS, isStackGuardrail, POLICIES, policyOf, ResourceGuardrail, StackGuardrail } from "../../guardrails/rules";
import { isSet, shown } from "../../guardrails/rules/guardrail";
import { resourceViolations, served, TYPES, UNKNOWN, unknownChecking, UnknownRead } from "./args";

// @pulumi/policy's own proxy is internal (its .d.ts exports nothing); it is used here only to show the fake in ./args behaves like it.
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy: <T>(value: T) => T };

/** Inputs that each resource guardrail fails under its own type, and what it then says. */
const FAILING: Record<string, [Record<string, unknown>, RegExp]> = {
    "cis-3.1-cloudtrail-1-multi-region-trail": [{ isMultiRegionTrail: false }, /^isMultiRegionTrail is not true/],
    "organization-trail": [{}, /^isOrganizationTrail is not true/],
    "cis-3.2-cloudtrail-4-log-file-validation": [{}, /^enableLogFileValidation is not true/],
    "cis-3.5-cloudtrail-2-kms-encryption": [{}, /^kmsKeyId is not set/],
    "cloudtrail-5-cloudwatch-logs-delivery": [{}, /^cloudWatchLogsGroupArn and cloudWatchLogsRoleArn not set/],
    "cis-3.1-cloudtrail-1-management-events-read-write": [{ eventSelectors: [{ readWriteType: "WriteOnly" }] }, /^no event selector records every management event/],
    "s3-no-force-destroy": [{ forceDestroy: true }, /^forceDestroy is true/],
    "cis-3.6-kms-4-key-rotation": [{ enableKeyRotation: false }, /^enableKeyRotation is not true/],
    "kms-deletion-window-30-days": [{ deletionWindowInDays: 7 }, /^deletionWindowInDays is 7/],
    "cloudwatch-16-log-group-retention-365-days": [{ retentionInDays: 30 }, /^retentionInDays is 30/],
    "log-group-kms-encryption": [{}, /^kmsKeyId is not set/],
    "sns-1-topic-kms-encryption": [{}, /^kmsMasterKeyId is not set/],
    "sqs-1-queue-kms-encryption": [{ kmsMasterKeyId: "alias/aws/sqs" }, /^kmsMasterKeyId is alias\/aws\/sqs, an AWS managed key/],
    "dynamodb-2-point-in-time-recovery": [{ pointInTimeRecovery: { enabled: false } }, /^pointInTimeRecovery is not enabled/],
    "dynamodb-6-deletion-protection": [{ deletionProtectionEnabled: false }, /^deletionProtectionEnabled is not true/],
    "cloudwatch-15-alarm-and-ok-actions": [{ alarmActions: [] }, /^alarmActions and okActions empty/],
    "cloudwatch-17-alarm-actions-enabled": [{ actionsEnabled: false }, /^actionsEnabled is false/],
    "organizations-policy-size-limit": [{ content: "x".repeat(5121) }, /^content is 5121 characters/],
};

/**
 * Inputs that each resource guardrail passes and the evidence it then gives:
 * the value as the plan shows it, or "not set" and what that means, never a
 * value the inputs do not hold.
 */
const PASSING: Record<string, [Record<string, unknown>, string][]> = {
    "cis-3.1-cloudtrail-1-multi-region-trail": [[{ isMultiRegionTrail: true }, "isMultiRegionTrail: true"]],
    "organization-trail": [[{ isOrganizationTrail: true }, "isOrganizationTrail: true"]],
    "cis-3.2-cloudtrail-4-log-file-validation": [[{ enableLogFileValidation: true }, "enableLogFileValidation: true"]],
    "cis-3.5-cloudtrail-2-kms-encryption": [[{ kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" }, "kmsKeyId: set"]],
    "cloudtrail-5-cloudwatch-logs-delivery": [[{ cloudWatchLogsGroupArn: "g", cloudWatchLogsRoleArn: "r" }, "cloudWatchLogsGroupArn and cloudWatchLogsRoleArn: set"]],
    "cis-3.1-cloudtrail-1-management-events-read-write": [[{}, "no selectors: CloudTrail's default, every management event"]],
    "s3-no-force-destroy": [
        [{ forceDestroy: false }, "forceDestroy: false"],
        [{}, "forceDestroy: not set (the provider's default, false)"],
    ],
    "cis-3.6-kms-4-key-rotation": [[{ enableKeyRotation: true }, "enableKeyRotation: true"]],
    "kms-deletion-window-30-days": [
        [{ deletionWindowInDays: 30 }, "deletionWindowInDays: 30"],
        [{}, "deletionWindowInDays: not set (AWS's default, 30 days)"],
    ],
    "cloudwatch-16-log-group-retention-365-days": [
        [{ retentionInDays: 365 }, "retentionInDays: 365"],
        [{ retentionInDays: 0 }, "retentionInDays: 0 (never expire)"],
        [{}, "retentionInDays: not set (never expire)"],
    ],
    "log-group-kms-encryption": [[{ kmsKeyId: "k" }, "kmsKeyId: set"]],
    "sns-1-topic-kms-encryption": [[{ kmsMasterKeyId: "arn:aws:kms:eu-west-1:1:key/k" }, "kmsMasterKeyId: arn:aws:kms:eu-west-1:1:key/k"]],
    "sqs-1-queue-kms-encryption": [[{ kmsMasterKeyId: "alias/org-cloudtrail-audit" }, "kmsMasterKeyId: alias/org-cloudtrail-audit"]],
    "dynamodb-2-point-in-time-recovery": [[{ pointInTimeRecovery: { enabled: true } }, 'pointInTimeRecovery: {"enabled":true}']],
    "dynamodb-6-deletion-protection": [[{ deletionProtectionEnabled: true }, "deletionProtectionEnabled: true"]],
    "cloudwatch-15-alarm-and-ok-actions": [[{ alarmActions: ["a", "b"], okActions: ["a"] }, "2 alarm action(s), 1 OK action(s)"]],
    "cloudwatch-17-alarm-actions-enabled": [
        [{ actionsEnabled: true }, "actionsEnabled: true"],
        [{}, "actionsEnabled: not set (CloudWatch's default, true)"],
    ],
    "organizations-policy-size-limit": [[{ content: "x".repeat(100) }, "100 of 5120 characters"]],
};

const resourceGuardrails = GUARDRAILS.filter((g): g is ResourceGuardrail => !isStackGuardrail(g));

describe("guardrails: the pack's policies", () => {
    it("have unique, lower-case names", () => {
        const names = GUARDRAILS.map((g) => g.name);
        assert.equal(new Set(names).size, names.length);
        for (const name of names) assert.match(name, /^[a-z0-9.-]+$/);
    });

    it("are the guardrails in order, every one mandatory, each description starting with its controls", () => {
        assert.deepEqual(POLICIES.map((p) => p.name), GUARDRAILS.map((g) => g.name));
        for (const [i, g] of GUARDRAILS.entries()) {
            assert.equal(POLICIES[i].enforcementLevel, "mandatory", g.name);
            assert.ok(g.controls.length > 0, g.name);
            assert.equal(POLICIES[i].description, `${g.controls.join(", ")}: ${g.description}`);
        }
    });

    it("validate resources for resource guardrails and the stack for stack guardrails, with the stack rule's config schema", () => {
        for (const g of GUARDRAILS) {
            const p = served(g.name);
            assert.equal("validateStack" in p, isStackGuardrail(g), g.name);
            assert.equal("validateResource" in p, !isStackGuardrail(g), g.name);
        }
        const cis = served("cis-4-monitoring-alarms");
        assert.ok("configSchema" in cis && cis.configSchema?.properties?.waivedControls, "waivedControls is accepted as config");
    });

    it("each have tests of their own in tests/guardrails", () => {
        const dir = __dirname;
        const text = fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".test.ts") && f !== path.basename(__filename))
            .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
            .join("\n");
        const untested = GUARDRAILS.map((g) => g.name).filter((name) => !text.includes(`"${name}"`));
        assert.deepEqual(untested, []);
    });
});

describe("guardrails: the resource adapter", () => {
    it("has failing inputs for every resource guardrail", () => {
        assert.deepEqual(Object.keys(FAILING).sort(), resourceGuardrails.map((g) => g.name).sort());
    });

    for (const g of resourceGuardrails) {
        it(`${g.name}: reports the failing inputs on a ${g.resourceType.split(":").pop()}, and ignores every other type`, () => {
            const [props, says] = FAILING[g.name];
            const found = resourceViolations(g.name, g.resourceType, props);
            assert.equal(found.length, 1, JSON.stringify(found));
            assert.match(found[0], says);
            for (const type of Object.values(TYPES).filter((t) => t !== g.resourceType)) {
                assert.deepEqual(resourceViolations(g.name, type, props), [], type);
            }
        });
    }

    it("has passing inputs for every resource guardrail, and each says what the inputs hold", () => {
        assert.deepEqual(Object.keys(PASSING).sort(), resourceGuardrails.map((g) => g.name).sort());
        for (const g of resourceGuardrails) {
            for (const [props, says] of PASSING[g.name]) {
                assert.deepEqual(g.check(unknownChecking(props)), { passed: true, says }, `${g.name} ${JSON.stringify(props)}`);
                assert.deepEqual(resourceViolations(g.name, g.resourceType, props), [], g.name);
            }
        }
    });

    it("reports nothing when a rule does not concern the resource", () => {
        const rule: ResourceGuardrail = { name: "t", controls: ["T.1"], description: "d", resourceType: TYPES.key, check: () => undefined };
        const p = policyOf(rule);
        const reported: string[] = [];
        assert.ok("validateResource" in p && typeof p.validateResource === "function");
        p.validateResource({ type: TYPES.key, props: {}, getConfig: () => ({}) } as never, (m) => reported.push(m));
        assert.deepEqual(reported, []);
    });

    it("throws on a setting the rule does not take, whatever the resource: the preview stops rather than ignore it", () => {
        const rule: ResourceGuardrail = { name: "t", controls: ["T.1"], description: "d", resourceType: TYPES.key, check: () => undefined };
        const p = policyOf(rule);
        assert.ok("validateResource" in p && typeof p.validateResource === "function");
        const validate = p.validateResource;
        assert.throws(
            () => validate({ type: TYPES.trail, props: {}, getConfig: () => ({ waivedControls: {} }) } as never, () => undefined),
            /^Error: policy config of t: waivedControls is not a setting of this policy: it takes no setting but enforcementLevel$/,
        );
    });
});

/** A stack rule named t with one array setting, `waived`; `parts` supplies the rest. */
function stackRule(parts: Pick<StackGuardrail, "check"> & Partial<StackGuardrail>): StackGuardrail {
    return { name: "t", controls: ["T.1"], description: "d", resourceTypes: [], configSchema: { properties: { waived: { type: "array" } } }, ...parts };
}

describe("guardrails: the stack adapter", () => {
    it("reports failed findings only, as `subject: says`, on the finding's URN, with the policy's config", () => {
        let seen: Record<string, unknown> | undefined;
        const rule = stackRule({
            check: (_, config) => {
                seen = config;
                return [
                    { subject: "good", urn: "urn:good", passed: true, says: "fine" },
                    { subject: "bad", urn: "urn:bad", passed: false, says: "broken" },
                    { subject: "CIS 9.9", passed: false, says: "missing" },
                    { subject: "CIS 9.8", passed: true, says: "waived", waived: "because" },
                ];
            },
        });
        const p = policyOf(rule);
        assert.ok("validateStack" in p && p.validateStack);
        const reported: [string, string | undefined][] = [];
        p.validateStack({ resources: [], getConfig: () => ({ waived: ["x"] }) } as never, (m, urn) => reported.push([m, urn]));
        assert.deepEqual(reported, [["bad: broken", "urn:bad"], ["CIS 9.9: missing", undefined]]);
        assert.deepEqual(seen, { waived: ["x"] });
    });

    it("throws on bad config before the rule runs: a setting not in its schema, then the rule's own problems", () => {
        let ran = false;
        const rule = stackRule({
            configProblems: (config) => (Array.isArray(config.waived) ? [] : [`waived = ${JSON.stringify(config.waived)}: expected a list`]),
            check: () => {
                ran = true;
                return [];
            },
        });
        const p = policyOf(rule);
        assert.ok("validateStack" in p && p.validateStack);
        const run = (config: Record<string, unknown>) => () => p.validateStack!({ resources: [], getConfig: () => config } as never, () => undefined);
        assert.throws(run({ waivd: [], waived: "x" }), /^Error: policy config of t: waivd is not a setting of this policy: expected waived or enforcementLevel; waived = "x": expected a list$/);
        assert.equal(ran, false);
        run({ waived: [] })();
        assert.equal(ran, true);
    });
});

describe("guardrails: unknown values", () => {
    it("the fake proxy throws on an unknown value, nested too, as @pulumi/policy's does", () => {
        for (const proxy of [unknownChecking, unknownCheckingProxy]) {
            const props = proxy({ a: UNKNOWN, list: [UNKNOWN], known: "x" });
            // @pulumi/policy names the path; ours names the property, which the compliance report prints.
            assert.throws(() => props.a, /value at \.a can't be known during preview|^Error: a$/);
            assert.throws(() => props.list[0], /value at \.list\.0 can't be known during preview|^Error: 0$/);
            assert.equal(props.known, "x");
            assert.equal(props.list.length, 1);
        }
        assert.throws(() => unknownChecking({ a: UNKNOWN }).a, UnknownRead);
    });

    it("isSet counts an unknown value as set without reading it, and empty, null and missing as unset", () => {
        for (const proxy of [unknownChecking, unknownCheckingProxy]) {
            const props = proxy({ unknown: UNKNOWN, arn: "arn:aws:kms:eu-west-1:1:key/k", empty: "", none: null, undef: undefined });
            assert.deepEqual(
                ["unknown", "arn", "empty", "none", "undef", "absent"].map((k) => isSet(props, k)),
                [true, true, false, false, false, false],
            );
        }
    });

    it("shown quotes a value as the plan prints it, says not set for none, and never reports an unknown value as unset", () => {
        const props = unknownChecking({ name: "logs", days: 30, off: false, none: null, later: UNKNOWN });
        assert.deepEqual(
            ["name", "days", "off", "none", "absent"].map((k) => shown(props, k, "default")),
            ["name: logs", "days: 30", "off: false", "none: not set (default)", "absent: not set (default)"],
        );
        assert.throws(() => shown(props, "later", "default"), UnknownRead);
    });

    it("the ARN rules pass unknown ARNs behind @pulumi/policy's own proxy too", () => {
        const cases: [string, string, Record<string, unknown>][] = [
            ["cis-3.5-cloudtrail-2-kms-encryption", TYPES.trail, { kmsKeyId: UNKNOWN }],
            ["cloudtrail-5-cloudwatch-logs-delivery", TYPES.trail, { cloudWatchLogsGroupArn: UNKNOWN, cloudWatchLogsRoleArn: UNKNOWN }],
            ["log-group-kms-encryption", TYPES.logGroup, { kmsKeyId: UNKNOWN }],
            ["cloudwatch-15-alarm-and-ok-actions", TYPES.alarm, { alarmActions: [UNKNOWN], okActions: [UNKNOWN] }],
        ];
        for (const [name, type, props] of cases) {
            assert.deepEqual(resourceViolations(name, type, props, unknownCheckingProxy), [], name);
            assert.equal(resourceViolations(name, type, {}, unknownCheckingProxy).length, 1, `${name} without the ARNs`);
        }
    });
});
