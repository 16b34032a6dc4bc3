// No message may carry an incident tool's key, wherever in its URL the tool puts it.
import { strict as assert } from "assert";
import { redactSecrets } from "../config/redact";

describe("redactSecrets", () => {
    const cases: [string, string][] = [
        ["Opsgenie, key in the query", "https://api.opsgenie.com/v1/json/amazonsns?apiKey=KEY-1"],
        ["PagerDuty, key in the path", "https://events.pagerduty.com/integration/KEY-1/enqueue"],
        ["Slack-style webhook, key in the path", "https://hooks.slack.com/services/T000/B000/KEY-1"],
        ["key in the fragment", "https://hooks.example.com/#KEY-1"],
        ["user info", "https://alerts:KEY-1@hooks.example.com"],
        ["user info and a port", "https://alerts:KEY-1@hooks.example.com:8443/x"],
    ];
    for (const [what, url] of cases) {
        it(`cuts a URL down to its scheme and host: ${what}`, () => {
            const shown = redactSecrets(`org-cloudtrail:alertEmails[0] = "${url}": expected an e-mail address`);
            assert.ok(!shown.includes("KEY-1"), shown);
            assert.match(shown, /^org-cloudtrail:alertEmails\[0\] = "https:\/\/[a-z.]+\/\[redacted\]": expected an e-mail address$/);
        });
    }

    it("leaves a bare origin, which carries nothing that can be a key, and text without URLs", () => {
        for (const text of ["https://secret-1.invalid/", "see https://example.com for more", "arn:aws:iam::111111111111:role/BreakGlass", "security@example.com", "s3://org-cloudtrail-logs-222222222222-eu-west-1/AWSLogs/o-a1b2c3d4e5/"]) {
            assert.equal(redactSecrets(text), text);
        }
    });

    it("redacts every URL of a text", () => {
        assert.equal(
            redactSecrets("a https://x.example.com/k1 b http://y.example.com?k=2 c"),
            "a https://x.example.com/[redacted] b http://y.example.com/[redacted] c",
        );
    });
});
