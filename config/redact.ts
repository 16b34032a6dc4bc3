// Keeps credentials out of every message. Incident tools put their API key in
// the URL (Opsgenie's ?apiKey=, PagerDuty's integration key, user:password@),
// and a URL pasted under the wrong key is printed by that key's error; so any
// URL with credentials or a query string is cut down to its scheme and host,
// whatever key it was under.

/** A URL with user info or a query string, up to the first character that cannot be part of one. */
const URL_WITH_SECRETS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]*(?:@|\?)[^\s"'<>`]*/gi;

/** `text` with every URL that carries credentials or a query reduced to `scheme://host/[redacted]`. */
export function redactSecrets(text: string): string {
    return text.replace(URL_WITH_SECRETS, (url) => {
        const m = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^/?#]*@)?([^/?#:@]*)/i.exec(url);
        return `${m?.[1] ?? ""}${m?.[2] ?? ""}/[redacted]`;
    });
}
