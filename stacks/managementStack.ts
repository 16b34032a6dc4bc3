// The management stack: read the log-archive stack, check that the two
// agree and that the organization is ready, then build the organization
// trail and the SCP that protects it.
import * as organizations from "@pulumi/aws/organizations";
import { getCallerIdentity } from "@pulumi/aws/getCallerIdentity";
import * as pulumi from "@pulumi/pulumi";
import { AccountNamesDelegation } from "../components/accountNamesDelegation";
import { ALERT_TOPIC_NAME, Alerting, Pager } from "../components/alerting";
import { OrganizationTrail } from "../components/organizationTrail";
import { TrailGuardrail } from "../components/trailGuardrail";
import { ConfigError, invalidConfiguration, NAMESPACE } from "../config/load";
import { enabledDetections } from "../detections/catalog";
import { MANAGEMENT_TRAIL_COMPONENT, productResources, trailLogGroupName } from "../detections/product";
import { readStackConfig } from "./stackConfig";
import { managementFields, managementSchema } from "../config/management";
import { partitionOf, topicArn, trailArn } from "../policies/arns";
import { minifiedPolicy, protectAuditTrailScp, SCP_MAX_CHARACTERS } from "../policies/protectAuditTrailScp";
import { protectAuditEngineScp } from "../policies/protectAuditEngineScp";
import { protectDigestChecksScp } from "../policies/protectDigestChecksScp";
import { protectAuditArchiveRcp, RCP_MAX_CHARACTERS } from "../policies/resourceControlPolicy";
import { AuditContract, readAuditOutputs } from "./auditContract";
import { detectionCountsTableArn, digestChainTableArn, digestCheckRuleArn, logFileTopicArn } from "./auditNames";
import { readLogArchiveOutputs } from "./logArchiveContract";
import { requireDeployer } from "./deployer";
import { checkArchiveCovered, checkAuditAgrees, checkScpTargets, checkStacksAgree, OrganizationFacts, preflightOrganization } from "./managementChecks";

export const SCP_NAME = "protect-audit-trail";
export const RCP_NAME = "protect-audit-archive";
export const AUDIT_SCP_NAME = "protect-audit-engine";
/** The second SCP of the audit account: the digest chain table and the late-digest rule (protect-audit-engine has no room left). */
export const DIGEST_SCP_NAME = "protect-digest-checks";

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
    /** The protect-audit-archive RCP, attached to the log-archive account; absent when rcpEnabled is false. */
    rcpId?: pulumi.Output<string>;
    bucketName: string;
    /** Where the alarms page: this stack's own topic, or the audit stack's. */
    alertTopicArn: pulumi.Output<string>;
    /** The protect-audit-engine SCP, attached to the audit account; absent without auditStack. */
    auditScpId?: pulumi.Output<string>;
    digestScpId?: pulumi.Output<string>;
    /** The audit account, when this stack reads an audit stack. */
    auditAccountId?: string;
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
    const caller = await getCallerIdentity({});
    const organization: OrganizationFacts = await organizations.getOrganization({});
    const partition = partitionOf(caller.arn);
    const trail = trailArn({ partition, region, managementAccountId: caller.accountId, trailName: archive.trailName });

    const audit = config.auditStack === undefined ? undefined : await readAuditOutputs(new pulumi.StackReference("audit", { name: config.auditStack }), config.auditStack);

    checkStacksAgree({ archive, logArchiveStack: config.logArchiveStack, caller, region, organization, trailArn: trail });
    if (audit !== undefined && config.auditStack !== undefined) {
        checkAuditAgrees({ audit, auditStack: config.auditStack, archive, logArchiveStack: config.logArchiveStack, managementAccountId: caller.accountId, region, organization });
    }
    if (audit === undefined) pulumi.log.warn(withoutAuditStack(archive.auditAccountId));
    preflightOrganization(organization, { rcpEnabled: config.rcpEnabled });
    // The root by default: every member account, not only the archive's, must be unable to leave or stop the trail.
    const scpTargetIds = config.scpTargetIds ?? organization.roots.map((r) => r.id);
    checkScpTargets(scpTargetIds, organization);
    checkArchiveCovered({
        targets: scpTargetIds,
        organization,
        archiveAccountId: archive.accountId,
        auditAccountId: audit?.accountId,
        ouAccounts: await accountsUnder(scpTargetIds, organization),
    });
    requireDeployer({ stack: "management", deployerRoleArn: config.deployerRoleArn, breakGlassArns: config.breakGlassArns, caller });
    // With an audit stack, the detection parameters are its: the metric filters and the engine evaluate the same patterns.
    const parameters = audit ?? config;

    const scpContent = withinQuota(
        `The ${SCP_NAME} SCP`,
        minifiedPolicy(
            protectAuditTrailScp({
                partition,
                trailName: archive.trailName,
                bucketName: archive.bucketName,
                accessLogBucketName: archive.accessLogBucketName,
                kmsKeyArn: archive.kmsKeyArn,
                breakGlassArns: config.breakGlassArns,
                logArchiveDeployerArns: [archive.deployerRoleArn],
                logArchiveBreakGlassArns: archive.breakGlassArns,
                logArchiveManagedRoleArns: archive.auditorRoleArn === undefined ? [] : [archive.auditorRoleArn],
                analytics:
                    archive.athenaWorkgroup === undefined || archive.athenaDatabase === undefined
                        ? undefined
                        : { region: archive.region, accountId: archive.accountId, workgroup: archive.athenaWorkgroup, database: archive.athenaDatabase },
                feedsAuditAccount: archive.auditAccountId !== undefined,
            }),
        ),
        SCP_MAX_CHARACTERS,
        `shorten ${NAMESPACE}:breakGlassArns (${config.breakGlassArns.length} entries; one arn:aws:iam::*:role/<name> entry covers a role of that name in every account) ` +
            `or ${NAMESPACE}:breakGlassArns of ${config.logArchiveStack} (${archive.breakGlassArns.length} entries, each protected by the SCP)`,
    );
    const rcpContent = config.rcpEnabled
        ? withinQuota(
              `The ${RCP_NAME} RCP`,
              minifiedPolicy(
                  protectAuditArchiveRcp({
                      partition,
                      accountId: archive.accountId,
                      organizationId: archive.organizationId,
                      trailArn: trail,
                      bucketName: archive.bucketName,
                      accessLogBucketName: archive.accessLogBucketName,
                      kmsKeyArn: archive.kmsKeyArn,
                      breakGlassArns: config.breakGlassArns,
                      deployerArns: [archive.deployerRoleArn],
                      logReaderArns: archive.logReaderArns,
                      auditorRoleArn: archive.auditorRoleArn,
                      engineRoleArn: archive.engineRoleArn,
                  }),
              ),
              RCP_MAX_CHARACTERS,
              `shorten ${NAMESPACE}:breakGlassArns (${config.breakGlassArns.length} entries) or ${NAMESPACE}:logReaderArns of ${config.logArchiveStack} ` +
                  `(${archive.logReaderArns.length} entries; one account root entry admits a whole account), or set ${NAMESPACE}:rcpEnabled to false`,
          )
        : undefined;

    const auditScpContent = audit === undefined ? undefined : auditEngineScp({ partition, audit, archive, breakGlassArns: config.breakGlassArns });
    const digestScpContent = audit === undefined ? undefined : digestChecksScp({ partition, audit, breakGlassArns: config.breakGlassArns });

    const logGroupName = trailLogGroupName(archive.trailName);
    const orgTrail = new OrganizationTrail(MANAGEMENT_TRAIL_COMPONENT, {
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
    const guardrail = new TrailGuardrail("guardrail", {
        scp: { policyName: SCP_NAME, content: scpContent, targetIds: scpTargetIds },
        // On the log-archive account only: the archive's resources are all there.
        rcp: rcpContent === undefined ? undefined : { policyName: RCP_NAME, content: rcpContent, targetIds: [archive.accountId] },
        auditScp: audit === undefined || auditScpContent === undefined ? undefined : { policyName: AUDIT_SCP_NAME, content: auditScpContent, targetIds: [audit.accountId, archive.accountId] },
        // The audit account only: the table and the rule are there.
        digestScp: audit === undefined || digestScpContent === undefined ? undefined : { policyName: DIGEST_SCP_NAME, content: digestScpContent, targetIds: [audit.accountId] },
    });
    if (audit !== undefined && config.accountNamesDelegation) {
        new AccountNamesDelegation("account-names", { partition, auditAccountId: audit.accountId, engineRoleArn: audit.engineRoleArn });
    }
    const detections = enabledDetections(
        {
            trustedCidrs: parameters.trustedCidrs,
            largeInstanceTypes: parameters.largeInstanceTypes,
            // What the audit-* detections guard, by the names both stacks gave them.
            product: productResources({
                partition,
                archive,
                alarmNamespace: parameters.alarmNamespace,
                alertTopicArn: topicArn({ partition, region, accountId: caller.accountId, topicName: ALERT_TOPIC_NAME }),
                auditAccountId: audit?.accountId,
            }),
        },
        config.disabledDetections,
    );
    const alerting = new Alerting("alerting", {
        partition,
        region,
        accountId: caller.accountId,
        logGroupName: orgTrail.logGroup.name,
        detections,
        namespace: parameters.alarmNamespace,
        pager: pagerOf(config, audit),
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
        ...(guardrail.resourceControlPolicy ? { rcpId: guardrail.resourceControlPolicy.id } : {}),
        bucketName: archive.bucketName,
        alertTopicArn: alerting.alertTopicArn,
        ...(guardrail.auditPolicy ? { auditScpId: guardrail.auditPolicy.id } : {}),
        ...(guardrail.digestPolicy ? { digestScpId: guardrail.digestPolicy.id } : {}),
        ...(audit ? { auditAccountId: audit.accountId } : {}),
        alarmNamespace: parameters.alarmNamespace,
        detections: detections.map((d) => d.id),
    };
}

/** This stack's own topic and subscribers, or, with an audit stack, its topic: the subscribers live there. */
function pagerOf(
    config: { alertEmails: string[]; alertHttpsEndpoints: string[]; deployerRoleArn: string; breakGlassArns: string[] },
    audit: AuditContract | undefined,
): Pager {
    if (audit !== undefined) return { kind: "existing topic", topicArn: audit.alertTopicArn };
    return {
        kind: "own topic",
        emails: config.alertEmails,
        httpsEndpoints: config.alertHttpsEndpoints,
        deployerArns: [config.deployerRoleArn],
        breakGlassArns: config.breakGlassArns,
    };
}

/** The protect-audit-engine SCP for the audit account, minified and within the quota. */
function auditEngineScp(a: { partition: string; audit: AuditContract; archive: { region: string; accountId: string }; breakGlassArns: string[] }): string {
    return withinQuota(
        `The ${AUDIT_SCP_NAME} SCP`,
        minifiedPolicy(
            protectAuditEngineScp({
                partition: a.partition,
                region: a.audit.region,
                accountId: a.audit.accountId,
                engineFunctionArn: a.audit.engineFunctionArn,
                engineRoleArn: a.audit.engineRoleArn,
                queueArns: [a.audit.logFileQueueArn, a.audit.deadLetterQueueArn],
                logFileQueueArn: a.audit.logFileQueueArn,
                alertTopicArn: a.audit.alertTopicArn,
                logFileTopicArn: logFileTopicArn({ partition: a.partition, region: a.archive.region, logArchiveAccountId: a.archive.accountId }),
                auditKeyArn: a.audit.alertKeyArn,
                deployerRoleArns: [a.audit.deployerRoleArn],
                breakGlassArns: a.breakGlassArns,
                auditBreakGlassArns: a.audit.breakGlassArns,
            }),
        ),
        SCP_MAX_CHARACTERS,
        `shorten ${NAMESPACE}:breakGlassArns (${a.breakGlassArns.length} entries)`,
    );
}

/** The protect-digest-checks SCP for the audit account, minified and within the quota. */
function digestChecksScp(a: { partition: string; audit: AuditContract; breakGlassArns: string[] }): string {
    // Derived, like the engine's other names, from the audit account and region (stacks/auditNames.ts).
    const where = { partition: a.partition, region: a.audit.region, auditAccountId: a.audit.accountId };
    return withinQuota(
        `The ${DIGEST_SCP_NAME} SCP`,
        minifiedPolicy(
            protectDigestChecksScp({
                digestChainTableArn: digestChainTableArn(where),
                detectionCountsTableArn: detectionCountsTableArn(where),
                digestCheckRuleArn: digestCheckRuleArn(where),
                engineRoleArn: a.audit.engineRoleArn,
                deployerRoleArns: [a.audit.deployerRoleArn],
                breakGlassArns: a.breakGlassArns,
            }),
        ),
        SCP_MAX_CHARACTERS,
        `shorten ${NAMESPACE}:breakGlassArns (${a.breakGlassArns.length} entries)`,
    );
}

/** `content`, if AWS Organizations accepts a policy that long; otherwise the error, naming what to shorten. */
function withinQuota(what: string, content: string, max: number, shorten: string): string {
    if (content.length <= max) return content;
    throw new ConfigError(`${what} would be ${content.length} characters, over the ${max} AWS Organizations accepts; nothing was created: ${shorten}`);
}

/**
 * Every account under each OU target, nested OUs included, asked of AWS
 * Organizations before anything is created. An OU it does not know stops the
 * program here, naming the key, rather than half-way through `pulumi up`.
 */
async function accountsUnder(targets: string[], organization: OrganizationFacts): Promise<Record<string, string[]>> {
    const accounts: Record<string, string[]> = {};
    const problems: string[] = [];
    for (const [i, target] of targets.entries()) {
        if (!target.startsWith("ou-")) continue;
        try {
            const answer = await organizations.getOrganizationalUnitDescendantAccounts({ parentId: target });
            accounts[target] = answer.accounts.map((a) => a.id);
        } catch (error) {
            const said = error instanceof Error ? error.message : String(error);
            problems.push(`${NAMESPACE}:scpTargetIds[${i}] = ${JSON.stringify(target)}: expected an organizational unit of ${organization.id}; AWS Organizations answered: ${said}`);
        }
    }
    if (problems.length > 0) throw invalidConfiguration("management", problems);
    return accounts;
}

/**
 * What a management stack without auditStack leaves exposed, said on every
 * preview and plan: the pager then lives where no SCP applies.
 */
export function withoutAuditStack(archiveAuditAccountId: string | undefined): string {
    const exposed =
        "the alarms page through a topic in the management account, where no SCP applies: an administrator there can delete the " +
        "metric filters, disable the alarms' actions or unsubscribe the pager, then stop the trail, and nobody is told";
    return archiveAuditAccountId === undefined
        ? `No audit stack (${NAMESPACE}:auditStack is unset): ${exposed}. Deploy the audit stack in a third account (docs/audit.md).`
        : `${NAMESPACE}:auditStack is unset, but the log-archive stack feeds the audit account ${archiveAuditAccountId}: ${exposed}, and no SCP protects the ` +
              `engine. Set ${NAMESPACE}:auditStack to the audit stack and update this stack.`;
}
