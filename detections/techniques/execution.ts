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
import type { Detection } from "../catalog";
import type { CloudTrailRecord } from "../../engine/record";
import { SSM_EXECUTION_CALLS } from "../calls";

const FIRST_CALL = { threshold: 1, periodSeconds: 300 };

/**
 * A successful SendCommand or StartSession made by a principal (not by an
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

export const EXECUTION: readonly Detection[] = [
    {
        id: "ssm-command-or-session-started",
        severity: "medium",
        title: "A command was sent to instances or a shell session opened on one through Systems Manager",
        catches:
            "Successful SendCommand (Run Command) and StartSession (Session Manager) by principals other than the organization's automation (automationPrincipals)",
        why:
            "Run Command and Session Manager run anything as root or SYSTEM on every managed instance the caller can name, without SSH keys or open ports: " +
            "the way in to workloads and their instance-role credentials once an AWS identity is stolen. " +
            "Medium (pages in hours, not now): people and tools use them daily; set automationPrincipals to the patching and deployment roles so what remains is hands-on use.",
        firstCheck:
            "Who (userIdentity.arn, sourceIPAddress), which instances (requestParameters.instanceIds, targets or target) and document (documentName); " +
            "the command's output and text: aws ssm list-command-invocations --command-id <responseElements.command.commandId> --details, or the session log (aws ssm describe-sessions --state History).",
        technique: "T1651 Cloud Administration Command",
        predicate: ssmCommandOrSession,
        tunable: true,
        ...FIRST_CALL,
    },
];
