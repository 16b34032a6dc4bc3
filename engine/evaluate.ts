// One log file's records in, the findings to alert on out. The handler and
// `npm run replay` both call evaluateRecords: the same lines decide both.
import type { DetectionContext } from "../detections/catalog";
import { CompiledDetection, fires } from "./detections";
import { CloudTrailRecord, factsOf, principalKey, RecordFacts } from "./record";
import type { Severity } from "./settings";

/** Every alert's dedup key starts with this. */
export const DEDUP_PREFIX = "org-cloudtrail";

/** One detection's matches in one file for one account and principal: one alert. */
export interface Finding {
    detectionId: string;
    title: string;
    severity: Severity;
    firstCheck: string;
    /** `org-cloudtrail/<detection>/<account>/<principal>`: Opsgenie's alias, PagerDuty's dedup_key. */
    dedupKey: string;
    accountId: string;
    /** The principal as in the dedup key (record.ts, principalKey). */
    principal: string;
    /** The account's name from Organizations, when known. */
    accountName?: string;
    /** How many records of the file matched (for this account and principal). */
    count: number;
    /** The earliest matching record (by eventTime, then file order), and what it says. */
    first: CloudTrailRecord;
    facts: RecordFacts;
    /** The event ids of every match, in file order (for the alert body; capped there). */
    eventIds: string[];
}

export function dedupKey(detectionId: string, accountId: string, principal: string): string {
    return `${DEDUP_PREFIX}/${detectionId}/${accountId}/${principal}`;
}

const isRecord = (r: unknown): r is CloudTrailRecord => typeof r === "object" && r !== null && !Array.isArray(r);

/**
 * Evaluates every detection on every record and groups the matches by
 * detection, account and principal. A CloudTrail log file holds one
 * account's events in one region over about five minutes, so a file is the
 * engine's evaluation period: it keeps no state between files, so no
 * window is longer than one file. Where the threshold (the alarm's, or the
 * tuning's) is above 1 (unauthorized-api-calls: 5, console-signin-failures: 3), the engine
 * alerts only when the file holds that many matches of the detection (all
 * principals counted together, as the metric counts them: password spraying
 * fails once per user name), and then every principal's group alerts. The
 * metric counts across the whole organization, the file one account: a burst
 * spread thinly over many accounts reaches the alarm (the backstop) and not
 * the engine. A detection with countPer "principal" (a burst of secret reads
 * by one principal) compares the threshold with each principal's own count
 * instead: ten principals reading one secret each stay quiet, one principal
 * reading ten alerts. A role's sessions count as one principal (the session
 * issuer): otherwise its reads spread over several session names, which the
 * caller chooses, would each stay under the threshold (found by a review).
 */
export function evaluateRecords(records: readonly unknown[], detections: readonly CompiledDetection[], ctx: DetectionContext): Finding[] {
    const groups = new Map<string, Finding>();
    const perDetection = new Map<string, number>();
    /** By detection and counting principal (countPer "principal"): the role behind a session, or the principal itself. */
    const perPrincipal = new Map<string, number>();
    const countingKey = (detectionId: string, record: CloudTrailRecord) =>
        `${detectionId}\n${record.userIdentity?.sessionContext?.sessionIssuer?.arn ?? principalKey(record)}`;
    for (const record of records) {
        if (!isRecord(record)) continue;
        for (const d of detections) {
            if (!fires(d, record, ctx)) continue;
            perDetection.set(d.id, (perDetection.get(d.id) ?? 0) + 1);
            if (d.countPer === "principal") perPrincipal.set(countingKey(d.id, record), (perPrincipal.get(countingKey(d.id, record)) ?? 0) + 1);
            const facts = factsOf(record);
            const accountId = facts.accountId ?? "unknown-account";
            const principal = principalKey(record);
            const key = dedupKey(d.id, accountId, principal);
            const group = groups.get(key);
            if (group === undefined) {
                groups.set(key, {
                    detectionId: d.id,
                    title: d.title,
                    severity: d.severity,
                    firstCheck: d.firstCheck,
                    dedupKey: key,
                    accountId,
                    principal,
                    accountName: ctx.accounts.get(accountId),
                    count: 1,
                    first: record,
                    facts,
                    eventIds: facts.eventId ? [facts.eventId] : [],
                });
                continue;
            }
            group.count++;
            if (facts.eventId) group.eventIds.push(facts.eventId);
            if (facts.eventTime !== undefined && (group.facts.eventTime === undefined || facts.eventTime < group.facts.eventTime)) {
                group.first = record;
                group.facts = facts;
            }
        }
    }
    const byId = new Map(detections.map((d) => [d.id, d]));
    return [...groups.values()].filter((g) => {
        const d = byId.get(g.detectionId);
        const counted = d?.countPer === "principal" ? (perPrincipal.get(countingKey(g.detectionId, g.first)) ?? 0) : (perDetection.get(g.detectionId) ?? 0);
        return counted >= (d?.threshold ?? 1);
    });
}
