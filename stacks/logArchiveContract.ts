// What the management stack reads from the log-archive stack, checked as
// strictly as configuration: a wrong value here would point the trail at the
// wrong bucket or key, so it stops the program, naming the stack to fix.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError, NAMESPACE } from "../config/load";
import * as v from "../config/validators";

const arn = (service: string, resource: string) => {
    const expected = `expected a ${service} ARN (arn:<partition>:${service}:<region>:<account>:${resource}...)`;
    return z.string({ error: expected }).regex(new RegExp(`^arn:aws(-[a-z]+)*:${service}:[a-z0-9-]*:\\d{0,12}:${resource}`), expected);
};

export const logArchiveOutputsSchema = z.object({
    accountId: v.accountId(),
    region: v.region(),
    organizationId: v.organizationId(),
    managementAccountId: v.accountId(),
    trailName: v.trailName(),
    trailHomeRegion: v.region(),
    trailArn: arn("cloudtrail", "trail/"),
    bucketName: v.bucketName(),
    bucketArn: z.string({ error: "expected an S3 bucket ARN" }).regex(/^arn:aws(-[a-z]+)*:s3:::[a-z0-9.-]+$/, "expected an S3 bucket ARN"),
    s3KeyPrefix: z.union([z.literal(""), v.s3KeyPrefix()], { error: "expected an S3 key prefix or \"\"" }),
    kmsKeyArn: arn("kms", "key/"),
    accessLogBucketName: v.bucketName(),
    // An exemption in an SCP: held to the same rule as the key that set it (an exact role, never a pattern).
    deployerRoleArn: v.deployerRoleArn(),
    breakGlassArns: z.array(v.breakGlassRoleArn(), { error: "expected a JSON array of IAM role ARNs" }),
    // The RCP lets only these (with the auditor role and break-glass) read the logs and assume the auditor role.
    logReaderArns: z.array(v.principalArn(), { error: "expected a JSON array of IAM role, user or account root ARNs" }),
    // Present only when the log-archive stack has Athena on (and, for the auditor role, readers):
    // the SCP protects the role and the investigators' workgroup and database.
    auditorRoleArn: v.principalArn().regex(/:role\//, "expected an IAM role ARN").optional(),
    athenaWorkgroup: v.workgroupName().optional(),
    athenaDatabase: v.glueDatabaseName().optional(),
});

export type LogArchiveContract = z.output<typeof logArchiveOutputsSchema>;

/**
 * Reads and validates every output the management stack needs. Awaiting the
 * values here, before any resource is declared, is what lets a bad or stale
 * log-archive stack stop the program with nothing created.
 */
export async function readLogArchiveOutputs(ref: pulumi.StackReference, stackName: string): Promise<LogArchiveContract> {
    const raw: Record<string, unknown> = {};
    for (const key of Object.keys(logArchiveOutputsSchema.shape)) {
        const details = await ref.getOutputDetails(key);
        const value = details.value ?? details.secretValue;
        if (value !== undefined) raw[key] = value;
    }
    const result = logArchiveOutputsSchema.safeParse(raw);
    if (result.success) return result.data;
    const lines = result.error.issues.map((issue) => {
        const key = issue.path.map(String).join(".");
        const value = raw[String(issue.path[0])];
        return value === undefined
            ? `output ${key} is missing (run \`pulumi up\` on ${stackName} with this version of the program first)`
            : `output ${key} = ${JSON.stringify(value)}: ${issue.message}`;
    });
    throw new ConfigError(
        `The log-archive stack ${stackName} (${NAMESPACE}:logArchiveStack) does not provide what the management stack needs; nothing was created:\n` +
            lines.map((l) => `  - ${l}`).join("\n"),
    );
}
