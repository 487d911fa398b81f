"""Rules and Alertmanager checked together: every alert reaches a notifier, and carries the labels
its routes group by and its inhibit rules compare. No report when the expression may keep a label."""

from __future__ import annotations

import json

AM = """\
route:
  receiver: blackhole
  group_by: [alertname, job, instance]
  routes:
    - matchers: ['severity=~"warning|critical"']
      receiver: slack
    - matchers: ['alertname="Watchdog"']
      receiver: blackhole
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [cluster]
receivers:
  - name: slack
    webhook_configs: [{url: 'http://127.0.0.1:1/hook'}]
  - name: blackhole
"""
RULES = """\
groups:
  - name: g
    rules:
      - alert: ByJob
        expr: sum by (job) (rate(x_total[5m])) > 1
        labels: {severity: warning}
      - alert: Raw
        expr: up == 0
        labels: {severity: warning}
      - alert: Dropped
        expr: sum(rate(x_total[5m])) > 1
        labels: {severity: info}
      - alert: Watchdog
        expr: vector(1)
"""


def _check(mac, tmp_path):
    (tmp_path / "alertmanager.yml").write_text(AM)
    (tmp_path / "rules.yml").write_text(RULES)
    result = mac(["check", "--format", "json", str(tmp_path / "alertmanager.yml"), str(tmp_path / "rules.yml")],
                 cwd=str(tmp_path))
    return json.loads(result.stdout)["problems"]


def test_alert_falling_to_a_blackhole_default_is_a_bug(mac, tmp_path):
    problems = [p for p in _check(mac, tmp_path) if p["check"] == "alertmanager/unrouted-severity"]
    # Dropped (info) falls through to the default blackhole; Watchdog is sent there on purpose.
    assert [p["line"] for p in problems] == [10]
    assert problems[0]["severity"] == "bug" and "Dropped" in problems[0]["message"]
    assert "'blackhole'" in problems[0]["message"]


def test_group_by_labels_the_expression_drops(mac, tmp_path):
    problems = [p for p in _check(mac, tmp_path) if p["check"] == "alertmanager/group-by-label"]
    found = sorted((p["message"].split()[1], p["message"].split("`")[1]) for p in problems)
    # ByJob keeps job only: instance is dropped. Raw (`up == 0`) may carry anything; Dropped and
    # Watchdog go to a blackhole, where grouping sends nothing: no report.
    assert found == [("ByJob", "instance")]
    assert problems[0]["file"].endswith("rules.yml") and problems[0]["line"] == 5


def test_inhibit_equal_labels_the_expression_drops(mac, tmp_path):
    problems = [p for p in _check(mac, tmp_path) if p["check"] == "alertmanager/inhibit-label"]
    assert [p["message"].split()[1] for p in problems] == ["ByJob"]
    assert "`cluster`" in problems[0]["message"] and "target side" in problems[0]["message"]


def test_portal_universe_rules_and_alertmanager_agree(mac, repo_root):
    result = mac(["check", "--format", "json"], cwd=repo_root)
    problems = [p for p in json.loads(result.stdout)["problems"]
                if p["check"] in ("alertmanager/unrouted-severity", "alertmanager/group-by-label",
                                  "alertmanager/inhibit-label")]
    assert problems == []
