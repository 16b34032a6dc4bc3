// The Athena results bucket's policy and its key's policy. Query results
// are excerpts of the logs: only the auditor role reads and writes them, and
// with no auditor (no log readers) nobody does.
import { accountRootArn, breakGlassInAccount, bucketArn } from "./arns";
import { denyInsecureTransport, policy, PolicyDocument, unlessPrincipal } from "./document";
import { denyKeyDestruction, denyKeyPolicyChanges, denyPolicyLockoutBypass, keyAdministration } from "./logKeyPolicy";

export interface AthenaResultsPolicyArgs {
    /** AWS partition of the log-archive account. */
    partition: string;
    /** Region of the results bucket: the key is used through S3 there only. */
    region: string;
    /** The log-archive account; only its break-glass roles are exempt. */
    accountId: string;
    /** Name of the bucket Athena writes query results to. */
    resultsBucketName: string;
    /** The auditor role's ARN; absent when there are no log readers, and then nobody reads results. */
    auditorRoleArn?: string;
    /** Exact break-glass role ARNs (account may be `*`); only this account's role of each name is exempt. */
    breakGlassArns: readonly string[];
    /** The deployer's exact role ARN: exempt from the key-policy deny so its next `pulumi up` converges. */
    deployerArns: readonly string[];
}

/** Object reads and writes; lifecycle expiry is not a request and is unaffected. */
export const RESULT_OBJECT_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"];

export function athenaResultsBucketPolicy(a: AthenaResultsPolicyArgs): PolicyDocument {
    const bucket = bucketArn(a.partition, a.resultsBucketName);
    const objects = `${bucket}/*`;
    const exempt = unlessPrincipal([...(a.auditorRoleArn ? [a.auditorRoleArn] : []), ...breakGlassInAccount(a.breakGlassArns, a.accountId)]);
    return policy(denyInsecureTransport("s3", [bucket, objects]), {
        // Identity policies in this account may grant s3:GetObject on "*"; results are log excerpts.
        Sid: "DenyResultAccessByOthers",
        Effect: "Deny",
        Principal: "*",
        Action: RESULT_OBJECT_ACTIONS,
        Resource: objects,
        ...(exempt ? { Condition: exempt } : {}),
    });
}

export function athenaResultsKeyPolicy(a: AthenaResultsPolicyArgs): PolicyDocument {
    const bucket = bucketArn(a.partition, a.resultsBucketName);
    const breakGlass = breakGlassInAccount(a.breakGlassArns, a.accountId);
    return policy(
        keyAdministration(a.partition, a.accountId),
        a.auditorRoleArn === undefined
            ? undefined
            : {
                  // Granted to the account with the role as a condition: the key exists before the role does.
                  Sid: "AuditorEncryptsResultsThroughS3",
                  Effect: "Allow",
                  Principal: { AWS: accountRootArn(a.partition, a.accountId) },
                  Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                  Resource: "*",
                  Condition: {
                      ArnEquals: { "aws:PrincipalArn": a.auditorRoleArn },
                      StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` },
                      // The bucket with an S3 Bucket Key, an object without one.
                      StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucket, `${bucket}/*`] },
                  },
              },
        denyKeyDestruction(breakGlass),
        denyKeyPolicyChanges([...breakGlass, ...a.deployerArns]),
        denyPolicyLockoutBypass(),
    );
}
