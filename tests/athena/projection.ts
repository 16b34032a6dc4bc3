// What the saved queries' SQL means to Athena, worked out by hand from the
// AST node-sql-parser gives: where the `?` are, which conjuncts the WHERE is
// made of, and which S3 prefixes partition projection makes a query read.
//
// The projection evaluator is hand-written because no library evaluates
// Athena partition projection. It covers the three projection types the table
// uses (injected, enum, date with yyyy/MM/dd and a DAYS interval) and prunes
// on top-level AND conjuncts only: a partition predicate under an OR cannot
// be pushed down, so the evaluator, like Athena, reads every value of it.
import { Parser } from "node-sql-parser";

/** An AST node; node-sql-parser's own types do not cover Trino's nodes. */
export type Node = { type?: string; [key: string]: any };

export const parser = new Parser();
export const TRINO = { database: "trino" };

export function parseSelect(sql: string): Node {
    const parsed = parser.astify(sql, TRINO) as unknown as Node | Node[];
    // A trailing `;` makes a list of one, which Athena runs all the same.
    if (Array.isArray(parsed) && parsed.length !== 1) throw new Error(`${parsed.length} statements, expected one`);
    const ast = Array.isArray(parsed) ? parsed[0] : parsed;
    if (ast.type !== "select") throw new Error(`a ${ast.type} statement, expected a SELECT`);
    return ast;
}

/** Depth first, left operand before right: the order the nodes appear in the SQL text. */
export function walk(node: unknown, visit: (n: Node) => void): void {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, visit));
    if (node === null || typeof node !== "object") return;
    visit(node as Node);
    for (const child of Object.values(node)) walk(child, visit);
}

export const isPlaceholder = (n: Node): boolean => n.type === "origin" && n.value === "?";

export function placeholders(ast: Node): Node[] {
    const found: Node[] = [];
    walk(ast, (n) => isPlaceholder(n) && found.push(n));
    return found;
}

/** A copy of `ast` with the i-th `?` replaced by the i-th SQL literal, as Athena's execution parameters do. */
export function bind(ast: Node, literals: readonly string[]): Node {
    const values = literals.map((l) => parseSelect(`SELECT ${l}`).columns[0].expr as Node);
    let i = 0;
    const copy = (n: unknown): unknown => {
        if (Array.isArray(n)) return n.map(copy);
        if (n === null || typeof n !== "object") return n;
        if (isPlaceholder(n as Node)) {
            if (i >= values.length) throw new Error(`more ? than the ${values.length} values given`);
            return values[i++];
        }
        return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, copy(v)]));
    };
    const bound = copy(ast) as Node;
    if (i !== values.length) throw new Error(`${values.length} values for ${i} ?`);
    return bound;
}

/** The SELECTs (outer, in WITH, in subqueries) whose FROM names `table`. */
export function selectsReading(ast: Node, table: string): Node[] {
    const found: Node[] = [];
    walk(ast, (n) => n.type === "select" && Array.isArray(n.from) && n.from.some((f: Node) => f.table === table) && found.push(n));
    return found;
}

/** `a AND (b AND c)` as [a, b, c]; anything else is one conjunct. */
export function conjuncts(e: Node | null): Node[] {
    if (!e) return [];
    return e.type === "binary_expr" && e.operator === "AND" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/** `account`, or `useridentity.accesskeyid` for a struct field. */
export function columnName(n: Node): string | undefined {
    if (n.type !== "column_ref") return undefined;
    const column = typeof n.column === "string" ? n.column : n.column?.expr?.value;
    return n.table ? `${n.table}.${column}` : column;
}

export function mentions(e: unknown, column: string): boolean {
    let found = false;
    walk(e, (n) => (found ||= columnName(n) === column));
    return found;
}

const isLiteral = (n: Node): boolean => n.type === "single_quote_string" || n.type === "number" || isPlaceholder(n);

/** A conjunct `column <op> literal(s)` on one column, in a form projection can prune with; else undefined. */
export function staticPredicate(e: Node): { column: string; operator: string; values: Node[] } | undefined {
    if (e.type !== "binary_expr") return undefined;
    const column = columnName(e.left);
    const values: Node[] = e.right?.type === "expr_list" ? e.right.value : [e.right];
    if (!column || !values.every(isLiteral)) return undefined;
    if (["=", ">=", "<=", ">", "<"].includes(e.operator) && values.length === 1) return { column, operator: e.operator, values };
    if (e.operator === "IN" || (e.operator === "BETWEEN" && values.length === 2)) return { column, operator: e.operator, values };
    return undefined;
}

/** Athena's error for a query it refuses to plan. */
export class ProjectionError extends Error {
    constructor(readonly code: string, message: string) {
        super(`${code}: ${message}`);
    }
}

const DAY_MS = 86_400_000;
const ymd = (d: Date): string => d.toISOString().slice(0, 10).replace(/-/g, "/");
const parseYmd = (s: string): Date => {
    if (!/^\d{4}\/\d{2}\/\d{2}$/.test(s)) throw new Error(`not yyyy/MM/dd: ${s}`);
    return new Date(`${s.replace(/\//g, "-")}T00:00:00Z`);
};

function keep(value: string, p: { operator: string; values: string[] }): boolean {
    const [a, b] = p.values;
    switch (p.operator) {
        case "=":
        case "IN":
            return p.values.includes(value);
        case "BETWEEN":
            return a <= value && value <= b;
        case ">=":
            return value >= a;
        case "<=":
            return value <= a;
        case ">":
            return value > a;
        default:
            return value < a;
    }
}

/**
 * The prefixes Athena lists for a query whose WHERE (placeholders bound) is
 * `where`, under the table parameters `params`, on the day `now` (UTC).
 */
export function prefixesRead(params: Record<string, string>, where: Node | null, now: Date): string[] {
    const columns = Object.keys(params).flatMap((k) => /^projection\.([^.]+)\.type$/.exec(k)?.[1] ?? []);
    const pruning = conjuncts(where).map((c) => {
        const p = staticPredicate(c);
        return { conjunct: c, predicate: p && { ...p, values: p.values.map((v) => String(v.value)) } };
    });
    let partitions: Record<string, string>[] = [{}];
    for (const column of columns) {
        const type = params[`projection.${column}.type`];
        const onColumn = pruning.flatMap((p) => (p.predicate?.column === column ? [p.predicate] : []));
        let candidates: string[];
        if (type === "injected") {
            // Injected values come from the query alone, so Athena demands they be spelled out.
            const mentioning = pruning.filter((p) => mentions(p.conjunct, column));
            const equalities = onColumn.filter((p) => p.operator === "=" || p.operator === "IN");
            if (equalities.length === 0 || equalities.length !== mentioning.length) {
                throw new ProjectionError(
                    "CONSTRAINT_VIOLATION",
                    `For the injected projected partition column ${column}, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.`,
                );
            }
            candidates = [...new Set(equalities.flatMap((p) => p.values))];
        } else if (type === "enum") {
            candidates = params[`projection.${column}.values`].split(",");
        } else if (type === "date") {
            if (params[`projection.${column}.format`] !== "yyyy/MM/dd" || params[`projection.${column}.interval.unit`] !== "DAYS") {
                throw new Error(`the evaluator knows yyyy/MM/dd days only, not ${column}'s projection`);
            }
            const [from, to] = params[`projection.${column}.range`].split(",");
            const step = Number(params[`projection.${column}.interval`]) * DAY_MS;
            const last = to === "NOW" ? parseYmd(ymd(now)) : parseYmd(to);
            candidates = [];
            for (let t = parseYmd(from).getTime(); t <= last.getTime(); t += step) candidates.push(ymd(new Date(t)));
        } else {
            throw new Error(`no evaluator for projection type ${type} of ${column}`);
        }
        // yyyy/MM/dd strings sort as the days do, so a string comparison is a date comparison.
        const values = candidates.filter((v) => onColumn.every((p) => keep(v, p)));
        partitions = partitions.flatMap((p) => values.map((v) => ({ ...p, [column]: v })));
    }
    return partitions.map((p) => params["storage.location.template"].replace(/\$\{([^}]+)\}/g, (_, c: string) => p[c]));
}
