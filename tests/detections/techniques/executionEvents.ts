// Labelled events of detections/techniques/execution.ts: each technique in the
// exact shape CloudTrail records it (the failed attempt included), and the
// routine work that resembles it, which must stay quiet.
//
// The execution detections are code (engine only): they are labelled in
// EXECUTION_CODE_LABELS below and proven through the engine by
// tests/engine/techniquesExecution.test.ts, with AUTOMATION_ROLE as the
// settings' automationPrincipals. `fires` and `lookAlikeOf` name pattern
// detections only (the metric filters' test checks them); the code test
// asserts each quiet look-alike below by key.
import { ACCOUNT, apiCall, assumedRole, Call, CloudTrailEvent, iamUser, OwnEvent, runInstances } from "../ownEvents";

/** The families the code test's settings name as used (usedInstanceFamilies): those of the repository's routine launches. */
export const USED_FAMILIES = ["t1", "t2", "t3", "t3a", "m5", "c5", "c7g", "m7i"];

/** The account whose workloads call Bedrock (the code test's bedrockAccounts); ACCOUNT does not. */
export const BEDROCK_ACCOUNT = "444455556666";

/** The patching automation, as the audit stack's automationPrincipals names it (the code test's settings). */
export const AUTOMATION_ROLE = `arn:aws:iam::${ACCOUNT}:role/PatchAutomation`;

const ADMIN = () => assumedRole("PlatformAdmin", "jane.doe");
const DEVELOPER = () => assumedRole("Developer", "sam.lee");
const PATCHING = () => assumedRole("PatchAutomation", "maintenance-window-run-0412");

const ssm = (c: Omit<Call, "source">): CloudTrailEvent => apiCall({ ...c, source: "ssm.amazonaws.com" });
const INSTANCE = "i-0a1b2c3d4e5f60718";

/**
 * Run Command as CloudTrail records it: the command's parameters (the
 * script) are hidden; the response names the command id to look it up.
 */
function sendCommand(identity: Record<string, unknown>, documentName: string, error?: [string, string]): CloudTrailEvent {
    return ssm({
        name: "SendCommand",
        identity,
        request: { documentName, instanceIds: [INSTANCE], interactive: false, parameters: "HIDDEN_DUE_TO_SECURITY_REASONS" },
        response: {
            command: {
                commandId: "2b8e4c6a-1f3d-4e5a-9b7c-0d1e2f3a4b5c",
                documentName,
                documentVersion: "$DEFAULT",
                instanceIds: [INSTANCE],
                parameters: "HIDDEN_DUE_TO_SECURITY_REASONS",
                status: "Pending",
                statusDetails: "Pending",
                targets: [],
                maxConcurrency: "50",
                maxErrors: "0",
                timeoutSeconds: 3600,
            },
        },
        error,
    });
}

/** Session Manager: the session's token is hidden; the stream URL leads to the agent. */
function startSession(identity: Record<string, unknown>, error?: [string, string]): CloudTrailEvent {
    const sessionId = `${String(identity.arn).split("/").pop()}-0f1e2d3c4b5a69788`;
    return ssm({
        name: "StartSession",
        identity,
        request: { target: INSTANCE },
        response: {
            sessionId,
            tokenValue: "Value hidden due to security reasons.",
            streamUrl: `wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/${sessionId}?role=publish_subscribe`,
        },
        error,
    });
}

const deniedSsm = (who: string, action: string): [string, string] => [
    "AccessDeniedException",
    `User: ${who} is not authorized to perform: ${action} on resource: arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${INSTANCE} because no identity-based policy allows the ${action} action`,
];


/** EC2's dry run: the call would have succeeded, and CloudTrail records it as this error. */
const DRY_RUN: [string, string] = ["Client.DryRunOperation", "Request would have succeeded, but DryRun flag is set."];
const EC2_UNAUTHORIZED: [string, string] = [
    "Client.UnauthorizedOperation",
    "You are not authorized to perform this operation. User: arn:aws:sts::111122223333:assumed-role/Developer/sam.lee is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:us-east-1:111122223333:instance/* because no identity-based policy allows the ec2:RunInstances action. Encoded authorization failure message: EXAMPLE",
];

/**
 * A Bedrock runtime call as CloudTrail records it: a management event of
 * bedrock.amazonaws.com naming the model; prompt and completion are not recorded.
 */
function invokeModel(name: string, identity: Record<string, unknown>, account = ACCOUNT, error?: [string, string]): CloudTrailEvent {
    return apiCall({
        source: "bedrock.amazonaws.com",
        name,
        identity,
        account,
        userAgent: "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.12.3 cfg/retry-mode#legacy Botocore/1.35.36",
        request: { modelId: "anthropic.claude-3-5-sonnet-20240620-v1:0" },
        response: null,
        error,
    });
}
const LEAKED_KEY_USER = () => iamUser("backup-sync");
const BEDROCK_APP = () => assumedRole("ChatAssistant", "chat-assistant-task", "/", BEDROCK_ACCOUNT);

export const EXECUTION_EVENTS: readonly OwnEvent[] = [
    {
        key: "ssm SendCommand AWS-RunShellScript by an admin",
        fires: [],
        why: "A person ran a shell script on an instance through Run Command: ssm-command-or-session-started (code).",
        event: sendCommand(ADMIN(), "AWS-RunShellScript"),
    },
    {
        key: "ssm StartSession by a developer",
        fires: [],
        why: "An interactive shell on an instance: ssm-command-or-session-started (code).",
        event: startSession(DEVELOPER()),
    },
    {
        key: "ssm SendCommand AWS-RunPatchBaseline by the patching automation",
        fires: [],
        why: "The same call by the role automationPrincipals names: the tuning quiets it.",
        event: sendCommand(PATCHING(), "AWS-RunPatchBaseline"),
    },
    {
        key: "ssm StartAutomationExecution of a runbook by a developer",
        fires: [],
        why: "A runbook started by a person: it runs as its assume role (ssm-command-or-session-started, code).",
        event: ssm({
            name: "StartAutomationExecution",
            identity: DEVELOPER(),
            request: {
                documentName: "AWS-RunShellScript-Automation",
                parameters: { AutomationAssumeRole: [`arn:aws:iam::${ACCOUNT}:role/SsmAutomationAdmin`], InstanceIds: [INSTANCE] },
            },
            response: { automationExecutionId: "4c1f2e3d-5a6b-4c7d-8e9f-0a1b2c3d4e5f" },
        }),
    },
    {
        key: "ssm StartSession denied",
        fires: ["unauthorized-api-calls"],
        why: "Denied: no shell was opened (unauthorized-api-calls counts the AccessDenied).",
        event: startSession(DEVELOPER(), deniedSsm(`arn:aws:sts::${ACCOUNT}:assumed-role/Developer/sam.lee`, "ssm:StartSession")),
    },
    {
        key: "ssm GetCommandInvocation by an admin",
        fires: [],
        why: "Reading a command's output runs nothing.",
        event: ssm({
            name: "GetCommandInvocation",
            identity: ADMIN(),
            request: { commandId: "2b8e4c6a-1f3d-4e5a-9b7c-0d1e2f3a4b5c", instanceId: INSTANCE },
            readOnly: true,
        }),
    },

    // ---------------------------------------------------------- instance-family-not-used-launched
    {
        key: "ec2 RunInstances p3.2xlarge dry run",
        fires: [],
        why: "A dry run of a GPU family the organization does not use: the key's holder checking what it may launch (instance-family-not-used-launched, code). Not a launch, so not large-instance-launched.",
        event: runInstances("p3.2xlarge", "p3.2xlarge", DRY_RUN),
    },
    {
        key: "ec2 RunInstances from a launch template of c7i.large",
        fires: [],
        why: "A small type, but of a family not in usedInstanceFamilies; only the response names it (instance-family-not-used-launched, code).",
        event: runInstances(undefined, "c7i.large"),
    },
    {
        key: "ec2 RunInstances t3a.small",
        fires: [],
        lookAlikeOf: ["large-instance-launched"],
        why: "A family the organization uses, of a small size: nothing fires.",
        event: runInstances("t3a.small", "t3a.small"),
    },
    {
        key: "ec2 RunInstances m5.large denied",
        fires: ["unauthorized-api-calls"],
        lookAlikeOf: ["large-instance-launched"],
        why: "Denied, but of a used family: only unauthorized-api-calls counts it.",
        event: runInstances("m5.large", "m5.large", EC2_UNAUTHORIZED),
    },

    // ---------------------------------------------------------- model-invoked-outside-bedrock-accounts
    {
        key: "bedrock InvokeModel by an IAM user's key in an account without Bedrock",
        fires: [],
        why: "A model invoked where no workload uses Bedrock (model-invoked-outside-bedrock-accounts, code).",
        event: invokeModel("InvokeModel", LEAKED_KEY_USER()),
    },
    {
        key: "bedrock CreateModelInvocationJob by an IAM user's key in an account without Bedrock",
        fires: [],
        why: "A batch inference job: the same tokens in bulk, where no workload uses Bedrock (found by a review).",
        event: invokeModel("CreateModelInvocationJob", LEAKED_KEY_USER()),
    },
    {
        key: "bedrock Converse denied in an account without Bedrock",
        fires: ["unauthorized-api-calls"],
        why: "The attacker's probe, denied: model-invoked-outside-bedrock-accounts (code) counts attempts, and AccessDeniedException fires unauthorized-api-calls.",
        event: invokeModel("Converse", LEAKED_KEY_USER(), ACCOUNT, [
            "AccessDeniedException",
            `User: arn:aws:iam::${ACCOUNT}:user/backup-sync is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0 because no identity-based policy allows the bedrock:InvokeModel action`,
        ]),
    },
    {
        key: "bedrock InvokeModelWithResponseStream invalid request in an account without Bedrock",
        fires: [],
        why: "A deliberately invalid request whose ValidationException proves the key may call the model: model-invoked-outside-bedrock-accounts (code).",
        event: invokeModel("InvokeModelWithResponseStream", LEAKED_KEY_USER(), ACCOUNT, ["ValidationException", "max_tokens_to_sample: range: 1..1,000,000"]),
    },
    {
        key: "bedrock ConverseStream by the chat assistant in a Bedrock account",
        fires: [],
        why: "The account is in bedrockAccounts: its workloads call models every minute.",
        event: invokeModel("ConverseStream", BEDROCK_APP(), BEDROCK_ACCOUNT),
    },
    {
        key: "bedrock ListFoundationModels in an account without Bedrock",
        fires: [],
        why: "Listing the catalogue invokes no model (a reconnaissance call, not an invocation).",
        event: apiCall({ source: "bedrock.amazonaws.com", name: "ListFoundationModels", identity: LEAKED_KEY_USER(), request: null, readOnly: true }),
    },
];

/** Corpus events (tests/detections/corpus) each pattern detection of the file must fire, by detection id. */
export const EXECUTION_CORPUS_LABELS: Readonly<Record<string, readonly string[]>> = {};

/** The code detections' labels: own event keys and corpus keys that must fire each; all others must stay quiet. */
export const EXECUTION_CODE_LABELS: Readonly<Record<string, { own: readonly string[]; corpus: readonly string[] }>> = {
    "ssm-command-or-session-started": {
        own: ["ssm SendCommand AWS-RunShellScript by an admin", "ssm StartSession by a developer", "ssm StartAutomationExecution of a runbook by a developer"],
        corpus: [
            "aws_ssm_distributed_command#Send Command to Many Instances at Once",
            "aws_ssm_distributed_command#Single Command Send, Many Cached IDs",
            "aws_ssm_distributed_command#Single Command Send, No Cached IDs",
        ],
    },
    // With BEDROCK_ACCOUNT as the settings' bedrockAccounts.
    "model-invoked-outside-bedrock-accounts": {
        own: [
            "bedrock InvokeModel by an IAM user's key in an account without Bedrock",
            "bedrock CreateModelInvocationJob by an IAM user's key in an account without Bedrock",
            "bedrock Converse denied in an account without Bedrock",
            "bedrock InvokeModelWithResponseStream invalid request in an account without Bedrock",
        ],
        corpus: [],
    },
    // With USED_FAMILIES as the settings' usedInstanceFamilies.
    "instance-family-not-used-launched": {
        own: [
            "ec2 RunInstances p3.2xlarge dry run",
            "ec2 RunInstances from a launch template of c7i.large",
            // tests/detections/ownEvents.ts's launches of GPU families: a failure for capacity, a denial, a launch template.
            "ec2 RunInstances p4d.24xlarge without capacity",
            "ec2 RunInstances g5.xlarge denied",
            "ec2 RunInstances from a launch template of g5.12xlarge",
        ],
        corpus: [
            // p2.xlarge: launched by Auto Scaling, denied (Stratus Red Team), and the request's type as { value }.
            "aws_ec2_launch_unusual_ec2_instances#Successful Unusual EC2",
            "aws_ec2_launch_unusual_ec2_instances#Failed Unusual EC2",
            "aws_ec2_launch_unusual_ec2_instances#Successful Unusual EC2 (Dictionary)",
        ],
    },
};
