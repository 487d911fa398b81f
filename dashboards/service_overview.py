"""Portal Universe - Service Overview: health, traffic, errors, latency and heap of every service."""

from dashboards._inventory import FOLDER, LINKS, SERVICE_JOBS_REGEX, TAG
from monitoring_as_code.grafana import dashboard, gauge, stat, timeseries

_JOBS = f'job=~"{SERVICE_JOBS_REGEX}"'
_UP_MAPPINGS = [{"type": "value", "options": {"0": {"text": "DOWN", "color": "red"}, "1": {"text": "UP", "color": "green"}}}]

service_overview = dashboard(
    "Portal Universe - Service Overview",
    uid="pu-service-overview",
    folder=FOLDER,
    tags=[TAG, "overview"],
    links=LINKS,
    description="Is every Portal Universe service up, how busy, how many errors, how fast (RED), and JVM heap.",
    panels=[
        stat("Service Health", f"up{{{_JOBS}}}", legend="{{job}}", thresholds=[(None, "red"), (1, "green")],
             mappings=_UP_MAPPINGS, description="1 when Prometheus scraped the service successfully", size=(24, 4)),
        timeseries("Request Rate", f"sum by (job) (rate(http_server_requests_seconds_count{{{_JOBS}}}[$__rate_interval]))",
                   unit="reqps", description="HTTP requests per second, by service"),
        timeseries(
            "Error Rate",
            f'sum by (job) (rate(http_server_requests_seconds_count{{{_JOBS}, status=~"5.."}}[$__rate_interval]))'
            f" / sum by (job) (rate(http_server_requests_seconds_count{{{_JOBS}}}[$__rate_interval]))",
            unit="percentunit", min_value=0, thresholds=[(None, "green"), (0.05, "red")],
            description="Share of requests answered 5xx, by service (alert at 5%)"),
        timeseries(
            "p95 Latency",
            f"histogram_quantile(0.95, sum by (job, le) (rate(http_server_requests_seconds_bucket{{{_JOBS}}}[$__rate_interval])))",
            unit="s", min_value=0, thresholds=[(None, "green"), (1, "red")],
            description="95th percentile request duration, by service"),
        gauge(
            "JVM Heap Usage",
            f'sum by (job) (jvm_memory_used_bytes{{{_JOBS}, area="heap"}})'
            f' / sum by (job) (jvm_memory_max_bytes{{{_JOBS}, area="heap"}})',
            description="Heap used over heap max, by service (alert at 90%)", size=(12, 8)),
    ],
)
