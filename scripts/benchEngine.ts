// The engine step of `npm run bench`: how many CloudTrail events a second the
// engine reads and evaluates (gunzip, JSON parse, every enabled detection of
// the catalog), on a generated day of a large organization's logs, sampled.
// The day: 50 accounts, 10 million events; each file holds one account's
// events in one region over five minutes, as CloudTrail delivers them. Most
// events are the routine reads and role assumptions that fill real trails;
// one in fifty is one of the corpus's labelled events, so the detections
// that fire, fire (and alerts are built) as often as a noisy day would.
// Only the evaluation is timed: generating the files is not the engine's work.
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { findingPublish } from "../engine/alert";
import { createEngine, evaluateFile } from "../engine/engine";
import { readLogFile } from "../engine/logFile";
import type { EngineSettings } from "../engine/settings";

const ROOT = path.resolve(__dirname, "..");
const CORPUS = path.join(ROOT, "tests", "detections", "corpus", "cloudtrail-events.json");

export interface DaySample {
    accounts: number;
    eventsPerDay: number;
    /** How many of the day's files to generate and evaluate. */
    files: number;
}

/** A sample of one day of a 50-account organization at 10 million events a day: enough files for a few seconds. */
export const LARGE_ORG_DAY: DaySample = { accounts: 50, eventsPerDay: 10_000_000, files: 600 };

/** Deterministic: the same files every run. */
function random(seed: number): () => number {
    let s = seed >>> 0;
    return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const ROUTINE: Array<[string, string, boolean]> = [
    ["sts.amazonaws.com", "AssumeRole", true],
    ["ec2.amazonaws.com", "DescribeInstances", true],
    ["kms.amazonaws.com", "Decrypt", true],
    ["s3.amazonaws.com", "GetBucketLocation", true],
    ["lambda.amazonaws.com", "ListFunctions20150331", true],
    ["logs.amazonaws.com", "CreateLogStream", false],
    ["ssm.amazonaws.com", "UpdateInstanceInformation", false],
    ["dynamodb.amazonaws.com", "DescribeTable", true],
    ["iam.amazonaws.com", "GetRole", true],
    ["ecr.amazonaws.com", "GetAuthorizationToken", true],
];

function routineEvent(account: string, region: string, time: string, n: number, rnd: () => number): Record<string, unknown> {
    const [eventSource, eventName, readOnly] = ROUTINE[Math.floor(rnd() * ROUTINE.length)];
    const role = ["ci-deployer", "app-runtime", "ops-admin"][n % 3];
    return {
        eventVersion: "1.10",
        userIdentity: {
            type: "AssumedRole",
            principalId: `AROAEXAMPLE${n % 97}:session-${n % 13}`,
            arn: `arn:aws:sts::${account}:assumed-role/${role}/session-${n % 13}`,
            accountId: account,
            accessKeyId: `ASIAEXAMPLE${String(n % 9999).padStart(5, "0")}`,
            sessionContext: {
                sessionIssuer: { type: "Role", principalId: `AROAEXAMPLE${n % 97}`, arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: role },
                attributes: { creationDate: time, mfaAuthenticated: "false" },
            },
        },
        eventTime: time,
        eventSource,
        eventName,
        awsRegion: region,
        sourceIPAddress: `10.${n % 250}.${(n >> 8) % 250}.${n % 200}`,
        userAgent: "aws-sdk-js/3.700.0 ua/2.1 os/linux lang/js md/nodejs#22.11.0 api/sts#3.700.0",
        requestParameters: { roleArn: `arn:aws:iam::${account}:role/${role}`, roleSessionName: `session-${n % 13}`, durationSeconds: 3600 },
        responseElements: readOnly ? null : { ok: true },
        requestID: `req-${n}`,
        eventID: `evt-${account}-${n}`,
        readOnly,
        eventType: "AwsApiCall",
        managementEvent: true,
        recipientAccountId: account,
        eventCategory: "Management",
        tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: `${eventSource.split(".")[0]}.${region}.amazonaws.com` },
    };
}

/** The sampled day's log files, gzipped as CloudTrail writes them. */
export function generateDay(day: DaySample, corpus: ReadonlyArray<Record<string, unknown>>): { files: Buffer[]; events: number } {
    const rnd = random(16);
    const regions = ["us-east-1", "eu-west-1", "eu-central-1", "us-west-2"];
    // One account and region delivers a file about every five minutes: 288 a day.
    const eventsPerFile = Math.round(day.eventsPerDay / (day.accounts * regions.length * 288));
    const files: Buffer[] = [];
    let events = 0;
    for (let f = 0; f < day.files; f++) {
        const account = String(100000000000 + (f % day.accounts));
        const region = regions[f % regions.length];
        const time = new Date(Date.UTC(2026, 10, 27, 0, 5 * f)).toISOString().replace(".000", "");
        const records: unknown[] = [];
        for (let i = 0; i < eventsPerFile; i++) {
            const n = f * eventsPerFile + i;
            records.push(n % 50 === 0 ? { ...corpus[(n / 50) % corpus.length], recipientAccountId: account, eventID: `evt-${n}` } : routineEvent(account, region, time, n, rnd));
        }
        events += records.length;
        files.push(zlib.gzipSync(JSON.stringify({ Records: records })));
    }
    return { files, events };
}

export interface EngineBench {
    events: number;
    files: number;
    alerts: number;
    seconds: number;
    eventsPerSecond: number;
}

/** Reads and evaluates every file as the handler does (alerts built, not sent), and times it. */
export async function benchEngine(settings: EngineSettings, files: readonly Buffer[]): Promise<EngineBench> {
    const engine = createEngine(settings);
    let events = 0;
    let alerts = 0;
    const started = process.hrtime.bigint();
    for (const file of files) {
        const records = await readLogFile(file);
        events += records.length;
        for (const finding of evaluateFile(engine, records)) {
            findingPublish(finding, settings);
            alerts++;
        }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { events, files: files.length, alerts, seconds, eventsPerSecond: events / seconds };
}

/** Settings as an audit stack with default detection parameters would write them. */
export function benchSettings(): EngineSettings {
    return {
        version: 1,
        partition: "aws",
        region: "eu-west-1",
        organizationId: "o-a1b2c3d4e5",
        managementAccountId: "555566667777",
        logArchiveAccountId: "666677778888",
        auditAccountId: "333333333333",
        bucketName: "org-cloudtrail-logs-666677778888-eu-west-1",
        organizationLogPrefix: "AWSLogs/o-a1b2c3d4e5/",
        alertTopicArn: "arn:aws:sns:eu-west-1:333333333333:org-cloudtrail-alerts",
        detectionParameters: {
            trustedCidrs: ["203.0.113.0/24"],
            largeInstanceTypes: ["*.8xlarge", "*.12xlarge", "*.16xlarge", "*.24xlarge", "*.metal*", "p*", "x*"],
            product: {
                partition: "aws",
                region: "eu-west-1",
                managementAccountId: "555566667777",
                trailName: "organization-trail",
                logBucketName: "org-cloudtrail-logs-666677778888-eu-west-1",
                accessLogBucketName: "org-cloudtrail-access-logs-666677778888-eu-west-1",
                logKeyArn: "arn:aws:kms:eu-west-1:666677778888:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                alertTopicArn: "arn:aws:sns:eu-west-1:333333333333:org-cloudtrail-alerts",
                logGroupName: "/org-cloudtrail/organization-trail",
                alarmNamePrefix: "org-cloudtrail-",
                alarmNamespace: "OrgCloudTrail",
                deliveryRoleNamePrefix: "organization-cloudwatch-role-",
            },
        },
        tuning: {},
        maxReceiveCount: 5,
    };
}

async function main(): Promise<void> {
    const corpus = (JSON.parse(fs.readFileSync(CORPUS, "utf8")) as Array<{ event: Record<string, unknown> }>).map((e) => e.event);
    const day = generateDay(LARGE_ORG_DAY, corpus);
    const result = await benchEngine(benchSettings(), day.files);
    console.log(
        `engine: ${result.events} events in ${result.files} files, ${result.alerts} alerts, ${result.seconds.toFixed(2)} s: ` +
            `${Math.round(result.eventsPerSecond)} events/s on one core`,
    );
    // `npm run bench` reads the figure from here (scripts/bench.ts, measure).
    if (process.env.BENCH_RESULT_FILE) fs.writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify(result));
}

if (require.main === module) main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
