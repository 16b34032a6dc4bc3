// The engine's digest path: every CloudTrail digest is verified the moment it
// lands (integrity/verifyDigest: signature, chain, every listed log file),
// the chain's state is kept in the audit account's DynamoDB table, and a
// scheduled run pages on digests that do not arrive. Pure verification lives
// in integrity/; this module is the I/O around it: S3, DynamoDB, CloudTrail's
// public keys, and the alerts.
//
// Concurrency. Two digests of one chain can be handled at once (two Lambda
// instances) or out of order (an SQS retry delivers hour N after hour N+1).
// The table is written with optimistic locking: an item is replaced only if
// it still holds the digest that was read (ConditionExpression on `key`), or
// created only if absent. A lost race re-reads the state and verifies again,
// so neither digest is lost and none is held to a state it never saw.
import { CloudTrailClient, ListPublicKeysCommand } from "@aws-sdk/client-cloudtrail";
import { AttributeValue, ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import type { PublishCommandInput } from "@aws-sdk/client-sns";
import {
    ChainState, DigestVerdict, hourOf, IntegrityFinding, IntegrityFindingKind, lateDigests, parseDigest, parseDigestKey, parsePublicKeys, PublicKey, PublicKeys,
    verifyDigest,
} from "../integrity/index";
import { asciiLine, clip, publishInput } from "./alert";
import type { EngineSettings, Severity } from "./settings";

/** The table's partition key (stacks/auditNames.ts DIGEST_CHAIN_KEY): `<account>/<region>`. */
export const CHAIN_KEY = "chain";

/**
 * When settings name a table but no delay: the audit stack's default
 * (config/audit.ts DIGEST_DELAY_DEFAULT_MINUTES; not imported, to keep the
 * config schema out of the Lambda bundle; a test keeps the two equal).
 */
export const DEFAULT_ALLOWED_DELAY_MINUTES = 120;

/** Attempts at verify-then-conditional-write before the message fails (and SQS retries it). */
export const MAX_CHAIN_WRITE_ATTEMPTS = 3;

/**
 * Pages per finding kind for one digest; the rest fold into one summary page.
 * A digest that lists thousands of deleted (or invented) log files would
 * otherwise page thousands of times, burying the page that matters.
 */
export const MAX_PAGES_PER_KIND = 5;

/** The remembered state of a chain, and the last missing hour already paged as late. */
export interface StoredChain extends ChainState {
    /** End time (ISO) of the newest missing digest already announced by a "digest late" page. */
    lateReportedThrough?: string;
}

const s = (v: string): AttributeValue => ({ S: v });

/** The DynamoDB item of a chain state (the table has only its partition key declared: every other attribute is free). */
export function chainItem(state: ChainState): Record<string, AttributeValue> {
    return {
        [CHAIN_KEY]: s(`${state.account}/${state.region}`),
        account: s(state.account),
        region: s(state.region),
        key: s(state.key),
        hash: s(state.hash),
        signature: state.signature === null ? { NULL: true } : s(state.signature),
        endTime: s(state.endTime),
    };
}

/** The chain state an item holds; undefined for an item that is not one (it is ignored, and logged by the caller). */
export function chainFromItem(item: Record<string, AttributeValue> | undefined): StoredChain | undefined {
    if (!item) return undefined;
    const text = (name: string) => item[name]?.S;
    const [account, region, key, hash, endTime] = ["account", "region", "key", "hash", "endTime"].map(text);
    if (!account || !region || !key || !hash || !endTime) return undefined;
    const signature = text("signature") ?? null;
    const late = text("lateReportedThrough");
    return { account, region, key, hash, signature, endTime, ...(late ? { lateReportedThrough: late } : {}) };
}

/**
 * CloudTrail's public keys, per region (each region signs with its own key
 * pair: ListPublicKeys, CloudTrail API Reference), cached for the
 * container's life. A digest naming a fingerprint the cache does not hold
 * triggers one refetch per region and fingerprint per invocation: a forged
 * digest with a made-up fingerprint then costs one call, not one per retry
 * of every file.
 */
export class PublicKeyCache {
    private readonly byRegion = new Map<string, PublicKey[]>();
    private refetched = new Set<string>();
    private readonly clients = new Map<string, CloudTrailClient>();

    constructor(private readonly clientFor: (region: string) => CloudTrailClient = (region) => new CloudTrailClient({ region })) {}

    /** Forgets every key, as a cold start would (tests). */
    clear(): void {
        this.byRegion.clear();
        this.refetched = new Set();
    }

    /** Starts an invocation: each unknown fingerprint may be refetched once more. */
    newInvocation(): void {
        this.refetched = new Set();
    }

    /** The keys of `region`, refetched when none has `fingerprint` valid at `at`. */
    async keysFor(region: string, fingerprint: string, at: Date): Promise<PublicKeys> {
        const fp = fingerprint.toLowerCase();
        const cached = this.byRegion.get(region);
        const known = (keys: PublicKeys | undefined) => keys?.some((k) => k.fingerprint === fp && k.validFrom <= at && at <= k.validTo) ?? false;
        if (cached && known(cached)) return cached;
        const once = `${region}/${fp}`;
        if (cached && this.refetched.has(once)) return cached;
        this.refetched.add(once);
        const fetched = await this.fetch(region, at);
        // Merge: a key once listed stays usable for the digests of its validity period.
        const merged = [...(cached ?? [])];
        for (const k of fetched) if (!merged.some((m) => m.fingerprint === k.fingerprint)) merged.push(k);
        this.byRegion.set(region, merged);
        return merged;
    }

    private client(region: string): CloudTrailClient {
        let c = this.clients.get(region);
        if (!c) this.clients.set(region, (c = this.clientFor(region)));
        return c;
    }

    /**
     * ListPublicKeys for the hour around `at`: without StartTime "the current
     * time is used, and the current public key is returned" (CloudTrail API
     * Reference, ListPublicKeys), which misses the key of a digest delivered
     * late or across a rotation. `Value` is a Uint8Array in SDK v3 (the
     * CLI prints it base64): converted, then parsed by integrity's
     * parsePublicKeys, which derives each fingerprint from the key's bytes.
     */
    private async fetch(region: string, at: Date): Promise<PublicKey[]> {
        const keys: PublicKey[] = [];
        let NextToken: string | undefined;
        do {
            const page = await this.client(region).send(
                new ListPublicKeysCommand({ StartTime: new Date(Math.min(Date.now(), at.getTime()) - 3_600_000), EndTime: new Date(Math.min(Date.now(), at.getTime() + 3_600_000)), NextToken }),
            );
            for (const k of page.PublicKeyList ?? []) {
                if (!k.Value || !k.ValidityStartTime || !k.ValidityEndTime || !k.Fingerprint) continue;
                const entry = { Value: Buffer.from(k.Value).toString("base64"), ValidityStartTime: k.ValidityStartTime.toISOString(), ValidityEndTime: k.ValidityEndTime.toISOString(), Fingerprint: k.Fingerprint };
                try {
                    keys.push(...parsePublicKeys(JSON.stringify({ PublicKeyList: [entry] })));
                } catch (e) {
                    // A listed key whose bytes do not match its fingerprint verifies nothing: the digests it would sign page as unknown-public-key.
                    console.warn(JSON.stringify({ level: "warn", message: "public key refused", region, fingerprint: k.Fingerprint, reason: (e as Error).message }));
                }
            }
            NextToken = page.NextToken;
        } while (NextToken);
        return keys;
    }
}

/** Reads an object's raw bytes (gzipped as stored), undefined when S3 says it does not exist. */
export type RawReader = (bucket: string, key: string) => Promise<Buffer | undefined>;

/** What the digest path needs from the world. */
export interface DigestIo {
    dynamodb: DynamoDBClient;
    table: string;
    keys: PublicKeyCache;
    readObject: RawReader;
    /** The digest itself, with its S3 metadata. */
    readDigest: (bucket: string, key: string) => Promise<{ body: Buffer; metadata: Record<string, string> }>;
}

async function readChain(io: DigestIo, chain: string): Promise<StoredChain | undefined> {
    // Strongly consistent: the state just written by another instance must be seen.
    const out = await io.dynamodb.send(new GetItemCommand({ TableName: io.table, Key: { [CHAIN_KEY]: s(chain) }, ConsistentRead: true }));
    return chainFromItem(out.Item);
}

/**
 * The state becomes the new digest's only if it is a newer, authentic, hourly
 * digest. Authentic (signed by CloudTrail, in its own place) is what keeps a
 * planted digest, which pages, from also moving the chain: ahead to a future
 * end time (silencing the late check) or onto a key the insider controls.
 */
function advances(verdict: DigestVerdict, key: string, previous: ChainState | undefined): boolean {
    if (!verdict.authentic || verdict.backfill || verdict.state.key !== key) return false;
    if (verdict.findings.some((f) => f.kind === "digest-malformed")) return false;
    return previous === undefined || Date.parse(verdict.state.endTime) > Date.parse(previous.endTime);
}

/**
 * Verifies one digest and records it as its chain's newest. Returns the
 * findings to page on. Throws (the message fails and retries) when the
 * digest cannot be read, or the chain kept changing under it.
 *
 * A digest S3 no longer has (NoSuchKey) is a `digest-missing` finding at
 * once: S3 is strongly consistent for reads after writes, so a notified
 * object that is gone was deleted (or hidden by a delete marker) since
 * CloudTrail wrote it. Retrying would only delay the page to the dead-letter
 * queue's "could not be read" alert, and name the wrong cause.
 *
 * With `organizationLogPrefix`, a digest key whose `AWSLogs/<o-id>/` is not
 * right after that prefix (another trail whose own S3 key prefix is
 * `AWSLogs/<o-id>`, writing inside ours) belongs to no chain of ours: it
 * is verified, pages digest-modified, and never moves a chain.
 */
export async function verifyAndRecord(io: DigestIo, bucket: string, key: string, organizationLogPrefix?: string): Promise<DigestVerdict> {
    let read: { body: Buffer; metadata: Record<string, string> };
    try {
        read = await io.readDigest(bucket, key);
    } catch (e) {
        if ((e as Error)?.name !== "NoSuchKey") throw e;
        return deletedBeforeRead(key);
    }
    const { body, metadata } = read;
    const parsedKey = parseDigestKey(key);
    if (parsedKey && organizationLogPrefix !== undefined && `${parsedKey.prefix}AWSLogs/${parsedKey.organizationId ?? ""}/` !== organizationLogPrefix) {
        const keys = await io.keys.keysFor(parsedKey.region, fingerprintOf(body), new Date());
        const verdict = await verifyDigest({ bucket, key, body, signature: metadata.signature, signatureAlgorithm: metadata["signature-algorithm"], publicKeys: keys, readLogFile: io.readObject, readLogFilesOnlyIfAuthentic: true });
        verdict.findings.unshift({
            kind: "digest-modified", account: verdict.account, region: verdict.region, hour: hourOf(verdict.digestEndTime), path: key,
            message: `digest ${key} lies outside the organization trail's prefix ${organizationLogPrefix} (another trail, or a planted file, writes inside it)`,
        });
        return { ...verdict, authentic: false };
    }
    // A file under CloudTrail-Digest/ that CloudTrail did not name: verified against no chain and no key, so it pages (digest-modified, and more), never moves a chain.
    if (!parsedKey) return verifyDigest({ bucket, key, body, signature: metadata.signature, signatureAlgorithm: metadata["signature-algorithm"], publicKeys: [], readLogFile: io.readObject, readLogFilesOnlyIfAuthentic: true });
    const chain = `${parsedKey.account}/${parsedKey.region}`;
    // The fingerprint and time, to pick (and if needed refetch) the region's keys; a malformed digest gets the cached keys and pages as malformed.
    let fingerprint = "";
    let at = new Date();
    let previousKey: string | null = null;
    try {
        const { digest } = parseDigest(body);
        fingerprint = digest.digestPublicKeyFingerprint;
        at = new Date(digest.digestEndTime);
        previousKey = digest.previousDigestS3Object;
    } catch {
        // verifyDigest reports it.
    }
    const publicKeys = await io.keys.keysFor(parsedKey.region, fingerprint, at);
    for (let attempt = 1; ; attempt++) {
        const stored = await readChain(io, chain);
        // Out of order: this digest chains to one newer than the remembered
        // state (hour N+1 arrived before hour N). Hour N is in S3 (verifyDigest
        // checks it is there and unchanged, by hash): its own notification
        // verifies it, and as an older digest it will not move the state back.
        // Held to the stale state, hour N+1 would page chain-broken falsely.
        const skipsAhead = stored !== undefined && previousKey !== null && previousKey !== stored.key && newerKey(previousKey, stored);
        const previous = skipsAhead ? undefined : stored;
        const verdict = await verifyDigest({
            bucket, key, body, signature: metadata.signature, signatureAlgorithm: metadata["signature-algorithm"], previous, publicKeys, readLogFile: io.readObject, readLogFilesOnlyIfAuthentic: true,
        });
        if (!advances(verdict, key, stored)) return verdict;
        try {
            await io.dynamodb.send(
                new PutItemCommand({
                    TableName: io.table,
                    Item: chainItem(verdict.state),
                    ...(stored
                        ? { ConditionExpression: "#key = :read", ExpressionAttributeNames: { "#key": "key" }, ExpressionAttributeValues: { ":read": s(stored.key) } }
                        : { ConditionExpression: "attribute_not_exists(#chain)", ExpressionAttributeNames: { "#chain": CHAIN_KEY } }),
                }),
            );
            return verdict;
        } catch (e) {
            if (!(e instanceof ConditionalCheckFailedException) && (e as Error)?.name !== "ConditionalCheckFailedException") throw e;
            if (attempt >= MAX_CHAIN_WRITE_ATTEMPTS) throw new Error(`chain ${chain} changed ${attempt} times while ${key} was verified`);
        }
    }
}

/** The verdict for a notified digest that S3 no longer has. */
function deletedBeforeRead(key: string): DigestVerdict {
    const k = parseDigestKey(key);
    const end = k ? stampIso(k.endStamp) : new Date(0).toISOString();
    const account = k?.account ?? "unknown";
    const region = k?.region ?? "unknown";
    return {
        account, region, digestEndTime: end, backfill: k?.backfill ?? false, logFilesVerified: 0, authentic: false,
        findings: [{ kind: "digest-missing", account, region, hour: hourOf(end), path: key, message: `digest ${key} was deleted between its notification and the engine's read (S3 answers NoSuchKey)` }],
        state: { account, region, key, hash: "", signature: null, endTime: end },
    };
}

/** The fingerprint a digest names, "" when it is not one (verifyDigest reports that). */
function fingerprintOf(body: Buffer): string {
    try {
        return parseDigest(body).digest.digestPublicKeyFingerprint;
    } catch {
        return "";
    }
}

const stampIso = (st: string): string => `${st.slice(0, 4)}-${st.slice(4, 6)}-${st.slice(6, 8)}T${st.slice(9, 11)}:${st.slice(11, 13)}:${st.slice(13, 15)}Z`;

/** Whether a digest key's end stamp is later than the state's end time. */
function newerKey(digestKey: string, state: ChainState): boolean {
    const k = parseDigestKey(digestKey);
    if (!k) return false;
    return Date.parse(stampIso(k.endStamp)) > Date.parse(state.endTime);
}

/** Every chain in the table (Scan, paged). */
export async function scanChains(io: Pick<DigestIo, "dynamodb" | "table">): Promise<StoredChain[]> {
    const chains: StoredChain[] = [];
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
        const page = await io.dynamodb.send(new ScanCommand({ TableName: io.table, ConsistentRead: true, ExclusiveStartKey }));
        for (const item of page.Items ?? []) {
            const c = chainFromItem(item);
            if (c) chains.push(c);
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return chains;
}

/** How many hourly digests of a chain are overdue at `now` (at least 1 once the chain is late). */
export function missingHours(chain: ChainState, now: Date, allowedDelayMinutes: number): number {
    return Math.max(1, Math.floor((now.getTime() - Date.parse(chain.endTime) - allowedDelayMinutes * 60_000) / 3_600_000));
}

/**
 * The newest digest end time (ISO) that is overdue at `now`: a chain silent
 * for three hours has three overdue digests.
 */
export function newestOverdueEnd(chain: ChainState, now: Date, allowedDelayMinutes: number): string {
    return new Date(Date.parse(chain.endTime) + missingHours(chain, now, allowedDelayMinutes) * 3_600_000).toISOString();
}

/**
 * A silent chain pages for each of its first this many missing hours, then
 * once a day. A chain that will never deliver again (an account closed, a
 * region opted out, the trail changed) would otherwise page 24 times a day
 * until someone retires it (docs/integrity.md, "Retiring a chain"); six
 * hourly pages are enough to start the investigation, and the daily page
 * keeps it from being forgotten.
 */
export const HOURLY_LATE_PAGES = 6;

/** After {@link HOURLY_LATE_PAGES}, a silent chain pages again only this long after its last page. */
export const SILENT_CHAIN_REPAGE_MS = 24 * 3_600_000;

/**
 * Whether a chain missing `missing` hours through `missingThrough` pages now,
 * given the last missing hour already paged (pure: the policy, as data in,
 * a decision out).
 */
export function latePageDue(missing: number, missingThrough: string, reportedThrough: string | undefined): boolean {
    const through = Date.parse(missingThrough);
    const reported = reportedThrough === undefined ? undefined : Date.parse(reportedThrough);
    if (reported !== undefined && reported >= through) return false;
    if (missing <= HOURLY_LATE_PAGES || reported === undefined) return true;
    return through - reported >= SILENT_CHAIN_REPAGE_MS;
}

/**
 * The late check the schedule runs: one "digest late" finding per chain and
 * missing hour not paged before (for the first {@link HOURLY_LATE_PAGES}
 * hours; then one a day, saying how long the chain has been silent), and
 * the record that it was paged (an UpdateItem conditional on the chain still
 * being where it was: a digest that arrived meanwhile wins and the mark is
 * dropped).
 */
export async function lateChains(io: Pick<DigestIo, "dynamodb" | "table">, now: Date, allowedDelayMinutes: number): Promise<Array<{ finding: IntegrityFinding; missingThrough: string; chain: StoredChain }>> {
    const chains = await scanChains(io);
    const late = lateDigests(chains, now, allowedDelayMinutes);
    const out: Array<{ finding: IntegrityFinding; missingThrough: string; chain: StoredChain }> = [];
    for (const finding of late) {
        const chain = chains.find((c) => c.account === finding.account && c.region === finding.region)!;
        const missing = missingHours(chain, now, allowedDelayMinutes);
        const missingThrough = newestOverdueEnd(chain, now, allowedDelayMinutes);
        if (!latePageDue(missing, missingThrough, chain.lateReportedThrough)) continue;
        const message = missing <= HOURLY_LATE_PAGES
            ? finding.message
            : `chain ${chain.account} ${chain.region} silent since ${chain.endTime} (last digest ${chain.key}): ${missing} hourly digests missing. `
              + `Paged hourly for the first ${HOURLY_LATE_PAGES} hours, now once a day. If the chain is retired (account closed, region opted out, trail changed), delete its item: docs/integrity.md, "Retiring a chain".`;
        out.push({ finding: { ...finding, message }, missingThrough, chain });
    }
    return out;
}

/** Marks a chain's late digests up to `missingThrough` as paged. */
export async function markLateReported(io: Pick<DigestIo, "dynamodb" | "table">, chain: StoredChain, missingThrough: string): Promise<void> {
    try {
        await io.dynamodb.send(
            new UpdateItemCommand({
                TableName: io.table,
                Key: { [CHAIN_KEY]: s(`${chain.account}/${chain.region}`) },
                UpdateExpression: "SET lateReportedThrough = :through",
                ConditionExpression: "#key = :key",
                ExpressionAttributeNames: { "#key": "key" },
                ExpressionAttributeValues: { ":through": s(missingThrough), ":key": s(chain.key) },
            }),
        );
    } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException) && (e as Error)?.name !== "ConditionalCheckFailedException") throw e;
    }
}

// ---------------------------------------------------------------- alerts

/** The alert id of a finding: `digest-<kind>`, without doubling a kind that already starts with `digest-`. */
export function digestAlertId(kind: IntegrityFindingKind): string {
    return kind.startsWith("digest-") ? kind : `digest-${kind}`;
}

interface KindText {
    severity: Severity;
    what: string;
    firstCheck: string;
}

/** Per kind: how bad, in a few words, and what the operator checks first (docs/integrity.md repeats these). */
export const DIGEST_ALERTS: Record<IntegrityFindingKind, KindText> = {
    "log-file-modified": {
        severity: "critical", what: "a log file was changed after CloudTrail delivered it",
        firstCheck: "The log archive bucket's server access logs and CloudTrail data events for PutObject on that key (who wrote it, with which role); the previous object version, if versioning kept it, is the original.",
    },
    "log-file-missing": {
        severity: "critical", what: "a log file listed in the digest is gone",
        firstCheck: "Whether the key has a delete marker or was never written: list its versions (aws s3api list-object-versions), then the bucket's access logs for DeleteObject; Object Lock should have refused a delete, so check its retention on the bucket too.",
    },
    "digest-missing": {
        severity: "critical", what: "a digest of the chain is gone",
        firstCheck: "List the versions of the missing digest's key (aws s3api list-object-versions) and the bucket's access logs for DeleteObject on CloudTrail-Digest keys.",
    },
    "digest-modified": {
        severity: "critical", what: "a digest was changed, moved, or its recorded signature differs",
        firstCheck: "Compare the digest's object versions and the bucket's access logs for PutObject on CloudTrail-Digest keys; run aws cloudtrail validate-logs for that account and region to confirm.",
    },
    "digest-malformed": {
        severity: "critical", what: "a digest is not a gzipped CloudTrail digest",
        firstCheck: "Download the object and gunzip -t it; check the bucket's access logs for who wrote that key.",
    },
    "digest-unsigned": {
        severity: "critical", what: "a digest has no signature in its S3 metadata",
        firstCheck: "aws s3api head-object on the digest: CloudTrail always writes x-amz-meta-signature; an object without it was written or copied by someone else (access logs for PutObject/CopyObject).",
    },
    "signature-invalid": {
        severity: "critical", what: "a digest's signature does not verify",
        firstCheck: "Run aws cloudtrail validate-logs for that account, region and hour; if it fails too, the digest or its signature metadata was rewritten: access logs for PutObject/CopyObject on that key.",
    },
    "unknown-public-key": {
        severity: "critical", what: "a digest is signed by a key CloudTrail does not list",
        firstCheck: "aws cloudtrail list-public-keys --region <region> around the digest's hour: a fingerprint it does not list means the digest was forged; the bucket's access logs show who wrote it.",
    },
    "chain-broken": {
        severity: "critical", what: "a digest does not chain to the last digest verified",
        firstCheck: "List the chain's digests for the hours between the two named here; a digest replaced or removed in between shows in the bucket's object versions and access logs.",
    },
    "chain-restarted": {
        severity: "high", what: "the digest chain started over (logging or log file validation was off)",
        firstCheck: "CloudTrail events StopLogging/StartLogging/UpdateTrail (EnableLogFileValidation) on the organization trail in that hour: who turned it off and why.",
    },
    "file-not-in-any-digest": {
        severity: "high", what: "a log file no digest lists",
        firstCheck: "Who wrote the file (bucket access logs); CloudTrail lists every file it delivers in the next digest.",
    },
    "digest-late": {
        severity: "high", what: "no digest arrived for an hour that ended",
        firstCheck: "The trail's status (aws cloudtrail get-trail-status: IsLogging, LatestDigestDeliveryError) and the bucket's policy and KMS key: CloudTrail could not deliver, or logging stopped for that account and region. A chain that will never deliver again (account closed, region opted out): retire it (docs/integrity.md, \"Retiring a chain\").",
    },
};

/**
 * The findings to page on for one digest: at most {@link MAX_PAGES_PER_KIND}
 * of each kind, then one page per kind saying how many more (each is in the
 * engine's log line and in what `npm run verify` reports).
 */
export function foldFindings(findings: readonly IntegrityFinding[]): IntegrityFinding[] {
    const byKind = new Map<IntegrityFindingKind, IntegrityFinding[]>();
    for (const f of findings) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
    const out: IntegrityFinding[] = [];
    for (const [kind, list] of byKind) {
        out.push(...list.slice(0, MAX_PAGES_PER_KIND));
        const rest = list.length - MAX_PAGES_PER_KIND;
        if (rest > 0) {
            const noun = kind.startsWith("log-file") ? "log files" : "findings";
            const last = list[MAX_PAGES_PER_KIND];
            out.push({ ...last, message: `and ${rest} more ${noun} ${kind.replace(/^(log-file|digest)-/, "")} in this digest (the first ${MAX_PAGES_PER_KIND} paged on their own; run npm run verify on a copy for the full list)` });
        }
    }
    return out;
}

/**
 * Longest text a finding brings into an alert. Messages and paths quote the
 * digest's own fields (its claimed S3 path, fingerprint, previous digest)
 * and S3 keys (up to 1,024 bytes), which a forged digest's writer chooses:
 * one 300 KB field would push the Publish past SNS's 256 KB and fail the
 * message, and a line break in one could forge the alert's FIRST CHECK.
 */
export const MAX_FINDING_TEXT = 1200;

/** One line of at most MAX_FINDING_TEXT characters: control characters (line breaks) become "?". */
const oneLine = (v: string): string => clip(v.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?"), MAX_FINDING_TEXT);

/** The Publish for one integrity finding, in the shape of the engine's other alerts (engine/alert.ts). */
export function integrityPublish(settings: EngineSettings, finding: IntegrityFinding, bucket: string, extra: { digest?: string } = {}): PublishCommandInput {
    const f = { ...finding, path: oneLine(finding.path), message: oneLine(finding.message), ...(finding.hour ? { hour: oneLine(finding.hour) } : {}) };
    if (extra.digest !== undefined) extra = { digest: oneLine(extra.digest) };
    const id = digestAlertId(f.kind);
    const text = DIGEST_ALERTS[f.kind];
    const dedupKey = `org-cloudtrail/${id}/${f.account}/${f.region}`;
    const file = `s3://${bucket}/${f.path}`;
    const subject = asciiLine(`[${text.severity.toUpperCase()}] ${id}: ${f.account} ${f.region}${f.hour ? ` ${f.hour}` : ""}`).slice(0, 99);
    const body = [
        `CloudTrail log file integrity: ${text.what}.`,
        "",
        `Detection:  ${id} (severity ${text.severity})`,
        `Account:    ${f.account}`,
        `Region:     ${f.region}`,
        `Hour:       ${f.hour ?? "-"}`,
        `File:       ${file}`,
        ...(extra.digest ? [`Digest:     s3://${bucket}/${extra.digest}`] : []),
        `What:       ${f.message}`,
        "",
        "FIRST CHECK",
        text.firstCheck,
        "",
        `Dedup key: ${dedupKey}`,
    ].join("\n");
    return publishInput(settings.alertTopicArn, subject, body, {
        version: 1, source: "org-cloudtrail", dedupKey, detectionId: id, severity: text.severity, subject,
        title: `CloudTrail log file integrity: ${text.what}`,
        where: { accountId: f.account, region: f.region }, hour: f.hour, file, digest: extra.digest ? `s3://${bucket}/${extra.digest}` : undefined, message: f.message,
    });
}
