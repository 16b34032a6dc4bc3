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
    // The corpus's UpdateMacieSession only changes the publishing frequency.
    "macie-disabled": [],
};
