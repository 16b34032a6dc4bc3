// The two detections built from config: sign-ins from outside the trusted
// networks, and launches of large instance types. CloudWatch filter patterns
// have no CIDR operator, so a range becomes wildcard terms on octet
// boundaries: 203.0.113.0/24 is `203.0.113.*`, 10.20.0.0/15 is `10.20.*` and
// `10.21.*`. ipaddr.js parses and compares the ranges.
import * as ipaddr from "ipaddr.js";
import { MAX_PATTERN_LENGTH } from "./filterPattern";
import { quoted, SUCCEEDED } from "./terms";

/** A range wider than this is not a trusted network (a /0 would trust every address). */
export const MIN_TRUSTED_PREFIX = 8;

/** One IPv4 address (a /32) or CIDR as [network octets, prefix length]. */
export function parseTrustedRange(text: string): [number[], number] {
    // The "/" picks the one ipaddr.js check that can succeed. Asked about a
    // CIDR, isValidFourPartDecimal always answers false, and does so by
    // throwing and catching an Error inside (IPv4.isValid): once for every
    // range checked, the common case, at several times the cost of the rest.
    if (!text.includes("/")) {
        if (ipaddr.IPv4.isValidFourPartDecimal(text)) return [ipaddr.IPv4.parse(text).octets, 32];
        throw new Error("expected an IPv4 address or CIDR, e.g. 203.0.113.0/24");
    }
    if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) throw new Error("expected an IPv4 address or CIDR, e.g. 203.0.113.0/24");
    const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
    const network = ipaddr.IPv4.networkAddressFromCIDR(text);
    if (network.toString() !== address.toString()) {
        throw new Error(`expected the network address of the range: ${network.toString()}/${prefix}`);
    }
    if (prefix < MIN_TRUSTED_PREFIX) throw new Error(`expected a prefix of at least /${MIN_TRUSTED_PREFIX}`);
    return [address.octets, prefix];
}

/** Why `text` is not a usable trusted range, or undefined when it is. */
export function trustedRangeProblem(text: unknown): string | undefined {
    if (typeof text !== "string") return "expected an IPv4 address or CIDR, e.g. 203.0.113.0/24";
    try {
        parseTrustedRange(text);
        return undefined;
    } catch (error) {
        return (error as Error).message;
    }
}

/** The wildcard values that together cover `cidrs` exactly, ranges inside other ranges dropped. */
export function trustedAddressValues(cidrs: readonly string[]): string[] {
    const ranges = cidrs.map(parseTrustedRange).sort((a, b) => a[1] - b[1]);
    const kept: [ipaddr.IPv4, number][] = [];
    for (const [octets, prefix] of ranges) {
        const address = new ipaddr.IPv4(octets);
        if (!kept.some((range) => address.match(range))) kept.push([address, prefix]);
    }
    const values: string[] = [];
    for (const [address, prefix] of kept) {
        const fixedOctets = Math.ceil(prefix / 8);
        const base = address.octets.slice(0, fixedOctets);
        const variants = 2 ** (fixedOctets * 8 - prefix);
        for (let i = 0; i < variants; i++) {
            const octets = [...base];
            octets[fixedOctets - 1] += i;
            values.push(fixedOctets === 4 ? octets.join(".") : `${octets.join(".")}.*`);
        }
    }
    return values;
}

/** Successful console sign-ins from outside `cidrs`; undefined when no network is trusted. */
export function consoleSignInOutsidePattern(cidrs: readonly string[]): string | undefined {
    if (cidrs.length === 0) return undefined;
    const outside = trustedAddressValues(cidrs).map((v) => `($.sourceIPAddress != ${quoted(v)})`);
    return `{ ($.eventName = "ConsoleLogin") && ($.responseElements.ConsoleLogin = "Success") && ${outside.join(" && ")} }`;
}

/**
 * `*.8xlarge` as the anchored regex `^.*\.8xlarge$`. CloudWatch regexes allow
 * `^ $ | \ . *` but no parentheses, so the alternatives stay at the top level.
 */
export function instanceTypeRegex(types: readonly string[]): string {
    return types.map((t) => `^${t.replace(/\./g, "\\.").replace(/\*/g, ".*")}$`).join("|");
}

/**
 * Successful launches of an instance type matching one of `types`. The type is
 * read from the response, where it is whether the request named it or a launch
 * template did; one regex keeps a long list within the pattern limit.
 */
export function largeInstancePattern(types: readonly string[]): string | undefined {
    if (types.length === 0) return undefined;
    return (
        `{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "RunInstances") && ` +
        `($.responseElements.instancesSet.items[0].instanceType = %${instanceTypeRegex(types)}%) && ${SUCCEEDED} }`
    );
}

/** Why a configured list cannot become a pattern, or undefined when it can. */
export function tooLong(pattern: string | undefined, advice: string): string | undefined {
    if (pattern === undefined || pattern.length <= MAX_PATTERN_LENGTH) return undefined;
    return `this list makes a filter pattern of ${pattern.length} characters and CloudWatch accepts at most ${MAX_PATTERN_LENGTH}: ${advice}`;
}
