// The engine's contract: verifyDigest on one digest as it lands (S3 metadata
// signature, the chain state remembered between invocations), the signing
// string line by line against AWS's documentation, public keys, lateDigests.
import { strict as assert } from "assert";
import { createHash } from "crypto";
import { gzipSync } from "zlib";
import {
    ChainState, DigestFormatError, lateDigests, parseDigest, parseDigestKey, parsePublicKeys, selectPublicKey, signingString, verifyDigest,
    VerifyDigestInput,
} from "../../integrity/index";
import { ACCOUNTS, BUCKET, buildArchive, BuiltArchive, publicKeysJson, REGIONS, removeBuiltArchives, testKeys } from "./archiveBuilder";

const A = ACCOUNTS[1];
const R = REGIONS[1];

function inputFor(a: BuiltArchive, i: number, previous?: ChainState): VerifyDigestInput {
    const d = a.digests.filter((x) => x.account === A && x.region === R)[i];
    return {
        bucket: BUCKET, key: d.key, body: a.objects.get(d.key)!, signature: d.signature, signatureAlgorithm: "SHA256withRSA", previous,
        publicKeys: parsePublicKeys(publicKeysJson([testKeys().aws])), readLogFile: async (_b, k) => a.objects.get(k),
    };
}

describe("integrity: verifyDigest, one digest as it lands", function () {
    this.timeout(20000);
    let a: BuiltArchive;
    before(() => { a = buildArchive(); });
    after(removeBuiltArchives);

    it("verifies a chain digest by digest, carrying the state, with no finding", async () => {
        let state: ChainState | undefined;
        for (let i = 0; i < 4; i++) {
            const v = await verifyDigest(inputFor(a, i, state));
            assert.deepEqual(v.findings, [], `digest ${i}`);
            assert.equal(v.account, A);
            assert.equal(v.region, R);
            state = v.state;
        }
        assert.equal(state!.endTime, "2026-11-26T13:05:31Z");
        assert.match(state!.hash, /^[0-9a-f]{64}$/);
        // What the engine stores is JSON as is.
        assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
    });

    it("no signature metadata: digest-unsigned; a signature changed in one hex digit: signature-invalid; not hex: signature-invalid", async () => {
        const v1 = await verifyDigest({ ...inputFor(a, 0), signature: undefined });
        assert.deepEqual(v1.findings.map((f) => f.kind), ["digest-unsigned"]);
        assert.match(v1.findings[0].message, /x-amz-meta-signature/);
        const sig = inputFor(a, 0).signature!;
        const flipped = sig.slice(0, 10) + (sig[10] === "0" ? "1" : "0") + sig.slice(11);
        assert.deepEqual((await verifyDigest({ ...inputFor(a, 0), signature: flipped })).findings.map((f) => f.kind), ["signature-invalid"]);
        assert.deepEqual((await verifyDigest({ ...inputFor(a, 0), signature: "zz" })).findings.map((f) => f.kind), ["signature-invalid"]);
        assert.deepEqual((await verifyDigest({ ...inputFor(a, 0), signatureAlgorithm: "SHA1withRSA" })).findings.map((f) => f.kind), ["signature-invalid"]);
    });

    it("a key valid only before the digest's end time: unknown-public-key", async () => {
        const keys = parsePublicKeys(publicKeysJson([testKeys().aws], "2026-01-01T00:00:00Z", "2026-11-26T09:00:00Z"));
        const v = await verifyDigest({ ...inputFor(a, 0), publicKeys: keys });
        assert.deepEqual(v.findings.map((f) => f.kind), ["unknown-public-key"]);
    });

    it("a digest stored under another key than it names: digest-modified (moved)", async () => {
        const other = a.digests.find((x) => x.account === ACCOUNTS[0])!.key;
        const v = await verifyDigest({ ...inputFor(a, 0), key: other });
        assert.ok(v.findings.some((f) => f.kind === "digest-modified" && /moved or copied/.test(f.message)));
    });

    it("the previous digest as stored now differs, or is gone: digest-modified / digest-missing on it", async () => {
        const first = await verifyDigest(inputFor(a, 0));
        const prevKey = first.state.key;
        const changed = new Map(a.objects);
        changed.set(prevKey, gzipSync(Buffer.from("{}")));
        const v = await verifyDigest({ ...inputFor(a, 1, first.state), readLogFile: async (_b, k) => changed.get(k) });
        assert.deepEqual(v.findings.map((f) => [f.kind, f.path]), [["digest-modified", prevKey]]);
        changed.delete(prevKey);
        const w = await verifyDigest({ ...inputFor(a, 1, first.state), readLogFile: async (_b, k) => changed.get(k) });
        assert.deepEqual(w.findings.map((f) => [f.kind, f.path, f.hour]), [["digest-missing", prevKey, "2026-11-26T10:00Z"]]);
    });

    it("the previous signature the chain records differs from the S3 metadata the engine saw: digest-modified", async () => {
        const first = await verifyDigest(inputFor(a, 0));
        const v = await verifyDigest(inputFor(a, 1, { ...first.state, signature: "ab".repeat(256) }));
        assert.deepEqual(v.findings.map((f) => f.kind), ["digest-modified"]);
        assert.match(v.findings[0].message, /previousDigestSignature/);
    });

    it("a digest that skips the last one the engine verified: chain-broken; a chain that starts over: chain-restarted", async () => {
        const s0 = (await verifyDigest(inputFor(a, 0))).state;
        const v = await verifyDigest(inputFor(a, 2, s0));
        assert.deepEqual(v.findings.map((f) => f.kind), ["chain-broken"]);
        // Hour 2 had no digest: the digest of hour 3 starts a new chain.
        const b = buildArchive({ skipHours: { [`${A}/${R}`]: [2] } });
        const s1 = (await verifyDigest(inputFor(b, 1))).state;
        const w = await verifyDigest(inputFor(b, 2, s1));
        assert.deepEqual(w.findings.map((f) => f.kind), ["chain-restarted"]);
        assert.match(w.findings[0].message, /starts a new chain after .*logging or log file validation was off/);
    });

    it("a digest seen again (redelivery) or older than the remembered one: no chain finding, the state stays", async () => {
        const s2 = (await verifyDigest(inputFor(a, 2, (await verifyDigest(inputFor(a, 1))).state))).state;
        const again = await verifyDigest(inputFor(a, 2, s2));
        assert.deepEqual(again.findings, []);
        assert.deepEqual(again.state, s2);
        const older = await verifyDigest(inputFor(a, 1, s2));
        assert.deepEqual(older.findings, []);
        assert.deepEqual(older.state, s2);
        const first = await verifyDigest(inputFor(a, 0, s2));
        assert.deepEqual(first.findings, [], "the first digest of the chain, seen late, is not a restart");
    });

    it("a malformed digest: digest-malformed naming what is wrong, and the state is kept", async () => {
        const s0 = (await verifyDigest(inputFor(a, 0))).state;
        const v = await verifyDigest({ ...inputFor(a, 1, s0), body: Buffer.from("not gzip") });
        assert.deepEqual(v.findings.map((f) => f.kind), ["digest-malformed"]);
        assert.match(v.findings[0].message, /not gzip/);
        assert.deepEqual(v.state, s0);
        assert.throws(() => parseDigest(gzipSync(Buffer.from(JSON.stringify({ awsAccountId: 1 })))), (e: Error) => e instanceof DigestFormatError && /field awsAccountId is 1, expected a string/.test(e.message));
        assert.throws(() => parseDigest(gzipSync(Buffer.from("[1]"))), /not a JSON object/);
    });
});

describe("integrity: the signing string, against AWS's documentation", () => {
    // Values of the sample digest in "CloudTrail digest file structure"
    // (docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).
    const sample = {
        digestEndTime: "2015-08-17T15:01:31Z",
        digestS3Bucket: "amzn-s3-demo-bucket",
        digestS3Object: "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz",
        previousDigestSignature: "8a6c4d4b3a1e0f9d",
    };
    const hash = createHash("sha256").update("digest bytes").digest("hex");
    const lines = signingString(sample, hash).split("\n");

    it("has exactly four lines, joined by \\n, no trailing newline", () => {
        assert.equal(lines.length, 4);
        assert.ok(!signingString(sample, hash).endsWith("\n"));
        assert.ok(!signingString(sample, hash).includes("\r"));
    });
    it("line 1: the digest end timestamp in UTC extended format, as the digest writes it", () => {
        assert.equal(lines[0], "2015-08-17T15:01:31Z");
    });
    it("line 2: the digest's S3 path, bucket/key with no s3:// scheme", () => {
        assert.equal(lines[1], `amzn-s3-demo-bucket/${sample.digestS3Object}`);
    });
    it("line 3: the hex-encoded SHA-256 of the (uncompressed) digest file", () => {
        assert.equal(lines[2], hash);
        assert.match(lines[2], /^[0-9a-f]{64}$/);
    });
    it("line 4: the previous digest's hex signature, or the literal null for the first digest of a chain", () => {
        assert.equal(lines[3], "8a6c4d4b3a1e0f9d");
        assert.equal(signingString({ ...sample, previousDigestSignature: null }, hash).split("\n")[3], "null");
    });
    it("the sample digest key parses into its documented parts", () => {
        const k = parseDigestKey(sample.digestS3Object)!;
        assert.deepEqual({ ...k }, { prefix: "", organizationId: undefined, account: "111122223333", region: "us-east-2", trailName: "your-trail-name", homeRegion: "us-east-2", endStamp: "20150817T150131Z", backfill: false });
        assert.equal(parseDigestKey(`logs/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_t_us-east-1_20150817T150131Z_backfill.json.gz`)?.backfill, true);
        assert.equal(parseDigestKey("AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/x.json.gz"), undefined);
    });
});

describe("integrity: public keys from list-public-keys", () => {
    it("parses the CLI's output and selects by fingerprint and validity", () => {
        const keys = parsePublicKeys(publicKeysJson([testKeys().aws, testKeys().other], "2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z"));
        assert.equal(keys.length, 2);
        assert.ok(selectPublicKey(keys, testKeys().aws.fingerprint.toUpperCase(), new Date("2026-03-01T00:00:00Z")));
        assert.equal(selectPublicKey(keys, testKeys().aws.fingerprint, new Date("2026-07-01T00:00:00Z")), undefined);
        assert.equal(selectPublicKey(keys, "00".repeat(16), new Date("2026-03-01T00:00:00Z")), undefined);
    });
    it("refuses a file that is not list-public-keys output, naming the field", () => {
        assert.throws(() => parsePublicKeys("nope"), /not JSON/);
        assert.throws(() => parsePublicKeys("{}"), /PublicKeyList is missing/);
        assert.throws(() => parsePublicKeys(JSON.stringify({ PublicKeyList: [{ Value: "x", ValidityStartTime: "2026-01-01T00:00:00Z", ValidityEndTime: "2027-01-01T00:00:00Z" }] })), /PublicKeyList\[0\]\.Fingerprint is undefined, expected a string/);
        assert.throws(() => parsePublicKeys(JSON.stringify({ PublicKeyList: [{ Value: "AAAA", ValidityStartTime: "2026-01-01T00:00:00Z", ValidityEndTime: "2027-01-01T00:00:00Z", Fingerprint: "ab" }] })), /PublicKeyList\[0\]\.Value is not a base64 DER RSA public key, PKCS #1 or SPKI/);
    });
});

describe("integrity: lateDigests", () => {
    const chain = (endTime: string, region = "us-east-1"): ChainState => ({ account: "111111111111", region, key: `k-${region}`, hash: "h", signature: "s", endTime });

    it("a chain whose next digest is overdue by more than the allowed delay is late; one within it is not", () => {
        const now = new Date("2026-11-26T12:36:00Z");
        const late = lateDigests([chain("2026-11-26T11:05:31Z", "us-east-1"), chain("2026-11-26T11:30:00Z", "eu-west-1")], now, 30);
        assert.equal(late.length, 1);
        assert.equal(late[0].kind, "digest-late");
        assert.equal(late[0].region, "us-east-1");
        assert.equal(late[0].path, "k-us-east-1");
        assert.equal(late[0].hour, "2026-11-26T12:00Z");
        assert.match(late[0].message, /due at 2026-11-26T12:05:31.000Z, 30 minutes ago \(allowed 30\)/);
    });
    it("exactly at the allowed delay is not late yet; one second after is", () => {
        const s = chain("2026-11-26T11:00:00Z");
        assert.deepEqual(lateDigests({ a: s }, new Date("2026-11-26T12:30:00Z"), 30), []);
        assert.equal(lateDigests({ a: s }, new Date("2026-11-26T12:30:01Z"), 30).length, 1);
    });
    it("no chain seen yet: nothing is late; a negative delay is refused", () => {
        assert.deepEqual(lateDigests([], new Date(), 30), []);
        assert.throws(() => lateDigests([], new Date(), -1), /allowedDelayMinutes is -1, expected a number of minutes >= 0/);
    });
});
