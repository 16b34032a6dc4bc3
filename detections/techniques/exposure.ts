// Exfiltration and exposure: data and access shared outside the organization (issue 17).
// Each entry follows the catalog's rules (detections/catalog.ts): a stable id,
// texts, severity, the ATT&CK technique, a pattern (metric filter and engine)
// or a predicate (engine only), and labelled events in
// tests/detections/techniques/.
//
// Who is "inside": the organization's accounts (ctx.accounts, read with
// Organizations ListAccounts through the management stack's delegation
// policy), the management, log-archive and audit accounts the audit stack's settings name, and the account
// the call was made in. When Organizations cannot be read, ctx.accounts is
// empty and only those named accounts are inside: every share with any other
// account alerts. That is the safe side: an alert about a share between two of
// our accounts costs a look; a missed share with an attacker's account costs
// the data. The alert names no account when the names are unknown, which
// tells the reader why.
import type { Detection, DetectionContext } from "../catalog";
import type { CloudTrailRecord } from "../../engine/record";
import { all, callTerm, calls, either, patternOf, SUCCEEDED } from "../terms";
import { BUCKET_GRANT_CALLS, EC2_BLOCK_PUBLIC_ACCESS_OFF_CALLS, EC2_SHARING_CALLS, INGRESS_CALLS, RDS_SHARING_CALLS, REDSHIFT_SHARING_CALLS } from "../calls";

const FIRST_CALL = { threshold: 1, periodSeconds: 300 };

// ---------------------------------------------------------------- small readers

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A value CloudTrail may record as one element or as a list (XML-born fields: one grant is an object, two an array). */
function listOf(v: unknown): unknown[] {
    if (v === undefined || v === null) return [];
    return Array.isArray(v) ? v : [v];
}

/** `obj.a.b.c`, or undefined where any step is missing. */
function at(obj: unknown, ...path: string[]): unknown {
    let node = obj;
    for (const key of path) {
        if (!isObject(node)) return undefined;
        node = node[key];
    }
    return node;
}

const succeeded = (r: CloudTrailRecord): boolean => r.errorCode === undefined || r.errorCode === null;

const isCall = (r: CloudTrailRecord, source: string, names: readonly string[]): boolean =>
    r.eventSource === source && typeof r.eventName === "string" && names.includes(r.eventName);

// ---------------------------------------------------------------- the organization

/** The accounts an organization's own share may name: its accounts, the settings' management, log-archive and audit accounts, and the account the call was made in. */
export function isInsideAccount(accountId: string, record: CloudTrailRecord, ctx: DetectionContext): boolean {
    const s = ctx.settings;
    return (
        ctx.accounts.has(accountId) ||
        [s.managementAccountId, s.logArchiveAccountId, s.auditAccountId, record.recipientAccountId].includes(accountId)
    );
}

/** The account in an IAM/STS ARN (`arn:aws:iam::111122223333:role/x`), or a bare 12-digit id; undefined for anything else. */
export function accountOf(principal: string): string | undefined {
    if (/^\d{12}$/.test(principal)) return principal;
    const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal);
    return m?.[1];
}

// ---------------------------------------------------------------- snapshots and images

/** EC2's grants added by ModifySnapshotAttribute / ModifyImageAttribute: requestParameters.<attribute>.add.items[]. */
function ec2GrantsAdded(r: CloudTrailRecord): Json[] {
    const attribute = r.eventName === "ModifySnapshotAttribute" ? "createVolumePermission" : "launchPermission";
    return listOf(at(r.requestParameters, attribute, "add", "items")).filter(isObject);
}

/** The accounts (and organizations or OUs, for AMIs) a share names, outside the organization. */
export function foreignShareTargets(r: CloudTrailRecord, ctx: DetectionContext): string[] {
    if (!succeeded(r)) return [];
    const foreign: string[] = [];
    if (isCall(r, EC2_SHARING_CALLS.eventSource, EC2_SHARING_CALLS.eventNames)) {
        for (const grant of ec2GrantsAdded(r)) {
            if (typeof grant.userId === "string" && !isInsideAccount(grant.userId, r, ctx)) foreign.push(grant.userId);
            // An AMI shared with an organization or OU: ours is arn:aws:organizations::<mgmt>:organization/<o-id>, OUs under it.
            for (const arn of [grant.organizationArn, grant.organizationalUnitArn]) {
                if (typeof arn === "string" && !arn.includes(`/${ctx.settings.organizationId}`)) foreign.push(arn);
            }
        }
    } else if (isCall(r, RDS_SHARING_CALLS.eventSource, RDS_SHARING_CALLS.eventNames) && at(r.requestParameters, "attributeName") === "restore") {
        for (const value of listOf(at(r.requestParameters, "valuesToAdd"))) {
            // "all" (public) is snapshot-made-public's; anything else names an account.
            if (typeof value === "string" && value !== "all" && !isInsideAccount(value, r, ctx)) foreign.push(value);
        }
    } else if (isCall(r, REDSHIFT_SHARING_CALLS.eventSource, REDSHIFT_SHARING_CALLS.eventNames)) {
        const account = at(r.requestParameters, "accountWithRestoreAccess");
        // amazon-redshift-support is AWS Support, asked in by a case.
        if (typeof account === "string" && account !== "amazon-redshift-support" && !isInsideAccount(account, r, ctx)) foreign.push(account);
    }
    return foreign;
}

// The public case needs no knowledge of the organization, so it is a pattern:
// a metric filter in the management stack as well as an engine detection.
// Three wildcard selectors, CloudWatch's maximum for one pattern.
const MADE_PUBLIC_PATTERN = patternOf(
    SUCCEEDED,
    either(
        all(callTerm({ eventSource: "ec2.amazonaws.com", eventNames: ["ModifySnapshotAttribute"] }), '($.requestParameters.createVolumePermission.add.items[*].group = "all")'),
        all(callTerm({ eventSource: "ec2.amazonaws.com", eventNames: ["ModifyImageAttribute"] }), '($.requestParameters.launchPermission.add.items[*].group = "all")'),
        all(callTerm(RDS_SHARING_CALLS), '($.requestParameters.attributeName = "restore")', '($.requestParameters.valuesToAdd[*] = "all")'),
    ),
);

// ---------------------------------------------------------------- bucket policies and ACLs

/**
 * Condition keys that bind a statement to known principals or networks. S3's
 * own test of a "public" policy counts these as fixed values; the organization
 * and account keys also say whose, and are checked against the organization.
 */
const ORG_KEYS = ["aws:principalorgid", "aws:sourceorgid"];
/** Organization paths: `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`. */
const ORG_PATH_KEYS = ["aws:principalorgpaths", "aws:sourceorgpaths"];
const ACCOUNT_KEYS = ["aws:principalaccount", "aws:sourceaccount", "aws:sourceowner", "aws:principalarn", "aws:sourcearn", "s3:dataaccesspointaccount"];
/** Networks: a VPC, an endpoint, or addresses. Not one of ours by proof, but no longer anyone on the internet. */
const NETWORK_KEYS = ["aws:sourcevpc", "aws:sourcevpce", "aws:sourceip"];

/**
 * The operators that bind a key to the values listed. Not the Not... ones
 * (everyone but), not ...IfExists (passes when the key is absent), not Null
 * or Bool (`Null: { aws:SourceVpc: false }` is any VPC, the attacker's too).
 */
// ForAllValues: is true when the key is absent (an anonymous caller has no aws:PrincipalOrgID), so it never binds (review, issue 17).
const BINDING_OPERATOR = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/;

/** A network value that names a network: no wildcard (`vpc-*` is every VPC) and, for addresses, not the internet. */
const namesNetwork = (value: string): boolean => !value.includes("*") && !isInternet(value);

/**
 * Whether a statement's Condition restricts it to the organization (or to
 * networks): a binding operator names one of the keys above, with values
 * inside the organization (our organization id, its paths, its accounts) or
 * naming networks.
 */
export function conditionKeepsInside(condition: unknown, record: CloudTrailRecord, ctx: DetectionContext): boolean {
    if (!isObject(condition)) return false;
    const org = ctx.settings.organizationId;
    for (const [operator, block] of Object.entries(condition)) {
        if (!BINDING_OPERATOR.test(operator) || !isObject(block)) continue;
        for (const [rawKey, rawValues] of Object.entries(block)) {
            const key = rawKey.toLowerCase();
            const values = listOf(rawValues).map(String);
            if (values.length === 0) continue;
            if (ORG_KEYS.includes(key) && values.every((v) => v === org)) return true;
            if (ORG_PATH_KEYS.includes(key) && values.every((v) => v.startsWith(`${org}/`))) return true;
            if (ACCOUNT_KEYS.includes(key) && values.every((v) => accountInside(v, record, ctx))) return true;
            if (NETWORK_KEYS.includes(key) && values.every(namesNetwork)) return true;
        }
    }
    return false;
}

/** An account id, or an ARN naming one (`arn:aws:s3:::bucket` names none: inside, as it binds to a resource). */
function accountInside(value: string, record: CloudTrailRecord, ctx: DetectionContext): boolean {
    const account = /^\d{12}$/.test(value) ? value : /^arn:[^:]*:[^:]*:[^:]*:(\d{12}|):/.exec(value)?.[1];
    if (account === undefined) return false;
    return account === "" || isInsideAccount(account, record, ctx);
}

/** The policy document, whether CloudTrail recorded it as an object (the usual) or as a JSON string. */
function policyDocument(value: unknown): Json | undefined {
    if (isObject(value)) return value;
    if (typeof value !== "string") return undefined;
    try {
        const parsed: unknown = JSON.parse(value);
        return isObject(parsed) ? parsed : undefined;
    } catch {
        return undefined;
    }
}

/** What an Allow statement grants outside the organization: "*" (anyone) or foreign accounts; empty when nothing. */
export function statementExposure(statement: Json, record: CloudTrailRecord, ctx: DetectionContext): string[] {
    if (statement.Effect !== "Allow") return [];
    // Allow with NotPrincipal allows everyone but the few named.
    if (statement.NotPrincipal !== undefined) return conditionKeepsInside(statement.Condition, record, ctx) ? [] : ["*"];
    const principal = statement.Principal;
    const awsPrincipals = principal === "*" ? ["*"] : listOf(at(principal, "AWS")).map(String);
    const exposed: string[] = [];
    for (const p of awsPrincipals) {
        if (p === "*") {
            exposed.push("*");
            continue;
        }
        const account = accountOf(p);
        // An ARN we cannot read an account from (a typo, or a deleted role's unique id) grants nobody outside.
        if (account !== undefined && !isInsideAccount(account, record, ctx)) exposed.push(p);
    }
    if (exposed.length === 0) return [];
    // A named foreign account is outside whatever the condition; "*" only without a condition binding it inside.
    const named = exposed.filter((p) => p !== "*");
    if (named.length > 0) return named;
    return conditionKeepsInside(statement.Condition, record, ctx) ? [] : ["*"];
}

/** The principals a successful PutBucketPolicy grants outside the organization. */
export function bucketPolicyExposure(r: CloudTrailRecord, ctx: DetectionContext): string[] {
    if (!succeeded(r) || r.eventSource !== BUCKET_GRANT_CALLS.eventSource || r.eventName !== "PutBucketPolicy") return [];
    const policy = policyDocument(at(r.requestParameters, "bucketPolicy"));
    if (policy === undefined) return [];
    return listOf(policy.Statement)
        .filter(isObject)
        .flatMap((s) => statementExposure(s, r, ctx));
}

/** S3's groups of everyone: AllUsers (anonymous) and AuthenticatedUsers (any AWS account in the world). */
const PUBLIC_GROUP = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;
const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const GRANT_HEADERS = ["x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-read-acp", "x-amz-grant-write-acp", "x-amz-grant-full-control"];

/** Whether a successful PutBucketAcl grants AllUsers or AuthenticatedUsers: a canned ACL, a grant header, or a grant in the body. */
export function bucketAclPublic(r: CloudTrailRecord): boolean {
    if (!succeeded(r) || r.eventSource !== BUCKET_GRANT_CALLS.eventSource || r.eventName !== "PutBucketAcl") return false;
    const p = r.requestParameters ?? {};
    // Headers are recorded as a list of one string (["public-read"]) or as the string.
    if (listOf(p["x-amz-acl"]).some((v) => typeof v === "string" && PUBLIC_CANNED_ACLS.includes(v))) return true;
    if (GRANT_HEADERS.some((h) => listOf(p[h]).some((v) => typeof v === "string" && PUBLIC_GROUP.test(v)))) return true;
    const grants = listOf(at(p, "AccessControlPolicy", "AccessControlList", "Grant")).filter(isObject);
    return grants.some((g) => typeof at(g, "Grantee", "URI") === "string" && PUBLIC_GROUP.test(at(g, "Grantee", "URI") as string));
}

// ---------------------------------------------------------------- security groups

/**
 * Ports that administer a host or a cluster, never meant for the internet:
 * SSH 22, Telnet 23, RDP 3389, VNC 5900, WinRM 5985/5986 (remote PowerShell),
 * the Docker daemon 2375/2376 (root on the host), etcd 2379 and the
 * Kubernetes API 6443 and kubelet 10250 (the cluster). Databases are data
 * ports, not administrative ones: a later detection.
 */
export const ADMIN_PORTS: readonly number[] = [22, 23, 2375, 2376, 2379, 3389, 5900, 5985, 5986, 6443, 10250];

/**
 * The internet: 0.0.0.0/0 and ::/0, and the very wide ranges that are the
 * same thing in practice (0.0.0.0/1 and 128.0.0.0/1 together are everyone):
 * any IPv4 range of /8 or wider that is not 10.0.0.0/8, any IPv6 range of
 * /16 or wider outside fc00::/7 (unique local).
 */
export function isInternet(cidr: string): boolean {
    const [address, bits] = cidr.trim().split("/");
    const prefix = Number(bits);
    if (bits === undefined || !Number.isInteger(prefix)) return false;
    if (address.includes(":")) return prefix <= 16 && !/^f[cd]/i.test(address);
    return prefix <= 8 && !address.startsWith("10.");
}

interface IngressRule {
    protocol: string;
    from?: number;
    to?: number;
    cidrs: string[];
}

const port = (v: unknown): number | undefined => (v === undefined || v === null || v === "" ? undefined : Number(v));

/** The rules an AuthorizeSecurityGroupIngress or ModifySecurityGroupRules records, in one shape. */
function ingressRules(r: CloudTrailRecord): IngressRule[] {
    const p = r.requestParameters ?? {};
    if (r.eventName === "AuthorizeSecurityGroupIngress") {
        // The CLI's --protocol/--port/--cidr form may be recorded flat, beside or instead of ipPermissions (unconfirmed: read both).
        const flat: IngressRule[] =
            typeof p.cidrIp === "string" ? [{ protocol: String(p.ipProtocol ?? ""), from: port(p.fromPort), to: port(p.toPort), cidrs: [p.cidrIp] }] : [];
        return flat.concat(listOf(at(p, "ipPermissions", "items"))
            .filter(isObject)
            .map((perm) => ({
                protocol: String(perm.ipProtocol ?? ""),
                from: port(perm.fromPort),
                to: port(perm.toPort),
                cidrs: [
                    ...listOf(at(perm, "ipRanges", "items")).map((i) => at(i, "cidrIp")),
                    ...listOf(at(perm, "ipv6Ranges", "items")).map((i) => at(i, "cidrIpv6")),
                ].filter((c): c is string => typeof c === "string"),
            })));
    }
    // ModifySecurityGroupRules: ModifySecurityGroupRulesRequest.SecurityGroupRule[].SecurityGroupRule, one or a list.
    return listOf(at(p, "ModifySecurityGroupRulesRequest", "SecurityGroupRule"))
        .map((entry) => at(entry, "SecurityGroupRule"))
        .filter(isObject)
        .map((rule) => ({
            protocol: String(rule.IpProtocol ?? ""),
            from: port(rule.FromPort),
            to: port(rule.ToPort),
            cidrs: [rule.CidrIpv4, rule.CidrIpv6].filter((c): c is string => typeof c === "string"),
        }));
}

/** The administrative ports a rule opens: all of them for every protocol ("-1"), those in from..to for TCP and UDP. */
export function adminPortsOpened(rule: IngressRule): number[] {
    const protocol = rule.protocol.toLowerCase();
    if (protocol === "-1" || protocol === "all") return [...ADMIN_PORTS];
    if (!["tcp", "udp", "6", "17"].includes(protocol)) return [];
    // EC2 takes -1 as "all ports" for from and to.
    const from = rule.from === undefined || rule.from === -1 ? 0 : rule.from;
    const to = rule.to === undefined || rule.to === -1 ? 65535 : rule.to;
    return ADMIN_PORTS.filter((p) => from <= p && p <= to);
}

/** The administrative ports a successful ingress change opens to the internet. */
export function adminPortsOpenedToInternet(r: CloudTrailRecord): number[] {
    if (!succeeded(r) || !isCall(r, INGRESS_CALLS.eventSource, INGRESS_CALLS.eventNames)) return [];
    const opened = ingressRules(r)
        .filter((rule) => rule.cidrs.some(isInternet))
        .flatMap(adminPortsOpened);
    return [...new Set(opened)].sort((a, b) => a - b);
}

// ---------------------------------------------------------------- the detections

export const EXPOSURE: readonly Detection[] = [
    {
        id: "snapshot-or-image-made-public",
        severity: "high",
        title: "An EBS snapshot, AMI or RDS snapshot was made public",
        catches:
            "Successful ModifySnapshotAttribute (createVolumePermission group all), ModifyImageAttribute (launchPermission group all) and ModifyDBSnapshotAttribute / ModifyDBClusterSnapshotAttribute (restore, all)",
        why: "A public snapshot or image can be copied by any AWS account in the world: the disk, the database or the baked-in secrets leave without a single read of our own logged.",
        firstCheck:
            "Which snapshot or image (requestParameters.snapshotId, imageId, dBSnapshotIdentifier) by whom; make it private at once (remove group all / valuesToAdd all) and treat its contents as disclosed.",
        technique: "T1537 Transfer Data to Cloud Account",
        pattern: MADE_PUBLIC_PATTERN,
        ...FIRST_CALL,
    },
    {
        // S3's counterpart is s3-public-access-block-changes.
        id: "ec2-block-public-access-disabled",
        severity: "high",
        title: "Block public access for EBS snapshots or AMIs was switched off",
        catches: "Successful DisableSnapshotBlockPublicAccess and DisableImageBlockPublicAccess, in any account and region",
        why: "The switch that keeps a snapshot or an image from being made public; switched off in block-all-sharing mode, every snapshot already shared with all becomes public again at once.",
        firstCheck:
            "Which account and region (recipientAccountId, awsRegion) by whom; turn it back on (aws ec2 enable-snapshot-block-public-access --state block-all-sharing, enable-image-block-public-access) and look for snapshot-or-image-made-public alerts after it.",
        technique: "T1562 Impair Defenses",
        pattern: calls(EC2_BLOCK_PUBLIC_ACCESS_OFF_CALLS.eventSource, EC2_BLOCK_PUBLIC_ACCESS_OFF_CALLS.eventNames, SUCCEEDED),
        ...FIRST_CALL,
    },
    {
        // Code: which accounts are the organization's is known to the engine only (ctx.accounts).
        id: "snapshot-or-image-shared-outside-organization",
        severity: "high",
        title: "An EBS snapshot, AMI, RDS or Redshift snapshot was shared with an account outside the organization",
        catches:
            "Successful ModifySnapshotAttribute, ModifyImageAttribute, ModifyDBSnapshotAttribute / ModifyDBClusterSnapshotAttribute and Redshift AuthorizeSnapshotAccess adding an account (or, for an AMI, an organization or OU) that is not the organization's; evaluated by the engine only",
        why: "Sharing a snapshot with an account of one's own is the quiet way to copy a whole disk or database out: the copy happens in the other account, where our trail sees nothing.",
        firstCheck:
            "Which account was added (requestParameters...add.items[].userId, valuesToAdd or accountWithRestoreAccess) and whether anyone knows it; remove the share, and check the snapshot's copies (aws ec2 describe-snapshots --restorable-by-user-ids).",
        technique: "T1537 Transfer Data to Cloud Account",
        predicate: (r, ctx) => foreignShareTargets(r, ctx).length > 0,
        ...FIRST_CALL,
    },
    {
        id: "s3-bucket-exposed-outside-organization",
        severity: "high",
        title: "An S3 bucket policy or ACL now grants access outside the organization",
        catches:
            "Successful PutBucketPolicy with an Allow for Principal * (or NotPrincipal) without a condition binding it to the organization, its accounts or networks, or for an account outside the organization; PutBucketAcl granting AllUsers or AuthenticatedUsers; evaluated by the engine only",
        why: "One statement is enough to hand a bucket's objects to the internet or to an attacker's account; s3-bucket-policy-changes pages on every policy change, this one says which ones expose data.",
        firstCheck:
            "Which bucket (requestParameters.bucketName) and which statement or grant; put the previous policy back (or delete the statement) and check Block Public Access (aws s3api get-public-access-block).",
        technique: "T1530 Data from Cloud Storage",
        predicate: (r, ctx) => bucketPolicyExposure(r, ctx).length > 0 || bucketAclPublic(r),
        ...FIRST_CALL,
    },
    {
        id: "security-group-admin-port-open-to-internet",
        severity: "high",
        title: "A security group was opened to the internet on an administrative port",
        catches:
            `Successful AuthorizeSecurityGroupIngress and ModifySecurityGroupRules allowing 0.0.0.0/0, ::/0 (or a range of /8 or wider) on ${ADMIN_PORTS.join(", ")}, a port range covering one, or all traffic; evaluated by the engine only`,
        why: "SSH, RDP and the container and cluster APIs open to the whole internet are found by scanners within minutes and are the front door of most cloud intrusions; security-group-changes pages on every change, this one on the dangerous ones.",
        firstCheck:
            "Which group and rule (requestParameters.groupId, ipPermissions), by whom; revoke the rule (aws ec2 revoke-security-group-ingress) and check what instances the group protects.",
        technique: "T1133 External Remote Services",
        predicate: (r) => adminPortsOpenedToInternet(r).length > 0,
        ...FIRST_CALL,
    },
];
