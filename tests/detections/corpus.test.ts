// Every detection against labelled events: the corpus (labels.ts) and our
// own hand-written events (ownEvents.ts, and tamperEvents.ts for the calls
// that switch this product off or blind it). A detection fires on an event
// iff the event is labelled for it; thresholds and periods are not tested
// here, only whether the metric filter counts the event.
//
// One `it` per detection per source, not per event: a failure lists every
// offending event by key, which is what is needed to fix a pattern or a label.
import { strict as assert } from "assert";
import * as fs from "fs";
import { CATALOG as FULL_CATALOG, CODE_DETECTION_IDS, DETECTION_IDS as ALL_DETECTION_IDS, EnabledDetection, enabledDetections } from "../../detections/catalog";
import { parseFilterPattern, matches, ParsedPattern } from "../../detections/filterPattern";
import { CORPUS_LABELS, CORPUS_PATH, CorpusEntry, corpusKey, TEST_PARAMETERS } from "./labels";
import { OWN_EVENTS as BASELINE_EVENTS } from "./ownEvents";
import { TAMPER_EVENTS } from "./tamperEvents";
import { AUDIT_ENGINE_EVENTS } from "./auditEngineEvents";
import { TECHNIQUE_EVENTS } from "./techniqueEvents";

// The detections with a filter pattern, which these labels prove as metric filters; the ones written
// as code (no pattern) are proven on labelled events through the engine (tests/engine/codeDetections.test.ts).
const CATALOG = FULL_CATALOG.filter((d) => !CODE_DETECTION_IDS.includes(d.id));
const DETECTION_IDS = ALL_DETECTION_IDS.filter((id) => !CODE_DETECTION_IDS.includes(id));

const corpus = JSON.parse(fs.readFileSync(CORPUS_PATH, "utf8")) as CorpusEntry[];
const detections: EnabledDetection[] = enabledDetections(TEST_PARAMETERS);
const OWN_EVENTS = [...BASELINE_EVENTS, ...TAMPER_EVENTS, ...AUDIT_ENGINE_EVENTS, ...TECHNIQUE_EVENTS];

interface Labelled {
    key: string;
    event: unknown;
    mustFire: boolean;
}

/** Events that should fire but did not, and events that fired but should not, by key. */
function mismatches(pattern: ParsedPattern, events: Labelled[]): { missed: string[]; falseAlarms: string[] } {
    const missed: string[] = [];
    const falseAlarms: string[] = [];
    for (const e of events) {
        const fired = matches(pattern, e.event);
        if (e.mustFire && !fired) missed.push(e.key);
        if (!e.mustFire && fired) falseAlarms.push(e.key);
    }
    return { missed, falseAlarms };
}

function assertExactly(detection: EnabledDetection, events: Labelled[]): void {
    const { missed, falseAlarms } = mismatches(parseFilterPattern(detection.pattern), events);
    const lines: string[] = [];
    if (missed.length > 0) lines.push(`must fire but did not (${missed.length}):`, ...missed.map((k) => `  - ${k}`));
    if (falseAlarms.length > 0) lines.push(`fired but must not (${falseAlarms.length}):`, ...falseAlarms.map((k) => `  - ${k}`));
    assert.ok(lines.length === 0, `${detection.id}, pattern ${detection.pattern}\n${lines.join("\n")}`);
}

const duplicates = (list: readonly string[]): string[] => [...new Set(list.filter((x, i) => list.indexOf(x) !== i))];

describe("detections: labels and events are well-formed", () => {
    it("reads the whole corpus, and its keys are unique", () => {
        // 453 entries when the corpus was labelled; a changed corpus needs new labels.
        assert.equal(corpus.length, 453);
        assert.deepEqual(duplicates(corpus.map(corpusKey)), []);
    });

    it("labels every detection of the catalog, and nothing else", () => {
        // A new detection without labels fails here, before it can pass vacuously.
        assert.deepEqual(Object.keys(CORPUS_LABELS).sort(), [...DETECTION_IDS].sort());
    });

    it("labels only corpus events that exist, each once per detection", () => {
        const known = new Set(corpus.map(corpusKey));
        for (const [id, keys] of Object.entries(CORPUS_LABELS)) {
            assert.deepEqual(
                keys.filter((k) => !known.has(k)),
                [],
                `${id} names corpus events that do not exist`,
            );
            assert.deepEqual(duplicates(keys), [], `${id} lists a corpus event twice`);
        }
    });

    it("own events have unique keys and name only known detections, never firing what they only resemble", () => {
        assert.deepEqual(duplicates(OWN_EVENTS.map((e) => e.key)), []);
        for (const e of OWN_EVENTS) {
            for (const id of [...e.fires, ...(e.lookAlikeOf ?? [])]) {
                assert.ok(DETECTION_IDS.includes(id), `own event '${e.key}' names unknown detection '${id}'`);
            }
            assert.deepEqual(duplicates(e.fires), [], `own event '${e.key}' lists a detection twice`);
            const contradictions = (e.lookAlikeOf ?? []).filter((id) => e.fires.includes(id));
            assert.deepEqual(contradictions, [], `own event '${e.key}' both fires and only resembles these`);
            assert.ok(e.why.length > 0, `own event '${e.key}' needs a why`);
        }
    });

    it("own events look like CloudTrail records", () => {
        // The fields a pattern might read are present with CloudTrail's types, so a
        // look-alike does not stay quiet merely because a field is missing.
        for (const { key, event } of OWN_EVENTS) {
            for (const field of ["eventVersion", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "eventID", "eventType", "recipientAccountId"]) {
                assert.equal(typeof event[field], "string", `own event '${key}': ${field} should be a string`);
            }
            const identity = event.userIdentity as Record<string, unknown> | undefined;
            assert.equal(typeof identity?.type, "string", `own event '${key}': userIdentity.type`);
            assert.ok("requestParameters" in event && "responseElements" in event, `own event '${key}': requestParameters and responseElements`);
            // A failed API call has both and no response; a failed ConsoleLogin has an errorMessage only.
            if ("errorCode" in event) {
                assert.equal(typeof event.errorMessage, "string", `own event '${key}': errorCode comes with errorMessage`);
                assert.equal(event.responseElements, null, `own event '${key}': a failed call has no response`);
            }
        }
    });

    it("enables every detection with the test parameters", () => {
        // Otherwise a configurable detection could drop out and its labels go untested.
        assert.deepEqual(
            detections.map((d) => d.id),
            [...DETECTION_IDS],
        );
    });

    it("gives every detection at least one must-fire and one must-not event, and each an own event that fires it and an own look-alike", () => {
        const problems: string[] = [];
        for (const { id } of CATALOG) {
            const corpusFire = CORPUS_LABELS[id]?.length ?? 0;
            const ownFire = OWN_EVENTS.filter((e) => e.fires.includes(id)).length;
            const mustNot = corpus.length - corpusFire + OWN_EVENTS.length - ownFire;
            const lookAlikes = OWN_EVENTS.filter((e) => e.lookAlikeOf?.includes(id)).length;
            if (corpusFire + ownFire === 0) problems.push(`${id}: no event must fire it`);
            if (mustNot === 0) problems.push(`${id}: no event must stay quiet`);
            if (ownFire === 0) problems.push(`${id}: no own event fires it`);
            if (lookAlikes === 0) problems.push(`${id}: no own look-alike`);
        }
        assert.deepEqual(problems, []);
    });
});

describe("detections: each fires exactly on its labelled events", () => {
    const corpusEvents = (id: string): Labelled[] => {
        const labelled = new Set(CORPUS_LABELS[id] ?? []);
        return corpus.map((entry) => ({ key: corpusKey(entry), event: entry.event, mustFire: labelled.has(corpusKey(entry)) }));
    };
    // Over all detections, this is "each own event fires exactly its `fires`".
    const ownEvents = (id: string): Labelled[] => OWN_EVENTS.map((e) => ({ key: e.key, event: e.event, mustFire: e.fires.includes(id) }));

    for (const detection of detections) {
        describe(detection.id, () => {
            it(`corpus: fires on exactly the ${(CORPUS_LABELS[detection.id] ?? []).length} labelled of ${corpus.length} events`, () => {
                assertExactly(detection, corpusEvents(detection.id));
            });
            it(`own events: fires on exactly the ${OWN_EVENTS.filter((e) => e.fires.includes(detection.id)).length} that list it`, () => {
                assertExactly(detection, ownEvents(detection.id));
            });
        });
    }
});
