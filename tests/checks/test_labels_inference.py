"""The output-label inference over a parsed tree's nodes agrees with the recursive inference over
AST objects it replaced (kept here, word for word, as the reference), on random expressions:
the same answer, and the same resolver calls in the same order (the run's resolver memoises and
answers cycles, so the order of its calls is part of the answer)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, ClassVar

import pytest

from monitoring_as_code.checks import _labels, _rules
from monitoring_as_code.checks._labels import (
    _KEEPS_INPUT_AGGREGATIONS,
    _KEEPS_LABELS,
    ANY,
    NONE,
    LabelSet,
    absent_labels,
    expression_labels,
    is_scalar,
    node_labels,
    output_labels,
)
from monitoring_as_code.checks._promql import function_name, metric_name, op_name, parsed
from monitoring_as_code.checks._rules import RuleIndex, Site


# --- the reference: the recursive inference over AST objects, as it was --------------------------
def reference(expr: Any, resolve=None, _depth: int = 0) -> LabelSet:
    if _depth > 64:
        return ANY
    again = lambda e: reference(e, resolve, _depth + 1)
    kind = type(expr).__name__
    if kind in ("NumberLiteral", "StringLiteral"):
        return NONE
    if kind in ("ParenExpr", "UnaryExpr", "SubqueryExpr"):
        return again(expr.expr)
    if kind == "MatrixSelector":
        return again(expr.vector_selector)
    if kind == "VectorSelector":
        return _reference_selector(expr, resolve)
    if kind == "AggregateExpr":
        return _reference_aggregation(expr, again)
    if kind == "Call":
        return _reference_call(expr, again)
    if kind == "BinaryExpr":
        return _reference_binary(expr, again)
    return ANY


def _reference_selector(selector: Any, resolve) -> LabelSet:
    base = ANY
    name = metric_name(selector)
    if name and resolve is not None:
        base = resolve(name) or ANY
    empty = frozenset(
        m.name for m in selector.matchers.matchers if str(m.op) == "MatchOp.Equal" and m.value == "" and m.name
    )
    return base.drop(empty) if empty else base


def _reference_aggregation(agg: Any, again: Callable[[Any], LabelSet]) -> LabelSet:
    op = str(agg.op).strip()
    inner = again(agg.expr)
    if op in _KEEPS_INPUT_AGGREGATIONS:
        return inner
    modifier = agg.modifier
    if modifier is None:
        grouped = NONE
    else:
        labels = frozenset(modifier.labels)
        grouped = inner.keep(labels) if str(modifier.type) == "AggModifierType.By" else inner.drop(labels)
    if op == "count_values" and type(agg.param).__name__ == "StringLiteral":
        grouped = grouped.add(frozenset({agg.param.val}))
    return grouped


def _reference_call(call: Any, again: Callable[[Any], LabelSet]) -> LabelSet:
    name = function_name(call)
    args = list(call.args)
    if name in ("absent", "absent_over_time"):
        return absent_labels(call)
    if name == "vector":
        return NONE
    if name in ("label_replace", "label_join") and len(args) >= 2 and type(args[1]).__name__ == "StringLiteral":
        return again(args[0]).add(frozenset({args[1].val}))
    if name == "histogram_quantile" and len(args) == 2:
        return again(args[1]).drop(frozenset({"le"}))
    if name in _KEEPS_LABELS:
        vectors = [a for a in args if not is_scalar(a)]
        return again(vectors[0]) if vectors else ANY
    return ANY


def _reference_binary(binary: Any, again: Callable[[Any], LabelSet]) -> LabelSet:
    lhs_scalar, rhs_scalar = is_scalar(binary.lhs), is_scalar(binary.rhs)
    if lhs_scalar and rhs_scalar:
        return NONE
    if rhs_scalar:
        return again(binary.lhs)
    if lhs_scalar:
        return again(binary.rhs)
    op = op_name(binary)
    lhs, rhs = again(binary.lhs), again(binary.rhs)
    if op in ("and", "unless"):
        return lhs
    if op == "or":
        return lhs.union(rhs)
    modifier = binary.modifier
    card = str(modifier.card) if modifier is not None else "VectorMatchCardinality.OneToOne"
    matching = modifier.matching if modifier is not None else None
    include = frozenset(modifier.group_labels or ()) if modifier is not None else frozenset()
    if card.endswith("ManyToOne"):
        return lhs.add(include)
    if card.endswith("OneToMany"):
        return rhs.add(include)
    if matching is None:
        return lhs.intersect(rhs)
    labels = frozenset(matching.labels)
    if str(matching.type) == "LabelModifierType.Include":
        return lhs.keep(labels).intersect(rhs.keep(labels))
    return lhs.drop(labels).intersect(rhs.drop(labels))


# --- random PromQL -------------------------------------------------------------------------------
METRICS = ["up", "http_requests_total", "job:errors:rate5m", "job:cpu:ratio", "loop:a:b", "loop:b:a", "x_bucket"]
MATCHERS = ['job="api"', 'instance=""', "team=''", "pod=``", 'code=~"5.."', 'env!=""', "le=~``", 'mode="idle"', '__name__="up"']
LABELS = ["job", "instance", "le", "team", "mode", "code"]
AGGREGATIONS = ["sum", "avg", "max", "min", "count", "group", "stddev"]
KEEPING = ["abs", "ceil", "sort_desc", "timestamp", "sgn", "exp", "hour"]
OVER_TIME = ["rate", "increase", "irate", "avg_over_time", "max_over_time", "changes", "deriv"]
BINARY = ["+", "-", "*", "/", ">", "==", "!=", "<=", "and", "or", "unless", "^", "%"]


def selector(rng: random.Random) -> str:
    metric = rng.choice(METRICS + [""])
    chosen = rng.sample(MATCHERS, rng.randint(0 if metric else 1, 3))
    if not chosen:
        return metric
    return f"{metric}{{{', '.join(chosen)}}}"


def labels(rng: random.Random) -> str:
    return ", ".join(rng.sample(LABELS, rng.randint(0, 3)))


def scalar(rng: random.Random) -> str:
    return rng.choice(["1", "0.5", "-2", "time()", "scalar(up)", "(3 * 4)", "pi()", "scalar(job:errors:rate5m)"])


def expression(rng: random.Random, depth: int = 0) -> str:
    if depth > 4 or rng.random() < 0.25:
        return selector(rng) if rng.random() < 0.85 else scalar(rng)
    inner = lambda: expression(rng, depth + 1)
    shape = rng.randrange(14)
    if shape == 0:
        return f"{rng.choice(AGGREGATIONS)} {rng.choice(['by', 'without'])} ({labels(rng)}) ({inner()})"
    if shape == 1:
        return f"{rng.choice(AGGREGATIONS)}({inner()})"
    if shape == 2:
        return rng.choice([f"topk(3, {inner()})", f"bottomk(2, {inner()}) ", f'count_values("version", {inner()})',
                           f"quantile by ({labels(rng)}) (0.9, {inner()})", f"count_values by (job) ('v', {inner()})"])
    if shape == 3:
        modifier = rng.choice(["", "bool ", f"on ({labels(rng)}) ", f"ignoring ({labels(rng)}) ",
                               f"on ({labels(rng)}) group_left ({labels(rng)}) ",
                               f"ignoring ({labels(rng)}) group_right ({labels(rng)}) "])
        lhs = inner() if rng.random() < 0.8 else scalar(rng)
        rhs = inner() if rng.random() < 0.6 else scalar(rng)
        return f"{lhs} {rng.choice(BINARY)} {modifier}{rhs}"
    if shape == 4:
        return f"{rng.choice(KEEPING)}({inner()})"
    if shape == 5:
        return f"{rng.choice(OVER_TIME)}({selector(rng)}[5m])"
    if shape == 6:
        return f"max_over_time(({inner()})[30m:1m])"
    if shape == 7:
        return rng.choice([f'label_replace({inner()}, "dst", "$1", "job", "(.*)")',
                           f'label_join({inner()}, "dst", ",", "a", "b")'])
    if shape == 8:
        return f"histogram_quantile(0.9, {inner()})"
    if shape == 9:
        return rng.choice([f"absent({selector(rng)})", f"absent_over_time({selector(rng)}[5m])", "vector(1)"])
    if shape == 10:
        return f"({inner()})"
    if shape == 11:
        return f"-{inner()}"
    if shape == 12:
        return rng.choice([f"clamp_max({inner()}, 1)", f"clamp({inner()}, 0, {scalar(rng)})",
                           f"round({inner()}, 0.1)", f"predict_linear({selector(rng)}[1h], 3600)",
                           f"quantile_over_time(0.5, {selector(rng)}[5m])"])
    return rng.choice([f"sort_by_label({inner()}, \"job\")", f"histogram_fraction(0, 1, {inner()})",
                       f"day_of_week({inner()})", f"limitk(2, {inner()})", f"scalar({inner()}) * {inner()}"])


class Recorder:
    """A resolver that answers from a table and writes down every call."""

    TABLE: ClassVar[dict[str, LabelSet]] = {
        "job:errors:rate5m": LabelSet(True, frozenset({"job"})),
        "job:cpu:ratio": LabelSet(False, frozenset({"instance"})),
        "loop:a:b": LabelSet(True, frozenset({"job", "le"})),
    }

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, name: str) -> LabelSet | None:
        self.calls.append(name)
        return self.TABLE.get(name)


def random_expressions(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    found = []
    while len(found) < count:
        text = expression(rng)
        if parsed(text).ast is not None:
            found.append(text)
    return found


@pytest.mark.parametrize("seed", range(4))
def test_node_inference_agrees_with_the_recursive_one(seed):
    for text in random_expressions(seed, 500):
        ast = parsed(text).ast
        for resolver in (None, "record"):
            old_calls, new_calls = (Recorder(), Recorder()) if resolver else (None, None)
            expected = reference(ast, old_calls)
            assert expression_labels(text, new_calls) == expected, text
            if resolver:
                assert new_calls.calls == old_calls.calls, text
            assert output_labels(ast, Recorder.TABLE.get if resolver else None) == reference(
                ast, Recorder.TABLE.get if resolver else None
            ), text


DEEP = [
    "(" * 70 + "up" + ")" * 70,
    "sum(" * 66 + "up" + ")" * 66,
    "abs(" * 64 + "sum by (job) (up)" + ")" * 64,
    "-" * 63 + "sum by (job) (up)",
    "max_over_time((" * 33 + "up" + ")[5m:])" * 33,
    "sum by (job) (" * 30 + "rate(x_total[5m])" + ")" * 30 + " / on (job) group_left (team) info",
    'absent(up{job="a", job!="b", instance=""})',
    'x{foo="", bar=\'\', baz=``}',
    'x{foo="a\\"\\"b"}',
    'count_values("version", build_info) or vector(1)',
    "topk(scalar(up), sum by (job) (up))",
    'label_replace(up, "dst", "$1", "src", "(.*)") * on (dst) group_right (job) sum by (dst) (x)',
]


@pytest.mark.parametrize("text", DEEP)
def test_tricky_expressions_agree(text):
    ast = parsed(text).ast
    assert ast is not None, parsed(text).error
    old_calls, new_calls = Recorder(), Recorder()
    assert expression_labels(text, new_calls) == reference(ast, old_calls)
    assert new_calls.calls == old_calls.calls
    tree = parsed(text)
    for node in tree.nodes:  # every node's own answer (what histogram_quantile's check asks)
        assert node_labels(tree, node) == reference(node.expr), (text, node.kind)


def test_empty_strings_are_found_whatever_the_quotes():
    # The text pre-screen is a superset: every empty string literal PromQL can write
    for text in ('x{a=""}', "x{a=''}", "x{a=``}"):
        assert expression_labels(text) == LabelSet(False, frozenset({"a"}))
    assert not _labels._may_hold_empty_string('x{a="b", c=~"d"}')


def _rule(name: str, expr: str) -> Site:
    return Site(doc=None, path=("groups", 0), rule={"record": name, "expr": expr})  # type: ignore[arg-type]


def test_recorded_cycles_resolve_as_before(monkeypatch):
    """Recording rules that read each other: the run's memo answers a cycle with "any label", so the
    answer depends on which series is asked first; asked in the same order, it is the same."""
    recorded = {
        "loop:a:b": [_rule("loop:a:b", "sum by (job) (loop:b:a) + on (job) group_left (le) loop:c:c")],
        "loop:b:a": [_rule("loop:b:a", "sum without (instance) (loop:a:b)")],
        "loop:c:c": [_rule("loop:c:c", 'max by (job, le) (loop:a:b{le=""})'), _rule("loop:c:c", "x")],
    }
    queries = random_expressions(11, 200) + [
        "loop:b:a > 1", "loop:c:c + loop:a:b", "loop:a:b or loop:b:a", "sum by (job) (loop:c:c) / loop:b:a",
    ]
    new = RuleIndex(recorded=recorded)
    answers = [expression_labels(q, new.resolve) for q in queries]

    def old_expression_labels(text, resolve=None):
        ast = parsed(text).ast
        return None if ast is None else reference(ast, resolve)

    monkeypatch.setattr(_rules, "expression_labels", old_expression_labels)
    old = RuleIndex(recorded=recorded)
    assert answers == [old_expression_labels(q, old.resolve) for q in queries]
