// The exposure detections written as code (detections/techniques/exposure.ts),
// proven through the engine on every labelled event (the corpus and all own
// events, not only this tactic's): each fires on exactly the events
// EXPOSURE_CODE_LABELS lists, judged against the organization
// EXPOSURE_ORGANIZATION; and what each does when Organizations cannot be read.
import { strict as assert } from "assert";
import * as fs from "fs";
import { CATALOG } from "../../detections/catalog";
import { accountOf, ADMIN_PORTS, adminPortsOpenedToInternet, insideTrusted, isInternet } from "../../detections/techniques/exposure";
import { fires } from "../../engine/detections";
import { createEngine, evaluateFile } from "../../engine/engine";
import { AUDIT_ENGINE_EVENTS } from "../detections/auditEngineEvents";
import { CORPUS_PATH, CorpusEntry, corpusKey, TEST_PARAMETERS } from "../detections/labels";
import { OWN_EVENTS } from "../detections/ownEvents";
import { TAMPER_EVENTS } from "../detections/tamperEvents";
import { TECHNIQUE_EVENTS } from "../detections/techniqueEvents";
import { EXPOSURE_CODE_LABELS, EXPOSURE_EVENTS, EXPOSURE_ORGANIZATION, FOREIGN_ACCOUNT, SISTER_ACCOUNT } from "../detections/techniques/exposureEvents";
import { SETTINGS } from "./fixtures";

const settings = { ...SETTINGS, detectionParameters: { ...SETTINGS.detectionParameters, product: TEST_PARAMETERS.product } };
const engine = createEngine(settings);
const detection = (id: string) => {
    const d = engine.detections.find((x) => x.id === id);
    assert.ok(d, `the engine evaluates ${id}`);
    return d;
};
const withOrg = { settings, accounts: EXPOSURE_ORGANIZATION };
const orgUnreadable = { settings, accounts: new Map<string, string>() };

const corpus = JSON.parse(fs.readFileSync(CORPUS_PATH, "utf8")) as CorpusEntry[];
const ownEvents = [...OWN_EVENTS, ...TAMPER_EVENTS, ...AUDIT_ENGINE_EVENTS, ...TECHNIQUE_EVENTS];
const event = (key: string) => {
    const e = ownEvents.find((x) => x.key === key);
    assert.ok(e, `own event '${key}'`);
    return e.event;
};

describe("engine: exposure detections written as code, on labelled events", () => {
    it("are code (no pattern) and each names its ATT&CK technique", () => {
        for (const id of Object.keys(EXPOSURE_CODE_LABELS)) {
            const d = CATALOG.find((x) => x.id === id)!;
            assert.ok(d.pattern === undefined && d.predicate !== undefined, id);
            assert.match(d.technique ?? "", /^T\d{4}(\.\d{3})? /, id);
        }
    });

    for (const [id, labels] of Object.entries(EXPOSURE_CODE_LABELS)) {
        describe(id, () => {
            it("labels only events that exist, at least one own event firing and one own look-alike", () => {
                const keys = new Set(corpus.map(corpusKey));
                assert.deepEqual(labels.corpus.filter((k) => !keys.has(k)), []);
                assert.deepEqual(labels.own.filter((k) => !ownEvents.some((e) => e.key === k)), []);
                assert.ok(labels.own.length > 0);
                // A look-alike: an exposure event of this file, from the same service, that must stay quiet.
                const fired = new Set(labels.own);
                const source = event(labels.own[0]).eventSource;
                assert.ok(EXPOSURE_EVENTS.some((e) => !fired.has(e.key) && e.event.eventSource === source));
            });

            it("corpus: fires on exactly its labelled events", () => {
                const d = detection(id);
                const wrong = corpus
                    .filter((e) => fires(d, e.event, withOrg) !== labels.corpus.includes(corpusKey(e)))
                    .map((e) => `${corpusKey(e)}: ${labels.corpus.includes(corpusKey(e)) ? "missed" : "false alarm"}`);
                assert.deepEqual(wrong, []);
            });

            it("own events: fires on exactly its labelled events", () => {
                const d = detection(id);
                const wrong = ownEvents
                    .filter((e) => fires(d, e.event, withOrg) !== labels.own.includes(e.key))
                    .map((e) => `${e.key}: ${labels.own.includes(e.key) ? "missed" : "false alarm"}`);
                assert.deepEqual(wrong, []);
            });
        });
    }

    it("one-record log files alert, high, with the detection's id", () => {
        for (const [id, labels] of Object.entries(EXPOSURE_CODE_LABELS)) {
            const findings = evaluateFile(engine, [event(labels.own[0])], EXPOSURE_ORGANIZATION).filter((f) => f.detectionId === id);
            assert.equal(findings.length, 1, id);
            assert.equal(findings[0].severity, "high");
        }
    });
});

describe("engine: exposure detections when Organizations cannot be read", () => {
    const shared = "snapshot-or-image-shared-outside-organization";
    const bucket = "s3-bucket-exposed-outside-organization";

    it("a share with an account it cannot place alerts (the safe side)", () => {
        // The sister account is the organization's, but with no account list the engine cannot know it.
        assert.equal(fires(detection(shared), event("ec2 ModifySnapshotAttribute shares with a sister account"), orgUnreadable), true);
        assert.equal(fires(detection(bucket), event("s3 PutBucketPolicy grants a sister account's role"), orgUnreadable), true);
        const single = corpus.find((e) => corpusKey(e) === "aws_snapshot_made_public#Snapshot Mader Available to Single Person")!;
        assert.equal(fires(detection(shared), single.event, withOrg), false);
        assert.equal(fires(detection(shared), single.event, orgUnreadable), true);
    });

    it("the accounts the settings name, and the account of the call itself, stay inside", () => {
        const toAudit = (e: Record<string, unknown>) => JSON.parse(JSON.stringify(e).replaceAll(SISTER_ACCOUNT, settings.auditAccountId));
        assert.equal(fires(detection(shared), toAudit(event("ec2 ModifySnapshotAttribute shares with a sister account")), orgUnreadable), false);
        // The organization-bound and self-bound policies need no account list.
        assert.equal(fires(detection(bucket), event("s3 PutBucketPolicy Principal * bound to our organization"), orgUnreadable), false);
        assert.equal(fires(detection(bucket), event("s3 PutBucketPolicy for CloudTrail with aws:SourceAccount"), orgUnreadable), false);
        assert.equal(fires(detection(bucket), event("s3 PutBucketPolicy grants a role of its own account"), orgUnreadable), false);
        // The foreign share fires either way.
        assert.equal(fires(detection(shared), event("ec2 ModifySnapshotAttribute shares with a foreign account"), orgUnreadable), true);
    });

    it("public exposure needs no account list", () => {
        const sg = "security-group-admin-port-open-to-internet";
        assert.equal(fires(detection(bucket), event("s3 PutBucketPolicy Principal * GetObject"), orgUnreadable), true);
        assert.equal(fires(detection(sg), event("ec2 AuthorizeSecurityGroupIngress SSH from 0.0.0.0/0"), orgUnreadable), true);
    });
});

describe("exposure: the small readers", () => {
    it("reads an account from ids and IAM/STS ARNs only", () => {
        assert.equal(accountOf(FOREIGN_ACCOUNT), FOREIGN_ACCOUNT);
        assert.equal(accountOf(`arn:aws:iam::${FOREIGN_ACCOUNT}:root`), FOREIGN_ACCOUNT);
        assert.equal(accountOf(`arn:aws-us-gov:sts::${FOREIGN_ACCOUNT}:assumed-role/r/s`), FOREIGN_ACCOUNT);
        assert.equal(accountOf("AROAQXAMPLEROLE0ID001"), undefined);
        assert.equal(accountOf("12345678901"), undefined);
    });

    it("a policy's address range is trusted only when all of it lies inside one trusted range", () => {
        const trusted = ["192.0.2.0/24", "198.51.100.7"];
        for (const r of ["192.0.2.0/24", "192.0.2.128/25", "192.0.2.10", "192.0.2.10/32", "198.51.100.7", "198.51.100.7/32"]) assert.equal(insideTrusted(r, trusted), true, r);
        // Wider than the trusted range though it starts inside it; a neighbour; IPv6 (trustedCidrs are IPv4); not an address.
        for (const r of ["192.0.2.0/16", "192.0.2.0/23", "198.51.100.0/24", "192.0.3.1", "0.0.0.0/0", "::/0", "2001:db8::/32", "office", ""]) {
            assert.equal(insideTrusted(r, trusted), false, r);
        }
        assert.equal(insideTrusted("192.0.2.10", []), false);
    });

    it("the internet: /0 and very wide public ranges, not private ones", () => {
        for (const c of ["0.0.0.0/0", "::/0", "0.0.0.0/1", "128.0.0.0/1", "2000::/3"]) assert.equal(isInternet(c), true, c);
        for (const c of ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "0.0.0.0/16", "203.0.113.7/32", "fd00::/8", "2001:db8::/32", "bogus"]) {
            assert.equal(isInternet(c), false, c);
        }
    });

    it("a port range opens the administrative ports inside it, edges included", () => {
        const rule = (from: number, to: number) => ({
            eventSource: "ec2.amazonaws.com",
            eventName: "AuthorizeSecurityGroupIngress",
            requestParameters: { groupId: "sg-1", ipPermissions: { items: [{ ipProtocol: "tcp", fromPort: from, toPort: to, ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }] } },
        });
        assert.deepEqual(adminPortsOpenedToInternet(rule(22, 22)), [22]);
        assert.deepEqual(adminPortsOpenedToInternet(rule(23, 3388)), [23, 2375, 2376, 2379]);
        assert.deepEqual(adminPortsOpenedToInternet(rule(3390, 5899)), []);
        assert.deepEqual(adminPortsOpenedToInternet(rule(-1, -1)), [...ADMIN_PORTS]);
        // The flat form (CidrIp, IpProtocol, FromPort, ToPort beside the group), read in case CloudTrail records it so.
        const flat = { eventSource: "ec2.amazonaws.com", eventName: "AuthorizeSecurityGroupIngress", requestParameters: { groupId: "sg-1", ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidrIp: "0.0.0.0/0" } };
        assert.deepEqual(adminPortsOpenedToInternet(flat), [3389]);
        // ICMP has no ports to open.
        const icmp = rule(-1, -1);
        (icmp.requestParameters.ipPermissions.items[0] as Record<string, unknown>).ipProtocol = "icmp";
        assert.deepEqual(adminPortsOpenedToInternet(icmp), []);
    });
});
