// audit-engine-tamper-attempted also sees denied writes on the digest chain
// table, the windowed detections' counts table (issue 17) and the
// late-digest rule (issue 18): the calls protect-digest-checks
// denies, as CloudTrail records them, in the audit account; and nothing on
// another table, another rule or another account.
//
// The DynamoDB records follow the DeleteTable example of the DynamoDB
// Developer Guide ("Understanding DynamoDB log file entries"): eventSource
// dynamodb.amazonaws.com, requestParameters.tableName. The EventBridge ones
// name the rule as the API's request does (DeleteRule, DisableRule, PutRule:
// Name; PutTargets, RemoveTargets: Rule), first letter lowered as CloudTrail
// records request parameters; no recorded EventBridge event was found to
// confirm them. A denial by an SCP is recorded with an error code
// (AccessDeniedException for both services) and no response.
import { strict as assert } from "assert";
import { fires } from "../../engine/detections";
import { createEngine } from "../../engine/engine";
import type { EngineSettings } from "../../engine/settings";
import { digestCheckTamperPattern } from "../../detections/ownResources";
import { PRODUCT_AUDIT_ACCOUNT, TEST_PARAMETERS } from "../detections/labels";
import { SETTINGS } from "./fixtures";

const ID = "audit-engine-tamper-attempted";
const AUDIT = PRODUCT_AUDIT_ACCOUNT;
const REGION = TEST_PARAMETERS.product.region;
const TABLE = "org-cloudtrail-digest-chains";
const RULE = "org-cloudtrail-digest-check";
const COUNTS = "org-cloudtrail-detection-counts";
const settings: EngineSettings = { ...SETTINGS, detectionParameters: { ...SETTINGS.detectionParameters, product: TEST_PARAMETERS.product } };
const detection = createEngine(settings).detections.find((d) => d.id === ID)!;
const attempted = (event: Record<string, unknown>) => fires(detection, event, { settings, accounts: new Map() });

/** A call by an administrator of the audit account, as CloudTrail records it; denied unless `succeeded`. */
function call(eventSource: string, eventName: string, requestParameters: Record<string, unknown>, o: { account?: string; succeeded?: boolean } = {}): Record<string, unknown> {
    const account = o.account ?? AUDIT;
    return {
        eventVersion: "1.08",
        userIdentity: {
            type: "AssumedRole",
            principalId: "AROAEXAMPLEROLEID:mallory",
            arn: `arn:aws:sts::${account}:assumed-role/PlatformAdmin/mallory`,
            accountId: account,
            accessKeyId: "ASIAEXAMPLEKEY",
            sessionContext: {
                sessionIssuer: { type: "Role", principalId: "AROAEXAMPLEROLEID", arn: `arn:aws:iam::${account}:role/PlatformAdmin`, accountId: account, userName: "PlatformAdmin" },
                attributes: { creationDate: "2026-11-27T03:50:00Z", mfaAuthenticated: "false" },
            },
        },
        eventTime: "2026-11-27T04:02:11Z",
        eventSource,
        eventName,
        awsRegion: REGION,
        sourceIPAddress: "198.51.100.7",
        userAgent: "aws-cli/2.17.0",
        ...(o.succeeded
            ? {}
            : { errorCode: "AccessDeniedException", errorMessage: `User: arn:aws:sts::${account}:assumed-role/PlatformAdmin/mallory is not authorized to perform: ${eventName} with an explicit deny in a service control policy` }),
        requestParameters,
        responseElements: null,
        requestID: "4KBNVRGD25RG1KEO9UT4V3FQDJVV4KQNSO5AEMVJF66Q9ASUAAJG",
        eventID: "a954451c-c2fc-4561-8aea-7a30ba1fdf52",
        readOnly: false,
        eventType: "AwsApiCall",
        managementEvent: true,
        recipientAccountId: account,
        eventCategory: "Management",
    };
}

const dynamodb = (eventName: string, params: Record<string, unknown>, o = {}) => call("dynamodb.amazonaws.com", eventName, params, o);
const events = (eventName: string, params: Record<string, unknown>, o = {}) => call("events.amazonaws.com", eventName, params, o);
const tableArn = (name = TABLE) => `arn:aws:dynamodb:${REGION}:${AUDIT}:table/${name}`;

const ATTEMPTS: [string, Record<string, unknown>][] = [
    ["DeleteTable", dynamodb("DeleteTable", { tableName: TABLE })],
    ["UpdateTable (deletion protection off)", dynamodb("UpdateTable", { tableName: TABLE, deletionProtectionEnabled: false })],
    ["UpdateContinuousBackups (PITR off)", dynamodb("UpdateContinuousBackups", { tableName: TABLE, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } })],
    ["UpdateTimeToLive", dynamodb("UpdateTimeToLive", { tableName: TABLE, timeToLiveSpecification: { enabled: true, attributeName: "lastSeen" } })],
    ["DeleteBackup", dynamodb("DeleteBackup", { backupArn: `${tableArn()}/backup/01700000000000-a1b2c3d4` })],
    ["RestoreTableFromBackup over it", dynamodb("RestoreTableFromBackup", { targetTableName: TABLE, backupArn: `${tableArn("old")}/backup/01700000000000-a1b2c3d4` })],
    ["PutResourcePolicy", dynamodb("PutResourcePolicy", { resourceArn: tableArn(), policy: "{}" })],
    ["DeleteItem (a data event)", dynamodb("DeleteItem", { tableName: TABLE, key: { chain: `{"s":"${AUDIT}/${REGION}"}` } })],
    // The windowed detections' counts table (issue 17), under the same SCP statements.
    ["DeleteTable of the counts table", dynamodb("DeleteTable", { tableName: COUNTS })],
    ["UpdateTimeToLive of the counts table (counts forgotten inside the window)", dynamodb("UpdateTimeToLive", { tableName: COUNTS, timeToLiveSpecification: { enabled: true, attributeName: "window" } })],
    ["DeleteItem of a count (a data event)", dynamodb("DeleteItem", { tableName: COUNTS, key: { window: `{"s":"unauthorized-api-calls/${AUDIT}/2026-11-27T04:00:00.000Z"}` } })],
    ["DeleteBackup of the counts table", dynamodb("DeleteBackup", { backupArn: `${tableArn(COUNTS)}/backup/01700000000000-e5f6a7b8` })],
    ["DeleteRule", events("DeleteRule", { name: RULE, force: false })],
    ["DisableRule", events("DisableRule", { name: RULE })],
    ["PutRule (a new schedule)", events("PutRule", { name: RULE, scheduleExpression: "rate(1 day)" })],
    ["RemoveTargets", events("RemoveTargets", { rule: RULE, ids: ["0"] })],
    ["PutTargets (another function)", events("PutTargets", { rule: RULE, targets: [{ id: "0", arn: `arn:aws:lambda:${REGION}:${AUDIT}:function:noop` }] })],
];

const LOOK_ALIKES: [string, Record<string, unknown>][] = [
    ["DeleteTable of another table", dynamodb("DeleteTable", { tableName: "orders" })],
    ["DeleteTable of a longer name", dynamodb("DeleteTable", { tableName: `${TABLE}-dev` })],
    ["DeleteTable of a longer counts name", dynamodb("DeleteTable", { tableName: `${COUNTS}-dev` })],
    ["DeleteBackup of another table", dynamodb("DeleteBackup", { backupArn: `${tableArn("orders")}/backup/01700000000000-a1b2c3d4` })],
    ["DisableRule of another rule", events("DisableRule", { name: "nightly-report" })],
    ["RemoveTargets of another rule", events("RemoveTargets", { rule: "nightly-report", ids: ["0"] })],
    ["DeleteTable of the same name in another account", dynamodb("DeleteTable", { tableName: TABLE }, { account: "444444444444" })],
];

describe("audit-engine-tamper-attempted: the digest chain table, the counts table and the late-digest rule", () => {
    for (const [what, event] of ATTEMPTS) {
        it(`fires on a denied ${what}`, () => assert.equal(attempted(event), true));
    }
    for (const [what, event] of LOOK_ALIKES) {
        it(`does not fire on a denied ${what}`, () => assert.equal(attempted(event), false));
    }
    it("does not fire on the same calls when they succeed (the deployer's pulumi up)", () => {
        for (const [what, event] of ATTEMPTS) {
            const { errorCode: _code, errorMessage: _message, ...succeeded } = event;
            assert.equal(attempted(succeeded), false, what);
        }
    });
    it("has no pattern without the names: settings written before issue 18 keep working", () => {
        const { digestChainTableName: _t, digestCheckRuleName: _r, ...older } = TEST_PARAMETERS.product.audit!;
        assert.equal(digestCheckTamperPattern({ ...TEST_PARAMETERS.product, audit: older }, "any"), undefined);
        assert.ok(digestCheckTamperPattern(TEST_PARAMETERS.product, "any")!.length <= 1024, "within a filter pattern's length, should it ever become a metric filter");
    });
});
