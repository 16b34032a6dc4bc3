// `npm run plan -- <stack> [options]` (`--help` lists them): plan/run.ts on
// the console, its result as the exit status.
import { runPlan } from "./run";

// Straight to the streams, not console.log/console.error: while a program
// runs, the plan routes console.warn and console.error (where Pulumi's log
// writes under mocks) to `err`, which must not call them back.
void runPlan(process.argv.slice(2), { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) }).then((status) => {
    process.exitCode = status;
});
