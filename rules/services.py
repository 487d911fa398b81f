"""Portal Universe service alerts: availability, errors, latency, JVM heap and disk of the Spring Boot services.

Changes to the operations spec, and why:

* Ratios divide by ``(denominator > 0)``: a zero denominator (no traffic, no heap maximum, an
  empty filesystem size) would give NaN or +Inf, which either fires a false alert or hides a
  real one depending on the comparison. Filtering it out makes "no data" explicit: no alert.
* HighMemoryUsage counts only heap pools that have a maximum: Micrometer reports -1 as the
  maximum of pools without one (G1 Eden, Survivor), which would shrink the denominator.
* Every expression keeps ``job`` (Alertmanager groups and inhibits by alertname and job), and
  annotations use only labels the expression keeps (``instance`` only where it is kept).
"""

from monitoring_as_code.prometheus import AlertingRule, RuleFile, RuleGroup, Series
from rules._portal import (
    SERVICE_DETAIL,
    SERVICE_OVERVIEW,
    annotations,
    lifecycle_tests,
    rendered,
)

service_down = AlertingRule(
    "ServiceDown",
    "up == 0",
    for_="1m",
    labels={"severity": "critical"},
    annotations=annotations(
        "ServiceDown",
        "{{ $labels.job }} is down",
        "{{ $labels.instance }} of {{ $labels.job }} has not answered Prometheus' scrapes for more than 1 minute.",
        SERVICE_DETAIL,
    ),
)

high_error_rate = AlertingRule(
    "HighErrorRate",
    """
    sum by (job) (rate(http_server_requests_seconds_count{status=~"5.."}[5m]))
      /
    (sum by (job) (rate(http_server_requests_seconds_count[5m])) > 0)
      > 0.05
    """,
    for_="2m",
    labels={"severity": "warning"},
    annotations=annotations(
        "HighErrorRate",
        "{{ $labels.job }} answers {{ $value | humanizePercentage }} of requests with 5xx",
        "More than 5% of the HTTP requests to {{ $labels.job }} failed with a 5xx status over the last 5 minutes "
        "(now {{ $value | humanizePercentage }}).",
        SERVICE_DETAIL,
    ),
)

high_latency = AlertingRule(
    "HighLatency",
    """
    histogram_quantile(0.95, sum by (job, le) (rate(http_server_requests_seconds_bucket[5m])))
      > 0.5
    """,
    for_="5m",
    labels={"severity": "warning"},
    annotations=annotations(
        "HighLatency",
        "{{ $labels.job }} p95 latency is {{ $value | humanizeDuration }}",
        "The 95th percentile of HTTP request duration of {{ $labels.job }} has been above 500ms for 5 minutes "
        "(now {{ $value | humanizeDuration }}).",
        SERVICE_DETAIL,
    ),
)

high_memory_usage = AlertingRule(
    "HighMemoryUsage",
    """
    sum by (job, instance) (
      jvm_memory_used_bytes{area="heap"}
        and on (job, instance, id)
      jvm_memory_max_bytes{area="heap"} > 0
    )
      /
    sum by (job, instance) (jvm_memory_max_bytes{area="heap"} > 0)
      > 0.85
    """,
    for_="5m",
    labels={"severity": "warning"},
    annotations=annotations(
        "HighMemoryUsage",
        "{{ $labels.job }} heap is {{ $value | humanizePercentage }} full on {{ $labels.instance }}",
        "JVM heap used by {{ $labels.job }} on {{ $labels.instance }} has been above 85% of its maximum for "
        "5 minutes (now {{ $value | humanizePercentage }}).",
        SERVICE_DETAIL,
    ),
)

low_disk_space = AlertingRule(
    "LowDiskSpace",
    """
    node_filesystem_avail_bytes{mountpoint="/"}
      /
    (node_filesystem_size_bytes{mountpoint="/"} > 0)
      < 0.15
    """,
    for_="5m",
    labels={"severity": "warning"},
    annotations=annotations(
        "LowDiskSpace",
        "Root filesystem of {{ $labels.instance }} has {{ $value | humanizePercentage }} space left",
        "The root filesystem (/) of {{ $labels.instance }} ({{ $labels.job }}) has had less than 15% space "
        "available for 5 minutes (now {{ $value | humanizePercentage }}).",
        SERVICE_OVERVIEW,
    ),
)

service_alerts = RuleFile(
    [
        RuleGroup(
            "service-alerts",
            [service_down, high_error_rate, high_latency, high_memory_usage, low_disk_space],
        )
    ],
    name="services",
)

# ---- rule unit tests (promtool), three or more per alert ----

_GW = {"job": "api-gateway", "instance": "api-gateway:8080"}


def _requests(status: str, values: str, job: str = "api-gateway") -> Series:
    return Series(
        f'http_server_requests_seconds_count{{job="{job}",instance="{job}:8080",method="GET",uri="/api/posts",'
        f'status="{status}"}}',
        values,
    )


def _latency(le: str, values: str) -> Series:
    return Series(f'http_server_requests_seconds_bucket{{job="blog-service",instance="blog-service:8080",le="{le}"}}', values)


def _heap(pool: str, used: str, maximum: str) -> list[Series]:
    labels = f'job="auth-service",instance="auth-service:8080",area="heap",id="{pool}"'
    return [Series(f"jvm_memory_used_bytes{{{labels}}}", used), Series(f"jvm_memory_max_bytes{{{labels}}}", maximum)]


def _disk(avail: str, size: str) -> list[Series]:
    labels = 'job="node-exporter",instance="app-host-1:9100",mountpoint="/",fstype="ext4",device="/dev/sda1"'
    return [Series(f"node_filesystem_avail_bytes{{{labels}}}", avail), Series(f"node_filesystem_size_bytes{{{labels}}}", size)]


service_down_tests = lifecycle_tests(
    service_down,
    firing=[Series('up{job="api-gateway",instance="api-gateway:8080"}', "0x30")],
    expected=rendered(
        service_down, _GW, "api-gateway is down",
        "api-gateway:8080 of api-gateway has not answered Prometheus' scrapes for more than 1 minute.",
    ),
    quiet={"while the service answers scrapes": [Series('up{job="api-gateway",instance="api-gateway:8080"}', "1x30")]},
)

high_error_rate_tests = lifecycle_tests(
    high_error_rate,
    firing=[_requests("500", "0+6x30"), _requests("200", "0+54x30")],
    expected=rendered(
        high_error_rate, {"job": "api-gateway"}, "api-gateway answers 10% of requests with 5xx",
        "More than 5% of the HTTP requests to api-gateway failed with a 5xx status over the last 5 minutes (now 10%).",
    ),
    quiet={
        "at 1% errors": [_requests("500", "0+1x30"), _requests("200", "0+99x30")],
        "without traffic (0/0 is no alert, not NaN)": [_requests("500", "0x30"), _requests("200", "0x30")],
    },
    true_from="1m",
)

high_latency_tests = lifecycle_tests(
    high_latency,
    firing=[_latency("0.1", "0x30"), _latency("0.5", "0x30"), _latency("1", "0+60x30"), _latency("+Inf", "0+60x30")],
    expected=rendered(
        high_latency, {"job": "blog-service"}, "blog-service p95 latency is 975ms",
        "The 95th percentile of HTTP request duration of blog-service has been above 500ms for 5 minutes (now 975ms).",
    ),
    quiet={
        "when requests are fast": [
            _latency("0.1", "0+60x30"), _latency("0.5", "0+60x30"), _latency("1", "0+60x30"), _latency("+Inf", "0+60x30"),
        ],
        "without traffic": [_latency("0.1", "0x30"), _latency("0.5", "0x30"), _latency("1", "0x30"), _latency("+Inf", "0x30")],
    },
    true_from="1m",
)

high_memory_usage_tests = lifecycle_tests(
    high_memory_usage,
    firing=_heap("G1 Old Gen", "900x30", "1000x30") + _heap("G1 Eden Space", "100x30", "-1x30"),
    expected=rendered(
        high_memory_usage, {"job": "auth-service", "instance": "auth-service:8080"},
        "auth-service heap is 90% full on auth-service:8080",
        "JVM heap used by auth-service on auth-service:8080 has been above 85% of its maximum for 5 minutes (now 90%).",
    ),
    quiet={
        "at 50% heap": _heap("G1 Old Gen", "500x30", "1000x30"),
        "when pools without a maximum (-1) hold memory": (
            _heap("G1 Old Gen", "800x30", "1000x30") + _heap("G1 Eden Space", "300x30", "-1x30")
        ),
    },
)

low_disk_space_tests = lifecycle_tests(
    low_disk_space,
    firing=_disk("10x30", "100x30"),
    expected=rendered(
        low_disk_space, {"job": "node-exporter", "instance": "app-host-1:9100", "mountpoint": "/", "fstype": "ext4",
                         "device": "/dev/sda1"},
        "Root filesystem of app-host-1:9100 has 10% space left",
        "The root filesystem (/) of app-host-1:9100 (node-exporter) has had less than 15% space available for "
        "5 minutes (now 10%).",
    ),
    quiet={"with half the disk free": _disk("50x30", "100x30"), "when the size is unknown (0)": _disk("0x30", "0x30")},
)
