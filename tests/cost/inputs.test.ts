// The cost estimate's inputs: the costAssumptions and costPriceRegion keys
// (refused by every stack before anything is created, ignored otherwise) and
// the plan's flags, each bad value named with its key or flag, its value and
// what is expected.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ASSUMPTION_FLAGS, assumptionFields, costConfigFields, PRICE_REGION_FLAG, resolveCostInputs } from "../../cost/assumptions";
import { checkPriceFile, loadPrices, PRICE_KEYS } from "../../cost/prices";
import { normalizedArgv, runPlan, USAGE } from "../../plan/run";
import { failLogArchive, runLogArchive } from "../helpers/stacks";

/** A bad value for each activity key, and what its message must say. */
const BAD: Record<string, { value: unknown; expected: string }> = {
    accounts: { value: 0, expected: "expected a whole number of accounts from 1 to 100000" },
    regions: { value: 2.5, expected: "expected a whole number of regions from 1 to 40" },
    managementEventsPerAccountPerDay: { value: -1, expected: "expected a number of events from 0 to" },
    writeEventPercent: { value: 120, expected: "expected a number of percent from 0 to 100" },
    dataEventsPerDay: { value: "many", expected: "expected a number of events from 0 to" },
    averageEventBytes: { value: 50, expected: "expected a whole number of bytes from 100 to 262144" },
    averageLogFileKb: { value: -3, expected: "expected a number of KB from 0 to" },
    athenaTbScannedPerMonth: { value: "1 TB", expected: "expected a number of TB from 0 to" },
};

describe("cost inputs: bad values refused, naming key or flag, value and expectation", () => {
    it("has a bad case for every activity key", () => {
        assert.deepEqual(Object.keys(BAD).sort(), Object.keys(assumptionFields.shape).sort());
    });

    for (const [key, { value, expected }] of Object.entries(BAD)) {
        it(`the log-archive stack refuses costAssumptions.${key} = ${JSON.stringify(value)} before any resource`, async () => {
            const { error, resources } = await failLogArchive({ costAssumptions: { [key]: value } });
            assert.equal(error.name, "ConfigError", error.message);
            assert.ok(error.message.includes(`org-cloudtrail:costAssumptions[${key}] = ${JSON.stringify(value)}`), error.message);
            assert.ok(error.message.includes(expected), error.message);
            assert.deepEqual(resources, []);
        });

        const flag = Object.entries(ASSUMPTION_FLAGS).find(([, k]) => k === key)![0];
        it(`the plan refuses --${flag} ${JSON.stringify(String(value))}`, () => {
            assert.throws(() => resolveCostInputs({}, { [flag]: String(value) }), (e: Error) => e.message.includes(`--${flag} ${JSON.stringify(String(value))}: ${expected}`) || assert.fail(e.message));
        });

        it(`the plan refuses --${flag} ${String(value)} written with a space, naming the value (not parseArgs' "argument missing")`, async () => {
            const err: string[] = [];
            const status = await runPlan(["log-archive", `--${flag}`, String(value)], { out: () => undefined, err: (l) => err.push(l) });
            assert.equal(status, 1);
            assert.ok(err.join("\n").includes(`--${flag} ${JSON.stringify(String(value))}: ${expected}`), err.join("\n"));
        });

        it(`the plan refuses costAssumptions.${key} in the stack file`, () => {
            assert.throws(
                () => resolveCostInputs({ costAssumptions: JSON.stringify({ [key]: value }) }, {}, "Pulumi.x.yaml"),
                (e: Error) => e.message.includes(`org-cloudtrail:costAssumptions.${key} = ${JSON.stringify(value)} (Pulumi.x.yaml): ${expected}`) || assert.fail(e.message),
            );
        });
    }

    it("refuses an unknown activity key and a price region without a price file", async () => {
        const { error, resources } = await failLogArchive({ costAssumptions: { acounts: 5 }, costPriceRegion: "eu-west-1" });
        assert.match(error.message, /org-cloudtrail:costAssumptions = \{"acounts":5\}: expected an object with accounts, regions.*: acounts is not one of them; did you mean accounts\?/);
        assert.match(error.message, /org-cloudtrail:costPriceRegion = "eu-west-1": expected a region with a price file in cost\/prices\/: us-east-1/);
        assert.deepEqual(resources, []);
        assert.throws(() => resolveCostInputs({}, { [PRICE_REGION_FLAG]: "mars-1" }), /--cost-price-region = "mars-1": expected a region the AWS provider knows/);
        assert.throws(() => resolveCostInputs({ costAssumptions: "{accounts: 5" }, {}, "Pulumi.x.yaml"), /costAssumptions in Pulumi.x.yaml is not JSON/);
        // The plan reads the stack file with the same schema: the same did-you-mean.
        assert.throws(() => resolveCostInputs({ costAssumptions: JSON.stringify({ regoins: 2 }) }, {}, "Pulumi.x.yaml"), /regoins is not one of them; did you mean regions\?/);
    });

    it("the key's documentation (docs/configuration.md is generated from it) names every activity key with its flag and what it accepts", () => {
        const described = costConfigFields.costAssumptions.description ?? "";
        for (const [flag, key] of Object.entries(ASSUMPTION_FLAGS)) {
            assert.ok(described.includes(`${key} (--${flag}, `), `${key} --${flag} not documented: ${described}`);
            assert.ok(described.includes(BAD[key].expected.replace(/^expected /, "")), `${key}: what it accepts is not documented`);
        }
        // And the plan's --help lists every flag.
        for (const flag of [...Object.keys(ASSUMPTION_FLAGS), PRICE_REGION_FLAG]) assert.ok(USAGE.join("\n").includes(`--${flag} `), flag);
    });

    it("flags override the stack file, which overrides the defaults", () => {
        const r = resolveCostInputs({ costAssumptions: JSON.stringify({ accounts: 7, regions: 3 }) }, { accounts: "9" });
        assert.equal(r.assumptions.accounts, 9);
        assert.equal(r.assumptions.regions, 3);
        assert.equal(r.assumptions.averageLogFileKb, 20);
        assert.equal(r.priceRegion, "us-east-1");
    });

    it("the program ignores the keys: the same resources with and without them", async () => {
        const plain = await runLogArchive();
        const withCost = await runLogArchive({ costAssumptions: { accounts: 500, dataEventsPerDay: 1e9 }, costPriceRegion: "us-east-1" });
        assert.deepEqual(withCost.resources, plain.resources);
    });

    it("npm run plan refuses a bad flag before planning anything", async () => {
        const out: string[] = [];
        const err: string[] = [];
        const status = await runPlan(["log-archive", "--accounts=-5"], { out: (l) => out.push(l), err: (l) => err.push(l) });
        assert.equal(status, 1);
        assert.match(err.join("\n"), /--accounts "-5": expected a whole number of accounts from 1 to 100000/);
        assert.ok(!out.join("\n").includes("Offline plan"), out.join("\n"));
    });
});

describe("plan flags: every bad flag named with its value and what it expects", () => {
    const refusal = async (...argv: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const status = await runPlan(["log-archive", ...argv], { out: (l) => out.push(l), err: (l) => err.push(l) });
        assert.equal(status, 1);
        assert.ok(!out.join("\n").includes("Offline plan"), "refused before planning");
        return err.join("\n");
    };

    it("a value starting with a dash reaches the option's validation", () => {
        assert.deepEqual(normalizedArgv(["audit", "--accounts", "-5", "--preview", "--out", "-dir"]), ["audit", "--accounts=-5", "--preview", "--out=-dir"]);
        assert.deepEqual(normalizedArgv(["--regions=3", "--", "--accounts"]), ["--regions=3", "--", "--accounts"]);
    });

    it("a flag without its value says what it expects, from the same schema", async () => {
        assert.match(await refusal("--accounts"), /--accounts has no value: expected a whole number of accounts from 1 to 100000/);
        assert.match(await refusal("--average-log-file-kb", "--preview"), /--average-log-file-kb has no value: expected a number of KB from 0 to/);
        assert.match(await refusal("--cost-price-region"), /--cost-price-region has no value: expected a region/);
    });

    it("a misspelled flag gets a did-you-mean; a switch given a value is refused", async () => {
        assert.match(await refusal("--acounts", "5"), /--acounts is not an option of npm run plan; did you mean --accounts\?/);
        assert.match(await refusal("--data-event-per-day=5"), /did you mean --data-events-per-day\?/);
        assert.match(await refusal("--preview=yes"), /--preview=yes: expected no value/);
        assert.match(await refusal("--caller-arn", "-x"), /--caller-arn "-x": expected an ARN/);
    });

    it("a price region without a price file, written with a space", async () => {
        assert.match(await refusal("--cost-price-region", "eu-west-1"), /--cost-price-region = "eu-west-1": expected a region with a price file in cost\/prices\/: us-east-1/);
    });
});

describe("cost inputs: price files", () => {
    it("the us-east-1 file has every price the model reads, each with an https source", () => {
        const p = loadPrices("us-east-1");
        for (const key of PRICE_KEYS) assert.match(p.prices[key].source, /^https:\/\/aws\.amazon\.com\//, key);
        assert.match(p.read, /^\d{4}-\d{2}-\d{2}$/);
    });

    it("a price file missing a price or a source is refused", () => {
        const good = JSON.parse(fs.readFileSync(path.join(__dirname, "../../cost/prices/us-east-1.json"), "utf8"));
        const missing = structuredClone(good);
        delete missing.prices["kms.request"];
        assert.throws(() => checkPriceFile(missing, "x.json"), /x\.json: no price for kms\.request/);
        const noSource = structuredClone(good);
        delete noSource.prices["kms.request"].source;
        assert.throws(() => checkPriceFile(noSource, "x.json"), /x\.json: prices\.kms\.request\.source/);
    });
});
