// `npm run verify -- <folder> --public-keys <file> [--until <time>] [--signatures <file>] [--json]`: verifies a
// local copy of the log archive (as `aws s3 sync` leaves it, organization
// layout) with integrity/, the same code the engine runs on each digest.
// Public keys come from a file holding the output of
// `aws cloudtrail list-public-keys`, so it runs without AWS access.
// Exit 0: clean; 1: any failure; 2: bad usage.
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { formatReport, parseSignatures, verifyArchive } from "../integrity/archive";
import { parsePublicKeys } from "../integrity/index";

/** Where the CLI writes. */
export interface VerifyIo {
    stdout(text: string): void;
    stderr(text: string): void;
    cwd: string;
}

export const USAGE = "usage: npm run verify -- <folder> --public-keys <file> [--until <time>] [--signatures <file>] [--json]\n  <folder>: a copy of the log bucket made with aws s3 sync\n  --public-keys: the output of aws cloudtrail list-public-keys, kept outside <folder>\n  --until: when the copy was made (ISO 8601): every chain must reach it, less 120 minutes\n  --signatures: the S3 metadata signature of each digest the report lists as not authenticated, one \"<key> <hex>\" per line";

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io: VerifyIo): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, allowPositionals: true, options: { "public-keys": { type: "string" }, until: { type: "string" }, signatures: { type: "string" }, json: { type: "boolean" } } });
    } catch (e) {
        io.stderr(`${(e as Error).message}\n${USAGE}\n`);
        return 2;
    }
    if (parsed.positionals.length !== 1) {
        io.stderr(`expected one folder, got ${parsed.positionals.length}\n${USAGE}\n`);
        return 2;
    }
    const root = path.resolve(io.cwd, parsed.positionals[0]);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
        io.stderr(`folder ${root} does not exist\n${USAGE}\n`);
        return 2;
    }
    // No default, and never a file inside the copy: the copy comes from the
    // log bucket, whose administrator could plant a list naming their own
    // key, and the digests they re-signed with it would verify.
    if (parsed.values["public-keys"] === undefined) {
        io.stderr(`--public-keys is required: the output of aws cloudtrail list-public-keys --start-time <oldest> --end-time <newest>, run by you and kept outside ${root}\n${USAGE}\n`);
        return 2;
    }
    const keysFile = path.resolve(io.cwd, parsed.values["public-keys"]);
    if (!fs.existsSync(keysFile)) {
        io.stderr(`--public-keys: file ${keysFile} does not exist; expected the output of aws cloudtrail list-public-keys --start-time <oldest> --end-time <newest>\n${USAGE}\n`);
        return 2;
    }
    // Real paths, so that a symbolic link from outside to a file inside is seen.
    const inside = path.relative(fs.realpathSync(root), fs.realpathSync(keysFile));
    if (!inside.startsWith("..") && !path.isAbsolute(inside)) {
        io.stderr(`--public-keys ${keysFile} is inside the folder being verified (${root}): a copy of the log bucket cannot vouch for its own keys; expected your own aws cloudtrail list-public-keys output, kept outside it\n`);
        return 2;
    }
    let keys;
    try {
        keys = parsePublicKeys(fs.readFileSync(keysFile, "utf8"));
    } catch (e) {
        io.stderr(`--public-keys ${keysFile}: ${(e as Error).message}\n`);
        return 2;
    }
    let until: Date | undefined;
    if (parsed.values.until !== undefined) {
        until = new Date(parsed.values.until);
        if (!/^\d{4}-\d{2}-\d{2}T/.test(parsed.values.until) || Number.isNaN(until.getTime())) {
            io.stderr(`--until is ${JSON.stringify(parsed.values.until)}, expected an ISO 8601 time (2026-11-26T15:00:00Z): when the copy was made\n${USAGE}\n`);
            return 2;
        }
    }
    // Not trusted: each is verified against CloudTrail's key like any signature, so it may come from anywhere.
    let signatures: Map<string, string> | undefined;
    if (parsed.values.signatures !== undefined) {
        const file = path.resolve(io.cwd, parsed.values.signatures);
        try {
            signatures = parseSignatures(fs.readFileSync(file, "utf8"));
        } catch (e) {
            io.stderr(`--signatures ${file}: ${(e as Error).message}\n${USAGE}\n`);
            return 2;
        }
    }
    const report = await verifyArchive(root, keys, { until, signatures });
    io.stdout(parsed.values.json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report));
    return report.findings.length > 0 || report.digestsVerified === 0 ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd() })
        .then((code) => { process.exitCode = code; })
        .catch((e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exitCode = 1; });
}
