// The organization's account names, for the alert's "where". Read with
// Organizations ListAccounts (the audit account is a delegated administrator
// for it: the management stack's delegation policy), cached per container.
// Failure-tolerant: an alert without a name is better than none, so a failed
// read gives an empty map and is retried a few minutes later.
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";

/** Names change rarely; a new account gets its name within the hour. */
export const NAMES_TTL_MS = 60 * 60 * 1000;
/** After a failed read, try again after this long, not on every message. */
export const RETRY_AFTER_MS = 5 * 60 * 1000;

export class AccountNames {
    private names: ReadonlyMap<string, string> = new Map();
    private validUntil = 0;

    constructor(
        private readonly client: OrganizationsClient,
        private readonly now: () => number = Date.now,
        private readonly log: (message: string) => void = (m) => console.warn(m),
    ) {}

    /** The cached names, read again when stale; never throws. */
    async get(): Promise<ReadonlyMap<string, string>> {
        if (this.now() < this.validUntil) return this.names;
        try {
            const names = new Map<string, string>();
            let NextToken: string | undefined;
            do {
                const page = await this.client.send(new ListAccountsCommand({ NextToken }));
                for (const a of page.Accounts ?? []) if (a.Id && a.Name) names.set(a.Id, a.Name);
                NextToken = page.NextToken;
            } while (NextToken);
            this.names = names;
            this.validUntil = this.now() + NAMES_TTL_MS;
        } catch (error) {
            this.log(JSON.stringify({ level: "warn", message: "organizations:ListAccounts failed; alerts go out without account names", error: String(error) }));
            this.validUntil = this.now() + RETRY_AFTER_MS;
        }
        return this.names;
    }
}
