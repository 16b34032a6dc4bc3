// Labelled events of detections/techniques/credentialAccess.ts: each technique in the
// exact shape CloudTrail records it (the failed attempt included), and the
// routine work that resembles it, which must stay quiet.
import { ACCOUNT, apiCall, assumedRole, Call, CloudTrailEvent, OwnEvent } from "../ownEvents";

const ADMIN = () => assumedRole("PlatformAdmin", "jane.doe");
const DEVELOPER = () => assumedRole("Developer", "sam.lee");
const DEVELOPER_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/sam.lee`;
const INSTANCE = "i-0a1b2c3d4e5f67890";
const INSTANCE_ARN = `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/${INSTANCE}`;
const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE sam@laptop";

const ec2 = (c: Omit<Call, "source">): CloudTrailEvent => apiCall({ ...c, source: "ec2.amazonaws.com" });
const instanceConnect = (c: Omit<Call, "source">): CloudTrailEvent => apiCall({ ...c, source: "ec2-instance-connect.amazonaws.com" });
/** EC2's denial: Client.UnauthorizedOperation with an encoded authorization message. */
const ec2Denied = (action: string): [string, string] => [
    "Client.UnauthorizedOperation",
    `You are not authorized to perform this operation. User: ${DEVELOPER_ARN} is not authorized to perform: ${action} on resource: ${INSTANCE_ARN} because no identity-based policy allows the ${action} action. Encoded authorization failure message: EXAMPLE`,
];

export const CREDENTIAL_ACCESS_EVENTS: readonly OwnEvent[] = [
    // ------------------------------------------------ ec2-instance-connect-key-pushed
    {
        key: "ec2-instance-connect SendSSHPublicKey",
        fires: ["ec2-instance-connect-key-pushed"],
        why: "A one-time key for ec2-user: a login to the instance for 60 seconds.",
        event: instanceConnect({
            name: "SendSSHPublicKey",
            identity: DEVELOPER(),
            request: { instanceId: INSTANCE, instanceOSUser: "ec2-user", sSHPublicKey: SSH_KEY },
            response: { requestId: "0d5b4c1e-7a2f-4b9e-9c3d-EXAMPLE11111", success: true },
        }),
    },
    {
        key: "ec2-instance-connect SendSSHPublicKey denied",
        fires: ["unauthorized-api-calls"],
        why: "No key reached the instance: successful calls only; CIS 4.1 counts the denial.",
        event: instanceConnect({
            name: "SendSSHPublicKey",
            identity: DEVELOPER(),
            request: { instanceId: INSTANCE, instanceOSUser: "root", sSHPublicKey: SSH_KEY },
            error: ["AccessDenied", `User: ${DEVELOPER_ARN} is not authorized to perform: ec2-instance-connect:SendSSHPublicKey on resource: ${INSTANCE_ARN}`],
        }),
    },
    {
        key: "ec2 CreateInstanceConnectEndpoint",
        fires: [],
        lookAlikeOf: ["ec2-instance-connect-key-pushed"],
        why: "An endpoint is plumbing (EC2's call, not Instance Connect's); a login through it is OpenTunnel plus a key push.",
        event: ec2({
            name: "CreateInstanceConnectEndpoint",
            identity: ADMIN(),
            request: { CreateInstanceConnectEndpointRequest: { SubnetId: "subnet-0a1b2c3d4e5f67890", PreserveClientIp: false } },
        }),
    },

    // ------------------------------------------------ ec2-serial-console-access
    {
        key: "ec2 EnableSerialConsoleAccess",
        fires: ["ec2-serial-console-access"],
        why: "Serial console access switched on for the account in this region.",
        event: ec2({ name: "EnableSerialConsoleAccess", identity: ADMIN(), request: { EnableSerialConsoleAccessRequest: "" }, response: { EnableSerialConsoleAccessResponse: { serialConsoleAccessEnabled: true } } }),
    },
    {
        key: "ec2-instance-connect SendSerialConsoleSSHPublicKey",
        fires: ["ec2-serial-console-access"],
        why: "A key for the serial console of one instance: a login with no network path.",
        event: instanceConnect({
            name: "SendSerialConsoleSSHPublicKey",
            identity: ADMIN(),
            request: { instanceId: INSTANCE, serialPort: 0, sSHPublicKey: SSH_KEY },
            response: { requestId: "0d5b4c1e-7a2f-4b9e-9c3d-EXAMPLE22222", success: true },
        }),
    },
    {
        key: "ec2 EnableSerialConsoleAccess denied",
        fires: ["unauthorized-api-calls"],
        why: "Still off: successful calls only.",
        event: ec2({ name: "EnableSerialConsoleAccess", identity: DEVELOPER(), request: { EnableSerialConsoleAccessRequest: "" }, error: ec2Denied("ec2:EnableSerialConsoleAccess") }),
    },
    {
        key: "ec2 DisableSerialConsoleAccess",
        fires: [],
        lookAlikeOf: ["ec2-serial-console-access"],
        why: "Switching it off is the fix.",
        event: ec2({ name: "DisableSerialConsoleAccess", identity: ADMIN(), request: { DisableSerialConsoleAccessRequest: "" }, response: { DisableSerialConsoleAccessResponse: { serialConsoleAccessEnabled: false } } }),
    },
    {
        key: "ec2 GetSerialConsoleAccessStatus",
        fires: [],
        lookAlikeOf: ["ec2-serial-console-access"],
        why: "Reading the setting (scanners do, all day) changes nothing.",
        event: ec2({ name: "GetSerialConsoleAccessStatus", identity: ADMIN(), readOnly: true, request: { GetSerialConsoleAccessStatusRequest: "" } }),
    },

    // ------------------------------------------------ ec2-windows-password-read
    {
        key: "ec2 GetPasswordData",
        fires: ["ec2-windows-password-read"],
        why: "The Administrator password, encrypted to the launch key pair; CloudTrail records it as read-only with the password data left out.",
        event: ec2({ name: "GetPasswordData", identity: DEVELOPER(), readOnly: true, request: { instanceId: INSTANCE } }),
    },
    {
        key: "ec2 GetPasswordData denied",
        fires: ["unauthorized-api-calls"],
        why: "Nothing read: successful calls only.",
        event: ec2({ name: "GetPasswordData", identity: DEVELOPER(), readOnly: true, request: { instanceId: INSTANCE }, error: ec2Denied("ec2:GetPasswordData") }),
    },
    {
        key: "ec2 GetConsoleOutput",
        fires: [],
        lookAlikeOf: ["ec2-windows-password-read"],
        why: "The console output a troubleshooter reads is not the password data.",
        event: ec2({ name: "GetConsoleOutput", identity: DEVELOPER(), readOnly: true, request: { instanceId: INSTANCE } }),
    },

    // ------------------------------------------------ ec2-user-data-read
    {
        key: "ec2 DescribeInstanceAttribute userData",
        fires: ["ec2-user-data-read"],
        why: "User data read: the bootstrap script, and whatever secrets it holds.",
        event: ec2({ name: "DescribeInstanceAttribute", identity: DEVELOPER(), readOnly: true, request: { instanceId: INSTANCE, attribute: "userData" } }),
    },
    {
        key: "ec2 DescribeInstanceAttribute userData denied",
        fires: ["unauthorized-api-calls"],
        why: "Nothing read: successful calls only.",
        event: ec2({ name: "DescribeInstanceAttribute", identity: DEVELOPER(), readOnly: true, request: { instanceId: INSTANCE, attribute: "userData" }, error: ec2Denied("ec2:DescribeInstanceAttribute") }),
    },
    {
        key: "ec2 DescribeInstanceAttribute instanceType",
        fires: [],
        lookAlikeOf: ["ec2-user-data-read"],
        why: "The same call for another attribute is routine inventory.",
        event: ec2({ name: "DescribeInstanceAttribute", identity: DEVELOPER(), readOnly: true, request: { instanceId: INSTANCE, attribute: "instanceType" } }),
    },

    // ------------------------------------------------ ec2-user-data-replaced
    {
        key: "ec2 ModifyInstanceAttribute userData",
        fires: ["ec2-user-data-replaced"],
        why: "New user data on a stopped instance: it runs as root at the next start. CloudTrail writes the data as <sensitiveDataRemoved>.",
        event: ec2({ name: "ModifyInstanceAttribute", identity: DEVELOPER(), request: { instanceId: INSTANCE, userData: "<sensitiveDataRemoved>" }, response: { _return: true } }),
    },
    {
        key: "ec2 ModifyInstanceAttribute userData denied",
        fires: ["unauthorized-api-calls"],
        why: "Nothing replaced: successful calls only.",
        event: ec2({ name: "ModifyInstanceAttribute", identity: DEVELOPER(), request: { instanceId: INSTANCE, userData: "<sensitiveDataRemoved>" }, error: ec2Denied("ec2:ModifyInstanceAttribute") }),
    },
    {
        key: "ec2 ModifyInstanceAttribute disableApiTermination",
        fires: [],
        lookAlikeOf: ["ec2-user-data-replaced"],
        why: "The same call for termination protection: no code runs.",
        event: ec2({ name: "ModifyInstanceAttribute", identity: ADMIN(), request: { instanceId: INSTANCE, disableApiTermination: { value: true } }, response: { _return: true } }),
    },
];

/** Corpus events (tests/detections/corpus) each detection of the file must fire, by detection id. */
export const CREDENTIAL_ACCESS_CORPUS_LABELS: Readonly<Record<string, readonly string[]>> = {
    // Not the denied push (AccessDenied: unauthorized-api-calls').
    "ec2-instance-connect-key-pushed": [
        "aws_ec2_multi_instance_connect#Public SSH Key Sent Successfully - Counts Toward Threshold",
        "aws_ec2_multi_instance_connect#Public SSH Key Sent Successfully to Same Instance - Also Counts",
    ],
    // The corpus has no serial-console event: the own events above are its proof.
    "ec2-serial-console-access": [],
    "ec2-windows-password-read": ["aws_ec2_many_passwors_read_attempts#Successful Attempt"],
    // Panther's own scanner reading user data fires too: a scanner is routine, and the
    // organization's automationPrincipals (tunable) is how it is tuned out, not the pattern.
    "ec2-user-data-read": [
        "aws_ec2_download_instance_user_data#Successful Attempt",
        "aws_ec2_download_instance_user_data#Panther Cloud Security Scanning",
    ],
    "ec2-user-data-replaced": ["aws_ec2_startup_script_change#ModifyInstanceAttributeUserdata"],
};
