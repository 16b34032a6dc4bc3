// ARNs and object paths both stacks must agree on, computed in one place.

/** `arn:<partition>:cloudtrail:<homeRegion>:<managementAccount>:trail/<name>`. */
export function trailArn(a: { partition: string; region: string; managementAccountId: string; trailName: string }): string {
    return `arn:${a.partition}:cloudtrail:${a.region}:${a.managementAccountId}:trail/${a.trailName}`;
}

export function bucketArn(partition: string, bucketName: string): string {
    return `arn:${partition}:s3:::${bucketName}`;
}

export function accountRootArn(partition: string, accountId: string): string {
    return `arn:${partition}:iam::${accountId}:root`;
}

/**
 * Break-glass role ARNs as one account's resource policy should exempt them.
 * An entry may name every account (`arn:aws:iam::*:role/BreakGlass`, the idiom
 * for a role that exists in every account of the organization); in the
 * policy of a resource in `accountId`, only that account's role is exempt, so
 * a role of the same name elsewhere (the management account, where no SCP
 * protects role names) opens no door.
 */
export function breakGlassInAccount(breakGlassArns: readonly string[], accountId: string): string[] {
    return [...new Set(breakGlassArns.map((arn) => arn.replace(/^(arn:[a-z-]+:iam::)\*:/, `$1${accountId}:`)))];
}

/** The partition (`aws`, `aws-cn`, `aws-us-gov`, ...) an ARN belongs to. */
export function partitionOf(arn: string): string {
    const match = /^arn:([a-z-]+):/.exec(arn);
    if (!match) throw new Error(`not an ARN: ${arn}`);
    return match[1];
}

/**
 * The key prefixes an organization trail writes under: the management
 * account's own path and the organization's path, both behind the optional
 * prefix. Each ends in `/`.
 */
export function trailObjectPrefixes(a: { s3KeyPrefix?: string; managementAccountId: string; organizationId: string }): string[] {
    return [`${awsLogsPrefix(a.s3KeyPrefix)}${a.managementAccountId}/`, organizationLogPrefix(a)];
}

/**
 * Where an organization trail writes every account's files:
 * `<prefix>/AWSLogs/<o-org>/`, followed by `<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/`.
 */
export function organizationLogPrefix(a: { s3KeyPrefix?: string; organizationId: string }): string {
    return `${awsLogsPrefix(a.s3KeyPrefix)}${a.organizationId}/`;
}

function awsLogsPrefix(s3KeyPrefix: string | undefined): string {
    return s3KeyPrefix ? `${s3KeyPrefix}/AWSLogs/` : "AWSLogs/";
}

/** A CloudWatch Logs log group's ARN, without the `:*` CloudTrail wants. */
export function logGroupArn(a: { partition: string; region: string; accountId: string; logGroupName: string }): string {
    return `arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:${a.logGroupName}`;
}

/** The alarms named `<prefix>*` in one account and region, for `aws:SourceArn`. */
export function alarmArnPattern(a: { partition: string; region: string; accountId: string; alarmNamePrefix: string }): string {
    return `arn:${a.partition}:cloudwatch:${a.region}:${a.accountId}:alarm:${a.alarmNamePrefix}*`;
}

export function topicArn(a: { partition: string; region: string; accountId: string; topicName: string }): string {
    return `arn:${a.partition}:sns:${a.region}:${a.accountId}:${a.topicName}`;
}

export function roleArn(partition: string, accountId: string, roleName: string): string {
    return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** Where the log-archive account's Athena and Glue resources live. */
export interface AnalyticsLocation {
    partition: string;
    region: string;
    accountId: string;
}

export function athenaWorkgroupArn(l: AnalyticsLocation, workgroup: string): string {
    return `arn:${l.partition}:athena:${l.region}:${l.accountId}:workgroup/${workgroup}`;
}

/** The account's default Athena data catalog, which is its Glue Data Catalog. */
export function athenaDataCatalogArn(l: AnalyticsLocation): string {
    return `arn:${l.partition}:athena:${l.region}:${l.accountId}:datacatalog/AwsDataCatalog`;
}

/** The Glue catalog, one database in it, and every table of that database: what a read of one table is authorized against. */
export function glueTableArns(l: AnalyticsLocation, database: string): { catalog: string; database: string; tables: string } {
    const base = `arn:${l.partition}:glue:${l.region}:${l.accountId}`;
    return { catalog: `${base}:catalog`, database: `${base}:database/${database}`, tables: `${base}:table/${database}/*` };
}
