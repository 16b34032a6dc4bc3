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
