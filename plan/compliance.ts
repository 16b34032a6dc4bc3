// The compliance report of the offline plan: every guardrail of the policy
// pack, run over the planned resources as the first `pulumi preview` would
// see them. It calls the guardrails' own check functions, so the report and
// the pack cannot disagree; a value only known after apply makes a rule
// "after apply", exactly as @pulumi/policy would skip it during a preview,
// and any other error stops the plan, as it stops the preview.
import type { PolicyResource } from "@pulumi/policy";
import { GUARDRAILS, Guardrail, isStackGuardrail } from "../guardrails/rules";
import { AnalyzedResource, KnownAfterApply, unknownChecking } from "./analyzed";

export type Result = "pass" | "fail" | "after apply" | "not applicable";

export interface ComplianceRow {
    policy: string;
    /** As the policy config sets it; every guardrail is mandatory unless the config says otherwise. */
    enforcement: "mandatory" | "advisory" | "disabled";
    controls: string[];
    description: string;
    result: Result;
    /** What the planned resources do about the control, one line per distinct setting. */
    evidence: string[];
    /** Why it fails, one line per resource. */
    violations: string[];
}

/** A guardrail threw something other than the unknown-value signal: a defect of the guardrail, never a verdict. */
export class GuardrailCrash extends Error {
    constructor(policy: string, subject: string, error: unknown) {
        super(
            `guardrail ${policy} crashed on ${subject}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}. ` +
                "This is a defect of the guardrail, and `pulumi preview --policy-pack guardrails` would stop on it too.",
            { cause: error },
        );
        this.name = "GuardrailCrash";
    }
}

/** The planned resources as @pulumi/policy hands them to a stack policy: props behind the unknown-value proxy, links resolved. */
export function policyResources(resources: AnalyzedResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    for (const r of resources) {
        byUrn.set(r.urn, {
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: unknownChecking(r.props),
            opts: { protect: r.protect, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        });
    }
    for (const r of resources) {
        const p = byUrn.get(r.urn)!;
        p.parent = r.parent ? byUrn.get(r.parent) : undefined;
        p.dependencies = r.dependencies.flatMap((u) => byUrn.get(u) ?? []);
        p.propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, us]) => [k, us.flatMap((u) => byUrn.get(u) ?? [])]));
    }
    return [...byUrn.values()];
}

/** Identical settings said once, with the resources that have them. */
function grouped(findings: { subject: string; says: string }[]): string[] {
    const by = new Map<string, string[]>();
    for (const f of findings) by.set(f.says, [...(by.get(f.says) ?? []), f.subject]);
    return [...by].map(([says, subjects]) => `${says} (${subjects.length > 3 ? `${subjects.length} resources` : subjects.join(", ")})`);
}

/**
 * Policy config in the format of `pulumi preview --policy-pack-config`:
 * policy name to an enforcement level, or to an object of the policy's
 * settings with an optional `enforcementLevel`.
 */
export type PolicyPackConfig = Record<string, string | Record<string, unknown>>;

function enforcementOf(entry: PolicyPackConfig[string] | undefined): ComplianceRow["enforcement"] {
    const level = typeof entry === "string" ? entry : entry?.enforcementLevel;
    if (level === undefined || level === "mandatory" || level === "remediate") return "mandatory";
    if (level === "advisory" || level === "disabled") return level;
    throw new Error(`policy config: enforcement level ${JSON.stringify(level)} is not one of advisory, mandatory, remediate, disabled`);
}

function row(g: Guardrail, resources: PolicyResource[], entry: PolicyPackConfig[string] | undefined): ComplianceRow {
    const enforcement = enforcementOf(entry);
    const config = typeof entry === "object" ? entry : {};
    const findings: { subject: string; passed: boolean; says: string }[] = [];
    if (enforcement === "disabled") {
        return { policy: g.name, enforcement, controls: g.controls, description: g.description, result: "not applicable", evidence: ["disabled by the policy config"], violations: [] };
    }
    let unknown = 0;
    const attempt = (subject: string, run: () => void) => {
        try {
            run();
        } catch (error) {
            // Only the unknown-value signal means "decided by pulumi up"; anything else is a crash, and a crash never passes.
            if (!(error instanceof KnownAfterApply)) throw new GuardrailCrash(g.name, subject, error);
            unknown++;
            findings.push({ subject, passed: true, says: `${error.message} is only known after apply; checked by \`pulumi up\`` });
        }
    };
    if (isStackGuardrail(g)) {
        attempt("the stack's resources", () => findings.push(...g.check(resources, config)));
    } else {
        for (const r of resources.filter((r) => r.type === g.resourceType)) {
            attempt(`${r.name} (${r.type})`, () => {
                const v = g.check(r.props);
                if (v) findings.push({ subject: r.name, ...v });
            });
        }
    }
    const failed = findings.filter((f) => !f.passed);
    const result: Result = failed.length > 0 ? "fail" : unknown > 0 ? "after apply" : findings.length > 0 ? "pass" : "not applicable";
    return {
        policy: g.name,
        enforcement,
        controls: g.controls,
        description: g.description,
        result,
        evidence: grouped(findings.filter((f) => f.passed)),
        violations: failed.map((f) => `${f.subject}: ${f.says}`),
    };
}

/**
 * One row per guardrail of the pack, in the pack's order. `config` is the
 * pack's policy config, by policy name; `guardrails` is for tests. Throws a
 * GuardrailCrash for a guardrail that throws anything but the unknown-value signal.
 */
export function complianceReport(resources: AnalyzedResource[], config: PolicyPackConfig = {}, guardrails: readonly Guardrail[] = GUARDRAILS): ComplianceRow[] {
    const unknownPolicies = Object.keys(config).filter((name) => !guardrails.some((g) => g.name === name));
    if (unknownPolicies.length > 0) {
        throw new Error(`policy config names no policy of the pack: ${unknownPolicies.join(", ")}; policies: ${guardrails.map((g) => g.name).join(", ")}`);
    }
    const policyResourceList = policyResources(resources);
    return guardrails.map((g) => row(g, policyResourceList, config[g.name]));
}

/** Whether the report holds a failure the pack would stop a preview for. */
export const blocksPreview = (rows: ComplianceRow[]) => rows.some((r) => r.result === "fail" && r.enforcement === "mandatory");
