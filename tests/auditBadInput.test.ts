// The audit stack stops before it registers any AWS resource when its
// configuration is invalid or when it disagrees with the log-archive stack,
// and the message names the key (or the stack) to fix, the value, and what
// is expected. Secrets are never repeated.
import { strict as assert } from "assert";
import { FailedSimulation, SimulatedResource } from "../plan/simulator";
import { AuditAgreementInput, checkAuditAgrees, memberOrganizationFacts } from "../stacks/auditChecks";
import { logArchiveOutputsSchema } from "../stacks/logArchiveContract";
import { failAudit, MEMBER_VIEW } from "./helpers/audit";
import {
    AUDIT_ACCOUNT,
    AUDIT_DEPLOYER,
    LOG_ARCHIVE_ACCOUNT,
    LOG_ARCHIVE_AUDIT_OUTPUTS,
    LOG_ARCHIVE_OUTPUTS,
    LOG_ARCHIVE_STACK,
    MANAGEMENT_ACCOUNT,
    quote,
} from "./helpers/stacks";

const STACK_REFERENCE = "pulumi:pulumi:StackReference";
const STACK = quote(LOG_ARCHIVE_STACK);

/** Nothing but, at most, the StackReference (which only reads) was registered. */
function assertNoAwsResource(resources: SimulatedResource[], message: string) {
    assert.deepEqual(
        resources.filter((r) => r.type !== STACK_REFERENCE).map((r) => `${r.type}::${r.name}`),
        [],
        `resources were registered before the error:\n${message}`,
    );
}

async function refused(overrides: Record<string, unknown>, message: RegExp, world = {}): Promise<FailedSimulation> {
    const failure = await failAudit(overrides, world);
    assert.match(failure.error.message, message);
    assertNoAwsResource(failure.resources, failure.error.message);
    return failure;
}

describe("audit stack: bad configuration", () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
        ["deployerRoleArn unset", { deployerRoleArn: undefined }, /org-cloudtrail:deployerRoleArn is not set: expected/],
        ["deployerRoleArn a user", { deployerRoleArn: `arn:aws:iam::${AUDIT_ACCOUNT}:user/alice` }, /org-cloudtrail:deployerRoleArn = "arn:aws:iam::333333333333:user\/alice": expected/],
        ["breakGlassArns a pattern", { breakGlassArns: ["arn:aws:iam::*:role/BreakGlass*"] }, /org-cloudtrail:breakGlassArns\[0\] = "arn:aws:iam::\*:role\/BreakGlass\*": expected the exact ARN of an IAM role/],
        ["logArchiveStack unset", { logArchiveStack: undefined }, /org-cloudtrail:logArchiveStack is not set: expected a fully qualified stack name/],
        ["logArchiveStack not qualified", { logArchiveStack: "log-archive" }, /org-cloudtrail:logArchiveStack = "log-archive": expected a fully qualified stack name/],
        ["alertEmails not an address", { alertEmails: ["security"] }, /org-cloudtrail:alertEmails\[0\] = "security": expected/],
        ["alertEmails one mailbox twice", { alertEmails: ["SecOps@example.com", "secops@example.com"] }, /are the same mailbox/],
        ["no subscriber at all", { alertEmails: [] }, /org-cloudtrail:alertEmails = \[\]: expected at least one e-mail address here or one endpoint in alertHttpsEndpoints/],
        ["digestAllowedDelayMinutes under an hour", { digestAllowedDelayMinutes: 30 }, /org-cloudtrail:digestAllowedDelayMinutes = 30: expected a whole number of minutes from 60 to 1440/],
        ["digestAllowedDelayMinutes over a day", { digestAllowedDelayMinutes: 1500 }, /org-cloudtrail:digestAllowedDelayMinutes = 1500: expected a whole number of minutes from 60 to 1440/],
        ["digestAllowedDelayMinutes a fraction", { digestAllowedDelayMinutes: 90.5 }, /org-cloudtrail:digestAllowedDelayMinutes = 90.5: expected a whole number of minutes/],
        ["digestAllowedDelayMinutes text", { digestAllowedDelayMinutes: "2h" }, /org-cloudtrail:digestAllowedDelayMinutes = "2h": expected a whole number of minutes from 60 to 1440/],
        ["digestVerification not a boolean", { digestVerification: "yes" }, /org-cloudtrail:digestVerification = "yes": expected true or false/],
        ["heartbeatMinutes under two periods", { heartbeatMinutes: 5 }, /org-cloudtrail:heartbeatMinutes = 5: expected a whole number of minutes from 10 to 1440/],
        ["heartbeatMinutes over a day", { heartbeatMinutes: 1445 }, /org-cloudtrail:heartbeatMinutes = 1445: expected a whole number of minutes from 10 to 1440/],
        ["heartbeatMinutes not a multiple of 5", { heartbeatMinutes: 33 }, /org-cloudtrail:heartbeatMinutes = 33: expected a multiple of 5 minutes/],
        ["heartbeatMinutes a fraction", { heartbeatMinutes: 30.5 }, /org-cloudtrail:heartbeatMinutes = 30.5: expected a whole number of minutes/],
        ["heartbeatMinutes text", { heartbeatMinutes: "half an hour" }, /org-cloudtrail:heartbeatMinutes = "half an hour": expected a whole number of minutes/],
        ["detectionTuning an unknown id, near one", { detectionTuning: { "root-acount-usage": { disabled: true } } }, /org-cloudtrail:detectionTuning\[root-acount-usage\] = \{"disabled":true\}: expected a detection id of docs\/detections.md; did you mean root-account-usage\?/],
        ["detectionTuning an unknown id, far from all", { detectionTuning: { zzz: { disabled: true } } }, /org-cloudtrail:detectionTuning\[zzz\] = \{"disabled":true\}: expected a detection id of docs\/detections.md: one of unauthorized-api-calls, /],
        ["detectionTuning not an object", { detectionTuning: ["root-account-usage"] }, /org-cloudtrail:detectionTuning = \["root-account-usage"\]: expected a JSON object keyed by detection id/],
        ["detectionTuning a bad severity", { detectionTuning: { "root-account-usage": { severity: "urgent" } } }, /org-cloudtrail:detectionTuning\[root-account-usage\]\[severity\] = "urgent": expected one of critical, high, medium, low/],
        ["detectionTuning disabled not a boolean", { detectionTuning: { "root-account-usage": { disabled: "yes" } } }, /org-cloudtrail:detectionTuning\[root-account-usage\]\[disabled\] = "yes": expected true or false/],
        ["detectionTuning an unknown property", { detectionTuning: { "root-account-usage": { mute: true } } }, /org-cloudtrail:detectionTuning\[root-account-usage\]/],
        ["ignorePrincipals not an ARN", { detectionTuning: { "iam-policy-changes": { ignorePrincipals: ["terraform"] } } }, /org-cloudtrail:detectionTuning\[iam-policy-changes\]\[ignorePrincipals\]\[0\] = "terraform": expected an IAM or STS principal ARN/],
        ["ignorePrincipals an S3 ARN", { detectionTuning: { "iam-policy-changes": { ignorePrincipals: ["arn:aws:s3:::bucket"] } } }, /\[ignorePrincipals\]\[0\] = "arn:aws:s3:::bucket": expected an IAM or STS principal ARN/],
        ["ignorePrincipals every role", { detectionTuning: { "iam-policy-changes": { ignorePrincipals: ["arn:aws:iam::*:role/*"] } } }, /\[ignorePrincipals\]\[0\] = "arn:aws:iam::\*:role\/\*": .*set disabled: true instead/],
        [
            "ignorePrincipals a wildcard name in every account",
            { detectionTuning: { "iam-policy-changes": { ignorePrincipals: ["arn:aws:sts::*:assumed-role/AWSReservedSSO_Admin_*/*"] } } },
            /\[ignorePrincipals\]\[0\] = "arn:aws:sts::\*:assumed-role\/AWSReservedSSO_Admin_\*\/\*": .*with \* as the account, name the role or user exactly/,
        ],
        [
            "ignorePrincipals a wildcard name with no fixed part (found by a review)",
            { detectionTuning: { "iam-policy-changes": { ignorePrincipals: ["arn:aws:iam::444444444444:role/*-*"] } } },
            /\[ignorePrincipals\]\[0\] = "arn:aws:iam::444444444444:role\/\*-\*": .*at least 3 characters in a row that are not \*/,
        ],
        [
            "ignorePrincipals an assumed role whose role name is almost all wildcard",
            { detectionTuning: { "iam-policy-changes": { ignorePrincipals: ["arn:aws:sts::444444444444:assumed-role/*e*/*"] } } },
            /\[ignorePrincipals\]\[0\] = "arn:aws:sts::444444444444:assumed-role\/\*e\*\/\*": .*at least 3 characters/,
        ],
        [
            "ignorePrincipals a wildcard role path in every account",
            { detectionTuning: { "iam-policy-changes": { ignorePrincipals: ["arn:aws:iam::*:role/ci-*"] } } },
            /\[ignorePrincipals\]\[0\] = "arn:aws:iam::\*:role\/ci-\*": .*name the role or user exactly/,
        ],
        ["ignorePrincipals twice", { detectionTuning: { "iam-policy-changes": { ignorePrincipals: ["arn:aws:iam::444444444444:role/ci", "arn:aws:iam::444444444444:role/ci"] } } }, /\[ignorePrincipals\] = .*expected each principal at most once/],
        // Issue 17: the automation principals and the per-detection threshold and ignoreAutomation.
        ["automationPrincipals not an ARN", { automationPrincipals: ["terraform"] }, /org-cloudtrail:automationPrincipals\[0\] = "terraform": expected an IAM or STS principal ARN/],
        ["automationPrincipals not a list", { automationPrincipals: "arn:aws:iam::444444444444:role/ci" }, /org-cloudtrail:automationPrincipals = "arn:aws:iam::444444444444:role\/ci": expected a JSON array of principal ARNs or patterns/],
        ["automationPrincipals every role", { automationPrincipals: ["arn:aws:iam::444444444444:role/*"] }, /org-cloudtrail:automationPrincipals\[0\] = "arn:aws:iam::444444444444:role\/\*": .*a name made only of \* matches every principal of that kind: name the automation's roles/],
        [
            "automationPrincipals a wildcard name in every account",
            { automationPrincipals: ["arn:aws:sts::*:assumed-role/ci-*/*"] },
            /org-cloudtrail:automationPrincipals\[0\] = "arn:aws:sts::\*:assumed-role\/ci-\*\/\*": .*with \* as the account, name the role or user exactly/,
        ],
        // Issue 17 (execution): the instance families the organization uses.
        ["usedInstanceFamilies an instance type", { usedInstanceFamilies: ["t3.large"] }, /org-cloudtrail:usedInstanceFamilies\[0\] = "t3.large": expected an EC2 instance family: the part of an instance type before the dot/],
        ["usedInstanceFamilies a wildcard", { usedInstanceFamilies: ["p*"] }, /org-cloudtrail:usedInstanceFamilies\[0\] = "p\*": expected an EC2 instance family/],
        ["usedInstanceFamilies upper case", { usedInstanceFamilies: ["M5"] }, /org-cloudtrail:usedInstanceFamilies\[0\] = "M5": expected an EC2 instance family/],
        ["usedInstanceFamilies not a list", { usedInstanceFamilies: "t3" }, /org-cloudtrail:usedInstanceFamilies = "t3": expected a JSON array of EC2 instance families/],
        ["usedInstanceFamilies twice", { usedInstanceFamilies: ["t3", "t3"] }, /org-cloudtrail:usedInstanceFamilies = .*expected each family at most once/],
        ["bedrockAccounts not an account id", { bedrockAccounts: ["prod"] }, /org-cloudtrail:bedrockAccounts\[0\] = "prod": expected a 12-digit AWS account id/],
        ["bedrockAccounts not a list", { bedrockAccounts: "444455556666" }, /org-cloudtrail:bedrockAccounts = "?444455556666"?: expected a JSON array of 12-digit AWS account ids/],
        ["bedrockAccounts twice", { bedrockAccounts: ["444455556666", "444455556666"] }, /org-cloudtrail:bedrockAccounts = .*expected each account at most once/],
        ["automationPrincipals twice", { automationPrincipals: ["arn:aws:iam::444444444444:role/ci", "arn:aws:iam::444444444444:role/ci"] }, /org-cloudtrail:automationPrincipals = .*expected each principal at most once/],
        ["detectionTuning threshold 0", { detectionTuning: { "console-signin-failures": { threshold: 0 } } }, /org-cloudtrail:detectionTuning\[console-signin-failures\]\[threshold\] = 0: expected a whole number of matches \(in one log file, or in the window with windowMinutes\) from 1 to 1000/],
        ["detectionTuning threshold a fraction", { detectionTuning: { "console-signin-failures": { threshold: 2.5 } } }, /\[console-signin-failures\]\[threshold\] = 2.5: expected a whole number of matches \(in one log file/],
        ["detectionTuning threshold text", { detectionTuning: { "console-signin-failures": { threshold: "five" } } }, /\[console-signin-failures\]\[threshold\] = "five": expected a whole number of matches \(in one log file/],
        ["detectionTuning threshold as good as off", { detectionTuning: { "unauthorized-api-calls": { threshold: 1001 } } }, /\[unauthorized-api-calls\]\[threshold\] = 1001: expected a whole number of matches \(in one log file, or in the window with windowMinutes\) from 1 to 1000/],
        [
            "detectionTuning threshold on a detection that pages on the first event",
            { detectionTuning: { "iam-policy-changes": { threshold: 3 } } },
            /org-cloudtrail:detectionTuning\[iam-policy-changes\]\[threshold\] = 3: expected only on a detection that counts \(a catalog threshold above 1, or counted per principal\): iam-policy-changes pages on the first event/,
        ],
        [
            "detectionTuning ignoreAutomation on a detection not marked tunable",
            { detectionTuning: { "root-account-usage": { ignoreAutomation: false } } },
            /org-cloudtrail:detectionTuning\[root-account-usage\]\[ignoreAutomation\] = false: expected only on a detection marked tunable .*root-account-usage never ignores automationPrincipals/,
        ],
        ["detectionTuning ignoreAutomation not a boolean", { detectionTuning: { "iam-policy-changes": { ignoreAutomation: "no" } } }, /\[iam-policy-changes\]\[ignoreAutomation\] = "no": expected true or false/],
        // Issue 17: windowMinutes, where a threshold is allowed, a multiple of 5 from 5 to 1440.
        ["detectionTuning windowMinutes not a multiple of 5", { detectionTuning: { "console-signin-failures": { windowMinutes: 7 } } }, /org-cloudtrail:detectionTuning\[console-signin-failures\]\[windowMinutes\] = 7: expected a multiple of 5 minutes/],
        ["detectionTuning windowMinutes 0", { detectionTuning: { "console-signin-failures": { windowMinutes: 0 } } }, /\[console-signin-failures\]\[windowMinutes\] = 0: expected a whole number of minutes from 5 to 1440/],
        ["detectionTuning windowMinutes over a day", { detectionTuning: { "unauthorized-api-calls": { windowMinutes: 1445 } } }, /\[unauthorized-api-calls\]\[windowMinutes\] = 1445: expected a whole number of minutes from 5 to 1440/],
        ["detectionTuning windowMinutes a fraction", { detectionTuning: { "console-signin-failures": { windowMinutes: 7.5 } } }, /\[console-signin-failures\]\[windowMinutes\] = 7.5: expected a whole number of minutes/],
        ["detectionTuning windowMinutes text", { detectionTuning: { "console-signin-failures": { windowMinutes: "60" } } }, /\[console-signin-failures\]\[windowMinutes\] = "60": expected a whole number of minutes/],
        [
            "detectionTuning windowMinutes on a detection that pages on the first event",
            { detectionTuning: { "iam-policy-changes": { windowMinutes: 60 } } },
            /org-cloudtrail:detectionTuning\[iam-policy-changes\]\[windowMinutes\] = 60: expected only on a detection that counts \(a catalog threshold above 1, or counted per principal\): iam-policy-changes pages on the first event/,
        ],
        ["detectionTuning an unknown key", { detectionTuning: { "console-signin-failures": { window: 60 } } }, /org-cloudtrail:detectionTuning\[console-signin-failures\] = \{"window":60\}: expected an object with disabled, severity, ignorePrincipals, ignoreAutomation, threshold and\/or windowMinutes/],
        ["engineMemoryMb under Lambda's minimum", { engineMemoryMb: 64 }, /org-cloudtrail:engineMemoryMb = 64: expected a whole number of MB from 128 to 10240/],
        ["engineMemoryMb over Lambda's maximum", { engineMemoryMb: 20480 }, /org-cloudtrail:engineMemoryMb = 20480: expected a whole number of MB from 128 to 10240/],
        ["engineLogRetentionDays under the guardrail", { engineLogRetentionDays: 30 }, /org-cloudtrail:engineLogRetentionDays = 30: expected one of the retention periods CloudWatch Logs accepts, at least 365/],
        ["engineLogRetentionDays a period CloudWatch refuses", { engineLogRetentionDays: 366 }, /org-cloudtrail:engineLogRetentionDays = 366: expected one of the retention periods CloudWatch Logs accepts/],
        ["trustedCidrs not a range", { trustedCidrs: ["office"] }, /org-cloudtrail:trustedCidrs\[0\] = "office": expected/],
        ["largeInstanceTypes not a type", { largeInstanceTypes: ["big one"] }, /org-cloudtrail:largeInstanceTypes\[0\] = "big one": expected/],
        ["alarmNamespace AWS's own", { alarmNamespace: "AWS/Mine" }, /org-cloudtrail:alarmNamespace = "AWS\/Mine": expected/],
        ["a key of the log-archive stack", { objectLockDays: 400 }, /org-cloudtrail:objectLockDays is a key of the log-archive stack, not of audit/],
        ["a key of the management stack", { scpTargetIds: ["r-ab12"] }, /org-cloudtrail:scpTargetIds is a key of the management stack, not of audit/],
        ["a misspelled key", { heartbeatMinute: 30 }, /org-cloudtrail:heartbeatMinute is not a key of the audit stack; did you mean heartbeatMinutes\?/],
        ["aws:region unset", { "aws:region": undefined }, /aws:region is not set: expected the log bucket's region/],
    ];
    for (const [what, overrides, message] of cases) {
        it(`refuses ${what}, before any resource`, async () => {
            await refused(overrides, message);
        });
    }

    it("reports every problem at once", async () => {
        const failure = await refused({ heartbeatMinutes: 33, engineMemoryMb: 64 }, /heartbeatMinutes = 33/);
        assert.match(failure.error.message, /engineMemoryMb = 64/);
    });

    it("never repeats an HTTPS endpoint's URL, and refuses it in plain text", async () => {
        const url = "https://api.opsgenie.com/v1/json/amazonsns?apiKey=k-123";
        const plain = await refused({ alertHttpsEndpoints: [url] }, /org-cloudtrail:alertHttpsEndpoints is set in plain text: expected a secret/, { secretKeys: [] });
        assert.doesNotMatch(plain.error.message, /k-123/);
        const bad = await refused({ alertHttpsEndpoints: ["http://example.com/hook?apiKey=k-123"] }, /org-cloudtrail:alertHttpsEndpoints\[0\] = \(secret, not shown\): expected/);
        assert.doesNotMatch(bad.error.message, /k-123/);
    });

    it("refuses a log-archive stack that lacks an output, naming it and the stack", async () => {
        await refused({}, new RegExp(`The log-archive stack ${STACK} \\(org-cloudtrail:logArchiveStack\\) does not provide what the audit stack needs[^]*output bucketName is missing`), {
            outputs: { bucketName: undefined },
        });
    });

    it("refuses a deployment by anyone but the deployer role", async () => {
        const caller = { ...AUDIT_DEPLOYER, arn: `arn:aws:sts::${AUDIT_ACCOUNT}:assumed-role/Admin/alice` };
        await refused({}, /org-cloudtrail:deployerRoleArn = "arn:aws:iam::333333333333:role\/PulumiDeployer", but pulumi up runs as .*Admin\/alice/, { caller });
    });
});

const MEMBER_VIEW_FACTS = { id: "o-a1b2c3d4e5", masterAccountId: MANAGEMENT_ACCOUNT };

describe("audit stack: disagreements with the log-archive stack", () => {
    const archive = logArchiveOutputsSchema.parse({ ...LOG_ARCHIVE_OUTPUTS, ...LOG_ARCHIVE_AUDIT_OUTPUTS });
    const agreeing: AuditAgreementInput = {
        archive,
        logArchiveStack: LOG_ARCHIVE_STACK,
        caller: { accountId: AUDIT_ACCOUNT, arn: AUDIT_DEPLOYER.arn },
        region: "eu-west-1",
        organization: MEMBER_VIEW,
    };
    const problem = (change: Partial<AuditAgreementInput>) => {
        try {
            checkAuditAgrees({ ...agreeing, ...change });
        } catch (error) {
            return (error as Error).message;
        }
        return "";
    };

    it("reads the organization's id from the provider's answer, or from its ARN when the id is empty", () => {
        const arn = `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:organization/o-a1b2c3d4e5`;
        assert.deepEqual(memberOrganizationFacts({ id: "o-a1b2c3d4e5", arn, masterAccountId: MANAGEMENT_ACCOUNT }), MEMBER_VIEW_FACTS);
        assert.deepEqual(memberOrganizationFacts({ id: "", arn, masterAccountId: MANAGEMENT_ACCOUNT }), MEMBER_VIEW_FACTS);
        assert.equal(memberOrganizationFacts({ id: "", arn: "", masterAccountId: MANAGEMENT_ACCOUNT }).id, "", "no id at all: the check then names the difference");
    });

    it("accepts stacks that agree", () => {
        assert.equal(problem({}), "");
    });

    const cases: [string, Partial<AuditAgreementInput>, RegExp][] = [
        [
            "the management account's credentials",
            { caller: { accountId: MANAGEMENT_ACCOUNT, arn: `arn:aws:sts::${MANAGEMENT_ACCOUNT}:assumed-role/PulumiDeployer/ci` } },
            /the credentials belong to the management account 111111111111 .*: run the audit stack with the credentials of a dedicated member account/,
        ],
        [
            "the log-archive account's credentials",
            { caller: { accountId: LOG_ARCHIVE_ACCOUNT, arn: `arn:aws:sts::${LOG_ARCHIVE_ACCOUNT}:assumed-role/PulumiDeployer/ci` } },
            /the credentials belong to the log-archive account 222222222222 .*run the audit stack with the credentials of a third account/,
        ],
        [
            "another organization",
            { organization: { ...MEMBER_VIEW, id: "o-otherorg1234" } },
            new RegExp(`the credentials' organization is o-otherorg1234, but the log-archive stack's is o-a1b2c3d4e5: .*fix organizationId in the org-cloudtrail keys of ${STACK}`),
        ],
        [
            "an archive without auditAccountId",
            { archive: { ...archive, auditAccountId: undefined, engineRoleArn: undefined, logFileTopicArn: undefined, logFileTopicKeyArn: undefined } },
            new RegExp(`the log-archive stack does not set auditAccountId, but this stack runs in 333333333333: set auditAccountId = 333333333333 in ${STACK} and update it first`),
        ],
        [
            "an archive naming another audit account",
            { archive: { ...archive, auditAccountId: "444444444444" } },
            new RegExp(`the log-archive stack names 444444444444 as the audit account, but this stack runs in 333333333333: set auditAccountId = 333333333333 in ${STACK} and update it first`),
        ],
        [
            "an archive with auditAccountId but no topic",
            { archive: { ...archive, logFileTopicArn: undefined } },
            new RegExp(`exports auditAccountId but not logFileTopicArn and engineRoleArn: run \`pulumi up\` on ${STACK}`),
        ],
        ["another region", { region: "us-east-1" }, /aws:region = us-east-1, but the log bucket and its log-file topic are in eu-west-1: set aws:region to eu-west-1 in this stack/],
        [
            "a trail homed away from the bucket",
            { archive: { ...archive, trailHomeRegion: "us-east-1" } },
            new RegExp(`the trail's home region us-east-1 is not the log bucket's region eu-west-1.*set trailHomeRegion to eu-west-1 in the org-cloudtrail keys of ${STACK}`),
        ],
    ];
    for (const [what, change, message] of cases) {
        it(`refuses ${what}, naming the stack to fix`, () => {
            const said = problem(change);
            assert.match(said, new RegExp(`^The audit stack and the log-archive stack ${STACK} disagree; nothing was created`));
            assert.match(said, message);
        });
    }

    it("stops the program on a disagreement before any resource", async () => {
        await refused({}, /set auditAccountId = 333333333333/, { outputs: { auditAccountId: "444444444444" } });
        await refused({}, /aws:region = eu-west-1, but the log bucket and its log-file topic are in us-east-1/, { outputs: { region: "us-east-1", trailHomeRegion: "us-east-1" } });
    });

});
