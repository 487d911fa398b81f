"""Which labels can the result of a PromQL expression carry?

The inference follows aggregation (``by``/``without``), vector matching (``on``, ``ignoring``,
``group_left``/``group_right``), set operators and label-changing functions, and answers with a
:class:`LabelSet`. It is conservative: anything it does not model gives an open set (every label
may be present), so checks built on it only report labels that are certainly gone.

It runs over a parsed expression's nodes (:mod:`._promql`): ``expression_labels(text)`` for an
expression, ``node_labels(tree, node)`` for a part of one, ``output_labels(ast)`` for a bare AST
object (walked first). Checks read it through ``_rules.labels_of``, once per expression and run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from monitoring_as_code.checks._promql import Parsed, label_matchers, parsed

if TYPE_CHECKING:
    from monitoring_as_code.checks._promql import Node


class LabelSet(NamedTuple):
    """``closed``: only ``names`` may be present. Open: any label except ``names`` may be present.

    Immutable and compared by value; a named tuple because an inference makes several per
    expression and a frozen dataclass costs three times as much to create.
    """

    closed: bool
    names: frozenset[str] = frozenset()

    def may_have(self, label: str) -> bool:
        return label in self.names if self.closed else label not in self.names

    def keep(self, labels: frozenset[str]) -> LabelSet:
        return LabelSet(True, self.names & labels if self.closed else labels - self.names)

    def drop(self, labels: frozenset[str]) -> LabelSet:
        return LabelSet(True, self.names - labels) if self.closed else LabelSet(False, self.names | labels)

    def add(self, labels: frozenset[str]) -> LabelSet:
        return LabelSet(True, self.names | labels) if self.closed else LabelSet(False, self.names - labels)

    def union(self, other: LabelSet) -> LabelSet:
        if self.closed and other.closed:
            return LabelSet(True, self.names | other.names)
        if self.closed:
            return LabelSet(False, other.names - self.names)
        if other.closed:
            return LabelSet(False, self.names - other.names)
        return LabelSet(False, self.names & other.names)

    def intersect(self, other: LabelSet) -> LabelSet:
        if self.closed and other.closed:
            return LabelSet(True, self.names & other.names)
        if self.closed:
            return LabelSet(True, self.names - other.names)
        if other.closed:
            return LabelSet(True, other.names - self.names)
        return LabelSet(False, self.names | other.names)


ANY = LabelSet(False)
NONE = LabelSet(True)

#: functions whose result keeps the labels of their (first vector) argument
_KEEPS_LABELS = frozenset(
    ["abs", "ceil", "floor", "round", "exp", "ln", "log2", "log10", "sqrt", "sgn", "clamp", "clamp_min", "clamp_max", "rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear", "changes", "resets", "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time", "mad_over_time", "holt_winters", "double_exponential_smoothing", "timestamp", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "deg", "rad", "histogram_count", "histogram_sum", "histogram_avg", "histogram_fraction", "histogram_stddev", "histogram_stdvar", "first_over_time", "ts_of_max_over_time", "ts_of_min_over_time", "ts_of_last_over_time"]
)
_KEEPS_INPUT_AGGREGATIONS = frozenset({"topk", "bottomk", "limitk", "limit_ratio"})

#: ``name -> LabelSet`` of recorded series known to the run, or ``None`` when unknown
Resolver = Callable[[str], "LabelSet | None"]


def is_scalar(expr: Any) -> bool:
    kind = type(expr).__name__
    if kind in ("NumberLiteral", "StringLiteral"):
        return True
    if kind in ("ParenExpr", "UnaryExpr"):
        return is_scalar(expr.expr)
    if kind == "Call":
        return str(expr.func.return_type) == "ValueType.Scalar"
    if kind == "BinaryExpr":
        return is_scalar(expr.lhs) and is_scalar(expr.rhs)
    return False


#: the node kinds that can be scalars (a quick "no" for selectors, aggregations, ranges)
_MAYBE_SCALAR = frozenset({"NumberLiteral", "StringLiteral", "ParenExpr", "UnaryExpr", "Call", "BinaryExpr"})


def is_scalar_node(nodes: list[Node], node: Node) -> bool:
    """:func:`is_scalar` of a node of a parsed tree (``nodes``): operands are read from the tree,
    not from the AST objects, whose attributes rebuild a subtree on each access."""
    kind = node.kind
    if kind in ("NumberLiteral", "StringLiteral"):
        return True
    if kind in ("ParenExpr", "UnaryExpr"):
        return is_scalar_node(nodes, nodes[node.index + 1])
    if kind == "Call":
        return is_scalar(node.expr)  # its return type
    if kind == "BinaryExpr":
        lhs = nodes[node.index + 1]
        return is_scalar_node(nodes, lhs) and is_scalar_node(nodes, nodes[lhs.end])
    return False


def absent_labels(call: Any) -> LabelSet:
    """What ``absent()``/``absent_over_time()`` can carry: its argument's equality matchers."""
    arg: Any = call.args[0] if call.args else None
    if type(arg).__name__ == "MatrixSelector":
        arg = arg.vector_selector
    if type(arg).__name__ != "VectorSelector":
        return NONE
    seen: dict[str, int] = {}
    for matcher in label_matchers(arg):
        if matcher.name != "__name__":
            seen[matcher.name] = seen.get(matcher.name, 0) + (2 if str(matcher.op) != "MatchOp.Equal" else 1)
    return LabelSet(True, frozenset(name for name, count in seen.items() if count == 1))


def output_labels(expr: Any, resolve: Resolver | None = None) -> LabelSet:
    """The labels the result of ``expr`` (an AST object) may carry (see module docstring).

    With the :class:`~monitoring_as_code.checks._promql.Parsed` tree at hand, :func:`node_labels`
    spares walking the expression again.
    """
    tree = Parsed("", expr)
    return node_labels(tree, tree.root(), resolve) if tree.nodes else ANY  # no AST: nothing is known


def expression_labels(text: str, resolve: Resolver | None = None) -> LabelSet | None:
    """The labels the result of the expression ``text`` may carry (``None`` when it does not parse)."""
    tree = parsed(text)
    if tree.ast is None:
        return None
    return node_labels(tree, tree.root(), resolve, _may_hold_empty_string(text))


def node_labels(tree: Parsed, node: Node, resolve: Resolver | None = None, empty_matchers: bool = True) -> LabelSet:
    """The labels the result of ``node`` (of ``tree``) may carry (see module docstring).

    :param tree: the parsed expression
    :param node: the node whose result is asked about (``tree.root()`` for the whole expression)
    :param resolve: the labels of recorded series known to the run
    :param empty_matchers: ``False`` when the expression's text holds no empty string, so no
        selector can have a ``label=""`` matcher and none needs its matchers read
    """
    return _Inference(tree.nodes, resolve, empty_matchers).labels(node, 0)


def _may_hold_empty_string(text: str) -> bool:
    """Whether ``text`` can hold an empty PromQL string (``""``, ``''`` or two backticks): without
    one, no matcher compares a label to the empty string. A superset: the quotes may be inside
    a longer string, which only costs reading the matchers."""
    return '""' in text or "''" in text or "``" in text


#: parentheses, unary minus, subqueries and range selectors: their operand's labels
_SAME_LABELS = frozenset({"ParenExpr", "UnaryExpr", "SubqueryExpr", "MatrixSelector"})
#: deeper nesting than this answers "any label" (and keeps far from the recursion limit)
_MAX_DEPTH = 64


class _Inference:
    """One inference over a tree's nodes: a handler per node kind (``_RULES``), children first.

    Children come from the tree's node list (depth-first, each subtree a span), never from the
    AST's attributes, which rebuild the child's whole subtree on every access. They are visited
    in the same order as always (left before right, both sides of a binary operator), so a
    resolver that memoises (and answers cycles) sees the same calls.
    """

    __slots__ = ("empty_matchers", "nodes", "resolve")

    def __init__(self, nodes: list[Node], resolve: Resolver | None, empty_matchers: bool) -> None:
        self.nodes = nodes
        self.resolve = resolve
        self.empty_matchers = empty_matchers

    def labels(self, node: Node, depth: int) -> LabelSet:
        nodes = self.nodes
        while node.kind in _SAME_LABELS and depth <= _MAX_DEPTH:  # one level deeper, the same answer
            node = nodes[node.index + 1]
            depth += 1
        if depth > _MAX_DEPTH:
            return ANY
        rule = _RULES.get(node.kind)
        return ANY if rule is None else rule(self, node, depth + 1)

    def children(self, node: Node) -> list[Node]:
        found, i, nodes = [], node.index + 1, self.nodes
        while i < node.end:
            found.append(nodes[i])
            i = nodes[i].end
        return found

    def constant(self, node: Node, depth: int) -> LabelSet:
        return NONE

    def selector(self, node: Node, depth: int) -> LabelSet:
        base = ANY
        if self.resolve is not None:
            name = node.metric
            if name:
                base = self.resolve(name) or ANY
        if not self.empty_matchers:
            return base
        # `label=""` selects series without that label.
        empty = frozenset(
            m.name for m in node.expr.matchers.matchers if str(m.op) == "MatchOp.Equal" and m.value == "" and m.name
        )
        return base.drop(empty) if empty else base

    def aggregation(self, node: Node, depth: int) -> LabelSet:
        param = operand = self.nodes[node.index + 1]  # children: [param, expr] or [expr]
        if operand.end < node.end:
            operand = self.nodes[operand.end]
        inner = self.labels(operand, depth)
        op = node.name
        if op in _KEEPS_INPUT_AGGREGATIONS:
            return inner
        modifier = node.expr.modifier
        if modifier is None:
            grouped = NONE
        else:
            labels = frozenset(modifier.labels)
            grouped = inner.keep(labels) if str(modifier.type) == "AggModifierType.By" else inner.drop(labels)
        if op == "count_values" and param is not operand and param.kind == "StringLiteral":
            grouped = grouped.add(frozenset({param.expr.val}))
        return grouped

    def call(self, node: Node, depth: int) -> LabelSet:
        name = node.name
        if name in ("absent", "absent_over_time"):
            return absent_labels(node.expr)
        if name == "vector":
            return NONE
        args = self.children(node)
        if name in _KEEPS_LABELS:  # the first argument that is a vector (scalars are parameters)
            for arg in args:
                if arg.kind not in _MAYBE_SCALAR or not is_scalar_node(self.nodes, arg):
                    return self.labels(arg, depth)
            return ANY
        if name in ("label_replace", "label_join") and len(args) >= 2 and args[1].kind == "StringLiteral":
            return self.labels(args[0], depth).add(frozenset({args[1].expr.val}))
        if name == "histogram_quantile" and len(args) == 2:
            return self.labels(args[1], depth).drop(frozenset({"le"}))
        return ANY

    def binary(self, node: Node, depth: int) -> LabelSet:
        lhs_node = self.nodes[node.index + 1]
        rhs_node = self.nodes[lhs_node.end]
        lhs_scalar = lhs_node.kind in _MAYBE_SCALAR and is_scalar_node(self.nodes, lhs_node)
        rhs_scalar = rhs_node.kind in _MAYBE_SCALAR and is_scalar_node(self.nodes, rhs_node)
        if lhs_scalar and rhs_scalar:
            return NONE
        if rhs_scalar:
            return self.labels(lhs_node, depth)
        if lhs_scalar:
            return self.labels(rhs_node, depth)
        lhs, rhs = self.labels(lhs_node, depth), self.labels(rhs_node, depth)  # both: see the class docstring
        op = node.name
        if op in ("and", "unless"):
            return lhs
        if op == "or":
            return lhs.union(rhs)
        modifier = node.expr.modifier
        if modifier is None:
            return lhs.intersect(rhs)
        card = str(modifier.card)
        if card.endswith("ManyToOne"):
            return lhs.add(frozenset(modifier.group_labels or ()))
        if card.endswith("OneToMany"):
            return rhs.add(frozenset(modifier.group_labels or ()))
        matching = modifier.matching
        if matching is None:
            return lhs.intersect(rhs)
        labels = frozenset(matching.labels)
        if str(matching.type) == "LabelModifierType.Include":
            return lhs.keep(labels).intersect(rhs.keep(labels))
        return lhs.drop(labels).intersect(rhs.drop(labels))


_RULES: dict[str, Callable[[_Inference, Node, int], LabelSet]] = {
    "NumberLiteral": _Inference.constant,
    "StringLiteral": _Inference.constant,
    "VectorSelector": _Inference.selector,
    "AggregateExpr": _Inference.aggregation,
    "Call": _Inference.call,
    "BinaryExpr": _Inference.binary,
}


def may_carry(expr_text: str, label: str, resolve: Resolver | None = None) -> bool:
    """Whether ``label`` can be on the result of ``expr_text`` (``True`` if it does not parse)."""
    labels = expression_labels(expr_text, resolve)
    return True if labels is None else labels.may_have(label)

