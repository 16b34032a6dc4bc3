// `npm run replay -- <files or folders> [--settings settings.json] [--stack audit]`:
// the detection engine offline, on CloudTrail log files (`.json.gz` as
// CloudTrail writes them, or `.json` holding a Records array). Prints one JSON
// object per line for each alert the engine would send, so a team can see
// the noise of a day of its own logs before turning the engine on, and try
// a tuning change. It calls the handler's own functions (readLogFile,
// createEngine, evaluateFileCounted, alertSubject): no line of evaluation is its own.
// A detection tuned with windowMinutes counts across the files of one run, in
// memory (the Lambda counts in DynamoDB): the same adds, the same crossing.
//
// Settings: `--settings <file>` reads a settings.json (as the Lambda's);
// otherwise those the audit stack's offline plan derives from its stack file
// (`--stack`, default `audit`), through deps.settingsForStack.
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { alertSubject } from "../engine/alert";
import { createEngine, evaluateFileCounted } from "../engine/engine";
import type { Finding } from "../engine/evaluate";
import { readLogFile } from "../engine/logFile";
import type { EngineSettings } from "../engine/settings";
import { checkSettings, readSettingsFile } from "../engine/settingsFile";
import { MemoryCounter } from "../engine/windowCounts";

export interface ReplayIo {
    /** One alert per line (JSON). */
    stdout(line: string): void;
    /** Progress, skipped files, errors and the summary. */
    stderr(line: string): void;
    cwd: string;
}

export interface ReplayDeps {
    /** The engine settings the named stack would deploy (the audit stack's plan output `engineSettings`). */
    settingsForStack(stackName: string, cwd: string): Promise<EngineSettings>;
    /** Account names to put in subjects (optional: replay runs offline, without Organizations). */
    accountNames?: ReadonlyMap<string, string>;
}

export const USAGE = "usage: npm run replay -- <files or folders> [--settings settings.json] [--stack audit]";

/** What one alert line says: the detection, the dedup key, the subject, and who/what/where/when. */
export function alertLine(file: string, f: Finding): Record<string, unknown> {
    const x = f.facts;
    return {
        file,
        id: f.detectionId,
        severity: f.severity,
        dedupKey: f.dedupKey,
        subject: alertSubject(f),
        count: f.count,
        ...(f.window ? { window: f.window } : {}),
        who: { principalArn: x.principalArn, principalType: x.principalType, sessionIssuerArn: x.sessionIssuerArn, mfa: x.mfa, accessKeyId: x.accessKeyId },
        what: { eventName: x.eventName, eventSource: x.eventSource, errorCode: x.errorCode },
        where: { accountId: f.accountId, accountName: f.accountName, region: x.region, sourceIp: x.sourceIp, userAgent: x.userAgent },
        when: x.eventTime,
        eventId: x.eventId,
    };
}

/**
 * Digest and Insights files hold no API calls (engine/logFile.ts): skipped.
 * Replay answers what the detections would page on; a downloaded archive's
 * digests are verified by `npm run verify`, which reads whole chains.
 */
function isDigestOrInsight(file: string): boolean {
    return /CloudTrail-(Digest|Insight)/.test(file);
}

/** The log files under `inputs` (files as given, folders recursively), sorted. */
export function logFiles(inputs: readonly string[], cwd: string, skipped: (file: string, why: string) => void): string[] {
    const found: string[] = [];
    const visit = (p: string, named: boolean): void => {
        const stat = fs.statSync(p);
        if (stat.isDirectory()) {
            for (const entry of fs.readdirSync(p).sort()) visit(path.join(p, entry), false);
        } else if (isDigestOrInsight(p)) skipped(p, "digest or Insights file");
        else if (named || p.endsWith(".json.gz") || p.endsWith(".json")) found.push(p);
    };
    for (const input of inputs) visit(path.resolve(cwd, input), true);
    return found;
}

/** Runs the replay; resolves to the exit status (0: done, 1: a file could not be read, 2: bad usage or settings). */
export async function runReplay(argv: readonly string[], io: ReplayIo, deps: ReplayDeps): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            allowPositionals: true,
            options: { settings: { type: "string" }, stack: { type: "string", default: "audit" }, help: { type: "boolean", short: "h" } },
        });
    } catch (error) {
        io.stderr(`${(error as Error).message}\n${USAGE}`);
        return 2;
    }
    if (parsed.values.help || parsed.positionals.length === 0) {
        io.stderr(USAGE);
        return parsed.values.help ? 0 : 2;
    }
    let settings: EngineSettings;
    let engine;
    try {
        settings = parsed.values.settings
            ? readSettingsFile(path.resolve(io.cwd, parsed.values.settings))
            : checkSettings(await deps.settingsForStack(parsed.values.stack!, io.cwd), `the ${parsed.values.stack} stack's engine settings`);
        engine = createEngine(settings);
    } catch (error) {
        io.stderr(`replay: ${(error as Error).message}`);
        return 2;
    }
    let files: string[];
    try {
        files = logFiles(parsed.positionals, io.cwd, (file, why) => io.stderr(`skipped ${file}: ${why}`));
    } catch (error) {
        io.stderr(`replay: ${(error as Error).message}`);
        return 2;
    }
    let failed = 0;
    let records = 0;
    let alerts = 0;
    // One count for the whole run: a burst spread over the files given pages once, as in the Lambda.
    const counter = new MemoryCounter();
    for (const file of files) {
        try {
            const read = await readLogFile(fs.createReadStream(file));
            records += read.length;
            for (const finding of await evaluateFileCounted(engine, read, deps.accountNames ?? new Map(), counter)) {
                io.stdout(JSON.stringify(alertLine(path.relative(io.cwd, file) || file, finding)));
                alerts++;
            }
        } catch (error) {
            failed++;
            io.stderr(`${file}: ${(error as Error).message}`);
        }
    }
    io.stderr(`replay: ${files.length} files, ${records} events, ${alerts} alerts${failed ? `, ${failed} files could not be read` : ""}`);
    return failed > 0 ? 1 : 0;
}

/**
 * The settings the audit stack `stackName` would write beside the Lambda: its
 * offline plan (the same simulation as `npm run plan`) run from its stack file
 * in `cwd`, reading the log-archive stack its logArchiveStack names, and its
 * `engineSettings` output, so replay applies exactly the tuning `pulumi up`
 * would deploy. Loaded on first use: with --settings, no program runs.
 */
export const FROM_STACK_FILES: ReplayDeps = {
    settingsForStack: async (stackName, cwd) => {
        const { simulateAuditStack } = await import("../plan/simulatedWorld");
        const { outputs } = await simulateAuditStack(cwd, stackName);
        return outputs.engineSettings as EngineSettings;
    },
};

if (require.main === module) {
    runReplay(process.argv.slice(2), { stdout: (l) => process.stdout.write(`${l}\n`), stderr: (l) => process.stderr.write(`${l}\n`), cwd: process.cwd() }, FROM_STACK_FILES).then(
        (status) => (process.exitCode = status),
        (error) => {
            process.stderr.write(`replay: ${(error as Error).stack}\n`);
            process.exitCode = 2;
        },
    );
}
