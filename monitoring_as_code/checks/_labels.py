"""Which labels can the result of a PromQL expression carry?

``output_labels(expr)`` follows aggregation (``by``/``without``), vector matching (``on``,
``ignoring``, ``group_left``/``group_right``), set operators and label-changing functions, and
answers with a :class:`LabelSet`. It is conservative: anything it does not model gives an open set
(every label may be present), so checks built on it only report labels that are certainly gone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from monitoring_as_code.checks._promql import function_name, label_matchers, metric_name, op_name


@dataclass(frozen=True)
class LabelSet:
    """``closed``: only ``names`` may be present. Open: any label except ``names`` may be present."""

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


def output_labels(expr: Any, resolve: Resolver | None = None, _depth: int = 0) -> LabelSet:
    """The labels the result of ``expr`` may carry (see module docstring)."""
    if _depth > 64:
        return ANY
    again = lambda e: output_labels(e, resolve, _depth + 1)
    kind = type(expr).__name__
    if kind in ("NumberLiteral", "StringLiteral"):
        return NONE
    if kind in ("ParenExpr", "UnaryExpr", "SubqueryExpr"):
        return again(expr.expr)
    if kind == "MatrixSelector":
        return again(expr.vector_selector)
    if kind == "VectorSelector":
        return _selector_labels(expr, resolve)
    if kind == "AggregateExpr":
        return _aggregation_labels(expr, again)
    if kind == "Call":
        return _call_labels(expr, again)
    if kind == "BinaryExpr":
        return _binary_labels(expr, again)
    return ANY


def _selector_labels(selector: Any, resolve: Resolver | None) -> LabelSet:
    base = ANY
    name = metric_name(selector)
    if name and resolve is not None:
        base = resolve(name) or ANY
    # `label=""` selects series without that label.
    empty = frozenset(
        m.name for m in selector.matchers.matchers if str(m.op) == "MatchOp.Equal" and m.value == "" and m.name
    )
    return base.drop(empty) if empty else base


def _aggregation_labels(agg: Any, again: Callable[[Any], LabelSet]) -> LabelSet:
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


def _call_labels(call: Any, again: Callable[[Any], LabelSet]) -> LabelSet:
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


def _binary_labels(binary: Any, again: Callable[[Any], LabelSet]) -> LabelSet:
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


def may_carry(expr_text: str, label: str, resolve: Resolver | None = None) -> bool:
    """Whether ``label`` can be on the result of ``expr_text`` (``True`` if it does not parse)."""
    from monitoring_as_code.checks._promql import parsed

    ast = parsed(expr_text).ast
    return True if ast is None else output_labels(ast, resolve).may_have(label)

