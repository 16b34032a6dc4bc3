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
    athenaTable: z.string({ error: "expected a Glue table name" }).regex(/^[a-z0-9_]{1,255}$/, "expected a Glue table name").optional(),
    // Present only when the log-archive stack has auditAccountId set: the audit account whose detection
    // engine reads the logs, the role the archive's policies grant (derived from auditAccountId and a
    // fixed name), and the topic the log bucket's notifications go to, which the audit queue subscribes to.
    auditAccountId: v.accountId().optional(),
    engineRoleArn: v.principalArn().regex(/:role\//, "expected an IAM role ARN").optional(),
    logFileTopicArn: arn("sns", "").optional(),
    /** The log-archive key that encrypts that topic (the SCP protects it). */
    logFileTopicKeyArn: arn("kms", "key/").optional(),
});

export type LogArchiveContract = z.output<typeof logArchiveOutputsSchema>;

/**
 * Reads and validates every output the management and audit stacks need.
 * Awaiting the values here, before any resource is declared, is what lets a
 * bad or stale log-archive stack stop the program with nothing created.
 */
export function readLogArchiveOutputs(ref: pulumi.StackReference, stackName: string, reader = "management"): Promise<LogArchiveContract> {
    return readStackOutputs(ref, logArchiveOutputsSchema, { stackName, key: "logArchiveStack", what: "log-archive", reader });
}

/**
 * Reads every key of `schema` from a stack reference and validates the lot;
 * a missing or wrong output stops the program, naming the stack to fix and
 * the config key that names it.
 */
export async function readStackOutputs<S extends z.ZodObject>(
    ref: pulumi.StackReference,
    schema: S,
    s: { stackName: string; key: string; what: string; reader: string },
): Promise<z.output<S>> {
    const raw: Record<string, unknown> = {};
    for (const key of Object.keys(schema.shape)) {
        const details = await ref.getOutputDetails(key);
        const value = details.value ?? details.secretValue;
        if (value !== undefined) raw[key] = value;
    }
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    const lines = result.error.issues.map((issue) => {
        const key = issue.path.map(String).join(".");
        const value = raw[String(issue.path[0])];
        return value === undefined
            ? `output ${key} is missing (run \`pulumi up\` on ${s.stackName} with this version of the program first)`
            : `output ${key} = ${JSON.stringify(value)}: ${issue.message}`;
    });
    throw new ConfigError(
        `The ${s.what} stack ${s.stackName} (${NAMESPACE}:${s.key}) does not provide what the ${s.reader} stack needs; nothing was created:\n` +
            lines.map((l) => `  - ${l}`).join("\n"),
    );
}
