import { strict as assert } from "assert";
import { accountRootArn, bucketArn, partitionOf, trailArn, trailObjectPrefixes } from "../../policies/arns";
import { LOG_BUCKET, MGMT, ORG_ID, TRAIL_ARN } from "../helpers/iam";

describe("policies/arns", () => {
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
