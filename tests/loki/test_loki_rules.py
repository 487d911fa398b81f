"""Loki ruler rules: compiled per tenant, LogQL checked in-process with locations, recognised when raw."""

from __future__ import annotations

import json
import os
import sys

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.yamlsource import load_documents
from monitoring_as_code.loki import (
    LokiAlertingRule,
    LokiRecordingRule,
    LokiRuleFile,
    LokiRuleGroup,
)
from monitoring_as_code.loki.rules_checks import check_rules
from monitoring_as_code.loki.target import LokiTarget


def raw(text: str) -> Document:
    return Document(kind="loki/rules", data=load_documents(text)[0], file="rules.yml", text=text)


def checks(text: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for problem in check_rules(raw(text)):
        found.setdefault(problem.check, []).append(problem)
    return found


RULE = """\
groups:
  - name: errors
    rules:
      - alert: HighErrorLogRate
        expr: sum by (job) (rate({job="api"} |= "ERROR" [5m])) > 1
        for: 5m
        labels:
          severity: warning
        annotations:
          summary: "{{ $labels.job }} logs errors"
"""


def test_a_valid_rule_file_has_no_problem():
    assert checks(RULE) == {}


def test_logql_syntax_error_names_line_column_and_hint():
    found = checks(RULE.replace('[5m]', '[5 m]'))
    problem = found["logql/syntax"][0]
    assert problem.location.line == 5 and problem.location.object_path == "groups[0].rules[0].expr"
    assert "column 44" in problem.message and problem.hint
    assert problem.details.endswith("^")


def test_a_log_query_cannot_be_a_rule():
    found = checks(RULE.replace('sum by (job) (rate({job="api"} |= "ERROR" [5m])) > 1', "'{job=\"api\"} |= \"ERROR\"'"))
    assert "metric query" in found["loki/rule"][0].message


def test_severity_must_be_a_routed_value():
    assert "unknown severity" in checks(RULE.replace("warning", "page"))["loki/rule-severity"][0].message
    assert checks(RULE.replace("        labels:\n          severity: warning\n", ""))["loki/rule-severity"]


def test_annotation_using_a_label_the_query_drops():
    found = checks(RULE.replace("{{ $labels.job }}", "{{ $labels.pod }}"))
    assert "does not keep" in found["loki/rule-labels"][0].message


def test_shape_problems():
    found = checks(RULE.replace("for: 5m", "for: 5 minutes").replace("annotations:", "anotations:"))
    messages = [p.message for p in found["loki/rule"]]
    assert any("for" in m for m in messages) and any("anotations" in m for m in messages)
    assert any(p.hint == "did you mean `annotations`?" for p in found["loki/rule"])


def test_rule_file_compiles_to_the_rulers_tenant_layout(tmp_path, mac):
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = loki\n")
    (tmp_path / "loki").mkdir()
    (tmp_path / "loki" / "rules.py").write_text(
        "from monitoring_as_code.loki import *\n"
        "A = {'summary': 's', 'description': 'd', 'runbook_url': 'https://runbooks.example/a'}\n"
        "RULES = LokiRuleFile(name='errors', tenant='team-a', groups=[LokiRuleGroup(name='g', rules=[\n"
        "    LokiAlertingRule(alert='A', expr='sum(rate({job=\"a\"}[5m])) > 1', for_='5m',\n"
        "                     labels={'severity': 'critical'}, annotations=A),\n"
        "    LokiAlertingRule(alert='B', expr='sum(rate({job=\"a\"} |= \"x\" [5m)) > 1',\n"
        "                     labels={'severity': 'warning'}, annotations=A),\n"
        "])])\n")
    result = mac(["check", "--format", "json"], cwd=str(tmp_path))
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"].startswith(("logql/syntax", "loki/"))]
    assert [(p["check"], p["line"], p["artifact"]) for p in problems] == [
        ("logql/syntax", 6, "loki/rules/team-a/errors.yml")]
    out = tmp_path / "out"
    fixed = (tmp_path / "loki" / "rules.py").read_text().replace("[5m)) > 1',\n", "[5m])) > 1',\n")
    (tmp_path / "loki" / "rules.py").write_text(fixed)
    sys.modules.pop("loki.rules", None)  # the in-process runner keeps loaded definition modules
    result = mac(["build", "-o", str(out)], cwd=str(tmp_path))
    assert result.status == 0, result.stdout
    text = (out / "loki" / "rules" / "team-a" / "errors.yml").read_text()
    assert "for: 5m" in text and "for_" not in text


def test_recording_rule_data():
    rule = LokiRecordingRule(record="job:log_errors:rate5m", expr='sum by (job) (rate({job="a"}[5m]))')
    group = LokiRuleGroup(name="g", interval="1m", rules=[rule])
    assert LokiRuleFile(name="f", groups=[group]).to_json_data()["groups"] == [group]
    assert rule.to_json_data() == {"record": "job:log_errors:rate5m", "expr": 'sum by (job) (rate({job="a"}[5m]))'}
    assert LokiAlertingRule(alert="A", expr="x", for_="1m").to_json_data() == {"alert": "A", "expr": "x", "for": "1m"}


def test_raw_loki_rule_files_are_told_apart_from_prometheus_rules():
    target = LokiTarget()
    loki_rules = load_documents(RULE)[0]
    assert target.recognize(loki_rules, "rules/app.yml") == "loki/rules"
    prom = {"groups": [{"name": "g", "rules": [{"alert": "A", "expr": 'up{job="x"} == 0'}]}]}
    assert target.recognize(prom, "rules/app.yml") is None
    assert target.recognize(prom, os.path.join("deploy", "loki", "rules", "fake", "app.yml")) == "loki/rules"


def test_mac_check_reads_a_raw_loki_rule_file(tmp_path, mac):
    path = tmp_path / "log-alerts.yml"
    path.write_text(RULE.replace("|= \"ERROR\" [5m]", "|= \"ERROR\" [5m"))
    result = mac(["check", str(path), "--format", "json"])
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "logql/syntax"]
    assert result.status == 1 and problems[0]["line"] == 5
