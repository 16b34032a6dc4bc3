// The log-archive stack: validate, check the credentials, build, export.
import { getCallerIdentity } from "@pulumi/aws/getCallerIdentity";
import { getRegions } from "@pulumi/aws/getRegions";
import * as pulumi from "@pulumi/pulumi";
import { LogArchive } from "../components/logArchive";
import { logArchiveFields, logArchiveSchema } from "../config/logArchive";
import { ConfigError, invalidConfiguration, NAMESPACE } from "../config/load";
import { readStackConfig } from "./stackConfig";
import { bucketArn, partitionOf, roleArn, trailArn } from "../policies/arns";
import { requireDeployer } from "./deployer";
import { Investigation } from "../components/investigation";
import { CLOUDTRAIL_TABLE_NAME } from "../athena/cloudtrailTable";
import { LogFileNotifications } from "../components/logFileNotifications";
import { auditAccountClash } from "../config/logArchive";
import { engineRoleArn, logFileTopicArn } from "./auditNames";

/** The contract with the management stack and with users: these names never change. */
export interface LogArchiveOutputs {
    accountId: string;
    region: string;
    organizationId: string;
    managementAccountId: string;
    trailName: string;
    trailHomeRegion: string;
    trailArn: string;
    bucketName: string;
    bucketArn: string;
    s3KeyPrefix: string;
    kmsKeyArn: pulumi.Output<string>;
    accessLogBucketName: pulumi.Output<string>;
    /** The role that deploys this stack: the management stack's SCP exempts it as the bucket and key policies do, and protects it. */
    deployerRoleArn: string;
    /** This stack's break-glass roles: the management stack's SCP protects them (it exempts only its own list). */
    breakGlassArns: string[];
    /** Who may read the logs (the configured list, exactly): the management stack's RCP denies reading them to anyone else. */
    logReaderArns: string[];
    /** Where investigators query the logs; absent when athenaEnabled is false (auditorRoleArn also when there are no logReaderArns). */
    athenaWorkgroup?: string;
    athenaDatabase?: string;
    athenaTable?: string;
    auditorRoleArn?: string;
    /**
     * Present only when auditAccountId is set: the audit account, the engine role the bucket and key
     * policies grant (derived from it and a fixed name), the topic the log bucket notifies (which the
     * audit queue subscribes to) and that topic's key.
     */
    auditAccountId?: string;
    engineRoleArn?: string;
    logFileTopicArn?: string;
    logFileTopicKeyArn?: pulumi.Output<string>;
}

export async function logArchiveStack(): Promise<LogArchiveOutputs> {
    // Everything that can be wrong with the configuration is found here, before any resource exists.
    const { config, region } = readStackConfig({
        schema: logArchiveSchema,
        fields: logArchiveFields,
        stack: "log-archive",
        regionExpected: "the log-archive stack's region, e.g. `pulumi config set aws:region eu-west-1`",
    });

    const caller = await getCallerIdentity({});
    if (config.accountId && config.accountId !== caller.accountId) {
        throw new ConfigError(
            `${NAMESPACE}:accountId = "${config.accountId}" but the credentials belong to account ${caller.accountId} (${caller.arn}): ` +
                "use the log-archive account's credentials, or correct the key. Nothing was created.",
        );
    }
    if (config.managementAccountId === caller.accountId) {
        throw new ConfigError(
            `${NAMESPACE}:managementAccountId = "${config.managementAccountId}" is the account this stack runs in: ` +
                "expected the archive in a dedicated account, where the management stack's SCP can protect it (SCPs never apply to the management account). Nothing was created.",
        );
    }
    if (config.auditAccountId === caller.accountId) {
        throw invalidConfiguration("log-archive", [
            `${NAMESPACE}:auditAccountId = "${config.auditAccountId}": ${auditAccountClash("the credentials' account")}`,
        ]);
    }
    requireDeployer({ stack: "log-archive", deployerRoleArn: config.deployerRoleArn, breakGlassArns: config.breakGlassArns, caller });
    const partition = partitionOf(caller.arn);
    const trailHomeRegion = config.trailHomeRegion ?? region;
    const bucketName = config.bucketName ?? `org-cloudtrail-logs-${caller.accountId}-${region}`;
    const accessLogBucketName = config.accessLogBucketName ?? `org-cloudtrail-access-logs-${caller.accountId}-${region}`;
    const resultsBucketName = config.athenaResultsBucketName ?? `org-cloudtrail-athena-results-${caller.accountId}-${region}`;
    requireDistinctBuckets({ bucketName, accessLogBucketName, ...(config.athenaEnabled ? { athenaResultsBucketName: resultsBucketName } : {}) });
    const athena = config.athenaEnabled
        ? {
              resultsBucketName,
              auditorRoleArn: roleArn(partition, caller.accountId, config.auditorRoleName),
              // No readers, no auditor role: a role nobody is named to assume is one an administrator could re-trust.
              withAuditor: config.logReaderArns.length > 0,
              // Asked at every deployment, so a region AWS opens later joins the table's region partition.
              regions: (await getRegions({ allRegions: true })).names,
          }
        : undefined;
    const deployerArns = [config.deployerRoleArn];
    const engine = config.auditAccountId === undefined ? undefined : { roleArn: engineRoleArn(partition, config.auditAccountId), region };
    const trail = trailArn({ partition, region: trailHomeRegion, managementAccountId: config.managementAccountId, trailName: config.trailName });

    const archive = new LogArchive("log-archive", {
        partition,
        accountId: caller.accountId,
        organizationId: config.organizationId,
        managementAccountId: config.managementAccountId,
        trailName: config.trailName,
        trailArn: trail,
        bucketName,
        accessLogBucketName,
        s3KeyPrefix: config.s3KeyPrefix,
        objectLock: config.objectLockMode === "NONE" ? undefined : { mode: config.objectLockMode, days: config.objectLockDays },
        lifecycle: {
            glacierIrAfterDays: config.logGlacierIrAfterDays,
            deepArchiveAfterDays: config.logDeepArchiveAfterDays,
            expireAfterDays: config.logRetentionDays,
        },
        accessLogRetentionDays: config.accessLogRetentionDays,
        logReaderArns: config.logReaderArns,
        breakGlassArns: config.breakGlassArns,
        deployerArns,
        auditor: athena?.withAuditor ? { roleArn: athena.auditorRoleArn, region } : undefined,
        otherAccessLogSources: athena ? [athena.resultsBucketName] : [],
        engine,
    });

    const feed =
        config.auditAccountId === undefined
            ? undefined
            : new LogFileNotifications(
                  "log-archive-log-files",
                  {
                      partition,
                      region,
                      accountId: caller.accountId,
                      organizationId: config.organizationId,
                      bucketName,
                      s3KeyPrefix: config.s3KeyPrefix,
                      auditAccountId: config.auditAccountId,
                      deployerArns,
                      breakGlassArns: config.breakGlassArns,
                      bucketSettled: archive.logBucket,
                  },
                  { parent: archive },
              );

    if (athena) {
        new Investigation(
            "log-archive-athena",
            {
                partition,
                region,
                accountId: caller.accountId,
                organizationId: config.organizationId,
                logBucketName: bucketName,
                s3KeyPrefix: config.s3KeyPrefix,
                logKeyArn: archive.kmsKeyArn,
                accessLogBucketName: archive.accessLogBucket.bucketName,
                resultsBucketName: athena.resultsBucketName,
                resultsRetentionDays: config.athenaResultsRetentionDays,
                workgroupName: config.athenaWorkgroupName,
                databaseName: config.athenaDatabaseName,
                bytesScannedCutoffGb: config.athenaBytesScannedCutoffGb,
                firstDay: config.athenaFirstDay,
                regions: athena.regions,
                auditorRoleName: config.auditorRoleName,
                auditorRoleArn: athena.auditorRoleArn,
                logReaderArns: config.logReaderArns,
                breakGlassArns: config.breakGlassArns,
                deployerArns,
            },
            // The results bucket's access logging needs the access-log bucket's policy in place first.
            { parent: archive, dependsOn: [archive.accessLogBucket] },
        );
    }

    return {
        accountId: caller.accountId,
        region,
        organizationId: config.organizationId,
        managementAccountId: config.managementAccountId,
        trailName: config.trailName,
        trailHomeRegion,
        trailArn: trail,
        bucketName,
        bucketArn: bucketArn(partition, bucketName),
        s3KeyPrefix: config.s3KeyPrefix ?? "",
        kmsKeyArn: archive.kmsKeyArn,
        accessLogBucketName: archive.accessLogBucket.bucketName,
        deployerRoleArn: config.deployerRoleArn,
        breakGlassArns: config.breakGlassArns,
        logReaderArns: config.logReaderArns,
        // Known before anything exists, like bucketArn: the names are the configuration's.
        ...(athena
            ? {
                  athenaWorkgroup: config.athenaWorkgroupName,
                  athenaDatabase: config.athenaDatabaseName,
                  athenaTable: CLOUDTRAIL_TABLE_NAME,
                  ...(athena.withAuditor ? { auditorRoleArn: athena.auditorRoleArn } : {}),
              }
            : {}),
        ...(feed && engine
            ? {
                  auditAccountId: config.auditAccountId,
                  engineRoleArn: engine.roleArn,
                  // Known before anything exists, like bucketArn: a fixed name in this account and region.
                  logFileTopicArn: logFileTopicArn({ partition, region, logArchiveAccountId: caller.accountId }),
                  logFileTopicKeyArn: feed.key.arn,
              }
            : {}),
    };
}

/** Two of the archive's buckets with one name would be one bucket with two conflicting configurations. */
function requireDistinctBuckets(names: Record<string, string>): void {
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const [key, name] of Object.entries(names)) {
        const first = seen.get(name);
        if (first) problems.push(`${NAMESPACE}:${key} = "${name}": expected a bucket of its own, but ${first} resolves to the same name`);
        else seen.set(name, key);
    }
    if (problems.length > 0) {
        throw invalidConfiguration("log-archive", problems);
    }
}
