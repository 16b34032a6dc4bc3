// The catalog as the engine evaluates it: built once per cold start from the
// audit stack's settings, with the same pattern builders the management
// stack's metric filters use (detections/catalog.ts), parsed once by the
// project's own evaluator (detections/filterPattern.ts), so the engine and
// the alarms cannot disagree about what an event is.
import { CATALOG, Detection, DetectionContext, DetectionParameters, detectionPattern, detectionTitle } from "../detections/catalog";
import { Expression, matches, ParsedPattern, parseFilterPattern } from "../detections/filterPattern";
import type { CloudTrailRecord } from "./record";
import type { DetectionTuning, EngineSettings, Severity } from "./settings";

export interface CompiledDetection {
    id: string;
    /** Built from config, as the alarm's description is. */
    title: string;
    /** The catalog's, or the tuning's override. */
    severity: Severity;
    /** The alarm's threshold, or the tuning's: above 1, the engine needs that many matches in one file (evaluate.ts). */
    threshold: number;
    /** The catalog's countPer: "principal" applies the threshold to each principal's matches in the file (evaluate.ts). */
    countPer?: "principal";
    /** Tuning `windowMinutes`: the threshold counts across log files for this long (evaluate.ts, windowCounts.ts); absent, one file. */
    windowMinutes?: number;
    firstCheck: string;
    /** Parsed once; undefined for a detection written only as code. */
    pattern?: ParsedPattern;
    /** The pattern's text, for the alert and replay's output. */
    patternText?: string;
    predicate?: Detection["predicate"];
    /**
     * Tuning `ignorePrincipals`, and for a `tunable` detection the settings'
     * `automationPrincipals` too (unless tuned `ignoreAutomation: false`),
     * each as an anchored regex.
     */
    ignore: RegExp[];
    /**
     * The only `eventSource` and `eventName` values the pattern can match,
     * where it says (requiredValues): a record with another value is skipped
     * without walking the pattern. A shortcut only: the verdict is the pattern's.
     */
    sources?: ReadonlySet<string>;
    names?: ReadonlySet<string>;
}

/**
 * The values of top-level field `field` without which `e` cannot match, or
 * undefined when it does not pin them: `$.field = "v"` pins v (a value with
 * a wildcard pins nothing); `a && b` needs what either needs; `a || b`
 * needs one of what each needs, so pins only when both sides pin.
 */
export function requiredValues(e: Expression, field: string): Set<string> | undefined {
    switch (e.type) {
        case "compare": {
            const [step, ...rest] = e.selector.steps;
            const here = rest.length === 0 && step.kind === "key" && step.name === field;
            return here && e.operator === "=" && e.value.kind === "string" && !e.value.text.includes("*") ? new Set([e.value.text]) : undefined;
        }
        case "and": {
            const left = requiredValues(e.left, field);
            const right = requiredValues(e.right, field);
            if (left && right) return new Set([...left].filter((v) => right.has(v)));
            return left ?? right;
        }
        case "or": {
            const left = requiredValues(e.left, field);
            const right = requiredValues(e.right, field);
            return left && right ? new Set([...left, ...right]) : undefined;
        }
        default:
            return undefined;
    }
}

/** The catalog's parameters from the settings' `detectionParameters`. */
export function parametersOf(settings: EngineSettings): DetectionParameters {
    return settings.detectionParameters;
}

/** `*` is any run of characters (`/` included); everything else is literal. Anchored: a pattern names the whole ARN. */
export function principalPattern(pattern: string): RegExp {
    const body = pattern
        .split("*")
        .map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${body}$`, "s");
}

/**
 * The enabled detections: the catalog, minus those tuned `disabled`, minus
 * those the parameters make inapplicable (a pattern builder that returns
 * undefined, e.g. no trusted networks). Tuning for an id the catalog does
 * not have is an error: a typo would otherwise silently tune nothing.
 */
export function compileDetections(settings: EngineSettings, catalog: readonly Detection[] = CATALOG): CompiledDetection[] {
    const ids = new Set(catalog.map((d) => d.id));
    const unknown = Object.keys(settings.tuning ?? {}).filter((id) => !ids.has(id));
    if (unknown.length > 0) {
        throw new Error(`settings.tuning names detections the catalog does not have: ${unknown.join(", ")} (expected one of the catalog's ids)`);
    }
    const params = parametersOf(settings);
    const compiled: CompiledDetection[] = [];
    for (const d of catalog) {
        const tuning = settings.tuning?.[d.id] ?? {};
        if (tuning.disabled) continue;
        let patternText: string | undefined;
        if (d.pattern !== undefined) {
            patternText = detectionPattern(d, params);
            // A builder returning undefined means "not applicable with this config", as for the metric filter.
            if (patternText === undefined) continue;
        } else if (d.predicate === undefined) {
            throw new Error(`detection ${d.id} has neither a pattern nor a predicate`);
        }
        const pattern = patternText === undefined ? undefined : parseFilterPattern(patternText);
        compiled.push({
            id: d.id,
            title: detectionTitle(d, params),
            severity: tuning.severity ?? d.severity,
            threshold: tuning.threshold ?? d.threshold,
            countPer: d.countPer,
            ...(tuning.windowMinutes === undefined ? {} : { windowMinutes: tuning.windowMinutes }),
            firstCheck: d.firstCheck,
            pattern,
            patternText,
            sources: pattern && requiredValues(pattern.expression, "eventSource"),
            names: pattern && requiredValues(pattern.expression, "eventName"),
            predicate: d.predicate,
            ignore: ignoredPrincipals(d, tuning, settings.automationPrincipals ?? []).map(principalPattern),
        });
    }
    return compiled;
}

/**
 * The principals a detection ignores: its tuning's `ignorePrincipals`, and,
 * when the catalog marks it `tunable` and its tuning does not say
 * `ignoreAutomation: false`, the organization's automation principals.
 */
export function ignoredPrincipals(detection: Pick<Detection, "tunable">, tuning: DetectionTuning, automationPrincipals: readonly string[]): string[] {
    const automation = detection.tunable && tuning.ignoreAutomation !== false ? automationPrincipals : [];
    return [...(tuning.ignorePrincipals ?? []), ...automation];
}

/** Tuning `ignorePrincipals` and automation: matched against `userIdentity.arn` and the session issuer's ARN. */
export function isIgnored(detection: CompiledDetection, record: CloudTrailRecord): boolean {
    if (detection.ignore.length === 0) return false;
    const candidates = [record.userIdentity?.arn, record.userIdentity?.sessionContext?.sessionIssuer?.arn].filter(
        (a): a is string => typeof a === "string" && a !== "",
    );
    return detection.ignore.some((re) => candidates.some((arn) => re.test(arn)));
}

/** Whether the record fires the detection: pattern and predicate (where each exists) match, and the principal is not ignored. */
export function fires(detection: CompiledDetection, record: CloudTrailRecord, ctx: DetectionContext): boolean {
    // Only a string can be one of the pinned values; anything else goes to the full evaluation.
    if (detection.sources && typeof record.eventSource === "string" && !detection.sources.has(record.eventSource)) return false;
    if (detection.names && typeof record.eventName === "string" && !detection.names.has(record.eventName)) return false;
    if (detection.pattern !== undefined && !matches(detection.pattern, record)) return false;
    if (detection.predicate !== undefined && !detection.predicate(record, ctx)) return false;
    return !isIgnored(detection, record);
}
