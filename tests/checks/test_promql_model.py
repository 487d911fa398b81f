"""The parsed-expression model (``checks/_promql.py``) and the checks' fast paths agree with the
plain reading of promql-parser's AST.

``Parsed.nodes`` reads each parser attribute once and keeps what the checks ask (a node's
function or operator, its ancestors, a selector's metric and matchers); the query checks skip
work with pre-screens read from the text or the settings. Each is pinned here to the slow,
obvious computation on the real-world files under tests/data, hostile cases and random
expressions: a fast path may only ever answer what the slow one would.
"""

from __future__ import annotations

import json
import random

import pytest
from check_harness import rules
from promql_corpus import data_expressions

from monitoring_as_code.checks import all_checks, promql_range, promql_regexp
from monitoring_as_code.checks._promql import (
    MATCH_OPS,
    children,
    equality_value,
    function_name,
    matchers,
    metric_name,
    op_name,
    parsed,
    show,
)
from monitoring_as_code.checks.base import QueryCheck
from monitoring_as_code.core.problem import Severity
from monitoring_as_code.core.project import Project
from monitoring_as_code.core.target import Context

HOSTILE = [
    'up{job=~"api|web"}',
    'x{a=~".*"} + x{a!~".*"} + x{a=~"(.*)"} + x{a=~"^.*$"}',
    'x{a=~"api"} + x{a!~"api"} + x{a=~"^api"} + x{a=~"api$"} + x{a=~"api\\\\$"}',
    "x{a=~'api'} + x{a=~`api`} + x{a=~`a\\d+`} + x{a=~'a.+'}",
    'x{a =~ \n "api"} + x{a!~\t"b.*"}',
    'x{a=~ # a comment\n "api"}',  # a comment after the operator: the screen cannot read past it
    'x{a=~"a\\"b"}',  # an escaped quote
    'x{a=~"a\\\\.b"}',
    'x{a="=~\\"api\\""}',  # `=~` inside a string
    'x{a="b"} # x{a=~"api"}\n',  # `=~` inside a comment
    'label_replace(up, "dst", "$1", "src", "=~api")',
    'x{a=~"x", a=~"x"}',
    'x{a=~"x" or b!~"y", c=~"^z"}',
    'x{or=~"a" or b!~"c"}',
    '{__name__=~"http_.*", job="a"}',
    '{__name__="http_requests_total", job="a"}',
    '{"__name__"="x_total"}',
    'x{job=~"a.+", job="api"}',  # the first `job` matcher is a regex: no equality
    'rate(x_total{job="slow"}[5m]) + rate(x_total{job="fast"}[1m]) + rate(x_total[90s])',
    'count(x_total) + absent(y_total) + (up and on() z_total) + (z_total unless up)',
    "sum(rate(x_total[5m])[10m:1m]) + increase(sum(x_total)[1h:1m])",
    "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))",
    "histogram_quantile(0.9, sum by (job) (rate(x_bucket[5m]))) + histogram_quantile(0.9, sum by (le) (rate(x_seconds_sum[5m])))",
    "-x_total + (x_total) + x_total offset 5m + x_total @ 100",
    'rate #c\n(x_total[5m])',
    "sum(rate(failed_total[5m])) / (sum(rate(attempts_total[5m])) > 0) > 0.1",
    "100 * sum(rate(failed_total[5m])) / clamp_min(sum(rate(attempts_total[5m])), 1) > 10",
    "topk(3, x_total) + quantile(0.9, x) + count_values(\"v\", x)",
]

COUNTERS = ["http_requests_total", "x_bucket", "x_seconds_sum", "req_seconds_count", "pending_count", "job:x:rate5m"]
GAUGES = ["up", "memory_bytes", "x_seconds"]
VALUES = ['"api"', '"5.."', '".*"', '"^a$"', '"a|b"', '"a\\\\$"', "'x'", "`a.b`", '""', '"a.+"']


def _selector(rng: random.Random) -> str:
    name = rng.choice(COUNTERS + GAUGES + [""])
    body = [f'{rng.choice(["job", "code", "le", "__name__"])}{rng.choice(["=", "!=", "=~", "!~"])}{rng.choice(VALUES)}'
            for _ in range(rng.randint(0 if name else 1, 3))]
    text = name + ("{" + ", ".join(body) + (" or job=~\"b.*\"" if body and rng.random() < 0.1 else "") + "}" if body else "")
    return text


def _expression(rng: random.Random, depth: int = 0) -> str:
    pick = rng.random() if depth < 3 else 0.0
    if pick < 0.3:
        return _selector(rng)
    if pick < 0.5:
        func = rng.choice(["rate", "irate", "increase", "delta", "deriv", "changes", "max_over_time"])
        return f"{func}({_selector(rng)}[{rng.choice(['30s', '1m', '2m', '5m', '1h'])}])"
    if pick < 0.65:
        agg = rng.choice(["sum", "count", "max", "group", "avg"])
        return f"{agg}{rng.choice(['', ' by (job)', ' by (le)', ' without (le)'])} ({_expression(rng, depth + 1)})"
    if pick < 0.85:
        op = rng.choice(["/", "*", "+", "-", ">", "<", "> bool", "and", "unless", "or"])
        rhs = _expression(rng, depth + 1) if op in ("and", "unless", "or") or rng.random() < 0.6 else rng.choice(["0", "1", "0.5"])
        return f"{_expression(rng, depth + 1)} {op} {rhs}"
    if pick < 0.95:
        return f"({_expression(rng, depth + 1)})"
    return rng.choice(["clamp_min(x_total, 1)", "vector(1)", "histogram_quantile(0.9, x_bucket)", "-up"])


def expressions() -> list[str]:
    rng = random.Random(9)
    return HOSTILE + data_expressions() + [_expression(rng) for _ in range(1500)]


EXPRESSIONS = expressions()


def _plain_walk(expr, parents=(), steps=()) -> list[tuple]:
    """``(expr, kind, name, parents, steps, size)`` per node, depth first: the obvious reading."""
    kind = type(expr).__name__
    name = function_name(expr) if kind == "Call" else op_name(expr) if kind in ("BinaryExpr", "AggregateExpr") else ""
    here = [None]
    for i, child in enumerate(children(expr)):
        here += _plain_walk(child, parents + (expr,), steps + (i,))
    here[0] = (expr, kind, name, parents, steps, len(here))
    return here


def test_the_corpus_is_broad():
    assert len(EXPRESSIONS) > 1500
    assert sum(parsed(text).ast is not None for text in EXPRESSIONS) > 1000


@pytest.mark.parametrize("chunk", range(4))
def test_nodes_agree_with_a_plain_walk(chunk):
    for text in EXPRESSIONS[chunk::4]:
        tree = parsed(text)
        if tree.ast is None:
            continue
        expected = _plain_walk(tree.ast)
        assert len(tree.nodes) == len(expected), text
        for i, (node, (expr, kind, name, parents, steps, size)) in enumerate(zip(tree.nodes, expected)):
            assert (node.kind, node.name, node.index, node.end, node.steps) == (kind, name, i, i + size, steps), text
            assert [show(p) for p in node.parents] == [show(p) for p in parents], text
            assert show(node.parent) == show(parents[-1]) if parents else node.parent is None
            assert [a.index for a, _step in node.ancestors()] == [n.index for n in tree.nodes if n.index < i < n.end][::-1]
            first = tree.first_child(node)
            assert (first.index if first else None) == (i + 1 if size > 1 else None)
            if kind == "VectorSelector":
                assert node.metric == metric_name(expr), text
                for label in ("job", "code", "le", "__name__", "a"):
                    assert node.equality(label) == equality_value(expr, label), (text, label)
                assert node.matchers() == [(m.name, MATCH_OPS[str(m.op)], m.value) for m in matchers(expr)], text
        for kind in {k for _e, k, *_rest in expected}:
            assert tree.of_kind(kind) == [n for n in tree.nodes if n.kind == kind]


def _rule_file(exprs: list[str], alert: bool = False) -> str:
    body = "".join(
        f"- {'alert: A' if alert else 'record: job:x:r'}{i}\n  expr: {json.dumps(text)}\n" for i, text in enumerate(exprs)
    )
    return rules(body)


def _messages(problems) -> list[tuple]:
    return [(p.location.object_path, str(p.severity), p.message, p.hint) for p in problems]


def test_the_regexp_screen_only_skips_expressions_without_findings(run_check, monkeypatch):
    doc = ("prometheus/rules", _rule_file(EXPRESSIONS))
    fast = _messages(run_check("promql/regexp", doc))
    skipped = [text for text in EXPRESSIONS if "~" in text and not promql_regexp.may_report(text)]
    assert len(skipped) > 100  # the fast path is taken...
    assert len(fast) > 50  # ...and findings remain
    monkeypatch.setattr(promql_regexp, "may_report", lambda text: True)
    assert _messages(run_check("promql/regexp", doc)) == fast


@pytest.mark.parametrize("text", [t for t in HOSTILE if "~" in t])
def test_the_regexp_screen_sends_what_it_cannot_read_to_the_walk(text, run_check, monkeypatch):
    doc = ("prometheus/rules", _rule_file([text]))
    fast = _messages(run_check("promql/regexp", doc))
    monkeypatch.setattr(promql_regexp, "may_report", lambda text: True)
    assert _messages(run_check("promql/regexp", doc)) == fast


@pytest.mark.parametrize(
    "config",
    [
        "",
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: api\n    scrape_interval: 2m\n",
        "global:\n  scrape_interval: 2m\nscrape_configs:\n  - job_name: api\n    scrape_interval: 10s\n",
    ],
)
def test_the_range_screen_only_skips_ranges_long_enough_for_every_job(config, run_check, monkeypatch):
    docs = [("prometheus/rules", _rule_file(EXPRESSIONS))] + ([("prometheus/config", config)] if config else [])
    fast = _messages(run_check("promql/range", *docs))
    assert fast
    monkeypatch.setattr(promql_range, "longest_scrape_seconds", lambda ctx: float("inf"))  # never skip
    assert _messages(run_check("promql/range", *docs)) == fast


def _dashboard(exprs: list[str]) -> str:
    return json.dumps({"panels": [{"type": "timeseries", "targets": [{"expr": e} for e in exprs]}]}, indent=1)


def _every_query_check_alone(docs, ctx) -> list[tuple]:
    found = []
    for check in all_checks():
        if isinstance(check, QueryCheck):
            for doc in docs:
                if doc.kind in check.kinds:
                    found.append((check.name, _messages(check.check_queries(doc, ctx))))
    return found


def _every_query_check(docs, ctx) -> list[tuple]:
    return [
        (check.name, _messages(check.check(doc, ctx)))
        for check in all_checks() if isinstance(check, QueryCheck)
        for doc in docs if doc.kind in check.kinds
    ]


def test_query_checks_run_together_find_what_each_finds_alone(tmp_path, document_of):
    config = "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: api\n    scrape_interval: 2m\n"
    half = len(EXPRESSIONS) // 2
    docs = [
        document_of("prometheus/rules", _rule_file(EXPRESSIONS[:half], alert=True), str(tmp_path / "alerts.yml")),
        document_of("prometheus/rules", _rule_file(EXPRESSIONS[half:]), str(tmp_path / "records.yml")),
        document_of("grafana/dashboard", _dashboard(EXPRESSIONS[::3]), str(tmp_path / "dashboard.json")),
        document_of("prometheus/config", config, str(tmp_path / "prometheus.yml")),
    ]
    ctx = Context(project=Project(root=str(tmp_path)), documents=docs)
    together = _every_query_check(docs, ctx)
    reporting = {name for name, problems in together if problems}
    assert reporting >= {
        "promql/counter", "promql/division", "promql/range", "promql/rate", "promql/regexp", "promql/aggregation",
        "promql/histogram-quantile", "dashboard/rate-interval"}
    # (locals, so a failure prints the first difference, not every problem of the run)
    alone = _differences(together, _every_query_check_alone(docs, ctx))
    assert alone == []
    again = _differences(_every_query_check(docs, ctx), together)  # served from the memo
    assert again == []


def _differences(found: list[tuple], expected: list[tuple]) -> list:
    """Where two ``(check, problems)`` lists first differ, a few problems at most (a diff of the
    whole is too large to read, or even to print)."""
    if [name for name, _ in found] != [name for name, _ in expected]:
        return [("checks", [name for name, _ in found], [name for name, _ in expected])]
    for (name, mine), (_name, theirs) in zip(found, expected):
        if mine != theirs:
            first = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
            return [(name, len(mine), len(theirs), mine[first:first + 1], theirs[first:first + 1])]
    return []


def test_query_checks_run_together_once_per_run(tmp_path, document_of):
    doc = document_of("prometheus/rules", _rule_file(["rate(x_total[2m])"]), str(tmp_path / "r.yml"))
    first = Context(project=Project(root=str(tmp_path)), documents=[doc])
    range_check = next(c for c in all_checks() if c.name == "promql/range")
    assert [p.severity for p in range_check.check(doc, first)] == [Severity.WARNING]
    # Another run (other settings) over the same document object is not served the first run's results.
    second = Context(project=Project(root=str(tmp_path), settings={"scrape_interval": "1m"}), documents=[doc])
    assert [p.severity for p in range_check.check(doc, second)] == [Severity.WARNING]
    third = Context(project=Project(root=str(tmp_path), settings={"scrape_interval": "15s"}), documents=[doc])
    assert range_check.check(doc, third) == []


def test_a_query_check_outside_the_catalogue_runs_alone(tmp_path, document_of):
    class EveryQuery(QueryCheck):
        name = "test/every-query"

        def check_query(self, doc, query, ctx):
            return [self.problem(doc, query.path, f"saw {query.text}", "nothing to do")]

    doc = document_of("prometheus/rules", _rule_file(["up", "rate(x_total[5m])"]), str(tmp_path / "r.yml"))
    ctx = Context(project=Project(root=str(tmp_path)), documents=[doc])
    assert [p.message for p in EveryQuery().check(doc, ctx)] == ["saw up", "saw rate(x_total[5m])"]


def test_a_query_check_with_its_own_loop_is_not_run_together(tmp_path, document_of, monkeypatch):
    class OwnLoop(QueryCheck):
        name = "test/own-loop"

        def check(self, doc, ctx):
            return []

        def check_query(self, doc, query, ctx):
            raise AssertionError("only its own check() decides when this runs")

    import monitoring_as_code.checks as catalogue

    monkeypatch.setattr(catalogue, "all_checks", lambda: (*all_checks(), OwnLoop()))
    doc = document_of("prometheus/rules", _rule_file(["rate(x_total[1m])"]), str(tmp_path / "r.yml"))
    ctx = Context(project=Project(root=str(tmp_path)), documents=[doc])
    range_check = next(c for c in all_checks() if c.name == "promql/range")
    assert len(range_check.check(doc, ctx)) == 1


DIVISIONS = {  # alert expression -> whether promql/division reports it (as before the tree rewrite)
    'rate({__name__="", job="a"}[5m]) / rate(x_total[5m]) > 1': True,  # a numerator without a name
    'rate(x_failed_total[5m]) / rate({job="a"}[5m]) > 1': True,  # a denominator without one
    'rate({job="a"}[5m]) / rate(x_total[5m]) > 1': True,
    "(rate(a_total[5m]) + rate(b_total[5m])) / rate(a_total[5m]) > 1": True,  # b is no subset of a
    "rate(x_total[5m]) / (rate(x_total[5m]) + rate(y_total[5m])) > 1": False,
    'rate(x_total[5m]) / rate({__name__="x_total"}[5m]) > 1': False,
    'rate(x_total[5m]) / rate({__name__=""}[5m]) > 1': False,  # does not parse
    "sum(rate(a_total[5m])) / sum(rate(b_total[5m])) / sum(rate(c_total[5m])) > 1": True,
    "rate(x_total[5m]) / rate(x_total_more_total[5m]) > 1": True,
    "rate(x_more_total[5m]) / rate(x_total[5m]) > 1": False,  # x_more counts a subset of x
    "1 < rate(x_total[5m]) / rate(y_total[5m])": True,
    "rate(a_total[5m]) / rate(b_total[5m]) > bool 1": False,
}


def test_division_subsets_and_names(run_check):
    exprs = list(DIVISIONS)
    found = {p.location.object_path for p in run_check("promql/division", ("prometheus/rules", _rule_file(exprs, alert=True)))}
    assert {e for i, e in enumerate(exprs) if f"groups[0].rules[{i}].expr" in found} == {e for e, hit in DIVISIONS.items() if hit}


def test_prometheus_2_functions_parse_whoever_parses_first():
    """holt_winters (Prometheus 2; 3.0 renamed it) is registered before any parse, so a dashboard's
    query parses the same in a process where no rule file was checked before it."""
    import subprocess
    import sys

    code = (
        "from monitoring_as_code.checks._promql import parsed\n"
        "found = parsed('holt_winters(x[5m], 0.5, 0.5)')\n"
        "assert found.ast is not None, found.error\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
