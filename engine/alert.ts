// What a person receives: a subject for a phone's lock screen, a plain-text
// body for e-mail with everything needed to act, and a JSON document for
// HTTPS subscribers (PagerDuty, Jira Service Management, any webhook)
// carrying the dedup key. One SNS Publish carries all three through
// MessageStructure "json": SNS sends each protocol its own message (SNS API
// Reference, Publish: MessageStructure), e-mail gets the text, HTTPS the JSON.
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import type { Finding } from "./evaluate";
import { shortPrincipal } from "./record";
import type { EngineSettings, Severity } from "./settings";

/**
 * SNS Publish, Subject: "must be ASCII text that begins with a letter,
 * number, or punctuation mark; must not include line breaks or control
 * characters; and must be less than 100 characters long" (SNS API Reference,
 * Publish). Amazon Managed Prometheus's SNS receiver documents the same rule
 * from the other side: a subject with control or non-ASCII characters is
 * replaced. So: at most 99 printable ASCII characters.
 */
export const MAX_SUBJECT = 99;

/** Printable ASCII only, whitespace runs as one space: account names and user names can hold anything. */
export function asciiLine(value: string): string {
    return value
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/\s+/g, " ")
        .replace(/[^\x20-\x7e]/g, "?");
}

/** `value` cut to `max` characters, ending in "..." when cut. */
export function clip(value: string, max: number): string {
    return value.length <= max ? value : `${value.slice(0, Math.max(0, max - 3))}...`;
}

/** `Prod (123456789012)`, or the id alone when Organizations did not name it. */
export function accountLabel(accountId: string, name: string | undefined): string {
    return name ? `${name} (${accountId})` : accountId;
}

/** What the principal did, in a few words: `signed in to`, `StopLogging in`, `tried GetObject (AccessDenied) in`. */
function deed(f: Finding): string {
    const { eventName, errorCode, errorMessage } = f.facts;
    const times = f.count > 1 ? ` ${f.count}x` : "";
    if (eventName === "ConsoleLogin") {
        const failed = errorCode !== undefined || errorMessage === "Failed authentication" || f.first.responseElements?.ConsoleLogin === "Failure";
        return failed ? `failed to sign in${times} to` : `signed in${times} to`;
    }
    const name = eventName ?? "an API call";
    return errorCode ? `tried ${name}${times} (${errorCode}) in` : `${name}${times} in`;
}

/** The fewest characters a shortened principal keeps in a subject. */
const MIN_WHO = 12;

/**
 * `[CRITICAL] root-account-usage: root signed in to Prod (123456789012)`.
 * The account comes last and its id is never cut: when the line is too long
 * the principal is shortened first, then the account's name dropped, then
 * (only for very long detection ids) the line cut.
 */
export function alertSubject(f: Finding): string {
    const head = asciiLine(`[${f.severity.toUpperCase()}] ${f.detectionId}: `);
    const who = asciiLine(shortPrincipal(f.facts)).trim();
    for (const label of [accountLabel(f.accountId, f.accountName), f.accountId]) {
        const tail = asciiLine(` ${deed(f)} ${label}`);
        const room = MAX_SUBJECT - head.length - tail.length;
        if (room >= Math.min(MIN_WHO, who.length)) return head + clip(who, room) + tail;
    }
    return clip(head + who + asciiLine(` ${deed(f)} ${f.accountId}`), MAX_SUBJECT);
}

const CONSOLE_HOSTS: Record<string, string> = {
    aws: "console.aws.amazon.com",
    "aws-us-gov": "console.amazonaws-us-gov.com",
    "aws-cn": "console.amazonaws.cn",
};

/** The event in the CloudTrail console's Event history of the account it happened in (sign in to that account first). */
export function consoleLink(partition: string, region: string, eventId: string): string {
    const host = CONSOLE_HOSTS[partition] ?? CONSOLE_HOSTS.aws;
    return `https://${region}.${host}/cloudtrailv2/home?region=${region}#/events/${encodeURIComponent(eventId)}`;
}

const sqlString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * The principal's other calls that day in that account and region, from the
 * archive's Athena table: its account, region and day partitions are
 * projected, so naming all three reads one day's files of one account.
 */
export function athenaQuery(athena: NonNullable<EngineSettings["athena"]>, f: Finding): string | undefined {
    const { eventTime, region, principalArn } = f.facts;
    if (!eventTime || !region) return undefined;
    const day = eventTime.slice(0, 10).replace(/-/g, "/");
    const who = principalArn ? ` AND useridentity.arn = ${sqlString(principalArn)}` : "";
    return (
        `SELECT eventtime, eventsource, eventname, errorcode, sourceipaddress, useragent, requestparameters ` +
        `FROM "${athena.database}"."${athena.table}" ` +
        `WHERE account = ${sqlString(f.accountId)} AND region = ${sqlString(region)} AND day = ${sqlString(day)}${who} ` +
        `ORDER BY eventtime LIMIT 500`
    );
}

/** Request parameters as compact JSON, cut at this many characters: a policy document can be 10 KB. */
export const MAX_PARAMETERS = 2000;
/** Event ids listed in the body beyond the first. */
export const MAX_EVENT_IDS = 20;

const orDash = (v: string | undefined): string => (v === undefined || v === "" ? "-" : v);
const yesNo = (v: boolean | undefined): string => (v === undefined ? "not recorded" : v ? "yes" : "no");

function json(value: unknown, max: number): string {
    if (value === undefined || value === null) return "-";
    return clip(JSON.stringify(value), max);
}

/** The e-mail: every who/what/where/when field, the request, the event id and the pivots. */
export function alertBody(f: Finding, settings: EngineSettings, logFile?: string): string {
    const x = f.facts;
    const outcome = x.errorCode ? `failed: ${x.errorCode}${x.errorMessage ? ` (${x.errorMessage})` : ""}` : "succeeded";
    const lines = [
        `${f.title}.`,
        "",
        `Detection:   ${f.detectionId} (severity ${f.severity})`,
        `Matches:     ${f.count} in one log file, the first shown`,
        ...(f.window ? [`Window:      ${f.window.total} in ${f.window.minutes} minutes from ${f.window.start} (this file crossed the threshold)`] : []),
        "",
        "WHO",
        `Principal:       ${orDash(x.principalArn)}`,
        `Type:            ${orDash(x.principalType)}`,
        `Session issuer:  ${orDash(x.sessionIssuerArn)}`,
        `MFA used:        ${yesNo(x.mfa)}`,
        `Access key id:   ${orDash(x.accessKeyId)}`,
        "",
        "WHAT",
        `Event:           ${orDash(x.eventName)} (${orDash(x.eventSource)}), ${outcome}`,
        `Request:         ${json(f.first.requestParameters, MAX_PARAMETERS)}`,
    ];
    if (x.eventName === "ConsoleLogin") {
        lines.push(`Response:        ${json(f.first.responseElements, 500)}`, `Sign-in data:    ${json(f.first.additionalEventData, 500)}`);
    }
    lines.push(
        "",
        "WHERE",
        `Account:         ${accountLabel(f.accountId, f.accountName)}`,
        `Region:          ${orDash(x.region)}`,
        `Source IP:       ${orDash(x.sourceIp)}`,
        `User agent:      ${orDash(x.userAgent)}`,
        "",
        "WHEN",
        `Event time:      ${orDash(x.eventTime)}`,
        `Event id:        ${orDash(x.eventId)}`,
    );
    const others = f.eventIds.filter((id) => id !== x.eventId);
    if (others.length > 0) {
        const shown = others.slice(0, MAX_EVENT_IDS);
        lines.push(`Other matches:   ${shown.join(", ")}${others.length > shown.length ? `, and ${others.length - shown.length} more` : ""}`);
    }
    lines.push("", "FIRST CHECK", f.firstCheck, "", "NEXT");
    if (x.eventId && x.region) lines.push(`Event history (in account ${f.accountId}): ${consoleLink(settings.partition, x.region, x.eventId)}`);
    const query = settings.athena ? athenaQuery(settings.athena, f) : undefined;
    if (settings.athena && query) {
        lines.push(`Athena (account ${settings.athena.accountId}, ${settings.athena.region}, workgroup ${settings.athena.workgroup}):`, query);
    }
    if (logFile) lines.push(`Log file: ${logFile}`);
    lines.push("", `Dedup key: ${f.dedupKey}`);
    return lines.join("\n");
}

/** The HTTPS subscribers' document: the same facts as fields, and the dedup key. */
export interface AlertDocument {
    version: 1;
    source: "org-cloudtrail";
    dedupKey: string;
    detectionId: string;
    severity: Severity;
    title: string;
    subject: string;
    count: number;
    /** For a detection tuned with windowMinutes: the window's total, all files together. */
    window?: { minutes: number; start: string; total: number };
    who: { principalArn?: string; principalType?: string; sessionIssuerArn?: string; mfa?: boolean; accessKeyId?: string };
    what: { eventName?: string; eventSource?: string; errorCode?: string; requestParameters?: unknown };
    where: { accountId: string; accountName?: string; region?: string; sourceIp?: string; userAgent?: string };
    when?: string;
    eventId?: string;
    eventIds: string[];
    links: { eventHistory?: string; athenaQuery?: string };
    logFile?: string;
}

export function alertDocument(f: Finding, settings: EngineSettings, logFile?: string): AlertDocument {
    const x = f.facts;
    return {
        version: 1,
        source: "org-cloudtrail",
        dedupKey: f.dedupKey,
        detectionId: f.detectionId,
        severity: f.severity,
        title: f.title,
        subject: alertSubject(f),
        count: f.count,
        ...(f.window ? { window: f.window } : {}),
        who: { principalArn: x.principalArn, principalType: x.principalType, sessionIssuerArn: x.sessionIssuerArn, mfa: x.mfa, accessKeyId: x.accessKeyId },
        what: { eventName: x.eventName, eventSource: x.eventSource, errorCode: x.errorCode, requestParameters: f.first.requestParameters ?? undefined },
        where: { accountId: f.accountId, accountName: f.accountName, region: x.region, sourceIp: x.sourceIp, userAgent: x.userAgent },
        when: x.eventTime,
        eventId: x.eventId,
        eventIds: f.eventIds.slice(0, MAX_EVENT_IDS + 1),
        links: {
            eventHistory: x.eventId && x.region ? consoleLink(settings.partition, x.region, x.eventId) : undefined,
            athenaQuery: settings.athena ? athenaQuery(settings.athena, f) : undefined,
        },
        logFile,
    };
}

/**
 * The one Publish: text for e-mail (and `default`, which SQS and Lambda
 * subscribers get), JSON for HTTPS, and message attributes (dedup key,
 * severity, detection) that subscription filter policies can route on
 * (e.g. only critical to the pager) and that HTTPS subscribers receive in
 * the notification's MessageAttributes.
 */
export function publishInput(
    topicArn: string,
    subject: string,
    body: string,
    document: Record<string, unknown> | AlertDocument,
): PublishCommandInput {
    const doc = JSON.stringify(document);
    return {
        TopicArn: topicArn,
        Subject: subject,
        MessageStructure: "json",
        Message: JSON.stringify({ default: body, email: body, https: doc }),
        MessageAttributes: {
            dedupKey: { DataType: "String", StringValue: String(document.dedupKey) },
            severity: { DataType: "String", StringValue: String(document.severity) },
            detectionId: { DataType: "String", StringValue: String(document.detectionId) },
        },
    };
}

/** A finding as the Publish that announces it. */
export function findingPublish(f: Finding, settings: EngineSettings, logFile?: string): PublishCommandInput {
    return publishInput(settings.alertTopicArn, alertSubject(f), alertBody(f, settings, logFile), alertDocument(f, settings, logFile));
}

/** The detection id of the alert a file that cannot be read raises. */
export const UNREADABLE_FILE = "log-file-unreadable";

/**
 * The last delivery of a message failed: the file moves to the dead-letter
 * queue, unevaluated. High, not critical: a corrupt or oversized file is
 * rarer than an attack but leaves a gap in detection that only a person can
 * close (redrive the DLQ after fixing the cause).
 */
export function unreadableFilePublish(settings: EngineSettings, bucket: string, key: string, reason: string, receiveCount: number): PublishCommandInput {
    const account = /\/AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\//.exec(`/${key}`)?.[1] ?? "unknown-account";
    const severity: Severity = "high";
    const dedup = `${"org-cloudtrail"}/${UNREADABLE_FILE}/${account}/${key}`;
    // CloudTrail's file name repeats the account: `<account>_CloudTrail_<region>_<time>_<unique>.json.gz`.
    const fileName = key.slice(key.lastIndexOf("/") + 1).replace(/^\d{12}_CloudTrail_/, "");
    const subject = clip(asciiLine(`[HIGH] ${UNREADABLE_FILE}: ${account} ${fileName}`).trim(), MAX_SUBJECT);
    const body = [
        `A CloudTrail log file could not be read ${receiveCount} times; its message moves to the dead-letter queue and its events were not evaluated.`,
        "",
        `Log file:   s3://${bucket}/${key}`,
        `Account:    ${account}`,
        `Reason:     ${reason}`,
        `Deliveries: ${receiveCount} (maxReceiveCount ${settings.maxReceiveCount})`,
        "",
        "FIRST CHECK",
        "Whether the object exists and is a gzipped CloudTrail log (aws s3 cp it and gunzip -t), and the engine's log group for the error; after fixing the cause, redrive the dead-letter queue org-cloudtrail-log-files-failed.",
        "",
        `Dedup key: ${dedup}`,
    ].join("\n");
    return publishInput(settings.alertTopicArn, subject, body, {
        version: 1,
        source: "org-cloudtrail",
        dedupKey: dedup,
        detectionId: UNREADABLE_FILE,
        severity,
        subject,
        logFile: `s3://${bucket}/${key}`,
        accountId: account,
        reason,
        receiveCount,
    });
}
