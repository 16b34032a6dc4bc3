// What the program refuses in any stack's configuration before it registers
// anything, whichever way it is run (pulumi up or the offline plan): keys the
// stack does not read, a region the AWS provider does not know, ids YAML
// turned into numbers, secrets printed under the wrong key, the same mailbox
// twice, and what a guardrail would refuse at preview. Each failing run
// carries several problems at once, as the program reports them together.
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { cliProjectDefaults } from "../config/docs";
import { unknownKeyProblems } from "../config/keys";
import { FailedSimulation, SimulationResult } from "../plan/simulator";
import {
    assertNothingRegistered,
    failLogArchive,
    failManagement,
    LOG_ARCHIVE_CONFIG,
    ofType,
    runLogArchive,
    runManagement,
} from "./helpers/stacks";

const ROOT = path.resolve(__dirname, "..");

/** The "  - " lines of a multi-problem message, without the bullet, sorted. */
const problems = (message: string) =>
    message
        .split("\n")
        .filter((l) => l.startsWith("  - "))
        .map((l) => l.slice(4))
        .sort();

/** A run that must stop at its configuration: a ConfigError, nothing registered. */
function assertRefusedBeforeAnything(failed: FailedSimulation, stack: string): string {
    assert.equal(failed.error.name, "ConfigError", failed.error.message);
    assert.match(failed.error.message, new RegExp(`^Invalid configuration for the ${stack} stack; nothing was created:\n`));
    assertNothingRegistered(failed.resources, failed.error.message);
    return failed.error.message;
}

/**
 * Pulumi.yaml's declared defaults as the Pulumi CLI hands them to every
 * stack, read from the file itself: a primitive as Go's %v prints it, a list
 * as compact JSON (pulumi/pulumi sdk/go/common/workspace/config.go,
 * createConfigValue).
 */
function projectDefaultsFromPulumiYaml(): Record<string, string> {
    const project = parse(readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, { default: unknown }> };
    return Object.fromEntries(
        Object.entries(project.config).map(([key, { default: d }]) => [`org-cloudtrail:${key}`, typeof d === "object" ? JSON.stringify(d) : String(d)]),
    );
}

/** Project defaults first, the stack's own values over them, as the CLI merges them. */
function withProjectDefaults(stackConfig: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(projectDefaultsFromPulumiYaml()).filter(([key]) => !(key in stackConfig)));
}

const LOG_ARCHIVE_KEYS =
    "role, accountId, organizationId, managementAccountId, trailName, trailHomeRegion, bucketName, accessLogBucketName, s3KeyPrefix, " +
    "objectLockMode, objectLockDays, logReaderArns, deployerRoleArn, breakGlassArns, logGlacierIrAfterDays, logDeepArchiveAfterDays, " +
    "logRetentionDays, accessLogRetentionDays, athenaEnabled, athenaBytesScannedCutoffGb, athenaResultsBucketName, athenaResultsRetentionDays, " +
    "athenaWorkgroupName, athenaDatabaseName, athenaFirstDay, auditorRoleName, auditAccountId, costAssumptions, costPriceRegion";

describe("config checks: Pulumi.yaml's project defaults, which the CLI hands to every stack", () => {
    it("are serialised as the CLI does: primitives as text, lists as compact JSON", () => {
        const defaults = cliProjectDefaults();
        assert.equal(defaults["org-cloudtrail:alertEmails"], "[]");
        assert.equal(defaults["org-cloudtrail:objectLockDays"], "365");
        assert.equal(defaults["org-cloudtrail:athenaEnabled"], "true");
        assert.equal(defaults["org-cloudtrail:role"], "");
        assert.equal(defaults["org-cloudtrail:insights"], '["ApiCallRateInsight","ApiErrorRateInsight"]');
        // And exactly what Pulumi.yaml itself declares, key for key.
        assert.deepEqual(defaults, projectDefaultsFromPulumiYaml());
    });

    for (const stack of ["log-archive", "management"]) {
        it(`raise no problem in the ${stack} stack, nor do the keys of Pulumi.${stack}.yaml`, () => {
            const file = parse(readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
            const stackValues = Object.fromEntries(Object.entries(file.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
            assert.deepEqual(unknownKeyProblems({ ...projectDefaultsFromPulumiYaml(), ...stackValues }, stack), []);
        });
    }
});

describe("config checks: the log-archive stack", () => {
    let refused: string;
    before(async () => {
        refused = assertRefusedBeforeAnything(
            await failLogArchive({
                "org-cloudtrail:objectLockDay": 730,
                // The management stack's key, set (not its project default).
                alertEmails: ["secops@example.com"],
                "org-cloudtrail:alertEmail": ["secops@example.com"],
                // Other keys of the management stack at their project default, as the CLI passes them.
                alertHttpsEndpoints: "[]",
                cloudWatchLogsRetentionDays: "365",
                insights: '["ApiCallRateInsight","ApiErrorRateInsight"]',
                "org-cloudtrial:trailName": "organization-trail",
                "org-cloudtrail:colour": "blue",
                "aws:region": "eu-centrall-1",
                // 012345678901 unquoted in the stack file.
                managementAccountId: "12345678901",
                logReaderArns: ["arn:aws:iam::333333333333:role/Auditor", "https://auditor:hunter2@example.com/hook?token=LEAKY-READER"],
            }),
            "log-archive",
        );
    });

    it("reports every problem at once, each once", () => {
        assert.deepEqual(
            problems(refused),
            [
                `aws:region = "eu-centrall-1": expected a region the AWS provider knows; did you mean eu-central-1?`,
                `org-cloudtrail:alertEmail is not a key of the log-archive stack; did you mean alertEmails, a key of the management and audit stacks?`,
                `org-cloudtrail:alertEmails is a key of the management and audit stacks, not of log-archive: set it in the management or audit stack's file`,
                `org-cloudtrail:colour is not a key of the log-archive stack: expected one of ${LOG_ARCHIVE_KEYS}`,
                `org-cloudtrail:logReaderArns[1] = "https://example.com/[redacted]": expected the ARN of an IAM role, user or account root without wildcards, e.g. arn:aws:iam::111111111111:role/SecurityAuditor`,
                `org-cloudtrail:managementAccountId = "12345678901": expected a 12-digit AWS account id, e.g. 111111111111; ` +
                    `YAML reads an unquoted id as a number and drops its leading zeros: quote it in the stack file with all 12 digits ("012345678901")`,
                `org-cloudtrail:objectLockDay is not a key of the log-archive stack; did you mean objectLockDays?`,
                `org-cloudtrial:trailName is read by nothing: the namespace org-cloudtrial is not org-cloudtrail; did you mean org-cloudtrail:trailName?`,
            ].sort(),
        );
    });

    it("never prints the credentials of a URL under another key", () => {
        assert.ok(!refused.includes("hunter2") && !refused.includes("LEAKY-READER"), refused);
    });

    it("runs with every project default the CLI passes, the management stack's included", async () => {
        const run: SimulationResult = await runLogArchive(withProjectDefaults(LOG_ARCHIVE_CONFIG));
        assert.ok(ofType(run.resources, "aws:s3/bucket:Bucket").length > 0);
    });
});

describe("config checks: the management stack", () => {
    const OPSGENIE = "https://api.opsgenie.com/v1/json/amazonsns?apiKey=EMAIL-KEY-1";
    const PAGERDUTY = "https://events.pagerduty.com/integration/PD-KEY-3/enqueue";
    const ENDPOINT = "https://api.opsgenie.com/v1/json/amazonsns?apiKey=ENDPOINT-KEY-4";
    const EMAIL = "expected an e-mail address, e.g. security@example.com";
    let refused: string;
    let leaked: string;
    let secret: string;
    before(async () => {
        refused = assertRefusedBeforeAnything(
            await failManagement({
                alertEmails: ["SecOps@example.com", "secops@example.com"],
                cloudWatchLogsRetentionDays: 90,
                scpTargetIds: [333333333333, 12345678901],
                objectLockDays: 730,
                // The log-archive stack's keys at their project default, as the CLI passes them.
                trailName: "organization-trail",
                objectLockMode: "GOVERNANCE",
                logReaderArns: "[]",
                "org-cloudtrail:logArchiveStak": "acme/org-cloudtrail/log-archive",
            }),
            "management",
        );
        leaked = assertRefusedBeforeAnything(
            await failManagement({
                alertEmails: ["security@example.com", OPSGENIE],
                "aws:region": "https://eu-west-1.example.com/?token=REGION-KEY-2",
                "org-cloudtrail:alertHttpsEndpoint": [PAGERDUTY],
            }),
            "management",
        );
        secret = assertRefusedBeforeAnything(
            await failManagement({ alertEmails: ["not-an-address"], alertHttpsEndpoints: [ENDPOINT] }, { secretKeys: ["org-cloudtrail:alertEmails"] }),
            "management",
        );
    });

    it("reports every problem at once: the same mailbox twice, a retention the guardrail refuses, unquoted ids, keys it does not read", () => {
        assert.deepEqual(
            problems(refused),
            [
                `org-cloudtrail:alertEmails = ["SecOps@example.com","secops@example.com"]: expected each address at most once, ignoring case: ` +
                    `SecOps@example.com and secops@example.com are the same mailbox and would receive every alert twice`,
                `org-cloudtrail:cloudWatchLogsRetentionDays = 90: expected one of the retention periods CloudWatch Logs accepts, at least 365: ` +
                    `365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; the cloudwatch-16-log-group-retention-365-days guardrail ` +
                    `(CloudWatch.16, CT.CLOUDWATCH.PR.2) refuses it: retentionInDays is 90: an investigation reaching back a year would find nothing. Use at least 365.`,
                `org-cloudtrail:logArchiveStak is not a key of the management stack; did you mean logArchiveStack?`,
                `org-cloudtrail:objectLockDays is a key of the log-archive stack, not of management: set it in the log-archive stack's file`,
                `org-cloudtrail:scpTargetIds[0] = 333333333333: expected a root id (r-...), an organizational unit id (ou-...-...) or a 12-digit account id; ` +
                    `YAML reads an unquoted 333333333333 as a number: quote it in the stack file ("333333333333")`,
                `org-cloudtrail:scpTargetIds[1] = 12345678901: expected a root id (r-...), an organizational unit id (ou-...-...) or a 12-digit account id; ` +
                    `YAML reads an unquoted id as a number and drops its leading zeros: quote it in the stack file with all 12 digits ("012345678901")`,
            ].sort(),
        );
    });

    it("redacts a URL with a query under alertEmails and aws:region, and never prints a misspelled key's value", () => {
        assert.deepEqual(
            problems(leaked),
            [
                `aws:region = (not shown: not shaped like a region code): expected a region the AWS provider knows, e.g. eu-west-1`,
                `org-cloudtrail:alertEmails[1] = "https://api.opsgenie.com/[redacted]": ${EMAIL}`,
                `org-cloudtrail:alertHttpsEndpoint is not a key of the management stack; did you mean alertHttpsEndpoints?`,
            ].sort(),
        );
        for (const key of ["EMAIL-KEY-1", "REGION-KEY-2", "PD-KEY-3"]) assert.ok(!leaked.includes(key), `${key} leaked:\n${leaked}`);
    });

    it("does not show a key set as a secret, and refuses a key that must be a secret set in plain text", () => {
        assert.deepEqual(problems(secret), [
            `org-cloudtrail:alertEmails[0] = (secret, not shown): ${EMAIL}`,
            `org-cloudtrail:alertHttpsEndpoints is set in plain text: expected a secret; remove it and set each value with pulumi config set --secret --path 'alertHttpsEndpoints[0]' <value>`,
        ]);
        assert.ok(!secret.includes("not-an-address") && !secret.includes("ENDPOINT-KEY-4"), secret);
    });

    it("subscribes a secret endpoint (the CLI marks the whole list secret when its entries are secure: values) and an address set as a secret", async () => {
        const run = await runManagement(
            { alertEmails: ["security@example.com"], alertHttpsEndpoints: [ENDPOINT] },
            { secretKeys: ["org-cloudtrail:alertHttpsEndpoints", "org-cloudtrail:alertEmails"] },
        );
        // The component wraps each endpoint in a secret of its own ({ <signature>, value }).
        const endpoint = (e: unknown) => (typeof e === "object" && e !== null ? (e as { value: unknown }).value : e);
        const subscriptions = ofType(run.resources, "aws:sns/topicSubscription:TopicSubscription").map((s) => `${s.inputs.protocol} ${endpoint(s.inputs.endpoint)}`);
        assert.deepEqual(subscriptions.sort(), ["email security@example.com", `https ${ENDPOINT}`]);
    });
});
