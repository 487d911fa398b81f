"""Loki 3.x configuration: the model compiles, valid configs pass, and every listed defect is
reported with its location and a hint, on Python definitions and on raw loki.yaml alike."""

from __future__ import annotations

import json
import os

import pytest

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import to_data
from monitoring_as_code.core.problem import Severity
from monitoring_as_code.core.yamlsource import load_documents
from monitoring_as_code.loki import (
    Common,
    Compactor,
    Filesystem,
    Index,
    Limits,
    LokiConfig,
    PeriodConfig,
    SchemaConfig,
    Storage,
)
from monitoring_as_code.loki.config_checks import check_config

DATA = os.path.join(os.path.dirname(__file__), "..", "data", "loki")
EXAMPLES = os.path.join(DATA, "examples")
VALID_EXAMPLES = ["loki-local-config.yaml", "loki-s3-cluster.yaml", "loki-gcs.yaml"]


def raw(text: str) -> Document:
    return Document(kind="loki/config", data=load_documents(text)[0], file="loki.yaml", text=text)


def problems_of(text: str):
    return check_config(raw(text))


def by_check(problems, check):
    return [p for p in problems if p.check == check]


GOOD = """\
schema_config:
  configs:
    - from: 2024-01-01
      store: tsdb
      object_store: filesystem
      schema: v13
      index: {prefix: index_, period: 24h}
common:
  storage:
    filesystem: {chunks_directory: /loki/chunks}
"""


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_grafana_example_configs_load_and_pass(mac, name):
    result = mac(["check", os.path.join(EXAMPLES, name), "--format", "json"])
    report = json.loads(result.stdout)
    assert result.status == 0, report
    assert [p for p in report["problems"] if p["severity"] in ("bug", "fatal")] == []


def test_the_specs_loki_2x_config_is_flagged_with_migration_hints(mac):
    result = mac(["check", os.path.join(DATA, "spec-loki-2x.yaml"), "--format", "json"])
    assert result.status == 1
    found = {(p["check"], p["object_path"]): p for p in json.loads(result.stdout)["problems"]}
    expected = {
        ("loki/schema", "schema_config.configs[0].store"): 29,
        ("loki/removed-key", "storage_config.boltdb_shipper"): 37,
        ("loki/removed-key", "storage_config.boltdb_shipper.shared_store"): 41,
        ("loki/removed-key", "compactor.shared_store"): 47,
        ("loki/removed-key", "limits_config.enforce_metric_name"): 52,
        ("loki/removed-key", "chunk_store_config.max_look_back_period"): 55,
        ("loki/removed-key", "table_manager"): 57,
        ("loki/removed-key", "ingester.max_transfer_retries"): 24,
    }
    for key, line in expected.items():
        assert key in found, key
        assert found[key]["line"] == line and found[key]["file"].endswith("spec-loki-2x.yaml")
        assert found[key]["severity"] == "bug" and found[key]["hint"]
    assert "max_query_lookback" in found[("loki/removed-key", "chunk_store_config.max_look_back_period")]["hint"]
    assert "tsdb" in found[("loki/schema", "schema_config.configs[0].store")]["hint"]
    assert "silently ignored" in found[("loki/removed-key", "limits_config.enforce_metric_name")]["message"]
    assert "compactor.retention_enabled" in found[("loki/removed-key", "table_manager")]["hint"]


def test_a_minimal_modern_config_has_no_problem():
    assert problems_of(GOOD) == []


@pytest.mark.parametrize("block,typo,fix", [
    ("limits_config", "retention_perod: 168h", "retention_period"),
    ("compactor", "retention_enable: true", "retention_enabled"),
    ("ruler", "alertmanager_ur: http://am:9093", "alertmanager_url"),
    ("server", "http_listen_prot: 3100", "http_listen_port"),
])
def test_typos_are_unknown_keys_with_a_did_you_mean_hint(block, typo, fix):
    problems = by_check(problems_of(GOOD + f"{block}:\n  {typo}\n"), "loki/unknown-key")
    assert len(problems) == 1
    assert problems[0].hint == f"did you mean `{fix}`?"
    assert problems[0].severity == Severity.BUG
    assert problems[0].location.line == len(GOOD.splitlines()) + 2


def test_unknown_top_level_block_is_reported():
    problems = by_check(problems_of(GOOD + "storage_confg:\n  filesystem: {}\n"), "loki/unknown-key")
    assert problems[0].hint == "did you mean `storage_config`?"


def test_open_blocks_are_not_checked_key_by_key():
    assert problems_of(GOOD + "memberlist:\n  join_members: [a]\n  anything_new: 1\n") == []


def test_structured_metadata_needs_tsdb_v13_in_the_newest_period():
    text = GOOD.replace("tsdb", "boltdb-shipper").replace("v13", "v12")
    problems = by_check(problems_of(text), "loki/schema")
    assert len(problems) == 1 and "allow_structured_metadata: false" in problems[0].hint
    assert problems[0].location.line == 4
    assert by_check(problems_of(text + "limits_config:\n  allow_structured_metadata: false\n"), "loki/schema") == []


def test_a_migration_needs_structured_metadata_off_until_the_tsdb_period_starts():
    text = GOOD.replace("store: tsdb", "store: boltdb-shipper").replace("schema: v13", "schema: v11").replace(
        "      index: {prefix: index_, period: 24h}\n",
        "      index: {prefix: index_, period: 24h}\n    - from: 2099-01-01\n      store: tsdb\n"
        "      object_store: filesystem\n      schema: v13\n      index: {prefix: index_, period: 24h}\n")
    problems = by_check(problems_of(text), "loki/schema")
    assert len(problems) == 1 and problems[0].location.object_path == "schema_config.configs[0].store"
    assert "2099-01-01" in problems[0].hint and "allow_structured_metadata: false" in problems[0].hint
    assert by_check(problems_of(text + "limits_config:\n  allow_structured_metadata: false\n"), "loki/schema") == []


def test_once_the_tsdb_period_is_active_the_old_one_only_serves_old_data():
    text = GOOD.replace("store: tsdb", "store: boltdb-shipper").replace("schema: v13", "schema: v11").replace(
        "from: 2024-01-01", "from: 2020-01-01").replace(
        "      index: {prefix: index_, period: 24h}\n",
        "      index: {prefix: index_, period: 24h}\n    - from: 2024-01-01\n      store: tsdb\n"
        "      object_store: filesystem\n      schema: v13\n      index: {prefix: index_, period: 24h}\n")
    assert by_check(problems_of(text), "loki/schema") == []


@pytest.mark.parametrize("change,message", [
    (("period: 24h", "period: 168h"), "index period must be 24h"),
    (("from: 2024-01-01", "from: 2024-13-01"), "is not a date"),
    (("schema: v13", "schema: v14"), "unknown schema version"),
])
def test_schema_period_defects(change, message):
    problems = by_check(problems_of(GOOD.replace(*change)), "loki/schema")
    assert any(message in p.message for p in problems), problems


def test_missing_schema_config_is_a_bug():
    problems = by_check(problems_of("server:\n  http_listen_port: 3100\n"), "loki/schema")
    assert problems and problems[0].severity == Severity.BUG


def test_periods_out_of_order():
    text = GOOD.replace("    - from: 2024-01-01", """\
    - from: 2024-06-01
      store: tsdb
      object_store: filesystem
      schema: v13
      index: {prefix: index_, period: 24h}
    - from: 2024-01-01""")
    assert any("ascending" in p.message for p in by_check(problems_of(text), "loki/schema"))


def test_retention_needs_delete_request_store():
    text = GOOD + "compactor:\n  retention_enabled: true\nlimits_config:\n  retention_period: 168h\n"
    problems = by_check(problems_of(text), "loki/retention")
    assert len(problems) == 1 and "delete_request_store" in problems[0].message
    assert problems[0].location.line == len(GOOD.splitlines()) + 2
    fixed = text.replace("retention_enabled: true", "retention_enabled: true\n  delete_request_store: filesystem")
    assert by_check(problems_of(fixed), "loki/retention") == []


def test_retention_period_without_the_compactor_does_nothing():
    problems = by_check(problems_of(GOOD + "limits_config:\n  retention_period: 36h\n"), "loki/retention")
    assert {p.severity for p in problems} == {Severity.WARNING}
    assert any("no effect" in p.message for p in problems) and any("multiple" in p.message for p in problems)


@pytest.mark.parametrize("value", ["7days", "1 h", "5", "abc"])
def test_bad_durations(value):
    problems = by_check(problems_of(GOOD + f"limits_config:\n  retention_period: {value}\n"), "loki/duration")
    assert len(problems) == 1 and "retention_period" in problems[0].message


def test_literal_storage_secret_is_a_warning_and_env_reference_is_fine():
    text = GOOD + "storage_config:\n  aws:\n    secret_access_key: hunter2\n"
    assert by_check(problems_of(text), "loki/secret")[0].severity == Severity.WARNING
    assert by_check(problems_of(text.replace("hunter2", "${S3_SECRET}")), "loki/secret") == []


def test_unconfigured_object_store_is_a_warning():
    problems = by_check(problems_of(GOOD.replace("object_store: filesystem", "object_store: s3")), "loki/storage")
    assert problems and "storage_config.aws" in problems[0].hint


def test_python_definition_compiles_with_loki3_defaults():
    config = LokiConfig(
        common=Common(path_prefix="/loki", storage=Storage(filesystem=Filesystem(chunks_directory="/loki/chunks"))),
        schema_config=SchemaConfig(configs=[PeriodConfig(from_="2024-01-01")]),
        limits_config=Limits(retention_period="168h"),
        compactor=Compactor(retention_enabled=True, delete_request_store="filesystem"),
    )
    data = to_data(config)
    assert data["schema_config"]["configs"] == [{"from": "2024-01-01", "store": "tsdb", "object_store": "filesystem",
                                                  "schema": "v13", "index": {"prefix": "index_", "period": "24h"}}]
    assert "name" not in data


def test_python_definition_problems_point_at_the_users_line(tmp_path, mac):
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = loki\n")
    (tmp_path / "loki").mkdir()
    (tmp_path / "loki" / "loki.py").write_text(
        "from monitoring_as_code.loki import *\n"
        "CONFIG = LokiConfig(\n"
        "    schema_config=SchemaConfig(configs=[PeriodConfig(from_='2024-01-01', schema='v11',\n"
        "                                                     index=Index(period='48h'))]),\n"
        "    limits_config=Limits(extra={'enforce_metric_name': False}),\n"
        ")\n")
    result = mac(["check", "--format", "json"], cwd=str(tmp_path))
    problems = json.loads(result.stdout)["problems"]
    lines = {(p["check"], p["line"]) for p in problems}
    assert ("loki/schema", 3) in lines  # v11 in the newest period: the PeriodConfig(...) line
    assert ("loki/schema", 4) in lines  # the 48h index period: the Index(...) line
    assert ("loki/removed-key", 5) in lines
    assert all(p["artifact"] == "loki/loki.yaml" for p in problems)
    assert Index().period == "24h"


def test_deprecated_keys_are_warnings_with_the_replacement():
    problems = by_check(problems_of(GOOD + "server:\n  grpc_server_stats_tracking_enabled: true\n"),
                        "loki/deprecated-key")
    assert problems[0].severity == Severity.WARNING and "removed in a future version" in problems[0].hint


def test_an_unlisted_limits_key_without_a_close_match_is_only_a_warning():
    problems = by_check(problems_of(GOOD + "limits_config:\n  some_future_limit: 3\n"), "loki/unknown-key")
    assert problems[0].severity == Severity.WARNING and "silently ignores" in problems[0].message


def test_promtail_structured_metadata_needs_a_loki_that_allows_it(tmp_path, mac):
    loki = tmp_path / "loki.yaml"
    loki.write_text(GOOD + "limits_config:\n  allow_structured_metadata: false\n")
    promtail = tmp_path / "promtail.yaml"
    promtail.write_text("clients: [{url: 'http://loki:3100/loki/api/v1/push'}]\nscrape_configs:\n"
                        "  - job_name: a\n    static_configs: [{labels: {__path__: /x}}]\n"
                        "    pipeline_stages:\n      - structured_metadata: {trace_id: trace_id}\n")
    result = mac(["check", str(loki), str(promtail), "--format", "json"])
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "loki/structured-metadata"]
    assert [(p["file"].endswith("promtail.yaml"), p["line"]) for p in problems] == [(True, 6)]


@pytest.mark.parametrize("ruler,message", [
    ("  alertmanager_url: alertmanager:9093\n", "not an http(s) URL"),
    ("  alertmanager_url: http://a:9093,b:9093\n", "'b:9093'"),
    ("  storage:\n    type: local\n", "local.directory"),
    ("  storage:\n    type: disk\n", "unknown rule storage"),
])
def test_ruler_defects(ruler, message):
    problems = by_check(problems_of(GOOD + "ruler:\n" + ruler), "loki/ruler")
    assert len(problems) == 1 and message in problems[0].message


def test_several_alertmanagers_are_fine():
    assert by_check(problems_of(GOOD + "ruler:\n  alertmanager_url: http://a:9093,https://b:9093\n"), "loki/ruler") == []
