// The validators accept what AWS accepts, and the loader reads config as Pulumi hands it over.
import { strict as assert } from "assert";
import { z } from "zod";
import { describeSchema, readRawConfig } from "../config/load";
import { logArchiveFields, logArchiveSchema } from "../config/logArchive";
import * as v from "../config/validators";

function accepts(schema: z.ZodType, value: unknown) {
    const result = schema.safeParse(value);
    assert.ok(result.success, `${JSON.stringify(value)} was rejected: ${result.error?.issues.map((i) => i.message).join("; ")}`);
}
function rejects(schema: z.ZodType, value: unknown) {
    assert.ok(!schema.safeParse(value).success, `${JSON.stringify(value)} was accepted`);
}

describe("validators", () => {
    it("account ids: exactly 12 digits", () => {
        accepts(v.accountId(), "012345678901");
        for (const bad of ["12345678901", "1234567890123", "12345678901a", 123456789012]) rejects(v.accountId(), bad);
    });

    it("organization ids: o- and 10 to 32 lowercase letters or digits", () => {
        accepts(v.organizationId(), "o-a1b2c3d4e5");
        accepts(v.organizationId(), `o-${"a".repeat(32)}`);
        for (const bad of ["o-a1b2c3d4e", `o-${"a".repeat(33)}`, "o-A1B2C3D4E5", "r-a1b2c3d4e5"]) rejects(v.organizationId(), bad);
    });

    it("trail names: CloudTrail's rules", () => {
        for (const good of ["abc", "organization-trail", "Org.Trail_1", "a".repeat(128)]) accepts(v.trailName(), good);
        for (const bad of ["ab", "a".repeat(129), "-trail", "trail-", "my_-trail", "my..trail", "my trail"]) rejects(v.trailName(), bad);
    });

    it("regions: the AWS provider's own list, commercial, GovCloud, China and sovereign", () => {
        // eusc-de-east-1 (the European Sovereign Cloud) fits no hand-written pattern of region codes.
        for (const good of ["eu-west-1", "us-gov-west-1", "cn-north-1", "ap-southeast-4", "eusc-de-east-1"]) accepts(v.region(), good);
        for (const bad of ["eu-west", "EU-WEST-1", "euwest1", "eu-centrall-1", "eu-west-9"]) rejects(v.region(), bad);
        assert.deepEqual(
            v.region().safeParse("eu-centrall-1").error?.issues.map((i) => i.message),
            ["expected a region the AWS provider knows; did you mean eu-central-1?"],
        );
    });

    it("bucket names: S3's rules", () => {
        for (const good of ["abc", "my.logs.bucket", "org-cloudtrail-logs-222222222222-ap-southeast-4", "a".repeat(63)]) {
            accepts(v.bucketName(), good);
        }
        for (const bad of ["ab", "a".repeat(64), "My-Bucket", "-bucket", "bucket-", "my..bucket", "10.0.0.1", "sthree-x", "x-s3alias", "x--ol-s3"]) {
            rejects(v.bucketName(), bad);
        }
    });

    it("key prefixes: folders without leading or trailing slash, at most 200 characters", () => {
        for (const good of ["audit", "org/audit", "a".repeat(200)]) accepts(v.s3KeyPrefix(), good);
        for (const bad of ["/audit", "audit/", "a//b", "a b", "a".repeat(201)]) rejects(v.s3KeyPrefix(), bad);
    });

    it("principal ARNs: roles, users and roots, with paths, never wildcards", () => {
        for (const good of [
            "arn:aws:iam::333333333333:role/SecurityAuditor",
            "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Audit_0123456789abcdef",
            "arn:aws:iam::333333333333:user/alice",
            "arn:aws:iam::333333333333:root",
            "arn:aws-us-gov:iam::333333333333:role/Auditor",
        ]) {
            accepts(v.principalArn(), good);
        }
        for (const bad of ["arn:aws:iam::333333333333:role/Audit*", "arn:aws:iam::*:root", "arn:aws:sts::333333333333:assumed-role/A/b", "*"]) {
            rejects(v.principalArn(), bad);
        }
    });

    it("break-glass roles: exact role ARNs, in one account or every account (*), no wildcard in the path or name", () => {
        for (const good of [
            "arn:aws:iam::222222222222:role/BreakGlass",
            "arn:aws:iam::*:role/BreakGlass",
            "arn:aws:iam::*:role/emergency/BreakGlass",
            "arn:aws-us-gov:iam::222222222222:role/Break.Glass@1",
        ]) {
            accepts(v.breakGlassRoleArn(), good);
        }
        for (const bad of [
            "arn:aws:iam::222222222222:role/BreakGlass*",
            "arn:aws:iam::*:role/BreakGlass*",
            "arn:aws:iam::222222222222:role/*/BreakGlass",
            "arn:aws:iam::222222222222:role/BG-?",
            "arn:aws:iam::2222222222*:role/BreakGlass",
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::222222222222:user/x",
            "arn:aws:iam::222222222222:root",
            "arn:aws:sts::222222222222:assumed-role/BreakGlass/s",
        ]) {
            rejects(v.breakGlassRoleArn(), bad);
        }
    });

    it("deployer roles: one exact role of one account, never root, a user, a session or an Identity Center role", () => {
        for (const good of ["arn:aws:iam::222222222222:role/PulumiDeployer", "arn:aws:iam::222222222222:role/automation/PulumiDeployer"]) {
            accepts(v.deployerRoleArn(), good);
        }
        const refused: [string, RegExp][] = [
            ["arn:aws:iam::222222222222:root", /a root user cannot be the deployer/],
            ["arn:aws:iam::222222222222:user/ci", /an IAM or federated user cannot be the deployer/],
            ["arn:aws:sts::222222222222:federated-user/ci", /an IAM or federated user cannot be the deployer/],
            ["arn:aws:sts::222222222222:assumed-role/PulumiDeployer/ci", /a session of a role: name the role itself/],
            [
                "arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef",
                /Identity Center permission-set role cannot be the deployer/,
            ],
            ["arn:aws:iam::222222222222:role/AWSReservedSSO_Admin_0123456789abcdef", /Identity Center permission-set role cannot be the deployer/],
            ["arn:aws:iam::*:role/PulumiDeployer", /^expected the exact ARN of the IAM role that runs pulumi up/],
            ["arn:aws:iam::222222222222:role/Pulumi*", /^expected the exact ARN of the IAM role that runs pulumi up/],
        ];
        for (const [bad, why] of refused) {
            const result = v.deployerRoleArn().safeParse(bad);
            assert.equal(result.success, false, bad);
            assert.match(result.error!.issues[0].message, why, bad);
        }
    });
});

describe("config loading", () => {
    it("describes every key with a type, a description and the defaults the program applies", () => {
        const keys = describeSchema(logArchiveFields);
        const byKey = Object.fromEntries(keys.map((k) => [k.key, k]));
        assert.deepEqual(byKey.objectLockDays, {
            key: "objectLockDays",
            type: "integer",
            description: "Default Object Lock retention of new log objects, in days.",
            default: 365,
            required: false,
            secret: false,
        });
        assert.equal(byKey.organizationId.required, true);
        assert.equal(byKey.logReaderArns.type, "array");
        const parsed = logArchiveSchema.parse({
            organizationId: "o-a1b2c3d4e5",
            managementAccountId: "111111111111",
            deployerRoleArn: "arn:aws:iam::222222222222:role/PulumiDeployer",
        });
        for (const k of keys.filter((k) => k.default !== undefined)) {
            assert.deepEqual(parsed[k.key as keyof typeof parsed], k.default, k.key);
        }
    });

    it("reads strings as text, numbers and lists as JSON, and '' as unset", () => {
        const values: Record<string, string> = {
            organizationId: "o-a1b2c3d4e5",
            objectLockDays: "400",
            logReaderArns: '["arn:aws:iam::333333333333:role/A"]',
            bucketName: "",
            trailName: "123",
        };
        const raw = readRawConfig(logArchiveFields, (k) => values[k]);
        assert.deepEqual(raw, {
            organizationId: "o-a1b2c3d4e5",
            trailName: "123",
            objectLockDays: 400,
            logReaderArns: ["arn:aws:iam::333333333333:role/A"],
        });
    });
});
