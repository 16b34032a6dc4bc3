// What every guardrail is, and the one adapter that turns it into a
// @pulumi/policy policy. Guardrails return findings rather than only
// reporting violations so the offline plan's compliance report can say what
// a compliant resource does, not just that nothing failed.
import type { PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

/** One resource's standing against one guardrail, in words a reviewer reads. */
export interface Verdict {
    passed: boolean;
    /** When it passes, the setting that satisfies the control; when it fails, what is wrong and what to do. */
    says: string;
}

/** A verdict from a rule that reads the whole stack. */
export interface Finding extends Verdict {
    /** What it is about: a resource's Pulumi name, or the control a missing resource should meet. */
    subject: string;
    /** The resource's URN, so the engine attaches the violation to it; none when the resource is missing. */
    urn?: string;
    /**
     * The reason the policy config gives for waiving this control. A waived
     * control does not fail the policy (passed is true), but the compliance
     * report shows it as waived, with this reason, rather than as met.
     */
    waived?: string;
}

interface GuardrailBase {
    /** The policy name: the controls it enforces, then what it checks. */
    name: string;
    /** CIS AWS Foundations Benchmark v3.0, Security Hub and Control Tower control ids. */
    controls: string[];
    /** What must hold, in one sentence. */
    description: string;
}

/** A rule about each resource of one type, on its own. */
export interface ResourceGuardrail extends GuardrailBase {
    /** The Pulumi type token of the resources it checks. */
    resourceType: string;
    /** The verdict on one resource's inputs, or undefined if the rule does not concern it. */
    check(props: Record<string, any>): Verdict | undefined;
}

/** A rule that needs the whole stack: resources that only mean something together. */
export interface StackGuardrail extends GuardrailBase {
    /** The resource types it reads (documentation; it also tells a stack rule from a resource rule). */
    resourceTypes: string[];
    /**
     * Policy config the pack accepts for this rule: JSON schema properties the
     * Pulumi CLI validates `--policy-pack-config` against before the pack runs.
     */
    configSchema?: StackValidationPolicy["configSchema"];
    /**
     * What is wrong with the rule's settings, one line each, naming the setting
     * and what is expected: configSchema's rules in words, for the offline plan
     * and for a pack that was handed config the CLI did not validate.
     */
    configProblems?(config: Record<string, unknown>): string[];
    /** Findings over the stack; `config` has passed configProblems. */
    check(resources: PolicyResource[], config: Record<string, unknown>): Finding[];
}

export type Guardrail = ResourceGuardrail | StackGuardrail;

export const isStackGuardrail = (g: Guardrail): g is StackGuardrail => "resourceTypes" in g;

/**
 * What is wrong with the settings `config` gives `g`, one line each: a
 * setting the rule does not have (the CLI lets any through: it validates only
 * the properties a schema names), then the rule's own problems.
 * enforcementLevel is the CLI's, not the rule's. `suggest` adds a
 * did-you-mean where the caller has one; the pack is deployed on its own and
 * has none.
 */
export function configProblems(g: Guardrail, config: Record<string, unknown>, suggest: (word: string, candidates: string[]) => string = () => ""): string[] {
    const settings = isStackGuardrail(g) ? Object.keys(g.configSchema?.properties ?? {}) : [];
    const expected = settings.length > 0 ? `expected ${settings.join(", ")} or enforcementLevel` : "it takes no setting but enforcementLevel";
    const unknown = Object.keys(config).filter((k) => k !== "enforcementLevel" && !settings.includes(k));
    return [
        ...unknown.map((k) => `${k} is not a setting of this policy: ${expected}${suggest(k, settings)}`),
        ...(isStackGuardrail(g) && g.configProblems ? g.configProblems(config) : []),
    ];
}

/**
 * Throws on bad settings: the CLI refuses most before the pack runs, but a
 * guardrail must not quietly run with a waiver it cannot read. A throw fails
 * the preview (only an unknown value makes @pulumi/policy skip a policy).
 */
function refuseBadConfig(g: Guardrail, config: Record<string, unknown>): void {
    const problems = configProblems(g, config);
    if (problems.length > 0) throw new Error(`policy config of ${g.name}: ${problems.join("; ")}`);
}

/** The @pulumi/policy policy the pack serves for `g`; every guardrail is mandatory. */
export function policyOf(g: Guardrail): ResourceValidationPolicy | StackValidationPolicy {
    const base = { name: g.name, description: `${g.controls.join(", ")}: ${g.description}`, enforcementLevel: "mandatory" as const };
    if (isStackGuardrail(g)) {
        return {
            ...base,
            configSchema: g.configSchema,
            validateStack: (args: StackValidationArgs, report: ReportViolation) => {
                const config = args.getConfig<Record<string, unknown>>();
                refuseBadConfig(g, config);
                for (const f of g.check(args.resources, config)) {
                    if (!f.passed) report(`${f.subject}: ${f.says}`, f.urn);
                }
            },
        };
    }
    return {
        ...base,
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            refuseBadConfig(g, args.getConfig<Record<string, unknown>>());
            if (args.type !== g.resourceType) return;
            const verdict = g.check(args.props);
            if (verdict && !verdict.passed) report(verdict.says);
        },
    };
}

/**
 * Whether `key` has a value. During a preview, a value AWS assigns at
 * creation (an ARN) is unknown, and @pulumi/policy throws when a policy
 * reads one; the property descriptor gives the raw value without reading
 * through that check, and an unknown value is still a value.
 */
export function isSet(props: Record<string, any>, key: string): boolean {
    const value = Object.getOwnPropertyDescriptor(props, key)?.value;
    return value !== undefined && value !== null && value !== "";
}

/**
 * How many entries a list input holds. A list unknown as a whole during a
 * preview (the engine sends one unknown value, not an array) counts as one:
 * it is set, its entries are what AWS assigns.
 */
export function entries(props: Record<string, any>, key: string): number {
    const value = Object.getOwnPropertyDescriptor(props, key)?.value;
    if (Array.isArray(value)) return value.length;
    return typeof value === "string" ? 1 : 0;
}

/**
 * An input as the plan shows it, `key: value`, or `key: not set (<what AWS
 * or the provider then does>)`: evidence quotes what the planned inputs hold,
 * so it never disagrees with the plan printed above it.
 */
export function shown(props: Record<string, any>, key: string, whenUnset: string): string {
    const value = props[key];
    if (value === undefined || value === null) return `${key}: not set (${whenUnset})`;
    return `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`;
}

/** A verdict from a condition and the two things to say. */
export const verdict = (passed: boolean, ifPassed: string, ifFailed: string): Verdict => ({ passed, says: passed ? ifPassed : ifFailed });
