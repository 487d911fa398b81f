"""The check cache: unchanged files are served from it, anything that changes the result misses it."""

from __future__ import annotations

import os
import time

import pytest

from monitoring_as_code.core import pipeline
from monitoring_as_code.core.cache import CheckCache, entry_count
from monitoring_as_code.core.project import Project

GOOD = """\
groups:
  - name: api
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
"""
# `for: 5x` is a bug found per document (by the rules target's own validation).
BAD = GOOD + """\
      - alert: ApiDown
        expr: up{job="api"} == 0
        for: 5x
        labels:
          severity: critical
        annotations:
          summary: api is down
"""


def write(folder, name: str, text: str) -> str:
    path = os.path.join(str(folder), name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


@pytest.fixture
def project(tmp_path):
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = rules\n")
    environ = {"MAC_CACHE_DIR": str(tmp_path / "cache")}
    return Project.load(str(tmp_path), environ=environ)


def rendered(outcome: pipeline.Outcome) -> list[tuple]:
    return [(p.severity, p.check, p.message, p.location) for p in outcome.report.problems]


def refuse_parsing(monkeypatch) -> None:
    def parse(*args, **kwargs):
        raise AssertionError("parsed although the file is unchanged")

    monkeypatch.setattr(pipeline, "_parse_raw", parse)


def test_second_run_is_served_from_the_cache_with_the_same_problems(project, tmp_path, monkeypatch) -> None:
    path = write(tmp_path, "rules.yml", BAD)
    first = pipeline.check(project, [path], cache=True)
    assert any(p.location.line == 8 for p in first.report.problems), rendered(first)
    assert entry_count(str(tmp_path / "cache")) == 1

    refuse_parsing(monkeypatch)
    second = pipeline.check(project, [path], cache=True)
    assert rendered(second) == rendered(first)
    assert [d.data for d in second.ctx.documents] == [d.data for d in first.ctx.documents]


def test_a_changed_file_misses_the_cache(project, tmp_path) -> None:
    path = write(tmp_path, "rules.yml", BAD)
    assert pipeline.check(project, [path], cache=True).report.failed
    write(tmp_path, "rules.yml", GOOD)
    assert not pipeline.check(project, [path], cache=True).report.problems
    assert entry_count(str(tmp_path / "cache")) == 1  # a file keeps its latest entry only


def test_folders_unused_for_a_month_are_pruned(project, tmp_path) -> None:
    old = write(tmp_path, "old.yml", GOOD)
    pipeline.check(project, [old], cache=True)
    month_ago = time.time() - 31 * 86400
    for dirpath, _dirs, _files in os.walk(tmp_path / "cache" / "check"):
        os.utime(dirpath, (month_ago, month_ago))
    os.utime(tmp_path / "cache" / "check" / ".pruned", (month_ago, month_ago))
    new = write(tmp_path, "new.yml", BAD)
    pipeline.check(project, [new], cache=True)
    assert entry_count(str(tmp_path / "cache")) == 1


def test_changed_settings_miss_the_cache(project, tmp_path, monkeypatch) -> None:
    path = write(tmp_path, "rules.yml", GOOD)
    pipeline.check(project, [path], cache=True)
    other = Project(root=project.root, settings={**project.settings, "prometheus_version": "2.30"},
                    environ=project.environ)
    assert CheckCache.for_project(other).salt != CheckCache.for_project(project).salt
    refuse_parsing(monkeypatch)
    with pytest.raises(AssertionError, match="parsed although"):
        pipeline.check(other, [path], cache=True)


def test_without_cache_nothing_is_read_or_written(project, tmp_path) -> None:
    path = write(tmp_path, "rules.yml", BAD)
    pipeline.check(project, [path], cache=False)
    assert not (tmp_path / "cache").exists()


def test_cross_file_checks_still_run_on_cached_files(project, tmp_path) -> None:
    """The same recording rule in two files is found by a cross-document check, cached or not."""
    one = write(tmp_path, "one.yml", GOOD)
    two = write(tmp_path, "two.yml", GOOD.replace("name: api", "name: api-copy"))
    first = pipeline.check(project, [one, two], cache=True)
    second = pipeline.check(project, [one, two], cache=True)
    assert [p.check for p in first.report.problems] == ["rule/duplicate"]
    assert rendered(second) == rendered(first)
    os.remove(two)
    assert not pipeline.check(project, [one], cache=True).report.problems


def test_syntax_errors_are_cached_too(project, tmp_path, monkeypatch) -> None:
    path = write(tmp_path, "broken.yml", "groups:\n  - name: [unclosed\n")
    first = pipeline.check(project, [path], cache=True)
    assert [p.check for p in first.report.problems] == ["yaml/syntax"]
    refuse_parsing(monkeypatch)
    assert rendered(pipeline.check(project, [path], cache=True)) == rendered(first)


def test_a_damaged_entry_is_a_miss(project, tmp_path) -> None:
    path = write(tmp_path, "rules.yml", BAD)
    first = pipeline.check(project, [path], cache=True)
    for dirpath, _dirs, files in os.walk(tmp_path / "cache"):
        for name in files:
            with open(os.path.join(dirpath, name), "wb") as fh:
                fh.write(b"\x00garbage")
    assert rendered(pipeline.check(project, [path], cache=True)) == rendered(first)


def test_locations_follow_the_working_directory(project, tmp_path, monkeypatch) -> None:
    sub = tmp_path / "rules"
    sub.mkdir()
    path = write(sub, "rules.yml", BAD)
    monkeypatch.chdir(tmp_path)
    assert {p.location.file for p in pipeline.check(project, [path], cache=True).report.problems} == {"rules/rules.yml"}
    monkeypatch.chdir(sub)
    assert {p.location.file for p in pipeline.check(project, [path], cache=True).report.problems} == {"rules.yml"}


def test_an_unwritable_cache_only_costs_speed(project, tmp_path) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    path = write(tmp_path, "rules.yml", BAD)
    assert pipeline.check(project, [path], cache=True).report.failed


def test_cli_no_cache_option(mac, tmp_path) -> None:
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\n")
    write(tmp_path, "rules.yml", BAD)
    environ = {**os.environ, "MAC_CACHE_DIR": str(tmp_path / "cache")}
    assert mac(["check", "--no-cache", "rules.yml"], cwd=str(tmp_path), environ=environ).status == 1
    assert not (tmp_path / "cache").exists()
    first = mac(["check", "rules.yml"], cwd=str(tmp_path), environ=environ)
    second = mac(["check", "rules.yml"], cwd=str(tmp_path), environ=environ)
    assert entry_count(str(tmp_path / "cache")) == 1
    assert (first.status, first.stdout) == (second.status, second.stdout) and first.status == 1


def test_document_facts_are_kept_with_the_entry(project, tmp_path, monkeypatch) -> None:
    """A cross-document check's per-document value is computed once, then read from the cache."""
    from monitoring_as_code.core.cache import document_fact

    calls = []

    def reads(doc):
        calls.append(doc.file)
        return sorted(r.get("record", "") for g in doc.data["groups"] for r in g["rules"])

    original = pipeline._validate

    def validate_with_fact(ctx):
        for doc in ctx.documents:
            assert document_fact(doc, "test.records", lambda d=doc: reads(d)) == ["", "job:http_requests:rate5m"]
            document_fact(doc, "test.unkeepable", lambda: object())  # not plain data: recomputed, never kept
        return original(ctx)

    monkeypatch.setattr(pipeline, "_validate", validate_with_fact)
    path = write(tmp_path, "rules.yml", BAD)
    pipeline.check(project, [path], cache=True)
    pipeline.check(project, [path], cache=True)
    assert calls == [path]


ALERT_ON_RECORDED = """\
groups:
  - name: alerts
    rules:
      - alert: HighErrors
        expr: job:errors:rate5m > 1
        for: 5m
        labels:
          severity: warning
        annotations:
          summary: "errors on {{ $labels.instance }}"
          description: errors
          runbook_url: https://runbooks.example.com/high-errors
"""
RECORDING = """\
groups:
  - name: records
    rules:
      - record: job:errors:rate5m
        expr: sum by ({by}) (rate(errors_total[5m]))
"""
PROMETHEUS_CONFIG = """\
global:
  scrape_interval: {interval}
scrape_configs:
  - job_name: api
    static_configs:
      - targets: ["api:8080"]
"""


def test_what_another_file_records_is_not_served_stale(project, tmp_path) -> None:
    """An alert's result labels come from a recording rule in another file: editing that rule
    re-checks the unchanged alert file (its parse still comes from the cache)."""
    alerts = write(tmp_path, "alerts.yml", ALERT_ON_RECORDED)
    records = write(tmp_path, "records.yml", RECORDING.format(by="job, instance"))
    first = pipeline.check(project, [alerts, records], cache=True)
    assert "alerts/template" not in {p.check for p in first.report.problems}

    write(tmp_path, "records.yml", RECORDING.format(by="job"))  # drops `instance`
    second = pipeline.check(project, [alerts, records], cache=True)
    uncached = pipeline.check(project, [alerts, records], cache=False)
    assert rendered(second) == rendered(uncached)
    assert [p.location.object_path for p in second.report.problems if p.check == "alerts/template"] == [
        "groups[0].rules[0].annotations.summary"
    ]

    cache = CheckCache.for_project(project)  # saved under the new fingerprint: a third run is all hits
    pipeline.prepare(project, [alerts, records], cache=cache)
    assert (cache.hits, cache.misses) == (2, 0)


def test_a_changed_scrape_interval_elsewhere_is_not_served_stale(project, tmp_path) -> None:
    rules = write(tmp_path, "rules.yml", RECORDING.format(by="job").replace("[5m]", "[1m]"))
    config = write(tmp_path, "prometheus.yml", PROMETHEUS_CONFIG.format(interval="15s"))
    first = pipeline.check(project, [rules, config], cache=True)
    assert "promql/range" not in {p.check for p in first.report.problems}
    write(tmp_path, "prometheus.yml", PROMETHEUS_CONFIG.format(interval="1m"))  # [1m] now holds one sample
    second = pipeline.check(project, [rules, config], cache=True)
    assert rendered(second) == rendered(pipeline.check(project, [rules, config], cache=False))
    assert "promql/range" in {p.check for p in second.report.problems}
