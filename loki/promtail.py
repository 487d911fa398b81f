"""Portal Universe's log shipping: every container's log, as the operations spec's pipeline reads
Docker's json-file driver, compiled to ``build/promtail/promtail.yaml`` and, for the migration to
Grafana Alloy (Promtail reached end of life in March 2026), to ``build/alloy/config.alloy``.

The spec's stages: parse Docker's JSON wrapper, label the ``stream`` (stdout/stderr), take the
entry's time from Docker's RFC3339Nano ``time``, and output the ``log`` field. Added: the compose
service becomes ``service`` and ``job`` (the label our alerts and Alertmanager routes use; Docker
writes it into ``attrs`` when the compose file sets ``logging.options.labels:
com.docker.compose.service``), and the trace id is extracted so Grafana links a log line to its
trace. The trace id is structured metadata, not a label: one stream per trace would explode
Loki's index.
"""

from loki._tracing import TRACE_ID_REGEX
from monitoring_as_code.promtail import (
    Client,
    Json,
    Labels,
    Output,
    Positions,
    PromtailConfig,
    PromtailServer,
    Regex,
    ScrapeConfig,
    StaticConfig,
    StructuredMetadata,
    Timestamp,
)

PROMTAIL = PromtailConfig(
    server=PromtailServer(http_listen_port=9080, grpc_listen_port=0),
    positions=Positions(filename="/tmp/positions.yaml"),
    clients=[Client(url="http://loki:3100/loki/api/v1/push")],
    scrape_configs=[
        ScrapeConfig(
            job_name="containers",
            static_configs=[StaticConfig(labels={"job": "containers",
                                                 "__path__": "/var/lib/docker/containers/*/*-json.log"})],
            pipeline_stages=[
                Json(expressions={"log": None, "stream": None, "time": None,
                                  "service": 'attrs."com.docker.compose.service"'}),
                Labels({"stream": None, "service": None, "job": "service"}),
                Timestamp(source="time", format="RFC3339Nano"),
                Output(source="log"),
                Regex(expression=TRACE_ID_REGEX),
                StructuredMetadata({"trace_id": None}),
            ],
        ),
    ],
)
