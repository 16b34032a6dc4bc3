// A WHERE clause evaluated against one CloudTrail event, as Athena would see
// it through the table: top-level fields as columns (case-insensitive), nested
// objects in string columns as JSON text, SQL's three-valued logic. Only the
// operators and functions the saved queries use; anything else throws.
import { columnName, Node } from "./projection";

type Value = string | null;
type Truth = boolean | null;

function field(o: unknown, name: string): unknown {
    if (o === null || typeof o !== "object") return undefined;
    const key = Object.keys(o).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : (o as Record<string, unknown>)[key];
}

/** What a string column holds: objects as their JSON, booleans as text. */
const text = (v: unknown): Value => (v === null || v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : String(v));

function jsonScalar(json: Value, path: Value): Value {
    if (json === null || path === null || !/^\$(\.\w+)+$/.test(path)) return null;
    let v: unknown = JSON.parse(json);
    for (const key of path.split(".").slice(1)) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
    return v !== null && typeof v === "object" ? null : text(v);
}

function value(n: Node, row: Record<string, unknown>): Value {
    switch (n.type) {
        case "column_ref": {
            const [first, second] = columnName(n)!.split(".");
            const top = field(row, first);
            return text(second === undefined ? top : field(top, second));
        }
        case "single_quote_string":
        case "number":
            return String(n.value);
        case "null":
            return null;
        case "function": {
            const name = n.name.name.map((p: Node) => p.value).join(".").toLowerCase();
            const args: Value[] = n.args.value.map((a: Node) => value(a, row));
            if (name === "coalesce") return args.find((a) => a !== null) ?? null;
            if (name === "json_extract_scalar") return jsonScalar(args[0], args[1]);
            throw new Error(`no evaluator for function ${name}`);
        }
        default:
            throw new Error(`no evaluator for ${n.type}`);
    }
}

const like = (v: string, pattern: string): boolean =>
    new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".")}$`, "s").test(v);

export function holds(n: Node, row: Record<string, unknown>): Truth {
    if (n.type !== "binary_expr") throw new Error(`no evaluator for condition ${n.type}`);
    const op: string = n.operator;
    if (op === "AND" || op === "OR") {
        const [l, r] = [holds(n.left, row), holds(n.right, row)];
        if (op === "AND") return l === false || r === false ? false : l === null || r === null ? null : true;
        return l === true || r === true ? true : l === null || r === null ? null : false;
    }
    const left = value(n.left, row);
    if (op === "IS" || op === "IS NOT") return (left === null) === (op === "IS");
    const rights: Value[] = n.right.type === "expr_list" ? n.right.value.map((a: Node) => value(a, row)) : [value(n.right, row)];
    if (left === null || rights.includes(null)) return null;
    const [a, b] = rights as string[];
    switch (op) {
        case "=":
            return left === a;
        case "<>":
        case "!=":
            return left !== a;
        case "IN":
            return rights.includes(left);
        case "BETWEEN":
            return a <= left && left <= b;
        case "LIKE":
            return like(left, a);
        default:
            throw new Error(`no evaluator for operator ${op}`);
    }
}
