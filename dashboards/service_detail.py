"""Portal Universe - Service Detail: one service (``$job``): RED, JVM, and its logs from Loki."""

from dashboards._inventory import FOLDER, LINKS, SERVICES, TAG
from monitoring_as_code.grafana import (
    Row,
    dashboard,
    instance_variable,
    logs,
    prometheus_target,
    red_panels,
    stat,
    timeseries,
)
from monitoring_as_code.grafana.panels import LOKI
from monitoring_as_code.grafana.variables import query_variable

_SEL = 'job="$job", instance=~"$instance"'

service_detail = dashboard(
    "Portal Universe - Service Detail",
    uid="pu-service-detail",
    folder=FOLDER,
    tags=[TAG, "service"],
    links=LINKS,
    description="One Portal Universe service: requests, errors, latency, JVM and logs. Pick it with $job.",
    variables=[
        query_variable("job", f'label_values(up{{job=~"{"|".join(SERVICES)}"}}, job)', label="Service"),
        instance_variable(),
    ],
    panels=[
        stat("Up", f"up{{{_SEL}}}", legend="{{instance}}", unit="none", thresholds=[(None, "red"), (1, "green")], size=(6, 4)),
        stat("Uptime", f"process_uptime_seconds{{{_SEL}}}", legend="{{instance}}", unit="s", color_mode="value",
             size=(6, 4)),
        stat("Live Threads", f"jvm_threads_live_threads{{{_SEL}}}", legend="{{instance}}", unit="short", color_mode="value",
             size=(6, 4)),
        stat("Open Files", f"process_files_open_files{{{_SEL}}}", legend="{{instance}}", unit="short", color_mode="value",
             size=(6, 4)),
        Row("Requests (RED)", red_panels(_SEL, by="uri")),
        Row("JVM", [
            timeseries("Heap Used vs Max", f'sum by (instance) (jvm_memory_used_bytes{{{_SEL}, area="heap"}})',
                       prometheus_target(f'sum by (instance) (jvm_memory_max_bytes{{{_SEL}, area="heap"}})',
                                         "max {{instance}}"),
                       legend="used {{instance}}", unit="bytes", min_value=0),
            timeseries("GC Pause Time", f"sum by (instance) (rate(jvm_gc_pause_seconds_sum{{{_SEL}}}[$__rate_interval]))",
                       legend="{{instance}}", unit="percentunit", min_value=0,
                       description="Share of wall time spent in GC pauses"),
            timeseries("CPU Usage", f"process_cpu_usage{{{_SEL}}}", legend="{{instance}}", unit="percentunit",
                       min_value=0, max_value=1),
            timeseries("DB Connections (HikariCP)", f"sum by (instance, state) (hikaricp_connections{{{_SEL}}})",
                       legend="{{instance}} {{state}}", unit="short", min_value=0),
        ]),
        Row("Logs", [
            timeseries("Error Log Lines",
                       'sum(count_over_time({service_name="$job"} |~ "(?i)(error|exception)" [$__auto]))',
                       legend="error lines", unit="short", datasource=LOKI, size=(24, 6)),
            logs("Service Logs", '{service_name="$job"}'),
        ]),
    ],
)
