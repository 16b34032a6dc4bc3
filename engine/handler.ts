// The detection engine's Lambda entry point: SQS messages in (one S3 event
// notification each, delivered raw by the archive's SNS topic), alerts out.
//
// Each message is handled on its own: a file that cannot be read fails only
// its own message (batchItemFailures, the event source mapping's
// ReportBatchItemFailures), which SQS delivers again up to maxReceiveCount
// times and then moves to the dead-letter queue; on that last delivery the
// engine publishes a "log file could not be read" alert, so no file is
// skipped silently. Messages run one after the other: one large file at a
// time bounds the memory.
//
// A message that failed after some of its alerts were published publishes
// them again on its retry: the dedup key lets the pager fold the repeat.
//
// With a digest chain table in the settings, a digest file is verified
// (engine/digest.ts) and each break pages; an EventBridge "Scheduled Event"
// runs the late-digest check. Without one (older settings, or verification
// off), digests are skipped and a scheduled event does nothing.
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ScheduledEvent, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { AccountNames } from "./accounts";
import { findingPublish, unreadableFilePublish } from "./alert";
import { createEngine, Engine, evaluateFileCounted } from "./engine";
import { DEFAULT_ALLOWED_DELAY_MINUTES, DigestIo, foldFindings, integrityPublish, lateChains, markLateReported, PublicKeyCache, verifyAndRecord } from "./digest";
import { classifyKey, MAX_COMPRESSED_BYTES, readLogFile } from "./logFile";
import type { EngineSettings } from "./settings";
import { readSettingsFile, settingsPath } from "./settingsFile";
import { DynamoDbCounter } from "./windowCounts";

// At module scope: created once per container, reused by every invocation.
export const s3 = new S3Client({});
export const sns = new SNSClient({});
export const organizations = new OrganizationsClient({});
export const dynamodb = new DynamoDBClient({});
/** CloudTrail's public keys per region, kept for the container's life. */
export const publicKeys = new PublicKeyCache();

let engine: Engine | undefined;
let accountNames: AccountNames | undefined;

/** Settings and compiled detections, read once per cold start. */
function currentEngine(): Engine {
    engine ??= createEngine(readSettingsFile(settingsPath(__dirname)));
    return engine;
}

/** Forgets the settings and the account names, as a cold start would (tests). */
export function resetEngine(): void {
    engine = undefined;
    accountNames = undefined;
    publicKeys.clear();
}

function log(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown> = {}): void {
    const line = JSON.stringify({ level, message, ...fields });
    if (level === "error") console.error(line);
    else if (level === "warn") console.warn(line);
    else console.log(line);
}

/** One object an S3 notification names. */
export interface NotifiedObject {
    bucket: string;
    key: string;
    size?: number;
}

/**
 * The objects a message names. The body is the S3 event notification itself
 * (raw message delivery); an SNS envelope (`Type: Notification`) is
 * unwrapped too, should raw delivery ever be switched off. `s3:TestEvent`,
 * which S3 sends when the notification configuration is written, names no
 * object. Keys arrive URL-encoded with `+` for a space (S3 User Guide,
 * "Event message structure").
 */
export function notifiedObjects(body: string): { test: boolean; objects: NotifiedObject[] } {
    let message = JSON.parse(body) as Record<string, unknown>;
    if (message?.Type === "Notification" && typeof message.Message === "string") message = JSON.parse(message.Message);
    if (message?.Event === "s3:TestEvent") return { test: true, objects: [] };
    const records = message?.Records;
    if (!Array.isArray(records)) throw new Error("the message is not an S3 event notification (no Records)");
    const objects: NotifiedObject[] = [];
    for (const r of records as Array<Record<string, any>>) {
        if (r?.eventSource !== "aws:s3" || typeof r.eventName !== "string" || !r.eventName.startsWith("ObjectCreated:")) continue;
        const bucket = r.s3?.bucket?.name;
        const rawKey = r.s3?.object?.key;
        if (typeof bucket !== "string" || typeof rawKey !== "string") throw new Error("an S3 record without s3.bucket.name or s3.object.key");
        objects.push({ bucket, key: decodeURIComponent(rawKey.replace(/\+/g, " ")), size: typeof r.s3.object.size === "number" ? r.s3.object.size : undefined });
    }
    return { test: false, objects };
}

/** Reads one log file and publishes its alerts; returns how many. */
async function handleObject(e: Engine, names: AccountNames, object: NotifiedObject): Promise<number> {
    const { settings } = e;
    // The role may read only this prefix anyway; checking first keeps a stray or forged notification from costing a GET.
    if (object.bucket !== settings.bucketName || !object.key.startsWith(settings.organizationLogPrefix)) {
        log("warn", "skipped: not under the organization's log prefix", { bucket: object.bucket, key: object.key });
        return 0;
    }
    const kind = classifyKey(object.key);
    if (kind === "digest" && settings.digestChainTable) return handleDigest(settings, settings.digestChainTable, object);
    if (kind !== "log") {
        log("info", `skipped: ${kind} file`, { key: object.key });
        return 0;
    }
    const response = await s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
    if (!response.Body) throw new Error("GetObject returned no body");
    const records = await readLogFile(response.Body as AsyncIterable<Uint8Array>);
    // Detections tuned with windowMinutes count across files in the counts table; without one, no DynamoDB call.
    const counter = settings.detectionCountsTable === undefined ? undefined : new DynamoDbCounter(dynamodb, settings.detectionCountsTable);
    const findings = await evaluateFileCounted(e, records, await names.get(), counter);
    const file = `s3://${object.bucket}/${object.key}`;
    for (const finding of findings) await sns.send(new PublishCommand(findingPublish(finding, settings, file)));
    log("info", "evaluated", { key: object.key, records: records.length, alerts: findings.length });
    return findings.length;
}

/** The bytes of an object as stored, undefined for NoSuchKey (a missing file is a finding, not a failure). */
async function readRaw(bucket: string, key: string): Promise<Buffer | undefined> {
    try {
        return (await getRaw(bucket, key)).body;
    } catch (e) {
        if ((e as Error)?.name === "NoSuchKey") return undefined;
        throw e;
    }
}

async function getRaw(bucket: string, key: string): Promise<{ body: Buffer; metadata: Record<string, string> }> {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!response.Body) throw new Error("GetObject returned no body");
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.Body as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > MAX_COMPRESSED_BYTES) throw new Error(`${key} is larger than ${MAX_COMPRESSED_BYTES} bytes`);
        chunks.push(Buffer.from(chunk));
    }
    // S3 returns user metadata without its x-amz-meta- prefix, keys lower-cased (S3 User Guide, "Working with object metadata").
    return { body: Buffer.concat(chunks), metadata: response.Metadata ?? {} };
}

function digestIo(table: string): DigestIo {
    return { dynamodb, table, keys: publicKeys, readObject: readRaw, readDigest: getRaw };
}

/** Verifies a digest (an unreadable one throws: the message retries, then the DLQ and its alert) and pages on each break. */
async function handleDigest(settings: EngineSettings, table: string, object: NotifiedObject): Promise<number> {
    const verdict = await verifyAndRecord(digestIo(table), object.bucket, object.key, settings.organizationLogPrefix);
    for (const finding of foldFindings(verdict.findings)) await sns.send(new PublishCommand(integrityPublish(settings, finding, object.bucket, { digest: object.key })));
    log(verdict.findings.length ? "warn" : "info", "digest verified", {
        key: object.key, backfill: verdict.backfill, logFiles: verdict.logFilesVerified, authentic: verdict.authentic, findings: verdict.findings.length,
        kinds: [...new Set(verdict.findings.map((f) => f.kind))],
    });
    return verdict.findings.length;
}

/** The schedule's run: pages per chain and missing hour (hourly, then daily: engine/digest.ts lateChains), then records that it did. */
async function checkLateDigests(settings: EngineSettings, now: Date): Promise<number> {
    if (!settings.digestChainTable) {
        log("info", "scheduled event: digest verification is off, nothing to check");
        return 0;
    }
    const io = digestIo(settings.digestChainTable);
    const late = await lateChains(io, now, settings.digestAllowedDelayMinutes ?? DEFAULT_ALLOWED_DELAY_MINUTES);
    for (const { finding, missingThrough, chain } of late) {
        await sns.send(new PublishCommand(integrityPublish(settings, { ...finding, hour: `${missingThrough.slice(0, 13)}:00Z` }, settings.bucketName)));
        await markLateReported(io, chain, missingThrough);
    }
    log(late.length ? "warn" : "info", "late-digest check", { late: late.map((l) => `${l.chain.account}/${l.chain.region}`) });
    return late.length;
}

/** EventBridge's scheduled event: `source` aws.events, `detail-type` "Scheduled Event" (EventBridge User Guide, "Creating a rule that runs on a schedule"). */
export function isScheduledEvent(event: unknown): event is ScheduledEvent {
    const e = event as Record<string, unknown>;
    return e?.source === "aws.events" && e?.["detail-type"] === "Scheduled Event";
}

async function handleMessage(e: Engine, names: AccountNames, message: SQSRecord): Promise<void> {
    let objects: NotifiedObject[] = [];
    try {
        const parsed = notifiedObjects(message.body);
        if (parsed.test) {
            log("info", "s3:TestEvent: the bucket's notification configuration was written");
            return;
        }
        objects = parsed.objects;
        for (const object of objects) await handleObject(e, names, object);
    } catch (error) {
        const receiveCount = Number(message.attributes?.ApproximateReceiveCount ?? "1");
        const reason = error instanceof Error ? error.message : String(error);
        log("error", "message failed", { messageId: message.messageId, receiveCount, reason, keys: objects.map((o) => o.key) });
        if (receiveCount >= e.settings.maxReceiveCount) {
            const targets = objects.length > 0 ? objects : [{ bucket: e.settings.bucketName, key: `(message ${message.messageId})` }];
            for (const o of targets) {
                try {
                    await sns.send(new PublishCommand(unreadableFilePublish(e.settings, o.bucket, o.key, reason, receiveCount)));
                } catch (publishError) {
                    log("error", "could not publish the unreadable-file alert", { key: o.key, error: String(publishError) });
                }
            }
        }
        throw error;
    }
}

export async function handler(event: SQSEvent | ScheduledEvent): Promise<SQSBatchResponse> {
    // Bad settings fail every message: the batch retries, then the DLQ, and the engine's Errors alarm pages.
    const e = currentEngine();
    publicKeys.newInvocation();
    // A failure here throws: EventBridge retries (the target's retry policy) and the Errors alarm pages.
    if (isScheduledEvent(event)) {
        // Never later than the clock: anyone in the audit account may invoke the function (the SCP leaves lambda:InvokeFunction open), and a
        // hand-made event from the future would mark missing hours as paged ahead of time. An earlier time only skips a run.
        const sent = event.time ? Date.parse(event.time) : NaN;
        await checkLateDigests(e.settings, new Date(Number.isNaN(sent) ? Date.now() : Math.min(sent, Date.now())));
        return { batchItemFailures: [] };
    }
    accountNames ??= new AccountNames(organizations);
    const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
    for (const message of event.Records) {
        try {
            await handleMessage(e, accountNames, message);
        } catch {
            batchItemFailures.push({ itemIdentifier: message.messageId });
        }
    }
    return { batchItemFailures };
}
