"""alerts/*: each check ignores other kinds, stays quiet on good rules, and reports at the right place."""

import pytest
from check_harness import rules, where

GOOD = rules(
    """
- alert: HighErrorRate
  expr: sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05
  for: 10m
  labels:
    severity: critical
  annotations:
    summary: "{{ $labels.job }} errors"
    description: "{{ $labels.job }} serves {{ $value | humanizePercentage }} errors"
    runbook_url: https://runbooks.example/HighErrorRate
"""
)
DASHBOARD = '{"panels": [{"type": "timeseries", "targets": [{"expr": "up > 1"}]}]}'

CASES = [
    # alerts/for
    ("alerts/for", [("grafana/dashboard", DASHBOARD)], []),
    ("alerts/for", [("prometheus/rules", GOOD)], []),
    ("alerts/for", [("prometheus/rules", rules("- alert: A\n  expr: up == 0\n"))], [("groups[0].rules[0]", 4)]),
    ("alerts/for", [("prometheus/rules", rules("- alert: A\n  expr: up == 0\n  for: 0s\n"))], [("groups[0].rules[0].for", 6)]),
    ("alerts/for", [("prometheus/rules", rules("- alert: A\n  expr: absent(up{job=\"x\"})\n"))], []),
    ("alerts/for", [("prometheus/rules", rules("- record: a:b:c\n  expr: up > 0\n"))], []),
    (
        "alerts/for",
        [("prometheus/rules", rules("- alert: Burn\n  expr: (a:r:rate1h > 14.4 * 0.001 and a:r:rate5m > 14.4 * 0.001) or b > 1\n"))],
        [],
    ),
    # alerts/annotations
    ("alerts/annotations", [("grafana/dashboard", DASHBOARD)], []),
    ("alerts/annotations", [("prometheus/rules", GOOD)], []),
    (
        "alerts/annotations",
        [("prometheus/rules", rules("- alert: A\n  expr: up == 0\n  annotations:\n    summary: down\n    description: ''\n"))],
        [("groups[0].rules[0].annotations", 6), ("groups[0].rules[0].annotations.description", 8)],
    ),
    (
        "alerts/annotations",
        [("prometheus/rules", rules("- alert: A\n  expr: up == 0\n  annotations:\n    summary: s\n    description: d\n    runbook_url: wiki/A\n"))],
        [("groups[0].rules[0].annotations.runbook_url", 9)],
    ),
    ("alerts/annotations", [("prometheus/rules", rules("- alert: A\n  expr: up == 0\n"))], [("groups[0].rules[0]", 4)] * 3),
    # alerts/labels
    ("alerts/labels", [("grafana/dashboard", DASHBOARD)], []),
    ("alerts/labels", [("prometheus/rules", GOOD)], []),
    ("alerts/labels", [("prometheus/rules", rules("- alert: A\n  expr: up == 0\n"))], [("groups[0].rules[0]", 4)]),
    (
        "alerts/labels",
        [("prometheus/rules", rules("- alert: A\n  expr: up == 0\n  labels:\n    severity: page\n"))],
        [("groups[0].rules[0].labels.severity", 7)],
    ),
    # alerts/template
    ("alerts/template", [("grafana/dashboard", DASHBOARD)], []),
    ("alerts/template", [("prometheus/rules", GOOD)], []),
    (
        "alerts/template",
        [("prometheus/rules", rules(
            "- alert: A\n  expr: sum by (job) (rate(x_total[5m])) > 1\n  annotations:\n"
            "    summary: '{{ $labels.instance }} on {{ $labels.job }}'\n"))],
        [("groups[0].rules[0].annotations.summary", 7)],
    ),
    (
        "alerts/template",
        [("prometheus/rules", rules(
            "- alert: A\n  expr: sum(x_total) / on() group_left(team) y > 1\n  annotations:\n"
            "    summary: '{{ $labels.team }}'\n"))],
        [],
    ),
    (
        "alerts/template",
        [("prometheus/rules", rules(
            "- alert: A\n  expr: job:errors:rate5m > 1\n  labels:\n    owner: '{{ $labels.instance }}'\n"
            "- record: job:errors:rate5m\n  expr: sum by (job) (rate(errors_total[5m]))\n"))],
        [("groups[0].rules[0].labels.owner", 7)],
    ),
    (
        "alerts/template",
        [("prometheus/rules", rules("- alert: A\n  expr: absent(up{job=\"a\"})\n  annotations:\n    summary: '{{ $labels.instance }}'\n"))],
        [],
    ),
    # alerts/absent
    ("alerts/absent", [("grafana/dashboard", DASHBOARD)], []),
    ("alerts/absent", [("prometheus/rules", GOOD)], []),
    (
        "alerts/absent",
        [("prometheus/rules", rules("- alert: A\n  expr: absent(up{job=\"a\"})\n  annotations:\n    summary: '{{ $labels.job }}'\n"))],
        [],
    ),
    (
        "alerts/absent",
        [("prometheus/rules", rules(
            "- alert: A\n  expr: absent(up{job=\"a\", instance=~\"x.*\"})\n  annotations:\n"
            "    summary: '{{ $labels.job }} {{ $labels.instance }}'\n"))],
        [("groups[0].rules[0].annotations.summary", 7)],
    ),
    # alerts/condition
    ("alerts/condition", [("grafana/dashboard", DASHBOARD)], []),
    ("alerts/condition", [("prometheus/rules", GOOD)], []),
    ("alerts/condition", [("prometheus/rules", rules("- alert: Watchdog\n  expr: vector(1)\n"))], []),
    ("alerts/condition", [("prometheus/rules", rules("- alert: A\n  expr: up and on() (time() > 0)\n"))], []),
    ("alerts/condition", [("prometheus/rules", rules("- alert: A\n  expr: count(up == 0) by (job)\n"))], []),
    ("alerts/condition", [("prometheus/rules", rules("- alert: A\n  expr: rate(errors_total[5m])\n"))], [("groups[0].rules[0].expr", 5)]),
    ("alerts/condition", [("prometheus/rules", rules("- alert: A\n  expr: up > bool 0\n"))], [("groups[0].rules[0].expr", 5)]),
    (
        "alerts/condition",
        [("prometheus/rules", rules("- alert: A\n  expr: job:x:ratio\n- record: job:x:ratio\n  expr: sum by (job) (x)\n"))],
        [("groups[0].rules[0].expr", 5)],
    ),
    (
        "alerts/condition",
        [("prometheus/rules", rules("- alert: A\n  expr: job:x:high\n- record: job:x:high\n  expr: sum by (job) (x) > 1\n"))],
        [],
    ),
    ("alerts/condition", [("prometheus/rules", rules("- alert: A\n  expr: other:recorded:elsewhere\n"))], []),
    # alerts/for-interval
    ("alerts/for-interval", [("grafana/dashboard", DASHBOARD)], []),
    ("alerts/for-interval", [("prometheus/rules", GOOD)], []),
    ("alerts/for-interval", [("prometheus/rules", rules("- alert: A\n  expr: up == 0\n  for: 30s\n"))], [("groups[0].rules[0].for", 6)]),
    ("alerts/for-interval", [("prometheus/rules", rules("- alert: A\n  expr: up == 0\n  for: 30s\n", interval="15s"))], []),
    (
        "alerts/for-interval",
        [("prometheus/rules", rules("- alert: A\n  expr: up == 0\n  for: 1m\n", interval="2m"))],
        [("groups[0].rules[0].for", 7)],
    ),
    # alerts/template-syntax
    ("alerts/template-syntax", [("prometheus/rules", GOOD.replace("$labels.job }} errors", "$label.job }} errors"))], []),
    ("alerts/template-syntax", [("loki/rules", GOOD)], []),
    (
        "alerts/template-syntax",
        [("loki/rules", rules(
            "- alert: A\n  expr: up == 0\n  annotations:\n    summary: '{{ $label.job }} {{ $value | humanise }}'\n"
            "    description: '{{ if gt $value 1.0 }}high'\n    runbook_url: '{{ $labels.job }'\n"))],
        [("groups[0].rules[0].annotations.summary", 7)] * 2
        + [("groups[0].rules[0].annotations.description", 8), ("groups[0].rules[0].annotations.runbook_url", 9)],
    ),
    (
        "alerts/template-syntax",
        [("loki/rules", rules(
            "- alert: A\n  expr: up == 0\n  annotations:\n"
            "    summary: '{{ range $i, $v := query \"up\" }}{{ $v | value }}{{ end }} {{ with $x := 1 }}{{ $x }}{{ end }}'\n"))],
        [],
    ),
    # alerts/value-label
    ("alerts/value-label", [("grafana/dashboard", DASHBOARD)], []),
    ("alerts/value-label", [("prometheus/rules", GOOD)], []),
    (
        "alerts/value-label",
        [("prometheus/rules", rules("- alert: A\n  expr: up == 0\n  labels:\n    current: '{{ $value }}'\n"))],
        [("groups[0].rules[0].labels.current", 7)],
    ),
]


def _id(case):
    name, _docs, expected = case
    return f"{name}:{'reports' if expected else 'quiet'}"


@pytest.mark.parametrize("name,docs,expected", CASES, ids=[f"{i:02d}-{_id(c)}" for i, c in enumerate(CASES)])
def test_alert_checks(run_check, name, docs, expected):
    assert where(run_check(name, *docs)) == expected


def test_messages_name_the_alert_and_the_missing_label(run_check):
    [problem] = run_check(
        "alerts/template",
        ("prometheus/rules", rules("- alert: ByJob\n  expr: sum by (job) (x) > 1\n  annotations:\n    summary: '{{ $labels.pod }}'\n")),
    )
    assert "'ByJob'" in problem.message and "$labels.pod" in problem.message and "job" in problem.message
    assert "by (job, pod)" in problem.hint


def test_configured_severities_and_annotations(run_check):
    text = rules("- alert: A\n  expr: up == 0\n  labels:\n    severity: page\n  annotations:\n    summary: s\n")
    settings = {"severities": "page ticket", "required_annotations": "summary"}
    assert run_check("alerts/labels", ("prometheus/rules", text), settings=settings) == []
    assert run_check("alerts/annotations", ("prometheus/rules", text), settings=settings) == []


def test_evaluation_interval_from_prometheus_config(run_check):
    config = "global:\n  evaluation_interval: 2m\n"
    text = rules("- alert: A\n  expr: up == 0\n  for: 1m\n")
    found = run_check("alerts/for-interval", ("prometheus/rules", text), ("prometheus/config", config))
    assert where(found) == [("groups[0].rules[0].for", 6)] and "2m" in found[0].message


def test_prometheus_rule_custom_resource(run_check):
    text = """\
    apiVersion: monitoring.coreos.com/v1
    kind: PrometheusRule
    metadata:
      name: x
    spec:
      groups:
        - name: g
          rules:
            - alert: A
              expr: up == 0
    """
    assert where(run_check("alerts/for", ("prometheus/rules", text))) == [("spec.groups[0].rules[0]", 9)]


def test_loki_ruler_alerts_are_checked_like_prometheus_alerts(run_check):
    text = rules('- alert: Errors\n  expr: sum(rate({app="api"} |= "error" [5m])) > 1\n  labels:\n    severity: page\n')
    assert len(run_check("alerts/annotations", ("loki/rules", text))) == 3
    # severity of Loki rules is the Loki target's loki/rule-severity: not reported twice
    assert run_check("alerts/labels", ("loki/rules", text)) == []
