// A simulated run as the Pulumi engine hands it to a policy pack during the
// first `pulumi preview`: URNs, inputs in which every value AWS assigns at
// creation is unknown, and the resources each input depends on.
import { PROJECT, SimulatedResource } from "./simulator";

/** The engine's wire value for "unknown during preview" (the same constant in @pulumi/pulumi and @pulumi/policy). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A rule read a value that is unknown during a preview; the message is the property's name. */
export class KnownAfterApply extends Error {}

/**
 * `value` behind a proxy that throws on reading an unknown value anywhere
 * inside it, like @pulumi/policy's (internal) unknownCheckingProxy; the
 * property descriptor still gives the raw value.
 */
export function unknownChecking<T>(value: T): T {
    if (value === null || typeof value !== "object") return value;
    return new Proxy(value as object, {
        get(target, key) {
            const v = (target as Record<string | symbol, unknown>)[key];
            if (v === UNKNOWN) throw new KnownAfterApply(String(key));
            return unknownChecking(v);
        },
    }) as T;
}

const PLACEHOLDER = /\(known after apply: (.+?)\.(\w+)\)/g;

export interface AnalyzedResource {
    type: string;
    name: string;
    urn: string;
    /** Inputs; a string that holds any value known only after apply is unknown as a whole, as an interpolation would be. */
    props: Record<string, unknown>;
    parent?: string;
    /** URNs of explicit dependencies and of every resource an input reads. */
    dependencies: string[];
    /** Input name to the URNs of the resources its value comes from. */
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
}

function unknownsOf(value: unknown): unknown {
    if (typeof value === "string") return value.match(PLACEHOLDER) ? UNKNOWN : value;
    if (Array.isArray(value)) return value.map(unknownsOf);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unknownsOf(v)]));
}

/** The custom resources of a run, as an analyzer sees them in `stack`. */
export function analyzed(stack: string, resources: SimulatedResource[]): AnalyzedResource[] {
    const byKey = new Map(resources.map((r) => [`${r.type}::${r.name}`, r]));
    const urns = new Map<string, string>();
    const urnOf = (key: string): string => {
        const known = urns.get(key);
        if (known) return known;
        const chain: string[] = [];
        for (let r = byKey.get(key); r; r = r.parent ? byKey.get(r.parent) : undefined) chain.unshift(r.type);
        const urn = `urn:pulumi:${stack}::${PROJECT}::${chain.join("$")}::${byKey.get(key)!.name}`;
        urns.set(key, urn);
        return urn;
    };
    const byName = new Map(resources.map((r) => [r.name, `${r.type}::${r.name}`]));
    return resources
        .filter((r) => r.custom)
        .map((r) => {
            const propertyDependencies: Record<string, string[]> = {};
            for (const [key, value] of Object.entries(r.inputs)) {
                const names = [...JSON.stringify(value ?? null).matchAll(PLACEHOLDER)].map((m) => m[1]);
                const from = [...new Set(names)].flatMap((n) => (byName.has(n) ? [urnOf(byName.get(n)!)] : []));
                if (from.length > 0) propertyDependencies[key] = from;
            }
            const explicit = r.dependsOn.filter((k) => byKey.has(k)).map(urnOf);
            return {
                type: r.type,
                name: r.name,
                urn: urnOf(`${r.type}::${r.name}`),
                props: unknownsOf(r.inputs) as Record<string, unknown>,
                parent: r.parent ? urnOf(r.parent) : undefined,
                dependencies: [...new Set([...explicit, ...Object.values(propertyDependencies).flat()])],
                propertyDependencies,
                protect: r.protect,
            };
        });
}
