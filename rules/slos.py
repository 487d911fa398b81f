"""Portal Universe SLOs, and the k6 load tests gated by them: one objective, every output.

The operations spec states its objectives twice, by hand: k6 thresholds (p95 < 500 ms,
p99 < 1000 ms, failed requests < 1%) and latency/error alerts. Here each objective is written
once, per user-facing service, and becomes:

* recording rules and multi-window multi-burn-rate alerts (``build/prometheus/rules/slos.yml``;
  page = ``critical`` -> PagerDuty and Slack, ticket = ``warning`` -> Slack), with promtool tests;
* the error-budget dashboard (``pu-slo-error-budgets``);
* the k6 thresholds of every load test below (``build/k6/<name>.options.json``).
"""

from dashboards._inventory import FOLDER, LINKS, TAG
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
    Trend,
)
from monitoring_as_code.slo import (
    SLO,
    Availability,
    Latency,
    error_budget_dashboard,
    slo_rule_file,
    slo_rule_tests,
)
from rules._portal import RUNBOOK_URL

#: Spring Boot (Micrometer) HTTP server histogram; the job label is the service name.
HTTP = "http_server_requests_seconds"
#: Services whose users feel every request (the gateway fronts all of them).
USER_FACING = {"api-gateway": "platform", "auth-service": "platform", "shopping-service": "commerce"}


def _objectives(service: str, team: str) -> list[SLO]:
    job = f'job="{service}"'
    common = {"service": service, "window": "30d", "labels": {"team": team}}
    return [
        SLO(
            sli=Availability(
                total=f"{HTTP}_count{{{job}}}",
                errors=f'{HTTP}_count{{{job},status=~"5.."}}',
                test_series=(f'{HTTP}_count{{{job},status="200"}}', f'{HTTP}_count{{{job},status="500"}}'),
            ),
            objective=99, description="99% of requests answered without a 5xx (spec: errors < 1%)",
            runbook_url=f"{RUNBOOK_URL}/SLOAvailability", **common,
        ),
        SLO(
            name=f"{service}-latency-p95",
            sli=Latency(metric=HTTP, threshold_seconds=0.5, selector=job),
            objective=95, description="95% of requests faster than 500ms (spec: p95 < 500ms)",
            runbook_url=f"{RUNBOOK_URL}/SLOLatency", **common,
        ),
        SLO(
            name=f"{service}-latency-p99",
            sli=Latency(metric=HTTP, threshold_seconds=1.0, selector=job),
            objective=99, description="99% of requests faster than 1s (spec: p99 < 1000ms)",
            runbook_url=f"{RUNBOOK_URL}/SLOLatency", **common,
        ),
    ]


SLOS = [slo for service, team in USER_FACING.items() for slo in _objectives(service, team)]
GATEWAY_SLOS = [s for s in SLOS if s.service == "api-gateway"]

# Burn-rate alerts need no `for`: the short window (5m, 30m...) already requires the burn to
# last, and a `for` would only delay the page (SRE workbook, "multiwindow, multi-burn-rate");
# alerts/for knows this pattern and stays quiet.
slo_rules = slo_rule_file(SLOS, name="slos")
slo_tests = slo_rule_tests(SLOS, slo_rules)
slo_dashboard = error_budget_dashboard(
    SLOS, title="Portal Universe - SLOs and Error Budgets", uid="pu-slo-error-budgets", folder=FOLDER,
    tags=[TAG, "slo"], links=LINKS,
)

# k6 load tests. Thresholds come from the gateway's SLOs (p95 < 500ms, p99 < 1000ms,
# http_req_failed < 1%), plus the script's custom metrics.
_ERRORS = Rate(name="errors", thresholds=["rate<0.01"])
_JOURNEY = [_ERRORS, Trend(name="product_search_duration", thresholds=["p(95)<300"]),
            Trend(name="auth_duration", thresholds=["p(95)<200"])]

smoke = LoadTest(name="smoke", scenarios=[ConstantVUs(name="smoke", vus=5, duration="1m", tags={"test": "smoke"})],
                 slos=GATEWAY_SLOS, metrics=_JOURNEY)

load = LoadTest(
    name="load",
    scenarios=[RampingVUs(name="load", start_vus=0, tags={"test": "load"}, stages=[
        Stage(duration="2m", target=100), Stage(duration="5m", target=100),
        Stage(duration="2m", target=500), Stage(duration="5m", target=500),
        Stage(duration="2m", target=1000), Stage(duration="5m", target=1000),
        Stage(duration="2m", target=0),
    ])],
    slos=GATEWAY_SLOS, metrics=_JOURNEY,
)

# Stress and spike look for the breaking point: the SLO thresholds stay, so the report says
# where they break, but only a failed-request rate above 10% aborts the run early.
stress = LoadTest(
    name="stress",
    scenarios=[RampingArrivalRate(name="stress", start_rate=50, time_unit="1s", pre_allocated_vus=500, max_vus=3000,
                                  tags={"test": "stress"}, stages=[
        Stage(duration="5m", target=200), Stage(duration="5m", target=500), Stage(duration="5m", target=1000),
        Stage(duration="5m", target=0),
    ])],
    slos=GATEWAY_SLOS, metrics=[_ERRORS],
)

spike = LoadTest(
    name="spike",
    scenarios=[RampingVUs(name="spike", start_vus=0, tags={"test": "spike"}, stages=[
        ("30s", 50), ("10s", 1500), ("1m", 1500), ("10s", 50), ("2m", 50), ("30s", 0),
    ])],
    slos=GATEWAY_SLOS, metrics=[_ERRORS],
)

soak = LoadTest(
    name="soak",
    scenarios=[ConstantArrivalRate(name="soak", rate=200, time_unit="1s", duration="4h", pre_allocated_vus=200,
                                   max_vus=800, tags={"test": "soak"})],
    slos=GATEWAY_SLOS, metrics=_JOURNEY,
)

# Coupon rush: 1,000 users share 10,000 issue attempts. Conflicts (already issued, sold out)
# are expected answers, so the gate is on the coupon counters and shopping-service's SLOs.
coupon_rush = LoadTest(
    name="coupon-rush",
    scenarios=[SharedIterations(name="coupon_rush", vus=1000, iterations=10000, max_duration="2m",
                                tags={"test": "coupon-rush"})],
    slos=[s for s in SLOS if s.service == "shopping-service"],
    metrics=[
        Counter(name="coupon_success", thresholds=["count>0"]),
        Counter(name="coupon_fail", thresholds=["count<1"]),
        Counter(name="coupon_already_issued"),
        Counter(name="coupon_exhausted"),
        Trend(name="coupon_issue_duration", thresholds=["p(95)<1000"]),
    ],
    # Sold-out coupons answer 409, which k6 counts in http_req_failed: allow them here.
    thresholds={"http_req_failed": ["rate<0.05"]},
)

# Every user's journey once, per VU: a warm-up check that each endpoint answers.
journey_check = LoadTest(
    name="journey-check",
    scenarios=[PerVUIterations(name="journey", vus=10, iterations=3, max_duration="5m", tags={"test": "journey"})],
    slos=GATEWAY_SLOS,
)
