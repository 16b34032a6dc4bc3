// `npm run bench [-- --runs N] [--write] [--note TEXT]`: how long the local
// loop takes on this machine, and how much memory it needs. Times, in one
// run: Node's own start-up (`node -e 0`), the offline plan of each stack and
// of every stack in one process, and each part of `npm test`, every one in
// a fresh process started the way a person starts it (the plans through
// `npm run plan`, the test parts as package.json's test script spells them),
// so a change to those scripts is measured as it is. The steps alternate:
// run 1 of every step, then run 2 of every step, so a burst of other work
// on the machine spreads over all of them. `--write` puts the table, with
// the date and the machine, into docs/operations.md between its markers.
// A benchmark reports: a missed aim is a figure, not a failure; only a step
// that fails (its time would then measure a broken build) makes the exit
// status non-zero.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { availableStacks } from "../plan/stackFiles";

const ROOT = path.resolve(__dirname, "..");
const DOC = path.join(ROOT, "docs", "operations.md");
export const MARKERS = { start: "<!-- bench:start -->", end: "<!-- bench:end -->" } as const;

export interface Step {
    label: string;
    /** A shell command line, run in the project directory with node_modules/.bin on the PATH, as npm runs a script. */
    command: string;
    /** What the project aims for, in seconds; reported, never enforced. */
    aimSeconds?: number;
}

/** One run of a step. */
export interface Sample {
    seconds: number;
    /** The peak resident memory of the largest Node process the step ran, in KiB; undefined when it ran none. */
    maxRssKiB?: number;
    /** What the step measured itself, for a step that reports a throughput (the engine's events a second). */
    eventsPerSecond?: number;
}

/** One step's runs, and the exit status of the first that failed. */
export interface Measured {
    step: Step;
    samples: Sample[];
    failed?: { status: number | null; output: string };
}

/** The aims of issue 15: each plan well under 5 s, `npm test` in 30 s on 2 cores. */
const PLAN_AIM_SECONDS = 5;
const TEST_AIM_SECONDS = 30;
const TEST_TOTAL = "npm test (its parts, one after the other)";
const PLANS_TOTAL = "each stack's plan, one after the other";
/** The detection engine's throughput on a sampled day of a large organization (scripts/benchEngine.ts). */
export const ENGINE_STEP: Step = { label: "engine: evaluate a generated day's log files (sampled)", command: "node -r ./scripts/register.js scripts/benchEngine.ts" };

/** The `&&`-joined commands of package.json's test script, with its pre- and post-script, as npm runs them. */
export function testParts(scripts: Record<string, string>): string[] {
    return ["pretest", "test", "posttest"].flatMap((name) => (scripts[name] ? scripts[name].split(/\s*&&\s*/).map((p) => p.trim()) : []));
}

/** What the benchmark times, given package.json's scripts and the stacks that have a stack file. */
export function benchSteps(scripts: Record<string, string>, stacks: string[]): Step[] {
    return [
        { label: "node -e 0 (Node's own start-up)", command: "node -e 0" },
        ...stacks.map((stack) => ({ label: `npm run plan -- ${stack}`, command: `npm run -s plan -- ${stack}`, aimSeconds: PLAN_AIM_SECONDS })),
        { label: "npm run plan (every stack, one process)", command: "npm run -s plan" },
        ...testParts(scripts).map((part) => ({ label: `npm test: ${part}`, command: part })),
        ENGINE_STEP,
    ];
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** 1 when a step failed (its time measures a broken build), else 0: a missed aim is a figure, not a failure. */
export function exitStatus(measured: Measured[]): number {
    return measured.some((m) => m.failed) ? 1 : 0;
}

/** A row of the report: a step's medians, or a total of several steps. */
export interface Row {
    label: string;
    /** Median, then the range when there were several runs. */
    seconds?: { median: number; min?: number; max?: number };
    maxRssKiB?: number;
    aimSeconds?: number;
    /** Median of the runs' own throughput figures, for a step that reports one. */
    eventsPerSecond?: number;
    failed?: number | null;
    /** A total of several steps rather than a command. */
    total?: true;
}

/**
 * The rows of the report: each step's medians, then the totals a person
 * waits for, one after the other (the median of each part, added up):
 * planning each stack in its own process, and `npm test`.
 */
export function rows(measured: Measured[]): Row[] {
    const row = ({ step, samples, failed }: Measured): Row => {
        if (failed) return { label: step.label, failed: failed.status };
        const seconds = samples.map((s) => s.seconds);
        const rss = samples.map((s) => s.maxRssKiB).filter((k): k is number => k !== undefined);
        const throughput = samples.map((s) => s.eventsPerSecond).filter((e): e is number => e !== undefined);
        return {
            ...(throughput.length > 0 ? { eventsPerSecond: median(throughput) } : {}),
            label: step.label,
            seconds: seconds.length > 1 ? { median: median(seconds), min: Math.min(...seconds), max: Math.max(...seconds) } : { median: seconds[0] },
            maxRssKiB: rss.length > 0 ? median(rss) : undefined,
            aimSeconds: step.aimSeconds,
        };
    };
    const stepRows = measured.map(row);
    const total = (label: string, parts: Row[], aimSeconds?: number): Row[] => {
        if (parts.length < 2 || parts.some((p) => !p.seconds)) return [];
        const rss = parts.map((p) => p.maxRssKiB).filter((k): k is number => k !== undefined);
        return [{ label, seconds: { median: parts.reduce((sum, p) => sum + p.seconds!.median, 0) }, maxRssKiB: rss.length > 0 ? Math.max(...rss) : undefined, aimSeconds, total: true }];
    };
    return [
        ...stepRows,
        ...total(PLANS_TOTAL, stepRows.filter((r) => /^npm run plan -- /.test(r.label))),
        ...total(TEST_TOTAL, stepRows.filter((r) => r.label.startsWith("npm test: ")), TEST_AIM_SECONDS),
    ];
}

const secondsText = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const memoryText = (kib: number | undefined) => (kib === undefined ? "" : `${Math.round(kib / 1024)} MiB`);

function figure(r: Row): string {
    if (!r.seconds) return `FAILED (exit ${r.failed}): not a measurement`;
    const { median: m, min, max } = r.seconds;
    const range = min !== undefined && max !== undefined ? ` (${secondsText(min)}–${secondsText(max)})` : "";
    const aim = r.aimSeconds === undefined ? "" : `, aim ${r.aimSeconds} s: ${m <= r.aimSeconds ? "met" : "missed"}`;
    const rate = r.eventsPerSecond === undefined ? "" : `; ${Math.round(r.eventsPerSecond).toLocaleString("en-US")} events/s evaluated`;
    return `${secondsText(m)} s${range}${aim}${rate}`;
}

/** The report as the console shows it, one row a line. */
export function consoleTable(report: Row[]): string[] {
    const width = Math.max(...report.map((r) => r.label.length));
    return report.map((r) => `${r.label.padEnd(width)}  ${figure(r)}${r.maxRssKiB === undefined ? "" : `  peak ${memoryText(r.maxRssKiB)}`}`);
}

/** The report as a Markdown table, for docs/operations.md. */
export function markdownTable(report: Row[]): string[] {
    return ["| step | seconds: median (range) | peak memory |", "|---|---|---|", ...report.map((r) => `| ${r.total ? r.label : `\`${r.label}\``} | ${figure(r)} | ${memoryText(r.maxRssKiB)} |`)];
}

export interface Machine {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    os: string;
    node: string;
    /** One-minute load averages at the start and at the end of the run. */
    load: [number, number];
}

export function thisMachine(loadAtStart: number): Machine {
    const cpus = os.cpus();
    return {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model.trim() ?? "unknown CPU",
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        os: `${os.type()} ${os.release()}`,
        node: process.version,
        load: [loadAtStart, os.loadavg()[0]],
    };
}

export function describeMachine(m: Machine): string {
    return `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; load average ${m.load[0].toFixed(2)} at the start, ${m.load[1].toFixed(2)} at the end`;
}

/** How the figures were measured, for the console and above the table. */
export function method(runs: number): string {
    return (
        `Each step ran ${runs} time${runs === 1 ? "" : "s"}, the steps alternating, each run a fresh process; ` +
        "a time is the wall-clock time from start to exit" +
        (runs > 1 ? ", the median of the runs with their range" : "") +
        "; peak memory is the largest resident set of any Node process of the step" +
        (runs > 1 ? " (median of the runs)" : "") +
        ". A total is the medians of its steps added up."
    );
}

/** The block `--write` puts between the markers of docs/operations.md. */
export function docsBlock(a: { date: string; runs: number; machine: Machine; note?: string; report: Row[] }): string {
    return [
        `Measured on ${a.date} with \`npm run bench -- --runs ${a.runs} --write\` on ${describeMachine(a.machine)}.` + (a.note ? ` ${a.note}` : ""),
        "",
        method(a.runs),
        "",
        ...markdownTable(a.report),
    ].join("\n");
}

/** `text` with what lies between the bench markers replaced by `block`; throws when the markers are missing or out of order. */
export function replaceBetweenMarkers(text: string, block: string, file: string): string {
    const start = text.indexOf(MARKERS.start);
    const end = text.indexOf(MARKERS.end);
    if (start < 0 || end < start) throw new Error(`${file} has no ${MARKERS.start} … ${MARKERS.end} block for the benchmark's table`);
    return `${text.slice(0, start + MARKERS.start.length)}\n${block}\n${text.slice(end)}`;
}

/**
 * Node reports its own peak resident memory (process.resourceUsage().maxRSS,
 * in KiB on every platform) when it exits. Loaded into every Node process of a
 * step through NODE_OPTIONS, it measures npm, the plan, tsc and mocha (and the
 * processes the tests start) without /usr/bin/time, which not every system has.
 */
const PEAK_MEMORY_HOOK =
    'process.on("exit", () => require("fs").appendFileSync(process.env.BENCH_PEAK_MEMORY_FILE, process.resourceUsage().maxRSS + "\\n"));\n';

function measure(step: Step, hook: string, peaks: string): Sample | { failed: Measured["failed"] } {
    fs.writeFileSync(peaks, "");
    const env = {
        ...process.env,
        PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(hook)}`.trim(),
        BENCH_PEAK_MEMORY_FILE: peaks,
        // A step that measures a throughput itself writes {"eventsPerSecond": n} here.
        BENCH_RESULT_FILE: `${peaks}.result.json`,
        PULUMI_CONFIG: "",
    };
    fs.rmSync(env.BENCH_RESULT_FILE, { force: true });
    const start = process.hrtime.bigint();
    const run = spawnSync(step.command, { cwd: ROOT, shell: true, encoding: "utf8", env, maxBuffer: 256 * 2 ** 20 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (run.status !== 0) return { failed: { status: run.status, output: (run.stderr || run.stdout || "").slice(-2000) } };
    const kib = fs.readFileSync(peaks, "utf8").split("\n").filter(Boolean).map(Number);
    const result = fs.existsSync(env.BENCH_RESULT_FILE) ? (JSON.parse(fs.readFileSync(env.BENCH_RESULT_FILE, "utf8")) as { eventsPerSecond?: number }) : {};
    return { seconds, maxRssKiB: kib.length > 0 ? Math.max(...kib) : undefined, ...(result.eventsPerSecond ? { eventsPerSecond: result.eventsPerSecond } : {}) };
}

function main(): void {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "1" }, write: { type: "boolean" }, note: { type: "string" } } });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: expected a whole number of runs, at least 1`);
    const loadAtStart = os.loadavg()[0];
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const steps = benchSteps(scripts, availableStacks(ROOT));
    console.log(method(runs));

    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
    const hook = path.join(temp, "peak-memory.js");
    fs.writeFileSync(hook, PEAK_MEMORY_HOOK);
    const measured: Measured[] = steps.map((step) => ({ step, samples: [] }));
    try {
        for (let i = 0; i < runs; i++) {
            for (const m of measured.filter((m) => !m.failed)) {
                const sample = measure(m.step, hook, path.join(temp, "peaks.txt"));
                if ("failed" in sample) m.failed = sample.failed;
                else m.samples.push(sample);
            }
        }
    } finally {
        fs.rmSync(temp, { recursive: true, force: true });
    }

    const machine = thisMachine(loadAtStart);
    const report = rows(measured);
    console.log(`Machine: ${describeMachine(machine)}.`);
    consoleTable(report).forEach((line) => console.log(line));
    for (const { step, failed } of measured) if (failed) console.error(`\n${step.label} failed (exit ${failed.status}):\n${failed.output}`);
    const status = exitStatus(measured);
    if (values.write && status === 0) {
        const block = docsBlock({ date: new Date().toISOString().slice(0, 10), runs, machine, note: values.note, report });
        fs.writeFileSync(DOC, replaceBetweenMarkers(fs.readFileSync(DOC, "utf8"), block, "docs/operations.md"));
        console.log(`\nWrote the table into docs/operations.md.`);
    } else if (values.write) {
        console.error("\nLeft docs/operations.md as it was: a step failed, so the table would not measure a working build.");
    }
    process.exitCode = status;
}

if (require.main === module) main();
