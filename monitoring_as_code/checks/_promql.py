"""PromQL as the checks see it: parsed once per expression string, walked with ancestors.

``parsed(text)`` is memoised by the expression text, so a rule file of 10,000 rules (or the
same expression in a rule and on a dashboard) is parsed once however many checks read it.
``queries(doc)`` lists the PromQL expressions of a rule file or a dashboard with their paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from monitoring_as_code.checks._parse_errors import explain
from monitoring_as_code.checks._regexes import is_placeholder, set_aside, shown
from monitoring_as_code.checks._regexes import matcher as regex_matcher

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document

#: functions whose first argument is a counter's range vector
COUNTER_FUNCTIONS = frozenset({"rate", "irate", "increase"})
#: functions that read a range vector and need two or more samples in it
RATE_LIKE_FUNCTIONS = frozenset({"rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear"})
COUNTER_SUFFIXES = ("_total", "_count", "_sum", "_bucket")
COMPARISONS = frozenset({"==", "!=", ">", "<", ">=", "<="})


_OPERATORS = frozenset({"BinaryExpr", "AggregateExpr"})
_ONE_CHILD = frozenset({"ParenExpr", "UnaryExpr", "SubqueryExpr"})
#: promql-parser's matcher operators, as PromQL writes them
MATCH_OPS = {"MatchOp.Equal": "=", "MatchOp.NotEqual": "!=", "MatchOp.Re": "=~", "MatchOp.NotRe": "!~"}
_PLACEHOLDER_OPS = ("MatchOp.Equal", "MatchOp.NotEqual")
_UNREAD = object()  # a lazily read field not read yet (``None`` is a value)


class Node:
    """One AST node: its kind, the node it sits in (:attr:`up`) and which of that node's children
    it is (:attr:`step`; AST objects are rebuilt on attribute access, so identity is no use), and
    the span ``[index, end)`` of its subtree in :attr:`Parsed.nodes` (depth-first order).

    Each attribute access on the parser's objects converts Rust data to new Python objects, so
    what the checks read is read once: :attr:`name` during the walk, a selector's
    :attr:`metric` and matchers when first asked.
    """

    __slots__ = ("_metric", "_own", "end", "expr", "index", "kind", "name", "step", "up")
    _metric: Any  # a selector's metric name, or _UNREAD
    _own: list[Any] | None  # a selector's own matchers, as parsed

    def __init__(self, expr: Any, kind: str, name: str, up: Node | None, step: int, index: int) -> None:
        self.expr = expr
        self.kind = kind
        #: the function of a Call, the operator of a BinaryExpr or AggregateExpr, else ``""``
        self.name = name
        #: the node this one sits in (``None`` for the root), and which of its children this is
        self.up = up
        self.step = step
        self.index = index
        self.end = index + 1
        # a selector's lazily read fields (``_metric``, ``_own``) are set by the walk for selectors only

    @property
    def parents(self) -> tuple[Any, ...]:
        """The AST objects of the ancestors, outermost first."""
        return tuple(node.expr for node, _step in reversed(list(self.ancestors())))

    @property
    def steps(self) -> tuple[int, ...]:
        """For each of :attr:`parents`, which of its children leads here."""
        return tuple(step for _node, step in reversed(list(self.ancestors())))

    @property
    def parent(self) -> Any:
        return None if self.up is None else self.up.expr

    def ancestors(self) -> Iterator[tuple[Node, int]]:
        """``(ancestor, which of its children leads here)``, innermost first."""
        node, step = self.up, self.step
        while node is not None:
            yield node, step
            step = node.step
            node = node.up

    @property
    def metric(self) -> str | None:
        """A VectorSelector's metric name, as :func:`metric_name`."""
        if self._metric is _UNREAD:
            name = self.expr.name
            if not name:
                name = None
                for matcher in self._label_matchers():
                    if matcher.name == "__name__" and str(matcher.op) == "MatchOp.Equal":
                        name = matcher.value
                        break
            self._metric = name
        return self._metric

    def equality(self, label: str) -> str | None:
        """The value a VectorSelector matches ``label`` to with ``=``, as :func:`equality_value`."""
        for matcher in self._label_matchers():
            if matcher.name == label and str(matcher.op) == "MatchOp.Equal":
                value = matcher.value
                return None if is_placeholder(value) else value  # a placeholder stands for a regex
        return None

    def matchers(self) -> list[tuple[str, str, str]]:
        """``(label, operator, value)`` of every matcher of a VectorSelector as written (``=~`` and
        its regex, never a placeholder), ``or`` alternatives included, in :func:`matchers` order."""
        found = []
        for group in [self._label_matchers(), *(self.expr.matchers.or_matchers or ())]:
            for matcher in group:
                op, value = str(matcher.op), matcher.value
                if op in _PLACEHOLDER_OPS and is_placeholder(value):
                    matcher = regex_matcher(matcher)
                    op, value = str(matcher.op), matcher.value
                found.append((matcher.name, MATCH_OPS[op], value))
        return found

    def _label_matchers(self) -> list[Any]:
        """A VectorSelector's own matchers (not its ``or`` alternatives) as parsed, read once."""
        if self._own is None:
            self._own = self.expr.matchers.matchers
        return self._own


@dataclass
class Parsed:
    """An expression's AST (``None`` when it does not parse) and its nodes in depth-first order."""

    text: str
    ast: Any
    error: str = ""
    _nodes: list[Node] | None = field(default=None, repr=False)
    _by_kind: dict[str, list[Node]] | None = field(default=None, repr=False)

    @property
    def nodes(self) -> list[Node]:
        if self._nodes is None:
            self._nodes, self._by_kind = [], {}
            if self.ast is not None:
                _walk(self.ast, None, 0, self._nodes, self._by_kind)
        return self._nodes

    def of_kind(self, kind: str) -> list[Node]:
        """The nodes of one kind (``Call``, ``VectorSelector``...), in depth-first order."""
        if self._by_kind is None:
            self.nodes  # noqa: B018 - builds the index
        return self._by_kind.get(kind, [])  # type: ignore[union-attr]

    def calls(self, *names: str) -> list[Node]:
        """The Call nodes of these functions."""
        return [n for n in self.of_kind("Call") if n.name in names]

    # The methods below take a node of this tree, so it is walked: they read ``_nodes`` directly.

    def subtree(self, node: Node) -> list[Node]:
        """``node`` and everything below it."""
        return self._nodes[node.index:node.end]  # type: ignore[index]

    def children_of(self, node: Node) -> list[Node]:
        """The direct children of ``node`` (as in :func:`children`)."""
        nodes: list[Node] = self._nodes  # type: ignore[assignment]
        found, i = [], node.index + 1
        while i < node.end:
            found.append(nodes[i])
            i = nodes[i].end
        return found

    def operands(self, binary: Node) -> tuple[Node, Node]:
        """The left and right side of a BinaryExpr node."""
        nodes: list[Node] = self._nodes  # type: ignore[assignment]
        lhs = nodes[binary.index + 1]
        return lhs, nodes[lhs.end]

    def first_child(self, node: Node) -> Node | None:
        """The first of :meth:`children_of` ``node`` (a Call's first argument), ``None`` for a leaf."""
        return self._nodes[node.index + 1] if node.end > node.index + 1 else None  # type: ignore[index]

    def root(self) -> Node:
        """The whole expression's node (only for expressions that parsed)."""
        return self.nodes[0]


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
    if kind in _ONE_CHILD:
        return [expr.expr]
    return []


def _walk(expr: Any, up: Node | None, step: int, out: list[Node], by_kind: dict[str, list[Node]]) -> None:
    """Append ``expr``'s node, then its subtree's, to ``out`` (and to ``by_kind``): the children
    as :func:`children` lists them, read here without building a list per node."""
    kind = type(expr).__name__
    # read once here: nearly every check asks for the function or operator
    name = expr.func.name if kind == "Call" else str(expr.op).strip() if kind in _OPERATORS else ""
    node = Node(expr, kind, name, up, step, len(out))
    if kind == "VectorSelector":
        node._metric, node._own = _UNREAD, None
    out.append(node)
    same_kind = by_kind.get(kind)
    if same_kind is None:
        by_kind[kind] = [node]
    else:
        same_kind.append(node)
    if kind == "BinaryExpr":
        _walk(expr.lhs, node, 0, out, by_kind)
        _walk(expr.rhs, node, 1, out, by_kind)
    elif kind == "Call":
        for i, arg in enumerate(expr.args):
            _walk(arg, node, i, out, by_kind)
    elif kind == "AggregateExpr":
        param = expr.param
        if param is not None:
            _walk(param, node, 0, out, by_kind)
        _walk(expr.expr, node, 0 if param is None else 1, out, by_kind)
    elif kind == "MatrixSelector":
        _walk(expr.vector_selector, node, 0, out, by_kind)
    elif kind in _ONE_CHILD:
        _walk(expr.expr, node, 0, out, by_kind)
    else:
        return  # a leaf: selectors, literals
    node.end = len(out)


@cache
def promql_parser_module() -> Any:
    """promql_parser, with Prometheus 2's ``holt_winters`` registered (3.0 renamed it): every parse
    goes through here, so a dashboard's query parses the same whoever parsed first."""
    import promql_parser

    matrix, scalar = promql_parser.ValueType.Matrix, promql_parser.ValueType.Scalar
    promql_parser.register_extra_functions(
        [promql_parser.Function("holt_winters", [matrix, scalar, scalar], promql_parser.ValueType.Vector)]
    )
    return promql_parser


@lru_cache(maxsize=65536)
def parsed(text: str) -> Parsed:
    """The memoised parse of ``text`` (syntax errors are the targets' and promtool's to report).

    Regex matchers are parsed once per distinct regex (:mod:`._regexes`); read matchers through
    :func:`matchers`/:func:`label_matchers` and print nodes with :func:`show`. An error is always
    the parse of ``text`` itself, word for word.
    """
    promql_parser = promql_parser_module()
    fast = set_aside(text)
    if fast is not None:
        try:
            return Parsed(text, promql_parser.parse(fast))
        except (ValueError, TypeError, RuntimeError):
            pass  # the original's own message below
    try:
        return Parsed(text, promql_parser.parse(text))
    except (ValueError, TypeError, RuntimeError) as exc:
        return Parsed(text, None, explain(text, str(exc)))


def op_name(binary: Any) -> str:
    """The operator of a BinaryExpr (``>``, ``and``, ``/``...)."""
    return str(binary.op).strip()


def returns_bool(binary: Any) -> bool:
    modifier = binary.modifier
    return bool(modifier is not None and modifier.return_bool)


def is_filter(binary: Any) -> bool:
    """A comparison without ``bool``: it drops the series that fail."""
    return op_name(binary) in COMPARISONS and not returns_bool(binary)


def is_filter_node(node: Node) -> bool:
    """:func:`is_filter` of a BinaryExpr node, its operator not read again."""
    return node.name in COMPARISONS and not returns_bool(node.expr)


def function_name(call: Any) -> str:
    return call.func.name


def mentions(pattern: re.Pattern[str], text: str) -> bool:
    """A cheap test on the expression text before any AST work (most rules fail it)."""
    return pattern.search(text) is not None


RATE_CALL = re.compile(r"\b(rate|irate|increase)\s*\(")
RATE_LIKE_CALL = re.compile(r"\b(rate|irate|increase|delta|idelta|deriv|predict_linear)\s*\(")
COMPARISON = re.compile(r"[<>]|==|!=")


def metric_name(selector: Any) -> str | None:
    """The metric name of a VectorSelector, from ``name`` or an equality ``__name__`` matcher."""
    if selector.name:
        return selector.name
    for matcher in selector.matchers.matchers:
        if matcher.name == "__name__" and str(matcher.op) == "MatchOp.Equal":
            return matcher.value
    return None


def label_matchers(selector: Any) -> list[Any]:
    """The label matchers of a selector (not its ``or`` alternatives), as written."""
    return [regex_matcher(m) for m in selector.matchers.matchers]


def matchers(selector: Any) -> list[Any]:
    """Every label matcher of a selector, ``or`` alternatives included, as written."""
    found = label_matchers(selector)
    for group in selector.matchers.or_matchers or []:
        found.extend(regex_matcher(m) for m in group)
    return found


def equality_value(selector: Any, label: str) -> str | None:
    """The value ``label`` is matched to with ``=``, if it is."""
    for matcher in selector.matchers.matchers:
        if matcher.name == label and str(matcher.op) == "MatchOp.Equal":
            value = matcher.value
            return None if is_placeholder(value) else value  # a placeholder stands for a regex
    return None


def is_counter_name(name: str) -> bool:
    return name.endswith(COUNTER_SUFFIXES)


def selectors(node_list: list[Node]) -> list[Node]:
    return [n for n in node_list if n.kind == "VectorSelector"]


def names_in(node_list: list[Node]) -> set[str | None]:
    """Metric names of the selectors among ``node_list`` (``None`` for a selector without one)."""
    return {n.metric for n in node_list if n.kind == "VectorSelector"}


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

    @cached_property
    def parsed(self) -> Parsed:
        """The memoised parse of :attr:`text`, kept here too (every query check reads it)."""
        return parsed(self.text)

    @property
    def is_alert(self) -> bool:
        return self.rule is not None and "alert" in self.rule

    @property
    def is_dashboard(self) -> bool:
        return self.rule is None


def queries(doc: Document) -> list[Query]:
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

        for path, text in prometheus_targets(doc.data, doc):
            found.append(Query(path, text))
    doc.extra["checks.queries"] = found
    return found


def show(expr: Any) -> str:
    """An AST node as PromQL for messages (without the parser's empty ``{}`` after metric names)."""
    return re.sub(r"([\w:])\{\}", r"\1", shown(str(expr)))
