import io
import json

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Location, Problem, Report, Severity
from monitoring_as_code.core.resource import SourceLocation
from monitoring_as_code.core.suppress import filter_disabled
from monitoring_as_code.report import render

RAW = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n"


def test_raw_document_locates_paths_by_line(tmp_path):
    doc = Document(kind="prometheus/rules", data={}, file=str(tmp_path / "r.yml"), text=RAW)
    loc = doc.locate(("groups", 0, "rules", 0, "expr"))
    assert loc.line == 5
    assert loc.object_path == "groups[0].rules[0].expr"


def test_compiled_document_points_at_python_and_artifact_lines():
    doc = Document(
        kind="prometheus/rules", data={}, file="rules/x.py", artifact="prometheus/rules/x.yml", text=RAW,
        python_locations={("groups", 0, "rules", 0): SourceLocation("rules/x.py", 12)},
    )
    loc = doc.locate(("groups", 0, "rules", 0, "expr"))
    assert (loc.file, loc.line, loc.artifact, loc.artifact_line) == ("rules/x.py", 12, "prometheus/rules/x.yml", 5)


def test_report_threshold_summary_and_formats():
    report = Report()
    report.add(Problem(Severity.WARNING, "alerts/for", "no for", "add for", Location(file="r.yml", line=4)))
    assert not report.failed
    report.add(Problem(Severity.BUG, "promql/syntax", "bad", "fix", Location(file="r.yml", line=5)))
    report.add(Problem(Severity.BUG, "promql/syntax", "bad", "fix", Location(file="r.yml", line=5)))
    assert report.failed and len(report.sorted()) == 2
    assert report.summary() == "Problems found: FATAL=0 BUG=1 WARNING=1 INFO=0"
    out = io.StringIO()
    render(report, "json", out)
    data = json.loads(out.getvalue())
    assert {k for k in data["problems"][0]} >= {"severity", "check", "message", "file", "line"}
    out = io.StringIO()
    render(report, "github", out)
    assert "::error file=r.yml,line=5,title=promql/syntax::bad" in out.getvalue()
    out = io.StringIO()
    render(report, "console", out)
    assert "Bug: bad (promql/syntax)" in out.getvalue() and "---> r.yml:5" in out.getvalue()


def test_disable_comments_and_config(tmp_path):
    path = tmp_path / "r.yml"
    path.write_text("a: 1  # mac: disable=alerts/for\nb: 2\n# mac: file-disable=promql\n")
    at = lambda check, line: Problem(Severity.BUG, check, "m", location=Location(file=str(path), line=line))
    problems = [at("alerts/for", 1), at("alerts/for", 2), at("promql/rate", 2), at("rule/name", 2)]
    kept = filter_disabled(problems, {"rule/name"})
    assert [(p.check, p.location.line) for p in kept] == [("alerts/for", 2)]
