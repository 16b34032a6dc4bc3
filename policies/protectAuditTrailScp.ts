// The service control policy `protect-audit-trail`: in every account it is
// attached to, nobody but a break-glass role can switch the trail off,
// empty, rewrite or weaken the archive, disable its key, change the roles
// the policies exempt, blind the investigators' Athena table and queries, or
// leave the organization. The log-archive deployer keeps what its next
// `pulumi up` of an unchanged program needs, and nothing more.
//
// What no SCP reaches: the management account (SCPs never apply there), so
// the CloudTrail-to-CloudWatch Logs role, the log group and the alert topic
// that live there are protected by their own key policies and watched by the
// detections, not by this policy. Service principals (CloudTrail, S3 logging)
// are not governed by SCPs either; the resource control policy
// (./resourceControlPolicy.ts) and the resource policies decide for them.
import { AnalyticsLocation, athenaWorkgroupArn, bucketArn, glueTableArns } from "./arns";
import { bucketSettingsDenies, DEPLOYER_NOTIFICATION_ACTIONS, LOG_OBJECT_DESTRUCTION_ACTIONS } from "./archiveStatements";
import { Condition, policy, PolicyDocument, Statement, unlessPrincipal } from "./document";
import { denyPolicyLockoutBypass, KEY_DESTRUCTION_ACTIONS } from "./logKeyPolicy";

/** Where the log-archive stack's Athena investigation kit lives, from its outputs. */
export interface ArchiveAnalytics {
    /** The log-archive stack's region: the workgroup and the Glue database are regional. */
    region: string;
    /** The log-archive account. */
    accountId: string;
    /** The Athena workgroup investigators query in (the log-archive output `athenaWorkgroup`). */
    workgroup: string;
    /** The Glue database holding the CloudTrail table (the log-archive output `athenaDatabase`). */
    database: string;
}

export interface ProtectAuditTrailArgs {
    /** AWS partition of the organization. */
    partition: string;
    /** The organization trail's name: protected by name in every account and region. */
    trailName: string;
    /** The log bucket. */
    bucketName: string;
    /** The bucket receiving the log bucket's server access logs. */
    accessLogBucketName: string;
    /** The log-archive key that encrypts the trail's files. */
    kmsKeyArn: string;
    /**
     * The management stack's break-glass roles (exact ARNs; the account may be
     * `*`): the only principals exempt from every deny, and protected
     * themselves. The only exemption list: the log-archive stack's list is set
     * by the log-archive deployer and must not widen this policy.
     */
    breakGlassArns: readonly string[];
    /**
     * The log-archive deployer's exact role ARN: exempt only from what its next
     * `pulumi up` needs (bucket policy and tags, the key policy, the Athena kit
     * and the roles that program manages), exactly as the bucket and key
     * policies exempt it.
     */
    logArchiveDeployerArns: readonly string[];
    /** The log-archive stack's break-glass roles: its bucket and key policies exempt them, so this policy protects them; it never exempts them. */
    logArchiveBreakGlassArns: readonly string[];
    /**
     * Roles the log-archive program itself creates and updates (the Athena
     * auditor role): protected from everyone but break-glass and the
     * log-archive deployer, whose next `pulumi up` must be able to update them.
     */
    logArchiveManagedRoleArns: readonly string[];
    /** The archive's Athena workgroup and Glue database; absent when the log-archive stack has Athena off. */
    analytics?: ArchiveAnalytics;
    /**
     * True when the log-archive stack feeds an audit account (its output
     * `auditAccountId`): its deployer then also writes the log bucket's event
     * notifications (DEPLOYER_NOTIFICATION_ACTIONS), which carry each new log
     * file to the engine.
     */
    feedsAuditAccount?: boolean;
}

/**
 * AWS Organizations' limit on a service control policy document, whitespace
 * included. AWS's quotas page
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html,
 * "Maximum size of a policy document") says 5,120 characters. Third-party
 * write-ups report a rise to 10,240 announced in May 2026; AWS's page as
 * checked does not say so yet, so the documented figure stands.
 */
export const SCP_MAX_CHARACTERS = 5120;

export const TRAIL_PROTECTION_ACTIONS = [
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "cloudtrail:UpdateTrail",
    "cloudtrail:PutEventSelectors",
    "cloudtrail:PutInsightSelectors",
];

/**
 * Every change to a role, as the verbs IAM's role-changing actions start
 * with: on role ARNs these match creating or deleting the role (a deleted
 * role can be created again with the same ARN and a new trust policy), its
 * trust policy (UpdateAssumeRolePolicy), its permissions (inline, managed,
 * boundary), its tags (conditions may read them) and its settings, and every
 * such action IAM adds later; none of the reads (`Get*`, `List*`,
 * `Simulate*`, `Generate*`). Deliberately not denied, of the IAM actions
 * acting on the `role` resource type at access level Write, Permissions
 * management or Tagging: `iam:PassRole` (it hands the role to a service,
 * which can only assume it if the role's trust policy trusts that service,
 * and changing the trust is denied here). `iam:CreateServiceLinkedRole` and
 * `iam:DeleteServiceLinkedRole` match the verbs but act only on
 * `role/aws-service-role/...` ARNs, which a protected role never has.
 */
export const ROLE_CHANGE_ACTIONS = ["iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:Put*", "iam:Tag*", "iam:Untag*", "iam:Update*"];

/**
 * Changing the archive's Glue database or the tables and partitions in it,
 * as wildcards so that what Glue adds later is denied too (a table whose
 * location or projection moves shows investigators nothing). Reads
 * (`Get*`, `BatchGet*`) stay open: the auditor reads the table through them.
 */
export const LOG_TABLE_CHANGE_ACTIONS = [
    "glue:Create*",
    "glue:Update*",
    "glue:Delete*",
    "glue:BatchCreate*",
    "glue:BatchUpdate*",
    "glue:BatchDelete*",
    "glue:RenameTable",
];

/**
 * Changing the workgroup (its result location, encryption, scan limit) or
 * the saved queries: named queries are not unique by name, so a new
 * look-alike query is as blinding as an edited one. Named: `athena:*WorkGroup`
 * and `athena:*NamedQuery` would also match the reads investigators need.
 */
export const LOG_QUERY_CHANGE_ACTIONS = [
    "athena:UpdateWorkGroup",
    "athena:DeleteWorkGroup",
    "athena:CreateNamedQuery",
    "athena:UpdateNamedQuery",
    "athena:DeleteNamedQuery",
];

/** `[...a, ...b]` without repeats, first occurrence first. */
const unique = (...lists: (readonly string[])[]): string[] => [...new Set(lists.flat())];

/** A statement as an SCP takes it: SCPs name no principal. */
function forScp({ Principal: _principal, ...statement }: Statement): Statement {
    return statement;
}

export function protectAuditTrailScp(a: ProtectAuditTrailArgs): PolicyDocument {
    const breakGlassOnly = unlessPrincipal(a.breakGlassArns);
    const breakGlassAndDeployer = unlessPrincipal(unique(a.breakGlassArns, a.logArchiveDeployerArns));
    const buckets = [a.bucketName, a.accessLogBucketName].map((b) => bucketArn(a.partition, b));
    const objects = buckets.map((b) => `${b}/*`);
    // Every principal the bucket and key policies exempt. The CloudTrail-to-CloudWatch
    // role lives in the management account, out of any SCP's reach (see the header).
    const exemptRoles = unique(a.breakGlassArns, a.logArchiveBreakGlassArns, a.logArchiveDeployerArns);
    const managedRoles = a.logArchiveManagedRoleArns.filter((r) => !exemptRoles.includes(r));
    return policy(
        {
            // Any account and region: the organization trail's shadow copies carry its name everywhere.
            Sid: "ProtectTrail",
            Effect: "Deny",
            Action: TRAIL_PROTECTION_ACTIONS,
            Resource: `arn:${a.partition}:cloudtrail:*:*:trail/${a.trailName}`,
            Condition: breakGlassOnly,
        },
        {
            Sid: "ProtectLogObjects",
            Effect: "Deny",
            Action: LOG_OBJECT_DESTRUCTION_ACTIONS,
            Resource: objects,
            Condition: breakGlassOnly,
        },
        {
            // CloudTrail and S3 server access logging write as service principals, which no SCP
            // governs; a person writing here can only be forging a log or overwriting one.
            Sid: "NobodyWritesLogs",
            Effect: "Deny",
            Action: "s3:PutObject",
            Resource: objects,
        },
        ...bucketSettingsDenies({
            sid: "ProtectLogBucket",
            buckets,
            breakGlassArns: a.breakGlassArns,
            deployerArns: a.logArchiveDeployerArns,
            deployerAlsoWrites: a.feedsAuditAccount ? DEPLOYER_NOTIFICATION_ACTIONS : [],
        }),
        {
            Sid: "ProtectLogKey",
            Effect: "Deny",
            Action: KEY_DESTRUCTION_ACTIONS,
            Resource: a.kmsKeyArn,
            Condition: breakGlassOnly,
        },
        {
            Sid: "ProtectLogKeyPolicy",
            Effect: "Deny",
            Action: "kms:PutKeyPolicy",
            Resource: a.kmsKeyArn,
            Condition: breakGlassAndDeployer,
        },
        // To everyone, break-glass included: a policy that skips the lockout check can lock the key for good.
        { ...forScp(denyPolicyLockoutBypass()), Sid: "ProtectLogKeyFromLockout", Resource: a.kmsKeyArn },
        exemptRoles.length === 0
            ? undefined
            : {
                  // A role named like break-glass, a re-trusted deployer: either would carry the exemptions to whoever made it.
                  Sid: "ProtectExemptRoles",
                  Effect: "Deny",
                  Action: ROLE_CHANGE_ACTIONS,
                  Resource: exemptRoles,
                  Condition: breakGlassOnly,
              },
        managedRoles.length === 0
            ? undefined
            : {
                  // As Control Tower protects its roles: only the program that manages them may change them.
                  Sid: "ProtectArchiveRoles",
                  Effect: "Deny",
                  Action: ROLE_CHANGE_ACTIONS,
                  Resource: managedRoles,
                  Condition: breakGlassAndDeployer,
              },
        ...investigationDenies(a.partition, a.analytics, { breakGlassAndDeployer, breakGlassOnly }),
        {
            Sid: "StayInOrganization",
            Effect: "Deny",
            Action: "organizations:LeaveOrganization",
            Resource: "*",
            Condition: breakGlassOnly,
        },
    );
}

/**
 * Changing who may use the account's Glue Data Catalog, or how it is
 * encrypted: a catalog resource policy that denies the auditor makes its
 * glue:GetTable fail (Glue checks the catalog policy too), and new
 * encryption settings name a key the auditor may not use. All three act on
 * the catalog (iam-data's `rootcatalog`, `arn:<p>:glue:<region>:<account>:catalog`).
 */
export const CATALOG_POLICY_ACTIONS = ["glue:PutResourcePolicy", "glue:DeleteResourcePolicy", "glue:PutDataCatalogEncryptionSettings"];

/**
 * The investigators' table and saved queries, changed only by the
 * log-archive deployer (whose `pulumi up` manages them) and break-glass; the
 * catalog's policy and encryption, which the program does not manage, by
 * break-glass only (the deployer keeps what its `pulumi up` needs, nothing
 * more: a catalog policy it wrote could deny the auditor as well as anyone's).
 *
 * ProtectInvestigation is one statement for the table and the queries, to
 * spare the size limit: Glue actions never act on a workgroup ARN, nor
 * Athena's on Glue ARNs. It does not name the Glue catalog: every table
 * action is also authorized against it, so naming it would deny every other
 * table in the account. ProtectGlueCatalog names the catalog with only the
 * three actions that change the catalog itself (finding 4 of the red-team
 * review).
 *
 * Out of scope, deliberately: Lake Formation (its settings and grants could
 * also hide the table from the auditor, but lakeformation:PutDataLakeSettings,
 * GrantPermissions and RevokePermissions take no resource in iam-data, so an
 * SCP could only deny them account-wide, for every team; the program does
 * not use Lake Formation), athena:StopQueryExecution by other principals,
 * and the Athena results bucket (an investigator's results, not the
 * evidence: the logs stay in the protected bucket, and the SCP's size limit
 * is kept for the archive itself).
 */
function investigationDenies(
    partition: string,
    analytics: ArchiveAnalytics | undefined,
    exempt: { breakGlassAndDeployer: Condition | undefined; breakGlassOnly: Condition | undefined },
): Statement[] {
    if (analytics === undefined) return [];
    const location: AnalyticsLocation = { partition, region: analytics.region, accountId: analytics.accountId };
    const glue = glueTableArns(location, analytics.database);
    return [
        {
            Sid: "ProtectInvestigation",
            Effect: "Deny",
            Action: [...LOG_TABLE_CHANGE_ACTIONS, ...LOG_QUERY_CHANGE_ACTIONS],
            Resource: [glue.database, glue.tables, athenaWorkgroupArn(location, analytics.workgroup)],
            Condition: exempt.breakGlassAndDeployer,
        },
        { Sid: "ProtectGlueCatalog", Effect: "Deny", Action: CATALOG_POLICY_ACTIONS, Resource: glue.catalog, Condition: exempt.breakGlassOnly },
    ];
}

/** The document as Organizations stores it: no whitespace, so the size limit buys the most statements. */
export function minifiedPolicy(doc: PolicyDocument): string {
    return JSON.stringify(doc);
}
