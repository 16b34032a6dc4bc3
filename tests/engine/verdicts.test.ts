// The engine and the metric filters cannot disagree: for every labelled event
// of the detection tests (the corpus, our own, tamper and audit-engine events), the
// set of detections the engine fires equals the set whose metric filter
// counts it. Where an alarm needs one event, a one-record log file is an
// alert exactly when the filter counts it; where it needs more (threshold
// above 1), one record alone is not, as one event alone does not fire the alarm.
import { strict as assert } from "assert";
import * as fs from "fs";
import { enabledDetections } from "../../detections/catalog";
import { matches, parseFilterPattern } from "../../detections/filterPattern";
import { compileDetections, fires } from "../../engine/detections";
import { createEngine, evaluateFile } from "../../engine/engine";
import { CORPUS_PATH, CorpusEntry, corpusKey, TEST_PARAMETERS } from "../detections/labels";
import { OWN_EVENTS } from "../detections/ownEvents";
import { TAMPER_EVENTS } from "../detections/tamperEvents";
import { AUDIT_ENGINE_EVENTS } from "../detections/auditEngineEvents";
import { TECHNIQUE_EVENTS } from "../detections/techniqueEvents";
import { SETTINGS } from "./fixtures";

const corpus = JSON.parse(fs.readFileSync(CORPUS_PATH, "utf8")) as CorpusEntry[];
const LABELLED: Array<{ key: string; event: Record<string, unknown> }> = [
    ...corpus.map((e) => ({ key: `corpus ${corpusKey(e)}`, event: e.event })),
    ...OWN_EVENTS.map((e) => ({ key: `own ${e.key}`, event: e.event })),
    ...TAMPER_EVENTS.map((e) => ({ key: `tamper ${e.key}`, event: e.event })),
    ...AUDIT_ENGINE_EVENTS.map((e) => ({ key: `audit engine ${e.key}`, event: e.event })),
    ...TECHNIQUE_EVENTS.map((e) => ({ key: `technique ${e.key}`, event: e.event })),
];

const filters = enabledDetections(TEST_PARAMETERS);
const engine = createEngine(SETTINGS);
// The detections with a pattern, which have a metric filter; those written as code are proven in codeDetections.test.ts.
const withPattern = engine.detections.filter((d) => d.patternText !== undefined);
const ctx = { settings: SETTINGS, accounts: new Map<string, string>() };
// Each metric filter's pattern parsed here, once, by the parser the metric-filter tests use: the engine's own
// compiled patterns are what is under test, so they are not reused for the filters' side.
const parsedFilters = filters.map((d) => ({ id: d.id, pattern: parseFilterPattern(d.pattern) }));
/** The metric filters' verdict on each labelled event, computed once. */
const filterVerdicts = new Map<unknown, string[]>();
const byFilter = (event: unknown) => {
    let ids = filterVerdicts.get(event);
    if (ids === undefined) {
        ids = parsedFilters.filter((d) => matches(d.pattern, event)).map((d) => d.id).sort();
        filterVerdicts.set(event, ids);
    }
    return ids;
};
const byEngine = (event: Record<string, unknown>) => withPattern.filter((d) => fires(d, event, ctx)).map((d) => d.id).sort();

describe("engine: verdicts equal the metric filters'", () => {
    it("evaluates the same detections as the management stack deploys, with the same patterns", () => {
        assert.deepEqual(
            withPattern.map((d) => [d.id, d.patternText]),
            filters.map((d) => [d.id, d.pattern]),
        );
        assert.ok(engine.detections.length > withPattern.length, "the engine evaluates the code detections too");
        assert.ok(LABELLED.length > 600, `${LABELLED.length} labelled events`);
    });

    it("fires exactly the detections whose metric filter counts each labelled event", () => {
        const disagreements = LABELLED.filter(({ event }) => JSON.stringify(byEngine(event)) !== JSON.stringify(byFilter(event))).map(
            ({ key, event }) => `${key}: engine ${byEngine(event).join(",")} / filters ${byFilter(event).join(",")}`,
        );
        assert.deepEqual(disagreements, []);
        // Not vacuous: most detections fire on some labelled event.
        const fired = new Set(LABELLED.flatMap(({ event }) => byFilter(event)));
        assert.equal(fired.size, filters.length);
    });

    it("a one-record log file alerts for exactly the matching detections whose alarm needs one event", () => {
        const oneEvent = new Set(filters.filter((d) => d.threshold === 1).map((d) => d.id));
        const wrong: string[] = [];
        for (const { key, event } of LABELLED) {
            const alerted = evaluateFile(engine, [event])
                .map((f) => f.detectionId)
                .filter((id) => withPattern.some((d) => d.id === id))
                .sort();
            const expected = byFilter(event).filter((id) => oneEvent.has(id));
            if (JSON.stringify(alerted) !== JSON.stringify(expected)) wrong.push(`${key}: ${alerted.join(",")} / ${expected.join(",")}`);
        }
        assert.deepEqual(wrong, []);
    });

    it("compiles each pattern once, from the settings' detection parameters", () => {
        const other = compileDetections({ ...SETTINGS, detectionParameters: { ...SETTINGS.detectionParameters, trustedCidrs: ["10.0.0.0/8"] } });
        const outside = other.find((d) => d.id === "console-signin-outside-trusted-networks")!;
        assert.ok(outside.patternText!.includes('"10.*"'), outside.patternText);
    });
});
