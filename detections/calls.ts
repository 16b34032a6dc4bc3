// The API calls that change what protects an organization, named once: the
// alarms' filter patterns and the saved Athena queries are built from these
// lists, so an alarm and the query run to investigate it look for the same calls.

export interface ApiCalls {
    /** The service, as CloudTrail's `eventSource` names it. */
    eventSource: string;
    eventNames: readonly string[];
}

/** CIS 4.4: creation, deletion, new versions, inline edits and attachments of IAM policies. */
export const IAM_POLICY_CALLS: ApiCalls = {
    eventSource: "iam.amazonaws.com",
    eventNames: [
        "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy",
        "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy",
        "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
        "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
    ],
};

/**
 * CIS 4.5, plus PutEventSelectors and PutInsightSelectors: not in the CIS
 * list, but a trail told to record nothing is as silent as a stopped one.
 */
export const TRAIL_CHANGE_CALLS: ApiCalls = {
    eventSource: "cloudtrail.amazonaws.com",
    eventNames: ["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging", "PutEventSelectors", "PutInsightSelectors"],
};

/** CIS 4.10, plus ModifySecurityGroupRules, which came after the CIS list and edits rules in place. */
export const SECURITY_GROUP_CALLS: ApiCalls = {
    eventSource: "ec2.amazonaws.com",
    eventNames: [
        "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress",
        "CreateSecurityGroup", "DeleteSecurityGroup", "ModifySecurityGroupRules",
    ],
};

// ---- Calls that switch off or blind this product (issue 13, row 10) ----------
// The detections built from these count successful calls only: a call that
// failed changed nothing (unauthorized-api-calls counts the denied ones), and
// counting attempts would let anyone hold the alarm in ALARM with denied
// calls, so that the real change later sends no notification.

/** Trusted access switched off: with cloudtrail.amazonaws.com, the organization trail stops recording every member account. */
export const TRUSTED_ACCESS_CALLS: ApiCalls = { eventSource: "organizations.amazonaws.com", eventNames: ["DisableAWSServiceAccess"] };

/**
 * A member account made an administrator of the organization: a delegated
 * administrator for an AWS service (CloudTrail's own API, and Organizations'
 * that every service uses), or the delegation policy that lets member
 * accounts manage Organizations policies, SCPs included.
 */
export const DELEGATION_CALLS: readonly ApiCalls[] = [
    { eventSource: "organizations.amazonaws.com", eventNames: ["RegisterDelegatedAdministrator", "PutResourcePolicy"] },
    { eventSource: "cloudtrail.amazonaws.com", eventNames: ["RegisterOrganizationDelegatedAdmin"] },
];

/** Centralized root access: the management account opens a root session on a member account. */
export const ROOT_SESSION_CALLS: ApiCalls = { eventSource: "sts.amazonaws.com", eventNames: ["AssumeRoot"] };

/** A role's trust policy rewritten: whoever it now trusts can assume it, break-glass and deployer roles included. */
export const TRUST_POLICY_CALLS: ApiCalls = { eventSource: "iam.amazonaws.com", eventNames: ["UpdateAssumeRolePolicy"] };

/**
 * An Organizations policy already in force removed or weakened: detached from
 * its target, rewritten, deleted, or its whole policy type switched off on the
 * root. protect-audit-trail (an SCP) and protect-audit-archive (an RCP) go
 * this way. Only the management account or a delegated administrator can make
 * these calls, so they are rare.
 */
export const POLICY_REMOVAL_CALLS: ApiCalls = {
    eventSource: "organizations.amazonaws.com",
    eventNames: ["DetachPolicy", "UpdatePolicy", "DeletePolicy", "DisablePolicyType"],
};

/** Requester Pays switched on or off: a CloudTrail bucket or an access-log target that is Requester Pays receives nothing. */
export const REQUESTER_PAYS_CALLS: ApiCalls = { eventSource: "s3.amazonaws.com", eventNames: ["PutBucketRequestPayment"] };

/**
 * What silences or unlocks a key: a new policy (it can drop CloudTrail's,
 * CloudWatch Logs' or CloudWatch's statement, or grant Decrypt), a grant
 * (Decrypt around the policy), disabling, deletion, rotation off.
 */
export const KEY_TAMPER_CALLS: ApiCalls = {
    eventSource: "kms.amazonaws.com",
    eventNames: ["PutKeyPolicy", "CreateGrant", "DisableKey", "ScheduleKeyDeletion", "DisableKeyRotation"],
};

/** Calls on one of the alert topic's subscriptions (`requestParameters.subscriptionArn`): the address stops getting alerts. */
export const SUBSCRIPTION_TAMPER_CALLS: ApiCalls = { eventSource: "sns.amazonaws.com", eventNames: ["Unsubscribe", "SetSubscriptionAttributes"] };

/**
 * Calls on the alert topic itself (`requestParameters.topicArn`): a new
 * policy or key can stop CloudWatch publishing, and so can RemovePermission of
 * the OurAlarmsPublish statement. The topic policy denies them to all but the
 * deployer and break-glass; one that succeeds is worth a look all the same.
 */
export const TOPIC_TAMPER_CALLS: ApiCalls = {
    eventSource: "sns.amazonaws.com",
    eventNames: ["SetTopicAttributes", "DeleteTopic", "AddPermission", "RemovePermission"],
};

/** A data protection policy on the topic (`requestParameters.resourceArn`) can deny the alarms' messages. */
export const TOPIC_DATA_PROTECTION_CALLS: ApiCalls = { eventSource: "sns.amazonaws.com", eventNames: ["PutDataProtectionPolicy"] };

/**
 * Calls on the trail's log group that name it in `requestParameters.logGroupName`:
 * a metric filter deleted or overwritten (its alarm never fires again),
 * retention shortened, the key or a subscription filter (an export of every
 * event) changed. DeleteLogGroup is not here: a deleted group counts nothing,
 * and deletion protection makes PutLogGroupDeletionProtection come first.
 */
export const LOG_GROUP_TAMPER_CALLS: ApiCalls = {
    eventSource: "logs.amazonaws.com",
    eventNames: [
        "DeleteMetricFilter", "PutMetricFilter", "PutRetentionPolicy", "DeleteRetentionPolicy",
        "DeleteSubscriptionFilter", "PutSubscriptionFilter", "AssociateKmsKey", "DisassociateKmsKey",
    ],
};

/** The newer log-group calls that name it in `requestParameters.logGroupIdentifier` (name or ARN): deletion protection switched off. */
export const LOG_GROUP_IDENTIFIER_CALLS: ApiCalls = { eventSource: "logs.amazonaws.com", eventNames: ["PutLogGroupDeletionProtection"] };

/** CloudWatch calls that name alarms in `requestParameters.alarmNames` (an array): deleted, or actions switched off. */
export const ALARM_LIST_TAMPER_CALLS: ApiCalls = { eventSource: "monitoring.amazonaws.com", eventNames: ["DeleteAlarms", "DisableAlarmActions"] };

/**
 * CloudWatch calls that name one alarm in `requestParameters.alarmName`:
 * PutMetricAlarm overwriting ours can empty its actions or raise its
 * threshold; SetAlarmState puts it in ALARM by hand, where it sends nothing
 * for the real events that follow until it is back to OK (or in OK, to close
 * the incident it opened).
 */
export const ALARM_OVERWRITE_CALLS: ApiCalls = { eventSource: "monitoring.amazonaws.com", eventNames: ["PutMetricAlarm", "PutCompositeAlarm", "SetAlarmState"] };

/** A mute rule silences the alarms in `requestParameters.muteTargets.alarmNames` on a schedule. */
export const ALARM_MUTE_CALLS: ApiCalls = { eventSource: "monitoring.amazonaws.com", eventNames: ["PutAlarmMuteRule"] };

/**
 * IAM writes that name a role in `requestParameters.roleName` and can cut
 * CloudTrail's delivery to CloudWatch Logs when aimed at its role: a
 * permissions boundary (AWSDenyAll) or a denying policy, the allowing policy
 * removed, the trust rewritten, the role deleted, tags that a condition
 * elsewhere denies on.
 */
export const DELIVERY_ROLE_TAMPER_CALLS: ApiCalls = {
    eventSource: "iam.amazonaws.com",
    eventNames: [
        "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary", "PutRolePolicy", "DeleteRolePolicy",
        "AttachRolePolicy", "DetachRolePolicy", "UpdateAssumeRolePolicy", "UpdateRole", "DeleteRole", "TagRole", "UntagRole",
    ],
};

/** A metric filter created or overwritten: on another log group, with our namespace, it feeds the alarms' metrics. */
export const METRIC_FILTER_CALLS: ApiCalls = { eventSource: "logs.amazonaws.com", eventNames: ["PutMetricFilter"] };

// ---- Issue 17: persistence and defense evasion --------------------------------
// The detections built from these count successful calls only, like issue 13's:
// a denied attempt changed nothing (unauthorized-api-calls counts denials), and
// counting attempts would let anyone hold the alarm in ALARM with denied calls.

/**
 * Credentials of an IAM user, made or reset by a caller (persistence.ts
 * decides whether the user is the caller's own): an access key, a console
 * password created, a console password replaced. ChangePassword, a user
 * changing their own password, is not here.
 */
export const USER_CREDENTIAL_CALLS: ApiCalls = {
    eventSource: "iam.amazonaws.com",
    eventNames: ["CreateAccessKey", "UpdateAccessKey", "CreateLoginProfile", "UpdateLoginProfile"],
};

/**
 * The other credentials an IAM user can hold (found by a review, issue 17):
 * a service-specific credential (a user name and password for CodeCommit,
 * Keyspaces or Bedrock) created or its password reset, an SSH public key
 * (CodeCommit over SSH) or an X.509 signing certificate uploaded. Each names
 * the user in requestParameters.userName, like CreateAccessKey.
 */
export const OTHER_CREDENTIAL_ISSUE_CALLS: ApiCalls = {
    eventSource: "iam.amazonaws.com",
    eventNames: ["CreateServiceSpecificCredential", "ResetServiceSpecificCredential", "UploadSSHPublicKey", "UploadSigningCertificate"],
};

/** The same credentials switched back to Active (requestParameters.status), like UpdateAccessKey: a dormant one revived. */
export const OTHER_CREDENTIAL_STATUS_CALLS: ApiCalls = {
    eventSource: "iam.amazonaws.com",
    eventNames: ["UpdateServiceSpecificCredential", "UpdateSSHPublicKey", "UpdateSigningCertificate"],
};

/** A role created or its trust rewritten: persistence.ts reads whom the trust policy admits. */
export const ROLE_TRUST_CALLS: ApiCalls = { eventSource: "iam.amazonaws.com", eventNames: ["CreateRole", "UpdateAssumeRolePolicy"] };

/**
 * IAM Roles Anywhere: a trust anchor (a CA whose certificates are exchanged
 * for role sessions) or a profile (the roles a certificate may become)
 * created, changed or switched back on; a revocation list deleted or disabled
 * (revoked certificates work again), or imported or replaced (ImportCrl,
 * UpdateCrl: a new list that leaves out a revoked certificate lets it in
 * again; found by a review). EnableCrl is the fix and is not here.
 */
export const ROLES_ANYWHERE_CALLS: ApiCalls = {
    eventSource: "rolesanywhere.amazonaws.com",
    eventNames: [
        "CreateTrustAnchor", "UpdateTrustAnchor", "EnableTrustAnchor", "CreateProfile", "UpdateProfile", "EnableProfile",
        "ImportCrl", "UpdateCrl", "DeleteCrl", "DisableCrl",
    ],
};

/** Temporary credentials of an IAM user (or root) that outlive the key that made them. */
export const FEDERATION_TOKEN_CALLS: ApiCalls = { eventSource: "sts.amazonaws.com", eventNames: ["GetFederationToken"] };

/** CloudTrail Lake: an event data store deleted, stopped, or changed (its selectors, retention or organization scope). */
export const EVENT_DATA_STORE_CALLS: ApiCalls = {
    eventSource: "cloudtrail.amazonaws.com",
    eventNames: ["DeleteEventDataStore", "StopEventDataStoreIngestion", "UpdateEventDataStore"],
};

/** Route 53 Resolver query logging: a configuration deleted, or a VPC taken out of it. */
export const RESOLVER_QUERY_LOG_CALLS: ApiCalls = {
    eventSource: "route53resolver.amazonaws.com",
    eventNames: ["DeleteResolverQueryLogConfig", "DisassociateResolverQueryLogConfig"],
};

/** Security Hub switched off, its standards disabled, or an account cut off from the administrator. */
export const SECURITY_HUB_CALLS: ApiCalls = {
    eventSource: "securityhub.amazonaws.com",
    eventNames: [
        "DisableSecurityHub", "BatchDisableStandards", "DisassociateFromAdministratorAccount", "DisassociateFromMasterAccount",
        "DisassociateMembers", "DeleteMembers", "DisableOrganizationAdminAccount",
        // A product integration switched off (found by a review): GuardDuty's, Inspector's or Macie's findings stop arriving.
        "DisableImportFindingsForProduct",
    ],
};

/** IAM Access Analyzer deleted: findings of access from outside the account or organization stop. */
export const ACCESS_ANALYZER_CALLS: ApiCalls = { eventSource: "access-analyzer.amazonaws.com", eventNames: ["DeleteAnalyzer"] };

/** IAM Access Analyzer archive rules: findings matching them are archived as they appear, so nobody sees them. */
export const ACCESS_ANALYZER_ARCHIVE_CALLS: ApiCalls = { eventSource: "access-analyzer.amazonaws.com", eventNames: ["CreateArchiveRule", "UpdateArchiveRule"] };

/**
 * IAM Access Analyzer findings archived by hand: UpdateFindings with
 * requestParameters.status ARCHIVED (ACTIVE is the way back; found by a review).
 */
export const ACCESS_ANALYZER_FINDING_CALLS: ApiCalls = { eventSource: "access-analyzer.amazonaws.com", eventNames: ["UpdateFindings"] };

/**
 * GuardDuty blinded without disabling it (found by a review): a filter whose
 * requestParameters.action is ARCHIVE (a suppression rule: matching findings
 * are archived as they are generated, and never reach Security Hub or
 * EventBridge), and a trusted IP list (CreateIPSet, UpdateIPSet): GuardDuty
 * generates no findings for traffic from its addresses. The request names are
 * those of GuardDuty's REST API (action, activate), lower case.
 */
export const GUARDDUTY_FILTER_CALLS: ApiCalls = { eventSource: "guardduty.amazonaws.com", eventNames: ["CreateFilter", "UpdateFilter"] };
export const GUARDDUTY_IPSET_CALLS: ApiCalls = { eventSource: "guardduty.amazonaws.com", eventNames: ["CreateIPSet", "UpdateIPSet"] };

/** Macie switched off, or an account cut off from the administrator (UpdateMacieSession to PAUSED is the catalog's extra term). */
export const MACIE_CALLS: ApiCalls = {
    eventSource: "macie2.amazonaws.com",
    eventNames: ["DisableMacie", "DisassociateFromAdministratorAccount", "DisassociateFromMasterAccount", "DisableOrganizationAdminAccount"],
};

/**
 * An account out of the organization: no organization trail, no SCP, no RCP
 * from then on. AccountDepartedOrganization is the event Organizations logs
 * in the management account however the account left (departureMethod LEFT,
 * REMOVED or CLEANED, with departureTime: the Organizations API reference):
 * it still arrives when the member's own LeaveOrganization record does not
 * reach the organization trail.
 */
export const ORGANIZATION_EXIT_CALLS: ApiCalls = {
    eventSource: "organizations.amazonaws.com",
    eventNames: ["LeaveOrganization", "RemoveAccountFromOrganization", "AccountDepartedOrganization"],
};

// ---- Exposure (issue 17): data and access handed to someone outside the organization ----------

/**
 * Share an EBS snapshot (createVolumePermission) or an AMI (launchPermission):
 * CloudTrail records the grants under requestParameters.<attribute>.add.items[],
 * each `{ userId }` (an account), `{ group: "all" }` (everyone) or, for AMIs,
 * `{ organizationArn }` / `{ organizationalUnitArn }`.
 */
export const EC2_SHARING_CALLS: ApiCalls = { eventSource: "ec2.amazonaws.com", eventNames: ["ModifySnapshotAttribute", "ModifyImageAttribute"] };

/**
 * Share an RDS or Aurora snapshot: attributeName "restore" with valuesToAdd,
 * account ids or "all" (public). DocumentDB and Neptune share the RDS API;
 * that their records carry rds.amazonaws.com too is unconfirmed.
 */
export const RDS_SHARING_CALLS: ApiCalls = { eventSource: "rds.amazonaws.com", eventNames: ["ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute"] };

/**
 * Share a Redshift snapshot: requestParameters.accountWithRestoreAccess, one
 * account id (or amazon-redshift-support, AWS Support). Redshift snapshots
 * cannot be made public.
 */
export const REDSHIFT_SHARING_CALLS: ApiCalls = { eventSource: "redshift.amazonaws.com", eventNames: ["AuthorizeSnapshotAccess"] };

/** A bucket policy or ACL replaced: requestParameters.bucketPolicy, or the ACL's grants and x-amz-acl / x-amz-grant-* headers. */
export const BUCKET_GRANT_CALLS: ApiCalls = { eventSource: "s3.amazonaws.com", eventNames: ["PutBucketPolicy", "PutBucketAcl"] };

/** Security-group rules added or edited in place (ModifySecurityGroupRules came after the CIS list). */
export const INGRESS_CALLS: ApiCalls = { eventSource: "ec2.amazonaws.com", eventNames: ["AuthorizeSecurityGroupIngress", "ModifySecurityGroupRules"] };

/**
 * A customer-managed prefix list created or edited: a security-group rule
 * that names the list (its prefixListId) admits every range the list holds,
 * now and after every later edit.
 */
export const PREFIX_LIST_CALLS: ApiCalls = { eventSource: "ec2.amazonaws.com", eventNames: ["CreateManagedPrefixList", "ModifyManagedPrefixList"] };

/**
 * EC2's account-level block public access for snapshots and AMIs switched off
 * in a region. Disabling it for snapshots in block-all-sharing mode makes the
 * snapshots already shared with "all" public again at once.
 */
export const EC2_BLOCK_PUBLIC_ACCESS_OFF_CALLS: ApiCalls = {
    eventSource: "ec2.amazonaws.com",
    eventNames: ["DisableSnapshotBlockPublicAccess", "DisableImageBlockPublicAccess"],
};

// ---- Credential access and lateral movement (issue 17) ------------------------------------------

/**
 * A one-time SSH key pushed to an instance (valid 60 seconds): EC2 Instance
 * Connect's own service, not ec2.amazonaws.com. requestParameters:
 * instanceId, instanceOSUser, sSHPublicKey (and availabilityZone when sent).
 */
export const INSTANCE_CONNECT_KEY_CALLS: ApiCalls = { eventSource: "ec2-instance-connect.amazonaws.com", eventNames: ["SendSSHPublicKey"] };

/** The serial console: a key pushed for it (Instance Connect's service), and the account-wide switch (EC2's). */
export const SERIAL_CONSOLE_KEY_CALLS: ApiCalls = { eventSource: "ec2-instance-connect.amazonaws.com", eventNames: ["SendSerialConsoleSSHPublicKey"] };
export const SERIAL_CONSOLE_ENABLE_CALLS: ApiCalls = { eventSource: "ec2.amazonaws.com", eventNames: ["EnableSerialConsoleAccess"] };

/** A Windows instance's administrator password, encrypted to the launch key pair (recorded with readOnly true). */
export const PASSWORD_DATA_CALLS: ApiCalls = { eventSource: "ec2.amazonaws.com", eventNames: ["GetPasswordData"] };

/**
 * An instance's user data read (DescribeInstanceAttribute, requestParameters.attribute
 * "userData") or replaced (ModifyInstanceAttribute, requestParameters.userData,
 * recorded as "<sensitiveDataRemoved>").
 */
export const USER_DATA_READ_CALLS: ApiCalls = { eventSource: "ec2.amazonaws.com", eventNames: ["DescribeInstanceAttribute"] };
export const USER_DATA_REPLACE_CALLS: ApiCalls = { eventSource: "ec2.amazonaws.com", eventNames: ["ModifyInstanceAttribute"] };

/** Secret values read: one secret (GetSecretValue) or up to 20 per call (BatchGetSecretValue, by ids or filters). */
export const SECRET_VALUE_CALLS: ApiCalls = { eventSource: "secretsmanager.amazonaws.com", eventNames: ["GetSecretValue", "BatchGetSecretValue"] };

/** Parameter Store reads; only with requestParameters.withDecryption true do they return SecureString values in clear. */
export const PARAMETER_READ_CALLS: ApiCalls = { eventSource: "ssm.amazonaws.com", eventNames: ["GetParameter", "GetParameters", "GetParametersByPath"] };

// ---- Execution on instances (issue 17) -----------------------------------------

/**
 * Commands run on managed instances, interactive shells opened on them, and
 * Automation runbooks started (a runbook runs scripts and API calls as its
 * own assume role): Run Command's SendCommand, Session Manager's
 * StartSession and StartAutomationExecution, all management events of
 * ssm.amazonaws.com (the command's parameters are recorded as
 * "HIDDEN_DUE_TO_SECURITY_REASONS").
 */
export const SSM_EXECUTION_CALLS: ApiCalls = { eventSource: "ssm.amazonaws.com", eventNames: ["SendCommand", "StartSession", "StartAutomationExecution"] };

/**
 * Amazon Bedrock model invocation through bedrock-runtime, all with
 * eventSource bedrock.amazonaws.com, the model in requestParameters.modelId
 * and the prompt and completion left out. InvokeModel,
 * InvokeModelWithResponseStream, Converse and ConverseStream are management
 * events (recorded by every trail, no selector needed), and so is
 * CreateModelInvocationJob (a Bedrock control-plane call);
 * InvokeModelWithBidirectionalStream and StartAsyncInvoke are DATA events
 * (resource types AWS::Bedrock::Model, AWS::Bedrock::AsyncInvoke): listed so
 * that they count where a trail records them, but an organization trail
 * without those data-event selectors never sees them. Source: the Bedrock
 * user guide, "Monitor Amazon Bedrock API calls using CloudTrail".
 */
export const MODEL_INVOCATION_CALLS: ApiCalls = {
    eventSource: "bedrock.amazonaws.com",
    // The batch, asynchronous and bidirectional forms too (found by a review): the same tokens, billed the same way.
    eventNames: ["InvokeModel", "InvokeModelWithResponseStream", "InvokeModelWithBidirectionalStream", "Converse", "ConverseStream", "StartAsyncInvoke", "CreateModelInvocationJob"],
};
