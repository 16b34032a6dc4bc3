// The keys the detection catalog's patterns are built from. With an audit
// stack they are the audit stack's (its engine evaluates with them and the
// management stack reads them from its outputs); without one, the management
// stack's. One definition, so both stacks validate them alike.
import { z } from "zod";
import { consoleSignInOutsidePattern, largeInstancePattern, tooLong, trustedRangeProblem } from "../detections/parameters";
import * as v from "./validators";

/**
 * Sizes of 8xlarge and up, bare metal, and the GPU and machine-learning
 * families: what stolen credentials are used to launch.
 */
export const DEFAULT_LARGE_INSTANCE_TYPES = [
    "*.8xlarge", "*.9xlarge", "*.10xlarge", "*.12xlarge", "*.16xlarge", "*.18xlarge", "*.24xlarge", "*.32xlarge", "*.48xlarge",
    "*.56xlarge", "*.96xlarge", "*.112xlarge", "*.224xlarge", "*.metal*", "p*", "g*", "trn*", "inf*", "dl*",
] as const;

export const noDuplicates = <T>(list: T[]) => new Set(list).size === list.length;

export const detectionParameterFields = {
    trustedCidrs: z
        .array(v.trustedRange(), { error: "expected a JSON array of IPv4 addresses or CIDRs" })
        .refine(noDuplicates, "expected each range at most once")
        .superRefine((cidrs, ctx) => {
            // zod runs this even when an entry is invalid; those entries are reported on their own.
            if (!cidrs.every((c) => trustedRangeProblem(c) === undefined)) return;
            const problem = tooLong(
                consoleSignInOutsidePattern(cidrs),
                "list fewer, wider ranges (a range on an octet boundary, /8 /16 /24 /32, costs one term; a /23 costs two, a /22 four)",
            );
            if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .default([])
        .describe("IPv4 addresses or CIDRs console sign-ins are expected from; a sign-in from anywhere else alerts. [] turns that detection off."),
    largeInstanceTypes: z
        .array(v.instanceTypePattern(), { error: "expected a JSON array of instance-type patterns" })
        .refine(noDuplicates, "expected each pattern at most once")
        .superRefine((types, ctx) => {
            const problem = tooLong(largeInstancePattern(types), "use fewer, broader wildcards");
            if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .default([...DEFAULT_LARGE_INSTANCE_TYPES])
        .describe("EC2 instance types (wildcards allowed, e.g. *.8xlarge, p*) whose launch alerts. [] turns that detection off."),
    alarmNamespace: v
        .metricNamespace()
        .default("OrgCloudTrail")
        .describe("CloudWatch namespace of the detections' metrics; each metric is named after its detection id."),
};
