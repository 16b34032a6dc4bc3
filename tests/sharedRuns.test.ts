// The program runs tests share (tests/helpers/stacks.ts): one run per
// distinct input, read-only, and never one caller's failure handed to the next.
import { strict as assert } from "assert";
import { SimulationInput } from "../plan/simulator";
import { DEPLOYER, LOG_ARCHIVE_ACCOUNT, logArchiveConfig, ofType, runLogArchive, sharedRun } from "./helpers/stacks";

/** Every object reachable from `value` that is not frozen, by its path. */
function unfrozen(value: unknown, path = "run", seen = new Set<object>()): string[] {
    if (value === null || typeof value !== "object" || seen.has(value)) return [];
    seen.add(value);
    const own = Object.isFrozen(value) ? [] : [path];
    return [...own, ...Object.entries(value).flatMap(([key, child]) => unfrozen(child, `${path}.${key}`, seen))];
}

describe("shared program runs", () => {
    it("hands every caller asking for the same input the same run, however the input was built", async () => {
        const first = await runLogArchive();
        assert.equal(await runLogArchive(), first);
        assert.equal(await sharedRun({ stack: "log-archive", config: logArchiveConfig(), caller: DEPLOYER }), first);
    });

    it("freezes the whole run, so a test cannot change what the next one reads", async () => {
        const run = await runLogArchive();
        assert.ok(run.resources.length > 10);
        assert.deepEqual(unfrozen(run), []);
        assert.throws(() => (run.resources as unknown[]).push({}), TypeError);
        assert.throws(() => {
            run.resources[0].inputs.extra = 1;
        }, TypeError);
        assert.throws(() => {
            run.outputs.extra = 1;
        }, TypeError);
    });

    it("runs again for another caller, even one the program treats alike", async () => {
        const otherSession = { ...DEPLOYER, arn: `arn:aws:sts::${LOG_ARCHIVE_ACCOUNT}:assumed-role/PulumiDeployer/release` };
        const [mine, theirs] = [await runLogArchive(), await runLogArchive({}, otherSession)];
        assert.notEqual(theirs, mine);
        assert.deepEqual(theirs.outputs, mine.outputs);
    });

    it("runs again for another world: the table projects the regions that world's getRegions returned", async () => {
        const run = await runLogArchive({}, DEPLOYER, { regions: ["us-east-1", "eu-west-1"] });
        assert.notEqual(run, await runLogArchive());
        const [table] = ofType(run.resources, "aws:glue/catalogTable:CatalogTable");
        assert.equal(table.inputs.parameters["projection.region.values"], "eu-west-1,us-east-1");
    });

    it("keeps no failed run: each caller gets an error of its own", async () => {
        const input: SimulationInput = { stack: "log-archive", config: logArchiveConfig({ organizationId: "o-x" }), caller: DEPLOYER };
        const failure = () => sharedRun(input).then(() => assert.fail("the run should fail"), (error: Error) => error);
        const [first, second] = [await failure(), await failure()];
        assert.match(first.message, /org-cloudtrail:organizationId = "o-x": expected an organization id/);
        assert.notEqual(second, first);
        assert.equal(second.message, first.message);
    });
});
