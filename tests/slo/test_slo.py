"""SLO outputs: recorded windows, burn-rate alerts, promtool validity and unit tests, dashboard, k6."""

import os
import subprocess

import pytest
import yaml

from monitoring_as_code.core.encode import dump_yaml, to_data
from monitoring_as_code.slo import (
    SLO,
    Availability,
    Latency,
    error_budget_dashboard,
    slo_rule_file,
    slo_rule_tests,
)
from monitoring_as_code.slo.burnrate import PAGE, TICKET

M = "http_server_requests_seconds"
AVAILABILITY = SLO(
    service="api-gateway", objective=99.9, runbook_url="https://runbooks.example/slo",
    sli=Availability(total=f'{M}_count{{job="api-gateway"}}', errors=f'{M}_count{{job="api-gateway",status=~"5.."}}',
                     test_series=(f'{M}_count{{job="api-gateway",status="200"}}', f'{M}_count{{job="api-gateway",status="500"}}')),
)
LATENCY = SLO(service="api-gateway", objective=95, sli=Latency(metric=M, threshold_seconds=0.5, selector='job="api-gateway"'))


def test_records_every_window_with_slo_labels():
    records = [r for r in AVAILABILITY.recording_rules() if r.record.startswith("slo:sli_error:ratio_rate")][:7]
    assert [r.record.rsplit("rate", 1)[1] for r in records] == ["5m", "30m", "1h", "2h", "6h", "1d", "3d"]
    assert all(r.labels == {"slo": "api-gateway-availability", "service": "api-gateway"} for r in records)
    assert "sum by (job)" in records[0].expr


def test_latency_ratio_reads_the_threshold_bucket():
    expr = LATENCY.sli.error_ratio("5m")
    assert f'{M}_bucket{{job="api-gateway",le="0.5"}}' in expr and f'{M}_count{{job="api-gateway"}}' in expr


def test_burn_rate_factors():
    assert [w.factor("30d") for w in PAGE + TICKET] == [14.4, 6.0, 3.0, 1.0]
    assert PAGE[0].factor("28d") == 13.44


def test_alerts_route_by_severity_and_keep_annotations():
    fast, slow = AVAILABILITY.alerting_rules()
    assert fast.labels["severity"] == "critical" and slow.labels["severity"] == "warning"
    # One alertname: the inhibition rule (critical mutes warning, equal alertname and job) applies.
    assert fast.alert == slow.alert == "ApiGatewayAvailabilityErrorBudgetBurn"
    assert "14.4 * 0.001" in fast.expr and "slo:sli_error:ratio_rate5m" in fast.expr and "ratio_rate6h" in fast.expr
    assert "3 * 0.001" in slow.expr and "ratio_rate3d" in slow.expr
    assert set(fast.annotations) == {"summary", "description", "runbook_url"}


def test_invalid_slos_are_refused_at_construction():
    with pytest.raises(ValueError):
        SLO(service="x", sli=LATENCY.sli, objective=100)
    with pytest.raises(ValueError):
        SLO(service="x", sli=LATENCY.sli, objective=99, window="7d")
    with pytest.raises(ValueError):
        Availability(total=f"{M}_count")
    with pytest.raises(ValueError):
        slo_rule_file([AVAILABILITY, AVAILABILITY])


def test_dashboard_uid_and_panels():
    board = error_budget_dashboard([AVAILABILITY, LATENCY], uid="pu-slo-error-budgets")
    data = to_data(board)
    text = repr(data)
    assert "slo:period_error_budget_remaining:ratio" in text and "slo:sli_error:ratio_rate1h" in text
    with pytest.raises(ValueError):
        error_budget_dashboard([AVAILABILITY], uid="x" * 41)


def _write(tmp_path, slos):
    rules = slo_rule_file(slos, name="slos")
    (tmp_path / "slos.yml").write_text(dump_yaml(to_data(rules)))
    tests = [to_data(t) for t in slo_rule_tests(slos, rules)]
    (tmp_path / "slos.test.yml").write_text(dump_yaml({"rule_files": ["slos.yml"], "evaluation_interval": "1m",
                                                       "tests": tests}))
    return tests


@pytest.mark.promtool
def test_rules_pass_promtool_and_their_unit_tests(promtool, tmp_path):
    tests = _write(tmp_path, [AVAILABILITY, LATENCY])
    assert len(tests) == 4  # fast burn + within budget, per SLO
    check = subprocess.run([promtool, "check", "rules", str(tmp_path / "slos.yml")], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    run = subprocess.run([promtool, "test", "rules", str(tmp_path / "slos.test.yml")], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.promtool
def test_a_broken_alert_fails_its_unit_test(promtool, tmp_path):
    """The generated tests have teeth: with the page threshold 100x too high, the fast-burn test fails."""
    _write(tmp_path, [AVAILABILITY])
    rules = yaml.safe_load((tmp_path / "slos.yml").read_text())
    for group in rules["groups"]:
        for rule in group["rules"]:
            if rule.get("labels", {}).get("severity") == "critical":
                rule["expr"] = rule["expr"].replace("14.4 * 0.001", "1440 * 0.001").replace("6 * 0.001", "600 * 0.001")
    (tmp_path / "slos.yml").write_text(yaml.safe_dump(rules))
    run = subprocess.run([promtool, "test", "rules", str(tmp_path / "slos.test.yml")], capture_output=True, text=True, check=False)
    assert run.returncode != 0 and "fast burn" in run.stdout + run.stderr


def test_portal_universe_slos(repo_root, monkeypatch):
    from monitoring_as_code.core.loader import import_file

    monkeypatch.syspath_prepend(repo_root)
    module = import_file(os.path.join(repo_root, "rules", "slos.py"), repo_root)
    services = {s.service for s in module.SLOS}
    assert {"api-gateway", "auth-service", "shopping-service"} <= services
    for service in services:
        kinds = {(s.sli.kind, s.objective) for s in module.SLOS if s.service == service}
        assert kinds == {("availability", 99.0), ("latency", 95.0), ("latency", 99.0)}
    assert len(module.slo_tests) == 2 * len(module.SLOS)
