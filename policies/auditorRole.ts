// The auditor role: who may assume it, and the least it needs to
// investigate with Athena. It runs queries in one workgroup, reads one
// table's definition, reads the organization trail's files and decrypts
// them, and keeps its results in one bucket. It can change nothing.
import { AnalyticsLocation, athenaDataCatalogArn, athenaWorkgroupArn, bucketArn, glueTableArns, organizationLogPrefix } from "./arns";
import { policy, PolicyDocument, Statement } from "./document";
import { grantToReaders } from "./readers";

export interface AuditorTrustArgs {
    /** AWS partition of the log-archive account. */
    partition: string;
    /** The organization every reader must belong to when it assumes the role. */
    organizationId: string;
    /** Roles, users or account roots that may assume the role; never empty (no readers, no role). */
    logReaderArns: readonly string[];
}

/**
 * `logReaderArns` may assume the role, from inside the organization. Granted
 * through their accounts with their ARNs as the condition: IAM rejects a trust
 * policy naming a role or user that does not exist. There is no role without
 * readers: trusting the archive account's root instead would let any of its
 * administrators read every log.
 */
export function auditorTrustPolicy(a: AuditorTrustArgs): PolicyDocument {
    if (a.logReaderArns.length === 0) throw new Error("the auditor role needs at least one log reader to trust; build no role without readers");
    return policy(
        ...grantToReaders(a.partition, a.logReaderArns, {
            Sid: "LogReadersAssume",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:PrincipalOrgID": a.organizationId } },
        }),
    );
}

export interface AuditorPermissionsArgs extends AnalyticsLocation {
    /** The one Athena workgroup the role queries in. */
    workgroupName: string;
    /** The Glue database that holds the CloudTrail table. */
    databaseName: string;
    /** The log bucket whose organization-trail files the role reads. */
    logBucketName: string;
    /** The prefix CloudTrail writes before `AWSLogs/`. */
    s3KeyPrefix?: string;
    /** The organization whose files (`AWSLogs/<o-org>/`) the role reads, and nothing else of the bucket. */
    organizationId: string;
    /** The key the trail files are encrypted with. */
    logKeyArn: string;
    /** The bucket Athena writes the role's results to. */
    resultsBucketName: string;
    /** The key the results are encrypted with. */
    resultsKeyArn: string;
}

/** Running, watching and stopping queries, and reading the saved ones, in the workgroup. */
export const WORKGROUP_ACTIONS = [
    "athena:StartQueryExecution",
    "athena:StopQueryExecution",
    "athena:GetQueryExecution",
    "athena:BatchGetQueryExecution",
    "athena:ListQueryExecutions",
    "athena:GetQueryResults",
    "athena:GetQueryRuntimeStatistics",
    "athena:GetWorkGroup",
    "athena:ListNamedQueries",
    "athena:GetNamedQuery",
    "athena:BatchGetNamedQuery",
];

/** What Athena's console and engine read from the account's data catalog. */
export const CATALOG_ACTIONS = ["athena:GetDataCatalog", "athena:ListDatabases", "athena:GetDatabase", "athena:ListTableMetadata", "athena:GetTableMetadata"];

/** Listing calls that take no resource: the console's workgroup and engine pickers. */
export const LIST_ACTIONS = ["athena:ListWorkGroups", "athena:ListDataCatalogs", "athena:ListEngineVersions"];

export const GLUE_READ_ACTIONS = [
    "glue:GetDatabase",
    "glue:GetDatabases",
    "glue:GetTable",
    "glue:GetTables",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
];

export function auditorPermissions(a: AuditorPermissionsArgs): PolicyDocument {
    const logs = bucketArn(a.partition, a.logBucketName);
    const results = bucketArn(a.partition, a.resultsBucketName);
    const glue = glueTableArns(a, a.databaseName);
    const throughS3 = { StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` } };
    const statements: Statement[] = [
        { Sid: "RunQueriesInTheWorkgroup", Effect: "Allow", Action: WORKGROUP_ACTIONS, Resource: athenaWorkgroupArn(a, a.workgroupName) },
        { Sid: "BrowseTheDataCatalog", Effect: "Allow", Action: CATALOG_ACTIONS, Resource: athenaDataCatalogArn(a) },
        { Sid: "ListWorkgroupsAndEngines", Effect: "Allow", Action: LIST_ACTIONS, Resource: "*" },
        { Sid: "ReadTheTableDefinition", Effect: "Allow", Action: GLUE_READ_ACTIONS, Resource: [glue.catalog, glue.database, glue.tables] },
        { Sid: "ListTheLogBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: logs },
        // RestoreObject: files older than logDeepArchiveAfterDays are in Deep Archive and must be restored to be read.
        { Sid: "ReadTheTrailFiles", Effect: "Allow", Action: ["s3:GetObject", "s3:RestoreObject"], Resource: `${logs}/${organizationLogPrefix(a)}*` },
        { Sid: "DecryptTheTrailFiles", Effect: "Allow", Action: "kms:Decrypt", Resource: a.logKeyArn, Condition: throughS3 },
        {
            Sid: "ListTheResultsBucket",
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
            Resource: results,
        },
        {
            Sid: "WriteAndReadResults",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: `${results}/*`,
        },
        { Sid: "EncryptTheResults", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: a.resultsKeyArn, Condition: throughS3 },
    ];
    return policy(...statements);
}
