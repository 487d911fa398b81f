"""The dashboard checks' shortcuts report exactly what their plain formulations report.

Each reference below is the straightforward version a shortcut replaced (a generator per panel
level, a datasource type read for every target, a regex screen...). Both run on random dashboards
built to be awkward: rows and collapsed rows, legacy ``rows``, non-dict panels and targets,
datasources by uid, by name and through variables, Loki queries, blank and broken PromQL,
``[[var]]`` and ``${var:fmt}`` uses, undefined variables, API envelopes.
"""

from __future__ import annotations

import json
import random
import re
from functools import partial

import pytest

from monitoring_as_code.checks import _grafana
from monitoring_as_code.checks._config import format_duration
from monitoring_as_code.checks.base import parsed_queries
from monitoring_as_code.checks.dashboard_rate_interval import DashboardRateIntervalCheck
from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Severity
from monitoring_as_code.core.project import Project
from monitoring_as_code.core.target import Context
from monitoring_as_code.grafana.checks import dashboard_panels, dashboard_root, panel_label, queries, template_vars
from monitoring_as_code.grafana.templating import defined_variables

EXPRS = [
    'sum by (job) (rate(http_requests_total{job="$job"}[$__rate_interval]))', "rate(x_total[5m])",
    "irate(x_total[$__interval])", "rate(x_total[$interval])", "topk($n, up)", 'up{job="[[job]]"}',
    'up{job=~"${job:regex}"}', "sum(up) by (job", "up == ", '{job="api"} |= "error"', "", "   ",
    "rate(x_total[$__rate_interval]) / $undefined", 'label_replace(up, "a", "$1", "b", "(.*)")',
    "x[$__rate_interval:$__interval]", "rate(x_total[${__rate_interval}])", "rate(x_total[[[interval]]])",
    "foo$__rate_interval", "sum(rate(x[1m])) by (job) > 0.5", "irate(x[2m]) or rate(y[$__range])",
    "generate_rate_total", "rate()", "rate (x_total[5m])", "sum(irate\n(x[1m]))", 'sum(count_over_time({job="x"}[5m]))', "job:requests:rate5m",
]
DATASOURCES = [None, {"type": "prometheus", "uid": "prometheus"}, {"type": "loki", "uid": "loki"}, "Prometheus",
               {"uid": "${ds}"}, "$ds", {"type": "datasource", "uid": "-- Mixed --"}, {"uid": "loki"}, "", 3,
               {"type": "", "uid": "prometheus"}, {"type": "tempo", "uid": "tempo"}, {"type": "$type"}]


def _target(rng: random.Random, i: int) -> object:
    if rng.random() < 0.05:
        return rng.choice(["bad", None, ["x"]])
    target: dict = {"expr": rng.choice(EXPRS), "refId": chr(65 + i)}
    for field, values in (("datasource", DATASOURCES), ("legendFormat", ["{{job}}", "$job", "[[env]]", 5]),
                          ("interval", ["$interval", "1m", "$nope"]), ("format", ["${fmt}", "table"])):
        if rng.random() < 0.3:
            target[field] = rng.choice(values)
    if rng.random() < 0.05:
        target["expr"] = rng.choice([None, 5, ["up"]])
    return target


def _panel(rng: random.Random, depth: int = 0) -> object:
    if rng.random() < 0.04:
        return "not a panel"
    panel: dict = {"type": rng.choice(["timeseries", "stat", "row", "logs", None]),
                   "title": rng.choice(["Rate $job", "", "p95 ${instance}", None, 7])}
    if rng.random() < 0.5:
        panel["datasource"] = rng.choice(DATASOURCES)
    if rng.random() < 0.85:
        panel["targets"] = [_target(rng, i) for i in range(rng.randint(0, 4))]
    if rng.random() < 0.1:
        panel["repeat"] = rng.choice(["job", "nope", "", 3])
    if rng.random() < 0.05:
        panel["interval"] = rng.choice(["$interval", {"a": "$bad"}, ["$x", 1]])
    if depth < 2 and rng.random() < 0.15:
        panel["panels"] = [_panel(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return panel


def _dashboard(rng: random.Random) -> dict:
    data: dict = {"title": "t", "uid": "u", "panels": [_panel(rng) for _ in range(rng.randint(0, 8))]}
    if rng.random() < 0.15:
        data["rows"] = [{"panels": [_panel(rng) for _ in range(2)]}, "not a row", {"panels": "x"}]
    if rng.random() < 0.6:
        data["templating"] = {"list": [
            {"name": rng.choice(["job", "instance", "ds", "interval", "n"]),
             "type": rng.choice(["query", "custom", "interval", "datasource"]),
             "query": rng.choice(["prometheus", "loki", "5m,10m", "label_values(up, job)"]),
             "current": {"value": rng.choice(["api", "$__all", "5m", "sum("])}} for _ in range(rng.randint(0, 3))]}
    if rng.random() < 0.1:
        return {"dashboard": data, "meta": {}}
    return data


def _doc(data: dict) -> Document:
    return Document(kind="grafana/dashboard", data=data, file="board.json", text=json.dumps(data, indent=1))


def _ctx(doc: Document) -> Context:
    return Context(project=Project(root="."), documents=[doc])


def _reference_panels(items: object, path: tuple):
    """The panel walk as a generator per level (what ``panel_list`` replaced)."""
    if not isinstance(items, list):
        return
    for i, panel in enumerate(items):
        if isinstance(panel, dict):
            yield path + (i,), panel
            yield from _reference_panels(panel.get("panels"), path + (i, "panels"))


def _reference_dashboard_panels(data: object, root: tuple) -> list:
    if not isinstance(data, dict):
        return []
    found = list(_reference_panels(data.get("panels"), root + ("panels",)))
    rows = data.get("rows")
    for i, row in enumerate(rows if isinstance(rows, list) else []):
        if isinstance(row, dict):
            found.extend(_reference_panels(row.get("panels"), root + ("rows", i, "panels")))
    return found


def _reference_split_targets(dashboard: dict) -> tuple[list, list]:
    """The catalogue's query list through ``iter_targets``: a datasource type for every target."""
    prometheus, loki = [], []
    for path, target, _panel, kind in _grafana.iter_targets(dashboard):
        expr = _grafana._query_text(target)
        if expr is None:
            continue
        if kind == "loki" or (kind is None and _grafana.looks_like_logql(expr)):
            loki.append((path + ("expr",), expr))
        elif kind in ("prometheus", None):
            prometheus.append((path + ("expr",), _grafana.substitute(expr)))
    return prometheus, loki


def _reference_promql(doc: Document, root: tuple, data: dict, ctx: Context) -> list:
    """dashboard/promql with both datasource types read for every target."""
    variables = defined_variables(data)
    known = queries.known_datasource_types(ctx)
    problems = []
    for path, panel in dashboard_panels(doc, root, data):
        targets = panel.get("targets")
        if not isinstance(targets, list):
            continue
        for j, target in enumerate(targets):
            expr = target.get("expr") if isinstance(target, dict) else None
            if not isinstance(expr, str) or not expr or expr.isspace():
                continue
            kind = queries.datasource_type(target.get("datasource"), variables, known) or queries.datasource_type(
                panel.get("datasource"), variables, known)
            if kind not in (None, "prometheus") or (kind is None and queries._looks_like_logql(expr)):
                continue
            error = queries.parse_error(expr, variables)
            if error:
                problems.append(doc.problem(
                    path + ("targets", j, "expr"), queries.NAME,
                    f"{panel_label(panel)}, query {target.get('refId', j)}: PromQL does not parse: {error}",
                    "fix the expression (try it in the Prometheus expression browser)", Severity.BUG))
    return problems


def _reference_variables(doc: Document, root: tuple, data: dict) -> list:
    """dashboard/variable scanning every templated string of every field, as first written."""
    defined = set(defined_variables(data))
    problems: list = []
    for path, panel in dashboard_panels(doc, root, data):
        for field in template_vars._PANEL_FIELDS:
            value = panel.get(field)
            if value is None:
                continue
            if field == "repeat" and isinstance(value, str) and value:
                value = "$" + value
            for text in template_vars._templated(value):
                template_vars._report(doc, path + (field,), partial(panel_label, panel), text, defined, problems)
        targets = panel.get("targets")
        for j, target in enumerate(targets if isinstance(targets, list) else []):
            if not isinstance(target, dict):
                continue
            for field in template_vars._TARGET_FIELDS:
                value = target.get(field)
                if value is None:
                    continue
                for text in template_vars._templated(value):
                    template_vars._report(doc, path + ("targets", j, field),
                                          partial(template_vars._query_label, panel, target, j), text, defined,
                                          problems)
    return [p for p in problems if not p.location.object_path.startswith("templating")]


_RATE_CALL = re.compile(r"\b(rate|irate|increase)\s*\(")


def _reference_rate_interval(query) -> list[str]:
    """dashboard/rate-interval behind the regex screen, reading each call's first argument from the AST
    object: the start of each message it would write."""
    if not _RATE_CALL.search(query.text):
        return []
    found = []
    for node in query.parsed.of_kind("Call"):
        if node.name not in ("rate", "irate") or not node.expr.args:
            continue
        if type(node.expr.args[0]).__name__ != "MatrixSelector":
            continue
        matrix = node.expr.args[0]
        variable = _grafana.range_variable(matrix.range)
        if variable in ("__rate_interval", "__range", "variable"):
            continue
        shown = "$__interval" if variable == "__interval" else format_duration(matrix.range)
        found.append(f"{node.name}() over [{shown}]: ")
    return found


SEEDS = range(120)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_panel_list_is_the_generator_walk(seed):
    data = _dashboard(random.Random(seed))
    doc = _doc(data)
    root, board = dashboard_root(doc)
    assert dashboard_panels(doc, root, board) == _reference_dashboard_panels(board, root)
    assert _grafana.panels(doc) == _reference_dashboard_panels(data, ())
    assert dashboard_panels(None, root, board) == _reference_dashboard_panels(board, root)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_query_list_is_the_per_target_walk(seed):
    data = _dashboard(random.Random(seed))
    assert _grafana._split_targets(data, _doc(data)) == _reference_split_targets(data)


@pytest.mark.parametrize("seed", SEEDS)
def test_dashboard_promql_reads_a_panels_datasource_once_to_the_same_verdicts(seed):
    data = _dashboard(random.Random(seed))
    doc = _doc(data)
    root, board = dashboard_root(doc)
    assert queries.check(doc, root, board, _ctx(doc)) == _reference_promql(doc, root, board, _ctx(doc))


@pytest.mark.parametrize("seed", SEEDS)
def test_dashboard_variable_screens_strings_to_the_same_reports(seed):
    data = _dashboard(random.Random(seed))
    doc = _doc(data)
    root, board = dashboard_root(doc)
    found = [p for p in template_vars.check(doc, root, board, _ctx(doc))
             if not p.location.object_path.startswith("templating")]
    assert found == _reference_variables(doc, root, board)


@pytest.mark.parametrize("seed", SEEDS)
def test_rate_interval_screens_on_rate_to_the_same_calls(seed):
    data = _dashboard(random.Random(seed))
    doc = _doc(data)
    check = DashboardRateIntervalCheck()
    ctx = _ctx(doc)
    for query in parsed_queries(doc):
        reported = [p.message for p in check.check_query(doc, query, ctx)]
        reference = _reference_rate_interval(query)
        assert len(reported) == len(reference)
        assert all(message.startswith(start) for message, start in zip(reported, reference))


def test_the_random_dashboards_reach_every_branch():
    """The comparisons above mean something: problems of each kind are found on these dashboards."""
    promql = variables = rate = 0
    for seed in SEEDS:
        data = _dashboard(random.Random(seed))
        doc = _doc(data)
        root, board = dashboard_root(doc)
        promql += len(queries.check(doc, root, board, _ctx(doc)))
        variables += len(template_vars.check(doc, root, board, _ctx(doc)))
        rate += sum(len(DashboardRateIntervalCheck().check_query(doc, q, _ctx(doc))) for q in parsed_queries(doc))
    assert promql > 20 and variables > 50 and rate > 20
