// Compiling the catalog with tuning, evaluating a file's records into
// findings (grouping, dedup keys, thresholds), what a record says (who, MFA),
// and the alert's subject and body rules.
import { strict as assert } from "assert";
import type { Detection } from "../../detections/catalog";
import { alertBody, alertSubject, asciiLine, consoleLink, findingPublish, MAX_SUBJECT } from "../../engine/alert";
import { compileDetections, principalPattern } from "../../engine/detections";
import { createEngine, evaluateFile } from "../../engine/engine";
import { evaluateRecords, Finding } from "../../engine/evaluate";
import { CloudTrailRecord, factsOf, mfaOf, principalKey, UserIdentity } from "../../engine/record";
import type { EngineSettings } from "../../engine/settings";
import { failedConsoleSignIn, MGMT, PROD, ROOT_SIGN_IN, SETTINGS, TRAIL_STOPPED } from "./fixtures";

const tuned = (tuning: EngineSettings["tuning"]): EngineSettings => ({ ...SETTINGS, tuning });
const ids = (s: EngineSettings) => compileDetections(s).map((d) => d.id);
const findingIds = (s: EngineSettings, records: unknown[]) => evaluateFile(createEngine(s), records).map((f) => f.detectionId);

function session(role: string, name: string, account = PROD, mfa = "false") {
    return {
        type: "AssumedRole",
        principalId: `AROAEXAMPLE:${name}`,
        arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
        accountId: account,
        accessKeyId: "ASIAEXAMPLE",
        sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::${account}:role/${role}`, userName: role }, attributes: { mfaAuthenticated: mfa } },
    };
}

function call(name: string, identity: UserIdentity, extra: Record<string, unknown> = {}): CloudTrailRecord {
    return {
        eventVersion: "1.10",
        userIdentity: identity,
        eventTime: "2026-11-27T12:00:00Z",
        eventSource: "iam.amazonaws.com",
        eventName: name,
        awsRegion: "us-east-1",
        sourceIPAddress: "198.51.100.9",
        userAgent: "aws-cli/2",
        requestParameters: { userName: "backdoor" },
        responseElements: null,
        eventID: `id-${name}-${Math.random()}`,
        eventType: "AwsApiCall",
        recipientAccountId: PROD,
        ...extra,
    };
}

const CREATE_USER = (identity: UserIdentity, extra: Record<string, unknown> = {}) => call("CreateUser", identity, { responseElements: { user: { userName: "backdoor" } }, ...extra });

const failedSignIn = (user: string, time: string) => failedConsoleSignIn(user, time);

describe("engine detections: tuning", () => {
    it("drops a disabled detection, and only it", () => {
        const all = ids(SETTINGS);
        assert.deepEqual(ids(tuned({ "iam-user-created": { disabled: true } })), all.filter((id) => id !== "iam-user-created"));
        assert.deepEqual(ids(tuned({ "iam-user-created": { disabled: false } })), all);
    });

    it("overrides the catalog's severity", () => {
        const [f] = evaluateFile(createEngine(tuned({ "iam-user-created": { severity: "critical" } })), [CREATE_USER(session("Dev", "sam"))]);
        assert.equal(f.severity, "critical");
        assert.equal(evaluateFile(createEngine(SETTINGS), [CREATE_USER(session("Dev", "sam"))])[0].severity, "medium");
    });

    it("ignores principals by exact ARN, by * pattern, and by the session issuer's ARN", () => {
        const event = CREATE_USER(session("TerraformApply", "run-4711"));
        assert.deepEqual(findingIds(SETTINGS, [event]), ["iam-user-created"]);
        const quiet = (patterns: string[]) => findingIds(tuned({ "iam-user-created": { ignorePrincipals: patterns } }), [event]);
        assert.deepEqual(quiet([`arn:aws:sts::${PROD}:assumed-role/TerraformApply/run-4711`]), []);
        assert.deepEqual(quiet([`arn:aws:sts::*:assumed-role/TerraformApply/*`]), []);
        assert.deepEqual(quiet([`arn:aws:iam::${PROD}:role/TerraformApply`]), [], "the session issuer");
        assert.deepEqual(quiet([`arn:aws:iam::${PROD}:role/Terraform`]), ["iam-user-created"], "exact means exact");
        assert.deepEqual(quiet([`arn:aws:sts::${PROD}:assumed-role/TerraformApply`]), ["iam-user-created"], "anchored at the end");
        assert.deepEqual(quiet(["*:role/Other*"]), ["iam-user-created"]);
        // Tuning one detection leaves the others alone.
        assert.deepEqual(findingIds(tuned({ "iam-policy-changes": { ignorePrincipals: ["*"] } }), [event]), ["iam-user-created"]);
        assert.equal(principalPattern("a.b*").test("aXb"), false, "a dot is a dot");
    });

    it("refuses tuning for a detection the catalog does not have", () => {
        assert.throws(() => compileDetections(tuned({ "iam-user-creatd": { disabled: true } })), /iam-user-creatd/);
    });

    it("skips a detection its parameters make inapplicable, as the metric filters do", () => {
        const none = { ...SETTINGS, detectionParameters: { ...SETTINGS.detectionParameters, trustedCidrs: [] } };
        assert.ok(!ids(none).includes("console-signin-outside-trusted-networks"));
        assert.ok(ids(SETTINGS).includes("console-signin-outside-trusted-networks"));
    });

    it("evaluates a detection written as code with what the engine knows (the organization's accounts)", () => {
        const outsider: Detection = {
            id: "call-from-outside-the-organization",
            severity: "high",
            title: "A call came from an account outside the organization",
            catches: "Calls whose caller's account is not one of the organization's",
            why: "Cross-account access from strangers.",
            firstCheck: "Which account.",
            predicate: (r, ctx) => ctx.accounts.size > 0 && !ctx.accounts.has(String(r.userIdentity?.accountId)),
            threshold: 1,
            periodSeconds: 300,
        };
        const both: Detection = { ...outsider, id: "outsider-creating-users", pattern: '{ $.eventName = "CreateUser" }' };
        const [compiled, compiledBoth] = compileDetections(SETTINGS, [outsider, both]);
        assert.equal(compiled.pattern, undefined);
        const ctx = { settings: SETTINGS, accounts: new Map([[PROD, "Prod"]]) };
        const stranger = call("ListUsers", session("Vendor", "x", "999999999999"));
        const run = (records: unknown[]) => evaluateRecords(records, [compiled, compiledBoth], ctx).map((f) => f.detectionId);
        assert.deepEqual(run([stranger]), ["call-from-outside-the-organization"]);
        assert.deepEqual(run([CREATE_USER(session("Vendor", "x", "999999999999"))]), ["call-from-outside-the-organization", "outsider-creating-users"]);
        assert.deepEqual(run([CREATE_USER(session("Dev", "sam"))]), [], "pattern alone is not enough when there is a predicate");
        assert.throws(() => compileDetections(SETTINGS, [{ ...outsider, predicate: undefined }]), /neither a pattern nor a predicate/);
    });
});

describe("engine evaluation: one alert per detection, account and principal in a file", () => {
    it("folds repeats into one finding with a count and the earliest event", () => {
        const who = session("Dev", "sam");
        const later = CREATE_USER(who, { eventTime: "2026-11-27T12:04:00Z", eventID: "b" });
        const earlier = CREATE_USER(who, { eventTime: "2026-11-27T12:01:00Z", eventID: "a" });
        const other = CREATE_USER(session("Dev", "kim"), { eventID: "c" });
        const findings = evaluateFile(createEngine(SETTINGS), [later, earlier, CREATE_USER(who, { eventTime: "2026-11-27T12:02:00Z", eventID: "d" }), other]);
        assert.deepEqual(
            findings.map((f) => [f.dedupKey, f.count, f.facts.eventId, f.eventIds]),
            [
                [`org-cloudtrail/iam-user-created/${PROD}/arn:aws:sts::${PROD}:assumed-role/Dev/sam`, 3, "a", ["b", "a", "d"]],
                [`org-cloudtrail/iam-user-created/${PROD}/arn:aws:sts::${PROD}:assumed-role/Dev/kim`, 1, "c", ["c"]],
            ],
        );
        assert.equal(findings[0].first, earlier);
    });

    it("another account is another alert", () => {
        const findings = evaluateFile(createEngine(SETTINGS), [CREATE_USER(session("Dev", "sam")), CREATE_USER(session("Dev", "sam"), { recipientAccountId: MGMT })]);
        assert.deepEqual(findings.map((f) => f.accountId), [PROD, MGMT]);
    });

    it("honours the alarm's threshold per file: three failed sign-ins alert, two do not", () => {
        const engine = createEngine(SETTINGS);
        const two = [failedSignIn("alice", "2026-11-27T12:00:01Z"), failedSignIn("bob", "2026-11-27T12:00:02Z")];
        assert.deepEqual(evaluateFile(engine, two).map((f) => f.detectionId), []);
        const three = [...two, failedSignIn("alice", "2026-11-27T12:00:03Z")];
        const findings = evaluateFile(engine, three).filter((f) => f.detectionId === "console-signin-failures");
        assert.deepEqual(findings.map((f) => [f.principal, f.count]), [["alice", 2], ["bob", 1]]);
    });

    it("honours unauthorized-api-calls' threshold of five", () => {
        const engine = createEngine(SETTINGS);
        const denied = (i: number) => call("ListUsers", session("Dev", "sam"), { errorCode: "AccessDenied", errorMessage: "no", eventID: `d${i}` });
        assert.deepEqual(evaluateFile(engine, [0, 1, 2, 3].map(denied)), []);
        const [f] = evaluateFile(engine, [0, 1, 2, 3, 4].map(denied));
        assert.equal(f.detectionId, "unauthorized-api-calls");
        assert.equal(f.count, 5);
        assert.ok(alertSubject({ ...f, accountName: "Prod" }).includes("tried ListUsers 5x (AccessDenied) in Prod"), alertSubject(f));
    });

    it("skips what is not a record", () => {
        assert.deepEqual(evaluateFile(createEngine(SETTINGS), [null, 1, "x", [], ROOT_SIGN_IN]).map((f) => f.detectionId), [
            "root-account-usage",
            "console-signin-outside-trusted-networks",
        ]);
    });
});

describe("engine records: who, MFA, where", () => {
    it("reads MFA from MFAUsed for console sign-ins and from the session otherwise", () => {
        assert.equal(mfaOf(ROOT_SIGN_IN), true);
        assert.equal(mfaOf({ ...ROOT_SIGN_IN, additionalEventData: { MFAUsed: "No" } }), false);
        assert.equal(mfaOf(TRAIL_STOPPED), true);
        assert.equal(mfaOf(call("CreateUser", session("Dev", "sam", PROD, "false"))), false);
        assert.equal(mfaOf(call("CreateUser", { type: "IAMUser", arn: "arn:aws:iam::1:user/x" })), undefined);
        // A role's console sign-in (switching from a session) records both: the sign-in's own MFAUsed wins.
        const roleSignIn = { ...call("ConsoleLogin", session("Admin", "jane", PROD, "false")), additionalEventData: { MFAUsed: "Yes" } };
        assert.equal(mfaOf(roleSignIn), true);
        assert.equal(mfaOf({ ...roleSignIn, eventName: "CreateUser" }), false, "elsewhere the session's flag");
    });

    it("names a service's action by the service, and the account by recipientAccountId", () => {
        const byService = call("CreateUser", { type: "AWSService", invokedBy: "cloudformation.amazonaws.com" });
        assert.equal(principalKey(byService), "cloudformation.amazonaws.com");
        assert.equal(factsOf(byService).principalArn, "cloudformation.amazonaws.com");
        assert.equal(factsOf({ ...byService, recipientAccountId: undefined, userIdentity: { accountId: MGMT } }).accountId, MGMT);
        assert.equal(principalKey({}), "unknown");
    });
});

describe("engine alerts: subject and body", () => {
    const finding = (): Finding => evaluateFile(createEngine(SETTINGS), [TRAIL_STOPPED], new Map([[MGMT, "Management"]])).find((f) => f.detectionId === "audit-trail-changed")!;

    it("keeps the subject printable ASCII, on one line, under 100 characters, with the account's id", () => {
        const f = { ...finding(), accountName: "Zürich Prod\n— main account " + "x".repeat(200) };
        const subject = alertSubject(f);
        assert.ok(subject.length <= MAX_SUBJECT, `${subject.length}`);
        assert.match(subject, /^[\x20-\x7e]+$/);
        assert.ok(subject.endsWith(`in ${MGMT}`), subject);
        assert.equal(asciiLine("Zürich\tProd — x"), "Zurich Prod ? x");
        const longId = alertSubject({ ...finding(), detectionId: "d".repeat(120) });
        assert.ok(longId.length <= MAX_SUBJECT && longId.endsWith("..."), longId);
    });

    it("leaves the Athena pivot out when the archive has no Athena, and uses the partition's console", () => {
        const f = finding();
        assert.ok(alertBody(f, SETTINGS).includes("Athena (account"));
        const without = alertBody(f, { ...SETTINGS, athena: undefined });
        assert.ok(!without.includes("Athena"), without);
        assert.ok(without.includes(consoleLink("aws", "eu-west-1", TRAIL_STOPPED.eventID)));
        assert.equal(consoleLink("aws-us-gov", "us-gov-west-1", "e1"), "https://us-gov-west-1.console.amazonaws-us-gov.com/cloudtrailv2/home?region=us-gov-west-1#/events/e1");
    });

    it("cuts long request parameters and lists the other matches' event ids", () => {
        const f = { ...finding(), count: 30, eventIds: [TRAIL_STOPPED.eventID, ...Array.from({ length: 29 }, (_, i) => `e${i}`)], first: { ...TRAIL_STOPPED, requestParameters: { policy: "p".repeat(5000) } } };
        const body = alertBody(f, SETTINGS);
        const request = body.split("\n").find((l) => l.startsWith("Request:"))!;
        assert.ok(request.length < 2100 && request.endsWith("..."), `${request.length}`);
        assert.ok(body.includes("e19, and 9 more"), body);
        const p = findingPublish(f, SETTINGS);
        assert.ok(Buffer.byteLength(p.Message!) < 256 * 1024);
    });
});

describe("catalog: room for the engine", () => {
    it("gives every detection a severity and a pattern or a predicate; critical for root, tamper, trail, key and Config", () => {
        const { CATALOG } = require("../../detections/catalog") as typeof import("../../detections/catalog");
        const { SEVERITIES } = require("../../engine/settings") as typeof import("../../engine/settings");
        for (const d of CATALOG) {
            assert.ok(SEVERITIES.includes(d.severity), d.id);
            assert.ok(d.pattern !== undefined || d.predicate !== undefined, d.id);
        }
        const critical = CATALOG.filter((d) => d.severity === "critical").map((d) => d.id);
        for (const id of ["root-account-usage", "root-session-assumed", "cloudtrail-config-changes", "kms-key-disabled-or-deleted", "aws-config-changes"]) {
            assert.ok(critical.includes(id), id);
        }
        for (const d of CATALOG.filter((d) => d.ownResources)) assert.equal(d.severity, "critical", d.id);
    });
});

describe("engine detections: the eventSource/eventName shortcut", () => {
    const { requiredValues } = require("../../engine/detections") as typeof import("../../engine/detections");
    const { parseFilterPattern } = require("../../detections/filterPattern") as typeof import("../../detections/filterPattern");
    const pins = (pattern: string, field = "eventSource") => {
        const v = requiredValues(parseFilterPattern(pattern).expression, field);
        return v && [...v].sort();
    };

    it("pins only what a match requires", () => {
        assert.deepEqual(pins('{ ($.eventSource = "a") && ($.eventName = "x") }'), ["a"]);
        assert.deepEqual(pins('{ (($.eventSource = "a") || ($.eventSource = "b")) && ($.x = 1) }'), ["a", "b"]);
        assert.deepEqual(pins('{ ($.eventSource = "a") && (($.eventSource = "a") || ($.eventSource = "b")) }'), ["a"]);
        assert.equal(pins('{ ($.eventSource = "a") || ($.eventName = "x") }'), undefined, "either side may match alone");
        assert.equal(pins('{ $.eventSource = "*.amazonaws.com" }'), undefined, "a wildcard pins nothing");
        assert.equal(pins('{ $.eventSource != "a" }'), undefined);
        assert.equal(pins('{ $.requestParameters.eventSource = "a" }'), undefined, "only the top-level field");
        assert.deepEqual(pins('{ ($.eventName = "ConsoleLogin") && ($.x = "y") }', "eventName"), ["ConsoleLogin"]);
    });

    it("pins most of the catalog, and a pinned detection still decides by its pattern", () => {
        const compiled = compileDetections(SETTINGS);
        assert.ok(compiled.filter((d) => d.sources || d.names).length >= 30, "most detections are skipped cheaply");
        const root = compiled.find((d) => d.id === "root-account-usage")!;
        assert.equal(root.sources, undefined);
        const ctx = { settings: SETTINGS, accounts: new Map<string, string>() };
        const { fires } = require("../../engine/detections") as typeof import("../../engine/detections");
        const trail = compiled.find((d) => d.id === "audit-trail-changed")!;
        assert.ok(fires(trail, TRAIL_STOPPED, ctx));
        assert.ok(!fires(trail, { ...TRAIL_STOPPED, eventSource: "cloudtrail.amazonaws.co" }, ctx));
    });
});
