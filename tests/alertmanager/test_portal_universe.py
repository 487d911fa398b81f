"""Portal Universe: the built alertmanager.yml and prometheus.yml pass amtool and promtool, the
route tests pass and agree with `amtool config routes test --verify.receivers`, and they cover
every severity and every alert of rules/."""

from __future__ import annotations

import os
import subprocess

import pytest

REQUIRED_ALERTS = {
    "ServiceDown", "HighErrorRate", "HighLatency", "HighMemoryUsage", "LowDiskSpace", "MySQLConnectionsHigh",
    "RedisMemoryHigh", "HighOrderFailureRate", "HighPaymentFailureRate",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from monitoring_as_code.testing.cli_runner import run_cli

    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = tmp_path_factory.mktemp("build")
    result = run_cli(["build", "-o", str(out)], cwd=repo)  # whole project: rules link to dashboards
    assert result.status == 0, result.stdout + result.stderr
    return repo, str(out)


def _portal_module(repo):
    import sys

    from monitoring_as_code.core.loader import import_file
    sys.path.insert(0, repo)
    try:
        return import_file(os.path.join(repo, "alertmanager", "alertmanager.py"), repo)
    finally:
        sys.path.remove(repo)


@pytest.mark.amtool
def test_amtool_accepts_the_built_config(built, amtool):
    _repo, out = built
    result = subprocess.run([amtool, "check-config", os.path.join(out, "alertmanager", "alertmanager.yml")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


@pytest.mark.promtool
def test_promtool_accepts_the_built_prometheus_config_and_finds_the_rules(built, promtool):
    _repo, out = built
    result = subprocess.run([promtool, "check", "config", os.path.join(out, "prometheus", "prometheus.yml")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rule files found" in result.stdout and "SUCCESS: 0 rule files" not in result.stdout


def test_built_files_hold_no_secret(built):
    _repo, out = built
    with open(os.path.join(out, "alertmanager", "alertmanager.yml")) as fh:
        text = fh.read()
    assert "slack_api_url_file: /etc/alertmanager/secrets/slack-webhook-url" in text
    assert "routing_key_file: /etc/alertmanager/secrets/pagerduty-routing-key" in text
    assert "hooks.slack.com" not in text and "routing_key:" not in text


def _load_yaml(*parts: str):
    import yaml

    with open(os.path.join(*parts), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_spec_settings(built):
    _repo, out = built
    config = _load_yaml(out, "alertmanager", "alertmanager.yml")
    route = config["route"]
    assert route["group_by"] == ["alertname", "job"]
    assert (route["group_wait"], route["group_interval"], route["repeat_interval"]) == ("30s", "5m", "4h")
    slack = next(r for r in config["receivers"] if r["name"] == "slack-notifications")["slack_configs"][0]
    assert slack["channel"] == "#portal-alerts" and slack["send_resolved"] is True
    assert config["inhibit_rules"] == [{
        "source_matchers": ['severity="critical"'], "target_matchers": ['severity="warning"'],
        "equal": ["alertname", "job"],
    }]
    prometheus = _load_yaml(out, "prometheus", "prometheus.yml")
    jobs = {j["job_name"]: j for j in prometheus["scrape_configs"]}
    for job, port in [("api-gateway", 8080), ("auth-service", 8081), ("blog-service", 8082),
                      ("shopping-service", 8083), ("notification-service", 8084)]:
        assert jobs[job]["metrics_path"] == "/actuator/prometheus"
        assert jobs[job]["static_configs"] == [{"targets": [f"{job}:{port}"]}]
        assert jobs[job]["relabel_configs"][0]["target_label"] == "instance"
    for job, port in [("redis-exporter", 9121), ("mysql-exporter", 9104), ("elasticsearch-exporter", 9114),
                      ("kafka-exporter", 9308)]:
        assert jobs[job]["static_configs"] == [{"targets": [f"{job}:{port}"]}]
    assert prometheus["rule_files"] == ["rules/*.yml"]


def test_mac_test_runs_route_and_inhibition_tests(built, mac):
    repo, _out = built
    result = mac(["test", "-v", "alertmanager"], cwd=repo)
    assert result.status == 0, result.stdout
    assert "FAIL" not in result.stdout
    assert "PASS critical pages PagerDuty and continues to Slack" in result.stdout
    assert "PASS critical mutes the warning of the same alert and job" in result.stdout


def test_route_tests_cover_every_severity_and_every_alert(built):
    repo, _out = built
    module = _portal_module(repo)
    from monitoring_as_code.alertmanager.testing import RouteTest

    tests = [v for value in vars(module).values() if isinstance(value, list) for v in value if isinstance(v, RouteTest)]
    alerts_tested = {t.labels.get("alertname") for t in tests}
    assert REQUIRED_ALERTS <= alerts_tested
    severities = {t.labels.get("severity") for t in tests}
    assert {"critical", "warning", "info", None} <= severities
    from alertmanager._rule_alerts import rule_alerts

    assert {rule.alert for rule in rule_alerts()} <= alerts_tested


@pytest.mark.amtool
def test_route_tests_agree_with_amtool_verify_receivers(built, amtool):
    """Every Portal Universe RouteTest also passes `amtool config routes test --verify.receivers`."""
    from concurrent.futures import ThreadPoolExecutor

    from monitoring_as_code.alertmanager.testing import RouteTest

    repo, out = built
    module = _portal_module(repo)
    tests = [v for value in vars(module).values() if isinstance(value, list) for v in value if isinstance(v, RouteTest)]
    config = os.path.join(out, "alertmanager", "alertmanager.yml")

    def verify(test):
        args = [amtool, "config", "routes", "test", f"--config.file={config}",
                f"--verify.receivers={','.join(test.receivers)}"]
        args += [f'{k}="{v}"' for k, v in test.labels.items()]
        result = subprocess.run(args, capture_output=True, text=True, check=False)
        return test.title, result.returncode, result.stdout

    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = [r for r in pool.map(verify, tests) if r[1] != 0]
    assert not failures


def test_a_wrong_expectation_fails_with_a_clear_message(tmp_path, mac):
    (tmp_path / "am.py").write_text(
        "from monitoring_as_code.alertmanager import AlertmanagerConfig, Receiver, Route, RouteTest\n"
        "CONFIG = AlertmanagerConfig(route=Route(receiver='a', routes=[Route(receiver='b', matchers=['x=\"1\"'])]),\n"
        "                            receivers=[Receiver(name='a'), Receiver(name='b')])\n"
        "T = RouteTest({'x': '1'}, ['a'], name='x goes to a')\n"
    )
    result = mac(["test", str(tmp_path / "am.py")], cwd=str(tmp_path))
    assert result.status == 1
    assert "FAIL x goes to a  (" in result.stdout and "am.py:4)" in result.stdout
    assert "expected: a" in result.stdout and "got:      b" in result.stdout
    assert "route.routes[0] (b)" in result.stdout


def test_a_wrong_firing_set_expectation_says_which_alert(tmp_path, mac):
    (tmp_path / "am.py").write_text(
        "from monitoring_as_code.alertmanager import AlertmanagerConfig, FiringSetTest, InhibitRule, Receiver, Route\n"
        "CONFIG = AlertmanagerConfig(route=Route(receiver='a'), receivers=[Receiver(name='a')],\n"
        "    inhibit_rules=[InhibitRule(source_matchers=['s=\"crit\"'], target_matchers=['s=\"warn\"'], equal=['j'])])\n"
        "T = FiringSetTest([{'s': 'crit', 'j': '1'}, {'s': 'warn', 'j': '2'}], muted=[{'s': 'warn', 'j': '2'}])\n"
    )
    result = mac(["test", str(tmp_path / "am.py")], cwd=str(tmp_path))
    assert result.status == 1
    assert '{s="warn", j="2"}: expected muted, got not muted' in result.stdout
