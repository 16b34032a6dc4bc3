// How a resource policy names the log readers. KMS, S3 and IAM reject a
// policy whose Principal is a role or user that does not exist (yet): a typo
// in logReaderArns, or a reader role created after the archive, would fail
// the deploy half way. An account root always exists, so a reader is granted
// through its account, with its own ARN as the condition that keeps every
// other principal of that account out.
import { accountRootArn } from "./arns";
import { Condition, Statement } from "./document";

/** The 12-digit account of an IAM principal ARN (`arn:<partition>:iam::<account>:...`). */
export function accountOf(principalArn: string): string {
    const match = /^arn:[a-z-]+:iam::(\d{12}):/.exec(principalArn);
    if (!match) throw new Error(`not an IAM principal ARN of one account: ${principalArn}`);
    return match[1];
}

/** An account root (`arn:<partition>:iam::<account>:root`): a whole account, as IAM reads a root Principal. */
export const isRoot = (principalArn: string) => /^arn:[a-z-]+:iam::\d{12}:root$/.test(principalArn);

const unique = (values: string[]) => [...new Set(values)];

/**
 * `statement` granted to `readers`, as zero, one or two statements:
 *
 * - roles and users: Principal the roots of their accounts (each once), with
 *   `ArnEquals aws:PrincipalArn` = exactly those roles and users;
 * - account roots (a whole account, as IAM reads a root Principal): Principal
 *   those roots, with no principal condition, under the Sid `<Sid>Accounts`.
 *
 * The statement's own conditions are kept in both. No readers, no statement
 * (IAM rejects an empty Principal).
 */
export function grantToReaders(partition: string, readers: readonly string[], statement: Omit<Statement, "Principal">): Statement[] {
    const named = unique(readers.filter((r) => !isRoot(r)));
    const accounts = unique(readers.filter(isRoot));
    const { Sid, Effect, ...rest } = statement;
    const out: Statement[] = [];
    if (named.length > 0) {
        const condition: Condition = { ...statement.Condition, ArnEquals: { "aws:PrincipalArn": named } };
        out.push({ Sid, Effect, Principal: { AWS: unique(named.map((r) => accountRootArn(partition, accountOf(r)))) }, ...rest, Condition: condition });
    }
    if (accounts.length > 0) {
        out.push({ Sid: `${Sid}Accounts`, Effect, Principal: { AWS: accounts }, ...rest });
    }
    return out;
}
