// The persistence detections written as code (detections/techniques/persistence.ts),
// proven through the engine on every labelled event of the repository: each
// fires on exactly the own and corpus events PERSISTENCE_CODE_LABELS lists,
// with the organization's accounts known, and on nothing else (the corpus,
// the baseline, tamper, audit-engine and technique events).
import { strict as assert } from "assert";
import { outsidePrincipals, principalAccount, trustPolicyOf } from "../../detections/techniques/persistence";
import { fires } from "../../engine/detections";
import { createEngine, evaluateFile } from "../../engine/engine";
import { ACCOUNT } from "../detections/ownEvents";
import { ORG_MEMBER_ACCOUNT, OUTSIDE_ACCOUNT, PERSISTENCE_CODE_LABELS, PERSISTENCE_EVENTS } from "../detections/techniques/persistenceEvents";
import { ORG_ID, SETTINGS } from "./fixtures";
import { itProvesCodeDetections } from "../helpers/codeLabels";

const engine = createEngine(SETTINGS);
/** The organization as the engine reads it: the labelled events' account and one other member. */
const accounts = new Map([
    [ACCOUNT, "workloads"],
    [ORG_MEMBER_ACCOUNT, "deployments"],
]);
const ctx = { settings: SETTINGS, accounts };
const IDS = Object.keys(PERSISTENCE_CODE_LABELS);
const detection = (id: string) => engine.detections.find((d) => d.id === id)!;

describe("engine: persistence detections written as code", () => {
    itProvesCodeDetections(PERSISTENCE_CODE_LABELS, (id) => detection(id), ctx);

    it("has a quiet look-alike of the same call for each", () => {
        // The routine twin: own key, organization trust, a denied attempt. Each is the same eventName as a firing event.
        const quiet = (id: string, key: string) => {
            const e = PERSISTENCE_EVENTS.find((x) => x.key === key)!;
            assert.equal(fires(detection(id), e.event, ctx), false, key);
        };
        quiet("iam-access-key-created-for-another-user", "iam CreateAccessKey by IAM user alice for herself, named");
        quiet("iam-access-key-created-for-another-user", "iam CreateAccessKey by IAM user alice for herself, in another case");
        quiet("iam-access-key-created-for-another-user", "iam CreateAccessKey for another user denied");
        quiet("iam-access-key-created-for-another-user", "iam UploadSSHPublicKey by IAM user alice for herself");
        quiet("iam-access-key-created-for-another-user", "iam UpdateSSHPublicKey deactivating user bob's key");
        quiet("iam-access-key-created-for-another-user", "iam CreateServiceSpecificCredential for another user denied");
        quiet("iam-console-password-set-for-another-user", "iam UpdateLoginProfile by IAM user alice for herself");
        quiet("iam-role-trusts-outside-organization", "iam UpdateAssumeRolePolicy trusting an organization account");
        quiet("iam-role-trusts-outside-organization", "iam CreateRole trusting * with aws:PrincipalOrgID of the organization");
        quiet("iam-role-trusts-outside-organization", "iam UpdateAssumeRolePolicy trusting an outside account denied");
        quiet("lambda-function-made-public", "lambda AddPermission to s3.amazonaws.com with a source bucket");
        quiet("lambda-function-made-public", "lambda AddPermission to * within the organization");
        quiet("lambda-function-made-public", "lambda AddPermission to an organization account");
        quiet("lambda-function-made-public", "lambda AddPermission to * denied");
        quiet("lambda-function-made-public", "lambda CreateFunctionUrlConfig with authType AWS_IAM");
    });

    it("treats every foreign account as outside when Organizations could not be read, the product's accounts excepted", () => {
        const inside = PERSISTENCE_EVENTS.find((e) => e.key === "iam UpdateAssumeRolePolicy trusting an organization account")!;
        const d = detection("iam-role-trusts-outside-organization");
        assert.equal(fires(d, inside.event, { settings: SETTINGS, accounts: new Map() }), true);
        const toManagement = {
            ...inside.event,
            requestParameters: { roleName: "x", policyDocument: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: SETTINGS.managementAccountId }, Action: "sts:AssumeRole" }] }) },
        };
        assert.equal(fires(d, toManagement, { settings: SETTINGS, accounts: new Map() }), false);
    });

    it("reads trust policies the ways IAM accepts them", () => {
        const known = (a: string) => a === ACCOUNT;
        const policy = (statement: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: statement });
        assert.equal(principalAccount(OUTSIDE_ACCOUNT), OUTSIDE_ACCOUNT);
        assert.equal(principalAccount(`arn:aws-us-gov:iam::${OUTSIDE_ACCOUNT}:role/x`), OUTSIDE_ACCOUNT);
        assert.equal(principalAccount(`arn:aws:sts::${OUTSIDE_ACCOUNT}:assumed-role/x/y`), OUTSIDE_ACCOUNT);
        assert.equal(principalAccount("AROAQXAMPLEROLE0ID001"), undefined);
        // A single statement object (not an array), Principal "*" as a string, a lower-case condition key.
        assert.deepEqual(outsidePrincipals(policy({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }), ORG_ID, known), ["*"]);
        assert.deepEqual(
            outsidePrincipals(policy({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:principalorgid": ORG_ID } } }), ORG_ID, known),
            [],
        );
        assert.deepEqual(
            outsidePrincipals(
                policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": [`${ORG_ID}/r-ab12/*`] } } }),
                ORG_ID,
                known,
            ),
            [],
        );
        assert.deepEqual(outsidePrincipals(policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalAccount": OUTSIDE_ACCOUNT } } }), ORG_ID, known), ["*"]);
        assert.deepEqual(outsidePrincipals(policy({ Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }), ORG_ID, known), ["NotPrincipal"]);
        assert.deepEqual(outsidePrincipals(policy({ Effect: "Allow", Principal: { Federated: "accounts.google.com" }, Action: "sts:AssumeRoleWithWebIdentity" }), ORG_ID, known), []);
        // A document that is not JSON is not judged (iam-role-trust-policy-changed still counts the call).
        assert.equal(trustPolicyOf({ eventName: "UpdateAssumeRolePolicy", requestParameters: { policyDocument: "{not json" } }), undefined);
    });

    it("sends alerts for a file at each detection's severity, each with its detection's deduplication key", () => {
        const firing = PERSISTENCE_EVENTS.filter((e) => Object.values(PERSISTENCE_CODE_LABELS).some((l) => l.own.includes(e.key))).map((e) => e.event);
        const findings = evaluateFile(engine, firing, accounts).filter((f) => IDS.includes(f.detectionId));
        assert.deepEqual([...new Set(findings.map((f) => f.detectionId))].sort(), [...IDS].sort());
        for (const f of findings) assert.equal(f.severity, detection(f.detectionId).severity, f.detectionId);
        for (const f of findings) assert.match(f.dedupKey, new RegExp(`^org-cloudtrail/${f.detectionId}/`));
    });
});
