// The repository must test itself on a clone with nothing beside it: CI runs
// on a fresh clone, and a newcomer's clone has nothing beside it.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** Tracked text files the tests, the plan or the program read at run time. */
function sourceFiles(): string[] {
    return fs
        .readdirSync(ROOT, { recursive: true, encoding: "utf8" })
        .filter((f) => !f.startsWith("node_modules") && !f.startsWith(".git") && !f.startsWith("scratch") && /\.(ts|json|yaml|yml)$/.test(f))
        .filter((f) => !f.startsWith(path.join("tests", "detections", "corpus")));
}

describe("the repository is self-contained", () => {
    it("no code, test or config file refers to a path outside the repository", () => {
        const outside = /\.\.\/shared\b|\/work\/(shared|main)\b|\.\.\/\.\.\/\.\.\//;
        const offenders = sourceFiles().filter((f) => outside.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
        assert.deepEqual(offenders, []);
    });

    it("the CloudTrail corpus the detection tests read is in the repository, with its Apache-2.0 notice", () => {
        const notice = fs.readFileSync(path.join(ROOT, "tests/detections/corpus/NOTICE.md"), "utf8");
        assert.match(notice, /Apache License 2\.0/);
        const corpus = JSON.parse(fs.readFileSync(path.join(ROOT, "tests/detections/corpus/cloudtrail-events.json"), "utf8")) as unknown[];
        assert.equal(corpus.length, 453);
    });
});
