// Which events the organization trail records, as data: advanced event
// selectors and Insights selectors.
import type * as inputs from "@pulumi/aws/types/input";
import { bucketArn } from "../policies/arns";

type AdvancedEventSelector = inputs.cloudtrail.TrailAdvancedEventSelector;

export interface DataEventChoices {
    /** S3 object-level events for every bucket except `excludedBuckets`. */
    s3: boolean;
    lambda: boolean;
    dynamoDB: boolean;
}

export interface SelectorArgs {
    partition: string;
    dataEvents: DataEventChoices;
    /**
     * Buckets never recorded: the trail's own bucket (each delivery would be
     * an event that needs a delivery) and the bucket of its server access
     * logs (each delivery there is logged, and each log is an event).
     */
    excludedBuckets: string[];
}

const data = (resourceType: string) => [
    { field: "eventCategory", equals: ["Data"] },
    { field: "resources.type", equals: [resourceType] },
];

/**
 * Every management event (read and write, KMS included: the CIS detection
 * of disabled or deleted keys needs them) and the data events the config
 * turns on.
 */
export function advancedEventSelectors(a: SelectorArgs): AdvancedEventSelector[] {
    const selectors: AdvancedEventSelector[] = [
        { name: "All management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
    ];
    if (a.dataEvents.s3) {
        selectors.push({
            name: "S3 object events outside the audit archive",
            fieldSelectors: [
                ...data("AWS::S3::Object"),
                // NotStartsWith excludes an event that matches any of its values: an object is recorded only if it is in none of the buckets.
                { field: "resources.ARN", notStartsWiths: a.excludedBuckets.map((b) => `${bucketArn(a.partition, b)}/`) },
            ],
        });
    }
    if (a.dataEvents.lambda) {
        selectors.push({ name: "Lambda invocations", fieldSelectors: data("AWS::Lambda::Function") });
    }
    if (a.dataEvents.dynamoDB) {
        selectors.push({ name: "DynamoDB item events", fieldSelectors: data("AWS::DynamoDB::Table") });
    }
    return selectors;
}

export function insightSelectors(types: readonly string[]): inputs.cloudtrail.TrailInsightSelector[] {
    return types.map((insightType) => ({ insightType }));
}
