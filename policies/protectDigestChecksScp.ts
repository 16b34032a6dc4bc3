// The service control policy `protect-digest-checks`, attached to the audit
// account beside protect-audit-engine: nobody but the detection engine's role
// writes or deletes the digest chains it keeps or the windowed detections'
// counts it adds to, and nobody but the audit stack's deployer and the
// management stack's break-glass roles changes, rolls back or deletes either
// table (or the counts' time to live), or changes, disables or deletes the
// rule that makes the engine look for late digests. The counts are here, not
// in protect-audit-engine, for room: both tables need the same two
// statements, and protect-audit-engine is near the quota already. A policy of its own:
// protect-audit-engine is about 4,500 characters with three break-glass roles
// named for every account, and these two statements (about 1,450) would take
// it past the 5,120 AWS Organizations accepts. The function's permission for
// the rule is protect-audit-engine's (ProtectEngine denies
// lambda:RemovePermission and AddPermission on the engine).
//
// What no SCP reaches: the management account, and DynamoDB and EventBridge
// acting as services. A change that still succeeds (break-glass at work)
// is in the audit account's trail.
import { policy, PolicyDocument, unlessPrincipal } from "./document";

export interface ProtectDigestChecksArgs {
    /** The digest chain table (stacks/auditNames.ts digestChainTableArn). */
    digestChainTableArn: string;
    /** The windowed detections' counts table (detectionCountsTableArn): a reset count lets a burst through. */
    detectionCountsTableArn: string;
    /** The late-digest schedule's rule (digestCheckRuleArn). */
    digestCheckRuleArn: string;
    /** The engine's execution role (audit output `engineRoleArn`): the only writer of the chains and the counts. */
    engineRoleArn: string;
    /** The audit stack's deployer role (audit output `deployerRoleArn`): its `pulumi up` manages the table and the rule. */
    deployerRoleArns: readonly string[];
    /** The management stack's break-glass roles, as in protect-audit-engine (the audit stack's own never widen it). */
    breakGlassArns: readonly string[];
}

/**
 * Writing or deleting a chain's item: each is how a forged chain starts (a
 * deleted item makes the next digest look like a chain's first, a rewritten
 * one makes a replaced digest look like the one expected). Every item write
 * the Service Authorization Reference lists for a table (iam-data);
 * TransactWriteItems is authorized as these, item by item.
 */
export const DIGEST_CHAIN_WRITE_ACTIONS = [
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLInsert",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
];

/**
 * The table itself: deleted (after UpdateTable turns deletion protection
 * off), re-keyed, given a time to live that expires chains, its point-in-time
 * recovery switched off, its backups deleted, restored over or imported into
 * (a table rolled back to an older chain), replicated to a region where its
 * items could be written, its resource policy or tags changed.
 * `Restore*` is RestoreTableFromBackup, RestoreTableToPointInTime and
 * RestoreTableFromAwsBackup; `*Replica` is Create-, Delete- and AssociateTableReplica.
 */
export const DIGEST_TABLE_CHANGE_ACTIONS = [
    "dynamodb:DeleteTable",
    "dynamodb:UpdateTable",
    "dynamodb:UpdateTimeToLive",
    "dynamodb:UpdateContinuousBackups",
    "dynamodb:DeleteBackup",
    "dynamodb:Restore*",
    "dynamodb:ImportTable",
    "dynamodb:*Replica",
    "dynamodb:PutResourcePolicy",
    "dynamodb:DeleteResourcePolicy",
    "dynamodb:TagResource",
    "dynamodb:UntagResource",
];

/** The late-digest rule deleted, disabled, rescheduled, re-targeted or stripped of its target, or its tags changed. */
export const DIGEST_RULE_CHANGE_ACTIONS = [
    "events:DeleteRule",
    "events:DisableRule",
    "events:PutRule",
    "events:PutTargets",
    "events:RemoveTargets",
    "events:TagResource",
    "events:UntagResource",
];

/** `arn:aws:dynamodb:<region>:...` as `arn:aws:dynamodb:*:...`: the table's name in every region of the account (a replica's items replicate back). */
export function anyRegion(arn: string): string {
    return arn
        .split(":")
        .map((part, i) => (i === 3 ? "*" : part))
        .join(":");
}

/**
 * Two statements, each naming what it protects: the tables' items (only the
 * engine, and break-glass to repair), and the tables and the rule (only the
 * deployer and break-glass). Protected whether or not the audit stack
 * verifies digests or counts in windows: a table of that name made by
 * someone else would be trusted the day it does. The same write actions
 * for the counts: a deleted or rewritten count resets a window, and a
 * burst spread over it stays quiet.
 */
export function protectDigestChecksScp(a: ProtectDigestChecksArgs): PolicyDocument {
    const tables = [anyRegion(a.digestChainTableArn), anyRegion(a.detectionCountsTableArn)];
    return policy(
        {
            Sid: "OnlyTheEngineWritesItems",
            Effect: "Deny",
            Action: DIGEST_CHAIN_WRITE_ACTIONS,
            Resource: tables,
            Condition: unlessPrincipal([a.engineRoleArn, ...a.breakGlassArns]),
        },
        {
            // The tables, their backups (`<table>/backup/<id>`), and the rule.
            Sid: "ProtectTablesAndSchedule",
            Effect: "Deny",
            Action: [...DIGEST_TABLE_CHANGE_ACTIONS, ...DIGEST_RULE_CHANGE_ACTIONS],
            Resource: [...tables.flatMap((t) => [t, `${t}/backup/*`]), a.digestCheckRuleArn],
            Condition: unlessPrincipal([...a.breakGlassArns, ...a.deployerRoleArns]),
        },
    );
}
