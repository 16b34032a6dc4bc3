import * as cloudtrail from "@pulumi/aws/cloudtrail";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";
import { cloudTrailAssumeRolePolicy, cloudTrailLogsPolicy } from "../policies/cloudTrailLogsRole";
import { logGroupKeyPolicy } from "../policies/logGroupKeyPolicy";
import { advancedEventSelectors, DataEventChoices, insightSelectors } from "./trailSelectors";

export interface OrganizationTrailArgs {
    /** AWS partition of the management account. */
    partition: string;
    /** The trail's home region: this stack's region, where the log group lives too. */
    region: string;
    /** The management account, which owns the trail, its role and its log group. */
    accountId: string;
    /** The organization the trail records. */
    organizationId: string;
    /** Name of the trail; the archive's bucket and key policies accept only this trail. */
    trailName: string;
    /** ARN the trail will have; the role's trust policy names it. */
    trailArn: string;
    /** The log-archive bucket CloudTrail delivers to. */
    bucketName: string;
    /** The log-archive bucket of the log bucket's access logs; never recorded as data events. */
    accessLogBucketName: string;
    /** Prefix before `AWSLogs/` in the bucket; empty for none. */
    s3KeyPrefix: string;
    /** The log-archive KMS key that encrypts every log file. */
    kmsKeyArn: string;
    /** Name of the CloudWatch Logs log group the trail also delivers to. */
    logGroupName: string;
    /** Days the log group keeps events. */
    logRetentionDays: number;
    /** Data events to record besides all management events. */
    dataEvents: DataEventChoices;
    /** CloudTrail Insights types to turn on; empty for none. */
    insights: readonly string[];
    /** The management stack's deployer role, exactly `[deployerRoleArn]`: the only role besides break-glass that may rewrite the log-group key's policy. */
    deployerArns: readonly string[];
    /** Break-glass role ARNs as configured; the key policy exempts those of the management account. */
    breakGlassArns: readonly string[];
}

/**
 * The Pulumi resource name of the role CloudTrail delivers to CloudWatch Logs
 * with. The role keeps Pulumi's auto-name (this, `-` and seven random
 * characters): giving it an explicit name now would replace it, and the
 * retained old role would stay behind, still trusted by CloudTrail. The
 * detection audit-delivery-role-changed matches the name by this prefix.
 */
export function deliveryRoleResourceName(component: string): string {
    return `${component}-cloudwatch-role`;
}

/** What the delivery role's physical name starts with: its resource name and Pulumi's `-`. */
export function deliveryRoleNamePrefix(component: string): string {
    return `${deliveryRoleResourceName(component)}-`;
}

/**
 * The organization trail in the management account: every account and
 * region, validated log files in the archive, and a copy of every event in
 * an encrypted CloudWatch Logs log group for alerting.
 */
export class OrganizationTrail extends pulumi.ComponentResource {
    public readonly trail: cloudtrail.Trail;
    public readonly logGroup: cloudwatch.LogGroup;
    public readonly logGroupKey: kms.Key;
    public readonly role: iam.Role;

    constructor(name: string, args: OrganizationTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("org-cloudtrail:trail:OrganizationTrail", name, {}, opts);
        // A destroy must not take the evidence or its delivery path with it.
        const retained: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: true };
        const roleArgs = {
            partition: args.partition,
            region: args.region,
            managementAccountId: args.accountId,
            organizationId: args.organizationId,
            logGroupName: args.logGroupName,
            trailArn: args.trailArn,
        };

        this.logGroupKey = new kms.Key(
            `${name}-logs-key`,
            {
                description: `Encrypts the CloudWatch Logs copy of organization trail ${args.trailName}`,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: JSON.stringify(
                    logGroupKeyPolicy({
                        partition: args.partition,
                        region: args.region,
                        accountId: args.accountId,
                        logGroupName: args.logGroupName,
                        deployerArns: args.deployerArns,
                        breakGlassArns: args.breakGlassArns,
                    }),
                ),
            },
            retained,
        );
        new kms.Alias(
            `${name}-logs-key-alias`,
            { name: `alias/org-cloudtrail/${args.trailName}-cloudwatch-logs`, targetKeyId: this.logGroupKey.keyId },
            retained,
        );

        this.logGroup = new cloudwatch.LogGroup(
            `${name}-log-group`,
            {
                name: args.logGroupName,
                retentionInDays: args.logRetentionDays,
                kmsKeyId: this.logGroupKey.arn,
                deletionProtectionEnabled: true,
            },
            retained,
        );

        this.role = new iam.Role(
            deliveryRoleResourceName(name),
            {
                description: `CloudTrail delivers organization trail ${args.trailName} to ${args.logGroupName}`,
                assumeRolePolicy: JSON.stringify(cloudTrailAssumeRolePolicy(roleArgs)),
            },
            retained,
        );
        const rolePolicy = new iam.RolePolicy(
            `${name}-cloudwatch-policy`,
            { role: this.role.id, policy: JSON.stringify(cloudTrailLogsPolicy(roleArgs)) },
            retained,
        );

        this.trail = new cloudtrail.Trail(
            `${name}-trail`,
            {
                name: args.trailName,
                isOrganizationTrail: true,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                enableLogging: true,
                s3BucketName: args.bucketName,
                s3KeyPrefix: args.s3KeyPrefix || undefined,
                kmsKeyId: args.kmsKeyArn,
                cloudWatchLogsGroupArn: pulumi.interpolate`${this.logGroup.arn}:*`,
                cloudWatchLogsRoleArn: this.role.arn,
                advancedEventSelectors: advancedEventSelectors({
                    partition: args.partition,
                    dataEvents: args.dataEvents,
                    excludedBuckets: [args.bucketName, args.accessLogBucketName],
                }),
                insightSelectors: args.insights.length > 0 ? insightSelectors(args.insights) : undefined,
            },
            // Protected rather than retained: removing or replacing the trail must be a deliberate,
            // visible act (`pulumi state unprotect`), never a side effect of a destroy or a rename.
            { parent: this, protect: true, dependsOn: [this.logGroup, rolePolicy] },
        );

        this.registerOutputs({
            trailArn: this.trail.arn,
            logGroupArn: this.logGroup.arn,
            logGroupKeyArn: this.logGroupKey.arn,
            roleArn: this.role.arn,
        });
    }
}
