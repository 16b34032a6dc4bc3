// The simulator records one stack frame per Error while a program runs
// (plan/simulator.ts, SIMULATION_STACK_FRAMES) and gives the limit back after.
import { strict as assert } from "assert";
import * as fs from "fs";
import { SIMULATION_STACK_FRAMES, simulate, simulateFailure, SimulationInput } from "../plan/simulator";
import { DEPLOYER, failLogArchive } from "./helpers/stacks";

const INPUT: SimulationInput = { stack: "log-archive", config: {}, caller: DEPLOYER };

/** The 1-based line of this file that holds `marker`, as the source shows it. */
function lineOf(marker: string): number {
    const lines = fs.readFileSync(__filename, "utf8").split("\n");
    const index = lines.findIndex((line) => line.includes(marker) && !line.includes("lineOf("));
    assert.ok(index >= 0, `no line holds ${marker}`);
    return index + 1;
}

/** Runs `test` with Error.stackTraceLimit set to `limit`, as a caller might have it. */
async function withLimit(limit: number, test: () => Promise<void>): Promise<void> {
    const saved = Error.stackTraceLimit;
    Error.stackTraceLimit = limit;
    try {
        await test();
    } finally {
        Error.stackTraceLimit = saved;
    }
}

const frames = (stack: string | undefined): string[] => (stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));

describe("the simulator's stack capture", () => {
    it("records one frame per Error while the program runs, then restores the caller's limit", () =>
        withLimit(17, async () => {
            let during: number | undefined;
            await simulate(async () => {
                during = Error.stackTraceLimit;
                return {};
            }, INPUT);
            assert.equal(SIMULATION_STACK_FRAMES, 1);
            assert.equal(during, SIMULATION_STACK_FRAMES);
            assert.equal(Error.stackTraceLimit, 17);
        }));

    it("restores the limit after a failing program; the error keeps its message and the .ts line it was thrown at", () =>
        withLimit(17, async () => {
            const { error } = await simulateFailure(async () => {
                const reason: string = "the program's own words, every one of them";
                throw new Error(`stopped: ${reason}`); // THROW-SITE
            }, INPUT);
            assert.equal(Error.stackTraceLimit, 17);
            assert.equal(error.message, "stopped: the program's own words, every one of them");
            const recorded = frames(error.stack);
            assert.equal(recorded.length, 1, error.stack);
            // The transpiler (scripts/register.js) keeps each statement on its source line.
            assert.match(recorded[0], new RegExp(`simulator\\.test\\.ts:${lineOf("THROW-SITE")}:\\d+\\)?$`));
        }));

    it("leaves a ConfigError's message whole: every problem, key, value and expectation", async () => {
        const before = Error.stackTraceLimit;
        const { error } = await failLogArchive({ organizationId: "org-1", bucketName: "Not_A_Bucket" });
        assert.equal(error.name, "ConfigError");
        const lines = error.message.split("\n");
        assert.equal(lines[0], "Invalid configuration for the log-archive stack; nothing was created:");
        assert.equal(lines.length, 3, error.message);
        assert.ok(lines.some((l) => /^ {2}- org-cloudtrail:organizationId = "org-1": expected .+/.test(l)), error.message);
        assert.ok(lines.some((l) => /^ {2}- org-cloudtrail:bucketName = "Not_A_Bucket": expected an S3 bucket name: .+'--x-s3'$/.test(l)), error.message);
        assert.equal(Error.stackTraceLimit, before);
    });
});
