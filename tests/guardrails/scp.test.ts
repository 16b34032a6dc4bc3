// The SCP size guardrail: a service control policy AWS would refuse fails the preview.
import { strict as assert } from "assert";
import { resourceViolations, TYPES } from "./args";

const SIZE = "scp-size-limit";

/** A JSON document of exactly `n` characters. */
function documentOf(n: number): string {
    const empty = JSON.stringify({ Version: "2012-10-17", Statement: [], Padding: "" });
    const text = JSON.stringify({ Version: "2012-10-17", Statement: [], Padding: "x".repeat(n - empty.length) });
    assert.equal(text.length, n);
    return text;
}
const check = (props: Record<string, unknown>) => resourceViolations(SIZE, TYPES.organizationsPolicy, props);

describe("guardrails: SCP size", () => {
    it("passes a service control policy of exactly 5,120 characters, type given or defaulted", () => {
        assert.deepEqual(check({ name: "trail", type: "SERVICE_CONTROL_POLICY", content: documentOf(5120) }), []);
        assert.deepEqual(check({ name: "trail", content: documentOf(5120) }), []);
    });

    it("fails one of 5,121 characters and says by how much it is over", () => {
        const found = check({ name: "trail", type: "SERVICE_CONTROL_POLICY", content: documentOf(5121) });
        assert.equal(found.length, 1);
        assert.match(found[0], /^content is 5121 characters, over the 5120 AWS accepts/);
        assert.match(check({ name: "trail", content: documentOf(5121) }).join(), /content is 5121 characters/);
    });

    it("does not judge other Organizations policy types by the SCP limit", () => {
        assert.deepEqual(check({ name: "tags", type: "TAG_POLICY", content: documentOf(6000) }), []);
        assert.deepEqual(check({ name: "backup", type: "BACKUP_POLICY", content: documentOf(6000) }), []);
    });
});
