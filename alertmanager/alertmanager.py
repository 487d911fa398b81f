"""Portal Universe Alertmanager: who gets paged, who gets a Slack message, and what is muted.

From the operations spec: group by alertname and job; group_wait 30s, group_interval 5m,
repeat_interval 4h; critical alerts page PagerDuty and, continuing, reach Slack; warnings go to
Slack #portal-alerts with the spec's title and text and resolved notifications; a critical alert
mutes the warning of the same alertname and job.

Changed from the spec, on purpose:
* The spec's critical route has `continue: true` but no later route matches critical, so
  Alertmanager sent critical alerts to PagerDuty only. The `critical|warning` Slack route
  below is what "continuing, to Slack" needs (the route tests prove it); it names info too,
  so every severity our rules may use has an explicit route.
* The spec wrote the Slack webhook URL and the PagerDuty key inline; they are read from files
  mounted next to Alertmanager (Kubernetes Secret or Docker secret), so no secret is in git or build/.
* `match:`/`source_match:` are deprecated: written as `matchers:`.
"""

from alertmanager._rule_alerts import rule_alerts
from monitoring_as_code.alertmanager import (
    AlertmanagerConfig,
    FiringSetTest,
    Global,
    InhibitionTest,
    InhibitRule,
    PagerdutyConfig,
    Receiver,
    Route,
    RouteTest,
    SlackConfig,
)
from monitoring_as_code.environment import setting_list

SECRETS_DIR = "/etc/alertmanager/secrets"

#: The spec's Slack message: alert name and status in the title, one line per alert in the text.
SLACK_TITLE = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.job }})'
SLACK_TEXT = """{{ range .Alerts }}*{{ .Annotations.summary }}*
{{ .Annotations.description }}
*Severity:* `{{ .Labels.severity }}`  *Service:* `{{ .Labels.job }}`{{ if .Annotations.runbook_url }}  <{{ .Annotations.runbook_url }}|Runbook>{{ end }}
{{ end }}"""

SLACK = Receiver(
    name="slack-notifications",
    slack_configs=[SlackConfig(channel="#portal-alerts", send_resolved=True, title=SLACK_TITLE, text=SLACK_TEXT)],
)
PAGERDUTY = Receiver(
    name="pagerduty-critical",
    pagerduty_configs=[PagerdutyConfig(
        routing_key_file=f"{SECRETS_DIR}/pagerduty-routing-key",
        send_resolved=True,
        description='{{ .CommonLabels.alertname }} on {{ .CommonLabels.job }}: {{ .CommonAnnotations.summary }}',
        severity="critical",
    )],
)

#: Whether critical alerts page the on-call in the selected environment (setup.cfg `critical_receivers`):
#: yes by default and in production, as in the spec; staging posts them to Slack only, so a
#: staging incident never pages anyone.
PAGES_ON_CALL = "pagerduty" in setting_list("critical_receivers", ("pagerduty", "slack"))

CONFIG = AlertmanagerConfig(
    global_=Global(resolve_timeout="5m", slack_api_url_file=f"{SECRETS_DIR}/slack-webhook-url"),
    route=Route(
        receiver=SLACK,
        group_by=["alertname", "job"],
        group_wait="30s",
        group_interval="5m",
        repeat_interval="4h",
        routes=[
            *([Route(receiver=PAGERDUTY, matchers=['severity="critical"'], continue_=True)] if PAGES_ON_CALL else []),
            Route(receiver=SLACK, matchers=['severity=~"critical|warning|info"']),
        ],
    ),
    receivers=[SLACK, PAGERDUTY] if PAGES_ON_CALL else [SLACK],
    inhibit_rules=[
        InhibitRule(
            source_matchers=['severity="critical"'], target_matchers=['severity="warning"'], equal=["alertname", "job"],
        ),
    ],
)

#: What each severity must reach, in the order Alertmanager notifies.
EXPECTED_RECEIVERS = {
    "critical": [PAGERDUTY.name, SLACK.name] if PAGES_ON_CALL else [SLACK.name],
    "warning": [SLACK.name],
}

SEVERITY_TESTS = [
    RouteTest({"alertname": "Any", "severity": "critical", "job": "api-gateway"}, EXPECTED_RECEIVERS["critical"],
              name="critical pages PagerDuty and continues to Slack" if PAGES_ON_CALL
              else "critical goes to Slack only (this environment pages no one)"),
    RouteTest({"alertname": "Any", "severity": "warning", "job": "api-gateway"}, EXPECTED_RECEIVERS["warning"],
              name="warning goes to Slack only"),
    RouteTest({"alertname": "Any", "severity": "info"}, [SLACK.name], name="other severities fall back to Slack"),
    RouteTest({"alertname": "Any"}, [SLACK.name], name="an alert without severity falls back to Slack"),
    RouteTest({"alertname": "Any", "severity": "Critical"}, [SLACK.name],
              name="severity matching is case-sensitive: Critical does not page"),
]

#: One test per alert of rules/, from the alert's own labels.
ALERT_TESTS = [
    RouteTest({"alertname": rule.alert, "job": "api-gateway", **rule.labels},
              EXPECTED_RECEIVERS.get(rule.labels.get("severity"), [SLACK.name]),
              name=f"{rule.alert} ({rule.labels.get('severity', 'no severity')}) routing")
    for rule in rule_alerts()
]

INHIBITION_TESTS = [
    InhibitionTest({"alertname": "HighErrorRate", "severity": "critical", "job": "api-gateway"},
                   {"alertname": "HighErrorRate", "severity": "warning", "job": "api-gateway"},
                   inhibited=True, name="critical mutes the warning of the same alert and job"),
    InhibitionTest({"alertname": "HighErrorRate", "severity": "critical", "job": "api-gateway"},
                   {"alertname": "HighErrorRate", "severity": "warning", "job": "auth-service"},
                   inhibited=False, name="another job's warning is not muted"),
    InhibitionTest({"alertname": "ServiceDown", "severity": "critical", "job": "api-gateway"},
                   {"alertname": "HighErrorRate", "severity": "warning", "job": "api-gateway"},
                   inhibited=False, name="another alert's warning is not muted"),
    InhibitionTest({"alertname": "HighErrorRate", "severity": "warning", "job": "api-gateway"},
                   {"alertname": "HighErrorRate", "severity": "critical", "job": "api-gateway"},
                   inhibited=False, name="a warning never mutes a critical"),
    InhibitionTest({"alertname": "HighErrorRate", "severity": "critical", "job": "api-gateway"},
                   {"alertname": "HighErrorRate", "severity": "critical", "job": "api-gateway", "instance": "b"},
                   inhibited=False, name="a critical never mutes another critical"),
]

_DOWN_CRITICAL = {"alertname": "ServiceDown", "severity": "critical", "job": "api-gateway", "instance": "api-gateway"}
_DOWN_WARNING = {**_DOWN_CRITICAL, "severity": "warning"}
_ERRORS_WARNING = {"alertname": "HighErrorRate", "severity": "warning", "job": "api-gateway"}

#: The end-to-end test's scenario: only the warning sharing the critical's alertname and job is muted.
FIRING_SET_TESTS = [
    FiringSetTest([_DOWN_CRITICAL, _ERRORS_WARNING, _DOWN_WARNING], muted=[_DOWN_WARNING],
                  name="api-gateway down: its warning twin is muted, its error-rate warning is not"),
]
