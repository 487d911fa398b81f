"""alertmanager/*: routing trees and inhibit rules of alertmanager.yml."""

import pytest
from check_harness import where

RULES = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n"
BASE = """\
route:
  receiver: default
  routes:
    - receiver: pager
      matchers: ['severity="critical"']
    - receiver: tickets
      match:
        severity: warning
    - receiver: chat
      match_re:
        severity: info|none
receivers:
  - name: default
    slack_configs: [{channel: '#alerts'}]
  - name: pager
  - name: tickets
  - name: chat
"""

CASES = [
    # alertmanager/severity-receiver
    ("alertmanager/severity-receiver", [("prometheus/rules", RULES)], []),
    ("alertmanager/severity-receiver", [("alertmanager/config", BASE)], []),
    ("alertmanager/severity-receiver", [("alertmanager/config", "route:\n  receiver: default\nreceivers:\n  - name: default\n")], []),
    ("alertmanager/severity-receiver", [("alertmanager/config", BASE.replace("info|none", "none"))], [("route.receiver", 2)]),
    # alertmanager/unreachable-route
    ("alertmanager/unreachable-route", [("prometheus/rules", RULES)], []),
    ("alertmanager/unreachable-route", [("alertmanager/config", BASE)], []),
    (
        "alertmanager/unreachable-route",
        [("alertmanager/config", BASE.replace("    - receiver: pager\n      matchers: ['severity=\"critical\"']\n", "    - receiver: pager\n"))],
        [("route.routes[1]", 5), ("route.routes[2]", 8)],
    ),
    (
        "alertmanager/unreachable-route",
        [("alertmanager/config", BASE.replace("    - receiver: tickets\n      match:\n        severity: warning\n",
                                              "    - receiver: tickets\n      matchers: [severity=critical, team=db]\n"))],
        [("route.routes[1]", 6)],
    ),
    (
        "alertmanager/unreachable-route",
        [("alertmanager/config", BASE.replace("    - receiver: pager\n      matchers: ['severity=\"critical\"']\n",
                                              "    - receiver: pager\n      continue: true\n"))],
        [],
    ),
    # alertmanager/inhibit-self
    ("alertmanager/inhibit-self", [("prometheus/rules", RULES)], []),
    (
        "alertmanager/inhibit-self",
        [("alertmanager/config", BASE + "inhibit_rules:\n  - source_matchers: [severity=critical]\n    target_matchers: [severity=warning]\n    equal: [alertname]\n")],
        [],
    ),
    (
        "alertmanager/inhibit-self",
        [("alertmanager/config", BASE + "inhibit_rules:\n  - source_matchers: [severity=critical]\n    target_matchers: ['severity=~\"warning|critical\"']\n    equal: [alertname]\n")],
        [("inhibit_rules[0]", 19)],
    ),
    (
        "alertmanager/inhibit-self",
        [("alertmanager/config", BASE + "inhibit_rules:\n  - source_match:\n      alertname: NodeDown\n    target_match_re:\n      instance: .+\n")],
        [("inhibit_rules[0]", 19)],
    ),
]


@pytest.mark.parametrize("name,docs,expected", CASES, ids=[f"{i:02d}-{c[0]}:{'reports' if c[2] else 'quiet'}" for i, c in enumerate(CASES)])
def test_alertmanager_checks(run_check, name, docs, expected):
    assert where(run_check(name, *docs)) == expected


def test_severity_with_a_silent_default_is_a_bug(run_check):
    text = BASE.replace("info|none", "none").replace("    slack_configs: [{channel: '#alerts'}]\n", "")
    [problem] = run_check("alertmanager/severity-receiver", ("alertmanager/config", text))
    assert str(problem.severity) == "bug" and "dropped" in problem.message and "'info'" in problem.message


def test_inhibit_message_shows_an_example_alert(run_check):
    text = BASE + "inhibit_rules:\n  - source_matchers: [severity=critical]\n    target_matchers: ['severity=~\"warning|critical\"']\n"
    [problem] = run_check("alertmanager/inhibit-self", ("alertmanager/config", text))
    assert '{severity="critical"}' in problem.message
