"""Disabling checks: by comment on the problem's line (raw YAML) or on the constructor line (Python
definitions), per file, per namespace, and per repository in setup.cfg - through `mac check`."""

import json
import textwrap

RAW = """\
groups:
  - name: g
    rules:
      - alert: NoFor  # mac: disable=alerts/for
        expr: up == 0
        labels: {severity: critical}
        annotations: {summary: s, description: d, runbook_url: https://r.example/a}
      - alert: AlsoNoFor
        expr: up == 0
        labels: {severity: critical}
        annotations: {summary: s, description: d, runbook_url: https://r.example/b}
"""

PYTHON = '''\
from monitoring_as_code.prometheus import AlertingRule, RuleFile, RuleGroup

NOTES = {"summary": "s", "description": "d", "runbook_url": "https://r.example/x"}

quiet = AlertingRule(  # mac: disable=alerts/for
    "Quiet", "up == 0", labels={"severity": "critical"}, annotations=NOTES,
)
loud = AlertingRule("Loud", "up == 0", labels={"severity": "critical"}, annotations=NOTES)

rules = RuleFile([RuleGroup("g", [quiet, loud])], name="suppress")
'''


def _project(tmp_path, extra_cfg: str = "") -> None:
    (tmp_path / "setup.cfg").write_text(f"[monitoring_as_code]\ndefinitions = rules\n{extra_cfg}")
    (tmp_path / "rules").mkdir(exist_ok=True)


def _checks(mac, tmp_path, *paths):
    result = mac(["check", "-C", str(tmp_path), "--format", "json", "--fail-on", "fatal", *paths], cwd=str(tmp_path))
    assert result.status == 0, result.stderr
    data = json.loads(result.stdout)
    problems = data["problems"] if isinstance(data, dict) else data
    return [(p["check"], p["line"]) for p in problems if p["check"].startswith(("alerts/", "promql/", "rule/"))]


def test_raw_yaml_comment_on_the_problem_line(mac, tmp_path):
    _project(tmp_path)
    (tmp_path / "rules.yml").write_text(RAW)
    assert _checks(mac, tmp_path, "rules.yml") == [("alerts/for", 8)]


def test_python_definition_comment_on_the_constructor_line(mac, tmp_path):
    _project(tmp_path)
    (tmp_path / "rules" / "suppress.py").write_text(PYTHON)
    assert _checks(mac, tmp_path) == [("alerts/for", 8)]


def test_file_disable_and_namespace(mac, tmp_path):
    _project(tmp_path)
    (tmp_path / "rules.yml").write_text("# mac: file-disable=alerts\n" + RAW)
    assert _checks(mac, tmp_path, "rules.yml") == []


def test_repository_configuration(mac, tmp_path):
    _project(tmp_path, "disabled_checks = alerts/for\n")
    (tmp_path / "rules.yml").write_text(RAW)
    (tmp_path / "rules" / "suppress.py").write_text(PYTHON)
    assert _checks(mac, tmp_path, "rules.yml") == []
    assert _checks(mac, tmp_path) == []


def test_other_checks_on_a_disabled_line_still_report(mac, tmp_path):
    _project(tmp_path)
    text = textwrap.dedent(RAW).replace("severity: critical}\n        annotations: {summary: s, description: d, runbook_url: https://r.example/a}", "severity: page}\n        annotations: {summary: s, description: d, runbook_url: https://r.example/a}")
    (tmp_path / "rules.yml").write_text(text)
    assert sorted(_checks(mac, tmp_path, "rules.yml")) == [("alerts/for", 8), ("alerts/labels", 6)]
