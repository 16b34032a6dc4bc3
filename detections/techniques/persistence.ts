// Persistence: credentials, logins and trust an attacker adds to come back (issue 17).
// Each entry follows the catalog's rules (detections/catalog.ts): a stable id,
// texts, severity, the ATT&CK technique, a pattern (metric filter and engine)
// or a predicate (engine only), and labelled events in
// tests/detections/techniques/.
//
// Five of them are code, evaluated by the engine only: "another user"
// compares two fields of one record, "outside the organization" needs the
// organization's accounts, and Lambda's call names carry an API version and
// its deployments need the tuning's automation principals (a metric filter
// would page on every deployment). iam-role-trust-policy-changed (catalog.ts)
// stays the metric filter's backstop for any trust rewrite.
import type { Detection, DetectionContext } from "../catalog";
import type { CloudTrailRecord } from "../../engine/record";
import {
    FEDERATION_TOKEN_CALLS,
    OTHER_CREDENTIAL_ISSUE_CALLS,
    OTHER_CREDENTIAL_STATUS_CALLS,
    ROLE_TRUST_CALLS,
    ROLES_ANYWHERE_CALLS,
    USER_CREDENTIAL_CALLS,
} from "../calls";
import { calls, SUCCEEDED } from "../terms";

const FIRST_CALL = { threshold: 1, periodSeconds: 300 };

/** One of `c`'s calls, and it succeeded (CloudTrail records errorCode only for failures). */
function succeededCallOf(record: CloudTrailRecord, c: { eventSource: string; eventNames: readonly string[] }, names = c.eventNames): boolean {
    return record.eventSource === c.eventSource && names.includes(record.eventName ?? "") && record.errorCode === undefined;
}

/**
 * The IAM user the call names (`requestParameters.userName`) when it is not
 * the caller: undefined for a call on the caller's own user. Only an IAM user
 * can own a user name; a role session, a federated user or root acting on a
 * named user always acts on someone else (a role session named after the
 * user is still a role). IAM user names are unique without regard to case.
 */
export function otherUserNamed(record: CloudTrailRecord): string | undefined {
    const target = record.requestParameters?.userName;
    if (typeof target !== "string" || target === "") return undefined;
    const identity = record.userIdentity;
    const own = identity?.type === "IAMUser" && typeof identity.userName === "string" ? identity.userName : undefined;
    return own !== undefined && own.toLowerCase() === target.toLowerCase() ? undefined : target;
}

/**
 * A successful CreateAccessKey for a user other than the caller, or
 * UpdateAccessKey switching another user's dormant key back to Active (the
 * same backdoor without a new key; found by a review). The user's other
 * credentials count the same way (found by a second review): a
 * service-specific credential created or its password reset, an SSH public
 * key or a signing certificate uploaded, and any of them switched back to
 * Active. Without userName each of these acts on the caller's own user.
 */
export function accessKeyForAnotherUser(record: CloudTrailRecord): boolean {
    const created = succeededCallOf(record, USER_CREDENTIAL_CALLS, ["CreateAccessKey"]) || succeededCallOf(record, OTHER_CREDENTIAL_ISSUE_CALLS);
    const reactivated =
        (succeededCallOf(record, USER_CREDENTIAL_CALLS, ["UpdateAccessKey"]) || succeededCallOf(record, OTHER_CREDENTIAL_STATUS_CALLS)) &&
        record.requestParameters?.status === "Active";
    return (created || reactivated) && otherUserNamed(record) !== undefined;
}

/** A successful CreateLoginProfile or UpdateLoginProfile for a user other than the caller. */
export function consolePasswordForAnotherUser(record: CloudTrailRecord): boolean {
    return succeededCallOf(record, USER_CREDENTIAL_CALLS, ["CreateLoginProfile", "UpdateLoginProfile"]) && otherUserNamed(record) !== undefined;
}

// ---- Trust policies ------------------------------------------------------------

type Json = Record<string, unknown>;

/** The trust policy a CreateRole or UpdateAssumeRolePolicy sent: CloudTrail records it as a JSON string (URL-encoded by some clients). */
export function trustPolicyOf(record: CloudTrailRecord): Json | undefined {
    const request = record.requestParameters;
    const raw = record.eventName === "CreateRole" ? request?.assumeRolePolicyDocument : request?.policyDocument;
    if (raw !== null && typeof raw === "object") return raw as Json;
    if (typeof raw !== "string") return undefined;
    const text = raw.trimStart().startsWith("%") ? safeDecode(raw) : raw;
    try {
        const parsed: unknown = JSON.parse(text);
        return parsed !== null && typeof parsed === "object" ? (parsed as Json) : undefined;
    } catch {
        return undefined;
    }
}

function safeDecode(text: string): string {
    try {
        return decodeURIComponent(text.replace(/\+/g, " "));
    } catch {
        return text;
    }
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The account an AWS principal names: a 12-digit id, or the fifth field of
 * an IAM or STS ARN. Undefined for anything else (a unique id such as AROA...,
 * which IAM rejects in a new policy anyway).
 */
export function principalAccount(principal: string): string | undefined {
    if (/^\d{12}$/.test(principal)) return principal;
    const arn = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal);
    return arn?.[1];
}

/**
 * The operators under which a condition on the caller's organization or
 * account pins the caller: a positive match, the key required. Negated
 * operators (StringNotEquals: everyone outside), ...IfExists (true when the
 * key is absent) and ForAllValues: (true when the key is absent) pin nothing
 * (found by a review, issue 17).
 */
const PINNING_OPERATOR = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/;

/** The condition values of `key` (case-insensitive) under the pinning operators of a statement. */
function conditionValues(statement: Json, key: string): string[] {
    const condition = statement.Condition;
    if (condition === null || typeof condition !== "object") return [];
    const values: string[] = [];
    for (const [operator, operands] of Object.entries(condition as Json)) {
        if (!PINNING_OPERATOR.test(operator)) continue;
        if (operands === null || typeof operands !== "object") continue;
        for (const [k, v] of Object.entries(operands as Json)) {
            if (k.toLowerCase() === key.toLowerCase()) values.push(...asList(v).filter((x): x is string => typeof x === "string"));
        }
    }
    return values;
}

/**
 * `Principal: *` (or `AWS: *`) is inside the organization only with a
 * condition that pins the caller to it: aws:PrincipalOrgID naming this
 * organization, aws:PrincipalOrgPaths under it, or aws:PrincipalAccount naming
 * only known accounts. sts:ExternalId is not such a condition: anyone who
 * learns the id gets in.
 */
function starPinnedToOrganization(statement: Json, organizationId: string, known: (account: string) => boolean): boolean {
    const orgIds = conditionValues(statement, "aws:PrincipalOrgID");
    if (orgIds.length > 0 && orgIds.every((id) => id === organizationId)) return true;
    const paths = conditionValues(statement, "aws:PrincipalOrgPaths");
    if (paths.length > 0 && paths.every((p) => p.startsWith(`${organizationId}/`))) return true;
    const accounts = conditionValues(statement, "aws:PrincipalAccount");
    return accounts.length > 0 && accounts.every(known);
}

/**
 * The principals of a trust policy that may come from outside the
 * organization: AWS principals whose account is not known, `*` without a
 * condition pinning it to the organization, and any Allow with NotPrincipal
 * (everyone but the named). Deny statements narrow, so they are skipped.
 * Service principals are AWS services; Federated principals name an identity
 * provider of the role's own account or a web identity service (not judged
 * here: see the catalog entry).
 */
export function outsidePrincipals(policy: Json, organizationId: string, known: (account: string) => boolean): string[] {
    const outside: string[] = [];
    for (const s of asList(policy.Statement)) {
        if (s === null || typeof s !== "object") continue;
        const statement = s as Json;
        if (statement.Effect !== "Allow") continue;
        if (statement.NotPrincipal !== undefined) {
            outside.push("NotPrincipal");
            continue;
        }
        const principal = statement.Principal;
        const awsPrincipals = principal === "*" ? ["*"] : principal !== null && typeof principal === "object" ? asList((principal as Json).AWS) : [];
        for (const p of awsPrincipals) {
            if (typeof p !== "string") continue;
            if (p === "*") {
                if (!starPinnedToOrganization(statement, organizationId, known)) outside.push("*");
                continue;
            }
            const account = principalAccount(p);
            if (account === undefined || !known(account)) outside.push(p);
        }
    }
    return outside;
}

/**
 * The accounts a trust may name without leaving the organization: the
 * organization's (ctx.accounts), the role's own, and the product's three.
 * When Organizations could not be read (ctx.accounts empty), only the last
 * ones: every other account fires, as it should when the engine cannot tell.
 */
function knownAccounts(record: CloudTrailRecord, ctx: DetectionContext): (account: string) => boolean {
    const own = [record.recipientAccountId, record.userIdentity?.accountId];
    const product = [ctx.settings.managementAccountId, ctx.settings.logArchiveAccountId, ctx.settings.auditAccountId];
    const extra = new Set([...own, ...product].filter((a): a is string => typeof a === "string" && a !== ""));
    return (account) => ctx.accounts.has(account) || extra.has(account);
}

/** A successful CreateRole or UpdateAssumeRolePolicy whose trust policy admits a principal outside the organization. */
export function trustsOutsideOrganization(record: CloudTrailRecord, ctx: DetectionContext): boolean {
    if (!succeededCallOf(record, ROLE_TRUST_CALLS)) return false;
    const policy = trustPolicyOf(record);
    if (policy === undefined) return false;
    return outsidePrincipals(policy, ctx.settings.organizationId, knownAccounts(record, ctx)).length > 0;
}

// ---- Lambda functions made public ------------------------------------------------

/**
 * Lambda records some calls with the API version in the name
 * (AddPermission20150331v2, UpdateFunctionCode20150331v2) and others without
 * (CreateFunctionUrlConfig), per the Lambda developer guide's CloudTrail page:
 * matched by prefix, so either form, and a new version, still fires.
 */
const lambdaCall = (record: CloudTrailRecord, prefix: string): boolean =>
    record.eventSource === "lambda.amazonaws.com" && typeof record.eventName === "string" && record.eventName.startsWith(prefix) && record.errorCode === undefined;

/** An AWS service principal (s3.amazonaws.com, events.amazonaws.com): a service, not an account. */
const isServicePrincipal = (principal: string): boolean => /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(principal);

/**
 * A successful AddPermission on a function that lets anyone, or an account
 * outside the organization, invoke or read it: principal `*` without a
 * principalOrgID of this organization or a sourceAccount of a known account,
 * or an account principal that is not known. Service principals are not
 * judged (a missing sourceArn there is a confused-deputy weakness, not a
 * backdoor). A function URL created or changed to authType NONE fires too:
 * its AddPermission with functionUrlAuthType NONE is the same opening.
 */
export function lambdaMadePublic(record: CloudTrailRecord, ctx: DetectionContext): boolean {
    const request = record.requestParameters ?? {};
    if (lambdaCall(record, "CreateFunctionUrlConfig") || lambdaCall(record, "UpdateFunctionUrlConfig")) return request.authType === "NONE";
    if (!lambdaCall(record, "AddPermission")) return false;
    const principal = request.principal;
    if (typeof principal !== "string" || isServicePrincipal(principal)) return false;
    const known = knownAccounts(record, ctx);
    if (principal === "*") {
        if (request.principalOrgID === ctx.settings.organizationId) return false;
        return !(typeof request.sourceAccount === "string" && known(request.sourceAccount));
    }
    const account = principalAccount(principal);
    return account === undefined || !known(account);
}

/** A non-empty list of layers in a request or response of UpdateFunctionConfiguration (a new function's layers, CreateFunction, are not judged). */
const hasLayers = (part: Record<string, unknown> | null | undefined): boolean => Array.isArray(part?.layers) && part.layers.length > 0;

/**
 * A successful UpdateFunctionCode (new code), or UpdateFunctionConfiguration
 * that leaves the function with layers (the request sets them, or the
 * response lists them): a layer can carry an extension that runs beside the
 * handler and reads every event and the role's credentials. The response
 * counts too: the corpus's records of a layer added carry the layers in the
 * response only. The price, found by a review: a memory or environment change
 * of a function that already has layers fires as well (tune it with
 * automationPrincipals or ignorePrincipals). Who is the usual
 * deployer is not the predicate's to know: automationPrincipals and the
 * detection's ignorePrincipals tune it (tunable).
 */
export function lambdaCodeOrLayersChanged(record: CloudTrailRecord): boolean {
    if (lambdaCall(record, "UpdateFunctionCode")) return true;
    return lambdaCall(record, "UpdateFunctionConfiguration") && (hasLayers(record.requestParameters) || hasLayers(record.responseElements));
}

export const PERSISTENCE: readonly Detection[] = [
    {
        id: "iam-access-key-created-for-another-user",
        severity: "high",
        title: "An access key or other credential was created or reactivated for another IAM user",
        catches:
            "Successful CreateAccessKey, or UpdateAccessKey to Active, naming a user (requestParameters.userName) other than the caller; " +
            "the same for service-specific credentials (CreateServiceSpecificCredential, ResetServiceSpecificCredential, UpdateServiceSpecificCredential to Active), " +
            "SSH public keys (UploadSSHPublicKey, UpdateSSHPublicKey to Active) and signing certificates (UploadSigningCertificate, UpdateSigningCertificate to Active); " +
            "a user acting on their own credentials does not fire; evaluated by the engine only",
        why:
            "A key made for someone else's user is a second way in that survives the attacker's own credentials being revoked, and it is logged under the other user's name. Pages now (high): automation that rotates service users' keys belongs in automationPrincipals.",
        firstCheck:
            "Which user got which credential (eventName, requestParameters.userName, the key, credential, SSH key or certificate id) from whom (userIdentity.arn); " +
            "deactivate it (aws iam update-access-key, update-service-specific-credential, update-ssh-public-key or update-signing-certificate with --status Inactive) unless the owner asked for it.",
        technique: "T1098.001 Account Manipulation: Additional Cloud Credentials",
        predicate: accessKeyForAnotherUser,
        // Not tunable: a stolen automation role is exactly who would mint itself another user's keys (review, issue 17).
        ...FIRST_CALL,
    },
    {
        id: "iam-console-password-set-for-another-user",
        severity: "high",
        title: "A console password was created or changed for another IAM user",
        catches:
            "Successful CreateLoginProfile and UpdateLoginProfile naming a user other than the caller (a user changing their own password calls ChangePassword and does not fire); evaluated by the engine only",
        why:
            "A password set on someone else's user opens the console to whoever set it, often on a service user nobody watches. Pages now (high); an admin's password reset pages too: expect it, or tune the help desk's role out.",
        firstCheck:
            "Which user (requestParameters.userName) by whom (userIdentity.arn), and whether that user signed in next (ConsoleLogin of that user); delete the login profile if nobody asked for it (aws iam delete-login-profile).",
        technique: "T1098 Account Manipulation",
        predicate: consolePasswordForAnotherUser,
        // Not tunable: a stolen automation role is exactly who would hand itself another user's console (review, issue 17).
        ...FIRST_CALL,
    },
    {
        id: "iam-role-trusts-outside-organization",
        severity: "high",
        title: "A role was created or re-trusted to trust a principal outside the organization",
        catches:
            "Successful CreateRole and UpdateAssumeRolePolicy whose trust policy admits an AWS account outside the organization, `*` without an aws:PrincipalOrgID (or PrincipalOrgPaths, PrincipalAccount) condition, or NotPrincipal; " +
            "Service and Federated principals are not judged; evaluated by the engine only (iam-role-trust-policy-changed stays the metric filter for any trust change)",
        why: "Whoever a role trusts can become it at any time from their own account: the cleanest backdoor there is, and invisible in the victim account until it is used.",
        firstCheck:
            "Which role (requestParameters.roleName) and which principals the policy (policyDocument or assumeRolePolicyDocument) names; whether the account is a known vendor; then who assumed the role since (AssumeRole with that roleArn).",
        technique: "T1098.003 Account Manipulation: Additional Cloud Roles",
        predicate: trustsOutsideOrganization,
        ...FIRST_CALL,
    },
    {
        id: "iam-roles-anywhere-changed",
        severity: "high",
        title: "An IAM Roles Anywhere trust anchor, profile or revocation list was changed",
        catches:
            "Successful create, update and enable of trust anchors and profiles, and import, update (replacement), deletion or disabling of certificate revocation lists",
        why: "A trust anchor trusts a certificate authority: whoever holds that CA's key gets role sessions from outside AWS, with no access key to find or revoke.",
        firstCheck:
            "Which trust anchor (its source: an uploaded CA certificate or a Private CA ARN) or profile (its roleArns) by whom; disable it (aws rolesanywhere disable-trust-anchor) if no project explains it.",
        technique: "T1098.001 Account Manipulation: Additional Cloud Credentials",
        pattern: calls(ROLES_ANYWHERE_CALLS.eventSource, ROLES_ANYWHERE_CALLS.eventNames, SUCCEEDED),
        tunable: true,
        ...FIRST_CALL,
    },
    {
        id: "sts-federation-token-issued",
        severity: "medium",
        title: "An IAM user obtained a federation token",
        catches: "Successful sts:GetFederationToken",
        why:
            "The federated session outlives the access key that made it (deleting or deactivating the key does not end it, for up to 36 hours) and can open a console session. " +
            "Few organizations still use it; medium (pages in hours) because some legacy brokers call it all day: tune them out.",
        firstCheck:
            "Which user (userIdentity.arn) named which federated user (requestParameters.name) with which policy; to contain, attach a deny-all policy to the user (revoking the key is not enough).",
        technique: "T1550.001 Use Alternate Authentication Material: Application Access Token",
        pattern: calls(FEDERATION_TOKEN_CALLS.eventSource, FEDERATION_TOKEN_CALLS.eventNames, SUCCEEDED),
        tunable: true,
        ...FIRST_CALL,
    },
    {
        id: "lambda-function-made-public",
        severity: "high",
        title: "A Lambda function was opened to anyone or to an account outside the organization",
        catches:
            "Successful AddPermission (any API version) granting `*` (without this organization's principalOrgID or a known sourceAccount) or an account outside the organization, " +
            "and function URLs created or changed to authType NONE; service principals are not judged; evaluated by the engine only",
        why: "A function anyone can invoke runs the attacker's requests with the function's role: a way back in that needs no credentials at all.",
        firstCheck:
            "Which function (requestParameters.functionName) and statement (statementId, principal, functionUrlAuthType) by whom; aws lambda get-policy, then remove the statement (aws lambda remove-permission) if nobody asked for a public endpoint.",
        technique: "T1546 Event Triggered Execution",
        predicate: lambdaMadePublic,
        // Not tunable: a stolen automation role is exactly who would open a function to the world (review, issue 17).
        ...FIRST_CALL,
    },
    {
        id: "lambda-code-or-layers-changed",
        severity: "medium",
        title: "A Lambda function's code was replaced or its layers set by a principal that is not automation",
        catches:
            "Successful UpdateFunctionCode (any API version), and UpdateFunctionConfiguration that leaves the function with layers; " +
            "routine deployers are tuned out with automationPrincipals or ignorePrincipals; evaluated by the engine only (a metric filter would count every deployment)",
        why:
            "New code or a layer with an extension runs with the function's role on every invocation: persistence that looks like a deployment. " +
            "Medium (pages in hours): until the deployers are tuned out, every deployment fires.",
        firstCheck:
            "Which function (requestParameters.functionName) by whom (userIdentity.arn), and whether that principal is a deployer; compare the code's SHA-256 (responseElements.codeSha256) and the layers' ARNs (their account) with the last release.",
        technique: "T1525 Implant Internal Image",
        predicate: lambdaCodeOrLayersChanged,
        tunable: true,
        ...FIRST_CALL,
    },
];
