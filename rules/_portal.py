"""Portal Universe conventions shared by the rule files: links, annotations and rule-test helpers.

Alertmanager groups and inhibits by ``alertname`` and ``job``, so every alert keeps ``job``.
"""

from __future__ import annotations

from monitoring_as_code.environment import setting
from monitoring_as_code.prometheus import AlertExpectation, AlertingRule, ExpectedAlert, RuleTest, Series
from monitoring_as_code.prometheus.durations import duration_ms, format_duration

#: The selected environment's Grafana (setup.cfg grafana_url), so alert links open the right one.
GRAFANA_URL = setting("grafana_url", "https://grafana.portal-universe.example")
RUNBOOK_URL = "https://runbooks.portal-universe.example/alerts"

#: Grafana dashboards (uids of dashboards/): where each alert is investigated.
SERVICE_DETAIL = "pu-service-detail"
SERVICE_OVERVIEW = "pu-service-overview"
DATASTORES = "pu-datastores"
BUSINESS = "pu-business"


def annotations(alert: str, summary: str, description: str, dashboard: str) -> dict[str, str]:
    """summary, description, runbook_url and a Grafana link filtered to the alert's job."""
    return {
        "summary": summary,
        "description": description,
        "runbook_url": f"{RUNBOOK_URL}/{alert}",
        "dashboard": f"{GRAFANA_URL}/d/{dashboard}?var-job={{{{ $labels.job }}}}",
    }


def rendered(rule: AlertingRule, labels: dict[str, str], summary: str, description: str) -> ExpectedAlert:
    """The alert ``rule`` fires with ``labels`` (the expression's), its own labels added and links rendered."""
    dashboard = rule.annotations["dashboard"].replace("{{ $labels.job }}", labels["job"])
    return ExpectedAlert(
        labels={**labels, **rule.labels},
        annotations={
            "summary": summary,
            "description": description,
            "runbook_url": rule.annotations["runbook_url"],
            "dashboard": dashboard,
        },
    )


def lifecycle_tests(
    rule: AlertingRule,
    firing: list[Series],
    expected: ExpectedAlert,
    quiet: dict[str, list[Series]],
    true_from: str = "0m",
) -> list[RuleTest]:
    """The three tests every alert gets.

    :param rule: the alert
    :param firing: series that make the expression true from ``true_from`` on
    :param expected: the alert as it fires on ``firing``
    :param quiet: test name -> series on which the alert must stay silent
    :param true_from: first evaluation at which the expression is true (``1m`` when a rate needs two samples)
    """
    start = duration_ms(true_from)
    fires_at = format_duration(start + duration_ms(rule.for_ or "0s"))
    still_pending = format_duration(start + duration_ms(rule.for_ or "0s") - 60_000)
    tests = [
        RuleTest(
            f"{rule.alert} fires after {rule.for_}",
            firing,
            alerts=[AlertExpectation("20m", rule.alert, [expected])],
            rules=None,
        ),
        RuleTest(
            f"{rule.alert} is only pending until {rule.for_} have passed",
            firing,
            alerts=[
                AlertExpectation(still_pending, rule.alert, []),
                AlertExpectation(fires_at, rule.alert, [expected]),
            ],
        ),
    ]
    for name, series in quiet.items():
        tests.append(RuleTest(f"{rule.alert} stays silent {name}", series, alerts=[AlertExpectation("20m", rule.alert, [])]))
    return tests
