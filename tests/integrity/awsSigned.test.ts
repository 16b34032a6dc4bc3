// Digest signing checked against material AWS itself published, not only
// against keys this project generates (issue 18). No public source found holds
// a complete set (a digest's exact bytes + its own signature + the public key of
// its fingerprint + the previous signature its signing string needs), so this
// file proves every part that AWS's material can prove (docs/integrity-sources.md
// lists what was searched and what is still missing):
//
// - the fingerprint recipe and both key encodings, from AWS's documented
//   `list-public-keys` sample response;
// - the signature scheme (RSASSA-PKCS1-v1_5 over SHA-256, hex encoded), from two
//   real AWS signatures printed in AWS's sample digests, which verify under the
//   documented key whose fingerprint those digests name;
// - the signing string's lines, from AWS's description and example, the AWS
//   CLI's own expected bytes, and a real digest file as CloudTrail wrote it.
//
// The fingerprint, key loading and signing string under test are the
// library's (integrity/index.ts), the ones the engine and `npm run verify`
// use. Sources and licences of the fixtures:
// tests/integrity/fixtures/aws/README.md.
import { strict as assert } from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { loadPublicKey, parsePublicKeys, publicKeyFingerprint, sha256Hex, signingString as librarySigningString } from "../../integrity/index";

const FIXTURES = path.join(__dirname, "fixtures", "aws");

interface ListedKey {
    Value: string;
    Fingerprint: string;
}

interface Digest {
    digestStartTime: string;
    digestEndTime: string;
    digestS3Bucket: string;
    digestS3Object: string;
    digestPublicKeyFingerprint: string;
    previousDigestS3Object: string | null;
    previousDigestSignature: string | null;
}

const readJson = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")) as T;

// The sample response of `aws cloudtrail list-public-keys` in "Custom
// implementations of CloudTrail log file integrity validation", section B.
const DOCS_KEYS = readJson<{ publicKeyList: ListedKey[] }>("docs-list-public-keys.json").publicKeyList;
// The example output of `aws cloudtrail list-public-keys` in the AWS CLI
// (awscli/examples/cloudtrail/list-public-keys.rst): the CLI's own form,
// `PublicKeyList` with epoch times.
const CLI_KEYS = readJson<{ PublicKeyList: ListedKey[] }>("cli-list-public-keys.json").PublicKeyList;
// The two sample digests of "CloudTrail digest file structure".
const DOCS_DIGEST = readJson<Digest>("docs-sample-digest.json");
const DOCS_EMPTY_DIGEST = readJson<Digest>("docs-empty-digest.json");
// A real digest file, byte for byte as CloudTrail wrote it (protectai/llm-guard).
const REAL_DIGEST_BYTES = fs.readFileSync(path.join(FIXTURES, "llm-guard-digest.json"));

/** ASN.1 DigestInfo prefix for SHA-256 (RFC 8017, section 9.2, note 1). */
const SHA256_DIGEST_INFO = Buffer.from("3031300d060960864801650304020105000420", "hex");

/**
 * The SHA-256 value a SHA256withRSA (PKCS#1 v1.5) signature covers, recovered
 * with the public key; throws when the signature is not one under that key.
 * Used where the signed message itself is not public, so `crypto.verify` has
 * nothing to hash.
 */
function recoverSha256(signatureHex: string, key: crypto.KeyObject): Buffer {
    const block = crypto.publicDecrypt({ key, padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.from(signatureHex, "hex"));
    if (block.length !== SHA256_DIGEST_INFO.length + 32 || !block.subarray(0, SHA256_DIGEST_INFO.length).equals(SHA256_DIGEST_INFO)) {
        throw new Error(`not a SHA-256 PKCS#1 v1.5 signature block: ${block.toString("hex")}`);
    }
    return block.subarray(SHA256_DIGEST_INFO.length);
}

/** Throws unless `fn` throws: used where a wrong key or a flipped character must fail. */
function mustFail(fn: () => unknown, why: string): void {
    assert.throws(fn, Error, why);
}

/** The library's signing string over the uncompressed digest bytes as stored. */
function signingString(digest: Digest, digestBytes: Buffer): string {
    return librarySigningString(digest, sha256Hex(digestBytes));
}

/** `2015-08-17T15:01:31Z` → `20150817T150131Z`, the form in digest key names. */
const compact = (utc: string): string => utc.replace(/[-:]/g, "");

describe("integrity against AWS: public keys", () => {
    it("a key's fingerprint is the MD5 of its DER bytes as ListPublicKeys returns them (all four keys AWS published)", () => {
        const keys = [...DOCS_KEYS, ...CLI_KEYS];
        assert.equal(keys.length, 4);
        for (const key of keys) assert.equal(publicKeyFingerprint(key.Value), key.Fingerprint, key.Fingerprint);
    });

    it("the library reads both published key lists (the documentation's and the CLI's), with their validity times", () => {
        const docs = parsePublicKeys(fs.readFileSync(path.join(FIXTURES, "docs-list-public-keys.json"), "utf8"));
        const cli = parsePublicKeys(fs.readFileSync(path.join(FIXTURES, "cli-list-public-keys.json"), "utf8"));
        assert.deepEqual(
            [...docs, ...cli].map((k) => k.fingerprint),
            [...DOCS_KEYS, ...CLI_KEYS].map((k) => k.Fingerprint),
        );
        assert.equal(cli[0].validFrom.toISOString(), "2016-01-18T00:25:02.000Z");
        assert.equal(docs[0].validFrom.toISOString(), new Date(1436317441_000).toISOString());
    });

    it("the library refuses a key listed under another key's fingerprint (an attacker's key passed off as CloudTrail's)", () => {
        const forged = { PublicKeyList: [{ ...CLI_KEYS[0], Fingerprint: DOCS_KEYS[0].Fingerprint, ValidityStartTime: 0, ValidityEndTime: 2e9 }] };
        assert.throws(() => parsePublicKeys(JSON.stringify(forged)), /PublicKeyList\[0\]\.Fingerprint is 8eba5db5bea9b640d1c96a77256fe7f2, but the key's bytes have the fingerprint 7f3f401420072e50a65a141430817ab3/);
    });

    it("the sample holds both encodings: two PKCS#1 RSAPublicKey values and one SubjectPublicKeyInfo", () => {
        const types = DOCS_KEYS.map((key) => {
            const der = Buffer.from(key.Value, "base64");
            const loads = (type: "pkcs1" | "spki"): boolean => {
                try {
                    crypto.createPublicKey({ key: der, format: "der", type });
                    return true;
                } catch {
                    return false;
                }
            };
            return { pkcs1: loads("pkcs1"), spki: loads("spki") };
        });
        assert.deepEqual(types, [
            { pkcs1: true, spki: false },
            { pkcs1: true, spki: false },
            { pkcs1: false, spki: true },
        ]);
        for (const key of DOCS_KEYS) {
            const details = loadPublicKey(key.Value).asymmetricKeyDetails;
            assert.equal(details?.modulusLength, 2048);
            assert.equal(details?.publicExponent, 65537n);
        }
    });
});

describe("integrity against AWS: the signature scheme", () => {
    // Built inside each test, so a key that fails to load fails that test.
    const keysByFingerprint = (): Map<string, crypto.KeyObject> => new Map(DOCS_KEYS.map((key) => [key.Fingerprint, loadPublicKey(key.Value)]));

    // SHA-256 values the two AWS signatures cover, recovered once and pinned
    // here, so a later change to the recovery or the fixtures cannot go unseen.
    // They are the hashes of the signing strings of the digests that precede
    // AWS's samples (2015-08-17T14:01:31Z and 2015-08-20T17:01:31Z), which AWS
    // never published.
    const cases: Array<{ digest: Digest; covers: string }> = [
        { digest: DOCS_DIGEST, covers: "4cdaa85fddf1a1a032e5fca5d16d104d1b03f2b31641eff267d877264a44c570" },
        { digest: DOCS_EMPTY_DIGEST, covers: "eb6fb72c4f3302de4b4a4693658e3a7bf1d464330eb80399500fe11bf1b7ab00" },
    ];

    for (const { digest, covers } of cases) {
        it(`the previousDigestSignature of AWS's ${digest.digestEndTime} sample is a SHA256withRSA signature by the key the digest names`, () => {
            const signature = digest.previousDigestSignature as string;
            assert.match(signature, /^[0-9a-f]{512}$/, "hex encoded, 2048-bit");
            const keyByFingerprint = keysByFingerprint();
            const named = keyByFingerprint.get(digest.digestPublicKeyFingerprint);
            assert.ok(named, `the sample key list holds ${digest.digestPublicKeyFingerprint}`);
            assert.equal(recoverSha256(signature, named).toString("hex"), covers);
            // Not under the other documented keys, and not once one character changes.
            for (const [fingerprint, other] of keyByFingerprint) {
                if (fingerprint !== digest.digestPublicKeyFingerprint) mustFail(() => recoverSha256(signature, other), `key ${fingerprint}`);
            }
            const flipped = signature.slice(0, 100) + (signature[100] === "0" ? "1" : "0") + signature.slice(101);
            mustFail(() => recoverSha256(flipped, named), "one character flipped");
        });
    }

    it("what the recovery returns is what crypto.verify('sha256', ...) checks: the SHA-256 of the signed string", () => {
        const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
        const message = Buffer.from(signingString(DOCS_DIGEST, Buffer.from("{}")));
        const signature = crypto.sign("sha256", message, privateKey).toString("hex");
        assert.ok(crypto.verify("sha256", message, publicKey, Buffer.from(signature, "hex")));
        assert.deepEqual(recoverSha256(signature, publicKey), crypto.createHash("sha256").update(message).digest());
        // A PSS signature is a different scheme: AWS's are not PSS, since they recover.
        const pss = crypto.sign("sha256", message, { key: privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING }).toString("hex");
        mustFail(() => recoverSha256(pss, publicKey), "PSS");
    });
});

describe("integrity against AWS: the data signing string", () => {
    it("gives the AWS CLI's own expected bytes for a starting digest (no previous signature)", () => {
        // aws/aws-cli tests/unit/customizations/cloudtrail/test_validation.py,
        // test_properly_signs_when_no_previous_signature (Apache-2.0).
        const starting = { digestEndTime: "a", digestS3Bucket: "b", digestS3Object: "c", previousDigestSignature: null } as unknown as Digest;
        assert.equal(signingString(starting, Buffer.from("abc")), "a\nb/c\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\nnull");
    });

    it("has the form of AWS's example Data_To_Sign_String on its first three lines", () => {
        // "Custom implementations...", section D, the example as published.
        const example = [
            "2015-08-12T04:01:31Z",
            "S3-bucket-name/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/12/111122223333_us-east-2_CloudTrail-Digest_us-east-2_20150812T040131Z.json.gz",
            "4ff08d7c6ecd6eb313257e839645d20363ee3784a2328a7d76b99b53cc9bcacd",
        ];
        const ours = signingString(DOCS_DIGEST, Buffer.from("{}")).split("\n");
        assert.equal(ours.length, 4);
        const forms = [/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, /^[^/]+\/AWSLogs\/.+\.json\.gz$/, /^[0-9a-f]{64}$/];
        forms.forEach((form, i) => {
            assert.match(example[i], form, `AWS's line ${i + 1}`);
            assert.match(ours[i], form, `our line ${i + 1}`);
        });
        // Line 2 is the bucket then the key: no "s3://", no leading slash.
        assert.ok(ours[1].startsWith(`${DOCS_DIGEST.digestS3Bucket}/AWSLogs/`));
        // Line 4 is the previous digest's signature as the digest carries it.
        assert.equal(ours[3], DOCS_DIGEST.previousDigestSignature);
    });

    it("hashes a real digest as CloudTrail stored it: its bytes escape '/', so re-serialised JSON hashes differently", () => {
        const raw = REAL_DIGEST_BYTES.toString("utf8");
        const digest = JSON.parse(raw) as Digest;
        assert.ok(raw.includes('"AWSLogs\\/327878933619\\/CloudTrail-Digest\\/'), "CloudTrail writes \\/");
        const reserialised = Buffer.from(JSON.stringify(digest));
        assert.notEqual(reserialised.length, REAL_DIGEST_BYTES.length);
        const line3 = (bytes: Buffer): string => signingString(digest, bytes).split("\n")[2];
        assert.notEqual(line3(reserialised), line3(REAL_DIGEST_BYTES));
        // Pinned: the successor digest (20231016T000404Z) records this as its
        // previousDigestHashValue, should it ever be found.
        assert.equal(line3(REAL_DIGEST_BYTES), "4277102dccf54c0c247738ca5e6e3504b7370206ef1c82855994ec23441ae1ed");
    });

    it("takes the end time in UTC extended format, the same instant the key names; the chain steps back one hour", () => {
        for (const digest of [JSON.parse(REAL_DIGEST_BYTES.toString("utf8")) as Digest, DOCS_DIGEST, DOCS_EMPTY_DIGEST]) {
            const line1 = signingString(digest, Buffer.from("{}")).split("\n")[0];
            assert.match(line1, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
            // {account}_CloudTrail-Digest_{region}_{trail}_{home region}_{end}.json.gz
            assert.match(digest.digestS3Object, /\/\d{12}_CloudTrail-Digest_[a-z0-9-]+_.+_[a-z0-9-]+_\d{8}T\d{6}Z\.json\.gz$/);
            assert.ok(digest.digestS3Object.endsWith(`_${compact(line1)}.json.gz`), digest.digestS3Object);
            assert.ok(digest.previousDigestS3Object?.endsWith(`_${compact(digest.digestStartTime)}.json.gz`));
            assert.equal(Date.parse(digest.digestEndTime) - Date.parse(digest.digestStartTime), 3600_000);
        }
    });
});
