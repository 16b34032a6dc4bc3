// Runs the Pulumi program in-process against a simulated provider
// (`pulumi.runtime.setMocks`): no CLI, no plugin, no AWS. The offline plan
// and the tests both use it, so what the plan shows is what the tests check.
import * as pulumi from "@pulumi/pulumi";
import type { OrganizationFacts } from "../stacks/managementChecks";

export const PROJECT = "org-cloudtrail";

/** A resource the program registered, with the inputs the provider would receive. */
export interface SimulatedResource {
    type: string;
    name: string;
    /** Inputs after every Output resolved, as the provider would see them. */
    inputs: Record<string, any>;
    /** `type::name` of the parent resource; undefined for children of the stack itself. */
    parent?: string;
    retainOnDelete: boolean;
    protect: boolean;
    /** `type::name` of each explicit dependency. */
    dependsOn: string[];
    custom: boolean;
}

export interface CallerIdentity {
    accountId: string;
    arn: string;
    userId: string;
}

export interface SimulationInput {
    stack: string;
    /** Full config keys (`org-cloudtrail:trailName`, `aws:region`) to their string values, as in a stack file. */
    config: Record<string, string>;
    /** Full config keys the CLI would hand over as secrets (set with `pulumi config set --secret`). */
    secretKeys?: string[];
    caller: CallerIdentity;
    /** Outputs of other stacks, by fully qualified stack name, for `pulumi.StackReference`. */
    stackOutputs?: Record<string, Record<string, unknown>>;
    /** What `aws.organizations.getOrganization` answers. */
    organization?: OrganizationFacts;
    /**
     * What `aws.organizations.getOrganizationalUnitDescendantAccounts` answers:
     * OU id to the ids of every account under it, nested OUs included. An OU
     * not listed does not exist, as far as the simulated organization knows.
     */
    organizationalUnits?: Record<string, string[]>;
    /** What `aws.getRegions({ allRegions: true })` answers; default SIMULATED_REGIONS. */
    regions?: string[];
    /** Run as `pulumi preview` (the program may show what it would refuse to deploy); default: as `pulumi up`. */
    preview?: boolean;
}

/** The commercial regions as of November 2026, standing in for the list AWS returns at deployment. */
export const SIMULATED_REGIONS = [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-central-1",
    "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
    "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
];

export interface SimulationResult {
    resources: SimulatedResource[];
    outputs: Record<string, unknown>;
}

/** A program run that failed, with whatever it had registered before it did. */
export interface FailedSimulation {
    error: Error;
    resources: SimulatedResource[];
}

/**
 * What a provider only knows after it has created the resource. Shown as a
 * placeholder, never as an invented value.
 */
export function computed(resourceName: string, attribute: string): string {
    return `(known after apply: ${resourceName}.${attribute})`;
}

const COMPUTED_ATTRIBUTES: Record<string, string[]> = {
    "aws:kms/key:Key": ["arn", "keyId"],
    "aws:kms/alias:Alias": ["arn"],
    "aws:s3/bucket:Bucket": ["arn", "bucketDomainName"],
    "aws:cloudwatch/logGroup:LogGroup": ["arn"],
    "aws:iam/role:Role": ["arn", "name", "uniqueId"],
    "aws:athena/workgroup:Workgroup": ["arn"],
    "aws:glue/catalogDatabase:CatalogDatabase": ["arn"],
    "aws:glue/catalogTable:CatalogTable": ["arn"],
    "aws:cloudtrail/trail:Trail": ["arn", "homeRegion"],
    "aws:organizations/policy:Policy": ["arn"],
    "aws:sns/topic:Topic": ["arn"],
    "aws:sns/topicSubscription:TopicSubscription": ["arn"],
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["arn"],
    "aws:sqs/queue:Queue": ["arn", "url"],
    "aws:lambda/function:Function": ["arn"],
    "aws:dynamodb/table:Table": ["arn"],
    "aws:cloudwatch/eventRule:EventRule": ["arn"],
};

type Program = () => Promise<Record<string, unknown>>;

/** Runs `program` once and returns every registered resource and the stack outputs; throws what the program throws. */
export async function simulate(program: Program, input: SimulationInput): Promise<SimulationResult> {
    const result = await run(program, input);
    if ("error" in result) throw result.error;
    return result;
}

/** Runs `program`, which must fail, and returns its error and what it registered first. */
export async function simulateFailure(program: Program, input: SimulationInput): Promise<FailedSimulation> {
    const result = await run(program, input);
    if (!("error" in result)) throw new Error("the program was expected to fail but succeeded");
    return result;
}

/**
 * How many stack frames an Error records while a simulation runs. Pulumi
 * records `new Error().stack` for every promise it makes
 * (runtime/debuggable.js), for diagnostics of the engine; under mocks there
 * is no engine and nobody reads them, yet recording and formatting them
 * took about half of each program run. One frame still says where a program
 * error was thrown, and its message is untouched. Only the offline simulator
 * lowers it: a real `pulumi up` never comes here. (The stack Pulumi records
 * per resource sets its own limit and is not affected.)
 */
export const SIMULATION_STACK_FRAMES = 1;

async function run(program: Program, input: SimulationInput): Promise<SimulationResult | FailedSimulation> {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = SIMULATION_STACK_FRAMES;
    try {
        return await runWithMocks(program, input);
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
    }
}

async function runWithMocks(program: Program, input: SimulationInput): Promise<SimulationResult | FailedSimulation> {
    const registered = new Map<string, Record<string, any>>();
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                registered.set(`${args.type}::${args.name}`, args.inputs);
                if (args.type === "pulumi:pulumi:StackReference") {
                    const outputs = input.stackOutputs?.[args.inputs.name];
                    if (!outputs) throw new Error(`no simulated outputs for stack ${args.inputs.name}`);
                    return { id: args.inputs.name, state: { name: args.inputs.name, outputs, secretOutputNames: [] } };
                }
                const state: Record<string, unknown> = { ...args.inputs };
                for (const attribute of COMPUTED_ATTRIBUTES[args.type] ?? []) {
                    state[attribute] ??= computed(args.name, attribute);
                }
                return { id: args.custom ? computed(args.name, "id") : undefined, state };
            },
            call(args) {
                switch (args.token) {
                    case "aws:index/getCallerIdentity:getCallerIdentity":
                        return { ...input.caller, id: input.caller.accountId };
                    case "aws:index/getRegions:getRegions":
                        // Without allRegions AWS leaves out the regions this account has not opted into,
                        // though other accounts of the organization may log there: no stand-in for that answer.
                        if (args.inputs.allRegions !== true) throw new Error("the simulated provider answers getRegions only with allRegions: true");
                        return { id: "regions", names: input.regions ?? SIMULATED_REGIONS, allRegions: true };
                    case "aws:organizations/getOrganization:getOrganization":
                        if (!input.organization) throw new Error("the simulation has no organization to answer getOrganization");
                        return { ...input.organization, arn: `arn:aws:organizations::${input.organization.masterAccountId}:organization/${input.organization.id}` };
                    case "aws:organizations/getOrganizationalUnitDescendantAccounts:getOrganizationalUnitDescendantAccounts": {
                        const parentId = String(args.inputs.parentId);
                        const accounts = input.organizationalUnits?.[parentId];
                        if (!accounts) {
                            // As AWS answers for an id it does not know (ParentNotFoundException), loudly. The SDK
                            // reports a failed invoke by the gRPC error's `details`, as the engine sends it.
                            const message = `the simulated organization has no organizational unit ${parentId} (SimulationInput.organizationalUnits)`;
                            throw Object.assign(new Error(message), { details: message });
                        }
                        const org = input.organization;
                        const arn = (id: string) => `arn:aws:organizations::${org?.masterAccountId}:account/${org?.id}/${id}`;
                        return { id: parentId, parentId, accounts: accounts.map((id) => ({ id, arn: arn(id), name: id, email: `${id}@example.com`, status: "ACTIVE" })) };
                    }
                    default:
                        throw new Error(`the simulated provider has no answer for ${args.token}`);
                }
            },
        },
        PROJECT,
        input.stack,
        input.preview === true,
    );
    pulumi.runtime.setAllConfig(input.config, input.secretKeys);

    const seen: Omit<SimulatedResource, "inputs">[] = [];
    const keys = new Map<pulumi.Resource, string>();
    const withInputs = () => seen.map((r) => ({ ...r, inputs: registered.get(`${r.type}::${r.name}`) ?? {} }));
    // The program's own failure is caught inside the stack: left to reject the
    // stack's init, it would also surface as unhandled rejections of the
    // stack's output promises and end the test process.
    let failure: Error | undefined;
    const outputs = await pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation(({ resource, type, name, opts }) => {
            const key = `${type}::${name}`;
            keys.set(resource, key);
            const dependsOn = ([] as unknown[]).concat(opts.dependsOn ?? []) as pulumi.Resource[];
            seen.push({
                type,
                name,
                parent: opts.parent ? keys.get(opts.parent) : undefined,
                retainOnDelete: opts.retainOnDelete === true,
                protect: opts.protect === true,
                dependsOn: dependsOn.map((r) => keys.get(r) ?? "(outside the program)"),
                custom: !(resource instanceof pulumi.ComponentResource),
            });
            return undefined;
        });
        try {
            return await program();
        } catch (error) {
            failure = error instanceof Error ? error : new Error(String(error));
            return {};
        }
    });
    // Let every registration of this run reach the mock monitor before the next run replaces it.
    await pulumi.runtime.disconnect();
    if (failure) return { error: failure, resources: withInputs() };
    return { resources: withInputs(), outputs: (outputs ?? {}) as Record<string, unknown> };
}
