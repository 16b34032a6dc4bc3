// The management stack stops before it registers any AWS resource when its
// configuration is invalid, when the log-archive stack's outputs disagree
// with what this stack sees, or when the organization is not ready; and the
// message names the key (or the output, or the stack) to fix, the value, and
// what is expected or the exact command to run.
import { strict as assert } from "assert";
import { FailedSimulation, SimulatedResource } from "../plan/simulator";
import { trailArn } from "../policies/arns";
import { SCP_MAX_CHARACTERS } from "../policies/protectAuditTrailScp";
import { logArchiveOutputsSchema } from "../stacks/logArchiveContract";
import { AgreementInput, checkScpTargets, checkStacksAgree, OrganizationFacts, preflightOrganization } from "../stacks/managementChecks";
import {
    assertNothingRegistered,
    failManagement,
    LOG_ARCHIVE_ACCOUNT,
    LOG_ARCHIVE_OUTPUTS,
    LOG_ARCHIVE_STACK,
    MANAGEMENT_ACCOUNT,
    MANAGEMENT_DEPLOYER,
    ManagementWorld,
    ofType,
    ORGANIZATION,
    quote,
    resource,
    runManagement,
} from "./helpers/stacks";

const STACK_REFERENCE = "pulumi:pulumi:StackReference";
const POLICY = "aws:organizations/policy:Policy";
const ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment";

const STACK = quote(LOG_ARCHIVE_STACK);

/** No AWS resource was registered; the only thing allowed is the StackReference, which only reads. */
function assertNoAwsResource(resources: SimulatedResource[], message: string) {
    assert.deepEqual(
        resources.filter((r) => r.type.startsWith("aws:")).map((r) => `${r.type}::${r.name}`),
        [],
        `AWS resources were registered before the error:\n${message}`,
    );
    assert.deepEqual(
        resources.filter((r) => r.type !== STACK_REFERENCE).map((r) => `${r.type}::${r.name}`),
        [],
        `something besides the StackReference was registered:\n${message}`,
    );
}

/** The "  - " lines of a multi-problem message. */
const problemLines = (message: string) => message.split("\n").filter((l) => l.startsWith("  - "));

/** Runs the management stack, which must fail before any AWS resource, with an error of class `name`. */
async function stops(overrides: Record<string, unknown>, world: ManagementWorld = {}, name = "ConfigError"): Promise<FailedSimulation> {
    const failed = await failManagement(overrides, world);
    assert.equal(failed.error.name, name, failed.error.message);
    assertNoAwsResource(failed.resources, failed.error.message);
    return failed;
}

// ---- Configuration ----------------------------------------------------------

interface ConfigCase {
    key: string;
    value: unknown;
    /** What the message must say: the key, the value as shown, and the "expected ..." phrase. */
    message: RegExp;
}

// Only the periods the cloudwatch-16 guardrail also accepts: offering 90 would only move the refusal to the preview.
const RETENTION = /expected one of the retention periods CloudWatch Logs accepts, at least 365: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653$/;
const TARGET = quote("expected a root id (r-...), an organizational unit id (ou-...-...) or a 12-digit account id");
const ROLE = "expected the exact ARN of an IAM role, in one 12-digit account or in every account \\(\\*\\), with no wildcard in its path or name";

const CONFIG_CASES: ConfigCase[] = [
    {
        key: "logArchiveStack",
        value: undefined,
        message: /org-cloudtrail:logArchiveStack is not set: expected a fully qualified stack name <organization>\/<project>\/<stack>/,
    },
    {
        key: "logArchiveStack",
        value: "log-archive",
        message: /org-cloudtrail:logArchiveStack = "log-archive": expected a fully qualified stack name <organization>\/<project>\/<stack>/,
    },
    { key: "cloudWatchLogsRetentionDays", value: 364, message: new RegExp(`org-cloudtrail:cloudWatchLogsRetentionDays = 364: ${RETENTION.source}`) },
    { key: "cloudWatchLogsRetentionDays", value: 0, message: new RegExp(`org-cloudtrail:cloudWatchLogsRetentionDays = 0: ${RETENTION.source}`) },
    { key: "cloudWatchLogsRetentionDays", value: -1, message: new RegExp(`org-cloudtrail:cloudWatchLogsRetentionDays = -1: ${RETENTION.source}`) },
    {
        key: "cloudWatchLogsRetentionDays",
        value: "a year",
        message: new RegExp(`org-cloudtrail:cloudWatchLogsRetentionDays = "a year": ${RETENTION.source}`),
    },
    { key: "dataEventsS3", value: "yes", message: /org-cloudtrail:dataEventsS3 = "yes": expected true or false/ },
    {
        key: "insights",
        value: ["ApiCallRateInsight", "Nope"],
        message: /org-cloudtrail:insights\[1\] = "Nope": expected ApiCallRateInsight or ApiErrorRateInsight/,
    },
    {
        key: "insights",
        value: ["ApiCallRateInsight", "ApiCallRateInsight"],
        message: /org-cloudtrail:insights = \["ApiCallRateInsight","ApiCallRateInsight"\]: expected each insight type at most once/,
    },
    {
        key: "insights",
        value: "ApiCallRateInsight",
        message: /org-cloudtrail:insights = "ApiCallRateInsight": expected a JSON array of ApiCallRateInsight, ApiErrorRateInsight/,
    },
    { key: "scpTargetIds", value: ["r-AB"], message: new RegExp(`org-cloudtrail:scpTargetIds\\[0\\] = "r-AB": ${TARGET}`) },
    { key: "scpTargetIds", value: ["ou-bad"], message: new RegExp(`org-cloudtrail:scpTargetIds\\[0\\] = "ou-bad": ${TARGET}`) },
    { key: "scpTargetIds", value: ["12345"], message: new RegExp(`org-cloudtrail:scpTargetIds\\[0\\] = "12345": ${TARGET}`) },
    {
        key: "scpTargetIds",
        value: ["333333333333", "333333333333"],
        message: /org-cloudtrail:scpTargetIds = \["333333333333","333333333333"\]: expected each target at most once/,
    },
    {
        key: "breakGlassArns",
        value: ["arn:aws:iam::*:role/BreakGlass*"],
        message: new RegExp(`org-cloudtrail:breakGlassArns\\[0\\] = "arn:aws:iam::\\*:role/BreakGlass\\*": ${ROLE}`),
    },
    {
        key: "breakGlassArns",
        value: ["arn:aws:iam::222222222222:role/*"],
        message: new RegExp(`org-cloudtrail:breakGlassArns\\[0\\] = "arn:aws:iam::222222222222:role/\\*": ${ROLE}`),
    },
    { key: "breakGlassArns", value: ["not-an-arn"], message: new RegExp(`org-cloudtrail:breakGlassArns\\[0\\] = "not-an-arn": ${ROLE}`) },
    {
        key: "aws:region",
        value: undefined,
        message: /aws:region is not set: expected the trail's home region \(the log-archive stack's trailHomeRegion\)/,
    },
];

describe("management stack: bad configuration stops the program before any resource", () => {
    for (const c of CONFIG_CASES) {
        it(`rejects ${c.key} = ${c.value === undefined ? "(unset)" : JSON.stringify(c.value)}`, async () => {
            const { error, resources } = await failManagement({ [c.key]: c.value });
            assert.equal(error.name, "ConfigError", error.message);
            assert.match(error.message, /^Invalid configuration for the management stack; nothing was created|^aws:region is not set/);
            assert.match(error.message, c.message);
            // A pure config error: not even the StackReference is registered.
            assertNothingRegistered(resources, error.message);
        });
    }

    it("reports an unset aws:region in the same message as bad keys", async () => {
        const { error, resources } = await failManagement({ "aws:region": undefined, cloudWatchLogsRetentionDays: 364 });
        assert.match(error.message, /org-cloudtrail:cloudWatchLogsRetentionDays = 364: expected one of the retention periods/);
        assert.match(error.message, /\n {2}- aws:region is not set: expected the trail's home region/);
        assert.deepEqual(resources, []);
    });

    it("reports every bad key in one message", async () => {
        const { error, resources } = await failManagement({
            logArchiveStack: "log-archive",
            cloudWatchLogsRetentionDays: 364,
            dataEventsS3: "yes",
            insights: ["Nope"],
            scpTargetIds: ["ou-bad"],
            breakGlassArns: ["not-an-arn"],
        });
        assert.equal(error.name, "ConfigError");
        const lines = problemLines(error.message);
        assert.equal(lines.length, 6, error.message);
        assert.match(error.message, /org-cloudtrail:logArchiveStack = "log-archive": expected a fully qualified stack name/);
        assert.match(error.message, /org-cloudtrail:cloudWatchLogsRetentionDays = 364: expected one of the retention periods/);
        assert.match(error.message, /org-cloudtrail:dataEventsS3 = "yes": expected true or false/);
        assert.match(error.message, /org-cloudtrail:insights\[0\] = "Nope": expected ApiCallRateInsight or ApiErrorRateInsight/);
        assert.match(error.message, /org-cloudtrail:scpTargetIds\[0\] = "ou-bad": expected a root id/);
        assert.match(error.message, /org-cloudtrail:breakGlassArns\[0\] = "not-an-arn": expected the exact ARN of an IAM role/);
        assertNothingRegistered(resources, error.message);
    });

    it('treats a key set to "" as unset', async () => {
        const { error, resources } = await failManagement({ logArchiveStack: "" });
        assert.match(error.message, /org-cloudtrail:logArchiveStack is not set: expected a fully qualified stack name/);
        assert.doesNotMatch(error.message, /logArchiveStack = ""/);
        assertNothingRegistered(resources, error.message);

        // An optional key set to "" takes its default.
        const run = await runManagement({ cloudWatchLogsRetentionDays: "", insights: "", dataEventsS3: "" });
        assert.equal(resource(run.resources, "aws:cloudwatch/logGroup:LogGroup", "organization-log-group").inputs.retentionInDays, 365);
    });

    for (const unset of [[], ""]) {
        it(`attaches the SCP to the organization's root when scpTargetIds = ${JSON.stringify(unset)}`, async () => {
            const run = await runManagement({ scpTargetIds: unset });
            const attachments = ofType(run.resources, ATTACHMENT).filter((a) => a.name.startsWith("guardrail-attach-"));
            assert.deepEqual(
                attachments.map((a) => a.inputs.targetId),
                ["r-ab12"],
            );
            assert.deepEqual(run.outputs.scpTargetIds, ["r-ab12"]);
        });
    }

    it("attaches the SCP to the configured targets when scpTargetIds is set (the default is not forced)", async () => {
        const run = await runManagement({ scpTargetIds: ["ou-ab12-security", "333333333333"] });
        assert.deepEqual(
            ofType(run.resources, ATTACHMENT).filter((a) => a.name.startsWith("guardrail-attach-")).map((a) => a.inputs.targetId),
            ["ou-ab12-security", "333333333333"],
        );
    });
});

// ---- The two stacks must agree ----------------------------------------------

const LOG_ARCHIVE_CALLER = {
    accountId: LOG_ARCHIVE_ACCOUNT,
    arn: `arn:aws:sts::${LOG_ARCHIVE_ACCOUNT}:assumed-role/PulumiDeployer/ci`,
    userId: "AROAEXAMPLE:ci",
};
const DISAGREE = new RegExp(`^The management stack and the log-archive stack ${STACK} disagree; nothing was created:`);
const FIX_THERE = `org-cloudtrail keys of ${STACK}`;

describe("management stack: a log-archive stack that disagrees stops the program before any AWS resource", () => {
    it("refuses credentials of another account than the log-archive stack's managementAccountId", async () => {
        const { error } = await stops({}, { caller: LOG_ARCHIVE_CALLER });
        assert.match(error.message, DISAGREE);
        assert.match(
            error.message,
            new RegExp(
                `the credentials belong to account 222222222222 \\(${quote(LOG_ARCHIVE_CALLER.arn)}\\), ` +
                    `but the log-archive stack names 111111111111 as the management account: ` +
                    `run this stack with the management account's credentials, or fix managementAccountId in the ${FIX_THERE}`,
            ),
        );
        assert.match(error.message, /account 222222222222 is not the management account of o-a1b2c3d4e5 \(111111111111 is\)/);
    });

    it("refuses an organization whose management account is not the caller", async () => {
        const { error } = await stops({}, { organization: { ...ORGANIZATION, masterAccountId: "999999999999" } });
        assert.match(error.message, DISAGREE);
        assert.match(
            error.message,
            /account 111111111111 is not the management account of o-a1b2c3d4e5 \(999999999999 is\): only the management account can own this organization trail/,
        );
        assert.equal(problemLines(error.message).length, 1, error.message);
    });

    it("refuses an organization other than the log-archive stack's organizationId", async () => {
        const { error } = await stops({}, { organization: { ...ORGANIZATION, id: "o-zzzzzzzzzz" } });
        assert.match(error.message, DISAGREE);
        assert.match(
            error.message,
            new RegExp(
                `the credentials' organization is o-zzzzzzzzzz, but the log-archive stack accepts only o-a1b2c3d4e5: fix organizationId in the ${FIX_THERE}`,
            ),
        );
        assert.equal(problemLines(error.message).length, 1, error.message);
    });

    it("refuses an aws:region other than the log-archive stack's trailHomeRegion", async () => {
        const { error } = await stops({ "aws:region": "us-east-1" });
        assert.match(error.message, DISAGREE);
        assert.match(
            error.message,
            new RegExp(
                "aws:region = us-east-1, but the log-archive stack expects the trail in eu-west-1: " +
                    `set aws:region to eu-west-1 in this stack, or change trailHomeRegion in the ${FIX_THERE} and update it first`,
            ),
        );
        // The trail ARN differs too, but only because of the region: reported once, as the region.
        assert.equal(problemLines(error.message).length, 1, error.message);
    });

    for (const [what, arn] of [
        ["another partition", "arn:aws-us-gov:cloudtrail:eu-west-1:111111111111:trail/organization-trail"],
        ["another trail name", "arn:aws:cloudtrail:eu-west-1:111111111111:trail/other-trail"],
        ["another account", "arn:aws:cloudtrail:eu-west-1:999999999999:trail/organization-trail"],
    ]) {
        it(`refuses a log-archive trailArn in ${what}`, async () => {
            const { error } = await stops({}, { outputs: { trailArn: arn } });
            assert.match(error.message, DISAGREE);
            assert.match(
                error.message,
                new RegExp(
                    `the trail will be ${quote(LOG_ARCHIVE_OUTPUTS.trailArn)}, but the log-archive stack's bucket and key policies accept only ${quote(arn)}: ` +
                        "deploy both stacks in the same partition with the same trail name",
                ),
            );
        });
    }

    it("refuses a log archive in the management account", async () => {
        const { error } = await stops({}, { outputs: { accountId: MANAGEMENT_ACCOUNT } });
        assert.match(error.message, DISAGREE);
        assert.match(
            error.message,
            /the log archive lives in the management account 111111111111, where no SCP applies: deploy the log-archive stack in a dedicated account/,
        );
    });

    it("stops when the log-archive account is not a member of the organization (default SCP target)", async () => {
        const { error } = await stops({}, { outputs: { accountId: "555555555555" } });
        assert.match(error.message, DISAGREE);
        assert.match(error.message, /the log-archive account 555555555555 is not a member of o-a1b2c3d4e5: deploy the log-archive stack in an account of this organization/);
        assert.doesNotMatch(error.message, /scpTargetIds/, "the user never set scpTargetIds: the log-archive stack is what to fix");
    });

    it("stops when the log key is not in the log-archive account's region (CloudTrail needs it beside the bucket)", async () => {
        const key = `arn:aws:kms:us-east-1:${LOG_ARCHIVE_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const { error } = await stops({}, { outputs: { kmsKeyArn: key } });
        assert.match(error.message, new RegExp(`the log key ${quote(key)} is not in the log-archive account and region \\(222222222222, eu-west-1\\)`));
    });

    it("stops when the exported deployer is not in the log-archive account", async () => {
        const { error } = await stops({}, { outputs: { deployerRoleArn: "arn:aws:iam::444444444444:role/PulumiDeployer" } });
        assert.match(error.message, /the log-archive deployer arn:aws:iam::444444444444:role\/PulumiDeployer is not in the log-archive account 222222222222/);
    });
});

// ---- The log-archive stack's outputs ----------------------------------------

const OUTPUTS_HEADER = new RegExp(
    `^The log-archive stack ${STACK} \\(org-cloudtrail:logArchiveStack\\) does not provide what the management stack needs; nothing was created:`,
);
const missing = (output: string) =>
    new RegExp(`output ${output} is missing \\(run \`pulumi up\` on ${STACK} with this version of the program first\\)`);

describe("management stack: missing or malformed log-archive outputs stop the program before any AWS resource", () => {
    for (const output of ["deployerRoleArn", "breakGlassArns", "trailHomeRegion"]) {
        it(`says output ${output} is missing and to run pulumi up on the log-archive stack`, async () => {
            const { error, resources } = await stops({}, { outputs: { [output]: undefined } });
            assert.match(error.message, OUTPUTS_HEADER);
            assert.match(error.message, missing(output));
            assert.equal(problemLines(error.message).length, 1, error.message);
            // It read the stack: the StackReference is the one registration.
            assert.deepEqual(
                resources.map((r) => r.type),
                [STACK_REFERENCE],
            );
        });
    }

    it("lists every missing output of an old log-archive stack at once", async () => {
        const { error } = await stops({}, { outputs: { deployerRoleArn: undefined, trailHomeRegion: undefined, accessLogBucketName: undefined } });
        assert.match(error.message, missing("deployerRoleArn"));
        assert.match(error.message, missing("trailHomeRegion"));
        assert.match(error.message, missing("accessLogBucketName"));
        assert.equal(problemLines(error.message).length, 3, error.message);
    });

    it("refuses a malformed kmsKeyArn (an alias, not a key)", async () => {
        const alias = `arn:aws:kms:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:alias/org-cloudtrail`;
        const { error } = await stops({}, { outputs: { kmsKeyArn: alias } });
        assert.match(error.message, OUTPUTS_HEADER);
        assert.match(error.message, new RegExp(`output kmsKeyArn = "${quote(alias)}": expected a kms ARN \\(arn:<partition>:kms:<region>:<account>:key/\\.\\.\\.\\)`));
    });

    for (const deployerRoleArn of ["*", "arn:aws:iam::*:role/PulumiDeployer", "arn:aws:iam::222222222222:role/*", "arn:aws:iam::222222222222:user/ci"]) {
        it(`refuses deployerRoleArn ${JSON.stringify(deployerRoleArn)}: an SCP exemption must name one role exactly`, async () => {
            const { error } = await stops({}, { outputs: { deployerRoleArn } });
            assert.match(error.message, OUTPUTS_HEADER);
            assert.match(error.message, new RegExp(`output deployerRoleArn = "${quote(deployerRoleArn)}": expected the exact ARN of the IAM role that runs pulumi up`));
        });
    }

    for (const breakGlassArns of [["arn:aws:iam::222222222222:role/BreakGlass*"], "arn:aws:iam::*:role/BreakGlass"]) {
        it(`refuses breakGlassArns ${JSON.stringify(breakGlassArns)}: the SCP protects exact roles`, async () => {
            const { error } = await stops({}, { outputs: { breakGlassArns } });
            assert.match(error.message, OUTPUTS_HEADER);
            assert.match(error.message, /output breakGlassArns(\.0)? = .*: expected (the exact ARN of an IAM role|a JSON array of IAM role ARNs)/);
        });
    }

    it("refuses a malformed bucketName", async () => {
        const { error } = await stops({}, { outputs: { bucketName: "Logs_Bucket" } });
        assert.match(error.message, OUTPUTS_HEADER);
        assert.match(error.message, /output bucketName = "Logs_Bucket": expected an S3 bucket name: 3 to 63 lowercase letters/);
    });
});

// ---- The organization must be ready -----------------------------------------

describe("management stack: an organization that is not ready stops the program before any AWS resource", () => {
    const NOT_READY = /^The organization is not ready for the management stack; nothing was created:/;

    it("asks for trusted access for CloudTrail, with the exact command", async () => {
        const { error } = await stops({}, { organization: { ...ORGANIZATION, awsServiceAccessPrincipals: ["config.amazonaws.com"] } }, "PreflightError");
        assert.match(error.message, NOT_READY);
        assert.match(error.message, /trusted access for cloudtrail\.amazonaws\.com is not enabled in o-a1b2c3d4e5/);
        assert.ok(
            error.message.includes("`aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com`"),
            error.message,
        );
    });

    it("asks for all features when the organization has consolidated billing only", async () => {
        const { error } = await stops({}, { organization: { ...ORGANIZATION, featureSet: "CONSOLIDATED_BILLING" } }, "PreflightError");
        assert.match(error.message, NOT_READY);
        assert.match(error.message, /o-a1b2c3d4e5 has feature set CONSOLIDATED_BILLING; an organization trail and SCPs need all features/);
        assert.ok(error.message.includes("`aws organizations enable-all-features`"), error.message);
    });

    for (const policyTypes of [[], [{ type: "SERVICE_CONTROL_POLICY", status: "PENDING_ENABLE" }], [{ type: "TAG_POLICY", status: "ENABLED" }]]) {
        it(`asks to enable SCPs on the root when its policy types are ${JSON.stringify(policyTypes)}`, async () => {
            const organization = { ...ORGANIZATION, roots: [{ id: "r-ab12", policyTypes }] };
            const { error } = await stops({}, { organization }, "PreflightError");
            assert.match(error.message, NOT_READY);
            assert.match(error.message, /service control policies are not enabled on root r-ab12/);
            assert.ok(
                error.message.includes("`aws organizations enable-policy-type --root-id r-ab12 --policy-type SERVICE_CONTROL_POLICY`"),
                error.message,
            );
        });
    }

    it("goes ahead with a ready organization, through the same helpers", async () => {
        const ready: OrganizationFacts = {
            ...ORGANIZATION,
            awsServiceAccessPrincipals: ["cloudtrail.amazonaws.com"],
            roots: [
                {
                    id: "r-ab12",
                    policyTypes: [
                        { type: "TAG_POLICY", status: "ENABLED" },
                        { type: "SERVICE_CONTROL_POLICY", status: "ENABLED" },
                        { type: "RESOURCE_CONTROL_POLICY", status: "ENABLED" },
                    ],
                },
            ],
        };
        const run = await runManagement({}, { organization: ready });
        assert.equal(ofType(run.resources, "aws:cloudtrail/trail:Trail").length, 1);
        // The SCP on the root and the RCP on the log-archive account.
        assert.equal(ofType(run.resources, POLICY).length, 2);
        assert.equal(ofType(run.resources, ATTACHMENT).length, 2);
    });
});

// ---- SCP targets --------------------------------------------------------------

describe("management stack: SCP targets outside the organization stop the program before any AWS resource", () => {
    it("refuses the management account as a target", async () => {
        const { error } = await stops({ scpTargetIds: [MANAGEMENT_ACCOUNT] });
        assert.match(
            error.message,
            /org-cloudtrail:scpTargetIds\[0\] = "111111111111": expected a member account; SCPs never apply to the management account/,
        );
    });

    it("refuses a root that is not the organization's", async () => {
        const { error } = await stops({ scpTargetIds: ["r-zzzz"] });
        assert.match(error.message, /org-cloudtrail:scpTargetIds\[0\] = "r-zzzz": expected the root of o-a1b2c3d4e5 \(r-ab12\)/);
    });

    it("refuses an account that is not a member", async () => {
        const { error } = await stops({ scpTargetIds: ["999999999999"] });
        assert.match(error.message, /org-cloudtrail:scpTargetIds\[0\] = "999999999999": expected an account of o-a1b2c3d4e5; this one is not a member/);
    });

    it("reports every bad target at once and leaves the good ones alone", async () => {
        const { error } = await stops({ scpTargetIds: ["r-ab12", MANAGEMENT_ACCOUNT, "r-zzzz", "333333333333", "999999999999"] });
        const lines = problemLines(error.message);
        assert.equal(lines.length, 3, error.message);
        assert.match(lines[0], /scpTargetIds\[1\] = "111111111111"/);
        assert.match(lines[1], /scpTargetIds\[2\] = "r-zzzz"/);
        assert.match(lines[2], /scpTargetIds\[4\] = "999999999999"/);
    });

    it("attaches to the organization's root and a member account", async () => {
        const run = await runManagement({ scpTargetIds: ["r-ab12", "333333333333"] });
        assert.deepEqual(
            ofType(run.resources, ATTACHMENT).filter((a) => a.name.startsWith("guardrail-attach-")).map((a) => a.inputs.targetId),
            ["r-ab12", "333333333333"],
        );
    });
});

// ---- SCP size -------------------------------------------------------------------

const breakGlass = (count: number) => Array.from({ length: count }, (_, i) => `arn:aws:iam::222222222222:role/break-glass/BreakGlassOperator${i + 1}`);

describe("management stack: an SCP over the size limit stops the program before any AWS resource", () => {
    it("refuses 40 break-glass roles, naming the size, the limit and the key", async () => {
        const { error } = await stops({ breakGlassArns: breakGlass(40) });
        const size = /The protect-audit-trail SCP would be (\d+) characters, over the 5120 AWS Organizations accepts; nothing was created/.exec(error.message);
        assert.ok(size, error.message);
        assert.ok(Number(size[1]) > SCP_MAX_CHARACTERS, error.message);
        assert.match(error.message, /shorten org-cloudtrail:breakGlassArns \(40 entries;/);
    });

    it("accepts the most break-glass roles that fit, and not one more", async () => {
        let fits = 0;
        let content = "";
        for (let count = 1; count <= 40; count++) {
            let run;
            try {
                run = await runManagement({ breakGlassArns: breakGlass(count) });
            } catch {
                break;
            }
            fits = count;
            content = resource(run.resources, POLICY, "guardrail-scp").inputs.content;
        }
        assert.ok(fits >= 1 && fits < 40, `${fits} break-glass roles fit`);
        assert.ok(content.length <= SCP_MAX_CHARACTERS, `${content.length} characters with ${fits} roles`);
        // The last one that fits really has them all.
        assert.ok(content.includes(`BreakGlassOperator${fits}"`), content);
        assert.deepEqual(JSON.parse(content).Statement[0].Condition.ArnNotLike["aws:PrincipalArn"], breakGlass(fits));

        const { error } = await stops({ breakGlassArns: breakGlass(fits + 1) });
        const size = /would be (\d+) characters, over the 5120/.exec(error.message);
        assert.ok(size && Number(size[1]) > SCP_MAX_CHARACTERS, error.message);
        assert.match(error.message, new RegExp(`org-cloudtrail:breakGlassArns \\(${fits + 1} entries;`));
    });
});

// ---- The pure checks --------------------------------------------------------------

const ARCHIVE = logArchiveOutputsSchema.parse(LOG_ARCHIVE_OUTPUTS);

function agreement(over: Partial<AgreementInput> = {}): AgreementInput {
    const region = over.region ?? "eu-west-1";
    return {
        archive: ARCHIVE,
        logArchiveStack: LOG_ARCHIVE_STACK,
        caller: MANAGEMENT_DEPLOYER,
        region,
        organization: ORGANIZATION,
        trailArn: trailArn({ partition: "aws", region, managementAccountId: MANAGEMENT_ACCOUNT, trailName: ARCHIVE.trailName }),
        ...over,
    };
}

/** Runs `check`, which must throw an error of class `name`; returns its message. */
function thrown(check: () => void, name: string): string {
    let caught: unknown;
    try {
        check();
    } catch (error) {
        caught = error;
    }
    assert.ok(caught instanceof Error, "the check did not throw");
    assert.equal(caught.name, name, caught.message);
    return caught.message;
}

describe("management checks (pure functions) report every problem at once", () => {
    it("checkStacksAgree accepts two stacks that agree", () => {
        assert.doesNotThrow(() => checkStacksAgree(agreement()));
    });

    it("checkStacksAgree reports a wrong region and a wrong organization together", () => {
        const message = thrown(
            () => checkStacksAgree(agreement({ region: "us-east-1", organization: { ...ORGANIZATION, id: "o-zzzzzzzzzz" } })),
            "ConfigError",
        );
        assert.match(message, DISAGREE);
        const lines = problemLines(message);
        assert.equal(lines.length, 2, message);
        assert.match(lines[0], /the credentials' organization is o-zzzzzzzzzz, but the log-archive stack accepts only o-a1b2c3d4e5/);
        assert.match(lines[1], /aws:region = us-east-1, but the log-archive stack expects the trail in eu-west-1/);
    });

    it("checkStacksAgree reports every disagreement at once", () => {
        const message = thrown(
            () =>
                checkStacksAgree(
                    agreement({
                        archive: { ...ARCHIVE, accountId: ARCHIVE.managementAccountId },
                        caller: LOG_ARCHIVE_CALLER,
                        organization: { ...ORGANIZATION, id: "o-zzzzzzzzzz", masterAccountId: "999999999999" },
                        trailArn: "arn:aws:cloudtrail:eu-west-1:222222222222:trail/organization-trail",
                    }),
                ),
            "ConfigError",
        );
        // The region agrees; moving the archive into the management account also strands its key and deployer.
        assert.equal(problemLines(message).length, 7, message);
        assert.match(message, /the log key .* is not in the log-archive account and region \(111111111111, eu-west-1\)/);
        assert.match(message, /the log-archive deployer .* is not in the log-archive account 111111111111/);
        assert.match(message, /credentials belong to account 222222222222/);
        assert.match(message, /is not the management account of o-zzzzzzzzzz \(999999999999 is\)/);
        assert.match(message, /organization is o-zzzzzzzzzz/);
        assert.match(message, /the trail will be arn:aws:cloudtrail:eu-west-1:222222222222:trail\/organization-trail/);
        assert.match(message, /the log archive lives in the management account 111111111111/);
    });

    it("preflightOrganization accepts a ready organization", () => {
        assert.doesNotThrow(() => preflightOrganization(ORGANIZATION, { rcpEnabled: true }));
    });

    it("preflightOrganization reports missing trusted access and every root without SCPs at once", () => {
        const message = thrown(
            () =>
                preflightOrganization({
                    ...ORGANIZATION,
                    awsServiceAccessPrincipals: [],
                    roots: [
                        { id: "r-ab12", policyTypes: [{ type: "SERVICE_CONTROL_POLICY", status: "PENDING_DISABLE" }] },
                        { id: "r-cd34", policyTypes: [] },
                    ],
                }, { rcpEnabled: false }),
            "PreflightError",
        );
        const lines = problemLines(message);
        assert.equal(lines.length, 3, message);
        assert.ok(lines[0].includes("`aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com`"), message);
        assert.ok(lines[1].includes("`aws organizations enable-policy-type --root-id r-ab12 --policy-type SERVICE_CONTROL_POLICY`"), message);
        assert.ok(lines[2].includes("`aws organizations enable-policy-type --root-id r-cd34 --policy-type SERVICE_CONTROL_POLICY`"), message);
    });

    it("checkScpTargets accepts the root, an OU and member accounts", () => {
        assert.doesNotThrow(() => checkScpTargets(["r-ab12", "ou-ab12-abcdefgh", LOG_ARCHIVE_ACCOUNT, "333333333333"], ORGANIZATION));
    });

    it("checkScpTargets reports every bad target with its index", () => {
        const message = thrown(() => checkScpTargets(["999999999999", "r-zzzz", MANAGEMENT_ACCOUNT], ORGANIZATION), "ConfigError");
        const lines = problemLines(message);
        assert.equal(lines.length, 3, message);
        assert.match(lines[0], /org-cloudtrail:scpTargetIds\[0\] = "999999999999": expected an account of o-a1b2c3d4e5; this one is not a member/);
        assert.match(lines[1], /org-cloudtrail:scpTargetIds\[1\] = "r-zzzz": expected the root of o-a1b2c3d4e5 \(r-ab12\)/);
        assert.match(lines[2], /org-cloudtrail:scpTargetIds\[2\] = "111111111111": expected a member account; SCPs never apply to the management account/);
    });
});
