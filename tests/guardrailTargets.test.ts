// The management stack's walls as the provider would receive them: the SCP
// on the organization's root by default, the log-archive account checked to
// be under it (OUs resolved with the Organizations API) before anything is
// created, the RCP on the log-archive account when RCPs are on, and the SCP
// built from everything the log-archive stack exports.
import { strict as assert } from "assert";
import { SimulatedResource, SimulationResult } from "../plan/simulator";
import { checkArchiveCovered } from "../stacks/managementChecks";
import {
    failManagement,
    LOG_ARCHIVE_ACCOUNT,
    LOG_ARCHIVE_OUTPUTS,
    ManagementWorld,
    ofType,
    ORGANIZATION,
    ORGANIZATIONAL_UNITS,
    resource,
    runManagement,
} from "./helpers/stacks";

const POLICY = "aws:organizations/policy:Policy";
const ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";
const ROOT = "r-ab12";
const SECURITY_OU = "ou-ab12-security";
const WORKLOADS_OU = "ou-ab12-abcdefgh";

const attachmentsOf = (run: SimulationResult, policy: string) =>
    ofType(run.resources, ATTACHMENT)
        .filter((a) => a.inputs.policyId === `(known after apply: ${policy}.id)`)
        .map((a) => a.inputs.targetId);
const documentOf = (run: SimulationResult, name: string) => JSON.parse(resource(run.resources, POLICY, name).inputs.content);
const sidsOf = (doc: { Statement: { Sid: string }[] }) => doc.Statement.map((s) => s.Sid);

/** Only the StackReference, which reads: nothing was created. */
function assertNothingCreated(resources: SimulatedResource[], message: string) {
    assert.deepEqual(
        resources.filter((r) => r.type !== STACK_REFERENCE).map((r) => `${r.type}::${r.name}`),
        [],
        `resources were registered before the error:\n${message}`,
    );
}

async function refused(overrides: Record<string, unknown>, world: ManagementWorld, errorName: string): Promise<string> {
    const { error, resources } = await failManagement(overrides, world);
    assert.equal(error.name, errorName, error.message);
    assertNothingCreated(resources, error.message);
    return error.message;
}

// ---- Row 7: targets -----------------------------------------------------------

describe("management stack: the SCP's targets", () => {
    let run: SimulationResult;
    before(async () => {
        run = await runManagement();
    });

    it("attaches the SCP to the organization's root by default, so no member account can leave or stop the trail", () => {
        assert.deepEqual(attachmentsOf(run, "guardrail-scp"), [ROOT]);
        assert.deepEqual(run.outputs.scpTargetIds, [ROOT]);
        assert.equal(resource(run.resources, ATTACHMENT, `guardrail-attach-${ROOT}`).retainOnDelete, true);
    });

    for (const [label, targets] of [
        ["the log-archive account itself", [LOG_ARCHIVE_ACCOUNT]],
        ["an OU whose accounts include it", [SECURITY_OU]],
        ["an OU that does not, next to one that does", [WORKLOADS_OU, SECURITY_OU]],
    ] as const) {
        it(`accepts targets that cover the log-archive account through ${label}`, async () => {
            const covered = await runManagement({ scpTargetIds: targets });
            assert.deepEqual(attachmentsOf(covered, "guardrail-scp"), targets);
        });
    }

    it("accepts an OU whose nested OUs hold the log-archive account (the Organizations API answers with every descendant)", async () => {
        const parent = "ou-ab12-parentou";
        const covered = await runManagement({ scpTargetIds: [parent] }, { organizationalUnits: { ...ORGANIZATIONAL_UNITS, [parent]: ["333333333333", LOG_ARCHIVE_ACCOUNT] } });
        assert.deepEqual(attachmentsOf(covered, "guardrail-scp"), [parent]);
    });

    for (const [label, targets, holds] of [
        ["an OU that holds other accounts only", [WORKLOADS_OU], ` \\(${WORKLOADS_OU} holds 333333333333, 444444444444\\)`],
        ["other member accounts only", ["333333333333", "444444444444"], ""],
    ] as const) {
        it(`refuses ${label}, before anything is created, naming the key, the value and what is expected`, async () => {
            const message = await refused({ scpTargetIds: targets }, {}, "ConfigError");
            assert.match(message, /^Invalid configuration for the management stack; nothing was created:/);
            const value = JSON.stringify(targets).replace(/[[\]]/g, "\\$&");
            assert.match(
                message,
                new RegExp(
                    `org-cloudtrail:scpTargetIds = ${value}: expected the root \\(${ROOT}\\), the log-archive account ${LOG_ARCHIVE_ACCOUNT} ` +
                        `or an OU that contains it${holds}; none of these covers ${LOG_ARCHIVE_ACCOUNT}, so the SCP would not protect the archive`,
                ),
            );
        });
    }

    it("refuses an OU the organization does not know, with what AWS Organizations answered", async () => {
        const message = await refused({ scpTargetIds: [ROOT, "ou-ab12-nosuchou"] }, {}, "ConfigError");
        assert.match(message, /org-cloudtrail:scpTargetIds\[1\] = "ou-ab12-nosuchou": expected an organizational unit of o-a1b2c3d4e5; AWS Organizations answered: .*no organizational unit ou-ab12-nosuchou/);
    });

    it("checkArchiveCovered: the root, the account, or a covering OU, and nothing else", () => {
        const check = (targets: string[]) => () => checkArchiveCovered({ targets, organization: ORGANIZATION, archiveAccountId: LOG_ARCHIVE_ACCOUNT, ouAccounts: ORGANIZATIONAL_UNITS });
        for (const ok of [[ROOT], [LOG_ARCHIVE_ACCOUNT], [SECURITY_OU], ["333333333333", SECURITY_OU]]) assert.doesNotThrow(check(ok), JSON.stringify(ok));
        for (const bad of [[WORKLOADS_OU], ["333333333333"], ["r-zzzz"], ["ou-ab12-unresolv"]]) assert.throws(check(bad), /none of these covers 222222222222/, JSON.stringify(bad));
    });
});

// ---- The RCP -------------------------------------------------------------------

describe("management stack: the resource control policy", () => {
    let run: SimulationResult;
    before(async () => {
        run = await runManagement();
    });

    it("creates protect-audit-archive as a RESOURCE_CONTROL_POLICY, minified, retained, attached to the log-archive account only", () => {
        const rcp = resource(run.resources, POLICY, "guardrail-rcp");
        assert.equal(rcp.inputs.name, "protect-audit-archive");
        assert.equal(rcp.inputs.type, "RESOURCE_CONTROL_POLICY");
        assert.equal(rcp.inputs.content, JSON.stringify(JSON.parse(rcp.inputs.content)));
        assert.equal(rcp.retainOnDelete, true);
        assert.equal(rcp.parent, "org-cloudtrail:guardrail:TrailGuardrail::guardrail");
        assert.deepEqual(attachmentsOf(run, "guardrail-rcp"), [LOG_ARCHIVE_ACCOUNT]);
        assert.equal(resource(run.resources, ATTACHMENT, `guardrail-rcp-attach-${LOG_ARCHIVE_ACCOUNT}`).retainOnDelete, true);
        assert.equal(run.outputs.rcpId, "(known after apply: guardrail-rcp.id)");
    });

    it("names the log-archive stack's buckets, key, trail and organization", () => {
        const rcp = documentOf(run, "guardrail-rcp");
        const bySid = (sid: string) => rcp.Statement.find((s: { Sid: string }) => s.Sid === sid);
        assert.equal(bySid("OnlyTheTrailWritesLogs").Resource, `arn:aws:s3:::${LOG_ARCHIVE_OUTPUTS.bucketName}/*`);
        assert.deepEqual(bySid("OnlyTheTrailWritesLogs").Condition, { ArnNotEquals: { "aws:SourceArn": LOG_ARCHIVE_OUTPUTS.trailArn } });
        assert.equal(bySid("OnlyS3LoggingWritesAccessLogs").Resource, `arn:aws:s3:::${LOG_ARCHIVE_OUTPUTS.accessLogBucketName}/*`);
        assert.equal(bySid("ProtectLogKey").Resource, LOG_ARCHIVE_OUTPUTS.kmsKeyArn);
        assert.deepEqual(bySid("ServicesOnlyForThisOrganization").Condition.StringNotEqualsIfExists, { "aws:SourceOrgID": LOG_ARCHIVE_OUTPUTS.organizationId });
        assert.deepEqual(bySid("ProtectLogKeyPolicy").Condition, { ArnNotLike: { "aws:PrincipalArn": [LOG_ARCHIVE_OUTPUTS.deployerRoleArn] } });
    });

    it("is left out with rcpEnabled = false, and the organization then needs no RCP policy type", async () => {
        const scpOnly = { ...ORGANIZATION, roots: [{ id: ROOT, policyTypes: [{ type: "SERVICE_CONTROL_POLICY", status: "ENABLED" }] }] };
        const without = await runManagement({ rcpEnabled: false }, { organization: scpOnly });
        assert.deepEqual(ofType(without.resources, POLICY).map((p) => p.name), ["guardrail-scp"]);
        assert.deepEqual(attachmentsOf(without, "guardrail-rcp"), []);
        assert.equal("rcpId" in without.outputs, false);
    });

    it("asks for the RCP policy type on the root, with the command, when rcpEnabled and the type is off", async () => {
        const scpOnly = { ...ORGANIZATION, roots: [{ id: ROOT, policyTypes: [{ type: "SERVICE_CONTROL_POLICY", status: "ENABLED" }] }] };
        const message = await refused({}, { organization: scpOnly }, "PreflightError");
        assert.match(message, /resource control policies are not enabled on root r-ab12/);
        assert.ok(message.includes("`aws organizations enable-policy-type --root-id r-ab12 --policy-type RESOURCE_CONTROL_POLICY`"), message);
        assert.match(message, /or set org-cloudtrail:rcpEnabled to false/);
    });

    it("refuses rcpEnabled values that are not booleans, naming the key", async () => {
        const message = await refused({ rcpEnabled: "yes" }, {}, "ConfigError");
        assert.match(message, /org-cloudtrail:rcpEnabled = "yes": expected true or false/);
    });
});

// ---- The SCP from the log-archive stack's outputs ----------------------------------

describe("management stack: the SCP protects what the log-archive stack exports", () => {
    const AUDITOR = `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/org-cloudtrail-auditor`;
    const ARCHIVE_BREAK_GLASS = "arn:aws:iam::*:role/ArchiveBreakGlass";
    const MANAGEMENT_BREAK_GLASS = "arn:aws:iam::*:role/BreakGlass";
    let withAthena: SimulationResult;
    let without: SimulationResult;
    before(async () => {
        const outputs = { athenaWorkgroup: "org-cloudtrail", athenaDatabase: "org_cloudtrail", auditorRoleArn: AUDITOR, breakGlassArns: [ARCHIVE_BREAK_GLASS] };
        withAthena = await runManagement({ breakGlassArns: [MANAGEMENT_BREAK_GLASS] }, { outputs });
        without = await runManagement();
    });

    it("protects every exempt role: both stacks' break-glass roles and the log-archive deployer; exempts only the management stack's", () => {
        const scp = documentOf(withAthena, "guardrail-scp");
        const roles = scp.Statement.find((s: { Sid: string }) => s.Sid === "ProtectExemptRoles");
        assert.deepEqual(roles.Resource, [MANAGEMENT_BREAK_GLASS, ARCHIVE_BREAK_GLASS, LOG_ARCHIVE_OUTPUTS.deployerRoleArn]);
        assert.deepEqual(roles.Condition, { ArnNotLike: { "aws:PrincipalArn": [MANAGEMENT_BREAK_GLASS] } });
        assert.ok(!JSON.stringify(scp.Statement.map((s: { Condition?: unknown }) => s.Condition)).includes("ArchiveBreakGlass"));
    });

    it("lets the log-archive deployer update the auditor role, the table and the queries, and names them", () => {
        const scp = documentOf(withAthena, "guardrail-scp");
        const bySid = (sid: string) => scp.Statement.find((s: { Sid: string }) => s.Sid === sid);
        assert.deepEqual(bySid("ProtectArchiveRoles").Resource, [AUDITOR]);
        assert.deepEqual(bySid("ProtectArchiveRoles").Condition, { ArnNotLike: { "aws:PrincipalArn": [MANAGEMENT_BREAK_GLASS, LOG_ARCHIVE_OUTPUTS.deployerRoleArn] } });
        assert.deepEqual(bySid("ProtectInvestigation").Resource, [
            `arn:aws:glue:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:database/org_cloudtrail`,
            `arn:aws:glue:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:table/org_cloudtrail/*`,
            `arn:aws:athena:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:workgroup/org-cloudtrail`,
        ]);
    });

    it("has no auditor or investigation statement when the log-archive stack exports no Athena kit", () => {
        const sids = sidsOf(documentOf(without, "guardrail-scp"));
        assert.ok(!sids.includes("ProtectArchiveRoles") && !sids.includes("ProtectInvestigation"), sids.join(", "));
        assert.ok(sids.includes("ProtectExemptRoles"), sids.join(", "));
    });

    it("refuses an auditor role outside the log-archive account, or half an Athena kit, before anything is created", async () => {
        const message = await refused({}, { outputs: { auditorRoleArn: "arn:aws:iam::333333333333:role/org-cloudtrail-auditor", athenaWorkgroup: "org-cloudtrail" } }, "ConfigError");
        assert.match(message, /the auditor role arn:aws:iam::333333333333:role\/org-cloudtrail-auditor is not in the log-archive account 222222222222/);
        assert.match(message, /exports only one of athenaWorkgroup and athenaDatabase/);
    });
});

// ---- The RCP's readers, and the SCP's catalog, from the log-archive stack's outputs ----

describe("management stack: the RCP lets only the log-archive stack's readers read", () => {
    const AUDITOR = `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/org-cloudtrail-auditor`;
    const MANAGEMENT_BREAK_GLASS = "arn:aws:iam::*:role/BreakGlass";
    const READERS = ["arn:aws:iam::333333333333:role/SecurityAuditor", "arn:aws:iam::444444444444:root"];
    let run: SimulationResult;
    before(async () => {
        const outputs = { athenaWorkgroup: "org-cloudtrail", athenaDatabase: "org_cloudtrail", auditorRoleArn: AUDITOR, logReaderArns: READERS };
        run = await runManagement({ breakGlassArns: [MANAGEMENT_BREAK_GLASS] }, { outputs });
    });

    it("denies reading the logs, and assuming the auditor role, to all but the exported readers, the auditor, break-glass and CloudTrail", () => {
        const rcp = documentOf(run, "guardrail-rcp");
        assert.deepEqual(
            rcp.Statement.find((s: { Sid: string }) => s.Sid === "OnlyReadersReadLogs"),
            {
                Sid: "OnlyReadersReadLogs",
                Effect: "Deny",
                Principal: "*",
                Action: ["s3:GetObject", "s3:GetObjectVersion", "kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"],
                Resource: [`arn:aws:s3:::${LOG_ARCHIVE_OUTPUTS.bucketName}/*`, LOG_ARCHIVE_OUTPUTS.kmsKeyArn, AUDITOR],
                Condition: {
                    // Break-glass narrowed to the log-archive account, as in every RCP statement.
                    ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::333333333333:role/SecurityAuditor", AUDITOR, `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/BreakGlass`] },
                    StringNotEquals: { "aws:PrincipalAccount": ["444444444444"] },
                    StringNotEqualsIfExists: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" },
                },
            },
        );
    });

    it("has the SCP protect the archive's Glue catalog policy and encryption in its region", () => {
        const scp = documentOf(run, "guardrail-scp");
        assert.deepEqual(
            scp.Statement.find((s: { Sid: string }) => s.Sid === "ProtectGlueCatalog"),
            {
                Sid: "ProtectGlueCatalog",
                Effect: "Deny",
                Action: ["glue:PutResourcePolicy", "glue:DeleteResourcePolicy", "glue:PutDataCatalogEncryptionSettings"],
                Resource: `arn:aws:glue:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:catalog`,
                Condition: { ArnNotLike: { "aws:PrincipalArn": [MANAGEMENT_BREAK_GLASS] } },
            },
        );
    });

    it("refuses a log-archive stack that exports no logReaderArns (an older program), before anything is created", async () => {
        const message = await refused({}, { outputs: { logReaderArns: undefined } }, "ConfigError");
        assert.match(message, /output logReaderArns is missing \(run `pulumi up` on acme\/org-cloudtrail\/log-archive with this version of the program first\)/);
    });

    it("refuses a reader entry with a wildcard, naming the output", async () => {
        const message = await refused({}, { outputs: { logReaderArns: ["arn:aws:iam::333333333333:role/*"] } }, "ConfigError");
        assert.match(message, /output logReaderArns\.0 = .*expected the ARN of an IAM role, user or account root without wildcards/);
    });
});
