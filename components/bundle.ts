// Bundles the detection engine at deploy time: esbuild (pinned in
// package.json) turns engine/handler.ts and everything it imports, the AWS SDK
// v3 clients included, into one CommonJS file, so the deployed code is the
// code in this repository and not the SDK version the Lambda runtime happens
// to ship.
import * as os from "os";
import * as pulumi from "@pulumi/pulumi";
import { ENGINE_ENTRY, engineBuildOptions } from "../engine/build";
import type { EngineSettings } from "../engine/settings";
/** Lambda's handler setting for the bundle: index.js exports handler. */
export const ENGINE_HANDLER = "index.handler";
/** The settings file the handler reads beside itself. */
export const ENGINE_SETTINGS_FILE = "settings.json";

export interface BundleStats {
    /** Milliseconds the one esbuild run of this process took. */
    milliseconds: number;
    /** Size of index.js in bytes. */
    bytes: number;
}

let bundled: { code: string; stats: BundleStats } | undefined;

/**
 * The bundled handler, built once per process: the tests and the offline plan
 * run the program many times, and the source does not change between runs.
 */
export function bundleEngine(): { code: string; stats: BundleStats } {
    bundled ??= bundle(ENGINE_ENTRY);
    return bundled;
}

/**
 * One esbuild run of `entry` with the engine's build options (engine/build.ts,
 * the options the engine's own bundle test runs), in memory, timed.
 */
export function bundle(entry: string): { code: string; stats: BundleStats } {
    // Loaded here, not at the top: only the audit stack needs esbuild.
    const esbuild = require("esbuild") as typeof import("esbuild");
    const started = process.hrtime.bigint();
    // outdir only names the output: nothing is written.
    const result = esbuild.buildSync({ ...engineBuildOptions(os.tmpdir()), entryPoints: { index: entry }, write: false });
    const code = result.outputFiles[0].text;
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    return { code, stats: { milliseconds, bytes: Buffer.byteLength(code) } };
}

/** What the bundle took, once built (for the plan's timings); undefined before the first build. */
export function bundleStats(): BundleStats | undefined {
    return bundled?.stats;
}

/** The Lambda code: index.js and settings.json, the engine's settings written beside it. */
export function engineArchive(settings: EngineSettings): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset(bundleEngine().code),
        [ENGINE_SETTINGS_FILE]: new pulumi.asset.StringAsset(`${JSON.stringify(settings, null, 2)}\n`),
    });
}
