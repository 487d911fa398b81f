"""Portal Universe logs and traces: `mac build` emits Loki, Promtail, Alloy, Loki rules and the
Grafana datasources, each passing its checks, and they fit together."""

from __future__ import annotations

import os

import pytest
import yaml

from monitoring_as_code.alertmanager.routing import receivers_for
from monitoring_as_code.alloy.convert import convert
from monitoring_as_code.alloy.syntax import render
from monitoring_as_code.core import pipeline
from monitoring_as_code.core.project import Project
from monitoring_as_code.loki import re2
from monitoring_as_code.loki.logql import parse

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KINDS = ("loki/config", "loki/rules", "promtail/config", "alloy/config", "grafana/datasources")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        outcome = pipeline.build(Project.load(REPO), None, str(out))
    finally:
        os.chdir(cwd)
    return outcome, out


def test_make_build_emits_every_logs_output_without_problems(built):
    outcome, out = built
    mine = [p for p in outcome.report.problems if p.check.startswith(("loki/", "promtail/", "alloy/", "datasource/",
                                                                      "logql/"))]
    assert mine == []
    kinds = {d.kind for d in outcome.ctx.documents if d.compiled}
    assert set(KINDS) <= kinds
    for path in ("loki/loki.yaml", "promtail/promtail.yaml", "alloy/config.alloy",
                 "loki/rules/fake/portal-universe-logs.yml", "grafana/provisioning/datasources/portal-universe.yaml"):
        assert (out / path).is_file(), path


def test_loki_is_the_modern_equivalent_of_the_specs(built):
    _, out = built
    config = yaml.safe_load((out / "loki" / "loki.yaml").read_text())
    period = config["schema_config"]["configs"][-1]
    assert (period["store"], period["schema"], period["object_store"], period["index"]["period"]) == (
        "tsdb", "v13", "filesystem", "24h")
    assert config["limits_config"]["retention_period"] == "168h"
    assert config["compactor"]["retention_enabled"] is True and config["compactor"]["delete_request_store"]
    assert "table_manager" not in config and "chunk_store_config" not in config


SAMPLE_LINES = [
    ('{"level":"ERROR","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","msg":"boom"}',
     "4bf92f3577b34da6a3ce929d0e0e4736"),
    ("2024-05-01 12:00:00.000 ERROR [auth-service,64f1c3a2b9e8d7f6,0a1b2c3d4e5f6a7b] 1 --- [nio-8080] c.p.Auth : x",
     "64f1c3a2b9e8d7f6"),
    ("level=info trace_id=0af7651916cd43dd8448eb211c80319c msg=ok", "0af7651916cd43dd8448eb211c80319c"),
]


@pytest.mark.parametrize("line,trace_id", SAMPLE_LINES)
def test_trace_ids_are_extracted_as_structured_metadata_and_linked_to_zipkin(built, line, trace_id):
    _, out = built
    promtail = yaml.safe_load((out / "promtail" / "promtail.yaml").read_text())
    stages = promtail["scrape_configs"][0]["pipeline_stages"]
    regex = next(s["regex"]["expression"] for s in stages if "regex" in s)
    assert re2.compile_re2(regex).search(line).group("trace_id") == trace_id
    assert {"structured_metadata": {"trace_id": "trace_id"}} in stages
    labels = next(s["labels"] for s in stages if "labels" in s)
    assert "trace_id" not in labels and {"stream", "job"} <= set(labels)
    datasources = yaml.safe_load((out / "grafana/provisioning/datasources/portal-universe.yaml").read_text())
    loki = next(d for d in datasources["datasources"] if d["uid"] == "loki")
    field = loki["jsonData"]["derivedFields"][0]
    assert field["datasourceUid"] == "zipkin" and field["url"] == "${__value.raw}"
    assert re2.compile_re2(field["matcherRegex"]).search(line).group(1) == trace_id
    assert {d["uid"] for d in datasources["datasources"]} == {"prometheus", "loki", "zipkin", "alertmanager"}


def test_the_specs_container_pipeline(built):
    _, out = built
    stages = yaml.safe_load((out / "promtail" / "promtail.yaml").read_text())["scrape_configs"][0]["pipeline_stages"]
    names = [next(iter(s)) for s in stages]
    assert names[:4] == ["json", "labels", "timestamp", "output"]
    assert stages[2]["timestamp"] == {"source": "time", "format": "RFC3339Nano"}
    assert stages[3]["output"] == {"source": "log"}


def test_alloy_config_is_the_conversion_of_the_promtail_config(built):
    _, out = built
    promtail = yaml.safe_load((out / "promtail" / "promtail.yaml").read_text())
    alloy = (out / "alloy" / "config.alloy").read_text()
    assert alloy.endswith(render(convert(promtail).blocks))
    for component in ('local.file_match "containers"', 'loki.process "containers"', "stage.structured_metadata",
                      'loki.source.file "containers"', 'loki.write "default"'):
        assert component in alloy


def test_log_alerts_keep_job_and_route_by_severity(built):
    _, out = built
    rules = yaml.safe_load((out / "loki/rules/fake/portal-universe-logs.yml").read_text())
    alertmanager = yaml.safe_load((out / "alertmanager" / "alertmanager.yml").read_text())
    alerts = [r for g in rules["groups"] for r in g["rules"]]
    assert len(alerts) == 12
    receivers = {}
    for rule in alerts:
        query = parse(rule["expr"])
        assert query.kind == "metric" and "job" in query.labels
        job = next(value for name, _, value in query.selectors[0].matchers if name == "job")
        labels = {"alertname": rule["alert"], "job": job, **rule["labels"]}
        receivers.setdefault(rule["labels"]["severity"], set()).add(tuple(receivers_for(alertmanager, labels)))
    assert receivers["critical"] == {("pagerduty-critical", "slack-notifications")}
    assert receivers["warning"] == {("slack-notifications",)}
