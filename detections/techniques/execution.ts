// Execution and impact: commands run on instances, unusual compute, model invocation (issue 17).
// Each entry follows the catalog's rules (detections/catalog.ts): a stable id,
// texts, severity, the ATT&CK technique, a pattern (metric filter and engine)
// or a predicate (engine only), and labelled events in
// tests/detections/techniques/.
//
// ssm-command-or-session-started is code, evaluated by the engine only: Run
// Command and Session Manager are routine for patching and deployment
// automation, and only the engine knows the tuning's automation principals
// (a metric filter would page on every patch run).
// instance-family-not-used-launched is code too: it compares the launched
// type with the audit stack's usedInstanceFamilies, a list no filter pattern
// holds (large-instance-launched, the metric filter, watches sizes).
// model-invoked-outside-bedrock-accounts is code: it compares the account
// with the audit stack's bedrockAccounts.
import type { Detection, DetectionContext } from "../catalog";
import type { CloudTrailRecord } from "../../engine/record";
import { MODEL_INVOCATION_CALLS, SSM_EXECUTION_CALLS } from "../calls";

const FIRST_CALL = { threshold: 1, periodSeconds: 300 };

/**
 * A successful SendCommand, StartSession or StartAutomationExecution made by a principal (not by an
 * AWS service on its own behalf). A denied attempt ran nothing:
 * unauthorized-api-calls counts it. Which principals are routine automation
 * is the tuning's to say (tunable).
 */
export function ssmCommandOrSession(record: CloudTrailRecord): boolean {
    return (
        record.eventSource === SSM_EXECUTION_CALLS.eventSource &&
        SSM_EXECUTION_CALLS.eventNames.includes(record.eventName ?? "") &&
        record.errorCode === undefined &&
        record.userIdentity?.type !== "AWSService"
    );
}

// ---- Instance families the organization does not use ------------------------------

/** An instance type as RunInstances records it: a string, or `{ value }` in some records. */
function typeName(v: unknown): string | undefined {
    if (typeof v === "string") return v;
    if (v !== null && typeof v === "object" && typeof (v as { value?: unknown }).value === "string") return (v as { value: string }).value;
    return undefined;
}

/**
 * The instance types a RunInstances record names: the request's (absent
 * when a launch template chose it) and each launched instance's in the
 * response (absent when the call failed).
 */
export function launchedInstanceTypes(record: CloudTrailRecord): string[] {
    const types = [typeName(record.requestParameters?.instanceType)];
    const items = (record.responseElements as { instancesSet?: { items?: unknown } } | null | undefined)?.instancesSet?.items;
    if (Array.isArray(items)) for (const item of items) types.push(typeName((item as { instanceType?: unknown } | null)?.instanceType));
    return [...new Set(types.filter((t): t is string => t !== undefined && t !== ""))];
}

/** The family of an instance type: the part before the dot (p4d of p4d.24xlarge), lower case. */
export const instanceFamily = (type: string): string => type.split(".")[0].toLowerCase();

/**
 * RunInstances of a family not in the audit stack's usedInstanceFamilies,
 * whatever its outcome: a launch that was denied (UnauthorizedOperation),
 * refused for quota (VcpuLimitExceeded) or only tried (DryRunOperation) is
 * the cryptominer finding out what the stolen key may run. Off while the
 * list is empty. A denied launch from a launch template names no type and
 * stays quiet (the template's type is not in the record).
 */
export function instanceFamilyNotUsed(record: CloudTrailRecord, ctx: DetectionContext): boolean {
    const used = ctx.settings.usedInstanceFamilies ?? [];
    if (used.length === 0) return false;
    if (record.eventSource !== "ec2.amazonaws.com" || record.eventName !== "RunInstances") return false;
    const known = new Set(used.map((f) => f.toLowerCase()));
    return launchedInstanceTypes(record).some((t) => !known.has(instanceFamily(t)));
}

// ---- Model invocation where Bedrock is not used ---------------------------------------

/**
 * A Bedrock model invoked (InvokeModel and its streaming, bidirectional, asynchronous and batch forms,
 * Converse, ConverseStream) in an account not in the audit stack's
 * bedrockAccounts, whatever the outcome: "LLMjacking" with stolen keys
 * starts with calls that fail (AccessDeniedException, or a
 * ValidationException from a deliberately bad request that proves the
 * model may be called). An empty list means no account uses Bedrock:
 * every invocation alerts.
 */
export function modelInvokedOutsideBedrockAccounts(record: CloudTrailRecord, ctx: DetectionContext): boolean {
    if (record.eventSource !== MODEL_INVOCATION_CALLS.eventSource || !MODEL_INVOCATION_CALLS.eventNames.includes(record.eventName ?? "")) return false;
    const account = record.recipientAccountId ?? record.userIdentity?.accountId;
    return !(ctx.settings.bedrockAccounts ?? []).includes(account ?? "");
}

export const EXECUTION: readonly Detection[] = [
    {
        id: "ssm-command-or-session-started",
        severity: "medium",
        title: "A command was sent to instances, a shell session opened on one, or an Automation runbook started through Systems Manager",
        catches:
            "Successful SendCommand (Run Command), StartSession (Session Manager) and StartAutomationExecution (Automation runbooks) by principals other than the organization's automation (automationPrincipals)",
        why:
            "Run Command and Session Manager run anything as root or SYSTEM on every managed instance the caller can name, without SSH keys or open ports: " +
            "the way in to workloads and their instance-role credentials once an AWS identity is stolen; a runbook acts as its own assume role, often more privileged than the caller. " +
            "Medium (pages in hours, not now): people and tools use them daily; set automationPrincipals to the patching and deployment roles so what remains is hands-on use.",
        firstCheck:
            "Who (userIdentity.arn, sourceIPAddress), which instances (requestParameters.instanceIds, targets or target) and document (documentName, and for a runbook its parameters' AutomationAssumeRole); " +
            "the command's output and text: aws ssm list-command-invocations --command-id <responseElements.command.commandId> --details, or the session log (aws ssm describe-sessions --state History).",
        technique: "T1651 Cloud Administration Command",
        predicate: ssmCommandOrSession,
        tunable: true,
        ...FIRST_CALL,
    },
    {
        id: "instance-family-not-used-launched",
        severity: "high",
        title: "An EC2 instance of a family the organization does not use was launched or attempted",
        catches:
            "RunInstances of an instance type whose family (t3 of t3.large) is not in the audit stack's usedInstanceFamilies: launches, and attempts denied, refused for quota or dry-run; off while the list is empty",
        why:
            "Stolen keys are turned into cryptocurrency on GPU and compute families the victim never runs (p, g, c7...), at thousands of dollars a day; " +
            "the denied attempt is often the only trace before the attacker finds a role that may. " +
            "High (pages now): the spend runs by the hour, and a new project's family is one line of config to add.",
        firstCheck:
            "Who (userIdentity.arn, sourceIPAddress, userAgent) launched or tried what (requestParameters.instanceType, instancesSet maxCount) in which region, and errorCode; " +
            "aws ec2 describe-instances --filters Name=instance-type,Values=<type> in every region, and the principal's other calls in the last hour (the Athena pivot).",
        technique: "T1496.001 Resource Hijacking: Compute Hijacking",
        predicate: instanceFamilyNotUsed,
        ...FIRST_CALL,
    },
    {
        id: "model-invoked-outside-bedrock-accounts",
        severity: "high",
        title: "An Amazon Bedrock model was invoked, or an invocation attempted, in an account that does not use Bedrock",
        catches:
            "InvokeModel, InvokeModelWithResponseStream, Converse, ConverseStream and CreateModelInvocationJob (management events, recorded by default), and InvokeModelWithBidirectionalStream and StartAsyncInvoke (data events: only where a trail records Bedrock data events), in an account not in the audit stack's bedrockAccounts, denied and invalid calls included; with the list empty, in every account",
        why:
            "Stolen keys are resold for model access (LLMjacking): the victim pays for someone else's prompts, at tens of thousands of dollars a day, " +
            "and the first calls are the attacker's probes, which fail. Where no workload calls Bedrock, any invocation is someone else's. " +
            "High (pages now): the spend runs by the hour; an account that starts using Bedrock is one line of bedrockAccounts.",
        firstCheck:
            "Who (userIdentity.arn, accessKeyId, sourceIPAddress, userAgent) called which model (requestParameters.modelId) in which account and region, and errorCode; " +
            "whether model access was just enabled (PutFoundationModelEntitlement, PutUseCaseForModelAccess) and model invocation logging switched off (DeleteModelInvocationLoggingConfiguration).",
        technique: "T1496 Resource Hijacking",
        predicate: modelInvokedOutsideBedrockAccounts,
        ...FIRST_CALL,
    },
];
