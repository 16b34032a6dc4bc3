// The compliance report of the offline plan: every guardrail of the policy
// pack, run over the planned resources as the first `pulumi preview` would
// see them. It calls the guardrails' own check functions, so the report and
// the pack cannot disagree; a value only known after apply makes a rule
// "after apply", exactly as @pulumi/policy would skip it during a preview,
// and any other error stops the plan, as it stops the preview.
import type { PolicyResource } from "@pulumi/policy";
import { ConfigError } from "../config/load";
import { didYouMean } from "../config/suggest";
import { configProblems, Finding, GUARDRAILS, Guardrail, isStackGuardrail } from "../guardrails/rules";
import { AnalyzedResource, KnownAfterApply, unknownChecking } from "./analyzed";

/** "waived": every control the rule checks is waived by the policy config. */
export type Result = "pass" | "fail" | "after apply" | "waived" | "not applicable";

/** A control the policy config waives, with its reason. */
export interface Waiver {
    /** The control, e.g. "CIS 4.12". */
    subject: string;
    /** What the control asks for, and whether the plan meets it anyway. */
    says: string;
    reason: string;
}

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
    /** Controls of the rule the policy config waives: not checked, shown with their reasons. */
    waivers: Waiver[];
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
 * policy name (or "all") to an enforcement level, or to an object of the
 * policy's settings with an optional `enforcementLevel`.
 */
export type PolicyPackConfig = Record<string, string | Record<string, unknown>>;

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];
/** The CLI's name for every policy of the pack: its enforcement level applies to each, under a policy's own. */
const ALL = "all";

function levelProblems(at: string, level: unknown): string[] {
    return typeof level === "string" && LEVELS.includes(level) ? [] : [`${at} = ${JSON.stringify(level)}: expected an enforcement level, one of ${LEVELS.join(", ")}`];
}

/** Every problem of `config`, one line each, naming the policy, the setting and what is expected. */
function policyConfigProblems(config: Record<string, unknown>, guardrails: readonly Guardrail[]): string[] {
    const names = guardrails.map((g) => g.name);
    return Object.entries(config).flatMap(([name, entry]): string[] => {
        const g = guardrails.find((g) => g.name === name);
        if (!g && name !== ALL) return [`${name} is not a policy of the pack: expected ${ALL} or one of ${names.join(", ")}${didYouMean(name, names)}`];
        if (typeof entry === "string") return levelProblems(name, entry);
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
            return [`${name} = ${JSON.stringify(entry)}: expected an enforcement level (${LEVELS.join(", ")}) or an object of the policy's settings`];
        }
        const settings = entry as Record<string, unknown>;
        const level = "enforcementLevel" in settings ? levelProblems(`${name}.enforcementLevel`, settings.enforcementLevel) : [];
        // The CLI applies only the enforcement level of "all"; any other setting there would be silently ignored.
        const others = g
            ? configProblems(g, settings, didYouMean)
            : Object.keys(settings).filter((k) => k !== "enforcementLevel").map((k) => `${k}: ${ALL} takes no setting but enforcementLevel; set it under the policy it is for`);
        return [...level, ...others.map((p) => `${name}: ${p}`)];
    });
}

/**
 * `parsed` (the JSON of a `--policy-pack-config` file, `source`) as policy
 * config, or a ConfigError naming the file and every problem: a policy the
 * pack does not have, an enforcement level the CLI would refuse, a setting a
 * policy does not have, a waiver without a reason or of a control the rule
 * does not check.
 */
export function parsePolicyPackConfig(parsed: unknown, source: string, guardrails: readonly Guardrail[] = GUARDRAILS): PolicyPackConfig {
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new ConfigError(
            `Invalid policy pack config in ${source}: expected a JSON object of policy names, as pulumi preview --policy-pack-config takes, ` +
                `e.g. {"s3-14-versioning": "mandatory", "cis-4-monitoring-alarms": {"waivedControls": {"4.13": "the reason"}}}`,
        );
    }
    const problems = policyConfigProblems(parsed as Record<string, unknown>, guardrails);
    if (problems.length > 0) {
        throw new ConfigError(`Invalid policy pack config in ${source}:\n` + problems.map((p) => `  - ${p}`).join("\n"));
    }
    return parsed as PolicyPackConfig;
}

function levelOf(entry: PolicyPackConfig[string] | undefined): string | undefined {
    return typeof entry === "string" ? entry : (entry?.enforcementLevel as string | undefined);
}

/** As the CLI resolves it: the policy's own level, else the one for "all", else the pack's (mandatory); remediate is mandatory for a check. */
function enforcementOf(config: PolicyPackConfig, name: string): ComplianceRow["enforcement"] {
    const level = levelOf(config[name]) ?? levelOf(config[ALL]) ?? "mandatory";
    return level === "advisory" || level === "disabled" ? level : "mandatory";
}

function row(g: Guardrail, resources: PolicyResource[], config: PolicyPackConfig): ComplianceRow {
    const enforcement = enforcementOf(config, g.name);
    const entry = config[g.name];
    const settings = typeof entry === "object" ? entry : {};
    const findings: Finding[] = [];
    if (enforcement === "disabled") {
        return { policy: g.name, enforcement, controls: g.controls, description: g.description, result: "not applicable", evidence: ["disabled by the policy config"], violations: [], waivers: [] };
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
        attempt("the stack's resources", () => findings.push(...g.check(resources, settings)));
    } else {
        for (const r of resources.filter((r) => r.type === g.resourceType)) {
            attempt(`${r.name} (${r.type})`, () => {
                const v = g.check(r.props);
                if (v) findings.push({ subject: r.name, ...v });
            });
        }
    }
    const waived = findings.filter((f) => f.waived !== undefined);
    const judged = findings.filter((f) => f.waived === undefined);
    const failed = judged.filter((f) => !f.passed);
    const result: Result =
        failed.length > 0 ? "fail" : unknown > 0 ? "after apply" : judged.length > 0 ? "pass" : waived.length > 0 ? "waived" : "not applicable";
    return {
        policy: g.name,
        enforcement,
        controls: g.controls,
        description: g.description,
        result,
        evidence: grouped(judged.filter((f) => f.passed)),
        violations: failed.map((f) => `${f.subject}: ${f.says}`),
        waivers: waived.map((f) => ({ subject: f.subject, says: f.says, reason: f.waived! })),
    };
}

/**
 * One row per guardrail of the pack, in the pack's order. `config` is the
 * pack's policy config, by policy name; `guardrails` is for tests.
 * Throws a ConfigError for bad config and a GuardrailCrash for a guardrail
 * that throws anything but the unknown-value signal.
 */
export function complianceReport(resources: AnalyzedResource[], config: PolicyPackConfig = {}, guardrails: readonly Guardrail[] = GUARDRAILS): ComplianceRow[] {
    parsePolicyPackConfig(config, "the policy config", guardrails);
    const policyResourceList = policyResources(resources);
    return guardrails.map((g) => row(g, policyResourceList, config));
}

/** Whether the report holds a failure the pack would stop a preview for. */
export const blocksPreview = (rows: ComplianceRow[]) => rows.some((r) => r.result === "fail" && r.enforcement === "mandatory");
