// `npm run plan -- <stack> [options]` (`--help` lists them): plan/run.ts on
// the console, its result as the exit status.
import { runPlan } from "./run";

void runPlan(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).then((status) => {
    process.exitCode = status;
});
