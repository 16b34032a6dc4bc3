// The management stack: read the log-archive stack, check that the two
// agree and that the organization is ready, then build the organization
// trail and the SCP that protects it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ALERT_NAME_PREFIX, ALERT_TOPIC_NAME, Alerting } from "../components/alerting";
import { OrganizationTrail } from "../components/organizationTrail";
import { TrailGuardrail } from "../components/trailGuardrail";
import { ConfigError, NAMESPACE } from "../config/load";
import { enabledDetections } from "../detections/catalog";
import { readStackConfig } from "./stackConfig";
import { managementFields, managementSchema } from "../config/management";
import { partitionOf, topicArn, trailArn } from "../policies/arns";
import { minifiedPolicy, protectAuditTrailScp, SCP_MAX_CHARACTERS } from "../policies/protectAuditTrailScp";
import { readLogArchiveOutputs } from "./logArchiveContract";
import { requireDeployer } from "./deployer";
import { checkScpTargets, checkStacksAgree, OrganizationFacts, preflightOrganization } from "./managementChecks";

export const SCP_NAME = "protect-audit-trail";

export interface ManagementOutputs {
    organizationId: string;
    managementAccountId: string;
    region: string;
    trailName: string;
    trailArn: pulumi.Output<string>;
    logGroupName: string;
    logGroupArn: pulumi.Output<string>;
    logGroupKmsKeyArn: pulumi.Output<string>;
    cloudTrailRoleArn: pulumi.Output<string>;
    scpId: pulumi.Output<string>;
    scpTargetIds: string[];
    bucketName: string;
    alertTopicArn: pulumi.Output<string>;
    alarmNamespace: string;
    /** The deployed detections' ids: the metric names in alarmNamespace. */
    detections: string[];
}

export async function managementStack(): Promise<ManagementOutputs> {
    // Everything is read and checked before the first resource is declared.
    const { config, region } = readStackConfig({
        schema: managementSchema,
        fields: managementFields,
        stack: "management",
        regionExpected: "the trail's home region (the log-archive stack's trailHomeRegion)",
    });

    const ref = new pulumi.StackReference("log-archive", { name: config.logArchiveStack });
    const archive = await readLogArchiveOutputs(ref, config.logArchiveStack);
    const caller = await aws.getCallerIdentity({});
    const organization: OrganizationFacts = await aws.organizations.getOrganization({});
    const partition = partitionOf(caller.arn);
    const trail = trailArn({ partition, region, managementAccountId: caller.accountId, trailName: archive.trailName });

    checkStacksAgree({ archive, logArchiveStack: config.logArchiveStack, caller, region, organization, trailArn: trail });
    preflightOrganization(organization);
    const scpTargetIds = config.scpTargetIds ?? [archive.accountId];
    checkScpTargets(scpTargetIds, organization);
    requireDeployer({ stack: "management", deployerRoleArn: config.deployerRoleArn, caller });

    const scpContent = minifiedPolicy(
        protectAuditTrailScp({
            partition,
            trailName: archive.trailName,
            bucketName: archive.bucketName,
            accessLogBucketName: archive.accessLogBucketName,
            kmsKeyArn: archive.kmsKeyArn,
            breakGlassArns: config.breakGlassArns,
            logArchiveDeployerArns: [archive.deployerRoleArn],
        }),
    );
    if (scpContent.length > SCP_MAX_CHARACTERS) {
        throw new ConfigError(
            `The ${SCP_NAME} SCP would be ${scpContent.length} characters, over the ${SCP_MAX_CHARACTERS} AWS Organizations accepts; nothing was created: ` +
                `shorten ${NAMESPACE}:breakGlassArns (${config.breakGlassArns.length} entries; one wildcard pattern such as arn:aws:iam::<account>:role/BreakGlass* can replace several)`,
        );
    }

    const logGroupName = `/org-cloudtrail/${archive.trailName}`;
    const orgTrail = new OrganizationTrail("organization", {
        partition,
        region,
        accountId: caller.accountId,
        organizationId: archive.organizationId,
        trailName: archive.trailName,
        trailArn: trail,
        bucketName: archive.bucketName,
        accessLogBucketName: archive.accessLogBucketName,
        s3KeyPrefix: archive.s3KeyPrefix,
        kmsKeyArn: archive.kmsKeyArn,
        logGroupName,
        logRetentionDays: config.cloudWatchLogsRetentionDays,
        dataEvents: { s3: config.dataEventsS3, lambda: config.dataEventsLambda, dynamoDB: config.dataEventsDynamoDB },
        insights: config.insights,
        deployerArns: [config.deployerRoleArn],
        breakGlassArns: config.breakGlassArns,
    });
    const guardrail = new TrailGuardrail("guardrail", { policyName: SCP_NAME, content: scpContent, targetIds: scpTargetIds });
    const detections = enabledDetections(
        {
            trustedCidrs: config.trustedCidrs,
            largeInstanceTypes: config.largeInstanceTypes,
            // What the audit-* detections guard, by the names both stacks gave them.
            product: {
                partition,
                region,
                managementAccountId: caller.accountId,
                trailName: archive.trailName,
                logBucketName: archive.bucketName,
                accessLogBucketName: archive.accessLogBucketName,
                logKeyArn: archive.kmsKeyArn,
                alertTopicArn: topicArn({ partition, region, accountId: caller.accountId, topicName: ALERT_TOPIC_NAME }),
                logGroupName,
                alarmNamePrefix: ALERT_NAME_PREFIX,
            },
        },
        config.disabledDetections,
    );
    const alerting = new Alerting("alerting", {
        partition,
        region,
        accountId: caller.accountId,
        logGroupName: orgTrail.logGroup.name,
        detections,
        namespace: config.alarmNamespace,
        emails: config.alertEmails,
        httpsEndpoints: config.alertHttpsEndpoints,
        deployerArns: [config.deployerRoleArn],
        breakGlassArns: config.breakGlassArns,
    });

    return {
        organizationId: archive.organizationId,
        managementAccountId: caller.accountId,
        region,
        trailName: archive.trailName,
        trailArn: orgTrail.trail.arn,
        logGroupName,
        logGroupArn: orgTrail.logGroup.arn,
        logGroupKmsKeyArn: orgTrail.logGroupKey.arn,
        cloudTrailRoleArn: orgTrail.role.arn,
        scpId: guardrail.policy.id,
        scpTargetIds,
        bucketName: archive.bucketName,
        alertTopicArn: alerting.topic.arn,
        alarmNamespace: config.alarmNamespace,
        detections: detections.map((d) => d.id),
    };
}
