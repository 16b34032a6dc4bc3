// Labelled events of detections/techniques/defenseEvasion.ts: each technique in the
// exact shape CloudTrail records it (the failed attempt included), and the
// routine work that resembles it, which must stay quiet.
import { ACCOUNT, apiCall, assumedRole, Call, CloudTrailEvent, OwnEvent } from "../ownEvents";

const ADMIN = () => assumedRole("PlatformAdmin", "jane.doe");
const DEVELOPER = () => assumedRole("Developer", "sam.lee");
const TERRAFORM = () => assumedRole("TerraformApply", "terraform-run-4711");
const DEVELOPER_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/sam.lee`;
/** The management account of these events' organization, where RemoveAccountFromOrganization is recorded. */
const MANAGEMENT = "210987654321";

const denied = (code: string, action: string, resource = "*"): [string, string] => [
    code,
    `User: ${DEVELOPER_ARN} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in a service control policy`,
];
const call = (source: string) => (c: Omit<Call, "source">): CloudTrailEvent => apiCall({ ...c, source });
const organizations = (c: Omit<Call, "source" | "region">): CloudTrailEvent => apiCall({ ...c, source: "organizations.amazonaws.com", region: "us-east-1" });
const cloudtrail = call("cloudtrail.amazonaws.com");
const resolver = call("route53resolver.amazonaws.com");
const securityHub = call("securityhub.amazonaws.com");
const accessAnalyzer = call("access-analyzer.amazonaws.com");
const macie = call("macie2.amazonaws.com");
const guardDuty = call("guardduty.amazonaws.com");

const DETECTOR_ID = "12abc34d567e8fa901bc2d34eexample";
const CONTROL_ARN = `arn:aws:securityhub:eu-west-1:${ACCOUNT}:control/aws-foundational-security-best-practices/v/1.0.0/GuardDuty.1`;
const GUARDDUTY_PRODUCT = `arn:aws:securityhub:eu-west-1:${ACCOUNT}:product-subscription/aws/guardduty`;
const ANALYZER_ARN = `arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/org-analyzer`;

/**
 * A GuardDuty filter as CloudTrail records the call: GuardDuty's REST names
 * (detectorId from the path; name, action, rank, findingCriteria.criterion
 * from the body), as the API reference's CreateFilter request syntax spells
 * them (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateFilter.html)
 * and the SDKs send them (Paws GuardDuty::CreateFilter request_name "action").
 */
function guardDutyFilter(name: "CreateFilter" | "UpdateFilter", action: string | undefined, identity = ADMIN(), error?: [string, string]): CloudTrailEvent {
    return guardDuty({
        name,
        identity,
        request: {
            detectorId: DETECTOR_ID,
            ...(name === "CreateFilter" ? { name: "quiet-recon" } : { filterName: "quiet-recon" }),
            ...(action === undefined ? {} : { action }),
            rank: 1,
            findingCriteria: { criterion: { type: { eq: ["Recon:EC2/Portscan", "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS"] } } },
        },
        response: error ? null : { name: "quiet-recon" },
        error,
    });
}

/** A trusted IP list: detectorId, name, format, location, activate (CreateIPSet request syntax, GuardDuty API reference). */
function guardDutyIpSet(name: "CreateIPSet" | "UpdateIPSet", extra: Record<string, unknown>, identity = ADMIN()): CloudTrailEvent {
    const request =
        name === "CreateIPSet"
            ? { detectorId: DETECTOR_ID, name: "office", format: "TXT", location: "https://s3.amazonaws.com/acme-guardduty-lists/trusted.txt", ...extra }
            : { detectorId: DETECTOR_ID, ipSetId: "d4b94fc952d6912b8f3060768example", ...extra };
    return guardDuty({ name, identity, request, response: name === "CreateIPSet" ? { ipSetId: "d4b94fc952d6912b8f3060768example" } : null });
}

/** An automation rule action as Security Hub's API names it (AutomationRulesAction: Type, FindingFieldsUpdate). */
const ruleAction = (update: Record<string, unknown>) => [{ Type: "FINDING_FIELDS_UPDATE", FindingFieldsUpdate: update }];

const EVENT_DATA_STORE = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE`;

export const DEFENSE_EVASION_EVENTS: readonly OwnEvent[] = [
    // ------------------------------------------------ organization-account-exit
    {
        key: "organizations LeaveOrganization by a member account",
        fires: ["organization-account-exit", "organizations-changes"],
        why: "The member account is out: no organization trail, no SCP. organizations-changes (CIS 4.15) counts it too, at high.",
        event: organizations({ name: "LeaveOrganization", identity: ADMIN(), request: null }),
    },
    {
        key: "organizations RemoveAccountFromOrganization in the management account",
        fires: ["organization-account-exit", "organizations-changes"],
        why: "The management account removing a member: the same result.",
        event: organizations({ name: "RemoveAccountFromOrganization", identity: assumedRole("OrgAdmin", "jane.doe", "/", MANAGEMENT), account: MANAGEMENT, request: { accountId: ACCOUNT } }),
    },
    {
        key: "organizations AccountDepartedOrganization service event",
        fires: ["organization-account-exit"],
        // The event and its two fields are named in the Organizations API reference (AcceptHandshake,
        // RemoveAccountFromOrganization, CloseAccount; read in the AWS SDKs' generated docs, e.g. docs.rs
        // aws-sdk-organizations): "an AccountDepartedOrganization event with departureMethod:REMOVED and
        // departureTime", LEFT when the member left, CLEANED after a closed account's 90 days; logged in the
        // management account. Where the two fields sit (serviceEventDetails here) and the record's
        // eventType and userIdentity: no example record found (unconfirmed).
        why:
            "The management account's record of any departure: departureMethod LEFT, REMOVED or CLEANED, and departureTime " +
            "(Organizations API reference); the rest of the record is modelled on other AwsServiceEvent records (unconfirmed).",
        event: apiCall({
            source: "organizations.amazonaws.com",
            name: "AccountDepartedOrganization",
            region: "us-east-1",
            identity: { type: "AWSService", invokedBy: "organizations.amazonaws.com" },
            ip: "organizations.amazonaws.com",
            userAgent: "organizations.amazonaws.com",
            account: MANAGEMENT,
            request: null,
            extra: { eventType: "AwsServiceEvent", serviceEventDetails: { accountId: ACCOUNT, departureMethod: "LEFT", departureTime: "2025-03-04T09:12:45Z" } },
        }),
    },
    {
        key: "organizations LeaveOrganization denied by the SCP",
        fires: ["organizations-changes", "unauthorized-api-calls"],
        why: "The attempt left nothing: organization-account-exit counts successful calls only; CIS 4.15 counts attempts.",
        event: organizations({ name: "LeaveOrganization", identity: DEVELOPER(), request: null, error: denied("AccessDeniedException", "organizations:LeaveOrganization") }),
    },
    {
        key: "organizations MoveAccount between OUs",
        fires: ["organizations-changes"],
        lookAlikeOf: ["organization-account-exit"],
        why: "The account stays in the organization: CIS 4.15's, not the exit's.",
        event: organizations({
            name: "MoveAccount",
            identity: assumedRole("OrgAdmin", "jane.doe", "/", MANAGEMENT),
            account: MANAGEMENT,
            request: { accountId: ACCOUNT, sourceParentId: "ou-ab12-11111111", destinationParentId: "ou-ab12-22222222" },
        }),
    },

    // ------------------------------------------------ cloudtrail-lake-stopped
    {
        key: "cloudtrail StopEventDataStoreIngestion",
        fires: ["cloudtrail-lake-stopped"],
        why: "The event data store stops taking events.",
        event: cloudtrail({ name: "StopEventDataStoreIngestion", identity: ADMIN(), request: { eventDataStore: EVENT_DATA_STORE } }),
    },
    {
        key: "cloudtrail DeleteEventDataStore",
        fires: ["cloudtrail-lake-stopped"],
        why: "The store is deleted (pending deletion for 7 days).",
        event: cloudtrail({
            name: "DeleteEventDataStore",
            identity: ADMIN(),
            request: { eventDataStore: EVENT_DATA_STORE },
        }),
    },
    {
        key: "cloudtrail DeleteEventDataStore denied",
        fires: ["unauthorized-api-calls"],
        why: "Nothing was deleted: successful calls only.",
        event: cloudtrail({ name: "DeleteEventDataStore", identity: DEVELOPER(), request: { eventDataStore: EVENT_DATA_STORE }, error: denied("AccessDeniedException", "cloudtrail:DeleteEventDataStore", EVENT_DATA_STORE) }),
    },
    {
        key: "cloudtrail StartEventDataStoreIngestion",
        fires: [],
        lookAlikeOf: ["cloudtrail-lake-stopped", "cloudtrail-config-changes"],
        why: "Starting ingestion is the fix; and an event data store is not a trail, so cloudtrail-config-changes stays quiet.",
        event: cloudtrail({ name: "StartEventDataStoreIngestion", identity: ADMIN(), request: { eventDataStore: EVENT_DATA_STORE } }),
    },

    // ------------------------------------------------ route53-resolver-query-logging-deleted
    {
        key: "route53resolver DisassociateResolverQueryLogConfig",
        fires: ["route53-resolver-query-logging-deleted"],
        why: "The VPC's DNS queries stop being logged.",
        event: resolver({
            name: "DisassociateResolverQueryLogConfig",
            identity: ADMIN(),
            request: { resolverQueryLogConfigId: "rqlc-5aa596fe3bd84ec6", resourceId: "vpc-0a1b2c3d4e5f67890" },
            response: {
                resolverQueryLogConfigAssociation: {
                    id: "rqlca-0a1b2c3d4e5f6789",
                    resolverQueryLogConfigId: "rqlc-5aa596fe3bd84ec6",
                    resourceId: "vpc-0a1b2c3d4e5f67890",
                    status: "DELETING",
                },
            },
        }),
    },
    {
        key: "route53resolver DeleteResolverQueryLogConfig denied",
        fires: ["unauthorized-api-calls"],
        why: "The configuration is still there: successful calls only.",
        event: resolver({
            name: "DeleteResolverQueryLogConfig",
            identity: DEVELOPER(),
            request: { resolverQueryLogConfigId: "rqlc-5aa596fe3bd84ec6" },
            error: denied("AccessDeniedException", "route53resolver:DeleteResolverQueryLogConfig"),
        }),
    },
    {
        key: "route53resolver AssociateResolverQueryLogConfig",
        fires: [],
        lookAlikeOf: ["route53-resolver-query-logging-deleted"],
        why: "Adding a VPC to query logging is routine infrastructure work.",
        event: resolver({
            name: "AssociateResolverQueryLogConfig",
            identity: TERRAFORM(),
            request: { resolverQueryLogConfigId: "rqlc-5aa596fe3bd84ec6", resourceId: "vpc-0f1e2d3c4b5a69788" },
        }),
    },

    // ------------------------------------------------ security-hub-disabled
    {
        key: "securityhub DisableSecurityHub",
        fires: ["security-hub-disabled"],
        why: "Security Hub is off in this account and region.",
        event: securityHub({ name: "DisableSecurityHub", identity: ADMIN(), request: null }),
    },
    {
        key: "securityhub DisassociateFromAdministratorAccount",
        fires: ["security-hub-disabled"],
        why: "The member's findings stop reaching the administrator account.",
        event: securityHub({ name: "DisassociateFromAdministratorAccount", identity: ADMIN(), request: null }),
    },
    {
        key: "securityhub BatchDisableStandards",
        fires: ["security-hub-disabled"],
        why: "The standards' controls stop being checked.",
        event: securityHub({
            name: "BatchDisableStandards",
            identity: ADMIN(),
            request: { StandardsSubscriptionArns: [`arn:aws:securityhub:eu-west-1:${ACCOUNT}:subscription/aws-foundational-security-best-practices/v/1.0.0`] },
        }),
    },
    {
        key: "securityhub DisableSecurityHub denied",
        fires: ["unauthorized-api-calls"],
        why: "Security Hub is still on.",
        event: securityHub({ name: "DisableSecurityHub", identity: DEVELOPER(), request: null, error: denied("AccessDeniedException", "securityhub:DisableSecurityHub") }),
    },
    {
        key: "securityhub EnableSecurityHub",
        fires: [],
        lookAlikeOf: ["security-hub-disabled"],
        why: "Switching it on.",
        event: securityHub({ name: "EnableSecurityHub", identity: TERRAFORM(), request: { EnableDefaultStandards: true } }),
    },

    // ------------------------------------------------ guardduty-findings-suppressed
    {
        key: "guardduty CreateFilter with action ARCHIVE",
        fires: ["guardduty-findings-suppressed"],
        why: "A suppression rule: the recon and credential-exfiltration findings it matches are archived as they are generated.",
        event: guardDutyFilter("CreateFilter", "ARCHIVE"),
    },
    {
        key: "guardduty UpdateFilter to action ARCHIVE",
        fires: ["guardduty-findings-suppressed"],
        why: "A saved filter turned into a suppression rule.",
        event: guardDutyFilter("UpdateFilter", "ARCHIVE"),
    },
    {
        key: "guardduty UpdateFilter of the criteria only",
        fires: ["guardduty-findings-suppressed"],
        why: "No action in the request: it may widen an existing suppression rule, which the record cannot tell.",
        event: guardDutyFilter("UpdateFilter", undefined),
    },
    {
        key: "guardduty CreateFilter with action ARCHIVE denied",
        fires: ["unauthorized-api-calls"],
        why: "No rule was created: successful calls only.",
        event: guardDutyFilter("CreateFilter", "ARCHIVE", DEVELOPER(), denied("AccessDeniedException", "guardduty:CreateFilter", `arn:aws:guardduty:eu-west-1:${ACCOUNT}:detector/${DETECTOR_ID}`)),
    },
    {
        key: "guardduty CreateFilter with action NOOP",
        fires: [],
        lookAlikeOf: ["guardduty-findings-suppressed", "guardduty-disabled"],
        why: "A saved view of the findings console: nothing is archived.",
        event: guardDutyFilter("CreateFilter", "NOOP"),
    },
    {
        key: "guardduty CreateIPSet activated",
        fires: ["guardduty-findings-suppressed"],
        why: "A trusted IP list: GuardDuty generates no findings for traffic from its addresses.",
        event: guardDutyIpSet("CreateIPSet", { activate: true }),
    },
    {
        key: "guardduty UpdateIPSet to a new location",
        fires: ["guardduty-findings-suppressed"],
        why: "Another file, other addresses trusted.",
        event: guardDutyIpSet("UpdateIPSet", { location: "https://s3.amazonaws.com/attacker-lists/trusted.txt" }),
    },
    {
        key: "guardduty UpdateIPSet deactivating the list",
        fires: [],
        lookAlikeOf: ["guardduty-findings-suppressed"],
        why: "Switching a trusted list off makes GuardDuty see more, not less.",
        event: guardDutyIpSet("UpdateIPSet", { activate: false }),
    },
    {
        key: "guardduty CreateIPSet inactive",
        fires: [],
        lookAlikeOf: ["guardduty-findings-suppressed"],
        why: "Uploaded but not used; activating it later is an UpdateIPSet, which fires.",
        event: guardDutyIpSet("CreateIPSet", { activate: false }),
    },
    {
        key: "guardduty CreateThreatIntelSet",
        fires: [],
        lookAlikeOf: ["guardduty-findings-suppressed"],
        why: "A threat list adds findings: the opposite of a trusted list.",
        event: guardDuty({
            name: "CreateThreatIntelSet",
            identity: TERRAFORM(),
            request: { detectorId: DETECTOR_ID, name: "feed", format: "TXT", location: "https://s3.amazonaws.com/acme-guardduty-lists/threats.txt", activate: true },
            response: { threatIntelSetId: "a1b2c3d4e5f60718293a4b5c6example" },
        }),
    },

    // ------------------------------------------------ security-hub-findings-suppressed (and security-hub-disabled)
    {
        key: "securityhub DisableImportFindingsForProduct of GuardDuty",
        fires: ["security-hub-disabled"],
        why: "GuardDuty's findings stop reaching Security Hub, though both stay on.",
        event: securityHub({ name: "DisableImportFindingsForProduct", identity: ADMIN(), request: { ProductSubscriptionArn: GUARDDUTY_PRODUCT } }),
    },
    {
        key: "securityhub EnableImportFindingsForProduct",
        fires: [],
        lookAlikeOf: ["security-hub-disabled"],
        why: "Connecting a product is the fix.",
        event: securityHub({
            name: "EnableImportFindingsForProduct",
            identity: TERRAFORM(),
            request: { ProductArn: "arn:aws:securityhub:eu-west-1::product/aws/guardduty" },
            response: { ProductSubscriptionArn: GUARDDUTY_PRODUCT },
        }),
    },
    {
        key: "securityhub UpdateStandardsControl DISABLED",
        fires: ["security-hub-findings-suppressed"],
        why: "The control that checks GuardDuty is on stops being evaluated (request names from the API reference: StandardsControlArn, ControlStatus, DisabledReason).",
        event: securityHub({ name: "UpdateStandardsControl", identity: ADMIN(), request: { StandardsControlArn: CONTROL_ARN, ControlStatus: "DISABLED", DisabledReason: "Not applicable" } }),
    },
    {
        key: "securityhub UpdateStandardsControl ENABLED",
        fires: [],
        lookAlikeOf: ["security-hub-findings-suppressed"],
        why: "Enabling a control is the fix.",
        event: securityHub({ name: "UpdateStandardsControl", identity: ADMIN(), request: { StandardsControlArn: CONTROL_ARN, ControlStatus: "ENABLED" } }),
    },
    {
        key: "securityhub UpdateStandardsControl DISABLED denied",
        fires: ["unauthorized-api-calls"],
        why: "The control is still checked.",
        event: securityHub({
            name: "UpdateStandardsControl",
            identity: DEVELOPER(),
            request: { StandardsControlArn: CONTROL_ARN, ControlStatus: "DISABLED", DisabledReason: "noise" },
            error: denied("AccessDeniedException", "securityhub:UpdateStandardsControl", CONTROL_ARN),
        }),
    },
    {
        key: "securityhub BatchUpdateStandardsControlAssociations disabling CloudTrail.1 in the second standard",
        fires: ["security-hub-findings-suppressed"],
        why: "Consolidated controls: one association DISABLED is enough, wherever it is in the list (the CLI reference's example shape).",
        event: securityHub({
            name: "BatchUpdateStandardsControlAssociations",
            identity: ADMIN(),
            request: {
                StandardsControlAssociationUpdates: [
                    { SecurityControlId: "CloudTrail.1", StandardsArn: "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0", AssociationStatus: "ENABLED" },
                    { SecurityControlId: "CloudTrail.1", StandardsArn: "arn:aws:securityhub:::standards/cis-aws-foundations-benchmark/v/1.4.0", AssociationStatus: "DISABLED", UpdatedReason: "Not applicable" },
                ],
            },
            response: { UnprocessedAssociationUpdates: [] },
        }),
    },
    {
        key: "securityhub BatchUpdateStandardsControlAssociations enabling",
        fires: [],
        lookAlikeOf: ["security-hub-findings-suppressed"],
        why: "Only enabling.",
        event: securityHub({
            name: "BatchUpdateStandardsControlAssociations",
            identity: TERRAFORM(),
            request: {
                StandardsControlAssociationUpdates: [
                    { SecurityControlId: "IAM.6", StandardsArn: "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0", AssociationStatus: "ENABLED" },
                ],
            },
            response: { UnprocessedAssociationUpdates: [] },
        }),
    },
    {
        key: "securityhub CreateAutomationRule suppressing GuardDuty findings",
        fires: ["security-hub-findings-suppressed"],
        why: "Every matching finding is marked SUPPRESSED as it arrives (CreateAutomationRule request syntax: RuleName, RuleOrder, Criteria, Actions).",
        event: securityHub({
            name: "CreateAutomationRule",
            identity: ADMIN(),
            request: {
                RuleName: "mute-guardduty",
                RuleStatus: "ENABLED",
                RuleOrder: 1,
                Description: "noise",
                Criteria: { ProductName: [{ Value: "GuardDuty", Comparison: "EQUALS" }] },
                Actions: ruleAction({ Workflow: { Status: "SUPPRESSED" } }),
            },
            response: { RuleArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:automation-rule/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111` },
        }),
    },
    {
        key: "securityhub CreateAutomationRule raising severity",
        fires: [],
        lookAlikeOf: ["security-hub-findings-suppressed"],
        why: "The routine rule: production findings made CRITICAL.",
        event: securityHub({
            name: "CreateAutomationRule",
            identity: TERRAFORM(),
            request: {
                RuleName: "escalate-prod",
                RuleStatus: "ENABLED",
                RuleOrder: 2,
                Description: "prod",
                Criteria: { ResourceTags: [{ Key: "env", Value: "prod", Comparison: "EQUALS" }] },
                Actions: ruleAction({ Severity: { Label: "CRITICAL" } }),
            },
            response: { RuleArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:automation-rule/a1b2c3d4-5678-90ab-cdef-EXAMPLE22222` },
        }),
    },
    {
        key: "securityhub CreateAutomationRule marking findings NOTIFIED",
        fires: [],
        lookAlikeOf: ["security-hub-findings-suppressed"],
        why: "A workflow update that keeps the findings visible: the ticketing integration's rule.",
        event: securityHub({
            name: "CreateAutomationRule",
            identity: TERRAFORM(),
            request: {
                RuleName: "ticketed",
                RuleStatus: "ENABLED",
                RuleOrder: 3,
                Description: "sent to the ticket queue",
                Criteria: { SeverityLabel: [{ Value: "HIGH", Comparison: "EQUALS" }] },
                Actions: ruleAction({ Workflow: { Status: "NOTIFIED" }, Note: { Text: "ticket opened", UpdatedBy: "ticketing" } }),
            },
            response: { RuleArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:automation-rule/a1b2c3d4-5678-90ab-cdef-EXAMPLE33333` },
        }),
    },
    {
        key: "securityhub BatchUpdateAutomationRules to SUPPRESSED",
        fires: ["security-hub-findings-suppressed"],
        why: "An existing rule, the second in the batch, now suppresses.",
        event: securityHub({
            name: "BatchUpdateAutomationRules",
            identity: ADMIN(),
            request: {
                UpdateAutomationRulesRequestItems: [
                    { RuleArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:automation-rule/a1b2c3d4-5678-90ab-cdef-EXAMPLE22222`, RuleOrder: 3 },
                    {
                        RuleArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:automation-rule/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`,
                        Actions: ruleAction({ Workflow: { Status: "SUPPRESSED" } }),
                    },
                ],
            },
            response: { ProcessedAutomationRules: [], UnprocessedAutomationRules: [] },
        }),
    },

    // ------------------------------------------------ access-analyzer-deleted
    {
        key: "access-analyzer DeleteAnalyzer",
        fires: ["access-analyzer-deleted"],
        why: "External-access findings stop for this account and region.",
        event: accessAnalyzer({ name: "DeleteAnalyzer", identity: ADMIN(), request: { analyzerName: "org-analyzer", clientToken: "3f6c2b1a-9d8e-4f7a-b6c5-d4e3f2a1b0c9" } }),
    },
    {
        key: "access-analyzer DeleteAnalyzer denied",
        fires: ["unauthorized-api-calls"],
        why: "The analyzer is still there.",
        event: accessAnalyzer({ name: "DeleteAnalyzer", identity: DEVELOPER(), request: { analyzerName: "org-analyzer" }, error: denied("AccessDeniedException", "access-analyzer:DeleteAnalyzer") }),
    },
    {
        key: "access-analyzer CreateAnalyzer",
        fires: [],
        lookAlikeOf: ["access-analyzer-deleted"],
        why: "Creating an analyzer is routine.",
        event: accessAnalyzer({ name: "CreateAnalyzer", identity: TERRAFORM(), request: { analyzerName: "account-analyzer", type: "ACCOUNT" } }),
    },

    // ------------------------------------------------ access-analyzer-archive-rule-changed
    {
        key: "access-analyzer CreateArchiveRule archiving every public finding",
        fires: ["access-analyzer-archive-rule-changed"],
        why: "Every finding of public access is archived as it appears.",
        event: accessAnalyzer({
            name: "CreateArchiveRule",
            identity: ADMIN(),
            request: { analyzerName: "org-analyzer", ruleName: "quiet", filter: { isPublic: { eq: ["true"] } }, clientToken: "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d" },
        }),
    },
    {
        key: "access-analyzer CreateArchiveRule denied",
        fires: ["unauthorized-api-calls"],
        why: "No rule was created.",
        event: accessAnalyzer({
            name: "CreateArchiveRule",
            identity: DEVELOPER(),
            request: { analyzerName: "org-analyzer", ruleName: "quiet", filter: { isPublic: { eq: ["true"] } } },
            error: denied("AccessDeniedException", "access-analyzer:CreateArchiveRule"),
        }),
    },
    {
        key: "access-analyzer ApplyArchiveRule",
        fires: [],
        lookAlikeOf: ["access-analyzer-archive-rule-changed"],
        why: "Re-applying an existing rule to existing findings changes no rule.",
        event: accessAnalyzer({ name: "ApplyArchiveRule", identity: ADMIN(), request: { analyzerArn: `arn:aws:access-analyzer:eu-west-1:${ACCOUNT}:analyzer/org-analyzer`, ruleName: "known-vendors" } }),
    },

    {
        key: "access-analyzer UpdateFindings to ARCHIVED",
        fires: ["access-analyzer-archive-rule-changed"],
        why: "Findings archived by hand: the public bucket's finding is gone from the active list (the CLI reference's update-findings example).",
        event: accessAnalyzer({
            name: "UpdateFindings",
            identity: ADMIN(),
            request: { analyzerArn: ANALYZER_ARN, ids: ["4f319ac3-2e0c-4dc4-bf51-7013a086b6ae"], status: "ARCHIVED", clientToken: "6b5a4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d" },
        }),
    },
    {
        key: "access-analyzer UpdateFindings to ACTIVE",
        fires: [],
        lookAlikeOf: ["access-analyzer-archive-rule-changed"],
        why: "Unarchiving is the fix.",
        event: accessAnalyzer({ name: "UpdateFindings", identity: ADMIN(), request: { analyzerArn: ANALYZER_ARN, ids: ["4f319ac3-2e0c-4dc4-bf51-7013a086b6ae"], status: "ACTIVE" } }),
    },
    {
        key: "access-analyzer UpdateFindings to ARCHIVED denied",
        fires: ["unauthorized-api-calls"],
        why: "The findings are still active.",
        event: accessAnalyzer({
            name: "UpdateFindings",
            identity: DEVELOPER(),
            request: { analyzerArn: ANALYZER_ARN, ids: ["4f319ac3-2e0c-4dc4-bf51-7013a086b6ae"], status: "ARCHIVED" },
            error: denied("AccessDeniedException", "access-analyzer:UpdateFindings", ANALYZER_ARN),
        }),
    },

    // ------------------------------------------------ macie-disabled
    {
        key: "macie2 DisableMacie",
        fires: ["macie-disabled"],
        why: "Macie is off, its findings and configuration deleted.",
        event: macie({ name: "DisableMacie", identity: ADMIN(), request: null }),
    },
    {
        key: "macie2 UpdateMacieSession to PAUSED",
        fires: ["macie-disabled"],
        why: "A paused session runs no jobs and finds nothing.",
        event: macie({ name: "UpdateMacieSession", identity: ADMIN(), request: { status: "PAUSED" } }),
    },
    {
        key: "macie2 UpdateMacieSession to ENABLED",
        fires: [],
        lookAlikeOf: ["macie-disabled"],
        why: "Resuming Macie is the fix.",
        event: macie({ name: "UpdateMacieSession", identity: ADMIN(), request: { status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES" } }),
    },
    {
        key: "macie2 DisableMacie denied",
        fires: ["unauthorized-api-calls"],
        why: "Macie is still on.",
        event: macie({ name: "DisableMacie", identity: DEVELOPER(), request: null, error: denied("AccessDeniedException", "macie2:DisableMacie") }),
    },
];

/** Corpus events (tests/detections/corpus) each detection of the file must fire, by detection id. */
export const DEFENSE_EVASION_CORPUS_LABELS: Readonly<Record<string, readonly string[]>> = {
    // The corpus's only LeaveOrganization is denied.
    "organization-account-exit": [],
    "cloudtrail-lake-stopped": [],
    "route53-resolver-query-logging-deleted": ["aws_dns_logs_deleted#Logs Deleted"],
    // The corpus's Security Hub calls are insights and finding updates.
    "security-hub-disabled": [],
    "access-analyzer-deleted": [],
    "access-analyzer-archive-rule-changed": [],
    "guardduty-findings-suppressed": [],
    "security-hub-findings-suppressed": [],
    // The corpus's UpdateMacieSession only changes the publishing frequency.
    "macie-disabled": [],
};
