"""Broken alertmanager.yml files are rejected by `mac check` with their file:line, the object
path and a hint; the same defects in Python definitions point at the Python line."""

from __future__ import annotations

import json

import pytest

BASE = """\
route:
  receiver: team
  routes:
    - matchers: ['severity="critical"']
      receiver: team
receivers:
  - name: team
    webhook_configs:
      - url: http://127.0.0.1:9999/hook
"""

CASES = [
    # (id, text, check, line, message fragment, hint fragment)
    ("missing receiver", BASE.replace("      receiver: team\n", "      receiver: nobody\n"),
     "alertmanager/receiver", 5, "undefined receiver 'nobody'", "define it under `receivers:`"),
    ("bad matcher", BASE.replace('severity="critical"', 'severity=="critical'),
     "alertmanager/matcher", 4, "unescaped double quote", 'name="value"'),
    ("bad matcher syntax", BASE.replace('severity="critical"', '1severity=critical'),
     "alertmanager/matcher", 4, "bad matcher format", 'name="value"'),
    ("bad regex", BASE.replace('severity="critical"', 'severity=~"crit(?=ical)"'),
     "alertmanager/regex", 4, "invalid perl operator", "RE2"),
    ("bad duration", BASE.replace("  receiver: team\n  routes:", "  receiver: team\n  group_wait: 30 seconds\n  routes:"),
     "alertmanager/duration", 3, "not a valid duration", "e.g. 5m"),
    ("duplicate receiver", BASE + "  - name: team\n",
     "alertmanager/duplicate-receiver", 10, "defined more than once", "unique"),
    ("unknown key", BASE.replace("  receiver: team\n  routes:", "  reciever: team\n  receiver: team\n  routes:"),
     "alertmanager/unknown-key", 2, "unknown key `reciever`", "did you mean `receiver`"),
    ("url that is not a url", BASE.replace("http://127.0.0.1:9999/hook", "127.0.0.1:9999/hook"),
     "alertmanager/url", 9, "not a URL", "http://"),
    ("literal slack webhook", BASE + "    slack_configs:\n      - api_url: https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX\n",
     "alertmanager/secret", 11, "carries a credential", "api_url_file"),
    ("literal pagerduty key", BASE + "    pagerduty_configs:\n      - routing_key: 0123456789abcdef0123456789abcdef\n",
     "alertmanager/secret", 11, "literal secret", "routing_key_file"),
    ("literal smtp password", "global:\n  smtp_auth_password: hunter2\n" + BASE,
     "alertmanager/secret", 2, "literal secret", "smtp_auth_password_file"),
    ("root route without receiver", BASE.replace("route:\n  receiver: team\n", "route:\n"),
     "alertmanager/receiver", 1, "root route has no receiver", "default"),
    ("zero repeat interval", BASE.replace("  receiver: team\n  routes:", "  receiver: team\n  repeat_interval: 0s\n  routes:"),
     "alertmanager/interval", 3, "cannot be zero", "positive"),
    ("time range ending before it starts",
     BASE + "time_intervals:\n  - name: office\n    time_intervals:\n      - times: [{start_time: '17:00', end_time: '09:00'}]\n",
     "alertmanager/time-interval", 13, "end_time must be after start_time", "midnight"),
    ("unknown weekday",
     BASE + "time_intervals:\n  - name: office\n    time_intervals:\n      - weekdays: ['monday:fryday']\n",
     "alertmanager/time-interval", 13, "invalid weekdays range", "monday:friday"),
    ("msteams on alertmanager 0.25", BASE + "    msteams_configs:\n      - webhook_url_file: /x\n",
     "alertmanager/version", 10, "needs Alertmanager 0.26", "alertmanager_version"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_broken_raw_config_is_rejected_with_location_and_hint(case, write, mac, tmp_path):
    _name, text, check, line, message, hint = case
    path = write("alertmanager.yml", text)
    result = mac(["check", "--format", "json", path], cwd=str(tmp_path))
    assert result.status == 1, result.stdout + result.stderr
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] == check]
    assert problems, json.loads(result.stdout)["problems"]
    problem = problems[0]
    assert problem["file"].endswith("alertmanager.yml")
    assert problem["line"] == line
    assert message in problem["message"]
    assert hint in problem["hint"]
    assert "hunter2" not in result.stdout and "XXXXXXXXXXXXXXXX" not in result.stdout
    assert "0123456789abcdef0123456789abcdef" not in result.stdout


def test_valid_configs_pass(mac, tmp_path):
    import glob
    import os

    data = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "alertmanager")
    for path in sorted(glob.glob(os.path.join(data, "*.yml"))):
        result = mac(["check", "--format", "json", path], cwd=str(tmp_path))
        # Routing-policy checks (which severity pages whom) are not validity: leave them out here.
        problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] != "alertmanager/severity-receiver"]
        assert all(p["severity"] in ("warning", "info") for p in problems), (path, problems)
    legacy = mac(["check", "--format", "json", os.path.join(data, "legacy.yml")], cwd=str(tmp_path))
    assert any(p["check"] == "alertmanager/legacy-matcher" for p in json.loads(legacy.stdout)["problems"])


PY_BROKEN = '''\
from monitoring_as_code.alertmanager import AlertmanagerConfig, Receiver, Route, SlackConfig

CONFIG = AlertmanagerConfig(
    route=Route(receiver="team", routes=[
        Route(receiver="nobody", matchers=['severity="critical"']),
    ]),
    receivers=[
        Receiver(name="team", slack_configs=[SlackConfig(api_url="https://hooks.slack.com/services/T1/B1/abcdefgh")]),
    ],
)
'''


def test_python_definition_problems_point_at_the_python_line(write, mac, tmp_path):
    path = write("am.py", PY_BROKEN)
    result = mac(["check", "--format", "json", path], cwd=str(tmp_path))
    problems = {p["check"]: p for p in json.loads(result.stdout)["problems"]}
    assert problems["alertmanager/receiver"]["line"] == 5
    assert problems["alertmanager/receiver"]["object_path"] == "route.routes[0].receiver"
    assert problems["alertmanager/receiver"]["artifact"] == "alertmanager/alertmanager.yml"
    assert problems["alertmanager/secret"]["line"] == 8
    assert "abcdefgh" not in result.stdout


def test_bad_regex_in_python_fails_at_construction_line(write, mac, tmp_path):
    path = write("am.py", PY_BROKEN.replace('severity="critical"', 'severity=~"(a)\\\\1"'))
    result = mac(["check", path], cwd=str(tmp_path))
    assert result.status == 2
    assert "am.py:5" in result.stderr and "invalid escape sequence" in result.stderr


@pytest.mark.amtool
@pytest.mark.parametrize("case", [c for c in CASES if c[0] not in ("literal slack webhook", "literal pagerduty key",
                                                                   "literal smtp password")], ids=lambda c: c[0])
def test_amtool_also_rejects_what_we_reject(case, write, amtool):
    """Our verdict agrees with amtool on validity (secrets are ours alone: amtool accepts literals)."""
    import os

    from monitoring_as_code.alertmanager.amtool import check_config

    path = write("alertmanager.yml", case[1])
    assert check_config(path, {**os.environ, "MAC_AMTOOL": amtool}) is not None
