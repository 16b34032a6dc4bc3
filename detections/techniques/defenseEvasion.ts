// Defense evasion: the logging and detection services an attacker switches off first (issue 17).
// Each entry follows the catalog's rules (detections/catalog.ts): a stable id,
// texts, severity, the ATT&CK technique, a pattern (metric filter and engine)
// or a predicate (engine only), and labelled events in
// tests/detections/techniques/.
//
// Already covered elsewhere, so not repeated here: trails and their event and
// Insights selectors (cloudtrail-config-changes: any call on any trail,
// critical), GuardDuty disabled (guardduty-disabled; its suppression rules and
// trusted IP lists are here), AWS Config recorders and delivery
// channels (aws-config-changes), VPC flow logs (vpc-flow-logs-deleted),
// trusted access (organizations-trusted-access-disabled).
//
// Each counts successful calls only: a denied attempt switched nothing off
// (unauthorized-api-calls counts denials), and counting attempts would let
// anyone hold the alarm in ALARM with denied calls.
import type { Detection } from "../catalog";
import {
    ACCESS_ANALYZER_ARCHIVE_CALLS,
    ACCESS_ANALYZER_CALLS,
    ACCESS_ANALYZER_FINDING_CALLS,
    EVENT_DATA_STORE_CALLS,
    GUARDDUTY_FILTER_CALLS,
    GUARDDUTY_IPSET_CALLS,
    MACIE_CALLS,
    ORGANIZATION_EXIT_CALLS,
    RESOLVER_QUERY_LOG_CALLS,
    SECURITY_HUB_CALLS,
} from "../calls";
import { all, anyOf, calls, callTerm, either, patternOf, quoted, SUCCEEDED } from "../terms";

const FIRST_CALL = { threshold: 1, periodSeconds: 300 };

/** Macie's session paused: UpdateMacieSession with status PAUSED (the same call only changing the publishing frequency is routine). */
const MACIE_PAUSED = all('($.eventSource = "macie2.amazonaws.com")', '($.eventName = "UpdateMacieSession")', '($.requestParameters.status = "PAUSED")');

/** One event name of a service, as a term. */
const named = (eventSource: string, ...eventNames: string[]): string => all(`($.eventSource = ${quoted(eventSource)})`, anyOf("eventName", eventNames));

/**
 * GuardDuty told to look away (found by a review). A filter with action
 * ARCHIVE is a suppression rule; UpdateFilter without an action may widen the
 * criteria of one (CreateFilter without an action is NOOP, a saved view, and
 * stays quiet). A trusted IP list created active, or updated unless the update
 * deactivates it (activate false): a new location is a new list of addresses.
 * Field names from GuardDuty's REST API, as the SDKs send them (CreateFilter
 * `action`: Paws GuardDuty::CreateFilter's request_name; CreateIPSet
 * `activate`), and as guardduty-disabled already reads UpdateDetector's
 * `enable`; no recorded CreateFilter or CreateIPSet event was found to confirm.
 */
export const GUARDDUTY_SUPPRESSED = patternOf(
    either(
        all(callTerm(GUARDDUTY_FILTER_CALLS), '($.requestParameters.action = "ARCHIVE")'),
        all(named(GUARDDUTY_FILTER_CALLS.eventSource, "UpdateFilter"), "($.requestParameters.action NOT EXISTS)"),
        all(named(GUARDDUTY_IPSET_CALLS.eventSource, "CreateIPSet"), "($.requestParameters.activate IS TRUE)"),
        all(named(GUARDDUTY_IPSET_CALLS.eventSource, "UpdateIPSet"), either("($.requestParameters.activate IS TRUE)", "($.requestParameters.activate NOT EXISTS)")),
    ),
    SUCCEEDED,
);

const SECURITY_HUB = "securityhub.amazonaws.com";
/**
 * Security Hub told to look away without being disabled (found by a review):
 * a control disabled (UpdateStandardsControl, or the consolidated
 * BatchUpdateStandardsControlAssociations with any association DISABLED),
 * and an automation rule whose action sets findings' workflow status to
 * SUPPRESSED. Security Hub's records keep the API's PascalCase names (the
 * corpus's CreateInsight: requestParameters Filters, Name, ResultField). An
 * automation rule has exactly one action (Actions: minimum 1, maximum 1,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-securityhub-automationrule.html),
 * so Actions[0] under the batch update's wildcard (a selector takes one
 * wildcard). Three wildcard selectors: CloudWatch's limit per pattern.
 */
export const SECURITY_HUB_SUPPRESSED = patternOf(
    either(
        all(named(SECURITY_HUB, "UpdateStandardsControl"), '($.requestParameters.ControlStatus = "DISABLED")'),
        all(named(SECURITY_HUB, "BatchUpdateStandardsControlAssociations"), '($.requestParameters.StandardsControlAssociationUpdates[*].AssociationStatus = "DISABLED")'),
        all(named(SECURITY_HUB, "CreateAutomationRule"), '($.requestParameters.Actions[*].FindingFieldsUpdate.Workflow.Status = "SUPPRESSED")'),
        all(
            named(SECURITY_HUB, "BatchUpdateAutomationRules"),
            '($.requestParameters.UpdateAutomationRulesRequestItems[*].Actions[0].FindingFieldsUpdate.Workflow.Status = "SUPPRESSED")',
        ),
    ),
    SUCCEEDED,
);

/** Access Analyzer findings archived: an archive rule created or changed, or findings archived by hand (UpdateFindings to ARCHIVED). */
const ACCESS_ANALYZER_ARCHIVED = patternOf(
    either(callTerm(ACCESS_ANALYZER_ARCHIVE_CALLS), all(callTerm(ACCESS_ANALYZER_FINDING_CALLS), '($.requestParameters.status = "ARCHIVED")')),
    SUCCEEDED,
);

export const DEFENSE_EVASION: readonly Detection[] = [
    {
        id: "organization-account-exit",
        severity: "critical",
        title: "An account left or was removed from the organization",
        catches:
            "Successful LeaveOrganization (in the member account) and RemoveAccountFromOrganization (in the management account), and the AccountDepartedOrganization service event (in the management account)",
        why:
            "Outside the organization an account has no organization trail, no SCP and no RCP: everything it does from then on is unrecorded and unguarded. " +
            "organizations-changes counts these calls too, at high and with denied attempts; this one pages critical on the first that succeeded.",
        firstCheck:
            "Which account (recipientAccountId, or requestParameters.accountId) by whom; whether it is still a member (aws organizations describe-account) and what it did in the last hour (the Athena pivot).",
        technique: "T1666 Modify Cloud Resource Hierarchy",
        pattern: calls(ORGANIZATION_EXIT_CALLS.eventSource, ORGANIZATION_EXIT_CALLS.eventNames, SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        id: "cloudtrail-lake-stopped",
        severity: "high",
        title: "A CloudTrail Lake event data store was deleted, stopped or changed",
        catches: "Successful DeleteEventDataStore, StopEventDataStoreIngestion and UpdateEventDataStore (selectors, retention, organization scope)",
        why:
            "An event data store is a second, queryable copy of the audit record; stopped or narrowed, the events that follow are only in the trail. " +
            "High, not critical: the organization trail still records (cloudtrail-config-changes guards it).",
        firstCheck:
            "Which event data store (requestParameters.eventDataStore) and call by whom; aws cloudtrail get-event-data-store (Status ENABLED, its advanced event selectors).",
        technique: "T1562.008 Impair Defenses: Disable or Modify Cloud Logs",
        pattern: calls(EVENT_DATA_STORE_CALLS.eventSource, EVENT_DATA_STORE_CALLS.eventNames, SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        id: "route53-resolver-query-logging-deleted",
        severity: "high",
        title: "Route 53 Resolver query logging was deleted or taken off a VPC",
        catches: "Successful DeleteResolverQueryLogConfig and DisassociateResolverQueryLogConfig",
        why: "DNS query logs show what instances resolve: command-and-control and exfiltration domains. Without them the VPC's DNS goes unrecorded.",
        firstCheck:
            "Which configuration (requestParameters.resolverQueryLogConfigId) and VPC (resourceId) by whom; aws route53resolver list-resolver-query-log-config-associations.",
        technique: "T1562.008 Impair Defenses: Disable or Modify Cloud Logs",
        pattern: calls(RESOLVER_QUERY_LOG_CALLS.eventSource, RESOLVER_QUERY_LOG_CALLS.eventNames, SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        id: "security-hub-disabled",
        severity: "high",
        title: "Security Hub was disabled, its standards switched off or an account cut off",
        catches:
            "Successful DisableSecurityHub, BatchDisableStandards, DisableOrganizationAdminAccount, DisableImportFindingsForProduct (a product's findings stop arriving), " +
            "and disassociations and deletions of members from the administrator account",
        why: "Security Hub gathers every other service's findings: switched off or disconnected, GuardDuty's and Config's findings reach nobody.",
        firstCheck: "Which account and region (recipientAccountId, awsRegion) and call by whom; aws securityhub describe-hub and get-enabled-standards.",
        technique: "T1562.001 Impair Defenses: Disable or Modify Tools",
        pattern: calls(SECURITY_HUB_CALLS.eventSource, SECURITY_HUB_CALLS.eventNames, SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        id: "access-analyzer-deleted",
        severity: "high",
        title: "An IAM Access Analyzer analyzer was deleted",
        catches: "Successful DeleteAnalyzer (account, organization or unused-access analyzers)",
        why: "The analyzer reports every policy that grants access outside the account or organization; deleted, a new backdoor trust or public bucket goes unreported.",
        firstCheck: "Which analyzer (requestParameters.analyzerName) by whom; aws accessanalyzer list-analyzers in that account and region.",
        technique: "T1562.001 Impair Defenses: Disable or Modify Tools",
        pattern: calls(ACCESS_ANALYZER_CALLS.eventSource, ACCESS_ANALYZER_CALLS.eventNames, SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        id: "access-analyzer-archive-rule-changed",
        severity: "medium",
        title: "IAM Access Analyzer findings were archived by a rule or by hand",
        catches: "Successful CreateArchiveRule and UpdateArchiveRule, and UpdateFindings with status ARCHIVED (findings archived by hand)",
        why:
            "An archive rule hides every matching finding as it appears: a broad one (any principal, any resource) mutes the analyzer without deleting it; " +
            "archiving by hand hides the findings already there, the new backdoor's among them. " +
            "Medium (pages in hours): teams also archive known, intended sharing this way.",
        firstCheck:
            "Which analyzer and rule (requestParameters.analyzerName, ruleName) and its filter: does it match findings for accounts outside the organization or public access? " +
            "For UpdateFindings, which findings (requestParameters.ids, resourceArn): aws accessanalyzer get-finding, and set them back to ACTIVE if they are not intended access.",
        technique: "T1562.001 Impair Defenses: Disable or Modify Tools",
        pattern: ACCESS_ANALYZER_ARCHIVED,
        tunable: true,
        ...FIRST_CALL,
    },
    {
        id: "macie-disabled",
        severity: "medium",
        title: "Amazon Macie was disabled, paused or cut off from its administrator",
        catches: "Successful DisableMacie, UpdateMacieSession to PAUSED, DisableOrganizationAdminAccount, and disassociations from the administrator account",
        why: "Macie finds sensitive data left exposed; medium (pages in hours) because its findings arrive in hours anyway, and disabling it deletes its findings and configuration.",
        firstCheck: "Which account and region by whom; aws macie2 get-macie-session (status ENABLED).",
        technique: "T1562.001 Impair Defenses: Disable or Modify Tools",
        pattern: patternOf(either(callTerm(MACIE_CALLS), MACIE_PAUSED), SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        id: "guardduty-findings-suppressed",
        severity: "high",
        title: "GuardDuty was told to archive findings or to trust IP addresses",
        catches:
            "Successful CreateFilter and UpdateFilter with action ARCHIVE (a suppression rule), UpdateFilter without an action (it may widen one), " +
            "CreateIPSet created active and UpdateIPSet unless it deactivates the list (a trusted IP list: no findings for its addresses)",
        why:
            "GuardDuty stays on and guardduty-disabled stays quiet, but the findings an attacker would cause are archived as they appear, or never generated for the attacker's addresses. " +
            "High: few teams change these. Not tunable: a stolen automation role suppressing findings is the attack itself, so automationPrincipals do not silence it; " +
            "a team that manages filters as code names its deployer in this detection's ignorePrincipals.",
        firstCheck:
            "Which detector and filter or list (requestParameters.detectorId, name, findingCriteria, location) by whom; aws guardduty get-filter or get-ip-set, and the addresses in the list's S3 object.",
        technique: "T1562.001 Impair Defenses: Disable or Modify Tools",
        pattern: GUARDDUTY_SUPPRESSED,
        ...FIRST_CALL,
    },
    {
        id: "security-hub-findings-suppressed",
        severity: "medium",
        title: "Security Hub controls were disabled or an automation rule suppresses findings",
        catches:
            "Successful UpdateStandardsControl with ControlStatus DISABLED, BatchUpdateStandardsControlAssociations with an AssociationStatus DISABLED, " +
            "and CreateAutomationRule and BatchUpdateAutomationRules whose action sets Workflow Status SUPPRESSED",
        why:
            "Security Hub stays on and security-hub-disabled stays quiet, but the control that would fail is no longer checked, or its findings are suppressed as they arrive. " +
            "Medium (pages in hours): teams also disable controls that do not apply; tune their deployer out.",
        firstCheck:
            "Which control (requestParameters.StandardsControlArn, SecurityControlId) or rule (RuleName, Criteria) by whom, and the reason given (DisabledReason, UpdatedReason); " +
            "aws securityhub list-automation-rules and list-standards-control-associations.",
        technique: "T1562.001 Impair Defenses: Disable or Modify Tools",
        pattern: SECURITY_HUB_SUPPRESSED,
        tunable: true,
        ...FIRST_CALL,
    },
];
