"""rule/*: single-rule checks and the cross-document ones (duplicates, missing and unused series)."""

import json

import pytest
from check_harness import rules, where

RECORD = rules("- record: job:http_requests:rate5m\n  expr: sum by (job) (rate(http_requests_total[5m]))\n")
READER = rules("- alert: A\n  expr: job:http_requests:rate5m > 100\n  for: 5m\n")
TYPO = rules("- alert: A\n  expr: job:http_request:rate5m > 100\n  for: 5m\n")
DASHBOARD_OK = json.dumps({"panels": [{"type": "stat", "targets": [{"expr": "job:http_requests:rate5m"}]}]}, indent=2)
DASHBOARD_TYPO = json.dumps({"panels": [{"type": "stat", "targets": [{"expr": "sum(job:http_request:rate5m)"}]}]}, indent=2)
DASHBOARD_OTHER = json.dumps({"panels": [{"type": "stat", "targets": [{"expr": "up"}]}]}, indent=2)
PROM_CONFIG = "global:\n  external_labels:\n    cluster: eu1\n"
ALERTMANAGER = "route:\n  receiver: r\nreceivers:\n  - name: r\n"

CASES = [
    # rule/duplicate
    ("rule/duplicate", [("alertmanager/config", ALERTMANAGER)], []),
    ("rule/duplicate", [("prometheus/rules", RECORD), ("prometheus/rules", READER)], []),
    ("rule/duplicate", [("prometheus/rules", RECORD + RECORD.split("rules:\n", 1)[1])], []),  # one file: rules/duplicate-rule
    ("rule/duplicate", [("prometheus/rules", RECORD), ("prometheus/rules", RECORD)], [("groups[0].rules[0]", 4)]),
    (
        "rule/duplicate",
        [("prometheus/rules", READER), ("prometheus/rules", READER.replace("> 100", ">100"))],
        [("groups[0].rules[0]", 4)],
    ),
    ("rule/duplicate", [("prometheus/rules", READER), ("prometheus/rules", READER.replace("> 100", "> 200"))], []),
    # rule/name
    ("rule/name", [("alertmanager/config", ALERTMANAGER)], []),
    ("rule/name", [("prometheus/rules", RECORD)], []),
    ("rule/name", [("prometheus/rules", rules("- record: http_requests_rate5m\n  expr: rate(x_total[5m])\n"))], [("groups[0].rules[0].record", 4)]),
    ("rule/name", [("prometheus/rules", rules("- record: job:http_requests\n  expr: rate(x_total[5m])\n"))], [("groups[0].rules[0].record", 4)]),
    # rule/record-template
    ("rule/record-template", [("alertmanager/config", ALERTMANAGER)], []),
    ("rule/record-template", [("prometheus/rules", READER.replace("  for: 5m", "  labels:\n    x: '{{ $labels.job }}'"))], []),
    (
        "rule/record-template",
        [("prometheus/rules", RECORD + "        labels:\n          team: '{{ $labels.owner }}'\n")],
        [("groups[0].rules[0].labels.team", 7)],
    ),
    # rule/external-labels
    ("rule/external-labels", [("prometheus/config", PROM_CONFIG)], []),
    ("rule/external-labels", [("prometheus/rules", RECORD + "        labels:\n          cluster: eu1\n")], []),  # no config, no collision
    (
        "rule/external-labels",
        [("prometheus/rules", RECORD + "        labels:\n          cluster: eu1\n"), ("prometheus/config", PROM_CONFIG)],
        [("groups[0].rules[0].labels.cluster", 7)],
    ),
    # rule/missing
    ("rule/missing", [("grafana/dashboard", DASHBOARD_TYPO)], []),  # no rule files in the run: nothing can be missing
    ("rule/missing", [("prometheus/rules", RECORD), ("prometheus/rules", READER)], []),
    ("rule/missing", [("prometheus/rules", RECORD), ("prometheus/rules", TYPO)], [("groups[0].rules[0].expr", 5)]),
    # rule/unused
    ("rule/unused", [("prometheus/rules", RECORD)], []),  # no dashboards in the run: usage unknown
    ("rule/unused", [("prometheus/rules", RECORD), ("grafana/dashboard", DASHBOARD_OK)], []),
    ("rule/unused", [("prometheus/rules", RECORD), ("prometheus/rules", READER), ("grafana/dashboard", DASHBOARD_OTHER)], []),
    ("rule/unused", [("prometheus/rules", RECORD), ("grafana/dashboard", DASHBOARD_OTHER)], [("groups[0].rules[0].record", 4)]),
    # dashboard/recording-rule
    ("dashboard/recording-rule", [("grafana/dashboard", DASHBOARD_TYPO)], []),
    ("dashboard/recording-rule", [("prometheus/rules", RECORD), ("grafana/dashboard", DASHBOARD_OK)], []),
    ("dashboard/recording-rule", [("prometheus/rules", RECORD), ("grafana/dashboard", DASHBOARD_TYPO)], [("panels[0].targets[0].expr", 7)]),
]


@pytest.mark.parametrize("name,docs,expected", CASES, ids=[f"{i:02d}-{c[0]}:{'reports' if c[2] else 'quiet'}" for i, c in enumerate(CASES)])
def test_rule_checks(run_check, name, docs, expected):
    assert where(run_check(name, *docs)) == expected


def test_missing_suggests_the_close_name_and_external_rules_are_allowed(run_check):
    [problem] = run_check("rule/missing", ("prometheus/rules", RECORD), ("prometheus/rules", TYPO))
    assert "did you mean `job:http_requests:rate5m`" in problem.message
    settings = {"external_recording_rules": "job:http_request:.*"}
    assert run_check("rule/missing", ("prometheus/rules", RECORD), ("prometheus/rules", TYPO), settings=settings) == []


def test_duplicate_points_at_the_first_definition(run_check):
    [problem] = run_check("rule/duplicate", ("prometheus/rules", RECORD, "a.yml"), ("prometheus/rules", RECORD, "b.yml"))
    assert problem.location.file == "b.yml" and "a.yml:4" in problem.message
