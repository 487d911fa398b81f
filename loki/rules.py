"""Portal Universe log alerts, evaluated by Loki's ruler (tenant ``fake``: auth is off).

Per service, the rate of ERROR lines: a warning when it is sustained, critical when it surges.
The result keeps ``job`` (and ``service``), so Alertmanager routes by ``severity`` (critical to
PagerDuty and Slack, warning to Slack) and its inhibit rule (same ``alertname`` and ``job``)
silences the warning while the critical fires.
"""

from dashboards._inventory import SERVICES
from monitoring_as_code.loki import LokiAlertingRule, LokiRuleFile, LokiRuleGroup
from rules._portal import SERVICE_DETAIL, annotations

ALERT = "HighErrorLogRate"
#: errors per second: (warning, critical); the gateway logs every failed upstream call, so more
THRESHOLDS = {service: (0.5, 5.0) if service == "api-gateway" else (0.1, 1.0) for service in SERVICES}


def error_rate(service: str) -> str:
    """ERROR lines per second of ``service`` over 5 minutes, by job and service."""
    return f'sum by (job, service) (rate({{job="{service}"}} |~ `\\bERROR\\b` [5m]))'


def _rule(service: str, severity: str, threshold: float, duration: str) -> LokiAlertingRule:
    return LokiAlertingRule(
        alert=ALERT,
        expr=f"{error_rate(service)} > {threshold:g}",
        for_=duration,
        labels={"severity": severity},
        annotations=annotations(
            ALERT,
            summary=f"{{{{ $labels.job }}}} logs more than {threshold:g} errors/s",
            description="{{ $labels.job }} has logged {{ $value | humanize }} ERROR lines per second for "
                        f"{duration}. Open its logs in Grafana (Loki) and follow the trace ids to Zipkin.",
            dashboard=SERVICE_DETAIL,
        ),
    )


LOG_ALERTS = LokiRuleFile(
    name="portal-universe-logs",
    tenant="fake",
    groups=[
        LokiRuleGroup(
            name="log-errors",
            interval="1m",
            rules=[rule for service in SERVICES for rule in (
                _rule(service, "warning", THRESHOLDS[service][0], "10m"),
                _rule(service, "critical", THRESHOLDS[service][1], "5m"),
            )],
        ),
    ],
)
