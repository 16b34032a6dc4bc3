// One CloudTrail log file from S3: which keys are log files, and their
// records. CloudTrail writes `{"Records":[...]}` gzipped (`.json.gz`); replay
// also takes plain `.json`. Whether a body is gzipped is read from its first
// two bytes (the gzip magic 1f 8b), not from its name.
//
// Digest files (`/CloudTrail-Digest/`, the hash chain that proves log
// integrity) and Insights files (`/CloudTrail-Insight/`, anomalies in call
// volume) are not log files: they hold no API calls. Digests are verified
// by engine/digest.ts when the settings name a chain table; this trail
// records no Insights events. Keys that are not log files are never read
// here.
import { Readable } from "stream";
import { pipeline } from "stream/promises";
import * as zlib from "zlib";
import type { CloudTrailRecord } from "./record";

/**
 * Limits, so one odd object cannot exhaust the function's memory (the
 * message then fails, retries, and lands in the dead-letter queue with an
 * alert). CloudTrail delivers a file about every five minutes per account
 * and region, and starts a new one well before these sizes; the 50 MiB
 * test file (tests/engine/logFile.test.ts) is many times the largest
 * delivery seen in practice. Parsing N bytes of JSON takes about 3N to 5N of
 * heap: 1,024 MB of function memory covers the JSON limit.
 */
export const MAX_COMPRESSED_BYTES = 64 * 1024 * 1024;
export const MAX_JSON_BYTES = 160 * 1024 * 1024;

export type LogFileKind = "log" | "digest" | "insight" | "other";

/** What a key under `AWSLogs/` is, by CloudTrail's layout. */
export function classifyKey(key: string): LogFileKind {
    if (key.includes("/CloudTrail-Digest/")) return "digest";
    if (key.includes("/CloudTrail-Insight/")) return "insight";
    if (key.includes("/CloudTrail/") && (key.endsWith(".json.gz") || key.endsWith(".json"))) return "log";
    return "other";
}

/** A file that cannot be read: the message fails (retries, then the dead-letter queue). */
export class LogFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "LogFileError";
    }
}

const GZIP_MAGIC = [0x1f, 0x8b];

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * Reads a body to the end, gunzipping it as it arrives when it is gzipped,
 * and stops as soon as either limit is passed (a gzip bomb never inflates
 * past the JSON limit).
 */
export async function readBody(
    body: AsyncIterable<Uint8Array> | Uint8Array,
    limits: { compressed?: number; json?: number } = {},
): Promise<Buffer> {
    const maxCompressed = limits.compressed ?? MAX_COMPRESSED_BYTES;
    const maxJson = limits.json ?? MAX_JSON_BYTES;
    const source: AsyncIterable<Uint8Array> = body instanceof Uint8Array ? Readable.from([body]) : body;
    const iterator = source[Symbol.asyncIterator]();
    const first = await iterator.next();
    const head = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
    // Kept aside: when a limit stops the pipeline, it may reject with its own AbortError.
    let limit: LogFileError | undefined;
    async function* counted(): AsyncGenerator<Buffer> {
        let raw = head.length;
        if (raw > maxCompressed) throw (limit = new LogFileError(`the object is larger than ${mib(maxCompressed)} (the engine's limit)`));
        if (head.length > 0) yield head;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            raw += next.value.byteLength;
            if (raw > maxCompressed) throw (limit = new LogFileError(`the object is larger than ${mib(maxCompressed)} (the engine's limit)`));
            yield Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        }
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = async (source: AsyncIterable<Buffer>): Promise<void> => {
        for await (const chunk of source) {
            size += chunk.length;
            if (size > maxJson) throw (limit = new LogFileError(`the log file's JSON is larger than ${mib(maxJson)} (the engine's limit)`));
            chunks.push(chunk);
        }
    };
    const gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
    try {
        if (gzipped) await pipeline(Readable.from(counted()), zlib.createGunzip(), collect);
        else await collect(counted());
    } catch (error) {
        if (limit) throw limit;
        if (error instanceof LogFileError) throw error;
        throw new LogFileError(`the log file is not valid gzip: ${(error as Error).message}`);
    }
    return Buffer.concat(chunks, size);
}

/** `{"Records":[...]}` to its records; anything else is a LogFileError naming what was wrong. */
export function parseRecords(json: Buffer | string): CloudTrailRecord[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(typeof json === "string" ? json : json.toString("utf8"));
    } catch (error) {
        throw new LogFileError(`the log file is not valid JSON: ${(error as Error).message}`);
    }
    const records = (parsed as { Records?: unknown } | null)?.Records;
    if (typeof parsed !== "object" || parsed === null || !Array.isArray(records)) {
        throw new LogFileError('the log file is not a CloudTrail log: expected {"Records":[...]}');
    }
    return records as CloudTrailRecord[];
}

/** A whole log file, from its bytes (gzipped or not) to its records. */
export async function readLogFile(body: AsyncIterable<Uint8Array> | Uint8Array, limits?: { compressed?: number; json?: number }): Promise<CloudTrailRecord[]> {
    return parseRecords(await readBody(body, limits));
}
