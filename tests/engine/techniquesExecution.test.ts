// The execution detections written as code (detections/techniques/execution.ts),
// proven through the engine on every labelled event of the repository: each
// fires on exactly the own and corpus events EXECUTION_CODE_LABELS lists, with
// the patching role as the settings' automationPrincipals, and on nothing else
// (the corpus, the baseline, tamper, audit-engine and technique events).
import { strict as assert } from "assert";
import { fires } from "../../engine/detections";
import { createEngine, evaluateFile } from "../../engine/engine";
import type { EngineSettings } from "../../engine/settings";
import { instanceFamily, launchedInstanceTypes } from "../../detections/techniques/execution";
import { AUTOMATION_ROLE, BEDROCK_ACCOUNT, EXECUTION_CODE_LABELS, EXECUTION_EVENTS, USED_FAMILIES } from "../detections/techniques/executionEvents";
import { checkSettings } from "../../engine/settingsFile";
import { runAudit } from "../helpers/audit";
import { SETTINGS } from "./fixtures";
import { itProvesCodeDetections } from "../helpers/codeLabels";

const WITH_AUTOMATION: EngineSettings = { ...SETTINGS, automationPrincipals: [AUTOMATION_ROLE], usedInstanceFamilies: USED_FAMILIES, bedrockAccounts: [BEDROCK_ACCOUNT] };
const engine = createEngine(WITH_AUTOMATION);
const ctx = { settings: WITH_AUTOMATION, accounts: new Map<string, string>() };
const IDS = Object.keys(EXECUTION_CODE_LABELS);
const detection = (id: string, e = engine) => e.detections.find((d) => d.id === id)!;
const own = (key: string) => EXECUTION_EVENTS.find((e) => e.key === key)!.event;

describe("engine: execution detections written as code", () => {
    itProvesCodeDetections(EXECUTION_CODE_LABELS, (id) => detection(id), ctx);

    it("ssm-command-or-session-started: the automation is quiet only because the tuning names it", () => {
        const patchRun = own("ssm SendCommand AWS-RunPatchBaseline by the patching automation");
        assert.equal(fires(detection("ssm-command-or-session-started"), patchRun, ctx), false);
        // Without automationPrincipals, or with ignoreAutomation: false, the same call fires.
        const bare = createEngine(SETTINGS);
        assert.equal(fires(detection("ssm-command-or-session-started", bare), patchRun, { settings: SETTINGS, accounts: new Map() }), true);
        const untuned: EngineSettings = { ...WITH_AUTOMATION, tuning: { "ssm-command-or-session-started": { ignoreAutomation: false } } };
        assert.equal(fires(detection("ssm-command-or-session-started", createEngine(untuned)), patchRun, { settings: untuned, accounts: new Map() }), true);
    });

    it("ssm-command-or-session-started: a denied attempt and an AWS service's own call are quiet", () => {
        const d = detection("ssm-command-or-session-started");
        assert.equal(fires(d, own("ssm StartSession denied"), ctx), false);
        const byService = { ...own("ssm SendCommand AWS-RunShellScript by an admin"), userIdentity: { type: "AWSService", invokedBy: "ssm.amazonaws.com" } };
        assert.equal(fires(d, byService, ctx), false);
    });

    it("instance-family-not-used-launched: off without usedInstanceFamilies, as in settings written before the key", () => {
        const gpu = own("ec2 RunInstances p3.2xlarge dry run");
        for (const settings of [SETTINGS, { ...SETTINGS, usedInstanceFamilies: [] }]) {
            assert.equal(fires(detection("instance-family-not-used-launched", createEngine(settings)), gpu, { settings, accounts: new Map() }), false);
        }
        // A family listed in another case is still the same family.
        const upper = { ...WITH_AUTOMATION, usedInstanceFamilies: [...USED_FAMILIES, "P3"] };
        assert.equal(fires(detection("instance-family-not-used-launched", createEngine(upper)), gpu, { settings: upper, accounts: new Map() }), false);
    });

    it("instance-family-not-used-launched reads the type from the request, its { value } form and the response", () => {
        assert.equal(instanceFamily("p4d.24xlarge"), "p4d");
        assert.equal(instanceFamily("mac2-m2pro.metal"), "mac2-m2pro");
        assert.deepEqual(launchedInstanceTypes({ requestParameters: { instanceType: { value: "p2.xlarge" } } }), ["p2.xlarge"]);
        assert.deepEqual(launchedInstanceTypes(own("ec2 RunInstances from a launch template of c7i.large")), ["c7i.large"]);
        assert.deepEqual(launchedInstanceTypes({ requestParameters: { launchTemplate: { launchTemplateId: "lt-1" } }, responseElements: null }), []);
    });

    it("model-invoked-outside-bedrock-accounts: with no Bedrock account listed, every invocation alerts", () => {
        const inBedrockAccount = own("bedrock ConverseStream by the chat assistant in a Bedrock account");
        assert.equal(fires(detection("model-invoked-outside-bedrock-accounts"), inBedrockAccount, ctx), false);
        for (const settings of [SETTINGS, { ...SETTINGS, bedrockAccounts: [] }]) {
            assert.equal(fires(detection("model-invoked-outside-bedrock-accounts", createEngine(settings)), inBedrockAccount, { settings, accounts: new Map() }), true);
        }
        assert.equal(fires(detection("model-invoked-outside-bedrock-accounts"), own("bedrock ListFoundationModels in an account without Bedrock"), ctx), false);
    });

    it("sends alerts for a file at each detection's severity, each with its detection's deduplication key", () => {
        const firing = EXECUTION_EVENTS.filter((e) => Object.values(EXECUTION_CODE_LABELS).some((l) => l.own.includes(e.key))).map((e) => e.event);
        const findings = evaluateFile(engine, firing, new Map()).filter((f) => IDS.includes(f.detectionId));
        assert.deepEqual([...new Set(findings.map((f) => f.detectionId))].sort(), [...IDS].sort());
        for (const f of findings) assert.equal(f.severity, detection(f.detectionId).severity, f.detectionId);
        for (const f of findings) assert.match(f.dedupKey, new RegExp(`^org-cloudtrail/${f.detectionId}/`));
    });
});

describe("audit stack config to engine: usedInstanceFamilies and bedrockAccounts", () => {
    it("reaches the deployed settings file, and the engine alerts on another family", async () => {
        const planned = await runAudit({ usedInstanceFamilies: ["t3", "m5"], bedrockAccounts: [BEDROCK_ACCOUNT] });
        const deployed = checkSettings(JSON.parse(JSON.stringify(planned.outputs.engineSettings)));
        assert.deepEqual(deployed.usedInstanceFamilies, ["t3", "m5"]);
        assert.deepEqual(deployed.bedrockAccounts, [BEDROCK_ACCOUNT]);
        const d = createEngine(deployed).detections.find((x) => x.id === "instance-family-not-used-launched")!;
        assert.equal(fires(d, own("ec2 RunInstances p3.2xlarge dry run"), { settings: deployed, accounts: new Map() }), true);
        assert.equal(fires(d, own("ec2 RunInstances t3a.small"), { settings: deployed, accounts: new Map() }), true, "t3a is not t3");
        const defaults = await runAudit({});
        assert.deepEqual((defaults.outputs.engineSettings as EngineSettings).usedInstanceFamilies, []);
        assert.deepEqual((defaults.outputs.engineSettings as EngineSettings).bedrockAccounts, []);
    });
});
