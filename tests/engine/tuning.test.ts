// The organization's automation principals and per-detection thresholds, as
// the engine applies them (issue 17, "Tuning"): a tunable detection ignores
// the automation unless tuned `ignoreAutomation: false`, a detection not
// marked tunable never does, and a tuned threshold replaces the catalog's
// count in one log file. The config's refusals are in tests/auditBadInput.test.ts.
import { strict as assert } from "assert";
import { CATALOG } from "../../detections/catalog";
import { howToTune, readmeDetectionTable } from "../../detections/docs";
import { compileDetections, ignoredPrincipals } from "../../engine/detections";
import { createEngine, evaluateFile } from "../../engine/engine";
import type { EngineSettings } from "../../engine/settings";
import { checkSettings } from "../../engine/settingsFile";
import { apiCall, assumedRole } from "../detections/ownEvents";
import { runAudit } from "../helpers/audit";
import { failedConsoleSignIn, SETTINGS } from "./fixtures";

const CI_ROLE = "arn:aws:iam::111122223333:role/TerraformApply";
const CI = () => assumedRole("TerraformApply", "terraform-run-4711");
const HUMAN = () => assumedRole("Developer", "sam.lee");

const settings = (over: Partial<EngineSettings>): EngineSettings => ({ ...SETTINGS, ...over });
const findingIds = (s: EngineSettings, records: unknown[]) => evaluateFile(createEngine(s), records).map((f) => f.detectionId);

/** iam-policy-changes (tunable) alone fires on it. */
const putRolePolicy = (identity = CI()) =>
    apiCall({
        source: "iam.amazonaws.com",
        name: "PutRolePolicy",
        identity,
        request: { roleName: "app-lambda", policyName: "read-orders", policyDocument: '{"Version":"2012-10-17","Statement":[]}' },
    });

/** iam-user-created (not tunable) alone fires on it. */
const createUser = (identity = CI()) =>
    apiCall({
        source: "iam.amazonaws.com",
        name: "CreateUser",
        identity,
        request: { userName: "backdoor" },
        response: { user: { path: "/", userName: "backdoor", userId: "AIDAQXAMPLEUSER00001", arn: "arn:aws:iam::111122223333:user/backdoor", createDate: "Mar 4, 2025 9:12:45 AM" } },
    });

/** A failed console sign-in (console-signin-failures counts 3 in a file by default). */
const failedSignIn = (user: string) => failedConsoleSignIn(user, "2025-03-04T09:12:45Z", { account: "111122223333", eventID: `fail-${user}` });

describe("engine tuning: automation principals", () => {
    it("without automationPrincipals (settings written before the key) nothing is ignored", () => {
        assert.deepEqual(findingIds(SETTINGS, [putRolePolicy()]), ["iam-policy-changes"]);
        assert.deepEqual(findingIds(settings({ automationPrincipals: [] }), [putRolePolicy()]), ["iam-policy-changes"]);
    });

    it("a tunable detection ignores the automation, by the session issuer's ARN or by a pattern, and still sees everyone else", () => {
        for (const automation of [[CI_ROLE], ["arn:aws:sts::111122223333:assumed-role/TerraformApply/*"]]) {
            const s = settings({ automationPrincipals: automation });
            assert.deepEqual(findingIds(s, [putRolePolicy()]), [], automation[0]);
            assert.deepEqual(findingIds(s, [putRolePolicy(HUMAN())]), ["iam-policy-changes"], "a human's change still fires");
        }
    });

    it("never lets the automation hand out access unseen: these detections are not tunable (found by a review)", () => {
        // A stolen CI role is the attacker: minting another user's keys or console, opening a function to the world
        // and replacing user data must page whoever does it.
        // Likewise GuardDuty told to archive findings or trust an address: the attack itself, whoever runs it.
        for (const id of [
            "iam-access-key-created-for-another-user",
            "iam-console-password-set-for-another-user",
            "lambda-function-made-public",
            "ec2-user-data-replaced",
            "guardduty-findings-suppressed",
        ]) {
            assert.equal(CATALOG.find((d) => d.id === id)?.tunable, undefined, id);
        }
    });

    it("a detection not marked tunable never ignores the automation", () => {
        assert.equal(CATALOG.find((d) => d.id === "iam-user-created")?.tunable, undefined);
        assert.deepEqual(findingIds(settings({ automationPrincipals: [CI_ROLE] }), [createUser()]), ["iam-user-created"]);
    });

    it("ignoreAutomation: false makes one tunable detection see the automation again, and only that one", () => {
        const s = settings({ automationPrincipals: [CI_ROLE], tuning: { "iam-policy-changes": { ignoreAutomation: false } } });
        assert.deepEqual(findingIds(s, [putRolePolicy()]), ["iam-policy-changes"]);
        const sg = apiCall({
            source: "ec2.amazonaws.com",
            name: "AuthorizeSecurityGroupIngress",
            identity: CI(),
            request: { groupId: "sg-0a1b2c3d4e5f67890", ipPermissions: { items: [{ ipProtocol: "tcp", fromPort: 443, toPort: 443, ipRanges: { items: [{ cidrIp: "10.0.0.0/8" }] } }] } },
            response: { _return: true },
        });
        assert.deepEqual(findingIds(s, [sg]), [], "security-group-changes still ignores the automation");
        assert.deepEqual(findingIds(settings({ automationPrincipals: [CI_ROLE] }), [sg]), []);
        assert.deepEqual(findingIds(SETTINGS, [sg]), ["security-group-changes"]);
    });

    it("ignoreAutomation: true is the default; the tuning's own ignorePrincipals still apply with ignoreAutomation: false", () => {
        const on = settings({ automationPrincipals: [CI_ROLE], tuning: { "iam-policy-changes": { ignoreAutomation: true } } });
        assert.deepEqual(findingIds(on, [putRolePolicy()]), []);
        const own = settings({ automationPrincipals: [CI_ROLE], tuning: { "iam-policy-changes": { ignoreAutomation: false, ignorePrincipals: [CI_ROLE] } } });
        assert.deepEqual(findingIds(own, [putRolePolicy()]), []);
    });

    it("ignoredPrincipals: the tuning's, then the automation's for a tunable detection only", () => {
        assert.deepEqual(ignoredPrincipals({ tunable: true }, { ignorePrincipals: ["a"] }, ["b"]), ["a", "b"]);
        assert.deepEqual(ignoredPrincipals({ tunable: true }, { ignoreAutomation: false }, ["b"]), []);
        assert.deepEqual(ignoredPrincipals({}, {}, ["b"]), []);
    });

    it("the settings file carries automationPrincipals, ignoreAutomation and threshold, and refuses a threshold below 1", () => {
        const s = settings({ automationPrincipals: [CI_ROLE], tuning: { "console-signin-failures": { threshold: 5 }, "iam-policy-changes": { ignoreAutomation: false } } });
        assert.deepEqual(checkSettings(JSON.parse(JSON.stringify(s))), s);
        assert.throws(() => checkSettings({ ...s, tuning: { "console-signin-failures": { threshold: 0 } } }), /tuning\.console-signin-failures\.threshold = 0/);
        assert.throws(() => checkSettings({ ...s, automationPrincipals: "arn:aws:iam::111122223333:role/ci" }), /automationPrincipals = "arn/);
    });
});

describe("audit stack config to engine", () => {
    it("hands automationPrincipals, ignoreAutomation and threshold to the engine, which applies them", async () => {
        const tuning = { "console-signin-failures": { threshold: 5 }, "s3-bucket-policy-changes": { ignoreAutomation: false } };
        const planned = await runAudit({ automationPrincipals: [CI_ROLE], detectionTuning: tuning });
        const deployed = checkSettings(JSON.parse(JSON.stringify(planned.outputs.engineSettings)));
        assert.deepEqual(deployed.automationPrincipals, [CI_ROLE]);
        assert.deepEqual(deployed.tuning, tuning);
        assert.deepEqual(findingIds(deployed, [putRolePolicy()]), [], "the CI role's policy change is the automation's");
        assert.deepEqual(findingIds(deployed, [putRolePolicy(HUMAN())]), ["iam-policy-changes"]);
        const defaults = await runAudit({});
        assert.deepEqual((defaults.outputs.engineSettings as EngineSettings).automationPrincipals, []);
    });
});

describe("engine settings file: what the deployed engine reads", () => {
    it("compiles exactly the detections the in-memory settings compile (the audit-engine-* ones included)", () => {
        // settings.json goes through checkSettings; a key its schema does not list was silently dropped.
        const read = checkSettings(JSON.parse(JSON.stringify(SETTINGS)));
        assert.deepEqual(read, SETTINGS);
        assert.deepEqual(compileDetections(read).map((d) => d.id), compileDetections(SETTINGS).map((d) => d.id));
        assert.ok(compileDetections(read).some((d) => d.id === "audit-engine-changed"));
    });
});

describe("engine tuning: threshold", () => {
    const signIns = (n: number) => Array.from({ length: n }, (_, i) => failedSignIn(`user${i}`));

    it("the catalog's count holds by default: 3 failed sign-ins in one file fire, 2 do not", () => {
        assert.equal(compileDetections(SETTINGS).find((d) => d.id === "console-signin-failures")?.threshold, 3);
        assert.ok(findingIds(SETTINGS, signIns(3)).includes("console-signin-failures"));
        assert.ok(!findingIds(SETTINGS, signIns(2)).includes("console-signin-failures"));
    });

    it("a tuned threshold replaces the count, higher or lower, for that detection only", () => {
        const higher = settings({ tuning: { "console-signin-failures": { threshold: 5 } } });
        assert.ok(!findingIds(higher, signIns(4)).includes("console-signin-failures"));
        assert.ok(findingIds(higher, signIns(5)).includes("console-signin-failures"));
        const lower = settings({ tuning: { "console-signin-failures": { threshold: 1 } } });
        assert.ok(findingIds(lower, signIns(1)).includes("console-signin-failures"));
        const others = compileDetections(higher).filter((d) => d.id !== "console-signin-failures");
        assert.deepEqual(
            others.map((d) => d.threshold),
            compileDetections(SETTINGS).filter((d) => d.id !== "console-signin-failures").map((d) => d.threshold),
        );
    });
});

describe("the detection table: technique, default severity, how to tune", () => {
    it("says how each detection is tuned, from the catalog", () => {
        assert.equal(howToTune({ threshold: 1 }), "—");
        assert.match(howToTune({ tunable: true, threshold: 1 }), /ignores `automationPrincipals`/);
        assert.match(howToTune({ threshold: 3 }), /`threshold` \(engine: 3 in one log file by default\), `windowMinutes` to count across files/);
        assert.match(howToTune({ threshold: 1, countPer: "principal" }), /`windowMinutes`/, "where config/audit.ts allows it");
        const table = readmeDetectionTable();
        for (const d of CATALOG) {
            const row = table.split("\n").find((line) => line.startsWith(`| \`${d.id}\` |`));
            assert.ok(row, d.id);
            assert.ok(row.includes(`| ${d.severity} |`), `${d.id}: severity`);
            assert.ok(row.endsWith(`| ${howToTune(d)} |`), `${d.id}: how to tune`);
            if (d.technique) assert.ok(row.includes(d.technique.replace(/\|/g, "\\|")), `${d.id}: technique`);
        }
    });

    it("marks a first set of routine-for-automation detections tunable, and none of the critical ones", () => {
        const tunable = CATALOG.filter((d) => d.tunable).map((d) => d.id);
        for (const id of ["iam-policy-changes", "s3-bucket-policy-changes", "security-group-changes"]) assert.ok(tunable.includes(id), id);
        // The automation's credentials are what an attacker borrows: what can blind the trail or the pager stays untunable.
        assert.deepEqual(CATALOG.filter((d) => d.tunable && (d.severity === "critical" || d.ownResources)).map((d) => d.id), []);
    });
});
