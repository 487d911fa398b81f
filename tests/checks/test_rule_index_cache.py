"""The run's rule index on cached files: each document's series reads come from the check cache,
so a second ``mac check`` over unchanged files parses no PromQL."""

from __future__ import annotations

import json

import promql_parser

from monitoring_as_code.checks import _promql
from monitoring_as_code.core import pipeline
from monitoring_as_code.core.project import Project

RECORD = """\
groups:
  - name: {name}
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
      - alert: ApiErrors
        expr: job:http_requests:rate5m > 100
        for: 5m
"""
DASHBOARD = json.dumps(
    {"title": "API", "uid": "api", "panels": [{"type": "stat", "targets": [{"expr": "sum(job:http_request:rate5m)"}]}]},
    indent=2,
)


def found(outcome: pipeline.Outcome) -> list[tuple]:
    return [(p.check, p.message, p.location) for p in outcome.report.problems]


def test_a_cached_run_finds_the_same_problems_without_parsing_promql(tmp_path, monkeypatch) -> None:
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = rules\n")
    project = Project.load(str(tmp_path), environ={"MAC_CACHE_DIR": str(tmp_path / "cache")})
    paths = []
    for name, text in (
        ("one.yml", RECORD.format(name="one")),
        ("two.yml", RECORD.format(name="two")),
        ("dashboard.json", DASHBOARD),
    ):
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))

    first = found(pipeline.check(project, paths, cache=True))
    assert "rule/duplicate" in [check for check, _message, _location in first], first  # a cross-file check ran

    def refuse(text: str):
        raise AssertionError(f"parsed {text!r} although every file is unchanged")

    _promql.parsed.cache_clear()
    monkeypatch.setattr(promql_parser, "parse", refuse)
    assert found(pipeline.check(project, paths, cache=True)) == first
