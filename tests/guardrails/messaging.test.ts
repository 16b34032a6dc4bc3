// The SNS and SQS guardrails: alert topics and log-file queues under a key of ours.
import { strict as assert } from "assert";
import { resourceViolations, TYPES, UNKNOWN } from "./args";

const TOPIC_RULE = "sns-1-topic-kms-encryption";
const QUEUE_RULE = "sqs-1-queue-kms-encryption";
const KEY = "arn:aws:kms:eu-west-1:333333333333:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

describe("guardrails: topics and queues", () => {
    const cases: [string, string, string][] = [
        [TOPIC_RULE, TYPES.topic, "alias/aws/sns"],
        [QUEUE_RULE, TYPES.queue, "alias/aws/sqs"],
    ];
    for (const [rule, type, managed] of cases) {
        describe(rule, () => {
            it("passes a customer managed key, by ARN or alias, and one known only after apply", () => {
                assert.deepEqual(resourceViolations(rule, type, { kmsMasterKeyId: KEY }), []);
                assert.deepEqual(resourceViolations(rule, type, { kmsMasterKeyId: "alias/org-cloudtrail-audit" }), []);
                assert.deepEqual(resourceViolations(rule, type, { kmsMasterKeyId: UNKNOWN }), []);
            });

            it("fails no key, an empty key and the AWS managed key, by alias or alias ARN", () => {
                assert.match(resourceViolations(rule, type, {}).join(), /^kmsMasterKeyId is not set/);
                assert.match(resourceViolations(rule, type, { kmsMasterKeyId: "" }).join(), /^kmsMasterKeyId is not set/);
                assert.match(resourceViolations(rule, type, { kmsMasterKeyId: managed }).join(), new RegExp(`^kmsMasterKeyId is ${managed}, an AWS managed key`));
                const aliasArn = `arn:aws:kms:eu-west-1:333333333333:${managed}`;
                assert.match(resourceViolations(rule, type, { kmsMasterKeyId: aliasArn }).join(), /an AWS managed key/);
            });
        });
    }
});
