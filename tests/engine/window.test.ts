// Counting across log files (issue 17, detectionTuning windowMinutes): a burst
// spread over several files pages once, when the window's count crosses the
// threshold; below it stays quiet; the next window starts over; without a
// window the engine makes no DynamoDB call at all. DynamoDB is
// aws-sdk-client-mock standing in for the table, adding as UpdateItem's ADD
// does (a missing item starts at 0), so the engine's own requests are what
// is counted. The handler cases run the Lambda entry point end to end.
import { strict as assert } from "assert";
import { UpdateItemCommand, UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { PublishCommand } from "@aws-sdk/client-sns";
import { ListAccountsCommand } from "@aws-sdk/client-organizations";
import { Readable } from "stream";
import { createEngine, evaluateFile, evaluateFileCounted } from "../../engine/engine";
import { dynamodb, handler, resetEngine } from "../../engine/handler";
import type { EngineSettings } from "../../engine/settings";
import { checkSettings } from "../../engine/settingsFile";
import { countExpiry, DynamoDbCounter, MemoryCounter, windowStart } from "../../engine/windowCounts";
import { DETECTION_COUNTS_TABLE_NAME } from "../../stacks/auditNames";
import { ddbMock, orgMock, s3Mock, snsMock } from "./mocks";
import { assumedRole } from "../detections/ownEvents";
import { ACCOUNT_NAMES, BUCKET, failedConsoleSignIn, gzLog, logKey, PROD, s3Notification, SETTINGS, settingsFile, sqsEvent, sqsRecord } from "./fixtures";

/** The table as the mock keeps it: key to count. */
const table = new Map<string, number>();
const updates = (): UpdateItemCommandInput[] => ddbMock.commandCalls(UpdateItemCommand).map((c) => c.args[0].input);

/** The mocked table: UpdateItem adds as ADD does (a missing item starts at 0). The handler's one client, mocked once for every file (tests/engine/mocks.ts). */
function tableFake(): void {
    ddbMock.reset();
    table.clear();
    ddbMock.on(UpdateItemCommand).callsFake(async (input: UpdateItemCommandInput) => {
        const key = input.Key!.window.S!;
        const after = (table.get(key) ?? 0) + Number(input.ExpressionAttributeValues![":n"].N);
        table.set(key, after);
        return { Attributes: { count: { N: String(after) } } };
    });
}

/**
 * A failed console sign-in of an IAM user, as CloudTrail records it (CloudTrail
 * User Guide, "AWS Management Console sign-in events", the example of a
 * failed IAM user sign-in: errorMessage "Failed authentication",
 * responseElements.ConsoleLogin "Failure"). console-signin-failures counts 3.
 */
const failedSignIn = (user: string, eventTime: string, account = PROD, region = "us-east-1") => failedConsoleSignIn(user, eventTime, { account, region });

const ID = "console-signin-failures";
const windowed = (over: Partial<EngineSettings["tuning"][string]> = {}): EngineSettings => ({
    ...SETTINGS,
    tuning: { [ID]: { windowMinutes: 15, ...over } },
    detectionCountsTable: DETECTION_COUNTS_TABLE_NAME,
});
const counter = () => new DynamoDbCounter(dynamodb, DETECTION_COUNTS_TABLE_NAME);
const run = async (s: EngineSettings, files: unknown[][]) => {
    const engine = createEngine(s);
    const c = counter();
    const out = [];
    for (const records of files) out.push((await evaluateFileCounted(engine, records, new Map(), c)).filter((f) => f.detectionId === ID));
    return out;
};

describe("engine: a detection tuned with windowMinutes counts across log files", () => {
    beforeEach(tableFake);

    it("a burst spread over 3 files (one failure each, 12:01 to 12:11) pages once, on the third, with the window's total", async () => {
        const [a, b, c] = await run(windowed(), [[failedSignIn("alice", "2026-11-27T12:01:10Z")], [failedSignIn("bob", "2026-11-27T12:06:10Z")], [failedSignIn("carol", "2026-11-27T12:11:10Z")]]);
        assert.deepEqual([a.length, b.length, c.length], [0, 0, 1]);
        assert.equal(c[0].count, 1, "the file's own count is kept");
        assert.deepEqual(c[0].window, { minutes: 15, start: "2026-11-27T12:00:00.000Z", total: 3 });
        assert.equal(c[0].dedupKey, `org-cloudtrail/${ID}/${PROD}/${c[0].principal}`, "the per-file dedup key, unchanged");
        assert.match(c[0].principal, /carol/);
        // Per file the same three stay quiet: the window is what pages.
        for (const records of [[failedSignIn("alice", "2026-11-27T12:01:10Z")]]) assert.deepEqual(evaluateFile(createEngine(SETTINGS), records).filter((f) => f.detectionId === ID), []);
    });

    it("one UpdateItem per file: ADD of the file's count under detection/account/window, UPDATED_NEW, the TTL after the window", async () => {
        await run(windowed(), [[failedSignIn("alice", "2026-11-27T12:01:10Z"), failedSignIn("bob", "2026-11-27T12:02:10Z")]]);
        const start = Date.parse("2026-11-27T12:00:00Z");
        assert.deepEqual(updates(), [
            {
                TableName: "org-cloudtrail-detection-counts",
                Key: { window: { S: `${ID}/${PROD}/2026-11-27T12:00:00.000Z` } },
                UpdateExpression: "ADD #count :n SET #expires = :expires",
                ExpressionAttributeNames: { "#count": "count", "#expires": "expiresAt" },
                ExpressionAttributeValues: { ":n": { N: "2" }, ":expires": { N: String(countExpiry(start, 15)) } },
                ReturnValues: "UPDATED_NEW",
            },
        ]);
        assert.equal(countExpiry(start, 15), Date.parse("2026-11-27T13:15:00Z") / 1000, "the window's end plus an hour");
    });

    it("below the threshold stays quiet: two failures in two files", async () => {
        const out = await run(windowed(), [[failedSignIn("alice", "2026-11-27T12:01:10Z")], [failedSignIn("bob", "2026-11-27T12:06:10Z")]]);
        assert.deepEqual(out.flat(), []);
        assert.deepEqual([...table.values()], [2]);
    });

    it("pages once per window: a fourth file after the crossing is quiet, and the next window starts over", async () => {
        const out = await run(windowed(), [
            [failedSignIn("alice", "2026-11-27T12:01:10Z")],
            [failedSignIn("bob", "2026-11-27T12:06:10Z")],
            [failedSignIn("carol", "2026-11-27T12:11:10Z")],
            [failedSignIn("dave", "2026-11-27T12:14:10Z")],
            // 12:15 is the next window's: one, two...
            [failedSignIn("erin", "2026-11-27T12:16:10Z")],
            [failedSignIn("frank", "2026-11-27T12:21:10Z")],
            // ...three: it crosses again.
            [failedSignIn("grace", "2026-11-27T12:26:10Z")],
        ]);
        assert.deepEqual(out.map((f) => f.length), [0, 0, 1, 0, 0, 0, 1]);
        assert.deepEqual(out[6][0].window, { minutes: 15, start: "2026-11-27T12:15:00.000Z", total: 3 });
    });

    it("a file that crosses with several matches pages every principal's group in it, once", async () => {
        const [a, b] = await run(windowed(), [[failedSignIn("alice", "2026-11-27T12:01:10Z")], [failedSignIn("bob", "2026-11-27T12:06:10Z"), failedSignIn("bob", "2026-11-27T12:06:20Z"), failedSignIn("carol", "2026-11-27T12:07:10Z")]]);
        assert.equal(a.length, 0);
        assert.deepEqual(b.map((f) => [f.principal.split("/").pop(), f.count, f.window?.total]), [["bob", 2, 4], ["carol", 1, 4]]);
    });

    it("detection-wide counts are per account, every region together; other accounts count apart", async () => {
        const OTHER = "444455556666";
        const out = await run(windowed(), [
            [failedSignIn("alice", "2026-11-27T12:01:10Z", PROD, "us-east-1")],
            [failedSignIn("bob", "2026-11-27T12:02:10Z", OTHER, "us-east-1")],
            [failedSignIn("carol", "2026-11-27T12:03:10Z", PROD, "eu-west-1")],
            [failedSignIn("dave", "2026-11-27T12:04:10Z", OTHER, "eu-west-1")],
            [failedSignIn("erin", "2026-11-27T12:05:10Z", PROD, "ap-southeast-2")],
        ]);
        assert.deepEqual(out.map((f) => f.length), [0, 0, 0, 0, 1]);
        assert.equal(out[4][0].accountId, PROD);
    });

    it("a tuned threshold applies to the window's count", async () => {
        const out = await run(windowed({ threshold: 2 }), [[failedSignIn("alice", "2026-11-27T12:01:10Z")], [failedSignIn("bob", "2026-11-27T12:06:10Z")]]);
        assert.deepEqual(out.map((f) => f.length), [0, 1]);
    });

    it("a countPer principal detection counts each principal's window: a role's reads over its sessions add up, another role's apart", async () => {
        // secret-read-burst: GetSecretValue by one principal (the session issuer for a role).
        const s: EngineSettings = { ...SETTINGS, tuning: { "secret-read-burst": { windowMinutes: 60, threshold: 3 } }, detectionCountsTable: DETECTION_COUNTS_TABLE_NAME };
        const read = (role: string, session: string, eventTime: string) => secretRead(role, session, eventTime);
        const engine = createEngine(s);
        const c = counter();
        const ids = async (records: unknown[]) => (await evaluateFileCounted(engine, records, new Map(), c)).filter((f) => f.detectionId === "secret-read-burst");
        assert.equal((await ids([read("app", "s1", "2026-11-27T12:01:00Z"), read("other", "x", "2026-11-27T12:01:00Z")])).length, 0);
        assert.equal((await ids([read("app", "s2", "2026-11-27T12:20:00Z"), read("other", "y", "2026-11-27T12:20:00Z")])).length, 0);
        const third = await ids([read("app", "s3", "2026-11-27T12:40:00Z")]);
        assert.equal(third.length, 1);
        assert.equal(third[0].window?.total, 3);
        assert.ok(updates().every((u) => u.Key!.window.S!.startsWith("secret-read-burst/arn:aws:iam::123456789012:role/")), JSON.stringify(updates().map((u) => u.Key)));
    });

    it("without windowMinutes: today's per-file counting, no DynamoDB call", async () => {
        const engine = createEngine(SETTINGS);
        const three = [failedSignIn("alice", "2026-11-27T12:01:10Z"), failedSignIn("bob", "2026-11-27T12:01:20Z"), failedSignIn("carol", "2026-11-27T12:01:30Z")];
        const counted = await evaluateFileCounted(engine, three, new Map(), counter());
        assert.deepEqual(counted, evaluateFile(engine, three));
        assert.equal(counted.filter((f) => f.detectionId === ID).length, 3);
        assert.equal(updates().length, 0);
    });

    it("a windowed detection with no counts table in the settings is an error, not a silent per-file count", async () => {
        await assert.rejects(evaluateFileCounted(createEngine(windowed()), [failedSignIn("alice", "2026-11-27T12:01:10Z")], new Map(), undefined), /console-signin-failures count in a window, and the settings name no detectionCountsTable/);
    });

    it("replay's MemoryCounter decides as the table does", async () => {
        const engine = createEngine(windowed());
        const m = new MemoryCounter();
        const files = [[failedSignIn("alice", "2026-11-27T12:01:10Z")], [failedSignIn("bob", "2026-11-27T12:06:10Z")], [failedSignIn("carol", "2026-11-27T12:11:10Z")]];
        const out = [];
        for (const f of files) out.push((await evaluateFileCounted(engine, f, new Map(), m)).length);
        assert.deepEqual(out, [0, 0, 1]);
        assert.deepEqual([...m.counts.entries()], [[`${ID}/${PROD}/2026-11-27T12:00:00.000Z`, 3]]);
    });

    it("windows are tumbling and aligned to the epoch", () => {
        assert.equal(new Date(windowStart(Date.parse("2026-11-27T12:14:59Z"), 15)).toISOString(), "2026-11-27T12:00:00.000Z");
        assert.equal(new Date(windowStart(Date.parse("2026-11-27T12:15:00Z"), 15)).toISOString(), "2026-11-27T12:15:00.000Z");
        assert.equal(new Date(windowStart(Date.parse("2026-11-27T23:59:00Z"), 1440)).toISOString(), "2026-11-27T00:00:00.000Z");
    });

    it("the settings file keeps windowMinutes and detectionCountsTable (zod would drop unknown keys)", () => {
        const s = checkSettings(JSON.parse(JSON.stringify(windowed())));
        assert.equal(s.detectionCountsTable, DETECTION_COUNTS_TABLE_NAME);
        assert.equal(s.tuning[ID].windowMinutes, 15);
        assert.throws(() => checkSettings({ ...windowed(), tuning: { [ID]: { windowMinutes: 7 } } }), /tuning\.console-signin-failures\.windowMinutes = 7/);
    });
});

/** GetSecretValue by a role session, as CloudTrail records it (AWS Secrets Manager User Guide, "Log AWS Secrets Manager events with AWS CloudTrail", the GetSecretValue example). */
function secretRead(role: string, session: string, eventTime: string) {
    return {
        eventVersion: "1.08",
        userIdentity: assumedRole(role, session, "/", PROD),
        eventTime,
        eventSource: "secretsmanager.amazonaws.com",
        eventName: "GetSecretValue",
        awsRegion: "us-east-1",
        sourceIPAddress: "198.51.100.20",
        userAgent: "aws-sdk-js/3.0.0",
        requestParameters: { secretId: `arn:aws:secretsmanager:us-east-1:${PROD}:secret:prod/db-AbCdEf` },
        responseElements: null,
        requestID: `req-${session}-${eventTime}`,
        eventID: `ev-${role}-${session}-${eventTime}`,
        readOnly: true,
        resources: [{ accountId: PROD, type: "AWS::SecretsManager::Secret", ARN: `arn:aws:secretsmanager:us-east-1:${PROD}:secret:prod/db-AbCdEf` }],
        eventType: "AwsApiCall",
        managementEvent: true,
        recipientAccountId: PROD,
        eventCategory: "Management",
    };
}

describe("engine handler: windowed counting end to end", () => {
    let saved: Array<[keyof Console, Console[keyof Console]]> = [];
    beforeEach(() => {
        tableFake();
        for (const m of [s3Mock, snsMock, orgMock]) m.reset();
        snsMock.on(PublishCommand).resolves({ MessageId: "f1a2b3c4-0000-4000-8000-000000000002" });
        orgMock.on(ListAccountsCommand).resolves({ Accounts: ACCOUNT_NAMES.map((a) => ({ ...a, Status: "ACTIVE" })) });
        resetEngine();
        saved = (["log", "warn", "error"] as const).map((m) => [m, console[m]]);
        for (const [m] of saved) (console as any)[m] = () => undefined;
    });
    afterEach(() => {
        for (const [m, f] of saved) (console as any)[m] = f;
        delete process.env.ORG_CLOUDTRAIL_SETTINGS_FILE;
    });

    const deliver = async (stamp: string, records: unknown[]) => {
        const key = logKey(PROD, "us-east-1", stamp, stamp.toLowerCase());
        const body = gzLog(records);
        s3Mock.on(GetObjectCommand, { Bucket: BUCKET, Key: key }).callsFake(async () => ({ Body: Readable.from([body]) }));
        return handler(sqsEvent(sqsRecord(s3Notification(key, body.length))));
    };
    const pages = () => snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject!).filter((s) => s.includes(ID));

    it("three files with one failure each: the third publishes one alert, whose body gives the window's total", async () => {
        process.env.ORG_CLOUDTRAIL_SETTINGS_FILE = settingsFile(windowed());
        for (const [stamp, user, t] of [["20261127T1205Z", "alice", "12:01:10"], ["20261127T1210Z", "bob", "12:06:10"], ["20261127T1215Z", "carol", "12:11:10"]]) {
            assert.deepEqual(await deliver(stamp, [failedSignIn(user, `2026-11-27T${t}Z`)]), { batchItemFailures: [] });
        }
        assert.equal(pages().length, 1, JSON.stringify(pages()));
        assert.match(pages()[0], /carol failed to sign in to Prod \(123456789012\)$/);
        const body = JSON.parse(snsMock.commandCalls(PublishCommand).find((c) => c.args[0].input.Subject!.includes(ID))!.args[0].input.Message!);
        assert.match(body.email, /Window: {6}3 in 15 minutes from 2026-11-27T12:00:00.000Z/);
        assert.deepEqual(JSON.parse(body.https).window, { minutes: 15, start: "2026-11-27T12:00:00.000Z", total: 3 });
        assert.equal(updates().length, 3);
    });

    it("settings without a window: the same three files page nothing and call DynamoDB never", async () => {
        process.env.ORG_CLOUDTRAIL_SETTINGS_FILE = settingsFile(SETTINGS);
        for (const [stamp, user, t] of [["20261127T1205Z", "alice", "12:01:10"], ["20261127T1210Z", "bob", "12:06:10"], ["20261127T1215Z", "carol", "12:11:10"]]) {
            assert.deepEqual(await deliver(stamp, [failedSignIn(user, `2026-11-27T${t}Z`)]), { batchItemFailures: [] });
        }
        assert.deepEqual(pages(), []);
        assert.equal(ddbMock.calls().length, 0);
    });

    it("a DynamoDB failure fails the message (SQS delivers it again), it does not drop the count", async () => {
        process.env.ORG_CLOUDTRAIL_SETTINGS_FILE = settingsFile(windowed());
        ddbMock.on(UpdateItemCommand).rejects(Object.assign(new Error("Throughput exceeds the current capacity"), { name: "ProvisionedThroughputExceededException" }));
        const result = await deliver("20261127T1205Z", [failedSignIn("alice", "2026-11-27T12:01:10Z")]);
        assert.equal(result.batchItemFailures.length, 1);
    });
});
