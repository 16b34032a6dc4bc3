// `npm run bench` reports its figures; it does not fail for a missed aim. Its
// pure parts are tested here (no step is run: that takes minutes).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { benchSteps, consoleTable, describeMachine, docsBlock, exitStatus, Machine, MARKERS, markdownTable, Measured, median, method, replaceBetweenMarkers, rows, Step, testParts } from "../scripts/bench";

const step = (label: string, aimSeconds?: number): Step => ({ label, command: "true", aimSeconds });
const runs = (label: string, seconds: number[], kib?: number[], aimSeconds?: number): Measured => ({
    step: step(label, aimSeconds),
    samples: seconds.map((s, i) => ({ seconds: s, maxRssKiB: kib?.[i] })),
});
const MACHINE: Machine = { cpus: 2, cpuModel: "AMD EPYC 7B13", memoryGiB: 23, os: "Linux 6.8.0", node: "v20.20.2", load: [1.234, 2.5] };

describe("npm run bench", () => {
    describe("what it runs", () => {
        it("runs each part of the test script as npm would, with its pre- and post-script", () => {
            assert.deepEqual(testParts({ test: "tsc --noEmit && mocha" }), ["tsc --noEmit", "mocha"]);
            assert.deepEqual(testParts({ pretest: "node build.js", test: "tsc --noEmit&&mocha --parallel", posttest: "echo done" }), [
                "node build.js",
                "tsc --noEmit",
                "mocha --parallel",
                "echo done",
            ]);
        });

        it("times Node's start-up, each stack's plan, every stack in one plan and npm test's parts, through the package.json scripts", () => {
            const steps = benchSteps({ plan: "anything", test: "tsc --noEmit && mocha" }, ["log-archive", "management"]);
            assert.deepEqual(
                steps.map((s) => [s.label, s.command]),
                [
                    ["node -e 0 (Node's own start-up)", "node -e 0"],
                    ["npm run plan -- log-archive", "npm run -s plan -- log-archive"],
                    ["npm run plan -- management", "npm run -s plan -- management"],
                    ["npm run plan (every stack, one process)", "npm run -s plan"],
                    ["npm test: tsc --noEmit", "tsc --noEmit"],
                    ["npm test: mocha", "mocha"],
                    ["engine: evaluate a generated day's log files (sampled)", "node -r ./scripts/register.js scripts/benchEngine.ts"],
                ],
            );
        });

        it("reads its test steps from this project's package.json, which type-checks before the suite", () => {
            const { scripts } = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "package.json"), "utf8"));
            assert.ok(scripts.plan, "npm run plan exists");
            assert.ok(testParts(scripts).includes("tsc --noEmit"), "tsc --noEmit stays in npm test");
        });
    });

    describe("what it reports", () => {
        it("gives the median, of an odd or an even number of runs", () => {
            assert.equal(median([3, 1, 2]), 2);
            assert.equal(median([4, 1, 2, 3]), 2.5);
        });

        it("shows each step's median with its range and median peak memory, a missed aim as a figure, and the totals a person waits for", () => {
            const report = rows([
                runs("node -e 0 (Node's own start-up)", [0.05, 0.04, 0.06], [40960, 40000, 41000]),
                runs("npm run plan -- log-archive", [1.9, 2.2, 2.1], [300000, 310000, 305000], 5),
                runs("npm run plan -- management", [6.1, 5.2, 5.9], [400000, 420000, 410000], 5),
                runs("npm run plan (every stack, one process)", [3.1, 3.3, 3.2], [450000, 450000, 450000]),
                runs("npm test: tsc --noEmit", [7.4, 7.5, 8.8], [600000, 600000, 600000]),
                runs("npm test: mocha", [40.2, 45.1, 44.0], [900000, 910000, 905000]),
            ]);
            const text = consoleTable(report);
            assert.match(text[0], /^node -e 0 \(Node's own start-up\) +0\.05 s \(0\.04–0\.06\) {2}peak 40 MiB$/);
            assert.match(text[1], /^npm run plan -- log-archive +2\.10 s \(1\.90–2\.20\), aim 5 s: met {2}peak 298 MiB$/);
            assert.match(text[2], /^npm run plan -- management +5\.90 s \(5\.20–6\.10\), aim 5 s: missed {2}peak 400 MiB$/);
            assert.match(text[6], /^each stack's plan, one after the other +8\.00 s {2}peak 400 MiB$/);
            assert.match(text[7], /^npm test \(its parts, one after the other\) +51\.5 s, aim 30 s: missed {2}peak 884 MiB$/);
            assert.equal(text.length, 8);
        });

        it("exits 0 for a missed aim, and non-zero for a failed step, which it marks as no measurement and leaves out of the totals", () => {
            const missed = [runs("npm run plan -- log-archive", [7.5], undefined, 5), runs("npm test: tsc --noEmit", [5.7]), runs("npm test: mocha", [45], undefined, 30)];
            assert.equal(exitStatus(missed), 0);
            const failing: Measured[] = [
                runs("npm test: tsc --noEmit", [5.7]),
                { step: step("npm test: mocha"), samples: [], failed: { status: 1, output: "1 failing" } },
            ];
            assert.equal(exitStatus(failing), 1);
            const report = rows(failing);
            assert.deepEqual(consoleTable(report).map((l) => l.replace(/ +/g, " ")), ["npm test: tsc --noEmit 5.70 s", "npm test: mocha FAILED (exit 1): not a measurement"]);
        });

        it("shows the engine's events a second, the median of the runs' own figures", () => {
            const engine: Measured = { step: step("engine: evaluate"), samples: [30000, 36000, 31000].map((e, i) => ({ seconds: 4 + i, eventsPerSecond: e })) };
            const [row] = rows([engine]);
            assert.equal(row.eventsPerSecond, 31000);
            assert.deepEqual(consoleTable([row]), ["engine: evaluate  5.00 s (4.00–6.00); 31,000 events/s evaluated"]);
        });

        it("writes a Markdown table with the same figures", () => {
            const table = markdownTable(rows([runs("npm run plan -- log-archive", [1.7], [307200], 5), runs("npm test: tsc --noEmit", [5]), runs("npm test: mocha", [31.25])]));
            assert.deepEqual(table, [
                "| step | seconds: median (range) | peak memory |",
                "|---|---|---|",
                "| `npm run plan -- log-archive` | 1.70 s, aim 5 s: met | 300 MiB |",
                "| `npm test: tsc --noEmit` | 5.00 s |  |",
                "| `npm test: mocha` | 31.3 s |  |",
                "| npm test (its parts, one after the other) | 36.3 s, aim 30 s: missed |  |",
            ]);
        });
    });

    describe("--write", () => {
        const block = docsBlock({ date: "2026-11-26", runs: 3, machine: MACHINE, note: "The machine was shared with other work.", report: rows([runs("npm test: mocha", [30, 31, 32])]) });

        it("says when, on what machine and under what load, and how it measured, above the table", () => {
            assert.equal(describeMachine(MACHINE), "2 × AMD EPYC 7B13, 23 GiB, Linux 6.8.0, Node v20.20.2; load average 1.23 at the start, 2.50 at the end");
            const [first, , second, , header] = block.split("\n");
            assert.equal(first, `Measured on 2026-11-26 with \`npm run bench -- --runs 3 --write\` on ${describeMachine(MACHINE)}. The machine was shared with other work.`);
            assert.equal(second, method(3));
            assert.match(second, /^Each step ran 3 times, the steps alternating, each run a fresh process; .*the median of the runs with their range; peak memory is the largest resident set of any Node process/);
            assert.equal(header, "| step | seconds: median (range) | peak memory |");
        });

        it("replaces only what lies between the markers, the same way every time", () => {
            const doc = `# Ops\n\n## Speed\n\nHow.\n\n${MARKERS.start}\nold figures\n${MARKERS.end}\n\nAfter.\n`;
            const once = replaceBetweenMarkers(doc, block, "doc.md");
            assert.equal(once, `# Ops\n\n## Speed\n\nHow.\n\n${MARKERS.start}\n${block}\n${MARKERS.end}\n\nAfter.\n`);
            assert.equal(replaceBetweenMarkers(once, block, "doc.md"), once);
        });

        it("refuses a document without the markers, and docs/operations.md has them", () => {
            assert.throws(() => replaceBetweenMarkers("# Ops\n", block, "doc.md"), /doc\.md has no <!-- bench:start --> … <!-- bench:end --> block/);
            assert.throws(() => replaceBetweenMarkers(`${MARKERS.end}\n${MARKERS.start}\n`, block, "doc.md"), /no <!-- bench:start -->/);
            const operations = fs.readFileSync(path.resolve(__dirname, "..", "docs", "operations.md"), "utf8");
            assert.doesNotThrow(() => replaceBetweenMarkers(operations, block, "docs/operations.md"));
        });
    });
});
