// What the audit stack hands the detection engine: written at deploy time
// into settings.json beside the bundled handler (Lambda's 4 KB limit on
// environment variables is too small for the detection parameters), read
// once per cold start. Replay reads the same object from the same program.
import type { ProductResources } from "../detections/ownResources";

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One detection's tuning from the audit stack's config `detectionTuning`. */
export interface DetectionTuning {
    /** Not evaluated by the engine at all (the management stack's metric filter, if any, is unaffected). */
    disabled?: boolean;
    /** Replaces the catalog's severity in the alert. */
    severity?: Severity;
    /**
     * Principals whose events never raise this detection: exact ARNs or
     * patterns with `*` (any run of characters, `/` included). Matched against
     * `userIdentity.arn` and against `userIdentity.sessionContext.sessionIssuer.arn`.
     */
    ignorePrincipals?: string[];
    /**
     * For a detection marked `tunable`: false makes it see the events of
     * `automationPrincipals` too. Absent or true: it ignores them.
     */
    ignoreAutomation?: boolean;
    /**
     * Replaces the catalog's threshold in the engine: the matches one log
     * file (one account and region, about five minutes) must hold, all
     * principals together (each principal alone for a detection the catalog
     * counts per principal: secret-read-burst). The management stack's alarm
     * keeps the catalog's.
     */
    threshold?: number;
    /**
     * Counts the threshold's matches across log files for this many minutes
     * (tumbling windows aligned to the epoch) in `detectionCountsTable`:
     * detection-wide counts per account, all regions together; countPer
     * "principal" per principal. Absent: one log file, no state.
     */
    windowMinutes?: number;
}

export interface EngineSettings {
    /** Bumped when the shape changes: a handler refuses settings it does not know. */
    version: 1;
    partition: string;
    /** The audit stack's region (= the trail's home region). */
    region: string;
    organizationId: string;
    managementAccountId: string;
    logArchiveAccountId: string;
    auditAccountId: string;
    /** The only bucket the engine reads, and the organization's prefix in it (`<prefix/>AWSLogs/<o-id>/`). */
    bucketName: string;
    organizationLogPrefix: string;
    /** Where alerts go. */
    alertTopicArn: string;
    /** What the catalog's patterns are built from: the same values the management stack's metric filters use. */
    detectionParameters: {
        trustedCidrs: string[];
        largeInstanceTypes: string[];
        product: ProductResources;
    };
    /** By detection id; a detection not listed is evaluated as the catalog defines it. */
    tuning: Record<string, DetectionTuning>;
    /**
     * The organization's automation (audit stack `automationPrincipals`):
     * principals every `tunable` detection ignores unless its tuning says
     * `ignoreAutomation: false`. Absent (settings written before the key
     * existed) means none.
     */
    automationPrincipals?: string[];
    /**
     * The EC2 instance families the organization uses (audit stack
     * `usedInstanceFamilies`): RunInstances of any other family is an alert.
     * Absent (settings written before the key existed) or empty: that
     * detection is off.
     */
    usedInstanceFamilies?: string[];
    /**
     * The accounts that use Amazon Bedrock (audit stack `bedrockAccounts`):
     * a model invocation in any other account is an alert. Absent or empty:
     * no account uses it, and every invocation is.
     */
    bedrockAccounts?: string[];
    /**
     * The DynamoDB table of digest chains (audit stack `digestVerification`):
     * per "<account>/<region>", the last digest verified. Absent (settings
     * written before the key existed, or verification off): the engine
     * verifies no digest and looks for no late one.
     */
    digestChainTable?: string;
    /**
     * Minutes after a digest's hour ends before a digest not yet seen pages
     * (audit stack `digestAllowedDelayMinutes`). Absent with a table: the
     * audit stack's default.
     */
    digestAllowedDelayMinutes?: number;
    /**
     * The DynamoDB table where windowed detections count (stacks/auditNames.ts
     * DETECTION_COUNTS_TABLE_NAME): present when some detection's tuning
     * has `windowMinutes`. Absent: no detection counts beyond one file.
     */
    detectionCountsTable?: string;
    /** Deliveries of one message before the dead-letter queue: on the last, the engine raises a failed-file alert. */
    maxReceiveCount: number;
    /** For the alert's Athena pivot; absent when the log-archive stack has Athena off. */
    athena?: { region: string; accountId: string; workgroup: string; database: string; table: string };
}
