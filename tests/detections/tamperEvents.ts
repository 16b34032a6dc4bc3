// Hand-written CloudTrail events for the detections of issue 13: the calls
// that switch this product off or blind it, on its own resources and on
// look-alikes (another bucket, key, log group, topic or alarm; the same call
// failed; a similar call of another service). corpus.test.ts asserts, with
// ownEvents.ts's events, that each event fires exactly the detections in
// `fires` and nothing else.
//
// The shapes follow AWS's documentation: KMS names the key it acted on in
// resources[0].ARN (KMS Developer Guide, "PutKeyPolicy" CloudTrail example);
// CloudWatch's calls come from monitoring.amazonaws.com and name alarms in
// requestParameters.alarmNames, an array; CloudTrail names a trail by name or
// ARN (CloudTrail User Guide, "CloudTrail log event reference"); Organizations
// records in us-east-1; AssumeRoot is regional (IAM User Guide, "Track
// privileged tasks in CloudTrail"); SNS denies with AuthorizationError.
//
// The product's resources are TEST_PARAMETERS.product (labels.ts): management
// account 555566667777, log-archive account 666677778888, eu-west-1.
import { ACCOUNT, apiCall, assumedRole, Call, CloudTrailEvent, Identity, OwnEvent } from "./ownEvents";
import { PRODUCT_ARCHIVE_ACCOUNT as ARCHIVE, PRODUCT_MANAGEMENT_ACCOUNT as MGMT, PRODUCT_REGION as REGION, TEST_PARAMETERS } from "./labels";

const P = TEST_PARAMETERS.product;
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${MGMT}:trail/${P.trailName}`;
/** The log-group key and the alert key: keys of the management account in the home region. */
const LOG_GROUP_KEY = `arn:aws:kms:${REGION}:${MGMT}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
const ALERT_KEY = `arn:aws:kms:${REGION}:${MGMT}:key/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d`;
const SUBSCRIPTION = `${P.alertTopicArn}:7c1a9e52-3f4b-4d8e-9a60-2b5c8d1e0f37`;
const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${MGMT}:log-group:${P.logGroupName}`;
/** The delivery role as Pulumi auto-names it: resource name, "-", seven random characters. */
const DELIVERY_ROLE = "organization-cloudwatch-role-3f2e1d0";
const DENY_ALL = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] });

const MGMT_ADMIN = () => assumedRole("PlatformAdmin", "jane.doe", "/", MGMT);
/** A management-account role without IAM write permissions. */
const MGMT_READ_ONLY = () => assumedRole("ReadOnly", "auditor", "/", MGMT);
const MGMT_DEPLOYER = () => assumedRole("PulumiDeployer", "ci-run-812", "/", MGMT);
const ARCHIVE_ADMIN = () => assumedRole("PlatformAdmin", "mallory", "/", ARCHIVE);
const BREAK_GLASS = () => assumedRole("BreakGlassAdmin", "incident-2025-031", "/", ARCHIVE);
/** An unprivileged role in a member account. */
const MEMBER_DEVELOPER = () => assumedRole("Developer", "sam.lee");

const inManagement = (c: Omit<Call, "account">): CloudTrailEvent => apiCall({ ...c, account: MGMT });
/** Organizations is global: it records in us-east-1. */
const organizations = (c: Omit<Call, "account" | "source" | "region">): CloudTrailEvent =>
    apiCall({ ...c, source: "organizations.amazonaws.com", region: "us-east-1", account: MGMT });
/** IAM is global: it records in us-east-1. */
const iam = (c: Omit<Call, "source" | "region">): CloudTrailEvent => apiCall({ ...c, source: "iam.amazonaws.com", region: "us-east-1" });

const denied = (code: string, principal: Identity, action: string, resource: string): [string, string] => [
    code,
    `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
];

/** A KMS call: the key KMS acted on is in resources[0], whatever keyId the caller passed. */
function kms(c: Omit<Call, "source" | "extra"> & { keyArn: string }): CloudTrailEvent {
    const [, , , , keyAccount] = c.keyArn.split(":");
    return apiCall({ ...c, source: "kms.amazonaws.com", extra: { resources: [{ accountId: keyAccount, type: "AWS::KMS::Key", ARN: c.keyArn }] } });
}

/** An S3 bucket-level call, as S3 records it: the bucket in requestParameters and in resources. */
function s3(c: Omit<Call, "source" | "extra"> & { bucket: string; owner: string }): CloudTrailEvent {
    return apiCall({
        ...c,
        source: "s3.amazonaws.com",
        request: { bucketName: c.bucket, Host: `${c.bucket}.s3.${REGION}.amazonaws.com`, ...(c.request as object) },
        extra: {
            additionalEventData: { SignatureVersion: "SigV4", CipherSuite: "TLS_AES_128_GCM_SHA256", AuthenticationMethod: "AuthHeader" },
            resources: [{ accountId: c.owner, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${c.bucket}` }],
        },
    });
}

const KEY_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ARCHIVE}:root` }, Action: "kms:*", Resource: "*" }],
});

export const TAMPER_EVENTS: readonly OwnEvent[] = [
    // ------------------------------------------------ organizations-trusted-access-disabled
    {
        key: "organizations DisableAWSServiceAccess for CloudTrail",
        fires: ["organizations-trusted-access-disabled"],
        why: "The organization trail stops recording every member account.",
        event: organizations({ name: "DisableAWSServiceAccess", identity: MGMT_ADMIN(), request: { servicePrincipal: "cloudtrail.amazonaws.com" } }),
    },
    {
        key: "organizations DisableAWSServiceAccess for Config",
        fires: ["organizations-trusted-access-disabled"],
        why: "Any service's trusted access is worth a page: the detection is for any service principal.",
        event: organizations({ name: "DisableAWSServiceAccess", identity: MGMT_ADMIN(), request: { servicePrincipal: "config.amazonaws.com" } }),
    },
    {
        key: "organizations EnableAWSServiceAccess for CloudTrail",
        fires: [],
        lookAlikeOf: ["organizations-trusted-access-disabled"],
        why: "Enabling trusted access is the prerequisite of the trail, not its end.",
        event: organizations({ name: "EnableAWSServiceAccess", identity: MGMT_ADMIN(), request: { servicePrincipal: "cloudtrail.amazonaws.com" } }),
    },
    {
        key: "organizations DisableAWSServiceAccess denied to a member account",
        fires: ["unauthorized-api-calls"],
        lookAlikeOf: ["organizations-trusted-access-disabled"],
        why: "Nothing changed: only the denial counts, and a member repeating it cannot hold the alarm in ALARM.",
        event: organizations({
            name: "DisableAWSServiceAccess",
            identity: MEMBER_DEVELOPER(),
            request: { servicePrincipal: "cloudtrail.amazonaws.com" },
            error: ["AccessDeniedException", "You don't have permissions to access this resource."],
        }),
    },

    // ------------------------------------------------ organization-administration-delegated
    {
        key: "cloudtrail RegisterOrganizationDelegatedAdmin",
        fires: ["organization-administration-delegated"],
        why: "A member account becomes an administrator of the organization's trails.",
        event: inManagement({ source: "cloudtrail.amazonaws.com", name: "RegisterOrganizationDelegatedAdmin", identity: MGMT_ADMIN(), request: { memberAccountId: ACCOUNT } }),
    },
    {
        key: "organizations RegisterDelegatedAdministrator made by CloudTrail",
        fires: ["organization-administration-delegated"],
        why: "CloudTrail's registration is recorded a second time as the Organizations call it makes for the caller.",
        event: organizations({
            name: "RegisterDelegatedAdministrator",
            identity: { ...MGMT_ADMIN(), invokedBy: "cloudtrail.amazonaws.com" },
            ip: "cloudtrail.amazonaws.com",
            userAgent: "cloudtrail.amazonaws.com",
            request: { accountId: ACCOUNT, servicePrincipal: "cloudtrail.amazonaws.com" },
        }),
    },
    {
        key: "organizations PutResourcePolicy delegating SCP management",
        fires: ["organization-administration-delegated"],
        why: "The delegation policy lets a member account manage Organizations policies, SCPs included.",
        event: organizations({
            name: "PutResourcePolicy",
            identity: MGMT_ADMIN(),
            request: {
                content: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ["organizations:DetachPolicy", "organizations:UpdatePolicy"], Resource: "*" }],
                }),
            },
            response: { resourcePolicy: { resourcePolicySummary: { id: "rp-a1b2c3d4", arn: `arn:aws:organizations::${MGMT}:resourcepolicy/o-a1b2c3d4e5/rp-a1b2c3d4` } } },
        }),
    },
    {
        key: "logs PutResourcePolicy",
        fires: [],
        lookAlikeOf: ["organization-administration-delegated"],
        why: "The same call name in another service: CloudWatch Logs' resource policy delegates nothing in the organization.",
        event: inManagement({
            source: "logs.amazonaws.com",
            name: "PutResourcePolicy",
            identity: MGMT_ADMIN(),
            request: { policyName: "route53-query-logs", policyDocument: "{}" },
        }),
    },
    {
        key: "organizations DeregisterDelegatedAdministrator",
        fires: [],
        lookAlikeOf: ["organization-administration-delegated"],
        why: "Taking a delegation back narrows who administers the organization.",
        event: organizations({ name: "DeregisterDelegatedAdministrator", identity: MGMT_ADMIN(), request: { accountId: ACCOUNT, servicePrincipal: "cloudtrail.amazonaws.com" } }),
    },

    // ------------------------------------------------ root-session-assumed
    {
        key: "sts AssumeRoot to unlock a bucket policy",
        fires: ["root-session-assumed"],
        why: "A root session on a member account, scoped to deleting a bucket policy: the archive's policy could be next.",
        event: inManagement({
            source: "sts.amazonaws.com",
            name: "AssumeRoot",
            identity: MGMT_ADMIN(),
            region: "us-east-1",
            request: { targetPrincipal: ARCHIVE, taskPolicyArn: { arn: "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy" } },
            response: { credentials: { accessKeyId: "ASIAQXAMPLEROOTSESS1", sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE", expiration: "Mar 4, 2025, 9:27:45 AM" } },
        }),
    },
    {
        key: "sts AssumeRole",
        fires: [],
        lookAlikeOf: ["root-session-assumed"],
        why: "Assuming a role is routine; only AssumeRoot opens a root session.",
        event: inManagement({
            source: "sts.amazonaws.com",
            name: "AssumeRole",
            identity: MGMT_ADMIN(),
            region: "us-east-1",
            readOnly: true,
            request: { roleArn: `arn:aws:iam::${ARCHIVE}:role/OrganizationAccountAccessRole`, roleSessionName: "jane.doe" },
            response: { credentials: { accessKeyId: "ASIAQXAMPLEROLESESS1", sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE", expiration: "Mar 4, 2025, 10:12:45 AM" } },
        }),
    },

    // ------------------------------------------------ iam-role-trust-policy-changed
    {
        key: "iam UpdateAssumeRolePolicy of a break-glass role",
        fires: ["iam-role-trust-policy-changed"],
        why: "Re-trusting a break-glass role hands its exemptions to whoever it now trusts.",
        event: iam({
            name: "UpdateAssumeRolePolicy",
            identity: ARCHIVE_ADMIN(),
            account: ARCHIVE,
            request: {
                roleName: "BreakGlassAdmin",
                policyDocument: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ARCHIVE}:role/PlatformAdmin` }, Action: "sts:AssumeRole" }],
                }),
            },
        }),
    },
    {
        key: "iam UpdateAssumeRolePolicy denied",
        fires: ["unauthorized-api-calls"],
        lookAlikeOf: ["iam-role-trust-policy-changed"],
        why: "Denied by the SCP: the trust policy is unchanged; only the denial counts.",
        event: iam({
            name: "UpdateAssumeRolePolicy",
            identity: ARCHIVE_ADMIN(),
            account: ARCHIVE,
            request: { roleName: "BreakGlassAdmin", policyDocument: "{}" },
            error: ["AccessDenied", `User: arn:aws:sts::${ARCHIVE}:assumed-role/PlatformAdmin/mallory is not authorized to perform: iam:UpdateAssumeRolePolicy with an explicit deny in a service control policy`],
        }),
    },
    {
        key: "iam UpdateRoleDescription",
        fires: [],
        lookAlikeOf: ["iam-role-trust-policy-changed"],
        why: "A role changed, but not whom it trusts.",
        event: iam({ name: "UpdateRoleDescription", identity: ARCHIVE_ADMIN(), account: ARCHIVE, request: { roleName: "BreakGlassAdmin", description: "Emergency access" } }),
    },

    // ------------------------------------------------ s3-requester-pays-changed
    {
        key: "s3 PutBucketRequestPayment on an application bucket",
        fires: ["s3-requester-pays-changed"],
        why: "Any bucket: a Requester Pays bucket that receives logs receives nothing more.",
        event: s3({
            name: "PutBucketRequestPayment",
            identity: MEMBER_DEVELOPER(),
            bucket: "acme-elb-access-logs",
            owner: ACCOUNT,
            request: { requestPayment: "", RequestPaymentConfiguration: { xmlns: "http://s3.amazonaws.com/doc/2006-03-01/", Payer: "Requester" } },
        }),
    },
    {
        key: "s3 PutBucketRequestPayment on the log bucket",
        fires: ["s3-requester-pays-changed", "audit-buckets-changed"],
        why: "CloudTrail cannot deliver to a Requester Pays bucket: both the any-bucket and the archive detection fire.",
        event: s3({
            name: "PutBucketRequestPayment",
            identity: BREAK_GLASS(),
            account: ARCHIVE,
            bucket: P.logBucketName,
            owner: ARCHIVE,
            request: { requestPayment: "", RequestPaymentConfiguration: { xmlns: "http://s3.amazonaws.com/doc/2006-03-01/", Payer: "Requester" } },
        }),
    },
    {
        key: "s3 GetBucketRequestPayment of the log bucket",
        fires: [],
        lookAlikeOf: ["s3-requester-pays-changed", "audit-buckets-changed"],
        why: "Reading the setting changes nothing.",
        event: s3({ name: "GetBucketRequestPayment", identity: ARCHIVE_ADMIN(), account: ARCHIVE, readOnly: true, bucket: P.logBucketName, owner: ARCHIVE, request: { requestPayment: "" } }),
    },

    // ------------------------------------------------ audit-trail-changed
    {
        key: "cloudtrail StopLogging of the organization trail by name",
        fires: ["audit-trail-changed", "cloudtrail-config-changes"],
        why: "The organization trail stops: CIS 4.5 fires for any trail, audit-trail-changed because it is ours.",
        event: inManagement({ source: "cloudtrail.amazonaws.com", name: "StopLogging", identity: MGMT_ADMIN(), request: { name: P.trailName } }),
    },
    {
        key: "cloudtrail UpdateTrail of the organization trail by ARN",
        fires: ["audit-trail-changed", "cloudtrail-config-changes"],
        why: "Named by ARN: the organization trail turned into a single-account trail.",
        event: inManagement({
            source: "cloudtrail.amazonaws.com",
            name: "UpdateTrail",
            identity: MGMT_ADMIN(),
            request: { name: TRAIL_ARN, isOrganizationTrail: false },
            response: { name: P.trailName, trailARN: TRAIL_ARN, isOrganizationTrail: false, isMultiRegionTrail: true, s3BucketName: P.logBucketName },
        }),
    },
    {
        key: "cloudtrail PutEventSelectors of the organization trail",
        fires: ["audit-trail-changed", "cloudtrail-config-changes"],
        why: "PutEventSelectors names the trail in trailName: told to record nothing, the trail is as silent as a stopped one.",
        event: inManagement({
            source: "cloudtrail.amazonaws.com",
            name: "PutEventSelectors",
            identity: MGMT_ADMIN(),
            request: { trailName: P.trailName, advancedEventSelectors: [{ name: "nothing", fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }] }] },
            response: { trailARN: TRAIL_ARN },
        }),
    },
    {
        key: "cloudtrail StopLogging of the organization trail denied",
        fires: ["cloudtrail-config-changes", "unauthorized-api-calls"],
        lookAlikeOf: ["audit-trail-changed"],
        why: "Failed: the trail still logs. CIS 4.5 counts attempts; audit-trail-changed, which nobody can hold in ALARM, does not.",
        event: inManagement({
            source: "cloudtrail.amazonaws.com",
            name: "StopLogging",
            identity: MGMT_ADMIN(),
            request: { name: TRAIL_ARN },
            error: denied("AccessDenied", MGMT_ADMIN(), "cloudtrail:StopLogging", TRAIL_ARN),
        }),
    },
    {
        key: "cloudtrail StopLogging of a member account's own trail",
        fires: ["cloudtrail-config-changes"],
        lookAlikeOf: ["audit-trail-changed"],
        why: "Another trail: CIS 4.5 fires, the organization trail is untouched.",
        event: apiCall({ source: "cloudtrail.amazonaws.com", name: "StopLogging", identity: MEMBER_DEVELOPER(), request: { name: "dev-account-trail" } }),
    },
    {
        key: "cloudtrail StartLogging of the organization trail",
        fires: ["cloudtrail-config-changes"],
        lookAlikeOf: ["audit-trail-changed"],
        why: "Turning logging on is the remedy; CIS 4.5 still lists it.",
        event: inManagement({ source: "cloudtrail.amazonaws.com", name: "StartLogging", identity: MGMT_DEPLOYER(), request: { name: TRAIL_ARN } }),
    },
    {
        key: "cloudtrail GetTrailStatus of the organization trail",
        fires: [],
        lookAlikeOf: ["audit-trail-changed"],
        why: "The runbook's check.",
        event: inManagement({ source: "cloudtrail.amazonaws.com", name: "GetTrailStatus", identity: MGMT_ADMIN(), readOnly: true, request: { name: TRAIL_ARN } }),
    },

    // ------------------------------------------------ audit-buckets-changed
    {
        key: "s3 PutBucketLogging switches the log bucket's access logging off",
        fires: ["audit-buckets-changed"],
        why: "An empty BucketLoggingStatus: reads of the archive stop being recorded.",
        event: s3({
            name: "PutBucketLogging",
            identity: BREAK_GLASS(),
            account: ARCHIVE,
            bucket: P.logBucketName,
            owner: ARCHIVE,
            request: { logging: "", BucketLoggingStatus: { xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" } },
        }),
    },
    {
        key: "s3 PutBucketPolicy of the access-log bucket by the deployer",
        fires: ["audit-buckets-changed", "s3-bucket-policy-changes"],
        why: "Even the deployer's change of an archive bucket's policy is worth a look; CIS 4.8 fires for any bucket.",
        event: s3({
            name: "PutBucketPolicy",
            identity: assumedRole("PulumiDeployer", "ci-run-811", "/", ARCHIVE),
            account: ARCHIVE,
            bucket: P.accessLogBucketName,
            owner: ARCHIVE,
            request: { policy: "", bucketPolicy: { Version: "2012-10-17", Statement: [] } },
        }),
    },
    {
        key: "s3 PutBucketLogging of an application bucket",
        fires: [],
        lookAlikeOf: ["audit-buckets-changed"],
        why: "Routine elsewhere: turning access logging on or off for another bucket pages nobody.",
        event: s3({
            name: "PutBucketLogging",
            identity: MEMBER_DEVELOPER(),
            bucket: "acme-web-assets",
            owner: ACCOUNT,
            request: { logging: "", BucketLoggingStatus: { xmlns: "http://s3.amazonaws.com/doc/2006-03-01/", LoggingEnabled: { TargetBucket: "acme-s3-access-logs", TargetPrefix: "web/" } } },
        }),
    },
    {
        key: "s3 PutBucketLogging of a bucket whose name starts like the log bucket's",
        fires: [],
        lookAlikeOf: ["audit-buckets-changed"],
        why: "The bucket name is compared whole.",
        event: s3({
            name: "PutBucketLogging",
            identity: ARCHIVE_ADMIN(),
            account: ARCHIVE,
            bucket: `${P.logBucketName}-copy`,
            owner: ARCHIVE,
            request: { logging: "", BucketLoggingStatus: { xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" } },
        }),
    },
    {
        key: "s3 PutBucketLogging of the log bucket denied",
        fires: ["unauthorized-api-calls"],
        lookAlikeOf: ["audit-buckets-changed"],
        why: "Denied by the SCP: logging is still on; repeating this every few minutes must not hold audit-buckets-changed in ALARM.",
        event: s3({
            name: "PutBucketLogging",
            identity: ARCHIVE_ADMIN(),
            account: ARCHIVE,
            bucket: P.logBucketName,
            owner: ARCHIVE,
            request: { logging: "", BucketLoggingStatus: { xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" } },
            error: ["AccessDenied", "Access Denied"],
        }),
    },
    {
        key: "s3 GetBucketLogging of the log bucket",
        fires: [],
        lookAlikeOf: ["audit-buckets-changed"],
        why: "Read-only.",
        event: s3({ name: "GetBucketLogging", identity: ARCHIVE_ADMIN(), account: ARCHIVE, readOnly: true, bucket: P.logBucketName, owner: ARCHIVE, request: { logging: "" } }),
    },

    // ------------------------------------------------ audit-keys-changed
    {
        key: "kms PutKeyPolicy of the log key",
        fires: ["audit-keys-changed"],
        why: "A new policy on the key of every log file: it can grant Decrypt or drop CloudTrail's statement.",
        event: kms({
            name: "PutKeyPolicy",
            identity: BREAK_GLASS(),
            account: ARCHIVE,
            keyArn: P.logKeyArn,
            request: { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", policyName: "default", policy: KEY_POLICY, bypassPolicyLockoutSafetyCheck: false },
        }),
    },
    {
        key: "kms CreateGrant on the alert key, called by alias",
        fires: ["audit-keys-changed"],
        why: "A grant hands out use of the key around its policy; KMS records the key's ARN whatever the caller passed.",
        event: kms({
            name: "CreateGrant",
            identity: MGMT_ADMIN(),
            account: MGMT,
            keyArn: ALERT_KEY,
            request: { keyId: "alias/org-cloudtrail-alerts", granteePrincipal: `arn:aws:iam::${ACCOUNT}:root`, operations: ["Decrypt"] },
            response: { grantId: "0ab0ac0d0b976dff596677e2a86f1cd4e1f0b5b5f0c8e4a3f2b1a0c9d8e7f6a5", keyId: ALERT_KEY },
        }),
    },
    {
        key: "kms DisableKey of the log-group key",
        fires: ["audit-keys-changed", "kms-key-disabled-or-deleted"],
        why: "CloudWatch Logs stops ingesting the trail: CIS 4.7 fires for any key, audit-keys-changed because it is ours.",
        event: kms({ name: "DisableKey", identity: MGMT_ADMIN(), account: MGMT, keyArn: LOG_GROUP_KEY, request: { keyId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" } }),
    },
    {
        key: "kms DisableKey of the log key denied to a member account, again and again",
        fires: ["kms-key-disabled-or-deleted", "unauthorized-api-calls"],
        lookAlikeOf: ["audit-keys-changed"],
        why:
            "Issue 13 row 12: an unprivileged member repeats a denied DisableKey every few minutes to hold the alarms in ALARM. " +
            "CIS 4.7 and unauthorized-api-calls count it; audit-keys-changed counts successful calls only, so the real change later still notifies.",
        event: kms({
            name: "DisableKey",
            identity: MEMBER_DEVELOPER(),
            keyArn: P.logKeyArn,
            request: { keyId: P.logKeyArn },
            error: denied("AccessDeniedException", MEMBER_DEVELOPER(), "kms:DisableKey", P.logKeyArn),
        }),
    },
    {
        key: "kms CreateGrant on a workload key of a member account",
        fires: [],
        lookAlikeOf: ["audit-keys-changed"],
        why: "Routine: EBS and RDS create grants all day on keys that are not the product's.",
        event: kms({
            name: "CreateGrant",
            identity: { ...MEMBER_DEVELOPER(), invokedBy: "ec2.amazonaws.com" },
            keyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d`,
            request: { keyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d`, granteePrincipal: "ec2.eu-west-1.amazonaws.com", operations: ["Decrypt"] },
            response: { grantId: "1bc2de3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d" },
        }),
    },
    {
        key: "kms PutKeyPolicy of another key of the log-archive account",
        fires: [],
        lookAlikeOf: ["audit-keys-changed"],
        why: "The log key is named exactly; the log-archive account's other keys are not the product's.",
        event: kms({
            name: "PutKeyPolicy",
            identity: ARCHIVE_ADMIN(),
            account: ARCHIVE,
            keyArn: `arn:aws:kms:${REGION}:${ARCHIVE}:key/4d3c2b1a-0f9e-4d8c-7b6a-5f4e3d2c1b0a`,
            request: { keyId: "4d3c2b1a-0f9e-4d8c-7b6a-5f4e3d2c1b0a", policyName: "default", policy: KEY_POLICY, bypassPolicyLockoutSafetyCheck: false },
        }),
    },
    {
        key: "kms PutKeyPolicy of a management-account key in another region",
        fires: [],
        lookAlikeOf: ["audit-keys-changed"],
        why: "The product's management-account keys are in its home region only.",
        event: kms({
            name: "PutKeyPolicy",
            identity: MGMT_ADMIN(),
            account: MGMT,
            region: "us-east-1",
            keyArn: `arn:aws:kms:us-east-1:${MGMT}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`,
            request: { keyId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", policyName: "default", policy: KEY_POLICY, bypassPolicyLockoutSafetyCheck: false },
        }),
    },
    {
        key: "kms Decrypt with the log key",
        fires: [],
        lookAlikeOf: ["audit-keys-changed"],
        why: "Using the key is not changing it (and the archive's readers do it all day).",
        event: kms({
            name: "Decrypt",
            identity: assumedRole("SecurityAuditor", "analyst", "/", ARCHIVE),
            account: ARCHIVE,
            readOnly: true,
            keyArn: P.logKeyArn,
            request: { encryptionAlgorithm: "SYMMETRIC_DEFAULT", encryptionContext: { "aws:cloudtrail:arn": TRAIL_ARN } },
        }),
    },

    // ------------------------------------------------ audit-alert-topic-changed
    {
        key: "sns Unsubscribe of an alert subscription",
        fires: ["audit-alert-topic-changed"],
        why: "An authenticated Unsubscribe: that address gets no more alerts.",
        event: inManagement({ source: "sns.amazonaws.com", name: "Unsubscribe", identity: MGMT_ADMIN(), request: { subscriptionArn: SUBSCRIPTION } }),
    },
    {
        key: "sns SetSubscriptionAttributes filters every alert away",
        fires: ["audit-alert-topic-changed"],
        why: "A filter policy nothing matches is an unsubscribe that keeps looking subscribed.",
        event: inManagement({
            source: "sns.amazonaws.com",
            name: "SetSubscriptionAttributes",
            identity: MGMT_ADMIN(),
            request: { subscriptionArn: SUBSCRIPTION, attributeName: "FilterPolicy", attributeValue: JSON.stringify({ nothing: ["matches"] }) },
        }),
    },
    {
        key: "sns SetTopicAttributes replaces the alert topic's policy",
        fires: ["audit-alert-topic-changed"],
        why: "Without OurAlarmsPublish, CloudWatch cannot publish the next alarm.",
        event: inManagement({
            source: "sns.amazonaws.com",
            name: "SetTopicAttributes",
            identity: MGMT_ADMIN(),
            request: { topicArn: P.alertTopicArn, attributeName: "Policy", attributeValue: JSON.stringify({ Version: "2012-10-17", Statement: [] }) },
        }),
    },
    {
        key: "sns RemovePermission OurAlarmsPublish by break-glass",
        fires: ["audit-alert-topic-changed"],
        why: "Red-team finding 1b: CloudWatch can no longer publish. The topic policy denies it to everyone but the deployer and break-glass; when they do it, it pages.",
        event: inManagement({
            source: "sns.amazonaws.com",
            name: "RemovePermission",
            identity: assumedRole("BreakGlassAdmin", "incident-2025-032", "/", MGMT),
            request: { topicArn: P.alertTopicArn, label: "OurAlarmsPublish" },
        }),
    },
    {
        key: "sns RemovePermission OurAlarmsPublish denied by the topic policy",
        fires: [],
        lookAlikeOf: ["audit-alert-topic-changed", "unauthorized-api-calls"],
        why: "The topic policy's DenyTopicPolicyChanges refused it: nothing changed. SNS denies with AuthorizationError, which is neither of CIS 4.1's codes.",
        event: inManagement({
            source: "sns.amazonaws.com",
            name: "RemovePermission",
            identity: MGMT_ADMIN(),
            request: { topicArn: P.alertTopicArn, label: "OurAlarmsPublish" },
            error: ["AuthorizationError", `User: arn:aws:sts::${MGMT}:assumed-role/PlatformAdmin/jane.doe is not authorized to perform: SNS:RemovePermission on resource: ${P.alertTopicArn} with an explicit deny`],
        }),
    },
    {
        key: "sns Unsubscribe of another topic's subscription",
        fires: [],
        lookAlikeOf: ["audit-alert-topic-changed"],
        why: "Routine elsewhere.",
        event: inManagement({
            source: "sns.amazonaws.com",
            name: "Unsubscribe",
            identity: MGMT_ADMIN(),
            request: { subscriptionArn: `arn:aws:sns:${REGION}:${MGMT}:billing-notices:0b8e6a4c-2d1f-4e3a-9c7b-5a6d8e9f0a1b` },
        }),
    },
    {
        key: "sns Unsubscribe of a topic whose name starts like the alert topic's",
        fires: [],
        lookAlikeOf: ["audit-alert-topic-changed"],
        why: "org-cloudtrail-alerts-test is another topic: the alert topic's subscriptions have its name followed by a colon.",
        event: inManagement({
            source: "sns.amazonaws.com",
            name: "Unsubscribe",
            identity: MGMT_ADMIN(),
            request: { subscriptionArn: `${P.alertTopicArn}-test:3e2d1c0b-9a8f-4e7d-6c5b-4a3f2e1d0c9b` },
        }),
    },
    {
        key: "sns Unsubscribe of an alert subscription denied",
        fires: [],
        lookAlikeOf: ["audit-alert-topic-changed", "unauthorized-api-calls"],
        why: "Still subscribed. SNS denies with AuthorizationError, which is neither of CIS 4.1's codes.",
        event: inManagement({
            source: "sns.amazonaws.com",
            name: "Unsubscribe",
            identity: MEMBER_DEVELOPER(),
            request: { subscriptionArn: SUBSCRIPTION },
            error: ["AuthorizationError", `User: arn:aws:sts::${ACCOUNT}:assumed-role/Developer/sam.lee is not authorized to perform: SNS:Unsubscribe on resource: ${SUBSCRIPTION}`],
        }),
    },
    {
        key: "sns Subscribe a new address to the alert topic",
        fires: [],
        lookAlikeOf: ["audit-alert-topic-changed"],
        why: "One more recipient silences nobody.",
        event: inManagement({
            source: "sns.amazonaws.com",
            name: "Subscribe",
            identity: MGMT_DEPLOYER(),
            request: { topicArn: P.alertTopicArn, protocol: "email", endpoint: "oncall@example.com", returnSubscriptionArn: false },
            response: { subscriptionArn: "pending confirmation" },
        }),
    },

    // ------------------------------------------------ audit-log-group-changed
    {
        key: "logs DeleteMetricFilter of a detection",
        fires: ["audit-log-group-changed"],
        why: "Its alarm never fires again.",
        event: inManagement({
            source: "logs.amazonaws.com",
            name: "DeleteMetricFilter",
            identity: MGMT_ADMIN(),
            request: { logGroupName: P.logGroupName, filterName: "org-cloudtrail-root-account-usage" },
        }),
    },
    {
        key: "logs PutRetentionPolicy of one day on the trail's log group",
        fires: ["audit-log-group-changed"],
        why: "Yesterday's events gone by tomorrow.",
        event: inManagement({ source: "logs.amazonaws.com", name: "PutRetentionPolicy", identity: MGMT_ADMIN(), request: { logGroupName: P.logGroupName, retentionInDays: 1 } }),
    },
    {
        key: "logs DeleteSubscriptionFilter of the trail's log group",
        fires: ["audit-log-group-changed"],
        why: "The export to the SIEM stops.",
        event: inManagement({
            source: "logs.amazonaws.com",
            name: "DeleteSubscriptionFilter",
            identity: MGMT_ADMIN(),
            request: { logGroupName: P.logGroupName, filterName: "to-siem" },
        }),
    },
    {
        key: "logs PutLogGroupDeletionProtection off, by ARN",
        fires: ["audit-log-group-changed"],
        why: "The step before deleting the group, whose own deletion nothing could count.",
        event: inManagement({
            source: "logs.amazonaws.com",
            name: "PutLogGroupDeletionProtection",
            identity: MGMT_ADMIN(),
            request: { logGroupIdentifier: LOG_GROUP_ARN, deletionProtectionEnabled: false },
        }),
    },
    {
        key: "logs PutLogGroupDeletionProtection off, by name",
        fires: ["audit-log-group-changed"],
        why: "The identifier may be the bare name as well as the ARN.",
        event: inManagement({
            source: "logs.amazonaws.com",
            name: "PutLogGroupDeletionProtection",
            identity: MGMT_ADMIN(),
            request: { logGroupIdentifier: P.logGroupName, deletionProtectionEnabled: false },
        }),
    },
    {
        key: "logs PutLogGroupDeletionProtection off for an application's log group",
        fires: [],
        lookAlikeOf: ["audit-log-group-changed"],
        why: "Another log group, by ARN.",
        event: apiCall({
            source: "logs.amazonaws.com",
            name: "PutLogGroupDeletionProtection",
            identity: MEMBER_DEVELOPER(),
            request: { logGroupIdentifier: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/orders-api`, deletionProtectionEnabled: false },
        }),
    },
    {
        key: "logs PutRetentionPolicy of an application's log group",
        fires: [],
        lookAlikeOf: ["audit-log-group-changed"],
        why: "Routine elsewhere.",
        event: apiCall({ source: "logs.amazonaws.com", name: "PutRetentionPolicy", identity: MEMBER_DEVELOPER(), request: { logGroupName: "/aws/lambda/orders-api", retentionInDays: 14 } }),
    },
    {
        key: "logs PutRetentionPolicy of a log group named like the trail's with a suffix",
        fires: [],
        lookAlikeOf: ["audit-log-group-changed"],
        why: "The log group name is compared whole.",
        event: inManagement({ source: "logs.amazonaws.com", name: "PutRetentionPolicy", identity: MGMT_ADMIN(), request: { logGroupName: `${P.logGroupName}-old`, retentionInDays: 1 } }),
    },
    {
        key: "logs CreateLogStream by CloudTrail in the trail's log group",
        fires: [],
        lookAlikeOf: ["audit-log-group-changed"],
        why: "Delivery at work: a new account's stream.",
        event: inManagement({
            source: "logs.amazonaws.com",
            name: "CreateLogStream",
            identity: { ...assumedRole("organization-cloudwatch-role-3f2e1d0", "CloudTrail-to-CloudWatchLogs", "/", MGMT), invokedBy: "cloudtrail.amazonaws.com" },
            ip: "cloudtrail.amazonaws.com",
            userAgent: "cloudtrail.amazonaws.com",
            request: { logGroupName: P.logGroupName, logStreamName: `o-a1b2c3d4e5_${ACCOUNT}_CloudTrail_${REGION}` },
        }),
    },
    {
        key: "logs DeleteMetricFilter of the trail's log group denied",
        fires: ["unauthorized-api-calls"],
        lookAlikeOf: ["audit-log-group-changed"],
        why: "The filter is still there; only the denial counts.",
        event: inManagement({
            source: "logs.amazonaws.com",
            name: "DeleteMetricFilter",
            identity: MGMT_ADMIN(),
            request: { logGroupName: P.logGroupName, filterName: "org-cloudtrail-root-account-usage" },
            error: denied("AccessDeniedException", MGMT_ADMIN(), "logs:DeleteMetricFilter", LOG_GROUP_ARN),
        }),
    },

    // ------------------------------------------------ audit-alarms-changed
    {
        key: "cloudwatch DisableAlarmActions of one of ours among others",
        fires: ["audit-alarms-changed"],
        why: "Any of the named alarms being ours is enough.",
        event: inManagement({
            source: "monitoring.amazonaws.com",
            name: "DisableAlarmActions",
            identity: MGMT_ADMIN(),
            request: { alarmNames: ["billing-estimated-charges", "org-cloudtrail-audit-trail-changed"] },
        }),
    },
    {
        key: "cloudwatch DeleteAlarms of ours",
        fires: ["audit-alarms-changed"],
        why: "Deleted alarms tell nobody.",
        event: inManagement({ source: "monitoring.amazonaws.com", name: "DeleteAlarms", identity: MGMT_ADMIN(), request: { alarmNames: ["org-cloudtrail-root-account-usage"] } }),
    },
    {
        key: "cloudwatch PutMetricAlarm overwrites ours without actions",
        fires: ["audit-alarms-changed"],
        why: "Same name, no alarm actions: it changes state and tells nobody.",
        event: inManagement({
            source: "monitoring.amazonaws.com",
            name: "PutMetricAlarm",
            identity: MGMT_ADMIN(),
            request: {
                alarmName: "org-cloudtrail-audit-keys-changed",
                metricName: "audit-keys-changed",
                namespace: "OrgCloudTrail",
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 1000000,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                actionsEnabled: false,
                alarmActions: [],
            },
        }),
    },
    {
        key: "cloudwatch PutAlarmMuteRule targeting ours",
        fires: ["audit-alarms-changed"],
        why: "A mute rule: the alarm still changes state but its actions are muted on schedule.",
        event: inManagement({
            source: "monitoring.amazonaws.com",
            name: "PutAlarmMuteRule",
            identity: MGMT_ADMIN(),
            request: {
                name: "maintenance-window",
                rule: { schedule: { expression: "cron(0 0 * * ? *)", duration: "PT23H", timezone: "UTC" } },
                muteTargets: { alarmNames: ["org-cloudtrail-audit-buckets-changed"] },
            },
        }),
    },
    {
        key: "cloudwatch PutAlarmMuteRule targeting another alarm",
        fires: [],
        lookAlikeOf: ["audit-alarms-changed"],
        why: "Muting someone else's alarm for maintenance is their business.",
        event: inManagement({
            source: "monitoring.amazonaws.com",
            name: "PutAlarmMuteRule",
            identity: MGMT_ADMIN(),
            request: {
                name: "db-maintenance",
                rule: { schedule: { expression: "cron(0 2 ? * SUN *)", duration: "PT2H", timezone: "UTC" } },
                muteTargets: { alarmNames: ["orders-db-cpu-high"] },
            },
        }),
    },
    {
        key: "cloudwatch DeleteAlarms of another alarm",
        fires: [],
        lookAlikeOf: ["audit-alarms-changed"],
        why: "Routine elsewhere.",
        event: inManagement({ source: "monitoring.amazonaws.com", name: "DeleteAlarms", identity: MGMT_ADMIN(), request: { alarmNames: ["billing-estimated-charges"] } }),
    },
    {
        key: "cloudwatch EnableAlarmActions of ours",
        fires: [],
        lookAlikeOf: ["audit-alarms-changed"],
        why: "The fix, not the incident.",
        event: inManagement({ source: "monitoring.amazonaws.com", name: "EnableAlarmActions", identity: MGMT_ADMIN(), request: { alarmNames: ["org-cloudtrail-audit-trail-changed"] } }),
    },
    {
        key: "cloudwatch DisableAlarmActions of ours denied",
        fires: ["unauthorized-api-calls"],
        lookAlikeOf: ["audit-alarms-changed"],
        why: "The alarm still notifies; only the denial counts.",
        event: inManagement({
            source: "monitoring.amazonaws.com",
            name: "DisableAlarmActions",
            identity: MEMBER_DEVELOPER(),
            request: { alarmNames: ["org-cloudtrail-audit-trail-changed"] },
            error: ["AccessDenied", `User: arn:aws:sts::${ACCOUNT}:assumed-role/Developer/sam.lee is not authorized to perform: cloudwatch:DisableAlarmActions`],
        }),
    },
    // ------------------------------------------------ audit-delivery-role-changed (red-team finding 1a)
    // IAM records roleName as the caller spelled it (IAM API Reference: RoleName of each call).
    {
        key: "iam PutRolePermissionsBoundary AWSDenyAll on the delivery role",
        fires: ["audit-delivery-role-changed"],
        why: "The red team's cut: the role can no longer PutLogEvents, the trail stops feeding the log group and every alarm goes quiet. No other detection lists this call.",
        event: iam({
            name: "PutRolePermissionsBoundary",
            identity: MGMT_ADMIN(),
            account: MGMT,
            request: { roleName: DELIVERY_ROLE, permissionsBoundary: "arn:aws:iam::aws:policy/AWSDenyAll" },
        }),
    },
    {
        key: "iam PutRolePolicy denying everything on the delivery role, named in capitals",
        fires: ["audit-delivery-role-changed", "iam-policy-changes"],
        why: "IAM finds the role whatever the case of its name; the record keeps the caller's spelling, and the pattern matches it in any case.",
        event: iam({
            name: "PutRolePolicy",
            identity: MGMT_ADMIN(),
            account: MGMT,
            request: { roleName: DELIVERY_ROLE.toUpperCase(), policyName: "quiet", policyDocument: DENY_ALL },
        }),
    },
    {
        key: "iam UpdateAssumeRolePolicy of the delivery role",
        fires: ["audit-delivery-role-changed", "iam-role-trust-policy-changed"],
        why: "A trust policy without cloudtrail.amazonaws.com: CloudTrail can no longer assume the role.",
        event: iam({ name: "UpdateAssumeRolePolicy", identity: MGMT_ADMIN(), account: MGMT, request: { roleName: DELIVERY_ROLE, policyDocument: DENY_ALL } }),
    },
    {
        key: "iam PutRolePolicy of the delivery role by the deployer",
        fires: ["audit-delivery-role-changed", "iam-policy-changes"],
        why: "A pulumi up that changes the role's policy fires it too: expected, and worth the look.",
        event: iam({
            name: "PutRolePolicy",
            identity: MGMT_DEPLOYER(),
            account: MGMT,
            request: { roleName: DELIVERY_ROLE, policyName: "organization-cloudwatch-policy-9a8b7c6", policyDocument: "{}" },
        }),
    },
    {
        key: "iam PutRolePermissionsBoundary on another role",
        fires: [],
        lookAlikeOf: ["audit-delivery-role-changed"],
        why: "Boundaries on other roles are routine delegation.",
        event: iam({
            name: "PutRolePermissionsBoundary",
            identity: MGMT_ADMIN(),
            account: MGMT,
            request: { roleName: "app-deployer", permissionsBoundary: `arn:aws:iam::${MGMT}:policy/DeveloperBoundary` },
        }),
    },
    {
        key: "iam PutRolePermissionsBoundary on the delivery role denied",
        fires: ["unauthorized-api-calls"],
        lookAlikeOf: ["audit-delivery-role-changed"],
        why: "Nothing changed: only the denial counts, and repeating it cannot hold the alarm in ALARM.",
        event: iam({
            name: "PutRolePermissionsBoundary",
            identity: MGMT_READ_ONLY(),
            account: MGMT,
            request: { roleName: DELIVERY_ROLE, permissionsBoundary: "arn:aws:iam::aws:policy/AWSDenyAll" },
            error: denied("AccessDenied", MGMT_READ_ONLY(), "iam:PutRolePermissionsBoundary", `arn:aws:iam::${MGMT}:role/${DELIVERY_ROLE}`),
        }),
    },
    {
        key: "iam GetRole of the delivery role",
        fires: [],
        lookAlikeOf: ["audit-delivery-role-changed"],
        why: "The runbook's check reads the role.",
        event: iam({ name: "GetRole", identity: MGMT_ADMIN(), account: MGMT, readOnly: true, request: { roleName: DELIVERY_ROLE } }),
    },

    // ------------------------------------------------ organizations-policy-removed (red-team finding 2)
    {
        key: "organizations DetachPolicy of protect-audit-trail from the root",
        fires: ["organizations-policy-removed", "organizations-changes"],
        why: "Every account may now stop the trail. organizations-changes fires too, but a member can hold it in ALARM with denied calls.",
        event: organizations({ name: "DetachPolicy", identity: MGMT_ADMIN(), request: { policyId: "p-a1b2c3d4", targetId: "r-ab12" } }),
    },
    {
        key: "organizations DisablePolicyType RESOURCE_CONTROL_POLICY",
        fires: ["organizations-policy-removed", "organizations-changes"],
        why: "protect-audit-archive stops applying at once, and every other RCP with it.",
        event: organizations({
            name: "DisablePolicyType",
            identity: MGMT_ADMIN(),
            request: { rootId: "r-ab12", policyType: "RESOURCE_CONTROL_POLICY" },
            response: { root: { id: "r-ab12", arn: `arn:aws:organizations::${MGMT}:root/o-a1b2c3d4e5/r-ab12`, name: "Root", policyTypes: [] } },
        }),
    },
    {
        key: "organizations UpdatePolicy rewrites an SCP",
        fires: ["organizations-policy-removed", "organizations-changes"],
        why: "Rewritten in place, protect-audit-trail can allow everything it denied.",
        event: organizations({
            name: "UpdatePolicy",
            identity: MGMT_ADMIN(),
            request: { policyId: "p-a1b2c3d4", content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) },
        }),
    },
    {
        key: "organizations DetachPolicy denied to a member account, again and again",
        fires: ["organizations-changes", "unauthorized-api-calls"],
        lookAlikeOf: ["organizations-policy-removed"],
        why: "Red-team finding 2: denied calls hold organizations-changes in ALARM; organizations-policy-removed counts successful calls only, so the real detach still pages.",
        event: organizations({
            name: "DetachPolicy",
            identity: MEMBER_DEVELOPER(),
            request: { policyId: "p-a1b2c3d4", targetId: ACCOUNT },
            error: ["AccessDeniedException", "You don't have permissions to access this resource."],
        }),
    },
    {
        key: "organizations AttachPolicy",
        fires: ["organizations-changes"],
        lookAlikeOf: ["organizations-policy-removed"],
        why: "Attaching a policy adds a guardrail.",
        event: organizations({ name: "AttachPolicy", identity: MGMT_ADMIN(), request: { policyId: "p-e5f6a7b8", targetId: "ou-ab12-cd34ef56" } }),
    },
    {
        key: "iam DeletePolicy",
        fires: ["iam-policy-changes"],
        lookAlikeOf: ["organizations-policy-removed"],
        why: "IAM's DeletePolicy has the same name and removes no organization policy.",
        event: iam({ name: "DeletePolicy", identity: MGMT_ADMIN(), account: MGMT, request: { policyArn: `arn:aws:iam::${MGMT}:policy/old-ci` } }),
    },

    // ------------------------------------------------ audit-alarms-changed: SetAlarmState (red-team finding 8)
    {
        key: "cloudwatch SetAlarmState of ours to ALARM",
        fires: ["audit-alarms-changed"],
        why: "Set in ALARM by hand, the alarm sends nothing for the real events that follow until it is back to OK.",
        event: inManagement({
            source: "monitoring.amazonaws.com",
            name: "SetAlarmState",
            identity: MGMT_ADMIN(),
            request: { alarmName: "org-cloudtrail-audit-keys-changed", stateValue: "ALARM", stateReason: "testing" },
        }),
    },
    {
        key: "cloudwatch SetAlarmState of another alarm",
        fires: [],
        lookAlikeOf: ["audit-alarms-changed"],
        why: "Testing someone else's alarm is their business.",
        event: inManagement({
            source: "monitoring.amazonaws.com",
            name: "SetAlarmState",
            identity: MGMT_ADMIN(),
            request: { alarmName: "orders-db-cpu-high", stateValue: "ALARM", stateReason: "testing" },
        }),
    },

    // ------------------------------------------------ audit-metrics-fed (red-team finding 8)
    // Shape: PutMetricFilter's request (CloudWatch Logs API Reference), as CloudTrail records requests.
    {
        key: "logs PutMetricFilter on another log group writing -1000 to one of our metrics",
        fires: ["audit-metrics-fed"],
        why: "Every event of a busy log group subtracts 1000 from root-account-usage: its Sum never reaches the threshold again.",
        event: inManagement({
            source: "logs.amazonaws.com",
            name: "PutMetricFilter",
            identity: MGMT_ADMIN(),
            request: {
                logGroupName: "/aws/lambda/orders-api",
                filterName: "requests",
                filterPattern: "",
                metricTransformations: [{ metricName: "root-account-usage", metricNamespace: P.alarmNamespace, metricValue: "-1000", defaultValue: 0 }],
            },
        }),
    },
    {
        key: "logs PutMetricFilter on another log group in its own namespace",
        fires: [],
        lookAlikeOf: ["audit-metrics-fed"],
        why: "Applications' metric filters are routine.",
        event: inManagement({
            source: "logs.amazonaws.com",
            name: "PutMetricFilter",
            identity: MGMT_ADMIN(),
            request: {
                logGroupName: "/aws/lambda/orders-api",
                filterName: "errors",
                filterPattern: "ERROR",
                metricTransformations: [{ metricName: "Errors", metricNamespace: "Orders/Api", metricValue: "1" }],
            },
        }),
    },
    {
        key: "logs PutMetricFilter on the trail's log group in our namespace",
        fires: ["audit-log-group-changed"],
        lookAlikeOf: ["audit-metrics-fed"],
        why: "A filter on the trail's own log group is audit-log-group-changed's to report; one page is enough.",
        event: inManagement({
            source: "logs.amazonaws.com",
            name: "PutMetricFilter",
            identity: MGMT_DEPLOYER(),
            request: {
                logGroupName: P.logGroupName,
                filterName: "org-cloudtrail-root-account-usage",
                filterPattern: "{ $.userIdentity.type = \"Root\" }",
                metricTransformations: [{ metricName: "root-account-usage", metricNamespace: P.alarmNamespace, metricValue: "1", defaultValue: 0 }],
            },
        }),
    },
    {
        key: "logs PutMetricFilter in our namespace denied",
        fires: ["unauthorized-api-calls"],
        lookAlikeOf: ["audit-metrics-fed"],
        why: "No filter was created; only the denial counts.",
        event: inManagement({
            source: "logs.amazonaws.com",
            name: "PutMetricFilter",
            identity: MGMT_ADMIN(),
            request: {
                logGroupName: "/aws/lambda/orders-api",
                filterName: "requests",
                filterPattern: "",
                metricTransformations: [{ metricName: "root-account-usage", metricNamespace: P.alarmNamespace, metricValue: "-1000" }],
            },
            error: denied("AccessDeniedException", MGMT_ADMIN(), "logs:PutMetricFilter", `arn:aws:logs:${REGION}:${MGMT}:log-group:/aws/lambda/orders-api`),
        }),
    },
];
