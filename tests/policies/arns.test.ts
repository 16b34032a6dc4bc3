import { strict as assert } from "assert";
import { accountRootArn, bucketArn, deployerPrincipalPatterns, partitionOf, trailArn, trailObjectPrefixes } from "../../policies/arns";
import { DEPLOYER_CALLER, LOG_BUCKET, MGMT, ORG_ID, TRAIL_ARN } from "../helpers/iam";

describe("policies/arns", () => {
    describe("deployerPrincipalPatterns", () => {
        it("turns an assumed-role session into its role ARN, with and without a path wildcard", () => {
            assert.deepEqual(deployerPrincipalPatterns(DEPLOYER_CALLER), [
                "arn:aws:iam::222222222222:role/PulumiDeployer",
                "arn:aws:iam::222222222222:role/*/PulumiDeployer",
            ]);
        });

        it("keeps the caller's partition for an assumed role", () => {
            assert.deepEqual(deployerPrincipalPatterns("arn:aws-us-gov:sts::222222222222:assumed-role/Deploy/s"), [
                "arn:aws-us-gov:iam::222222222222:role/Deploy",
                "arn:aws-us-gov:iam::222222222222:role/*/Deploy",
            ]);
        });

        it("drops the session name, however it is spelled", () => {
            assert.deepEqual(deployerPrincipalPatterns("arn:aws:sts::222222222222:assumed-role/PulumiDeployer/alice@example.com"), deployerPrincipalPatterns(DEPLOYER_CALLER));
        });

        it("keeps an IAM user ARN (with or without a path) as it is", () => {
            for (const arn of ["arn:aws:iam::222222222222:user/alice", "arn:aws:iam::222222222222:user/ops/alice"]) {
                assert.deepEqual(deployerPrincipalPatterns(arn), [arn]);
            }
        });

        it("keeps the account root as it is", () => {
            assert.deepEqual(deployerPrincipalPatterns("arn:aws:iam::222222222222:root"), ["arn:aws:iam::222222222222:root"]);
        });

        it("keeps a federated user as it is", () => {
            const arn = "arn:aws:sts::222222222222:federated-user/bob";
            assert.deepEqual(deployerPrincipalPatterns(arn), [arn]);
        });

        for (const garbage of [
            "",
            "PulumiDeployer",
            "arn:aws:s3:::bucket",
            "arn:aws:sts::222222222222:assumed-role/PulumiDeployer",
            "arn:aws:sts::2222:assumed-role/PulumiDeployer/s",
            "arn:aws:iam::222222222222:role/PulumiDeployer",
            "arn:aws:iam::222222222222:user/",
            "arn:aws:iam::*:root",
        ]) {
            it(`throws for the unrecognised caller ${JSON.stringify(garbage)}`, () => {
                assert.throws(() => deployerPrincipalPatterns(garbage), /unrecognised caller identity ARN/);
            });
        }
    });

    describe("trailObjectPrefixes", () => {
        it("without a prefix: AWSLogs/<management>/ and AWSLogs/<org>/", () => {
            assert.deepEqual(trailObjectPrefixes({ managementAccountId: MGMT, organizationId: ORG_ID }), [`AWSLogs/${MGMT}/`, `AWSLogs/${ORG_ID}/`]);
        });

        it("with a prefix: both paths behind it", () => {
            assert.deepEqual(trailObjectPrefixes({ s3KeyPrefix: "audit", managementAccountId: MGMT, organizationId: ORG_ID }), [
                `audit/AWSLogs/${MGMT}/`,
                `audit/AWSLogs/${ORG_ID}/`,
            ]);
        });

        it("treats an empty prefix as no prefix", () => {
            assert.deepEqual(trailObjectPrefixes({ s3KeyPrefix: "", managementAccountId: MGMT, organizationId: ORG_ID }), [`AWSLogs/${MGMT}/`, `AWSLogs/${ORG_ID}/`]);
        });
    });

    describe("ARN builders", () => {
        it("trailArn builds the organization trail's ARN", () => {
            assert.equal(trailArn({ partition: "aws", region: "eu-west-1", managementAccountId: MGMT, trailName: "organization-trail" }), TRAIL_ARN);
        });

        it("bucketArn and accountRootArn", () => {
            assert.equal(bucketArn("aws", LOG_BUCKET), `arn:aws:s3:::${LOG_BUCKET}`);
            assert.equal(accountRootArn("aws-cn", "222222222222"), "arn:aws-cn:iam::222222222222:root");
        });

        it("partitionOf reads the partition and rejects non-ARNs", () => {
            assert.equal(partitionOf(TRAIL_ARN), "aws");
            assert.equal(partitionOf("arn:aws-us-gov:iam::222222222222:root"), "aws-us-gov");
            assert.throws(() => partitionOf("not-an-arn"), /not an ARN/);
        });
    });
});
