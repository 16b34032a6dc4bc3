// DynamoDB: the engine's digest chain table (issue 18) is the only record of
// what each account's and region's next digest must chain to. Lost or rolled
// back, a deleted digest would look like the start of a chain: it must be
// restorable to any second of the last 35 days, and undeletable in one call.
import { ResourceGuardrail, shown, verdict } from "./guardrail";

const TABLE = "aws:dynamodb/table:Table";

export const tablePointInTimeRecovery: ResourceGuardrail = {
    name: "dynamodb-2-point-in-time-recovery",
    controls: ["DynamoDB.2"],
    description: "Every DynamoDB table has point-in-time recovery on.",
    resourceType: TABLE,
    check: (p) =>
        verdict(
            p.pointInTimeRecovery?.enabled === true,
            shown(p, "pointInTimeRecovery", ""),
            "pointInTimeRecovery is not enabled: a table deleted or overwritten could not be restored. Set pointInTimeRecovery: { enabled: true }.",
        ),
};

export const tableDeletionProtection: ResourceGuardrail = {
    name: "dynamodb-6-deletion-protection",
    controls: ["DynamoDB.6"],
    description: "Every DynamoDB table has deletion protection on.",
    resourceType: TABLE,
    check: (p) =>
        verdict(
            p.deletionProtectionEnabled === true,
            shown(p, "deletionProtectionEnabled", ""),
            "deletionProtectionEnabled is not true: one DeleteTable call would drop the table. Set deletionProtectionEnabled: true.",
        ),
};

export const TABLE_GUARDRAILS = [tablePointInTimeRecovery, tableDeletionProtection];
