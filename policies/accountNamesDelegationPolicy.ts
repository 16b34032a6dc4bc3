// The organization's resource-based delegation policy, as far as this
// product needs it: the audit stack's detection engine names accounts in its
// alerts (ListAccounts, DescribeAccount), which only the management account
// and delegated administrators may call. AWS Organizations lets a delegation
// policy hand out any of its read-only actions (AWS Organizations User Guide,
// "Example: View organization, OUs, accounts, and policies":
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies_example_view_accts_orgs.html,
// "it's possible to delegate any Organizations read-only action using this
// policy"); the engine gets exactly these two, and only its role.
import { accountRootArn } from "./arns";
import { policy, PolicyDocument } from "./document";

/** What the engine reads of the organization: the accounts' names, all at once or one by one. */
export const ACCOUNT_NAME_ACTIONS = ["organizations:ListAccounts", "organizations:DescribeAccount"];

export interface AccountNamesDelegationArgs {
    /** AWS partition of the organization. */
    partition: string;
    /** The audit account, whose engine role alone is delegated the reads. */
    auditAccountId: string;
    /** The engine's execution role (audit output `engineRoleArn`). */
    engineRoleArn: string;
}

/**
 * The principal is the audit account, narrowed to the engine role by
 * `aws:PrincipalArn`: a policy naming a role that does not exist (yet, or
 * any more) is refused as an invalid principal, the account root never is
 * (aws-facts §13). Nothing but reads: the engine must not be able to change
 * the organization whose changes it reports.
 */
export function accountNamesDelegationPolicy(a: AccountNamesDelegationArgs): PolicyDocument {
    return policy({
        Sid: "DetectionEngineReadsAccountNames",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(a.partition, a.auditAccountId) },
        Action: ACCOUNT_NAME_ACTIONS,
        Resource: "*",
        Condition: { ArnEquals: { "aws:PrincipalArn": a.engineRoleArn } },
    });
}
