// The Athena auditor role, proven least-privilege by evaluation: it runs
// queries in its one workgroup, reads one database's table definitions, reads
// and decrypts (through S3 only) the organization trail's files, and writes
// and reads its results in one bucket. It can change nothing, and nobody else
// in the account can read its results. Each layer (the role's own policy, the
// bucket and key policies) is checked on its own where the other could hide a
// mistake.
import { strict as assert } from "assert";
import { CLOUDTRAIL_TABLE_NAME } from "../../athena/cloudtrailTable";
import { athenaResultsBucketPolicy, athenaResultsKeyPolicy } from "../../policies/athenaResults";
import { auditorPermissions, auditorTrustPolicy, LIST_ACTIONS } from "../../policies/auditorRole";
import { athenaDataCatalogArn, athenaWorkgroupArn, glueTableArns } from "../../policies/arns";
import {
    ACCESS_LOG_BUCKET,
    ARCHIVE,
    assertDeniedBy,
    Caller,
    evaluate,
    evaluateWithEncryptionContext,
    everyActionExists,
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
    TRAIL_ARN,
} from "../helpers/iam";
import { AUDITOR_ROLE, bucketArnOf, bucketPolicy, DATABASE, DEPLOYER_ROLES, keyPolicy, MIXED_READERS, objectArn, RESULTS_BUCKET, RESULTS_KEY_ARN, ROLES, WORKGROUP } from "./fixtures";

const LOCATION = { partition: "aws", region: REGION, accountId: ARCHIVE };
const PERMISSION_ARGS = {
    ...LOCATION,
    workgroupName: WORKGROUP,
    databaseName: DATABASE,
    logBucketName: LOG_BUCKET,
    organizationId: ORG_ID,
    logKeyArn: KEY_ARN,
    resultsBucketName: RESULTS_BUCKET,
    resultsKeyArn: RESULTS_KEY_ARN,
};
const PERMISSIONS = auditorPermissions(PERMISSION_ARGS);
const RESULTS_ARGS = { ...LOCATION, resultsBucketName: RESULTS_BUCKET, auditorRoleArn: AUDITOR_ROLE, breakGlassArns: [ROLES.breakGlass], deployerArns: DEPLOYER_ROLES };
const RESULTS_POLICY = athenaResultsBucketPolicy(RESULTS_ARGS);
const RESULTS_KEY_POLICY = athenaResultsKeyPolicy(RESULTS_ARGS);
const trust = (readers: string[] = [READER_ROLE]) => auditorTrustPolicy({ partition: "aws", organizationId: ORG_ID, logReaderArns: readers });
const NO_AUDITOR_ARGS = { ...RESULTS_ARGS, auditorRoleArn: undefined };

const S3_VIA = { "kms:ViaService": `s3.${REGION}.amazonaws.com` };
const WORKGROUP_ARN = athenaWorkgroupArn(LOCATION, WORKGROUP);
const GLUE = glueTableArns(LOCATION, DATABASE);
const TABLE_ARN = `arn:aws:glue:${REGION}:${ARCHIVE}:table/${DATABASE}/${CLOUDTRAIL_TABLE_NAME}`;
const LOG_OBJECT = objectArn(LOG_BUCKET, `AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail/${REGION}/2026/11/24/x.json.gz`);
const RESULT_OBJECT = objectArn(RESULTS_BUCKET, "0b7c8a3e-1f2d-4e5a-9b6c-7d8e9f0a1b2c.csv");

// The auditor's session: in the archive account, a member of the organization, governed by its policy alone.
const AUDITOR: Caller = { ...roleSession(AUDITOR_ROLE, { orgId: ORG_ID }), identityPolicies: [{ name: "athena-investigation", policy: roundTrip(PERMISSIONS) }] };

/** The auditor's request; `resourcePolicy` null for Athena, Glue and IAM, which have none here. */
const as = (action: string, resource: string, resourcePolicy: unknown = null, context: Record<string, string> = {}, caller = AUDITOR) =>
    evaluate({ caller, action, resource, resourceAccount: ARCHIVE, resourcePolicy, context });

/** A KMS request with an encryption context (which the simulator cannot see; decided by hand). */
const kms = async (action: string, key: string, keyDoc: unknown, context: Record<string, string>, encryptionContext: Record<string, string>, caller = AUDITOR) =>
    (await evaluateWithEncryptionContext({ caller, action, resource: key, resourceAccount: ARCHIVE, resourcePolicy: keyDoc, context, encryptionContext })).decision;

// What S3 puts in the encryption context of a CloudTrail log file, and of a results object with an S3 Bucket Key.
const LOG_EC = { "aws:cloudtrail:arn": TRAIL_ARN, "aws:s3:arn": LOG_OBJECT };
const RESULTS_EC = { "aws:s3:arn": bucketArnOf(RESULTS_BUCKET) };

/** The auditor as if its policy allowed kms:*: isolates what a key policy allows it. */
const WIDENED = roleSession(AUDITOR_ROLE, { orgId: ORG_ID, allow: ["kms:*"] });

/** A key policy that hands everything to the account's IAM: isolates what the role's own policy allows. */
const DELEGATING_KEY_POLICY = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ARCHIVE}:root` }, Action: "kms:*", Resource: "*" }],
};

describe("auditor role: what it may do", () => {
    for (const action of ["athena:StartQueryExecution", "athena:GetQueryResults", "athena:GetWorkGroup", "athena:GetNamedQuery"]) {
        it(`allows ${action} in its workgroup`, async () => {
            assert.equal(await as(action, WORKGROUP_ARN), "Allowed");
        });
    }

    it("allows athena:GetTableMetadata on the AwsDataCatalog data catalog", async () => {
        assert.equal(await as("athena:GetTableMetadata", athenaDataCatalogArn(LOCATION)), "Allowed");
    });

    // Glue authorizes a table read against the catalog, the database and the table.
    for (const action of ["glue:GetTable", "glue:GetPartitions"]) {
        it(`allows ${action} on the catalog, the database and its table`, async () => {
            for (const resource of [GLUE.catalog, GLUE.database, TABLE_ARN]) assert.equal(await as(action, resource), "Allowed", resource);
        });
    }

    it("allows s3:GetObject of an organization trail file (with the log bucket policy) and s3:ListBucket of the log bucket", async () => {
        assert.equal(await as("s3:GetObject", LOG_OBJECT, bucketPolicy()), "Allowed");
        assert.equal(await as("s3:ListBucket", bucketArnOf(LOG_BUCKET), bucketPolicy()), "Allowed");
    });

    it("allows s3:RestoreObject of an organization trail file, so it can read logs Deep Archive holds", async () => {
        assert.equal(await as("s3:RestoreObject", LOG_OBJECT, bucketPolicy()), "Allowed");
    });

    it("allows kms:Decrypt of a trail file through S3, against the log key policy with the auditor statement", async () => {
        assert.equal(await kms("kms:Decrypt", KEY_ARN, keyPolicy({ auditor: true }), S3_VIA, LOG_EC), "Allowed");
    });

    it("allows s3:PutObject and s3:GetObject of its results (with the results bucket policy)", async () => {
        assert.equal(await as("s3:PutObject", RESULT_OBJECT, RESULTS_POLICY), "Allowed");
        assert.equal(await as("s3:GetObject", RESULT_OBJECT, RESULTS_POLICY), "Allowed");
    });

    it("allows kms:GenerateDataKey and kms:Decrypt on the results key through S3 for the results bucket", async () => {
        assert.equal(await kms("kms:GenerateDataKey", RESULTS_KEY_ARN, RESULTS_KEY_POLICY, S3_VIA, RESULTS_EC), "Allowed");
        assert.equal(await kms("kms:Decrypt", RESULTS_KEY_ARN, RESULTS_KEY_POLICY, S3_VIA, RESULTS_EC), "Allowed");
    });
});

describe("auditor role: the logs stay untouched and out of reach beyond the organization's files", () => {
    for (const action of ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject"]) {
        it(`denies ${action} of a trail file`, async () => {
            assert.notEqual(await as(action, LOG_OBJECT, bucketPolicy()), "Allowed");
        });
    }

    it("denies s3:PutBucketPolicy on the log bucket", async () => {
        assert.notEqual(await as("s3:PutBucketPolicy", bucketArnOf(LOG_BUCKET), bucketPolicy()), "Allowed");
    });

    it("denies s3:GetObject of another account's bucket, even one that lets everyone read", async () => {
        const open = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::someone-elses-bucket/*" }] };
        const r = await evaluate({ caller: AUDITOR, action: "s3:GetObject", resource: "arn:aws:s3:::someone-elses-bucket/x", resourceAccount: OUTSIDER_ACCOUNT, resourcePolicy: open });
        assert.equal(r, "ImplicitlyDenied");
    });

    // The log bucket policy lets in-organization principals read anything their own policy allows: only the role's policy keeps it to the prefix.
    for (const key of [`AWSLogs/${MGMT}/CloudTrail-Digest/${REGION}/2026/11/24/x.json.gz`, `AWSLogs/${MGMT}/CloudTrail/${REGION}/2026/11/24/x.json.gz`, "notes/readme.txt"]) {
        it(`denies s3:GetObject of ${key}, outside the organization prefix`, async () => {
            assert.equal(await as("s3:GetObject", objectArn(LOG_BUCKET, key), bucketPolicy()), "ImplicitlyDenied");
        });
    }

    it("denies s3:RestoreObject outside the organization prefix (a restore costs money and proves nothing there)", async () => {
        assert.equal(await as("s3:RestoreObject", objectArn(LOG_BUCKET, "notes/readme.txt"), bucketPolicy()), "ImplicitlyDenied");
    });

    it("with an s3KeyPrefix, reads only under <prefix>/AWSLogs/<org>/", async () => {
        const prefixed = auditorPermissions({ ...PERMISSION_ARGS, s3KeyPrefix: "audit" });
        const caller: Caller = { ...AUDITOR, identityPolicies: [{ name: "athena-investigation", policy: roundTrip(prefixed) }] };
        const key = `AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail/${REGION}/2026/11/24/x.json.gz`;
        assert.equal(await as("s3:GetObject", objectArn(LOG_BUCKET, `audit/${key}`), bucketPolicy({ s3KeyPrefix: "audit" }), {}, caller), "Allowed");
        assert.equal(await as("s3:GetObject", objectArn(LOG_BUCKET, key), bucketPolicy({ s3KeyPrefix: "audit" }), {}, caller), "ImplicitlyDenied");
    });

    it("denies s3:GetObject of the access-log bucket, in its own account", async () => {
        assert.equal(await as("s3:GetObject", objectArn(ACCESS_LOG_BUCKET, "x")), "ImplicitlyDenied");
    });
});

describe("auditor role: Athena and Glue, read-only and in its own workgroup", () => {
    for (const action of ["athena:StartQueryExecution", "athena:GetQueryResults"]) {
        it(`denies ${action} in another workgroup (primary)`, async () => {
            assert.equal(await as(action, athenaWorkgroupArn(LOCATION, "primary")), "ImplicitlyDenied");
        });
    }

    // Changing the workgroup could lift the scan cutoff or move the results; the saved queries are the deployment's.
    for (const action of ["athena:UpdateWorkGroup", "athena:DeleteWorkGroup", "athena:CreateNamedQuery", "athena:DeleteNamedQuery"]) {
        it(`denies ${action} on its own workgroup`, async () => {
            assert.equal(await as(action, WORKGROUP_ARN), "ImplicitlyDenied");
        });
    }

    for (const action of ["glue:DeleteTable", "glue:UpdateTable", "glue:CreateTable"]) {
        it(`denies ${action} on its table`, async () => {
            assert.equal(await as(action, TABLE_ARN), "ImplicitlyDenied");
        });
    }

    it("denies glue:GetTable in another database", async () => {
        assert.equal(await as("glue:GetTable", `arn:aws:glue:${REGION}:${ARCHIVE}:database/other_db`), "ImplicitlyDenied");
        assert.equal(await as("glue:GetTable", `arn:aws:glue:${REGION}:${ARCHIVE}:table/other_db/${CLOUDTRAIL_TABLE_NAME}`), "ImplicitlyDenied");
    });
});

describe("auditor role: keys and its own role", () => {
    it("against a key policy that delegates everything to IAM, the role's own policy still allows Decrypt through S3 (the control for the denials below)", async () => {
        assert.equal(await kms("kms:Decrypt", KEY_ARN, DELEGATING_KEY_POLICY, S3_VIA, LOG_EC), "Allowed");
    });

    const notViaS3: [string, Record<string, string>][] = [
        ["without kms:ViaService", {}],
        ["through another service (Athena)", { "kms:ViaService": `athena.${REGION}.amazonaws.com` }],
        ["through S3 in another region", { "kms:ViaService": "s3.us-east-1.amazonaws.com" }],
    ];
    for (const [label, context] of notViaS3) {
        it(`denies kms:Decrypt of the log key ${label}: by the key policy, and by the role's policy on its own`, async () => {
            assert.notEqual(await kms("kms:Decrypt", KEY_ARN, keyPolicy({ auditor: true }), context, LOG_EC), "Allowed");
            assert.notEqual(await kms("kms:Decrypt", KEY_ARN, DELEGATING_KEY_POLICY, context, LOG_EC), "Allowed");
            // The key policy holds even if the role's policy were widened to kms:*.
            assert.notEqual(await kms("kms:Decrypt", KEY_ARN, keyPolicy({ auditor: true }), context, LOG_EC, WIDENED), "Allowed");
        });
    }

    it("the key policy alone needs the CloudTrail encryption context: a role with kms:* through S3 cannot decrypt other data", async () => {
        assert.equal(await kms("kms:Decrypt", KEY_ARN, keyPolicy({ auditor: true }), S3_VIA, LOG_EC, WIDENED), "Allowed");
        assert.notEqual(await kms("kms:Decrypt", KEY_ARN, keyPolicy({ auditor: true }), S3_VIA, { "aws:s3:arn": LOG_OBJECT }, WIDENED), "Allowed");
    });

    it("denies kms:Decrypt of the log key to another role of the account with kms:*, even through S3", async () => {
        const admin = roleSession(ROLES.admin, { orgId: ORG_ID, allow: ["kms:*"] });
        assert.notEqual(await kms("kms:Decrypt", KEY_ARN, keyPolicy({ auditor: true }), S3_VIA, LOG_EC, admin), "Allowed");
    });

    for (const action of ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"]) {
        it(`denies ${action} on the log key and the results key`, async () => {
            assert.notEqual(await as(action, KEY_ARN, keyPolicy({ auditor: true })), "Allowed");
            assert.notEqual(await as(action, RESULTS_KEY_ARN, RESULTS_KEY_POLICY), "Allowed");
        });
    }

    it("denies the results key for another bucket's data and outside S3: by the key policy, and by the role's policy on its own", async () => {
        const generate = (keyDoc: unknown, context: Record<string, string>, ec = RESULTS_EC, caller = AUDITOR) => kms("kms:GenerateDataKey", RESULTS_KEY_ARN, keyDoc, context, ec, caller);
        assert.notEqual(await generate(RESULTS_KEY_POLICY, S3_VIA, { "aws:s3:arn": bucketArnOf(LOG_BUCKET) }), "Allowed");
        assert.notEqual(await generate(RESULTS_KEY_POLICY, {}), "Allowed");
        // The role's policy alone (a key policy that delegates to IAM) ...
        assert.equal(await generate(DELEGATING_KEY_POLICY, S3_VIA), "Allowed");
        assert.notEqual(await generate(DELEGATING_KEY_POLICY, {}), "Allowed");
        // ... and the key policy alone (a role with kms:*).
        assert.equal(await generate(RESULTS_KEY_POLICY, S3_VIA, RESULTS_EC, WIDENED), "Allowed");
        assert.notEqual(await generate(RESULTS_KEY_POLICY, {}, RESULTS_EC, WIDENED), "Allowed");
        assert.notEqual(await generate(RESULTS_KEY_POLICY, S3_VIA, { "aws:s3:arn": bucketArnOf(LOG_BUCKET) }, WIDENED), "Allowed");
    });

    it("denies kms:Decrypt through S3 of any other key of the account, even one whose policy delegates to IAM", async () => {
        const otherKey = `arn:aws:kms:${REGION}:${ARCHIVE}:key/00000000-0000-0000-0000-000000000000`;
        assert.equal(await kms("kms:Decrypt", otherKey, DELEGATING_KEY_POLICY, S3_VIA, LOG_EC), "ImplicitlyDenied");
    });

    for (const action of ["iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy"]) {
        it(`denies ${action} on its own role`, async () => {
            assert.equal(await as(action, AUDITOR_ROLE), "ImplicitlyDenied");
        });
    }
});

describe("auditor role: its results are its own", () => {
    const admin = roleSession(ROLES.admin, { orgId: ORG_ID, allow: ["s3:*", "kms:*"] });

    for (const action of ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"]) {
        it(`explicitly denies ${action} of a result to another role of the account with s3:*`, async () => {
            await assertDeniedBy({ caller: admin, action, resource: RESULT_OBJECT, resourceAccount: ARCHIVE, resourcePolicy: RESULTS_POLICY }, ["resource:DenyResultAccessByOthers"]);
        });
    }

    it("does not let another role of the account with kms:* use the results key", async () => {
        assert.notEqual(await kms("kms:Decrypt", RESULTS_KEY_ARN, RESULTS_KEY_POLICY, S3_VIA, RESULTS_EC, admin), "Allowed");
        assert.notEqual(await kms("kms:GenerateDataKey", RESULTS_KEY_ARN, RESULTS_KEY_POLICY, S3_VIA, RESULTS_EC, admin), "Allowed");
    });

    it("exempts a break-glass role from the bucket's deny; the results key still decrypts for the auditor only", async () => {
        const breakGlass = roleSession(ROLES.breakGlass, { orgId: ORG_ID, allow: ["s3:*", "kms:*"] });
        assert.equal(await as("s3:GetObject", RESULT_OBJECT, RESULTS_POLICY, {}, breakGlass), "Allowed");
        // Reading the content would take a key policy change first (which break-glass alone may make).
        assert.notEqual(await kms("kms:Decrypt", RESULTS_KEY_ARN, RESULTS_KEY_POLICY, S3_VIA, RESULTS_EC, breakGlass), "Allowed");
        assert.equal(await as("kms:PutKeyPolicy", RESULTS_KEY_ARN, RESULTS_KEY_POLICY, {}, breakGlass), "Allowed");
    });

    it("denies PutKeyPolicy with BypassPolicyLockoutSafetyCheck on the results key to break-glass and the deployer", async () => {
        const bypass = { "kms:BypassPolicyLockoutSafetyCheck": "true" };
        for (const role of [ROLES.breakGlass, ROLES.deployer]) {
            const caller = roleSession(role, { orgId: ORG_ID, allow: ["kms:*"] });
            await assertDeniedBy(
                { caller, action: "kms:PutKeyPolicy", resource: RESULTS_KEY_ARN, resourceAccount: ARCHIVE, resourcePolicy: RESULTS_KEY_POLICY, context: bypass },
                ["resource:DenyPolicyLockoutBypass"],
            );
        }
        assert.equal(await as("kms:PutKeyPolicy", RESULTS_KEY_ARN, RESULTS_KEY_POLICY, {}, roleSession(ROLES.deployer, { orgId: ORG_ID, allow: ["kms:*"] })), "Allowed");
    });

    it("exempts only this account's break-glass role from the results deny, not a BreakGlassAdmin elsewhere", async () => {
        const every = athenaResultsBucketPolicy({ ...RESULTS_ARGS, breakGlassArns: ["arn:aws:iam::*:role/BreakGlassAdmin"] });
        const impostor = roleSession(`arn:aws:iam::${MGMT}:role/BreakGlassAdmin`, { orgId: ORG_ID, allow: ["s3:*"] });
        await assertDeniedBy({ caller: impostor, action: "s3:GetObject", resource: RESULT_OBJECT, resourceAccount: ARCHIVE, resourcePolicy: every }, ["resource:DenyResultAccessByOthers"]);
        assert.deepEqual(every.Statement[1].Condition, { ArnNotLike: { "aws:PrincipalArn": [AUDITOR_ROLE, ROLES.breakGlass] } });
    });

    it("with no auditor (no readers), nobody but break-glass reads results and the results key names no auditor", async () => {
        const bucketDoc = athenaResultsBucketPolicy(NO_AUDITOR_ARGS);
        assert.deepEqual(bucketDoc.Statement[1].Condition, { ArnNotLike: { "aws:PrincipalArn": [ROLES.breakGlass] } });
        const formerAuditor = roleSession(AUDITOR_ROLE, { orgId: ORG_ID, allow: ["s3:*"] });
        await assertDeniedBy({ caller: formerAuditor, action: "s3:GetObject", resource: RESULT_OBJECT, resourceAccount: ARCHIVE, resourcePolicy: bucketDoc }, ["resource:DenyResultAccessByOthers"]);
        assert.deepEqual(
            athenaResultsKeyPolicy(NO_AUDITOR_ARGS).Statement.map((x) => x.Sid),
            ["KeyAdministration", "DenyKeyDestruction", "DenyKeyPolicyChanges", "DenyPolicyLockoutBypass"],
        );
    });

    it("explicitly denies the auditor results reads and writes without TLS", async () => {
        const plain = { "aws:SecureTransport": "false" };
        for (const action of ["s3:GetObject", "s3:PutObject"]) {
            await assertDeniedBy({ caller: AUDITOR, action, resource: RESULT_OBJECT, resourceAccount: ARCHIVE, resourcePolicy: RESULTS_POLICY, context: plain }, ["resource:DenyInsecureTransport"]);
        }
    });
});

describe("auditor role: who may assume it", () => {
    const ANALYST = `arn:aws:iam::${ARCHIVE}:role/Analyst`; // a role of the archive account
    const assume = (caller: Caller, readers?: string[]) =>
        evaluate({ caller, action: "sts:AssumeRole", resource: AUDITOR_ROLE, resourceAccount: ARCHIVE, resourcePolicy: trust(readers) });
    const withAssume = (role: string, orgId = ORG_ID) => roleSession(role, { orgId, allow: ["sts:AssumeRole"] });

    it("lets a log reader of another account in the organization assume it", async () => {
        assert.equal(await assume(withAssume(READER_ROLE)), "Allowed");
    });

    it("does not let a role of the organization that is not a log reader assume it, in another account or in the archive account", async () => {
        assert.notEqual(await assume(withAssume(`arn:aws:iam::${MEMBER}:role/SecurityAuditor`)), "Allowed");
        assert.notEqual(await assume(withAssume(ANALYST)), "Allowed");
    });

    it("does not let a role outside the organization assume it, even if named as a reader", async () => {
        const outsider = `arn:aws:iam::${OUTSIDER_ACCOUNT}:role/SecurityAuditor`;
        assert.notEqual(await assume(withAssume(outsider, OTHER_ORG_ID), [outsider]), "Allowed");
    });

    it("does not let another role of the reader's account assume it, even with sts:AssumeRole", async () => {
        assert.notEqual(await assume(withAssume("arn:aws:iam::333333333333:role/Developer")), "Allowed");
    });

    it("names the readers' accounts as Principal, the readers by aws:PrincipalArn (IAM rejects a trust policy naming a role that does not exist)", () => {
        assert.deepEqual(trust().Statement, [
            {
                Sid: "LogReadersAssume",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::333333333333:root"] },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:PrincipalOrgID": ORG_ID }, ArnEquals: { "aws:PrincipalArn": [READER_ROLE] } },
            },
        ]);
    });

    it("with a whole account among the readers, any role of that account in the organization may assume it", async () => {
        assert.equal(await assume(withAssume("arn:aws:iam::444444444444:role/AnyAnalyst"), MIXED_READERS), "Allowed");
        assert.notEqual(await assume(withAssume("arn:aws:iam::444444444444:role/AnyAnalyst", OTHER_ORG_ID), MIXED_READERS), "Allowed");
    });

    it("with no readers there is no trust policy to build: no readers, no role", () => {
        assert.throws(() => trust([]), /at least one log reader/);
    });
});

describe("auditor role: the documents' actions", () => {
    it("names only real actions in the permissions, trust, results bucket and results key documents", async () => {
        for (const doc of [PERMISSIONS, trust(), trust(MIXED_READERS), RESULTS_POLICY, RESULTS_KEY_POLICY]) assert.deepEqual(await everyActionExists(doc), []);
    });

    it("allows only, names no wildcard actions, and uses Resource \"*\" only for the resource-less listing calls", () => {
        for (const s of PERMISSIONS.Statement) {
            assert.equal(s.Effect, "Allow", s.Sid);
            assert.equal(s.NotAction, undefined, s.Sid);
            for (const a of [s.Action ?? []].flat()) assert.ok(!/[*?]/.test(a), `${s.Sid}: ${a}`);
            if ([s.Resource].flat().includes("*")) assert.deepEqual([s.Action].flat(), LIST_ACTIONS, s.Sid);
        }
    });

    it("grants no Delete/Put/Create/Update/Attach/Detach action but s3:PutObject, on the results objects only; multipart actions only on the results bucket", () => {
        const grants = PERMISSIONS.Statement.flatMap((s) => [s.Action ?? []].flat().map((action) => ({ action, resources: [s.Resource ?? []].flat() })));
        const writes = grants.filter((g) => /^(Delete|Put|Create|Update|Attach|Detach)/.test(g.action.split(":")[1]));
        assert.deepEqual(writes, [{ action: "s3:PutObject", resources: [`${bucketArnOf(RESULTS_BUCKET)}/*`] }]);
        for (const g of grants.filter((g) => /Multipart/.test(g.action))) {
            assert.ok(g.resources.every((r) => r === bucketArnOf(RESULTS_BUCKET) || r === `${bucketArnOf(RESULTS_BUCKET)}/*`), g.action);
        }
    });
});
