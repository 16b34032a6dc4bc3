// The three stacks together, each fed the outputs the one deployed before it
// really exports (not fixtures): log-archive's outputs feed the audit stack,
// whose outputs feed the management stack. The engine (audit account) and the
// metric filters (management account) must then watch the same resources with
// the same patterns, and the management alarms must page the audit topic.
import { strict as assert } from "assert";
import { compileDetections } from "../engine/detections";
import type { EngineSettings } from "../engine/settings";
import { runAudit } from "./helpers/audit";
import { AUDIT_OUTPUTS, AUDIT_STACK, LOG_ARCHIVE_AUDIT_OUTPUTS, ofType, runManagement } from "./helpers/stacks";

const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("three stacks: the engine and the metric filters cannot disagree", () => {
    const tuning = { trustedCidrs: ["198.51.100.0/24"], largeInstanceTypes: ["*.48xlarge"], alarmNamespace: "Acme/Audit" };

    async function runBoth() {
        const audit = await runAudit(tuning);
        const { engineSettings, ...exported } = audit.outputs;
        // The audit key's ARN is the one output AWS assigns at creation; everything else is known at plan time.
        assert.match(String(exported.alertKeyArn), /known after apply/);
        const auditOutputs: Record<string, unknown> = { ...exported, alertKeyArn: AUDIT_OUTPUTS.alertKeyArn };
        const management = await runManagement({ auditStack: AUDIT_STACK, alertEmails: undefined }, { outputs: LOG_ARCHIVE_AUDIT_OUTPUTS, auditOutputs });
        return { settings: engineSettings as EngineSettings, auditOutputs, management };
    }

    it("every metric filter's pattern is the engine's pattern for the same detection, and the reverse", async () => {
        const { settings, management } = await runBoth();
        const filters = ofType(management.resources, FILTER).map((r) => [r.inputs.metricTransformation.name as string, r.inputs.pattern as string]);
        const engine = compileDetections(settings)
            .filter((d) => d.patternText !== undefined)
            .map((d) => [d.id, d.patternText!]);
        assert.deepEqual(Object.fromEntries(engine), Object.fromEntries(filters));
        // The audit stack's detection parameters reached both: not the defaults.
        const outside = Object.fromEntries(engine)["console-signin-outside-trusted-networks"];
        assert.match(outside, /198\.51\.100\./);
        // The engine and its feed are watched by both paths.
        for (const id of ["audit-engine-changed", "audit-engine-queue-changed", "audit-log-file-topic-changed"]) {
            assert.ok(filters.some(([name]) => name === id), `${id} has a metric filter`);
        }
    });

    it("the management alarms publish to the topic the audit stack exports, in the namespace it chose", async () => {
        const { auditOutputs, management } = await runBoth();
        const alarms = ofType(management.resources, ALARM);
        assert.ok(alarms.length > 30);
        for (const alarm of alarms) {
            assert.deepEqual(alarm.inputs.alarmActions, [auditOutputs.alertTopicArn], alarm.name);
        }
        const filters = ofType(management.resources, FILTER);
        assert.ok(filters.every((f) => f.inputs.metricTransformation.namespace === "Acme/Audit"));
    });
});
