"""dashboard/*: Grafana dashboard JSON, rows and nested panels included, variables substituted."""

import json

import pytest
from check_harness import where

RULES = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x[1m]) > 1\n"


def dashboard(*panels, variables=()) -> str:
    data = {"panels": list(panels), "templating": {"list": [{"name": v, "type": "query"} for v in variables]}}
    return json.dumps(data, indent=2)


def panel(type_="timeseries", expr="rate(x_total[$__rate_interval])", unit="reqps", **extra):
    data = {"type": type_, "title": "P", "targets": [{"expr": expr, "refId": "A"}]}
    if unit:
        data["fieldConfig"] = {"defaults": {"unit": unit}}
    data.update(extra)
    return data


GOOD = dashboard(panel(datasource={"type": "prometheus", "uid": "prom"}))

CASES = [
    # dashboard/unit
    ("dashboard/unit", [("prometheus/rules", RULES)], []),
    ("dashboard/unit", [("grafana/dashboard", GOOD)], []),
    ("dashboard/unit", [("grafana/dashboard", dashboard(panel(unit=None)))], [("panels[0]", 3)]),
    (
        "dashboard/unit",
        [("grafana/dashboard", dashboard({"type": "row", "panels": [panel(type_="stat", unit=None)]}))],
        [("panels[0].panels[0]", 6)],
    ),
    ("dashboard/unit", [("grafana/dashboard", dashboard(panel(type_="text", unit=None)))], []),
    (
        "dashboard/unit",
        [("grafana/dashboard", dashboard(panel(type_="stat", unit=None, fieldConfig={"defaults": {"mappings": [{"type": "value"}]}})))],
        [],
    ),
    # dashboard/rate-interval
    ("dashboard/rate-interval", [("prometheus/rules", RULES)], []),
    ("dashboard/rate-interval", [("grafana/dashboard", GOOD)], []),
    ("dashboard/rate-interval", [("grafana/dashboard", dashboard(panel(expr="increase(x_total[1h])")))], []),
    ("dashboard/rate-interval", [("grafana/dashboard", dashboard(panel(expr="rate(x_total[5m])")))], [("panels[0].targets[0].expr", 8)]),
    ("dashboard/rate-interval", [("grafana/dashboard", dashboard(panel(expr="irate(x_total[$__interval])")))], [("panels[0].targets[0].expr", 8)]),
    # dashboard/datasource
    ("dashboard/datasource-name", [("prometheus/rules", RULES)], []),
    ("dashboard/datasource-name", [("grafana/dashboard", GOOD)], []),
    ("dashboard/datasource-name", [("grafana/dashboard", dashboard(panel(datasource="$ds"), variables=["ds"]))], []),
    ("dashboard/datasource-name", [("grafana/dashboard", dashboard(panel(datasource="-- Grafana --")))], []),
    ("dashboard/datasource-name", [("grafana/dashboard", dashboard(panel(datasource="Prometheus")))], [("panels[0].datasource", 17)]),
    ("dashboard/datasource-name", [("grafana/dashboard", dashboard(panel(datasource={"type": "prometheus"})))], [("panels[0].datasource", 17)]),
    # dashboard/deprecated-panel
    ("dashboard/deprecated-panel", [("prometheus/rules", RULES)], []),
    ("dashboard/deprecated-panel", [("grafana/dashboard", GOOD)], []),
    ("dashboard/deprecated-panel", [("grafana/dashboard", dashboard(panel(type_="graph")))], [("panels[0].type", 4)]),
    ("dashboard/deprecated-panel", [("grafana/dashboard", dashboard(panel(type_="singlestat")))], [("panels[0].type", 4)]),
]


@pytest.mark.parametrize("name,docs,expected", CASES, ids=[f"{i:02d}-{c[0]}:{'reports' if c[2] else 'quiet'}" for i, c in enumerate(CASES)])
def test_dashboard_checks(run_check, name, docs, expected):
    assert where(run_check(name, *docs)) == expected


def test_promql_checks_read_dashboards_with_variables_substituted(run_check):
    text = dashboard(panel(expr='sum by (job) (rate(x_total{job=~"$job"}[$__rate_interval])) / on() group_left $scale'), variables=["job", "scale"])
    for name in ("promql/regexp", "promql/range", "promql/rate", "dashboard/rate-interval"):
        assert run_check(name, ("grafana/dashboard", text)) == [], name


def test_loki_panels_are_not_read_as_promql(run_check):
    loki = panel(expr='sum(rate({app="api"} |= "error" [5m]))', datasource={"type": "loki", "uid": "loki"})
    guessed = panel(expr='count_over_time({app="api"} | json [1m])')
    assert run_check("dashboard/rate-interval", ("grafana/dashboard", dashboard(loki, guessed))) == []
