// The two detections built from config. CloudWatch filter patterns have no
// CIDR operator, so trusted ranges become wildcard values on octet
// boundaries; these tests prove the conversion covers each range exactly
// (no address inside it alerts, the first one outside it does) and that the
// length guard stops at CloudWatch's 1,024-character limit, not before and
// not after.
import { strict as assert } from "assert";
import * as inspector from "inspector";
import { MAX_PATTERN_LENGTH, parseFilterPattern, patternMatches } from "../../detections/filterPattern";
import {
    consoleSignInOutsidePattern,
    instanceTypeRegex,
    largeInstancePattern,
    MIN_TRUSTED_PREFIX,
    parseTrustedRange,
    tooLong,
    trustedAddressValues,
    trustedRangeProblem,
} from "../../detections/parameters";
import { DEFAULT_LARGE_INSTANCE_TYPES } from "../../config/detectionFields";
import { managementFields } from "../../config/management";

/** The limit written out, not read from the module under test, so raising MAX_PATTERN_LENGTH is caught. */
const CLOUDWATCH_LIMIT = 1024;

/** A ConsoleLogin event as CloudTrail records it, reduced to the fields the patterns look at. */
function consoleLogin(sourceIPAddress: string, outcome: "Success" | "Failure" = "Success"): Record<string, unknown> {
    return {
        eventVersion: "1.08",
        userIdentity: { type: "IAMUser", accountId: "111111111111", userName: "alice" },
        eventSource: "signin.amazonaws.com",
        eventName: "ConsoleLogin",
        awsRegion: "us-east-1",
        sourceIPAddress,
        responseElements: { ConsoleLogin: outcome },
        additionalEventData: { MFAUsed: "Yes" },
        eventType: "AwsConsoleSignIn",
        ...(outcome === "Failure" ? { errorMessage: "Failed authentication" } : {}),
    };
}

/** A RunInstances event; a failed launch carries errorCode and no responseElements. */
function runInstances(instanceType: string, failed = false): Record<string, unknown> {
    return {
        eventSource: "ec2.amazonaws.com",
        eventName: "RunInstances",
        awsRegion: "eu-west-1",
        requestParameters: { instanceType, instancesSet: { items: [{ imageId: "ami-0123456789abcdef0", minCount: 1, maxCount: 1 }] } },
        ...(failed
            ? { errorCode: "Client.InstanceLimitExceeded", errorMessage: "You have requested more instances than your current limit allows" }
            : { responseElements: { instancesSet: { items: [{ instanceId: "i-0123456789abcdef0", instanceType }] } } }),
    };
}

function rejection(text: string): string {
    try {
        parseTrustedRange(text);
    } catch (e) {
        return (e as Error).message;
    }
    assert.fail(`${JSON.stringify(text)} should be rejected`);
}

describe("parameters: trusted ranges to wildcard values", () => {
    it("turns a /32 and a bare address into the exact address", () => {
        assert.deepEqual(trustedAddressValues(["203.0.113.7/32"]), ["203.0.113.7"]);
        assert.deepEqual(trustedAddressValues(["203.0.113.7"]), ["203.0.113.7"]);
        assert.deepEqual(parseTrustedRange("203.0.113.7"), [[203, 0, 113, 7], 32]);
    });

    it("turns ranges on octet boundaries into one value: /24 a.b.c.*, /16 a.b.*, /8 a.*", () => {
        assert.deepEqual(trustedAddressValues(["203.0.113.0/24"]), ["203.0.113.*"]);
        assert.deepEqual(trustedAddressValues(["172.20.0.0/16"]), ["172.20.*"]);
        assert.deepEqual(trustedAddressValues(["10.0.0.0/8"]), ["10.*"]);
    });

    it("splits a /23 into its two /24s", () => {
        assert.deepEqual(trustedAddressValues(["10.0.2.0/23"]), ["10.0.2.*", "10.0.3.*"]);
    });

    it("splits a /15 into its two /16s", () => {
        assert.deepEqual(trustedAddressValues(["10.20.0.0/15"]), ["10.20.*", "10.21.*"]);
    });

    it("splits a /12 into its sixteen /16s, 172.16 to 172.31", () => {
        const expected = Array.from({ length: 16 }, (_, i) => `172.${16 + i}.*`);
        assert.deepEqual(trustedAddressValues(["172.16.0.0/12"]), expected);
    });

    it("splits a /30 into its four addresses and a /25 into 128 addresses (no wildcard can stand for half an octet)", () => {
        assert.deepEqual(trustedAddressValues(["192.0.2.4/30"]), ["192.0.2.4", "192.0.2.5", "192.0.2.6", "192.0.2.7"]);
        const half = trustedAddressValues(["192.0.2.128/25"]);
        assert.equal(half.length, 128);
        assert.equal(half[0], "192.0.2.128");
        assert.equal(half[127], "192.0.2.255");
    });

    it("drops ranges and addresses inside other ranges, whatever order they are listed in", () => {
        assert.deepEqual(trustedAddressValues(["10.1.2.0/24", "10.1.2.3", "10.0.0.0/8", "10.1.0.0/16"]), ["10.*"]);
        assert.deepEqual(trustedAddressValues(["203.0.113.9", "203.0.113.0/24"]), ["203.0.113.*"]);
        // Only what is inside goes: a neighbour of a kept range stays.
        assert.deepEqual(trustedAddressValues(["203.0.113.0/24", "203.0.114.1"]).sort(), ["203.0.113.*", "203.0.114.1"]);
        // The same range twice is one range.
        assert.deepEqual(trustedAddressValues(["192.0.2.1", "192.0.2.1"]), ["192.0.2.1"]);
    });

    it("rejects a range with host bits set and names the network address to write instead", () => {
        assert.equal(rejection("10.0.0.1/24"), "expected the network address of the range: 10.0.0.0/24");
        assert.equal(rejection("10.0.3.0/23"), "expected the network address of the range: 10.0.2.0/23");
        assert.equal(rejection("172.17.0.0/12"), "expected the network address of the range: 172.16.0.0/12");
    });

    it(`rejects prefixes shorter than /${MIN_TRUSTED_PREFIX}: /7 and /0`, () => {
        assert.equal(MIN_TRUSTED_PREFIX, 8);
        assert.equal(rejection("10.0.0.0/7"), "expected a prefix of at least /8");
        assert.equal(rejection("0.0.0.0/0"), "expected a prefix of at least /8");
    });

    it("rejects IPv6 and anything that is not an IPv4 address or CIDR", () => {
        for (const text of ["2001:db8::/32", "2001:db8::1", "::1", "::ffff:10.0.0.1", "office", "", "10.0.0.256", "10.0.0", "10.0.0.0/33", "10.0.0.0/", "010.0.0.1", "0x0a.0.0.1", " 10.0.0.1", "10.0.0.0/8 ", "10.0.0.*"]) {
            assert.equal(rejection(text), "expected an IPv4 address or CIDR, e.g. 203.0.113.0/24", JSON.stringify(text));
        }
    });
});

/**
 * Every exception thrown while `check` runs, caught ones included, as the
 * first line of each. Only the debugger sees an exception a library throws
 * and catches itself; pausing on all exceptions from an in-process session
 * reports each one synchronously, and the handler resumes at once.
 */
function exceptionsDuring(check: () => void): string[] {
    const session = new inspector.Session();
    session.connect();
    const thrown: string[] = [];
    session.on("Debugger.paused", ({ params }) => {
        // For an exception, `data` is the thrown value as a RemoteObject.
        const error = params.data as inspector.Runtime.RemoteObject | undefined;
        if (params.reason === "exception") thrown.push(String(error?.description ?? error?.value).split("\n")[0]);
        session.post("Debugger.resume");
    });
    session.post("Debugger.enable");
    session.post("Debugger.setPauseOnExceptions", { state: "all" });
    try {
        check();
    } finally {
        session.post("Debugger.setPauseOnExceptions", { state: "none" });
        session.post("Debugger.disable");
        session.disconnect();
    }
    return thrown;
}

describe("parameters: the trusted-range check's common path (issue 15)", () => {
    it("checks a valid range or address without any exception thrown, not even one caught inside ipaddr.js", () => {
        for (const text of ["203.0.113.0/24", "10.0.0.0/8", "10.20.0.0/15", "192.0.2.4/30", "203.0.113.7/32", "203.0.113.7"]) {
            assert.deepEqual(exceptionsDuring(() => assert.equal(trustedRangeProblem(text), undefined)), [], text);
        }
    });

    it("sees the exceptions it looks for: a rejected range throws, and the check reports it", () => {
        // Without this, a watcher that saw nothing would pass the test above for any implementation.
        const thrown = exceptionsDuring(() => assert.equal(trustedRangeProblem("office"), "expected an IPv4 address or CIDR, e.g. 203.0.113.0/24"));
        assert.ok(thrown.includes("Error: expected an IPv4 address or CIDR, e.g. 203.0.113.0/24"), thrown.join("\n"));
    });
});

describe("parameters: the sign-in-outside-trusted-networks pattern, evaluated", () => {
    it("is undefined (detection off) when no network is trusted", () => {
        assert.equal(consoleSignInOutsidePattern([]), undefined);
    });

    it("does not fire for the first and last address of a /23, fires just outside it on both sides", () => {
        const pattern = consoleSignInOutsidePattern(["10.0.2.0/23"])!;
        assert.equal(patternMatches(pattern, consoleLogin("10.0.2.0")), false, "first address");
        assert.equal(patternMatches(pattern, consoleLogin("10.0.2.77")), false, "inside");
        assert.equal(patternMatches(pattern, consoleLogin("10.0.3.255")), false, "last address");
        assert.equal(patternMatches(pattern, consoleLogin("10.0.4.0")), true, "the address just after");
        assert.equal(patternMatches(pattern, consoleLogin("10.0.1.255")), true, "the address just before");
    });

    it("keeps the dot: 10.2.0.0/16 (10.2.*) trusts 10.2.1.1 but not 10.20.1.1 or 110.2.1.1", () => {
        const pattern = consoleSignInOutsidePattern(["10.2.0.0/16"])!;
        assert.match(pattern, /"10\.2\.\*"/);
        assert.equal(patternMatches(pattern, consoleLogin("10.2.1.1")), false);
        assert.equal(patternMatches(pattern, consoleLogin("10.20.1.1")), true);
        assert.equal(patternMatches(pattern, consoleLogin("110.2.1.1")), true);
    });

    it("does not trust 203.0.113.70 for the single address 203.0.113.7", () => {
        const pattern = consoleSignInOutsidePattern(["203.0.113.7"])!;
        assert.equal(patternMatches(pattern, consoleLogin("203.0.113.7")), false);
        assert.equal(patternMatches(pattern, consoleLogin("203.0.113.70")), true);
    });

    it("fires for every range of a list only when the address is outside all of them", () => {
        const pattern = consoleSignInOutsidePattern(["203.0.113.0/24", "198.51.100.7", "10.20.0.0/15"])!;
        for (const inside of ["203.0.113.200", "198.51.100.7", "10.20.0.1", "10.21.255.255"]) {
            assert.equal(patternMatches(pattern, consoleLogin(inside)), false, inside);
        }
        for (const outside of ["203.0.114.1", "198.51.100.8", "10.22.0.0", "10.19.255.255"]) {
            assert.equal(patternMatches(pattern, consoleLogin(outside)), true, outside);
        }
    });

    it("fires for a sign-in from an IPv6 address (no IPv4 range can cover it)", () => {
        const pattern = consoleSignInOutsidePattern(["10.0.0.0/8", "203.0.113.0/24"])!;
        assert.equal(patternMatches(pattern, consoleLogin("2001:db8::1")), true);
    });

    it("does not fire for failed sign-ins, nor for other events from outside (those are console-signin-failures' job)", () => {
        const pattern = consoleSignInOutsidePattern(["203.0.113.0/24"])!;
        assert.equal(patternMatches(pattern, consoleLogin("198.51.100.1", "Failure")), false);
        assert.equal(patternMatches(pattern, { ...consoleLogin("198.51.100.1"), eventName: "GetSigninToken" }), false);
    });
});

describe("parameters: the large-instance pattern, evaluated", () => {
    it("is undefined (detection off) for an empty list", () => {
        assert.equal(largeInstancePattern([]), undefined);
    });

    it("turns wildcards into one anchored regex with the dots escaped", () => {
        assert.equal(instanceTypeRegex(["*.8xlarge", "p*", "c5.24xlarge"]), "^.*\\.8xlarge$|^p.*$|^c5\\.24xlarge$");
    });

    it("reads the launched type from the response, so a launch template's type is caught too", () => {
        const pattern = largeInstancePattern(["*.8xlarge"])!;
        const fromTemplate = runInstances("m5.8xlarge");
        (fromTemplate.requestParameters as Record<string, unknown>) = { launchTemplate: { launchTemplateId: "lt-0123456789abcdef0" } };
        assert.equal(patternMatches(pattern, fromTemplate), true);
    });

    it("*.8xlarge matches m5.8xlarge, not c5.18xlarge nor m5.xlarge", () => {
        const pattern = largeInstancePattern(["*.8xlarge"])!;
        assert.equal(patternMatches(pattern, runInstances("m5.8xlarge")), true);
        assert.equal(patternMatches(pattern, runInstances("c5.18xlarge")), false);
        assert.equal(patternMatches(pattern, runInstances("m5.xlarge")), false);
    });

    it("*.metal* matches m5.metal and c7i.metal-24xl, not m5.large", () => {
        const pattern = largeInstancePattern(["*.metal*"])!;
        assert.equal(patternMatches(pattern, runInstances("m5.metal")), true);
        assert.equal(patternMatches(pattern, runInstances("c7i.metal-24xl")), true);
        assert.equal(patternMatches(pattern, runInstances("m5.large")), false);
    });

    it("does not fire for a failed launch, nor for another call naming a large type", () => {
        const pattern = largeInstancePattern([...DEFAULT_LARGE_INSTANCE_TYPES])!;
        assert.equal(patternMatches(pattern, runInstances("m5.8xlarge", true)), false);
        assert.equal(patternMatches(pattern, { ...runInstances("m5.8xlarge"), eventName: "ModifyInstanceAttribute" }), false);
        assert.equal(patternMatches(pattern, { ...runInstances("m5.8xlarge"), eventSource: "autoscaling.amazonaws.com" }), false);
    });

    it("with the default list, fires for big, metal and GPU types and not for ordinary ones", () => {
        const pattern = largeInstancePattern([...DEFAULT_LARGE_INSTANCE_TYPES])!;
        for (const big of ["m5.8xlarge", "c5.18xlarge", "r6i.32xlarge", "u-6tb1.metal", "p4d.24xlarge", "g5.xlarge", "trn1.2xlarge", "inf2.xlarge", "dl1.24xlarge"]) {
            assert.equal(patternMatches(pattern, runInstances(big)), true, big);
        }
        for (const small of ["t3.micro", "m5.xlarge", "c6g.4xlarge", "r5.2xlarge"]) {
            assert.equal(patternMatches(pattern, runInstances(small)), false, small);
        }
    });
});

describe("parameters: the 1,024-character limit", () => {
    /** n distinct /24s whose values all have the same length (203.0.100.* .. 203.0.199.*). */
    const slash24s = (n: number) => Array.from({ length: n }, (_, i) => `203.0.${100 + i}.0/24`);
    const trustedAdvice = "list fewer, wider ranges";

    // 87 characters around the terms, 36 per term `($.sourceIPAddress != "203.0.1xx.*")`,
    // 4 per " && " between terms: 83 + 40n <= 1024 gives n = 23 (1,003); 24 makes 1,043.
    const FITTING_SLASH_24S = 23;

    it("holds the limit at 1,024, CloudWatch's FilterPattern maximum", () => {
        assert.equal(MAX_PATTERN_LENGTH, CLOUDWATCH_LIMIT);
    });

    it(`fits ${FITTING_SLASH_24S} /24 ranges and not ${FITTING_SLASH_24S + 1}`, () => {
        const fits = consoleSignInOutsidePattern(slash24s(FITTING_SLASH_24S))!;
        const over = consoleSignInOutsidePattern(slash24s(FITTING_SLASH_24S + 1))!;
        assert.equal(fits.length, 83 + 40 * FITTING_SLASH_24S);
        assert.ok(fits.length <= CLOUDWATCH_LIMIT && over.length > CLOUDWATCH_LIMIT, `${fits.length} / ${over.length}`);
        // What fits also parses; what does not is refused by tooLong with the length and the advice.
        parseFilterPattern(fits);
        assert.equal(tooLong(fits, trustedAdvice), undefined);
        assert.equal(
            tooLong(over, trustedAdvice),
            `this list makes a filter pattern of ${over.length} characters and CloudWatch accepts at most ${CLOUDWATCH_LIMIT}: ${trustedAdvice}`,
        );
    });

    it("the config accepts the list that fits and refuses the one that does not, saying why", () => {
        const schema = managementFields.shape.trustedCidrs;
        assert.equal(schema.safeParse(slash24s(FITTING_SLASH_24S)).success, true);
        const refused = schema.safeParse(slash24s(FITTING_SLASH_24S + 1));
        assert.equal(refused.success, false);
        assert.match(refused.error!.issues.map((i) => i.message).join("\n"), /filter pattern of 1043 characters and CloudWatch accepts at most 1024/);
    });

    it("the config refuses a /9, /17 or /25: each alone needs 128 terms", () => {
        const schema = managementFields.shape.trustedCidrs;
        for (const range of ["10.0.0.0/9", "10.0.0.0/17", "10.0.0.0/25"]) {
            assert.equal(trustedAddressValues([range]).length, 128, range);
            assert.equal(schema.safeParse([range]).success, false, range);
        }
    });

    it("tooLong is silent for an undefined pattern and at exactly 1,024 characters, speaks at 1,025", () => {
        assert.equal(tooLong(undefined, "advice"), undefined);
        assert.equal(tooLong("x".repeat(CLOUDWATCH_LIMIT), "advice"), undefined);
        assert.match(tooLong("x".repeat(CLOUDWATCH_LIMIT + 1), "advice") ?? "", /of 1025 characters .* at most 1024: advice$/);
    });

    it("tooLong guards the large-instance list too", () => {
        const types = (n: number) => Array.from({ length: n }, (_, i) => `x${String(i).padStart(2, "0")}.${"a".repeat(30)}`);
        let n = 1;
        while (largeInstancePattern(types(n + 1))!.length <= CLOUDWATCH_LIMIT) n++;
        assert.equal(tooLong(largeInstancePattern(types(n)), "advice"), undefined);
        assert.notEqual(tooLong(largeInstancePattern(types(n + 1)), "advice"), undefined);
        assert.equal(managementFields.shape.largeInstanceTypes.safeParse(types(n)).success, true);
        assert.equal(managementFields.shape.largeInstanceTypes.safeParse(types(n + 1)).success, false);
    });
});
