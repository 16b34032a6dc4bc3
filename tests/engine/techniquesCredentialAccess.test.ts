// The credential-access detection written as code (detections/techniques/credentialAccess.ts):
// secret-read-burst, whose predicate holds on exactly the events
// CREDENTIAL_ACCESS_CODE_LABELS lists among every labelled event of the
// repository, and whose threshold the engine counts per principal within one
// log file (countPer "principal", engine/evaluate.ts).
import { strict as assert } from "assert";
import { tuningRefusal } from "../../config/audit";
import { CATALOG, CODE_DETECTION_IDS } from "../../detections/catalog";
import { SECRET_READ_BURST, secretValueRead } from "../../detections/techniques/credentialAccess";
import { createEngine, evaluateFile } from "../../engine/engine";
import type { EngineSettings } from "../../engine/settings";
import { ACCOUNT, assumedRole } from "../detections/ownEvents";
import { CREDENTIAL_ACCESS_CODE_LABELS, CREDENTIAL_ACCESS_EVENTS } from "../detections/techniques/credentialAccessEvents";
import { SETTINGS } from "./fixtures";
import { assertFiresOnExactly, unknownLabels } from "../helpers/codeLabels";

const ID = "secret-read-burst";
const engine = createEngine(SETTINGS);
const detection = engine.detections.find((d) => d.id === ID)!;
const ctx = { settings: SETTINGS, accounts: new Map<string, string>() };

const own = (key: string) => {
    const e = CREDENTIAL_ACCESS_EVENTS.find((x) => x.key === key);
    assert.ok(e, `own event '${key}'`);
    return e.event;
};

/** `n` copies of a read by the session `session` of role `role` (Developer), each its own event id. */
function reads(n: number, session = "sam.lee", key = "secretsmanager GetSecretValue", role = "Developer"): Record<string, unknown>[] {
    return Array.from({ length: n }, (_, i) => ({
        ...own(key),
        userIdentity: assumedRole(role, session),
        eventID: `burst-${role}-${session}-${i}`,
    }));
}
const burstFindings = (records: Record<string, unknown>[], settings: EngineSettings = SETTINGS) =>
    evaluateFile(createEngine(settings), records).filter((f) => f.detectionId === ID);
const tuned = (tuning: Record<string, unknown>): EngineSettings => ({ ...SETTINGS, tuning: { [ID]: tuning } });

describe("engine: secret-read-burst, a burst by one principal", () => {
    it("is code (no pattern), counted per principal, tunable, and names its ATT&CK technique", () => {
        const d = CATALOG.find((x) => x.id === ID)!;
        assert.ok(CODE_DETECTION_IDS.includes(ID));
        assert.ok(d.pattern === undefined && d.predicate !== undefined);
        assert.equal(d.countPer, "principal");
        assert.equal(d.tunable, true);
        assert.equal(d.threshold, SECRET_READ_BURST);
        assert.match(d.technique ?? "", /^T1555\.006 /);
    });

    it("only code detections count per principal: a metric filter cannot", () => {
        assert.deepEqual(CATALOG.filter((d) => d.countPer !== undefined && d.pattern !== undefined).map((d) => d.id), []);
    });

    it("labels only events that exist", () => {
        assert.deepEqual(unknownLabels(CREDENTIAL_ACCESS_CODE_LABELS[ID]), []);
    });

    it(`counts exactly its labelled reads among every labelled event`, () => assertFiresOnExactly(detection, CREDENTIAL_ACCESS_CODE_LABELS[ID], ctx));

    it("does not count denied reads, reads without decryption, or metadata", () => {
        for (const key of ["secretsmanager GetSecretValue denied", "ssm GetParameters without decryption", "ssm GetParameter with decryption false", "secretsmanager DescribeSecret"]) {
            assert.equal(secretValueRead(own(key)), false, key);
        }
        // The string form of the flag, as a re-serialised record may carry it.
        assert.equal(secretValueRead({ ...own("ssm GetParameter with decryption"), requestParameters: { name: "/x", withDecryption: "true" } }), true);
    });

    it(`alerts on ${SECRET_READ_BURST} reads by one principal in one file, once, with every event`, () => {
        const findings = burstFindings(reads(SECRET_READ_BURST));
        assert.equal(findings.length, 1);
        assert.equal(findings[0].count, SECRET_READ_BURST);
        assert.equal(findings[0].severity, "high");
        assert.equal(findings[0].dedupKey, `org-cloudtrail/${ID}/${ACCOUNT}/arn:aws:sts::${ACCOUNT}:assumed-role/Developer/sam.lee`);
        assert.equal(findings[0].eventIds.length, SECRET_READ_BURST);
    });

    it("counts every kind of read together, Secrets Manager and Parameter Store", () => {
        const mixed = [
            ...reads(4),
            ...reads(3, "sam.lee", "secretsmanager BatchGetSecretValue by filter"),
            ...reads(3, "sam.lee", "ssm GetParametersByPath with decryption"),
        ];
        assert.equal(burstFindings(mixed).length, 1);
    });

    it("stays quiet one read short, and when the reads are spread over principals", () => {
        assert.deepEqual(burstFindings(reads(SECRET_READ_BURST - 1)), []);
        // Ten roles reading one secret each: services starting up, not a harvest. The old
        // all-principals count would alert on every one of them.
        const spread = Array.from({ length: SECRET_READ_BURST }, (_, i) => reads(1, "task", undefined, `service-${i}`)).flat();
        assert.deepEqual(burstFindings(spread), []);
        // Nine by one role and nine by another: neither reached ten.
        assert.deepEqual(burstFindings([...reads(9, "a", undefined, "Developer"), ...reads(9, "b", undefined, "Analyst")]), []);
    });

    it("counts a role's sessions together: the session name is the caller's to choose (found by a review)", () => {
        const split = [...reads(SECRET_READ_BURST / 2 + 1, "a0"), ...reads(SECRET_READ_BURST / 2 + 1, "a1")];
        const findings = burstFindings(split);
        assert.deepEqual(findings.map((f) => f.principal).sort(), [
            `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/a0`,
            `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/a1`,
        ]);
        // Denied reads do not count toward a burst.
        const denied = Array.from({ length: SECRET_READ_BURST }, (_, i) => ({ ...own("secretsmanager GetSecretValue denied"), eventID: `denied-${i}` }));
        assert.deepEqual(burstFindings(denied), []);
    });

    it("alerts only the principal that reached the threshold", () => {
        const findings = burstFindings([...reads(SECRET_READ_BURST, "harvester"), ...reads(2, "app", undefined, "OrdersApi")]);
        assert.deepEqual(findings.map((f) => f.principal), [`arn:aws:sts::${ACCOUNT}:assumed-role/Developer/harvester`]);
    });

    it("lets the audit stack's config tune its threshold (it counts) and its automation", () => {
        const d = CATALOG.find((x) => x.id === ID)!;
        assert.equal(tuningRefusal(d, "threshold"), undefined);
        assert.equal(tuningRefusal(d, "ignoreAutomation"), undefined);
    });

    it("takes the tuning's threshold and ignored principals", () => {
        assert.equal(burstFindings(reads(3), tuned({ threshold: 3 })).length, 1);
        assert.deepEqual(burstFindings(reads(SECRET_READ_BURST), tuned({ threshold: SECRET_READ_BURST + 1 })), []);
        assert.deepEqual(burstFindings(reads(SECRET_READ_BURST), tuned({ ignorePrincipals: [`arn:aws:iam::${ACCOUNT}:role/Developer`] })), []);
    });

    it("leaves the other detections' threshold counting all principals together", () => {
        // unauthorized-api-calls: five denials in a file by five principals still alert (password spraying's shape).
        const denial = own("secretsmanager GetSecretValue denied");
        const five = Array.from({ length: 5 }, (_, i) => ({ ...denial, userIdentity: assumedRole("Developer", `s${i}`), eventID: `d-${i}` }));
        const findings = evaluateFile(engine, five).filter((f) => f.detectionId === "unauthorized-api-calls");
        assert.equal(findings.length, 5);
    });
});
