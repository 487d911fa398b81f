"""promql/*: on rule expressions and dashboard queries alike."""

import json

import pytest
from check_harness import rules, where

AM_CONFIG = "route:\n  receiver: r\nreceivers:\n  - name: r\n"


def alert(expr: str, extra: str = "") -> str:
    return rules(f"- alert: A\n  expr: '{expr}'\n  for: 5m\n{extra}")


def record(expr: str) -> str:
    return rules(f"- record: job:x:y\n  expr: '{expr}'\n")


def dashboard(*exprs: str) -> str:
    return json.dumps({"panels": [{"type": "timeseries", "targets": [{"expr": e} for e in exprs]}]}, indent=2)


PROMTAIL = "scrape_configs:\n  - job_name: x\n    pipeline_stages: []\n"
E = ("groups[0].rules[0].expr", 5)  # the expression of the first rule

CASES = [
    # promql/rate
    ("promql/rate", [("promtail/config", PROMTAIL)], []),
    ("promql/rate", [("prometheus/rules", record("rate(http_requests_total[5m])"))], []),
    ("promql/rate", [("prometheus/rules", record("rate(node_vmstat_pgfault[5m]) + rate(job:x:rate5m[5m])"))], []),
    ("promql/rate", [("prometheus/rules", record("rate(memory_bytes[5m])"))], [E]),
    ("promql/rate", [("prometheus/rules", record("increase(sum(x_total)[1h:1m])"))], [E]),
    ("promql/rate", [("grafana/dashboard", dashboard("irate(temperature_celsius[$__rate_interval])"))], [("panels[0].targets[0].expr", 7)]),
    # promql/counter
    ("promql/counter", [("promtail/config", PROMTAIL)], []),
    ("promql/counter", [("prometheus/rules", record("sum(rate(x_total[5m])) / sum(rate(x_count[5m]))"))], []),
    ("promql/counter", [("prometheus/rules", record("count(x_total) + absent(y_total) + (up and on() z_total)"))], []),
    ("promql/counter", [("prometheus/rules", alert("kube_pod_container_status_restarts_total > 3"))], [E]),
    ("promql/counter", [("prometheus/rules", alert("kafka_consumergroup_lag_sum > 1000"))], []),
    ("promql/counter", [("prometheus/rules", alert("pending_requests_count > 10"))], []),  # a gauge named _count
    ("promql/counter", [("prometheus/rules", alert("http_server_requests_seconds_count > 10"))], [E]),
    ("promql/counter", [("grafana/dashboard", dashboard("histogram_quantile(0.9, x_bucket)"))], [("panels[0].targets[0].expr", 7)]),
    # promql/range
    ("promql/range", [("promtail/config", PROMTAIL)], []),
    ("promql/range", [("prometheus/rules", record("rate(x_total[4m])"))], []),
    ("promql/range", [("prometheus/rules", record("rate(x_total[1m])"))], [E]),
    ("promql/range", [("prometheus/rules", record("rate(x_total[2m])"))], [E]),
    ("promql/range", [("prometheus/rules", record("rate(x_total[1m])"))], [], {"scrape_interval": "15s"}),
    ("promql/range", [("grafana/dashboard", dashboard("rate(x_total[$__rate_interval])"))], []),
    # promql/histogram-quantile
    ("promql/histogram-quantile", [("promtail/config", PROMTAIL)], []),
    ("promql/histogram-quantile", [("prometheus/rules", record("histogram_quantile(0.9, sum by (le, job) (rate(x_bucket[5m])))"))], []),
    ("promql/histogram-quantile", [("prometheus/rules", record("histogram_quantile(0.9, sum(rate(x_seconds[5m])))"))], []),  # native
    ("promql/histogram-quantile", [("prometheus/rules", record("histogram_quantile(0.9, sum by (job) (rate(x_bucket[5m])))"))], [E]),
    ("promql/histogram-quantile", [("prometheus/rules", record("histogram_quantile(0.9, sum by (le) (rate(x_seconds_sum[5m])))"))], [E]),
    ("promql/histogram-quantile", [("grafana/dashboard", dashboard("histogram_quantile(0.5, sum without (le) (rate(x_bucket[$__rate_interval])))"))], [("panels[0].targets[0].expr", 7)]),
    # promql/regexp
    ("promql/regexp", [("promtail/config", PROMTAIL)], []),
    ("promql/regexp", [("prometheus/rules", record('up{job=~"api|web", code=~"5.."}'))], []),
    ("promql/regexp", [("prometheus/rules", record('up{job=~"api"}'))], [E]),
    ("promql/regexp", [("prometheus/rules", record('up{job=~".*"}'))], [E]),
    ("promql/regexp", [("prometheus/rules", record('up{job=~"^api$"}'))], [E]),
    ("promql/regexp", [("grafana/dashboard", dashboard('up{job=~"$job", instance=~"${instance:regex}"}'))], []),
    # promql/division
    ("promql/division", [("grafana/dashboard", dashboard("a / b > 1"))], []),
    ("promql/division", [("prometheus/rules", alert("sum(rate(failed_total[5m])) / sum(rate(attempts_total[5m])) > 0.1"))], [E]),
    ("promql/division", [("prometheus/rules", alert("100 * sum(rate(failed_total[5m])) / sum(rate(attempts_total[5m])) > 10"))], [E]),
    ("promql/division", [("prometheus/rules", alert("sum(rate(failed_total[5m])) / clamp_min(sum(rate(attempts_total[5m])), 1) > 0.1"))], []),
    ("promql/division", [("prometheus/rules", alert("sum(rate(failed_total[5m])) / (sum(rate(attempts_total[5m])) > 0) > 0.1"))], []),
    ("promql/division", [("prometheus/rules", alert('sum(rate(req_total{code=~"5.."}[5m])) / sum(rate(req_total[5m])) > 0.1'))], []),
    ("promql/division", [("prometheus/rules", alert("avail_bytes / size_bytes < 0.1"))], []),
    ("promql/division", [("prometheus/rules", alert("a / b > 0.1 and b > 10"))], []),
    ("promql/division", [("prometheus/rules", alert("connections / max_connections > 0.8"))], []),  # limits are never 0
    ("promql/division", [("prometheus/rules", alert("rate(x_failed_total[5m]) / rate(x_total[5m]) > 0.01"))], []),  # subset
    # promql/aggregation
    ("promql/aggregation", [("grafana/dashboard", dashboard("sum(x) > 1"))], []),
    ("promql/aggregation", [("prometheus/rules", alert("sum by (job) (rate(x_total[5m])) > 1"))], []),
    ("promql/aggregation", [("prometheus/rules", alert("rate(x_total[5m]) > 1"))], []),
    ("promql/aggregation", [("prometheus/rules", alert("sum(rate(x_total[5m])) > 1", "  labels:\n    job: batch\n"))], []),
    ("promql/aggregation", [("prometheus/rules", alert("sum(rate(x_total[5m])) > 1"))], [E]),
    ("promql/aggregation", [("prometheus/rules", alert("sum by (job) (rate(x_total[5m])) > 1"))], [E], {"routing_labels": "job team"}),
    (  # the group_by of the route taken is alertmanager/group-by-label's business
        "promql/aggregation",
        [("prometheus/rules", alert("sum by (job) (rate(x_total[5m])) > 1")),
         ("alertmanager/config", AM_CONFIG.replace("  receiver: r\n", "  receiver: r\n  group_by: [alertname, cluster]\n"))],
        [],
    ),
]


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{i:02d}-{c[0]}:{'reports' if c[2] else 'quiet'}" for i, c in enumerate(CASES)]
)
def test_promql_checks(run_check, case):
    name, docs, expected = case[:3]
    settings = case[3] if len(case) > 3 else None
    assert where(run_check(name, *docs, settings=settings)) == expected


def test_range_severity_and_per_job_interval(run_check):
    # Too short for the configured interval: certain, a bug.
    [short] = run_check("promql/range", ("prometheus/rules", record("rate(x_total[1m])")), settings={"scrape_interval": "1m"})
    assert str(short.severity) == "bug" and "fewer than two samples" in short.message
    # Same range against Prometheus's default only assumed (a rule file read alone): a warning.
    [assumed] = run_check("promql/range", ("prometheus/rules", record("rate(x_total[1m])")))
    assert str(assumed.severity) == "warning" and "fewer than two samples" in assumed.message
    [known] = run_check("promql/range", ("prometheus/rules", record("rate(x_total[1m])")),
                        ("prometheus/config", "global:\n  evaluation_interval: 1m\n"))
    assert str(known.severity) == "bug"  # a prometheus.yml without scrape_interval: the 1m default applies
    [fragile] = run_check("promql/range", ("prometheus/rules", record("rate(x_total[2m])")))
    assert str(fragile.severity) == "warning"
    config = "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: slow\n    scrape_interval: 2m\n"
    found = run_check(
        "promql/range",
        ("prometheus/rules", record('rate(x_total{job="slow"}[5m]) + rate(x_total{job="fast"}[1m])')),
        ("prometheus/config", config),
    )
    assert len(found) == 1 and "job 'slow'" in found[0].message


def test_division_message_names_the_denominator(run_check):
    [problem] = run_check("promql/division", ("prometheus/rules", alert("rate(errors_total[5m]) / rate(requests_total[5m]) > 1")))
    assert "`rate(requests_total[5m])`" in problem.message and "+Inf" in problem.message
