// Hand-written CloudTrail events, each with the detections it must fire.
// The corpus (labels.ts) is someone else's test data; these are ours: the
// famous false alarms of the CIS patterns, the edges of every pattern (the
// first and last address of a trusted range, 18xlarge against *.8xlarge),
// and at least one event that must fire and one look-alike that must not for
// every detection. corpus.test.ts asserts that each event fires exactly the
// detections in `fires` and nothing else.
//
// The records follow the shape CloudTrail writes (eventVersion 1.09 and
// later): the fields a pattern could read are all present, with the values
// AWS puts there, including the ones no pattern reads today.
//
// The trusted networks and large instance types these events are labelled
// against are TEST_PARAMETERS in labels.ts: 111.111.111.0/24, 192.0.2.0/24
// and 203.0.112.0/23; the default largeInstanceTypes.

export type CloudTrailEvent = Record<string, unknown>;

export interface OwnEvent {
    /** Stable, unique key: what happened, in a few words. */
    key: string;
    /** Every detection this event must fire; all others must stay quiet. */
    fires: readonly string[];
    /** Detections the event deliberately resembles without firing (it must fire none of them). */
    lookAlikeOf?: readonly string[];
    /** Why it fires what it fires, and why not the detections it resembles. */
    why: string;
    event: CloudTrailEvent;
}

export const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
/** Inside 111.111.111.0/24: console sign-ins from here are trusted. */
const OFFICE_IP = "111.111.111.42";
/** Outside every trusted range. */
const ELSEWHERE_IP = "198.51.100.23";
const BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36";
const CLI = "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0-1016-aws md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard";

// Deterministic ids, so an event reads the same on every run.
let sequence = 0;
function nextId(): string {
    sequence += 1;
    return `6f1c2b7e-0d4a-4c3e-9b8f-${String(sequence).padStart(12, "0")}`;
}

// ---------------------------------------------------------------- identities

export type Identity = Record<string, unknown>;

export function iamUser(userName: string): Identity {
    return {
        type: "IAMUser",
        principalId: "AIDAQXAMPLEUSER0ALICE",
        arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`,
        accountId: ACCOUNT,
        accessKeyId: "AKIAQXAMPLEKEY0ALICE",
        userName,
    };
}

/** An IAM user as ConsoleLogin records it: no access key. */
function signingInUser(userName: string): Identity {
    return { type: "IAMUser", principalId: "AIDAQXAMPLEUSER0ALICE", arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`, accountId: ACCOUNT, userName };
}

export function assumedRole(roleName: string, sessionName: string, rolePath = "/", account = ACCOUNT): Identity {
    return {
        type: "AssumedRole",
        principalId: `AROAQXAMPLEROLE0ID001:${sessionName}`,
        arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
        accountId: account,
        accessKeyId: "ASIAQXAMPLESESSION01",
        sessionContext: {
            sessionIssuer: {
                type: "Role",
                principalId: "AROAQXAMPLEROLE0ID001",
                arn: `arn:aws:iam::${account}:role${rolePath}${roleName}`,
                accountId: account,
                userName: roleName,
            },
            webIdFederationData: {},
            attributes: { creationDate: "2025-03-04T08:55:12Z", mfaAuthenticated: "false" },
        },
    };
}

const ADMIN = () => assumedRole("PlatformAdmin", "jane.doe");
const DEVELOPER = () => assumedRole("Developer", "sam.lee");
const TERRAFORM = () => assumedRole("TerraformApply", "terraform-run-4711");
/** An IAM Identity Center (SSO) permission set's role. */
const SSO_ADMIN = () =>
    assumedRole("AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6789", "jane.doe@example.com", `/aws-reserved/sso.amazonaws.com/${REGION}/`);

function root(accessKeyId = ""): Identity {
    return { type: "Root", principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId };
}

function awsService(service: string): Identity {
    return { type: "AWSService", invokedBy: service };
}

// ---------------------------------------------------------------- records

export interface Call {
    source: string;
    name: string;
    identity: Identity;
    region?: string;
    ip?: string;
    userAgent?: string;
    request?: unknown;
    response?: unknown;
    /** errorCode and errorMessage of a failed call (its responseElements are then null). */
    error?: [code: string, message: string];
    readOnly?: boolean;
    /** The account the record is written for (recipientAccountId); default the generic example account. */
    account?: string;
    extra?: Record<string, unknown>;
}

/** One API call as CloudTrail records it. */
export function apiCall(c: Call): CloudTrailEvent {
    const event: CloudTrailEvent = {
        eventVersion: "1.09",
        userIdentity: c.identity,
        eventTime: "2025-03-04T09:12:45Z",
        eventSource: c.source,
        eventName: c.name,
        awsRegion: c.region ?? REGION,
        sourceIPAddress: c.ip ?? ELSEWHERE_IP,
        userAgent: c.userAgent ?? CLI,
    };
    if (c.error) {
        event.errorCode = c.error[0];
        event.errorMessage = c.error[1];
    }
    Object.assign(event, {
        requestParameters: c.request ?? null,
        responseElements: c.error ? null : (c.response ?? null),
        requestID: nextId(),
        eventID: nextId(),
        readOnly: c.readOnly ?? false,
        eventType: "AwsApiCall",
        managementEvent: true,
        recipientAccountId: c.account ?? ACCOUNT,
        eventCategory: "Management",
        ...c.extra,
    });
    return event;
}

/** An IAM call: IAM is global and records us-east-1. */
const iamCall = (c: Omit<Call, "source" | "region">): CloudTrailEvent => apiCall({ ...c, source: "iam.amazonaws.com", region: "us-east-1" });
const ec2Call = (c: Omit<Call, "source">): CloudTrailEvent => apiCall({ ...c, source: "ec2.amazonaws.com" });

interface SignIn {
    identity: Identity;
    ip: string;
    outcome: "Success" | "Failure";
    mfaUsed: "Yes" | "No";
    samlProviderArn?: string;
    errorMessage?: string;
    /** IAM Identity Center sign-ins carry no LoginTo. */
    loginTo?: boolean;
}

/** A ConsoleLogin record. */
function consoleLogin(s: SignIn): CloudTrailEvent {
    const additionalEventData: Record<string, unknown> = {};
    if (s.loginTo ?? true) additionalEventData.LoginTo = "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1";
    additionalEventData.MobileVersion = "No";
    additionalEventData.MFAUsed = s.mfaUsed;
    if (s.mfaUsed === "Yes") additionalEventData.MFAIdentifier = `arn:aws:iam::${ACCOUNT}:u2f/user/alice/yubikey-EXAMPLE`;
    if (s.samlProviderArn) additionalEventData.SamlProviderArn = s.samlProviderArn;
    const event: CloudTrailEvent = {
        eventVersion: "1.09",
        userIdentity: s.identity,
        eventTime: "2025-03-04T08:55:10Z",
        eventSource: "signin.amazonaws.com",
        eventName: "ConsoleLogin",
        awsRegion: "us-east-1",
        sourceIPAddress: s.ip,
        userAgent: BROWSER,
        requestParameters: null,
        responseElements: { ConsoleLogin: s.outcome },
        additionalEventData,
    };
    if (s.errorMessage) event.errorMessage = s.errorMessage;
    Object.assign(event, {
        eventID: nextId(),
        readOnly: false,
        eventType: "AwsConsoleSignIn",
        managementEvent: true,
        recipientAccountId: ACCOUNT,
        eventCategory: "Management",
        tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: "signin.aws.amazon.com" },
    });
    return event;
}

/** A successful sign-in of an IAM user with MFA: only the address can make it fire anything. */
const signInFrom = (ip: string): CloudTrailEvent => consoleLogin({ identity: signingInUser("alice"), ip, outcome: "Success", mfaUsed: "Yes" });

/** A RunInstances call; `instanceType` undefined means the type comes from the launch template. */
export function runInstances(instanceType: string | undefined, launched: string, error?: [string, string]): CloudTrailEvent {
    const request: Record<string, unknown> = {
        instancesSet: { items: [{ imageId: "ami-0c1d2e3f4a5b6c7d8", minCount: 1, maxCount: 1 }] },
        blockDeviceMapping: {},
        monitoring: { enabled: false },
        disableApiTermination: false,
        disableApiStop: false,
        clientToken: "e3b0c442-98fc-4c14-9afb-f4c8996fb924",
    };
    if (instanceType !== undefined) request.instanceType = instanceType;
    else request.launchTemplate = { launchTemplateId: "lt-0a1b2c3d4e5f67890", version: "$Latest" };
    return ec2Call({
        name: "RunInstances",
        identity: DEVELOPER(),
        request,
        response: {
            requestId: "5b5c0d43-7c9c-4d5e-8d2f-0a1b2c3d4e5f",
            reservationId: "r-0a1b2c3d4e5f67890",
            ownerId: ACCOUNT,
            groupSet: {},
            instancesSet: {
                items: [
                    {
                        instanceId: "i-0a1b2c3d4e5f67890",
                        imageId: "ami-0c1d2e3f4a5b6c7d8",
                        instanceState: { code: 0, name: "pending" },
                        instanceType: launched,
                        launchTime: 1741079565000,
                        placement: { availabilityZone: `${REGION}a`, tenancy: "default" },
                        subnetId: "subnet-0a1b2c3d4e5f67890",
                        vpcId: "vpc-0a1b2c3d4e5f67890",
                    },
                ],
            },
        },
        error,
    });
}

const ACCESS_DENIED = (action: string, resource: string): [string, string] => [
    "AccessDenied",
    `User: arn:aws:sts::${ACCOUNT}:assumed-role/Developer/sam.lee is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
];
const EC2_UNAUTHORIZED: [string, string] = [
    "Client.UnauthorizedOperation",
    "You are not authorized to perform this operation. User: arn:aws:sts::111122223333:assumed-role/Developer/sam.lee is not authorized to perform: ec2:RunInstances. Encoded authorization failure message: EXAMPLE",
];

const DELIVERY = "delivery.logs.amazonaws.com";

// ---------------------------------------------------------------- the events

export const OWN_EVENTS: readonly OwnEvent[] = [
    // ------------------------------------------------ unauthorized-api-calls (CIS 4.1)
    {
        key: "ec2 TerminateInstances denied with Client.UnauthorizedOperation",
        fires: ["unauthorized-api-calls"],
        why: "EC2 reports denials as Client.UnauthorizedOperation, which *UnauthorizedOperation matches.",
        event: ec2Call({
            name: "TerminateInstances",
            identity: DEVELOPER(),
            request: { instancesSet: { items: [{ instanceId: "i-0fedcba9876543210" }] } },
            error: ["Client.UnauthorizedOperation", "You are not authorized to perform this operation. Encoded authorization failure message: EXAMPLE"],
        }),
    },
    {
        key: "ec2 Client.UnauthorizedOperation of log delivery",
        fires: [],
        lookAlikeOf: ["unauthorized-api-calls"],
        why:
            "Log delivery's denials are routine. The CIS text `A || B && C && D` binds as `A || (B && C && D)` and would let this " +
            "*UnauthorizedOperation through the delivery.logs exclusion; our pattern parenthesises the two error codes.",
        event: ec2Call({
            name: "DescribeFlowLogs",
            identity: awsService(DELIVERY),
            ip: DELIVERY,
            userAgent: DELIVERY,
            readOnly: true,
            request: { flowLogIds: { items: [{ flowLogId: "fl-0a1b2c3d4e5f67890" }] } },
            error: ["Client.UnauthorizedOperation", "You are not authorized to perform this operation."],
        }),
    },
    {
        key: "s3 HeadBucket AccessDenied of log delivery",
        fires: [],
        lookAlikeOf: ["unauthorized-api-calls"],
        why: "The classic CIS 4.1 false alarm: log delivery probing a bucket; excluded twice (source and HeadBucket).",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "HeadBucket",
            identity: awsService(DELIVERY),
            ip: DELIVERY,
            userAgent: DELIVERY,
            readOnly: true,
            request: { bucketName: "acme-elb-access-logs", Host: "acme-elb-access-logs.s3.eu-west-1.amazonaws.com" },
            error: ["AccessDenied", "Access Denied"],
        }),
    },
    {
        key: "s3 GetBucketAcl AccessDenied of log delivery",
        fires: [],
        lookAlikeOf: ["unauthorized-api-calls"],
        why: "Any denial of log delivery is routine, not only HeadBucket: the sourceIPAddress exclusion covers it.",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "GetBucketAcl",
            identity: awsService(DELIVERY),
            ip: DELIVERY,
            userAgent: DELIVERY,
            readOnly: true,
            request: { bucketName: "acme-elb-access-logs", acl: "", Host: "acme-elb-access-logs.s3.eu-west-1.amazonaws.com" },
            error: ["AccessDenied", "Access Denied"],
        }),
    },
    {
        key: "s3 HeadBucket AccessDenied of a developer",
        fires: [],
        lookAlikeOf: ["unauthorized-api-calls"],
        why: "SDKs and consoles probe buckets with HeadBucket all day; the issue drops HeadBucket denials whoever makes them.",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "HeadBucket",
            identity: DEVELOPER(),
            readOnly: true,
            request: { bucketName: "someone-elses-bucket", Host: "someone-elses-bucket.s3.eu-west-1.amazonaws.com" },
            error: ["AccessDenied", "Access Denied"],
        }),
    },
    {
        key: "kms Decrypt AccessDeniedException",
        fires: ["unauthorized-api-calls"],
        why: "JSON-protocol services say AccessDeniedException, which AccessDenied* matches.",
        event: apiCall({
            source: "kms.amazonaws.com",
            name: "Decrypt",
            identity: DEVELOPER(),
            readOnly: true,
            request: { encryptionAlgorithm: "SYMMETRIC_DEFAULT" },
            error: ACCESS_DENIED("kms:Decrypt", `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789`),
        }),
    },

    // ------------------------------------------------ console-signin-without-mfa (CIS 4.2)
    {
        key: "IAM user signs in without MFA from the office",
        fires: ["console-signin-without-mfa"],
        why: "An IAM user, a successful sign-in, MFAUsed No and no SAML provider; the address is trusted, so nothing else fires.",
        event: consoleLogin({ identity: signingInUser("alice"), ip: OFFICE_IP, outcome: "Success", mfaUsed: "No" }),
    },
    {
        key: "IAM user signs in with MFA from the office",
        fires: [],
        lookAlikeOf: ["console-signin-without-mfa", "console-signin-outside-trusted-networks"],
        why: "MFAUsed Yes, from a trusted address.",
        event: signInFrom(OFFICE_IP),
    },
    {
        key: "IAM Identity Center sign-in without MFA on the ConsoleLogin",
        fires: [],
        lookAlikeOf: ["console-signin-without-mfa"],
        why:
            "The famous CIS 4.2 false alarm: Identity Center checks MFA in its own portal, and the ConsoleLogin of its " +
            "AWSReservedSSO_ role always says MFAUsed No. Not an IAM user; from a trusted address.",
        event: consoleLogin({ identity: SSO_ADMIN(), ip: OFFICE_IP, outcome: "Success", mfaUsed: "No", loginTo: false }),
    },
    {
        key: "SAML-federated sign-in",
        fires: [],
        lookAlikeOf: ["console-signin-without-mfa"],
        why: "The identity provider handles MFA; CloudTrail records MFAUsed No and the SamlProviderArn. Not an IAM user.",
        event: consoleLogin({
            identity: assumedRole("OktaAdministrators", "jane.doe@example.com"),
            ip: OFFICE_IP,
            outcome: "Success",
            mfaUsed: "No",
            samlProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`,
        }),
    },
    {
        key: "IAM user fails to sign in, without MFA",
        fires: ["console-signin-failures"],
        lookAlikeOf: ["console-signin-without-mfa"],
        why: "A failed sign-in is a sign-in failure, not a sign-in without MFA.",
        event: consoleLogin({ identity: signingInUser("alice"), ip: OFFICE_IP, outcome: "Failure", mfaUsed: "No", errorMessage: "Failed authentication" }),
    },
    {
        key: "root signs in without MFA from the office",
        fires: ["root-account-usage"],
        lookAlikeOf: ["console-signin-without-mfa"],
        why: "The root user is not an IAM user; root-account-usage pages for every root sign-in, with or without MFA.",
        event: consoleLogin({ identity: root(), ip: OFFICE_IP, outcome: "Success", mfaUsed: "No" }),
    },

    // ------------------------------------------------ root-account-usage (CIS 4.3)
    {
        key: "root console sign-in fails",
        fires: ["root-account-usage", "console-signin-failures"],
        why: "A sign-in attempt by root is root usage, and a failed console sign-in; failures never fire the trusted-network detection.",
        event: consoleLogin({ identity: root(), ip: ELSEWHERE_IP, outcome: "Failure", mfaUsed: "No", errorMessage: "Failed authentication" }),
    },
    {
        key: "root lists buckets with an access key",
        fires: ["root-account-usage"],
        why: "Root with access keys, from the CLI: exactly what CIS 4.3 is for.",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "ListBuckets",
            identity: root("AKIAQXAMPLEROOTKEY01"),
            readOnly: true,
            request: { Host: "s3.eu-west-1.amazonaws.com" },
        }),
    },
    {
        key: "CloudFormation creates a bucket for root's stack",
        fires: [],
        lookAlikeOf: ["root-account-usage"],
        why:
            "A service acting on root's behalf (userIdentity.invokedBy set): the root call that started it (CreateStack) " +
            "is the one that fires.",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "CreateBucket",
            identity: { ...root(), invokedBy: "cloudformation.amazonaws.com" },
            ip: "cloudformation.amazonaws.com",
            userAgent: "cloudformation.amazonaws.com",
            request: { bucketName: "root-stack-artifacts-0a1b2c", Host: "root-stack-artifacts-0a1b2c.s3.eu-west-1.amazonaws.com" },
        }),
    },
    {
        key: "root CredentialVerification service event",
        fires: [],
        lookAlikeOf: ["root-account-usage"],
        why:
            "Sign-in records its own steps as AwsServiceEvent with a Root identity; the ConsoleLogin they belong to fires, " +
            "these do not (CIS 4.3's eventType exclusion).",
        event: {
            eventVersion: "1.09",
            userIdentity: root(),
            eventTime: "2025-03-04T08:55:08Z",
            eventSource: "signin.amazonaws.com",
            eventName: "CredentialVerification",
            awsRegion: "us-east-1",
            sourceIPAddress: ELSEWHERE_IP,
            userAgent: BROWSER,
            requestParameters: null,
            responseElements: null,
            additionalEventData: { AuthWorkflowID: "9de74b32-8362-4a01-a524-de21df59db4a", CredentialType: "PASSWORD" },
            requestID: nextId(),
            eventID: nextId(),
            readOnly: false,
            eventType: "AwsServiceEvent",
            managementEvent: true,
            recipientAccountId: ACCOUNT,
            serviceEventDetails: { CredentialVerification: "Success" },
            eventCategory: "Management",
        },
    },
    {
        key: "IAM user named root signs in",
        fires: [],
        lookAlikeOf: ["root-account-usage"],
        why: "A user called root is an IAM user: userIdentity.type decides, not the name.",
        event: consoleLogin({ identity: signingInUser("root"), ip: OFFICE_IP, outcome: "Success", mfaUsed: "Yes" }),
    },

    // ------------------------------------------------ iam-policy-changes (CIS 4.4)
    {
        key: "iam CreatePolicyVersion set as default",
        fires: ["iam-policy-changes"],
        why: "A new default version rewrites what every holder of the policy may do.",
        event: iamCall({
            name: "CreatePolicyVersion",
            identity: ADMIN(),
            request: {
                policyArn: `arn:aws:iam::${ACCOUNT}:policy/DeveloperBoundary`,
                policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
                setAsDefault: true,
            },
            response: { policyVersion: { versionId: "v4", isDefaultVersion: true, createDate: "Mar 4, 2025, 9:12:45 AM" } },
        }),
    },
    {
        key: "iam DetachGroupPolicy denied",
        fires: ["iam-policy-changes", "unauthorized-api-calls"],
        why: "CIS 4.4 counts attempts: a denied policy change is still someone trying to change a policy.",
        event: iamCall({
            name: "DetachGroupPolicy",
            identity: DEVELOPER(),
            request: { groupName: "Auditors", policyArn: "arn:aws:iam::aws:policy/SecurityAudit" },
            error: ACCESS_DENIED("iam:DetachGroupPolicy", `arn:aws:iam::${ACCOUNT}:group/Auditors`),
        }),
    },
    {
        key: "iot CreatePolicy",
        fires: [],
        lookAlikeOf: ["iam-policy-changes", "organizations-changes"],
        why: "IoT has its own CreatePolicy, for device certificates; neither an IAM policy nor an SCP.",
        event: apiCall({
            source: "iot.amazonaws.com",
            name: "CreatePolicy",
            identity: TERRAFORM(),
            request: {
                policyName: "sensor-telemetry",
                policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Publish","Resource":"*"}]}',
            },
            response: {
                policyName: "sensor-telemetry",
                policyArn: `arn:aws:iot:${REGION}:${ACCOUNT}:policy/sensor-telemetry`,
                policyVersionId: "1",
            },
        }),
    },
    {
        key: "iot AttachPolicy",
        fires: [],
        lookAlikeOf: ["iam-policy-changes", "organizations-changes"],
        why: "IoT's AttachPolicy attaches a device policy to a certificate; Organizations has an AttachPolicy of the same name.",
        event: apiCall({
            source: "iot.amazonaws.com",
            name: "AttachPolicy",
            identity: TERRAFORM(),
            request: { policyName: "sensor-telemetry", target: `arn:aws:iot:${REGION}:${ACCOUNT}:cert/0a1b2c3d4e5f67890a1b2c3d4e5f67890a1b2c3d4e5f67890a1b2c3d4e5f6789` },
        }),
    },
    {
        key: "iam GetPolicyVersion",
        fires: [],
        lookAlikeOf: ["iam-policy-changes"],
        why: "Reading a policy changes nothing.",
        event: iamCall({
            name: "GetPolicyVersion",
            identity: ADMIN(),
            readOnly: true,
            request: { policyArn: `arn:aws:iam::${ACCOUNT}:policy/DeveloperBoundary`, versionId: "v4" },
        }),
    },

    // ------------------------------------------------ cloudtrail-config-changes (CIS 4.5)
    {
        key: "cloudtrail PutEventSelectors to read-only",
        fires: ["cloudtrail-config-changes"],
        why: "Not in the CIS list, but a trail told to record only reads is blind to every change.",
        event: apiCall({
            source: "cloudtrail.amazonaws.com",
            name: "PutEventSelectors",
            identity: ADMIN(),
            request: { trailName: "org-trail", eventSelectors: [{ readWriteType: "ReadOnly", includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }] },
            response: {
                trailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/org-trail`,
                eventSelectors: [{ readWriteType: "ReadOnly", includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }],
            },
        }),
    },
    {
        key: "cloudtrail StopLogging denied",
        fires: ["cloudtrail-config-changes", "unauthorized-api-calls"],
        why: "An attempt to stop the trail is alarming whether or not the SCP stopped it.",
        event: apiCall({
            source: "cloudtrail.amazonaws.com",
            name: "StopLogging",
            identity: DEVELOPER(),
            request: { name: `arn:aws:cloudtrail:${REGION}:444455556666:trail/org-trail` },
            error: ACCESS_DENIED("cloudtrail:StopLogging", `arn:aws:cloudtrail:${REGION}:444455556666:trail/org-trail`),
        }),
    },
    {
        key: "cloudtrail PutInsightSelectors to none",
        fires: ["cloudtrail-config-changes"],
        why: "Turning Insights off changes which events the trail records.",
        event: apiCall({
            source: "cloudtrail.amazonaws.com",
            name: "PutInsightSelectors",
            identity: ADMIN(),
            request: { trailName: "org-trail", insightSelectors: [] },
            response: { trailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/org-trail`, insightSelectors: [] },
        }),
    },
    {
        key: "cloudtrail GetTrailStatus",
        fires: [],
        lookAlikeOf: ["cloudtrail-config-changes"],
        why: "Checking that the trail logs is what the runbook asks for; it changes nothing.",
        event: apiCall({
            source: "cloudtrail.amazonaws.com",
            name: "GetTrailStatus",
            identity: ADMIN(),
            readOnly: true,
            request: { name: "org-trail" },
        }),
    },

    // ------------------------------------------------ console-signin-failures (CIS 4.6)
    {
        key: "console sign-in fails for an unknown user name",
        fires: ["console-signin-failures"],
        why: "Password spraying guesses user names too; CloudTrail hides the name and says Failure.",
        event: consoleLogin({
            identity: { type: "IAMUser", principalId: ACCOUNT, accountId: ACCOUNT, accessKeyId: "", userName: "HIDDEN_DUE_TO_SECURITY_REASONS" },
            ip: ELSEWHERE_IP,
            outcome: "Failure",
            mfaUsed: "No",
            errorMessage: "No username found in supplied account",
        }),
    },
    {
        key: "console SwitchRole fails",
        fires: [],
        lookAlikeOf: ["console-signin-failures"],
        why: "Switching roles inside a console session is not a sign-in, and a failed switch is a permission problem.",
        event: {
            eventVersion: "1.09",
            userIdentity: iamUser("alice"),
            eventTime: "2025-03-04T09:01:00Z",
            eventSource: "signin.amazonaws.com",
            eventName: "SwitchRole",
            awsRegion: "us-east-1",
            sourceIPAddress: ELSEWHERE_IP,
            userAgent: BROWSER,
            requestParameters: null,
            responseElements: { SwitchRole: "Failure" },
            additionalEventData: { SwitchFrom: `arn:aws:iam::${ACCOUNT}:user/alice`, RedirectTo: "https://console.aws.amazon.com/console/home" },
            eventID: nextId(),
            readOnly: false,
            eventType: "AwsConsoleSignIn",
            managementEvent: true,
            recipientAccountId: ACCOUNT,
            eventCategory: "Management",
        },
    },

    // ------------------------------------------------ kms-key-disabled-or-deleted (CIS 4.7)
    {
        key: "kms ScheduleKeyDeletion in 7 days",
        fires: ["kms-key-disabled-or-deleted"],
        why: "Seven days until everything encrypted under the key is unreadable.",
        event: apiCall({
            source: "kms.amazonaws.com",
            name: "ScheduleKeyDeletion",
            identity: ADMIN(),
            request: { keyId: "0a1b2c3d-4e5f-6789-abcd-ef0123456789", pendingWindowInDays: 7 },
            response: {
                keyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789`,
                deletionDate: "Mar 11, 2025, 12:00:00 AM",
                keyState: "PendingDeletion",
                pendingWindowInDays: 7,
            },
        }),
    },
    {
        key: "kms DisableKeyRotation",
        fires: [],
        lookAlikeOf: ["kms-key-disabled-or-deleted"],
        why: "Rotation off, key still enabled: not DisableKey.",
        event: apiCall({ source: "kms.amazonaws.com", name: "DisableKeyRotation", identity: ADMIN(), request: { keyId: "0a1b2c3d-4e5f-6789-abcd-ef0123456789" } }),
    },
    {
        key: "kms CancelKeyDeletion",
        fires: [],
        lookAlikeOf: ["kms-key-disabled-or-deleted"],
        why: "The runbook's fix, not the incident.",
        event: apiCall({
            source: "kms.amazonaws.com",
            name: "CancelKeyDeletion",
            identity: ADMIN(),
            request: { keyId: "0a1b2c3d-4e5f-6789-abcd-ef0123456789" },
            response: { keyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789` },
        }),
    },

    // ------------------------------------------------ s3-bucket-policy-changes (CIS 4.8)
    {
        key: "s3 DeleteBucketPolicy",
        fires: ["s3-bucket-policy-changes"],
        why: "Removing a policy can remove the deny that kept others out.",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "DeleteBucketPolicy",
            identity: ADMIN(),
            request: { bucketName: "acme-payroll-exports", policy: "", Host: "acme-payroll-exports.s3.eu-west-1.amazonaws.com" },
        }),
    },
    {
        key: "s3 PutBucketCors",
        fires: ["s3-bucket-policy-changes"],
        why: "CORS is on the CIS 4.8 list.",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "PutBucketCors",
            identity: TERRAFORM(),
            request: {
                bucketName: "acme-web-assets",
                cors: "",
                Host: "acme-web-assets.s3.eu-west-1.amazonaws.com",
                CORSConfiguration: { CORSRule: { AllowedMethod: "GET", AllowedOrigin: "*" } },
            },
        }),
    },
    {
        key: "s3 PutBucketPolicy denied",
        fires: ["s3-bucket-policy-changes", "unauthorized-api-calls"],
        why: "Attempts count for CIS 4.8 as for the other change detections.",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "PutBucketPolicy",
            identity: DEVELOPER(),
            request: { bucketName: "acme-payroll-exports", policy: "", Host: "acme-payroll-exports.s3.eu-west-1.amazonaws.com" },
            error: ["AccessDenied", "Access Denied"],
        }),
    },
    {
        key: "s3 PutBucketEncryption",
        fires: [],
        lookAlikeOf: ["s3-bucket-policy-changes"],
        why: "Default encryption is not a policy, ACL, CORS, lifecycle or replication setting (not on the CIS 4.8 list).",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "PutBucketEncryption",
            identity: TERRAFORM(),
            request: { bucketName: "acme-web-assets", encryption: "", Host: "acme-web-assets.s3.eu-west-1.amazonaws.com" },
        }),
    },
    {
        key: "s3 GetBucketPolicy",
        fires: [],
        lookAlikeOf: ["s3-bucket-policy-changes"],
        why: "Reading a policy changes nothing.",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "GetBucketPolicy",
            identity: ADMIN(),
            readOnly: true,
            request: { bucketName: "acme-payroll-exports", policy: "", Host: "acme-payroll-exports.s3.eu-west-1.amazonaws.com" },
        }),
    },

    // ------------------------------------------------ aws-config-changes (CIS 4.9)
    {
        key: "config StopConfigurationRecorder",
        fires: ["aws-config-changes"],
        why: "Config stops recording.",
        event: apiCall({ source: "config.amazonaws.com", name: "StopConfigurationRecorder", identity: ADMIN(), request: { configurationRecorderName: "default" } }),
    },
    {
        key: "config DeleteConfigurationRecorder",
        fires: ["aws-config-changes"],
        why: "Not in the CIS list, and as silencing as stopping.",
        event: apiCall({ source: "config.amazonaws.com", name: "DeleteConfigurationRecorder", identity: ADMIN(), request: { configurationRecorderName: "default" } }),
    },
    {
        key: "config StartConfigurationRecorder",
        fires: [],
        lookAlikeOf: ["aws-config-changes"],
        why: "Starting the recorder restores the record; it is not on the list.",
        event: apiCall({ source: "config.amazonaws.com", name: "StartConfigurationRecorder", identity: ADMIN(), request: { configurationRecorderName: "default" } }),
    },

    // ------------------------------------------------ security-group-changes (CIS 4.10)
    {
        key: "ec2 ModifySecurityGroupRules opens SSH to the world",
        fires: ["security-group-changes"],
        why: "Edits a rule in place; came after the CIS list.",
        event: ec2Call({
            name: "ModifySecurityGroupRules",
            identity: DEVELOPER(),
            request: {
                ModifySecurityGroupRulesRequest: {
                    GroupId: "sg-0a1b2c3d4e5f67890",
                    SecurityGroupRule: {
                        SecurityGroupRuleId: "sgr-0a1b2c3d4e5f67890",
                        SecurityGroupRule: { IpProtocol: "tcp", FromPort: 22, ToPort: 22, CidrIpv4: "0.0.0.0/0" },
                    },
                },
            },
            response: { ModifySecurityGroupRulesResponse: { return: true } },
        }),
    },
    {
        key: "ec2 AuthorizeSecurityGroupIngress of a duplicate rule",
        fires: ["security-group-changes"],
        why: "A failed attempt counts, and a duplicate-rule error is not an authorization failure.",
        event: ec2Call({
            name: "AuthorizeSecurityGroupIngress",
            identity: TERRAFORM(),
            request: {
                groupId: "sg-0a1b2c3d4e5f67890",
                ipPermissions: { items: [{ ipProtocol: "tcp", fromPort: 443, toPort: 443, ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }] },
            },
            error: ["Client.InvalidPermission.Duplicate", "the specified rule \"peer: 0.0.0.0/0, TCP, from port: 443, to port: 443, ALLOW\" already exists"],
        }),
    },
    {
        key: "redshift AuthorizeClusterSecurityGroupIngress",
        fires: [],
        lookAlikeOf: ["security-group-changes"],
        why: "Redshift's own (EC2-Classic era) security groups, not EC2 security groups.",
        event: apiCall({
            source: "redshift.amazonaws.com",
            name: "AuthorizeClusterSecurityGroupIngress",
            identity: DEVELOPER(),
            request: { clusterSecurityGroupName: "default", cIDRIP: "203.0.113.0/24" },
        }),
    },

    // ------------------------------------------------ nacl-changes (CIS 4.11)
    {
        key: "ec2 ReplaceNetworkAclEntry allows everything",
        fires: ["nacl-changes"],
        why: "Rule 100 now allows all traffic from anywhere.",
        event: ec2Call({
            name: "ReplaceNetworkAclEntry",
            identity: DEVELOPER(),
            request: {
                networkAclId: "acl-0a1b2c3d4e5f67890",
                ruleNumber: 100,
                egress: false,
                ruleAction: "allow",
                icmpTypeCode: {},
                portRange: {},
                aclProtocol: "-1",
                cidrBlock: "0.0.0.0/0",
            },
            response: { requestId: "0a1b2c3d-4e5f-6789-abcd-ef0123456789", _return: true },
        }),
    },
    {
        key: "ec2 ReplaceNetworkAclAssociation",
        fires: ["nacl-changes"],
        why: "Moves a subnet under another ACL.",
        event: ec2Call({
            name: "ReplaceNetworkAclAssociation",
            identity: TERRAFORM(),
            request: { associationId: "aclassoc-0a1b2c3d4e5f67890", networkAclId: "acl-0fedcba9876543210" },
            response: { newAssociationId: "aclassoc-0fedcba9876543210" },
        }),
    },
    {
        key: "ec2 DescribeNetworkAcls",
        fires: [],
        lookAlikeOf: ["nacl-changes"],
        why: "Reading ACLs changes nothing.",
        event: ec2Call({ name: "DescribeNetworkAcls", identity: DEVELOPER(), readOnly: true, request: { networkAclIdSet: {}, filterSet: {} } }),
    },

    // ------------------------------------------------ network-gateway-changes (CIS 4.12)
    {
        key: "ec2 CreateInternetGateway",
        fires: ["network-gateway-changes"],
        why: "A new way into or out of a VPC.",
        event: ec2Call({
            name: "CreateInternetGateway",
            identity: TERRAFORM(),
            request: {},
            response: { internetGateway: { internetGatewayId: "igw-0a1b2c3d4e5f67890", attachmentSet: {}, ownerId: ACCOUNT, tagSet: {} } },
        }),
    },
    {
        key: "ec2 DetachInternetGateway",
        fires: ["network-gateway-changes"],
        why: "Detaching cuts a VPC off; on the CIS list.",
        event: ec2Call({
            name: "DetachInternetGateway",
            identity: DEVELOPER(),
            request: { internetGatewayId: "igw-0a1b2c3d4e5f67890", vpcId: "vpc-0a1b2c3d4e5f67890" },
            response: { _return: true },
        }),
    },
    {
        key: "ec2 CreateCustomerGateway",
        fires: ["network-gateway-changes"],
        why: "The far end of a site-to-site VPN.",
        event: ec2Call({
            name: "CreateCustomerGateway",
            identity: TERRAFORM(),
            request: { type: "ipsec.1", ipAddress: "203.0.113.12", bgpAsn: 65000 },
            response: { customerGateway: { customerGatewayId: "cgw-0a1b2c3d4e5f67890", state: "available", type: "ipsec.1", ipAddress: "203.0.113.12", bgpAsn: "65000" } },
        }),
    },
    {
        key: "storagegateway DeleteGateway",
        fires: [],
        lookAlikeOf: ["network-gateway-changes"],
        why: "A Storage Gateway appliance, not a network gateway.",
        event: apiCall({
            source: "storagegateway.amazonaws.com",
            name: "DeleteGateway",
            identity: ADMIN(),
            request: { gatewayARN: `arn:aws:storagegateway:${REGION}:${ACCOUNT}:gateway/sgw-0A1B2C3D` },
            response: { gatewayARN: `arn:aws:storagegateway:${REGION}:${ACCOUNT}:gateway/sgw-0A1B2C3D` },
        }),
    },
    {
        key: "ec2 DescribeInternetGateways",
        fires: [],
        lookAlikeOf: ["network-gateway-changes"],
        why: "Reading changes nothing.",
        event: ec2Call({ name: "DescribeInternetGateways", identity: DEVELOPER(), readOnly: true, request: { internetGatewayIdSet: {}, filterSet: {} } }),
    },

    // ------------------------------------------------ route-table-changes (CIS 4.13)
    {
        key: "ec2 ReplaceRoute through an instance",
        fires: ["route-table-changes"],
        why: "The default route now goes through someone's instance.",
        event: ec2Call({
            name: "ReplaceRoute",
            identity: DEVELOPER(),
            request: { routeTableId: "rtb-0a1b2c3d4e5f67890", destinationCidrBlock: "0.0.0.0/0", instanceId: "i-0a1b2c3d4e5f67890" },
            response: { _return: true },
        }),
    },
    {
        key: "ec2 DisassociateRouteTable",
        fires: ["route-table-changes"],
        why: "The subnet falls back to the main route table.",
        event: ec2Call({ name: "DisassociateRouteTable", identity: TERRAFORM(), request: { associationId: "rtbassoc-0a1b2c3d4e5f67890" }, response: { _return: true } }),
    },
    {
        key: "apigateway CreateRoute of an HTTP API",
        fires: [],
        lookAlikeOf: ["route-table-changes"],
        why: "API Gateway's CreateRoute adds a URL route to an HTTP API; the classic CIS 4.13 false alarm.",
        event: apiCall({
            source: "apigateway.amazonaws.com",
            name: "CreateRoute",
            identity: TERRAFORM(),
            request: { apiId: "a1b2c3d4e5", routeKey: "GET /orders/{id}", target: "integrations/0a1b2c3" },
            response: { apiKeyRequired: false, authorizationType: "NONE", routeId: "f6g7h8i", routeKey: "GET /orders/{id}", target: "integrations/0a1b2c3" },
        }),
    },
    {
        key: "apigateway DeleteRoute of an HTTP API",
        fires: [],
        lookAlikeOf: ["route-table-changes"],
        why: "API Gateway's DeleteRoute has the name of an EC2 one too.",
        event: apiCall({ source: "apigateway.amazonaws.com", name: "DeleteRoute", identity: TERRAFORM(), request: { apiId: "a1b2c3d4e5", routeId: "f6g7h8i" } }),
    },

    // ------------------------------------------------ vpc-changes (CIS 4.14)
    {
        key: "ec2 CreateVpcPeeringConnection to another account",
        fires: ["vpc-changes"],
        why: "Peering joins two networks.",
        event: ec2Call({
            name: "CreateVpcPeeringConnection",
            identity: DEVELOPER(),
            request: { vpcId: "vpc-0a1b2c3d4e5f67890", peerVpcId: "vpc-0fedcba9876543210", peerOwnerId: "999988887777" },
            response: { vpcPeeringConnection: { vpcPeeringConnectionId: "pcx-0a1b2c3d4e5f67890", status: { code: "initiating-request" } } },
        }),
    },
    {
        key: "ec2 ModifyVpcAttribute",
        fires: ["vpc-changes"],
        why: "On the CIS 4.14 list.",
        event: ec2Call({
            name: "ModifyVpcAttribute",
            identity: TERRAFORM(),
            request: { vpcId: "vpc-0a1b2c3d4e5f67890", enableDnsHostnames: { value: true } },
            response: { _return: true },
        }),
    },
    {
        key: "ec2 CreateVpcEndpoint",
        fires: [],
        lookAlikeOf: ["vpc-changes"],
        why: "An endpoint is neither a VPC, a peering nor ClassicLink (not on the CIS 4.14 list).",
        event: ec2Call({
            name: "CreateVpcEndpoint",
            identity: TERRAFORM(),
            request: { CreateVpcEndpointRequest: { VpcId: "vpc-0a1b2c3d4e5f67890", ServiceName: `com.amazonaws.${REGION}.s3`, VpcEndpointType: "Gateway" } },
        }),
    },

    // ------------------------------------------------ organizations-changes (CIS 4.15)
    {
        key: "organizations DetachPolicy of an SCP",
        fires: ["organizations-changes", "organizations-policy-removed"],
        why: "Detaching an SCP removes a guardrail from every account below the target.",
        event: apiCall({
            source: "organizations.amazonaws.com",
            name: "DetachPolicy",
            identity: ADMIN(),
            region: "us-east-1",
            request: { policyId: "p-a1b2c3d4", targetId: "ou-ab12-cd34ef56" },
        }),
    },
    {
        key: "organizations MoveAccount",
        fires: ["organizations-changes"],
        why: "Moving an account out of an OU moves it out from under that OU's SCPs.",
        event: apiCall({
            source: "organizations.amazonaws.com",
            name: "MoveAccount",
            identity: ADMIN(),
            region: "us-east-1",
            request: { accountId: "999988887777", sourceParentId: "ou-ab12-cd34ef56", destinationParentId: "r-ab12" },
        }),
    },
    {
        key: "organizations ListPoliciesForTarget",
        fires: [],
        lookAlikeOf: ["organizations-changes"],
        why: "Reading which policies apply changes nothing.",
        event: apiCall({
            source: "organizations.amazonaws.com",
            name: "ListPoliciesForTarget",
            identity: ADMIN(),
            region: "us-east-1",
            readOnly: true,
            request: { targetId: "ou-ab12-cd34ef56", filter: "SERVICE_CONTROL_POLICY" },
        }),
    },

    // ------------------------------------------------ console-signin-outside-trusted-networks
    {
        key: "sign-in from 111.111.111.0, first address of a trusted /24",
        fires: [],
        lookAlikeOf: ["console-signin-outside-trusted-networks"],
        why: "Inside 111.111.111.0/24.",
        event: signInFrom("111.111.111.0"),
    },
    {
        key: "sign-in from 111.111.111.255, last address of a trusted /24",
        fires: [],
        lookAlikeOf: ["console-signin-outside-trusted-networks"],
        why: "Inside 111.111.111.0/24.",
        event: signInFrom("111.111.111.255"),
    },
    {
        key: "sign-in from 111.111.112.0, just above a trusted /24",
        fires: ["console-signin-outside-trusted-networks"],
        why: "One past the end of 111.111.111.0/24.",
        event: signInFrom("111.111.112.0"),
    },
    {
        key: "sign-in from 111.111.110.255, just below a trusted /24",
        fires: ["console-signin-outside-trusted-networks"],
        why: "One before the start of 111.111.111.0/24.",
        event: signInFrom("111.111.110.255"),
    },
    {
        key: "sign-in from 192.0.2.255, last address of a trusted /24",
        fires: [],
        lookAlikeOf: ["console-signin-outside-trusted-networks"],
        why: "Inside 192.0.2.0/24.",
        event: signInFrom("192.0.2.255"),
    },
    {
        key: "sign-in from 192.0.3.0, just above a trusted /24",
        fires: ["console-signin-outside-trusted-networks"],
        why: "One past the end of 192.0.2.0/24.",
        event: signInFrom("192.0.3.0"),
    },
    {
        key: "sign-in from 203.0.112.0, first address of a trusted /23",
        fires: [],
        lookAlikeOf: ["console-signin-outside-trusted-networks"],
        why: "Inside 203.0.112.0/23, whose pattern is two /24 wildcards.",
        event: signInFrom("203.0.112.0"),
    },
    {
        key: "sign-in from 203.0.113.255, last address of a trusted /23",
        fires: [],
        lookAlikeOf: ["console-signin-outside-trusted-networks"],
        why: "Inside 203.0.112.0/23: the second of its two /24s.",
        event: signInFrom("203.0.113.255"),
    },
    {
        key: "sign-in from 203.0.114.0, just above a trusted /23",
        fires: ["console-signin-outside-trusted-networks"],
        why: "One past the end of 203.0.112.0/23.",
        event: signInFrom("203.0.114.0"),
    },
    {
        key: "sign-in from 203.0.111.255, just below a trusted /23",
        fires: ["console-signin-outside-trusted-networks"],
        why: "One before the start of 203.0.112.0/23.",
        event: signInFrom("203.0.111.255"),
    },
    {
        key: "sign-in from 11.111.111.5, a trusted range's digits at the wrong place",
        fires: ["console-signin-outside-trusted-networks"],
        why: "111.111.111.* must match from the first octet, not anywhere in the address.",
        event: signInFrom("11.111.111.5"),
    },
    {
        key: "sign-in from an IPv6 address",
        fires: ["console-signin-outside-trusted-networks"],
        why: "trustedCidrs are IPv4 only; an IPv6 address is in none of them.",
        event: signInFrom("2001:db8:4006:812::200e"),
    },
    {
        key: "IAM Identity Center sign-in from outside",
        fires: ["console-signin-outside-trusted-networks"],
        why: "Every kind of successful console sign-in counts; being SSO spares it only the MFA detection.",
        event: consoleLogin({ identity: SSO_ADMIN(), ip: "198.51.100.77", outcome: "Success", mfaUsed: "No", loginTo: false }),
    },
    {
        key: "IAM user fails to sign in from outside",
        fires: ["console-signin-failures"],
        lookAlikeOf: ["console-signin-outside-trusted-networks"],
        why: "Nobody signed in: the trusted-network detection is about successful sign-ins.",
        event: consoleLogin({ identity: signingInUser("alice"), ip: "198.51.100.78", outcome: "Failure", mfaUsed: "No", errorMessage: "Failed authentication" }),
    },

    // ------------------------------------------------ large-instance-launched
    {
        key: "ec2 RunInstances c5.18xlarge",
        fires: ["large-instance-launched"],
        why: "Matches *.18xlarge (and not *.8xlarge: the character before 8xlarge is a 1, not a dot).",
        event: runInstances("c5.18xlarge", "c5.18xlarge"),
    },
    {
        key: "ec2 RunInstances m5.8xlarge",
        fires: ["large-instance-launched"],
        why: "Matches *.8xlarge.",
        event: runInstances("m5.8xlarge", "m5.8xlarge"),
    },
    {
        key: "ec2 RunInstances m7i.metal-48xl",
        fires: ["large-instance-launched"],
        why: "Bare metal: *.metal* covers the metal-24xl and metal-48xl sizes.",
        event: runInstances("m7i.metal-48xl", "m7i.metal-48xl"),
    },
    {
        key: "ec2 RunInstances m5.4xlarge",
        fires: [],
        lookAlikeOf: ["large-instance-launched"],
        why: "4xlarge is below the 8xlarge threshold.",
        event: runInstances("m5.4xlarge", "m5.4xlarge"),
    },
    {
        key: "ec2 RunInstances c7g.large",
        fires: [],
        lookAlikeOf: ["large-instance-launched"],
        why: "Graviton's g is inside the family name; g* (GPU families) matches from the start only.",
        event: runInstances("c7g.large", "c7g.large"),
    },
    {
        key: "ec2 RunInstances p4d.24xlarge without capacity",
        fires: [],
        lookAlikeOf: ["large-instance-launched"],
        why: "Failed: nothing was launched, and the error is not an authorization failure.",
        event: runInstances("p4d.24xlarge", "p4d.24xlarge", [
            "Server.InsufficientInstanceCapacity",
            "We currently do not have sufficient p4d.24xlarge capacity in the Availability Zone you requested (eu-west-1a).",
        ]),
    },
    {
        key: "ec2 RunInstances g5.xlarge denied",
        fires: ["unauthorized-api-calls"],
        lookAlikeOf: ["large-instance-launched"],
        why: "Denied: nothing was launched, but it is a denied call.",
        event: runInstances("g5.xlarge", "g5.xlarge", EC2_UNAUTHORIZED),
    },
    {
        key: "ec2 RunInstances from a launch template of t3.medium",
        fires: [],
        lookAlikeOf: ["large-instance-launched"],
        why: "No requestParameters.instanceType (the template has it) and a small instance launched.",
        event: runInstances(undefined, "t3.medium"),
    },
    {
        key: "ec2 RunInstances from a launch template of g5.12xlarge",
        fires: ["large-instance-launched"],
        why:
            "A GPU instance was launched (responseElements says g5.12xlarge) but the type is in the launch template, so " +
            "requestParameters has no instanceType. The detection's intent covers it; the current pattern reads only " +
            "requestParameters.instanceType and misses it (reported as a disagreement).",
        event: runInstances(undefined, "g5.12xlarge"),
    },
    {
        key: "ec2 ModifyInstanceAttribute resizes to p4d.24xlarge",
        fires: [],
        lookAlikeOf: ["large-instance-launched"],
        why:
            "Resizing a stopped instance is not a RunInstances, which is all the detection claims to catch; a known " +
            "way around it, noted for whoever widens the detection.",
        event: ec2Call({
            name: "ModifyInstanceAttribute",
            identity: DEVELOPER(),
            request: { instanceId: "i-0a1b2c3d4e5f67890", instanceType: { value: "p4d.24xlarge" } },
            response: { _return: true },
        }),
    },

    // ------------------------------------------------ iam-user-created
    {
        key: "iam CreateUser",
        fires: ["iam-user-created"],
        why: "A new long-lived identity.",
        event: iamCall({
            name: "CreateUser",
            identity: ADMIN(),
            request: { userName: "backup-svc" },
            response: {
                user: {
                    path: "/",
                    userName: "backup-svc",
                    userId: "AIDAQXAMPLEUSER0BACKU",
                    arn: `arn:aws:iam::${ACCOUNT}:user/backup-svc`,
                    createDate: "Mar 4, 2025, 9:12:45 AM",
                },
            },
        }),
    },
    {
        key: "iam CreateUser denied",
        fires: ["unauthorized-api-calls"],
        lookAlikeOf: ["iam-user-created"],
        why: "No user was created; the denial itself is what unauthorized-api-calls counts.",
        event: iamCall({
            name: "CreateUser",
            identity: DEVELOPER(),
            request: { userName: "backdoor" },
            error: ACCESS_DENIED("iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/backdoor`),
        }),
    },
    {
        key: "identitystore CreateUser",
        fires: [],
        lookAlikeOf: ["iam-user-created"],
        why: "An IAM Identity Center user: no password or keys of its own in any account, not an IAM user.",
        event: apiCall({
            source: "identitystore.amazonaws.com",
            name: "CreateUser",
            identity: SSO_ADMIN(),
            request: { identityStoreId: "d-93670a1b2c", userName: "HIDDEN_DUE_TO_SECURITY_REASONS", displayName: "HIDDEN_DUE_TO_SECURITY_REASONS" },
            response: { identityStoreId: "d-93670a1b2c", userId: "0a1b2c3d4e-5f6a7b8c-9d0e-1f2a-3b4c-5d6e7f8a9b0c" },
        }),
    },
    {
        key: "iam CreateLoginProfile",
        fires: [],
        lookAlikeOf: ["iam-user-created"],
        why: "A password for an existing user, not a new user.",
        event: iamCall({ name: "CreateLoginProfile", identity: ADMIN(), request: { userName: "backup-svc", passwordResetRequired: true } }),
    },

    // ------------------------------------------------ guardduty-disabled
    {
        key: "guardduty UpdateDetector enable false",
        fires: ["guardduty-disabled"],
        why: "Suspends the detector.",
        event: apiCall({ source: "guardduty.amazonaws.com", name: "UpdateDetector", identity: ADMIN(), request: { detectorId: "12abc34d567e8fa901bc2d34e56789f0", enable: false } }),
    },
    {
        key: "guardduty UpdateDetector enable true",
        fires: [],
        lookAlikeOf: ["guardduty-disabled"],
        why: "Re-enables the detector: the same call with the opposite meaning.",
        event: apiCall({ source: "guardduty.amazonaws.com", name: "UpdateDetector", identity: ADMIN(), request: { detectorId: "12abc34d567e8fa901bc2d34e56789f0", enable: true } }),
    },
    {
        key: "guardduty UpdateDetector publishing frequency only",
        fires: [],
        lookAlikeOf: ["guardduty-disabled"],
        why: "No enable field: the detector stays as it was.",
        event: apiCall({
            source: "guardduty.amazonaws.com",
            name: "UpdateDetector",
            identity: ADMIN(),
            request: { detectorId: "12abc34d567e8fa901bc2d34e56789f0", findingPublishingFrequency: "FIFTEEN_MINUTES" },
        }),
    },
    {
        key: "guardduty DeleteDetector",
        fires: ["guardduty-disabled"],
        why: "GuardDuty gone in this account and region.",
        event: apiCall({ source: "guardduty.amazonaws.com", name: "DeleteDetector", identity: ADMIN(), request: { detectorId: "12abc34d567e8fa901bc2d34e56789f0" } }),
    },
    {
        key: "guardduty DisassociateFromAdministratorAccount",
        fires: ["guardduty-disabled"],
        why: "The member's findings stop reaching the administrator account.",
        event: apiCall({
            source: "guardduty.amazonaws.com",
            name: "DisassociateFromAdministratorAccount",
            identity: ADMIN(),
            request: { detectorId: "12abc34d567e8fa901bc2d34e56789f0" },
        }),
    },

    // ------------------------------------------------ s3-public-access-block-changes
    {
        key: "s3 PutAccountPublicAccessBlock all false",
        fires: ["s3-public-access-block-changes"],
        why: "The account-wide switch, turned off.",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "PutAccountPublicAccessBlock",
            identity: ADMIN(),
            request: {
                PublicAccessBlockConfiguration: {
                    xmlns: "http://s3.amazonaws.com/doc/2006-03-01/",
                    BlockPublicAcls: false,
                    IgnorePublicAcls: false,
                    BlockPublicPolicy: false,
                    RestrictPublicBuckets: false,
                },
                Host: `${ACCOUNT}.s3-control.${REGION}.amazonaws.com`,
            },
        }),
    },
    {
        key: "s3 DeleteAccountPublicAccessBlock",
        fires: ["s3-public-access-block-changes"],
        why: "Removes the account-wide switch.",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "DeleteAccountPublicAccessBlock",
            identity: ADMIN(),
            request: { Host: `${ACCOUNT}.s3-control.${REGION}.amazonaws.com` },
        }),
    },
    {
        key: "s3 GetBucketPublicAccessBlock",
        fires: [],
        lookAlikeOf: ["s3-public-access-block-changes"],
        why: "The runbook's check: reading changes nothing.",
        event: apiCall({
            source: "s3.amazonaws.com",
            name: "GetBucketPublicAccessBlock",
            identity: ADMIN(),
            readOnly: true,
            request: { bucketName: "acme-web-assets", publicAccessBlock: "", Host: "acme-web-assets.s3.eu-west-1.amazonaws.com" },
        }),
    },

    // ------------------------------------------------ ebs-default-encryption-disabled
    {
        key: "ec2 DisableEbsEncryptionByDefault",
        fires: ["ebs-default-encryption-disabled"],
        why: "New volumes in this region are written unencrypted.",
        event: ec2Call({
            name: "DisableEbsEncryptionByDefault",
            identity: ADMIN(),
            request: { DisableEbsEncryptionByDefaultRequest: "" },
            response: { DisableEbsEncryptionByDefaultResponse: { xmlns: "http://ec2.amazonaws.com/doc/2016-11-15/", ebsEncryptionByDefault: false } },
        }),
    },
    {
        key: "ec2 EnableEbsEncryptionByDefault",
        fires: [],
        lookAlikeOf: ["ebs-default-encryption-disabled"],
        why: "The fix, not the incident.",
        event: ec2Call({
            name: "EnableEbsEncryptionByDefault",
            identity: ADMIN(),
            request: { EnableEbsEncryptionByDefaultRequest: "" },
            response: { EnableEbsEncryptionByDefaultResponse: { xmlns: "http://ec2.amazonaws.com/doc/2016-11-15/", ebsEncryptionByDefault: true } },
        }),
    },

    // ------------------------------------------------ vpc-flow-logs-deleted
    {
        key: "ec2 DeleteFlowLogs",
        fires: ["vpc-flow-logs-deleted"],
        why: "The network's record stops.",
        event: ec2Call({
            name: "DeleteFlowLogs",
            identity: DEVELOPER(),
            request: { DeleteFlowLogsRequest: { FlowLogId: { content: "fl-0a1b2c3d4e5f67890", tag: 1 } } },
            response: { DeleteFlowLogsResponse: { xmlns: "http://ec2.amazonaws.com/doc/2016-11-15/", unsuccessful: "" } },
        }),
    },
    {
        key: "ec2 CreateFlowLogs",
        fires: [],
        lookAlikeOf: ["vpc-flow-logs-deleted"],
        why: "Creating flow logs adds a record.",
        event: ec2Call({
            name: "CreateFlowLogs",
            identity: TERRAFORM(),
            request: {
                CreateFlowLogsRequest: {
                    ResourceId: { content: "vpc-0a1b2c3d4e5f67890", tag: 1 },
                    ResourceType: "VPC",
                    TrafficType: "ALL",
                    LogDestinationType: "s3",
                    LogDestination: "arn:aws:s3:::acme-vpc-flow-logs",
                },
            },
        }),
    },
];
