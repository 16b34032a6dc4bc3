import * as athena from "@pulumi/aws/athena";
import * as glue from "@pulumi/aws/glue";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";
import {
    CLOUDTRAIL_COLUMNS,
    CLOUDTRAIL_TABLE_NAME,
    cloudTrailTableLocation,
    cloudTrailTableParameters,
    INPUT_FORMAT,
    OUTPUT_FORMAT,
    PARTITION_KEYS,
    SERDE,
    SERDE_PARAMETERS,
} from "../athena/cloudtrailTable";
import { SAVED_QUERIES } from "../athena/queries";
import { accessLogPrefix } from "../policies/accessLogBucketPolicy";
import { athenaResultsBucketPolicy, athenaResultsKeyPolicy } from "../policies/athenaResults";
import { auditorPermissions, auditorTrustPolicy } from "../policies/auditorRole";
import { HardenedBucket } from "./hardenedBucket";

export interface InvestigationArgs {
    /** AWS partition of the log-archive account. */
    partition: string;
    /** Region of the log bucket, where Athena, Glue and the results bucket live. */
    region: string;
    /** The log-archive account. */
    accountId: string;
    /** The organization whose trail files the table reads. */
    organizationId: string;
    /** The log bucket. */
    logBucketName: string;
    /** The prefix CloudTrail writes before `AWSLogs/`, as the trail and the bucket policy have it. */
    s3KeyPrefix?: string;
    /** The key the trail files are encrypted with. */
    logKeyArn: pulumi.Input<string>;
    /** Where the results bucket's server access logs go. */
    accessLogBucketName: pulumi.Input<string>;
    /** The bucket Athena writes query results to. */
    resultsBucketName: string;
    /** Days a query result is kept. */
    resultsRetentionDays: number;
    /** The Athena workgroup the auditor queries in. */
    workgroupName: string;
    /** The Glue database that holds the table. */
    databaseName: string;
    /** Largest scan one query may make, in GiB. */
    bytesScannedCutoffGb: number;
    /** First day (YYYY/MM/DD) of the `day` partition. */
    firstDay: string;
    /** Every region of the partition: the `region` partition's values. */
    regions: readonly string[];
    /** Name of the auditor role. */
    auditorRoleName: string;
    /** ARN of the auditor role, computed by the caller: the key policies name it before it exists. */
    auditorRoleArn: string;
    /**
     * Roles, users or account roots that may assume the auditor role. Empty:
     * no auditor role at all, and nobody may read results (the table,
     * workgroup and saved queries still exist, for when readers are added).
     */
    logReaderArns: readonly string[];
    /** Exact break-glass role ARNs (account may be `*`); only this account's role of each name is exempt. */
    breakGlassArns: readonly string[];
    /** The deployer's exact role ARN: exempt from the results key's policy deny so its next `pulumi up` converges. */
    deployerArns: readonly string[];
}

const GIB = 1024 ** 3;
const ENGINE_VERSION = "Athena engine version 3";

/**
 * What an investigator needs to ask the archive questions in SQL: a Glue
 * table over the organization trail's files with partition projection, an
 * Athena workgroup whose settings queries cannot override, an encrypted
 * results bucket that forgets within days, the auditor role, and the saved
 * queries an investigation starts with.
 */
export class Investigation extends pulumi.ComponentResource {
    public readonly workgroupName: pulumi.Output<string>;
    public readonly databaseName: pulumi.Output<string>;
    public readonly tableName: pulumi.Output<string>;
    /** The auditor role's ARN; undefined when there are no log readers and so no role. */
    public readonly auditorRoleArn: pulumi.Output<string> | undefined;

    constructor(name: string, args: InvestigationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:archive:Investigation", name, {}, opts);
        const parent: pulumi.CustomResourceOptions = { parent: this };
        // A role nobody is named to assume would only be a role an administrator could re-trust.
        const withAuditor = args.logReaderArns.length > 0;
        const policyArgs = {
            partition: args.partition,
            region: args.region,
            accountId: args.accountId,
            resultsBucketName: args.resultsBucketName,
            auditorRoleArn: withAuditor ? args.auditorRoleArn : undefined,
            breakGlassArns: args.breakGlassArns,
            deployerArns: args.deployerArns,
        };

        const resultsKey = new kms.Key(
            `${name}-results-key`,
            {
                description: `Encrypts the Athena query results in ${args.resultsBucketName}`,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: JSON.stringify(athenaResultsKeyPolicy(policyArgs)),
            },
            { ...parent, retainOnDelete: true },
        );
        new kms.Alias(
            `${name}-results-key-alias`,
            { name: `alias/org-cloudtrail/athena-results/${args.workgroupName}`, targetKeyId: resultsKey.keyId },
            { ...parent, retainOnDelete: true },
        );

        const results = new HardenedBucket(
            `${name}-results`,
            {
                bucketName: args.resultsBucketName,
                // Enabled with no default retention: nothing is ever locked, so results still expire;
                // the guardrails ask Object Lock of every bucket that is not an access-log target.
                objectLock: true,
                kmsKeyArn: resultsKey.arn,
                lifecycleRules: [
                    {
                        id: "expire-query-results",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: args.resultsRetentionDays },
                        noncurrentVersionExpiration: { noncurrentDays: 1 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
                    },
                    {
                        id: "remove-expired-delete-markers",
                        status: "Enabled",
                        filter: {},
                        expiration: { expiredObjectDeleteMarker: true },
                    },
                ],
                accessLogs: { targetBucket: args.accessLogBucketName, targetPrefix: accessLogPrefix(args.resultsBucketName) },
                policy: athenaResultsBucketPolicy(policyArgs),
            },
            parent,
        );

        const database = new glue.CatalogDatabase(
            `${name}-database`,
            { name: args.databaseName, description: `CloudTrail logs of ${args.organizationId}, queried with Athena` },
            parent,
        );
        const location = cloudTrailTableLocation({ bucketName: args.logBucketName, s3KeyPrefix: args.s3KeyPrefix, organizationId: args.organizationId });
        const table = new glue.CatalogTable(
            `${name}-table`,
            {
                databaseName: database.name,
                name: CLOUDTRAIL_TABLE_NAME,
                description: `Every account's CloudTrail events of ${args.organizationId}, partitioned by account, region and day`,
                tableType: "EXTERNAL_TABLE",
                parameters: cloudTrailTableParameters({
                    bucketName: args.logBucketName,
                    s3KeyPrefix: args.s3KeyPrefix,
                    organizationId: args.organizationId,
                    regions: args.regions,
                    firstDay: args.firstDay,
                }),
                partitionKeys: PARTITION_KEYS.map((k) => ({ ...k })),
                storageDescriptor: {
                    location: location.location,
                    inputFormat: INPUT_FORMAT,
                    outputFormat: OUTPUT_FORMAT,
                    serDeInfo: { serializationLibrary: SERDE, parameters: { ...SERDE_PARAMETERS } },
                    columns: CLOUDTRAIL_COLUMNS.map((c) => ({ ...c })),
                },
            },
            parent,
        );

        const workgroup = new athena.Workgroup(
            `${name}-workgroup`,
            {
                name: args.workgroupName,
                description: `Investigations over the CloudTrail logs of ${args.organizationId}`,
                state: "ENABLED",
                // AWS refuses to delete a workgroup with query history, which would block turning Athena off.
                // The history is no evidence: CloudTrail records every query started and by whom.
                forceDestroy: true,
                configuration: {
                    // Queries cannot pick another results location, drop the encryption or lift the cutoff.
                    enforceWorkgroupConfiguration: true,
                    publishCloudwatchMetricsEnabled: true,
                    requesterPaysEnabled: false,
                    bytesScannedCutoffPerQuery: args.bytesScannedCutoffGb * GIB,
                    engineVersion: { selectedEngineVersion: ENGINE_VERSION },
                    resultConfiguration: {
                        outputLocation: pulumi.interpolate`s3://${results.bucketName}/`,
                        expectedBucketOwner: args.accountId,
                        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: resultsKey.arn },
                    },
                },
            },
            { ...parent, dependsOn: [results] },
        );

        const role = withAuditor ? this.auditorRole(name, args, resultsKey.arn) : undefined;

        for (const q of SAVED_QUERIES) {
            new athena.NamedQuery(
                `${name}-query-${q.name}`,
                {
                    name: q.name,
                    description: `${q.description} Parameters, in order: ${q.parameters.map((p) => p.name).join(", ")}.`,
                    database: database.name,
                    workgroup: workgroup.name,
                    query: q.sql,
                },
                { ...parent, dependsOn: [table] },
            );
        }

        this.workgroupName = workgroup.name;
        this.databaseName = database.name;
        this.tableName = table.name;
        this.auditorRoleArn = role?.arn;
        this.registerOutputs({
            workgroupName: this.workgroupName,
            databaseName: this.databaseName,
            tableName: this.tableName,
            ...(this.auditorRoleArn ? { auditorRoleArn: this.auditorRoleArn } : {}),
        });
    }

    /** The role the log readers assume to query, and its least-privilege policy. */
    private auditorRole(name: string, args: InvestigationArgs, resultsKeyArn: pulumi.Output<string>): iam.Role {
        const parent: pulumi.CustomResourceOptions = { parent: this };
        const role = new iam.Role(
            `${name}-auditor`,
            {
                name: args.auditorRoleName,
                description: `Queries the CloudTrail logs of ${args.organizationId} with Athena (workgroup ${args.workgroupName}); reads, never writes`,
                assumeRolePolicy: JSON.stringify(auditorTrustPolicy({ ...args })),
                maxSessionDuration: 3600,
            },
            parent,
        );
        new iam.RolePolicy(
            `${name}-auditor-permissions`,
            {
                role: role.name,
                name: "athena-investigation",
                policy: pulumi.all([args.logKeyArn, resultsKeyArn]).apply(([logKeyArn, resultsKey]) =>
                    JSON.stringify(
                        auditorPermissions({
                            partition: args.partition,
                            region: args.region,
                            accountId: args.accountId,
                            workgroupName: args.workgroupName,
                            databaseName: args.databaseName,
                            logBucketName: args.logBucketName,
                            s3KeyPrefix: args.s3KeyPrefix,
                            organizationId: args.organizationId,
                            logKeyArn,
                            resultsBucketName: args.resultsBucketName,
                            resultsKeyArn: resultsKey,
                        }),
                    ),
                ),
            },
            parent,
        );

        return role;
    }
}
