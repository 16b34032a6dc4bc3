// Who may run `pulumi up`: the stack's deployerRoleArn, or one of its
// break-glass roles. Anyone else is refused before any resource exists, with
// the role to assume; a preview by anyone still runs and says whose
// exemptions it shows.
import { strict as assert } from "assert";
import { main } from "../program";
import { CallerIdentity, simulate } from "../plan/simulator";
import {
    DEPLOYER,
    failLogArchive,
    failManagement,
    LOG_ARCHIVE_ACCOUNT,
    logArchiveConfig,
    MANAGEMENT_ACCOUNT,
    quote,
    resource,
    runLogArchive,
    runManagement,
} from "./helpers/stacks";

const session = (account: string, role: string): CallerIdentity => ({ accountId: account, arn: `arn:aws:sts::${account}:assumed-role/${role}/alice`, userId: "AROA:alice" });
const DEPLOYER_ROLE = `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/PulumiDeployer`;
const ASSUME = `assume the deployer role \\(aws sts assume-role --role-arn ${quote(DEPLOYER_ROLE)} --role-session-name pulumi-up\\)`;

describe("deployer: pulumi up of the log-archive stack", () => {
    const refused: [string, CallerIdentity, RegExp | undefined][] = [
        ["another role of the account", session(LOG_ARCHIVE_ACCOUNT, "Admin"), undefined],
        ["a role whose name only starts like the deployer's", session(LOG_ARCHIVE_ACCOUNT, "PulumiDeployerX"), undefined],
        ["an IAM user", { accountId: LOG_ARCHIVE_ACCOUNT, arn: `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:user/ops/alice`, userId: "AIDA" }, /An IAM or federated user is never the deployer/],
        ["the root user", { accountId: LOG_ARCHIVE_ACCOUNT, arn: `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:root`, userId: LOG_ARCHIVE_ACCOUNT }, /A root user is never the deployer/],
        [
            "an IAM Identity Center permission-set role",
            session(LOG_ARCHIVE_ACCOUNT, "AWSReservedSSO_AdministratorAccess_0123456789abcdef"),
            /An IAM Identity Center permission-set role is never the deployer/,
        ],
    ];
    for (const [label, caller, why] of refused) {
        it(`refuses ${label}, naming the role to assume, before any resource`, async () => {
            const { error, resources } = await failLogArchive({}, caller);
            assert.equal(error.name, "ConfigError");
            assert.match(error.message, new RegExp(`^org-cloudtrail:deployerRoleArn = "${quote(DEPLOYER_ROLE)}", but pulumi up runs as ${quote(caller.arn)}: ${ASSUME}`));
            if (why) assert.match(error.message, why);
            assert.match(error.message, /Nothing was created\.$/);
            assert.deepEqual(resources, []);
        });
    }

    it("accepts the deployer role whatever its path (STS session ARNs carry none)", async () => {
        const run = await runLogArchive({ deployerRoleArn: `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/automation/PulumiDeployer` }, DEPLOYER);
        assert.equal(run.outputs.deployerRoleArn, `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/automation/PulumiDeployer`);
    });

    it("accepts a break-glass role of this account, named exactly or for every account, for the changes the deployer may not make", async () => {
        for (const breakGlass of [`arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/BreakGlass`, "arn:aws:iam::*:role/BreakGlass"]) {
            const run = await runLogArchive({ breakGlassArns: [breakGlass] }, session(LOG_ARCHIVE_ACCOUNT, "BreakGlass"));
            // Whoever runs it, the policies exempt the configured deployer, never the caller.
            assert.equal(run.outputs.deployerRoleArn, DEPLOYER_ROLE);
        }
        const { error } = await failLogArchive({ breakGlassArns: ["arn:aws:iam::444444444444:role/BreakGlass"] }, session(LOG_ARCHIVE_ACCOUNT, "BreakGlass"));
        assert.match(error.message, /but pulumi up runs as arn:aws:sts::222222222222:assumed-role\/BreakGlass\/alice/);
    });

    it("refuses a deployer role of another account than the one it deploys in", async () => {
        const { error, resources } = await failLogArchive({ deployerRoleArn: "arn:aws:iam::444444444444:role/PulumiDeployer" });
        assert.match(
            error.message,
            /org-cloudtrail:deployerRoleArn = "arn:aws:iam::444444444444:role\/PulumiDeployer": expected a role of account 222222222222, where the log-archive stack deploys/,
        );
        assert.deepEqual(resources, []);
    });
});

describe("deployer: pulumi preview by another principal", () => {
    it("runs, exempts only the configured deployer, and never the previewing caller", async () => {
        const reviewer = session(LOG_ARCHIVE_ACCOUNT, "GitHubPullRequestReadOnly");
        const run = await simulate(main, { stack: "log-archive", config: logArchiveConfig(), caller: reviewer, preview: true });
        const policy = resource(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-logs-policy").inputs.policy as string;
        assert.ok(policy.includes(`"${DEPLOYER_ROLE}"`), policy);
        assert.ok(!policy.includes("GitHubPullRequestReadOnly"), policy);
        assert.equal(run.outputs.deployerRoleArn, DEPLOYER_ROLE);
    });

    it("still refuses pulumi up by the same principal", async () => {
        const { error } = await failLogArchive({}, session(LOG_ARCHIVE_ACCOUNT, "GitHubPullRequestReadOnly"));
        assert.match(error.message, /but pulumi up runs as arn:aws:sts::222222222222:assumed-role\/GitHubPullRequestReadOnly\/alice/);
    });
});

describe("deployer: the management stack", () => {
    const MANAGEMENT_DEPLOYER_ROLE = `arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/PulumiDeployer`;

    it("refuses pulumi up by another role of the management account, after every other check, before any AWS resource", async () => {
        const caller = session(MANAGEMENT_ACCOUNT, "OrganizationAdmin");
        const { error, resources } = await failManagement({}, { caller });
        assert.match(
            error.message,
            new RegExp(`^org-cloudtrail:deployerRoleArn = "${quote(MANAGEMENT_DEPLOYER_ROLE)}", but pulumi up runs as ${quote(caller.arn)}`),
        );
        // Only the StackReference was read.
        assert.deepEqual(
            resources.map((r) => r.type),
            ["pulumi:pulumi:StackReference"],
        );
    });

    it("runs for its deployer", async () => {
        const run = await runManagement();
        assert.ok(run.resources.length > 10);
    });
});
