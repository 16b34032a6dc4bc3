// Hand-made arguments for the guardrail policies, built as @pulumi/policy's
// analyzer server builds them: every resource's props behind a proxy that
// throws when a policy reads an unknown value, then the served policy's own
// validateResource / validateStack called with a collecting reportViolation.
// No PolicyPack is constructed: that starts a server and a second one exits the process.
import type { PolicyResource, PolicyResourceOptions, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { POLICIES } from "../../guardrails/rules";
import { unknownChecking } from "../../plan/analyzed";

// The engine's unknown value and a proxy that throws on reading it, shared with the compliance report.
export { KnownAfterApply as UnknownRead, UNKNOWN, unknownChecking } from "../../plan/analyzed";

export const TYPES = {
    trail: "aws:cloudtrail/trail:Trail",
    bucket: "aws:s3/bucket:Bucket",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    logging: "aws:s3/bucketLogging:BucketLogging",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    metricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    organizationsPolicy: "aws:organizations/policy:Policy",
    topic: "aws:sns/topic:Topic",
    queue: "aws:sqs/queue:Queue",
    table: "aws:dynamodb/table:Table",
} as const;

const OPTS: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

const urnOf = (type: string, name: string) => `urn:pulumi:test::org-cloudtrail::${type}::${name}`;

const notApplicable = (reason?: string): never => {
    throw new Error(`notApplicable(${reason ?? ""}): the guardrails never call it`);
};

/** The policy the pack serves under `name`; throws for a name it does not serve. */
export function served(name: string) {
    const policy = POLICIES.find((p) => p.name === name);
    if (!policy) throw new Error(`the pack serves no policy named ${name}`);
    return policy;
}

/** The violation messages `name` reports for one resource of `type` with inputs `props`, behind `proxy`. */
export function resourceViolations(name: string, type: string, props: Record<string, unknown>, proxy = unknownChecking): string[] {
    const policy = served(name);
    if (!("validateResource" in policy) || !policy.validateResource) throw new Error(`${name} is not a resource policy`);
    const args: ResourceValidationArgs = {
        type,
        props: proxy(props),
        urn: urnOf(type, "subject"),
        name: "subject",
        opts: OPTS,
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => ({}) as T,
        notApplicable,
    };
    const messages: string[] = [];
    for (const validate of [policy.validateResource].flat()) {
        const result = validate(args, (message) => messages.push(message));
        if (result instanceof Promise) throw new Error(`${name} validates asynchronously; these helpers do not wait`);
    }
    return messages;
}

/** A resource of the stack, as validateStack sees it. */
export function stackResource(
    type: string,
    name: string,
    props: Record<string, unknown>,
    propertyDependencies: Record<string, PolicyResource[]> = {},
): PolicyResource {
    return {
        type,
        name,
        urn: urnOf(type, name),
        props: unknownChecking(props),
        opts: OPTS,
        dependencies: Object.values(propertyDependencies).flat(),
        propertyDependencies,
        isType: () => false,
        asType: () => undefined,
    };
}

export interface Violation {
    message: string;
    urn?: string;
}

/** The violations `name` reports for a stack of `resources`, with `config` as the policy's config. */
export function stackViolations(name: string, resources: PolicyResource[], config: Record<string, unknown> = {}): Violation[] {
    const policy = served(name);
    if (!("validateStack" in policy) || !policy.validateStack) throw new Error(`${name} is not a stack policy`);
    const args: StackValidationArgs = {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable,
    };
    const violations: Violation[] = [];
    const result = policy.validateStack(args, (message, urn) => violations.push({ message, urn }));
    if (result instanceof Promise) throw new Error(`${name} validates asynchronously; these helpers do not wait`);
    return violations;
}

export const messages = (violations: Violation[]) => violations.map((v) => v.message);
