"""k6 options: compiled shape, thresholds derived from SLOs, and k6's own option rules."""

import json

import pytest

from monitoring_as_code.core.encode import to_data
from monitoring_as_code.k6 import (
    ConstantArrivalRate,
    ConstantVUs,
    Counter,
    LoadTest,
    PerVUIterations,
    RampingArrivalRate,
    RampingVUs,
    Rate,
    SharedIterations,
    Stage,
    Threshold,
)
from monitoring_as_code.k6.durations import (
    DurationError,
    format_duration,
    parse_duration,
)
from monitoring_as_code.k6.rules import check_options
from monitoring_as_code.k6.thresholds import (
    ThresholdError,
    parse_metric_name,
    parse_threshold,
)
from monitoring_as_code.slo import SLO, Availability, Latency

SEL = 'http_server_requests_seconds_count{job="api-gateway"}'
SLOS = [
    SLO(service="api-gateway", sli=Availability(total=SEL, errors=SEL[:-1] + ',status=~"5.."}'), objective=99),
    SLO(service="api-gateway", name="gw-p95", sli=Latency(metric="m", threshold_seconds=0.5, selector='job="a"'), objective=95),
    SLO(service="api-gateway", name="gw-p99", sli=Latency(metric="m", threshold_seconds=1, selector='job="a"'), objective=99),
]


def messages(data, **kw):
    return [f.message for f in check_options(data, **kw)]


def test_every_executor_compiles_to_k6_keys():
    test = LoadTest(name="all", scenarios=[
        ConstantVUs(name="a", vus=5, duration="1m"),
        RampingVUs(name="b", start_vus=0, stages=[("1m", 10), Stage(duration="30s", target=0)], graceful_ramp_down="10s"),
        SharedIterations(name="c", vus=1000, iterations=10000, max_duration="2m"),
        PerVUIterations(name="d", vus=10, iterations=20, max_duration="30s"),
        ConstantArrivalRate(name="e", rate=30, time_unit="1s", duration="1m", pre_allocated_vus=10, max_vus=50),
        RampingArrivalRate(name="f", start_rate=1, pre_allocated_vus=5, stages=[("1m", 20)], start_time="1m"),
    ])
    data = to_data(test)
    assert data["scenarios"]["c"] == {"executor": "shared-iterations", "vus": 1000, "iterations": 10000, "maxDuration": "2m"}
    assert data["scenarios"]["e"]["preAllocatedVUs"] == 10 and data["scenarios"]["e"]["timeUnit"] == "1s"
    assert data["scenarios"]["f"]["startTime"] == "1m" and data["scenarios"]["b"]["gracefulRampDown"] == "10s"
    assert check_options(data, strict_metrics=True) == []


def test_thresholds_derive_from_slos_unless_set_explicitly():
    derived = to_data(LoadTest(name="x", scenarios=[ConstantVUs(name="a", duration="1m")], slos=SLOS))
    assert sorted(derived["thresholds"]["http_req_duration"]) == ["p(95)<500", "p(99)<1000"]
    assert derived["thresholds"]["http_req_failed"] == ["rate<0.01"]
    assert "p(99)" in derived["summaryTrendStats"]
    explicit = to_data(LoadTest(name="x", slos=SLOS, thresholds={"http_req_duration": ["p(95)<300"]}))
    assert sorted(explicit["thresholds"]["http_req_duration"]) == ["p(95)<300", "p(99)<1000"]


def test_per_service_submetrics_from_slos():
    data = to_data(LoadTest(name="x", slos=SLOS, slo_tag="service"))
    assert data["thresholds"]["http_req_failed{service:api-gateway}"] == ["rate<0.01"]


def test_custom_metrics_and_abort_options():
    data = to_data(LoadTest(name="x", metrics=[Rate(name="errors", thresholds=["rate<0.01"]),
                                               Counter(name="coupon_fail", thresholds=["count<1"])],
                            thresholds={"http_req_duration": [Threshold(threshold="p(99)<1500", abort_on_fail=True,
                                                                        delay_abort_eval="10s")]}))
    assert data["thresholds"]["errors"] == ["rate<0.01"] and data["thresholds"]["coupon_fail"] == ["count<1"]
    assert data["thresholds"]["http_req_duration"] == [{"threshold": "p(99)<1500", "abortOnFail": True, "delayAbortEval": "10s"}]


@pytest.mark.parametrize("scenario,expected", [
    ({"executor": "ramping-vus", "stages": [{"duration": "1m"}]}, "stage 1 doesn't have a target"),
    ({"executor": "ramping-vus", "stages": [{"target": 5}]}, "stage 1 doesn't have a duration"),
    ({"executor": "ramping-vus", "stages": []}, "at least one stage has to be specified"),
    ({"executor": "shared-iterations", "vus": 10, "iterations": 5}, "can't be less than the number of VUs"),
    ({"executor": "shared-iterations", "duration": "1m"}, "does not accept 'duration'"),
    ({"executor": "constant-vus", "vus": 5}, "needs a duration"),
    ({"executor": "constant-vus", "vus": 0, "duration": "1m"}, "must be more than 0"),
    ({"executor": "constant-vus", "duration": "500ms"}, "at least 1s"),
    ({"executor": "constant-vus", "duration": "5 minutes"}, "not a duration"),
    ({"executor": "constant-arrival-rate", "rate": 5, "duration": "1m"}, "preAllocatedVUs isn't specified"),
    ({"executor": "ramping-arrival-rate", "stages": [{"duration": "1m", "target": 5}], "preAllocatedVUs": 10,
      "maxVUs": 5}, "maxVUs can't be less than preAllocatedVUs"),
    ({"executor": "per-vu-iterations", "iterations": 2.5}, "must be an integer"),
    ({"executor": "nope"}, "unknown executor"),
], ids=lambda v: v if isinstance(v, str) else v.get("executor"))
def test_k6_option_rules(scenario, expected):
    assert any(expected in m for m in messages({"scenarios": {"s": scenario}})), messages({"scenarios": {"s": scenario}})


@pytest.mark.parametrize("thresholds,expected", [
    ({"http_req_failed": ["p(95)<3"]}, "unsupported aggregation method p on metric of type rate"),
    ({"http_req_duration": ["p95<3"]}, "unknown aggregation"),
    ({"http_req_duration": ["p(95)"]}, "no operator"),
    ({"http_req_duration{name}": ["p(95)<1"]}, "malformed"),
    ({"my_metric": ["count>1"]}, "no metric named 'my_metric'"),
])
def test_threshold_rules(thresholds, expected):
    found = messages({"thresholds": thresholds}, strict_metrics=True)
    assert any(expected in m for m in found), found


def test_shortcuts_with_scenarios_and_missing_trend_stat():
    found = messages({"vus": 5, "scenarios": {"s": {"executor": "constant-vus", "duration": "1m"}},
                      "thresholds": {"http_req_duration": ["p(99)<1"]}, "summaryTrendStats": ["avg", "p(95)"]})
    assert any("shortcut" in m for m in found) and any("p(99)" in m for m in found)


def test_threshold_and_metric_name_parsing():
    expression = parse_threshold("p(99.9) <= 200")
    assert (expression.stat, expression.operator, expression.value) == ("p(99.9)", "<=", 200.0)
    assert parse_threshold("rate===0").operator == "==="
    assert parse_metric_name("http_req_duration{scenario:load, name:\"x\"}").tags == (("name", "x"), ("scenario", "load"))
    with pytest.raises(ThresholdError):
        parse_threshold("p(101)<1")


def test_durations():
    assert parse_duration("1m30s") == 90 and parse_duration("1d") == 86400 and parse_duration(1500) == 1.5
    assert format_duration(90) == "1m30s" and format_duration(0.25) == "250ms"
    with pytest.raises(DurationError):
        parse_duration("10 seconds")


def test_mac_check_reads_raw_options_files(mac, tmp_path):
    path = tmp_path / "broken.options.json"
    path.write_text(json.dumps({"scenarios": {"s": {"executor": "ramping-vus", "stages": [{"duration": "1m"}]}}}, indent=2))
    result = mac(["check", str(path)])
    assert result.status == 1 and "doesn't have a target" in result.stdout


def test_project_builds_every_spec_load_test(repo_root):
    from monitoring_as_code.core.loader import load_definitions
    from monitoring_as_code.k6.target import K6Target

    tests = {d.obj.name: d.obj for d in load_definitions([f"{repo_root}/rules/slos.py"], repo_root, K6Target().accepts)}
    assert set(tests) >= {"smoke", "load", "stress", "spike", "soak", "coupon-rush"}
    load = to_data(tests["load"])
    assert max(s["target"] for s in load["scenarios"]["load"]["stages"]) == 1000
    assert sorted(load["thresholds"]["http_req_duration"]) == ["p(95)<500", "p(99)<1000"]
    assert load["thresholds"]["http_req_failed"] == ["rate<0.01"]
    rush = to_data(tests["coupon-rush"])["scenarios"]["coupon_rush"]
    assert (rush["executor"], rush["vus"], rush["iterations"]) == ("shared-iterations", 1000, 10000)
    for test in tests.values():
        assert check_options(to_data(test), test.metric_types(), strict_metrics=True) == []


def test_secrets_in_scenario_env_are_refused_without_echoing_them():
    found = check_options({"scenarios": {"s": {"executor": "constant-vus", "duration": "1m",
                                               "env": {"API_TOKEN": "s3cr3t-value", "BASE_URL": "http://x"}}}})
    [finding] = [f for f in found if f.check == "k6/secret"]
    assert finding.path == ("scenarios", "s", "env", "API_TOKEN")
    assert "s3cr3t-value" not in finding.message + finding.hint
