// What the management stack reads from the audit stack (config `auditStack`),
// checked as strictly as configuration: the SCP protects what these name and
// the alarms publish to the topic, so a wrong value stops the program.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import * as v from "../config/validators";
import { readStackOutputs } from "./logArchiveContract";

const arnOf = (service: string) => {
    const expected = `expected an ${service} ARN`;
    return z.string({ error: expected }).regex(new RegExp(`^arn:aws(-[a-z]+)*:${service}:[a-z0-9-]+:\\d{12}:`), expected);
};

export const auditOutputsSchema = z.object({
    /** The audit account and region; the region is the trail's home region. */
    accountId: v.accountId(),
    region: v.region(),
    organizationId: v.organizationId(),
    /** The log-archive account whose logs the engine reads: the management stack's must be the same. */
    logArchiveAccountId: v.accountId(),
    /** The pager: the management stack's alarms publish here. */
    alertTopicArn: arnOf("sns"),
    alertKeyArn: arnOf("kms"),
    /** What the SCP protects in the audit account. */
    engineFunctionArn: arnOf("lambda"),
    engineRoleArn: v.principalArn().regex(/:role\//, "expected an IAM role ARN"),
    logFileQueueArn: arnOf("sqs"),
    deadLetterQueueArn: arnOf("sqs"),
    alarmNames: z.array(z.string().min(1), { error: "expected a JSON array of alarm names" }),
    deployerRoleArn: v.deployerRoleArn(),
    breakGlassArns: z.array(v.breakGlassRoleArn(), { error: "expected a JSON array of IAM role ARNs" }),
    /**
     * The detection parameters the engine evaluates with; with an audit stack
     * the management stack's metric filters are built from these, so the two
     * paths cannot disagree.
     */
    trustedCidrs: z.array(z.string(), { error: "expected a JSON array of CIDRs" }),
    largeInstanceTypes: z.array(z.string(), { error: "expected a JSON array of instance-type patterns" }),
    alarmNamespace: v.metricNamespace(),
});

export type AuditContract = z.output<typeof auditOutputsSchema>;

export function readAuditOutputs(ref: pulumi.StackReference, stackName: string): Promise<AuditContract> {
    return readStackOutputs(ref, auditOutputsSchema, { stackName, key: "auditStack", what: "audit", reader: "management" });
}
