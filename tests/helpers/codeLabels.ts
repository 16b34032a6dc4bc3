// The proof every detection written as code shares: evaluated by the engine on
// every labelled event of the repository (the corpus, the baseline, tamper,
// audit-engine and technique events), it fires on exactly the events its
// labels list and on nothing else.
import { strict as assert } from "assert";
import * as fs from "fs";
import type { DetectionContext } from "../../detections/catalog";
import { CODE_DETECTION_IDS } from "../../detections/catalog";
import { CompiledDetection, fires } from "../../engine/detections";
import { AUDIT_ENGINE_EVENTS } from "../detections/auditEngineEvents";
import { CORPUS_PATH, CorpusEntry, corpusKey } from "../detections/labels";
import { OWN_EVENTS } from "../detections/ownEvents";
import { TAMPER_EVENTS } from "../detections/tamperEvents";
import { TECHNIQUE_EVENTS } from "../detections/techniqueEvents";

/** The own and corpus events that must fire one code detection (every other labelled event must not). */
export interface CodeLabels {
    own: readonly string[];
    corpus: readonly string[];
}

const corpus = JSON.parse(fs.readFileSync(CORPUS_PATH, "utf8")) as CorpusEntry[];

/** Every labelled event, keyed `corpus <file#test>` or `own <key>`. */
export const ALL_LABELLED: readonly { key: string; event: Record<string, unknown> }[] = [
    ...corpus.map((e) => ({ key: `corpus ${corpusKey(e)}`, event: e.event })),
    ...[...OWN_EVENTS, ...TAMPER_EVENTS, ...AUDIT_ENGINE_EVENTS, ...TECHNIQUE_EVENTS].map((e) => ({ key: `own ${e.key}`, event: e.event })),
];

/** Labels that name no labelled event (a renamed event would otherwise pass vacuously). */
export function unknownLabels(labels: CodeLabels): string[] {
    const keys = new Set(ALL_LABELLED.map((e) => e.key));
    return [...labels.own.map((k) => `own ${k}`), ...labels.corpus.map((k) => `corpus ${k}`)].filter((k) => !keys.has(k));
}

/** Asserts that `detection` fires on exactly the events `labels` lists among ALL_LABELLED. */
export function assertFiresOnExactly(detection: CompiledDetection, labels: CodeLabels, ctx: DetectionContext): void {
    const expected = new Set([...labels.own.map((k) => `own ${k}`), ...labels.corpus.map((k) => `corpus ${k}`)]);
    const missed = ALL_LABELLED.filter((e) => expected.has(e.key) && !fires(detection, e.event, ctx)).map((e) => e.key);
    const falseAlarms = ALL_LABELLED.filter((e) => !expected.has(e.key) && fires(detection, e.event, ctx)).map((e) => e.key);
    assert.deepEqual({ missed, falseAlarms }, { missed: [], falseAlarms: [] });
}

/**
 * The tests every tactic's code detections share: each is code (no pattern,
 * a predicate), its labels name events that exist (at least two of our own
 * fire it), and it fires on exactly those among ALL_LABELLED. Call inside a
 * describe.
 */
export function itProvesCodeDetections(labelsById: Record<string, CodeLabels>, detection: (id: string) => CompiledDetection, ctx: DetectionContext): void {
    const ids = Object.keys(labelsById);
    it("are code detections, evaluated by the engine only", () => {
        for (const id of ids) {
            assert.ok(CODE_DETECTION_IDS.includes(id), id);
            const d = detection(id);
            assert.ok(d && d.pattern === undefined && d.predicate !== undefined, id);
        }
    });

    it("label only events that exist", () => {
        for (const [id, labels] of Object.entries(labelsById)) {
            assert.deepEqual(unknownLabels(labels), [], id);
            assert.ok(labels.own.length >= 2, `${id}: at least two own events must fire it`);
        }
    });

    for (const id of ids) {
        it(`${id} fires on exactly its labelled events among ${ALL_LABELLED.length}`, () => assertFiresOnExactly(detection(id), labelsById[id], ctx));
    }
}
