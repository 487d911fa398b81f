"""`mac check` on plain rule files: every kind of broken file is rejected at its file:line with a hint."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass

import pytest
from rules_harness import ours

REAL = os.path.join(os.path.dirname(__file__), "..", "data", "rules", "real")


@dataclass
class Case:
    description: str
    text: str
    check: str
    line: int
    message: str  # a fragment of the message
    severity: str = "bug"


BROKEN = [
    Case("PromQL syntax error", """
        groups:
        - name: g
          rules:
          - alert: A
            expr: sum(rate(x[5m])
        """, "promql/syntax", 5, "unclosed left parenthesis"),
    Case("PromQL type error", """
        groups:
        - name: g
          rules:
          - record: job:x:rate5m
            expr: rate(x)
        """, "promql/syntax", 5, "expected type matrix"),
    Case("function newer than the target Prometheus", """
        groups:
        - name: g
          rules:
          - record: job:x:sorted
            expr: sort_by_label(x, "job")
        """, "promql/version", 5, "sort_by_label"),
    Case("bad duration in for", """
        groups:
        - name: g
          rules:
          - alert: A
            expr: up == 0
            for: 5 minutes
        """, "rules/duration", 6, "not a valid duration"),
    Case("units out of order", """
        groups:
        - name: g
          interval: 1m1h
          rules: []
        """, "rules/duration", 3, "1m1h"),
    Case("duration without unit", """
        groups:
        - name: g
          rules:
          - alert: A
            expr: up == 0
            keep_firing_for: 5
        """, "rules/duration", 6, "'5'"),
    Case("duplicate group", """
        groups:
        - name: g
          rules: []
        - name: g
          rules: []
        """, "rules/duplicate-group", 4, "repeated"),
    Case("missing expr", """
        groups:
        - name: g
          rules:
          - alert: A
            for: 5m
        """, "rules/shape", 4, "'expr' must be set"),
    Case("neither alert nor record", """
        groups:
        - name: g
          rules:
          - expr: up
        """, "rules/shape", 4, "one of 'record' or 'alert'"),
    Case("both alert and record", """
        groups:
        - name: g
          rules:
          - alert: A
            record: a:b
            expr: up
        """, "rules/shape", 5, "only one of"),
    Case("unclosed template action", """
        groups:
        - name: g
          rules:
          - alert: A
            expr: up == 0
            annotations:
              summary: "{{ $labels.job is down"
        """, "rules/template", 7, "unclosed action"),
    Case("unknown template function", """
        groups:
        - name: g
          rules:
          - alert: A
            expr: up == 0
            annotations:
              summary: "{{ $value | humanise }}"
        """, "rules/template", 7, "humanise"),
    Case("undefined template variable", """
        groups:
        - name: g
          rules:
          - alert: A
            expr: up == 0
            labels:
              owner: "{{ $label.team }}"
        """, "rules/template", 7, "undefined variable"),
    Case("if without end", """
        groups:
        - name: g
          rules:
          - alert: A
            expr: up == 0
            annotations:
              summary: "{{ if gt $value 1.0 }}high"
        """, "rules/template", 7, "EOF"),
    Case("bad label name", """
        groups:
        - name: g
          rules:
          - alert: A
            expr: up == 0
            labels:
              team-name: platform
        """, "rules/name", 7, "invalid label name"),
    Case("bad recording rule name", """
        groups:
        - name: g
          rules:
          - record: job-requests-rate
            expr: sum(up)
        """, "rules/name", 4, "invalid recording rule name"),
    Case("recording rule name without level:metric:operations", """
        groups:
        - name: g
          rules:
          - record: requests_total_rate
            expr: sum(rate(requests_total[5m]))
        """, "rule/name", 4, "level:metric:operations", "warning"),
    Case("unknown rule field", """
        groups:
        - name: g
          rules:
          - alert: A
            expr: up == 0
            severity: critical
        """, "rules/unknown-field", 6, "severity"),
    Case("unknown group field (misspelt)", """
        groups:
        - name: g
          intervall: 1m
          rules: []
        """, "rules/unknown-field", 3, "intervall"),
    Case("annotations in a recording rule", """
        groups:
        - name: g
          rules:
          - record: job:up:sum
            expr: sum by (job) (up)
            annotations:
              summary: x
        """, "rules/shape", 6, "invalid field 'annotations'"),
    Case("group field of a newer Prometheus", """
        groups:
        - name: g
          query_offset: 1m
          rules: []
        """, "rules/version", 3, "query_offset"),
    Case("top level is a list", """
        - name: g
          rules:
          - alert: A
            expr: up
        """, "rules/shape", 1, "must be a mapping"),
    Case("group without groups: key", """
        name: g
        rules:
        - alert: A
          expr: up
        """, "rules/shape", 1, "no `groups:` key"),
    Case("groups is not a list", """
        groups:
          name: g
        """, "rules/shape", 1, "must be a list"),
    Case("YAML error", """
        groups:
        - name: g
          rules:
          - alert: A
             expr: up
        """, "yaml/syntax", 5, "invalid YAML", "fatal"),
    Case("duplicate rule", """
        groups:
        - name: g
          rules:
          - alert: A
            expr: up == 0
          - alert: A
            expr: up == 0
        """, "rules/duplicate-rule", 6, "duplicate rule", "warning"),
]


@pytest.mark.parametrize("case", BROKEN, ids=lambda c: c.description)
def test_broken_rule_file_is_reported_at_its_line_with_a_hint(case, write, check_file):
    path = write("rules.yml", case.text)
    status, problems = check_file(path)
    found = [p for p in problems if p["check"] == case.check]
    assert found, problems
    problem = found[0]
    assert problem["file"].endswith("rules.yml")
    assert problem["line"] == case.line, problem
    assert case.message in problem["message"]
    assert problem["hint"], problem
    assert problem["severity"] == case.severity
    if case.severity in ("bug", "fatal"):
        assert status == 1


def test_a_valid_rule_file_is_accepted(write, check_file):
    path = write("rules.yml", """
        groups:
        - name: api
          interval: 30s
          limit: 10
          rules:
          - record: job:http_requests:rate5m
            expr: sum by (job) (rate(http_requests_total[5m]))
          - alert: ApiDown
            expr: up{job="api"} == 0
            for: 1h30m
            keep_firing_for: 5m
            labels:
              severity: critical
            annotations:
              summary: "{{ $labels.instance }} down for {{ $value | humanizeDuration }}"
              description: "{{ if gt $value 1.0 }}many{{ else }}one{{ end }}: {{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}"
        """)
    _, problems = check_file(path)
    assert ours(problems) == []


def test_prometheus_rule_resource_problems_point_into_the_resource(write, check_file):
    path = write("cr.yaml", """
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata:
          name: x
        spec:
          groups:
          - name: g
            rules:
            - alert: A
              expr: rate(x[5m]
        """)
    status, problems = check_file(path)
    problem = next(p for p in problems if p["check"] == "promql/syntax")
    assert (problem["line"], problem["object_path"]) == (10, "spec.groups[0].rules[0].expr")
    assert status == 1


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(REAL, "*.y*ml"))), ids=os.path.basename)
def test_real_world_rule_files_pass_the_rule_checks(path, check_file, promtool):
    status, problems = check_file(path, tools=True)
    assert [p for p in ours(problems) if p["severity"] in ("bug", "fatal")] == []
    # Valid files are accepted by `mac check` as a whole: semantic findings on them are warnings.
    assert status == 0, [p for p in problems if p["severity"] in ("bug", "fatal")]


def test_promtool_problems_of_raw_files_map_to_their_lines(write, check_file, promtool, tmp_path):
    # The project says Prometheus 3.5: info() passes our checks, the promtool here (2.x) rejects it.
    write("setup.cfg", "[monitoring_as_code]\nprometheus_version = 3.5\n")
    path = write("rules.yml", """
        groups:
        - name: g
          rules:
          - alert: A
            expr: up == 0
          - alert: B
            expr: info(up) == 0
        """)
    version = __import__("subprocess").run([promtool, "--version"], capture_output=True, text=True).stdout
    if "version 2." not in version:
        pytest.skip("this promtool knows info()")
    status, problems = check_file(path, tools=True)
    tool = [p for p in problems if p["check"] == "promtool/check"]
    assert len(tool) == 1 and "info" in tool[0]["message"], problems
    assert (tool[0]["line"], tool[0]["object_path"]) == (7, "groups[0].rules[1].expr")
    assert status == 1


def test_promtool_does_not_repeat_what_our_checks_report(write, check_file, promtool):
    path = write("rules.yml", """
        groups:
        - name: g
          rules:
          - alert: A
            expr: up == 0
        - name: g
          rules: []
        """)
    _, problems = check_file(path, tools=True)
    assert [p["check"] for p in problems if p["line"] == 6 and p["severity"] == "bug"] == ["rules/duplicate-group"]


@pytest.mark.parametrize("data,kind", [
    ({"groups": []}, "prometheus/rules"),
    ({"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule", "spec": {"groups": []}}, "prometheus/rules"),
    ({"rule_files": ["a.yml"], "tests": []}, "prometheus/rule-tests"),
    ({"tests": [{"input_series": []}]}, "prometheus/rule-tests"),
    ({"tests": [{"name": "k6 check"}]}, None),
    ([{"name": "g", "rules": []}], "prometheus/rules"),
    ({"name": "g", "rules": []}, "prometheus/rules"),
    ({"route": {}, "receivers": []}, None),
    ({"apiVersion": "v1", "kind": "ConfigMap", "data": {"groups": "x"}}, None),
], ids=["rule file", "PrometheusRule", "test file", "test file without rule_files", "other tests", "list of groups",
        "bare group", "alertmanager", "configmap"])
def test_rule_yaml_is_recognised_by_content(data, kind):
    from monitoring_as_code.prometheus.target import RulesTarget

    assert RulesTarget().recognize(data, "x.yml") == kind
