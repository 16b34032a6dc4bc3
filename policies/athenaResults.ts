// The Athena results bucket's policy and its key's policy. Query results
// are excerpts of the logs: only the auditor role reads and writes them.
import { accountRootArn, bucketArn } from "./arns";
import { denyInsecureTransport, policy, PolicyDocument, unlessPrincipal } from "./document";
import { denyKeyDestruction, denyKeyPolicyChanges, keyAdministration } from "./logKeyPolicy";

export interface AthenaResultsPolicyArgs {
    partition: string;
    region: string;
    accountId: string;
    resultsBucketName: string;
    auditorRoleArn: string;
    breakGlassArns: readonly string[];
    deployerArns: readonly string[];
}

/** Object reads and writes; lifecycle expiry is not a request and is unaffected. */
export const RESULT_OBJECT_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"];

export function athenaResultsBucketPolicy(a: AthenaResultsPolicyArgs): PolicyDocument {
    const bucket = bucketArn(a.partition, a.resultsBucketName);
    const objects = `${bucket}/*`;
    return policy(denyInsecureTransport("s3", [bucket, objects]), {
        // Identity policies in this account may grant s3:GetObject on "*"; results are log excerpts.
        Sid: "DenyResultAccessByOthers",
        Effect: "Deny",
        Principal: "*",
        Action: RESULT_OBJECT_ACTIONS,
        Resource: objects,
        Condition: unlessPrincipal([a.auditorRoleArn, ...a.breakGlassArns]),
    });
}

export function athenaResultsKeyPolicy(a: AthenaResultsPolicyArgs): PolicyDocument {
    const bucket = bucketArn(a.partition, a.resultsBucketName);
    return policy(
        keyAdministration(a.partition, a.accountId),
        {
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
        denyKeyDestruction(a.breakGlassArns),
        denyKeyPolicyChanges([...a.breakGlassArns, ...a.deployerArns]),
    );
}
