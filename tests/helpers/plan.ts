// The offline plan run in process, as `npm run plan -- <argv>` runs it, for the plan tests.
import { runPlan } from "../../plan/run";
import { simulate } from "../../plan/simulator";

export interface PlanRun {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** The plan with `simulateProgram` as its simulated provider; stdout and stderr as the console prints them (each line ends with a newline). */
export async function planWith(simulateProgram: typeof simulate, argv: string[]): Promise<PlanRun> {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runPlan(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, simulateProgram);
    const text = (lines: string[]) => lines.map((l) => `${l}\n`).join("");
    return { status, stdout: text(out), stderr: text(err) };
}
