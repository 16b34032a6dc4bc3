// The shape of an IAM, S3, KMS or SCP policy document, and the statements
// several documents share.

export type Principal = "*" | { AWS: string | string[] } | { Service: string | string[] };

/** Condition operator → condition key → value(s), as IAM spells it. */
export type Condition = Record<string, Record<string, string | string[]>>;

export interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal?: Principal;
    /** What the statement covers; a Deny that must spare a few actions of a wildcard names the spared ones in NotAction instead. */
    Action?: string | string[];
    NotAction?: string | string[];
    /** Absent only in trust policies, which name no resource. */
    Resource?: string | string[];
    /** Everything but these: a Deny that must reach every resource outside a prefix. */
    NotResource?: string | string[];
    Condition?: Condition;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

export function policy(...statements: (Statement | undefined)[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements.filter((s): s is Statement => s !== undefined) };
}

/**
 * The condition that exempts `exempt` principals from a Deny. With nobody to
 * exempt there is no condition at all: IAM rejects an empty value list, and a
 * Deny without exemptions is the intent.
 */
export function unlessPrincipal(exempt: readonly string[]): Condition | undefined {
    return exempt.length === 0 ? undefined : { ArnNotLike: { "aws:PrincipalArn": [...exempt] } };
}

/** Deny every request to `resources` that does not use TLS. */
export function denyInsecureTransport(service: "s3", resources: string[]): Statement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: `${service}:*`,
        Resource: resources,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}
