// Lets plain Node run the project's TypeScript: `npm run plan`, mocha and
// every process the tests start load it with `node -r ./scripts/register.js`.
//
// Sucrase only strips the types as each file loads (no type check: that is
// `tsc --noEmit` in `npm test`), in a few milliseconds where ts-node took
// over a second per process. It keeps every statement on its source line, so
// a stack trace names the right .ts line without source maps; source maps
// would make each of the stacks Pulumi records per resource and output
// slower to format (plan/simulator.ts).
//
// disableESTransforms: Node 20 runs class fields, `?.` and `??` itself; left
// untouched, class fields keep the [[Define]] semantics that tsc gives them
// for tsconfig.json's target ES2022, as in a real `pulumi up`, which runs
// the program with ts-node and never loads this file.
require("sucrase/dist/register").addHook(".ts", { transforms: ["imports", "typescript"], disableESTransforms: true });
