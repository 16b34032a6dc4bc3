// The offline verifier on a built archive: clean, then one tampering per
// test, each failing with its kind and a message naming the file.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { gzipSync, gunzipSync } from "zlib";
import { formatReport, verifyArchive } from "../../integrity/archive";
import { IntegrityFinding, parsePublicKeys } from "../../integrity/index";
import { main } from "../../scripts/verify";
import { ACCOUNTS, buildArchive, BuiltArchive, publicKeysJson, REGIONS, removeBuiltArchives, testKeys } from "./archiveBuilder";

const A = ACCOUNTS[0];
const R = REGIONS[0];
const CHAIN = `${A}/${R}`;

async function verify(a: BuiltArchive) {
    return verifyArchive(a.root, parsePublicKeys(fs.readFileSync(a.keysFile, "utf8")));
}
const chainDigests = (a: BuiltArchive, account = A, region = R) => a.digests.filter((d) => d.account === account && d.region === region && !d.backfill);
const kinds = (fs_: IntegrityFinding[]) => fs_.map((f) => f.kind).sort();

describe("integrity: npm run verify on a synced copy", function () {
    this.timeout(20000);
    before(() => testKeys());
    after(removeBuiltArchives);

    it("a clean archive of 2 accounts x 2 regions x 4 hours verifies with no failure, and the summary says what was covered", async () => {
        const a = buildArchive();
        const r = await verify(a);
        assert.deepEqual(r.findings, []);
        assert.equal(r.digestsVerified, 16);
        assert.equal(r.logFilesVerified, 24); // 3 hours of 2 files; hour 1 delivered none
        assert.equal(r.chains.length, 4);
        const c = r.chains.find((x) => x.account === A && x.region === R)!;
        assert.equal(c.from, "2026-11-26T09:05:31Z");
        assert.equal(c.to, "2026-11-26T13:05:31Z");
        assert.equal(c.newestDigest, chainDigests(a).at(-1)!.key);
        assert.deepEqual(c.unauthenticated, [c.newestDigest]);
        const text = formatReport(r);
        assert.match(text, /16 digest files verified, 24 log files matched their digest hash, 0 failures/);
        assert.match(text, /111111111111 us-east-1: 2026-11-26T09:05:31Z to 2026-11-26T13:05:31Z/);
        assert.match(text, /newest digest of each chain has no successor/);
    });

    it("a log file modified by one byte: log-file-modified, naming the file and its digest", async () => {
        const a = buildArchive();
        const log = chainDigests(a)[2].logKeys[0];
        const json = gunzipSync(fs.readFileSync(path.join(a.root, log)));
        json[json.indexOf("198.51.100.7") + 10] = "9".charCodeAt(0);
        fs.writeFileSync(path.join(a.root, log), gzipSync(json));
        const r = await verify(a);
        assert.deepEqual(kinds(r.findings), ["log-file-modified"]);
        assert.equal(r.findings[0].path, log);
        assert.equal(r.findings[0].hour, "2026-11-26T12:00Z");
        assert.match(r.findings[0].message, new RegExp(`SHA-256 [0-9a-f]{64} differs .* in digest ${chainDigests(a)[2].key}`));
    });

    it("a log file deleted: log-file-missing", async () => {
        const a = buildArchive();
        const log = chainDigests(a)[0].logKeys[1];
        fs.unlinkSync(path.join(a.root, log));
        const r = await verify(a);
        assert.deepEqual(kinds(r.findings), ["log-file-missing"]);
        assert.equal(r.findings[0].path, log);
        assert.match(r.findings[0].message, /is missing/);
    });

    it("an extra file no digest lists: file-not-in-any-digest; one delivered after the newest digest is not due yet", async () => {
        const a = buildArchive();
        const listedLog = chainDigests(a)[0].logKeys[0];
        const extra = listedLog.replace(/_(\d{8}T\d{4}Z)_/, "_$1_").replace(/_[A-Za-z0-9]+\.json\.gz$/, "_Injected0000001.json.gz");
        fs.copyFileSync(path.join(a.root, listedLog), path.join(a.root, extra));
        const late = listedLog.replace(/\/2026\/11\/26\/(.*)_20261126T\d{4}Z_[A-Za-z0-9]+\.json\.gz$/, "/2026/11/26/$1_20261126T1320Z_NotYetDigested1.json.gz");
        assert.notEqual(late, listedLog);
        fs.copyFileSync(path.join(a.root, listedLog), path.join(a.root, late));
        const r = await verify(a);
        assert.deepEqual(kinds(r.findings), ["file-not-in-any-digest"]);
        assert.equal(r.findings[0].path, extra);
        assert.equal(r.findings[0].account, A);
    });

    it("a digest modified: digest-modified on it (the next digest's hash no longer matches) and its signature fails", async () => {
        const a = buildArchive();
        const d = chainDigests(a)[2];
        const json = JSON.parse(gunzipSync(fs.readFileSync(path.join(a.root, d.key))).toString());
        json.newestEventTime = "2026-11-26T11:59:59Z";
        fs.writeFileSync(path.join(a.root, d.key), gzipSync(Buffer.from(JSON.stringify(json))));
        const r = await verify(a);
        assert.deepEqual(kinds(r.findings), ["digest-modified", "signature-invalid"]);
        assert.ok(r.findings.every((f) => f.path === d.key));
        assert.match(r.findings.find((f) => f.kind === "digest-modified")!.message, /previousDigestHashValue/);
    });

    it("a digest deleted from the middle of the chain: digest-missing with its hour", async () => {
        const a = buildArchive();
        const [first, second] = chainDigests(a);
        fs.unlinkSync(path.join(a.root, second.key));
        const r = await verify(a);
        const missing = r.findings.filter((f) => f.kind === "digest-missing");
        assert.equal(missing.length, 1);
        assert.equal(missing[0].path, second.key);
        assert.equal(missing[0].hour, "2026-11-26T11:00Z");
        // It listed no log file (hour 1), so nothing else fails; the digest
        // before it lost the only record of its signature.
        assert.deepEqual(kinds(r.findings), ["digest-missing"]);
        assert.ok(r.chains.find((c) => c.account === A && c.region === R)!.unauthenticated.includes(first.key));
    });

    it("the oldest digest of the copy deleted: digest-missing, saying the copy may start after it", async () => {
        const a = buildArchive();
        const first = chainDigests(a)[0];
        fs.unlinkSync(path.join(a.root, first.key));
        for (const l of first.logKeys) fs.unlinkSync(path.join(a.root, l));
        const r = await verify(a);
        assert.deepEqual(r.findings.map((f) => [f.kind, f.path]), [["digest-missing", first.key]]);
        assert.match(r.findings[0].message, /or the copy starts after it/);
    });

    it("a wrong signature (signed with another key under CloudTrail's fingerprint): signature-invalid", async () => {
        const a = buildArchive({ forge: { chain: CHAIN, hour: 1, fingerprint: "aws" } });
        const r = await verify(a);
        assert.deepEqual(kinds(r.findings), ["signature-invalid"]);
        assert.equal(r.findings[0].path, chainDigests(a)[1].key);
        assert.match(r.findings[0].message, /signature verification failed/);
    });

    it("a digest signed by an unknown key: unknown-public-key, naming the fingerprint", async () => {
        const a = buildArchive({ forge: { chain: CHAIN, hour: 2, fingerprint: "other" } });
        const r = await verify(a);
        assert.deepEqual(kinds(r.findings), ["unknown-public-key"]);
        assert.ok(r.findings[0].message.includes(testKeys().other.fingerprint));
        // With that key listed, the same archive verifies.
        fs.writeFileSync(a.keysFile, publicKeysJson([testKeys().aws, testKeys().other]));
        assert.deepEqual((await verify(a)).findings, []);
    });

    it("an hour with no digest (the chain restarts after it): digest-missing for that hour and chain-restarted", async () => {
        const a = buildArchive({ skipHours: { [CHAIN]: [2] } });
        const r = await verify(a);
        assert.deepEqual(kinds(r.findings), ["chain-restarted", "digest-missing"]);
        const gap = r.findings.find((f) => f.kind === "digest-missing")!;
        assert.equal(gap.hour, "2026-11-26T11:00Z");
        assert.match(gap.message, /no digest covers 2026-11-26T11:05:31.000Z to 2026-11-26T12:05:31.000Z/);
        assert.equal(gap.account, A);
        assert.equal(gap.region, R);
    });

    it("a backfill digest: verified and listed in the summary, outside the hourly chain", async () => {
        const a = buildArchive({ backfill: CHAIN });
        const r = await verify(a);
        assert.deepEqual(r.findings, []);
        const c = r.chains.find((x) => x.account === A && x.region === R)!;
        assert.equal(c.backfillDigests.length, 1);
        assert.match(c.backfillDigests[0], /_backfill\.json\.gz$/);
        assert.equal(c.newestDigest, chainDigests(a).at(-1)!.key);
        assert.match(formatReport(r), /backfill digest: .*_backfill\.json\.gz/);
        // Its log file is verified: modified, it fails.
        const log = a.digests.find((d) => d.backfill)!.logKeys[0];
        fs.writeFileSync(path.join(a.root, log), gzipSync(Buffer.from("{}")));
        assert.deepEqual(kinds((await verify(a)).findings), ["log-file-modified"]);
    });

    it("the CLI: prints the summary and exits 0 clean, 1 on a failure, 2 on bad usage", async () => {
        const a = buildArchive();
        let out = "";
        let err = "";
        const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), cwd: a.root };
        assert.equal(await main([".", "--public-keys", a.keysFile], io), 0);
        assert.match(out, /0 failures/);
        out = "";
        assert.equal(await main([".", "--json", "--public-keys", a.keysFile], io), 0);
        assert.equal(JSON.parse(out).digestsVerified, 16);
        fs.unlinkSync(path.join(a.root, chainDigests(a)[0].logKeys[0]));
        out = "";
        assert.equal(await main([".", "--public-keys", a.keysFile], io), 1);
        assert.match(out, /log-file-missing/);
        out = "";
        assert.equal(await main([path.join(a.root, "AWSLogs", "o-a1b2c3d4e5", "111111111111", "CloudTrail"), "--public-keys", a.keysFile], { ...io, stdout: (t: string) => (out += t) }), 1);
        assert.match(out, /No digest found under this folder/);
        assert.equal(await main([], io), 2);
        assert.match(err, /expected one folder, got 0/);
        err = "";
        assert.equal(await main([".", "--public-keys", "nope.json"], io), 2);
        assert.match(err, /--public-keys: file .*nope\.json does not exist/);
        err = "";
        assert.equal(await main([".", "--bogus"], io), 2);
        assert.match(err, /usage: npm run verify/);
    });
});
