"""Malformed configurations (a string where a list belongs, null blocks, numbers as names...) give
problems, never a crash: `mac check` on a half-written file must still report where it is wrong."""

from __future__ import annotations

import itertools

import pytest

from monitoring_as_code.alloy.convert import convert
from monitoring_as_code.core.document import Document
from monitoring_as_code.core.target import Context
from monitoring_as_code.grafana.datasources_target import DatasourcesTarget
from monitoring_as_code.loki.config_checks import check_config
from monitoring_as_code.loki.rules_checks import check_rules
from monitoring_as_code.promtail.checks import check_promtail

WEIRD = [None, [], {}, "x", 3, [None], [{}], {"a": None}, [1, "a"], True]
STAGES = ["json", "labels", "match", "metrics", "timestamp", "drop", "labeldrop", "regex", "multiline", "cri",
          "docker", "template", "sampling"]
FIELDS = ["expression", "source", "format", "action", "selector", "stages", "firstline", "template", "older_than",
          "action_on_failure", "config", "type", "expressions"]


def loki_configs():
    for key, v in itertools.product(["schema_config", "compactor", "limits_config", "storage_config", "common",
                                     "ruler", "server", "ingester", "query_range"], WEIRD):
        yield {key: v}
        yield {key: {"configs": v, "retention_enabled": v, "retention_period": v, "storage": v, "filesystem": v}}
    for v in WEIRD:
        yield {"schema_config": {"configs": [v]}}
        yield {"schema_config": {"configs": [{"index": v, "from": v, "store": v, "schema": v, "object_store": v}]}}


def rule_files():
    for v in WEIRD:
        yield v
        yield {"groups": v}
        yield {"groups": [v]}
        yield {"groups": [{"name": v, "rules": v, "interval": v}]}
        yield {"groups": [{"name": "g", "rules": [v]}]}
        yield {"groups": [{"name": "g", "rules": [{"alert": v, "expr": v, "labels": v, "annotations": v, "for": v}]}]}
        yield {"groups": [{"name": "g", "rules": [{"alert": "a", "expr": 'sum(rate({a="b"}[5m]))',
                                                   "labels": {"severity": v}, "annotations": {"a": v}}]}]}


def promtail_configs():
    for v in WEIRD:
        yield v
        yield {"clients": v}
        yield {"clients": [{"url": v, "basic_auth": v}]}
        yield {"scrape_configs": [{"job_name": v, "pipeline_stages": v}]}
        yield {"scrape_configs": [{"job_name": "a", "pipeline_stages": [v]}]}
        yield {"scrape_configs": [{"job_name": "a", "relabel_configs": v, "static_configs": v, "docker_sd_configs": v}]}
        yield {"scrape_configs": [{"job_name": "a", "relabel_configs": [{"action": v, "regex": v}]}]}
        for stage in STAGES:
            yield {"scrape_configs": [{"job_name": "a", "pipeline_stages": [{stage: v}]}]}
            yield {"scrape_configs": [{"job_name": "a", "pipeline_stages": [{stage: {f: v for f in FIELDS}}]}]}
        yield {"scrape_configs": [{"job_name": "a", "pipeline_stages": [{"metrics": {"m": {"type": v, "config": v}}}]}]}


def datasource_files():
    for v in WEIRD:
        yield {"apiVersion": 1, "datasources": v}
        yield {"apiVersion": 1, "datasources": [v]}
        yield {"apiVersion": 1, "datasources": [{k: v for k in ("jsonData", "secureJsonData", "uid", "name", "type",
                                                                 "url", "isDefault")}]}
        yield {"apiVersion": 1, "datasources": [{"type": "alertmanager", "jsonData": {"derivedFields": v,
                                                                                     "implementation": v}}]}
        yield {"apiVersion": 1, "datasources": [{"jsonData": {"derivedFields": [v]}}]}
        yield {"apiVersion": 1, "datasources": [{"jsonData": {"derivedFields": [
            {"matcherRegex": v, "datasourceUid": v, "matcherType": v}]}}]}


def test_loki_config_checks_never_crash():
    for data in loki_configs():
        assert isinstance(check_config(Document(kind="loki/config", data=data, file="x.yaml")), list), data


def test_loki_rule_checks_never_crash():
    for data in rule_files():
        assert isinstance(check_rules(Document(kind="loki/rules", data=data, file="x.yaml")), list), data


def test_promtail_checks_never_crash_and_wrong_shapes_are_named():
    for data in promtail_configs():
        assert isinstance(check_promtail(Document(kind="promtail/config", data=data, file="x.yaml")), list), data
    problems = check_promtail(Document(kind="promtail/config", data={"clients": "http://loki"}, file="x.yaml"))
    assert [(p.check, p.message) for p in problems] == [("promtail/structure", "`clients` must be a list")]


def test_datasource_checks_never_crash():
    target = DatasourcesTarget()
    for data in datasource_files():
        doc = Document(kind="grafana/datasources", data=data, file="x.yaml")
        target.validate(doc, None)
        target.cross_check(Context(project=None, documents=[doc]))


@pytest.mark.parametrize("data", [{"storage_config": 3}, {"schema_config": {"configs": "x"}}])
def test_wrong_loki_shapes_are_reported_first(data):
    problems = check_config(Document(kind="loki/config", data=data, file="x.yaml"))
    assert [p.check for p in problems] == ["loki/structure"]


def test_alloy_conversion_of_well_formed_input_only():
    assert convert({"clients": [{"url": "http://l"}], "scrape_configs": []}).blocks[0].name == "loki.write"
