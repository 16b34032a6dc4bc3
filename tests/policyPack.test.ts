// The program passes its own guardrails: the real policy pack, started as
// `pulumi preview --policy-pack guardrails` starts it, judges every resource
// of both stacks as the first preview would send them (values AWS assigns
// at creation unknown), and stops a preview that weakens the trail.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { GUARDRAILS } from "../guardrails/rules";
import { analyzed, AnalyzedResource } from "../plan/analyzed";
import { parsePolicyPackConfig } from "../plan/compliance";
import { Diagnostic, PACK_DIR, RunningPack } from "./helpers/analyzer";
import { runLogArchive, runManagement } from "./helpers/stacks";

const mandatory = (ds: Diagnostic[]) => ds.filter((d) => d.enforcementLevel === "mandatory");
const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.policy} @ ${d.urn.split("::").pop()}: ${d.message}`);

async function judge(pack: RunningPack, resources: AnalyzedResource[]): Promise<Diagnostic[]> {
    return [...(await pack.analyzeEach(resources)), ...(await pack.analyzeStack(resources))];
}

/** A copy of `resources` with one resource's inputs changed, or removed when `change` returns undefined. */
function tampered(resources: AnalyzedResource[], name: string, change: (props: Record<string, any>) => Record<string, any> | undefined): AnalyzedResource[] {
    assert.ok(resources.some((r) => r.name === name), `no resource ${name}`);
    return resources.flatMap((r) => {
        if (r.name !== name) return [r];
        const props = change(structuredClone(r.props));
        return props ? [{ ...r, props }] : [];
    });
}

describe("policy pack: the program passes its own guardrails", function () {
    this.timeout(120000);
    let pack: RunningPack;
    let logArchive: AnalyzedResource[];
    let management: AnalyzedResource[];

    before(async () => {
        pack = await RunningPack.start();
        logArchive = analyzed("log-archive", (await runLogArchive()).resources);
        management = analyzed("management", (await runManagement()).resources);
    });
    after(() => pack?.stop());

    it("serves every guardrail of guardrails/rules, each mandatory, under the pack's name and version", async () => {
        const info = await pack.info();
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8"));
        assert.equal(info.name, "org-cloudtrail-guardrails");
        assert.equal(info.version, pkg.version);
        assert.deepEqual(info.policies.map((p) => p.name), GUARDRAILS.map((g) => g.name));
        assert.deepEqual(info.policies.filter((p) => p.enforcementLevel !== "mandatory"), []);
    });

    it("finds nothing wrong with any resource of the log-archive stack, and can judge every one during the first preview", async () => {
        assert.ok(logArchive.some((r) => r.type === "aws:s3/bucket:Bucket"));
        assert.deepEqual(brief(await judge(pack, logArchive)), []);
    });

    it("finds nothing wrong with any resource of the management stack, and can judge every one during the first preview", async () => {
        assert.ok(management.some((r) => r.type === "aws:cloudtrail/trail:Trail"));
        assert.deepEqual(brief(await judge(pack, management)), []);
    });

    it("stops a preview that weakens the archive, naming each weakened resource", async () => {
        let changed = tampered(logArchive, "log-archive-logs", (p) => ({ ...p, forceDestroy: true, objectLockEnabled: false }));
        changed = tampered(changed, "log-archive-logs-versioning", () => undefined);
        changed = tampered(changed, "log-archive-access-logs-public-access", (p) => ({ ...p, restrictPublicBuckets: false }));
        changed = tampered(changed, "log-archive-key", (p) => ({ ...p, enableKeyRotation: false, deletionWindowInDays: 7 }));
        const found = mandatory(await judge(pack, changed)).map((d) => `${d.policy} @ ${d.urn.split("::").pop()}`);
        assert.deepEqual(found.sort(), [
            "cis-3.6-kms-4-key-rotation @ log-archive-key",
            "cloudtrail-6-s3-8-public-access-blocked @ log-archive-access-logs",
            "kms-deletion-window-30-days @ log-archive-key",
            "s3-14-versioning @ log-archive-logs",
            "s3-15-object-lock @ log-archive-logs",
            "s3-no-force-destroy @ log-archive-logs",
        ]);
    });

    it("stops a preview that weakens the trail, its log group, its alarms or the SCP", async () => {
        let changed = tampered(management, "organization-trail", (p) => ({ ...p, isMultiRegionTrail: false, enableLogFileValidation: false }));
        changed = tampered(changed, "organization-log-group", (p) => ({ ...p, retentionInDays: 30 }));
        changed = tampered(changed, "alerting-vpc-changes-alarm", (p) => ({ ...p, actionsEnabled: false }));
        changed = tampered(changed, "alerting-root-account-usage-filter", () => undefined);
        changed = tampered(changed, "guardrail-scp", (p) => ({ ...p, content: `${p.content}${" ".repeat(5120)}` }));
        const found = mandatory(await judge(pack, changed));
        assert.deepEqual(found.map((d) => `${d.policy} @ ${d.urn.split("::").pop() || "(stack)"}`).sort(), [
            "cis-3.1-cloudtrail-1-multi-region-trail @ organization-trail",
            "cis-3.2-cloudtrail-4-log-file-validation @ organization-trail",
            "cis-4-monitoring-alarms @ (stack)",
            "cis-4-monitoring-alarms @ (stack)",
            "cloudwatch-16-log-group-retention-365-days @ organization-log-group",
            "cloudwatch-17-alarm-actions-enabled @ alerting-vpc-changes-alarm",
            "organizations-policy-size-limit @ guardrail-scp",
        ]);
        const cis = found.filter((d) => d.policy === "cis-4-monitoring-alarms").map((d) => d.message);
        assert.ok(cis.some((m) => /CIS 4\.3: Root account usage: no metric filter/.test(m)), cis.join("\n"));
        assert.ok(cis.some((m) => /CIS 4\.14: VPC changes: metric filter alerting-vpc-changes-filter has no alarm with actions/.test(m)), cis.join("\n"));
    });

    it("stops a management stack configured without a CIS detection, unless the policy config waives it", async () => {
        const withoutRoot = analyzed("management", (await runManagement({ disabledDetections: ["root-account-usage"] })).resources);
        const found = mandatory(await judge(pack, withoutRoot));
        assert.deepEqual(found.map((d) => d.policy), ["cis-4-monitoring-alarms"]);
        assert.match(found[0].message, /CIS 4\.3: Root account usage/);

        await pack.configure({ "cis-4-monitoring-alarms": { waivedControls: { "4.3": "The SOC's own alarm watches root; see RISK-7" } } });
        try {
            assert.deepEqual(brief(await judge(pack, withoutRoot)), []);
        } finally {
            await pack.configure({});
        }
        assert.equal(mandatory(await judge(pack, withoutRoot)).length, 1, "the waiver is lifted again");
    });

    describe("a waiver config", () => {
        const POLICY = "cis-4-monitoring-alarms";
        let withoutRoot: AnalyzedResource[];
        let cliAccepts: (settings: Record<string, unknown>) => boolean;

        before(async () => {
            withoutRoot = analyzed("management", (await runManagement({ disabledDetections: ["root-account-usage"] })).resources);
            // The Pulumi CLI validates each policy's settings against the schema the pack serves, wrapped as pkg/resource/analyzer
            // does it (an object of these properties, enforcementLevel added), with a JSON Schema validator; zod's stands in for gojsonschema.
            const served = (await pack.info()).policies.find((p) => p.name === POLICY)!.configSchema!;
            const schema = z.fromJSONSchema({
                type: "object",
                properties: { ...served.properties, enforcementLevel: { type: "string", enum: ["advisory", "mandatory", "remediate", "disabled"] } },
                ...(served.required.length > 0 ? { required: served.required } : {}),
            } as Parameters<typeof z.fromJSONSchema>[0]);
            cliAccepts = (settings) => schema.safeParse(settings).success;
        });
        afterEach(() => pack.configure({}));

        /** Whether the running pack judges the stack with `settings` (true) or fails the preview (false), and why. */
        async function packAccepts(settings: Record<string, unknown>): Promise<[boolean, string]> {
            await pack.configure({ [POLICY]: settings });
            try {
                await pack.analyzeStack(withoutRoot);
                return [true, ""];
            } catch (error) {
                return [false, (error as Error).message];
            }
        }
        const planAccepts = (settings: Record<string, unknown>) => {
            try {
                parsePolicyPackConfig({ [POLICY]: settings }, "waivers.json");
                return true;
            } catch {
                return false;
            }
        };

        it("is refused alike by the CLI's schema check, the running pack and the offline plan: no reason, a control the rule lacks, the old list", async () => {
            const cases: [unknown, boolean][] = [
                [{ "4.3": "The SOC's own alarm watches root; see RISK-7" }, true],
                [{}, true],
                [{ "4.3": "" }, false],
                [{ "4.3": " \t " }, false],
                [{ "4.3": null }, false],
                [{ "4.3": 7 }, false],
                [{ "4.16": "no such control" }, false],
                [["4.3"], false],
                ["4.3", false],
            ];
            for (const [waivedControls, accepted] of cases) {
                const settings = { waivedControls };
                const [pack, why] = await packAccepts(settings);
                assert.deepEqual({ cli: cliAccepts(settings), pack, plan: planAccepts(settings) }, { cli: accepted, pack: accepted, plan: accepted }, JSON.stringify(settings));
                if (!accepted) assert.match(why, new RegExp(`Error validating resource with policy '${POLICY}'[^]*policy config of ${POLICY}: waivedControls`), why);
            }
        });

        it("fails the preview, naming the policy and the control, when the CLI's check is bypassed", async () => {
            const [accepted, why] = await packAccepts({ waivedControls: { "4.3": "  " } });
            assert.equal(accepted, false);
            assert.match(why, /Error validating resource with policy 'cis-4-monitoring-alarms' from policy pack 'org-cloudtrail-guardrails@v[\d.]+':\nError: policy config of cis-4-monitoring-alarms: waivedControls\["4\.3"\] = " {2}": a waiver of CIS 4\.3 Root account usage needs its reason/);
        });

        it("refuses a misspelled setting in the pack and the plan, which the CLI's schema check lets through", async () => {
            const settings = { waivedControl: { "4.3": "why" } };
            assert.equal(cliAccepts(settings), true, "the CLI validates only the properties a schema names");
            assert.deepEqual([(await packAccepts(settings))[0], planAccepts(settings)], [false, false]);
        });
    });
});
