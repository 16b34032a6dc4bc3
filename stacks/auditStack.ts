// The audit stack (the security tooling account): read the log-archive
// stack, check that the two agree, then build the audit key, the pager and
// the detection engine that reads every log file as it lands.
import * as organizations from "@pulumi/aws/organizations";
import { getCallerIdentity } from "@pulumi/aws/getCallerIdentity";
import * as pulumi from "@pulumi/pulumi";
import { AuditAlerting, AuditKey } from "../components/auditAlerting";
import { DetectionEngine, ENGINE_LOG_GROUP_NAME } from "../components/detectionEngine";
import { auditFields, auditSchema } from "../config/audit";
import type { EngineSettings } from "../engine/settings";
import { partitionOf, topicArn } from "../policies/arns";
import { AUDIT_ALARM_NAME_PREFIX, AUDIT_ALERT_TOPIC_NAME, ENGINE_FUNCTION_NAME, engineRoleArn, LOG_FILE_DEAD_LETTER_QUEUE_NAME, logFileQueueArn } from "./auditNames";
import { checkAuditAgrees, memberOrganizationFacts } from "./auditChecks";
import { requireDeployer } from "./deployer";
import { engineSettings, needsDetectionCounts } from "./engineSettings";
import { readLogArchiveOutputs } from "./logArchiveContract";
import { readStackConfig } from "./stackConfig";

/** The plan's and pulumi up's warning when digestVerification is false. */
export const WITHOUT_DIGEST_VERIFICATION =
    "digestVerification is false: no CloudTrail digest is verified, so a log file or digest deleted, modified or withheld in the archive pages nobody (the heartbeat sees only a feed that stops); set org-cloudtrail:digestVerification to true";

/** Exactly what stacks/auditContract.ts reads, plus the engine's settings for people and the replay. */
export interface AuditOutputs {
    accountId: string;
    region: string;
    organizationId: string;
    logArchiveAccountId: string;
    alertTopicArn: string;
    alertKeyArn: pulumi.Output<string>;
    engineFunctionArn: string;
    engineRoleArn: string;
    logFileQueueArn: string;
    deadLetterQueueArn: string;
    alarmNames: string[];
    deployerRoleArn: string;
    breakGlassArns: string[];
    trustedCidrs: string[];
    largeInstanceTypes: string[];
    alarmNamespace: string;
    engineSettings: EngineSettings;
}

export async function auditStack(): Promise<AuditOutputs> {
    // Everything is read and checked before the first resource is declared.
    const { config, region } = readStackConfig({
        schema: auditSchema,
        fields: auditFields,
        stack: "audit",
        regionExpected: "the log bucket's region (the log-archive stack's region and trailHomeRegion)",
    });
    const ref = new pulumi.StackReference("log-archive", { name: config.logArchiveStack });
    const archive = await readLogArchiveOutputs(ref, config.logArchiveStack, "audit");
    const caller = await getCallerIdentity({});
    // DescribeOrganization only: a member account may call it, not ListAccounts or ListRoots (the provider's
    // returnOrganizationOnly). The organization's id is the data source's id, and the last part of its ARN.
    const organization = memberOrganizationFacts(await organizations.getOrganization({ returnOrganizationOnly: true }));
    const partition = partitionOf(caller.arn);
    checkAuditAgrees({ archive, logArchiveStack: config.logArchiveStack, caller, region, organization });
    requireDeployer({ stack: "audit", deployerRoleArn: config.deployerRoleArn, breakGlassArns: config.breakGlassArns, caller });

    if (!config.digestVerification) pulumi.log.warn(WITHOUT_DIGEST_VERIFICATION);
    const accountId = caller.accountId;
    // checkAuditAgrees stops the program when the archive does not export them.
    const logFileTopicArn = archive.logFileTopicArn as string;
    const roleArn = engineRoleArn(partition, accountId);
    const alertTopicArn = topicArn({ partition, region, accountId, topicName: AUDIT_ALERT_TOPIC_NAME });
    const walls = { deployerArns: [config.deployerRoleArn], breakGlassArns: config.breakGlassArns };
    const alarmSources = { partition, region, accountId, managementAccountId: archive.managementAccountId, alarmNamePrefix: AUDIT_ALARM_NAME_PREFIX };

    const key = new AuditKey("audit-key", {
        policy: {
            ...alarmSources,
            ...walls,
            logFileTopicArn,
            engineRoleArn: roleArn,
            engineLogGroupName: ENGINE_LOG_GROUP_NAME,
            digestChains: config.digestVerification,
            detectionCounts: needsDetectionCounts(config.detectionTuning),
        },
    });
    const alerting = new AuditAlerting("audit-alerting", {
        keyArn: key.key.arn,
        topicPolicy: { ...alarmSources, ...walls, topicArn: alertTopicArn },
        emails: config.alertEmails,
        httpsEndpoints: config.alertHttpsEndpoints,
        heartbeatMinutes: config.heartbeatMinutes,
    });
    const settings = engineSettings({ partition, region, auditAccountId: accountId, archive, config, alertTopicArn });
    new DetectionEngine("detection-engine", {
        partition,
        region,
        accountId,
        keyArn: key.key.arn,
        logFileTopicArn,
        alertTopicArn,
        settings,
        logKeyArn: archive.kmsKeyArn,
        memoryMb: config.engineMemoryMb,
        logRetentionDays: config.engineLogRetentionDays,
        digestVerification: config.digestVerification,
        ...walls,
    });

    return {
        accountId,
        region,
        organizationId: archive.organizationId,
        logArchiveAccountId: archive.accountId,
        alertTopicArn,
        alertKeyArn: key.key.arn,
        engineFunctionArn: `arn:${partition}:lambda:${region}:${accountId}:function:${ENGINE_FUNCTION_NAME}`,
        engineRoleArn: roleArn,
        logFileQueueArn: logFileQueueArn({ partition, region, auditAccountId: accountId }),
        deadLetterQueueArn: `arn:${partition}:sqs:${region}:${accountId}:${LOG_FILE_DEAD_LETTER_QUEUE_NAME}`,
        alarmNames: alerting.alarmNames,
        deployerRoleArn: config.deployerRoleArn,
        breakGlassArns: config.breakGlassArns,
        trustedCidrs: config.trustedCidrs,
        largeInstanceTypes: config.largeInstanceTypes,
        alarmNamespace: config.alarmNamespace,
        engineSettings: settings,
    };
}
