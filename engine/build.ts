// How the handler is bundled for Lambda (Node.js 22, arm64): one CommonJS
// file with its dependencies, the AWS SDK v3 clients included so the
// function runs the versions package.json pins, not the runtime's. The
// audit stack may call esbuild with these options; the engine's tests
// bundle with them and run the result.
import type { BuildOptions } from "esbuild";
import * as path from "path";

/** The handler's source. */
export const ENGINE_ENTRY = path.join(__dirname, "handler.ts");

/** esbuild options that write `<outdir>/index.js` exporting `handler` (Lambda handler `index.handler`). */
export function engineBuildOptions(outdir: string): BuildOptions {
    return {
        entryPoints: { index: ENGINE_ENTRY },
        outdir,
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        // Readable as it is: a stack trace in CloudWatch Logs names real functions without
        // source maps, which Node applies only with --enable-source-maps, at a cost on every cold start.
        minify: false,
        sourcemap: false,
        legalComments: "none",
        logLevel: "silent",
    };
}
