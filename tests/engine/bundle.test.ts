// The handler bundled as Lambda runs it: one file, settings.json beside it
// (no environment variable), loaded in a fresh Node process.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineBuildOptions } from "../../engine/build";
import { s3Notification, s3TestEvent, scratchDir, SETTINGS, sqsEvent, sqsRecord } from "./fixtures";

describe("engine bundle", function () {
    this.timeout(60000);
    it("bundles into one file that reads settings.json beside it and answers a batch", async () => {
        const dir = scratchDir("engine-bundle-");
        const result = await esbuild.build(engineBuildOptions(dir));
        assert.deepEqual(result.errors, []);
        fs.writeFileSync(path.join(dir, "settings.json"), JSON.stringify(SETTINGS));
        // A test event and a notification for another bucket: both answered without calling AWS.
        const event = sqsEvent(sqsRecord(s3TestEvent()), sqsRecord(s3Notification("AWSLogs/o-a1b2c3d4e5/123456789012/CloudTrail/x.json.gz", 1, "another-bucket")));
        const script = `require(${JSON.stringify(path.join(dir, "index.js"))}).handler(${JSON.stringify(event)}).then((r) => process.stdout.write("RESULT " + JSON.stringify(r)))`;
        const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: "eu-west-1", NODE_OPTIONS: "" };
        delete env.ORG_CLOUDTRAIL_SETTINGS_FILE;
        const run = spawnSync(process.execPath, ["-e", script], { cwd: os.tmpdir(), env, encoding: "utf8" });
        assert.equal(run.status, 0, run.stderr);
        assert.ok(run.stdout.includes('RESULT {"batchItemFailures":[]}'), run.stdout);
        const size = fs.statSync(path.join(dir, "index.js")).size;
        assert.ok(size < 10 * 1024 * 1024, `${size} bytes`);
    });
});
