// The engine's digest path, offline: a signed archive built by the
// integrity tests' builder (real gzip, real digests in AWS's structure,
// signed as CloudTrail signs them), served by a mocked S3 with each digest's
// signature in its object metadata, the chain table a mocked DynamoDB whose
// items carry over from one delivery to the next, CloudTrail's
// ListPublicKeys mocked with the builder's key. Each delivery is an SQS
// message carrying the S3 notification, as for log files.
import { strict as assert } from "assert";
import { Readable } from "stream";
import { createHash, sign } from "crypto";
import { gunzipSync, gzipSync } from "zlib";
import { ListPublicKeysCommand } from "@aws-sdk/client-cloudtrail";
import { AttributeValue, ConditionalCheckFailedException, GetItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { PublishCommand, PublishCommandInput } from "@aws-sdk/client-sns";
import { ListAccountsCommand } from "@aws-sdk/client-organizations";
import type { ScheduledEvent } from "aws-lambda";
import { DIGEST_DELAY_DEFAULT_MINUTES } from "../../config/audit";
import { chainItem, DEFAULT_ALLOWED_DELAY_MINUTES, HOURLY_LATE_PAGES, latePageDue, MAX_PAGES_PER_KIND, newestOverdueEnd } from "../../engine/digest";
import { handler, resetEngine } from "../../engine/handler";
import type { EngineSettings } from "../../engine/settings";
import { DIGEST_CHAIN_KEY, DIGEST_CHAIN_TABLE_NAME } from "../../stacks/auditNames";
import { BUCKET, buildArchive, BuiltArchive, BuiltDigest, ORG_ID, removeBuiltArchives, testKeys } from "../integrity/archiveBuilder";
import { ACCOUNT_NAMES, captureConsole, s3Notification, SETTINGS, settingsFile, sqsEvent, sqsRecord } from "./fixtures";

import { ctMock, ddbMock, orgMock, s3Mock, snsMock } from "./mocks";

const DIGEST_SETTINGS: EngineSettings = {
    ...SETTINGS,
    bucketName: BUCKET,
    organizationLogPrefix: `AWSLogs/${ORG_ID}/`,
    digestChainTable: DIGEST_CHAIN_TABLE_NAME,
    digestAllowedDelayMinutes: 120,
};

const CHAIN = "111111111111/us-east-1";

/** The table: items by partition key, shared across deliveries like the real one. */
let table: Map<string, Record<string, AttributeValue>>;
/** Digest metadata as CloudTrail writes it (x-amz-meta-signature, x-amz-meta-signature-algorithm); S3 returns it without the prefix. */
let metadata: Map<string, Record<string, string>>;
let objects: Map<string, Buffer>;
let conditionFailures = 0;
/** GetItem calls held until this many are waiting: two instances that both read before either writes. */
let readBarrier = 0;
let waiting: Array<() => void> = [];

const conditionFailed = () => new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} });

/**
 * DynamoDB's conditional writes for the two conditions the engine uses:
 * `attribute_not_exists(#chain)` and `#key = :read` / `#key = :key`.
 */
function conditionHolds(item: Record<string, AttributeValue> | undefined, expression: string | undefined, values: Record<string, AttributeValue> | undefined): boolean {
    if (!expression) return true;
    if (expression.startsWith("attribute_not_exists")) return item === undefined;
    const m = /^#key = (:\w+)$/.exec(expression);
    if (!m) throw new Error(`the test table does not understand ${expression}`);
    return item !== undefined && item.key?.S === values?.[m[1]]?.S;
}

function serveTable(): void {
    ddbMock.on(GetItemCommand).callsFake(async (input) => {
        if (readBarrier > 0) {
            await new Promise<void>((release) => {
                waiting.push(release);
                if (waiting.length === readBarrier) {
                    readBarrier = 0;
                    waiting.splice(0).forEach((r) => r());
                }
            });
        }
        const item = table.get(input.Key[DIGEST_CHAIN_KEY].S);
        return { Item: item ? structuredClone(item) : undefined };
    });
    ddbMock.on(PutItemCommand).callsFake(async (input) => {
        const id = input.Item[DIGEST_CHAIN_KEY].S;
        if (!conditionHolds(table.get(id), input.ConditionExpression, input.ExpressionAttributeValues)) {
            conditionFailures++;
            throw conditionFailed();
        }
        table.set(id, structuredClone(input.Item));
        return {};
    });
    ddbMock.on(UpdateItemCommand).callsFake(async (input) => {
        const id = input.Key[DIGEST_CHAIN_KEY].S;
        const item = table.get(id);
        if (!conditionHolds(item, input.ConditionExpression, input.ExpressionAttributeValues)) throw conditionFailed();
        assert.equal(input.UpdateExpression, "SET lateReportedThrough = :through");
        table.set(id, { ...item!, lateReportedThrough: input.ExpressionAttributeValues[":through"] });
        return {};
    });
    ddbMock.on(ScanCommand).callsFake(async () => ({ Items: [...table.values()].map((i) => structuredClone(i)) }));
}

function serveBucket(): void {
    s3Mock.on(GetObjectCommand).callsFake(async (input) => {
        const body = input.Bucket === BUCKET ? objects.get(input.Key) : undefined;
        if (!body) throw Object.assign(new Error("The specified key does not exist."), { name: "NoSuchKey" });
        return { Body: Readable.from([body]), ContentLength: body.length, Metadata: metadata.get(input.Key) ?? {} };
    });
}

/** ListPublicKeys as the SDK returns it: Value as bytes, validity times as Dates. */
function servePublicKeys(keys = [testKeys().aws]): void {
    ctMock.on(ListPublicKeysCommand).resolves({
        PublicKeyList: keys.map((k) => ({
            Value: new Uint8Array(Buffer.from(k.publicDerBase64, "base64")),
            ValidityStartTime: new Date("2026-01-01T00:00:00Z"),
            ValidityEndTime: new Date("2027-01-01T00:00:00Z"),
            Fingerprint: k.fingerprint,
        })),
    });
}

function useArchive(archive: BuiltArchive): void {
    objects = new Map(archive.objects);
    metadata = new Map(archive.digests.map((d) => [d.key, { signature: d.signature, "signature-algorithm": "SHA256withRSA" }]));
}

const published = (): PublishCommandInput[] => snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input);
const email = (p: PublishCommandInput): string => JSON.parse(p.Message!).email;
const https = (p: PublishCommandInput): Record<string, any> => JSON.parse(JSON.parse(p.Message!).https);
const chainOf = (archive: BuiltArchive, chain = CHAIN): BuiltDigest[] => archive.digests.filter((d) => `${d.account}/${d.region}` === chain && !d.backfill);

async function deliver(d: BuiltDigest | string, receiveCount = 1) {
    const key = typeof d === "string" ? d : d.key;
    return handler(sqsEvent(sqsRecord(s3Notification(key, objects.get(key)?.length ?? 0, BUCKET), receiveCount)));
}

const scheduled = (time: string): ScheduledEvent => ({
    // EventBridge's scheduled event, as its documentation's example shows it (also aws/aws-lambda-rust-runtime's fixture).
    version: "0", id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", "detail-type": "Scheduled Event", source: "aws.events", account: "333333333333",
    time, region: "us-east-1", resources: ["arn:aws:events:us-east-1:333333333333:rule/org-cloudtrail-digest-check"], detail: {},
});

describe("engine digest path", () => {
let restoreConsole: () => void = () => undefined;
const logs: string[] = [];

beforeEach(() => {
    for (const m of [s3Mock, snsMock, orgMock, ddbMock, ctMock]) m.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "f1a2b3c4-0000-4000-8000-000000000001" });
    orgMock.on(ListAccountsCommand).resolves({ Accounts: ACCOUNT_NAMES.map((a) => ({ ...a, Status: "ACTIVE" })) });
    table = new Map();
    conditionFailures = 0;
    readBarrier = 0;
    waiting = [];
    serveTable();
    serveBucket();
    servePublicKeys();
    process.env.ORG_CLOUDTRAIL_SETTINGS_FILE = settingsFile(DIGEST_SETTINGS);
    resetEngine();
    logs.length = 0;
    restoreConsole = captureConsole(logs);
});

afterEach(() => {
    restoreConsole();
    delete process.env.ORG_CLOUDTRAIL_SETTINGS_FILE;
});

after(removeBuiltArchives);

describe("engine digest path: a clean chain", () => {
    it("verifies each digest as it lands, fetching every listed log file, and carries the chain in the table", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const chain = chainOf(archive);
        for (const d of chain) {
            assert.deepEqual(await deliver(d), { batchItemFailures: [] });
            assert.equal(table.get(CHAIN)?.key.S, d.key, "the table holds the digest just verified");
        }
        assert.deepEqual(published(), []);
        const fetched = s3Mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key);
        for (const d of chain) for (const log of d.logKeys) assert.ok(fetched.includes(log), `${log} was read`);
        // Every PutItem after the first is conditional on the digest read before it.
        const puts = ddbMock.commandCalls(PutItemCommand).map((c) => c.args[0].input);
        assert.equal(puts[0].ConditionExpression, "attribute_not_exists(#chain)");
        assert.deepEqual(puts.slice(1).map((p) => p.ExpressionAttributeValues?.[":read"].S), chain.slice(0, -1).map((d) => d.key));
        const item = table.get(CHAIN)!;
        assert.equal(item.signature.S, chain.at(-1)!.signature);
        assert.equal(item.endTime.S, chain.at(-1)!.end);
    });

    it("a redelivered digest (an SQS retry) pages nothing and leaves the chain where it is", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const [a, b] = chainOf(archive);
        await deliver(a);
        await deliver(b);
        await deliver(a);
        await deliver(b);
        assert.deepEqual(published(), []);
        assert.equal(table.get(CHAIN)?.key.S, b.key);
    });

    it("a backfill digest is verified but does not move the chain", async () => {
        const archive = buildArchive({ backfill: CHAIN });
        useArchive(archive);
        const chain = chainOf(archive);
        for (const d of chain) await deliver(d);
        const backfill = archive.digests.find((d) => d.backfill)!;
        await deliver(backfill);
        assert.deepEqual(published(), []);
        assert.equal(table.get(CHAIN)?.key.S, chain.at(-1)!.key);
        assert.ok(s3Mock.commandCalls(GetObjectCommand).some((c) => c.args[0].input.Key === backfill.logKeys[0]));
    });

    it("a backfill digest as the first the engine sees of a chain does not start the chain", async () => {
        const archive = buildArchive({ backfill: CHAIN });
        useArchive(archive);
        await deliver(archive.digests.find((d) => d.backfill)!);
        assert.deepEqual(published(), []);
        assert.equal(table.size, 0);
    });
});

describe("engine digest path: each break pages once, with account, region, hour and file", () => {
    async function deliverAll(archive: BuiltArchive) {
        for (const d of chainOf(archive)) await deliver(d);
    }

    function only(kind: string): PublishCommandInput {
        const all = published();
        assert.equal(all.length, 1, `one page, got ${all.map((p) => p.Subject).join(" | ")}`);
        assert.equal(https(all[0]).detectionId, kind);
        return all[0];
    }

    it("a log file modified: digest-log-file-modified, the exact alert", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const d = chainOf(archive)[2];
        const log = d.logKeys[0];
        const json = gunzipSync(objects.get(log)!).toString().replace("198.51.100.7", "198.51.100.8");
        objects.set(log, gzipSync(json));
        await deliverAll(archive);
        const page = only("digest-log-file-modified");
        assert.equal(page.Subject, "[CRITICAL] digest-log-file-modified: 111111111111 us-east-1 2026-11-26T12:00Z");
        assert.equal(page.MessageAttributes?.dedupKey.StringValue, "org-cloudtrail/digest-log-file-modified/111111111111/us-east-1");
        const body = email(page).split("\n");
        assert.equal(body[0], "CloudTrail log file integrity: a log file was changed after CloudTrail delivered it.");
        assert.ok(body.includes(`File:       s3://${BUCKET}/${log}`));
        assert.ok(body.includes(`Digest:     s3://${BUCKET}/${d.key}`));
        assert.ok(body.includes("Account:    111111111111") && body.includes("Region:     us-east-1") && body.includes("Hour:       2026-11-26T12:00Z"));
        assert.match(email(page), /What: {7}log file .* SHA-256 [0-9a-f]{64} differs from [0-9a-f]{64}/);
        assert.match(email(page), /FIRST CHECK\nThe log archive bucket's server access logs/);
        assert.equal(https(page).severity, "critical");
        assert.equal(https(page).where.accountId, "111111111111");
    });

    it("a log file missing: digest-log-file-missing", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const log = chainOf(archive)[3].logKeys[1];
        objects.delete(log);
        await deliverAll(archive);
        const page = only("digest-log-file-missing");
        assert.match(email(page), new RegExp(`log file ${log}, listed in digest .* is missing`));
    });

    it("a digest deleted from the middle: the next one pages digest-missing for the deleted hour", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const chain = chainOf(archive);
        objects.delete(chain[1].key);
        for (const d of [chain[0], chain[2], chain[3]]) await deliver(d);
        const page = only("digest-missing");
        assert.equal(page.Subject, "[CRITICAL] digest-missing: 111111111111 us-east-1 2026-11-26T11:00Z");
        assert.ok(email(page).includes(`File:       s3://${BUCKET}/${chain[1].key}`));
    });

    it("a digest modified after it was verified: the next one pages digest-modified", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const chain = chainOf(archive);
        await deliver(chain[0]);
        await deliver(chain[1]);
        const inflated = JSON.parse(gunzipSync(objects.get(chain[1].key)!).toString());
        inflated.digestStartTime = "2026-11-26T10:05:32Z";
        objects.set(chain[1].key, gzipSync(JSON.stringify(inflated)));
        await deliver(chain[2]);
        only("digest-modified");
    });

    it("the chain broken: the table remembers another digest for that hour than the one the new digest chains to", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const chain = chainOf(archive);
        await deliver(chain[0]);
        // What the table held for hour 1: a digest of the same hour under another key (replaced since).
        table.set(CHAIN, chainItem({ account: "111111111111", region: "us-east-1", key: chain[1].key.replace("org-trail", "other-trail"), hash: "0".repeat(64), signature: null, endTime: chain[1].end }));
        await deliver(chain[2]);
        const page = only("digest-chain-broken");
        assert.match(email(page), /follows .* but the last digest verified for 111111111111 us-east-1 was .*other-trail/);
    });

    it("a wrong signature in the metadata: digest-signature-invalid", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const d = chainOf(archive)[1];
        const sig = metadata.get(d.key)!.signature;
        metadata.get(d.key)!.signature = (sig[0] === "0" ? "1" : "0") + sig.slice(1);
        await deliverAll(archive);
        // The next digest also records the real signature as previousDigestSignature: the table now holds the changed one.
        const kinds = published().map((p) => https(p).detectionId);
        assert.equal(kinds[0], "digest-signature-invalid");
        assert.ok(kinds.slice(1).every((k) => k === "digest-modified"), kinds.join());
    });

    it("a digest re-signed by another key under CloudTrail's fingerprint: digest-signature-invalid", async () => {
        const archive = buildArchive({ forge: { chain: CHAIN, hour: 2, fingerprint: "aws" } });
        useArchive(archive);
        await deliverAll(archive);
        only("digest-signature-invalid");
    });

    it("a digest signed by a key CloudTrail does not list: digest-unknown-public-key, after one refetch", async () => {
        const archive = buildArchive({ forge: { chain: CHAIN, hour: 2, fingerprint: "other" } });
        useArchive(archive);
        await deliverAll(archive);
        only("digest-unknown-public-key");
        // One fetch on the first digest, one refetch for the unknown fingerprint; the hour-3 digest uses the cache.
        assert.equal(ctMock.commandCalls(ListPublicKeysCommand).length, 2);
    });

    it("a digest without signature metadata: digest-unsigned; with another algorithm: digest-signature-invalid", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const [a, b] = chainOf(archive);
        metadata.set(a.key, {});
        metadata.set(b.key, { signature: b.signature, "signature-algorithm": "SHA1withRSA" });
        await deliver(a);
        await deliver(b);
        assert.deepEqual(published().map((p) => https(p).detectionId), ["digest-unsigned", "digest-signature-invalid"]);
        assert.match(email(published()[1]), /signed with SHA1withRSA, expected SHA256withRSA/);
    });

    it("a digest that is not gzip pages digest-malformed and does not become the chain's state", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const [a, b] = chainOf(archive);
        await deliver(a);
        objects.set(b.key, Buffer.from("not a digest"));
        assert.deepEqual(await deliver(b), { batchItemFailures: [] });
        only("digest-malformed");
        assert.equal(table.get(CHAIN)?.key.S, a.key);
    });

    it("a malformed digest as the first of a chain pages and leaves the table empty", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const [a] = chainOf(archive);
        objects.set(a.key, gzipSync("{}"));
        await deliver(a);
        only("digest-malformed");
        assert.equal(table.size, 0);
    });

    it("a file under CloudTrail-Digest/ that CloudTrail did not name pages and touches no chain", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const d = chainOf(archive)[0];
        const stray = d.key.replace(/[^/]+$/, "notes.json.gz");
        objects.set(stray, objects.get(d.key)!);
        metadata.set(stray, metadata.get(d.key)!);
        assert.deepEqual(await deliver(stray), { batchItemFailures: [] });
        const kinds = published().map((p) => https(p).detectionId);
        assert.ok(kinds.includes("digest-modified"), kinds.join());
        assert.equal(table.size, 0);
    });

    it("a listed log file S3 refuses to serve (not NoSuchKey) fails the message: an outage is not a deleted file", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const d = chainOf(archive)[0];
        s3Mock.on(GetObjectCommand, { Bucket: BUCKET, Key: d.logKeys[0] }).rejects(Object.assign(new Error("Access Denied"), { name: "AccessDenied" }));
        const result = await deliver(d);
        assert.equal(result.batchItemFailures.length, 1);
        assert.deepEqual(published(), []);
        assert.equal(table.size, 0);
    });

    it("a digest that cannot be read fails its message; on the last delivery the unreadable-file alert", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const d = chainOf(archive)[0];
        s3Mock.on(GetObjectCommand, { Bucket: BUCKET, Key: d.key }).rejects(Object.assign(new Error("Access Denied"), { name: "AccessDenied" }));
        const first = await deliver(d, 1);
        assert.equal(first.batchItemFailures.length, 1);
        assert.deepEqual(published(), []);
        const last = await deliver(d, DIGEST_SETTINGS.maxReceiveCount);
        assert.equal(last.batchItemFailures.length, 1);
        assert.equal(https(published()[0]).detectionId, "log-file-unreadable");
        assert.equal(table.size, 0);
    });
});

describe("engine digest path: out of order and concurrent deliveries", () => {
    it("hour 2 before hour 1: no page, the chain ends at hour 2, hour 1 verified on its own", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const [h0, h1, h2, h3] = chainOf(archive);
        for (const d of [h0, h2, h1, h3]) await deliver(d);
        assert.deepEqual(published(), [], published().map((p) => p.Subject).join());
        assert.equal(table.get(CHAIN)?.key.S, h3.key);
        // Hour 1's log files were read for its own delivery (hour 1 has none in the builder: hour 2's instead).
        assert.ok(s3Mock.commandCalls(GetObjectCommand).filter((c) => c.args[0].input.Key === h1.key).length >= 1);
    });

    it("hours 1 and 2 handled at once by two instances: one conditional write loses, is verified again, and the chain ends at hour 2", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const [h0, h1, h2] = chainOf(archive);
        await deliver(h0);
        const afterHour0 = structuredClone(table.get(CHAIN)!);
        for (const order of [[h1, h2], [h2, h1]]) {
            table.set(CHAIN, structuredClone(afterHour0));
            conditionFailures = 0;
            readBarrier = 2;
            const results = await Promise.all(order.map((d) => deliver(d)));
            assert.deepEqual(results, [{ batchItemFailures: [] }, { batchItemFailures: [] }]);
            assert.deepEqual(published(), [], published().map((p) => p.Subject).join());
            assert.equal(table.get(CHAIN)?.key.S, h2.key, `order ${order.map((d) => d.end).join(", ")}`);
            assert.ok(conditionFailures >= 1, "both read hour 0: one write was refused");
        }
    });
});

describe("engine digest path: public keys", () => {
    it("are fetched once per region and container, with SDK v3's byte Value converted", async () => {
        const archive = buildArchive();
        useArchive(archive);
        for (const d of chainOf(archive)) await deliver(d);
        for (const d of chainOf(archive, "123456789012/us-east-1")) await deliver(d);
        for (const d of chainOf(archive, "111111111111/eu-west-1")) await deliver(d);
        assert.deepEqual(published(), []);
        const calls = ctMock.commandCalls(ListPublicKeysCommand);
        assert.equal(calls.length, 2, "us-east-1 once, eu-west-1 once");
        const input = calls[0].args[0].input;
        assert.ok(input.StartTime! <= new Date(chainOf(archive)[0].end) && new Date(chainOf(archive)[0].end) <= input.EndTime!, "the digest's time is in the range asked");
    });

    it("an unknown fingerprint refetches at most once per invocation", async () => {
        const archive = buildArchive({ forge: { chain: CHAIN, hour: 2, fingerprint: "other" } });
        useArchive(archive);
        const chain = chainOf(archive);
        await deliver(chain[0]);
        await deliver(chain[1]);
        // Two messages of one batch, both naming the unknown key: one refetch between them.
        const forged = chain[2];
        await handler(sqsEvent(sqsRecord(s3Notification(forged.key, 1, BUCKET)), sqsRecord(s3Notification(forged.key, 1, BUCKET))));
        assert.equal(ctMock.commandCalls(ListPublicKeysCommand).length, 2);
        // A new invocation may refetch again (the key could have been published since).
        await deliver(forged);
        assert.equal(ctMock.commandCalls(ListPublicKeysCommand).length, 3);
    });
});

describe("engine digest path: the late check", () => {
    const state = (endTime: string) => chainItem({ account: "111111111111", region: "us-east-1", key: "AWSLogs/o-a1b2c3d4e5/111111111111/CloudTrail-Digest/us-east-1/2026/11/26/111111111111_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20261126T100531Z.json.gz", hash: "a".repeat(64), signature: "ab", endTime });

    it("pages once per missing hour, not every 15 minutes, and a digest that arrives resets it", async () => {
        table.set(CHAIN, state("2026-11-26T10:05:31Z"));
        table.set("123456789012/eu-west-1", { ...chainItem({ account: "123456789012", region: "eu-west-1", key: "k", hash: "b".repeat(64), signature: null, endTime: "2026-11-26T12:05:31Z" }) });
        // Due 11:05:31, allowed 120 minutes: not yet at 13:05, late at 13:06.
        await handler(scheduled("2026-11-26T13:05:00Z"));
        assert.deepEqual(published(), []);
        await handler(scheduled("2026-11-26T13:20:00Z"));
        const [page, ...rest] = published();
        assert.equal(rest.length, 0);
        assert.equal(page.Subject, "[HIGH] digest-late: 111111111111 us-east-1 2026-11-26T11:00Z");
        assert.equal(page.MessageAttributes?.dedupKey.StringValue, "org-cloudtrail/digest-late/111111111111/us-east-1");
        assert.match(email(page), /no digest for 111111111111 us-east-1 since .*: the next was due at 2026-11-26T11:05:31.000Z, 134 minutes ago \(allowed 120\)/);
        assert.match(email(page), /FIRST CHECK\nThe trail's status \(aws cloudtrail get-trail-status/);
        assert.equal(table.get(CHAIN)?.lateReportedThrough?.S, "2026-11-26T11:05:31.000Z");
        for (const t of ["2026-11-26T13:35:00Z", "2026-11-26T13:50:00Z", "2026-11-26T14:05:00Z"]) await handler(scheduled(t));
        assert.equal(published().length, 1, "the same missing hour pages once");
        await handler(scheduled("2026-11-26T14:20:00Z"));
        assert.equal(published().length, 2, "the next hour missing too: one more page");
        assert.equal(published()[1].Subject, "[HIGH] digest-late: 111111111111 us-east-1 2026-11-26T12:00Z");
        // A digest arrives (the new state has no mark), then goes quiet again: pages again in time.
        table.set(CHAIN, state("2026-11-26T14:05:31Z"));
        await handler(scheduled("2026-11-26T17:20:00Z"));
        assert.deepEqual(published().slice(2).map((p) => p.Subject), [
            "[HIGH] digest-late: 111111111111 us-east-1 2026-11-26T15:00Z",
            "[HIGH] digest-late: 123456789012 eu-west-1 2026-11-26T15:00Z",
        ]);
    });

    it("a digest that lands between the Scan and the mark wins: the mark is dropped, the new state kept", async () => {
        table.set(CHAIN, state("2026-11-26T10:05:31Z"));
        const arrived = state("2026-11-26T13:05:31Z");
        arrived.key = { S: "newer" };
        ddbMock.on(ScanCommand).callsFake(async () => {
            const items = [...table.values()].map((i) => structuredClone(i));
            table.set(CHAIN, arrived);
            return { Items: items };
        });
        await handler(scheduled("2026-11-26T13:20:00Z"));
        assert.equal(published().length, 1);
        assert.equal(table.get(CHAIN)?.key.S, "newer");
        assert.equal(table.get(CHAIN)?.lateReportedThrough, undefined);
    });

    it("a chain that never delivers again pages each of its first hours, then once a day with how long it has been silent", async () => {
        table.set(CHAIN, state("2026-11-20T10:05:31Z"));
        // Every 15 minutes for three days after it was first late (13:05:31 on the 20th).
        const start = Date.parse("2026-11-20T13:00:00Z");
        for (let t = start; t <= start + 72 * 3_600_000; t += 15 * 60_000) await handler(scheduled(new Date(t).toISOString()));
        const subjects = published().map((p) => p.Subject);
        const hourly = Array.from({ length: HOURLY_LATE_PAGES }, (_, i) => `[HIGH] digest-late: 111111111111 us-east-1 2026-11-20T${11 + i}:00Z`);
        // Then one a day: 30 and 54 hours missing.
        assert.deepEqual(subjects, [...hourly, "[HIGH] digest-late: 111111111111 us-east-1 2026-11-21T16:00Z", "[HIGH] digest-late: 111111111111 us-east-1 2026-11-22T16:00Z"]);
        assert.match(email(published()[HOURLY_LATE_PAGES]), /What: {7}chain 111111111111 us-east-1 silent since 2026-11-20T10:05:31Z \(last digest .*\): 30 hourly digests missing\. Paged hourly for the first 6 hours, now once a day\..*"Retiring a chain"/);
        assert.match(email(published().at(-1)!), /: 54 hourly digests missing/);
        // Retired (its item deleted with break-glass): silence.
        table.delete(CHAIN);
        await handler(scheduled(new Date(start + 96 * 3_600_000).toISOString()));
        assert.equal(published().length, HOURLY_LATE_PAGES + 2);
    });

    it("the late-page policy: hourly up to the limit, then a day after the last page", () => {
        const h = (n: number) => new Date(Date.parse("2026-11-20T10:05:31Z") + n * 3_600_000).toISOString();
        assert.equal(latePageDue(1, h(1), undefined), true);
        assert.equal(latePageDue(1, h(1), h(1)), false);
        assert.equal(latePageDue(HOURLY_LATE_PAGES, h(HOURLY_LATE_PAGES), h(HOURLY_LATE_PAGES - 1)), true);
        assert.equal(latePageDue(HOURLY_LATE_PAGES + 1, h(HOURLY_LATE_PAGES + 1), h(HOURLY_LATE_PAGES)), false);
        assert.equal(latePageDue(HOURLY_LATE_PAGES + 23, h(HOURLY_LATE_PAGES + 23), h(HOURLY_LATE_PAGES)), false);
        assert.equal(latePageDue(HOURLY_LATE_PAGES + 24, h(HOURLY_LATE_PAGES + 24), h(HOURLY_LATE_PAGES)), true);
        // First seen already long silent (the table was just created, or the engine was off): pages at once.
        assert.equal(latePageDue(40, h(40), undefined), true);
    });

    it("the newest overdue hour: one missing, then three", () => {
        const c = { account: "1", region: "r", key: "k", hash: "h", signature: null, endTime: "2026-11-26T10:05:31Z" };
        assert.equal(newestOverdueEnd(c, new Date("2026-11-26T13:06:00Z"), 120), "2026-11-26T11:05:31.000Z");
        assert.equal(newestOverdueEnd(c, new Date("2026-11-26T15:06:00Z"), 120), "2026-11-26T13:05:31.000Z");
    });

    it("the engine's default delay is the audit stack's", () => {
        assert.equal(DEFAULT_ALLOWED_DELAY_MINUTES, DIGEST_DELAY_DEFAULT_MINUTES);
    });
});

describe("engine digest path: off without a chain table", () => {
    it("older settings: a digest is skipped unread, a scheduled event does nothing", async () => {
        process.env.ORG_CLOUDTRAIL_SETTINGS_FILE = settingsFile({ ...DIGEST_SETTINGS, digestChainTable: undefined, digestAllowedDelayMinutes: undefined });
        resetEngine();
        const archive = buildArchive();
        useArchive(archive);
        for (const d of chainOf(archive)) assert.deepEqual(await deliver(d), { batchItemFailures: [] });
        await handler(scheduled("2026-11-27T13:20:00Z"));
        assert.equal(s3Mock.commandCalls(GetObjectCommand).length, 0);
        assert.equal(ddbMock.calls().length, 0);
        assert.equal(ctMock.calls().length, 0);
        assert.deepEqual(published(), []);
    });
});

describe("engine digest path: an insider of the log-archive account (review of issue 18)", () => {
    /** Puts a digest at `key` with this content and metadata, as a PutObject by the bucket's administrator would. */
    function plant(key: string, digest: Record<string, unknown>, meta: Record<string, string>): void {
        objects.set(key, gzipSync(JSON.stringify(digest)));
        metadata.set(key, meta);
    }
    const inflatedOf = (key: string) => JSON.parse(gunzipSync(objects.get(key)!).toString());
    /** Puts a digest signed as CloudTrail signs (the test's CloudTrail key, the builder's signing string): what CloudTrail itself would write. */
    function plantSigned(key: string, digest: Record<string, any>): void {
        const inflated = Buffer.from(JSON.stringify(digest));
        const toSign = `${digest.digestEndTime}\n${BUCKET}/${key}\n${createHash("sha256").update(inflated).digest("hex")}\n${digest.previousDigestSignature ?? "null"}`;
        objects.set(key, gzipSync(inflated));
        metadata.set(key, { signature: sign("sha256", Buffer.from(toSign), testKeys().aws.privateKey).toString("hex"), "signature-algorithm": "SHA256withRSA" });
    }

    it("a forged digest does not move the chain: unsigned with a future end time, signed by the insider's key, a genuine digest of another account copied in", async () => {
        const archive = buildArchive({ forge: { chain: CHAIN, hour: 3, fingerprint: "other" } });
        useArchive(archive);
        const chain = chainOf(archive);
        await deliver(chain[0]);
        await deliver(chain[1]);
        const before = structuredClone(table.get(CHAIN));
        // 1. Unsigned, ending in 2030, chaining to hour 1 (a copy of hour 2 with its end moved on).
        const future = chain[2].key.replace(/2026\/11\/26/, "2030/01/01").replace(/20261126T\d{6}Z/, "20300101T000000Z");
        plant(future, { ...inflatedOf(chain[2].key), digestEndTime: "2030-01-01T00:00:00Z", digestS3Object: future }, {});
        await deliver(future);
        // 2. Signed by the insider's own key pair (the builder's forged hour 3).
        await deliver(chain[3]);
        // 3. A genuine, CloudTrail-signed digest of account 123456789012, copied under a key of 111111111111.
        const foreign = chainOf(archive, "123456789012/us-east-1")[3];
        const copied = foreign.key.replaceAll("123456789012", "111111111111").replace(/T\d{6}Z\.json\.gz$/, "T235959Z.json.gz");
        objects.set(copied, objects.get(foreign.key)!);
        metadata.set(copied, metadata.get(foreign.key)!);
        await deliver(copied);
        assert.deepEqual(published().map((p) => https(p).detectionId), ["digest-unsigned", "digest-unknown-public-key", "digest-modified", "digest-modified"]);
        assert.deepEqual(table.get(CHAIN), before, "the chain still ends at hour 1");
        // So the late check still sees the chain silent after hour 1.
        await handler(scheduled("2026-11-26T14:20:00Z"));
        assert.equal(https(published().at(-1)!).detectionId, "digest-late");
    });

    it("a genuine digest of another trail, written under the organization's prefix (a trail whose own prefix is AWSLogs/<o-id>), pages and does not move the chain", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const [h0, h1] = chainOf(archive);
        await deliver(h0);
        // What CloudTrail itself would sign for such a trail: the digest names its own (nested) key.
        const nested = `AWSLogs/${ORG_ID}/${h1.key}`;
        plantSigned(nested, { ...inflatedOf(h1.key), digestS3Object: nested, previousDigestS3Bucket: null, previousDigestS3Object: null, previousDigestHashValue: null, previousDigestHashAlgorithm: null, previousDigestSignature: null });
        await deliver(nested);
        const kinds = published().map((p) => https(p).detectionId);
        assert.ok(kinds.includes("digest-modified"), kinds.join());
        assert.match(published().map(email).join("\n"), /outside the organization trail's prefix/);
        assert.equal(table.get(CHAIN)?.key.S, h0.key);
    });

    it("the newest digest deleted before the engine reads it: digest-missing at once, not retries to the dead-letter queue", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const [h0, h1] = chainOf(archive);
        await deliver(h0);
        objects.delete(h1.key);
        assert.deepEqual(await deliver(h1), { batchItemFailures: [] });
        const [page, ...rest] = published();
        assert.equal(rest.length, 0);
        assert.equal(https(page).detectionId, "digest-missing");
        assert.equal(page.Subject, "[CRITICAL] digest-missing: 111111111111 us-east-1 2026-11-26T11:00Z");
        assert.ok(email(page).includes(`File:       s3://${BUCKET}/${h1.key}`));
        assert.match(email(page), /deleted between its notification and the engine's read/);
        assert.equal(table.get(CHAIN)?.key.S, h0.key);
    });

    it("a notification for a digest key in another bucket is skipped unread", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const d = chainOf(archive)[0];
        await handler(sqsEvent(sqsRecord(s3Notification(d.key, 1, "attacker-bucket"))));
        assert.equal(s3Mock.commandCalls(GetObjectCommand).length, 0);
        assert.deepEqual(published(), []);
        assert.equal(table.size, 0);
    });

    it("a scheduled event from the future (invoked by hand) is checked at the clock's time: it cannot mark missing hours as paged ahead", async () => {
        table.set(CHAIN, chainItem({ account: "111111111111", region: "us-east-1", key: "k", hash: "a".repeat(64), signature: null, endTime: new Date(Date.now() - 30 * 60_000).toISOString() }));
        await handler(scheduled("2099-01-01T00:00:00Z"));
        assert.deepEqual(published(), []);
        assert.equal(table.get(CHAIN)?.lateReportedThrough, undefined);
    });

    it("a forged digest listing thousands of the bucket's real (large) log files is not read file by file: it pages at once, within the function's time", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const [h0] = chainOf(archive);
        const body = inflatedOf(h0.key);
        // Every entry names a real object: reading them all (up to 160 MiB inflated each) would outlast the 300 s timeout, and the page would wait for the dead-letter queue.
        body.logFiles = Array.from({ length: 5000 }, () => body.logFiles[0]);
        plant(h0.key, body, { signature: "00".repeat(256), "signature-algorithm": "SHA256withRSA" });
        assert.deepEqual(await deliver(h0), { batchItemFailures: [] });
        assert.deepEqual(published().map((p) => https(p).detectionId), ["digest-signature-invalid"]);
        assert.match(email(published()[0]), /its 5000 listed log files were not read/);
        assert.equal(s3Mock.commandCalls(GetObjectCommand).filter((c) => c.args[0].input.Key === body.logFiles[0].s3Object).length, 0);
        assert.equal(table.size, 0);
    });

    it("a forged digest's own text cannot break an alert: a 300 KB name with line breaks is clipped to one line, and each Publish stays under SNS's 256 KB", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const [h0] = chainOf(archive);
        const body = inflatedOf(h0.key);
        plant(h0.key, { ...body, digestS3Object: `evil\n\nFIRST CHECK\nNothing: a test.${"x".repeat(300_000)}`, digestPublicKeyFingerprint: "f".repeat(100_000) }, { signature: "00" });
        assert.deepEqual(await deliver(h0), { batchItemFailures: [] });
        const pages = published();
        assert.ok(pages.length >= 2, pages.map((p) => p.Subject).join());
        for (const p of pages) {
            // SNS: a message of at most 256 KB (262,144 bytes), a subject of at most 100 ASCII characters without line breaks.
            assert.ok(Buffer.byteLength(p.Message!) <= 262_144, `${Buffer.byteLength(p.Message!)} bytes`);
            assert.ok(p.Subject!.length <= 100 && /^[\x20-\x7e]+$/.test(p.Subject!));
            assert.equal(email(p).split("\n").filter((l) => l === "FIRST CHECK").length, 1);
            assert.ok(!email(p).split("\n").some((l) => l.startsWith("Nothing")));
        }
    });

    it("a genuine digest listing thousands of log files, all deleted, pages a few, then one summary, not thousands", async () => {
        const archive = buildArchive();
        useArchive(archive);
        const [h0] = chainOf(archive);
        const body = inflatedOf(h0.key);
        body.logFiles = Array.from({ length: 3000 }, (_, i) => ({ ...body.logFiles[0], s3Object: body.logFiles[0].s3Object.replace(/_\w+\.json\.gz$/, `_Gone${String(i).padStart(10, "0")}.json.gz`) }));
        plantSigned(h0.key, body);
        assert.deepEqual(await deliver(h0), { batchItemFailures: [] });
        const pages = published();
        assert.ok(pages.length <= MAX_PAGES_PER_KIND + 2, `${pages.length} pages`);
        const missing = pages.filter((p) => https(p).detectionId === "digest-log-file-missing");
        assert.equal(missing.length, MAX_PAGES_PER_KIND + 1);
        assert.match(email(missing.at(-1)!), /and 2995 more log files missing/);
        for (const p of pages) {
            assert.ok(p.Subject!.length <= 100);
            assert.ok(Buffer.byteLength(p.Message!) < 256 * 1024);
        }
    });
});
});
