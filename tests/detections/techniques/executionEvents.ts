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
import { ACCOUNT, apiCall, assumedRole, Call, CloudTrailEvent, OwnEvent } from "../ownEvents";

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
];

/** Corpus events (tests/detections/corpus) each pattern detection of the file must fire, by detection id. */
export const EXECUTION_CORPUS_LABELS: Readonly<Record<string, readonly string[]>> = {};

/** The code detections' labels: own event keys and corpus keys that must fire each; all others must stay quiet. */
export const EXECUTION_CODE_LABELS: Readonly<Record<string, { own: readonly string[]; corpus: readonly string[] }>> = {
    "ssm-command-or-session-started": {
        own: ["ssm SendCommand AWS-RunShellScript by an admin", "ssm StartSession by a developer"],
        corpus: [
            "aws_ssm_distributed_command#Send Command to Many Instances at Once",
            "aws_ssm_distributed_command#Single Command Send, Many Cached IDs",
            "aws_ssm_distributed_command#Single Command Send, No Cached IDs",
        ],
    },
};
