"""The catalogue's rule checks run together, rule by rule, and find exactly what each finds alone."""

from __future__ import annotations

import glob
import os

from monitoring_as_code.checks import all_checks
from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.pipeline import read_raw
from monitoring_as_code.core.project import Project
from monitoring_as_code.core.target import Context

DATA = os.path.join(os.path.dirname(__file__), "..", "data")

#: alerts and recording rules with something for every rule check to say
FLAWED = """\
groups:
  - name: flawed
    rules:
      - alert: no_severity_lower_case
        expr: sum(rate(http_requests_total[1m])) > 0
        for: 10s
        annotations:
          summary: "{{ $labels.job }} is {{ $value }}"
      - alert: AbsentTooFast
        expr: absent(up{job="api"})
        labels:
          severity: page
          value: "{{ $value }}"
      - record: not_a_level_name
        expr: sum by (job) (rate(x_total[5m]))
      - record: job:x:rate5m
        expr: sum by (job) (rate(x_total[5m]))
        labels:
          job: "{{ $labels.instance }}"
      - alert: TemplatesAway
        expr: sum(rate(x_total[5m])) > 1
        for: 5m
        labels:
          severity: critical
        annotations:
          description: "on {{ $labels.instance }}"
          runbook_url: ""
"""


def _rule_checks(docs, ctx, alone: bool) -> list[tuple[str, list]]:
    found = []
    for check in all_checks():
        if isinstance(check, RuleCheck):
            for doc in docs:
                if doc.kind in check.kinds:
                    run = check.check_rules if alone else check.check
                    found.append((check.name, [p.to_dict() for p in run(doc, ctx)]))
    return found


def test_rule_checks_run_together_find_what_each_finds_alone(tmp_path):
    (tmp_path / "flawed.yml").write_text(FLAWED)
    paths = sorted(glob.glob(os.path.join(DATA, "rules", "**", "*.y*ml"), recursive=True)) + [str(tmp_path / "flawed.yml")]
    docs = [doc for path in paths for doc in read_raw(path)[0]]
    assert sum(doc.kind == "prometheus/rules" for doc in docs) >= 5
    ctx = Context(project=Project(root=str(tmp_path)), documents=docs)
    together = _rule_checks(docs, ctx, alone=False)
    assert len({name for name, problems in together if problems}) >= 6, "the corpus no longer exercises the rule checks"
    assert together == _rule_checks(docs, ctx, alone=True)


def test_rule_checks_run_together_once_per_run(tmp_path, monkeypatch):
    """The first rule check of a run meets every rule with all of them; the others are served."""
    from monitoring_as_code.checks.alerts_for import AlertsForCheck

    (tmp_path / "flawed.yml").write_text(FLAWED)
    doc = read_raw(str(tmp_path / "flawed.yml"))[0][0]
    seen: list[str] = []
    real = AlertsForCheck.check_rule
    monkeypatch.setattr(AlertsForCheck, "check_rule", lambda self, *a: seen.append(a[3].get("alert")) or real(self, *a))
    ctx = Context(project=Project(root=str(tmp_path)), documents=[doc])
    rule_checks = [c for c in all_checks() if isinstance(c, RuleCheck) and type(c).check is RuleCheck.check]
    first = rule_checks[0].check(doc, ctx)
    assert len(seen) == 3  # the three alerts, met by alerts/for while the first check ran
    served = [c.check(doc, ctx) for c in rule_checks]  # every rule check of the catalogue, again
    assert served[0] == first
    assert len(seen) == 3  # served, not checked again
    _rule_checks([doc], Context(project=Project(root=str(tmp_path)), documents=[doc]), alone=False)
    assert len(seen) == 6  # another run checks again


def test_a_rule_check_outside_the_catalogue_runs_alone(tmp_path):
    class EveryRule(RuleCheck):
        name = "test/every-rule"

        def check_rule(self, doc, path, group, rule, ctx):
            return [self.problem(doc, path, f"saw {rule.get('alert') or rule.get('record')}", "nothing to do")]

    (tmp_path / "flawed.yml").write_text(FLAWED)
    doc = read_raw(str(tmp_path / "flawed.yml"))[0][0]
    ctx = Context(project=Project(root=str(tmp_path)), documents=[doc])
    assert [p.message for p in EveryRule().check(doc, ctx)][:2] == ["saw no_severity_lower_case", "saw AbsentTooFast"]
