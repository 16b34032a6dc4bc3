// Credential access and lateral movement: keys pushed to instances, secrets read in bursts (issue 17).
// Each entry follows the catalog's rules (detections/catalog.ts): a stable id,
// texts, severity, the ATT&CK technique, a pattern (metric filter and engine)
// or a predicate (engine only), and labelled events in
// tests/detections/techniques/.
//
// The first five are patterns (metric filter and engine); secret-read-burst is
// code (engine only): a burst by ONE principal needs a count per principal,
// which a metric filter cannot keep (see its entry). All count successful
// calls only: a denied attempt gave nothing away, and unauthorized-api-calls
// (CIS 4.1) already counts denials.
import type { Detection } from "../catalog";
import type { CloudTrailRecord } from "../../engine/record";
import {
    INSTANCE_CONNECT_KEY_CALLS,
    PARAMETER_READ_CALLS,
    PASSWORD_DATA_CALLS,
    SECRET_VALUE_CALLS,
    SERIAL_CONSOLE_ENABLE_CALLS,
    SERIAL_CONSOLE_KEY_CALLS,
    USER_DATA_READ_CALLS,
    USER_DATA_REPLACE_CALLS,
} from "../calls";
import { all, callTerm, either, patternOf, SUCCEEDED } from "../terms";

const FIRST_CALL = { threshold: 1, periodSeconds: 300 };

/** DescribeInstanceAttribute for userData only: the same call reads instanceType, disableApiTermination... all day. */
const USER_DATA_READ = all(callTerm(USER_DATA_READ_CALLS), '($.requestParameters.attribute = "userData")');
/**
 * ModifyInstanceAttribute carrying user data, in each form the API takes:
 * the userData field, which CloudTrail writes as "<sensitiveDataRemoved>"
 * (the wildcard takes any string it may write instead; CloudWatch has no bare
 * EXISTS), the same field as an object with a value, and the generic form
 * `attribute: userData` with a value (the CLI's --attribute userData --value),
 * the last two found by a review.
 */
const USER_DATA_REPLACED = all(
    callTerm(USER_DATA_REPLACE_CALLS),
    either('($.requestParameters.userData = "*")', '($.requestParameters.userData.value = "*")', '($.requestParameters.attribute = "userData")'),
);

const isCall = (r: CloudTrailRecord, c: { eventSource: string; eventNames: readonly string[] }): boolean =>
    r.eventSource === c.eventSource && typeof r.eventName === "string" && c.eventNames.includes(r.eventName);

/**
 * A successful read of secret values: Secrets Manager's GetSecretValue or
 * BatchGetSecretValue, or a Parameter Store read with withDecryption true
 * (without it a SecureString comes back encrypted). Each record counts once,
 * however many secrets it returned (a BatchGetSecretValue up to 20, a
 * GetParameters up to 10): the response's values are not in the record.
 */
export function secretValueRead(record: CloudTrailRecord): boolean {
    if (record.errorCode !== undefined && record.errorCode !== null) return false;
    if (isCall(record, SECRET_VALUE_CALLS)) return true;
    // CloudTrail writes the JSON boolean; the string is what a hand-built or re-serialised record may carry.
    const decrypt = record.requestParameters?.withDecryption;
    return isCall(record, PARAMETER_READ_CALLS) && (decrypt === true || decrypt === "true");
}

/** The default burst: this many secret reads by one principal in one log file (about five minutes, one account and region). */
export const SECRET_READ_BURST = 10;

export const CREDENTIAL_ACCESS: readonly Detection[] = [
    {
        id: "ec2-instance-connect-key-pushed",
        severity: "medium",
        title: "An SSH key was pushed to an instance with EC2 Instance Connect",
        catches: "Successful ec2-instance-connect:SendSSHPublicKey (the console's Connect button and the CLI's ssh command)",
        why:
            "Whoever may call SendSSHPublicKey logs in to the instance as the OS user named, with the instance's role and network position, " +
            "without any key pair of the instance's. Medium (pages in hours), tunable: operators and bastion automation use it routinely; tune them out.",
        firstCheck:
            "Which instance and OS user (requestParameters.instanceId, instanceOSUser) by whom from where; was the session expected (a ticket, an on-call shift)?",
        technique: "T1021.004 Remote Services: SSH",
        pattern: patternOf(callTerm(INSTANCE_CONNECT_KEY_CALLS), SUCCEEDED),
        tunable: true,
        ...FIRST_CALL,
    },
    {
        id: "ec2-serial-console-access",
        severity: "high",
        title: "EC2 serial console access was enabled, or a key pushed for it",
        catches: "Successful ec2:EnableSerialConsoleAccess (account-wide, per region) and ec2-instance-connect:SendSerialConsoleSSHPublicKey",
        why:
            "The serial console reaches an instance's console without any network path, security group or SSH daemon: a way in that the network controls do not see. " +
            "It is a break-glass tool, off by default; high (pages now). Not tunable: automation has no business here.",
        firstCheck:
            "Which account and region (EnableSerialConsoleAccess) or instance (requestParameters.instanceId) by whom; aws ec2 get-serial-console-access-status; " +
            "disable it (aws ec2 disable-serial-console-access) if no incident explains it.",
        technique: "T1021 Remote Services",
        pattern: patternOf(either(callTerm(SERIAL_CONSOLE_KEY_CALLS), callTerm(SERIAL_CONSOLE_ENABLE_CALLS)), SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        id: "ec2-windows-password-read",
        severity: "medium",
        title: "A Windows instance's administrator password data was read",
        catches: "Successful ec2:GetPasswordData (recorded as a read-only management event: a trail that drops read events does not see it)",
        why:
            "The data is the instance's Administrator password encrypted to its launch key pair: with that private key it is a local administrator login. " +
            "Medium (pages in hours), tunable: provisioning tools fetch it after launch.",
        firstCheck: "Which instance (requestParameters.instanceId) by whom from where; who holds the key pair it launched with; rotate the password if unexplained.",
        technique: "T1552 Unsecured Credentials",
        pattern: patternOf(callTerm(PASSWORD_DATA_CALLS), SUCCEEDED),
        tunable: true,
        ...FIRST_CALL,
    },
    {
        id: "ec2-user-data-read",
        severity: "low",
        title: "An instance's user data was read",
        catches: "Successful ec2:DescribeInstanceAttribute for the userData attribute (other attributes stay quiet)",
        why:
            "User data often carries bootstrap secrets (database passwords, tokens) in clear text, and any principal with ec2:DescribeInstanceAttribute reads it. " +
            "Low (daily digest), tunable: security scanners read every instance's user data; tune them out.",
        firstCheck: "Which instance (requestParameters.instanceId) by whom; does its user data hold secrets (move them to Secrets Manager and rotate them)?",
        technique: "T1552.005 Unsecured Credentials: Cloud Instance Metadata API",
        pattern: patternOf(USER_DATA_READ, SUCCEEDED),
        tunable: true,
        ...FIRST_CALL,
    },
    {
        id: "ec2-user-data-replaced",
        severity: "high",
        title: "An instance's user data was replaced",
        catches: "Successful ec2:ModifyInstanceAttribute that sets userData (on a stopped instance: it runs at the next start)",
        why:
            "User data runs as root (or SYSTEM) when the instance starts: replacing it and restarting the instance runs the attacker's script with the instance's role. " +
            "High (pages now), tunable: some deployment tooling rewrites it.",
        firstCheck:
            "Which instance (requestParameters.instanceId) by whom; aws ec2 describe-instance-attribute --attribute userData (base64) for what it now runs; " +
            "whether the instance was stopped and started around it (StopInstances, StartInstances).",
        technique: "T1059.009 Command and Scripting Interpreter: Cloud API",
        pattern: patternOf(USER_DATA_REPLACED, SUCCEEDED),
        // Not tunable: replaced user data runs as root at the next boot, whoever replaced it (review, issue 17).
        ...FIRST_CALL,
    },
    {
        id: "secret-read-burst",
        severity: "high",
        title: "One principal read many secrets at once",
        catches:
            `At least ${SECRET_READ_BURST} successful GetSecretValue, BatchGetSecretValue, or SSM GetParameter(s)(ByPath) with withDecryption, by one principal in one log file (engine only)`,
        why:
            "Harvesting every secret an identity can reach is what stolen credentials do first (Stratus Red Team's secretsmanager and ssm techniques); applications read the few they need, and cache them. " +
            "High (pages now): the secrets are usable the moment they are read. Tunable: raise the threshold, or ignore the principals (a secrets sync job) that read many by design.",
        firstCheck:
            "Which principal (userIdentity.arn) from where read which secrets (the alert's events: requestParameters.secretId, secretIdList, filters, names, path); " +
            "whether it ever did before; rotate the secrets if not explained.",
        technique: "T1555.006 Credentials from Password Stores: Cloud Secrets Management Stores",
        // Code, not a pattern: the metric filter's alarm would sum every principal's reads across the
        // organization per period, so ten services reading one secret each at start-up would page; the
        // engine counts each principal's reads within one file (countPer), so only one principal's burst does.
        // Its window is one log file (about five minutes of one account and region) unless tuned with
        // windowMinutes: without one, a burst spread thinner, or across regions, stays under it.
        predicate: secretValueRead,
        countPer: "principal",
        tunable: true,
        threshold: SECRET_READ_BURST,
        periodSeconds: 300,
    },
];
