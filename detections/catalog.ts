// Every detection the management stack alarms on, as data. The id is the
// CloudWatch metric name and the suffix of the filter's and alarm's names:
// runbooks are written against it, so an id never changes meaning.
//
// Where the CIS Benchmark lists bare event names, the patterns also name the
// service (`$.eventSource`): IoT and Organizations have their own CreatePolicy,
// API Gateway its own CreateRoute. Checkers that look for the CIS event names
// still find every one of them.
import type { EngineSettings, Severity } from "../engine/settings";
import type { CloudTrailRecord } from "../engine/record";
import { anyOf, callTerm, calls, either, patternOf, SUCCEEDED } from "./terms";
import {
    DELEGATION_CALLS,
    IAM_POLICY_CALLS,
    POLICY_REMOVAL_CALLS,
    REQUESTER_PAYS_CALLS,
    ROOT_SESSION_CALLS,
    SECURITY_GROUP_CALLS,
    TRAIL_CHANGE_CALLS,
    TRUST_POLICY_CALLS,
    TRUSTED_ACCESS_CALLS,
} from "./calls";
import { consoleSignInOutsidePattern, largeInstancePattern } from "./parameters";
import { PERSISTENCE } from "./techniques/persistence";
import { DEFENSE_EVASION } from "./techniques/defenseEvasion";
import { EXPOSURE } from "./techniques/exposure";
import { CREDENTIAL_ACCESS } from "./techniques/credentialAccess";
import { EXECUTION } from "./techniques/execution";
import {
    alarmTamperPattern,
    bucketTamperPattern,
    deliveryRoleTamperPattern,
    keyTamperPattern,
    logGroupTamperPattern,
    metricFeedPattern,
    ProductResources,
    auditEngineTamperPattern,
    auditQueueTamperPattern,
    digestChecksChangedPattern,
    logFileTopicTamperPattern,
    auditTamperAttempted,
    engineBorrowedPattern,
    topicTamperPattern,
    trailTamperPattern,
} from "./ownResources";

/** What the detections built from config are built from. */
export interface DetectionParameters {
    /** IPv4 addresses and CIDRs console sign-ins are expected from; empty turns that detection off. */
    trustedCidrs: readonly string[];
    /** Instance-type wildcard patterns (`*.8xlarge`, `p*`) worth an alert when launched. */
    largeInstanceTypes: readonly string[];
    /** This product's own resources, which the audit-* detections name in their patterns and titles. */
    product: ProductResources;
}

export interface Detection {
    /** Stable id: the metric name, and the suffix of the metric filter's and the alarm's names. */
    id: string;
    /** What happened, as the first sentence of the alarm; built from config where it names the product's resources. */
    title: string | ((p: DetectionParameters) => string);
    /** What the detection catches, for the README's table. */
    catches: string;
    /** Why it matters. */
    why: string;
    /** What the person paged should look at first. */
    firstCheck: string;
    /** CIS AWS Foundations Benchmark recommendation (v1.4 to v3.0 numbering), where there is one. */
    cis?: string;
    /**
     * The CloudWatch Logs filter pattern, or how to build it from config
     * (undefined: not applicable). Only a detection with a pattern gets a
     * metric filter and an alarm in the management stack; the engine
     * evaluates the same pattern with detections/filterPattern.ts.
     */
    pattern?: string | ((p: DetectionParameters) => string | undefined);
    /**
     * A detection written as code, for what a filter pattern cannot say (it
     * needs the organization's accounts, or arithmetic): evaluated by the
     * detection engine only. With a pattern as well, the engine alerts when
     * both match, and the metric filter (the backstop) counts the pattern
     * alone. A detection has a pattern, a predicate or both.
     */
    predicate?: (record: CloudTrailRecord, ctx: DetectionContext) => boolean;
    /** The alarm fires when the Sum over one period reaches this many events. */
    threshold: number;
    /**
     * What the engine's threshold counts within one log file: by default every
     * principal's matches together (as the metric counts them); "principal":
     * each principal's matches alone, so only one principal's burst alerts.
     * Code detections only: a metric filter cannot count per principal (its
     * metric sums the organization's matches per period), so a pattern
     * detection's alarm and engine would disagree.
     */
    countPer?: "principal";
    /** Length of the alarm's one evaluation period, in seconds. */
    periodSeconds: number;
    /**
     * Guards this product's own resources: the pattern names them and counts
     * successful calls only, the alarm fires on the first one, and the title
     * names the resources. Denied calls cannot hold it in ALARM.
     */
    ownResources?: true;
    /**
     * How urgent the detection engine's alert is (the audit stack's
     * detectionTuning may change it per detection). critical: the root user
     * at work, this product's own resources tampered with, the trail, a key
     * or AWS Config switched off, the walls of the organization coming down
     * (each can blind every later alert); high: access or exposure widened
     * (policies, MFA, public access, trust); medium: routine changes worth
     * a look and noisy signals (denials, failed sign-ins, network edits);
     * low: the VPC plumbing CIS lists that rarely means an attack alone.
     */
    severity: Severity;
    /**
     * The attack technique it covers, as MITRE ATT&CK names it
     * (`T1098.001 Account Manipulation: Additional Cloud Credentials`), for
     * the README's table; issue 17's detections set it.
     */
    technique?: string;
    /**
     * Routine for automation: the engine skips events of the organization's
     * automation principals (the audit stack's `automationPrincipals`) for
     * this detection, unless its tuning says otherwise.
     */
    tunable?: true;
}

/** What the detection engine knows besides the record, for predicates. */
export interface DetectionContext {
    /** The audit stack's settings (detection parameters, accounts, partition, region). */
    settings: EngineSettings;
    /** The organization's accounts by id, with their names; empty when Organizations could not be read. */
    accounts: ReadonlyMap<string, string>;
}

const CIS_DEFAULTS = { threshold: 1, periodSeconds: 300 };
/** The first successful call pages. */
const FIRST_CALL = { threshold: 1, periodSeconds: 300 };
const OWN = { ...FIRST_CALL, ownResources: true as const };

export const CATALOG: readonly Detection[] = [
    {
        id: "unauthorized-api-calls",
        severity: "medium",
        title: "API calls were denied",
        catches: "Calls that failed with an UnauthorizedOperation or AccessDenied error, without S3 log delivery's and HeadBucket's routine denials",
        why: "Bursts of denied calls are how stolen credentials and over-reaching automation show themselves first.",
        firstCheck: "Which principal and source IP made the denied calls (userIdentity.arn, sourceIPAddress) and whether that principal is expected to exist.",
        cis: "4.1",
        // The outer parentheses matter: the CIS text `A || B && C && D` binds as `A || (B && C && D)`
        // and lets every UnauthorizedOperation through its exclusions.
        pattern:
            '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ' +
            '($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
        // Across an organization a single denial is routine; five in five minutes is a pattern.
        threshold: 5,
        periodSeconds: 300,
    },
    {
        id: "console-signin-without-mfa",
        severity: "high",
        title: "An IAM user signed in to the console without MFA",
        catches: "Successful console sign-ins of IAM users without MFA; federated (SAML, IAM Identity Center) sign-ins do not fire",
        why: "A password alone is one phishing e-mail away from an attacker in the console.",
        firstCheck: "Which user (userIdentity.userName) from which address, and why that user has a console password without an MFA device.",
        cis: "4.2",
        pattern:
            '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ' +
            '($.responseElements.ConsoleLogin = "Success") && ($.additionalEventData.SamlProviderArn NOT EXISTS) }',
        ...CIS_DEFAULTS,
    },
    {
        id: "root-account-usage",
        severity: "critical",
        title: "An account's root user was used",
        catches: "Any call or sign-in attempt by a root user, console actions included, except actions AWS services take on its behalf",
        why: "The root user cannot be restricted by IAM or (in the management account) by SCPs; it should be used almost never.",
        firstCheck: "Which account (recipientAccountId), which call, from which address, and who holds that account's root credentials.",
        cis: "4.3",
        // CIS drops every event with invokedBy, but the console sets it to signin.amazonaws.com on the root
        // user's own console actions (creating access keys among them); only services acting for root are dropped.
        pattern:
            '{ ($.userIdentity.type = "Root") && (($.userIdentity.invokedBy NOT EXISTS) || ($.userIdentity.invokedBy = "signin.amazonaws.com")) && ' +
            '($.eventType != "AwsServiceEvent") }',
        ...CIS_DEFAULTS,
    },
    {
        id: "iam-policy-changes",
        tunable: true,
        severity: "high",
        title: "An IAM policy was changed",
        catches: "Creation, deletion, new versions, inline edits and attachments of IAM policies",
        why: "Changing a policy is the shortest path from a foothold to administrator.",
        firstCheck: "Which policy and principal changed (requestParameters) and whether a change request or pipeline run explains it.",
        cis: "4.4",
        pattern: calls(IAM_POLICY_CALLS.eventSource, IAM_POLICY_CALLS.eventNames),
        ...CIS_DEFAULTS,
    },
    {
        id: "cloudtrail-config-changes",
        severity: "critical",
        title: "A CloudTrail trail was changed, stopped or deleted",
        catches: "Creating, updating, deleting, starting or stopping a trail, and changing which events it records",
        why: "Switching off or narrowing a trail is how an attacker hides everything that follows.",
        firstCheck: "Which trail (requestParameters.name) and who did it; the organization trail must still be logging (aws cloudtrail get-trail-status).",
        cis: "4.5",
        pattern: calls(TRAIL_CHANGE_CALLS.eventSource, TRAIL_CHANGE_CALLS.eventNames),
        ...CIS_DEFAULTS,
    },
    {
        id: "console-signin-failures",
        severity: "medium",
        title: "Console sign-ins failed",
        catches: "Failed console sign-ins of any kind of user",
        why: "Repeated failures are password guessing or spraying.",
        firstCheck: "Which user names and source addresses failed, and whether any of them later signed in successfully.",
        cis: "4.6",
        // CloudTrail marks a failure in errorMessage, in responseElements, or in both.
        pattern:
            '{ ($.eventName = "ConsoleLogin") && (($.errorMessage = "Failed authentication") || ($.responseElements.ConsoleLogin = "Failure")) }',
        // One typo is not an incident; three failures in five minutes are worth a look.
        threshold: 3,
        periodSeconds: 300,
    },
    {
        id: "kms-key-disabled-or-deleted",
        severity: "critical",
        title: "A KMS key was disabled or scheduled for deletion",
        catches: "DisableKey and ScheduleKeyDeletion of customer-managed KMS keys",
        why: "Data encrypted under a deleted key is gone for good, including archived logs.",
        firstCheck: "Which key (requestParameters.keyId) and what it encrypts; cancel a deletion with aws kms cancel-key-deletion while the window is open.",
        cis: "4.7",
        pattern: calls("kms.amazonaws.com", ["DisableKey", "ScheduleKeyDeletion"]),
        ...CIS_DEFAULTS,
    },
    {
        id: "s3-bucket-policy-changes",
        tunable: true,
        severity: "high",
        title: "An S3 bucket's policy, ACL or data settings were changed",
        catches: "Changes to bucket policies, ACLs, CORS, lifecycle and replication",
        why: "One policy or ACL change can make a bucket public or hand its objects to another account.",
        firstCheck: "Which bucket (requestParameters.bucketName) and whether the new policy or ACL grants access outside the organization.",
        cis: "4.8",
        pattern: calls("s3.amazonaws.com", [
            "PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
            "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication",
        ]),
        ...CIS_DEFAULTS,
    },
    {
        id: "aws-config-changes",
        severity: "critical",
        title: "AWS Config recording or delivery was changed",
        catches: "Stopping, deleting or changing AWS Config's recorder or delivery channel",
        why: "Config is the record of how resources looked; without it, drift and tampering go unrecorded.",
        firstCheck: "Which account and region, and whether the configuration recorder is still recording (aws configservice describe-configuration-recorder-status).",
        cis: "4.9",
        // DeleteConfigurationRecorder is not in the CIS list and silences Config as surely as stopping it.
        pattern: calls("config.amazonaws.com", [
            "StopConfigurationRecorder", "DeleteConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder",
        ]),
        ...CIS_DEFAULTS,
    },
    {
        id: "security-group-changes",
        tunable: true,
        severity: "medium",
        title: "A security group was changed",
        catches: "Creating and deleting security groups and changing their rules",
        why: "An opened security group exposes instances, databases and endpoints directly to the internet.",
        firstCheck: "Which group and rule (requestParameters), especially any 0.0.0.0/0 or ::/0 ingress.",
        cis: "4.10",
        pattern: calls(SECURITY_GROUP_CALLS.eventSource, SECURITY_GROUP_CALLS.eventNames),
        ...CIS_DEFAULTS,
    },
    {
        id: "nacl-changes",
        tunable: true,
        severity: "medium",
        title: "A network ACL was changed",
        catches: "Creating, deleting and changing network ACLs, their entries and their subnet associations",
        why: "Network ACLs are the subnet-wide firewall; a permissive entry opens every instance behind it.",
        firstCheck: "Which ACL and entry (requestParameters), and whether it now allows traffic from anywhere.",
        cis: "4.11",
        pattern: calls("ec2.amazonaws.com", [
            "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation",
        ]),
        ...CIS_DEFAULTS,
    },
    {
        id: "network-gateway-changes",
        tunable: true,
        severity: "medium",
        title: "A network gateway was changed",
        catches: "Creating, deleting, attaching and detaching internet and customer gateways",
        why: "A new gateway is a new way in or out of a network.",
        firstCheck: "Which VPC the gateway was attached to or detached from, and who did it.",
        cis: "4.12",
        pattern: calls("ec2.amazonaws.com", [
            "CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway",
        ]),
        ...CIS_DEFAULTS,
    },
    {
        id: "route-table-changes",
        tunable: true,
        severity: "low",
        title: "A VPC route table was changed",
        catches: "EC2 route and route-table changes (API Gateway's CreateRoute does not fire)",
        why: "A changed route can send a subnet's traffic through an attacker's instance or out to the internet.",
        firstCheck: "Which route table and destination (requestParameters), and where the new route points.",
        cis: "4.13",
        pattern: calls("ec2.amazonaws.com", [
            "CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable",
        ]),
        ...CIS_DEFAULTS,
    },
    {
        id: "vpc-changes",
        tunable: true,
        severity: "low",
        title: "A VPC or VPC peering was changed",
        catches: "Creating, deleting and modifying VPCs, peering connections and ClassicLink",
        why: "Peering and VPC changes connect networks that were meant to stay apart.",
        firstCheck: "Which VPC or peering connection, and which accounts it now connects.",
        cis: "4.14",
        pattern: calls("ec2.amazonaws.com", [
            "CreateVpc", "DeleteVpc", "ModifyVpcAttribute",
            "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection",
            "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink",
        ]),
        ...CIS_DEFAULTS,
    },
    {
        id: "organizations-changes",
        severity: "high",
        title: "AWS Organizations was changed",
        catches: "Changes to accounts, OUs, policies (SCPs included) and handshakes of the organization",
        why: "Detaching an SCP or moving an account out from under it removes the guardrails, including the one protecting this trail.",
        firstCheck: "Which account, OU or policy changed (requestParameters) and whether protect-audit-trail is still attached.",
        cis: "4.15",
        pattern: calls("organizations.amazonaws.com", [
            "AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake",
            "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType",
            "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit",
        ]),
        ...CIS_DEFAULTS,
    },
    {
        id: "console-signin-outside-trusted-networks",
        severity: "high",
        title: "Someone signed in to the console from outside the trusted networks",
        catches: "Successful console sign-ins from an address outside `trustedCidrs` (only when that key is set)",
        why: "A sign-in from an unexpected network is the most common sign of a stolen password or session.",
        firstCheck: "Who signed in (userIdentity.arn) from which address (sourceIPAddress); ask them before anything else.",
        pattern: (p) => consoleSignInOutsidePattern(p.trustedCidrs),
        ...CIS_DEFAULTS,
    },
    {
        id: "large-instance-launched",
        tunable: true,
        severity: "medium",
        title: "A large or accelerated EC2 instance was launched",
        catches: "Successful RunInstances of an instance type matching `largeInstanceTypes`, whether the request or a launch template named the type",
        why: "Large and GPU instances are what stolen credentials are used for first: crypto mining at your expense.",
        firstCheck: "Who launched what (requestParameters.instanceType, responseElements), in which region, and whether a project explains it.",
        pattern: (p) => largeInstancePattern(p.largeInstanceTypes),
        ...CIS_DEFAULTS,
    },
    {
        id: "iam-user-created",
        severity: "medium",
        title: "An IAM user was created",
        catches: "Successful CreateUser calls",
        why: "Long-lived IAM users are a classic way to keep access after the original foothold is closed.",
        firstCheck: "Who created which user (requestParameters.userName) and whether the new user got keys, a password or policies next.",
        pattern: calls("iam.amazonaws.com", ["CreateUser"], SUCCEEDED),
        ...CIS_DEFAULTS,
    },
    {
        id: "guardduty-disabled",
        severity: "high",
        title: "GuardDuty was disabled or disconnected",
        catches: "Deleting or suspending a GuardDuty detector, and cutting members off from the administrator account",
        why: "Attackers switch off threat detection before they act.",
        firstCheck: "Which account and region lost GuardDuty, and whether the detector is still enabled (aws guardduty list-detectors).",
        pattern:
            '{ ($.eventSource = "guardduty.amazonaws.com") && (' +
            anyOf("eventName", [
                "DeleteDetector", "DisassociateFromMasterAccount", "DisassociateFromAdministratorAccount", "StopMonitoringMembers", "DeleteMembers", "DisassociateMembers",
            ]) +
            ' || (($.eventName = "UpdateDetector") && ($.requestParameters.enable IS FALSE))) }',
        ...CIS_DEFAULTS,
    },
    {
        id: "s3-public-access-block-changes",
        severity: "high",
        title: "S3 Block Public Access was changed or removed",
        catches: "Putting or deleting S3 Block Public Access settings of a bucket or an account",
        why: "Block Public Access is the switch that keeps a wrong policy or ACL from exposing data; turning it off arms every other mistake.",
        firstCheck: "Which bucket or account, and whether all four settings are still true (aws s3api get-public-access-block).",
        pattern: calls("s3.amazonaws.com", [
            "PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock", "PutAccountPublicAccessBlock", "DeleteAccountPublicAccessBlock",
        ]),
        ...CIS_DEFAULTS,
    },
    {
        id: "ebs-default-encryption-disabled",
        severity: "medium",
        title: "EBS encryption by default was turned off",
        catches: "DisableEbsEncryptionByDefault",
        why: "From then on, new volumes and snapshots in that region are written unencrypted.",
        firstCheck: "Which account and region (awsRegion); turn it back on with aws ec2 enable-ebs-encryption-by-default.",
        pattern: calls("ec2.amazonaws.com", ["DisableEbsEncryptionByDefault"]),
        ...CIS_DEFAULTS,
    },
    {
        id: "vpc-flow-logs-deleted",
        severity: "high",
        title: "VPC flow logs were deleted",
        catches: "DeleteFlowLogs",
        why: "Flow logs are the network's audit trail; deleting them blinds the investigation of anything that follows.",
        firstCheck: "Which flow logs (requestParameters) and which VPCs or subnets they covered.",
        pattern: calls("ec2.amazonaws.com", ["DeleteFlowLogs"]),
        ...CIS_DEFAULTS,
    },

    // ---- Calls that switch off or blind this product (issue 13, row 10) --------------
    // Rare and always dangerous, whatever they touch: they fire for any resource.
    // Each counts successful calls only (see calls.ts): the denied ones are
    // unauthorized-api-calls' to count, and cannot hold these alarms in ALARM.
    {
        id: "organizations-trusted-access-disabled",
        severity: "critical",
        title: "Trusted access of an AWS service to the organization was disabled",
        catches: "Successful DisableAWSServiceAccess, for any service principal",
        why:
            "For cloudtrail.amazonaws.com it stops the organization trail in every member account at once; for any other service it switches off that service's organization-wide protection.",
        firstCheck:
            "Which service (requestParameters.servicePrincipal) and who did it; re-enable with aws organizations enable-aws-service-access and check aws cloudtrail get-trail-status.",
        pattern: calls(TRUSTED_ACCESS_CALLS.eventSource, TRUSTED_ACCESS_CALLS.eventNames, SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        id: "organization-administration-delegated",
        severity: "high",
        title: "Administration of the organization was delegated to a member account",
        catches:
            "Successful RegisterDelegatedAdministrator and PutResourcePolicy of Organizations, and CloudTrail's RegisterOrganizationDelegatedAdmin",
        why:
            "A delegated administrator manages a service for the whole organization from a member account (for CloudTrail: organization trails); the delegation policy can let a member account manage SCPs, protect-audit-trail included.",
        firstCheck:
            "Which account (requestParameters.accountId or memberAccountId) for which service, or what the new delegation policy (requestParameters.content) allows; aws organizations list-delegated-administrators.",
        pattern: patternOf(either(...DELEGATION_CALLS.map(callTerm)), SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        id: "root-session-assumed",
        severity: "critical",
        title: "A root session was opened on a member account",
        catches: "Successful sts:AssumeRoot (centralized root access) for any member account",
        why: "A root session is not bound by the member account's IAM policies; its task policies can delete a bucket policy or a user's credentials.",
        firstCheck:
            "Which account (requestParameters.targetPrincipal) and task policy (requestParameters.taskPolicyArn), who called it, and that account's Root events in the next 15 minutes.",
        pattern: calls(ROOT_SESSION_CALLS.eventSource, ROOT_SESSION_CALLS.eventNames, SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        id: "iam-role-trust-policy-changed",
        severity: "high",
        title: "An IAM role's trust policy was changed",
        catches: "Successful UpdateAssumeRolePolicy of any role",
        why: "Whoever a role trusts can become it: re-trusting a break-glass, deployer or auditor role hands over everything that role may do.",
        firstCheck: "Which role (requestParameters.roleName) and whom the new policy (requestParameters.policyDocument) trusts, especially other accounts or *.",
        pattern: calls(TRUST_POLICY_CALLS.eventSource, TRUST_POLICY_CALLS.eventNames, SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        id: "s3-requester-pays-changed",
        severity: "high",
        title: "An S3 bucket's Requester Pays setting was changed",
        catches: "Successful PutBucketRequestPayment on any bucket",
        why: "A Requester Pays bucket receives no CloudTrail logs and no server access logs: switching it on stops delivery silently.",
        firstCheck: "Which bucket (requestParameters.bucketName) and whether its payer is now Requester (aws s3api get-bucket-request-payment).",
        pattern: calls(REQUESTER_PAYS_CALLS.eventSource, REQUESTER_PAYS_CALLS.eventNames, SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        id: "organizations-policy-removed",
        severity: "critical",
        title: "An Organizations policy was detached, rewritten or deleted, or a policy type disabled",
        catches: "Successful DetachPolicy, UpdatePolicy, DeletePolicy and DisablePolicyType, for any policy",
        why:
            "This is how the SCP protect-audit-trail and the RCP protect-audit-archive come off, and with them the walls around the trail and the archive. " +
            "organizations-changes counts these calls too, but failed ones as well: a member account repeating a denied DetachPolicy holds it in ALARM.",
        firstCheck:
            "Which policy and target (requestParameters.policyId, targetId, policyType) by whom; protect-audit-trail and protect-audit-archive must still be attached, unchanged (aws organizations list-targets-for-policy).",
        pattern: calls(POLICY_REMOVAL_CALLS.eventSource, POLICY_REMOVAL_CALLS.eventNames, SUCCEEDED),
        ...FIRST_CALL,
    },

    // ---- This product's own resources (issue 13, rows 10 and 12) ----------------------
    // Named in the pattern, so the same call elsewhere stays quiet; successful calls
    // only, so nobody can hold them in ALARM with denied calls. A pulumi up that
    // changes these resources fires them too (the first one always): expect it.
    {
        id: "audit-trail-changed",
        severity: "critical",
        title: (p) => `Organization trail ${p.product.trailName} was stopped, deleted or changed`,
        catches: "Successful writes naming the organization trail (StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors, PutInsightSelectors, ...), StartLogging excepted",
        why: "Every account's audit record goes through this trail; stopped or narrowed, it records nothing that follows.",
        firstCheck: "Who did it (userIdentity.arn), whether the trail is still logging (aws cloudtrail get-trail-status) and its event selectors are unchanged.",
        pattern: (p) => trailTamperPattern(p.product),
        ...OWN,
    },
    {
        id: "audit-buckets-changed",
        severity: "critical",
        title: (p) => `A setting of archive bucket ${p.product.logBucketName} or ${p.product.accessLogBucketName} was changed`,
        catches:
            "Successful bucket-level changes (policy, logging, lifecycle, Object Lock, encryption, versioning, replication, Requester Pays, ...) of the two archive buckets",
        why: "The protect-audit-trail SCP denies these changes to all but break-glass and, for the policy and tags, the deployer: each one that succeeded is break-glass at work or a wall that failed.",
        firstCheck: "Which call (eventName) by whom (userIdentity.arn), and whether a break-glass change or a log-archive pulumi up explains it.",
        pattern: (p) => bucketTamperPattern(p.product),
        ...OWN,
    },
    {
        id: "audit-keys-changed",
        severity: "critical",
        title: (p) =>
            `A key of the audit trail was changed: log key ${p.product.logKeyArn} or a key of management account ${p.product.managementAccountId} in ${p.product.region}`,
        catches:
            "Successful PutKeyPolicy, CreateGrant, DisableKey, ScheduleKeyDeletion and DisableKeyRotation on the log key or any key of the management account in the home region",
        why: "A new key policy or grant can hand out Decrypt or drop the statements CloudTrail, CloudWatch Logs and the alarms need; a disabled or deleted key stops delivery or every alarm.",
        firstCheck:
            "Which key (resources[0].ARN) and call, by whom; compare the key policy (aws kms get-key-policy) with the one the stack deploys, and list grants (aws kms list-grants).",
        pattern: (p) => keyTamperPattern(p.product),
        ...OWN,
    },
    {
        id: "audit-alert-topic-changed",
        severity: "critical",
        title: (p) => `Alert topic ${p.product.alertTopicArn} or one of its subscriptions was changed`,
        catches:
            "Successful Unsubscribe and SetSubscriptionAttributes of the alert topic's subscriptions, and SetTopicAttributes, DeleteTopic, AddPermission, RemovePermission and PutDataProtectionPolicy of the topic",
        why: "An unsubscribed address or a changed topic policy or key means the next alarm reaches nobody.",
        firstCheck:
            "Which subscription or attribute (requestParameters), and whether every address and endpoint is still subscribed and confirmed (aws sns list-subscriptions-by-topic).",
        pattern: (p) => topicTamperPattern(p.product),
        ...OWN,
    },
    {
        id: "audit-log-group-changed",
        severity: "critical",
        title: (p) => `Log group ${p.product.logGroupName}, which the alarms read, was changed`,
        catches: "Successful metric-filter, retention, subscription-filter, key and deletion-protection calls on the trail's log group",
        why: "An overwritten or deleted metric filter silences its alarm for good; a subscription filter exports every event of the organization.",
        firstCheck: "Which call (eventName, requestParameters) by whom; compare the metric filters (aws logs describe-metric-filters) with the detections the stack deploys.",
        pattern: (p) => logGroupTamperPattern(p.product),
        ...OWN,
    },
    {
        id: "audit-alarms-changed",
        severity: "critical",
        title: (p) => `An alarm named ${p.product.alarmNamePrefix}* was deleted, muted, changed or set to a state by hand`,
        catches: "Successful DeleteAlarms, DisableAlarmActions, PutMetricAlarm, SetAlarmState and PutAlarmMuteRule naming this product's alarms",
        why: "A deleted, muted or overwritten alarm tells nobody about the next tampering, its own included.",
        firstCheck:
            "Which alarms (requestParameters.alarmNames, alarmName or muteTargets) by whom; check their actions are enabled (aws cloudwatch describe-alarms) and no mute rule targets them.",
        pattern: (p) => alarmTamperPattern(p.product),
        ...OWN,
    },
    {
        id: "audit-delivery-role-changed",
        severity: "critical",
        title: (p) => `Role ${p.product.deliveryRoleNamePrefix}*, which delivers the trail to log group ${p.product.logGroupName}, was changed`,
        catches:
            "Successful IAM writes naming the trail's CloudWatch Logs delivery role: permissions boundary, inline and attached policies, trust policy, settings, tags, deletion",
        why: "A permissions boundary or a denying policy on this role stops the trail's delivery to the log group: every other alarm goes quiet, and only the trail's status shows an error.",
        firstCheck:
            "Which call (eventName, requestParameters) by whom; aws cloudtrail get-trail-status (LatestCloudWatchLogsDeliveryError), and the role's boundary and policies (aws iam get-role, list-role-policies, list-attached-role-policies).",
        pattern: (p) => deliveryRoleTamperPattern(p.product),
        ...OWN,
    },
    {
        id: "audit-metrics-fed",
        severity: "critical",
        title: (p) => `A metric filter outside log group ${p.product.logGroupName} now writes to namespace ${p.product.alarmNamespace}`,
        catches: "Successful PutMetricFilter on any log group but the trail's that writes a metric into the detections' namespace",
        why: "Its values add to the detections' own metrics: negative ones keep every alarm under its threshold, a steady 1 holds an alarm in ALARM where it sends nothing more.",
        firstCheck:
            "Which log group and filter (requestParameters.logGroupName, filterName) by whom; delete it (aws logs delete-metric-filter) and look for other filters writing to the namespace.",
        pattern: (p) => metricFeedPattern(p.product),
        ...OWN,
    },

    // ---- The audit stack's engine and its feed (issue 16): only with an audit stack --------------
    {
        id: "audit-engine-changed",
        title: (p) => `The detection engine ${p.product.audit?.engineFunctionName}, its event source mapping or its role was changed`,
        catches:
            "Successful UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction and PutFunctionConcurrency of the engine, Update/DeleteEventSourceMapping of its queue mapping, and IAM writes on its role (only with an audit stack)",
        why: "New code, zero concurrency or a disabled mapping silences every alert the engine would send; a re-trusted role reads every log of the organization.",
        firstCheck:
            "Which call (eventName, requestParameters) by whom; aws lambda get-function and list-event-source-mappings for the engine (State Enabled, concurrency not 0), and the role's trust and policies (aws iam get-role).",
        pattern: (p) => auditEngineTamperPattern(p.product),
        ...OWN,
        severity: "critical",
    },
    {
        id: "audit-engine-role-borrowed",
        title: (p) => `A function was given the detection engine's role ${p.product.audit?.engineRoleName}, or a mapping was made from its queue`,
        catches:
            "Successful CreateFunction and UpdateFunctionConfiguration passing the engine's role, and CreateEventSourceMapping from the engine's log-file queue (only with an audit stack)",
        why: "The archive's policies admit the engine's role whoever runs it: a function of the attacker's with that role reads every log of the organization and can publish forged alerts; a second mapping takes the engine's messages and can drop the ones that tell on the attacker.",
        firstCheck:
            "Which function (requestParameters.functionName) by whom; aws lambda list-functions for any function with the engine's role, and aws lambda list-event-source-mappings --event-source-arn for the log-file queue (only the engine's should exist).",
        pattern: (p) => engineBorrowedPattern(p.product),
        ...OWN,
        severity: "critical",
    },
    {
        id: "audit-engine-queue-changed",
        title: (p) => `The engine's queues or their subscription to the log-file topic ${p.product.audit?.logFileTopicArn} were changed`,
        catches:
            "Successful SetQueueAttributes, DeleteQueue, PurgeQueue and RemovePermission on the engine's queue and dead-letter queue, and Unsubscribe or SetSubscriptionAttributes of the queue's subscription (only with an audit stack)",
        why: "A purged, deleted or re-policied queue, or a lost subscription, means log files the engine never reads: alerts that never come.",
        firstCheck:
            "Which queue (requestParameters.queueUrl) or subscription by whom; aws sqs get-queue-attributes (Policy, RedrivePolicy) and aws sns list-subscriptions-by-topic on the log-file topic.",
        pattern: (p) => auditQueueTamperPattern(p.product),
        ...OWN,
        severity: "critical",
    },
    {
        id: "audit-log-file-topic-changed",
        title: (p) => `The log-file topic ${p.product.audit?.logFileTopicArn}, its key or the log bucket's notifications were changed`,
        catches:
            "Successful topic-policy, attribute, deletion and data-protection changes of the log-file topic, key tampering of its key, and PutBucketNotification on the log bucket (only with an audit stack)",
        why: "The log bucket's notifications through this topic are the engine's only feed: cut or redirect them and the engine goes quiet without an error.",
        firstCheck:
            "Which call by whom; aws s3api get-bucket-notification-configuration on the log bucket, aws sns get-topic-attributes on the topic, aws kms describe-key on its key.",
        pattern: (p) => logFileTopicTamperPattern(p.product),
        ...OWN,
        severity: "critical",
    },
    {
        id: "audit-digest-checks-changed",
        title: (p) => `The digest chain table ${p.product.audit?.digestChainTableName} or the late-digest rule ${p.product.audit?.digestCheckRuleName} was changed`,
        catches:
            "Successful control-plane writes on the digest chain table (DeleteTable, UpdateTable, UpdateContinuousBackups, UpdateTimeToLive, backups, restores over it, resource policies) and on the late-digest rule (DeleteRule, DisableRule, PutRule, PutTargets, RemoveTargets), in the audit account; not the engine's own item writes (only with an audit stack and digest verification)",
        why:
            "The rule is what pages when digests stop arriving, and the table is what the engine compares each digest with: disabled or emptied, a deleted or withheld digest goes unnoticed. protect-digest-checks leaves these writes to the audit deployer and break-glass, so this is a deploy with digestVerification: false, a change of schedule, or someone using their credentials.",
        firstCheck:
            "Which call (eventName, requestParameters) by whom; aws events describe-rule --name org-cloudtrail-digest-check (State ENABLED) and list-targets-by-rule (the engine), aws dynamodb describe-table and describe-continuous-backups for the table; the audit stack's digestVerification setting.",
        pattern: (p) => digestChecksChangedPattern(p.product),
        ...OWN,
        severity: "critical",
    },
    {
        // Code, not a metric filter: see auditTamperAttempted.
        id: "audit-engine-tamper-attempted",
        title: "Someone tried to change the detection engine, its queues, its feed or its digest checks, and was denied",
        catches:
            "Denied calls that audit-engine-changed, audit-engine-role-borrowed, audit-engine-queue-changed or audit-log-file-topic-changed would page on had they succeeded, and denied writes on the digest chain table, the detection counts table or the late-digest rule; evaluated by the engine only (only with an audit stack)",
        why: "The SCP or a resource policy stopped it, but a principal with rights in the audit or log-archive account tried to blind the pager: the first move of an attack, and a sign of stolen credentials or an insider.",
        firstCheck:
            "Who (userIdentity) from where (sourceIPAddress, userAgent), and what else that principal did in the last hour (the Athena pivot); then whether its credentials must be revoked.",
        predicate: auditTamperAttempted,
        threshold: 1,
        periodSeconds: 300,
        severity: "high",
    },
    // Issue 17: the techniques attackers use beyond the benchmark, one file per tactic.
    ...PERSISTENCE,
    ...DEFENSE_EVASION,
    ...EXPOSURE,
    ...CREDENTIAL_ACCESS,
    ...EXECUTION,
];

/** A detection ready to deploy: its pattern and title built from the stack's config. */
export interface EnabledDetection extends Omit<Detection, "pattern" | "title" | "predicate"> {
    title: string;
    pattern: string;
}

export const DETECTION_IDS: readonly string[] = CATALOG.map((d) => d.id);

/** Detections written as code (a predicate, no pattern): the audit stack's engine evaluates them; no metric filter is made. */
export const CODE_DETECTION_IDS: readonly string[] = CATALOG.filter((d) => d.pattern === undefined).map((d) => d.id);

/** A detection's filter pattern built from config; undefined when it has none or the config makes it inapplicable. */
export function detectionPattern(detection: Detection, params: DetectionParameters): string | undefined {
    return typeof detection.pattern === "function" ? detection.pattern(params) : detection.pattern;
}

/** A detection's title built from config. */
export function detectionTitle(detection: Detection, params: DetectionParameters): string {
    return typeof detection.title === "string" ? detection.title : detection.title(params);
}

/** The metric filters to deploy: the catalog minus `disabled`, code-only detections, and those the config makes inapplicable. */
export function enabledDetections(params: DetectionParameters, disabled: readonly string[] = []): EnabledDetection[] {
    const enabled: EnabledDetection[] = [];
    for (const detection of CATALOG) {
        if (disabled.includes(detection.id)) continue;
        // Code detections (predicate only) have no metric filter: the engine alone evaluates them.
        const pattern = detectionPattern(detection, params);
        if (pattern === undefined) continue;
        const title = detectionTitle(detection, params);
        enabled.push({ ...detection, title, pattern });
    }
    return enabled;
}
