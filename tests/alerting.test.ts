// The alerting pipeline of the management stack, input by input: one metric
// filter and one alarm per enabled detection, the encrypted topic they
// publish to, and its subscribers. The program runs for real under the
// simulated provider, so what is asserted here is what AWS would be sent.
import { strict as assert } from "assert";
import { ALERT_NAME_PREFIX, ALERT_TOPIC_NAME, alarmDescription, HTTPS_DELIVERY_POLICY, STAYS_IN_ALARM } from "../components/alerting";
import { CATALOG as FULL_CATALOG, CODE_DETECTION_IDS, DETECTION_IDS as ALL_DETECTION_IDS, EnabledDetection, enabledDetections } from "../detections/catalog";
import { AUDIT_STACK_DETECTION_IDS } from "../detections/ownResources";
import { DEFAULT_LARGE_INSTANCE_TYPES } from "../config/detectionFields";
import { instanceTypeRegex } from "../detections/parameters";
import { patternMatches } from "../detections/filterPattern";
import { renderPlan } from "../plan/render";
import { computed, SimulatedResource, SimulationResult } from "../plan/simulator";
import { alertKeyPolicy, alertTopicPolicy } from "../policies/alertTopicPolicies";
import { LOG_ARCHIVE_OUTPUTS, MANAGEMENT_ACCOUNT, MANAGEMENT_DEPLOYER_ROLE, ofType, resource, runManagement } from "./helpers/stacks";
import { EXAMPLE_PRODUCT } from "./detections/product";

// Without auditStack (these runs), the engine's three detections have nothing to watch and are not deployed;
// a detection written as code has no metric filter at all.
const { audit: _audit, ...WITHOUT_AUDIT_STACK } = EXAMPLE_PRODUCT;
const deployed = (id: string) => !AUDIT_STACK_DETECTION_IDS.includes(id) && !CODE_DETECTION_IDS.includes(id);
const CATALOG = FULL_CATALOG.filter((d) => deployed(d.id));
const DETECTION_IDS = ALL_DETECTION_IDS.filter(deployed);

const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";
const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const ALERTING = "org-cloudtrail:alerting:Alerting::alerting";
const TOPIC_ARN = computed("alerting-topic", "arn");

/** Pulumi's marker of a secret value, as the provider receives it. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
const SECRET_MARKER = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SECRET_SIGNATURE]: SECRET_MARKER, value });

const EMAILS = ["security@example.com", "oncall@example.com"];
const OPSGENIE_KEY = "k-123";
const HTTPS_ENDPOINTS = [
    `https://api.opsgenie.com/v1/json/amazonsns?apiKey=${OPSGENIE_KEY}`,
    "https://events.pagerduty.com/integration/abc/enqueue",
];
const TRUSTED_CIDRS = ["203.0.113.0/24"];
const FULL = { alertEmails: EMAILS, alertHttpsEndpoints: HTTPS_ENDPOINTS, trustedCidrs: TRUSTED_CIDRS };

/** The detections the program should deploy for `trustedCidrs` and the default instance types, built the same way the stack builds them. */
const expectedDetections = (trustedCidrs: readonly string[] = TRUSTED_CIDRS, disabled: readonly string[] = []): EnabledDetection[] =>
    enabledDetections({ trustedCidrs, largeInstanceTypes: DEFAULT_LARGE_INSTANCE_TYPES, product: WITHOUT_AUDIT_STACK }, disabled);

const POLICY_ARGS = {
    partition: "aws",
    region: "eu-west-1",
    accountId: MANAGEMENT_ACCOUNT,
    topicName: ALERT_TOPIC_NAME,
    alarmNamePrefix: ALERT_NAME_PREFIX,
};

const filtersOf = (run: SimulationResult) => ofType(run.resources, FILTER);
/** The heartbeat alarm on the log group's own metric; every other alarm is a detection's. */
const HEARTBEAT = "alerting-delivery-stopped-alarm";
/** The detections' alarms. */
const alarmsOf = (run: SimulationResult) => ofType(run.resources, ALARM).filter((a) => a.name !== HEARTBEAT);
const metricsOf = (resources: SimulatedResource[]) => resources.map((r) => r.inputs.metricTransformation?.name ?? r.inputs.metricName);
const subscriptions = (run: SimulationResult, protocol: string) => ofType(run.resources, SUBSCRIPTION).filter((s) => s.inputs.protocol === protocol);

/**
 * Every piece of a URL that could identify the tool or its key: host, path
 * segments, query names and values. The scheme is left out on purpose: the
 * subscriptions are named `alerting-https-<i>` by design.
 */
function urlParts(text: string): string[] {
    const url = new URL(text);
    const parts = [text, url.host, url.pathname, url.search, ...url.pathname.split("/").filter(Boolean)];
    for (const [name, value] of url.searchParams) parts.push(name, value);
    return parts.filter((p) => p.length > 0);
}

describe("alerting: every input of the pipeline", () => {
    let run: SimulationResult;
    let detections: EnabledDetection[];
    before(async () => {
        run = await runManagement(FULL);
        detections = expectedDetections();
    });

    it("deploys every catalog detection when trustedCidrs is set and the instance types are the default", () => {
        // The fixture must exercise the whole catalog, or the per-detection checks below would skip some.
        assert.deepEqual(
            detections.map((d) => d.id),
            DETECTION_IDS,
        );
    });

    it("creates one metric filter per detection, in catalog order, on the trail's log group", () => {
        const logGroupName = resource(run.resources, LOG_GROUP, "organization-log-group").inputs.name;
        assert.equal(typeof logGroupName, "string");
        const filters = filtersOf(run);
        assert.deepEqual(
            filters.map((f) => f.name),
            detections.map((d) => `alerting-${d.id}-filter`),
        );
        filters.forEach((filter, i) => {
            const d = detections[i];
            assert.deepEqual(
                filter.inputs,
                {
                    name: `org-cloudtrail-${d.id}`,
                    logGroupName,
                    pattern: d.pattern,
                    // defaultValue "0": a quiet period reports 0, not missing data, so the alarm can return to OK.
                    metricTransformation: { name: d.id, namespace: "OrgCloudTrail", value: "1", defaultValue: "0" },
                },
                d.id,
            );
            assert.equal(filter.parent, ALERTING, d.id);
        });
    });

    it("uses exactly the catalog's pattern for each fixed detection and the configured ones for the two built from config", () => {
        const byId = new Map(filtersOf(run).map((f) => [f.inputs.metricTransformation.name, f.inputs.pattern]));
        for (const d of CATALOG) {
            if (typeof d.pattern === "string") assert.equal(byId.get(d.id), d.pattern, d.id);
        }
        // The two built from config really carry the configured values.
        assert.ok(byId.get("console-signin-outside-trusted-networks").includes('"203.0.113.*"'));
        for (const type of DEFAULT_LARGE_INSTANCE_TYPES) {
            assert.ok(byId.get("large-instance-launched").includes(instanceTypeRegex([type])), type);
        }
    });

    it("creates one alarm per detection with every input set", () => {
        const alarms = alarmsOf(run);
        assert.deepEqual(
            alarms.map((a) => a.name),
            detections.map((d) => `alerting-${d.id}-alarm`),
        );
        alarms.forEach((alarm, i) => {
            const d = detections[i];
            assert.deepEqual(
                alarm.inputs,
                {
                    name: `org-cloudtrail-${d.id}`,
                    alarmDescription: alarmDescription(d),
                    namespace: "OrgCloudTrail",
                    metricName: d.id,
                    statistic: "Sum",
                    period: d.periodSeconds,
                    evaluationPeriods: 1,
                    datapointsToAlarm: 1,
                    threshold: d.threshold,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    // No events is the normal state; missing data must never page anyone.
                    treatMissingData: "notBreaching",
                    actionsEnabled: true,
                    alarmActions: [TOPIC_ARN],
                    // OK notifications let incident tools close what the alarm opened.
                    okActions: [TOPIC_ARN],
                },
                d.id,
            );
            assert.equal(alarm.parent, ALERTING, d.id);
            // Until the topic policy exists CloudWatch may not publish, and a first alarm would be lost.
            assert.deepEqual(alarm.dependsOn, [`${TOPIC_POLICY}::alerting-topic-policy`], d.id);
        });
    });

    it("uses the catalog's period and thresholds: five minutes, at least one event, more for the noisy two", () => {
        const alarmOf = (id: string) => resource(run.resources, ALARM, `alerting-${id}-alarm`).inputs;
        for (const d of CATALOG) {
            assert.equal(d.periodSeconds, 300, d.id);
            assert.ok(Number.isInteger(d.threshold) && d.threshold >= 1, d.id);
            assert.equal(alarmOf(d.id).period, d.periodSeconds, d.id);
            assert.equal(alarmOf(d.id).threshold, d.threshold, d.id);
        }
        // A single denial or mistyped password across an organization is routine.
        assert.equal(alarmOf("unauthorized-api-calls").threshold, 5);
        assert.equal(alarmOf("console-signin-failures").threshold, 3);
    });

    it("tells the person paged what happened and what to check first, and that an alarm stuck in ALARM needs a look", () => {
        for (const alarm of alarmsOf(run)) {
            const d = detections.find((x) => x.id === alarm.inputs.metricName)!;
            const description: string = alarm.inputs.alarmDescription;
            assert.ok(description.includes(d.title), d.id);
            assert.ok(description.includes("First check:"), d.id);
            assert.ok(description.includes(d.firstCheck), d.id);
            // Issue 13 row 12: later events send nothing while the alarm stays in ALARM.
            assert.match(description, /An alarm that stays in ALARM sends no new notification for later events/, d.id);
        }
    });

    it("names the product's own resources, as the log-archive stack exported them, in the audit-* alarms and their filters", () => {
        const named: Record<string, string[]> = {
            "audit-trail-changed": [LOG_ARCHIVE_OUTPUTS.trailName, LOG_ARCHIVE_OUTPUTS.trailArn],
            "audit-buckets-changed": [LOG_ARCHIVE_OUTPUTS.bucketName, LOG_ARCHIVE_OUTPUTS.accessLogBucketName],
            "audit-keys-changed": [LOG_ARCHIVE_OUTPUTS.kmsKeyArn, `arn:aws:kms:eu-west-1:${MANAGEMENT_ACCOUNT}:key/*`],
            "audit-alert-topic-changed": [`arn:aws:sns:eu-west-1:${MANAGEMENT_ACCOUNT}:org-cloudtrail-alerts`],
            "audit-log-group-changed": ["/org-cloudtrail/organization-trail"],
            "audit-alarms-changed": ["org-cloudtrail-*"],
        };
        for (const [id, names] of Object.entries(named)) {
            const alarm = resource(run.resources, ALARM, `alerting-${id}-alarm`).inputs;
            const filter = resource(run.resources, FILTER, `alerting-${id}-filter`).inputs;
            assert.ok(alarm.alarmDescription.includes(names[0]), `${id}: ${alarm.alarmDescription}`);
            for (const name of names) assert.ok(filter.pattern.includes(`"${name}`), `${id} pattern should name ${name}: ${filter.pattern}`);
            assert.equal(alarm.threshold, 1, id);
            assert.match(alarm.alarmDescription, /Fires at 1 or more successful calls in 5 minutes\./, id);
        }
    });

    it("watches the delivery role the trail component actually creates: its resource name, Pulumi's '-' and random suffix, in any case", () => {
        const role = resource(run.resources, "aws:iam/role:Role", "organization-cloudwatch-role");
        // Auto-named: an explicit name would replace the role.
        assert.equal(role.inputs.name, undefined);
        const filter = resource(run.resources, FILTER, "alerting-audit-delivery-role-changed-filter").inputs;
        const alarm = resource(run.resources, ALARM, "alerting-audit-delivery-role-changed-alarm").inputs;
        assert.ok(alarm.alarmDescription.startsWith(`Role ${role.name}-*, which delivers the trail to log group /org-cloudtrail/organization-trail, was changed`), alarm.alarmDescription);
        const boundary = (roleName: string) => ({
            eventSource: "iam.amazonaws.com",
            eventName: "PutRolePermissionsBoundary",
            requestParameters: { roleName, permissionsBoundary: "arn:aws:iam::aws:policy/AWSDenyAll" },
        });
        assert.equal(patternMatches(filter.pattern, boundary(`${role.name}-3f2e1d0`)), true);
        assert.equal(patternMatches(filter.pattern, boundary(`${role.name}-3f2e1d0`.toUpperCase())), true);
        assert.equal(patternMatches(filter.pattern, boundary("PulumiDeployer")), false);
    });

    it("lets only the deployer rewrite either management-account key's policy when no break-glass role is configured", () => {
        for (const name of ["alerting-key", "organization-logs-key"]) {
            const policy = JSON.parse(resource(run.resources, KEY, name).inputs.policy);
            const deny = policy.Statement.find((st: { Sid: string }) => st.Sid === "DenyKeyPolicyChanges");
            assert.deepEqual(deny.Condition, { ArnNotLike: { "aws:PrincipalArn": [MANAGEMENT_DEPLOYER_ROLE] } }, name);
            assert.ok(policy.Statement.some((st: { Sid: string }) => st.Sid === "DenyPolicyLockoutBypass"), name);
        }
    });

    it("encrypts the topic with its own rotating, retained key whose policy lets only this account's alarms publish", () => {
        const key = resource(run.resources, KEY, "alerting-key");
        assert.equal(key.parent, ALERTING);
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.inputs.deletionWindowInDays, 30);
        assert.equal(key.inputs.customerMasterKeySpec, "SYMMETRIC_DEFAULT");
        // The config has no break-glass roles: only the deployer may rewrite the policy.
        assert.deepEqual(JSON.parse(key.inputs.policy), alertKeyPolicy({ ...POLICY_ARGS, deployerArns: [MANAGEMENT_DEPLOYER_ROLE], breakGlassArns: [] }));
        assert.equal(key.retainOnDelete, true);

        const alias = resource(run.resources, ALIAS, "alerting-key-alias");
        assert.deepEqual(alias.inputs, { name: "alias/org-cloudtrail-alerts", targetKeyId: computed("alerting-key", "keyId") });
        assert.equal(alias.retainOnDelete, true);
    });

    it("creates the topic under the alert key, never the AWS-managed aws/sns key CloudWatch cannot use", () => {
        const topic = resource(run.resources, TOPIC, "alerting-topic");
        assert.equal(topic.parent, ALERTING);
        assert.equal(topic.inputs.name, "org-cloudtrail-alerts");
        assert.equal(topic.inputs.kmsMasterKeyId, computed("alerting-key", "arn"));
        assert.notEqual(topic.inputs.kmsMasterKeyId, "alias/aws/sns");
    });

    it("attaches the topic policy that accepts only this account's alarms", () => {
        const policy = resource(run.resources, TOPIC_POLICY, "alerting-topic-policy");
        assert.equal(policy.inputs.arn, TOPIC_ARN);
        // The config has no break-glass roles: only the deployer may change the topic's permissions.
        assert.deepEqual(JSON.parse(policy.inputs.policy), alertTopicPolicy({ ...POLICY_ARGS, deployerArns: [MANAGEMENT_DEPLOYER_ROLE], breakGlassArns: [] }));
    });

    it("subscribes each e-mail address, which its owner confirms", () => {
        assert.deepEqual(
            subscriptions(run, "email").map((s) => s.inputs),
            EMAILS.map((endpoint) => ({ topic: TOPIC_ARN, protocol: "email", endpoint })),
        );
        for (const s of subscriptions(run, "email")) {
            assert.equal(s.inputs.endpointAutoConfirms, undefined, "an e-mail subscription cannot confirm itself");
            assert.equal(s.parent, ALERTING);
        }
    });

    it("subscribes each HTTPS endpoint in order, as a secret, auto-confirmed, with the long retry policy", () => {
        const https = subscriptions(run, "https");
        assert.deepEqual(
            https.map((s) => s.name),
            ["alerting-https-0", "alerting-https-1"],
        );
        https.forEach((s, i) => {
            assert.deepEqual(s.inputs, {
                topic: TOPIC_ARN,
                protocol: "https",
                // A secret, so the URL and its API key are encrypted in the state and hidden in previews.
                endpoint: secret(HTTPS_ENDPOINTS[i]),
                endpointAutoConfirms: true,
                // Five minutes for the tool to confirm, not the provider's one: SNS retries the confirmation for about a minute.
                confirmationTimeoutInMinutes: 5,
                deliveryPolicy: JSON.stringify(HTTPS_DELIVERY_POLICY),
            });
            assert.equal(s.parent, ALERTING);
        });
    });

    it("never puts any part of an HTTPS endpoint in a resource name, where it would end up in URNs", () => {
        const parts = HTTPS_ENDPOINTS.flatMap(urlParts);
        assert.ok(parts.includes(OPSGENIE_KEY), "the check must cover the API key itself");
        for (const r of run.resources) {
            for (const part of parts) assert.ok(!r.name.includes(part), `${r.type} ${r.name} contains ${part}`);
        }
    });

    it("exports the topic, the namespace and the deployed detections", () => {
        assert.equal(run.outputs.alertTopicArn, TOPIC_ARN);
        assert.equal(run.outputs.alarmNamespace, "OrgCloudTrail");
        assert.deepEqual(run.outputs.detections, DETECTION_IDS);
    });

    it("shows secrets as [secret] in the plan, never the URLs or their keys, and lists every detection's pattern", () => {
        const plan = renderPlan(run);
        for (const url of HTTPS_ENDPOINTS) assert.ok(!plan.includes(url), url);
        assert.ok(!plan.includes("apiKey"), "an API key parameter reached the plan");
        assert.ok(!plan.includes(OPSGENIE_KEY), "the API key reached the plan");
        assert.ok(!plan.includes("pagerduty"), "the PagerDuty integration URL reached the plan");
        assert.match(plan, /endpoint: "\[secret\]"/);
        assert.ok(plan.includes(`Detections (${detections.length}):`), plan);
        for (const d of detections) {
            assert.ok(plan.includes(`  ${d.id}  (>= ${d.threshold} in ${d.periodSeconds} s)`), d.id);
            assert.ok(plan.includes(`      ${d.pattern}`), d.id);
        }
        assert.ok(!plan.includes("NO ALARM"));
    });
});

describe("alerting: the delivery heartbeat (finding 1)", () => {
    let run: SimulationResult;
    before(async () => {
        run = await runManagement({ ...FULL, alarmNamespace: "Security/CloudTrail" });
    });

    it("pages when the log group receives no event for three five-minute periods in a row, missing data included", () => {
        const alarm = resource(run.resources, ALARM, HEARTBEAT);
        assert.equal(alarm.parent, ALERTING);
        const { alarmDescription: description, ...inputs } = alarm.inputs;
        assert.deepEqual(inputs, {
            // The prefix keeps the topic and key policies accepting it.
            name: "org-cloudtrail-delivery-stopped",
            // AWS's own metric of the log group, not the detections' namespace.
            namespace: "AWS/Logs",
            metricName: "IncomingLogEvents",
            dimensions: { LogGroupName: "/org-cloudtrail/organization-trail" },
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
            threshold: 1,
            comparisonOperator: "LessThanThreshold",
            // No datapoint is what a stopped delivery looks like.
            treatMissingData: "breaching",
            actionsEnabled: true,
            alarmActions: [TOPIC_ARN],
            okActions: [TOPIC_ARN],
        });
        assert.deepEqual(alarm.dependsOn, [`${TOPIC_POLICY}::alerting-topic-policy`]);
        assert.match(description, /^The organization trail delivered no event to log group \/org-cloudtrail\/organization-trail for 15 minutes: every other alarm reads that log group and is blind/);
        assert.ok(description.includes("First check: aws cloudtrail get-trail-status"), description);
        assert.ok(description.endsWith(STAYS_IN_ALARM), description);
    });

    it("is the one alarm besides the detections', and its name is no detection's", () => {
        const all = ofType(run.resources, ALARM);
        assert.equal(all.length, DETECTION_IDS.length + 1);
        assert.ok(!DETECTION_IDS.includes("delivery-stopped"));
        assert.equal(new Set(all.map((a) => a.inputs.name)).size, all.length);
    });

    it("is published to by CloudWatch under the topic policy: its ARN matches the policy's alarm pattern", () => {
        const policy = JSON.parse(resource(run.resources, TOPIC_POLICY, "alerting-topic-policy").inputs.policy);
        const pattern: string = policy.Statement[0].Condition.ArnLike["aws:SourceArn"];
        const arn = `arn:aws:cloudwatch:eu-west-1:${MANAGEMENT_ACCOUNT}:alarm:${resource(run.resources, ALARM, HEARTBEAT).inputs.name}`;
        assert.ok(new RegExp(`^${pattern.replace(/[.]/g, "\\.").replace(/\*/g, ".*")}$`).test(arn), `${arn} ~ ${pattern}`);
    });
});

describe("alerting: configuration variations", () => {
    it("passes the deployer and the management account's break-glass roles to both keys' policy walls", async () => {
        const run = await runManagement({ ...FULL, breakGlassArns: ["arn:aws:iam::*:role/BreakGlassAdmin"] });
        for (const name of ["alerting-key", "organization-logs-key"]) {
            const policy = JSON.parse(resource(run.resources, KEY, name).inputs.policy);
            const deny = policy.Statement.find((st: { Sid: string }) => st.Sid === "DenyKeyPolicyChanges");
            assert.deepEqual(
                deny.Condition,
                { ArnNotLike: { "aws:PrincipalArn": [`arn:aws:iam::${MANAGEMENT_ACCOUNT}:role/BreakGlassAdmin`, MANAGEMENT_DEPLOYER_ROLE] } },
                name,
            );
        }
    });

    it("leaves out exactly the disabled detections, filter and alarm alike", async () => {
        const disabled = ["root-account-usage", "vpc-flow-logs-deleted", "unauthorized-api-calls"];
        const run = await runManagement({ ...FULL, disabledDetections: disabled });
        const expected = DETECTION_IDS.filter((id) => !disabled.includes(id));
        assert.deepEqual(metricsOf(filtersOf(run)), expected);
        assert.deepEqual(metricsOf(alarmsOf(run)), expected);
        assert.deepEqual(run.outputs.detections, expected);
        assert.deepEqual(
            expectedDetections(TRUSTED_CIDRS, disabled).map((d) => d.id),
            expected,
        );
    });

    it("has no sign-in-outside-trusted-networks detection without trustedCidrs", async () => {
        for (const trustedCidrs of [undefined, []]) {
            const run = await runManagement({ alertEmails: EMAILS, trustedCidrs });
            const expected = DETECTION_IDS.filter((id) => id !== "console-signin-outside-trusted-networks");
            assert.deepEqual(metricsOf(filtersOf(run)), expected, JSON.stringify(trustedCidrs));
            assert.deepEqual(metricsOf(alarmsOf(run)), expected, JSON.stringify(trustedCidrs));
        }
    });

    it("has no large-instance detection when largeInstanceTypes is []", async () => {
        const run = await runManagement({ ...FULL, largeInstanceTypes: [] });
        const expected = DETECTION_IDS.filter((id) => id !== "large-instance-launched");
        assert.deepEqual(metricsOf(filtersOf(run)), expected);
        assert.deepEqual(metricsOf(alarmsOf(run)), expected);
    });

    it("builds the large-instance pattern from the configured types", async () => {
        const run = await runManagement({ ...FULL, largeInstanceTypes: ["p5.48xlarge", "*.metal*"] });
        const filter = resource(run.resources, FILTER, "alerting-large-instance-launched-filter");
        const [expected] = enabledDetections({ trustedCidrs: [], largeInstanceTypes: ["p5.48xlarge", "*.metal*"], product: EXAMPLE_PRODUCT }).filter(
            (d) => d.id === "large-instance-launched",
        );
        assert.equal(filter.inputs.pattern, expected.pattern);
    });

    it("puts every metric and alarm in the configured namespace", async () => {
        const run = await runManagement({ ...FULL, alarmNamespace: "Security/CloudTrail" });
        assert.equal(filtersOf(run).length, DETECTION_IDS.length);
        for (const f of filtersOf(run)) assert.equal(f.inputs.metricTransformation.namespace, "Security/CloudTrail", f.name);
        for (const a of alarmsOf(run)) assert.equal(a.inputs.namespace, "Security/CloudTrail", a.name);
        // The detection of filters feeding the namespace from elsewhere watches the configured one.
        const fed = resource(run.resources, FILTER, "alerting-audit-metrics-fed-filter").inputs.pattern;
        assert.ok(fed.includes('metricNamespace = "Security/CloudTrail")'), fed);
        assert.equal(run.outputs.alarmNamespace, "Security/CloudTrail");
    });

    it("works with e-mail subscribers only", async () => {
        const run = await runManagement({ alertEmails: EMAILS, alertHttpsEndpoints: undefined });
        assert.deepEqual(
            subscriptions(run, "email").map((s) => s.inputs.endpoint),
            EMAILS,
        );
        assert.equal(subscriptions(run, "https").length, 0);
        assert.equal(ofType(run.resources, SUBSCRIPTION).length, EMAILS.length);
    });

    it("works with HTTPS subscribers only", async () => {
        const run = await runManagement({ alertEmails: undefined, alertHttpsEndpoints: HTTPS_ENDPOINTS });
        assert.equal(subscriptions(run, "email").length, 0);
        assert.deepEqual(
            subscriptions(run, "https").map((s) => s.inputs.endpoint),
            HTTPS_ENDPOINTS.map(secret),
        );
        assert.equal(ofType(run.resources, SUBSCRIPTION).length, HTTPS_ENDPOINTS.length);
        // Without e-mails the alarms still publish to the same topic.
        for (const a of alarmsOf(run)) assert.deepEqual(a.inputs.alarmActions, [TOPIC_ARN]);
    });

    it("accepts an empty alertHttpsEndpoints in plain text, as Pulumi.yaml's default hands it over", async () => {
        const run = await runManagement({ alertEmails: EMAILS, alertHttpsEndpoints: [] }, { secretKeys: [] });
        assert.equal(subscriptions(run, "https").length, 0);
        assert.equal(subscriptions(run, "email").length, EMAILS.length);
    });
});
