// The engine step of `npm run bench` (scripts/benchEngine.ts), on a small sample.
import { strict as assert } from "assert";
import * as fs from "fs";
import { benchEngine, benchSettings, generateDay } from "../../scripts/benchEngine";
import { checkSettings } from "../../engine/settingsFile";
import { readLogFile } from "../../engine/logFile";
import { CORPUS_PATH, CorpusEntry } from "../detections/labels";

const corpus = (JSON.parse(fs.readFileSync(CORPUS_PATH, "utf8")) as CorpusEntry[]).map((e) => e.event);

describe("npm run bench: the engine step", () => {
    it("generates the same day every run, in files of one account's five minutes", async () => {
        const a = generateDay({ accounts: 50, eventsPerDay: 10_000_000, files: 4 }, corpus);
        const b = generateDay({ accounts: 50, eventsPerDay: 10_000_000, files: 4 }, corpus);
        assert.deepEqual(a.files, b.files);
        // 10 million a day over 50 accounts, 4 regions and 288 five-minute files.
        assert.equal(a.events, 4 * 174);
        const records = await readLogFile(a.files[1]);
        assert.equal(records.length, 174);
        assert.ok(records.every((r) => r.recipientAccountId === "100000000001"));
    });

    it("evaluates every event as the handler does, alerts included, and reports the rate", async () => {
        const day = generateDay({ accounts: 50, eventsPerDay: 10_000_000, files: 30 }, corpus);
        const result = await benchEngine(checkSettings(benchSettings()), day.files);
        assert.equal(result.events, day.events);
        assert.equal(result.files, 30);
        assert.ok(result.alerts > 0, "the corpus's events fire");
        assert.ok(result.eventsPerSecond > 0 && Number.isFinite(result.eventsPerSecond));
    });
});
