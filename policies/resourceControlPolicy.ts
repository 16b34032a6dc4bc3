// The resource control policy `protect-audit-archive`, attached to the
// log-archive account: the archive's buckets and key refuse destruction,
// forged logs, setting changes, key sabotage and reading by anyone but the
// configured readers, whoever asks and whatever the bucket, key and auditor
// trust policies have been rewritten to say, including
// principals no SCP governs (the management account's, other
// organizations', AWS services acting for someone else), while CloudTrail
// and S3 server access logging still deliver. Nothing inside the log-archive
// account can change it.
//
// AWS's rules for RCPs, followed here (AWS Organizations User Guide,
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
// and .../orgs_manage_policies_rcps_syntax.html): only Deny statements,
// `Principal` is `"*"`, no `NotAction` or `NotPrincipal`, `Action` never
// `"*"`; RCPFullAWSAccess is attached to every root, OU and account
// automatically; RCPs cover S3, STS, KMS, SQS and Secrets Manager among
// others (not IAM, Glue or Athena: those stay with the SCP); they apply to
// AWS service principals too, and never to the management account's
// resources.
import { bucketArn, breakGlassInAccount } from "./arns";
import { bucketSettingsDenies, DEPLOYER_NOTIFICATION_ACTIONS, LOG_OBJECT_DESTRUCTION_ACTIONS } from "./archiveStatements";
import { policy, PolicyDocument, Statement, unlessPrincipal } from "./document";
import { denyPolicyLockoutBypass, KEY_DESTRUCTION_ACTIONS } from "./logKeyPolicy";
import { accountOf, isRoot } from "./readers";

export interface ProtectAuditArchiveArgs {
    /** AWS partition of the organization. */
    partition: string;
    /** The log-archive account, which holds the buckets and the key, and where the RCP is attached. */
    accountId: string;
    /** The organization: AWS services may use the archive only on behalf of its accounts. */
    organizationId: string;
    /** The organization trail: the only source whose files may be written into the log bucket. */
    trailArn: string;
    /** The log bucket. */
    bucketName: string;
    /** The bucket receiving the archive buckets' server access logs. */
    accessLogBucketName: string;
    /** The key that encrypts the trail's files. */
    kmsKeyArn: string;
    /**
     * The management stack's break-glass roles: exempt from every deny, in the
     * log-archive account only (an `arn:aws:iam::*:role/...` entry is narrowed
     * to that account, so a role of the same name elsewhere opens no door).
     */
    breakGlassArns: readonly string[];
    /** The log-archive deployer's exact role ARN: exempt, as in the SCP, from the bucket-policy, tagging and key-policy denies only. */
    deployerArns: readonly string[];
    /**
     * The log-archive stack's `logReaderArns` (its output of that name): the
     * only principals, with the auditor role and break-glass, that may read
     * and decrypt the logs and assume the auditor role, whatever the bucket,
     * key and trust policies say. A role or user entry is matched by its ARN;
     * an account root entry admits its whole account, as the bucket and key
     * policies grant it (./readers.ts).
     */
    logReaderArns: readonly string[];
    /** The Athena auditor role (the log-archive output `auditorRoleArn`); absent when that stack has none. */
    auditorRoleArn?: string;
    /**
     * The audit stack's detection engine role (the log-archive output
     * `engineRoleArn`), when the archive feeds an audit account: it reads
     * every new log file, so it is exempt where readers are, and the
     * deployer may then write the log bucket's event notifications.
     */
    engineRoleArn?: string;
}

/**
 * AWS Organizations' limit on a resource control policy document, whitespace
 * included: 5,120 characters (AWS Organizations User Guide, "Quotas and
 * service limits",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
 */
export const RCP_MAX_CHARACTERS = 5120;

/**
 * Every bucket setting but the deployer's two (`s3:PutBucketPolicy`,
 * `s3:PutBucketTagging`), named positively because RCPs accept no
 * `NotAction`: the SCP's NotAction statement (bucketSettingsDenies) is the
 * complete wall against the deployer, including actions S3 adds later; this
 * list repeats it for every setting S3 has today.
 */
export const RCP_DEPLOYER_DENIED_BUCKET_ACTIONS = [
    "s3:PutBucketAbac",
    "s3:PutBucketAcl",
    "s3:PutBucketCORS",
    "s3:PutBucketLogging",
    "s3:PutBucketNotification",
    "s3:PutBucketOwnershipControls",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketRequestPayment",
    "s3:PutBucketVersioning",
    "s3:PutBucketWebsite",
    // Lifecycle, encryption, replication, Object Lock, inventory, analytics, metrics, tiering, acceleration.
    "s3:Put*Configuration",
    "s3:DeleteBucket*",
];

/**
 * Reading a log's content: the object (any version), and the key that
 * decrypts it, directly, by re-encryption under another key, or through a
 * grant (which would hand Decrypt out around the key policy). Every log file
 * is encrypted with the key, so kms:Decrypt is the last wall: whoever gets
 * the bytes some other way (a replication or batch role) cannot read them.
 */
export const LOG_READ_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant"];

/**
 * Every way to get the auditor role's credentials, which read the logs: from
 * an IAM principal, or from a SAML or OIDC identity provider a re-trusted
 * role would name. RCPs cover all three (AWS's data-perimeter RCP examples
 * deny sts:AssumeRoleWithWebIdentity:
 * https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/resource_control_policies/README.md).
 * `sts:TagSession` and `sts:SetSourceIdentity` are authorized within the
 * same request as the assumption, never alone, so denying the assumption is
 * enough.
 */
export const AUDITOR_ASSUME_ACTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"];

/**
 * Finding 3 of the red-team review: the deployer may rewrite the bucket and
 * key policies (its next `pulumi up` writes them) and could so grant itself,
 * an administrator, or anyone outside the organization every log; it also
 * updates the auditor role, trust included (the SCP's ProtectArchiveRoles
 * exempts it). This statement keeps reading, and assuming the auditor role,
 * where the configuration puts it, whatever those policies say.
 *
 * One statement for both, to spare the size limit (each reader is listed
 * once): the auditor may then assume itself, which gives it nothing it does
 * not have.
 *
 * Exempt: readers (roles and users by `aws:PrincipalArn`; an account root
 * entry admits its whole account, as the bucket and key policies grant it,
 * by `aws:PrincipalAccount`), the auditor, break-glass, and CloudTrail, the
 * only service that uses the key for itself (it decrypts the S3 Bucket Key;
 * `aws:PrincipalServiceName` is present only on a service principal's own
 * requests). Negated operators in one statement are ANDed: the deny applies
 * only to a principal that is none of these.
 *
 * Not `BoolIfExists aws:PrincipalIsAWSService = false`: that would leave
 * every service principal to the bucket and key policies, and a rewritten
 * bucket policy could let CloudFront (origin access control reads S3 as
 * cloudfront.amazonaws.com, for a distribution in any account of the
 * organization) publish the logs. Services that act for a person (Athena
 * reading S3, S3 calling KMS) use a forward access session, which carries
 * that person's `aws:PrincipalArn`: the auditor's queries pass as the auditor
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html,
 * https://docs.aws.amazon.com/athena/latest/ug/s3-permissions.html).
 */
function onlyReadersRead(a: ProtectAuditArchiveArgs, breakGlass: readonly string[]): Statement {
    const named = [...new Set(a.logReaderArns.filter((r) => !isRoot(r)))];
    const accounts = [...new Set(a.logReaderArns.filter(isRoot).map(accountOf))];
    const auditor = a.auditorRoleArn === undefined ? [] : [a.auditorRoleArn];
    const engine = a.engineRoleArn === undefined ? [] : [a.engineRoleArn];
    return {
        Sid: "OnlyReadersReadLogs",
        Effect: "Deny",
        Principal: "*",
        Action: [...LOG_READ_ACTIONS, ...(a.auditorRoleArn === undefined ? [] : AUDITOR_ASSUME_ACTIONS)],
        Resource: [`${bucketArn(a.partition, a.bucketName)}/*`, a.kmsKeyArn, ...auditor],
        Condition: {
            ...unlessPrincipal([...named, ...auditor, ...engine, ...breakGlass]),
            ...(accounts.length === 0 ? {} : { StringNotEquals: { "aws:PrincipalAccount": accounts } }),
            StringNotEqualsIfExists: { "aws:PrincipalServiceName": "cloudtrail.amazonaws.com" },
        },
    };
}

export function protectAuditArchiveRcp(a: ProtectAuditArchiveArgs): PolicyDocument {
    const breakGlass = breakGlassInAccount(a.breakGlassArns, a.accountId);
    const breakGlassOnly = unlessPrincipal(breakGlass);
    const logBucket = bucketArn(a.partition, a.bucketName);
    const accessLogBucket = bucketArn(a.partition, a.accessLogBucketName);
    const buckets = [logBucket, accessLogBucket];
    const objects = buckets.map((b) => `${b}/*`);
    // The settings deny as the bucket policies and the SCP have it; its NotAction half is restated below.
    const [settings] = bucketSettingsDenies({ sid: "ProtectLogBucket", buckets, breakGlassArns: breakGlass, deployerArns: a.deployerArns, principal: "*" });
    return policy(
        {
            Sid: "ProtectLogObjects",
            Effect: "Deny",
            Principal: "*",
            Action: LOG_OBJECT_DESTRUCTION_ACTIONS,
            Resource: objects,
            Condition: breakGlassOnly,
        },
        {
            // Only CloudTrail writing for the organization trail carries this source ARN; a person's
            // request carries none, and a missing key makes ArnNotEquals true: denied.
            Sid: "OnlyTheTrailWritesLogs",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: `${logBucket}/*`,
            Condition: { ArnNotEquals: { "aws:SourceArn": a.trailArn } },
        },
        {
            // S3 server access logging writes for the archive's own buckets, with this account as source.
            Sid: "OnlyS3LoggingWritesAccessLogs",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: `${accessLogBucket}/*`,
            Condition: { StringNotEquals: { "aws:SourceAccount": a.accountId } },
        },
        settings,
        a.deployerArns.length === 0
            ? undefined
            : {
                  Sid: "ProtectLogBucketDeployerOnlyPolicyAndTags",
                  Effect: "Deny",
                  Principal: "*",
                  // With an audit feed the deployer writes the log bucket's notifications (DEPLOYER_NOTIFICATION_ACTIONS).
                  Action:
                      a.engineRoleArn === undefined
                          ? RCP_DEPLOYER_DENIED_BUCKET_ACTIONS
                          : RCP_DEPLOYER_DENIED_BUCKET_ACTIONS.filter((action) => !DEPLOYER_NOTIFICATION_ACTIONS.includes(action)),
                  Resource: buckets,
                  Condition: { ArnLike: { "aws:PrincipalArn": [...a.deployerArns] } },
              },
        {
            Sid: "ProtectLogKey",
            Effect: "Deny",
            Principal: "*",
            Action: KEY_DESTRUCTION_ACTIONS,
            Resource: a.kmsKeyArn,
            Condition: breakGlassOnly,
        },
        {
            Sid: "ProtectLogKeyPolicy",
            Effect: "Deny",
            Principal: "*",
            Action: "kms:PutKeyPolicy",
            Resource: a.kmsKeyArn,
            Condition: unlessPrincipal([...breakGlass, ...a.deployerArns]),
        },
        { ...denyPolicyLockoutBypass(), Sid: "ProtectLogKeyFromLockout", Resource: a.kmsKeyArn },
        onlyReadersRead(a, breakGlass),
        {
            // AWS's confused-deputy RCP (data-perimeter-policy-examples, identity_perimeter_rcp.json,
            // EnforceConfusedDeputyProtection): a service that names a source account must act for
            // an account of this organization. Services that send no aws:SourceAccount are left alone.
            Sid: "ServicesOnlyForThisOrganization",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:*", "kms:*"],
            Resource: [...buckets, ...objects, a.kmsKeyArn],
            Condition: {
                StringNotEqualsIfExists: { "aws:SourceOrgID": a.organizationId },
                Null: { "aws:SourceAccount": "false" },
                Bool: { "aws:PrincipalIsAWSService": "true" },
            },
        },
    );
}
