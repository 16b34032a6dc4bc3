// Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI hands
// config to a program: project defaults first, stack values over them, every
// value a string (structured values as JSON). Every problem names the file
// (and the line), because the management plan reads two stack files.
import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from "yaml";
import { didYouMean } from "../config/suggest";
import { hasEncrypted, standInSecrets, StoodIn } from "./secrets";
import { PROJECT } from "./simulator";

/**
 * The top-level keys of a stack file: the fields of the Pulumi CLI's
 * ProjectStack (sdk/go/common/workspace/project.go). The CLI ignores any
 * other key, so a misspelled `config:` would silently configure nothing.
 */
export const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment", "mainEnvironment"] as const;

/** A stack file, read as the CLI would hand it to the program. */
export interface StackFile {
    stack: string;
    /** Its path, as messages show it. */
    file: string;
    /** Full config keys (`org-cloudtrail:trailName`, `aws:region`) to string values: Pulumi.yaml's defaults, then the stack file's. */
    config: Record<string, string>;
    /** Full keys the CLI would hand over as secrets: those with any part encrypted. */
    secretKeys: string[];
    /** The encrypted values the plan stood in for. */
    standIns: StoodIn[];
    /** Whether the file imports Pulumi ESC environments, whose values the plan cannot read. */
    environment: boolean;
}

export function availableStacks(dir: string): string[] {
    return readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** `file` as messages show it: relative to where the command runs, unless it lies elsewhere. */
export function shownPath(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

export function stackFilePath(dir: string, stack: string): string {
    return path.join(dir, `Pulumi.${stack}.yaml`);
}

/** Pulumi.<stack>.yaml's config over Pulumi.yaml's defaults. */
export function loadStackConfig(dir: string, stack: string): Record<string, string> {
    return readStackFile(dir, stack).config;
}

/** Why `stacks` cannot be planned from `dir` (the stack files that do not exist), or undefined. */
export function missingStackFiles(dir: string, stacks: readonly string[]): string | undefined {
    const missing = stacks.map((stack) => stackFilePath(dir, stack)).filter((file) => !existsSync(file));
    return missing.length > 0 ? `no stack file ${missing.map(shownPath).join(", ")}; stacks here: ${availableStacks(dir).join(", ")}` : undefined;
}

export function readStackFile(dir: string, stack: string): StackFile {
    const file = stackFilePath(dir, stack);
    const missing = missingStackFiles(dir, [stack]);
    if (missing) throw new Error(missing);
    const config = projectDefaults(dir);
    const { doc, lines } = readYaml(file);
    const shown = shownPath(file);
    const problems: string[] = [];
    const at = (node: Node | null | undefined) => (node?.range ? `${shown}:${lines.linePos(node.range[0]).line}` : shown);

    const root = doc.contents;
    if (root !== null && !isMap(root)) throw new Error(`${shown}: expected a mapping with a config: key, as pulumi config set writes`);
    for (const pair of root?.items ?? []) {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        if (!(STACK_FILE_KEYS as readonly string[]).includes(key)) {
            problems.push(`${at(pair.key as Node)}: ${key}: is not a key of a Pulumi stack file${didYouMean(key, STACK_FILE_KEYS)} (its keys: ${STACK_FILE_KEYS.join(", ")})`);
        }
    }
    const configNode = doc.get("config", true) as Node | undefined;
    if (configNode !== undefined && configNode !== null && !isMap(configNode) && !(isScalar(configNode) && configNode.value === null)) {
        problems.push(`${at(configNode)}: config: expected a mapping of config keys to values`);
    }
    const secretKeys: string[] = [];
    const standIns: StoodIn[] = [];
    const values = ((doc.toJS() ?? {}) as { config?: Record<string, unknown> }).config ?? {};
    const firstLine = new Map<string, string>();
    for (const pair of isMap(configNode) ? configNode.items : []) {
        const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
        const key = fullConfigKey(name);
        // Two spellings of one key (objectLockDays and org-cloudtrail:objectLockDays) would leave the
        // value to the order of the lines here, and to the order of a Go map in the CLI.
        const earlier = firstLine.get(key);
        if (earlier !== undefined) {
            problems.push(`${at(pair.key as Node)}: ${name} sets ${key} again (first set at ${earlier}): expected each key once`);
            continue;
        }
        firstLine.set(key, at(pair.key as Node));
        problems.push(...leadingZeroNumbers(pair.value as Node | null, key, at));
        let value = values[name];
        if (hasEncrypted(value)) {
            const result = standInSecrets(key, value);
            if ("problem" in result) {
                problems.push(`${at(pair.key as Node)}: ${result.problem}`);
                continue;
            }
            value = result.value;
            secretKeys.push(key);
            standIns.push(result.stoodIn);
        }
        const node = pair.value as Node | null;
        // The CLI first decodes a value as a string, and a plain scalar then keeps its source text
        // (gopkg.in/yaml.v3 decode.go: `out.SetString(n.Value)`); only lists and maps become JSON.
        config[key] = isScalar(node) && node.type === "PLAIN" && typeof value !== "object" ? (node.value === null ? "" : String(node.source)) : asConfigString(value ?? "");
    }
    if (problems.length > 0) {
        throw new Error(`${shown} cannot be planned:\n` + problems.map((p) => `  - ${p}`).join("\n"));
    }
    return { stack, file: shown, config, secretKeys, standIns, environment: doc.has("environment") };
}

/** Pulumi.yaml's declared defaults, which the CLI passes to every stack. */
function projectDefaults(dir: string): Record<string, string> {
    const file = path.join(dir, "Pulumi.yaml");
    if (!existsSync(file)) throw new Error(`no Pulumi.yaml in ${dir}: the plan runs in the project's directory (--cwd names another)`);
    const project = (readYaml(file).doc.toJS() ?? {}) as { config?: Record<string, { default?: unknown } | null> };
    const config: Record<string, string> = {};
    for (const [key, declaration] of Object.entries(project.config ?? {})) {
        if (declaration?.default !== undefined) config[`${PROJECT}:${key}`] = asConfigString(declaration.default);
    }
    return config;
}

/** A YAML file, or an error naming the file, line and column of its first syntax error. */
function readYaml(file: string): { doc: Document; lines: LineCounter } {
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(file, "utf8"), { lineCounter: lines });
    const error = doc.errors[0];
    if (error) {
        const { line, col } = error.linePos?.[0] ?? { line: 0, col: 0 };
        // The library's message repeats the position ("at line 4, column 3:") before its excerpt.
        const [what, excerpt = ""] = error.message.split(/ at line \d+, column \d+:/);
        throw new Error(`${shownPath(file)}:${line}:${col}: ${what}${excerpt.trimEnd() ? `\n${excerpt.replace(/^\n+/, "").trimEnd()}` : ""}`);
    }
    return { doc, lines };
}

/**
 * Every unquoted number with a leading zero under `node`. YAML reads
 * `012345678901` as the number 12345678901, and the Pulumi CLI reads
 * `0123` inside a list as octal 83: an id meant as text must be quoted.
 */
function leadingZeroNumbers(node: Node | null, key: string, at: (node: Node) => string, path = ""): string[] {
    if (isScalar(node)) {
        const source = String(node.source ?? "");
        if (node.type === "PLAIN" && typeof node.value === "number" && /^[-+]?0\d/.test(source)) {
            return [`${at(node)}: ${key}${path}: ${source} is an unquoted number with a leading zero, which YAML reads as ${node.value}; quote it: "${source}"`];
        }
        return [];
    }
    if (isSeq(node)) return node.items.flatMap((item, i) => leadingZeroNumbers(item as Node, key, at, `${path}[${i}]`));
    if (isMap(node)) {
        return node.items.flatMap((pair) => (isPair(pair) ? leadingZeroNumbers(pair.value as Node, key, at, `${path}.${String(isScalar(pair.key) ? pair.key.value : pair.key)}`) : []));
    }
    return [];
}

function asConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The caller the plan simulates by default: a session of the stack file's
 * deployerRoleArn (STS drops the role's path), or of a role that does not
 * exist when the key is unset, so the program reports the missing key.
 */
export function deployerSession(deployerRoleArn: string | undefined, accountId: string): string {
    const m = deployerRoleArn ? /^arn:([a-z-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(deployerRoleArn) : null;
    return m ? `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/offline-plan` : `arn:aws:sts::${accountId}:assumed-role/deployerRoleArn-not-set/offline-plan`;
}

/**
 * The full key a stack file's key names: `<namespace>:<name>`, with a key
 * without a namespace in the project's, and the older `<namespace>:config:<name>`
 * spelling the CLI still reads as `<namespace>:<name>`.
 */
function fullConfigKey(name: string): string {
    const full = name.includes(":") ? name : `${PROJECT}:${name}`;
    return full.replace(/^([^:]+):config:/, "$1:");
}
