"""logql/selector and promtail/labels."""

import json

import pytest
from check_harness import where

PROMTAIL = """\
scrape_configs:
  - job_name: app
    pipeline_stages:
      - json:
          expressions: {level: level, user_id: user.id, traceID: trace_id, method: req.method}
      - labels:
          level:
          method:
      - match:
          selector: '{app="api"}'
          stages:
            - labels:
                trace: traceID
"""
LOKI_RULES = """\
groups:
  - name: logs
    rules:
      - alert: Errors
        expr: sum(rate({app="api"} |= "error" [5m])) > 1
      - alert: Everything
        expr: sum(count_over_time({app=~".*"} [5m])) > 1
      - alert: Scan
        expr: sum(count_over_time({app=~".+", namespace!="kube-system"} |= "x" [5m])) > 1
"""
RULES = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up{job=~\".*\"} == 0\n"


def dashboard(expr: str, ds: str = "loki") -> str:
    return json.dumps({"panels": [{"type": "logs", "datasource": {"type": ds, "uid": "x"}, "targets": [{"expr": expr}]}]}, indent=2)


CASES = [
    ("logql/selector", [("prometheus/rules", RULES)], []),
    ("logql/selector", [("loki/rules", LOKI_RULES)], [("groups[0].rules[1].expr", 7), ("groups[0].rules[2].expr", 9)]),
    ("logql/selector", [("grafana/dashboard", dashboard('{app="$app"} |= "x"'))], []),
    ("logql/selector", [("grafana/dashboard", dashboard('{} |= "x"'))], [("panels[0].targets[0].expr", 11)]),
    ("logql/selector", [("grafana/dashboard", dashboard('up{job=~".*"}', ds="prometheus"))], []),
    ("promtail/labels", [("loki/rules", LOKI_RULES)], []),
    ("promtail/labels", [("promtail/config", PROMTAIL.replace("user_id: user.id, traceID: trace_id, ", "").split("      - match:")[0])], []),
    (
        "promtail/labels",
        [("promtail/config", PROMTAIL.replace("          method:\n", "          method:\n          user_id:\n"))],
        [("scrape_configs[0].pipeline_stages[1].labels.user_id", 9), ("scrape_configs[0].pipeline_stages[2].match.stages[0].labels.trace", 14)],
    ),
]


@pytest.mark.parametrize("name,docs,expected", CASES, ids=[f"{i:02d}-{c[0]}:{'reports' if c[2] else 'quiet'}" for i, c in enumerate(CASES)])
def test_log_checks(run_check, name, docs, expected):
    assert where(run_check(name, *docs)) == expected


def test_selector_severity(run_check):
    found = run_check("logql/selector", ("loki/rules", LOKI_RULES))
    assert [str(p.severity) for p in found] == ["bug", "warning"]
