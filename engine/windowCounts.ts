// Counting a detection's matches across log files, for detections tuned with
// `windowMinutes` (issue 17). A log file holds one account and region over
// about five minutes; a burst spread over several files, or over regions,
// stays under any per-file threshold. With a window the engine adds each
// file's count to a shared count per detection, counting key and window, and
// pages once: when that count crosses the threshold.
//
// Windows are tumbling, aligned to the epoch (00:00, 00:15, 00:30 for 15
// minutes): a window's start is the same for every file and every Lambda
// container without coordination. What a tumbling window misses: a burst
// that straddles a boundary is split in two, each part counted alone, so up
// to 2 x (threshold - 1) matches within one window's length can stay quiet.
// Accepted (docs/detections.md, "Bursts spread thin"): the next window starts
// over, a sustained attack crosses it, and a sliding window would need every
// match's time stored and read back on each file.
import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { DETECTION_COUNTS_KEY, DETECTION_COUNTS_TTL_ATTRIBUTE } from "../stacks/auditNames";

/**
 * How long a window's count outlives the window: a log file CloudTrail
 * delivers late, or a message SQS delivers again, still adds to its window's
 * count within the hour. DynamoDB's time to live deletes expired items
 * within a few days, not at once (DynamoDB Developer Guide, "Using time to
 * live"): the grace is a floor on how long a count is kept, not a bound.
 */
export const COUNT_GRACE_SECONDS = 3600;

/** A count before and after one file's matches were added. */
export interface CountChange {
    before: number;
    after: number;
}

/** Where windowed counts live: DynamoDB in the Lambda, memory in replay and tests. */
export interface WindowCounter {
    /** Adds `n` to the count under `key`, atomically, and says what it was and is; the count may be forgotten after `expiresAt` (epoch seconds). */
    add(key: string, n: number, expiresAt: number): Promise<CountChange>;
}

/** The start (epoch milliseconds) of the tumbling window of `minutes` that holds `timeMs`. */
export function windowStart(timeMs: number, minutes: number): number {
    const size = minutes * 60_000;
    return Math.floor(timeMs / size) * size;
}

/** The count's key: detection, counting key (the account, or the principal) and the window's start in ISO 8601. */
export function countKey(detectionId: string, countingKey: string, startMs: number): string {
    return `${detectionId}/${countingKey}/${new Date(startMs).toISOString()}`;
}

/** When the count of the window starting at `startMs` may be forgotten: its end plus the grace, in epoch seconds (TTL's unit). */
export function countExpiry(startMs: number, minutes: number): number {
    return Math.floor((startMs + minutes * 60_000) / 1000) + COUNT_GRACE_SECONDS;
}

/** Counts in memory: `npm run replay` over the files it is given, and tests. */
export class MemoryCounter implements WindowCounter {
    readonly counts = new Map<string, number>();

    async add(key: string, n: number): Promise<CountChange> {
        const before = this.counts.get(key) ?? 0;
        this.counts.set(key, before + n);
        return { before, after: before + n };
    }
}

/**
 * Counts in the audit account's table: one UpdateItem per count, `ADD`
 * (atomic: two containers adding at once both land, and each reads the sum
 * its own add made) with `ReturnValues: UPDATED_NEW`, so the count before is
 * the count after less what this file added. An item that does not exist
 * starts at 0 (DynamoDB API Reference, AttributeValueUpdate, ADD: "If you use
 * ADD to increment or decrement a number value for an item that doesn't
 * exist before the update, DynamoDB uses 0 as the initial value"). ADD and
 * SET in one expression: "You can include any of these clauses in an update
 * expression, in any order" (Developer Guide, "Update expressions"). `count`
 * is a reserved word, hence the placeholder. The time to live is set on
 * every add (the same value for a window).
 */
export class DynamoDbCounter implements WindowCounter {
    constructor(
        private readonly client: DynamoDBClient,
        private readonly tableName: string,
    ) {}

    async add(key: string, n: number, expiresAt: number): Promise<CountChange> {
        const response = await this.client.send(
            new UpdateItemCommand({
                TableName: this.tableName,
                Key: { [DETECTION_COUNTS_KEY]: { S: key } },
                UpdateExpression: "ADD #count :n SET #expires = :expires",
                ExpressionAttributeNames: { "#count": "count", "#expires": DETECTION_COUNTS_TTL_ATTRIBUTE },
                ExpressionAttributeValues: { ":n": { N: String(n) }, ":expires": { N: String(expiresAt) } },
                ReturnValues: "UPDATED_NEW",
            }),
        );
        const after = Number(response.Attributes?.count?.N);
        if (!Number.isFinite(after)) throw new Error(`UpdateItem on ${this.tableName} returned no count for ${key}`);
        return { before: after - n, after };
    }
}
