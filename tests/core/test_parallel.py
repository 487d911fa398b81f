"""Checking in several processes (``-j``) finds exactly what checking in one finds.

A large rule file is split into runs of groups validated in forked workers; what spans the
split (repeated group names and rules, the file's own shape) is checked on the whole file.
The threshold below which nothing forks is lowered here so small files exercise the path.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from monitoring_as_code.core import parallel, pipeline
from monitoring_as_code.core.cache import FACTS
from monitoring_as_code.core.document import Document, DocumentPart
from monitoring_as_code.core.project import Project


def group(i: int) -> str:
    return f"""\
  - name: group-{i}
    rules:
      - record: job:requests_{i}:rate5m
        expr: sum by (job) (rate(http_requests_total{{handler="/{i}", code=~"5.."}}[5m]))
      - alert: Errors{i}
        expr: sum(rate(http_requests_total{{handler="/{i}"}}[5m])) > 1
        for: 5m
        labels:
          severity: warning
        annotations:
          summary: "errors on {{{{ $labels.job }}}}"
"""


def flawed_file(groups: int = 40) -> str:
    blocks = [group(i) for i in range(groups)]
    blocks[3] = blocks[3].replace("name: group-3", "name: group-30")  # the same name as group 30, far away
    blocks[35] += blocks[2].split("rules:\n", 1)[1].split("      - alert:")[0]  # group 2's record
    blocks[20] = "  - just a string, not a group\n"
    blocks[25] = blocks[25].replace("      - record:", "      - not a rule\n      - record:")
    blocks[5] = blocks[5].replace("[5m]))\n      - alert", "[5m])\n      - alert")  # unclosed parenthesis
    blocks[33] = blocks[33].replace("    rules:", "    interval: 1m1h\n    rules:")
    blocks[38] = blocks[38].replace("$labels.job }}", "$labels.job }")
    return "foo: 1\ngroups:\n" + "".join(blocks)


def as_custom_resource(text: str) -> str:
    body = "".join("  " + line + "\n" if line else "\n" for line in text.replace("foo: 1\n", "").splitlines())
    return "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: big\nspec:\n" + body


def run(tmp_path, paths: list[str], jobs: int) -> list[dict]:
    project = Project.load(str(tmp_path))
    outcome = pipeline.check(project, paths, jobs=jobs)
    return [p.to_dict() for p in outcome.report.sorted()]


@pytest.fixture
def forking(monkeypatch):
    """Fork for any size of run, and record the units each run was cut into."""
    if not parallel.can_fork():
        pytest.skip("workers are forked on Linux only")
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    units: list[int] = []
    real = parallel.map_units

    def recording(work, weights, jobs):
        units.append(len(weights))
        return real(work, weights, jobs)

    monkeypatch.setattr(parallel, "map_units", recording)
    return units


@pytest.mark.parametrize("shape", ["rule file", "PrometheusRule"])
def test_split_file_reports_what_one_process_reports(tmp_path, forking, shape):
    text = flawed_file()
    (tmp_path / "big.yml").write_text(as_custom_resource(text) if shape == "PrometheusRule" else text)
    (tmp_path / "small.yml").write_text("groups:\n" + group(7))  # repeats group-7's rules in another file
    paths = [str(tmp_path / "big.yml"), str(tmp_path / "small.yml")]

    serial = run(tmp_path, paths, jobs=1)
    assert forking == []
    split = run(tmp_path, paths, jobs=3)
    assert forking and forking[0] >= 3, "the big file was not split over the workers"
    assert split == serial

    found = {(p["check"], p["object_path"].split("spec.")[-1] if p["object_path"] else None) for p in serial}
    # What spans parts of the file is still found, at the whole file's paths and lines.
    expected = {
        ("rules/duplicate-group", "groups[30].name"),
        ("rules/duplicate-rule", "groups[35].rules[2]"),
        ("rules/shape", "groups[20]"),
        ("rules/shape", "groups[25].rules[0]"),
        ("promql/syntax", "groups[5].rules[0].expr"),
        ("rules/duration", "groups[33].interval"),
        ("rules/template", "groups[38].rules[1].annotations.summary"),
        ("rule/duplicate", "groups[0].rules[0]"),
    }
    if shape == "rule file":
        expected.add(("rules/unknown-field", "foo"))
    assert expected <= found, sorted(expected - found)
    written = (tmp_path / "big.yml").read_text().splitlines()
    second = [n for n, line in enumerate(written, 1) if line.strip() == "- name: group-30"][1]
    assert [p["line"] for p in serial if p["check"] == "rules/duplicate-group"] == [second]


def test_promtool_does_not_repeat_what_workers_reported(tmp_path, forking, promtool):
    blocks = [group(i) for i in range(40)]
    blocks[5] = blocks[5].replace("[5m]))\n      - alert", "[5m])\n      - alert")  # promtool rejects it too
    (tmp_path / "big.yml").write_text("groups:\n" + "".join(blocks))
    project = Project.load(str(tmp_path))
    alone = subprocess.run([promtool, "check", "rules", str(tmp_path / "big.yml")], capture_output=True, text=True, check=False)
    assert "parenthes" in alone.stdout + alone.stderr  # what would be repeated
    outcome = pipeline.check(project, [str(tmp_path / "big.yml")], run_tools=True, jobs=2)
    assert forking, "the file was not checked in workers"
    checks_at = {}
    for problem in outcome.report.sorted():
        checks_at.setdefault(problem.location.object_path, []).append(problem.check)
    assert "promql/syntax" in checks_at["groups[5].rules[0].expr"]
    assert not [path for path, checks in checks_at.items() if "promtool/check" in checks and path.startswith("groups[5]")]


def test_the_cli_takes_jobs_from_the_option_then_the_environment(tmp_path, mac, capsys):
    (tmp_path / "rules.yml").write_text("groups:\n" + group(1))
    assert mac(["check", "-j", "2", "rules.yml"], cwd=str(tmp_path)).status == 0
    bad = mac(["check", "-j", "0", "rules.yml"], cwd=str(tmp_path))
    assert bad.status == 2 and "'0' is not a number of processes" in capsys.readouterr().err  # argparse's usage error
    bad = mac(["check", "rules.yml"], cwd=str(tmp_path), environ={"MAC_JOBS": "many"})
    assert bad.status == 2 and "MAC_JOBS='many'" in bad.stderr


def test_default_jobs():
    assert parallel.default_jobs({"MAC_JOBS": "3"}) == 3
    assert parallel.default_jobs({}) == parallel.usable_cpus() >= 1
    with pytest.raises(ValueError, match="MAC_JOBS"):
        parallel.default_jobs({"MAC_JOBS": "0"})


def test_shares_are_balanced_by_weight():
    shares = parallel.deal([10, 1, 1, 8, 1, 1], 2)
    totals = sorted(sum([10, 1, 1, 8, 1, 1][i] for i in share) for share in shares)
    assert totals == [11, 11]
    assert sorted(i for share in shares for i in share) == list(range(6))
    assert parallel.deal([5], 4) == [[0]]


def test_map_units_keeps_the_order_of_units(monkeypatch):
    if not parallel.can_fork():
        pytest.skip("workers are forked on Linux only")
    import os

    parent = os.getpid()
    results = parallel.map_units(lambda i: (i * i, os.getpid() != parent), [1] * 8, 2)
    assert [square for square, _ in results] == [i * i for i in range(8)]
    assert any(forked for _, forked in results) and not all(forked for _, forked in results)


def test_a_part_locates_problems_in_the_whole_document(tmp_path):
    text = "groups:\n" + "".join(group(i) for i in range(4))
    whole = Document(kind="prometheus/rules", data=json.loads(json.dumps(_load(text))), file=str(tmp_path / "r.yml"), text=text)
    part = DocumentPart.of(whole, ("groups",), 2, 4)
    assert [g["name"] for g in part.data["groups"]] == ["group-2", "group-3"]
    assert whole.data["groups"][0]["name"] == "group-0"  # the whole is untouched
    located = part.locate(("groups", 1, "rules", 0, "expr"))
    assert located.object_path == "groups[3].rules[0].expr"
    assert located.line == text.splitlines().index("  - name: group-3") + 4


def _load(text: str):
    import yaml

    return yaml.safe_load(text)


def test_a_worker_that_dies_costs_no_result():
    if not parallel.can_fork():
        pytest.skip("workers are forked on Linux only")
    import os
    import signal

    parent = os.getpid()

    def work(i: int) -> int:
        if os.getpid() != parent and i == 5:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
        return i * 10

    assert parallel.map_units(work, [1] * 8, 2) == [i * 10 for i in range(8)]


def test_an_error_in_a_worker_is_computed_again_here_and_raised_from_here():
    if not parallel.can_fork():
        pytest.skip("workers are forked on Linux only")
    import os

    parent = os.getpid()

    def flaky(i: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("only in the worker")
        return i + 1

    assert parallel.map_units(flaky, [1] * 6, 3) == [i + 1 for i in range(6)]

    def broken(i: int) -> int:
        if i == 4:
            raise ValueError(f"unit {i} is broken")
        return i

    with pytest.raises(ValueError, match="unit 4 is broken"):  # with this process's traceback
        parallel.map_units(broken, [1] * 6, 2)
    with pytest.raises(ChildProcessError):  # and no worker is left behind, finished or not
        os.waitpid(-1, os.WNOHANG)


def test_what_cross_document_checks_need_comes_back_from_the_workers(monkeypatch, forking):
    """A whole-project run lists the series every query reads (rule/missing, rule/unused): the
    workers read them where they parsed the queries, the parent does not parse them again."""
    import os

    from monitoring_as_code.checks import _rules

    root = os.path.join(os.path.dirname(__file__), "..", "..")
    project = Project.load(root)
    serial = [p.to_dict() for p in pipeline.check(project, None, jobs=1).report.sorted()]
    read_here: list[str] = []
    real = _rules._reads
    monkeypatch.setattr(_rules, "_reads", lambda doc: (read_here.append(doc.name), real(doc))[1])
    outcome = pipeline.check(project, None, jobs=2)
    assert forking, "the project was not checked in workers"
    assert [p.to_dict() for p in outcome.report.sorted()] == serial
    readers = [d for d in outcome.ctx.documents if d.kind in _rules.READER_KINDS]
    assert readers and all("rules.reads" in d.extra[FACTS] for d in readers)
    assert 0 < len(read_here) < len(readers), "the parent read every document's series again"
