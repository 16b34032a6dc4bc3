// Keeps credentials out of every message. Incident tools put their API key in
// the URL: Opsgenie in the query (?apiKey=), PagerDuty and Slack in the path
// (/integration/<key>/enqueue, /services/T/B/<key>), others in user:password@
// or the fragment. A URL pasted under the wrong key is printed by that key's
// error, so every http(s) URL with anything after its host is cut down to its
// scheme and host, whatever key it was under. Other schemes (the s3:// table
// locations the plan prints) carry no credentials and stay as they are.

/** An http or https URL, up to the first character that cannot be part of one. */
const URL = /\bhttps?:\/\/[^\s"'<>`]*/gi;

/** Scheme, optional user info, host (with port), and whatever follows. */
const PARTS = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*@)?([^/?#]*)(.*)$/i;

/** `text` with every URL that carries user info, a path, a query or a fragment reduced to `scheme://host/[redacted]`. */
export function redactSecrets(text: string): string {
    return text.replace(URL, (url) => {
        const [, scheme, userInfo, host, rest] = PARTS.exec(url) ?? [];
        if (scheme === undefined) return url;
        // Only a bare origin (https://host or https://host/) carries nothing that can be a key.
        if (userInfo === undefined && (rest === "" || rest === "/")) return url;
        return `${scheme}${host.replace(/:.*$/, "")}/[redacted]`;
    });
}
