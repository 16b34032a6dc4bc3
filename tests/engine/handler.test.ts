// The Lambda handler, offline: SQS messages carrying S3 event notifications
// as AWS sends them, the S3, SNS and Organizations clients replaced with
// aws-sdk-client-mock, and log files laid out and gzipped as CloudTrail
// writes them. The end-to-end cases assert the exact Publish a person's
// phone and mailbox receive.
import { strict as assert } from "assert";
import { Readable } from "stream";
import * as zlib from "zlib";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { PublishCommand, PublishCommandInput } from "@aws-sdk/client-sns";
import { ListAccountsCommand } from "@aws-sdk/client-organizations";
import { handler, notifiedObjects, resetEngine } from "../../engine/handler";
import {
    ACCOUNT_NAMES, ALERT_TOPIC, captureConsole, ARCHIVE, BUCKET, digestKey, gzLog, insightKey, LOG_KEY_DELETION, logKey, MGMT, PROD, ROOT_SIGN_IN,
    s3Notification, s3TestEvent, SETTINGS, settingsFile, sqsEvent, sqsRecord, TRAIL_STOPPED,
} from "./fixtures";

import { orgMock, s3Mock, snsMock } from "./mocks";

/** Serves `files` (key to body) from the log bucket; any other GetObject fails as S3 would. */
function serve(files: Record<string, Buffer>): void {
    s3Mock.on(GetObjectCommand).rejects(Object.assign(new Error("The specified key does not exist."), { name: "NoSuchKey" }));
    for (const [key, body] of Object.entries(files)) {
        s3Mock.on(GetObjectCommand, { Bucket: BUCKET, Key: key }).callsFake(async () => ({ Body: Readable.from([body]), ContentLength: body.length }));
    }
}

const published = (): PublishCommandInput[] => snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input);
const fetched = (): string[] => s3Mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key!);
const email = (p: PublishCommandInput): string => JSON.parse(p.Message!).email;
const https = (p: PublishCommandInput): Record<string, any> => JSON.parse(JSON.parse(p.Message!).https);

let restoreConsole: () => void = () => undefined;
const logs: string[] = [];

beforeEach(() => {
    s3Mock.reset();
    snsMock.reset();
    orgMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: "f1a2b3c4-0000-4000-8000-000000000001" });
    orgMock.on(ListAccountsCommand).resolves({ Accounts: ACCOUNT_NAMES.map((a) => ({ ...a, Status: "ACTIVE" })) });
    process.env.ORG_CLOUDTRAIL_SETTINGS_FILE = settingsFile();
    resetEngine();
    logs.length = 0;
    restoreConsole = captureConsole(logs);
});

afterEach(() => {
    restoreConsole();
    delete process.env.ORG_CLOUDTRAIL_SETTINGS_FILE;
});

describe("engine handler: end to end, one log file to the alert a person receives", () => {
    it("a root sign-in: the exact Publish (subject, e-mail body, HTTPS document, attributes)", async () => {
        const key = logKey(PROD, "us-east-1");
        serve({ [key]: gzLog([ROOT_SIGN_IN]) });
        const result = await handler(sqsEvent(sqsRecord(s3Notification(key, 1843))));
        assert.deepEqual(result, { batchItemFailures: [] });
        const [root, outside, ...rest] = published();
        assert.equal(rest.length, 0);
        assert.equal(outside.Subject, "[HIGH] console-signin-outside-trusted-networks: root signed in to Prod (123456789012)");
        assert.equal(root.TopicArn, ALERT_TOPIC);
        assert.equal(root.Subject, "[CRITICAL] root-account-usage: root signed in to Prod (123456789012)");
        assert.equal(root.MessageStructure, "json");
        assert.deepEqual(Object.keys(JSON.parse(root.Message!)), ["default", "email", "https"]);
        assert.equal(JSON.parse(root.Message!).default, email(root));
        const BODY = [
            "An account's root user was used.",
            "",
            "Detection:   root-account-usage (severity critical)",
            "Matches:     1 in one log file, the first shown",
            "",
            "WHO",
            "Principal:       arn:aws:iam::123456789012:root",
            "Type:            Root",
            "Session issuer:  -",
            "MFA used:        yes",
            "Access key id:   -",
            "",
            "WHAT",
            "Event:           ConsoleLogin (signin.amazonaws.com), succeeded",
            "Request:         -",
            "Response:        {\"ConsoleLogin\":\"Success\"}",
            "Sign-in data:    {\"LoginTo\":\"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true\",\"MobileVersion\":\"Yes\",\"MFAIdentifier\":\"arn:aws:iam::123456789012:mfa/root-account-mfa-device\",\"MFAUsed\":\"Yes\"}",
            "",
            "WHERE",
            "Account:         Prod (123456789012)",
            "Region:          us-east-1",
            "Source IP:       198.51.100.23",
            "User agent:      Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "",
            "WHEN",
            "Event time:      2026-11-27T11:58:31Z",
            "Event id:        3f9a1c2e-7b4d-4e8f-9a01-5c6d7e8f9a0b",
            "",
            "FIRST CHECK",
            "Which account (recipientAccountId), which call, from which address, and who holds that account's root credentials.",
            "",
            "NEXT",
            "Event history (in account 123456789012): https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/3f9a1c2e-7b4d-4e8f-9a01-5c6d7e8f9a0b",
            "Athena (account 666677778888, eu-west-1, workgroup org-cloudtrail):",
            "SELECT eventtime, eventsource, eventname, errorcode, sourceipaddress, useragent, requestparameters FROM \"org_cloudtrail\".\"cloudtrail_logs\" WHERE account = '123456789012' AND region = 'us-east-1' AND day = '2026/11/27' AND useridentity.arn = 'arn:aws:iam::123456789012:root' ORDER BY eventtime LIMIT 500",
            "Log file: s3://org-cloudtrail-logs-666677778888-eu-west-1/AWSLogs/o-a1b2c3d4e5/123456789012/CloudTrail/us-east-1/2026/11/27/123456789012_CloudTrail_us-east-1_20261127T1200Z_abc.json.gz",
            "",
            "Dedup key: org-cloudtrail/root-account-usage/123456789012/arn:aws:iam::123456789012:root",
        ].join("\n");
        assert.equal(email(root), BODY);
        const query =
            `SELECT eventtime, eventsource, eventname, errorcode, sourceipaddress, useragent, requestparameters FROM "org_cloudtrail"."cloudtrail_logs" ` +
            `WHERE account = '123456789012' AND region = 'us-east-1' AND day = '2026/11/27' AND useridentity.arn = 'arn:aws:iam::123456789012:root' ORDER BY eventtime LIMIT 500`;
        const DOCUMENT = {
            version: 1,
            source: "org-cloudtrail",
            dedupKey: "org-cloudtrail/root-account-usage/123456789012/arn:aws:iam::123456789012:root",
            detectionId: "root-account-usage",
            severity: "critical",
            title: "An account's root user was used",
            subject: "[CRITICAL] root-account-usage: root signed in to Prod (123456789012)",
            count: 1,
            who: { principalArn: "arn:aws:iam::123456789012:root", principalType: "Root", mfa: true },
            what: { eventName: "ConsoleLogin", eventSource: "signin.amazonaws.com" },
            where: { accountId: PROD, accountName: "Prod", region: "us-east-1", sourceIp: "198.51.100.23", userAgent: ROOT_SIGN_IN.userAgent },
            when: "2026-11-27T11:58:31Z",
            eventId: "3f9a1c2e-7b4d-4e8f-9a01-5c6d7e8f9a0b",
            eventIds: ["3f9a1c2e-7b4d-4e8f-9a01-5c6d7e8f9a0b"],
            links: {
                eventHistory: "https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/3f9a1c2e-7b4d-4e8f-9a01-5c6d7e8f9a0b",
                athenaQuery: query,
            },
            logFile: `s3://${BUCKET}/${key}`,
        };
        // The whole PublishCommand input, byte for byte.
        assert.deepEqual(root, {
            TopicArn: ALERT_TOPIC,
            Subject: "[CRITICAL] root-account-usage: root signed in to Prod (123456789012)",
            MessageStructure: "json",
            Message: JSON.stringify({ default: BODY, email: BODY, https: JSON.stringify(DOCUMENT) }),
            MessageAttributes: {
                dedupKey: { DataType: "String", StringValue: "org-cloudtrail/root-account-usage/123456789012/arn:aws:iam::123456789012:root" },
                severity: { DataType: "String", StringValue: "critical" },
                detectionId: { DataType: "String", StringValue: "root-account-usage" },
            },
        });
    });

    it("the organization trail stopped: the exact Publish of audit-trail-changed, and CIS 4.5's", async () => {
        const key = logKey(MGMT);
        serve({ [key]: gzLog([TRAIL_STOPPED]) });
        assert.deepEqual(await handler(sqsEvent(sqsRecord(s3Notification(key, 1544)))), { batchItemFailures: [] });
        const alerts = published();
        assert.deepEqual(
            alerts.map((p) => p.Subject),
            [
                "[CRITICAL] cloudtrail-config-changes: PlatformAdmin/jan... StopLogging in Management (555566667777)",
                "[CRITICAL] audit-trail-changed: PlatformAdmin/jane.doe StopLogging in Management (555566667777)",
            ],
        );
        const trail = alerts[1];
        const BODY = [
            "Organization trail organization-trail was stopped, deleted or changed.",
            "",
            "Detection:   audit-trail-changed (severity critical)",
            "Matches:     1 in one log file, the first shown",
            "",
            "WHO",
            "Principal:       arn:aws:sts::555566667777:assumed-role/PlatformAdmin/jane.doe",
            "Type:            AssumedRole",
            "Session issuer:  arn:aws:iam::555566667777:role/PlatformAdmin",
            "MFA used:        yes",
            "Access key id:   ASIAQXAMPLEJANE00001",
            "",
            "WHAT",
            "Event:           StopLogging (cloudtrail.amazonaws.com), succeeded",
            "Request:         {\"name\":\"arn:aws:cloudtrail:eu-west-1:555566667777:trail/organization-trail\"}",
            "",
            "WHERE",
            "Account:         Management (555566667777)",
            "Region:          eu-west-1",
            "Source IP:       203.0.113.77",
            "User agent:      aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.1 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#cloudtrail.stop-logging",
            "",
            "WHEN",
            "Event time:      2026-11-27T12:01:07Z",
            "Event id:        8e2d4c6a-1b3f-4a5c-9d7e-0f1a2b3c4d5e",
            "",
            "FIRST CHECK",
            "Who did it (userIdentity.arn), whether the trail is still logging (aws cloudtrail get-trail-status) and its event selectors are unchanged.",
            "",
            "NEXT",
            "Event history (in account 555566667777): https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events/8e2d4c6a-1b3f-4a5c-9d7e-0f1a2b3c4d5e",
            "Athena (account 666677778888, eu-west-1, workgroup org-cloudtrail):",
            "SELECT eventtime, eventsource, eventname, errorcode, sourceipaddress, useragent, requestparameters FROM \"org_cloudtrail\".\"cloudtrail_logs\" WHERE account = '555566667777' AND region = 'eu-west-1' AND day = '2026/11/27' AND useridentity.arn = 'arn:aws:sts::555566667777:assumed-role/PlatformAdmin/jane.doe' ORDER BY eventtime LIMIT 500",
            "Log file: s3://org-cloudtrail-logs-666677778888-eu-west-1/AWSLogs/o-a1b2c3d4e5/555566667777/CloudTrail/eu-west-1/2026/11/27/555566667777_CloudTrail_eu-west-1_20261127T1200Z_abc.json.gz",
            "",
            "Dedup key: org-cloudtrail/audit-trail-changed/555566667777/arn:aws:sts::555566667777:assumed-role/PlatformAdmin/jane.doe",
        ].join("\n");
        assert.equal(email(trail), BODY);
        assert.equal(trail.MessageAttributes!.dedupKey.StringValue, "org-cloudtrail/audit-trail-changed/555566667777/arn:aws:sts::555566667777:assumed-role/PlatformAdmin/jane.doe");
    });

    it("the log key scheduled for deletion: the exact Publish of audit-keys-changed, and CIS 4.7's", async () => {
        const key = logKey(ARCHIVE);
        serve({ [key]: gzLog([LOG_KEY_DELETION]) });
        assert.deepEqual(await handler(sqsEvent(sqsRecord(s3Notification(key, 1710)))), { batchItemFailures: [] });
        const alerts = published();
        assert.deepEqual(
            alerts.map((p) => p.Subject),
            [
                "[CRITICAL] kms-key-disabled-or-deleted: PlatformAdmin/mallory ScheduleKeyDeletion in 666677778888",
                "[CRITICAL] audit-keys-changed: PlatformAdmin/m... ScheduleKeyDeletion in Log Archive (666677778888)",
            ],
        );
        const keyAlert = alerts[1];
        const BODY = [
            "A key of the audit trail was changed: log key arn:aws:kms:eu-west-1:666677778888:key/1234abcd-12ab-34cd-56ef-1234567890ab or a key of management account 555566667777 in eu-west-1.",
            "",
            "Detection:   audit-keys-changed (severity critical)",
            "Matches:     1 in one log file, the first shown",
            "",
            "WHO",
            "Principal:       arn:aws:sts::666677778888:assumed-role/PlatformAdmin/mallory",
            "Type:            AssumedRole",
            "Session issuer:  arn:aws:iam::666677778888:role/PlatformAdmin",
            "MFA used:        no",
            "Access key id:   ASIAQXAMPLEMALLORY01",
            "",
            "WHAT",
            "Event:           ScheduleKeyDeletion (kms.amazonaws.com), succeeded",
            "Request:         {\"keyId\":\"arn:aws:kms:eu-west-1:666677778888:key/1234abcd-12ab-34cd-56ef-1234567890ab\",\"pendingWindowInDays\":7}",
            "",
            "WHERE",
            "Account:         Log Archive (666677778888)",
            "Region:          eu-west-1",
            "Source IP:       192.0.2.200",
            "User agent:      aws-cli/2.22.4 md/command#kms.schedule-key-deletion",
            "",
            "WHEN",
            "Event time:      2026-11-27T12:03:52Z",
            "Event id:        5b7c9d1e-2f3a-4b5c-8d9e-6f7a8b9c0d1e",
            "",
            "FIRST CHECK",
            "Which key (resources[0].ARN) and call, by whom; compare the key policy (aws kms get-key-policy) with the one the stack deploys, and list grants (aws kms list-grants).",
            "",
            "NEXT",
            "Event history (in account 666677778888): https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events/5b7c9d1e-2f3a-4b5c-8d9e-6f7a8b9c0d1e",
            "Athena (account 666677778888, eu-west-1, workgroup org-cloudtrail):",
            "SELECT eventtime, eventsource, eventname, errorcode, sourceipaddress, useragent, requestparameters FROM \"org_cloudtrail\".\"cloudtrail_logs\" WHERE account = '666677778888' AND region = 'eu-west-1' AND day = '2026/11/27' AND useridentity.arn = 'arn:aws:sts::666677778888:assumed-role/PlatformAdmin/mallory' ORDER BY eventtime LIMIT 500",
            "Log file: s3://org-cloudtrail-logs-666677778888-eu-west-1/AWSLogs/o-a1b2c3d4e5/666677778888/CloudTrail/eu-west-1/2026/11/27/666677778888_CloudTrail_eu-west-1_20261127T1200Z_abc.json.gz",
            "",
            "Dedup key: org-cloudtrail/audit-keys-changed/666677778888/arn:aws:sts::666677778888:assumed-role/PlatformAdmin/mallory",
        ].join("\n");
        assert.equal(email(keyAlert), BODY);
        assert.equal(https(keyAlert).severity, "critical");
    });
});

describe("engine handler: notifications", () => {
    it("reads the S3 event notification as AWS sends it: URL-decoded key (+ is a space), ObjectCreated only", () => {
        const key = `${logKey(PROD).replace("CloudTrail/", "CloudTrail/")}`;
        const spaced = `AWSLogs/o-a1b2c3d4e5/${PROD}/CloudTrail/eu-west-1/2026/11/27/a b+c=d.json.gz`;
        const n = s3Notification(spaced, 10) as any;
        assert.equal(n.Records[0].s3.object.key, `AWSLogs/o-a1b2c3d4e5/${PROD}/CloudTrail/eu-west-1/2026/11/27/a+b%2Bc%3Dd.json.gz`);
        assert.deepEqual(notifiedObjects(JSON.stringify(n)), { test: false, objects: [{ bucket: BUCKET, key: spaced, size: 10 }] });
        assert.deepEqual(notifiedObjects(JSON.stringify(s3Notification(key, 5, BUCKET, "ObjectRemoved:Delete"))), { test: false, objects: [] });
        assert.deepEqual(notifiedObjects(JSON.stringify(s3TestEvent())), { test: true, objects: [] });
        // An SNS envelope (raw delivery off) is unwrapped.
        const envelope = { Type: "Notification", MessageId: "m", TopicArn: "arn:aws:sns:eu-west-1:666677778888:org-cloudtrail-log-files", Message: JSON.stringify(n) };
        assert.deepEqual(notifiedObjects(JSON.stringify(envelope)).objects, [{ bucket: BUCKET, key: spaced, size: 10 }]);
        assert.throws(() => notifiedObjects(JSON.stringify({ hello: "world" })), /not an S3 event notification/);
    });

    it("s3:TestEvent succeeds without fetching or publishing anything", async () => {
        serve({});
        assert.deepEqual(await handler(sqsEvent(sqsRecord(s3TestEvent()))), { batchItemFailures: [] });
        assert.deepEqual(fetched(), []);
        assert.deepEqual(published(), []);
    });

    it("fetches a key with a space decoded, exactly as S3 names it", async () => {
        const key = `AWSLogs/o-a1b2c3d4e5/${PROD}/CloudTrail/eu-west-1/2026/11/27/${PROD}_CloudTrail_eu-west-1_20261127T1200Z_a b.json.gz`;
        serve({ [key]: gzLog([ROOT_SIGN_IN]) });
        assert.deepEqual(await handler(sqsEvent(sqsRecord(s3Notification(key, 900)))), { batchItemFailures: [] });
        assert.deepEqual(fetched(), [key]);
        assert.equal(published().length, 2);
    });

    it("never fetches outside the log bucket's organization prefix, nor digest and Insights files", async () => {
        serve({});
        const event = sqsEvent(
            sqsRecord(s3Notification(logKey(PROD), 100, "someone-elses-bucket")),
            sqsRecord(s3Notification(logKey(PROD).replace("o-a1b2c3d4e5", "o-zzzzzzzzzz"), 100)),
            sqsRecord(s3Notification(`AWSLogs/${PROD}/CloudTrail/eu-west-1/2026/11/27/x.json.gz`, 100)),
            sqsRecord(s3Notification(digestKey(PROD), 100)),
            sqsRecord(s3Notification(insightKey(PROD), 100)),
        );
        assert.deepEqual(await handler(event), { batchItemFailures: [] });
        assert.deepEqual(fetched(), []);
        assert.deepEqual(published(), []);
        assert.equal(logs.filter((l) => l.includes("skipped")).length, 5);
    });
});

describe("engine handler: failures", () => {
    it("reports only the failed message: a corrupt file fails, the good one in the same batch alerts", async () => {
        const bad = logKey(PROD, "eu-west-1", "20261127T1205Z", "bad");
        const good = logKey(MGMT);
        serve({ [bad]: Buffer.concat([zlib.gzipSync(Buffer.from('{"Records":[')).subarray(0, 20)]), [good]: gzLog([TRAIL_STOPPED]) });
        const badMessage = sqsRecord(s3Notification(bad, 20));
        const result = await handler(sqsEvent(badMessage, sqsRecord(s3Notification(good, 1544))));
        assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: badMessage.messageId }] });
        assert.deepEqual(published().map((p) => p.MessageAttributes!.detectionId.StringValue), ["cloudtrail-config-changes", "audit-trail-changed"]);
    });

    it("on the last delivery before the dead-letter queue, also publishes a log-file-unreadable alert", async () => {
        const bad = logKey(PROD, "eu-west-1", "20261127T1205Z", "bad");
        serve({ [bad]: Buffer.from("this is not gzip and not JSON") });
        const early = sqsRecord(s3Notification(bad, 29), SETTINGS.maxReceiveCount - 1);
        assert.deepEqual(await handler(sqsEvent(early)), { batchItemFailures: [{ itemIdentifier: early.messageId }] });
        assert.deepEqual(published(), []);
        const last = sqsRecord(s3Notification(bad, 29), SETTINGS.maxReceiveCount);
        assert.deepEqual(await handler(sqsEvent(last)), { batchItemFailures: [{ itemIdentifier: last.messageId }] });
        const [alert, ...rest] = published();
        assert.equal(rest.length, 0);
        assert.equal(alert.Subject, `[HIGH] log-file-unreadable: ${PROD} eu-west-1_20261127T1205Z_bad.json.gz`);
        assert.equal(alert.TopicArn, ALERT_TOPIC);
        assert.ok(email(alert).includes(`Log file:   s3://${BUCKET}/${bad}`), email(alert));
        assert.ok(email(alert).includes("Reason:     the log file is not valid JSON"), email(alert));
        assert.ok(email(alert).includes("Deliveries: 5 (maxReceiveCount 5)"), email(alert));
        assert.equal(alert.MessageAttributes!.dedupKey.StringValue, `org-cloudtrail/log-file-unreadable/${PROD}/${bad}`);
    });

    it("a missing object and a failed Publish fail the message (retried, not lost)", async () => {
        serve({});
        const missing = sqsRecord(s3Notification(logKey(PROD), 10));
        assert.deepEqual(await handler(sqsEvent(missing)), { batchItemFailures: [{ itemIdentifier: missing.messageId }] });
        const key = logKey(MGMT);
        serve({ [key]: gzLog([TRAIL_STOPPED]) });
        snsMock.on(PublishCommand).rejects(new Error("KMS.AccessDeniedException"));
        const message = sqsRecord(s3Notification(key, 10));
        assert.deepEqual(await handler(sqsEvent(message)), { batchItemFailures: [{ itemIdentifier: message.messageId }] });
    });

    it("a message that is not a notification fails, and at the last delivery says so", async () => {
        serve({});
        const junk = sqsRecord("not json", SETTINGS.maxReceiveCount);
        assert.deepEqual(await handler(sqsEvent(junk)), { batchItemFailures: [{ itemIdentifier: junk.messageId }] });
        assert.equal(published().length, 1);
        assert.ok(published()[0].Subject!.startsWith("[HIGH] log-file-unreadable: unknown-account"), published()[0].Subject);
    });

    it("alerts without account names when Organizations cannot be read, and reads them once per container", async () => {
        orgMock.on(ListAccountsCommand).rejects(new Error("AccessDeniedException: not a delegated administrator"));
        const key = logKey(MGMT);
        serve({ [key]: gzLog([TRAIL_STOPPED]) });
        assert.deepEqual(await handler(sqsEvent(sqsRecord(s3Notification(key, 10)))), { batchItemFailures: [] });
        assert.equal(published()[1].Subject, "[CRITICAL] audit-trail-changed: PlatformAdmin/jane.doe StopLogging in 555566667777");
        assert.ok(logs.some((l) => l.includes("organizations:ListAccounts failed")));

        resetEngine();
        orgMock.reset();
        orgMock
            .on(ListAccountsCommand)
            .resolvesOnce({ Accounts: [{ Id: PROD, Name: "Prod" }], NextToken: "page-2" })
            .resolvesOnce({ Accounts: [{ Id: MGMT, Name: "Management" }] });
        snsMock.resetHistory();
        await handler(sqsEvent(sqsRecord(s3Notification(key, 10))));
        await handler(sqsEvent(sqsRecord(s3Notification(key, 10))));
        assert.equal(published()[1].Subject, "[CRITICAL] audit-trail-changed: PlatformAdmin/jane.doe StopLogging in Management (555566667777)");
        assert.equal(orgMock.commandCalls(ListAccountsCommand).length, 2, "two pages, once");
    });

    it("refuses settings of another version, naming the field", async () => {
        process.env.ORG_CLOUDTRAIL_SETTINGS_FILE = settingsFile({ ...SETTINGS, version: 2 });
        resetEngine();
        await assert.rejects(handler(sqsEvent(sqsRecord(s3TestEvent()))), /version = 2/);
    });
});
