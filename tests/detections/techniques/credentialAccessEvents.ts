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

const APP = () => assumedRole("orders-api-task", "a1b2c3d4e5f60718293a4b5c6d7e8f90");
const secretsManager = (c: Omit<Call, "source">): CloudTrailEvent => apiCall({ ...c, source: "secretsmanager.amazonaws.com", readOnly: true });
const ssm = (c: Omit<Call, "source">): CloudTrailEvent => apiCall({ ...c, source: "ssm.amazonaws.com", readOnly: true });
const SECRET_ARN = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/orders/db-AbCdEf`;

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
            // As recorded in Stratus Red Team's detonation logs of aws.lateral-movement.ec2-serial-console-send-ssh-public-key.
            request: { instanceId: INSTANCE, monitorMode: false, sSHPublicKey: SSH_KEY, serialPort: 0 },
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
        key: "ec2 ModifyInstanceAttribute userData as an object with a value",
        fires: ["ec2-user-data-replaced"],
        why: "The same change with the field as the API's attribute-value object (found by a review).",
        event: ec2({ name: "ModifyInstanceAttribute", identity: DEVELOPER(), request: { instanceId: INSTANCE, userData: { value: "<sensitiveDataRemoved>" } }, response: { _return: true } }),
    },
    {
        key: "ec2 ModifyInstanceAttribute attribute userData with a value",
        fires: ["ec2-user-data-replaced"],
        why: "The generic form, as aws ec2 modify-instance-attribute --attribute userData --value sends it (found by a review).",
        event: ec2({ name: "ModifyInstanceAttribute", identity: DEVELOPER(), request: { instanceId: INSTANCE, attribute: "userData", value: "<sensitiveDataRemoved>" }, response: { _return: true } }),
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

    // ------------------------------------------------ secret-read-burst (code: CREDENTIAL_ACCESS_CODE_LABELS)
    // Each of these is one read; the burst (ten by one principal in one file) is built from them
    // in tests/engine/techniquesCredentialAccess.test.ts. Secrets Manager and Parameter Store leave
    // the values out of the record (responseElements null).
    {
        key: "secretsmanager GetSecretValue",
        fires: [],
        why: "One secret's value read: counts toward secret-read-burst (code), quiet alone.",
        event: secretsManager({ name: "GetSecretValue", identity: DEVELOPER(), request: { secretId: SECRET_ARN } }),
    },
    {
        key: "secretsmanager BatchGetSecretValue by filter",
        fires: [],
        why: "Up to 20 secrets' values in one call, chosen by a filter: counts once toward the burst.",
        event: secretsManager({ name: "BatchGetSecretValue", identity: DEVELOPER(), request: { filters: [{ key: "name", values: ["prod/"] }] } }),
    },
    {
        key: "ssm GetParametersByPath with decryption",
        fires: [],
        why: "Every SecureString under a path, decrypted: counts toward the burst.",
        event: ssm({ name: "GetParametersByPath", identity: DEVELOPER(), request: { path: "/prod/", recursive: true, withDecryption: true } }),
    },
    {
        key: "ssm GetParameter with decryption",
        fires: [],
        why: "One SecureString decrypted, by the application at start-up: counts toward the burst, quiet alone.",
        event: ssm({ name: "GetParameter", identity: APP(), request: { name: "/prod/orders/db-password", withDecryption: true } }),
    },
    {
        key: "ssm GetParameters without decryption",
        fires: [],
        why: "Plain parameters, or SecureStrings left encrypted: not a secret read.",
        event: ssm({ name: "GetParameters", identity: APP(), request: { names: ["/prod/orders/feature-flags", "/prod/orders/region"] } }),
    },
    {
        key: "ssm GetParameter with decryption false",
        fires: [],
        why: "withDecryption false returns the ciphertext.",
        event: ssm({ name: "GetParameter", identity: APP(), request: { name: "/prod/orders/db-password", withDecryption: false } }),
    },
    {
        key: "secretsmanager GetSecretValue denied",
        fires: ["unauthorized-api-calls"],
        why: "No value returned: not a read (CIS 4.1 counts the denial).",
        event: secretsManager({
            name: "GetSecretValue",
            identity: DEVELOPER(),
            request: { secretId: SECRET_ARN },
            error: ["AccessDeniedException", `User: ${DEVELOPER_ARN} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${SECRET_ARN} because no identity-based policy allows the secretsmanager:GetSecretValue action`],
        }),
    },
    {
        key: "secretsmanager DescribeSecret",
        fires: [],
        why: "The secret's metadata, not its value.",
        event: secretsManager({ name: "DescribeSecret", identity: DEVELOPER(), request: { secretId: SECRET_ARN } }),
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

/**
 * The own and corpus events on which secret-read-burst's predicate holds (one
 * read each); the threshold (ten by one principal in one file) is proven on
 * files built from them (tests/engine/techniquesCredentialAccess.test.ts).
 */
export const CREDENTIAL_ACCESS_CODE_LABELS: Readonly<Record<string, { own: readonly string[]; corpus: readonly string[] }>> = {
    "secret-read-burst": {
        own: ["secretsmanager GetSecretValue", "secretsmanager BatchGetSecretValue by filter", "ssm GetParametersByPath with decryption", "ssm GetParameter with decryption"],
        // Not the denied GetSecretValue, nor GetParameters without withDecryption.
        corpus: [
            "aws_secretsmanager_retrieve_secrets_batch#BatchGetSecretValue",
            "aws_secretsmanager_retrieve_secrets_catchall#BatchGetSecretValue Catch-All",
            "aws_secretsmanager_retrieve_secrets_catchall#BatchGetSecretValue Catch-All with other filters",
            "aws_secretsmanager_retrieve_secrets_multiregion#BatchGetSecretValue in us-east-1",
            "aws_secretsmanager_retrieve_secrets_multiregion#Non-batch GetSecretValue event - no match",
            "aws_ssm_decrypt_ssm_params#Single Secret Accessed in Single Event",
            "aws_ssm_decrypt_ssm_params#Multiple Secrets Accessed in Same Event",
            "aws_ssm_decrypt_ssm_params#Multiple Secrets Accessed in Same Event With Prior Cached Parameters",
        ],
    },
};
