// CloudTrail: the trail records everything, everywhere, verifiably, and
// feeds the alarms (CIS 3.1, 3.2, 3.5; Security Hub CloudTrail.1, 2, 4, 5).
import { isSet, ResourceGuardrail, verdict } from "./guardrail";

const TRAIL = "aws:cloudtrail/trail:Trail";

export const multiRegionTrail: ResourceGuardrail = {
    name: "cis-3.1-cloudtrail-1-multi-region-trail",
    controls: ["CIS 3.1", "CloudTrail.1"],
    description: "Every trail records in every region, so an attacker cannot work where nobody looks.",
    resourceType: TRAIL,
    check: (p) =>
        verdict(
            p.isMultiRegionTrail === true,
            "isMultiRegionTrail: true",
            "isMultiRegionTrail is not true: the trail misses every region but its home region. Set isMultiRegionTrail: true.",
        ),
};

export const organizationTrail: ResourceGuardrail = {
    name: "organization-trail",
    controls: ["Project rule: every account"],
    description: "Every trail is an organization trail, so member accounts are recorded and cannot stop it.",
    resourceType: TRAIL,
    check: (p) =>
        verdict(
            p.isOrganizationTrail === true,
            "isOrganizationTrail: true",
            "isOrganizationTrail is not true: member accounts go unrecorded and could switch their own trail off. Set isOrganizationTrail: true.",
        ),
};

export const logFileValidation: ResourceGuardrail = {
    name: "cis-3.2-cloudtrail-4-log-file-validation",
    controls: ["CIS 3.2", "CloudTrail.4"],
    description: "Every trail writes digest files, so tampering with a delivered log can be proven.",
    resourceType: TRAIL,
    check: (p) =>
        verdict(
            p.enableLogFileValidation === true,
            "enableLogFileValidation: true",
            "enableLogFileValidation is not true: nobody could prove a log file unaltered. Set enableLogFileValidation: true.",
        ),
};

export const trailKmsEncryption: ResourceGuardrail = {
    name: "cis-3.5-cloudtrail-2-kms-encryption",
    controls: ["CIS 3.5", "CloudTrail.2"],
    description: "Every trail encrypts its log files with a customer managed KMS key.",
    resourceType: TRAIL,
    check: (p) =>
        verdict(
            isSet(p, "kmsKeyId"),
            "kmsKeyId: set",
            "kmsKeyId is not set: log files are only SSE-S3 encrypted and anyone who can read the bucket can read them. Set kmsKeyId to the log key.",
        ),
};

export const cloudWatchLogsDelivery: ResourceGuardrail = {
    name: "cloudtrail-5-cloudwatch-logs-delivery",
    controls: ["CloudTrail.5", "CIS 4.x (source)"],
    description: "Every trail delivers to CloudWatch Logs, where the metric filters of the alarms read it.",
    resourceType: TRAIL,
    check: (p) => {
        const missing = ["cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn"].filter((k) => !isSet(p, k));
        return verdict(
            missing.length === 0,
            "cloudWatchLogsGroupArn and cloudWatchLogsRoleArn: set",
            `${missing.join(" and ")} not set: no alarm can see what the trail records. Set both.`,
        );
    },
};

/** Field selectors of an advanced event selector, as the provider takes them. */
interface FieldSelector {
    field: string;
    equals?: string[];
    notEquals?: string[];
    startsWiths?: string[];
    notStartsWiths?: string[];
    endsWiths?: string[];
    notEndsWiths?: string[];
}

/** Why a management-event selector records less than every read and write call, or undefined if it records all. */
function narrowed(fields: FieldSelector[]): string | undefined {
    const other = fields.filter((f) => f.field !== "eventCategory");
    return other.length === 0 ? undefined : `it also filters on ${other.map((f) => f.field).join(", ")}`;
}

export const managementEventsReadWrite: ResourceGuardrail = {
    name: "cis-3.1-cloudtrail-1-management-events-read-write",
    controls: ["CIS 3.1", "CloudTrail.1"],
    description: "Every trail records every management event, read and write, from every service.",
    resourceType: TRAIL,
    check: (p) => {
        const advanced: { fieldSelectors: FieldSelector[] }[] = (p.advancedEventSelectors ?? []).map((s: { fieldSelectors?: FieldSelector[] }) => ({
            fieldSelectors: s.fieldSelectors ?? [],
        }));
        const basic: { includeManagementEvents?: boolean; readWriteType?: string; excludeManagementEventSources?: string[] }[] =
            p.eventSelectors ?? [];
        if (advanced.length === 0 && basic.length === 0) {
            return verdict(true, "no selectors: CloudTrail's default, every management event", "");
        }
        if (advanced.length > 0) {
            const management = advanced.filter((s) =>
                s.fieldSelectors.some((f) => f.field === "eventCategory" && (f.equals ?? []).includes("Management")),
            );
            const complete = management.find((s) => narrowed(s.fieldSelectors) === undefined);
            const why = management.length === 0 ? "no advanced selector records management events" : narrowed(management[0].fieldSelectors);
            return verdict(
                complete !== undefined,
                "an advanced selector records eventCategory Management with no other filter",
                `the trail does not record every management event: ${why}. Add a selector on eventCategory = Management alone; CIS 4.x alarms need reads and writes of every service, KMS included.`,
            );
        }
        const all = basic.some(
            (s) => s.includeManagementEvents !== false && (s.readWriteType ?? "All") === "All" && (s.excludeManagementEventSources ?? []).length === 0,
        );
        return verdict(
            all,
            "an event selector records every management event, readWriteType All",
            "no event selector records every management event: set includeManagementEvents: true, readWriteType: All and no excludeManagementEventSources.",
        );
    },
};

export const TRAIL_GUARDRAILS = [multiRegionTrail, organizationTrail, logFileValidation, trailKmsEncryption, cloudWatchLogsDelivery, managementEventsReadWrite];
