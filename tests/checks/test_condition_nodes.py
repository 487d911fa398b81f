"""``alerts/condition`` reads kinds and operator names from the parsed tree's nodes; it answers as
the AST-reading version it replaced (kept here as the reference) on random expressions."""

from __future__ import annotations

from typing import Any

import pytest
from test_labels_inference import random_expressions

from monitoring_as_code.checks._promql import function_name, is_filter, metric_name, parsed
from monitoring_as_code.checks.alerts_condition import filters, is_constant


def reference_filters(tree, node, lookup):
    kind, kids = node.kind, tree.children_of(node)
    if kind == "BinaryExpr":
        if is_filter(node.expr) or node.name in ("and", "unless"):
            return True
        sides = [reference_filters(tree, kid, lookup) for kid in kids]
        if node.name == "or":
            return None if None in sides else all(sides)
        return _any(sides)
    if kind == "Call":
        if node.name in ("absent", "absent_over_time"):
            return True
        return _any(reference_filters(tree, kid, lookup) for kid in kids)
    if kind in ("AggregateExpr", "ParenExpr", "UnaryExpr", "SubqueryExpr", "MatrixSelector"):
        return reference_filters(tree, kids[-1], lookup)
    if kind == "VectorSelector":
        name = metric_name(node.expr)
        if name in ("ALERTS", "ALERTS_FOR_STATE"):
            return True
        if name and ":" in name:
            return lookup(name)
        return False
    return False


def _any(results):
    results = list(results)
    if True in results:
        return True
    return None if None in results else False


def reference_is_constant(expr: Any) -> bool:
    kind = type(expr).__name__
    if kind in ("NumberLiteral", "StringLiteral"):
        return True
    if kind in ("ParenExpr", "UnaryExpr"):
        return reference_is_constant(expr.expr)
    if kind == "Call":
        return function_name(expr) == "vector" and all(reference_is_constant(a) for a in expr.args)
    return False


CONSTANTS = ["vector(1)", "(vector(1))", "-vector(1)", "vector(-1)", "vector(time())", "1", "(2)", 'vector(1) > bool 0']


@pytest.mark.parametrize("seed", range(3))
def test_condition_agrees_with_the_ast_reading_version(seed):
    answers = {"job:errors:rate5m": True, "job:cpu:ratio": False}
    for text in random_expressions(seed, 400) + CONSTANTS + ['ALERTS{alertname="x"}', "up == bool 1", "up > 1 or up"]:
        tree = parsed(text)
        assert tree.ast is not None, text
        old_calls, new_calls = [], []

        def lookup(calls):
            return lambda name: calls.append(name) or answers.get(name)

        assert filters(tree, tree.root(), lookup(new_calls)) == reference_filters(tree, tree.root(), lookup(old_calls)), text
        assert new_calls == old_calls, text
        assert is_constant(tree, tree.root()) == reference_is_constant(tree.ast), text
