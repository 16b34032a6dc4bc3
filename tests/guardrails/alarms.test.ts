// The alarm guardrails: an alarm tells someone when it fires and when it clears, and is not muted.
import { strict as assert } from "assert";
import { resourceViolations, TYPES, UNKNOWN, unknownChecking, UnknownRead } from "./args";

const ACTIONS = "cloudwatch-15-alarm-and-ok-actions";
const ENABLED = "cloudwatch-17-alarm-actions-enabled";

const TOPIC = "arn:aws:sns:eu-west-1:333333333333:org-trail-alerts";
const COMPLIANT = {
    metricName: "root-account-usage",
    namespace: "OrgCloudTrail",
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    alarmActions: [TOPIC],
    okActions: [TOPIC],
};
const alarm = (change: Record<string, unknown>) => ({ ...COMPLIANT, ...change });
const check = (name: string, props: Record<string, unknown>) => resourceViolations(name, TYPES.alarm, props);

describe("guardrails: alarms", () => {
    it("pass an alarm with alarm and OK actions and actions not switched off", () => {
        assert.deepEqual(check(ACTIONS, COMPLIANT), []);
        assert.deepEqual(check(ENABLED, COMPLIANT), []);
        assert.deepEqual(check(ENABLED, alarm({ actionsEnabled: true })), []);
    });

    describe(ACTIONS, () => {
        it("fails empty okActions and names only them", () => {
            assert.deepEqual(check(ACTIONS, alarm({ okActions: [] })).map((m) => m.split(":")[0]), ["okActions empty"]);
            assert.match(check(ACTIONS, alarm({ okActions: [] }))[0], /^okActions empty: an alarm nobody hears about/);
        });

        it("fails missing alarmActions, and names both lists when both are missing", () => {
            assert.match(check(ACTIONS, alarm({ alarmActions: undefined })).join("|"), /^alarmActions empty:/);
            assert.match(check(ACTIONS, alarm({ alarmActions: undefined, okActions: undefined })).join("|"), /^alarmActions and okActions empty:/);
        });

        it("counts actions whose ARNs are unknown during a preview, without reading them", () => {
            const props = alarm({ alarmActions: [UNKNOWN], okActions: [UNKNOWN, UNKNOWN] });
            assert.throws(() => unknownChecking(props).alarmActions[0], UnknownRead);
            assert.deepEqual(check(ACTIONS, props), []);
        });

        it("passes action lists that are unknown as a whole during a preview, without reading them", () => {
            assert.deepEqual(check(ACTIONS, alarm({ alarmActions: UNKNOWN, okActions: UNKNOWN })), []);
        });
    });

    describe(ENABLED, () => {
        it("fails an alarm whose actions are switched off", () => {
            assert.match(check(ENABLED, alarm({ actionsEnabled: false })).join("|"), /^actionsEnabled is false: the alarm changes state and tells nobody/);
        });
    });
});
