// S3: every bucket of the archive is private, TLS-only, versioned and kept;
// the buckets that hold logs are also locked and their access is logged
// (CloudTrail.6, CloudTrail.7; S3.5, S3.8, S3.9, S3.14, S3.15). In
// @pulumi/aws v7 each of these settings is a resource of its own, tied to
// its bucket by the bucket's name, so most of these rules read the stack.
import type { PolicyResource } from "@pulumi/policy";
import { Finding, ResourceGuardrail, shown, StackGuardrail, Verdict, verdict } from "./guardrail";

const BUCKET = "aws:s3/bucket:Bucket";
const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";

/** A value known at preview, or undefined: reading an unknown value throws inside @pulumi/policy. */
function known(props: Record<string, any>, key: string): unknown {
    try {
        return props[key];
    } catch {
        return undefined;
    }
}

/** Whether `r`'s property `key` names `bucket`: by the value, or by the dependency when the value is unknown. */
function refersTo(r: PolicyResource, key: string, bucket: PolicyResource): boolean {
    if ((r.propertyDependencies?.[key] ?? []).some((d) => d.urn === bucket.urn)) return true;
    const name = known(bucket.props, "bucket");
    return name !== undefined && known(r.props, key) === name;
}

const settingsOf = (resources: PolicyResource[], type: string, bucket: PolicyResource) =>
    resources.filter((r) => r.type === type && refersTo(r, "bucket", bucket));

/**
 * Buckets that receive another bucket's server access logs: S3 cannot
 * deliver them into a bucket with Object Lock enabled, and logging them would
 * log forever. A bucket logging into itself is no access-log bucket and
 * earns no exemption.
 */
const accessLogTargets = (resources: PolicyResource[]) =>
    resources.filter(
        (b) => b.type === BUCKET && resources.some((r) => r.type === LOGGING && refersTo(r, "targetBucket", b) && !refersTo(r, "bucket", b)),
    );

/** S3 keeps one of each of these per bucket: with two, whichever applies last wins, so two is a finding of its own. */
function oneOf(settings: PolicyResource[], type: string): Verdict | undefined {
    return settings.length > 1
        ? { passed: false, says: `${settings.length} ${type.split(":").pop()} resources (${settings.map((s) => s.name).join(", ")}) for one bucket: only the last applied counts. Keep one.` }
        : undefined;
}

/** A stack rule that judges each bucket (or each bucket `applies` keeps) on its own settings. */
function eachBucket(
    resources: PolicyResource[],
    judge: (bucket: PolicyResource, settings: (type: string) => PolicyResource[]) => Verdict,
    applies: (bucket: PolicyResource) => boolean = () => true,
): Finding[] {
    return resources
        .filter((r) => r.type === BUCKET && applies(r))
        .map((bucket) => ({ subject: bucket.name, urn: bucket.urn, ...judge(bucket, (type) => settingsOf(resources, type, bucket)) }));
}

export const publicAccessBlocked: StackGuardrail = {
    name: "cloudtrail-6-s3-8-public-access-blocked",
    controls: ["CloudTrail.6", "S3.8", "CT.S3.PR.1"],
    description: "Every bucket blocks public ACLs and policies, all four settings on.",
    resourceTypes: [BUCKET, PUBLIC_ACCESS_BLOCK],
    check: (resources) =>
        eachBucket(resources, (_, settings) => {
            const flags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
            const blocks = settings(PUBLIC_ACCESS_BLOCK);
            const complete = blocks.some((b) => flags.every((f) => b.props[f] === true));
            return oneOf(blocks, PUBLIC_ACCESS_BLOCK) ?? verdict(
                complete,
                "BucketPublicAccessBlock with all four settings true",
                `no BucketPublicAccessBlock with ${flags.join(", ")} all true: one policy or ACL mistake would publish the logs.`,
            );
        }),
};

interface Statement {
    Effect?: string;
    Principal?: unknown;
    Action?: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * Whether `s` refuses every S3 call over plain HTTP, from anyone, to the
 * bucket and its objects. The condition must be that alone: another one
 * (an organization, a VPC) would let plain HTTP through for everyone else.
 */
function deniesPlainHttp(s: Statement, bucketName: string): boolean {
    const everyone = s.Principal === "*" || list((s.Principal as { AWS?: unknown } | undefined)?.AWS).includes("*");
    const resources = list(s.Resource).map(String);
    const coversBucket = resources.some((r) => r === "*" || r.endsWith(`:::${bucketName}`));
    const coversObjects = resources.some((r) => r === "*" || r.endsWith(`:::${bucketName}/*`));
    const operators = Object.entries(s.Condition ?? {});
    // IAM reads condition keys without regard to case.
    const onlyTls =
        operators.length === 1 &&
        operators[0][0] === "Bool" &&
        Object.keys(operators[0][1]).length === 1 &&
        Object.keys(operators[0][1])[0].toLowerCase() === "aws:securetransport" &&
        list(Object.values(operators[0][1])[0]).map(String).includes("false");
    return s.Effect === "Deny" && everyone && list(s.Action).includes("s3:*") && coversBucket && coversObjects && onlyTls;
}

/** A policy input as the provider takes it: JSON text or a document. */
const documentOf = (policy: unknown): { Statement?: unknown } => (typeof policy === "string" ? JSON.parse(policy) : (policy as { Statement?: unknown }));

export const tlsOnlyPolicy: StackGuardrail = {
    name: "s3-5-tls-only-bucket-policy",
    controls: ["CIS 2.1.1", "S3.5", "CT.S3.PR.8"],
    description: "Every bucket policy denies s3:* to everyone when aws:SecureTransport is false, on the bucket and its objects.",
    resourceTypes: [BUCKET, POLICY],
    check: (resources) =>
        eachBucket(resources, (bucket, settings) => {
            // Read directly: a name unknown during a preview stops the rule there, as @pulumi/policy intends.
            const name = String(bucket.props.bucket);
            const policies = settings(POLICY);
            const statements = policies.flatMap((p) => list(documentOf(p.props.policy).Statement) as Statement[]);
            return oneOf(policies, POLICY) ?? verdict(
                statements.some((s) => deniesPlainHttp(s, name)),
                "bucket policy denies s3:* without TLS",
                "no bucket policy statement denies s3:* to Principal * on the bucket and bucket/* when aws:SecureTransport is false.",
            );
        }),
};

export const versioning: StackGuardrail = {
    name: "s3-14-versioning",
    controls: ["S3.14", "CT.S3.PR.11"],
    description: "Every bucket keeps every version, so an overwrite or delete is recoverable.",
    resourceTypes: [BUCKET, VERSIONING],
    check: (resources) =>
        eachBucket(resources, (_, settings) =>
            oneOf(settings(VERSIONING), VERSIONING) ??
            verdict(
                settings(VERSIONING).some((v) => v.props.versioningConfiguration?.status === "Enabled"),
                "BucketVersioning status Enabled",
                "no BucketVersioning with status Enabled: an overwritten or deleted object would be gone.",
            ),
        ),
};

export const objectLock: StackGuardrail = {
    name: "s3-15-object-lock",
    controls: ["S3.15", "CT.S3.PR.9"],
    description:
        "Every bucket is created with Object Lock, except one that receives another bucket's server access logs, which must have none at all: " +
        "S3 refuses a server access logging destination with Object Lock enabled, whatever its default retention, and Object Lock cannot be turned off.",
    resourceTypes: [BUCKET, LOGGING],
    check: (resources) => {
        const targets = accessLogTargets(resources);
        return eachBucket(resources, (bucket) =>
            targets.includes(bucket)
                ? verdict(
                      bucket.props.objectLockEnabled !== true,
                      `${shown(bucket.props, "objectLockEnabled", "no Object Lock")}, as a bucket receiving server access logs must be`,
                      "objectLockEnabled is true on a bucket that receives server access logs: S3 delivers no access logs into a bucket with Object Lock, " +
                          "and it cannot be turned off. Create the access-log bucket without Object Lock; its bucket policy protects the logs.",
                  )
                : verdict(
                      bucket.props.objectLockEnabled === true,
                      "objectLockEnabled: true",
                      "objectLockEnabled is not true: log objects could be deleted or overwritten, and it can only be set when the bucket is created.",
                  ),
        );
    },
};

export const accessLogging: StackGuardrail = {
    name: "cis-3.4-cloudtrail-7-s3-9-access-logging",
    controls: ["CIS 3.4", "CloudTrail.7", "S3.9", "CT.S3.PR.2"],
    description: "Every bucket records its server access logs in another bucket, except the one that receives them.",
    resourceTypes: [BUCKET, LOGGING],
    check: (resources) => {
        const targets = accessLogTargets(resources);
        return eachBucket(
            resources,
            (bucket, settings) =>
                verdict(
                    settings(LOGGING).some((l) => !refersTo(l, "targetBucket", bucket)),
                    "BucketLogging to an access-log bucket",
                    "no BucketLogging: nobody could tell who read or tried to change the logs.",
                ),
            (bucket) => !targets.includes(bucket),
        );
    },
};

export const noForceDestroy: ResourceGuardrail = {
    name: "s3-no-force-destroy",
    controls: ["Project rule: nothing lost"],
    description: "No bucket is declared with forceDestroy, which lets `pulumi destroy` empty it.",
    resourceType: BUCKET,
    check: (p) =>
        verdict(
            p.forceDestroy !== true,
            shown(p, "forceDestroy", "the provider's default, false"),
            "forceDestroy is true: `pulumi destroy` would delete every object first. Remove it.",
        ),
};

export const BUCKET_GUARDRAILS = [publicAccessBlocked, tlsOnlyPolicy, versioning, objectLock, accessLogging, noForceDestroy];
