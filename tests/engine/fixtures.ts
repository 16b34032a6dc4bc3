// What the engine's tests share: settings as the audit stack writes them,
// log files laid out and gzipped as CloudTrail writes them, and the S3 event
// notification and SQS message that carry a file to the handler, shaped as
// AWS sends them (S3 User Guide, "Event message structure", eventVersion
// 2.1; Lambda Developer Guide, "Using Lambda with Amazon SQS", example
// event). The product's resources are those the detection labels use
// (tests/detections/labels.ts), so every labelled event means here what it
// means there.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { EngineSettings } from "../../engine/settings";
import { PRODUCT_ARCHIVE_ACCOUNT, PRODUCT_MANAGEMENT_ACCOUNT, PRODUCT_REGION, TEST_PARAMETERS } from "../detections/labels";

export const ORG_ID = "o-a1b2c3d4e5";
export const AUDIT = "333333333333";
export const REGION = PRODUCT_REGION;
export const MGMT = PRODUCT_MANAGEMENT_ACCOUNT;
export const ARCHIVE = PRODUCT_ARCHIVE_ACCOUNT;
/** A workload account, named "Prod" in the organization. */
export const PROD = "123456789012";
export const BUCKET = TEST_PARAMETERS.product.logBucketName;
export const PREFIX = `AWSLogs/${ORG_ID}/`;
export const ALERT_TOPIC = `arn:aws:sns:${REGION}:${AUDIT}:org-cloudtrail-alerts`;

export const SETTINGS: EngineSettings = {
    version: 1,
    partition: "aws",
    region: REGION,
    organizationId: ORG_ID,
    managementAccountId: MGMT,
    logArchiveAccountId: ARCHIVE,
    auditAccountId: AUDIT,
    bucketName: BUCKET,
    organizationLogPrefix: PREFIX,
    alertTopicArn: ALERT_TOPIC,
    detectionParameters: {
        trustedCidrs: [...TEST_PARAMETERS.trustedCidrs],
        largeInstanceTypes: [...TEST_PARAMETERS.largeInstanceTypes],
        product: TEST_PARAMETERS.product,
    },
    tuning: {},
    maxReceiveCount: 5,
    athena: { region: REGION, accountId: ARCHIVE, workgroup: "org-cloudtrail", database: "org_cloudtrail", table: "cloudtrail_logs" },
};

export const ACCOUNT_NAMES: ReadonlyArray<{ Id: string; Name: string }> = [
    { Id: MGMT, Name: "Management" },
    { Id: ARCHIVE, Name: "Log Archive" },
    { Id: AUDIT, Name: "Audit" },
    { Id: PROD, Name: "Prod" },
];

/** The key CloudTrail gives a log file: `AWSLogs/<o-id>/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/<account>_CloudTrail_<region>_<yyyyMMddTHHmmZ>_<unique>.json.gz`. */
export function logKey(account: string, region = REGION, stamp = "20261127T1200Z", unique = "abc"): string {
    return `${PREFIX}${account}/CloudTrail/${region}/2026/11/27/${account}_CloudTrail_${region}_${stamp}_${unique}.json.gz`;
}

/** A digest file's key (CloudTrail-Digest, `.json.gz`). */
export function digestKey(account: string, region = REGION): string {
    return `${PREFIX}${account}/CloudTrail-Digest/${region}/2026/11/27/${account}_CloudTrail-Digest_${region}_organization-trail_${region}_20261127T120000Z.json.gz`;
}

/** An Insights file's key (CloudTrail-Insight). */
export function insightKey(account: string, region = REGION): string {
    return `${PREFIX}${account}/CloudTrail-Insight/${region}/2026/11/27/${account}_CloudTrail-Insight_${region}_20261127T1200Z_def.json.gz`;
}

/** A log file's body as CloudTrail writes it: `{"Records":[...]}`, gzipped. */
export function gzLog(records: readonly unknown[]): Buffer {
    return zlib.gzipSync(Buffer.from(JSON.stringify({ Records: records })));
}

/** The S3 event notification for one new object (version 2.1), as SNS delivers it raw to SQS. */
export function s3Notification(key: string, size: number, bucket = BUCKET, eventName = "ObjectCreated:Put"): Record<string, unknown> {
    return {
        Records: [
            {
                eventVersion: "2.1",
                eventSource: "aws:s3",
                awsRegion: REGION,
                eventTime: "2026-11-27T12:05:13.781Z",
                eventName,
                userIdentity: { principalId: "AWS:AROAQXAMPLECLOUDTRAIL:regionalDeliverySession" },
                requestParameters: { sourceIPAddress: "10.0.143.22" },
                responseElements: { "x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD" },
                s3: {
                    s3SchemaVersion: "1.0",
                    configurationId: "org-cloudtrail-log-files",
                    bucket: { name: bucket, ownerIdentity: { principalId: "A3NL1KOZZKExample" }, arn: `arn:aws:s3:::${bucket}` },
                    // S3 URL-encodes the key, a space as "+" (S3 User Guide, "Event message structure").
                    object: { key: encodeURIComponent(key).replace(/%2F/g, "/").replace(/%20/g, "+"), size, eTag: "d41d8cd98f00b204e9800998ecf8427e", versionId: "096fKKXTRTtl3on89fVO.nfljtsv6qko", sequencer: "0055AED6DCD90281E5" },
                },
            },
        ],
    };
}

/** What S3 sends when the bucket's notification configuration is written. */
export function s3TestEvent(bucket = BUCKET): Record<string, unknown> {
    return { Service: "Amazon S3", Event: "s3:TestEvent", Time: "2026-11-27T11:58:02.114Z", Bucket: bucket, RequestId: "5582815E1AEA5ADF", HostId: "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE" };
}

let sequence = 0;

/** One SQS message of the Lambda event, as the event source mapping delivers it. */
export function sqsRecord(body: unknown, receiveCount = 1): SQSRecord {
    sequence++;
    return {
        messageId: `059f36b4-87a3-44ab-83d2-${String(sequence).padStart(12, "0")}`,
        receiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
        body: typeof body === "string" ? body : JSON.stringify(body),
        attributes: {
            ApproximateReceiveCount: String(receiveCount),
            SentTimestamp: "1795780000000",
            SenderId: "AIDAIENQZJOLO23YVJ4VO",
            ApproximateFirstReceiveTimestamp: "1795780000001",
        },
        messageAttributes: {},
        md5OfBody: "e4e68fb7bd0e697a0ae8f1bb342846b3",
        eventSource: "aws:sqs",
        eventSourceARN: `arn:aws:sqs:${REGION}:${AUDIT}:org-cloudtrail-log-files`,
        awsRegion: REGION,
    };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
    return { Records: records };
}

const scratch: string[] = [];

/** A temporary directory, removed when the test process exits. */
export function scratchDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    if (scratch.length === 0) process.on("exit", () => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    scratch.push(dir);
    return dir;
}

/** Writes settings to a temporary file and returns its path. */
export function settingsFile(settings: unknown = SETTINGS): string {
    const file = path.join(scratchDir("engine-settings-"), "settings.json");
    fs.writeFileSync(file, JSON.stringify(settings));
    return file;
}

/**
 * Sends console.log, warn and error into `logs` (the engine's structured
 * lines, which tests read) instead of the terminal; returns what puts the
 * console back, for afterEach.
 */
export function captureConsole(logs: string[]): () => void {
    const saved = (["log", "warn", "error"] as const).map((m) => [m, console[m]] as const);
    for (const [m] of saved) console[m] = (line: unknown) => logs.push(String(line));
    return () => {
        for (const [m, f] of saved) console[m] = f;
    };
}

// ---------------------------------------------------------------- the three end-to-end events

/** The Prod account's root user signs in to the console from an address outside the trusted networks, with MFA. */
export const ROOT_SIGN_IN = {
    eventVersion: "1.10",
    userIdentity: { type: "Root", principalId: PROD, arn: `arn:aws:iam::${PROD}:root`, accountId: PROD, accessKeyId: "" },
    eventTime: "2026-11-27T11:58:31Z",
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.23",
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    requestParameters: null,
    responseElements: { ConsoleLogin: "Success" },
    additionalEventData: { LoginTo: "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true", MobileVersion: "Yes", MFAIdentifier: `arn:aws:iam::${PROD}:mfa/root-account-mfa-device`, MFAUsed: "Yes" },
    eventID: "3f9a1c2e-7b4d-4e8f-9a01-5c6d7e8f9a0b",
    readOnly: false,
    eventType: "AwsConsoleSignIn",
    managementEvent: true,
    recipientAccountId: PROD,
    eventCategory: "Management",
    tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: "signin.aws.amazon.com" },
};

/**
 * An IAM user's failed console sign-in as CloudTrail records it (CloudTrail
 * User Guide, "AWS Management Console sign-in events"): what
 * console-signin-failures counts. Account, region and eventID vary where a
 * test counts per account and region or names the event.
 */
export function failedConsoleSignIn(user: string, eventTime: string, o: { account?: string; region?: string; eventID?: string } = {}) {
    const account = o.account ?? PROD;
    return {
        eventVersion: "1.09",
        userIdentity: { type: "IAMUser", principalId: "AIDAQXAMPLEUSER00002", accountId: account, accessKeyId: "", userName: user },
        eventTime,
        eventSource: "signin.amazonaws.com",
        eventName: "ConsoleLogin",
        awsRegion: o.region ?? "us-east-1",
        sourceIPAddress: "198.51.100.66",
        userAgent: "Mozilla/5.0",
        errorMessage: "Failed authentication",
        requestParameters: null,
        responseElements: { ConsoleLogin: "Failure" },
        additionalEventData: { MFAUsed: "No", LoginTo: "https://console.aws.amazon.com/console/home", MobileVersion: "No" },
        eventID: o.eventID ?? `fail-${user}-${eventTime}`,
        eventType: "AwsConsoleSignIn",
        managementEvent: true,
        recipientAccountId: account,
        eventCategory: "Management",
    };
}

const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${MGMT}:trail/${TEST_PARAMETERS.product.trailName}`;

/** An administrator of the management account stops the organization trail. */
export const TRAIL_STOPPED = {
    eventVersion: "1.10",
    userIdentity: {
        type: "AssumedRole",
        principalId: "AROAQXAMPLEADMIN0001:jane.doe",
        arn: `arn:aws:sts::${MGMT}:assumed-role/PlatformAdmin/jane.doe`,
        accountId: MGMT,
        accessKeyId: "ASIAQXAMPLEJANE00001",
        sessionContext: {
            sessionIssuer: { type: "Role", principalId: "AROAQXAMPLEADMIN0001", arn: `arn:aws:iam::${MGMT}:role/PlatformAdmin`, accountId: MGMT, userName: "PlatformAdmin" },
            attributes: { creationDate: "2026-11-27T11:40:02Z", mfaAuthenticated: "true" },
        },
    },
    eventTime: "2026-11-27T12:01:07Z",
    eventSource: "cloudtrail.amazonaws.com",
    eventName: "StopLogging",
    awsRegion: REGION,
    sourceIPAddress: "203.0.113.77",
    userAgent: "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.1 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#cloudtrail.stop-logging",
    requestParameters: { name: TRAIL_ARN },
    responseElements: null,
    requestID: "b2c1f0de-3a4b-4c5d-8e9f-0a1b2c3d4e5f",
    eventID: "8e2d4c6a-1b3f-4a5c-9d7e-0f1a2b3c4d5e",
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: MGMT,
    eventCategory: "Management",
    tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: `cloudtrail.${REGION}.amazonaws.com` },
};

/** Someone in the log-archive account schedules the log key's deletion. */
export const LOG_KEY_DELETION = {
    eventVersion: "1.10",
    userIdentity: {
        type: "AssumedRole",
        principalId: "AROAQXAMPLEMALLORY01:mallory",
        arn: `arn:aws:sts::${ARCHIVE}:assumed-role/PlatformAdmin/mallory`,
        accountId: ARCHIVE,
        accessKeyId: "ASIAQXAMPLEMALLORY01",
        sessionContext: {
            sessionIssuer: { type: "Role", principalId: "AROAQXAMPLEMALLORY01", arn: `arn:aws:iam::${ARCHIVE}:role/PlatformAdmin`, accountId: ARCHIVE, userName: "PlatformAdmin" },
            attributes: { creationDate: "2026-11-27T11:50:44Z", mfaAuthenticated: "false" },
        },
    },
    eventTime: "2026-11-27T12:03:52Z",
    eventSource: "kms.amazonaws.com",
    eventName: "ScheduleKeyDeletion",
    awsRegion: REGION,
    sourceIPAddress: "192.0.2.200",
    userAgent: "aws-cli/2.22.4 md/command#kms.schedule-key-deletion",
    requestParameters: { keyId: TEST_PARAMETERS.product.logKeyArn, pendingWindowInDays: 7 },
    responseElements: { keyId: TEST_PARAMETERS.product.logKeyArn, deletionDate: "Dec 4, 2026, 12:03:52 PM", keyState: "PendingDeletion", pendingWindowInDays: 7 },
    requestID: "c3d2e1f0-4b5a-4d6c-9e8f-1a2b3c4d5e6f",
    eventID: "5b7c9d1e-2f3a-4b5c-8d9e-6f7a8b9c0d1e",
    readOnly: false,
    resources: [{ accountId: ARCHIVE, type: "AWS::KMS::Key", ARN: TEST_PARAMETERS.product.logKeyArn }],
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ARCHIVE,
    eventCategory: "Management",
};
