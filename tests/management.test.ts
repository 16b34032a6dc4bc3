// The management stack's resources, as the provider would receive them,
// from the real program run against a simulated log-archive stack and
// organization.
import { strict as assert } from "assert";
import * as path from "path";
import { main } from "../program";
import { simulate, SimulatedResource, SimulationResult } from "../plan/simulator";
import { simulatedManagementWorld } from "../plan/simulatedWorld";
import { loadStackConfig } from "../plan/stackFiles";
import { CODE_DETECTION_IDS, DETECTION_IDS } from "../detections/catalog";
import { AUDIT_STACK_DETECTION_IDS } from "../detections/ownResources";
import { SCP_MAX_CHARACTERS } from "../policies/protectAuditTrailScp";
import { LOG_ARCHIVE_OUTPUTS, LOG_ARCHIVE_STACK, MANAGEMENT_ACCOUNT, MANAGEMENT_DEPLOYER, ofType, resource, runManagement } from "./helpers/stacks";

const TRAIL = "aws:cloudtrail/trail:Trail";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const KEY = "aws:kms/key:Key";
const SCP = "aws:organizations/policy:Policy";
const ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment";
const LOG_GROUP_NAME = "/org-cloudtrail/organization-trail";

const trailOf = (run: SimulationResult) => resource(run.resources, TRAIL, "organization-trail").inputs;
const scpOf = (run: SimulationResult) => JSON.parse(resource(run.resources, SCP, "guardrail-scp").inputs.content);
const selectorNames = (run: SimulationResult) => (trailOf(run).advancedEventSelectors as { name: string }[]).map((s) => s.name);

describe("management stack: default configuration", () => {
    let run: SimulationResult;
    before(async () => {
        run = await runManagement();
    });

    it("reads the log-archive stack named by logArchiveStack", () => {
        const refs = ofType(run.resources, "pulumi:pulumi:StackReference");
        assert.equal(refs.length, 1);
        assert.equal(refs[0].inputs.name, LOG_ARCHIVE_STACK);
    });

    it("creates one organization trail for every account and region, with validated, KMS-encrypted files in the archive", () => {
        const trail = trailOf(run);
        assert.equal(trail.name, LOG_ARCHIVE_OUTPUTS.trailName);
        assert.equal(trail.isOrganizationTrail, true);
        assert.equal(trail.isMultiRegionTrail, true);
        assert.equal(trail.includeGlobalServiceEvents, true);
        assert.equal(trail.enableLogFileValidation, true);
        assert.equal(trail.enableLogging, true);
        assert.equal(trail.s3BucketName, LOG_ARCHIVE_OUTPUTS.bucketName);
        assert.equal(trail.kmsKeyId, LOG_ARCHIVE_OUTPUTS.kmsKeyArn);
        assert.equal(trail.s3KeyPrefix, undefined, "an empty prefix is no prefix");
        assert.equal(trail.eventSelectors, undefined, "basic selectors cannot be mixed with advanced ones");
    });

    it("delivers to the log group's ARN with the :* CloudTrail requires, through the role", () => {
        const trail = trailOf(run);
        assert.equal(trail.cloudWatchLogsGroupArn, "(known after apply: organization-log-group.arn):*");
        assert.equal(trail.cloudWatchLogsRoleArn, "(known after apply: organization-cloudwatch-role.arn)");
    });

    it("records all management events, read and write, KMS included, and no data events by default", () => {
        assert.deepEqual(trailOf(run).advancedEventSelectors, [
            { name: "All management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        ]);
    });

    it("turns on both Insights types by default", () => {
        assert.deepEqual(trailOf(run).insightSelectors, [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }]);
    });

    it("creates the trail only after its log group and the role's permissions exist, and protects it", () => {
        const trail = resource(run.resources, TRAIL, "organization-trail");
        assert.deepEqual([...trail.dependsOn].sort(), [`${LOG_GROUP}::organization-log-group`, `${ROLE_POLICY}::organization-cloudwatch-policy`]);
        assert.equal(trail.protect, true);
        const order = run.resources.map((r) => r.name);
        for (const before of ["organization-logs-key", "organization-log-group", "organization-cloudwatch-role", "organization-cloudwatch-policy"]) {
            assert.ok(order.indexOf(before) < order.indexOf("organization-trail"), before);
        }
    });

    it("keeps a KMS-encrypted log group with the default retention, deletion protection on", () => {
        const group = resource(run.resources, LOG_GROUP, "organization-log-group");
        assert.equal(group.inputs.name, LOG_GROUP_NAME);
        assert.equal(group.inputs.retentionInDays, 365);
        assert.equal(group.inputs.kmsKeyId, "(known after apply: organization-logs-key.arn)");
        assert.equal(group.inputs.deletionProtectionEnabled, true);
    });

    it("encrypts the log group with a rotating key of the management account that only this log group can use", () => {
        const key = resource(run.resources, KEY, "organization-logs-key").inputs;
        assert.equal(key.enableKeyRotation, true);
        assert.equal(key.deletionWindowInDays, 30);
        const policy = JSON.parse(key.policy);
        const logs = policy.Statement.find((s: { Sid: string }) => s.Sid === "CloudWatchLogsUseForTrailLogGroup");
        assert.deepEqual(logs.Principal, { Service: "logs.eu-west-1.amazonaws.com" });
        assert.deepEqual(logs.Condition, {
            ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${MANAGEMENT_ACCOUNT}:log-group:${LOG_GROUP_NAME}` },
        });
    });

    it("gives CloudTrail a role that writes only the trail's streams of its log group", () => {
        const trust = JSON.parse(resource(run.resources, ROLE, "organization-cloudwatch-role").inputs.assumeRolePolicy);
        assert.deepEqual(trust.Statement[0].Principal, { Service: "cloudtrail.amazonaws.com" });
        assert.deepEqual(trust.Statement[0].Condition, { StringEqualsIfExists: { "aws:SourceArn": LOG_ARCHIVE_OUTPUTS.trailArn } });
        const rolePolicy = resource(run.resources, ROLE_POLICY, "organization-cloudwatch-policy").inputs;
        assert.equal(rolePolicy.role, "(known after apply: organization-cloudwatch-role.id)");
        const group = `arn:aws:logs:eu-west-1:${MANAGEMENT_ACCOUNT}:log-group:${LOG_GROUP_NAME}`;
        assert.deepEqual(JSON.parse(rolePolicy.policy).Statement, [
            {
                Sid: "DeliverTrailEvents",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: [`${group}:log-stream:${MANAGEMENT_ACCOUNT}_CloudTrail_eu-west-1*`, `${group}:log-stream:o-a1b2c3d4e5_*`],
            },
        ]);
    });

    it("retains the trail's key, alias, log group, role, policy and SCP, and the alert key, on delete", () => {
        const alerting = "org-cloudtrail:alerting:Alerting::alerting";
        for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
            // Filters, alarms, the topic and its subscriptions hold no evidence; a destroy may take them.
            const mayGo = r.parent === alerting && !r.type.startsWith("aws:kms/");
            assert.ok(mayGo || r.retainOnDelete || r.protect, `${r.type} ${r.name}`);
        }
    });

    it("stores the protect-audit-trail SCP minified, under the size limit, and attaches it to the organization's root (the RCP to the log-archive account)", () => {
        const scp = resource(run.resources, SCP, "guardrail-scp").inputs;
        assert.equal(scp.name, "protect-audit-trail");
        assert.equal(scp.type, "SERVICE_CONTROL_POLICY");
        assert.equal(scp.content, JSON.stringify(JSON.parse(scp.content)), "minified");
        assert.ok(scp.content.length <= SCP_MAX_CHARACTERS);
        const attachments = ofType(run.resources, ATTACHMENT);
        assert.deepEqual(
            attachments.map((a) => a.inputs),
            [
                { policyId: "(known after apply: guardrail-scp.id)", targetId: "r-ab12" },
                { policyId: "(known after apply: guardrail-rcp.id)", targetId: LOG_ARCHIVE_OUTPUTS.accountId },
            ],
        );
    });

    it("names the log-archive stack's bucket, access-log bucket and key in the SCP, and exempts its deployer from configuration only", () => {
        const scp = scpOf(run);
        const bySid = (sid: string) => scp.Statement.find((s: { Sid: string }) => s.Sid === sid);
        const logs = `arn:aws:s3:::${LOG_ARCHIVE_OUTPUTS.bucketName}`;
        const accessLogs = `arn:aws:s3:::${LOG_ARCHIVE_OUTPUTS.accessLogBucketName}`;
        assert.deepEqual(bySid("ProtectLogObjects").Resource, [`${logs}/*`, `${accessLogs}/*`]);
        assert.equal(bySid("ProtectLogKey").Resource, LOG_ARCHIVE_OUTPUTS.kmsKeyArn);
        assert.equal(bySid("ProtectTrail").Resource, "arn:aws:cloudtrail:*:*:trail/organization-trail");
        // No break-glass roles configured: the destruction denies have no exemption at all.
        assert.equal(bySid("ProtectLogObjects").Condition, undefined);
        assert.deepEqual(bySid("ProtectLogBucketSettings").Condition, { ArnNotLike: { "aws:PrincipalArn": [LOG_ARCHIVE_OUTPUTS.deployerRoleArn] } });
    });

    it("parents every resource to one of its three components", () => {
        const components = [
            "org-cloudtrail:trail:OrganizationTrail::organization",
            "org-cloudtrail:guardrail:TrailGuardrail::guardrail",
            "org-cloudtrail:alerting:Alerting::alerting",
        ];
        for (const r of run.resources.filter((x) => x.type.startsWith("aws:"))) {
            assert.ok(components.includes(r.parent ?? ""), `${r.name}: ${r.parent}`);
        }
    });

    it("exports the trail, the log group, the role, the SCP and what the alerting pipeline needs", () => {
        assert.deepEqual(run.outputs, {
            organizationId: "o-a1b2c3d4e5",
            managementAccountId: MANAGEMENT_ACCOUNT,
            region: "eu-west-1",
            trailName: "organization-trail",
            trailArn: "(known after apply: organization-trail.arn)",
            logGroupName: LOG_GROUP_NAME,
            logGroupArn: "(known after apply: organization-log-group.arn)",
            logGroupKmsKeyArn: "(known after apply: organization-logs-key.arn)",
            cloudTrailRoleArn: "(known after apply: organization-cloudwatch-role.arn)",
            scpId: "(known after apply: guardrail-scp.id)",
            scpTargetIds: ["r-ab12"],
            rcpId: "(known after apply: guardrail-rcp.id)",
            bucketName: LOG_ARCHIVE_OUTPUTS.bucketName,
            alertTopicArn: "(known after apply: alerting-topic.arn)",
            alarmNamespace: "OrgCloudTrail",
            // Without trustedCidrs there is no sign-in-outside-trusted-networks detection.
            detections: DETECTION_IDS.filter(
                (id) => id !== "console-signin-outside-trusted-networks" && !AUDIT_STACK_DETECTION_IDS.includes(id) && !CODE_DETECTION_IDS.includes(id),
            ),
        });
    });
});

describe("management stack: data events and Insights", () => {
    const combos = [
        { s3: false, lambda: false, dynamo: false },
        { s3: true, lambda: false, dynamo: false },
        { s3: false, lambda: true, dynamo: false },
        { s3: false, lambda: false, dynamo: true },
        { s3: true, lambda: true, dynamo: true },
    ];
    for (const c of combos) {
        it(`selects management events${c.s3 ? " + S3" : ""}${c.lambda ? " + Lambda" : ""}${c.dynamo ? " + DynamoDB" : ""}`, async () => {
            const run = await runManagement({ dataEventsS3: c.s3, dataEventsLambda: c.lambda, dataEventsDynamoDB: c.dynamo });
            const expected = [
                "All management events",
                ...(c.s3 ? ["S3 object events outside the audit archive"] : []),
                ...(c.lambda ? ["Lambda invocations"] : []),
                ...(c.dynamo ? ["DynamoDB item events"] : []),
            ];
            assert.deepEqual(selectorNames(run), expected);
        });
    }

    // The two tests below read the runs of two of the combinations above (the same config, so the same shared run).
    it("records S3 object events of every bucket except the log bucket and its access-log bucket", async () => {
        const run = await runManagement({ dataEventsS3: true, dataEventsLambda: false, dataEventsDynamoDB: false });
        const s3 = (trailOf(run).advancedEventSelectors as { name: string; fieldSelectors: unknown[] }[])[1];
        assert.deepEqual(s3.fieldSelectors, [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            {
                field: "resources.ARN",
                notStartsWiths: [`arn:aws:s3:::${LOG_ARCHIVE_OUTPUTS.bucketName}/`, `arn:aws:s3:::${LOG_ARCHIVE_OUTPUTS.accessLogBucketName}/`],
            },
        ]);
    });

    it("selects Lambda functions and DynamoDB tables by resource type", async () => {
        const run = await runManagement({ dataEventsS3: true, dataEventsLambda: true, dataEventsDynamoDB: true });
        const [, , lambda, dynamo] = trailOf(run).advancedEventSelectors as { fieldSelectors: unknown[] }[];
        assert.deepEqual(lambda.fieldSelectors, [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::Lambda::Function"] },
        ]);
        assert.deepEqual(dynamo.fieldSelectors, [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::DynamoDB::Table"] },
        ]);
    });

    it("turns on only the configured Insights type, or none", async () => {
        assert.deepEqual(trailOf(await runManagement({ insights: ["ApiErrorRateInsight"] })).insightSelectors, [{ insightType: "ApiErrorRateInsight" }]);
        assert.equal(trailOf(await runManagement({ insights: [] })).insightSelectors, undefined);
    });
});

describe("management stack: options", () => {
    it("uses the log-archive stack's key prefix", async () => {
        const run = await runManagement({}, { outputs: { s3KeyPrefix: "org/audit" } });
        assert.equal(trailOf(run).s3KeyPrefix, "org/audit");
    });

    it("keeps the log group for the configured retention", async () => {
        const run = await runManagement({ cloudWatchLogsRetentionDays: 2557 });
        assert.equal(resource(run.resources, LOG_GROUP, "organization-log-group").inputs.retentionInDays, 2557);
    });

    it("attaches the SCP to every configured target, one attachment each", async () => {
        const targets = ["r-ab12", "ou-ab12-abcdefgh", "444444444444"];
        const run = await runManagement({ scpTargetIds: targets });
        const attachments: SimulatedResource[] = ofType(run.resources, ATTACHMENT).filter((a) => a.name.startsWith("guardrail-attach-"));
        assert.deepEqual(attachments.map((a) => a.inputs.targetId), targets);
        assert.deepEqual(attachments.map((a) => a.name), targets.map((t) => `guardrail-attach-${t}`));
        assert.ok(attachments.every((a) => a.retainOnDelete));
        assert.deepEqual(run.outputs.scpTargetIds, targets);
    });

    it("exempts the configured break-glass roles from every deny of the SCP but the two nobody is exempt from", async () => {
        const breakGlass = ["arn:aws:iam::*:role/BreakGlass", "arn:aws:iam::444444444444:role/OrgBreakGlass"];
        const scp = scpOf(await runManagement({ breakGlassArns: breakGlass }));
        const unexempted: string[] = [];
        for (const statement of scp.Statement) {
            const exempt: string[] | undefined = statement.Condition?.ArnNotLike?.["aws:PrincipalArn"];
            const onlyFor: string[] | undefined = statement.Condition?.ArnLike?.["aws:PrincipalArn"];
            // The deployer's own statement binds the deployer alone, so break-glass needs no exemption there.
            if (onlyFor !== undefined) assert.deepEqual(onlyFor, [LOG_ARCHIVE_OUTPUTS.deployerRoleArn], statement.Sid);
            else if (exempt === undefined) unexempted.push(statement.Sid);
            else assert.deepEqual(exempt.slice(0, 2), breakGlass, statement.Sid);
        }
        // No person writes a log, and no key policy skips the lockout check: not even break-glass.
        assert.deepEqual(unexempted.sort(), ["NobodyWritesLogs", "ProtectLogKeyFromLockout"].sort());
    });

    it("follows the trail name and home region the log-archive stack declares", async () => {
        const run = await runManagement(
            { "aws:region": "us-east-1" },
            {
                outputs: {
                    trailName: "acme-trail",
                    trailHomeRegion: "us-east-1",
                    trailArn: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT_ACCOUNT}:trail/acme-trail`,
                },
            },
        );
        assert.equal(trailOf(run).name, "acme-trail");
        assert.equal(resource(run.resources, LOG_GROUP, "organization-log-group").inputs.name, "/org-cloudtrail/acme-trail");
        const key = JSON.parse(resource(run.resources, KEY, "organization-logs-key").inputs.policy);
        assert.equal(key.Statement[1].Principal.Service, "logs.us-east-1.amazonaws.com");
    });
});

describe("management stack against the log-archive stack's real outputs", () => {
    it("accepts exactly what the log-archive program exports for Pulumi.log-archive.yaml", async () => {
        const root = path.resolve(__dirname, "..");
        const config = loadStackConfig(root, "management");
        const { archive, world } = await simulatedManagementWorld(root, config);
        // The example sets auditAccountId: the log-file topic's key is the other key whose ARN AWS assigns.
        assert.deepEqual(archive.standIns, ["kmsKeyArn", "logFileTopicKeyArn"], "only the keys' ARNs are unknown before apply");
        const o = archive.outputs as Record<string, string>;
        const run = await simulate(main, { stack: "management", config, caller: MANAGEMENT_DEPLOYER, ...world });
        assert.equal(trailOf(run).s3BucketName, o.bucketName);
        assert.equal(trailOf(run).kmsKeyId, o.kmsKeyArn);
        const scp = scpOf(run);
        const config_ = scp.Statement.find((s: { Sid: string }) => s.Sid === "ProtectLogBucketSettings");
        assert.deepEqual(config_.Resource, [`arn:aws:s3:::${o.bucketName}`, `arn:aws:s3:::${o.accessLogBucketName}`]);
    });
});
