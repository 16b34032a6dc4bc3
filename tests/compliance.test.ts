// The offline plan's compliance report: the pack's own guardrails over the
// planned resources, with their verdicts, the policy config applied, and a
// value only known after apply treated as the preview treats it.
import { strict as assert } from "assert";
import { ConfigError } from "../config/load";
import { GUARDRAILS, Guardrail, isStackGuardrail, ResourceGuardrail, StackGuardrail } from "../guardrails/rules";
import { analyzed, AnalyzedResource, UNKNOWN } from "../plan/analyzed";
import { blocksPreview, complianceReport, ComplianceRow, GuardrailCrash, parsePolicyPackConfig, policyResources } from "../plan/compliance";
import { complianceMarkdown, renderCompliance, summary } from "../plan/complianceRender";
import { planJson } from "../plan/planFiles";
import { runLogArchive, runManagement } from "./helpers/stacks";

const rowOf = (rows: ComplianceRow[], policy: string) => rows.find((r) => r.policy === policy)!;

describe("compliance report", () => {
    let logArchive: AnalyzedResource[];
    let management: AnalyzedResource[];

    before(async () => {
        logArchive = analyzed("log-archive", (await runLogArchive()).resources);
        management = analyzed("management", (await runManagement()).resources);
    });

    it("has one row per guardrail, in the pack's order, and both stacks pass every one that applies to them", () => {
        for (const resources of [logArchive, management]) {
            const rows = complianceReport(resources);
            assert.deepEqual(rows.map((r) => r.policy), GUARDRAILS.map((g) => g.name));
            assert.deepEqual(rows.filter((r) => r.result !== "pass" && r.result !== "not applicable"), []);
            assert.equal(blocksPreview(rows), false);
        }
        const archive = complianceReport(logArchive);
        assert.deepEqual(archive.filter((r) => r.result === "pass").map((r) => r.policy), [
            "cloudtrail-6-s3-8-public-access-blocked", "s3-5-tls-only-bucket-policy", "s3-14-versioning", "s3-15-object-lock",
            "cis-3.4-cloudtrail-7-s3-9-access-logging", "s3-no-force-destroy", "cis-3.6-kms-4-key-rotation", "kms-deletion-window-30-days",
        ]);
        assert.deepEqual(rowOf(archive, "s3-14-versioning").evidence, ["BucketVersioning status Enabled (log-archive-access-logs, log-archive-logs, log-archive-athena-results)"]);
        assert.deepEqual(rowOf(archive, "s3-15-object-lock").evidence, [
            "objectLockEnabled: false, as a bucket receiving server access logs must be (log-archive-access-logs)",
            "objectLockEnabled: true (log-archive-logs, log-archive-athena-results)",
        ]);
    });

    it("says which alarm meets each CIS monitoring recommendation", () => {
        const row = rowOf(complianceReport(management), "cis-4-monitoring-alarms");
        assert.equal(row.evidence.length, 15);
        assert.equal(row.evidence[2], "CIS 4.3 Root account usage (alerting-root-account-usage-alarm)");
    });

    it("fails the CIS row of a stack without a CIS detection, which blocks the preview unless waived or advisory", async () => {
        const without = analyzed("management", (await runManagement({ disabledDetections: ["root-account-usage", "vpc-changes"] })).resources);
        const rows = complianceReport(without);
        const row = rowOf(rows, "cis-4-monitoring-alarms");
        assert.equal(row.result, "fail");
        assert.deepEqual(row.violations.map((v) => v.split(":")[0]), ["CIS 4.3", "CIS 4.14"]);
        assert.equal(blocksPreview(rows), true);
        assert.match(renderCompliance(rows).join("\n"), /\n {2}FAIL {2}CIS 4\.1–4\.15, CloudWatch\.1–14 {2}\[cis-4-monitoring-alarms\]\n {10}CIS 4\.3: Root account usage: no metric filter/);

        const waived = complianceReport(without, { "cis-4-monitoring-alarms": { waivedControls: { "4.3": "Root is watched by the SOC's own alarm; see RISK-7", "4.14": " No VPCs here. " } } });
        assert.equal(rowOf(waived, "cis-4-monitoring-alarms").result, "pass");
        assert.equal(blocksPreview(waived), false);

        const advisory = complianceReport(without, { "cis-4-monitoring-alarms": "advisory" });
        assert.equal(rowOf(advisory, "cis-4-monitoring-alarms").result, "fail");
        assert.equal(blocksPreview(advisory), false);
        assert.match(complianceMarkdown(advisory).join("\n"), /\| FAIL \(advisory\) \| `cis-4-monitoring-alarms` \|/);
    });

    describe("a waived control", () => {
        const REASON = "Gateways are managed by the network organization, which alarms on them; see RISK-123";
        let rows: ComplianceRow[];
        let row: ComplianceRow;

        before(async () => {
            const without = analyzed("management", (await runManagement({ disabledDetections: ["network-gateway-changes"] })).resources);
            rows = complianceReport(without, { "cis-4-monitoring-alarms": { waivedControls: { "4.12": REASON, "4.3": "Watched twice on purpose" } } });
            row = rowOf(rows, "cis-4-monitoring-alarms");
        });

        it("is listed as waived with its reason, not dropped and not passed, and the rest of the rule still passes", () => {
            assert.equal(row.result, "pass");
            assert.deepEqual(row.violations, []);
            assert.deepEqual(row.waivers, [
                { subject: "CIS 4.3", says: "Root account usage; the plan meets it anyway (alerting-root-account-usage-alarm)", reason: "Watched twice on purpose" },
                { subject: "CIS 4.12", says: "Network gateway changes", reason: REASON },
            ]);
            assert.equal(row.evidence.length, 13);
            assert.ok(!row.evidence.some((e) => /CIS 4\.(3|12) /.test(e)), row.evidence.join("\n"));
        });

        it("shows as WAIVED with its reason in the terminal, and the counts line counts waived controls", () => {
            const text = renderCompliance(rows).join("\n");
            assert.match(summary(rows), /^\d+ pass, 0 fail, 2 controls waived \(CIS 4\.3, CIS 4\.12\), \d+ not applicable to this stack$/);
            const lines = text.split("\n");
            const at = lines.indexOf("  WAIVED  CIS 4.12  [cis-4-monitoring-alarms]");
            assert.ok(at > 0, text);
            assert.equal(lines[at + 1], `            Network gateway changes. Waived: ${REASON}`);
            assert.ok(lines.includes("  PASS    CIS 4.1–4.15, CloudWatch.1–14  [cis-4-monitoring-alarms]"), text);
        });

        it("shows as WAIVED with its reason in the Markdown", () => {
            const md = complianceMarkdown(rows);
            assert.ok(md[0].includes("2 controls waived (CIS 4.3, CIS 4.12)"), md[0]);
            assert.ok(md.includes(`| CIS 4.12 | Network gateway changes. Waived: ${REASON} | WAIVED | \`cis-4-monitoring-alarms\` |`), md.join("\n"));
        });

        it("makes the row WAIVED when every control it checks is waived", () => {
            const all = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`4.${i + 1}`, "the SOC alarms on all of them"]));
            const waivedRows = complianceReport(management, { "cis-4-monitoring-alarms": { waivedControls: all } });
            assert.equal(rowOf(waivedRows, "cis-4-monitoring-alarms").result, "waived");
            assert.equal(rowOf(waivedRows, "cis-4-monitoring-alarms").waivers.length, 15);
            assert.ok(renderCompliance(waivedRows).includes("  WAIVED  CIS 4.1–4.15, CloudWatch.1–14  [cis-4-monitoring-alarms]"));
        });
    });

    describe("policy config", () => {
        const refusal = (parsed: unknown): string => {
            try {
                parsePolicyPackConfig(parsed, "policy/waivers.json");
            } catch (error) {
                assert.ok(error instanceof ConfigError, String(error));
                return error.message;
            }
            return assert.fail(`accepted ${JSON.stringify(parsed)}`);
        };
        const cis = (waivedControls: unknown) => ({ "cis-4-monitoring-alarms": { waivedControls } });

        it("accepts waivers with reasons, enforcement levels and all, and returns them as given", () => {
            const config = { all: "advisory", "s3-14-versioning": "mandatory", ...cis({ "4.12": "see RISK-123" }), "s3-no-force-destroy": { enforcementLevel: "disabled" } };
            assert.equal(parsePolicyPackConfig(config, "policy/waivers.json"), config);
        });

        it("refuses what is not an object of policies, naming the file", () => {
            for (const parsed of [[], null, "mandatory", 3]) {
                assert.match(refusal(parsed), /^Invalid policy pack config in policy\/waivers\.json: expected a JSON object of policy names, as pulumi preview --policy-pack-config takes/);
            }
        });

        it("refuses a policy the pack does not have, with did-you-mean", () => {
            assert.match(refusal({ "cis-4-monitoring-alarm": "advisory" }), /^Invalid policy pack config in policy\/waivers\.json:\n  - cis-4-monitoring-alarm is not a policy of the pack: expected all or one of cis-3\.1-cloudtrail-1-multi-region-trail, .*; did you mean cis-4-monitoring-alarms\?$/);
        });

        it("refuses an enforcement level the CLI would refuse, and an entry that is neither a level nor settings", () => {
            assert.match(refusal({ "s3-14-versioning": "warn" }), /\n  - s3-14-versioning = "warn": expected an enforcement level, one of advisory, mandatory, remediate, disabled$/);
            assert.match(refusal({ "s3-14-versioning": { enforcementLevel: true } }), /\n  - s3-14-versioning\.enforcementLevel = true: expected an enforcement level, one of advisory/);
            assert.match(refusal({ all: "warn" }), /\n  - all = "warn": expected an enforcement level/);
            assert.match(refusal({ "s3-14-versioning": ["mandatory"] }), /\n  - s3-14-versioning = \["mandatory"\]: expected an enforcement level \(advisory, mandatory, remediate, disabled\) or an object of the policy's settings$/);
        });

        it("refuses a setting the policy does not have, with did-you-mean, and any setting under all", () => {
            assert.match(refusal({ "cis-4-monitoring-alarms": { waivedControl: { "4.12": "x" } } }), /\n  - cis-4-monitoring-alarms: waivedControl is not a setting of this policy: expected waivedControls or enforcementLevel; did you mean waivedControls\?$/);
            assert.match(refusal({ "s3-14-versioning": { waivedControls: {} } }), /\n  - s3-14-versioning: waivedControls is not a setting of this policy: it takes no setting but enforcementLevel$/);
            assert.match(refusal({ all: { waivedControls: {} } }), /\n  - all: waivedControls: all takes no setting but enforcementLevel; set it under the policy it is for$/);
        });

        it("refuses the old list of waived controls, saying what the new form is", () => {
            assert.match(refusal(cis(["4.12"])), /\n  - cis-4-monitoring-alarms: waivedControls = \["4\.12"\]: expected an object of control to reason, \{"4\.12":"<reason>"\}: the list form is no longer accepted, as every waiver needs its reason/);
            assert.match(refusal(cis("4.12")), /waivedControls = "4\.12": expected an object of CIS control to the reason it is waived, e\.g\. \{"4\.13": "Route tables/);
        });

        it("refuses a waiver without a reason: missing, empty or white space", () => {
            for (const reason of [null, "", "  \t", 5]) {
                assert.match(
                    refusal(cis({ "4.12": reason })),
                    new RegExp(`\\n  - cis-4-monitoring-alarms: waivedControls\\["4\\.12"\\] = ${JSON.stringify(reason).replace(/\\/g, "\\\\")}: a waiver of CIS 4\\.12 Network gateway changes needs its reason as text`),
                );
            }
        });

        it("refuses a waiver of a control the rule does not check, saying which it checks", () => {
            assert.match(refusal(cis({ "4.16": "x", "CIS 4.12": "y" })), /waivedControls\["4\.16"\]: CIS 4\.16 is not a control of this policy: expected one of 4\.1, 4\.2, .*, 4\.15\n.*waivedControls\["CIS 4\.12"\]: CIS CIS 4\.12 is not a control/);
        });

        it("lists every problem at once", () => {
            const message = refusal({ "s3-14-versioning": "warn", ...cis({ "4.12": "" }), nope: "advisory" });
            assert.equal(message.split("\n").length, 4, message);
        });

        it("is checked by the report too, and all sets the level of every policy without its own", async () => {
            assert.throws(() => complianceReport(logArchive, { "s3-14-versioning": "warn" }), /^ConfigError: Invalid policy pack config in the policy config:\n  - s3-14-versioning = "warn"/);
            const rows = complianceReport(logArchive, { all: "advisory", "s3-14-versioning": "disabled", "s3-15-object-lock": {} });
            assert.deepEqual([...new Set(rows.filter((r) => r.policy !== "s3-14-versioning").map((r) => r.enforcement))], ["advisory"]);
            assert.equal(rowOf(rows, "s3-14-versioning").enforcement, "disabled");
        });
    });

    it("reports a rule that must read a value known only after apply as checked by pulumi up, not as passed or failed", () => {
        const unknownPolicy = logArchive.map((r) => (r.name === "log-archive-logs-policy" ? { ...r, props: { ...r.props, policy: UNKNOWN } } : r));
        const row = rowOf(complianceReport(unknownPolicy), "s3-5-tls-only-bucket-policy");
        assert.equal(row.result, "after apply");
        assert.deepEqual(row.violations, []);
        assert.match(row.evidence.join("\n"), /policy is only known after apply; checked by `pulumi up`/);
    });

    describe("a guardrail that throws", () => {
        const BUCKET = "aws:s3/bucket:Bucket";
        const resourceRule = (check: ResourceGuardrail["check"]): ResourceGuardrail => ({ name: "t-resource", controls: ["T.1"], description: "d", resourceType: BUCKET, check });
        const stackRule = (check: StackGuardrail["check"]): StackGuardrail => ({ name: "t-stack", controls: ["T.2"], description: "d", resourceTypes: [BUCKET], check });
        const crash = (rules: Guardrail[]): GuardrailCrash => {
            try {
                complianceReport(logArchive, {}, rules);
            } catch (error) {
                assert.ok(error instanceof GuardrailCrash, String(error));
                return error;
            }
            return assert.fail("the report was made");
        };

        it("fails the report with an error naming the policy, the resource and the original error, never a row", () => {
            const error = crash([resourceRule((p) => ({ passed: p.versioning.enabled === true, says: "" }))]);
            assert.match(
                error.message,
                /^guardrail t-resource crashed on log-archive-access-logs \(aws:s3\/bucket:Bucket\): TypeError: Cannot read properties of undefined \(reading 'enabled'\)\. This is a defect of the guardrail, and `pulumi preview --policy-pack guardrails` would stop on it too\.$/,
            );
            assert.ok(error.cause instanceof TypeError);
        });

        it("fails the report from a stack rule too, and from a throw that is not an Error", () => {
            const fromStack = crash([stackRule((resources) => resources.map((r) => ({ subject: r.name, passed: JSON.parse(String(r.props.bucket)), says: "" })))]);
            assert.match(fromStack.message, /^guardrail t-stack crashed on the stack's resources: SyntaxError: "undefined" is not valid JSON\. This is a defect of the guardrail/);
            assert.match(
                crash([resourceRule(() => {
                    throw "no verdict";
                })]).message,
                /^guardrail t-resource crashed on log-archive-access-logs \(aws:s3\/bucket:Bucket\): no verdict\./,
            );
        });

        it("still reports a rule that reads a value known only after apply as after apply, resource and stack rules alike", () => {
            const unknownName = logArchive.map((r) => (r.type === BUCKET ? { ...r, props: { ...r.props, bucket: UNKNOWN } } : r));
            const rows = complianceReport(unknownName, {}, [
                resourceRule((p) => ({ passed: String(p.bucket).length > 0, says: "named" })),
                stackRule((resources) => resources.map((r) => ({ subject: r.name, passed: String(r.props.bucket).length > 0, says: "named" }))),
            ]);
            assert.deepEqual(rows.map((r) => [r.policy, r.result, r.evidence]), [
                ["t-resource", "after apply", ["bucket is only known after apply; checked by `pulumi up` (log-archive-access-logs (aws:s3/bucket:Bucket), log-archive-logs (aws:s3/bucket:Bucket), log-archive-athena-results (aws:s3/bucket:Bucket))"]],
                ["t-stack", "after apply", ["bucket is only known after apply; checked by `pulumi up` (the stack's resources)"]],
            ]);
        });
    });

    it("says in its evidence what the planned inputs hold, as the plan prints them", () => {
        // Evidence that quotes an input, `key: value…`, must name the value the plan sets: `not set` when it sets none, `set` for one only AWS knows yet.
        const QUOTE = /^(\w+): (not set|[^ ,(]+)/;
        const checked = new Set<string>();
        for (const resources of [logArchive, management]) {
            const planned = policyResources(resources);
            const byName = new Map(resources.map((r) => [r.name, r]));
            for (const g of GUARDRAILS) {
                const findings = isStackGuardrail(g)
                    ? g.check(planned, {})
                    : planned.filter((r) => r.type === g.resourceType).flatMap((r) => {
                          const v = g.check(r.props);
                          return v ? [{ subject: r.name, ...v }] : [];
                      });
                for (const f of findings.filter((f) => f.passed)) {
                    const [, key, value] = QUOTE.exec(f.says) ?? [];
                    if (!key) continue;
                    const raw = byName.get(f.subject)?.props[key];
                    const where = `${g.name} on ${f.subject}: "${f.says}"`;
                    if (value === "not set") assert.equal(raw, undefined, where);
                    else if (value === "set") assert.ok(raw !== undefined && raw !== "", where);
                    else assert.equal(value, typeof raw === "string" ? raw : JSON.stringify(raw), where);
                    checked.add(key);
                }
            }
        }
        assert.deepEqual([...checked].sort(), [
            "actionsEnabled", "deletionWindowInDays", "enableKeyRotation", "enableLogFileValidation", "forceDestroy", "isMultiRegionTrail",
            "isOrganizationTrail", "kmsKeyId", "kmsMasterKeyId", "objectLockEnabled", "retentionInDays",
        ]);
    });

    it("turns every value AWS assigns at creation into an unknown, and records where each input comes from", () => {
        const trail = management.find((r) => r.type === "aws:cloudtrail/trail:Trail")!;
        assert.equal(trail.props.cloudWatchLogsGroupArn, UNKNOWN);
        assert.equal(trail.props.isMultiRegionTrail, true);
        const group = management.find((r) => r.name === "organization-log-group")!;
        assert.deepEqual(trail.propertyDependencies.cloudWatchLogsGroupArn, [group.urn]);
        assert.ok(trail.dependencies.includes(group.urn));
        assert.match(group.urn, /^urn:pulumi:management::org-cloudtrail::org-cloudtrail:trail:OrganizationTrail\$aws:cloudwatch\/logGroup:LogGroup::organization-log-group$/);
    });

    it("escapes table cells in Markdown and never writes a secret into the JSON plan", async () => {
        const url = "https://api.opsgenie.com/v1/json/cloudwatch?apiKey=do-not-print";
        const result = await runManagement({ alertHttpsEndpoints: [url] });
        const rows = complianceReport(analyzed("management", result.resources));
        const json = JSON.stringify(planJson({ stack: "management", caller: "arn:aws:sts::111111111111:assumed-role/X/y", result, compliance: rows }));
        assert.ok(!json.includes("do-not-print"));
        assert.ok(json.includes("[secret]"));
        const md = complianceMarkdown([{ ...rows[0], evidence: ["a | b"] }]).join("\n");
        assert.match(md, /a \\\| b/);
    });
});
