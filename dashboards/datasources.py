"""Portal Universe's Grafana datasources, provisioned from
``build/grafana/provisioning/datasources/portal-universe.yaml``. Dashboards reference them by uid
(``prometheus``, ``loki``), and the dashboard check verifies every uid they use is defined here.

Logs and traces link both ways: a trace id in a log line becomes a link to Zipkin (Loki derived
field), and a Zipkin span links back to its logs in Loki.
"""

from loki._tracing import TRACE_ID_MATCHER
from monitoring_as_code.grafana.datasources import (
    AlertmanagerDatasource,
    Datasources,
    DerivedField,
    LokiDatasource,
    PrometheusDatasource,
    ZipkinDatasource,
)

DATASOURCES = Datasources(
    name="portal-universe",
    datasources=[
        PrometheusDatasource(url="http://prometheus:9090", time_interval="15s"),
        LokiDatasource(
            url="http://loki:3100",
            derived_fields=[DerivedField(name="TraceID", matcher_regex=TRACE_ID_MATCHER, datasource_uid="zipkin",
                                         url_display_label="View trace in Zipkin")],
        ),
        ZipkinDatasource(url="http://zipkin:9411", logs_uid="loki"),
        AlertmanagerDatasource(url="http://alertmanager:9093", implementation="prometheus"),
    ],
)
