// One log file's records in, the findings to alert on out. The handler and
// `npm run replay` both call evaluateRecordsCounted (evaluateRecords when no
// detection has a window): the same lines decide both.
import type { DetectionContext } from "../detections/catalog";
import { CompiledDetection, fires } from "./detections";
import { CloudTrailRecord, factsOf, principalKey, RecordFacts } from "./record";
import type { Severity } from "./settings";
import { countExpiry, countKey, windowStart, WindowCounter } from "./windowCounts";

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
    /**
     * For a detection tuned with `windowMinutes`: the window's total when
     * this file's matches crossed the threshold (all files of the window,
     * this one included), and the window. Absent for per-file counting.
     */
    window?: { minutes: number; start: string; total: number };
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
/** One file's matches, grouped, and counted as each detection counts. */
interface Matches {
    groups: Map<string, Finding>;
    /** By detection (per file). */
    perDetection: Map<string, number>;
    /** By detection and counting principal (countPer "principal"): the role behind a session, or the principal itself. */
    perPrincipal: Map<string, number>;
    /** Windowed detections only: by count key (windowCounts.ts countKey), the file's matches and the groups they fell in. */
    windowed: Map<string, { detection: CompiledDetection; start: number; n: number; groups: Set<string> }>;
}

/** The principal a countPer "principal" detection counts: a role's sessions count as one (the session issuer). */
const countingPrincipal = (record: CloudTrailRecord) => record.userIdentity?.sessionContext?.sessionIssuer?.arn ?? principalKey(record);
const countingKey = (detectionId: string, record: CloudTrailRecord) => `${detectionId}\n${countingPrincipal(record)}`;

function matchRecords(records: readonly unknown[], detections: readonly CompiledDetection[], ctx: DetectionContext, now: number): Matches {
    const m: Matches = { groups: new Map(), perDetection: new Map(), perPrincipal: new Map(), windowed: new Map() };
    for (const record of records) {
        if (!isRecord(record)) continue;
        for (const d of detections) {
            if (!fires(d, record, ctx)) continue;
            m.perDetection.set(d.id, (m.perDetection.get(d.id) ?? 0) + 1);
            if (d.countPer === "principal") m.perPrincipal.set(countingKey(d.id, record), (m.perPrincipal.get(countingKey(d.id, record)) ?? 0) + 1);
            const facts = factsOf(record);
            const accountId = facts.accountId ?? "unknown-account";
            const principal = principalKey(record);
            const key = dedupKey(d.id, accountId, principal);
            if (d.windowMinutes !== undefined) {
                // Each match counts in the window of its own eventTime (a file near a boundary feeds two);
                // detection-wide counts are per account, every region together.
                const time = Date.parse(facts.eventTime ?? "");
                const start = windowStart(Number.isNaN(time) ? now : time, d.windowMinutes);
                const k = countKey(d.id, d.countPer === "principal" ? countingPrincipal(record) : accountId, start);
                const w = m.windowed.get(k) ?? { detection: d, start, n: 0, groups: new Set<string>() };
                w.n++;
                w.groups.add(key);
                m.windowed.set(k, w);
            }
            const group = m.groups.get(key);
            if (group === undefined) {
                m.groups.set(key, {
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
    return m;
}

/** The groups of detections without a window whose file count reaches the threshold. */
function perFileFindings(m: Matches, detections: readonly CompiledDetection[]): Finding[] {
    const byId = new Map(detections.map((d) => [d.id, d]));
    return [...m.groups.values()].filter((g) => {
        const d = byId.get(g.detectionId);
        if (d?.windowMinutes !== undefined) return false;
        const counted = d?.countPer === "principal" ? (m.perPrincipal.get(countingKey(g.detectionId, g.first)) ?? 0) : (m.perDetection.get(g.detectionId) ?? 0);
        return counted >= (d?.threshold ?? 1);
    });
}

/**
 * Evaluates every detection on every record and groups the matches by
 * detection, account and principal. A CloudTrail log file holds one
 * account's events in one region over about five minutes, so a file is the
 * engine's evaluation period for a detection without a window: it keeps no
 * state between files. Where the threshold (the alarm's, or the
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
 *
 * A detection tuned with `windowMinutes` is left out here: its count needs
 * the other files' (evaluateRecordsCounted).
 */
export function evaluateRecords(records: readonly unknown[], detections: readonly CompiledDetection[], ctx: DetectionContext): Finding[] {
    return perFileFindings(matchRecords(records, detections, ctx, Date.now()), detections);
}

/**
 * evaluateRecords, and the detections with a window counted across files in
 * `counter`: one add per detection, counting key and window with the file's
 * count, and the window's groups in this file alert when that add crosses
 * the threshold (before < threshold <= after): once per window, on the file
 * that crossed it, with the window's total. A file with no windowed match
 * makes no call. Without a counter a windowed detection is an error: the
 * settings name no table while the tuning asks for a window.
 */
export async function evaluateRecordsCounted(
    records: readonly unknown[],
    detections: readonly CompiledDetection[],
    ctx: DetectionContext,
    counter: WindowCounter | undefined,
    now: number = Date.now(),
): Promise<Finding[]> {
    const m = matchRecords(records, detections, ctx, now);
    const findings = perFileFindings(m, detections);
    if (m.windowed.size === 0) return findings;
    if (counter === undefined) throw new Error(`detections ${[...new Set([...m.windowed.values()].map((w) => w.detection.id))].join(", ")} count in a window, and the settings name no detectionCountsTable`);
    const crossed = new Map<string, Finding>();
    for (const [key, w] of m.windowed) {
        const { before, after } = await counter.add(key, w.n, countExpiry(w.start, w.detection.windowMinutes as number));
        if (!(before < w.detection.threshold && w.detection.threshold <= after)) continue;
        for (const g of w.groups) {
            const group = m.groups.get(g) as Finding;
            crossed.set(g, { ...group, window: { minutes: w.detection.windowMinutes as number, start: new Date(w.start).toISOString(), total: after } });
        }
    }
    return [...findings, ...crossed.values()];
}
