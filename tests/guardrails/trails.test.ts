// The trail guardrails, called as the pack calls them: one Trail's inputs at a time.
import { strict as assert } from "assert";
import { resourceViolations, TYPES, UNKNOWN, unknownChecking, UnknownRead } from "./args";

const MULTI_REGION = "cis-3.1-cloudtrail-1-multi-region-trail";
const ORGANIZATION = "organization-trail";
const VALIDATION = "cis-3.2-cloudtrail-4-log-file-validation";
const KMS = "cis-3.5-cloudtrail-2-kms-encryption";
const CLOUDWATCH = "cloudtrail-5-cloudwatch-logs-delivery";
const MANAGEMENT = "cis-3.1-cloudtrail-1-management-events-read-write";
const ALL = [MULTI_REGION, ORGANIZATION, VALIDATION, KMS, CLOUDWATCH, MANAGEMENT];

const MANAGEMENT_ONLY = { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] };
const S3_DATA = {
    name: "S3 data events",
    fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
    ],
};

const COMPLIANT = {
    name: "org-trail",
    s3BucketName: "org-trail-logs",
    isMultiRegionTrail: true,
    isOrganizationTrail: true,
    enableLogFileValidation: true,
    kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/0d6f1c2e-1111-2222-3333-444455556666",
    cloudWatchLogsGroupArn: "arn:aws:logs:eu-west-1:111111111111:log-group:org-trail:*",
    cloudWatchLogsRoleArn: "arn:aws:iam::111111111111:role/org-trail-logs",
    advancedEventSelectors: [MANAGEMENT_ONLY],
};

const trail = (change: Record<string, unknown>) => ({ ...COMPLIANT, ...change });
const without = (...keys: string[]) => Object.fromEntries(Object.entries(COMPLIANT).filter(([k]) => !keys.includes(k)));
const check = (name: string, props: Record<string, unknown>) => resourceViolations(name, TYPES.trail, props);

/** The one violation `name` reports for `props`; fails unless there is exactly one. */
function violation(name: string, props: Record<string, unknown>): string {
    const found = check(name, props);
    assert.equal(found.length, 1, `${name}: ${JSON.stringify(found)}`);
    return found[0];
}

describe("guardrails: trails", () => {
    it("pass a multi-region organization trail with validation, KMS, CloudWatch Logs and every management event", () => {
        for (const name of ALL) assert.deepEqual(check(name, COMPLIANT), [], name);
    });

    describe(MULTI_REGION, () => {
        it("fails a single-region trail and one that leaves isMultiRegionTrail out", () => {
            assert.match(violation(MULTI_REGION, trail({ isMultiRegionTrail: false })), /isMultiRegionTrail is not true/);
            assert.match(violation(MULTI_REGION, without("isMultiRegionTrail")), /isMultiRegionTrail is not true.*every region/);
        });
    });

    describe(ORGANIZATION, () => {
        it("fails a trail of one account, and one that leaves isOrganizationTrail out", () => {
            assert.match(violation(ORGANIZATION, trail({ isOrganizationTrail: false })), /isOrganizationTrail is not true: member accounts/);
            assert.match(violation(ORGANIZATION, without("isOrganizationTrail")), /isOrganizationTrail is not true/);
        });
    });

    describe(VALIDATION, () => {
        it("fails a trail without digest files", () => {
            assert.match(violation(VALIDATION, trail({ enableLogFileValidation: false })), /enableLogFileValidation is not true/);
            assert.match(violation(VALIDATION, without("enableLogFileValidation")), /enableLogFileValidation is not true/);
        });
    });

    describe(KMS, () => {
        it("fails a trail without a KMS key, or with an empty one", () => {
            assert.match(violation(KMS, without("kmsKeyId")), /kmsKeyId is not set: log files are only SSE-S3/);
            assert.match(violation(KMS, trail({ kmsKeyId: "" })), /kmsKeyId is not set/);
        });

        it("passes a key ARN that is unknown during a preview, without reading it", () => {
            const props = trail({ kmsKeyId: UNKNOWN });
            assert.throws(() => unknownChecking(props).kmsKeyId, UnknownRead);
            assert.deepEqual(check(KMS, props), []);
        });
    });

    describe(CLOUDWATCH, () => {
        it("names the one delivery setting that is missing, or both", () => {
            const group = violation(CLOUDWATCH, without("cloudWatchLogsGroupArn"));
            assert.match(group, /^cloudWatchLogsGroupArn not set: no alarm can see/);
            assert.doesNotMatch(group, /RoleArn/);
            const role = violation(CLOUDWATCH, without("cloudWatchLogsRoleArn"));
            assert.match(role, /^cloudWatchLogsRoleArn not set/);
            assert.doesNotMatch(role, /GroupArn/);
            assert.match(violation(CLOUDWATCH, without("cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn")), /^cloudWatchLogsGroupArn and cloudWatchLogsRoleArn not set/);
        });

        it("passes a log group and role whose ARNs are unknown during a preview, without reading them", () => {
            const props = trail({ cloudWatchLogsGroupArn: UNKNOWN, cloudWatchLogsRoleArn: UNKNOWN });
            assert.throws(() => unknownChecking(props).cloudWatchLogsRoleArn, UnknownRead);
            assert.deepEqual(check(CLOUDWATCH, props), []);
        });
    });

    describe(MANAGEMENT, () => {
        const noneOf = (...keys: string[]) => without("advancedEventSelectors", ...keys);

        it("passes a trail with no selectors at all: CloudTrail's default records every management event", () => {
            assert.deepEqual(check(MANAGEMENT, noneOf()), []);
            assert.deepEqual(check(MANAGEMENT, trail({ advancedEventSelectors: [], eventSelectors: [] })), []);
        });

        it("passes an advanced selector on eventCategory Management alone, also next to narrower ones", () => {
            assert.deepEqual(check(MANAGEMENT, trail({ advancedEventSelectors: [MANAGEMENT_ONLY] })), []);
            const readOnly = { fieldSelectors: [...MANAGEMENT_ONLY.fieldSelectors, { field: "readOnly", equals: ["false"] }] };
            assert.deepEqual(check(MANAGEMENT, trail({ advancedEventSelectors: [S3_DATA, readOnly, MANAGEMENT_ONLY] })), []);
        });

        it("fails an advanced management selector that also filters on readOnly", () => {
            const writesOnly = { fieldSelectors: [...MANAGEMENT_ONLY.fieldSelectors, { field: "readOnly", equals: ["false"] }] };
            assert.match(
                violation(MANAGEMENT, trail({ advancedEventSelectors: [writesOnly] })),
                /does not record every management event: it also filters on readOnly\./,
            );
        });

        it("fails an advanced management selector that excludes an event source", () => {
            const noKms = { fieldSelectors: [...MANAGEMENT_ONLY.fieldSelectors, { field: "eventSource", notEquals: ["kms.amazonaws.com"] }] };
            assert.match(violation(MANAGEMENT, trail({ advancedEventSelectors: [noKms] })), /it also filters on eventSource/);
        });

        it("fails advanced selectors that record only data events, or everything but management events", () => {
            assert.match(violation(MANAGEMENT, trail({ advancedEventSelectors: [S3_DATA] })), /no advanced selector records management events/);
            const notManagement = { fieldSelectors: [{ field: "eventCategory", notEquals: ["Management"] }] };
            assert.match(violation(MANAGEMENT, trail({ advancedEventSelectors: [notManagement] })), /no advanced selector records management events/);
        });

        it("judges, rather than crashes on, an advanced selector without field selectors", () => {
            assert.match(violation(MANAGEMENT, trail({ advancedEventSelectors: [{ name: "empty" }] })), /no advanced selector records management events/);
        });

        it("fails basic selectors that record only writes, no management events, or not KMS's", () => {
            const basic = (selector: Record<string, unknown>) => ({ ...noneOf(), eventSelectors: [selector] });
            for (const selector of [
                { readWriteType: "WriteOnly", includeManagementEvents: true },
                { readWriteType: "All", includeManagementEvents: false },
                { readWriteType: "All", includeManagementEvents: true, excludeManagementEventSources: ["kms.amazonaws.com"] },
            ]) {
                assert.match(violation(MANAGEMENT, basic(selector)), /no event selector records every management event/, JSON.stringify(selector));
            }
        });

        it("passes a basic selector with readWriteType All, or with the provider's defaults", () => {
            const basic = (...eventSelectors: Record<string, unknown>[]) => ({ ...noneOf(), eventSelectors });
            assert.deepEqual(check(MANAGEMENT, basic({ readWriteType: "All", includeManagementEvents: true })), []);
            assert.deepEqual(check(MANAGEMENT, basic({})), []);
            assert.deepEqual(check(MANAGEMENT, basic({ readWriteType: "WriteOnly" }, { readWriteType: "All" })), []);
        });
    });
});
