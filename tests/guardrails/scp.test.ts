// The Organizations policy size guardrail: an SCP or RCP AWS would refuse fails the preview.
import { strict as assert } from "assert";
import { POLICY_MAX_CHARACTERS } from "../../guardrails/rules/scp";
import { SCP_MAX_CHARACTERS } from "../../policies/protectAuditTrailScp";
import { RCP_MAX_CHARACTERS } from "../../policies/resourceControlPolicy";
import { resourceViolations, TYPES } from "./args";

const SIZE = "organizations-policy-size-limit";

/** A JSON document of exactly `n` characters. */
function documentOf(n: number): string {
    const empty = JSON.stringify({ Version: "2012-10-17", Statement: [], Padding: "" });
    const text = JSON.stringify({ Version: "2012-10-17", Statement: [], Padding: "x".repeat(n - empty.length) });
    assert.equal(text.length, n);
    return text;
}
const check = (props: Record<string, unknown>) => resourceViolations(SIZE, TYPES.organizationsPolicy, props);

describe("guardrails: Organizations policy size", () => {
    it("uses the program's quotas (the pack is deployed on its own, so it keeps a copy)", () => {
        assert.deepEqual(POLICY_MAX_CHARACTERS, { SERVICE_CONTROL_POLICY: SCP_MAX_CHARACTERS, RESOURCE_CONTROL_POLICY: RCP_MAX_CHARACTERS });
    });

    it("passes a service control policy of exactly 5,120 characters, type given or defaulted", () => {
        assert.deepEqual(check({ name: "trail", type: "SERVICE_CONTROL_POLICY", content: documentOf(5120) }), []);
        assert.deepEqual(check({ name: "trail", content: documentOf(5120) }), []);
    });

    it("fails one of 5,121 characters and says by how much it is over", () => {
        const found = check({ name: "trail", type: "SERVICE_CONTROL_POLICY", content: documentOf(5121) });
        assert.equal(found.length, 1);
        assert.match(found[0], /^content is 5121 characters, over the 5120 AWS accepts for a SERVICE_CONTROL_POLICY/);
        assert.match(check({ name: "trail", content: documentOf(5121) }).join(), /content is 5121 characters/);
    });

    it("judges a resource control policy by the RCP limit: 5,120 passes, 5,121 fails", () => {
        assert.deepEqual(check({ name: "archive", type: "RESOURCE_CONTROL_POLICY", content: documentOf(5120) }), []);
        const found = check({ name: "archive", type: "RESOURCE_CONTROL_POLICY", content: documentOf(5121) });
        assert.equal(found.length, 1);
        assert.match(found[0], /^content is 5121 characters, over the 5120 AWS accepts for a RESOURCE_CONTROL_POLICY/);
    });

    it("does not judge other Organizations policy types by these limits", () => {
        assert.deepEqual(check({ name: "tags", type: "TAG_POLICY", content: documentOf(6000) }), []);
        assert.deepEqual(check({ name: "backup", type: "BACKUP_POLICY", content: documentOf(6000) }), []);
    });
});
