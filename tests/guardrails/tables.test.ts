// The DynamoDB guardrails: the digest chain table is restorable and cannot be deleted in one call.
import { strict as assert } from "assert";
import { resourceViolations, TYPES } from "./args";

describe("guardrails: tables", () => {
    describe("dynamodb-2-point-in-time-recovery", () => {
        const rule = "dynamodb-2-point-in-time-recovery";
        it("passes a table with point-in-time recovery on", () => {
            assert.deepEqual(resourceViolations(rule, TYPES.table, { pointInTimeRecovery: { enabled: true } }), []);
        });
        it("fails it off or unset", () => {
            assert.match(resourceViolations(rule, TYPES.table, { pointInTimeRecovery: { enabled: false } }).join(), /^pointInTimeRecovery is not enabled/);
            assert.match(resourceViolations(rule, TYPES.table, {}).join(), /^pointInTimeRecovery is not enabled/);
        });
    });
    describe("dynamodb-6-deletion-protection", () => {
        const rule = "dynamodb-6-deletion-protection";
        it("passes a table with deletion protection on", () => {
            assert.deepEqual(resourceViolations(rule, TYPES.table, { deletionProtectionEnabled: true }), []);
        });
        it("fails it off or unset", () => {
            assert.match(resourceViolations(rule, TYPES.table, { deletionProtectionEnabled: false }).join(), /^deletionProtectionEnabled is not true/);
            assert.match(resourceViolations(rule, TYPES.table, {}).join(), /^deletionProtectionEnabled is not true/);
        });
    });
});
