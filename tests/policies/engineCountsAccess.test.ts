// The engine's windowed counts (issue 17), proven by evaluation with the real
// documents: the engine role's identity policy with the counts table (and
// without the digest chains, so its rights do not lean on them), and the
// audit key's policy with detectionCounts. The engine adds to counts with
// UpdateItem on its own table and nothing else; it uses the audit key only
// through DynamoDB; without a window it has none of it.
import { strict as assert } from "assert";
import { auditKeyPolicy } from "../../policies/auditKeyPolicy";
import { DETECTION_COUNT_ACTIONS, engineRolePolicy, EngineRolePolicyArgs } from "../../policies/engineRole";
import { detectionCountsTableArn } from "../../stacks/auditNames";
import { Caller, evaluate, everyActionExists, REGION } from "../helpers/iam";
import { AUDIT, AUDIT_KEY, auditKeyArgs, engineCaller, engineRoleArgs, KMS_VIA_DYNAMODB } from "./logFileFixtures";

const COUNTS = detectionCountsTableArn({ partition: "aws", region: REGION, auditAccountId: AUDIT });
const CHAINS = `arn:aws:dynamodb:${REGION}:${AUDIT}:table/org-cloudtrail-digest-chains`;

const args = (counts: boolean): EngineRolePolicyArgs => engineRoleArgs(counts ? { detectionCountsTableArn: COUNTS } : {});
const ENGINE = engineCaller(engineRolePolicy(args(true)));
const ENGINE_WITHOUT = engineCaller(engineRolePolicy(args(false)));

const keyDoc = (detectionCounts: boolean) => auditKeyPolicy(auditKeyArgs({ digestChains: false, detectionCounts }));
const onKey = (caller: Caller, action: string, context: Record<string, string>, doc = keyDoc(true)) =>
    evaluate({ caller, action, resource: AUDIT_KEY, resourceAccount: AUDIT, resourcePolicy: doc, context });
/** The table has no resource policy: the identity policy decides, in the engine's own account. */
const onTable = (caller: Caller, action: string, resource = COUNTS) => evaluate({ caller, action, resource, resourceAccount: AUDIT, resourcePolicy: null });

describe("the engine adds to its windowed counts, and does nothing else with them", () => {
    it("UpdateItem on the counts table is Allowed (ADD with ReturnValues: one call adds and reads)", async () => {
        assert.deepEqual(DETECTION_COUNT_ACTIONS, ["dynamodb:UpdateItem"]);
        assert.equal(await onTable(ENGINE, "dynamodb:UpdateItem"), "Allowed");
    });

    it("reads, puts or deletes no count, changes no table setting, and touches no other table or region", async () => {
        for (const action of ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Scan", "dynamodb:BatchWriteItem", "dynamodb:PartiQLUpdate", "dynamodb:DeleteTable", "dynamodb:UpdateTimeToLive"]) {
            assert.equal(await onTable(ENGINE, action), "ImplicitlyDenied", action);
        }
        assert.equal(await onTable(ENGINE, "dynamodb:UpdateItem", CHAINS), "ImplicitlyDenied", "not the chains: those rights come with digestVerification");
        assert.equal(await onTable(ENGINE, "dynamodb:UpdateItem", `arn:aws:dynamodb:us-east-1:${AUDIT}:table/org-cloudtrail-detection-counts`), "ImplicitlyDenied", "no replica");
    });

    it("uses the audit key through DynamoDB only, with its own policy and the real key policy", async () => {
        for (const action of ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]) assert.equal(await onKey(ENGINE, action, KMS_VIA_DYNAMODB), "Allowed", action);
        assert.equal(await onKey(ENGINE, "kms:Decrypt", {}), "ImplicitlyDenied", "not directly");
        assert.equal(await onKey(ENGINE, "kms:Decrypt", { "kms:ViaService": `s3.${REGION}.amazonaws.com`, "kms:CallerAccount": AUDIT }), "ImplicitlyDenied", "not through S3");
    });

    it("without a window: no counts table in the role and no DynamoDB use of the key in the key policy", async () => {
        assert.equal(await onTable(ENGINE_WITHOUT, "dynamodb:UpdateItem"), "ImplicitlyDenied");
        assert.equal(await onKey(ENGINE, "kms:Decrypt", KMS_VIA_DYNAMODB, keyDoc(false)), "ImplicitlyDenied", "the key policy alone refuses it");
    });

    it("names only real actions", async () => {
        assert.deepEqual(await everyActionExists(engineRolePolicy(args(true))), []);
    });
});
