// Bad alerting configuration stops the management stack before it registers
// anything, with one message that names the key (and index), the value and
// what is expected. HTTPS endpoints are the exception to "names the value":
// their URLs carry the incident tool's API key, so no message may repeat them.
import { strict as assert } from "assert";
import { ConfigError, parseConfig } from "../config/load";
import { managementSchema } from "../config/management";
import { CODE_DETECTION_IDS, DETECTION_IDS } from "../detections/catalog";
import { AUDIT_STACK_DETECTION_IDS } from "../detections/ownResources";
import { MAX_PATTERN_LENGTH } from "../detections/filterPattern";
import { assertNothingRegistered, failManagement, LOG_ARCHIVE_STACK, ManagementWorld, ofType, quote, runManagement } from "./helpers/stacks";

const HEADER = /^Invalid configuration for the management stack; nothing was created:\n/;
const REDACTED = "(secret, not shown)";


/** The "  - " lines of a multi-problem message. */
const problemLines = (message: string) => message.split("\n").filter((l) => l.startsWith("  - "));

/** Runs the management stack, which must fail with a ConfigError before registering anything; returns the message. */
async function refused(overrides: Record<string, unknown>, world: ManagementWorld = {}): Promise<string> {
    const { error, resources } = await failManagement(overrides, world);
    assert.equal(error.name, "ConfigError", error.message);
    assert.match(error.message, HEADER);
    assertNothingRegistered(resources, error.message);
    return error.message;
}

// ---- Values shown in the message ----------------------------------------------

interface Case {
    title: string;
    overrides: Record<string, unknown>;
    /** The key (with index), the value as shown and the "expected ..." phrase. */
    message: RegExp;
}

const EMAIL = quote("expected an e-mail address, e.g. security@example.com");
const INSTANCE = quote("expected an instance type or a pattern of one with * wildcards, e.g. c5.24xlarge, *.8xlarge or p*");
const NAMESPACE = quote("expected 1 to 255 letters, digits or . - _ / # : not starting with AWS/, e.g. OrgCloudTrail");
const IPV4 = quote("expected an IPv4 address or CIDR, e.g. 203.0.113.0/24");
const LONG_CIDRS = Array.from({ length: 40 }, (_, i) => `198.51.${i}.7`);
const LONG_TYPES = Array.from({ length: 40 }, (_, i) => `x${i}.metal-48xlarge`);

const CASES: Case[] = [
    {
        title: "alertEmails that is not an array",
        overrides: { alertEmails: "security@example.com" },
        message: /org-cloudtrail:alertEmails = "security@example.com": expected a JSON array of e-mail addresses/,
    },
    {
        title: "an invalid e-mail address, by index",
        overrides: { alertEmails: ["security@example.com", "not-an-address"] },
        message: new RegExp(`org-cloudtrail:alertEmails\\[1\\] = "not-an-address": ${EMAIL}`),
    },
    {
        title: "an e-mail address twice",
        overrides: { alertEmails: ["security@example.com", "security@example.com"] },
        message: /org-cloudtrail:alertEmails = \["security@example.com","security@example.com"\]: expected each address at most once/,
    },
    {
        title: "an IPv6 range in trustedCidrs",
        overrides: { trustedCidrs: ["203.0.113.0/24", "2001:db8::/32"] },
        message: new RegExp(`org-cloudtrail:trustedCidrs\\[1\\] = "2001:db8::/32": ${IPV4}`),
    },
    {
        title: "garbage in trustedCidrs",
        overrides: { trustedCidrs: ["office"] },
        message: new RegExp(`org-cloudtrail:trustedCidrs\\[0\\] = "office": ${IPV4}`),
    },
    {
        title: "a CIDR with host bits set, suggesting its network address",
        overrides: { trustedCidrs: ["10.0.0.1/24"] },
        message: /org-cloudtrail:trustedCidrs\[0\] = "10\.0\.0\.1\/24": expected the network address of the range: 10\.0\.0\.0\/24/,
    },
    {
        title: "a /7, wider than a filter pattern can hold",
        overrides: { trustedCidrs: ["10.0.0.0/7"] },
        message: /org-cloudtrail:trustedCidrs\[0\] = "10\.0\.0\.0\/7": expected a prefix of at least \/8/,
    },
    {
        title: "a range twice in trustedCidrs",
        overrides: { trustedCidrs: ["10.0.0.0/8", "10.0.0.0/8"] },
        message: /org-cloudtrail:trustedCidrs = \["10\.0\.0\.0\/8","10\.0\.0\.0\/8"\]: expected each range at most once/,
    },
    {
        title: "an uppercase instance type",
        overrides: { largeInstanceTypes: ["C5.24XLARGE"] },
        message: new RegExp(`org-cloudtrail:largeInstanceTypes\\[0\\] = "C5.24XLARGE": ${INSTANCE}`),
    },
    {
        title: "an empty instance type",
        overrides: { largeInstanceTypes: ["p*", ""] },
        message: new RegExp(`org-cloudtrail:largeInstanceTypes\\[1\\] = "": ${INSTANCE}`),
    },
    {
        // "*" would alert on every launch.
        title: "an instance type of wildcards only",
        overrides: { largeInstanceTypes: ["*"] },
        message: new RegExp(`org-cloudtrail:largeInstanceTypes\\[0\\] = "\\*": ${INSTANCE}`),
    },
    {
        title: "an unknown detection id, listing the valid ones",
        overrides: { disabledDetections: ["root-usage"] },
        message: new RegExp(`org-cloudtrail:disabledDetections\\[0\\] = "root-usage": expected detection ids, each one of: ${DETECTION_IDS.join(", ")}`),
    },
    {
        title: "a detection id twice",
        overrides: { disabledDetections: ["vpc-changes", "vpc-changes"] },
        message: /org-cloudtrail:disabledDetections = \["vpc-changes","vpc-changes"\]: expected each id at most once/,
    },
    {
        // AWS/ is reserved for AWS's own metrics.
        title: "a namespace under AWS/",
        overrides: { alarmNamespace: "AWS/Foo" },
        message: new RegExp(`org-cloudtrail:alarmNamespace = "AWS/Foo": ${NAMESPACE}`),
    },
    {
        title: "a namespace with a space",
        overrides: { alarmNamespace: "Org CloudTrail" },
        message: new RegExp(`org-cloudtrail:alarmNamespace = "Org CloudTrail": ${NAMESPACE}`),
    },
    {
        title: "a namespace of 256 characters",
        overrides: { alarmNamespace: "N".repeat(256) },
        message: new RegExp(`org-cloudtrail:alarmNamespace = "N{256}": ${NAMESPACE}`),
    },
];

describe("alerting: bad configuration stops the program before any resource", () => {
    for (const c of CASES) {
        it(`refuses ${c.title}`, async () => {
            const message = await refused(c.overrides);
            assert.match(message, c.message);
            assert.equal(problemLines(message).length, 1, message);
        });
    }

    it("accepts a namespace of 255 characters, the most CloudWatch takes", async () => {
        const run = await runManagement({ alarmNamespace: "N".repeat(255) });
        assert.equal(run.outputs.alarmNamespace, "N".repeat(255));
    });

    it('refuses an empty namespace wherever one reaches the schema (Pulumi\'s "" is "not set" and takes the default)', async () => {
        // Through the stack, "" is "not set", as for every key.
        const run = await runManagement({ alarmNamespace: "" });
        assert.equal(run.outputs.alarmNamespace, "OrgCloudTrail");
        // The validator itself refuses "" with the usual message.
        const raw = { logArchiveStack: LOG_ARCHIVE_STACK, alertEmails: ["security@example.com"], alarmNamespace: "" };
        assert.throws(
            () => parseConfig(managementSchema, raw, "management"),
            (error: unknown) => {
                assert.ok(error instanceof ConfigError);
                assert.match(error.message, new RegExp(`org-cloudtrail:alarmNamespace = "": ${NAMESPACE}`));
                return true;
            },
        );
    });

    it("refuses a trustedCidrs list whose pattern exceeds 1,024 characters, saying how long and what to do", async () => {
        const message = await refused({ trustedCidrs: LONG_CIDRS });
        assert.match(message, /org-cloudtrail:trustedCidrs = \["198\.51\.0\.7",/);
        const size = /this list makes a filter pattern of (\d+) characters and CloudWatch accepts at most 1024: list fewer, wider ranges/.exec(message);
        assert.ok(size, message);
        assert.ok(Number(size[1]) > MAX_PATTERN_LENGTH, message);
        assert.match(message, /a range on an octet boundary, \/8 \/16 \/24 \/32, costs one term/);
    });

    it("refuses a largeInstanceTypes list whose pattern exceeds 1,024 characters, saying how long and what to do", async () => {
        const message = await refused({ largeInstanceTypes: LONG_TYPES });
        assert.match(message, /org-cloudtrail:largeInstanceTypes = \["x0\.metal-48xlarge",/);
        const size = /this list makes a filter pattern of (\d+) characters and CloudWatch accepts at most 1024: use fewer, broader wildcards/.exec(message);
        assert.ok(size, message);
        assert.ok(Number(size[1]) > MAX_PATTERN_LENGTH, message);
    });
});

// ---- Subscribers ----------------------------------------------------------------

describe("alerting: a stack without a subscriber is refused", () => {
    const NO_SUBSCRIBER = "expected at least one e-mail address here or one endpoint in alertHttpsEndpoints: without a subscriber the alarms would tell nobody";

    it("refuses alertEmails [] without HTTPS endpoints", async () => {
        const message = await refused({ alertEmails: [] });
        assert.ok(message.includes(`org-cloudtrail:alertEmails = []: ${NO_SUBSCRIBER}`), message);
    });

    it("refuses alertEmails [] and alertHttpsEndpoints []", async () => {
        const message = await refused({ alertEmails: [], alertHttpsEndpoints: [] });
        assert.ok(message.includes(NO_SUBSCRIBER), message);
        assert.equal(problemLines(message).length, 1, message);
    });

    it("refuses neither key set at all", async () => {
        const message = await refused({ alertEmails: undefined, alertHttpsEndpoints: undefined });
        assert.ok(message.includes(`org-cloudtrail:alertEmails is not set: ${NO_SUBSCRIBER}`), message);
    });

    it("reports the missing subscriber together with other bad keys", async () => {
        // The rule spans two keys; it must not wait for the others to be right.
        const message = await refused({ alertEmails: [], alarmNamespace: "AWS/Foo" });
        assert.equal(problemLines(message).length, 2, message);
        assert.ok(message.includes(NO_SUBSCRIBER), message);
        assert.match(message, /org-cloudtrail:alarmNamespace = "AWS\/Foo"/);
    });
});

// ---- HTTPS endpoints: never printed -------------------------------------------------

const HTTPS_EXPECTED = "expected an https:// URL with a host, e.g. https://api.opsgenie.com/v1/json/amazonsns?apiKey=<key>";

/** Asserts that `message` repeats neither `url` nor the API key in it. */
function assertNotLeaked(message: string, url: string, apiKey: string) {
    assert.ok(!message.includes(url), `the URL leaked:\n${message}`);
    assert.ok(!message.includes(apiKey), `the API key leaked:\n${message}`);
}

interface HttpsCase {
    title: string;
    endpoints: string[];
    apiKey: string;
    /** The key as the message names it, with index where one endpoint is at fault. */
    key: string;
    expected: string;
}

const HTTPS_CASES: HttpsCase[] = [
    {
        title: "an http:// endpoint",
        endpoints: ["http://api.opsgenie.com/v1/json/amazonsns?apiKey=plain-http-key-1"],
        apiKey: "plain-http-key-1",
        key: "org-cloudtrail:alertHttpsEndpoints[0]",
        expected: HTTPS_EXPECTED,
    },
    {
        title: "an ftp:// endpoint",
        endpoints: ["https://events.pagerduty.com/integration/ok-key-0/enqueue", "ftp://files.example.com/hook?token=ftp-key-2"],
        apiKey: "ftp-key-2",
        key: "org-cloudtrail:alertHttpsEndpoints[1]",
        expected: HTTPS_EXPECTED,
    },
    {
        title: "an endpoint that is not a URL",
        endpoints: ["opsgenie apiKey=not-a-url-key-3"],
        apiKey: "not-a-url-key-3",
        key: "org-cloudtrail:alertHttpsEndpoints[0]",
        expected: HTTPS_EXPECTED,
    },
    {
        title: "an endpoint with whitespace",
        endpoints: [" https://api.opsgenie.com/v1/json/amazonsns?apiKey=spaced-key-4"],
        apiKey: "spaced-key-4",
        key: "org-cloudtrail:alertHttpsEndpoints[0]",
        expected: HTTPS_EXPECTED,
    },
    {
        title: "an endpoint twice",
        endpoints: ["https://api.opsgenie.com/v1/json/amazonsns?apiKey=twice-key-5", "https://api.opsgenie.com/v1/json/amazonsns?apiKey=twice-key-5"],
        apiKey: "twice-key-5",
        key: "org-cloudtrail:alertHttpsEndpoints",
        expected: "expected each endpoint at most once",
    },
];

describe("alerting: bad HTTPS endpoints are refused without repeating them", () => {
    for (const c of HTTPS_CASES) {
        it(`refuses ${c.title}, showing ${REDACTED} instead of the URL`, async () => {
            const message = await refused({ alertHttpsEndpoints: c.endpoints });
            assert.ok(message.includes(`  - ${c.key} = ${REDACTED}: ${c.expected}`), message);
            for (const url of c.endpoints) assertNotLeaked(message, url.trim(), c.apiKey);
        });
    }

    it("refuses alertHttpsEndpoints that is not an array without repeating it", async () => {
        const url = "https://api.opsgenie.com/v1/json/amazonsns?apiKey=bare-string-key-6";
        const message = await refused({ alertHttpsEndpoints: url });
        assert.ok(message.includes(`org-cloudtrail:alertHttpsEndpoints = ${REDACTED}: expected a JSON array of https:// URLs`), message);
        assertNotLeaked(message, url, "bare-string-key-6");
    });

    it("refuses endpoints handed over in plain text, naming `pulumi config set --secret` and not the URL", async () => {
        const url = "https://api.opsgenie.com/v1/json/amazonsns?apiKey=plain-text-key-7";
        const message = await refused({ alertHttpsEndpoints: [url] }, { secretKeys: [] });
        assert.match(message, /org-cloudtrail:alertHttpsEndpoints is set in plain text: expected a secret/);
        assert.ok(message.includes("pulumi config set --secret"), message);
        assertNotLeaked(message, url, "plain-text-key-7");
    });

    it("reports a plain-text endpoint that is also invalid twice, and still does not repeat it", async () => {
        const url = "http://api.opsgenie.com/v1/json/amazonsns?apiKey=plain-and-bad-key-8";
        const message = await refused({ alertHttpsEndpoints: [url] }, { secretKeys: [] });
        assert.equal(problemLines(message).length, 2, message);
        assert.ok(message.includes(`org-cloudtrail:alertHttpsEndpoints[0] = ${REDACTED}: ${HTTPS_EXPECTED}`), message);
        assert.match(message, /is set in plain text: expected a secret; remove it and set each value with pulumi config set --secret/);
        assertNotLeaked(message, url, "plain-and-bad-key-8");
    });
});

// ---- Several keys at once -----------------------------------------------------------

describe("alerting: several bad keys are reported together", () => {
    it("lists every bad alerting key in one message", async () => {
        const url = "http://hooks.example.com/alert?apiKey=together-key-9";
        const message = await refused({
            alertEmails: ["not-an-address"],
            alertHttpsEndpoints: [url],
            trustedCidrs: ["10.0.0.0/8", "10.0.0.0/8"],
            largeInstanceTypes: ["C5.24XLARGE"],
            disabledDetections: ["root-usage"],
            alarmNamespace: "AWS/Foo",
        });
        const lines = problemLines(message);
        assert.equal(lines.length, 6, message);
        assert.match(message, new RegExp(`org-cloudtrail:alertEmails\\[0\\] = "not-an-address": ${EMAIL}`));
        assert.ok(message.includes(`org-cloudtrail:alertHttpsEndpoints[0] = ${REDACTED}: ${HTTPS_EXPECTED}`), message);
        assert.match(message, /org-cloudtrail:trustedCidrs = \["10\.0\.0\.0\/8","10\.0\.0\.0\/8"\]: expected each range at most once/);
        assert.match(message, /org-cloudtrail:largeInstanceTypes\[0\] = "C5.24XLARGE": expected an instance type/);
        assert.match(message, /org-cloudtrail:disabledDetections\[0\] = "root-usage": expected detection ids/);
        assert.match(message, /org-cloudtrail:alarmNamespace = "AWS\/Foo": expected 1 to 255 letters/);
        assertNotLeaked(message, url, "together-key-9");
    });

    it("lists a malformed trusted range together with the other bad keys", async () => {
        // A malformed range must be reported like any other bad value, not abort the report.
        const message = await refused({
            trustedCidrs: ["10.0.0.1/24"],
            alertEmails: ["not-an-address"],
            alarmNamespace: "AWS/Foo",
        });
        assert.equal(problemLines(message).length, 3, message);
        assert.match(message, /org-cloudtrail:trustedCidrs\[0\] = "10\.0\.0\.1\/24": expected the network address of the range: 10\.0\.0\.0\/24/);
        assert.match(message, /org-cloudtrail:alertEmails\[0\] = "not-an-address"/);
        assert.match(message, /org-cloudtrail:alarmNamespace = "AWS\/Foo"/);
    });

    it("registers the alerting resources once the same keys are fixed", async () => {
        // The same run with good values, so the refusals above are about the values and nothing else.
        const run = await runManagement({
            alertEmails: ["security@example.com"],
            alertHttpsEndpoints: ["https://hooks.example.com/alert?apiKey=together-key-9"],
            trustedCidrs: ["10.0.0.0/8"],
            largeInstanceTypes: ["c5.24xlarge"],
            disabledDetections: ["root-account-usage"],
            alarmNamespace: "Security/CloudTrail",
        });
        // Every detection's alarm but the disabled one's, and the delivery heartbeat.
        // The engine's three detections need an audit stack, code detections have no alarm; the delivery heartbeat is one more alarm.
        assert.equal(
            ofType(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm").length,
            DETECTION_IDS.length - AUDIT_STACK_DETECTION_IDS.length - CODE_DETECTION_IDS.length - 1 + 1,
        );
    });
});
