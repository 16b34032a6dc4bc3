// `npm run bench` reports its figures; it does not fail for a missed aim.
import { strict as assert } from "assert";
import { median, method, report, Step } from "../scripts/bench";

const step = (label: string, aimSeconds?: number): Step => ({ label, command: "true", args: [], aimSeconds });

describe("npm run bench", () => {
    it("reports a missed aim as a figure and exits 0", () => {
        const { lines, status } = report([
            { step: step("npm run plan -- log-archive", 5), seconds: [1.7] },
            { step: step("tsc --noEmit (type-check)"), seconds: [5.7] },
            { step: step("mocha (whole suite, transpile only)", 60), seconds: [79.6] },
        ]);
        assert.equal(status, 0);
        assert.match(lines[0], /npm run plan -- log-archive +1\.7 s {2}\(aim < 5 s: met\)$/);
        assert.match(lines[2], /mocha \(whole suite, transpile only\) +79\.6 s {2}\(aim < 60 s: missed\)$/);
        assert.match(lines[3], /npm test \(type-check \+ suite\) +85\.3 s$/);
    });

    it("shows the median and range of several runs", () => {
        assert.equal(median([3, 1, 2]), 2);
        assert.equal(median([4, 1, 2, 3]), 2.5);
        const { lines } = report([{ step: step("tsc --noEmit (type-check)"), seconds: [6.1, 5.2, 5.9] }]);
        assert.match(lines[0], /5\.9 s {2}\(5\.2–6\.1\)$/);
    });

    it("exits non-zero only when a step fails, whose time is no measurement", () => {
        const { lines, status } = report([
            { step: step("tsc --noEmit (type-check)"), seconds: [5.7] },
            { step: step("mocha (whole suite, transpile only)", 60), seconds: [12], failed: { status: 1, output: "1 failing" } },
        ]);
        assert.equal(status, 1);
        assert.match(lines[1], /FAILED \(exit 1\): not a measurement$/);
        assert.ok(!lines.some((l) => l.startsWith("npm test")), "no total of a failed suite");
    });

    it("says how it measures: runs, what is timed, the machine", () => {
        const text = method(3).join("\n");
        assert.match(text, /^Machine: \d+ × .+, \d+ GiB, .+, Node v\d+/);
        assert.match(text, /each step runs 3 times, one after the other, each in a fresh process/);
        assert.match(text, /wall-clock time from start to exit \(Node and ts-node start-up included\), the median of the runs with their range/);
        assert.match(text, /load average \d+\.\d\d at the start/);
    });
});
