// Reading log files: CloudTrail's key layout, gzip or plain JSON, the limits,
// corrupt files (a clear LogFileError, never a crash), and a 50 MiB file
// within the memory the function is given.
import { strict as assert } from "assert";
import * as fs from "fs";
import { Readable } from "stream";
import * as zlib from "zlib";
import { createEngine, evaluateFile } from "../../engine/engine";
import { classifyKey, LogFileError, MAX_COMPRESSED_BYTES, MAX_JSON_BYTES, parseRecords, readBody, readLogFile } from "../../engine/logFile";
import { CORPUS_PATH, CorpusEntry } from "../detections/labels";
import { digestKey, gzLog, insightKey, logKey, PROD, ROOT_SIGN_IN, SETTINGS, TRAIL_STOPPED } from "./fixtures";

const corpus = (JSON.parse(fs.readFileSync(CORPUS_PATH, "utf8")) as CorpusEntry[]).map((e) => e.event);

/** A body as S3 streams it: chunks of `size` bytes. */
function chunked(buffer: Buffer, size = 64 * 1024): Readable {
    const parts: Buffer[] = [];
    for (let i = 0; i < buffer.length; i += size) parts.push(buffer.subarray(i, i + size));
    return Readable.from(parts);
}

describe("engine log files: which keys are read", () => {
    it("reads CloudTrail log files and ignores digest, Insights and anything else", () => {
        assert.equal(classifyKey(logKey(PROD)), "log");
        assert.equal(classifyKey(logKey(PROD).replace(".json.gz", ".json")), "log");
        assert.equal(classifyKey(digestKey(PROD)), "digest");
        assert.equal(classifyKey(insightKey(PROD)), "insight");
        assert.equal(classifyKey(`AWSLogs/o-a1b2c3d4e5/${PROD}/CloudTrail/eu-west-1/2026/11/27/notes.txt`), "other");
        assert.equal(classifyKey(`AWSLogs/o-a1b2c3d4e5/${PROD}/Config/eu-west-1/2026/11/27/x.json.gz`), "other");
    });
});

describe("engine log files: reading", () => {
    it("gunzips a CloudTrail file as it streams, in chunks, and returns its records", async () => {
        const records = await readLogFile(chunked(gzLog(corpus), 1000));
        assert.deepEqual(records, corpus);
    });

    it("reads plain JSON too (replay's .json files)", async () => {
        assert.deepEqual(await readLogFile(Buffer.from(JSON.stringify({ Records: [ROOT_SIGN_IN, TRAIL_STOPPED] }))), [ROOT_SIGN_IN, TRAIL_STOPPED]);
    });

    it("an empty Records array is a file without events, not an error", async () => {
        assert.deepEqual(await readLogFile(gzLog([])), []);
    });

    it("a corrupt or truncated gzip is a LogFileError", async () => {
        const truncated = gzLog(corpus).subarray(0, 2000);
        await assert.rejects(readLogFile(chunked(truncated, 100)), (e: Error) => e instanceof LogFileError && /not valid gzip/.test(e.message));
        const flipped = Buffer.from(gzLog([ROOT_SIGN_IN]));
        flipped[flipped.length - 6] ^= 0xff; // the CRC32 trailer
        await assert.rejects(readLogFile(flipped), (e: Error) => e instanceof LogFileError && /not valid gzip/.test(e.message));
    });

    it("a file that is not a CloudTrail log is a LogFileError naming what was wrong", async () => {
        await assert.rejects(readLogFile(Buffer.from("<html>oops</html>")), /not valid JSON/);
        await assert.rejects(readLogFile(zlib.gzipSync('{"Records":{"a":1}}')), /expected \{"Records":\[\.\.\.\]\}/);
        await assert.rejects(readLogFile(Buffer.from("null")), /expected \{"Records"/);
        assert.throws(() => parseRecords("[1,2]"), LogFileError);
    });

    it("refuses an object above the size limit, before reading it all", async () => {
        const body = gzLog(corpus);
        let served = 0;
        const counting = Readable.from(
            (function* () {
                for (let i = 0; i < body.length; i += 1000) {
                    served += 1000;
                    yield body.subarray(i, i + 1000);
                }
            })(),
        );
        await assert.rejects(readBody(counting, { compressed: 5000 }), /larger than 0\.0 MiB \(the engine's limit\)/);
        assert.ok(served <= 7000, `read ${served} bytes`);
        assert.ok(MAX_COMPRESSED_BYTES >= 50 * 1024 * 1024 && MAX_JSON_BYTES > MAX_COMPRESSED_BYTES);
    });

    it("stops a gzip bomb at the JSON limit", async () => {
        const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
        assert.ok(bomb.length < 100 * 1024);
        await assert.rejects(readBody(bomb, { json: 8 * 1024 * 1024 }), /JSON is larger than 8\.0 MiB/);
    });
});

describe("engine log files: a 50 MiB log file", function () {
    this.timeout(120000);
    it("reads and evaluates it within the function's memory (1,024 MB recommended)", async () => {
        // Real-shaped records: the corpus's events, each with its own event id, until the JSON is 50 MiB.
        const target = 50 * 1024 * 1024;
        const parts: string[] = [];
        let size = 0;
        for (let i = 0; size < target; i++) {
            const text = JSON.stringify({ ...corpus[i % corpus.length], eventID: `evt-${i}` });
            parts.push(text);
            size += text.length + 1;
        }
        const json = Buffer.from(`{"Records":[${parts.join(",")}]}`);
        parts.length = 0;
        const gz = zlib.gzipSync(json, { level: 6 });
        const count = (json.toString("latin1").match(/"eventID":"evt-/g) ?? []).length;
        global.gc?.();
        const before = process.memoryUsage();
        const started = process.hrtime.bigint();
        let peakRss = before.rss;
        const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
        const records = await readLogFile(chunked(gz));
        const findings = evaluateFile(createEngine(SETTINGS), records);
        clearInterval(sampler);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        assert.equal(records.length, count);
        assert.ok(findings.length > 0);
        const growthMiB = (peakRss - before.rss) / 1024 / 1024;
        console.log(
            `      50 MiB JSON (${(gz.length / 1024 / 1024).toFixed(1)} MiB gzipped, ${records.length} records): ` +
                `${seconds.toFixed(1)} s, resident memory +${growthMiB.toFixed(0)} MiB (peak ${(peakRss / 1024 / 1024).toFixed(0)} MiB)`,
        );
        // The test process also holds the source JSON and its gzip (~60 MiB); the function holds neither.
        assert.ok(peakRss / 1024 / 1024 < 1024, `peak resident memory ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
    });
});
