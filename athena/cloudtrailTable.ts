// The Glue table Athena reads the organization trail's files through: the
// columns, SerDe and formats AWS documents for CloudTrail logs, and partition
// projection over the keys CloudTrail writes, so no crawler, no MSCK REPAIR,
// and a query that names one account and one day reads one prefix per region.
import { organizationLogPrefix } from "../policies/arns";

export const CLOUDTRAIL_TABLE_NAME = "cloudtrail_logs";

/** Hive types of a CloudTrail record, as Athena's CloudTrail documentation declares them. */
export const CLOUDTRAIL_COLUMNS: readonly { name: string; type: string }[] = [
    { name: "eventversion", type: "string" },
    {
        name: "useridentity",
        type:
            "struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string," +
            "onbehalfof:struct<userid:string,identitystorearn:string>," +
            "sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>," +
            "sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>," +
            "ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>",
    },
    { name: "eventtime", type: "string" },
    { name: "eventsource", type: "string" },
    { name: "eventname", type: "string" },
    { name: "awsregion", type: "string" },
    { name: "sourceipaddress", type: "string" },
    { name: "useragent", type: "string" },
    { name: "errorcode", type: "string" },
    { name: "errormessage", type: "string" },
    { name: "requestparameters", type: "string" },
    { name: "responseelements", type: "string" },
    { name: "additionaleventdata", type: "string" },
    { name: "requestid", type: "string" },
    { name: "eventid", type: "string" },
    { name: "resources", type: "array<struct<arn:string,accountid:string,type:string>>" },
    { name: "eventtype", type: "string" },
    { name: "apiversion", type: "string" },
    { name: "readonly", type: "string" },
    { name: "recipientaccountid", type: "string" },
    { name: "serviceeventdetails", type: "string" },
    { name: "sharedeventid", type: "string" },
    { name: "vpcendpointid", type: "string" },
    { name: "vpcendpointaccountid", type: "string" },
    { name: "eventcategory", type: "string" },
    { name: "addendum", type: "struct<reason:string,updatedfields:string,originalrequestid:string,originaleventid:string>" },
    { name: "sessioncredentialfromconsole", type: "string" },
    { name: "edgedevicedetails", type: "string" },
    { name: "tlsdetails", type: "struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>" },
];

/**
 * The partition columns, in the order their values appear in an object key.
 * `account` is injected: the archive cannot know which accounts will join the
 * organization, and an enumerated list would silently leave a new account out
 * of every query. Injected, a query must name its accounts, which is also what
 * keeps it cheap.
 */
export const PARTITION_KEYS = [
    { name: "account", type: "string", comment: "12-digit account id; every query must name it (= or IN)" },
    { name: "region", type: "string", comment: "Region the event was recorded in" },
    { name: "day", type: "string", comment: "UTC day CloudTrail delivered the file, YYYY/MM/DD" },
] as const;

/**
 * The SerDe, input and output formats of AWS's current CloudTrail table
 * ("Create the table for CloudTrail logs in Athena using partition
 * projection", https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html):
 * the Hive JSON SerDe, reading the rows CloudTrailInputFormat makes of each
 * file's `Records` array, in place of the older CloudTrailSerde.
 */
export const SERDE = "org.apache.hive.hcatalog.data.JsonSerDe";
export const INPUT_FORMAT = "com.amazon.emr.cloudtrail.CloudTrailInputFormat";
export const OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
/** AWS's DDL sets no SERDEPROPERTIES; this is what Glue records for a table Athena creates from it. */
export const SERDE_PARAMETERS: Readonly<Record<string, string>> = { "serialization.format": "1" };

export interface CloudTrailTableArgs {
    bucketName: string;
    /** The prefix CloudTrail writes before `AWSLogs/`, as the trail and the bucket policy have it. */
    s3KeyPrefix?: string;
    organizationId: string;
    /** Every region of the partition: the values of the `region` partition. */
    regions: readonly string[];
    /** First day of the `day` partition, YYYY/MM/DD. */
    firstDay: string;
}

export interface CloudTrailTableLocation {
    /** The table's root: every account's files of the organization trail. */
    location: string;
    /** Where one partition's files are, with `${account}`, `${region}` and `${day}` to fill in. */
    template: string;
}

export function cloudTrailTableLocation(a: Pick<CloudTrailTableArgs, "bucketName" | "s3KeyPrefix" | "organizationId">): CloudTrailTableLocation {
    const root = `s3://${a.bucketName}/${organizationLogPrefix(a)}`;
    const [account, region, day] = PARTITION_KEYS.map((k) => "${" + k.name + "}");
    return { location: root, template: `${root}${account}/CloudTrail/${region}/${day}` };
}

/** The table properties that switch partition projection on, plus the ones Athena needs to read the files. */
export function cloudTrailTableParameters(a: CloudTrailTableArgs): Record<string, string> {
    if (a.regions.length === 0) throw new Error("the region partition needs at least one region");
    return {
        EXTERNAL: "TRUE",
        classification: "cloudtrail",
        "projection.enabled": "true",
        "projection.account.type": "injected",
        "projection.region.type": "enum",
        "projection.region.values": [...a.regions].sort().join(","),
        "projection.day.type": "date",
        "projection.day.format": "yyyy/MM/dd",
        "projection.day.range": `${a.firstDay},NOW`,
        "projection.day.interval": "1",
        "projection.day.interval.unit": "DAYS",
        "storage.location.template": cloudTrailTableLocation(a).template,
        // Logs restored from Deep Archive are read; without this, Athena skips them even when restored.
        read_restored_glacier_objects: "true",
    };
}
