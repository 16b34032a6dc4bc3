// The auditor role: who may assume it, and the least it needs to
// investigate with Athena. It runs queries in one workgroup, reads one
// table's definition, reads the organization trail's files and decrypts
// them, and keeps its results in one bucket. It can change nothing.
import {
    accountRootArn,
    AnalyticsLocation,
    athenaDataCatalogArn,
    athenaWorkgroupArn,
    bucketArn,
    glueTableArns,
    organizationLogPrefix,
} from "./arns";
import { policy, PolicyDocument, Statement } from "./document";

export interface AuditorTrustArgs {
    partition: string;
    /** The log-archive account, trusted as a whole when there are no readers to name. */
    accountId: string;
    organizationId: string;
    logReaderArns: readonly string[];
}

/**
 * `logReaderArns` may assume the role; with none configured, the log-archive
 * account's own IAM decides who may (a trust policy must name someone).
 */
export function auditorTrustPolicy(a: AuditorTrustArgs): PolicyDocument {
    const principals = a.logReaderArns.length > 0 ? [...a.logReaderArns] : [accountRootArn(a.partition, a.accountId)];
    return policy({
        Sid: "LogReadersAssume",
        Effect: "Allow",
        Principal: { AWS: principals },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:PrincipalOrgID": a.organizationId } },
    });
}

export interface AuditorPermissionsArgs extends AnalyticsLocation {
    workgroupName: string;
    databaseName: string;
    logBucketName: string;
    s3KeyPrefix?: string;
    organizationId: string;
    logKeyArn: string;
    resultsBucketName: string;
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
        { Sid: "ReadTheTrailFiles", Effect: "Allow", Action: "s3:GetObject", Resource: `${logs}/${organizationLogPrefix(a)}*` },
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
