"""Dashboard checks: each fires on a broken dashboard and stays quiet on a good one."""

import copy
import json
import os

import pytest

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import format_path
from monitoring_as_code.core.project import Project
from monitoring_as_code.core.target import Context
from monitoring_as_code.grafana.checks import (
    alert_links,
    datasource_refs,
    grid,
    identity,
    queries,
    schema,
    template_vars,
)

GOOD = {
    "title": "Good", "uid": "good", "schemaVersion": 39,
    "templating": {"list": [{"name": "job", "type": "query", "query": "label_values(up, job)",
                             "datasource": {"type": "prometheus", "uid": "prometheus"}}]},
    "panels": [
        {"id": 1, "type": "timeseries", "title": "Rate", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "datasource": {"type": "prometheus", "uid": "prometheus"},
         "targets": [{"refId": "A", "expr": 'sum by (job) (rate(http_requests_total{job=~"$job"}[$__rate_interval]))',
                      "legendFormat": "{{job}}"},
                     {"refId": "B", "expr": "topk($__range_s, up) and on() vector(${job:raw})"}]},
        {"id": 2, "type": "logs", "title": "Logs", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
         "datasource": {"type": "loki", "uid": "loki"},
         "targets": [{"refId": "A", "expr": '{service_name="$job"} |= "error"'}]},
    ],
}
DATASOURCES = {"apiVersion": 1, "datasources": [{"uid": "prometheus", "type": "prometheus", "name": "Prometheus"},
                                                 {"uid": "loki", "type": "loki", "name": "Loki"}]}


def ctx_with(*docs):
    return Context(project=Project(root="."), documents=list(docs))


def dash_doc(data, compiled=False):
    text = json.dumps(data, indent=1)
    return Document(kind="grafana/dashboard", data=data, file="board.json", text=text,
                    artifact="grafana/dashboards/general/x.json" if compiled else None)


def broken(change):
    data = copy.deepcopy(GOOD)
    change(data)
    return data


def run(module, data, *extra_docs, compiled=False):
    doc = dash_doc(data, compiled)
    ctx = ctx_with(doc, *extra_docs)
    if module is schema:
        return schema.check(doc, (), data)
    return module.check(doc, (), data, ctx)


DS_DOC = Document(kind="grafana/datasources", data=DATASOURCES, file="datasources.yml")

CASES = [
    ("schema: gridPos width", schema, lambda d: d["panels"][0]["gridPos"].update(w="wide"), "dashboard/schema", ("panels", 0, "gridPos", "w")),
    ("schema: variable type", schema, lambda d: d["templating"]["list"][0].update(type="weird"), "dashboard/schema", ("templating", "list", 0, "type")),
    ("uid illegal", identity, lambda d: d.update(uid="has space"), "dashboard/uid", ("uid",)),
    ("uid too long", identity, lambda d: d.update(uid="u" * 41), "dashboard/uid", ("uid",)),
    ("title blank", identity, lambda d: d.update(title="  "), "dashboard/title", ("title",)),
    ("duplicate panel id", grid, lambda d: d["panels"][1].update(id=1), "dashboard/panel-id", ("panels", 1, "id")),
    ("past 24 columns", grid, lambda d: d["panels"][1]["gridPos"].update(x=20), "dashboard/grid", ("panels", 1, "gridPos")),
    ("overlap", grid, lambda d: d["panels"][1]["gridPos"].update(x=6), "dashboard/grid", ("panels", 1, "gridPos")),
    ("deprecated graph", grid, lambda d: d["panels"][0].update(type="graph"), "dashboard/deprecated-panel", ("panels", 0, "type")),
    ("promql syntax", queries, lambda d: d["panels"][0]["targets"][0].update(expr="sum(rate(x[5m])"), "dashboard/promql",
     ("panels", 0, "targets", 0, "expr")),
    ("undefined variable", template_vars, lambda d: d["panels"][0]["targets"][0].update(expr="up{env=\"$env\"}"),
     "dashboard/variable", ("panels", 0, "targets", 0, "expr")),
    ("undefined [[var]]", template_vars, lambda d: d["panels"][0].update(title="CPU [[node]]"), "dashboard/variable",
     ("panels", 0, "title")),
    ("unknown datasource uid", datasource_refs, lambda d: d["panels"][0].update(datasource={"type": "prometheus", "uid": "prom-old"}),
     "dashboard/datasource", ("panels", 0, "datasource")),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_check_reports_with_path_and_hint(case):
    _, module, change, name, path = case
    problems = run(module, broken(change), DS_DOC)
    assert [p.check for p in problems] == [name], problems
    problem = problems[0]
    assert problem.location.object_path == format_path(path)
    assert problem.hint and problem.location.line  # a line in the JSON file, a hint to fix it


@pytest.mark.parametrize("module", [schema, identity, grid, queries, template_vars, datasource_refs])
def test_checks_are_quiet_on_a_good_dashboard(module):
    assert run(module, copy.deepcopy(GOOD), DS_DOC) == []


def test_promql_messages_name_the_panel_and_survive_variables():
    problems = run(queries, broken(lambda d: d["panels"][0]["targets"][0].update(expr="rate(x[$__rate_interval]")))
    assert 'panel "Rate", query A' in problems[0].message
    assert run(queries, broken(lambda d: d["panels"][0]["targets"][0].update(
        expr='histogram_quantile(0.9, sum by (le) (rate(x_bucket{a=~"${job:regex}"}[$interval])))'))) == []


@pytest.mark.parametrize("text, checked, same", [
    ("rate(x[5m])", "rate(x[9000001s])", True),
    ("rate(x[5m:1m]) offset 1h", "rate(x[9000001s:9000002s]) offset 9000003s", True),
    ("rate(x[5m])", "rate(x[10m])", False),  # a user's own duration is not ours to swap
    ("rate(x[1m])", "rate(x[9000001s])", False),  # $__rate_interval is 5m
    ("rate(x[5m])", "rate(x[9000009s])", False),  # another variable's value may be anything
    ('x{a="5m"}', 'x{a="9000001s"}', True),  # inside a string either text is a string
    ("rate(x[15m])", "rate(x[19000001s])", False),  # only whole tokens
    ("rate(x[5mm])", "rate(x[9000001sm])", False),
    ("topk(x, up)", "topk(__mac_var__, up)", False),
    ("x offset 1m", "x offset 9000002s", True),  # at the very end
    ("rate(x[5m.])", "rate(x[9000001s.])", False),
    ("rate(x[_5m])", "rate(x[_9000001s])", False),
])
def test_same_syntax_only_swaps_whole_builtin_durations(text, checked, same):
    assert queries._same_syntax(text, checked) is same


def test_promql_parses_a_query_once_for_the_syntax_check_and_the_semantic_checks(monkeypatch):
    import promql_parser

    from monitoring_as_code.checks._grafana import substitute
    from monitoring_as_code.checks._promql import parsed

    run(queries, broken(lambda d: None))  # the dashboard's other queries parsed (and memoised) before counting
    calls = []
    real = promql_parser.parse
    monkeypatch.setattr(promql_parser, "parse", lambda text: calls.append(text) or real(text))
    expr = 'sum by (job) (rate(once_total{job="parse-once"}[$__rate_interval])) / on() group_left sum(max_over_time(up[$__range:]))'
    assert run(queries, broken(lambda d: d["panels"][0]["targets"][0].update(expr=expr))) == []
    assert parsed(substitute(expr)).ast is not None  # what the semantic checks read: served from the memo
    assert calls == [substitute(expr)]
    # A query that does not parse still reports the parser's message for the text Grafana variables give.
    bad = 'sum(rate(never_total{job="parse-once"}[$__rate_interval])'
    problems = run(queries, broken(lambda d: d["panels"][0]["targets"][0].update(expr=bad)))
    assert [p.message for p in problems] == [
        'panel "Rate", query A: PromQL does not parse: unclosed left parenthesis']
    assert calls[1:] == [substitute(bad), 'sum(rate(never_total{job="parse-once"}[5m])']


def test_datasource_check_skipped_without_datasource_documents():
    data = broken(lambda d: d["panels"][0].update(datasource={"type": "prometheus", "uid": "anything"}))
    assert run(datasource_refs, data) == []


def test_datasource_variable_references_are_fine():
    data = broken(lambda d: d["panels"][0].update(datasource={"type": "prometheus", "uid": "${datasource}"}))
    assert run(datasource_refs, data, DS_DOC) == []


def test_deprecated_panel_is_a_warning_in_raw_json_and_a_bug_when_compiled():
    data = broken(lambda d: d["panels"][0].update(type="singlestat"))
    assert [p.severity.name for p in run(grid, data)] == ["WARNING"]
    assert [p.severity.name for p in run(grid, data, compiled=True)] == ["BUG"]


def rules_doc(link):
    data = {"groups": [{"name": "g", "rules": [{"alert": "HighErrorRate", "expr": "up == 0",
                                                 "annotations": {"dashboard": link, "summary": "x"}}]}]}
    return Document(kind="prometheus/rules", data=data, file="rules.yml", text=json.dumps(data, indent=1))


def test_alert_links_must_resolve_to_a_dashboard_of_the_repo():
    board = dash_doc(copy.deepcopy(GOOD))
    bad = alert_links.check(ctx_with(board, rules_doc("https://grafana.example/d/pu-missing?var-job=x")))
    assert [p.check for p in bad] == ["alerts/dashboard-link"]
    assert "pu-missing" in bad[0].message and bad[0].location.object_path == "groups[0].rules[0].annotations.dashboard"
    assert alert_links.check(ctx_with(board, rules_doc("https://grafana.example/d/good/good?orgId=1"))) == []
    assert alert_links.check(ctx_with(rules_doc("https://grafana.example/d/pu-missing"))) == []  # no dashboards: quiet
    partial = ctx_with(board, rules_doc("https://grafana.example/d/pu-missing"))
    partial.complete = False  # `mac test rules/x.py`: the dashboard may be in a file not named
    assert alert_links.check(partial) == []


def test_duplicate_uids_and_folder_titles_across_documents():
    first, second = dash_doc(copy.deepcopy(GOOD)), dash_doc(copy.deepcopy(GOOD))
    second.extra["folder"] = {"uid": "f", "title": "One"}
    third = dash_doc(broken(lambda d: d.update(uid="other")))
    third.extra["folder"] = {"uid": "f", "title": "Two"}
    problems = identity.check_across(ctx_with(first, second, third))
    assert sorted(p.check for p in problems) == ["dashboard/folder", "dashboard/uid"]


def test_portal_universe_passes_every_check(mac, repo_root):
    result = mac(["check", "--format", "json", "--fail-on", "warning"], cwd=repo_root)
    problems = json.loads(result.stdout)["problems"]
    mine = [p for p in problems if (p.get("file") or "").startswith("dashboards" + os.sep)]
    assert mine == [] and result.status == 0, result.stdout


def test_real_world_dashboards_have_no_bugs(mac, repo_root):
    result = mac(["check", "--format", "json", "tests/data/dashboards/real"], cwd=repo_root)
    report = json.loads(result.stdout)
    assert result.status == 0, [p for p in report["problems"] if p["severity"] in ("bug", "fatal")]


DEFINITION = '''from monitoring_as_code.grafana import dashboard

board = dashboard("Overlaps", uid="overlaps", panels=[{DISABLE}
    {{"type": "text", "title": "A", "gridPos": {{"x": 0, "y": 0, "w": 12, "h": 4}}}},
    {{"type": "text", "title": "B", "gridPos": {{"x": 6, "y": 0, "w": 12, "h": 4}}}},
])
'''


@pytest.mark.parametrize("disable", ["", "  # mac: disable=dashboard/grid"], ids=["reported", "disabled"])
def test_python_definition_problems_point_at_the_call_and_can_be_disabled(mac, tmp_path, disable):
    (tmp_path / "dashboards").mkdir()
    (tmp_path / "dashboards" / "board.py").write_text(DEFINITION.format(DISABLE=disable))
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = dashboards\n")
    result = mac(["check", "--format", "json"], cwd=str(tmp_path))
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "dashboard/grid"]
    if disable:
        assert problems == [] and result.status == 0
    else:
        assert [(p["file"].endswith(os.path.join("dashboards", "board.py")), p["line"], p["object_path"])
                for p in problems] == [(True, 3, "panels[1].gridPos")]
        assert 'panel "B" overlaps panel "A"' in problems[0]["message"] and result.status == 1


def test_fast_schema_gate_agrees_with_jsonschema_on_real_and_broken_dashboards():
    """The fast yes/no (jsonschema-rs) may only say "valid" when jsonschema finds no error."""
    import glob
    import os

    from monitoring_as_code.grafana.checks.schema import _is_valid, validator

    real = os.path.join(os.path.dirname(__file__), "..", "data", "dashboards", "real", "*.json")
    boards = []
    for path in sorted(glob.glob(real)):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        boards.append(data.get("dashboard", data) if "meta" in data else data)
    breakages = [
        lambda d: d.update(panels=[{"title": "no type or gridPos"}]),
        lambda d: d.update(schemaVersion="39"),
        lambda d: d.update(uid="not a valid uid!"),
        lambda d: d.update(panels=[{"type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6}}]),
        lambda d: d.update(panels=[{"type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4},
                                    "targets": "up"}]),
    ]
    for board in list(boards):
        for breakage in breakages:
            broken_board = copy.deepcopy(board)
            breakage(broken_board)
            boards.append(broken_board)
    assert len(boards) > 10
    for board in boards:
        assert _is_valid()(board) == (not list(validator().iter_errors(board))), board.get("title")


def test_a_panel_past_the_grid_is_reported_once():
    """The grid check owns gridPos bounds (x + w <= 24, which a schema cannot say); the schema only types."""
    from monitoring_as_code.grafana.checks import check_dashboard

    def widen(data):
        data["panels"][0]["gridPos"].update(w=30)
        data["panels"][1]["gridPos"].update(x=0, y=8)  # out of its way: no overlap to report

    doc = dash_doc(broken(widen))
    problems = check_dashboard(doc, ctx_with(doc, DS_DOC))
    assert [(p.check, p.location.object_path) for p in problems] == [("dashboard/grid", "panels[0].gridPos")]
