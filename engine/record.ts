// A CloudTrail record as the engine reads it, and the who/what/where/when an
// alert carries. The record stays the parsed JSON object: the filter-pattern
// evaluator reads any field by selector, so the type names only the fields
// this file reads and leaves the rest open.

/** `userIdentity.sessionContext` of a record made with temporary credentials. */
export interface SessionContext {
    sessionIssuer?: { type?: string; principalId?: string; arn?: string; accountId?: string; userName?: string };
    attributes?: { creationDate?: string; mfaAuthenticated?: string };
    sourceIdentity?: string;
    [field: string]: unknown;
}

export interface UserIdentity {
    type?: string;
    principalId?: string;
    arn?: string;
    accountId?: string;
    accessKeyId?: string;
    userName?: string;
    invokedBy?: string;
    sessionContext?: SessionContext;
    [field: string]: unknown;
}

/** One element of a log file's `Records` array (CloudTrail record contents, eventVersion 1.0x). */
export interface CloudTrailRecord {
    eventVersion?: string;
    userIdentity?: UserIdentity;
    eventTime?: string;
    eventSource?: string;
    eventName?: string;
    awsRegion?: string;
    sourceIPAddress?: string;
    userAgent?: string;
    errorCode?: string;
    errorMessage?: string;
    requestParameters?: Record<string, unknown> | null;
    responseElements?: Record<string, unknown> | null;
    additionalEventData?: Record<string, unknown>;
    eventID?: string;
    eventType?: string;
    recipientAccountId?: string;
    [field: string]: unknown;
}

/** What an alert says about one record. Every field is as the record has it, or undefined when it is absent. */
export interface RecordFacts {
    /** `userIdentity.arn`, or for a record without one (AWS services) the service that acted. */
    principalArn?: string;
    /** `userIdentity.type`: Root, IAMUser, AssumedRole, FederatedUser, AWSService, ... */
    principalType?: string;
    /** The role (or user) whose temporary credentials made the call: `sessionContext.sessionIssuer.arn`. */
    sessionIssuerArn?: string;
    /** Whether MFA was used: true, false, or undefined when the record does not say. */
    mfa?: boolean;
    accessKeyId?: string;
    userName?: string;
    invokedBy?: string;
    eventName?: string;
    eventSource?: string;
    errorCode?: string;
    errorMessage?: string;
    /** The account the event happened in: `recipientAccountId` (for a cross-account call, the account that received it). */
    accountId?: string;
    region?: string;
    sourceIp?: string;
    userAgent?: string;
    eventTime?: string;
    eventId?: string;
    /** Whether the call was read-only (`readOnly`), when the record says. */
    readOnly?: boolean;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * MFA as the record states it. Calls made with temporary credentials carry
 * `sessionContext.attributes.mfaAuthenticated` ("true"/"false"); a console
 * sign-in carries `additionalEventData.MFAUsed` ("Yes"/"No") instead, which
 * wins for ConsoleLogin (its sessionContext, when present, describes nothing).
 */
export function mfaOf(record: CloudTrailRecord): boolean | undefined {
    const used = record.additionalEventData?.MFAUsed;
    if (record.eventName === "ConsoleLogin" && (used === "Yes" || used === "No")) return used === "Yes";
    const authenticated = record.userIdentity?.sessionContext?.attributes?.mfaAuthenticated;
    if (authenticated === "true" || authenticated === "false") return authenticated === "true";
    if (used === "Yes" || used === "No") return used === "Yes";
    return undefined;
}

export function factsOf(record: CloudTrailRecord): RecordFacts {
    const id = record.userIdentity ?? {};
    return {
        principalArn: text(id.arn) ?? text(id.invokedBy),
        principalType: text(id.type),
        sessionIssuerArn: text(id.sessionContext?.sessionIssuer?.arn),
        mfa: mfaOf(record),
        accessKeyId: text(id.accessKeyId),
        userName: text(id.userName) ?? text(id.sessionContext?.sessionIssuer?.userName),
        invokedBy: text(id.invokedBy),
        eventName: text(record.eventName),
        eventSource: text(record.eventSource),
        errorCode: text(record.errorCode),
        errorMessage: text(record.errorMessage),
        accountId: text(record.recipientAccountId) ?? text(id.accountId),
        region: text(record.awsRegion),
        sourceIp: text(record.sourceIPAddress),
        userAgent: text(record.userAgent),
        eventTime: text(record.eventTime),
        eventId: text(record.eventID),
        readOnly: typeof record.readOnly === "boolean" ? record.readOnly : undefined,
    };
}

/**
 * Who, in the dedup key: the principal ARN as recorded (an assumed-role
 * session keeps its session name, which for IAM Identity Center is the
 * person and for a Lambda function or instance is stable), else the user
 * name or principal id, else `unknown`. Repeats by the same principal fold
 * into one incident; a different session is a different incident.
 */
export function principalKey(record: CloudTrailRecord): string {
    const id = record.userIdentity ?? {};
    return text(id.arn) ?? text(id.invokedBy) ?? text(id.userName) ?? text(id.principalId) ?? "unknown";
}

/**
 * The short "who" of a subject line: `root`, the IAM user's name, the
 * assumed role's `role/session`, or the service.
 */
export function shortPrincipal(facts: RecordFacts): string {
    if (facts.principalType === "Root") return "root";
    const arn = facts.principalArn;
    if (arn?.includes(":assumed-role/")) return arn.slice(arn.indexOf(":assumed-role/") + ":assumed-role/".length);
    if (facts.userName) return facts.userName;
    if (arn) return arn.slice(arn.lastIndexOf(":") + 1) || arn;
    return "unknown principal";
}
