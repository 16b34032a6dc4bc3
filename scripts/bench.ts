// `npm run bench`: how long the loop takes on this machine. Times the
// offline plan of each stack, the type-check and the whole test suite, one
// after the other, each in a fresh process as a person would run it.
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const tsNode = require.resolve("ts-node/dist/bin");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

const STEPS: { label: string; command: string; args: string[]; aimSeconds?: number }[] = [
    { label: "npm run plan -- log-archive", command: process.execPath, args: [tsNode, "--transpile-only", "plan/cli.ts", "log-archive"], aimSeconds: 5 },
    { label: "npm run plan -- management", command: process.execPath, args: [tsNode, "--transpile-only", "plan/cli.ts", "management"], aimSeconds: 5 },
    { label: "tsc --noEmit (type-check)", command: bin("tsc"), args: ["--noEmit"] },
    { label: "mocha (whole suite, transpile only)", command: bin("mocha"), args: [], aimSeconds: 60 },
];

function time(step: (typeof STEPS)[number]): number {
    const start = process.hrtime.bigint();
    const run = spawnSync(step.command, step.args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, PULUMI_CONFIG: "" } });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (run.status !== 0) {
        throw new Error(`${step.label} failed (exit ${run.status}):\n${(run.stderr || run.stdout).slice(-2000)}`);
    }
    return seconds;
}

function main(): void {
    const cpus = os.cpus();
    console.log(`Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
    const rows = STEPS.map((step) => ({ step, seconds: time(step) }));
    const width = Math.max(...STEPS.map((s) => s.label.length));
    for (const { step, seconds } of rows) {
        const aim = step.aimSeconds === undefined ? "" : seconds <= step.aimSeconds ? `  (aim < ${step.aimSeconds} s: met)` : `  (aim < ${step.aimSeconds} s: MISSED)`;
        console.log(`${step.label.padEnd(width)}  ${seconds.toFixed(1).padStart(5)} s${aim}`);
    }
    const total = rows.slice(2).reduce((sum, r) => sum + r.seconds, 0);
    console.log(`${"npm test (type-check + suite)".padEnd(width)}  ${total.toFixed(1).padStart(5)} s`);
    if (rows.some(({ step, seconds }) => step.aimSeconds !== undefined && seconds > step.aimSeconds)) process.exitCode = 1;
}

main();
