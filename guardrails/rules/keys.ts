// KMS: the keys that encrypt logs and alerts rotate, and a key scheduled
// for deletion can be saved for as long as AWS allows (CIS 3.6, KMS.4).
import { ResourceGuardrail, shown, verdict } from "./guardrail";

const KEY = "aws:kms/key:Key";

/** AWS's longest window, and its default when none is given. */
const MAX_WINDOW_DAYS = 30;

export const keyRotation: ResourceGuardrail = {
    name: "cis-3.6-kms-4-key-rotation",
    controls: ["CIS 3.6", "KMS.4"],
    description: "Every symmetric key rotates its key material.",
    resourceType: KEY,
    check: (p) => {
        // AWS rotates only symmetric encryption keys; asymmetric and HMAC keys are out of scope of the control.
        if ((p.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") !== "SYMMETRIC_DEFAULT") return undefined;
        return verdict(
            p.enableKeyRotation === true,
            "enableKeyRotation: true",
            "enableKeyRotation is not true: one key material would encrypt years of logs. Set enableKeyRotation: true.",
        );
    },
};

export const deletionWindow: ResourceGuardrail = {
    name: "kms-deletion-window-30-days",
    controls: ["Project rule: nothing lost"],
    description: `Every key's deletion window is ${MAX_WINDOW_DAYS} days, the most AWS allows, so a scheduled deletion can be noticed and cancelled.`,
    resourceType: KEY,
    check: (p) => {
        const days = p.deletionWindowInDays ?? MAX_WINDOW_DAYS;
        return verdict(
            days >= MAX_WINDOW_DAYS,
            shown(p, "deletionWindowInDays", `AWS's default, ${MAX_WINDOW_DAYS} days`),
            `deletionWindowInDays is ${days}: a deleted key makes every log it encrypted unreadable; give alarms and people ${MAX_WINDOW_DAYS} days to cancel.`,
        );
    },
};

export const KEY_GUARDRAILS = [keyRotation, deletionWindow];
