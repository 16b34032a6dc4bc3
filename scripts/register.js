// Lets plain Node run the project's TypeScript: `npm run plan`, mocha and
// every process the tests start load it with `node -r ./scripts/register.js`.
// A real `pulumi up` never loads this file: Pulumi runs the program with
// ts-node.
const Module = require("module");
const path = require("path");

// 1. TypeScript. Sucrase only strips the types as each file loads (no type
// check: that is `tsc --noEmit` in `npm test`), in a few milliseconds where
// ts-node took over a second per process. It keeps every statement on its
// source line, so a stack trace names the right .ts line without source
// maps; source maps would make each of the stacks Pulumi records per
// resource and output slower to format (plan/simulator.ts).
//
// disableESTransforms: Node 20 runs class fields, `?.` and `??` itself; left
// untouched, class fields keep the [[Define]] semantics that tsc gives them
// for tsconfig.json's target ES2022, as in a real `pulumi up`.
require("sucrase/dist/register").addHook(".ts", { transforms: ["imports", "typescript"], disableESTransforms: true });

// 2. What @pulumi/pulumi loads at import only for closure serialisation
// (pulumi.runtime.serializeFunction, computeCodePaths): the TypeScript
// compiler and npm's arborist, with pacote, sigstore and some 300 other
// modules, half a second of every process that imports the SDK. The plan and
// the tests never serialise a closure, so each is loaded on its first use
// instead. Only the SDK's own requires of these two are deferred.
const DEFERRED = new Set(["typescript", "@npmcli/arborist"]);
const SDK_DIR = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;
const load = Module._load;
Module._load = function (request, parent, isMain) {
    if (DEFERRED.has(request) && parent && parent.filename && parent.filename.includes(SDK_DIR)) {
        // Resolved now, so a missing module still throws at require time and the SDK's own
        // fallback (typescript-shim.js loads its vendored compiler) still runs.
        Module._resolveFilename(request, parent, isMain);
        return onFirstUse(() => load.call(this, request, parent, isMain));
    }
    return load.apply(this, arguments);
};

/** A stand-in for a module that loads it when it is first used, then behaves as it. */
function onFirstUse(loadModule) {
    let loaded;
    const real = () => (loaded ??= loadModule());
    return new Proxy(
        {},
        {
            // Answered without loading: the SDK's `__importStar(require(...))` then keeps this
            // stand-in as the namespace instead of copying every property at once.
            get: (_, key) => (key === "__esModule" ? true : Reflect.get(real(), key)),
            set: (_, key, value) => Reflect.set(real(), key, value),
            has: (_, key) => Reflect.has(real(), key),
            ownKeys: () => Reflect.ownKeys(real()),
            getOwnPropertyDescriptor: (_, key) => {
                const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
                // A proxy may not report a property as non-configurable that its target lacks.
                return descriptor && { ...descriptor, configurable: true };
            },
        },
    );
}

module.exports = { onFirstUse };
