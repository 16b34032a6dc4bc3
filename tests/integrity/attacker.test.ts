// An attacker's review of digest verification (issue 18). The likeliest
// insider administers the log-archive account: they can write, delete and
// replace objects in the log bucket (and so in any copy an auditor syncs
// from it), and they can obtain genuine CloudTrail-signed digests for trails
// other than the organization trail. Each test is one way to remove, alter
// or withhold evidence without a failure; a skipped one would be an open finding
// (docs/integrity.md, "What a digest does not prove").
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { gzipSync, gunzipSync } from "zlib";
import { DEFAULT_ALLOWED_DELAY_MINUTES, formatReport, verifyArchive } from "../../integrity/archive";
import { DIGEST_DELAY_DEFAULT_MINUTES } from "../../config/audit";
import { ChainState, IntegrityFinding, parsePublicKeys, verifyDigest, VerifyDigestInput } from "../../integrity/index";
import { main } from "../../scripts/verify";
import { ACCOUNTS, buildArchive, BuiltArchive, BUCKET, publicKeysJson, REGIONS, removeBuiltArchives, testKeys } from "./archiveBuilder";

const A = ACCOUNTS[0];
const R = REGIONS[0];
const CHAIN = `${A}/${R}`;

const verify = (a: BuiltArchive) => verifyArchive(a.root, parsePublicKeys(fs.readFileSync(a.keysFile, "utf8")));
const chainDigests = (a: BuiltArchive, account = A, region = R) => a.digests.filter((d) => d.account === account && d.region === region && !d.backfill);
const kinds = (fs_: IntegrityFinding[]) => fs_.map((f) => f.kind).sort();

function cli(cwd: string) {
    const io = { out: "", err: "", stdout: (t: string) => (io.out += t), stderr: (t: string) => (io.err += t), cwd };
    return io;
}

describe("integrity: an attacker with the log bucket", function () {
    this.timeout(30000);
    before(() => testKeys());
    after(removeBuiltArchives);

    it("a public-keys file that came with the copy is refused: the bucket's administrator would list their own key in it", async () => {
        // The attacker re-signs a digest with their own key under their own
        // key's fingerprint (so the derived-fingerprint check holds), and
        // adds that key to public-keys.json at the top of the bucket, which
        // `aws s3 sync` brings into the copy (and which no digest needs to
        // list: only AWSLogs/ is checked for unlisted files).
        const a = buildArchive({ forge: { chain: CHAIN, hour: 2, fingerprint: "other" } });
        const planted = path.join(a.root, "public-keys.json");
        fs.writeFileSync(planted, publicKeysJson([testKeys().aws, testKeys().other]));
        // With the keys planted in the copy, the archive verifies clean.
        assert.deepEqual((await verifyArchive(a.root, parsePublicKeys(fs.readFileSync(planted, "utf8")))).findings, []);
        // The CLI must not take them: neither by default nor named.
        let io = cli(a.root);
        assert.equal(await main(["."], io), 2);
        assert.match(io.err, /--public-keys is required/);
        io = cli(a.root);
        assert.equal(await main([".", "--public-keys", planted], io), 2);
        assert.match(io.err, /--public-keys .*public-keys\.json is inside the folder being verified/);
        // Through a symbolic link from outside, the same file is still refused.
        const link = `${a.root}.link.json`;
        fs.symlinkSync(planted, link);
        try {
            io = cli(a.root);
            assert.equal(await main([".", "--public-keys", link], io), 2);
            assert.match(io.err, /inside the folder being verified/);
        } finally {
            fs.unlinkSync(link);
        }
        // The auditor's own list-public-keys output, kept outside: the forgery fails.
        io = cli(a.root);
        assert.equal(await main([".", "--public-keys", a.keysFile], io), 1);
        assert.match(io.out, /unknown-public-key/);
    });

    it("another trail's chain (genuinely signed, another bucket) put in place of one account's chain: digest-modified naming the bucket", async () => {
        // A second trail (say the log-archive account's own, or a data-event
        // trail) writes genuine CloudTrail-signed digests for the same
        // account, region and key to another bucket. Its chain lists none of
        // the attacker's deeds. Swapped in, every hash and signature holds:
        // only the bucket the digests name betrays it.
        const real = buildArchive();
        const other = buildArchive({ bucket: "attacker-trail-bucket" });
        for (const d of chainDigests(real)) fs.copyFileSync(path.join(other.root, d.key), path.join(real.root, d.key));
        const r = await verify(real);
        const replaced = new Set(chainDigests(real).map((d) => d.key));
        assert.ok(r.findings.length >= replaced.size, `expected findings, got ${JSON.stringify(r.findings)}`);
        for (const key of replaced) {
            assert.ok(r.findings.some((f) => f.kind === "digest-modified" && f.path === key && /attacker-trail-bucket/.test(f.message) && f.message.includes(BUCKET)), `no digest-modified for ${key}`);
        }
        // And a digest naming the right bucket but listing a log file in another is not verified against the copy's file.
        assert.ok(r.findings.some((f) => f.kind === "log-file-missing"));
    });

    it("a gzip bomb in place of a log file is reported, not inflated without bound (the engine would run out of memory and page nobody)", async () => {
        const a = buildArchive();
        const d = chainDigests(a)[0];
        const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024));
        const read = async (_b: string, key: string) => (key === d.logKeys[0] ? bomb : a.objects.get(key));
        const v = await verifyDigest({ bucket: BUCKET, key: d.key, body: a.objects.get(d.key)!, signature: d.signature, publicKeys: parsePublicKeys(fs.readFileSync(a.keysFile, "utf8")), readLogFile: read, maxInflatedBytes: 1024 * 1024 });
        assert.deepEqual(kinds(v.findings), ["log-file-modified"]);
        assert.match(v.findings[0].message, /inflates past 1\.0 MiB/);
        // A digest that is a bomb: digest-malformed, naming the limit.
        const v2 = await verifyDigest({ bucket: BUCKET, key: d.key, body: bomb, signature: d.signature, publicKeys: [], readLogFile: read, maxInflatedBytes: 1024 * 1024 });
        assert.deepEqual(kinds(v2.findings), ["digest-malformed"]);
        assert.match(v2.findings[0].message, /inflates past 1\.0 MiB/);
    });

    it("a log file planted under one account and listed only by a fake digest of another account: file-not-in-any-digest", async () => {
        // An unsigned digest is, offline, like any chain's newest: "not
        // authenticated", not a failure. Planted as the only digest of an
        // account and region that has none, it could list a file the
        // attacker injects into a real account's tree, which would then
        // count as listed. A genuine digest lists only its own account's
        // and region's log files ("CloudTrail digest file structure": the
        // sample digest of 111122223333 us-east-2 lists
        // AWSLogs/111122223333/CloudTrail/us-east-2/... files).
        const a = buildArchive();
        const listedLog = chainDigests(a)[0].logKeys[0];
        const injected = listedLog.replace(/_[A-Za-z0-9]+\.json\.gz$/, "_Injected0000001.json.gz");
        fs.copyFileSync(path.join(a.root, listedLog), path.join(a.root, injected));
        const template = JSON.parse(gunzipSync(fs.readFileSync(path.join(a.root, chainDigests(a)[0].key))).toString());
        const fakeAccount = "999999999999";
        const fakeKey = chainDigests(a)[0].key.replaceAll(A, fakeAccount);
        const fake = {
            ...template, awsAccountId: fakeAccount, digestS3Object: fakeKey,
            previousDigestS3Bucket: null, previousDigestS3Object: null, previousDigestHashValue: null, previousDigestHashAlgorithm: null, previousDigestSignature: null,
            logFiles: [{ ...template.logFiles[0], s3Object: injected }],
        };
        fs.mkdirSync(path.dirname(path.join(a.root, fakeKey)), { recursive: true });
        fs.writeFileSync(path.join(a.root, fakeKey), gzipSync(Buffer.from(JSON.stringify(fake))));
        // The same account, a region it never logged in: a second injected file.
        const injected2 = listedLog.replace(/_[A-Za-z0-9]+\.json\.gz$/, "_Injected0000002.json.gz");
        fs.copyFileSync(path.join(a.root, listedLog), path.join(a.root, injected2));
        const fakeKey2 = chainDigests(a)[0].key.replaceAll(R, "ap-south-1");
        const fake2 = { ...fake, awsAccountId: A, digestS3Object: fakeKey2, logFiles: [{ ...template.logFiles[0], s3Object: injected2 }] };
        fs.mkdirSync(path.dirname(path.join(a.root, fakeKey2)), { recursive: true });
        fs.writeFileSync(path.join(a.root, fakeKey2), gzipSync(Buffer.from(JSON.stringify(fake2))));
        const r = await verify(a);
        const unlisted = r.findings.filter((f) => f.kind === "file-not-in-any-digest");
        assert.deepEqual(unlisted.map((f) => f.path).sort(), [injected, injected2].sort());
        assert.ok(unlisted.every((f) => f.account === A && f.region === R));
    });

    describe("attempts that held (the engine's path, one digest as it lands)", () => {
        let a: BuiltArchive;
        before(() => { a = buildArchive(); });
        const input = (i: number, o: Partial<VerifyDigestInput> = {}): VerifyDigestInput => {
            const d = chainDigests(a)[i];
            return {
                bucket: BUCKET, key: d.key, body: a.objects.get(d.key)!, signature: d.signature, publicKeys: parsePublicKeys(publicKeysJson([testKeys().aws])),
                readLogFile: async (_b, k) => a.objects.get(k), ...o,
            };
        };
        const stateAfter = async (i: number): Promise<ChainState> => {
            let state: ChainState | undefined;
            for (let j = 0; j <= i; j++) state = (await verifyDigest(input(j, { previous: state }))).state;
            return state!;
        };

        it("a digest replayed at the next hour's key, at another region's, or renamed _backfill (to leave the chain): digest-modified, moved", async () => {
            const [d0, d1] = chainDigests(a);
            const elsewhere = [d1.key, d0.key.replaceAll(R, REGIONS[1]), d0.key.replace(/\.json\.gz$/, "_backfill.json.gz")];
            for (const key of elsewhere) {
                const v = await verifyDigest(input(0, { key }));
                assert.ok(v.findings.some((f) => f.kind === "digest-modified" && /moved or copied/.test(f.message)), key);
            }
        });

        it("a signature of the wrong length, empty, or with a byte appended: signature-invalid, never a throw", async () => {
            const sig = chainDigests(a)[0].signature;
            for (const bad of [sig.slice(0, -2), sig + "00", "", "0".repeat(512)]) {
                const v = await verifyDigest(input(0, { signature: bad }));
                assert.deepEqual(kinds(v.findings), ["signature-invalid"], JSON.stringify(bad.length));
            }
        });

        it("a digest whose signature metadata was re-cased by a copy (upper-case hex) still verifies, and the next digest does not then report it changed", async () => {
            // The AWS CLI unhexlifies the metadata (validation.py), which takes
            // either case: a re-cased copy carries the same signature bytes.
            const upper = chainDigests(a)[0].signature.toUpperCase();
            const v0 = await verifyDigest(input(0, { signature: upper }));
            assert.deepEqual(v0.findings, []);
            const v1 = await verifyDigest(input(1, { previous: v0.state }));
            assert.deepEqual(v1.findings, []);
        });

        it("the tail deleted while the engine keeps its state: the next digest CloudTrail writes names the deleted one (digest-missing)", async () => {
            const state = await stateAfter(1);
            const d2 = chainDigests(a)[2];
            const v = await verifyDigest(input(3, { previous: state, readLogFile: async (_b, k) => (k === d2.key ? undefined : a.objects.get(k)) }));
            assert.ok(v.findings.some((f) => f.kind === "digest-missing" && f.path === d2.key));
        });
    });

    // The newest digest of a chain has no successor recording its signature,
    // and a synced copy has no S3 metadata. The attacker rewrites it to drop
    // their log file and deletes that file: from the copy alone the report
    // can only list the digest as not authenticated (and says so in its last
    // line). With the signatures S3 keeps in the metadata (--signatures), the
    // rewrite fails; the genuine digest verifies with the same signature.
    it("the newest digest rewritten to drop a log file, and the file deleted: not authenticated alone, signature-invalid with --signatures", async () => {
        const a = buildArchive();
        const newest = chainDigests(a).at(-1)!;
        const keys = parsePublicKeys(fs.readFileSync(a.keysFile, "utf8"));
        const signatures = new Map([[newest.key, newest.signature]]);
        // Untouched, the metadata signature authenticates it.
        const clean = await verifyArchive(a.root, keys, { signatures });
        assert.deepEqual(clean.findings, []);
        assert.deepEqual(clean.signaturesFromMetadata, [newest.key]);
        assert.ok(!clean.chains.some((c) => c.unauthenticated.includes(newest.key)));

        const json = JSON.parse(gunzipSync(fs.readFileSync(path.join(a.root, newest.key))).toString());
        json.logFiles = json.logFiles.slice(1);
        fs.writeFileSync(path.join(a.root, newest.key), gzipSync(Buffer.from(JSON.stringify(json))));
        fs.unlinkSync(path.join(a.root, newest.logKeys[0]));
        const alone = await verify(a);
        assert.deepEqual(alone.findings, []);
        assert.ok(alone.chains.some((c) => c.unauthenticated.includes(newest.key)));
        assert.match(formatReport(alone), /No failures; 4 digest\(s\) not authenticated \(listed above\): supply their S3 metadata signatures with --signatures/);

        const r = await verifyArchive(a.root, keys, { signatures });
        assert.deepEqual(r.findings.map((f) => [f.kind, f.path]), [["signature-invalid", newest.key]]);
        // The CLI: lines "<key> <hex>", as a head-object loop prints them; a malformed line is refused, naming it.
        const file = path.join(path.dirname(a.keysFile), "signatures.txt");
        fs.writeFileSync(file, `# from aws s3api head-object\n${newest.key} ${newest.signature}\n`);
        const io = cli(a.root);
        assert.equal(await main([".", "--public-keys", a.keysFile, "--signatures", file], io), 1);
        assert.match(io.out, /signature-invalid/);
        fs.writeFileSync(file, `${newest.key}\n`);
        const bad = cli(a.root);
        assert.equal(await main([".", "--public-keys", a.keysFile, "--signatures", file], bad), 2);
        assert.match(bad.err, /--signatures .*signatures\.txt: line 1: expected a digest key and its hex signature/);
    });

    // The tail deleted. The attacker deletes the last digests of a chain and
    // their log files; the copy looks shorter and, alone, verifies clean.
    // Only the auditor knows when the copy should end: with --until, each
    // chain must reach it (less the allowed delay, as the engine's
    // late-digest page). A chain deleted whole is still not seen.
    it("the newest two digests of a chain deleted with their log files: clean alone, digest-missing with --until", async () => {
        const a = buildArchive();
        const kept = chainDigests(a).at(-3)!;
        for (const d of chainDigests(a).slice(-2)) {
            fs.unlinkSync(path.join(a.root, d.key));
            for (const l of d.logKeys) fs.unlinkSync(path.join(a.root, l));
        }
        const keys = parsePublicKeys(fs.readFileSync(a.keysFile, "utf8"));
        assert.deepEqual((await verifyArchive(a.root, keys)).findings, []);
        // The intact chains end at 13:05:31; the copy was made at 15:00 with the default 120 minutes allowed.
        const until = new Date("2026-11-26T15:00:00Z");
        const r = await verifyArchive(a.root, keys, { until });
        assert.deepEqual(r.findings.map((f) => [f.kind, f.account, f.region, f.path]), [["digest-missing", A, R, kept.key]]);
        assert.match(r.findings[0].message, /no digest after .* \(ended 2026-11-26T11:05:31Z\).*--until 2026-11-26T15:00:00\.000Z.*tail/);
        // With 300 minutes allowed, nothing is due yet.
        assert.deepEqual((await verifyArchive(a.root, keys, { until, allowedDelayMinutes: 300 })).findings, []);
        // The CLI: --until, and a value that is not a time refused naming it.
        let io = cli(a.root);
        assert.equal(await main([".", "--public-keys", a.keysFile, "--until", "2026-11-26T15:00:00Z"], io), 1);
        assert.match(io.out, /digest-missing/);
        assert.match(io.out, /Expected to reach: 2026-11-26T15:00:00\.000Z/);
        io = cli(a.root);
        assert.equal(await main([".", "--public-keys", a.keysFile, "--until", "yesterday"], io), 2);
        assert.match(io.err, /--until is "yesterday", expected an ISO 8601 time/);
        // Offline, the same delay the engine allows by default.
        assert.equal(DEFAULT_ALLOWED_DELAY_MINUTES, DIGEST_DELAY_DEFAULT_MINUTES);
    });
});
