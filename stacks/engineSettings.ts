// The engine's settings, built from the audit stack's config and the
// log-archive stack's outputs: the same product resources and detection
// parameters the management stack's metric filters are built from.
import { AuditConfig } from "../config/audit";
import { productResources } from "../detections/product";
import type { DetectionTuning, EngineSettings } from "../engine/settings";
import { organizationLogPrefix } from "../policies/arns";
import { AUDIT_MAX_RECEIVE_COUNT, DETECTION_COUNTS_TABLE_NAME, DIGEST_CHAIN_TABLE_NAME } from "./auditNames";
import type { LogArchiveContract } from "./logArchiveContract";

export interface EngineSettingsArgs {
    partition: string;
    /** The audit stack's region (= the trail's home region). */
    region: string;
    /** The audit account. */
    auditAccountId: string;
    archive: LogArchiveContract;
    config: Pick<AuditConfig, "trustedCidrs" | "largeInstanceTypes" | "alarmNamespace" | "detectionTuning" | "automationPrincipals" | "usedInstanceFamilies" | "bedrockAccounts" | "digestVerification" | "digestAllowedDelayMinutes">;
    /** The audit alert topic: with an audit stack, every alarm and the engine publish there. */
    alertTopicArn: string;
}

/** Whether some detection's tuning has a window: the counts table, its rights and its SCP resource follow from it. */
export function needsDetectionCounts(tuning: Record<string, DetectionTuning>): boolean {
    return Object.values(tuning).some((t) => t.windowMinutes !== undefined && !t.disabled);
}

export function engineSettings(a: EngineSettingsArgs): EngineSettings {
    const { archive } = a;
    const athena =
        archive.athenaWorkgroup !== undefined && archive.athenaDatabase !== undefined && archive.athenaTable !== undefined
            ? { region: archive.region, accountId: archive.accountId, workgroup: archive.athenaWorkgroup, database: archive.athenaDatabase, table: archive.athenaTable }
            : undefined;
    return {
        version: 1,
        partition: a.partition,
        region: a.region,
        organizationId: archive.organizationId,
        managementAccountId: archive.managementAccountId,
        logArchiveAccountId: archive.accountId,
        auditAccountId: a.auditAccountId,
        bucketName: archive.bucketName,
        organizationLogPrefix: organizationLogPrefix({ s3KeyPrefix: archive.s3KeyPrefix, organizationId: archive.organizationId }),
        alertTopicArn: a.alertTopicArn,
        detectionParameters: {
            trustedCidrs: [...a.config.trustedCidrs],
            largeInstanceTypes: [...a.config.largeInstanceTypes],
            // The same derivation as the management stack with auditStack set, so the engine and the metric
            // filters watch the same resources, the engine and its feed included.
            product: productResources({
                partition: a.partition,
                archive,
                alarmNamespace: a.config.alarmNamespace,
                alertTopicArn: a.alertTopicArn,
                auditAccountId: a.auditAccountId,
            }),
        },
        tuning: a.config.detectionTuning,
        automationPrincipals: [...a.config.automationPrincipals],
        usedInstanceFamilies: [...a.config.usedInstanceFamilies],
        bedrockAccounts: [...a.config.bedrockAccounts],
        maxReceiveCount: AUDIT_MAX_RECEIVE_COUNT,
        // Only with verification on: a handler that finds no table verifies no digest and looks for no late one.
        ...(a.config.digestVerification ? { digestChainTable: DIGEST_CHAIN_TABLE_NAME, digestAllowedDelayMinutes: a.config.digestAllowedDelayMinutes } : {}),
        // Only when some detection counts across files: no table, no DynamoDB call, today's per-file counting.
        ...(needsDetectionCounts(a.config.detectionTuning) ? { detectionCountsTable: DETECTION_COUNTS_TABLE_NAME } : {}),
        ...(athena ? { athena } : {}),
    };
}
