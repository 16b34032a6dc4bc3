// `npm run replay`: the engine's evaluation offline, with settings injected
// as the integrator wires them (the audit stack's plan) or from a file.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { alertSubject } from "../../engine/alert";
import { createEngine, evaluateFile } from "../../engine/engine";
import type { EngineSettings } from "../../engine/settings";
import { FROM_STACK_FILES, runReplay, USAGE } from "../../scripts/replay";
import { digestKey, failedConsoleSignIn, gzLog, LOG_KEY_DELETION, logKey, MGMT, PROD, ROOT_SIGN_IN, scratchDir, SETTINGS, settingsFile, TRAIL_STOPPED } from "./fixtures";

const ROOT = path.resolve(__dirname, "../..");

/** A downloaded day: CloudTrail's layout under a folder, a plain .json, a digest and a corrupt file. */
function downloadedDay(): string {
    const dir = scratchDir("replay-");
    const put = (key: string, body: Buffer | string) => {
        fs.mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
        fs.writeFileSync(path.join(dir, key), body);
    };
    put(logKey(PROD, "us-east-1"), gzLog([ROOT_SIGN_IN]));
    put(logKey(MGMT), gzLog([TRAIL_STOPPED, TRAIL_STOPPED]));
    put("extra/key-deletion.json", JSON.stringify({ Records: [LOG_KEY_DELETION] }));
    put(digestKey(PROD), zlib.gzipSync("{}"));
    put("notes.txt", "not a log");
    return dir;
}

function run(argv: string[], settings: EngineSettings = SETTINGS) {
    const out: string[] = [];
    const err: string[] = [];
    const asked: Array<[string, string]> = [];
    const cwd = argv.includes("--cwd") ? argv[argv.indexOf("--cwd") + 1] : process.cwd();
    const args = argv.filter((a, i) => a !== "--cwd" && argv[i - 1] !== "--cwd");
    const status = runReplay(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd }, {
        settingsForStack: async (stack, dir) => {
            asked.push([stack, dir]);
            return settings;
        },
    });
    return status.then((code) => ({ code, lines: out.map((l) => JSON.parse(l)), err, asked }));
}

describe("npm run replay", () => {
    it("prints one JSON line per alert the handler would send, with the audit stack's settings by default", async () => {
        const dir = downloadedDay();
        const { code, lines, err, asked } = await run([".", "--cwd", dir]);
        assert.equal(code, 0, err.join("\n"));
        assert.deepEqual(asked, [["audit", dir]]);
        assert.deepEqual(
            lines.map((l) => [l.file, l.id, l.severity, l.count]),
            [
                [logKey(MGMT), "cloudtrail-config-changes", "critical", 2],
                [logKey(MGMT), "audit-trail-changed", "critical", 2],
                [logKey(PROD, "us-east-1"), "root-account-usage", "critical", 1],
                [logKey(PROD, "us-east-1"), "console-signin-outside-trusted-networks", "high", 1],
                [path.join("extra", "key-deletion.json"), "kms-key-disabled-or-deleted", "critical", 1],
                [path.join("extra", "key-deletion.json"), "audit-keys-changed", "critical", 1],
            ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        );
        // The same evaluation as the handler's: same findings, same subjects and dedup keys.
        const expected = evaluateFile(createEngine(SETTINGS), [ROOT_SIGN_IN]);
        const root = lines.filter((l) => l.file === logKey(PROD, "us-east-1"));
        assert.deepEqual(root.map((l) => [l.dedupKey, l.subject]), expected.map((f) => [f.dedupKey, alertSubject(f)]));
        assert.deepEqual(root[0].who, { principalArn: `arn:aws:iam::${PROD}:root`, principalType: "Root", mfa: true });
        assert.deepEqual(root[0].what, { eventName: "ConsoleLogin", eventSource: "signin.amazonaws.com" });
        assert.deepEqual(root[0].where, { accountId: PROD, region: "us-east-1", sourceIp: "198.51.100.23", userAgent: ROOT_SIGN_IN.userAgent });
        assert.equal(root[0].eventId, ROOT_SIGN_IN.eventID);
        assert.ok(err.some((l) => l.startsWith("skipped") && l.includes("CloudTrail-Digest")), err.join("\n"));
        assert.equal(err[err.length - 1], "replay: 3 files, 4 events, 6 alerts");
    });

    it("applies the stack's tuning, and asks for the stack named by --stack", async () => {
        const dir = downloadedDay();
        const tuned = { ...SETTINGS, tuning: { "root-account-usage": { disabled: true }, "audit-trail-changed": { severity: "low" as const } } };
        const { lines, asked } = await run([".", "--stack", "audit-staging", "--cwd", dir], tuned);
        assert.deepEqual(asked, [["audit-staging", dir]]);
        assert.ok(!lines.some((l) => l.id === "root-account-usage"));
        assert.equal(lines.find((l) => l.id === "audit-trail-changed").severity, "low");
    });

    it("reads --settings from a file instead, and names a bad field", async () => {
        const dir = downloadedDay();
        const file = settingsFile({ ...SETTINGS, tuning: { "root-account-usage": { disabled: true } } });
        const { code, lines, asked } = await run([logKey(PROD, "us-east-1"), "--settings", file, "--cwd", dir]);
        assert.equal(code, 0);
        assert.deepEqual(asked, []);
        assert.deepEqual(lines.map((l) => l.id), ["console-signin-outside-trusted-networks"]);
        const bad = await run([".", "--settings", settingsFile({ ...SETTINGS, maxReceiveCount: "five" }), "--cwd", dir]);
        assert.equal(bad.code, 2);
        assert.match(bad.err.join("\n"), /maxReceiveCount = "five"/);
    });

    it("reports a file it cannot read, goes on with the others, and exits 1", async () => {
        const dir = downloadedDay();
        fs.writeFileSync(path.join(dir, "broken.json.gz"), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]));
        const { code, lines, err } = await run([".", "--cwd", dir]);
        assert.equal(code, 1);
        assert.equal(lines.length, 6);
        assert.ok(err.some((l) => l.includes("broken.json.gz: the log file is not valid gzip")), err.join("\n"));
    });

    it("prints its usage without files", async () => {
        assert.equal((await run([])).code, 2);
        assert.deepEqual((await run([])).err, [USAGE]);
    });

    it("takes the settings the audit stack file would deploy: its offline plan's engineSettings, tuning included", async () => {
        const settings = await FROM_STACK_FILES.settingsForStack("audit", ROOT);
        // Pulumi.audit.yaml's tuning and detection parameters, and the example log-archive stack's bucket.
        assert.deepEqual(settings.tuning["security-group-changes"], { disabled: true });
        assert.equal(settings.tuning["console-signin-failures"].severity, "low");
        assert.deepEqual(settings.detectionParameters.trustedCidrs, ["203.0.113.0/24"]);
        assert.equal(settings.auditAccountId, "333333333333");
        assert.match(settings.organizationLogPrefix, /AWSLogs\/o-[a-z0-9]+\/$/);
        // What the replay then does with them: the disabled detection is not evaluated.
        const engine = createEngine(settings);
        assert.ok(!engine.detections.some((d) => d.id === "security-group-changes"));
        assert.ok(engine.detections.some((d) => d.id === "root-account-usage"));
    });

    it("names the stack file it could not find", async () => {
        const err: string[] = [];
        const code = await runReplay(["x.json", "--stack", "audti"], { stdout: () => undefined, stderr: (l) => err.push(l), cwd: ROOT }, FROM_STACK_FILES);
        assert.equal(code, 2);
        assert.match(err.join("\n"), /Pulumi\.audti\.yaml, which does not exist; stacks here: .*audit/);
    });

    it("runs as npm run replay", function () {
        this.timeout(60000);
        const dir = downloadedDay();
        const result = spawnSync("npm", ["run", "-s", "replay", "--", path.join(dir, logKey(PROD, "us-east-1")), "--settings", settingsFile()], { cwd: ROOT, encoding: "utf8" });
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(
            result.stdout.trim().split("\n").map((l) => JSON.parse(l).id),
            ["root-account-usage", "console-signin-outside-trusted-networks"],
        );
    });
});

describe("npm run replay: a detection tuned with windowMinutes counts across the files given (issue 17)", () => {
    /** An IAM user's failed console sign-in as CloudTrail records it (CloudTrail User Guide, "AWS Management Console sign-in events"). */
    const failed = (user: string, eventTime: string) => failedConsoleSignIn(user, eventTime, { eventID: `fail-${user}` });
    const threeFiles = () => {
        const dir = scratchDir("replay-window-");
        for (const [stamp, user, t] of [["20261127T1205Z", "alice", "12:01:10"], ["20261127T1210Z", "bob", "12:06:10"], ["20261127T1215Z", "carol", "12:11:10"]]) {
            const key = logKey(PROD, "us-east-1", stamp, user);
            fs.mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
            fs.writeFileSync(path.join(dir, key), gzLog([failed(user, `2026-11-27T${t}Z`)]));
        }
        return dir;
    };
    const ID = "console-signin-failures";

    it("three files with one failure each page once, on the third, with the window's total; per file they stay quiet", async () => {
        const dir = threeFiles();
        const windowed: EngineSettings = { ...SETTINGS, tuning: { [ID]: { windowMinutes: 15 } }, detectionCountsTable: "org-cloudtrail-detection-counts" };
        const { code, lines, err } = await run([".", "--cwd", dir], windowed);
        assert.equal(code, 0, err.join("\n"));
        const pages = lines.filter((l) => l.id === ID);
        assert.equal(pages.length, 1, JSON.stringify(pages));
        assert.equal(pages[0].file, logKey(PROD, "us-east-1", "20261127T1215Z", "carol"));
        assert.deepEqual(pages[0].window, { minutes: 15, start: "2026-11-27T12:00:00.000Z", total: 3 });
        const perFile = await run([".", "--cwd", dir], SETTINGS);
        assert.deepEqual(perFile.lines.filter((l) => l.id === ID), []);
    });
});
