// The S3 guardrails, called as the pack calls them: stack rules over a log
// bucket and its access-log bucket with their side resources, linked to
// their bucket by name, or by dependency when the name is unknown in a preview.
import { strict as assert } from "assert";
import type { PolicyResource } from "@pulumi/policy";
import { resourceViolations, served, stackResource, stackViolations, TYPES, UNKNOWN } from "./args";

const PAB = "cloudtrail-6-s3-8-public-access-blocked";
const TLS = "s3-5-tls-only-bucket-policy";
const VERSIONING = "s3-14-versioning";
const LOCK = "s3-15-object-lock";
const LOGGING = "cis-3.4-cloudtrail-7-s3-9-access-logging";
const FORCE_DESTROY = "s3-no-force-destroy";
const STACK_RULES = [PAB, TLS, VERSIONING, LOCK, LOGGING];

const LOG = "org-trail-logs";
const ACCESS = "org-trail-access-logs";
const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
const ALL_BLOCKED = Object.fromEntries(FLAGS.map((f) => [f, true]));

const tlsDeny = (bucket: string, change: Record<string, unknown> = {}) => ({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
    ...change,
});
const trailWrite = (bucket: string) => ({
    Sid: "CloudTrailWrite",
    Effect: "Allow",
    Principal: { Service: "cloudtrail.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `arn:aws:s3:::${bucket}/AWSLogs/*`,
});
const document = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** A bucket's side resources; null leaves one out. */
interface Sides {
    bucket?: Record<string, unknown>;
    publicAccessBlock?: Record<string, unknown> | null;
    versioning?: Record<string, unknown> | null;
    policy?: string | null;
    logsTo?: [PolicyResource, string] | null;
}
/** How side resources name their bucket: by its known name, or by an unknown value and a property dependency. */
type Link = "value" | "dependency";

function bucketStack(pulumiName: string, bucketName: string, sides: Sides, link: Link) {
    const bucket = stackResource(TYPES.bucket, pulumiName, { bucket: bucketName, forceDestroy: false, ...sides.bucket });
    const side = (suffix: string, type: string, props: Record<string, unknown> | null | undefined, refs: Record<string, [PolicyResource, string]> = {}) => {
        if (!props) return [];
        const all = Object.entries({ bucket: [bucket, bucketName] as [PolicyResource, string], ...refs });
        const values = Object.fromEntries(all.map(([k, [, name]]) => [k, link === "value" ? name : UNKNOWN]));
        const deps = link === "value" ? {} : Object.fromEntries(all.map(([k, [r]]) => [k, [r]]));
        return [stackResource(type, `${pulumiName}-${suffix}`, { ...props, ...values }, deps)];
    };
    const policy = sides.policy === undefined ? document(trailWrite(bucketName), tlsDeny(bucketName)) : sides.policy;
    return {
        bucket,
        all: [
            bucket,
            ...side("public-access", TYPES.publicAccessBlock, sides.publicAccessBlock === undefined ? ALL_BLOCKED : sides.publicAccessBlock),
            ...side("versioning", TYPES.versioning, sides.versioning === undefined ? { versioningConfiguration: { status: "Enabled" } } : sides.versioning),
            ...side("policy", TYPES.bucketPolicy, policy === null ? null : { policy }),
            ...(sides.logsTo ? side("access-logging", TYPES.logging, { targetPrefix: `${bucketName}/` }, { targetBucket: sides.logsTo }) : []),
        ],
    };
}

/** The archive: an Object Lock log bucket logging its access to an access-log bucket. */
function archive(change: { log?: Sides; access?: Sides } = {}, link: Link = "value"): PolicyResource[] {
    const access = bucketStack("access-logs", ACCESS, { bucket: { objectLockEnabled: false }, ...change.access }, link);
    const log = bucketStack("logs", LOG, { bucket: { objectLockEnabled: true }, logsTo: [access.bucket, ACCESS], ...change.log }, link);
    return [...log.all, ...access.all];
}

/** Each violation's message, after checking it is attached to the bucket it names. */
function findings(rule: string, resources: PolicyResource[]): string[] {
    return stackViolations(rule, resources).map((v) => {
        const bucket = resources.find((r) => r.urn === v.urn && r.type === TYPES.bucket);
        assert.ok(bucket && v.message.startsWith(`${bucket.name}: `), `${v.message} is not attached to its bucket (${v.urn})`);
        return v.message;
    });
}

/** Asserts `rule` finds exactly one bucket wrong, `subject`, and says `why`. */
function onlyFails(rule: string, resources: PolicyResource[], subject: string, why: RegExp) {
    const found = findings(rule, resources);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.ok(found[0].startsWith(`${subject}: `), found[0]);
    assert.match(found[0], why);
}

const NO_PAB = /no BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true/;
const NO_TLS = /no bucket policy statement denies s3:\* to Principal \* on the bucket and bucket\/\* when aws:SecureTransport is false/;
const NO_VERSIONING = /no BucketVersioning with status Enabled/;
const NO_LOCK = /objectLockEnabled is not true/;
const LOCKED_TARGET = /objectLockEnabled is true on a bucket that receives server access logs: S3 delivers no access logs into a bucket with Object Lock/;
const NO_LOGGING = /no BucketLogging: nobody could tell who read/;

describe("guardrails: buckets", () => {
    it("pass a locked, logged log bucket and its access-log bucket under every bucket rule", () => {
        for (const rule of STACK_RULES) assert.deepEqual(findings(rule, archive()), [], rule);
        for (const bucket of archive().filter((r) => r.type === TYPES.bucket)) {
            assert.deepEqual(resourceViolations(FORCE_DESTROY, TYPES.bucket, { ...bucket.props }), [], bucket.name);
        }
    });

    describe(PAB, () => {
        for (const flag of FLAGS) {
            it(`fails the bucket whose public access block has ${flag} false, and only it`, () => {
                onlyFails(PAB, archive({ log: { publicAccessBlock: { ...ALL_BLOCKED, [flag]: false } } }), "logs", NO_PAB);
            });
        }

        it("fails a bucket with no public access block, the access-log bucket too", () => {
            onlyFails(PAB, archive({ access: { publicAccessBlock: null } }), "access-logs", NO_PAB);
        });
    });

    describe(VERSIONING, () => {
        it("fails suspended or missing versioning, the access-log bucket too", () => {
            onlyFails(VERSIONING, archive({ log: { versioning: { versioningConfiguration: { status: "Suspended" } } } }), "logs", NO_VERSIONING);
            onlyFails(VERSIONING, archive({ access: { versioning: null } }), "access-logs", NO_VERSIONING);
        });
    });

    describe(TLS, () => {
        it("accepts Principal {AWS: *}, Resource * and a list of actions", () => {
            for (const deny of [tlsDeny(LOG, { Principal: { AWS: "*" } }), tlsDeny(LOG, { Resource: "*" }), tlsDeny(LOG, { Action: ["s3:*"] })]) {
                assert.deepEqual(findings(TLS, archive({ log: { policy: document(deny) } })), [], JSON.stringify(deny));
            }
        });

        const weak: [string, string | null][] = [
            ["no policy", null],
            ["a policy without the SecureTransport deny", document(trailWrite(LOG))],
            ["a deny that covers bucket/* but not the bucket", document(tlsDeny(LOG, { Resource: `arn:aws:s3:::${LOG}/*` }))],
            ["a deny that covers the bucket but not bucket/*", document(tlsDeny(LOG, { Resource: `arn:aws:s3:::${LOG}` }))],
            ["a deny for one account, not Principal *", document(tlsDeny(LOG, { Principal: { AWS: "arn:aws:iam::111111111111:root" } }))],
            ["a deny of one action", document(tlsDeny(LOG, { Action: "s3:GetObject" }))],
            ["a deny when SecureTransport is true", document(tlsDeny(LOG, { Condition: { Bool: { "aws:SecureTransport": "true" } } }))],
            ["an Allow in place of the Deny", document(tlsDeny(LOG, { Effect: "Allow" }))],
            ["the other bucket's deny", document(tlsDeny(ACCESS))],
        ];
        for (const [what, policy] of weak) {
            it(`fails ${what}`, () => onlyFails(TLS, archive({ log: { policy } }), "logs", NO_TLS));
        }

        it("does not count a statement about this bucket in another bucket's policy: S3 applies a policy to its own bucket only", () => {
            const both = document(tlsDeny(ACCESS), tlsDeny(LOG));
            onlyFails(TLS, archive({ log: { policy: null }, access: { policy: both } }), "logs", NO_TLS);
        });

        it("does not exempt the access-log bucket", () => {
            onlyFails(TLS, archive({ access: { policy: document(trailWrite(ACCESS)) } }), "access-logs", NO_TLS);
        });
    });

    describe(LOCK, () => {
        it("fails a log bucket without Object Lock, set false or left out", () => {
            onlyFails(LOCK, archive({ log: { bucket: { objectLockEnabled: false } } }), "logs", NO_LOCK);
            onlyFails(LOCK, archive({ log: { bucket: {} } }), "logs", NO_LOCK);
        });

        it("fails an access-log bucket with Object Lock enabled, even with no default retention: S3 would deliver no access logs", () => {
            onlyFails(LOCK, archive({ access: { bucket: { objectLockEnabled: true } } }), "access-logs", LOCKED_TARGET);
        });

        it("passes an access-log bucket whose objectLockEnabled is false or left out", () => {
            for (const bucket of [{ objectLockEnabled: false }, {}]) assert.deepEqual(findings(LOCK, archive({ access: { bucket } })), [], JSON.stringify(bucket));
        });

        it("asks Object Lock of the access-log bucket once it no longer receives access logs", () => {
            onlyFails(LOCK, archive({ log: { logsTo: null } }), "access-logs", /^access-logs: objectLockEnabled is not true/);
        });

        it("says why in the rule's description", () => {
            assert.match(served(LOCK).description ?? "", /receives another bucket's server access logs, which must have none at all/);
        });
    });

    describe(LOGGING, () => {
        it("fails a log bucket that logs its access nowhere", () => {
            const found = findings(LOGGING, archive({ log: { logsTo: null } }));
            assert.deepEqual(found.map((m) => m.split(":")[0]), ["logs", "access-logs"], "with no logging, nothing is a target and nothing exempt");
            for (const m of found) assert.match(m, NO_LOGGING);
        });

        it("exempts the bucket that receives the access logs, but not a third bucket", () => {
            const reports = bucketStack("reports", "org-trail-reports", {}, "value").all;
            onlyFails(LOGGING, [...archive(), ...reports], "reports", NO_LOGGING);
        });
    });

    describe("side resources whose bucket is unknown during a preview", () => {
        it("are linked to their bucket by property dependency", () => {
            for (const rule of STACK_RULES) assert.deepEqual(findings(rule, archive({}, "dependency")), [], rule);
        });

        it("are not counted for another bucket", () => {
            const bare = { publicAccessBlock: null, versioning: null, policy: null };
            const resources = archive({ access: bare }, "dependency");
            onlyFails(PAB, resources, "access-logs", NO_PAB);
            onlyFails(VERSIONING, resources, "access-logs", NO_VERSIONING);
            onlyFails(TLS, resources, "access-logs", NO_TLS);
        });

        it("are not counted for another bucket whose own name is unknown too", () => {
            const access = bucketStack("access-logs", UNKNOWN, { publicAccessBlock: null, versioning: null }, "dependency");
            const log = bucketStack("logs", UNKNOWN, { bucket: { objectLockEnabled: true }, logsTo: [access.bucket, UNKNOWN] }, "dependency");
            const resources = [...log.all, ...access.all];
            onlyFails(PAB, resources, "access-logs", NO_PAB);
            onlyFails(VERSIONING, resources, "access-logs", NO_VERSIONING);
            assert.deepEqual(findings(LOCK, resources), [], "the access-log target is found by dependency");
            const lockedAccess = bucketStack("access-logs", UNKNOWN, { bucket: { objectLockEnabled: true } }, "dependency");
            const lockedLog = bucketStack("logs", UNKNOWN, { bucket: { objectLockEnabled: true }, logsTo: [lockedAccess.bucket, UNKNOWN] }, "dependency");
            onlyFails(LOCK, [...lockedLog.all, ...lockedAccess.all], "access-logs", LOCKED_TARGET);
        });
    });

    describe(FORCE_DESTROY, () => {
        it("fails a bucket declared with forceDestroy, and passes one without it", () => {
            assert.match(resourceViolations(FORCE_DESTROY, TYPES.bucket, { bucket: LOG, forceDestroy: true }).join("|"), /^forceDestroy is true: `pulumi destroy` would delete every object/);
            assert.deepEqual(resourceViolations(FORCE_DESTROY, TYPES.bucket, { bucket: LOG }), []);
        });
    });

    describe("loopholes closed", () => {
        it("grants no exemption to a log bucket that logs into itself, and does not count that as access logging", () => {
            // A bucket logging into itself is not an access-log target either: it must keep Object Lock.
            const selfLogging = stackResource(TYPES.logging, "logs-self-logging", { bucket: LOG, targetBucket: LOG, targetPrefix: "self/" });
            const unlocked = archive().map((r) => (r.name === "logs" ? stackResource(TYPES.bucket, "logs", { bucket: LOG, objectLockEnabled: false }) : r));
            onlyFails(LOCK, [...unlocked, selfLogging], "logs", NO_LOCK);
            const onlySelf = [...archive().filter((r) => r.name !== "logs-access-logging"), selfLogging];
            assert.deepEqual(findings(LOGGING, onlySelf).map((m) => m.split(":")[0]), ["logs", "access-logs"]);
        });

        it("fails a TLS deny narrowed by another condition, and accepts the key in any case", () => {
            const narrowed = tlsDeny(LOG, { Condition: { Bool: { "aws:SecureTransport": "false" }, StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } });
            onlyFails(TLS, archive({ log: { policy: document(narrowed) } }), "logs", NO_TLS);
            const twoKeys = tlsDeny(LOG, { Condition: { Bool: { "aws:SecureTransport": "false", "aws:ViaAWSService": "false" } } });
            onlyFails(TLS, archive({ log: { policy: document(twoKeys) } }), "logs", NO_TLS);
            const lowerCase = tlsDeny(LOG, { Condition: { Bool: { "aws:securetransport": "false" } } });
            assert.deepEqual(findings(TLS, archive({ log: { policy: document(lowerCase) } })), []);
        });

        it("reads a bucket policy given as a document rather than JSON text", () => {
            const resources = archive().map((r) =>
                r.name === "logs-policy" ? stackResource(TYPES.bucketPolicy, "logs-policy", { bucket: LOG, policy: { Version: "2012-10-17", Statement: [tlsDeny(LOG)] } }) : r,
            );
            assert.deepEqual(findings(TLS, resources), []);
        });

        it("fails a bucket with two public access blocks, two versionings or two policies: only the last applied counts", () => {
            for (const [rule, type, name, props] of [
                [PAB, TYPES.publicAccessBlock, "logs-public-access-2", { ...ALL_BLOCKED, blockPublicPolicy: false }],
                [VERSIONING, TYPES.versioning, "logs-versioning-2", { versioningConfiguration: { status: "Suspended" } }],
                [TLS, TYPES.bucketPolicy, "logs-policy-2", { policy: document(trailWrite(LOG)) }],
            ] as const) {
                const second = stackResource(type, name, { bucket: LOG, ...props });
                onlyFails(rule, [...archive(), second], "logs", new RegExp(`2 \\w+ resources \\(logs-[a-z-]+, ${name}\\) for one bucket: only the last applied counts`));
            }
        });
    });
});
