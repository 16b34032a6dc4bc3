// The CloudWatch Logs guardrails: a year of retention (or forever) and a key of ours.
import { strict as assert } from "assert";
import { resourceViolations, TYPES, UNKNOWN, unknownChecking, UnknownRead } from "./args";

const RETENTION = "cloudwatch-16-log-group-retention-365-days";
const ENCRYPTION = "log-group-kms-encryption";

const COMPLIANT = {
    name: "org-trail",
    retentionInDays: 365,
    kmsKeyId: "arn:aws:kms:eu-west-1:222222222222:key/7a1b2c3d-1111-2222-3333-444455556666",
};
const group = (change: Record<string, unknown>) => ({ ...COMPLIANT, ...change });
const check = (name: string, props: Record<string, unknown>) => resourceViolations(name, TYPES.logGroup, props);

describe("guardrails: log groups", () => {
    it("pass a group kept 365 days under a customer managed key", () => {
        assert.deepEqual(check(RETENTION, COMPLIANT), []);
        assert.deepEqual(check(ENCRYPTION, COMPLIANT), []);
    });

    describe(RETENTION, () => {
        it("passes never-expire (0 or unset), a year, and ten years", () => {
            for (const retentionInDays of [0, undefined, 365, 3653]) {
                assert.deepEqual(check(RETENTION, group({ retentionInDays })), [], String(retentionInDays));
            }
        });

        it("fails anything shorter than a year and names the setting", () => {
            assert.match(check(RETENTION, group({ retentionInDays: 30 })).join(), /^retentionInDays is 30: an investigation reaching back a year would find nothing\. Use at least 365\.$/);
            assert.match(check(RETENTION, group({ retentionInDays: 364 })).join(), /^retentionInDays is 364:/);
            assert.match(check(RETENTION, group({ retentionInDays: 1 })).join(), /^retentionInDays is 1:/);
        });
    });

    describe(ENCRYPTION, () => {
        it("fails a group without a KMS key", () => {
            const found = check(ENCRYPTION, group({ kmsKeyId: undefined }));
            assert.equal(found.length, 1);
            assert.match(found[0], /kmsKeyId is not set: the organization's events would sit under a key nobody here controls/);
        });

        it("passes a key ARN that is unknown during a preview, without reading it", () => {
            const props = group({ kmsKeyId: UNKNOWN });
            assert.throws(() => unknownChecking(props).kmsKeyId, UnknownRead);
            assert.deepEqual(check(ENCRYPTION, props), []);
        });
    });
});
