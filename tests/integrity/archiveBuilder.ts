// Builds a small archive in a temp dir the way CloudTrail writes one for an
// organization trail: gzipped log files and hourly digests in the
// documented structure and key layout ("CloudTrail digest file structure"),
// chained (previousDigest* fields) and signed as CloudTrail signs them
// ("Custom implementations of CloudTrail log file integrity validation":
// SHA256withRSA over the signing string, hex signature), with an RSA key pair
// generated here. A synced copy has no S3 metadata, so each digest's
// signature survives only in the next digest's previousDigestSignature; the
// builder also returns every signature, as S3 metadata would hold it, for the
// engine-path tests.
import { createHash, generateKeyPairSync, KeyObject, sign } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gzipSync } from "zlib";
import type { DigestFile } from "../../integrity/index";

export const ORG_ID = "o-a1b2c3d4e5";
export const BUCKET = "org-cloudtrail-logs-222222222222";
export const TRAIL = "org-trail";
export const HOME_REGION = "us-east-1";
export const ACCOUNTS = ["111111111111", "123456789012"] as const;
export const REGIONS = ["us-east-1", "eu-west-1"] as const;

export interface TestKey {
    privateKey: KeyObject;
    publicDerBase64: string;
    fingerprint: string;
}

let keys: { aws: TestKey; other: TestKey } | undefined;

function makeKey(): TestKey {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    // list-public-keys gives Value as base64 DER of a PKCS #1 RSAPublicKey
    // (validation.py loads it as "PKCS #1"). The fingerprint's derivation is
    // not documented; the verifier only compares it as listed.
    const der = publicKey.export({ format: "der", type: "pkcs1" });
    return { privateKey, publicDerBase64: der.toString("base64"), fingerprint: createHash("md5").update(der).digest("hex") };
}

/** The test's key pairs: CloudTrail's ("aws") and an attacker's ("other"), generated once per run. */
export function testKeys(): { aws: TestKey; other: TestKey } {
    keys ??= { aws: makeKey(), other: makeKey() };
    return keys;
}

/** `aws cloudtrail list-public-keys` output for these keys. */
export function publicKeysJson(list: readonly TestKey[], from = "2026-01-01T00:00:00Z", to = "2027-01-01T00:00:00Z"): string {
    return JSON.stringify({ PublicKeyList: list.map((k) => ({ Value: k.publicDerBase64, ValidityStartTime: from, ValidityEndTime: to, Fingerprint: k.fingerprint })) }, null, 2);
}

const pad = (n: number) => String(n).padStart(2, "0");
const stamp = (d: Date, seconds = true) =>
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${seconds ? pad(d.getUTCSeconds()) : ""}Z`;
const ymd = (d: Date) => `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** `AWSLogs/<o-id>/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/<account>_CloudTrail-Digest_<region>_<trail>_<home>_<end>.json.gz`. */
export function digestKeyFor(account: string, region: string, end: Date, backfill = false): string {
    return `AWSLogs/${ORG_ID}/${account}/CloudTrail-Digest/${region}/${ymd(end)}/${account}_CloudTrail-Digest_${region}_${TRAIL}_${HOME_REGION}_${stamp(end)}${backfill ? "_backfill" : ""}.json.gz`;
}

/** `AWSLogs/<o-id>/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`. */
export function logKeyFor(account: string, region: string, delivered: Date, unique: string): string {
    return `AWSLogs/${ORG_ID}/${account}/CloudTrail/${region}/${ymd(delivered)}/${account}_CloudTrail_${region}_${stamp(delivered, false)}_${unique}.json.gz`;
}

/**
 * One management event as CloudTrail records it (CloudTrail User Guide,
 * "CloudTrail record contents for management, data, and network activity
 * events"; sts GetCallerIdentity as in the STS User Guide's CloudTrail
 * example): the log file is `{"Records":[...]}`.
 */
function record(account: string, region: string, at: Date, n: number): Record<string, unknown> {
    return {
        eventVersion: "1.08",
        userIdentity: { type: "AssumedRole", principalId: "AROAEXAMPLEID:ci", arn: `arn:aws:sts::${account}:assumed-role/ci/ci`, accountId: account, accessKeyId: "ASIAEXAMPLE" },
        eventTime: iso(at), eventSource: "sts.amazonaws.com", eventName: "GetCallerIdentity", awsRegion: region,
        sourceIPAddress: "198.51.100.7", userAgent: "aws-cli/2.15.0", requestParameters: null, responseElements: null,
        requestID: `0000000${n}-aaaa-bbbb-cccc-000000000000`, eventID: `1111111${n}-aaaa-bbbb-cccc-000000000000`,
        readOnly: true, eventType: "AwsApiCall", managementEvent: true, recipientAccountId: account, eventCategory: "Management",
    };
}

/** One digest written by the builder. */
export interface BuiltDigest {
    account: string;
    region: string;
    key: string;
    end: string;
    /** Hex signature, as S3 metadata `signature` holds it. */
    signature: string;
    logKeys: string[];
    backfill: boolean;
}

export interface BuildOptions {
    hours?: number;
    /** Chains (`account/region`) and hour indexes with no digest: the chain restarts after (logging was off). */
    skipHours?: Record<string, number[]>;
    /** Digests signed with the other key pair: with CloudTrail's fingerprint, or the other's. */
    forge?: { chain: string; hour: number; fingerprint: "aws" | "other" };
    /** Adds one `_backfill` digest to this chain, listing one late log file. */
    backfill?: string;
    /** The bucket every digest and log entry names (default BUCKET): another trail's bucket, for replay tests. */
    bucket?: string;
}

/** The archive written, with every key for the tests to tamper with. */
export interface BuiltArchive {
    root: string;
    keysFile: string;
    digests: BuiltDigest[];
    /** Every object as stored, key to bytes (for the engine-path tests). */
    objects: Map<string, Buffer>;
}

export const START = new Date("2026-11-26T09:05:31Z");

const built: string[] = [];

/** Removes every archive built so far (call from an `after` hook). */
export function removeBuiltArchives(): void {
    for (const root of built.splice(0)) fs.rmSync(root, { recursive: true, force: true });
}

/** Writes the archive: 2 accounts x 2 regions x `hours` hourly digests, 2 log files each (hour 1 none). */
export function buildArchive(opts: BuildOptions = {}): BuiltArchive {
    const hours = opts.hours ?? 4;
    const bucket = opts.bucket ?? BUCKET;
    const { aws, other } = testKeys();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "integrity-"));
    built.push(root);
    const objects = new Map<string, Buffer>();
    const put = (key: string, body: Buffer) => {
        objects.set(key, body);
        fs.mkdirSync(path.join(root, path.dirname(key)), { recursive: true });
        fs.writeFileSync(path.join(root, key), body);
    };
    const digests: BuiltDigest[] = [];
    let n = 0;
    for (const account of ACCOUNTS) {
        for (const region of REGIONS) {
            const chain = `${account}/${region}`;
            let prev: { key: string; hash: string; signature: string } | null = null;
            for (let h = 0; h < hours; h++) {
                const start = new Date(START.getTime() + h * 3_600_000);
                const end = new Date(start.getTime() + 3_600_000);
                if (opts.skipHours?.[chain]?.includes(h)) {
                    prev = null;
                    continue;
                }
                // Hour 1 delivers no log file: CloudTrail still writes its digest, with logFiles [].
                const logKeys: string[] = [];
                const logFiles: DigestFile["logFiles"] = [];
                for (const minute of h === 1 ? [] : [15, 40]) {
                    const at = new Date(start.getTime() + minute * 60_000);
                    const key = logKeyFor(account, region, at, `Ab${(n++).toString(36).padStart(14, "0")}`);
                    const json = Buffer.from(JSON.stringify({ Records: [record(account, region, at, n)] }));
                    put(key, gzipSync(json));
                    logKeys.push(key);
                    logFiles.push({ s3Bucket: bucket, s3Object: key, hashValue: createHash("sha256").update(json).digest("hex"), hashAlgorithm: "SHA-256", newestEventTime: iso(at), oldestEventTime: iso(at) });
                }
                const forged = opts.forge && opts.forge.chain === chain && opts.forge.hour === h ? opts.forge : undefined;
                const signer = forged ? other : aws;
                const written = writeDigest({ account, region, start, end, prev, logFiles, bucket, fingerprint: forged?.fingerprint === "other" ? other.fingerprint : aws.fingerprint, signer, put });
                digests.push({ account, region, key: written.key, end: iso(end), signature: written.signature, logKeys, backfill: false });
                prev = written;
            }
            if (opts.backfill === chain) {
                const at = new Date(START.getTime() + 30 * 60_000);
                const key = logKeyFor(account, region, at, "Backfill00000001");
                const json = Buffer.from(JSON.stringify({ Records: [record(account, region, at, 99)] }));
                put(key, gzipSync(json));
                const end = new Date(START.getTime() + hours * 3_600_000 + 600_000);
                const written = writeDigest({
                    account, region, start: START, end, prev: null, backfill: true, bucket, fingerprint: aws.fingerprint, signer: aws, put,
                    logFiles: [{ s3Bucket: bucket, s3Object: key, hashValue: createHash("sha256").update(json).digest("hex"), hashAlgorithm: "SHA-256" }],
                });
                digests.push({ account, region, key: written.key, end: iso(end), signature: written.signature, logKeys: [key], backfill: true });
            }
        }
    }
    // Beside the copy, not in it: a keys file inside the synced folder came
    // from the bucket, whose administrator is the one under suspicion.
    const keysFile = `${root}.public-keys.json`;
    built.push(keysFile);
    fs.writeFileSync(keysFile, publicKeysJson([aws]));
    return { root, keysFile, digests, objects };
}

function writeDigest(a: {
    account: string; region: string; start: Date; end: Date; prev: { key: string; hash: string; signature: string } | null;
    logFiles: DigestFile["logFiles"]; fingerprint: string; signer: TestKey; put: (k: string, b: Buffer) => void; backfill?: boolean; bucket: string;
}): { key: string; hash: string; signature: string } {
    const BUCKET = a.bucket;
    const key = digestKeyFor(a.account, a.region, a.end, a.backfill);
    const digest: DigestFile = {
        awsAccountId: a.account, digestStartTime: iso(a.start), digestEndTime: iso(a.end), digestS3Bucket: BUCKET, digestS3Object: key,
        digestPublicKeyFingerprint: a.fingerprint, digestSignatureAlgorithm: "SHA256withRSA",
        newestEventTime: a.logFiles.at(-1)?.newestEventTime ?? null, oldestEventTime: a.logFiles[0]?.oldestEventTime ?? null,
        previousDigestS3Bucket: a.prev ? BUCKET : null, previousDigestS3Object: a.prev?.key ?? null,
        previousDigestHashValue: a.prev?.hash ?? null, previousDigestHashAlgorithm: a.prev ? "SHA-256" : null,
        previousDigestSignature: a.prev?.signature ?? null, logFiles: a.logFiles,
    };
    const inflated = Buffer.from(JSON.stringify(digest));
    const hash = createHash("sha256").update(inflated).digest("hex");
    // Written out here, not with integrity's signingString, so that a change
    // to that function cannot pass by signing and verifying the same way:
    // validation.py's "{}\n{}/{}\n{}\n{}" (end time, bucket/key, hex
    // SHA-256 of the inflated digest, previous signature or "null").
    const toSign = `${digest.digestEndTime}\n${BUCKET}/${key}\n${hash}\n${a.prev?.signature ?? "null"}`;
    const signature = sign("sha256", Buffer.from(toSign, "utf8"), a.signer.privateKey).toString("hex");
    a.put(key, gzipSync(inflated));
    return { key, hash, signature };
}
