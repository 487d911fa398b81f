"""Promtail: the model compiles to what Promtail reads; valid Grafana examples pass; each listed
defect is reported at its line with a hint."""

from __future__ import annotations

import json
import os

import pytest
import yaml

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import to_data
from monitoring_as_code.core.yamlsource import load_documents
from monitoring_as_code.promtail import (
    CRI,
    Client,
    Decolorize,
    Docker,
    DockerSD,
    Drop,
    Json,
    LabelAllow,
    LabelDrop,
    Labels,
    Logfmt,
    Match,
    Metric,
    Metrics,
    Multiline,
    Output,
    PromtailConfig,
    Regex,
    RelabelConfig,
    ScrapeConfig,
    StaticConfig,
    StructuredMetadata,
    Template,
    Timestamp,
)
from monitoring_as_code.promtail.checks import check_promtail

DATA = os.path.join(os.path.dirname(__file__), "..", "data", "loki")
VALID = ["promtail-local-config.yaml", "promtail-docker-compose.yaml", "promtail-kubernetes-stages.yaml"]


def problems_of(text: str):
    return check_promtail(Document(kind="promtail/config", data=load_documents(text)[0], file="p.yaml", text=text))


@pytest.mark.parametrize("name", VALID)
def test_grafana_example_promtail_configs_pass(mac, name):
    result = mac(["check", os.path.join(DATA, "examples", name), "--format", "json"])
    assert result.status == 0, result.stdout
    assert json.loads(result.stdout)["problems"] == []


def test_every_listed_defect_is_reported_at_its_line(mac):
    result = mac(["check", os.path.join(DATA, "bad", "promtail-defects.yaml"), "--format", "json"])
    assert result.status == 1
    found = {(p["check"], p["line"]): p for p in json.loads(result.stdout)["problems"]}
    assert ("promtail/no-clients", 1) in found
    assert found[("promtail/stage", 16)]["hint"] == "did you mean `json`?"  # unknown stage
    assert "exactly one key" in found[("promtail/stage", 18)]["message"]  # json + labels in one item
    assert "lookahead" in found[("promtail/regex", 23)]["message"]  # not RE2
    assert found[("promtail/stage", 25)]["hint"] == "did you mean `expression`?"  # unknown field
    assert "Go layout" in found[("promtail/stage", 28)]["message"]
    assert found[("logql/syntax", 30)]["hint"]  # match selector
    assert "unterminated" in found[("promtail/regex", 34)]["message"]
    assert ("promtail/duration", 35) in found
    assert "lookbehind" in found[("promtail/regex", 13)]["message"]  # relabel regex
    assert ("promtail/relabel", 12) in found  # replace without target_label


@pytest.mark.parametrize("snippet,check,message", [
    ("clients: [{url: 'loki:3100'}]", "promtail/client", "not an http(s) URL"),
    ("clients: [{url: 'http://l', basic_auth: {username: u, password: p}}]", "promtail/secret", "literal secret"),
    ("clients: [{url: 'http://l'}]\nscrape_configs: [{job_name: a, static_configs: [{}], pipeline_stages: [json]}]",
     "promtail/stage", "not a mapping"),
    (("clients: [{url: 'http://l'}]\nscrape_configs: [{job_name: a, static_configs: [{}], "
     "pipeline_stages: [{match: {selector: '{a=\"b\"}'}}]}]"), "promtail/stage", "needs `stages`"),
    (("clients: [{url: 'http://l'}]\nscrape_configs: [{job_name: a, static_configs: [{}], "
     "pipeline_stages: [{metrics: {m: {type: Counter, config: {action: set}}}}]}]"), "promtail/stage", "config.action"),
    (("clients: [{url: 'http://l'}]\nscrape_configs: [{job_name: a, static_configs: [{}], "
     "pipeline_stages: [{regex: {expression: '\\\\w+'}}]}]"), "promtail/regex", "named capture group"),
    (("clients: [{url: 'http://l'}]\nscrape_configs: [{job_name: a, static_configs: [{}]}, "
     "{job_name: a, static_configs: [{}]}]"), "promtail/scrape-config", "duplicate job_name"),
    ("client_s: [{url: 'http://l'}]", "promtail/unknown-key", "unknown key `client_s`"),
])
def test_defects(snippet, check, message):
    problems = [p for p in problems_of(snippet) if p.check == check]
    assert any(message in p.message for p in problems), problems_of(snippet)


def test_the_model_writes_one_key_stages_with_explicit_names():
    config = PromtailConfig(
        clients=[Client(url="http://loki:3100/loki/api/v1/push")],
        scrape_configs=[ScrapeConfig(
            job_name="all",
            static_configs=[StaticConfig(labels={"__path__": "/var/log/*.log"})],
            docker_sd_configs=[DockerSD(refresh_interval="5s")],
            relabel_configs=[RelabelConfig(source_labels=["__meta_docker_container_name"], target_label="container")],
            pipeline_stages=[
                Docker(), CRI(), Json(expressions={"level": None, "ts": "time"}, source="log"),
                Logfmt(mapping={"user": None}), Regex(expression="(?P<ip>\\S+)"), Labels({"level": None}),
                StructuredMetadata({"trace_id": None}), Timestamp(source="ts", format="RFC3339Nano"),
                Output(source="msg"), Match(selector='{app="x"}', stages=[Template(source="a", template="{{ .b }}")]),
                Drop(older_than="24h"), Multiline(firstline="^\\d"), LabelDrop(["filename"]),
                LabelAllow(["job"]), Decolorize(),
                Metrics({"lines_total": Metric(type="Counter", config={"match_all": True, "action": "inc"})}),
            ],
        )],
    )
    data = to_data(config)
    stages = data["scrape_configs"][0]["pipeline_stages"]
    assert all(len(stage) == 1 for stage in stages)
    assert stages[2] == {"json": {"expressions": {"level": "level", "ts": "time"}, "source": "log"}}
    assert stages[5] == {"labels": {"level": "level"}} and stages[6] == {"structured_metadata": {"trace_id": "trace_id"}}
    assert stages[12] == {"labeldrop": ["filename"]}
    text = yaml.safe_dump(data)
    assert check_promtail(Document(kind="promtail/config", data=data, file="p.py", text=text)) == []


def test_a_literal_password_in_a_definition_blocks_the_build(tmp_path, mac):
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = loki\n")
    (tmp_path / "loki").mkdir()
    (tmp_path / "loki" / "promtail.py").write_text(
        "from monitoring_as_code.promtail import *\n"
        "P = PromtailConfig(clients=[Client(url='http://loki:3100/loki/api/v1/push',\n"
        "                                   basic_auth=BasicAuth(username='u', password='hunter2'))])\n")
    result = mac(["build", "-o", str(tmp_path / "out")], cwd=str(tmp_path))
    assert result.status == 1 and "promtail/secret" in result.stdout and "promtail.py:3" in result.stdout
    assert not (tmp_path / "out").exists()
