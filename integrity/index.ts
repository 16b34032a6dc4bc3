// CloudTrail log file integrity validation: the pure core that both the
// audit stack's engine (one digest at a time, as each lands in S3) and the
// offline `npm run verify` (a whole `aws s3 sync` copy) use.
//
// Sources (read 2026-11; cited where each rule is applied below):
// - AWS CloudTrail User Guide, "CloudTrail digest file structure"
//   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
//   (the key layout, the fields, the `_backfill` digests, and: "The signature
//   for the current digest file is stored in the metadata properties of the
//   digest file object").
// - AWS CloudTrail User Guide, "Custom implementations of CloudTrail log file
//   integrity validation"
//   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html
//   (the signing string: the digest's end time in UTC extended format, its S3
//   path, the hex SHA-256 of the digest, the hex signature of the previous
//   digest; the SHA-256 of it signed with RSA; the signature hex-encoded into
//   the `x-amz-meta-signature` metadata; a log file's hash is the SHA-256 of
//   its *uncompressed* content).
// - The AWS CLI's own implementation, aws/aws-cli
//   awscli/customizations/cloudtrail/validation.py (Sha256RSADigestValidator
//   ._create_string_to_sign: "{end}\n{bucket}/{object}\n{sha256 hex of the
//   inflated digest}\n{previous signature, or 'null'}"; the signature is
//   unhexlified; the key is base64 DER loaded as "PKCS #1"; the log file hash
//   is over the gunzipped bytes; a digest with no previousDigestS3Bucket
//   starts a new chain).
import { createHash, createPublicKey, KeyObject, verify as rsaVerify } from "crypto";
import { gunzipSync } from "zlib";

/** What can be wrong with the archive, one finding per broken file or hour. */
export type IntegrityFindingKind =
    | "log-file-missing"
    | "log-file-modified"
    | "digest-missing"
    | "digest-modified"
    | "digest-malformed"
    | "digest-unsigned"
    | "signature-invalid"
    | "unknown-public-key"
    | "chain-broken"
    | "chain-restarted"
    | "file-not-in-any-digest"
    | "digest-late";

/** One break in the evidence: which account, region, hour and file, and why. */
export interface IntegrityFinding {
    kind: IntegrityFindingKind;
    account: string;
    region: string;
    /** The hour the break concerns, `YYYY-MM-DDTHH:00Z` (UTC), when known. */
    hour?: string;
    /** The S3 key (or local path) of the file concerned. */
    path: string;
    message: string;
}

/**
 * What the engine remembers per account and region between invocations: the
 * last digest it verified. Small and JSON-serialisable (a DynamoDB item).
 */
export interface ChainState {
    account: string;
    region: string;
    /** S3 key of the last digest of this chain. */
    key: string;
    /** Hex SHA-256 of that digest's uncompressed content. */
    hash: string;
    /** Its hex signature (S3 metadata `signature`), null when it had none. */
    signature: string | null;
    /** Its `digestEndTime`, ISO 8601 UTC. */
    endTime: string;
}

/** One CloudTrail public key as `aws cloudtrail list-public-keys` lists it. */
export interface PublicKey {
    fingerprint: string;
    validFrom: Date;
    validTo: Date;
    key: KeyObject;
}

/** The public keys the verifier may use. */
export type PublicKeys = readonly PublicKey[];

/** The outcome of verifying one digest. */
export interface DigestVerdict {
    account: string;
    region: string;
    digestEndTime: string;
    /** True for a `_backfill` digest: outside the hourly chain. */
    backfill: boolean;
    /** How many listed log files were read and matched their hash. */
    logFilesVerified: number;
    /**
     * True only when CloudTrail wrote this digest where it lies: a CloudTrail
     * digest key, the signature verified with a listed CloudTrail key, and
     * the signed content naming this bucket, key and account. Only an
     * authentic digest may move a chain's remembered state: anyone who can
     * write to the bucket can plant an unsigned, self-signed or copied one.
     */
    authentic: boolean;
    findings: IntegrityFinding[];
    /** The state to remember for this chain (unchanged by a backfill digest). */
    state: ChainState;
}

/** A digest file's fields, as "CloudTrail digest file structure" lists them. */
export interface DigestFile {
    awsAccountId: string;
    digestStartTime: string;
    digestEndTime: string;
    digestS3Bucket: string;
    digestS3Object: string;
    digestPublicKeyFingerprint: string;
    digestSignatureAlgorithm: string;
    newestEventTime?: string | null;
    oldestEventTime?: string | null;
    previousDigestS3Bucket: string | null;
    previousDigestS3Object: string | null;
    previousDigestHashValue: string | null;
    previousDigestHashAlgorithm: string | null;
    previousDigestSignature: string | null;
    logFiles: DigestLogFile[];
}

/** One entry of a digest's `logFiles`. */
export interface DigestLogFile {
    s3Bucket: string;
    s3Object: string;
    hashValue: string;
    hashAlgorithm: string;
    newestEventTime?: string;
    oldestEventTime?: string;
}

/** The parts of a digest's S3 key (organization or account layout). */
export interface DigestKey {
    /** The optional key prefix before `AWSLogs/`, with its trailing slash, or "". */
    prefix: string;
    organizationId?: string;
    account: string;
    region: string;
    trailName: string;
    homeRegion: string;
    /** The end timestamp in the name, `YYYYMMDDTHHmmssZ`. */
    endStamp: string;
    backfill: boolean;
}

/** Thrown for a digest that is not a gzipped JSON document of the documented shape. */
export class DigestFormatError extends Error {}

/**
 * The most a digest or log file may inflate to: the engine's own limit on a
 * log file's JSON (engine/logFile.ts MAX_JSON_BYTES, 160 MiB, far above any
 * real delivery). Without it, a gzip bomb put in place of a log file (a few
 * MiB that inflate to many GiB) would exhaust the function's memory on every
 * retry: the digest would never be verified, and nothing would page but the
 * dead-letter queue.
 */
export const MAX_INFLATED_BYTES = 160 * 1024 * 1024;

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Thrown by {@link inflate} for a body that inflates past the limit. */
class TooLargeError extends Error {}

/** gunzip, refusing to inflate past `max` bytes (zlib stops there; nothing larger is allocated). */
function inflate(body: Buffer, max: number): Buffer {
    try {
        return gunzipSync(body, { maxOutputLength: max });
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw new TooLargeError(`it inflates past ${mib(max)} (the verifier's limit)`);
        throw e;
    }
}

/** The only signature algorithm CloudTrail documents for digests. */
export const SIGNATURE_ALGORITHM = "SHA256withRSA";

// `<prefix/>AWSLogs/[<o-id>/]<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
// <account>_CloudTrail-Digest_<region>_<trail>_<home region>_<YYYYMMDDTHHmmssZ>[_backfill].json.gz`
// ("CloudTrail digest file structure", Digest file location; backfill
// digests carry a `_backfill` suffix in the name: its exact place before
// `.json.gz` is our reading of that page, not confirmed on a real object).
const DIGEST_KEY =
    /^(.*?)AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/CloudTrail-Digest\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{12})_CloudTrail-Digest_([a-z0-9-]+)_(.+)_([a-z0-9-]+)_(\d{8}T\d{6}Z)(_backfill)?\.json\.gz$/;

/** Parses a digest's S3 key; undefined for any other key. */
export function parseDigestKey(key: string): DigestKey | undefined {
    const m = DIGEST_KEY.exec(key);
    if (!m || m[3] !== m[8] || m[4] !== m[9]) return undefined;
    return {
        prefix: m[1], organizationId: m[2], account: m[3], region: m[4],
        trailName: m[10], homeRegion: m[11], endStamp: m[12], backfill: m[13] !== undefined,
    };
}

// A log file: `.../AWSLogs/[<o-id>/]<account>/CloudTrail/<region>/YYYY/MM/DD/
// <account>_CloudTrail_<region>_YYYYMMDDTHHmmZ_<unique>.json.gz`.
const LOG_KEY = /AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/\d{12}_CloudTrail_[a-z0-9-]+_(\d{8}T\d{4}Z)_[A-Za-z0-9]+\.json\.gz$/;

/** The account, region and delivery minute (ISO) of a log file's key, if it is one. */
export function parseLogKey(key: string): { account: string; region: string; delivered: string } | undefined {
    const m = LOG_KEY.exec(key);
    if (!m) return undefined;
    const s = m[3];
    return { account: m[1], region: m[2], delivered: `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:00Z` };
}

/** Hex SHA-256, the encoding digests use for every hash. */
export function sha256Hex(data: Buffer | string): string {
    return createHash("sha256").update(data).digest("hex");
}

/** The hour (UTC, `YYYY-MM-DDTHH:00Z`) an instant falls in. */
export function hourOf(iso: string): string {
    return `${new Date(iso).toISOString().slice(0, 13)}:00Z`;
}

const REQUIRED_STRINGS = ["awsAccountId", "digestStartTime", "digestEndTime", "digestS3Bucket", "digestS3Object", "digestPublicKeyFingerprint", "digestSignatureAlgorithm"] as const;
const NULLABLE_STRINGS = ["previousDigestS3Bucket", "previousDigestS3Object", "previousDigestHashValue", "previousDigestHashAlgorithm", "previousDigestSignature"] as const;

/**
 * Inflates and parses a digest as stored (gzipped). Returns the inflated
 * bytes too: the signature and the next digest's previousDigestHashValue are
 * over those, not over the gzip.
 * @throws DigestFormatError naming what is wrong.
 */
export function parseDigest(body: Buffer, maxInflatedBytes = MAX_INFLATED_BYTES): { inflated: Buffer; digest: DigestFile } {
    let inflated: Buffer;
    try {
        inflated = inflate(body, maxInflatedBytes);
    } catch (e) {
        if (e instanceof TooLargeError) throw new DigestFormatError(e.message);
        throw new DigestFormatError(`not gzip: ${(e as Error).message}`);
    }
    let data: unknown;
    try {
        data = JSON.parse(inflated.toString("utf8"));
    } catch (e) {
        throw new DigestFormatError(`not JSON: ${(e as Error).message}`);
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) throw new DigestFormatError("not a JSON object");
    const d = data as Record<string, unknown>;
    for (const f of REQUIRED_STRINGS) {
        if (typeof d[f] !== "string") throw new DigestFormatError(`field ${f} is ${JSON.stringify(d[f])}, expected a string`);
    }
    // The first digest of a chain has these null ("CloudTrail digest file
    // structure": "Starting digest file"); the CLI requires the key present.
    for (const f of NULLABLE_STRINGS) {
        if (d[f] !== null && typeof d[f] !== "string") throw new DigestFormatError(`field ${f} is ${JSON.stringify(d[f])}, expected a string or null`);
    }
    if (!Array.isArray(d.logFiles)) throw new DigestFormatError(`field logFiles is ${JSON.stringify(d.logFiles)}, expected an array`);
    d.logFiles.forEach((l: unknown, i: number) => {
        const o = l as Record<string, unknown>;
        for (const f of ["s3Bucket", "s3Object", "hashValue", "hashAlgorithm"]) {
            if (typeof o?.[f] !== "string") throw new DigestFormatError(`logFiles[${i}].${f} is ${JSON.stringify(o?.[f])}, expected a string`);
        }
    });
    if (Number.isNaN(Date.parse(d.digestEndTime as string))) throw new DigestFormatError(`digestEndTime ${JSON.stringify(d.digestEndTime)} is not a time`);
    return { inflated, digest: d as unknown as DigestFile };
}

/**
 * The data-signing string ("Custom implementations ...", "Data signing
 * string summary"): four lines joined by `\n`, no trailing newline:
 * 1. digestEndTime as written in the digest (UTC extended, `2015-05-08T07:19:37Z`);
 * 2. the digest's S3 path, `<digestS3Bucket>/<digestS3Object>`;
 * 3. the hex SHA-256 of the uncompressed digest;
 * 4. previousDigestSignature, or the literal `null` for the first digest of a
 *    chain (validation.py: "The value must be 'null' to match the Java
 *    implementation").
 */
export function signingString(digest: Pick<DigestFile, "digestEndTime" | "digestS3Bucket" | "digestS3Object" | "previousDigestSignature">, inflatedHashHex: string): string {
    return [digest.digestEndTime, `${digest.digestS3Bucket}/${digest.digestS3Object}`, inflatedHashHex, digest.previousDigestSignature ?? "null"].join("\n");
}

/**
 * SHA256withRSA (PKCS #1 v1.5) verification of a hex signature over the
 * signing string. False, never a throw, for a signature that is not hex.
 */
export function verifySignature(signingText: string, signatureHex: string, key: KeyObject): boolean {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(signatureHex)) return false;
    return rsaVerify("sha256", Buffer.from(signingText, "utf8"), key, Buffer.from(signatureHex, "hex"));
}

/**
 * Loads a ListPublicKeys `Value` (base64 DER). AWS documents "DER encoded
 * PKCS #1 RSAPublicKey" and validation.py loads it so, yet the third key of
 * the sample response in "Custom implementations of CloudTrail log file
 * integrity validation" is an X.509 SubjectPublicKeyInfo
 * (tests/integrity/awsSigned.test.ts): both are accepted.
 */
export function loadPublicKey(valueBase64: string): KeyObject {
    const der = Buffer.from(valueBase64, "base64");
    try {
        return createPublicKey({ key: der, format: "der", type: "pkcs1" });
    } catch {
        return createPublicKey({ key: der, format: "der", type: "spki" });
    }
}

/**
 * A key's fingerprint as CloudTrail names it: the MD5 of its DER bytes
 * exactly as ListPublicKeys returns them. AWS does not state the recipe; all
 * four keys AWS has published follow it (tests/integrity/awsSigned.test.ts).
 */
export function publicKeyFingerprint(valueBase64: string): string {
    return createHash("md5").update(Buffer.from(valueBase64, "base64")).digest("hex");
}

/**
 * Parses `aws cloudtrail list-public-keys` output: `{ "PublicKeyList": [ {
 * "Value": <base64 DER>, "ValidityStartTime", "ValidityEndTime",
 * "Fingerprint" } ] }` (the CLI prints the blob Value as base64; the
 * documentation's sample writes `publicKeyList`, also accepted).
 *
 * Each key's fingerprint is computed from its bytes, and an entry whose
 * listed Fingerprint differs is refused: a key file handed to an auditor
 * could otherwise pair an attacker's key with CloudTrail's fingerprint, and
 * the digests the attacker re-signed would verify. With the fingerprint
 * derived, only a key whose MD5 is the one each digest names can verify it.
 * @throws Error naming the entry and field that is wrong.
 */
export function parsePublicKeys(json: string): PublicKeys {
    let data: unknown;
    try {
        data = JSON.parse(json);
    } catch (e) {
        throw new Error(`public keys: not JSON (${(e as Error).message}); expected the output of aws cloudtrail list-public-keys`);
    }
    const list = (data as { PublicKeyList?: unknown })?.PublicKeyList ?? (data as { publicKeyList?: unknown })?.publicKeyList;
    if (!Array.isArray(list)) throw new Error("public keys: PublicKeyList is missing; expected the output of aws cloudtrail list-public-keys");
    return list.map((e: Record<string, unknown>, i: number) => {
        for (const f of ["Value", "ValidityStartTime", "ValidityEndTime", "Fingerprint"]) {
            if (typeof e?.[f] !== "string" && !(f.startsWith("Validity") && typeof e?.[f] === "number")) {
                throw new Error(`public keys: PublicKeyList[${i}].${f} is ${JSON.stringify(e?.[f])}, expected a string`);
            }
        }
        const validFrom = validityTime(e.ValidityStartTime as string | number);
        const validTo = validityTime(e.ValidityEndTime as string | number);
        if (Number.isNaN(validFrom.getTime()) || Number.isNaN(validTo.getTime())) throw new Error(`public keys: PublicKeyList[${i}] has a validity time that is not a time`);
        let key: KeyObject;
        try {
            key = loadPublicKey(e.Value as string);
        } catch (err) {
            throw new Error(`public keys: PublicKeyList[${i}].Value is not a base64 DER RSA public key, PKCS #1 or SPKI (${(err as Error).message})`);
        }
        const fingerprint = publicKeyFingerprint(e.Value as string);
        if (fingerprint !== (e.Fingerprint as string).toLowerCase()) {
            throw new Error(`public keys: PublicKeyList[${i}].Fingerprint is ${e.Fingerprint}, but the key's bytes have the fingerprint ${fingerprint} (MD5 of the DER value): the file pairs a key with another key's fingerprint`);
        }
        return { fingerprint, validFrom, validTo, key };
    });
}

/**
 * A validity time as it is printed: ISO text, or epoch seconds, as a number
 * (the CLI's JSON output) or as text (the documentation's sample,
 * `"1436317441.0"`).
 */
function validityTime(value: string | number): Date {
    if (typeof value === "number") return new Date(value * 1000);
    return /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
}

/** The key with this fingerprint valid at `at`, if any. */
export function selectPublicKey(keys: PublicKeys, fingerprint: string, at: Date): PublicKey | undefined {
    const fp = fingerprint.toLowerCase();
    return keys.find((k) => k.fingerprint === fp && k.validFrom.getTime() <= at.getTime() && at.getTime() <= k.validTo.getTime());
}

/** Reads an object as stored (gzipped), undefined when it does not exist. */
export type ObjectReader = (bucket: string, key: string) => Promise<Buffer | undefined>;

/** Input of {@link verifyDigest}. */
export interface VerifyDigestInput {
    bucket: string;
    key: string;
    /** The digest as stored (gzipped). */
    body: Buffer;
    /** S3 object metadata `signature` (hex); absent when unavailable. */
    signature?: string;
    /** S3 object metadata `signature-algorithm`. */
    signatureAlgorithm?: string;
    /** The chain's state after the previous digest, if this chain was seen before. */
    previous?: ChainState;
    publicKeys: PublicKeys;
    /** Reads a log file or the previous digest, as stored. */
    readLogFile: ObjectReader;
    /** The most any file may inflate to; default {@link MAX_INFLATED_BYTES}. */
    maxInflatedBytes?: number;
    /**
     * Read the listed log files only when the digest is authentic (the
     * engine). A forged or copied digest's list is whatever its writer
     * chose: thousands of the bucket's largest files would outlast the
     * function's timeout, and the digest's own page would wait for the
     * dead-letter queue. Offline (default false) every list is read: a
     * synced copy's newest digest has no signature to check.
     */
    readLogFilesOnlyIfAuthentic?: boolean;
}

/**
 * Verifies one digest completely: its place, its signature, its link to the
 * previous digest actually stored, and every log file it lists. Every break
 * is a finding; nothing throws for bad content.
 */
export async function verifyDigest(input: VerifyDigestInput): Promise<DigestVerdict> {
    const parsedKey = parseDigestKey(input.key);
    const account = parsedKey?.account ?? input.previous?.account ?? "unknown";
    const region = parsedKey?.region ?? input.previous?.region ?? "unknown";
    const findings: IntegrityFinding[] = [];
    const add = (kind: IntegrityFindingKind, path: string, message: string, hour?: string) =>
        findings.push({ kind, account, region, ...(hour ? { hour } : {}), path, message });
    const stampIso = parsedKey ? stampToIso(parsedKey.endStamp) : new Date(0).toISOString();
    const fallbackState: ChainState = input.previous ?? { account, region, key: input.key, hash: sha256Hex(input.body), signature: input.signature ?? null, endTime: stampIso };

    let parsed: { inflated: Buffer; digest: DigestFile };
    try {
        parsed = parseDigest(input.body, input.maxInflatedBytes);
    } catch (e) {
        add("digest-malformed", input.key, `digest ${input.key} is malformed: ${(e as Error).message}`, hourOf(stampIso));
        return { account, region, digestEndTime: stampIso, backfill: parsedKey?.backfill ?? false, logFilesVerified: 0, authentic: false, findings, state: fallbackState };
    }
    const { inflated, digest } = parsed;
    const hour = hourOf(digest.digestEndTime);
    const hash = sha256Hex(inflated);
    const backfill = parsedKey?.backfill ?? false;

    // "Verify that the digest file has been retrieved from its original
    // location" (Custom implementations, step 2; validation.py: "has been
    // moved from its original location").
    let inPlace = parsedKey !== undefined;
    if (!parsedKey) add("digest-modified", input.key, `${input.key} is not a CloudTrail digest key`, hour);
    if (digest.digestS3Bucket !== input.bucket || digest.digestS3Object !== input.key) {
        inPlace = false;
        add("digest-modified", input.key, `digest ${input.key} names itself s3://${digest.digestS3Bucket}/${digest.digestS3Object}, but lies at s3://${input.bucket}/${input.key}: moved or copied from another place`, hour);
    }
    if (parsedKey && digest.awsAccountId !== parsedKey.account) {
        inPlace = false;
        add("digest-modified", input.key, `digest ${input.key} is for account ${digest.awsAccountId}, its key says ${parsedKey.account}`, hour);
    }

    // The signature: S3 metadata `signature`, hex ("Custom implementations").
    let signed = false;
    if (input.signature === undefined) {
        add("digest-unsigned", input.key, `digest ${input.key} has no signature (S3 metadata x-amz-meta-signature missing)`, hour);
    } else {
        const algorithm = input.signatureAlgorithm ?? digest.digestSignatureAlgorithm;
        const key = selectPublicKey(input.publicKeys, digest.digestPublicKeyFingerprint, new Date(digest.digestEndTime));
        if (algorithm !== SIGNATURE_ALGORITHM || digest.digestSignatureAlgorithm !== SIGNATURE_ALGORITHM) {
            add("signature-invalid", input.key, `digest ${input.key} is signed with ${algorithm}, expected ${SIGNATURE_ALGORITHM}`, hour);
        } else if (!key) {
            add("unknown-public-key", input.key, `digest ${input.key} is signed by key ${digest.digestPublicKeyFingerprint}, not a CloudTrail public key valid for region ${region} at ${digest.digestEndTime}`, hour);
        } else if (!verifySignature(signingString(digest, hash), input.signature, key.key)) {
            add("signature-invalid", input.key, `digest ${input.key}: signature verification failed (the digest or its signature was changed)`, hour);
        } else {
            signed = true;
        }
    }

    // The chain. A digest with no previous digest starts a chain: the first
    // one, or the first after logging or validation was turned back on (the
    // CLI's on_gap).
    if (!backfill) await checkPrevious(input, digest, add, hour);

    // Every listed log file: present, SHA-256 of its uncompressed content
    // equal to hashValue (Custom implementations, "Validate the log files").
    let logFilesVerified = 0;
    const authentic = signed && inPlace;
    if (!authentic && input.readLogFilesOnlyIfAuthentic) {
        const own = findings.find((f) => f.path === input.key);
        if (own) own.message += `; its ${digest.logFiles.length} listed log files were not read (the list is not CloudTrail's)`;
    }
    for (const log of !authentic && input.readLogFilesOnlyIfAuthentic ? [] : digest.logFiles) {
        const stored = await input.readLogFile(log.s3Bucket, log.s3Object);
        if (stored === undefined) {
            add("log-file-missing", log.s3Object, `log file ${log.s3Object}, listed in digest ${input.key}, is missing`, hour);
            continue;
        }
        let actual: string;
        try {
            actual = sha256Hex(inflate(stored, input.maxInflatedBytes ?? MAX_INFLATED_BYTES));
        } catch (e) {
            const why = e instanceof TooLargeError ? e.message : "it is no longer gzip";
            add("log-file-modified", log.s3Object, `log file ${log.s3Object} was replaced: ${why} (digest ${input.key})`, hour);
            continue;
        }
        if (actual !== log.hashValue.toLowerCase()) {
            add("log-file-modified", log.s3Object, `log file ${log.s3Object}: SHA-256 ${actual} differs from ${log.hashValue} in digest ${input.key}`, hour);
        } else {
            logFilesVerified++;
        }
    }

    // A backfill digest, or one no newer than the remembered one, leaves the
    // chain state as it was.
    const older = input.previous !== undefined && Date.parse(digest.digestEndTime) <= Date.parse(input.previous.endTime);
    const state: ChainState = backfill || older ? fallbackState : { account, region, key: input.key, hash, signature: input.signature ?? null, endTime: digest.digestEndTime };
    return { account, region, digestEndTime: digest.digestEndTime, backfill, logFilesVerified, authentic, findings, state };
}

async function checkPrevious(input: VerifyDigestInput, digest: DigestFile, add: (k: IntegrityFindingKind, p: string, m: string, h?: string) => void, hour: string): Promise<void> {
    const prev = input.previous;
    if (digest.previousDigestS3Object === null || digest.previousDigestS3Bucket === null) {
        if (prev && Date.parse(digest.digestEndTime) > Date.parse(prev.endTime)) {
            add("chain-restarted", input.key, `digest ${input.key} starts a new chain after ${prev.key}: logging or log file validation was off in between`, hour);
        }
        return;
    }
    const prevKey = digest.previousDigestS3Object;
    const prevStamp = parseDigestKey(prevKey);
    const prevHour = prevStamp ? hourOf(stampToIso(prevStamp.endStamp)) : undefined;
    const stored = await input.readLogFile(digest.previousDigestS3Bucket, prevKey);
    if (stored === undefined) {
        add("digest-missing", prevKey, `digest ${prevKey}, the previous digest of ${input.key}, is missing`, prevHour);
        return;
    }
    let storedHash: string;
    try {
        storedHash = sha256Hex(inflate(stored, input.maxInflatedBytes ?? MAX_INFLATED_BYTES));
    } catch {
        storedHash = "";
    }
    if (storedHash !== (digest.previousDigestHashValue ?? "").toLowerCase()) {
        add("digest-modified", prevKey, `digest ${prevKey} was changed: its SHA-256 differs from previousDigestHashValue in ${input.key}`, prevHour);
    }
    // The engine may see a digest twice (an SQS redelivery) or out of order:
    // only a digest newer than the remembered one is held to it.
    if (prev && prev.key !== input.key && Date.parse(digest.digestEndTime) > Date.parse(prev.endTime)) {
        if (prev.key !== prevKey) {
            add("chain-broken", input.key, `digest ${input.key} follows ${prevKey}, but the last digest verified for ${prev.account} ${prev.region} was ${prev.key}`, hour);
        } else if (prev.signature !== null && prev.signature.toLowerCase() !== (digest.previousDigestSignature ?? "").toLowerCase()) {
            // Hex of either case is the same signature (validation.py
            // unhexlifies it): only different bytes are a changed digest.
            add("digest-modified", prevKey, `digest ${prevKey}: its signature metadata differs from previousDigestSignature in ${input.key}`, prevHour);
        }
    }
}

function stampToIso(s: string): string {
    return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`;
}

/**
 * The "digest late" page: each chain whose next digest (due one hour after
 * the last one's end) has not arrived `allowedDelayMinutes` after it was due.
 * Only chains that delivered before are known, so only they can be late.
 */
export function lateDigests(lastSeenPerChain: readonly ChainState[] | Readonly<Record<string, ChainState>>, now: Date, allowedDelayMinutes: number): IntegrityFinding[] {
    if (!Number.isFinite(allowedDelayMinutes) || allowedDelayMinutes < 0) {
        throw new Error(`allowedDelayMinutes is ${allowedDelayMinutes}, expected a number of minutes >= 0`);
    }
    const chains = Array.isArray(lastSeenPerChain) ? lastSeenPerChain : Object.values(lastSeenPerChain);
    const findings: IntegrityFinding[] = [];
    for (const c of chains) {
        const due = Date.parse(c.endTime) + 3_600_000;
        const overdueMs = now.getTime() - due - allowedDelayMinutes * 60_000;
        if (overdueMs > 0) {
            const minutes = Math.floor((now.getTime() - due) / 60_000);
            findings.push({
                kind: "digest-late", account: c.account, region: c.region, hour: hourOf(new Date(due - 1).toISOString()), path: c.key,
                message: `no digest for ${c.account} ${c.region} since ${c.key}: the next was due at ${new Date(due).toISOString()}, ${minutes} minutes ago (allowed ${allowedDelayMinutes})`,
            });
        }
    }
    return findings;
}
