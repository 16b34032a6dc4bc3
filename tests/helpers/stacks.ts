// Runs the real program against the simulated provider with a given config.
import { strict as assert } from "assert";
import { main } from "../../program";
import type { OrganizationFacts } from "../../stacks/managementChecks";
import { CallerIdentity, FailedSimulation, SimulatedResource, simulate, simulateFailure, SimulationInput, SimulationResult } from "../../plan/simulator";

// ---- Shared program runs -----------------------------------------------------

/**
 * Successful runs of `main`, by their whole input. A run is a pure function
 * of its input (the program reads no file, clock or environment), and the
 * suite asks for the same one many times over (the default management stack
 * alone in seven files); each costs a program run of hundreds of
 * milliseconds, an entry in this map costs nothing.
 */
const sharedRuns = new Map<string, Promise<SimulationResult>>();

/**
 * The run of the real program for `input`, done once per distinct input in
 * the whole test process and shared by every test that asks. The result is
 * deeply frozen: a test that changed it would change what the next test
 * sees, so a change throws instead (every module here is strict mode). A run
 * that fails is not kept: each caller gets its own error.
 *
 * JSON is the key: SimulationInput holds only JSON data (no functions, no
 * dates), and the simulator treats a missing and an undefined property
 * alike, which JSON.stringify does not tell apart either. Two inputs that
 * differ only in key order get two runs: a miss, never a wrong answer.
 */
export function sharedRun(input: SimulationInput): Promise<SimulationResult> {
    const key = JSON.stringify(input);
    let run = sharedRuns.get(key);
    if (run === undefined) {
        run = simulate(main, input).then(deepFreeze);
        sharedRuns.set(key, run);
        run.catch(() => sharedRuns.delete(key));
    }
    return run;
}

/** Freezes `value` and everything reachable from it (cycles included). */
export function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
    if (value === null || typeof value !== "object" || seen.has(value)) return value;
    seen.add(value);
    for (const child of Object.values(value)) deepFreeze(child, seen);
    return Object.freeze(value);
}

export const LOG_ARCHIVE_ACCOUNT = "222222222222";
export const DEPLOYER_SESSION = `arn:aws:sts::${LOG_ARCHIVE_ACCOUNT}:assumed-role/PulumiDeployer/ci`;

export const LOG_ARCHIVE_DEPLOYER_ROLE = `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/PulumiDeployer`;

export const LOG_ARCHIVE_CONFIG: Record<string, string> = {
    "aws:region": "eu-west-1",
    "org-cloudtrail:deployerRoleArn": LOG_ARCHIVE_DEPLOYER_ROLE,
    "org-cloudtrail:organizationId": "o-a1b2c3d4e5",
    "org-cloudtrail:managementAccountId": "111111111111",
};

export const DEPLOYER: CallerIdentity = { accountId: LOG_ARCHIVE_ACCOUNT, arn: DEPLOYER_SESSION, userId: "AROAEXAMPLE:ci" };

/** `org-cloudtrail:<key>` values (objects as JSON) over the minimal valid log-archive config. */
export function logArchiveConfig(overrides: Record<string, unknown> = {}): Record<string, string> {
    const config = { ...LOG_ARCHIVE_CONFIG };
    for (const [key, value] of Object.entries(overrides)) {
        const full = key.includes(":") ? key : `org-cloudtrail:${key}`;
        if (value === undefined) delete config[full];
        else config[full] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return config;
}

/** What AWS answers the log-archive stack besides the caller identity. */
export interface LogArchiveWorld {
    /** `aws.getRegions({ allRegions: true })`'s names; default the simulator's SIMULATED_REGIONS. */
    regions?: string[];
}

/** The log-archive program's run for this config, shared with every test that asks for the same (see sharedRun): read it, never change it. */
export function runLogArchive(overrides: Record<string, unknown> = {}, caller = DEPLOYER, world: LogArchiveWorld = {}): Promise<SimulationResult> {
    return sharedRun({ stack: "log-archive", config: logArchiveConfig(overrides), caller, regions: world.regions });
}

export function failLogArchive(overrides: Record<string, unknown> = {}, caller = DEPLOYER, stack = "log-archive"): Promise<FailedSimulation> {
    return simulateFailure(main, { stack, config: logArchiveConfig(overrides), caller });
}

/** The one resource of `type` named `name`; fails the test when there is not exactly one. */
export function resource(resources: SimulatedResource[], type: string, name: string): SimulatedResource {
    const found = resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one ${type} named ${name}, found ${found.length}: ${resources.map((r) => r.name).join(", ")}`);
    }
    return found[0];
}

export function ofType(resources: SimulatedResource[], type: string): SimulatedResource[] {
    return resources.filter((r) => r.type === type);
}

// ---- The management stack ---------------------------------------------------

export const MANAGEMENT_ACCOUNT = "111111111111";
export const LOG_ARCHIVE_STACK = "acme/org-cloudtrail/log-archive";
export const MANAGEMENT_DEPLOYER: CallerIdentity = {
    accountId: MANAGEMENT_ACCOUNT,
    arn: `arn:aws:sts::${MANAGEMENT_ACCOUNT}:assumed-role/PulumiDeployer/ci`,
    userId: "AROAEXAMPLE:ci",
};

export const MANAGEMENT_DEPLOYER_ROLE = `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/PulumiDeployer`;

export const MANAGEMENT_CONFIG: Record<string, string> = {
    "aws:region": "eu-west-1",
    "org-cloudtrail:deployerRoleArn": MANAGEMENT_DEPLOYER_ROLE,
    "org-cloudtrail:logArchiveStack": LOG_ARCHIVE_STACK,
    "org-cloudtrail:alertEmails": JSON.stringify(["security@example.com"]),
};

/** What a deployed log-archive stack exports, as the StackReference returns it. */
export const LOG_ARCHIVE_OUTPUTS = {
    accountId: LOG_ARCHIVE_ACCOUNT,
    region: "eu-west-1",
    organizationId: "o-a1b2c3d4e5",
    managementAccountId: MANAGEMENT_ACCOUNT,
    trailName: "organization-trail",
    trailHomeRegion: "eu-west-1",
    trailArn: `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT_ACCOUNT}:trail/organization-trail`,
    bucketName: `org-cloudtrail-logs-${LOG_ARCHIVE_ACCOUNT}-eu-west-1`,
    bucketArn: `arn:aws:s3:::org-cloudtrail-logs-${LOG_ARCHIVE_ACCOUNT}-eu-west-1`,
    s3KeyPrefix: "",
    kmsKeyArn: `arn:aws:kms:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    accessLogBucketName: `org-cloudtrail-access-logs-${LOG_ARCHIVE_ACCOUNT}-eu-west-1`,
    deployerRoleArn: `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/PulumiDeployer`,
    breakGlassArns: [] as string[],
    logReaderArns: ["arn:aws:iam::333333333333:role/SecurityAuditor"],
};

/** An organization ready for the management stack: all features, trusted access, SCPs and RCPs enabled. */
export const ORGANIZATION: OrganizationFacts = {
    id: "o-a1b2c3d4e5",
    featureSet: "ALL",
    masterAccountId: MANAGEMENT_ACCOUNT,
    awsServiceAccessPrincipals: ["cloudtrail.amazonaws.com", "config.amazonaws.com"],
    roots: [
        {
            id: "r-ab12",
            policyTypes: [
                { type: "SERVICE_CONTROL_POLICY", status: "ENABLED" },
                { type: "RESOURCE_CONTROL_POLICY", status: "ENABLED" },
            ],
        },
    ],
    accounts: [MANAGEMENT_ACCOUNT, LOG_ARCHIVE_ACCOUNT, "333333333333", "444444444444"].map((id) => ({ id })),
};

/**
 * The organization's OUs and every account under each (nested OUs
 * included), as `getOrganizationalUnitDescendantAccounts` answers:
 * Security holds the log archive, Workloads the other members.
 */
export const ORGANIZATIONAL_UNITS: Record<string, string[]> = {
    "ou-ab12-security": [LOG_ARCHIVE_ACCOUNT],
    "ou-ab12-abcdefgh": ["333333333333", "444444444444"],
};

export interface ManagementWorld {
    caller?: CallerIdentity;
    organization?: OrganizationFacts;
    /** Replaces ORGANIZATIONAL_UNITS. */
    organizationalUnits?: Record<string, string[]>;
    /** Replaces the log-archive outputs; keys set to undefined are removed. */
    outputs?: Record<string, unknown>;
    stack?: string;
    /** Config keys handed over as secrets; default: alertHttpsEndpoints, as `pulumi config set --secret` leaves it. */
    secretKeys?: string[];
    /** What the audit stack (AUDIT_STACK) exports, when the config names it in auditStack; keys set to undefined are removed. */
    auditOutputs?: Record<string, unknown>;
}

function managementInput(overrides: Record<string, unknown>, world: ManagementWorld) {
    const config = { ...MANAGEMENT_CONFIG };
    for (const [key, value] of Object.entries(overrides)) {
        const full = key.includes(":") ? key : `org-cloudtrail:${key}`;
        if (value === undefined) delete config[full];
        else config[full] = typeof value === "string" ? value : JSON.stringify(value);
    }
    const outputs: Record<string, unknown> = { ...LOG_ARCHIVE_OUTPUTS, ...(world.outputs ?? {}) };
    for (const [key, value] of Object.entries(outputs)) if (value === undefined) delete outputs[key];
    return {
        stack: world.stack ?? "management",
        config,
        secretKeys: world.secretKeys ?? ["org-cloudtrail:alertHttpsEndpoints"],
        caller: world.caller ?? MANAGEMENT_DEPLOYER,
        organization: world.organization ?? ORGANIZATION,
        organizationalUnits: world.organizationalUnits ?? ORGANIZATIONAL_UNITS,
        stackOutputs: {
            [LOG_ARCHIVE_STACK]: outputs,
            ...(world.auditOutputs ? { [AUDIT_STACK]: withoutUndefined(world.auditOutputs) } : {}),
        },
    };
}

function withoutUndefined(values: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

// ---- The audit stack (security tooling account) -----------------------------

/** The security-tooling account: it holds the auditors' SecurityAuditor role and the audit stack. */
export const AUDIT_ACCOUNT = "333333333333";
export const AUDIT_STACK = "acme/org-cloudtrail/audit";
export const AUDIT_DEPLOYER_ROLE = `arn:aws:iam::${AUDIT_ACCOUNT}:role/PulumiDeployer`;
export const AUDIT_DEPLOYER: CallerIdentity = {
    accountId: AUDIT_ACCOUNT,
    arn: `arn:aws:sts::${AUDIT_ACCOUNT}:assumed-role/PulumiDeployer/ci`,
    userId: "AROAEXAMPLE:ci",
};

/** What the log-archive stack adds to its outputs when its config sets auditAccountId = AUDIT_ACCOUNT. */
export const LOG_ARCHIVE_AUDIT_OUTPUTS = {
    auditAccountId: AUDIT_ACCOUNT,
    engineRoleArn: `arn:aws:iam::${AUDIT_ACCOUNT}:role/org-cloudtrail-detection-engine`,
    logFileTopicArn: `arn:aws:sns:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:org-cloudtrail-log-files`,
    logFileTopicKeyArn: `arn:aws:kms:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:key/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e`,
};

/** What a deployed audit stack exports (stacks/auditContract.ts), as the StackReference returns it. */
export const AUDIT_OUTPUTS = {
    accountId: AUDIT_ACCOUNT,
    region: "eu-west-1",
    organizationId: "o-a1b2c3d4e5",
    logArchiveAccountId: LOG_ARCHIVE_ACCOUNT,
    alertTopicArn: `arn:aws:sns:eu-west-1:${AUDIT_ACCOUNT}:org-cloudtrail-alerts`,
    alertKeyArn: `arn:aws:kms:eu-west-1:${AUDIT_ACCOUNT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
    engineFunctionArn: `arn:aws:lambda:eu-west-1:${AUDIT_ACCOUNT}:function:org-cloudtrail-detection-engine`,
    engineRoleArn: `arn:aws:iam::${AUDIT_ACCOUNT}:role/org-cloudtrail-detection-engine`,
    logFileQueueArn: `arn:aws:sqs:eu-west-1:${AUDIT_ACCOUNT}:org-cloudtrail-log-files`,
    deadLetterQueueArn: `arn:aws:sqs:eu-west-1:${AUDIT_ACCOUNT}:org-cloudtrail-log-files-failed`,
    alarmNames: ["org-cloudtrail-log-files-stopped", "org-cloudtrail-log-file-failures", "org-cloudtrail-engine-errors"],
    deployerRoleArn: AUDIT_DEPLOYER_ROLE,
    breakGlassArns: [] as string[],
    trustedCidrs: [] as string[],
    largeInstanceTypes: ["*.8xlarge", "p*"],
    alarmNamespace: "OrgCloudTrail",
};

/** The management program's run for this config and world, shared with every test that asks for the same (see sharedRun): read it, never change it. */
export function runManagement(overrides: Record<string, unknown> = {}, world: ManagementWorld = {}): Promise<SimulationResult> {
    return sharedRun(managementInput(overrides, world));
}

export function failManagement(overrides: Record<string, unknown> = {}, world: ManagementWorld = {}): Promise<FailedSimulation> {
    return simulateFailure(main, managementInput(overrides, world));
}

/** Regex-escapes text, so a message can be matched against an exact value, phrase or command. */
export const quote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Nothing at all was registered: the program stopped while reading its own configuration, before even the StackReference. */
export function assertNothingRegistered(resources: SimulatedResource[], message: string) {
    assert.deepEqual(
        resources.map((r) => `${r.type}::${r.name}`),
        [],
        `resources were registered before the error:\n${message}`,
    );
}
