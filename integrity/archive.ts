// Offline verification of a local copy of the archive, as `aws s3 sync`
// leaves it (organization layout), with the same verifyDigest the engine uses.
//
// A synced copy has no S3 object metadata, so no digest carries its own
// signature. The chain records it a second time: each digest's
// previousDigestSignature is the previous digest's signature ("CloudTrail
// digest file structure": "the digital signature of the previous digest
// file"), and the next digest is itself signed. So digest N is verified with
// the signature digest N+1 recorded. The newest digest of each chain has no
// successor: its content cannot be authenticated from the copy alone; its
// log files are still checked against the hashes it lists, and the summary
// says so. The auditor closes that gap with the signatures S3 keeps in the
// newest digests' metadata (`aws s3api head-object ... --query
// Metadata.signature`), passed as `signatures`: they are verified against
// CloudTrail's key like any other, so they need not be trusted.
import { promises as fs } from "fs";
import * as path from "path";
import {
    ChainState, DigestFile, IntegrityFinding, PublicKeys, hourOf, lateDigests, parseDigest, parseDigestKey, parseLogKey, verifyDigest,
} from "./index";

/** Per account and region: what was verified and the time covered. */
export interface ChainSummary {
    account: string;
    region: string;
    digests: number;
    backfillDigests: string[];
    logFiles: number;
    /** digestStartTime of the oldest digest, digestEndTime of the newest. */
    from: string;
    to: string;
    /** The newest digest, checked without a signature (see module comment). */
    newestDigest: string;
    /**
     * Digests whose signature no later digest records (the newest, the last
     * before a restart or a deleted digest, backfill digests): their log
     * files were checked against their hashes, their own content was not
     * authenticated.
     */
    unauthenticated: string[];
}

/** The result of {@link verifyArchive}: what an auditor attaches to evidence. */
export interface ArchiveReport {
    root: string;
    /** The time every chain was held to reach (`until`), if given. */
    until?: string;
    digestsVerified: number;
    logFilesVerified: number;
    /** Digests authenticated with a signature from `signatures` (S3 metadata) rather than their successor's record. */
    signaturesFromMetadata: string[];
    chains: ChainSummary[];
    findings: IntegrityFinding[];
}

interface LocalDigest {
    key: string;
    digest: DigestFile;
    account: string;
    region: string;
    backfill: boolean;
}

async function walk(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) out.push(...(await walk(p)));
        else if (e.isFile()) out.push(p);
    }
    return out;
}

/** Options of {@link verifyArchive}. */
export interface VerifyArchiveOptions {
    /**
     * When the copy was made (or the time it must reach): each chain's next
     * digest due by then, less `allowedDelayMinutes`, must be in it. Without
     * it, a chain whose newest digests were deleted with their log files (the
     * tail) is just a shorter valid chain.
     */
    until?: Date;
    /** How late a digest may be, as the engine's late-digest page; default 120 (config/audit.ts). */
    allowedDelayMinutes?: number;
    /**
     * Digest signatures from S3 object metadata (`x-amz-meta-signature`), by
     * digest key (as in the bucket, or as in the copy). Used where no later
     * digest records one: the newest digest of each chain, the last before a
     * restart, backfill digests. A wrong one fails as signature-invalid.
     */
    signatures?: ReadonlyMap<string, string>;
}

/**
 * Reads a signatures file: a JSON object `{ "<digest key>": "<hex>" }`, or
 * lines `<digest key> <hex>` (what a shell loop over `aws s3api head-object`
 * prints). Blank lines and lines starting with # are skipped.
 * @throws Error naming the line or entry that is not a key and a hex signature.
 */
export function parseSignatures(text: string): Map<string, string> {
    const out = new Map<string, string>();
    const add = (key: unknown, signature: unknown, where: string) => {
        if (typeof key !== "string" || key === "" || typeof signature !== "string" || !/^[0-9a-fA-F]+$/.test(signature)) {
            throw new Error(`${where}: expected a digest key and its hex signature (x-amz-meta-signature), got ${JSON.stringify(key)} ${JSON.stringify(signature)}`);
        }
        out.set(key, signature);
    };
    if (text.trimStart().startsWith("{")) {
        let data: unknown;
        try {
            data = JSON.parse(text);
        } catch (e) {
            throw new Error(`not JSON (${(e as Error).message}); expected { "<digest key>": "<hex signature>" } or lines "<digest key> <hex signature>"`);
        }
        for (const [k, v] of Object.entries(data as Record<string, unknown>)) add(k, v, `entry ${JSON.stringify(k)}`);
        return out;
    }
    text.split(/\r?\n/).forEach((line, i) => {
        const t = line.trim();
        if (t === "" || t.startsWith("#")) return;
        const parts = t.split(/\s+/);
        add(parts.length === 2 ? parts[0] : undefined, parts[1], `line ${i + 1}`);
    });
    return out;
}

/** The engine's default `digestAllowedDelayMinutes` (config/audit.ts DIGEST_DELAY_DEFAULT_MINUTES). */
export const DEFAULT_ALLOWED_DELAY_MINUTES = 120;

/**
 * Verifies every digest, chain, listed log file and hour of a synced copy.
 * @param root the folder `aws s3 sync s3://<bucket>[/<prefix>] <root>` wrote.
 */
export async function verifyArchive(root: string, publicKeys: PublicKeys, options: VerifyArchiveOptions = {}): Promise<ArchiveReport> {
    const files = (await walk(root)).map((f) => path.relative(root, f).split(path.sep).join("/")).sort();
    const present = new Set(files);
    const findings: IntegrityFinding[] = [];

    // Read every digest; its own digestS3Bucket/digestS3Object say where it was
    // stored, and the local path must be that key (less a sync prefix).
    const digests: LocalDigest[] = [];
    let bucket = "";
    let prefix = "";
    for (const rel of files) {
        const k = parseDigestKey(rel);
        if (!k) continue;
        let digest: DigestFile;
        try {
            digest = parseDigest(await fs.readFile(path.join(root, rel))).digest;
        } catch (e) {
            findings.push({ kind: "digest-malformed", account: k.account, region: k.region, path: rel, message: `digest ${rel} is malformed: ${(e as Error).message}` });
            continue;
        }
        if (!bucket) {
            bucket = digest.digestS3Bucket;
            if (digest.digestS3Object.endsWith(rel)) prefix = digest.digestS3Object.slice(0, digest.digestS3Object.length - rel.length);
        }
        digests.push({ key: prefix + rel, digest, account: k.account, region: k.region, backfill: k.backfill });
    }
    const toLocal = (key: string) => (key.startsWith(prefix) ? key.slice(prefix.length) : key);
    // Signatures from S3 metadata, by the copy's path.
    const supplied = new Map([...(options.signatures ?? new Map<string, string>())].map(([k, v]) => [toLocal(k), v.toLowerCase()]));
    const usedSignatures = new Set<string>();
    // A copy is of one bucket: an object named in another bucket is not the
    // file at the same path here (it is absent, as S3 would find it). The
    // bucket of the first digest is the reference; each digest is held to it
    // below, not to the bucket it names itself, so that another trail's
    // genuinely signed chain, written to another bucket, cannot stand in for
    // one account's and region's chain.
    const read = async (b: string, key: string) => {
        const rel = toLocal(key);
        return b === bucket && present.has(rel) ? fs.readFile(path.join(root, rel)) : undefined;
    };

    const chains = new Map<string, LocalDigest[]>();
    for (const d of digests) {
        const id = `${d.account}/${d.region}`;
        chains.set(id, [...(chains.get(id) ?? []), d]);
    }

    const listed = new Set<string>();
    let digestsVerified = 0;
    let logFilesVerified = 0;
    const summaries: ChainSummary[] = [];
    for (const [, all] of [...chains].sort(([a], [b]) => a.localeCompare(b))) {
        const chain = all.filter((d) => !d.backfill).sort((a, b) => a.digest.digestEndTime.localeCompare(b.digest.digestEndTime));
        const backfills = all.filter((d) => d.backfill);
        // The signature of each digest, as the next one recorded it.
        const recorded = new Map<string, string>();
        for (const d of all) if (d.digest.previousDigestS3Object && d.digest.previousDigestSignature) recorded.set(d.digest.previousDigestS3Object, d.digest.previousDigestSignature);
        // Where no later digest records one, the signature S3 kept in the metadata, if the auditor supplied it.
        for (const d of all) {
            const fromMetadata = supplied.get(toLocal(d.key));
            if (fromMetadata !== undefined && !recorded.has(d.key)) {
                recorded.set(d.key, fromMetadata);
                usedSignatures.add(d.key);
            }
        }
        let previous: ChainState | undefined;
        const unauthenticated: string[] = [];
        for (const d of chain) {
            const v = await verifyDigest({
                bucket, key: d.key, body: (await read(bucket, d.key))!, signature: recorded.get(d.key),
                previous, publicKeys, readLogFile: read,
            });
            for (const f of v.findings) {
                // Nothing records this digest's signature: the newest of the
                // chain, the last before a restart, or the one before a
                // deleted digest (itself reported as digest-missing). Its
                // content is then not authenticated: the summary lists it.
                if (f.kind === "digest-unsigned") unauthenticated.push(d.key);
                else {
                    // The oldest digest of the copy names one before it: deleted,
                    // or the sync did not reach back that far.
                    if (f.kind === "digest-missing" && !previous) f.message += "; or the copy starts after it: sync from the chain's first digest";
                    findings.push(f);
                }
            }
            // An hour no digest covers, in a chain that restarted (a deleted
            // digest the next one still names is reported as digest-missing).
            if (previous && d.digest.previousDigestS3Object === null) {
                const gapMs = Date.parse(d.digest.digestStartTime) - Date.parse(previous.endTime);
                if (gapMs > 5 * 60_000) {
                    for (let t = Date.parse(previous.endTime); t < Date.parse(d.digest.digestStartTime); t += 3_600_000) {
                        findings.push({ kind: "digest-missing", account: d.account, region: d.region, hour: hourOf(new Date(t).toISOString()), path: d.key, message: `no digest covers ${new Date(t).toISOString()} to ${new Date(Math.min(t + 3_600_000, Date.parse(d.digest.digestStartTime))).toISOString()} for ${d.account} ${d.region} (before ${d.key})` });
                    }
                }
            }
            digestsVerified++;
            logFilesVerified += v.logFilesVerified;
            previous = v.state;
        }
        for (const b of backfills) {
            const v = await verifyDigest({ bucket, key: b.key, body: (await read(bucket, b.key))!, signature: recorded.get(b.key), publicKeys, readLogFile: read });
            // A backfill digest is outside the hourly chain: nothing records
            // its signature offline, like the newest digest.
            for (const f of v.findings) {
                if (f.kind === "digest-unsigned") unauthenticated.push(b.key);
                else findings.push(f);
            }
            digestsVerified++;
            logFilesVerified += v.logFilesVerified;
        }
        // A log file counts as listed only by a digest of its own account and
        // region, as CloudTrail writes them: otherwise a planted, unsigned
        // digest of another account (offline "not authenticated", not a
        // failure) could cover a file injected into a real account's tree.
        for (const d of all) {
            for (const l of d.digest.logFiles) {
                const log = parseLogKey(l.s3Object);
                if (!log || (log.account === d.account && log.region === d.region)) listed.add(toLocal(l.s3Object));
            }
        }
        if (chain.length > 0) {
            summaries.push({
                account: chain[0].account, region: chain[0].region, digests: chain.length + backfills.length, backfillDigests: backfills.map((b) => b.key),
                logFiles: chain.concat(backfills).reduce((n, d) => n + d.digest.logFiles.length, 0),
                from: chain[0].digest.digestStartTime, to: chain[chain.length - 1].digest.digestEndTime, newestDigest: chain[chain.length - 1].key, unauthenticated,
            });
        }
    }

    // The tail: each chain's next digest due by `until` must be here. The
    // same rule as the engine's late-digest page (lateDigests), on the
    // copy's newest digest of each chain.
    if (options.until) {
        const states: ChainState[] = summaries.map((c) => ({ account: c.account, region: c.region, key: c.newestDigest, hash: "", signature: null, endTime: c.to }));
        for (const late of lateDigests(states, options.until, options.allowedDelayMinutes ?? DEFAULT_ALLOWED_DELAY_MINUTES)) {
            findings.push({
                ...late, kind: "digest-missing",
                message: `no digest after ${late.path} (ended ${newestEndOf(summaries, late)}) for ${late.account} ${late.region}, though the copy should reach --until ${options.until.toISOString()}: the tail of the chain may have been deleted, or the copy was made earlier`,
            });
        }
    }

    // Files no digest lists. Log files delivered after the newest digest of
    // their chain ended are not due in a digest yet: not a failure.
    const newestEnd = new Map(summaries.map((s) => [`${s.account}/${s.region}`, s.to]));
    for (const rel of files) {
        // Only the trail's own tree: the copy may hold other things (the
        // public keys file, an auditor's notes) that no digest ever listed.
        if (!rel.includes("AWSLogs/") || parseDigestKey(rel) || listed.has(rel)) continue;
        const log = parseLogKey(rel);
        if (log) {
            const end = newestEnd.get(`${log.account}/${log.region}`);
            if (end && log.delivered >= end.slice(0, 17) + "00Z") continue;
        }
        findings.push({
            kind: "file-not-in-any-digest", account: log?.account ?? "unknown", region: log?.region ?? "unknown",
            ...(log ? { hour: hourOf(log.delivered) } : {}), path: rel, message: `${rel} is listed in no digest`,
        });
    }
    return {
        root, ...(options.until ? { until: options.until.toISOString() } : {}), digestsVerified, logFilesVerified,
        signaturesFromMetadata: [...usedSignatures].sort(), chains: summaries, findings,
    };
}

function newestEndOf(summaries: ChainSummary[], f: IntegrityFinding): string {
    return summaries.find((c) => c.account === f.account && c.region === f.region)?.to ?? "?";
}

/** The summary an auditor can attach: counts, time range per chain, every failure. */
export function formatReport(r: ArchiveReport): string {
    const lines = [
        `CloudTrail archive verification of ${r.root}`,
        `${r.digestsVerified} digest files verified, ${r.logFilesVerified} log files matched their digest hash, ${r.findings.length} failures`,
        "",
        "How the newest digest of each chain was checked: a synced copy has no S3 object metadata, where a digest's own signature lives.",
        "Every other digest was verified with the signature the next digest records (previousDigestSignature), and its hash with the",
        "next digest's previousDigestHashValue. The newest digest of each chain has no successor: its log files were checked against",
        "the hashes it lists, but its own content is not authenticated; so for the last digest before a restart or a deleted digest,",
        "and for backfill digests (outside the hourly chain). Each is listed below as not authenticated, unless its S3 metadata",
        "signature was supplied with --signatures and verified.",
        r.signaturesFromMetadata.length > 0
            ? `Signatures from S3 metadata (--signatures) verified ${r.signaturesFromMetadata.length} such digest(s): ${r.signaturesFromMetadata.join(", ")}`
            : "Signatures from S3 metadata (--signatures): none supplied.",
        "",
        r.until
            ? `Expected to reach: ${r.until} (each chain's next digest due by then was required: a deleted tail fails)`
            : "Expected to reach: not given (--until): a chain whose newest digests were deleted would look shorter, not broken.",
        "",
        "Covered, per account and region:",
    ];
    for (const c of r.chains) {
        lines.push(`  ${c.account} ${c.region}: ${c.from} to ${c.to}, ${c.digests} digests, ${c.logFiles} log files listed`);
        for (const b of c.backfillDigests) lines.push(`    backfill digest: ${b}`);
        for (const u of c.unauthenticated) lines.push(`    not authenticated (no later digest records its signature): ${u}`);
    }
    lines.push("");
    if (r.digestsVerified === 0) lines.push("No digest found under this folder: nothing was verified (is it a copy of the log bucket, with AWSLogs/ at its top?).");
    else if (r.findings.length === 0) {
        const open = r.chains.reduce((n, c) => n + c.unauthenticated.length, 0);
        lines.push(open === 0 ? "No failures." : `No failures; ${open} digest(s) not authenticated (listed above): supply their S3 metadata signatures with --signatures to check them.`);
    }
    else {
        lines.push("Failures:");
        for (const f of r.findings) lines.push(`  ${f.kind}\t${f.account} ${f.region}${f.hour ? ` ${f.hour}` : ""}\t${f.path}\t${f.message}`);
    }
    return lines.join("\n") + "\n";
}
