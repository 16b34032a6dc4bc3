// Building blocks for the stack schemas. Each one fails with a single
// "expected ..." sentence, so an error can name the key, the value and what
// would have been accepted without the reader knowing zod.
import { Region } from "@pulumi/aws/types/enums";
import { z } from "zod";
import { trustedRangeProblem } from "../detections/parameters";
import type { ResourceGuardrail } from "../guardrails/rules/guardrail";
import { logGroupRetention, MIN_RETENTION_DAYS } from "../guardrails/rules/logGroups";
import { didYouMean } from "./suggest";

/** A 12-digit AWS account id. */
export function accountId() {
    const expected = "expected a 12-digit AWS account id, e.g. 111111111111";
    return z.string({ error: expected }).regex(/^\d{12}$/, expected);
}

/** An AWS Organizations id: `o-` and 10 to 32 lowercase letters or digits. */
export function organizationId() {
    const expected = "expected an organization id: o- and 10 to 32 lowercase letters or digits, e.g. o-a1b2c3d4e5";
    return z.string({ error: expected }).regex(/^o-[a-z0-9]{10,32}$/, expected);
}

/** A CloudTrail trail name (the rules of CreateTrail). */
export function trailName() {
    const expected =
        "expected 3 to 128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, with no two of '.', '_', '-' side by side";
    return z
        .string({ error: expected })
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/, expected)
        .refine((name) => !/[._-]{2}/.test(name), expected);
}

/**
 * Every region the AWS provider knows (its own list, so a region AWS opens
 * arrives with a provider upgrade, never by hand). A typo such as
 * eu-centrall-1 would otherwise end up in every name built from the region.
 */
export const AWS_REGIONS: readonly string[] = Object.values(Region);

/** A region the AWS provider knows, such as eu-west-1 or us-gov-west-1. */
export function region() {
    const expected = "expected a region the AWS provider knows";
    return z.string({ error: `${expected}, e.g. eu-west-1` }).superRefine((code, ctx) => {
        if (AWS_REGIONS.includes(code)) return;
        ctx.addIssue({ code: "custom", message: `${expected}${didYouMean(code, AWS_REGIONS) || ", e.g. eu-west-1"}` });
    });
}

/**
 * A general-purpose S3 bucket name. The rules are the ones S3 enforces at
 * CreateBucket; failing here is cheaper than failing half-way through `pulumi up`.
 */
export function bucketName() {
    const expected =
        "expected an S3 bucket name: 3 to 63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit, " +
        "not an IP address, not starting with 'xn--', 'sthree-' or 'amzn-s3-demo-', not ending with '-s3alias', '--ol-s3', '.mrap' or '--x-s3'";
    return z
        .string({ error: expected })
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, expected)
        .refine((name) => !name.includes(".."), expected)
        .refine((name) => !/^\d{1,3}(\.\d{1,3}){3}$/.test(name), expected)
        .refine((name) => !/^(xn--|sthree-|amzn-s3-demo-)/.test(name), expected)
        .refine((name) => !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name), expected);
}

/**
 * The prefix CloudTrail writes before `AWSLogs/`. CloudTrail takes up to 200
 * characters; slashes separate folders, so none at either end.
 */
export function s3KeyPrefix() {
    const expected =
        "expected up to 200 characters of letters, digits and !-_.*'() in folders separated by '/', without a leading or trailing '/'";
    return z
        .string({ error: expected })
        .max(200, expected)
        .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, expected);
}

/** A whole number of `unit` in [min, max]. */
export function wholeNumber(min: number, max: number, unit: string) {
    const expected = `expected a whole number of ${unit} from ${min} to ${max}`;
    return z.number({ error: expected }).int(expected).min(min, expected).max(max, expected);
}

/** `true` or `false`. */
export function flag() {
    return z.boolean({ error: "expected true or false" });
}

/** An IAM role name (CreateRole's rules). */
export function iamRoleName() {
    const expected = "expected an IAM role name: 1 to 64 letters, digits or +=,.@_-";
    return z.string({ error: expected }).regex(/^[\w+=,.@-]{1,64}$/, expected);
}

/** An Athena workgroup name (CreateWorkGroup's rules). */
export function workgroupName() {
    const expected = "expected an Athena workgroup name: 1 to 128 letters, digits, '.', '_' or '-'";
    return z.string({ error: expected }).regex(/^[A-Za-z0-9._-]{1,128}$/, expected);
}

/**
 * A Glue database name Athena can query without quoting: lowercase letters,
 * digits and underscores, starting with a letter (Athena lowercases names, and
 * a hyphen would need backticks in every query).
 */
export function glueDatabaseName() {
    const expected = "expected 1 to 255 lowercase letters, digits or '_', starting with a letter, e.g. org_cloudtrail";
    return z.string({ error: expected }).regex(/^[a-z][a-z0-9_]{0,254}$/, expected);
}

/**
 * A calendar day written as CloudTrail writes it into object keys, YYYY/MM/DD,
 * no earlier than `earliest` (same format).
 */
export function calendarDay(earliest: string) {
    const expected = `expected a real calendar day as YYYY/MM/DD, no earlier than ${earliest}, e.g. 2026/01/01`;
    return z.string({ error: expected }).refine((text) => {
        const m = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(text);
        if (!m) return false;
        const [y, mo, d] = m.slice(1).map(Number);
        const date = new Date(Date.UTC(y, mo - 1, d));
        const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
        return real && text >= earliest;
    }, expected);
}

/** A whole number of days in [min, max]. */
export function days(min: number, max: number) {
    return wholeNumber(min, max, "days");
}

/**
 * The ARN of one IAM principal that can be named in a policy's `Principal`:
 * an account root, a user or a role. No wildcards: AWS rejects them there.
 */
export function principalArn() {
    const expected =
        "expected the ARN of an IAM role, user or account root without wildcards, e.g. arn:aws:iam::111111111111:role/SecurityAuditor";
    return z
        .string({ error: expected })
        .regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:(root|(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/, expected);
}

const ROLE_PATH_AND_NAME = String.raw`role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}`;

/**
 * A break-glass role: the exact ARN of one IAM role, whose account part may
 * be `*` for a role that exists in every account (AWS's own SCP examples use
 * `arn:aws:iam::*:role/<name>`, and it is the only way 200 accounts fit in an
 * SCP). No wildcard in the path or name: a pattern such as `role/BreakGlass*`
 * is a door for anyone who can create a role whose name matches it.
 */
export function breakGlassRoleArn() {
    const expected =
        "expected the exact ARN of an IAM role, in one 12-digit account or in every account (*), with no wildcard in its path or name, " +
        "e.g. arn:aws:iam::*:role/BreakGlass or arn:aws:iam::111111111111:role/BreakGlass";
    return z.string({ error: expected }).regex(new RegExp(`^arn:aws(-[a-z]+)*:iam::(\\d{12}|\\*):${ROLE_PATH_AND_NAME}$`), expected);
}

/** IAM Identity Center's permission-set roles: `role/aws-reserved/sso.amazonaws.com/[region/]AWSReservedSSO_<set>_<suffix>`. */
const SSO_ROLE = /:role\/aws-reserved\/sso\.amazonaws\.com\/|:role\/(.*\/)?AWSReservedSSO_/;

/**
 * The one role that runs `pulumi up` for a stack: the exact ARN of an IAM
 * role of one account, as IAM shows it (with its path). The policies exempt
 * it by this ARN and the SCP protects the role itself, so it must be a role
 * the organization controls: not a root user or IAM user (credentials that
 * anyone allowed iam:CreateAccessKey or a password reset can mint, and a
 * name the SCP does not protect), and not an IAM Identity Center
 * permission-set role (Identity Center rewrites those through its
 * service-linked role, which no SCP governs, and renames them whenever the
 * permission set is provisioned again).
 */
export function deployerRoleArn() {
    const expected = "expected the exact ARN of the IAM role that runs pulumi up for this stack, e.g. arn:aws:iam::222222222222:role/OrgCloudTrailDeployer";
    const roleArn = new RegExp(`^arn:aws(-[a-z]+)*:iam::\\d{12}:${ROLE_PATH_AND_NAME}$`);
    return z.string({ error: expected }).superRefine((arn, ctx) => {
        const problem = (message: string) => ctx.addIssue({ code: "custom", message });
        if (/^arn:aws(-[a-z]+)*:iam::\d{12}:root$/.test(arn)) {
            problem(`${expected}; a root user cannot be the deployer: the policies would exempt the account's most powerful principal, whose use should page someone, not deploy`);
        } else if (/^arn:aws(-[a-z]+)*:(iam::\d{12}:user\/|sts::\d{12}:federated-user\/)/.test(arn)) {
            problem(`${expected}; an IAM or federated user cannot be the deployer: its long-lived keys can be minted by anyone allowed iam:CreateAccessKey, and the SCP protects role names only`);
        } else if (/^arn:aws(-[a-z]+)*:sts::\d{12}:assumed-role\//.test(arn)) {
            problem(`${expected}; this is a session of a role: name the role itself (arn:aws:iam::<account>:role/<name>)`);
        } else if (SSO_ROLE.test(arn)) {
            problem(
                `${expected}; an IAM Identity Center permission-set role cannot be the deployer: Identity Center rewrites and renames it through its service-linked role, ` +
                    "which no SCP governs, so the policies could not protect the role they exempt; create a dedicated deployer role",
            );
        } else if (!roleArn.test(arn)) {
            problem(expected);
        }
    });
}

/** A fully qualified Pulumi stack name: `<organization>/<project>/<stack>`. */
export function stackName() {
    const expected = "expected a fully qualified stack name <organization>/<project>/<stack>, e.g. acme/org-cloudtrail/log-archive";
    return z.string({ error: expected }).regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, expected);
}

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/**
 * Why `guardrail` would refuse a resource with `props`, with its name and
 * controls, or undefined when it accepts it. The schema asks the guardrail
 * itself, so a value the policy pack would fail at preview is refused here,
 * before anything is planned, for the same reason.
 */
export function guardrailRefusal(guardrail: ResourceGuardrail, props: Record<string, unknown>): string | undefined {
    const verdict = guardrail.check(props);
    if (verdict === undefined || verdict.passed) return undefined;
    return `the ${guardrail.name} guardrail (${guardrail.controls.join(", ")}) refuses it: ${verdict.says}`;
}

/**
 * Days the trail's log group keeps events: a period CloudWatch Logs accepts
 * that the log-group retention guardrail accepts too.
 */
export function logGroupRetentionDays() {
    const allowed = LOG_RETENTION_DAYS.filter((d) => guardrailRefusal(logGroupRetention, { retentionInDays: d }) === undefined);
    const expected = `expected one of the retention periods CloudWatch Logs accepts, at least ${MIN_RETENTION_DAYS}: ${allowed.join(", ")}`;
    return z.number({ error: expected }).superRefine((days, ctx) => {
        if (!(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
            ctx.addIssue({ code: "custom", message: expected });
            return;
        }
        const refusal = guardrailRefusal(logGroupRetention, { retentionInDays: days });
        if (refusal) ctx.addIssue({ code: "custom", message: `${expected}; ${refusal}` });
    });
}

/**
 * Where a service control policy can be attached: the organization's root
 * (`r-`), an organizational unit (`ou-`) or a member account.
 */
export function scpTargetId() {
    const expected = "expected a root id (r-...), an organizational unit id (ou-...-...) or a 12-digit account id";
    return z.string({ error: expected }).regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/, expected);
}

/** An e-mail address SNS can deliver to. */
export function email() {
    const expected = "expected an e-mail address, e.g. security@example.com";
    return z.email({ error: expected });
}

/**
 * An HTTPS endpoint for an SNS subscription. The messages never repeat the
 * value: these URLs carry the incident tool's API key.
 */
export function httpsUrl() {
    const expected = "expected an https:// URL with a host, e.g. https://api.opsgenie.com/v1/json/amazonsns?apiKey=<key>";
    return z.string({ error: expected }).refine((text) => {
        if (/\s/.test(text)) return false;
        try {
            const url = new URL(text);
            return url.protocol === "https:" && url.hostname.length > 0;
        } catch {
            return false;
        }
    }, expected);
}

/** An IPv4 address or CIDR network that can be expressed as filter-pattern wildcards. */
export function trustedRange() {
    return z.string({ error: "expected an IPv4 address or CIDR, e.g. 203.0.113.0/24" }).superRefine((text, ctx) => {
        const problem = trustedRangeProblem(text);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** An EC2 instance type or a wildcard pattern of them (`*.8xlarge`, `p*`). */
export function instanceTypePattern() {
    const expected = "expected an instance type or a pattern of one with * wildcards, e.g. c5.24xlarge, *.8xlarge or p*";
    return z.string({ error: expected }).refine((t) => /^[a-z0-9.*-]{1,64}$/.test(t) && /[a-z0-9]/.test(t), expected);
}

/** A custom CloudWatch metric namespace; `AWS/` is reserved for AWS's own. */
export function metricNamespace() {
    const expected = "expected 1 to 255 letters, digits or . - _ / # : not starting with AWS/, e.g. OrgCloudTrail";
    return z.string({ error: expected }).refine((ns) => /^[A-Za-z0-9.\-_/#:]{1,255}$/.test(ns) && !ns.startsWith("AWS/"), expected);
}
