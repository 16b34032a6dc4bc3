// scripts/register.js runs the TypeScript of the plan, the tests and the
// processes they start: with the semantics tsc gives it, and the same hook everywhere.
import "@pulumi/pulumi";
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const REGISTER = "./scripts/register.js";

class Declared {
    // Without an initializer: tsc (target ES2022) still defines it on every instance.
    public readonly value: string | undefined;
    public readonly initialized = "set";
}

describe("scripts/register.js", () => {
    it("keeps class fields as tsc emits them for target ES2022: declared fields are own properties", () => {
        const instance = new Declared();
        assert.deepEqual(Object.keys(instance), ["value", "initialized"]);
        assert.equal(instance.value, undefined);
    });

    it("is what npm run plan, npm run bench and mocha load", () => {
        const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
        assert.equal(scripts.plan, `node -r ${REGISTER} plan/cli.ts`);
        assert.equal(scripts.bench, `node -r ${REGISTER} scripts/bench.ts`);
        const mocharc = JSON.parse(fs.readFileSync(path.join(ROOT, ".mocharc.json"), "utf8"));
        assert.deepEqual(mocharc.require, [REGISTER]);
    });
});

describe("imports of the AWS provider", () => {
    const SOURCE_DIRS = ["athena", "components", "config", "detections", "guardrails", "plan", "policies", "scripts", "stacks", "tests"];

    /** The project's .ts files under `dir`, relative to the root; never a node_modules (guardrails/ may have one). */
    function sources(dir: string): string[] {
        return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
            const relative = path.join(dir, entry.name);
            if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sources(relative);
            return entry.name.endsWith(".ts") ? [relative] : [];
        });
    }

    it("are by service (@pulumi/aws/s3 ...), never the root, which loads every service: ~2,700 declaration files for tsc", () => {
        const files = ["index.ts", "program.ts", ...SOURCE_DIRS.flatMap(sources)];
        assert.ok(files.includes(path.join("components", "hardenedBucket.ts")), "the walk finds the components");
        const root = files.filter((file) => /(from\s+|require\()["']@pulumi\/aws["']/.test(fs.readFileSync(path.join(ROOT, file), "utf8")));
        assert.deepEqual(root, []);
    });
});

describe("@pulumi/pulumi under scripts/register.js", () => {
    const loaded = (pattern: RegExp): string[] => Object.keys(require.cache).filter((file) => pattern.test(file));
    const TOOLING = /node_modules[\\/](typescript|@npmcli[\\/]arborist)[\\/]/;

    it("has not loaded the TypeScript compiler or npm's arborist, which only closure serialisation uses", () => {
        assert.ok(loaded(/node_modules[\\/]@pulumi[\\/]pulumi[\\/]index\.js$/).length === 1, "the SDK is loaded");
        assert.deepEqual(loaded(TOOLING), []);
    });

    it("loads the compiler when the SDK first uses it", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const shim = require("@pulumi/pulumi/typescript-shim");
        assert.deepEqual(loaded(TOOLING), []);
        assert.equal(typeof shim.createSourceFile, "function");
        assert.equal(shim.version, require("typescript").version);
        assert.equal(loaded(/node_modules[\\/]typescript[\\/]lib[\\/]typescript\.js$/).length, 1);
    });

    it("defers a module the SDK imports as a namespace (`__importStar`, as codePaths.js does arborist) until a member is read", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { onFirstUse } = require("../scripts/register.js");
        // tsc's helper, as the SDK is compiled with it.
        const importStar = (mod: any) => {
            if (mod && mod.__esModule) return mod;
            const result: any = {};
            for (const key in mod) if (Object.hasOwnProperty.call(mod, key)) result[key] = mod[key];
            result.default = mod;
            return result;
        };
        let loads = 0;
        const namespace = importStar(onFirstUse(() => (loads++, { Arborist: "the class" })));
        assert.equal(loads, 0);
        assert.equal(namespace.Arborist, "the class");
        assert.deepEqual(Object.keys(namespace), ["Arborist"]);
        assert.equal(loads, 1);
    });

    it("still throws at require time when the module cannot be found, so the SDK's fallback to its vendored compiler runs", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const Module = require("module");
        const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "sdk-"));
        const parent = new Module(path.join(dir, "node_modules", "@pulumi", "pulumi", "typescript-shim.js"));
        parent.filename = parent.id;
        parent.paths = [path.join(dir, "node_modules")];
        try {
            assert.throws(() => Module._load("typescript", parent, false), /Cannot find module 'typescript'/);
        } finally {
            fs.rmSync(dir, { recursive: true });
        }
    });
});
