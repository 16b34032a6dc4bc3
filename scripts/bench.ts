// `npm run bench [-- --runs N]`: how long the loop takes on this machine.
// Times the offline plan of each stack, the type-check and the whole test
// suite, one after the other, each in a fresh process as a person would run
// it, and says how it measured. A benchmark reports: a missed aim is a
// figure, not a failure; only a step that fails (its time then measures a
// broken build) makes the exit status non-zero.
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";

const ROOT = path.resolve(__dirname, "..");
const tsNode = require.resolve("ts-node/dist/bin");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

export interface Step {
    label: string;
    command: string;
    args: string[];
    /** What the project aims for, in seconds; reported, never enforced. */
    aimSeconds?: number;
}

const STEPS: Step[] = [
    { label: "npm run plan -- log-archive", command: process.execPath, args: [tsNode, "--transpile-only", "plan/cli.ts", "log-archive"], aimSeconds: 5 },
    { label: "npm run plan -- management", command: process.execPath, args: [tsNode, "--transpile-only", "plan/cli.ts", "management"], aimSeconds: 5 },
    { label: "tsc --noEmit (type-check)", command: bin("tsc"), args: ["--noEmit"] },
    { label: "mocha (whole suite, transpile only)", command: bin("mocha"), args: [], aimSeconds: 60 },
];

/** One step's runs: wall-clock seconds of each, and the exit status of the first that failed. */
export interface Measured {
    step: Step;
    seconds: number[];
    failed?: { status: number | null; output: string };
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The table and the exit status: 0 unless a step failed. */
export function report(rows: Measured[]): { lines: string[]; status: number } {
    const width = Math.max(...rows.map((r) => r.step.label.length), "npm test (type-check + suite)".length);
    const figure = (seconds: number[]) =>
        `${median(seconds).toFixed(1).padStart(5)} s` + (seconds.length > 1 ? `  (${Math.min(...seconds).toFixed(1)}–${Math.max(...seconds).toFixed(1)})` : "");
    const lines = rows.map(({ step, seconds, failed }) => {
        if (failed) return `${step.label.padEnd(width)}  FAILED (exit ${failed.status}): not a measurement`;
        const aim = step.aimSeconds === undefined ? "" : `  (aim < ${step.aimSeconds} s: ${median(seconds) <= step.aimSeconds ? "met" : "missed"})`;
        return `${step.label.padEnd(width)}  ${figure(seconds)}${aim}`;
    });
    const typeCheck = rows.find((r) => r.step.label.startsWith("tsc"));
    const suite = rows.find((r) => r.step.label.startsWith("mocha"));
    if (typeCheck && suite && !typeCheck.failed && !suite.failed) {
        lines.push(`${"npm test (type-check + suite)".padEnd(width)}  ${(median(typeCheck.seconds) + median(suite.seconds)).toFixed(1).padStart(5)} s`);
    }
    return { lines, status: rows.some((r) => r.failed) ? 1 : 0 };
}

/** How the figures were measured, for whoever copies them into the README. */
export function method(runs: number): string[] {
    const cpus = os.cpus();
    const [load1] = os.loadavg();
    return [
        `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}; load average ${load1.toFixed(2)} at the start.`,
        `Method: each step runs ${runs} time${runs === 1 ? "" : "s"}, one after the other, each in a fresh process started in ${ROOT}; a figure is the wall-clock time ` +
            `from start to exit (Node and ts-node start-up included)${runs > 1 ? ", the median of the runs with their range" : ""}. ` +
            "The plans run plan/cli.ts as `npm run plan` does, without npm's own start-up; `npm test` is the type-check plus the suite. " +
            "Other work on the machine slows every step: compare figures taken on an idle machine.",
        "",
    ];
}

function measure(step: Step, runs: number): Measured {
    const seconds: number[] = [];
    for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint();
        const run = spawnSync(step.command, step.args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, PULUMI_CONFIG: "" } });
        seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
        if (run.status !== 0) return { step, seconds, failed: { status: run.status, output: (run.stderr || run.stdout || "").slice(-2000) } };
    }
    return { step, seconds };
}

function main(): void {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "1" } } });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: expected a whole number of runs, at least 1`);
    method(runs).forEach((line) => console.log(line));
    const rows = STEPS.map((step) => measure(step, runs));
    const { lines, status } = report(rows);
    lines.forEach((line) => console.log(line));
    for (const { step, failed } of rows) if (failed) console.error(`\n${step.label} failed (exit ${failed.status}):\n${failed.output}`);
    process.exitCode = status;
}

if (require.main === module) main();
