// The detections written as code (a predicate, no metric filter), proven on
// labelled events as the engine evaluates them: audit-engine-tamper-attempted
// fires on the denied twin of every call the three audit-engine detections
// page on when it succeeds, and on nothing else of the labelled events (the
// corpus, our own, tamper and audit-engine events, among them many denied
// calls on other resources).
import { strict as assert } from "assert";
import * as fs from "fs";
import { CODE_DETECTION_IDS } from "../../detections/catalog";
import { DENIED_ERROR_CODE } from "../../detections/ownResources";
import { fires } from "../../engine/detections";
import { createEngine, evaluateFile } from "../../engine/engine";
import type { EngineSettings } from "../../engine/settings";
import { AUDIT_ENGINE_EVENTS } from "../detections/auditEngineEvents";
import { CORPUS_PATH, CorpusEntry, TEST_PARAMETERS } from "../detections/labels";
import { OWN_EVENTS, OwnEvent } from "../detections/ownEvents";
import { TAMPER_EVENTS } from "../detections/tamperEvents";
import { TECHNIQUE_EVENTS } from "../detections/techniqueEvents";
import { SETTINGS } from "./fixtures";

const ID = "audit-engine-tamper-attempted";
const ENGINE_DETECTIONS = ["audit-engine-changed", "audit-engine-role-borrowed", "audit-engine-queue-changed", "audit-log-file-topic-changed"];
/** The engine's settings with the product of the labelled events (labels.ts), the audit account's resources included. */
const settings: EngineSettings = { ...SETTINGS, detectionParameters: { ...SETTINGS.detectionParameters, product: TEST_PARAMETERS.product } };
const engine = createEngine(settings);
const detection = engine.detections.find((d) => d.id === ID)!;
const ctx = { settings, accounts: new Map<string, string>() };
const attempted = (event: Record<string, unknown>) => fires(detection, event, ctx);

/** The error code each service records when a policy denies the call. */
const DENIAL: Record<string, string> = {
    "lambda.amazonaws.com": "AccessDeniedException",
    "kms.amazonaws.com": "AccessDeniedException",
    "iam.amazonaws.com": "AccessDenied",
    "sqs.amazonaws.com": "AccessDenied",
    "s3.amazonaws.com": "AccessDenied",
    "sns.amazonaws.com": "AuthorizationError",
};

/** The same call, denied by an SCP, as CloudTrail records it: an error code and message, no response. */
function denied(event: Record<string, unknown>): Record<string, unknown> {
    const code = DENIAL[event.eventSource as string];
    assert.ok(code, `no denial code for ${event.eventSource}`);
    return { ...event, errorCode: code, errorMessage: `... with an explicit deny in a service control policy`, responseElements: null };
}

/** A successful call the three detections page on, whose denial can be tied to the engine without its response. */
const successes = AUDIT_ENGINE_EVENTS.filter((e) => e.fires.some((id) => ENGINE_DETECTIONS.includes(id)));
// An event source mapping is named by its UUID only; the response (absent when denied) ties it to the engine.
const byResponse = (e: OwnEvent) => /^(Update|Delete)EventSourceMapping/.test(e.event.eventName as string);

describe("engine: detections written as code, on labelled events", () => {
    it("has one, and the engine evaluates it only with an audit stack", () => {
        // Issue 17's code detections are proven in their own files (tests/engine/techniquesPersistence.test.ts,
        // tests/engine/techniquesExposure.test.ts, tests/engine/techniquesCredentialAccess.test.ts, tests/engine/techniquesExecution.test.ts).
        assert.deepEqual(CODE_DETECTION_IDS, [
            ID,
            "iam-access-key-created-for-another-user",
            "iam-console-password-set-for-another-user",
            "iam-role-trusts-outside-organization",
            "lambda-function-made-public",
            "lambda-code-or-layers-changed",
            "snapshot-or-image-shared-outside-organization",
            "s3-bucket-exposed-outside-organization",
            "security-group-admin-port-open-to-internet",
            "managed-prefix-list-opened-to-internet",
            "secret-read-burst",
            "ssm-command-or-session-started",
            "instance-family-not-used-launched",
            "model-invoked-outside-bedrock-accounts",
        ]);
        assert.ok(detection && detection.pattern === undefined && detection.predicate !== undefined);
        const { audit: _audit, ...twoStacks } = TEST_PARAMETERS.product;
        const withoutAudit = { ...settings, detectionParameters: { ...settings.detectionParameters, product: twoStacks } };
        const quiet = createEngine(withoutAudit).detections.find((d) => d.id === ID)!;
        const lambdaDenied = denied(successes[0].event);
        assert.equal(fires(quiet, lambdaDenied, { settings: withoutAudit, accounts: new Map() }), false);
        assert.equal(attempted(lambdaDenied), true);
    });

    it("fires on the denied twin of every call the audit-engine detections page on, mappings excepted", () => {
        assert.ok(successes.length >= 10, `${successes.length} successful tamper events`);
        const missed = successes.filter((e) => !byResponse(e) && !attempted(denied(e.event))).map((e) => e.key);
        assert.deepEqual(missed, []);
        // What it cannot see: a denied UpdateEventSourceMapping names a UUID only.
        assert.ok(successes.some(byResponse));
        for (const e of successes.filter(byResponse)) assert.equal(attempted(denied(e.event)), false, e.key);
    });

    /** The labelled denied calls on the engine and on its digest checks: the only labelled events it fires on. */
    const LABELLED_ATTEMPTS = ["lambda UpdateFunctionCode of the engine denied", "events DeleteRule of the late-digest rule denied"];

    it("fires on the labelled denied calls on the engine and on the late-digest rule", () => {
        for (const key of LABELLED_ATTEMPTS) {
            const labelled = AUDIT_ENGINE_EVENTS.find((e) => e.key === key)!;
            assert.ok(DENIED_ERROR_CODE.test(labelled.event.errorCode as string), key);
            assert.equal(attempted(labelled.event), true, key);
        }
    });

    it("does not fire on the successful calls: audit-engine-changed and its siblings page on those", () => {
        assert.deepEqual(successes.filter((e) => attempted(e.event)).map((e) => e.key), []);
    });

    it("does not fire on any other labelled event, denied calls on other resources included", () => {
        const corpus = (JSON.parse(fs.readFileSync(CORPUS_PATH, "utf8")) as CorpusEntry[]).map((e) => ({ key: `corpus ${e.test}`, event: e.event }));
        const others = [
            ...corpus,
            ...OWN_EVENTS,
            ...TAMPER_EVENTS,
            ...TECHNIQUE_EVENTS,
            ...AUDIT_ENGINE_EVENTS.filter((e) => !LABELLED_ATTEMPTS.includes(e.key)),
        ];
        const deniedOthers = others.filter((e) => typeof e.event.errorCode === "string" && DENIED_ERROR_CODE.test(e.event.errorCode));
        assert.ok(deniedOthers.length >= 20, `${deniedOthers.length} denied look-alikes`);
        assert.deepEqual(others.filter((e) => attempted(e.event)).map((e) => e.key), []);
        // The look-alikes of the engine's own detections, denied: another function, queue, topic or bucket, another account.
        const lookAlikes = AUDIT_ENGINE_EVENTS.filter((e) => e.fires.length === 0 && e.event.errorCode === undefined);
        assert.ok(lookAlikes.length >= 5);
        assert.deepEqual(lookAlikes.filter((e) => String(e.event.eventSource) in DENIAL && attempted(denied(e.event))).map((e) => e.key), []);
    });

    it("sends one high alert per principal for a file of denied attempts, with its own deduplication key", () => {
        const attempts = successes.filter((e) => !byResponse(e)).map((e) => denied(e.event));
        const findings = evaluateFile(engine, attempts).filter((f) => f.detectionId === ID);
        assert.ok(findings.length >= 1);
        assert.ok(findings.every((f) => f.severity === "high"));
        assert.equal(findings.reduce((n, f) => n + f.count, 0), attempts.length);
        for (const f of findings) assert.match(f.dedupKey, /^org-cloudtrail\/audit-engine-tamper-attempted\/\d{12}\//);
    });
});
