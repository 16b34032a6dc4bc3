// The log-archive stack's Athena investigation kit, as the AWS provider would
// receive it, and its agreement with where the management stack's trail writes.
import { strict as assert } from "assert";
import { CLOUDTRAIL_COLUMNS } from "../athena/cloudtrailTable";
import { SAVED_QUERIES } from "../athena/queries";
import { SIMULATED_REGIONS, SimulatedResource, SimulationResult } from "../plan/simulator";
import { LOG_ARCHIVE_ACCOUNT, ofType, resource, runLogArchive, runManagement } from "./helpers/stacks";

const LOGS = "org-cloudtrail-logs-222222222222-eu-west-1";
const ACCESS_LOGS = "org-cloudtrail-access-logs-222222222222-eu-west-1";
const RESULTS = "org-cloudtrail-athena-results-222222222222-eu-west-1";
const ORG = "o-a1b2c3d4e5";
const READER = "arn:aws:iam::333333333333:role/SecurityAuditor";
const AUDITOR = `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/org-cloudtrail-auditor`;
const LOG_KEY_ARN = "(known after apply: log-archive-key.arn)";
const RESULTS_KEY_ARN = "(known after apply: log-archive-athena-results-key.arn)";
const GIB = 1024 ** 3;

const WORKGROUP = "aws:athena/workgroup:Workgroup";
const TABLE = "aws:glue/catalogTable:CatalogTable";
const QUERY = "aws:athena/namedQuery:NamedQuery";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const KEY = "aws:kms/key:Key";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

type Doc = { Statement: { Sid: string; [field: string]: any }[] };
const inputs = (run: SimulationResult, type: string, name: string) => resource(run.resources, type, name).inputs;
const doc = (run: SimulationResult, type: string, name: string, field: string): Doc => JSON.parse(inputs(run, type, name)[field]);
const sids = (d: Doc) => d.Statement.map((s) => s.Sid);
const statement = (d: Doc, sid: string) => {
    const found = d.Statement.find((s) => s.Sid === sid);
    assert.ok(found, `no statement ${sid} in ${sids(d).join(", ")}`);
    return found;
};
const workgroupOf = (run: SimulationResult) => inputs(run, WORKGROUP, "log-archive-athena-workgroup");
const tableOf = (run: SimulationResult) => inputs(run, TABLE, "log-archive-athena-table");
const auditorPolicyOf = (run: SimulationResult) => doc(run, ROLE_POLICY, "log-archive-athena-auditor-permissions", "policy");
const trustOf = (run: SimulationResult) => doc(run, ROLE, "log-archive-athena-auditor", "assumeRolePolicy");
/** The access-log bucket's allow for S3 server access logging: one statement per source bucket, the log bucket's first. */
const s3LogsPoliciesOf = (run: SimulationResult) =>
    doc(run, BUCKET_POLICY, "log-archive-access-logs-policy", "policy").Statement.filter((s: { Sid: string }) => s.Sid.startsWith("S3ServerAccessLogsPolicy"));
const sourcesAndFolders = (run: SimulationResult) =>
    s3LogsPoliciesOf(run).map((s: { [field: string]: any; Sid: string }) => [s.Sid, s.Condition.ArnEquals["aws:SourceArn"], s.Resource]);

describe("athena investigation kit: default configuration", () => {
    let run: SimulationResult;
    const find = (type: string, name: string) => inputs(run, `aws:${type}`, name);
    before(async () => {
        run = await runLogArchive({ logReaderArns: [READER] });
    });

    it("builds one Investigation component under the LogArchive, after the access-log bucket", () => {
        const component = resource(run.resources, "org-cloudtrail:archive:Investigation", "log-archive-athena");
        assert.equal(component.parent, "org-cloudtrail:archive:LogArchive::log-archive");
        assert.deepEqual(component.dependsOn, ["org-cloudtrail:storage:HardenedBucket::log-archive-access-logs"]);
    });

    it("enforces the workgroup's settings: engine v3, 10 GiB cutoff, KMS-encrypted results in the results bucket", () => {
        const wg = workgroupOf(run);
        assert.equal(wg.name, "org-cloudtrail");
        assert.equal(wg.state, "ENABLED");
        // Its query history would otherwise block turning Athena off; the history is not evidence.
        assert.equal(wg.forceDestroy, true);
        assert.deepEqual(wg.configuration, {
            enforceWorkgroupConfiguration: true,
            publishCloudwatchMetricsEnabled: true,
            requesterPaysEnabled: false,
            bytesScannedCutoffPerQuery: 10 * GIB,
            engineVersion: { selectedEngineVersion: "Athena engine version 3" },
            resultConfiguration: {
                outputLocation: `s3://${RESULTS}/`,
                expectedBucketOwner: LOG_ARCHIVE_ACCOUNT,
                encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: RESULTS_KEY_ARN },
            },
        });
        assert.deepEqual(resource(run.resources, WORKGROUP, "log-archive-athena-workgroup").dependsOn, [
            "org-cloudtrail:storage:HardenedBucket::log-archive-athena-results",
        ]);
    });

    it("defines the cloudtrail_logs table over the organization's files, with projection over every region AWS lists", () => {
        const table = tableOf(run);
        assert.equal(table.databaseName, "org_cloudtrail");
        assert.equal(table.name, "cloudtrail_logs");
        assert.equal(table.tableType, "EXTERNAL_TABLE");
        assert.deepEqual(table.storageDescriptor, {
            location: `s3://${LOGS}/AWSLogs/${ORG}/`,
            inputFormat: "com.amazon.emr.cloudtrail.CloudTrailInputFormat",
            outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            serDeInfo: { serializationLibrary: "org.apache.hive.hcatalog.data.JsonSerDe", parameters: { "serialization.format": "1" } },
            columns: CLOUDTRAIL_COLUMNS,
        });
        assert.deepEqual(
            table.partitionKeys.map((k: { name: string; type: string }) => [k.name, k.type]),
            [["account", "string"], ["region", "string"], ["day", "string"]],
        );
        assert.deepEqual(table.parameters, {
            EXTERNAL: "TRUE",
            classification: "cloudtrail",
            "projection.enabled": "true",
            "projection.account.type": "injected",
            "projection.region.type": "enum",
            "projection.region.values": [...SIMULATED_REGIONS].sort().join(","),
            "projection.day.type": "date",
            "projection.day.format": "yyyy/MM/dd",
            "projection.day.range": "2026/01/01,NOW",
            "projection.day.interval": "1",
            "projection.day.interval.unit": "DAYS",
            "storage.location.template": `s3://${LOGS}/AWSLogs/${ORG}/\${account}/CloudTrail/\${region}/\${day}`,
            read_restored_glacier_objects: "true",
        });
        assert.equal(find("glue/catalogDatabase:CatalogDatabase", "log-archive-athena-database").name, "org_cloudtrail");
    });

    it("creates the results bucket with Object Lock on but no default retention, so results can expire", () => {
        const bucket = find("s3/bucket:Bucket", "log-archive-athena-results");
        assert.deepEqual([bucket.bucket, bucket.objectLockEnabled, bucket.forceDestroy], [RESULTS, true, false]);
        const locks = ofType(run.resources, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
        assert.deepEqual(locks.map((l) => l.inputs.bucket), [LOGS]);
    });

    it("encrypts results with the results key and a bucket key, expires them in 7 days, blocks public access, versions", () => {
        const prefix = "log-archive-athena-results";
        assert.deepEqual(find("s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${prefix}-encryption`).rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: RESULTS_KEY_ARN }, bucketKeyEnabled: true, blockedEncryptionTypes: ["SSE-C"] },
        ]);
        const [expire, markers] = find("s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", `${prefix}-lifecycle`).rules;
        assert.deepEqual(expire.expiration, { days: 7 });
        assert.deepEqual(expire.noncurrentVersionExpiration, { noncurrentDays: 1 });
        assert.deepEqual(expire.abortIncompleteMultipartUpload, { daysAfterInitiation: 1 });
        assert.deepEqual(markers.expiration, { expiredObjectDeleteMarker: true });
        const pab = find("s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${prefix}-public-access`);
        assert.deepEqual([pab.bucket, pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [RESULTS, true, true, true, true]);
        assert.deepEqual(find("s3/bucketVersioning:BucketVersioning", `${prefix}-versioning`).versioningConfiguration, { status: "Enabled" });
    });

    it("logs access to the results bucket into the access-log bucket, which accepts logs from both buckets", () => {
        const logging = find("s3/bucketLogging:BucketLogging", "log-archive-athena-results-access-logging");
        assert.deepEqual([logging.bucket, logging.targetBucket, logging.targetPrefix], [RESULTS, ACCESS_LOGS, `${RESULTS}/`]);
        // Each source writes only under its own folder.
        assert.deepEqual(sourcesAndFolders(run), [
            ["S3ServerAccessLogsPolicy", `arn:aws:s3:::${LOGS}`, `arn:aws:s3:::${ACCESS_LOGS}/${LOGS}/*`],
            ["S3ServerAccessLogsPolicy2", `arn:aws:s3:::${RESULTS}`, `arn:aws:s3:::${ACCESS_LOGS}/${RESULTS}/*`],
        ]);
    });

    it("lets only the auditor role read and write results", () => {
        const policy = doc(run, BUCKET_POLICY, "log-archive-athena-results-policy", "policy");
        assert.equal(inputs(run, BUCKET_POLICY, "log-archive-athena-results-policy").bucket, RESULTS);
        assert.deepEqual(sids(policy), ["DenyInsecureTransport", "DenyResultAccessByOthers"]);
        const deny = statement(policy, "DenyResultAccessByOthers");
        assert.equal(deny.Resource, `arn:aws:s3:::${RESULTS}/*`);
        assert.deepEqual(deny.Condition, { ArnNotLike: { "aws:PrincipalArn": [AUDITOR] } });
    });

    it("keeps a rotating results key, retained on delete, that only the auditor uses, through S3, on this bucket", () => {
        const key = resource(run.resources, KEY, "log-archive-athena-results-key");
        assert.deepEqual([key.inputs.enableKeyRotation, key.inputs.deletionWindowInDays, key.retainOnDelete], [true, 30, true]);
        const policy = JSON.parse(key.inputs.policy) as Doc;
        assert.deepEqual(sids(policy), ["KeyAdministration", "AuditorEncryptsResultsThroughS3", "DenyKeyDestruction", "DenyKeyPolicyChanges", "DenyPolicyLockoutBypass"]);
        assert.deepEqual(statement(policy, "AuditorEncryptsResultsThroughS3").Condition, {
            ArnEquals: { "aws:PrincipalArn": AUDITOR },
            StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [`arn:aws:s3:::${RESULTS}`, `arn:aws:s3:::${RESULTS}/*`] },
        });
        assert.equal(inputs(run, "aws:kms/alias:Alias", "log-archive-athena-results-key-alias").name, "alias/org-cloudtrail/athena-results/org-cloudtrail");
    });

    it("lets the auditor decrypt trail files with the log key, through S3 only", () => {
        const audit = statement(doc(run, KEY, "log-archive-key", "policy"), "AuditorDecryptThroughS3");
        assert.equal(audit.Action, "kms:Decrypt");
        assert.deepEqual(audit.Condition.ArnEquals, { "aws:PrincipalArn": AUDITOR });
        assert.deepEqual(audit.Condition.StringEquals, { "kms:ViaService": "s3.eu-west-1.amazonaws.com" });
    });

    it("creates the auditor role, assumable by the log readers from inside the organization, for an hour at most", () => {
        const role = find("iam/role:Role", "log-archive-athena-auditor");
        assert.deepEqual([role.name, role.maxSessionDuration], ["org-cloudtrail-auditor", 3600]);
        assert.deepEqual(trustOf(run).Statement, [
            {
                Sid: "LogReadersAssume",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::333333333333:root"] },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:PrincipalOrgID": ORG }, ArnEquals: { "aws:PrincipalArn": [READER] } },
            },
        ]);
    });

    it("attaches the auditor's permissions to the role by name, on the log key, the trail files and the results", () => {
        const rolePolicy = find("iam/rolePolicy:RolePolicy", "log-archive-athena-auditor-permissions");
        assert.equal(rolePolicy.role, "org-cloudtrail-auditor");
        const policy = auditorPolicyOf(run);
        assert.equal(statement(policy, "DecryptTheTrailFiles").Resource, LOG_KEY_ARN);
        assert.equal(statement(policy, "EncryptTheResults").Resource, RESULTS_KEY_ARN);
        assert.deepEqual(statement(policy, "ReadTheTrailFiles"), {
            Sid: "ReadTheTrailFiles",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:RestoreObject"],
            Resource: `arn:aws:s3:::${LOGS}/AWSLogs/${ORG}/*`,
        });
        assert.equal(statement(policy, "WriteAndReadResults").Resource, `arn:aws:s3:::${RESULTS}/*`);
        assert.equal(statement(policy, "RunQueriesInTheWorkgroup").Resource, "arn:aws:athena:eu-west-1:222222222222:workgroup/org-cloudtrail");
    });

    it("saves every query of athena/queries.ts, in the workgroup and database, once the table exists", () => {
        const queries = ofType(run.resources, QUERY);
        assert.deepEqual(queries.map((q) => q.inputs.name), SAVED_QUERIES.map((q) => q.name));
        assert.equal(queries.length, 8);
        for (const [i, q] of SAVED_QUERIES.entries()) {
            const saved = queries[i];
            assert.equal(saved.name, `log-archive-athena-query-${q.name}`);
            assert.deepEqual([saved.inputs.database, saved.inputs.workgroup], ["org_cloudtrail", "org-cloudtrail"], q.name);
            assert.equal(saved.inputs.query, q.sql);
            assert.ok(saved.inputs.description.startsWith(q.description), q.name);
            assert.ok(saved.inputs.description.endsWith(`Parameters, in order: ${q.parameters.map((p) => p.name).join(", ")}.`), saved.inputs.description);
            assert.deepEqual(saved.dependsOn, [`${TABLE}::log-archive-athena-table`], q.name);
        }
    });

    it("exports where to query, named from the configuration", () => {
        const { athenaWorkgroup, athenaDatabase, athenaTable, auditorRoleArn } = run.outputs;
        assert.deepEqual([athenaWorkgroup, athenaDatabase, athenaTable, auditorRoleArn], ["org-cloudtrail", "org_cloudtrail", "cloudtrail_logs", AUDITOR]);
    });
});

describe("athena investigation kit: no readers, and the regions AWS returns", () => {
    // Unsorted, and not the simulator's default: the table must follow what getRegions answers.
    const regions = ["us-east-1", "eu-west-1", "ap-southeast-5", "eu-central-2"];
    let run: SimulationResult;
    before(async () => {
        run = await runLogArchive({ logReaderArns: [] }, undefined, { regions });
    });

    it("creates no auditor role (nor its policy): nobody is named to assume it, and an administrator could re-trust it", () => {
        assert.deepEqual(ofType(run.resources, ROLE), []);
        assert.deepEqual(ofType(run.resources, ROLE_POLICY), []);
        assert.equal(run.outputs.auditorRoleArn, undefined);
        assert.ok(!("auditorRoleArn" in run.outputs));
    });

    it("names no auditor in the log key, the results key or the results bucket policy", () => {
        assert.ok(!sids(doc(run, KEY, "log-archive-key", "policy")).includes("AuditorDecryptThroughS3"));
        assert.deepEqual(sids(doc(run, KEY, "log-archive-athena-results-key", "policy")), ["KeyAdministration", "DenyKeyDestruction", "DenyKeyPolicyChanges", "DenyPolicyLockoutBypass"]);
        const deny = statement(doc(run, BUCKET_POLICY, "log-archive-athena-results-policy", "policy"), "DenyResultAccessByOthers");
        assert.ok(!("Condition" in deny), "with no auditor and no break-glass, nobody reads results");
    });

    it("still builds the table, the workgroup and the saved queries, for when readers are added", () => {
        assert.equal(tableOf(run).name, "cloudtrail_logs");
        assert.equal(workgroupOf(run).name, "org-cloudtrail");
        assert.equal(ofType(run.resources, QUERY).length, SAVED_QUERIES.length);
        assert.deepEqual([run.outputs.athenaWorkgroup, run.outputs.athenaDatabase, run.outputs.athenaTable], ["org-cloudtrail", "org_cloudtrail", "cloudtrail_logs"]);
    });

    it("projects the region partition over the regions getRegions returned, sorted", () => {
        assert.equal(tableOf(run).parameters["projection.region.values"], "ap-southeast-5,eu-central-2,eu-west-1,us-east-1");
    });
});

describe("athena investigation kit: configured", () => {
    const ROLE_ARN = `arn:aws:iam::${LOG_ARCHIVE_ACCOUNT}:role/TrailInvestigator`;
    let run: SimulationResult;
    before(async () => {
        run = await runLogArchive({
            logReaderArns: [READER],
            athenaBytesScannedCutoffGb: 1,
            athenaResultsRetentionDays: 30,
            athenaWorkgroupName: "incident-response",
            athenaDatabaseName: "trail_archive",
            auditorRoleName: "TrailInvestigator",
            athenaResultsBucketName: "acme-athena-results",
            athenaFirstDay: "2024/06/01",
            s3KeyPrefix: "audit",
        });
    });

    it("sizes the cutoff in GiB and keeps results for the configured days", () => {
        assert.equal(workgroupOf(run).configuration.bytesScannedCutoffPerQuery, 1073741824);
        const rules = inputs(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "log-archive-athena-results-lifecycle").rules;
        assert.deepEqual(rules[0].expiration, { days: 30 });
    });

    it("names the workgroup, database, queries and alias from the configuration", () => {
        assert.equal(workgroupOf(run).name, "incident-response");
        assert.equal(inputs(run, "aws:glue/catalogDatabase:CatalogDatabase", "log-archive-athena-database").name, "trail_archive");
        assert.equal(tableOf(run).databaseName, "trail_archive");
        for (const q of ofType(run.resources, QUERY)) assert.deepEqual([q.inputs.database, q.inputs.workgroup], ["trail_archive", "incident-response"]);
        assert.equal(inputs(run, "aws:kms/alias:Alias", "log-archive-athena-results-key-alias").name, "alias/org-cloudtrail/athena-results/incident-response");
        const policy = auditorPolicyOf(run);
        assert.equal(statement(policy, "RunQueriesInTheWorkgroup").Resource, "arn:aws:athena:eu-west-1:222222222222:workgroup/incident-response");
        assert.ok(statement(policy, "ReadTheTableDefinition").Resource.includes("arn:aws:glue:eu-west-1:222222222222:database/trail_archive"));
    });

    it("puts results in the configured bucket, logged and accepted by the access-log bucket under its name", () => {
        assert.equal(inputs(run, "aws:s3/bucket:Bucket", "log-archive-athena-results").bucket, "acme-athena-results");
        assert.equal(workgroupOf(run).configuration.resultConfiguration.outputLocation, "s3://acme-athena-results/");
        assert.equal(inputs(run, "aws:s3/bucketLogging:BucketLogging", "log-archive-athena-results-access-logging").targetPrefix, "acme-athena-results/");
        assert.deepEqual(sourcesAndFolders(run)[1], ["S3ServerAccessLogsPolicy2", "arn:aws:s3:::acme-athena-results", `arn:aws:s3:::${ACCESS_LOGS}/acme-athena-results/*`]);
        assert.equal(statement(auditorPolicyOf(run), "WriteAndReadResults").Resource, "arn:aws:s3:::acme-athena-results/*");
    });

    it("names the configured role everywhere the auditor is trusted", () => {
        assert.equal(inputs(run, ROLE, "log-archive-athena-auditor").name, "TrailInvestigator");
        assert.equal(inputs(run, ROLE_POLICY, "log-archive-athena-auditor-permissions").role, "TrailInvestigator");
        const logKey = statement(doc(run, KEY, "log-archive-key", "policy"), "AuditorDecryptThroughS3");
        assert.deepEqual(logKey.Condition.ArnEquals, { "aws:PrincipalArn": ROLE_ARN });
        const resultsKey = statement(doc(run, KEY, "log-archive-athena-results-key", "policy"), "AuditorEncryptsResultsThroughS3");
        assert.deepEqual(resultsKey.Condition.ArnEquals, { "aws:PrincipalArn": ROLE_ARN });
        const deny = statement(doc(run, BUCKET_POLICY, "log-archive-athena-results-policy", "policy"), "DenyResultAccessByOthers");
        assert.deepEqual(deny.Condition.ArnNotLike["aws:PrincipalArn"], [ROLE_ARN]);
    });

    it("starts the day partition at athenaFirstDay and reads under the s3KeyPrefix", () => {
        const table = tableOf(run);
        assert.equal(table.parameters["projection.day.range"], "2024/06/01,NOW");
        assert.equal(table.storageDescriptor.location, `s3://${LOGS}/audit/AWSLogs/${ORG}/`);
        assert.equal(table.parameters["storage.location.template"], `s3://${LOGS}/audit/AWSLogs/${ORG}/\${account}/CloudTrail/\${region}/\${day}`);
        assert.equal(statement(auditorPolicyOf(run), "ReadTheTrailFiles").Resource, `arn:aws:s3:::${LOGS}/audit/AWSLogs/${ORG}/*`);
    });

    it("exports the configured names", () => {
        const { athenaWorkgroup, athenaDatabase, athenaTable, auditorRoleArn } = run.outputs;
        assert.deepEqual([athenaWorkgroup, athenaDatabase, athenaTable, auditorRoleArn], ["incident-response", "trail_archive", "cloudtrail_logs", ROLE_ARN]);
    });
});

describe("athena investigation kit: athenaEnabled false", () => {
    let run: SimulationResult;
    before(async () => {
        run = await runLogArchive({ athenaEnabled: false, logReaderArns: [READER] });
    });

    it("builds no Investigation, and nothing of Athena, Glue or IAM", () => {
        const types = new Set(run.resources.map((r) => r.type));
        assert.ok(!types.has("org-cloudtrail:archive:Investigation"));
        const service = (r: SimulatedResource) => r.type.split(":")[1]?.split("/")[0];
        assert.deepEqual(run.resources.filter((r) => ["athena", "glue", "iam"].includes(service(r))).map((r) => r.name), []);
        assert.deepEqual(run.resources.filter((r) => r.name.startsWith("log-archive-athena")).map((r) => r.name), []);
        assert.equal(ofType(run.resources, KEY).length, 1);
    });

    it("leaves the auditor out of the log key policy and the results bucket out of the access-log policy", () => {
        assert.ok(!sids(doc(run, KEY, "log-archive-key", "policy")).includes("AuditorDecryptThroughS3"));
        assert.deepEqual(sourcesAndFolders(run), [["S3ServerAccessLogsPolicy", `arn:aws:s3:::${LOGS}`, `arn:aws:s3:::${ACCESS_LOGS}/${LOGS}/*`]]);
    });

    it("exports only the archive's outputs, and registers the 18 AWS resources of the archive alone", () => {
        assert.deepEqual(Object.keys(run.outputs).sort(), [
            "accessLogBucketName", "accountId", "breakGlassArns", "bucketArn", "bucketName", "deployerRoleArn", "kmsKeyArn", "logReaderArns",
            "managementAccountId", "organizationId", "region", "s3KeyPrefix", "trailArn", "trailHomeRegion", "trailName",
        ]);
        assert.equal(run.resources.filter((r) => r.custom).length, 18);
    });
});

/** The log-archive run's outputs as the management stack's StackReference would return them after apply. */
function deployedOutputs(run: SimulationResult): Record<string, unknown> {
    assert.equal(run.outputs.kmsKeyArn, LOG_KEY_ARN, "only the key's ARN should need a stand-in");
    return { ...run.outputs, kmsKeyArn: `arn:aws:kms:eu-west-1:${LOG_ARCHIVE_ACCOUNT}:key/00000000-0000-0000-0000-simulated000` };
}

describe("athena table and organization trail agree on where the files are", () => {
    const fill = (template: string, values: Record<string, string>) => template.replace(/\$\{(\w+)\}/g, (_, k: string) => values[k]);
    const where = { account: "333333333333", region: "ap-southeast-5", day: "2026/11/24" };

    for (const s3KeyPrefix of [undefined, "audit"]) {
        it(`reads what the trail writes, ${s3KeyPrefix ? `under s3KeyPrefix "${s3KeyPrefix}"` : "without a prefix"}`, async () => {
            const archive = await runLogArchive({ s3KeyPrefix });
            const management = await runManagement({}, { outputs: deployedOutputs(archive) });
            const trail = inputs(management, "aws:cloudtrail/trail:Trail", "organization-trail");
            assert.equal(trail.s3KeyPrefix, s3KeyPrefix);
            const org = management.outputs.organizationId;
            const written =
                `s3://${trail.s3BucketName}/${trail.s3KeyPrefix ? `${trail.s3KeyPrefix}/` : ""}` +
                `AWSLogs/${org}/${where.account}/CloudTrail/${where.region}/${where.day}`;
            assert.equal(fill(tableOf(archive).parameters["storage.location.template"], where), written);
        });
    }
});
