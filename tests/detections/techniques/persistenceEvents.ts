// Labelled events of detections/techniques/persistence.ts: each technique in the
// exact shape CloudTrail records it (the failed attempt included), and the
// routine work that resembles it, which must stay quiet.
//
// `fires` and `lookAlikeOf` name detections with a pattern only (the metric
// filters' test checks them); the three detections written as code are
// labelled in PERSISTENCE_CODE_LABELS below and proven through the engine by
// tests/engine/techniquesPersistence.test.ts, with the organization's accounts
// ORG_ACCOUNTS.
import { ACCOUNT, apiCall, assumedRole, Call, CloudTrailEvent, iamUser, Identity, OwnEvent } from "../ownEvents";

/** Another account of the organization (the engine's ctx.accounts in the code test), and one outside it. */
export const ORG_MEMBER_ACCOUNT = "444455556666";
export const OUTSIDE_ACCOUNT = "999988887777";
/** The organization the code test's settings name (tests/engine/fixtures.ts ORG_ID). */
const ORG_ID = "o-a1b2c3d4e5";

const ADMIN = () => assumedRole("PlatformAdmin", "jane.doe");
const DEVELOPER = () => assumedRole("Developer", "sam.lee");
const TERRAFORM = () => assumedRole("TerraformApply", "terraform-run-4711");
/** A role session named after the user whose credentials it changes: the name is the assumer's choice and proves nothing. */
const SESSION_NAMED_BOB = () => assumedRole("PlatformAdmin", "bob");

const iam = (c: Omit<Call, "source" | "region">): CloudTrailEvent => apiCall({ ...c, source: "iam.amazonaws.com", region: "us-east-1" });
const denied = (code: string, who: string, action: string, resource: string): [string, string] => [
    code,
    `User: ${who} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
];
const DEVELOPER_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/sam.lee`;

function createAccessKey(identity: Identity, userName: string | undefined, error?: [string, string]): CloudTrailEvent {
    return iam({
        name: "CreateAccessKey",
        identity,
        request: userName === undefined ? null : { userName },
        response: {
            accessKey: { userName: userName ?? (identity.userName as string), accessKeyId: "AKIAQXAMPLENEWKEY001", status: "Active", createDate: "Mar 4, 2025 9:12:45 AM" },
        },
        error,
    });
}

function loginProfile(name: "CreateLoginProfile" | "UpdateLoginProfile", identity: Identity, userName: string, error?: [string, string]): CloudTrailEvent {
    // The password itself is never recorded.
    return iam({
        name,
        identity,
        request: { userName, passwordResetRequired: true },
        response: name === "CreateLoginProfile" ? { loginProfile: { userName, createDate: "Mar 4, 2025 9:12:45 AM", passwordResetRequired: true } } : null,
        error,
    });
}

/** A trust policy as IAM receives it: the JSON text, as CloudTrail records it in requestParameters. */
function trust(statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
const assume = (principal: unknown, condition?: Record<string, unknown>): Record<string, unknown> => ({
    Effect: "Allow",
    Principal: principal,
    Action: "sts:AssumeRole",
    ...(condition ? { Condition: condition } : {}),
});

function updateTrust(roleName: string, policyDocument: string, identity: Identity = ADMIN(), error?: [string, string]): CloudTrailEvent {
    return iam({ name: "UpdateAssumeRolePolicy", identity, request: { roleName, policyDocument }, error });
}

function createRole(roleName: string, assumeRolePolicyDocument: string, identity: Identity = TERRAFORM()): CloudTrailEvent {
    return iam({
        name: "CreateRole",
        identity,
        request: { roleName, assumeRolePolicyDocument, path: "/", maxSessionDuration: 3600 },
        response: {
            role: {
                path: "/",
                roleName,
                roleId: "AROAQXAMPLENEWROLE01",
                arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
                createDate: "Mar 4, 2025 9:12:45 AM",
                assumeRolePolicyDocument: encodeURIComponent(assumeRolePolicyDocument),
            },
        },
    });
}

const FUNCTION_ARN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orders-api`;
/**
 * AddPermission as CloudTrail names it (the API version is part of the name) and records it.
 * Lambda's event names, per the Lambda developer guide ("Logging AWS Lambda API calls using
 * AWS CloudTrail", which lists "when the event name differs from the API action name"):
 * AddPermission20150331v2, UpdateFunctionCode20150331v2, UpdateFunctionConfiguration20150331v2;
 * CreateFunctionUrlConfig and UpdateFunctionUrlConfig carry no suffix.
 */
function addPermission(request: Record<string, unknown>, identity: Identity = ADMIN(), error?: [string, string]): CloudTrailEvent {
    const full: Record<string, unknown> = { functionName: "orders-api", statementId: "invoke-1", action: "lambda:InvokeFunction", ...request };
    return apiCall({
        source: "lambda.amazonaws.com",
        name: "AddPermission20150331v2",
        identity,
        request: full,
        response: { statement: JSON.stringify({ Sid: full.statementId, Effect: "Allow", Principal: full.principal, Action: full.action, Resource: FUNCTION_ARN }) },
        error,
    });
}

/**
 * IAM's other user credentials as CloudTrail records them: IAM's query
 * parameters with the first letter lowered (UserName -> userName,
 * SSHPublicKeyBody -> sSHPublicKeyBody, as CreateAccessKey's accessKeyId).
 * Secrets (the service password) are not recorded. Request names from the IAM
 * API reference (UploadSSHPublicKey, CreateServiceSpecificCredential,
 * UploadSigningCertificate, and the Update* calls with Status Active|Inactive).
 */
function otherCredential(name: string, identity: Identity, request: Record<string, unknown> | null, response: Record<string, unknown> | null = null, error?: [string, string]): CloudTrailEvent {
    return iam({ name, identity, request, response: error ? null : response, error });
}
const SSH_KEY_BODY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDEXAMPLEKEYBODY attacker@laptop";
const sshKeyUploaded = (identity: Identity, userName: string) =>
    otherCredential("UploadSSHPublicKey", identity, { userName, sSHPublicKeyBody: SSH_KEY_BODY }, {
        sSHPublicKey: { userName, sSHPublicKeyId: "APKAQXAMPLESSHKEY001", fingerprint: "1a:2b:3c:4d:5e:6f:70:81:92:a3:b4:c5:d6:e7:f8:09", sSHPublicKeyBody: SSH_KEY_BODY, status: "Active", uploadDate: "Mar 4, 2025 9:12:45 AM" },
    });
const CERT_BODY = "-----BEGIN CERTIFICATE-----\nMIIB...EXAMPLE\n-----END CERTIFICATE-----";

const rolesAnywhere = (c: Omit<Call, "source">): CloudTrailEvent => apiCall({ ...c, source: "rolesanywhere.amazonaws.com" });
const TRUST_ANCHOR_ARN = `arn:aws:rolesanywhere:eu-west-1:${ACCOUNT}:trust-anchor/0a1b2c3d-4e5f-6789-abcd-ef0123456789`;

export const PERSISTENCE_EVENTS: readonly OwnEvent[] = [
    // ------------------------------------------------ access keys (code: iam-access-key-created-for-another-user)
    {
        key: "iam CreateAccessKey by an admin role for user ci-deployer",
        fires: [],
        why: "A role session creating a key for an IAM user: always another user. No metric filter; the engine's code detection fires.",
        event: createAccessKey(ADMIN(), "ci-deployer"),
    },
    {
        key: "iam CreateAccessKey by IAM user alice for user bob",
        fires: [],
        why: "One IAM user creating a key for another: the textbook case.",
        event: createAccessKey(iamUser("alice"), "bob"),
    },
    {
        key: "iam CreateAccessKey by a role session named after the user",
        fires: [],
        why: "Session name bob, user bob: the session is still a role, and its name is whatever the assumer chose.",
        event: createAccessKey(SESSION_NAMED_BOB(), "bob"),
    },
    {
        key: "iam UpdateAccessKey reactivating user bob's dormant key",
        fires: [],
        why: "The same backdoor without a new key: another user's key switched back to Active (found by a review).",
        event: iam({ name: "UpdateAccessKey", identity: ADMIN(), request: { userName: "bob", accessKeyId: "AKIAQXAMPLEKEY00BOB1", status: "Active" }, response: null }),
    },
    {
        key: "iam UpdateAccessKey deactivating user bob's key",
        fires: [],
        why: "Switching a key off is clean-up, not access: iam-access-key-created-for-another-user (code) stays quiet.",
        event: iam({ name: "UpdateAccessKey", identity: ADMIN(), request: { userName: "bob", accessKeyId: "AKIAQXAMPLEKEY00BOB1", status: "Inactive" }, response: null }),
    },
    {
        key: "iam CreateAccessKey by IAM user alice for herself, named",
        fires: [],
        why: "The routine look-alike: the console's Security credentials page names the caller's own user.",
        event: createAccessKey(iamUser("alice"), "alice"),
    },
    {
        key: "iam CreateAccessKey by IAM user alice for herself, in another case",
        fires: [],
        why: "IAM user names are unique without regard to case: Alice is alice.",
        event: createAccessKey(iamUser("alice"), "Alice"),
    },
    {
        key: "iam CreateAccessKey by IAM user alice, no user named",
        fires: [],
        why: "Without userName the key is for the caller.",
        event: createAccessKey(iamUser("alice"), undefined),
    },
    {
        key: "iam CreateAccessKey for another user denied",
        fires: ["unauthorized-api-calls"],
        why: "The failed attempt: no key exists, so the code detection stays quiet; the denial counts towards unauthorized-api-calls.",
        event: createAccessKey(DEVELOPER(), "ci-deployer", denied("AccessDenied", DEVELOPER_ARN, "iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/ci-deployer`)),
    },
    {
        key: "iam CreateAccessKey for another user over the key limit",
        fires: [],
        why: "LimitExceeded (two keys already): nothing was created, and it is not a denial.",
        event: createAccessKey(ADMIN(), "ci-deployer", ["LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2"]),
    },

    {
        key: "iam CreateServiceSpecificCredential by an admin role for user bob",
        fires: [],
        why: "A CodeCommit user name and password for bob, known to whoever made it (found by a review). The engine's code detection fires.",
        event: otherCredential("CreateServiceSpecificCredential", ADMIN(), { userName: "bob", serviceName: "codecommit.amazonaws.com" }, {
            serviceSpecificCredential: {
                createDate: "Mar 4, 2025 9:12:45 AM",
                serviceName: "codecommit.amazonaws.com",
                serviceUserName: "bob-at-123456789012",
                serviceSpecificCredentialId: "ACCAQXAMPLESERVICE01",
                userName: "bob",
                status: "Active",
            },
        }),
    },
    {
        key: "iam ResetServiceSpecificCredential by IAM user alice for user bob",
        fires: [],
        why: "A new password for bob's existing credential, returned to alice.",
        event: otherCredential("ResetServiceSpecificCredential", iamUser("alice"), { userName: "bob", serviceSpecificCredentialId: "ACCAQXAMPLESERVICE01" }),
    },
    {
        key: "iam UploadSSHPublicKey by an admin role for user bob",
        fires: [],
        why: "The caller's SSH key now signs in to CodeCommit as bob.",
        event: sshKeyUploaded(ADMIN(), "bob"),
    },
    {
        key: "iam UploadSigningCertificate by IAM user alice for user bob",
        fires: [],
        why: "A signing certificate of alice's making for bob.",
        event: otherCredential("UploadSigningCertificate", iamUser("alice"), { userName: "bob", certificateBody: CERT_BODY }, {
            certificate: { userName: "bob", certificateId: "QXAMPLECERTIFICATEID0000000000001", certificateBody: CERT_BODY, status: "Active", uploadDate: "Mar 4, 2025 9:12:45 AM" },
        }),
    },
    {
        key: "iam UpdateSSHPublicKey reactivating user bob's key",
        fires: [],
        why: "A dormant SSH key of bob's switched back on, like UpdateAccessKey to Active.",
        event: otherCredential("UpdateSSHPublicKey", ADMIN(), { userName: "bob", sSHPublicKeyId: "APKAQXAMPLESSHKEY001", status: "Active" }),
    },
    {
        key: "iam UpdateServiceSpecificCredential reactivating user bob's credential",
        fires: [],
        why: "A dormant service credential of bob's switched back on.",
        event: otherCredential("UpdateServiceSpecificCredential", ADMIN(), { userName: "bob", serviceSpecificCredentialId: "ACCAQXAMPLESERVICE01", status: "Active" }),
    },
    {
        key: "iam UpdateSigningCertificate reactivating user bob's certificate",
        fires: [],
        why: "A dormant certificate of bob's switched back on.",
        event: otherCredential("UpdateSigningCertificate", iamUser("alice"), { userName: "bob", certificateId: "QXAMPLECERTIFICATEID0000000000001", status: "Active" }),
    },
    {
        key: "iam UploadSSHPublicKey by IAM user alice for herself",
        fires: [],
        why: "The routine look-alike: a developer adding their own key for CodeCommit.",
        event: sshKeyUploaded(iamUser("alice"), "alice"),
    },
    {
        key: "iam UploadSigningCertificate by IAM user alice, no user named",
        fires: [],
        why: "Without userName the certificate is the caller's own.",
        event: otherCredential("UploadSigningCertificate", iamUser("alice"), { certificateBody: CERT_BODY }, {
            certificate: { userName: "alice", certificateId: "QXAMPLECERTIFICATEID0000000000002", certificateBody: CERT_BODY, status: "Active", uploadDate: "Mar 4, 2025 9:12:45 AM" },
        }),
    },
    {
        key: "iam UpdateSSHPublicKey deactivating user bob's key",
        fires: [],
        why: "Switching a credential off is clean-up, not access.",
        event: otherCredential("UpdateSSHPublicKey", ADMIN(), { userName: "bob", sSHPublicKeyId: "APKAQXAMPLESSHKEY001", status: "Inactive" }),
    },
    {
        key: "iam CreateServiceSpecificCredential for another user denied",
        fires: ["unauthorized-api-calls"],
        why: "The failed attempt: no credential exists.",
        event: otherCredential(
            "CreateServiceSpecificCredential",
            DEVELOPER(),
            { userName: "bob", serviceName: "codecommit.amazonaws.com" },
            null,
            denied("AccessDenied", DEVELOPER_ARN, "iam:CreateServiceSpecificCredential", `arn:aws:iam::${ACCOUNT}:user/bob`),
        ),
    },

    // ------------------------------------------------ console passwords (code: iam-console-password-set-for-another-user)
    {
        key: "iam CreateLoginProfile by an admin role for user bob",
        fires: [],
        why: "A console password for a user who had none. No metric filter; the engine's code detection fires.",
        event: loginProfile("CreateLoginProfile", ADMIN(), "bob"),
    },
    {
        key: "iam UpdateLoginProfile by IAM user alice for user bob",
        fires: [],
        why: "Replacing another user's password takes over their console sign-in.",
        event: loginProfile("UpdateLoginProfile", iamUser("alice"), "bob"),
    },
    {
        key: "iam UpdateLoginProfile by IAM user alice for herself",
        fires: [],
        why: "A user resetting their own password through UpdateLoginProfile: quiet.",
        event: loginProfile("UpdateLoginProfile", iamUser("alice"), "alice"),
    },
    {
        key: "iam ChangePassword by IAM user alice",
        fires: [],
        why: "The ordinary own-password change: another call, with no userName.",
        event: iam({ name: "ChangePassword", identity: iamUser("alice"), request: null }),
    },
    {
        key: "iam CreateLoginProfile for another user denied",
        fires: ["unauthorized-api-calls"],
        why: "The failed attempt: no password was set.",
        event: loginProfile("CreateLoginProfile", DEVELOPER(), "bob", denied("AccessDenied", DEVELOPER_ARN, "iam:CreateLoginProfile", `arn:aws:iam::${ACCOUNT}:user/bob`)),
    },

    // ------------------------------------------------ trust policies (code: iam-role-trusts-outside-organization)
    {
        key: "iam UpdateAssumeRolePolicy trusting an account outside the organization",
        fires: ["iam-role-trust-policy-changed"],
        why: "The backdoor: an account the organization does not have can now assume the role. The metric filter's backstop fires on any rewrite.",
        event: updateTrust("PlatformAdmin", trust([assume({ AWS: `arn:aws:iam::${OUTSIDE_ACCOUNT}:root` })])),
    },
    {
        key: "iam UpdateAssumeRolePolicy trusting an organization account",
        fires: ["iam-role-trust-policy-changed"],
        why: "Cross-account trust inside the organization: the backstop fires, the code detection stays quiet.",
        event: updateTrust("DeployTarget", trust([assume({ AWS: [`arn:aws:iam::${ORG_MEMBER_ACCOUNT}:role/PulumiDeployer`, ORG_MEMBER_ACCOUNT] })])),
    },
    {
        key: "iam UpdateAssumeRolePolicy trusting an outside account, URL-encoded",
        fires: ["iam-role-trust-policy-changed"],
        why: "Some clients send the document URL-encoded: it is decoded before it is read.",
        event: updateTrust("DataReader", encodeURIComponent(trust([assume({ AWS: `arn:aws:iam::${OUTSIDE_ACCOUNT}:role/vendor-scanner` })]))),
    },
    {
        key: "iam UpdateAssumeRolePolicy trusting an outside account denied",
        fires: ["unauthorized-api-calls"],
        why: "The failed attempt changed no trust: neither the backstop (successful calls only) nor the code detection fires.",
        event: updateTrust(
            "PlatformAdmin",
            trust([assume({ AWS: `arn:aws:iam::${OUTSIDE_ACCOUNT}:root` })]),
            DEVELOPER(),
            denied("AccessDenied", DEVELOPER_ARN, "iam:UpdateAssumeRolePolicy", `arn:aws:iam::${ACCOUNT}:role/PlatformAdmin`),
        ),
    },
    {
        key: "iam CreateRole trusting * with aws:PrincipalOrgID of the organization",
        fires: [],
        why: "Anyone in the organization, and only there: quiet.",
        event: createRole("OrgWideReader", trust([assume({ AWS: "*" }, { StringEquals: { "aws:PrincipalOrgID": ORG_ID } })])),
    },
    {
        key: "iam CreateRole trusting * with StringNotEquals aws:PrincipalOrgID of the organization",
        fires: [],
        why: "Everyone outside the organization: a negated operator names our organization and pins nothing (found by a review). The code detection fires.",
        event: createRole("OutsidersWelcome", trust([assume({ AWS: "*" }, { StringNotEquals: { "aws:PrincipalOrgID": ORG_ID } })])),
    },
    {
        key: "iam CreateRole trusting * with ForAllValues:StringEquals aws:PrincipalOrgID of the organization",
        fires: [],
        why: "ForAllValues is true when the key is absent: any caller without an organization id gets in. The code detection fires.",
        event: createRole("LooselyPinned", trust([assume({ AWS: "*" }, { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": ORG_ID } })])),
    },
    {
        key: "iam CreateRole trusting * with aws:PrincipalOrgID of another organization",
        fires: [],
        why: "Another organization's members: outside ours. The code detection fires.",
        event: createRole("PartnerReader", trust([assume({ AWS: "*" }, { StringEquals: { "aws:PrincipalOrgID": "o-zz9y8x7w6v" } })])),
    },
    {
        key: "iam CreateRole trusting * with only an external id",
        fires: [],
        why: "sts:ExternalId pins nobody: anyone who learns the id assumes the role. The code detection fires.",
        event: createRole("VendorAccess", trust([assume("*", { StringEquals: { "sts:ExternalId": "12345" } })])),
    },
    {
        key: "iam CreateRole trusting an organization role and an outside role",
        fires: [],
        why: "One outside principal among inside ones is enough. The code detection fires.",
        event: createRole(
            "SharedDeploy",
            trust([assume({ AWS: [`arn:aws:iam::${ORG_MEMBER_ACCOUNT}:role/PulumiDeployer`, `arn:aws:iam::${OUTSIDE_ACCOUNT}:role/contractor`] })]),
        ),
    },
    {
        key: "iam CreateRole trusting lambda.amazonaws.com",
        fires: [],
        why: "A service role: the routine CreateRole, quiet.",
        event: createRole("thumbnailer-function", trust([assume({ Service: "lambda.amazonaws.com" })])),
    },
    {
        key: "iam CreateRole trusting its own account with a Deny for an outside account",
        fires: [],
        why: "Deny statements only narrow: the outside account named in a Deny is not trusted.",
        event: createRole(
            "LocalAdmin",
            trust([assume({ AWS: `arn:aws:iam::${ACCOUNT}:root` }), { Effect: "Deny", Principal: { AWS: `arn:aws:iam::${OUTSIDE_ACCOUNT}:root` }, Action: "sts:AssumeRole" }]),
        ),
    },

    // ------------------------------------------------ Lambda (code: lambda-function-made-public)
    {
        key: "lambda AddPermission to * with a public function URL",
        fires: [],
        why: "Principal * with functionUrlAuthType NONE: anyone on the internet invokes the function. The engine's code detection fires.",
        event: addPermission({ principal: "*", action: "lambda:InvokeFunctionUrl", functionUrlAuthType: "NONE" }),
    },
    {
        key: "lambda AddPermission to an account outside the organization",
        fires: [],
        why: "Another account, not the organization's, may invoke it.",
        event: addPermission({ principal: OUTSIDE_ACCOUNT }),
    },
    {
        key: "lambda CreateFunctionUrlConfig with authType NONE",
        fires: [],
        why: "A public URL for the function.",
        event: apiCall({
            source: "lambda.amazonaws.com",
            name: "CreateFunctionUrlConfig",
            identity: ADMIN(),
            request: { functionName: "orders-api", authType: "NONE" },
            response: { functionUrl: "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/", functionArn: FUNCTION_ARN, authType: "NONE" },
        }),
    },
    {
        key: "lambda AddPermission to s3.amazonaws.com with a source bucket",
        fires: [],
        why: "The routine trigger permission a deployer adds: a service principal, quiet.",
        event: addPermission({ principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::acme-uploads", sourceAccount: ACCOUNT }, TERRAFORM()),
    },
    {
        key: "lambda AddPermission to * within the organization",
        fires: [],
        why: "principalOrgID of this organization: every member account, no one else.",
        event: addPermission({ principal: "*", principalOrgID: ORG_ID }, TERRAFORM()),
    },
    {
        key: "lambda AddPermission to an organization account",
        fires: [],
        why: "Cross-account invoke inside the organization.",
        event: addPermission({ principal: `arn:aws:iam::${ORG_MEMBER_ACCOUNT}:root` }, TERRAFORM()),
    },
    {
        key: "lambda AddPermission to * denied",
        fires: ["unauthorized-api-calls"],
        why: "The failed attempt opened nothing.",
        event: addPermission(
            { principal: "*", functionUrlAuthType: "NONE" },
            DEVELOPER(),
            denied("AccessDeniedException", DEVELOPER_ARN, "lambda:AddPermission", FUNCTION_ARN),
        ),
    },
    {
        key: "lambda CreateFunctionUrlConfig with authType AWS_IAM",
        fires: [],
        why: "A URL that needs signed requests: not public.",
        event: apiCall({
            source: "lambda.amazonaws.com",
            name: "CreateFunctionUrlConfig",
            identity: TERRAFORM(),
            request: { functionName: "orders-api", authType: "AWS_IAM" },
            response: { functionUrl: "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/", functionArn: FUNCTION_ARN, authType: "AWS_IAM" },
        }),
    },

    {
        key: "lambda UpdateFunctionCode by a developer",
        fires: [],
        why: "New code, from a person rather than the pipeline. The engine's code detection fires (tuning skips automation).",
        event: apiCall({
            source: "lambda.amazonaws.com",
            name: "UpdateFunctionCode20150331v2",
            identity: DEVELOPER(),
            request: { functionName: "orders-api", publish: false, dryRun: false },
            response: { functionName: "orders-api", functionArn: FUNCTION_ARN, codeSha256: "2Wp6pVhOkGQpJ0Yb1O8mRk1x0m3o9TzvjvS0g3a9ZxE=", codeSize: 5120, lastUpdateStatus: "InProgress" },
        }),
    },
    {
        key: "lambda UpdateFunctionConfiguration adding a layer from another account",
        fires: [],
        why: "A layer (and any extension in it) now runs beside the handler.",
        event: apiCall({
            source: "lambda.amazonaws.com",
            name: "UpdateFunctionConfiguration20150331v2",
            identity: ADMIN(),
            request: { functionName: "orders-api", layers: [`arn:aws:lambda:eu-west-1:${OUTSIDE_ACCOUNT}:layer:telemetry:3`] },
            response: { functionName: "orders-api", functionArn: FUNCTION_ARN, layers: [{ arn: `arn:aws:lambda:eu-west-1:${OUTSIDE_ACCOUNT}:layer:telemetry:3`, codeSize: 20480 }] },
        }),
    },
    {
        key: "lambda UpdateFunctionConfiguration of the timeout, no layers",
        fires: [],
        why: "A setting of a function without layers: quiet.",
        event: apiCall({
            source: "lambda.amazonaws.com",
            name: "UpdateFunctionConfiguration20150331v2",
            identity: ADMIN(),
            request: { functionName: "orders-api", timeout: 30 },
            response: { functionName: "orders-api", functionArn: FUNCTION_ARN, timeout: 30 },
        }),
    },
    {
        key: "lambda UpdateFunctionCode denied",
        fires: ["unauthorized-api-calls"],
        why: "The code is unchanged.",
        event: apiCall({
            source: "lambda.amazonaws.com",
            name: "UpdateFunctionCode20150331v2",
            identity: DEVELOPER(),
            request: { functionName: "orders-api" },
            error: denied("AccessDeniedException", DEVELOPER_ARN, "lambda:UpdateFunctionCode", FUNCTION_ARN),
        }),
    },

    // ------------------------------------------------ iam-roles-anywhere-changed
    {
        key: "rolesanywhere CreateTrustAnchor with an uploaded CA certificate",
        fires: ["iam-roles-anywhere-changed"],
        why: "A CA of the caller's choosing can now mint role sessions from anywhere.",
        event: rolesAnywhere({
            name: "CreateTrustAnchor",
            identity: ADMIN(),
            request: {
                name: "build-farm",
                source: { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: "-----BEGIN CERTIFICATE-----\nMIIB...EXAMPLE\n-----END CERTIFICATE-----" } },
                enabled: true,
            },
            response: { trustAnchor: { trustAnchorId: "0a1b2c3d-4e5f-6789-abcd-ef0123456789", trustAnchorArn: TRUST_ANCHOR_ARN, name: "build-farm", enabled: true } },
        }),
    },
    {
        key: "rolesanywhere CreateProfile naming an admin role",
        fires: ["iam-roles-anywhere-changed"],
        why: "A profile decides which roles a certificate becomes.",
        event: rolesAnywhere({
            name: "CreateProfile",
            identity: ADMIN(),
            request: { name: "build-farm", roleArns: [`arn:aws:iam::${ACCOUNT}:role/PlatformAdmin`], enabled: true, durationSeconds: 3600 },
            response: { profile: { profileId: "1b2c3d4e-5f60-7890-abcd-ef0123456789", name: "build-farm", enabled: true } },
        }),
    },
    {
        key: "rolesanywhere DeleteCrl",
        fires: ["iam-roles-anywhere-changed"],
        why: "Without its revocation list, revoked certificates authenticate again.",
        event: rolesAnywhere({ name: "DeleteCrl", identity: ADMIN(), request: { crlId: "2c3d4e5f-6071-8901-abcd-ef0123456789" } }),
    },
    {
        key: "rolesanywhere CreateTrustAnchor denied",
        fires: ["unauthorized-api-calls"],
        why: "The failed attempt created nothing; successful calls only.",
        event: rolesAnywhere({
            name: "CreateTrustAnchor",
            identity: DEVELOPER(),
            request: { name: "my-laptop", source: { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: "-----BEGIN CERTIFICATE-----" } }, enabled: true },
            error: denied("AccessDeniedException", DEVELOPER_ARN, "rolesanywhere:CreateTrustAnchor", "*"),
        }),
    },
    {
        key: "rolesanywhere UpdateCrl replacing the list",
        fires: ["iam-roles-anywhere-changed"],
        why: "A new list that leaves out a revoked certificate lets it in again (found by a review).",
        event: rolesAnywhere({
            name: "UpdateCrl",
            identity: ADMIN(),
            request: { crlId: "2c3d4e5f-6071-8901-abcd-ef0123456789", crlData: "LS0tLS1CRUdJTiBYNTA5IENSTC0tLS0tEXAMPLE" },
            response: { crl: { crlId: "2c3d4e5f-6071-8901-abcd-ef0123456789", name: "build-farm-crl", enabled: true, trustAnchorArn: TRUST_ANCHOR_ARN } },
        }),
    },
    {
        key: "rolesanywhere ImportCrl",
        fires: ["iam-roles-anywhere-changed"],
        why: "A list of the caller's choosing for the trust anchor.",
        event: rolesAnywhere({
            name: "ImportCrl",
            identity: ADMIN(),
            request: { name: "build-farm-crl", crlData: "LS0tLS1CRUdJTiBYNTA5IENSTC0tLS0tEXAMPLE", trustAnchorArn: TRUST_ANCHOR_ARN, enabled: true },
            response: { crl: { crlId: "2c3d4e5f-6071-8901-abcd-ef0123456789", name: "build-farm-crl", enabled: true, trustAnchorArn: TRUST_ANCHOR_ARN } },
        }),
    },
    {
        key: "rolesanywhere UpdateCrl denied",
        fires: ["unauthorized-api-calls"],
        why: "The list is unchanged.",
        event: rolesAnywhere({
            name: "UpdateCrl",
            identity: DEVELOPER(),
            request: { crlId: "2c3d4e5f-6071-8901-abcd-ef0123456789", crlData: "LS0tLS1CRUdJTiBYNTA5IENSTC0tLS0tEXAMPLE" },
            error: denied("AccessDeniedException", DEVELOPER_ARN, "rolesanywhere:UpdateCrl", "*"),
        }),
    },
    {
        key: "rolesanywhere EnableCrl",
        fires: [],
        lookAlikeOf: ["iam-roles-anywhere-changed"],
        why: "Switching a revocation list on is the fix.",
        event: rolesAnywhere({ name: "EnableCrl", identity: ADMIN(), request: { crlId: "2c3d4e5f-6071-8901-abcd-ef0123456789" } }),
    },
    {
        key: "rolesanywhere DisableTrustAnchor",
        fires: [],
        lookAlikeOf: ["iam-roles-anywhere-changed"],
        why: "Disabling a trust anchor is the containment, not the threat.",
        event: rolesAnywhere({ name: "DisableTrustAnchor", identity: ADMIN(), request: { trustAnchorId: "0a1b2c3d-4e5f-6789-abcd-ef0123456789" } }),
    },
    {
        key: "rolesanywhere ListTrustAnchors",
        fires: [],
        lookAlikeOf: ["iam-roles-anywhere-changed"],
        why: "The runbook's read.",
        event: rolesAnywhere({ name: "ListTrustAnchors", identity: ADMIN(), readOnly: true, request: null }),
    },

    // ------------------------------------------------ sts-federation-token-issued
    {
        key: "sts GetFederationToken by an IAM user",
        fires: ["sts-federation-token-issued"],
        why: "A federated session that survives the user's access key being deactivated.",
        event: apiCall({
            source: "sts.amazonaws.com",
            name: "GetFederationToken",
            identity: iamUser("alice"),
            request: { name: "alice-console", durationSeconds: 129600 },
            response: {
                credentials: { accessKeyId: "ASIAQXAMPLEFEDERATE1", sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE", expiration: "Mar 5, 2025 9:12:45 PM" },
                federatedUser: { federatedUserId: `${ACCOUNT}:alice-console`, arn: `arn:aws:sts::${ACCOUNT}:federated-user/alice-console` },
            },
        }),
    },
    {
        key: "sts GetFederationToken denied",
        fires: ["unauthorized-api-calls"],
        why: "No token was issued.",
        event: apiCall({
            source: "sts.amazonaws.com",
            name: "GetFederationToken",
            identity: iamUser("alice"),
            request: { name: "alice-console", durationSeconds: 129600 },
            error: ["AccessDenied", `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::${ACCOUNT}:federated-user/alice-console`],
        }),
    },
    {
        key: "sts GetSessionToken by an IAM user",
        fires: [],
        lookAlikeOf: ["sts-federation-token-issued"],
        why: "The routine MFA session of an IAM user: another call.",
        event: apiCall({
            source: "sts.amazonaws.com",
            name: "GetSessionToken",
            identity: iamUser("alice"),
            readOnly: true,
            request: { durationSeconds: 43200, serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice` },
            response: { credentials: { accessKeyId: "ASIAQXAMPLESESSION02", sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE", expiration: "Mar 4, 2025 9:12:45 PM" } },
        }),
    },
];

/** Corpus events (tests/detections/corpus) each detection of the file must fire, by detection id. */
export const PERSISTENCE_CORPUS_LABELS: Readonly<Record<string, readonly string[]>> = {
    // The corpus has no Roles Anywhere and no GetFederationToken calls.
    "iam-roles-anywhere-changed": [],
    "sts-federation-token-issued": [],
};

/**
 * The detections written as code: the own events (keys of any own-event file)
 * and corpus events (`<rule file>#<test>`) each must fire, with the
 * organization's accounts ORG_MEMBER_ACCOUNT and ACCOUNT; every other labelled
 * event of the repository must not.
 */
export const PERSISTENCE_CODE_LABELS: Readonly<Record<string, { own: readonly string[]; corpus: readonly string[] }>> = {
    "iam-access-key-created-for-another-user": {
        own: [
            "iam CreateAccessKey by an admin role for user ci-deployer",
            "iam CreateAccessKey by IAM user alice for user bob",
            "iam CreateAccessKey by a role session named after the user",
            "iam UpdateAccessKey reactivating user bob's dormant key",
            "iam CreateServiceSpecificCredential by an admin role for user bob",
            "iam ResetServiceSpecificCredential by IAM user alice for user bob",
            "iam UploadSSHPublicKey by an admin role for user bob",
            "iam UploadSigningCertificate by IAM user alice for user bob",
            "iam UpdateSSHPublicKey reactivating user bob's key",
            "iam UpdateServiceSpecificCredential reactivating user bob's credential",
            "iam UpdateSigningCertificate reactivating user bob's certificate",
        ],
        // Not "user1 create keys for user1" (own), "Root Access Key Created" (root's own key: root-account-usage's),
        // "CreateKey returns error code" (nothing created). jack and jackson are two users, whatever the prefix.
        corpus: [
            "aws_iam_user_key_created#user1 create keys for user2",
            "aws_iam_user_key_created#jackson create keys for jack",
            "aws_iam_user_key_created#jack create keys for jackson",
            "aws_root_access_key_created#Root Created Access Key For User",
        ],
    },
    "iam-console-password-set-for-another-user": {
        // "iam CreateLoginProfile" is the baseline's (ownEvents.ts): an admin role giving backup-svc a password.
        own: ["iam CreateLoginProfile by an admin role for user bob", "iam UpdateLoginProfile by IAM user alice for user bob", "iam CreateLoginProfile"],
        // "ChangeOwnPassword" fires: the fixture's caller is a role session named alice, not IAM user alice; a session
        // name is the assumer's choice, so an attacker would name it after the victim. An IAM user changing their own
        // password calls ChangePassword.
        corpus: [
            "aws_cloudtrail_loginprofilecreatedormodified#User changed password for other",
            "aws_cloudtrail_loginprofilecreatedormodified#ChangeOwnPassword",
            "aws_user_login_profile_modified#User changed password for other",
            "aws_user_login_profile_modified#User changed password for other reset required",
            "aws_user_login_profile_modified#ChangeOwnPassword",
        ],
    },
    "iam-role-trusts-outside-organization": {
        own: [
            "iam UpdateAssumeRolePolicy trusting an account outside the organization",
            "iam UpdateAssumeRolePolicy trusting an outside account, URL-encoded",
            "iam CreateRole trusting * with aws:PrincipalOrgID of another organization",
            "iam CreateRole trusting * with StringNotEquals aws:PrincipalOrgID of the organization",
            "iam CreateRole trusting * with ForAllValues:StringEquals aws:PrincipalOrgID of the organization",
            "iam CreateRole trusting * with only an external id",
            "iam CreateRole trusting an organization role and an outside role",
        ],
        // Principal * with only an sts:ExternalId condition; the Service principal and the missing document stay quiet.
        corpus: ["aws_iam_backdoor_role#IAM Role Policy Updated to Allow Internet Access"],
    },
    "lambda-function-made-public": {
        own: [
            "lambda AddPermission to * with a public function URL",
            "lambda AddPermission to an account outside the organization",
            "lambda CreateFunctionUrlConfig with authType NONE",
        ],
        // The corpus's two AddPermission events record only the function name: whom they grant cannot be told.
        corpus: [],
    },
    "lambda-code-or-layers-changed": {
        // The audit-engine file's successful code updates (ownEvents' audit-engine-changed and its look-alikes) fire too:
        // new code is new code, whichever function.
        own: [
            "lambda UpdateFunctionCode by a developer",
            "lambda UpdateFunctionConfiguration adding a layer from another account",
            "lambda UpdateFunctionCode of the engine",
            "lambda UpdateFunctionCode of another function",
            "lambda UpdateFunctionCode of a function named like the engine in another account",
        ],
        // Every successful code update and every configuration update that leaves layers, the "Normal CI/CD" ones
        // included: which principal is automation is the tuning's to say (automationPrincipals), not the label's.
        // The fixtures record layers in the response only; "without Layers" has none and stays quiet.
        corpus: [
            "aws_add_malicious_lambda_extension#IAM User Updates Lambda Configuration with Layers",
            "aws_add_malicious_lambda_extension#AssumedRole Updates Lambda Configuration with Layers (Normal CI/CD)",
            "aws_add_malicious_lambda_extension#SSO AssumedRole Updates Lambda Configuration with Layers",
            "aws_add_malicious_lambda_extension#FederatedUser Updates Lambda Configuration with Layers",
            "aws_overwrite_lambda_code#IAM User Updates Lambda Code",
            "aws_overwrite_lambda_code#AssumedRole Updates Lambda Code (Normal CI/CD)",
            "aws_overwrite_lambda_code#SSO AssumedRole Updates Lambda Code",
            "aws_overwrite_lambda_code#FederatedUser Updates Lambda Code",
            "aws_overwrite_lambda_code#AssumedRole Updates Lambda Code v2 (Normal CI/CD)",
        ],
    },
};
