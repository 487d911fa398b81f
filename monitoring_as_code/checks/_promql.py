"""PromQL as the checks see it: parsed once per expression string, walked with ancestors.

``parsed(text)`` is memoised by the expression text, so a rule file of 10,000 rules (or the
same expression in a rule and on a dashboard) is parsed once however many checks read it.
``queries(doc)`` lists the PromQL expressions of a rule file or a dashboard with their paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document

#: functions whose first argument is a counter's range vector
COUNTER_FUNCTIONS = frozenset({"rate", "irate", "increase"})
#: functions that read a range vector and need two or more samples in it
RATE_LIKE_FUNCTIONS = frozenset({"rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear"})
COUNTER_SUFFIXES = ("_total", "_count", "_sum", "_bucket")
COMPARISONS = frozenset({"==", "!=", ">", "<", ">=", "<="})
SET_OPERATORS = frozenset({"and", "or", "unless"})


@dataclass
class Node:
    """One AST node with its ancestors (outermost first) and, for each ancestor, which of its
    children leads here (AST objects are rebuilt on every attribute access, so identity is no use)."""

    expr: Any
    parents: tuple[Any, ...]
    steps: tuple[int, ...] = ()

    @property
    def kind(self) -> str:
        return type(self.expr).__name__

    @property
    def parent(self) -> Any:
        return self.parents[-1] if self.parents else None


@dataclass
class Parsed:
    """An expression's AST (``None`` when it does not parse) and its nodes in depth-first order."""

    text: str
    ast: Any
    error: str = ""
    _nodes: list[Node] | None = field(default=None, repr=False)

    @property
    def nodes(self) -> list[Node]:
        if self._nodes is None:
            self._nodes = [] if self.ast is None else list(_walk(self.ast, ()))
        return self._nodes

    def of_kind(self, kind: str) -> list[Node]:
        return [n for n in self.nodes if n.kind == kind]


def children(expr: Any) -> list[Any]:
    """The direct sub-expressions of ``expr``."""
    kind = type(expr).__name__
    if kind == "BinaryExpr":
        return [expr.lhs, expr.rhs]
    if kind == "AggregateExpr":
        return [expr.expr] if expr.param is None else [expr.param, expr.expr]
    if kind == "Call":
        return list(expr.args)
    if kind == "MatrixSelector":
        return [expr.vector_selector]
    if kind in ("ParenExpr", "UnaryExpr", "SubqueryExpr"):
        return [expr.expr]
    return []


def _walk(expr: Any, parents: tuple[Any, ...], steps: tuple[int, ...] = ()) -> Iterator[Node]:
    yield Node(expr, parents, steps)
    inner = parents + (expr,)
    for i, child in enumerate(children(expr)):
        yield from _walk(child, inner, steps + (i,))


@lru_cache(maxsize=65536)
def parsed(text: str) -> Parsed:
    """The memoised parse of ``text`` (syntax errors are the targets' and promtool's to report)."""
    import promql_parser

    try:
        return Parsed(text, promql_parser.parse(text))
    except (ValueError, TypeError, RuntimeError) as exc:
        return Parsed(text, None, str(exc))


def op_name(binary: Any) -> str:
    """The operator of a BinaryExpr (``>``, ``and``, ``/``...)."""
    return str(binary.op).strip()


def returns_bool(binary: Any) -> bool:
    modifier = binary.modifier
    return bool(modifier is not None and modifier.return_bool)


def is_filter(binary: Any) -> bool:
    """A comparison without ``bool``: it drops the series that fail."""
    return op_name(binary) in COMPARISONS and not returns_bool(binary)


def function_name(call: Any) -> str:
    return call.func.name


def metric_name(selector: Any) -> str | None:
    """The metric name of a VectorSelector, from ``name`` or an equality ``__name__`` matcher."""
    if selector.name:
        return selector.name
    for matcher in selector.matchers.matchers:
        if matcher.name == "__name__" and str(matcher.op) == "MatchOp.Equal":
            return matcher.value
    return None


def matchers(selector: Any) -> list[Any]:
    """Every label matcher of a selector, ``or`` alternatives included."""
    found = list(selector.matchers.matchers)
    for group in selector.matchers.or_matchers or []:
        found.extend(group)
    return found


def equality_value(selector: Any, label: str) -> str | None:
    for matcher in selector.matchers.matchers:
        if matcher.name == label and str(matcher.op) == "MatchOp.Equal":
            return matcher.value
    return None


def is_counter_name(name: str) -> bool:
    return name.endswith(COUNTER_SUFFIXES)


def is_recorded_name(name: str) -> bool:
    """Names with a colon are recorded series by Prometheus's naming convention."""
    return ":" in name


def selectors(node_list: list[Node]) -> list[Node]:
    return [n for n in node_list if n.kind == "VectorSelector"]


def metric_names(text: str) -> set[str]:
    """The metric names an expression reads (empty if it does not parse)."""
    names = set()
    for node in selectors(parsed(text).nodes):
        name = metric_name(node.expr)
        if name:
            names.add(name)
    return names


@dataclass
class Query:
    """One PromQL expression of a document.

    :param path: path of the expression string in the document
    :param text: the expression as parsed (dashboard variables substituted)
    :param rule: the rule mapping, for rule files
    :param rule_path: path of the rule, for rule files
    :param group: the rule group, for rule files
    """

    path: tuple
    text: str
    rule: dict | None = None
    rule_path: tuple | None = None
    group: dict | None = None

    @property
    def parsed(self) -> Parsed:
        return parsed(self.text)

    @property
    def is_alert(self) -> bool:
        return bool(self.rule) and "alert" in self.rule

    @property
    def is_dashboard(self) -> bool:
        return self.rule is None


def queries(doc: "Document") -> list[Query]:
    """The PromQL expressions of a ``prometheus/rules`` or ``grafana/dashboard`` document (memoised)."""
    cached = doc.extra.get("checks.queries")
    if cached is not None:
        return cached
    found: list[Query] = []
    if doc.kind == "prometheus/rules":
        from monitoring_as_code.prometheus.documents import iter_rules

        for path, group, rule in iter_rules(doc):
            expr = rule.get("expr")
            if isinstance(expr, (int, float)) and not isinstance(expr, bool):
                expr = str(expr)
            if isinstance(expr, str) and expr.strip():
                found.append(Query(path + ("expr",), expr, rule, path, group))
    elif doc.kind == "grafana/dashboard":
        from monitoring_as_code.checks._grafana import prometheus_targets

        for path, text in prometheus_targets(doc.data):
            found.append(Query(path, text))
    doc.extra["checks.queries"] = found
    return found


def show(expr: Any) -> str:
    """An AST node as PromQL for messages (without the parser's empty ``{}`` after metric names)."""
    return re.sub(r"([\w:])\{\}", r"\1", str(expr))
