// The saved queries an investigation starts with. Each reads the
// cloudtrail_logs table through its partitions: the account(s) and the days
// are parameters (`?`, filled in order when the query runs), so a query costs
// what those days of those accounts weigh, never the whole archive.
import { ApiCalls, IAM_POLICY_CALLS, SECURITY_GROUP_CALLS, TRAIL_CHANGE_CALLS } from "../detections/calls";
import { CLOUDTRAIL_TABLE_NAME } from "./cloudtrailTable";

export interface QueryParameter {
    name: string;
    /** What to type when Athena asks for it: a SQL literal. */
    example: string;
}

export interface SavedQuery {
    /** The named query's name in Athena, stable: runbooks point at it. */
    name: string;
    /** What it answers, shown beside it in the Athena console. */
    description: string;
    /** The `?` placeholders, in the order they appear in the SQL. */
    parameters: readonly QueryParameter[];
    sql: string;
}

const ACCOUNT: QueryParameter = { name: "account", example: "'111111111111'" };
const FIRST_DAY: QueryParameter = { name: "first day", example: "'2026/11/01'" };
const LAST_DAY: QueryParameter = { name: "last day", example: "'2026/11/24'" };
const PERIOD = [ACCOUNT, FIRST_DAY, LAST_DAY] as const;

/** The partition filter every query starts with: one account (the injected partition demands it) and a range of days. */
const IN_PERIOD = "account = ? AND day BETWEEN ? AND ?";

const EVENT_TIME = "from_iso8601_timestamp(eventtime) AS event_time";
const PRINCIPAL = "coalesce(useridentity.arn, useridentity.principalid) AS principal";

function oneOf(calls: ApiCalls): string {
    return `(eventsource = '${calls.eventSource}' AND eventname IN (${calls.eventNames.map((n) => `'${n}'`).join(", ")}))`;
}

const T = CLOUDTRAIL_TABLE_NAME;

export const SAVED_QUERIES: readonly SavedQuery[] = [
    {
        name: "console-sign-ins-without-mfa",
        description:
            "Successful console sign-ins of IAM users and root that did not use MFA (CIS 4.2), newest first. SAML, federated and Identity Center sign-ins are left out: their MFA happens at the identity provider.",
        parameters: PERIOD,
        sql: `SELECT ${EVENT_TIME}, account, useridentity.type AS identity_type, ${PRINCIPAL}, sourceipaddress, useragent
FROM ${T}
WHERE ${IN_PERIOD}
  AND eventsource = 'signin.amazonaws.com' AND eventname = 'ConsoleLogin'
  AND useridentity.type IN ('IAMUser', 'Root')
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
  AND json_extract_scalar(additionaleventdata, '$.MFAUsed') <> 'Yes'
  AND json_extract_scalar(additionaleventdata, '$.SamlProviderArn') IS NULL
ORDER BY event_time DESC
LIMIT 1000`,
    },
    {
        name: "root-activity",
        // As the root-account-usage alarm: CIS 4.3 drops every event with invokedBy, but the console sets it
        // to signin.amazonaws.com on root's own console actions (creating access keys among them).
        description: "Everything the root user did itself, in the console or with keys, not through an AWS service (CIS 4.3), newest first.",
        parameters: PERIOD,
        sql: `SELECT ${EVENT_TIME}, account, awsregion, eventsource, eventname, errorcode, sourceipaddress, useragent
FROM ${T}
WHERE ${IN_PERIOD}
  AND useridentity.type = 'Root'
  AND (useridentity.invokedby IS NULL OR useridentity.invokedby = 'signin.amazonaws.com')
  AND eventtype <> 'AwsServiceEvent'
ORDER BY event_time DESC
LIMIT 1000`,
    },
    {
        name: "trail-stopped-or-changed",
        description: "Who created, changed, stopped, started or deleted a trail or its event selectors (CIS 4.5). The organization trail's calls are in the management account.",
        parameters: PERIOD,
        sql: `SELECT ${EVENT_TIME}, account, awsregion, eventname, ${PRINCIPAL}, sourceipaddress,
  json_extract_scalar(requestparameters, '$.name') AS trail, errorcode
FROM ${T}
WHERE ${IN_PERIOD}
  AND ${oneOf(TRAIL_CHANGE_CALLS)}
ORDER BY event_time DESC
LIMIT 1000`,
    },
    {
        name: "access-denied-by-principal",
        description: "Principals ranked by calls denied for lack of permission (CIS 4.1): stolen credentials and over-reaching automation show here first.",
        parameters: PERIOD,
        sql: `SELECT ${PRINCIPAL}, account, count(*) AS denied, count(DISTINCT eventname) AS distinct_calls,
  min(eventtime) AS first_seen, max(eventtime) AS last_seen
FROM ${T}
WHERE ${IN_PERIOD}
  AND (errorcode LIKE '%UnauthorizedOperation' OR errorcode LIKE 'AccessDenied%')
GROUP BY 1, 2
ORDER BY denied DESC
LIMIT 100`,
    },
    {
        name: "access-key-activity",
        description: "Everything one access key did, oldest first: the timeline of a leaked key. Run it in each account the key may have reached.",
        parameters: [...PERIOD, { name: "access key id", example: "'AKIAIOSFODNN7EXAMPLE'" }],
        sql: `SELECT ${EVENT_TIME}, account, awsregion, eventsource, eventname, errorcode, ${PRINCIPAL}, sourceipaddress, useragent
FROM ${T}
WHERE ${IN_PERIOD}
  AND useridentity.accesskeyid = ?
ORDER BY event_time
LIMIT 10000`,
    },
    {
        name: "activity-from-ip",
        description: "Everything called from one source IP address, oldest first.",
        parameters: [...PERIOD, { name: "source IP address", example: "'203.0.113.7'" }],
        sql: `SELECT ${EVENT_TIME}, account, awsregion, eventsource, eventname, errorcode, ${PRINCIPAL}, useragent
FROM ${T}
WHERE ${IN_PERIOD}
  AND sourceipaddress = ?
ORDER BY event_time
LIMIT 10000`,
    },
    {
        name: "security-group-and-iam-policy-changes",
        description: "Successful security-group changes (CIS 4.10) and IAM policy changes (CIS 4.4), with the request that made them, newest first.",
        parameters: PERIOD,
        sql: `SELECT ${EVENT_TIME}, account, awsregion, eventsource, eventname, ${PRINCIPAL}, sourceipaddress, requestparameters
FROM ${T}
WHERE ${IN_PERIOD}
  AND errorcode IS NULL
  AND (${oneOf(SECURITY_GROUP_CALLS)}
    OR ${oneOf(IAM_POLICY_CALLS)})
ORDER BY event_time DESC
LIMIT 1000`,
    },
    {
        name: "noisiest-api-callers",
        description: "The 20 principals that made the most calls in each account, with how many failed. Replace account = ? with account IN ('…', '…') to rank several accounts at once.",
        parameters: PERIOD,
        sql: `WITH calls AS (
  SELECT account, coalesce(useridentity.arn, useridentity.invokedby, useridentity.principalid) AS caller,
    count(*) AS calls, count_if(errorcode IS NOT NULL) AS failed
  FROM ${T}
  WHERE ${IN_PERIOD}
  GROUP BY 1, 2
), ranked AS (
  SELECT account, caller, calls, failed, rank() OVER (PARTITION BY account ORDER BY calls DESC) AS position
  FROM calls
)
SELECT account, position, caller, calls, failed
FROM ranked
WHERE position <= 20
ORDER BY account, position`,
    },
];
