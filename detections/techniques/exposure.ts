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
import * as ipaddr from "ipaddr.js";
import type { Detection, DetectionContext } from "../catalog";
import type { CloudTrailRecord } from "../../engine/record";
import { all, callTerm, calls, either, patternOf, SUCCEEDED } from "../terms";
import { BUCKET_GRANT_CALLS, EC2_BLOCK_PUBLIC_ACCESS_OFF_CALLS, EC2_SHARING_CALLS, INGRESS_CALLS, PREFIX_LIST_CALLS, RDS_SHARING_CALLS, REDSHIFT_SHARING_CALLS } from "../calls";

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
 * Condition keys that pin a statement to the organization: its id, its
 * paths, its accounts. The aws:Vpce* keys name the owner of the VPC endpoint
 * the request came through (IAM User Guide, global condition keys,
 * #condition-keys-vpceaccount / -vpceorgid / -vpceorgpaths: "included in the
 * request context when a request is made through a VPC endpoint", absent on
 * the public endpoints, so a positive operator on them refuses the internet).
 */
const ORG_KEYS = ["aws:principalorgid", "aws:sourceorgid", "aws:vpceorgid"];
/** Organization paths: `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`. */
const ORG_PATH_KEYS = ["aws:principalorgpaths", "aws:sourceorgpaths", "aws:vpceorgpaths"];
const ACCOUNT_KEYS = ["aws:principalaccount", "aws:sourceaccount", "aws:sourceowner", "aws:principalarn", "aws:sourcearn", "s3:dataaccesspointaccount", "aws:vpceaccount"];
/**
 * Addresses pin only inside the trusted networks (detection parameter
 * trustedCidrs): one address of the attacker's is as good as the internet.
 * aws:SourceVpc and aws:SourceVpce never pin (review, issue 17): a VPC or an
 * endpoint id says nothing about whose it is, and an attacker can name his
 * own; aws:VpceAccount / aws:VpceOrgID say whose, above.
 */
const SOURCE_IP_KEY = "aws:sourceip";

/**
 * The operators that bind a key to the values listed. Not the Not... ones
 * (everyone but), not ...IfExists (passes when the key is absent), not Null
 * or Bool (`Null: { aws:SourceVpc: false }` is any VPC, the attacker's too).
 */
// ForAllValues: is true when the key is absent (an anonymous caller has no aws:PrincipalOrgID), so it never binds (review, issue 17).
const BINDING_OPERATOR = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/;

/** An IPv4 or IPv6 address or CIDR as [address, prefix]; undefined when it is neither. */
function parseRange(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
    try {
        if (text.includes("/")) return ipaddr.parseCIDR(text.trim());
        const address = ipaddr.parse(text.trim());
        return [address, address.kind() === "ipv4" ? 32 : 128];
    } catch {
        return undefined;
    }
}

/** Whether every address `range` covers is inside one of `trusted` (IPv4 addresses or CIDRs, the detection parameters' trustedCidrs). */
export function insideTrusted(range: string, trusted: readonly string[]): boolean {
    const parsed = parseRange(range);
    if (parsed === undefined) return false;
    const [address, prefix] = parsed;
    return trusted.some((t) => {
        const network = parseRange(t);
        // Same family, at most as wide, and its first address inside: then all of it is.
        return network !== undefined && network[0].kind() === address.kind() && prefix >= network[1] && address.match(network);
    });
}

/**
 * Whether a statement's Condition pins it to the organization: a binding
 * operator names one of the keys above, with values inside the organization
 * (our organization id, its paths, its accounts) or, for aws:SourceIp, inside
 * the trusted networks. Conditions are ANDed, so one such key is enough.
 */
export function conditionKeepsInside(condition: unknown, record: CloudTrailRecord, ctx: DetectionContext): boolean {
    if (!isObject(condition)) return false;
    const org = ctx.settings.organizationId;
    const trusted = ctx.settings.detectionParameters.trustedCidrs;
    for (const [operator, block] of Object.entries(condition)) {
        if (!BINDING_OPERATOR.test(operator) || !isObject(block)) continue;
        for (const [rawKey, rawValues] of Object.entries(block)) {
            const key = rawKey.toLowerCase();
            const values = listOf(rawValues).map(String);
            if (values.length === 0) continue;
            if (ORG_KEYS.includes(key) && values.every((v) => v === org)) return true;
            if (ORG_PATH_KEYS.includes(key) && values.every((v) => v.startsWith(`${org}/`))) return true;
            if (ACCOUNT_KEYS.includes(key) && values.every((v) => accountInside(v, record, ctx))) return true;
            if (key === SOURCE_IP_KEY && values.every((v) => insideTrusted(v, trusted))) return true;
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

/**
 * The canonical user id of awslogsdelivery, the AWS account CloudFront's
 * standard (legacy) logging writes with: CloudFront's developer guide
 * (AccessLogs.html#AccessLogsBucketAndFileOwnership) has it granted
 * FULL_CONTROL on the log bucket's ACL. AWS's, not an attacker's.
 */
export const CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID = "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0";

/**
 * What an Allow statement grants outside the organization: "*" (anyone),
 * canonical user ids, or foreign accounts; empty when nothing.
 */
export function statementExposure(statement: Json, record: CloudTrailRecord, ctx: DetectionContext): string[] {
    if (statement.Effect !== "Allow") return [];
    // Allow with NotPrincipal allows everyone but the few named.
    if (statement.NotPrincipal !== undefined) return conditionKeepsInside(statement.Condition, record, ctx) ? [] : ["*"];
    const principal = statement.Principal;
    const awsPrincipals = principal === "*" ? ["*"] : listOf(at(principal, "AWS")).map(String);
    // Principals we cannot place: anyone, and canonical user ids (the record maps no canonical id to an account,
    // the bucket owner's included). Both are outside unless a condition pins the caller to the organization.
    const unplaced: string[] = [];
    const foreign: string[] = [];
    for (const p of awsPrincipals) {
        if (p === "*") {
            unplaced.push("*");
            continue;
        }
        const account = accountOf(p);
        // An ARN we cannot read an account from (a typo, or a deleted role's unique id) grants nobody outside.
        if (account !== undefined && !isInsideAccount(account, record, ctx)) foreign.push(p);
    }
    for (const id of listOf(at(principal, "CanonicalUser")).map(String)) {
        if (id !== CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID) unplaced.push(`CanonicalUser ${id}`);
    }
    // A named foreign account is outside whatever the condition; the unplaced only without a condition pinning them inside.
    if (foreign.length > 0) return foreign;
    if (unplaced.length === 0) return [];
    return conditionKeepsInside(statement.Condition, record, ctx) ? [] : unplaced;
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
/** One grantee of a grant header: `id="…"`, `emailAddress="…"` or `uri="…"`, several separated by commas (PutBucketAcl API reference). */
const HEADER_GRANTEE = /(id|emailAddress|uri)\s*=\s*"?([^",\s]+)"?/gi;

/** One grantee, as the body (Grantee) or a header names it. */
interface Grantee {
    id?: string;
    email?: string;
    uri?: string;
}

/** Why a grantee is outside: a public group, an e-mail address, a canonical id that is not the owner's; undefined when inside. */
function granteeOutside(g: Grantee, ownerId: string | undefined): string | undefined {
    if (g.uri !== undefined) return PUBLIC_GROUP.test(g.uri) ? g.uri : undefined;
    // An e-mail address names an account we cannot place: never provably the owner.
    if (g.email !== undefined) return `emailAddress ${g.email}`;
    if (g.id !== undefined && g.id !== ownerId && g.id !== CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID) return `id ${g.id}`;
    return undefined;
}

/**
 * The grantees a successful PutBucketAcl names outside the bucket owner: a
 * public canned ACL; AllUsers or AuthenticatedUsers; an e-mail address; a
 * canonical user id other than the owner's. The body form
 * (AccessControlPolicy, recorded as its XML rendered to JSON: Owner.ID and
 * AccessControlList.Grant, one object or a list, each Grantee with
 * xsi:type CanonicalUser / AmazonCustomerByEmail / Group) names the owner,
 * so the owner's own grant is known. The header form (x-amz-grant-*) does
 * not: there every canonical id is unplaced and counts, the owner's too (a
 * known false positive, on a bucket that still uses ACLs at all).
 */
export function bucketAclGrantees(r: CloudTrailRecord): string[] {
    if (!succeeded(r) || r.eventSource !== BUCKET_GRANT_CALLS.eventSource || r.eventName !== "PutBucketAcl") return [];
    const p = r.requestParameters ?? {};
    const outside: string[] = [];
    // Headers are recorded as a list of one string (["public-read"]) or as the string.
    for (const canned of listOf(p["x-amz-acl"])) if (typeof canned === "string" && PUBLIC_CANNED_ACLS.includes(canned)) outside.push(canned);
    for (const header of GRANT_HEADERS) {
        for (const value of listOf(p[header]).filter((v): v is string => typeof v === "string")) {
            for (const [, type, grantee] of value.matchAll(HEADER_GRANTEE)) {
                const g: Grantee = type.toLowerCase() === "id" ? { id: grantee } : type.toLowerCase() === "uri" ? { uri: grantee } : { email: grantee };
                const why = granteeOutside(g, undefined);
                if (why !== undefined) outside.push(why);
            }
        }
    }
    const policy = at(p, "AccessControlPolicy");
    const owner = at(policy, "Owner", "ID");
    for (const grant of listOf(at(policy, "AccessControlList", "Grant")).filter(isObject)) {
        const g = at(grant, "Grantee");
        const field = (name: string) => (typeof at(g, name) === "string" ? (at(g, name) as string) : undefined);
        const why = granteeOutside({ id: field("ID"), email: field("EmailAddress"), uri: field("URI") }, typeof owner === "string" ? owner : undefined);
        if (why !== undefined) outside.push(why);
    }
    return [...new Set(outside)];
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

// ---------------------------------------------------------------- prefix lists

/**
 * The internet-wide ranges a successful CreateManagedPrefixList or
 * ModifyManagedPrefixList puts into a customer-managed prefix list.
 *
 * CloudTrail records these newer EC2 calls wrapped, in the query API's own
 * names: `requestParameters.ModifyManagedPrefixListRequest.AddEntry`, one
 * entry an object `{ Description, cidr, tag: "1" }` (a recorded console
 * event: KodeKloud's notes "Demo Tracking Access with CloudTrail", 2024).
 * Several entries as a list, like ModifySecurityGroupRulesRequest's rules,
 * and the create call's `CreateManagedPrefixListRequest.Entry` (after the
 * query parameter Entry.N) are inferred, not seen recorded: both shapes are
 * read, and the CIDR as `cidr` or `Cidr`.
 *
 * Why the list and not the rule: a security-group rule from a prefix list
 * (`ipPermissions.items[].prefixListIds.items[].prefixListId`) records only
 * the list's id, never its ranges, and listing office or partner ranges in a
 * prefix list is the recommended routine for SSH. So
 * security-group-admin-port-open-to-internet stays quiet on such a rule, and
 * this detection sees the moment the list becomes the internet, whether a
 * rule already names it or will.
 */
export function prefixListInternetEntries(r: CloudTrailRecord): string[] {
    if (!succeeded(r) || !isCall(r, PREFIX_LIST_CALLS.eventSource, PREFIX_LIST_CALLS.eventNames)) return [];
    const request = at(r.requestParameters, `${r.eventName}Request`);
    const entries = listOf(at(request, r.eventName === "CreateManagedPrefixList" ? "Entry" : "AddEntry")).filter(isObject);
    const cidrs = entries.map((e) => e.cidr ?? e.Cidr).filter((c): c is string => typeof c === "string");
    return [...new Set(cidrs.filter(isInternet))];
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
            "Successful PutBucketPolicy with an Allow for Principal *, NotPrincipal or a CanonicalUser without a condition pinning the caller to the organization (its id, paths or accounts, the owner of the VPC endpoint, or addresses inside trustedCidrs), or for an account outside the organization; PutBucketAcl granting AllUsers, AuthenticatedUsers, an e-mail address or a canonical user other than the owner; evaluated by the engine only",
        why: "One statement is enough to hand a bucket's objects to the internet or to an attacker's account; s3-bucket-policy-changes pages on every policy change, this one says which ones expose data.",
        firstCheck:
            "Which bucket (requestParameters.bucketName) and which statement or grant; put the previous policy back (or delete the statement) and check Block Public Access (aws s3api get-public-access-block).",
        technique: "T1530 Data from Cloud Storage",
        predicate: (r, ctx) => bucketPolicyExposure(r, ctx).length > 0 || bucketAclGrantees(r).length > 0,
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
    {
        // Code, as its neighbour: the internet test (/8 or wider, not 10/8) and the record's two entry shapes are more than a filter pattern says.
        id: "managed-prefix-list-opened-to-internet",
        severity: "high",
        title: "A managed prefix list now holds the whole internet",
        catches:
            "Successful CreateManagedPrefixList and ModifyManagedPrefixList adding 0.0.0.0/0, ::/0 (or a range of /8 or wider) to a customer-managed prefix list; evaluated by the engine only",
        why: "A security-group rule from a prefix list admits whatever the list holds: widen the list and every rule naming it (SSH from the office list, say) opens to the internet without a security-group change of its own.",
        firstCheck:
            "Which list (requestParameters...PrefixListId, or the new list's name) by whom; remove the entry (aws ec2 modify-managed-prefix-list --remove-entries) and find the rules that name it (aws ec2 get-managed-prefix-list-associations).",
        technique: "T1133 External Remote Services",
        predicate: (r) => prefixListInternetEntries(r).length > 0,
        ...FIRST_CALL,
    },
];
