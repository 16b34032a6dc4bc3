// The KMS key guardrails: rotation of symmetric keys, and the longest deletion window.
import { strict as assert } from "assert";
import { resourceViolations, TYPES } from "./args";

const ROTATION = "cis-3.6-kms-4-key-rotation";
const WINDOW = "kms-deletion-window-30-days";

const COMPLIANT = { description: "org-trail logs", enableKeyRotation: true, deletionWindowInDays: 30 };
const key = (change: Record<string, unknown>) => ({ ...COMPLIANT, ...change });
const check = (name: string, props: Record<string, unknown>) => resourceViolations(name, TYPES.key, props);

describe("guardrails: KMS keys", () => {
    it("pass a rotating key with a 30-day deletion window", () => {
        assert.deepEqual(check(ROTATION, COMPLIANT), []);
        assert.deepEqual(check(WINDOW, COMPLIANT), []);
    });

    describe(ROTATION, () => {
        it("fails a symmetric key that does not rotate, whether the spec is given or not", () => {
            for (const props of [key({ enableKeyRotation: false }), key({ enableKeyRotation: undefined }), key({ enableKeyRotation: false, customerMasterKeySpec: "SYMMETRIC_DEFAULT" })]) {
                const found = check(ROTATION, props);
                assert.equal(found.length, 1, JSON.stringify(props));
                assert.match(found[0], /enableKeyRotation is not true: one key material/);
            }
        });

        it("does not judge asymmetric or HMAC keys by rotation: AWS cannot rotate them", () => {
            assert.deepEqual(check(ROTATION, key({ customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", enableKeyRotation: false })), []);
            assert.deepEqual(check(ROTATION, key({ customerMasterKeySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC", enableKeyRotation: undefined })), []);
        });
    });

    describe(WINDOW, () => {
        it("counts an unset deletion window as AWS's default of 30 days", () => {
            assert.deepEqual(check(WINDOW, key({ deletionWindowInDays: undefined })), []);
        });

        it("fails a window shorter than 30 days and says how long it is", () => {
            for (const days of [7, 29]) {
                const found = check(WINDOW, key({ deletionWindowInDays: days }));
                assert.equal(found.length, 1, String(days));
                assert.match(found[0], new RegExp(`^deletionWindowInDays is ${days}: a deleted key makes every log it encrypted unreadable.*30 days to cancel`));
            }
        });
    });
});
