// This product's resources as the detections see them, for tests that build
// detections: the example organization of the stack tests, and the longest
// names AWS and the config allow (every pattern and alarm text must still fit).
import type { ProductResources } from "../../detections/ownResources";

/** As the management stack names them for the example organization (tests/helpers/stacks.ts). */
export const EXAMPLE_PRODUCT: ProductResources = {
    partition: "aws",
    region: "eu-west-1",
    managementAccountId: "111111111111",
    trailName: "organization-trail",
    logBucketName: "org-cloudtrail-logs-222222222222-eu-west-1",
    accessLogBucketName: "org-cloudtrail-access-logs-222222222222-eu-west-1",
    logKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    alertTopicArn: "arn:aws:sns:eu-west-1:111111111111:org-cloudtrail-alerts",
    logGroupName: "/org-cloudtrail/organization-trail",
    alarmNamePrefix: "org-cloudtrail-",
    alarmNamespace: "OrgCloudTrail",
    deliveryRoleNamePrefix: "organization-cloudwatch-role-",
    // With the audit stack of tests/helpers/stacks.ts (AUDIT_OUTPUTS, LOG_ARCHIVE_AUDIT_OUTPUTS).
    audit: {
        accountId: "333333333333",
        engineFunctionName: "org-cloudtrail-detection-engine",
        engineRoleName: "org-cloudtrail-detection-engine",
        queueNames: ["org-cloudtrail-log-files", "org-cloudtrail-log-files-failed"],
        logFileTopicArn: "arn:aws:sns:eu-west-1:222222222222:org-cloudtrail-log-files",
        logFileTopicKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
        digestChainTableName: "org-cloudtrail-digest-chains",
        digestCheckRuleName: "org-cloudtrail-digest-check",
    },
};

/** A trail name of 128 characters, the most CreateTrail (and the log-archive config) accepts. */
export const LONGEST_TRAIL_NAME = `t${"r".repeat(126)}1`;
/** A metric namespace of 255 characters, the most CloudWatch (and the management config) accepts. */
export const LONGEST_NAMESPACE = `Org/${"n".repeat(250)}1`;
/** Bucket names of 63 characters, the most S3 accepts. */
const longestBucket = (start: string) => `${start}${"b".repeat(63 - start.length - 1)}1`;
/** The longest partition and region codes in use (aws-us-gov; ap-southeast-7), together. */
const PARTITION = "aws-us-gov";
const REGION = "ap-southeast-7";

export const LONGEST_PRODUCT: ProductResources = {
    partition: PARTITION,
    region: REGION,
    managementAccountId: "111111111111",
    trailName: LONGEST_TRAIL_NAME,
    logBucketName: longestBucket("logs-"),
    accessLogBucketName: longestBucket("access-logs-"),
    logKeyArn: `arn:${PARTITION}:kms:${REGION}:222222222222:key/mrk-1234abcd12ab34cd56ef1234567890ab`,
    alertTopicArn: `arn:${PARTITION}:sns:${REGION}:111111111111:org-cloudtrail-alerts`,
    // The stack names the log group /org-cloudtrail/<trail name>.
    logGroupName: `/org-cloudtrail/${LONGEST_TRAIL_NAME}`,
    alarmNamePrefix: "org-cloudtrail-",
    alarmNamespace: LONGEST_NAMESPACE,
    deliveryRoleNamePrefix: "organization-cloudwatch-role-",
    audit: {
        accountId: "333333333333",
        engineFunctionName: "org-cloudtrail-detection-engine",
        engineRoleName: "org-cloudtrail-detection-engine",
        queueNames: ["org-cloudtrail-log-files", "org-cloudtrail-log-files-failed"],
        logFileTopicArn: `arn:${PARTITION}:sns:${REGION}:222222222222:org-cloudtrail-log-files`,
        logFileTopicKeyArn: `arn:${PARTITION}:kms:${REGION}:222222222222:key/mrk-1b2c3d4e5f6a4b7c8d9e0f1a2b3c4d5e`,
        digestChainTableName: "org-cloudtrail-digest-chains",
        digestCheckRuleName: "org-cloudtrail-digest-check",
    },
};
