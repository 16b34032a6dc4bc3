// CIS 4.1–4.15: the textual `mentions` check, the stack rule over metric
// filters and alarms, and the project's own detection catalog against it.
import { strict as assert } from "assert";
import type { PolicyResource } from "@pulumi/policy";
import { DEFAULT_LARGE_INSTANCE_TYPES } from "../../config/detectionFields";
import { DetectionParameters, EnabledDetection, enabledDetections } from "../../detections/catalog";
import { CIS_MONITORING, GUARDRAILS, isStackGuardrail, mentions, requiredTerms, StackGuardrail } from "../../guardrails/rules";
import { messages, stackResource, stackViolations, TYPES, UNKNOWN } from "./args";
import { EXAMPLE_PRODUCT } from "../detections/product";

const RULE = "cis-4-monitoring-alarms";
const NAMESPACE = "OrgCloudTrail";

// As tests/detections/catalog.test.ts builds DEFAULTS_WITH_NETWORKS: every detection on, the trusted-network one included.
const DEFAULTS_WITH_NETWORKS: DetectionParameters = {
    trustedCidrs: ["203.0.113.0/24", "198.51.100.7", "10.20.0.0/15"],
    largeInstanceTypes: [...DEFAULT_LARGE_INSTANCE_TYPES],
    product: EXAMPLE_PRODUCT,
};

describe("guardrails: CIS monitoring", () => {
    describe("mentions", () => {
        it("finds a term whether its value is quoted or not, with or without spaces around the operator", () => {
            for (const pattern of [
                '{ ($.eventName = "CreatePolicy") }',
                "{ ($.eventName = CreatePolicy) }",
                '{$.eventName="CreatePolicy"}',
                "{ $.eventName   =   CreatePolicy || $.eventName = DeletePolicy }",
            ]) {
                assert.equal(mentions(pattern, "$.eventName = CreatePolicy"), true, pattern);
            }
        });

        it("does not take a longer value for the term's value", () => {
            for (const pattern of ['{ $.eventName = "CreatePolicyVersion" }', "{ $.eventName = CreatePolicyVersion }", "{ $.eventName = CreatePolicy* }"]) {
                assert.equal(mentions(pattern, "$.eventName = CreatePolicy"), false, pattern);
            }
        });

        it("tells = from !=", () => {
            assert.equal(mentions('{ $.additionalEventData.MFAUsed != "Yes" }', "$.additionalEventData.MFAUsed != Yes"), true);
            assert.equal(mentions('{ $.additionalEventData.MFAUsed = "Yes" }', "$.additionalEventData.MFAUsed != Yes"), false);
            assert.equal(mentions('{ $.eventName != "HeadBucket" }', "$.eventName = HeadBucket"), false);
        });

        it("reads wildcards and spaces in values literally", () => {
            assert.equal(mentions('{ $.errorCode = "*UnauthorizedOperation" }', "$.errorCode = *UnauthorizedOperation"), true);
            assert.equal(mentions('{ $.errorCode = "AccessDenied*" }', "$.errorCode = AccessDenied*"), true);
            assert.equal(mentions('{ $.errorCode = "AccessDenied" }', "$.errorCode = AccessDenied*"), false);
            assert.equal(mentions('{ $.errorMessage = "Failed authentication" }', "$.errorMessage = Failed authentication"), true);
        });

        it("finds NOT EXISTS terms, and only as NOT EXISTS", () => {
            assert.equal(mentions("{ ($.userIdentity.invokedBy NOT EXISTS) }", "$.userIdentity.invokedBy NOT EXISTS"), true);
            assert.equal(mentions("{ $.userIdentity.invokedBy  NOT  EXISTS }", "$.userIdentity.invokedBy NOT EXISTS"), true);
            assert.equal(mentions('{ $.userIdentity.invokedBy = "x" }', "$.userIdentity.invokedBy NOT EXISTS"), false);
            assert.equal(mentions("{ $.userIdentity.invokedBy EXISTS }", "$.userIdentity.invokedBy NOT EXISTS"), false);
        });

        it("refuses what is not a term", () => {
            assert.throws(() => mentions("{}", "eventName CreatePolicy"), /not a term: eventName CreatePolicy/);
        });
    });

    describe(RULE, () => {
        const TOPIC = "arn:aws:sns:eu-west-1:333333333333:org-trail-alerts";
        const id = (cis: string) => `cis-${cis.replace(".", "-")}`;
        const quote = (term: string) => term.replace(/^(\S+) (!?=) (.+)$/, '$1 $2 "$3"');

        interface Pair {
            cis: string;
            filter: Record<string, any> | null;
            alarm: Record<string, any> | null;
        }
        /** A filter and an alarm per CIS control, the filter naming every required term, values quoted. */
        const compliantPairs = (): Pair[] =>
            CIS_MONITORING.map((c) => ({
                cis: c.cis,
                filter: {
                    logGroupName: "org-trail",
                    pattern: `{ (${requiredTerms(c).map((t) => `(${quote(t)})`).join(" || ")}) }`,
                    metricTransformation: { name: id(c.cis), namespace: NAMESPACE, value: "1" },
                },
                alarm: { metricName: id(c.cis), namespace: NAMESPACE, threshold: 1, alarmActions: [TOPIC], okActions: [TOPIC] },
            }));
        const toStack = (pairs: Pair[]): PolicyResource[] =>
            pairs.flatMap((p) => [
                ...(p.filter ? [stackResource(TYPES.metricFilter, `${id(p.cis)}-filter`, p.filter)] : []),
                ...(p.alarm ? [stackResource(TYPES.alarm, `${id(p.cis)}-alarm`, p.alarm)] : []),
            ]);
        /** The compliant stack with one control's pair changed. */
        const changed = (cis: string, change: (p: Pair) => void) => {
            const pairs = compliantPairs();
            change(pairs.find((p) => p.cis === cis)!);
            return toStack(pairs);
        };
        const check = (resources: PolicyResource[], config: Record<string, unknown> = {}) => stackViolations(RULE, resources, config);

        /** Asserts exactly one violation, matching `why`, attached to nothing (the missing resource has no URN). */
        function onlyViolation(resources: PolicyResource[], why: RegExp, config: Record<string, unknown> = {}) {
            const found = check(resources, config);
            assert.equal(found.length, 1, JSON.stringify(messages(found)));
            assert.match(found[0].message, why);
            assert.equal(found[0].urn, undefined);
        }

        it("says nothing about a stack that builds neither the trail nor metric filters, alarms on its own queue and function included", () => {
            assert.deepEqual(check([]), []);
            const auditAlarm = (name: string, namespace: string) =>
                stackResource(TYPES.alarm, name, { namespace, metricName: "Errors", alarmActions: ["arn:aws:sns:eu-west-1:333333333333:org-cloudtrail-alerts"], okActions: [] });
            assert.deepEqual(check([auditAlarm("org-cloudtrail-engine-errors", "AWS/Lambda"), auditAlarm("org-cloudtrail-log-files-stopped", "AWS/SQS")]), []);
        });

        it("asks for every control of a stack that builds the trail without metric filters", () => {
            assert.equal(check([stackResource(TYPES.trail, "org-trail", { isMultiRegionTrail: true })]).length, 15);
        });

        it("passes a filter and an alarm with actions for each of the fifteen controls", () => {
            assert.equal(toStack(compliantPairs()).length, 30);
            assert.deepEqual(check(toStack(compliantPairs())), []);
        });

        it("passes alarm actions whose ARNs are unknown during a preview", () => {
            assert.deepEqual(check(toStack(compliantPairs().map((p) => ({ ...p, alarm: { ...p.alarm, alarmActions: [UNKNOWN] } })))), []);
        });

        it("names the control whose filter is missing", () => {
            onlyViolation(changed("4.12", (p) => (p.filter = null)), /^CIS 4\.12: Network gateway changes: no metric filter names every term of the benchmark \(6 terms, e\.g\. \$\.eventName = CreateCustomerGateway\)/);
        });

        it("fails a filter that leaves out one event name, even one that is a prefix of another it names", () => {
            const without = (name: string) => (p: Pair) => (p.filter!.pattern = p.filter!.pattern.replace(` || ($.eventName = "${name}")`, ""));
            onlyViolation(changed("4.5", without("StopLogging")), /^CIS 4\.5: CloudTrail configuration changes: no metric filter names every term/);
            onlyViolation(changed("4.4", without("CreatePolicy")), /^CIS 4\.4: IAM policy changes: no metric filter/);
        });

        it("fails a filter whose alarm watches another namespace or another metric", () => {
            onlyViolation(changed("4.7", (p) => (p.alarm!.namespace = "Other")), /^CIS 4\.7: .*: metric filter cis-4-7-filter has no alarm with actions on its metric/);
            onlyViolation(changed("4.7", (p) => (p.alarm!.metricName = "other")), /^CIS 4\.7: .*metric filter cis-4-7-filter has no alarm/);
            onlyViolation(changed("4.7", (p) => (p.alarm = null)), /^CIS 4\.7: .*metric filter cis-4-7-filter has no alarm/);
        });

        it("fails an alarm whose actions are switched off, empty or missing", () => {
            for (const change of [{ actionsEnabled: false }, { alarmActions: [] }, { alarmActions: undefined }]) {
                onlyViolation(changed("4.3", (p) => Object.assign(p.alarm!, change)), /^CIS 4\.3: Root account usage: metric filter cis-4-3-filter has no alarm with actions/);
            }
        });

        it("does not ask for a waived control, and still asks for the others", () => {
            const waiver = { waivedControls: { "4.12": "The network account alarms on gateways; see RISK-123" } };
            assert.deepEqual(check(changed("4.12", (p) => (p.filter = null)), waiver), []);
            const both = changed("4.12", (p) => (p.filter = null)).filter((r) => r.name !== "cis-4-13-filter");
            onlyViolation(both, /^CIS 4\.13: Route table changes/, waiver);
        });

        it("gives a waived control as a waived finding with its reason, not as met, and notes when the plan meets it anyway", () => {
            const rule = GUARDRAILS.find((g): g is StackGuardrail => g.name === RULE && isStackGuardrail(g))!;
            const findings = rule.check(changed("4.12", (p) => (p.filter = null)), { waivedControls: { "4.12": " the network account alarms ", "4.3": "twice" } });
            assert.equal(findings.length, 15);
            assert.deepEqual(findings.filter((f) => f.waived !== undefined), [
                { subject: "CIS 4.3", passed: true, waived: "twice", says: "Root account usage; the plan meets it anyway (cis-4-3-alarm)" },
                { subject: "CIS 4.12", passed: true, waived: "the network account alarms", says: "Network gateway changes" },
            ]);
        });

        it("refuses waivers without a reason, of a control it does not check, or in the old list form, before judging anything", () => {
            const refused = (waivedControls: unknown) => () => check(toStack(compliantPairs()), { waivedControls });
            assert.throws(refused({ "4.12": "" }), /^Error: policy config of cis-4-monitoring-alarms: waivedControls\["4\.12"\] = "": a waiver of CIS 4\.12 Network gateway changes needs its reason as text/);
            assert.throws(refused({ "4.12": "   " }), /waivedControls\["4\.12"\] = " {3}": a waiver of CIS 4\.12/);
            assert.throws(refused({ "4.12": null }), /waivedControls\["4\.12"\] = null: a waiver of CIS 4\.12/);
            assert.throws(refused({ "4.16": "why" }), /waivedControls\["4\.16"\]: CIS 4\.16 is not a control of this policy: expected one of 4\.1, 4\.2, 4\.3, .*4\.15$/);
            assert.throws(refused(["4.12"]), /waivedControls = \["4\.12"\]: expected an object of control to reason, \{"4\.12":"<reason>"\}: the list form is no longer accepted/);
            assert.throws(() => check([], { waivedControl: {} }), /waivedControl is not a setting of this policy: expected waivedControls or enforcementLevel$/);
        });
    });

    describe("the detection catalog", () => {
        const check = (resources: PolicyResource[]) => stackViolations(RULE, resources);
        const covering = (enabled: EnabledDetection[], cis: string) => {
            const control = CIS_MONITORING.find((c) => c.cis === cis)!;
            return enabled.filter((d) => requiredTerms(control).every((t) => mentions(d.pattern, t))).map((d) => d.id);
        };
        const asStack = (enabled: EnabledDetection[]) =>
            enabled.flatMap((d) => [
                stackResource(TYPES.metricFilter, `${d.id}-filter`, { pattern: d.pattern, metricTransformation: { name: d.id, namespace: NAMESPACE, value: "1" } }),
                stackResource(TYPES.alarm, `${d.id}-alarm`, { metricName: d.id, namespace: NAMESPACE, alarmActions: [UNKNOWN], okActions: [UNKNOWN] }),
            ]);

        it("covers every CIS control with an enabled detection's pattern, term by term", () => {
            const enabled = enabledDetections(DEFAULTS_WITH_NETWORKS);
            for (const c of CIS_MONITORING) assert.notDeepEqual(covering(enabled, c.cis), [], `CIS ${c.cis}`);
            assert.deepEqual(check(asStack(enabled)), []);
        });

        it("leaves CIS 4.3 uncovered when root-account-usage is disabled", () => {
            const enabled = enabledDetections(DEFAULTS_WITH_NETWORKS, ["root-account-usage"]);
            assert.deepEqual(covering(enabled, "4.3"), []);
            assert.deepEqual(messages(check(asStack(enabled))).map((m) => m.split(":")[0]), ["CIS 4.3"]);
            assert.match(messages(check(asStack(enabled)))[0], /Root account usage: no metric filter names every term/);
        });
    });
});
