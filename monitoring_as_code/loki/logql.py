"""A LogQL parser, in-process: is this Loki query valid, and what does it return?

No maintained LogQL parser exists on PyPI, so this is a recursive-descent parser of Loki's
grammar (``pkg/logql/syntax/syntax.y``): stream selectors, line filters (``|= != |~ !~ |> !>``,
``or`` chains, ``ip()``), parsers (``json``, ``logfmt`` with ``--strict``/``--keep-empty``,
``regexp``, ``pattern``, ``unpack``, with parameters), label filters (strings, regexes, numbers,
durations, byte sizes, ``and``/``or``/``,``/parentheses), ``line_format``, ``label_format``,
``drop``/``keep``, ``decolorize``, ``unwrap``; range aggregations with ranges and ``offset``;
vector aggregations with ``by``/``without``; ``label_replace``, ``vector()``; binary operators
with ``bool``, ``on``/``ignoring`` and ``group_left``/``group_right``.

``parse(text)`` returns a :class:`Query` or raises :class:`LogQLSyntaxError` naming the line and
column, with a hint. Regular expressions are checked as Go RE2.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from monitoring_as_code.loki.logql_lexer import LogQLSyntaxError
from monitoring_as_code.loki.logql_pipeline import RANGE_HINT, LogParser, Selector

__all__ = ["AGGREGATIONS", "RANGE_FUNCTIONS", "LogQLSyntaxError", "Query", "Selector", "parse"]

#: range aggregation -> whether it needs ``| unwrap`` (True), forbids it (False) or allows both (None)
RANGE_FUNCTIONS = {
    "count_over_time": False, "rate": None, "bytes_over_time": False, "bytes_rate": False,
    "absent_over_time": False, "rate_counter": True, "sum_over_time": True, "avg_over_time": True,
    "min_over_time": True, "max_over_time": True, "stdvar_over_time": True, "stddev_over_time": True,
    "quantile_over_time": True, "first_over_time": True, "last_over_time": True,
}
AGGREGATIONS = ("sum", "avg", "min", "max", "stddev", "stdvar", "count", "topk", "bottomk", "sort", "sort_desc",
                "approx_topk")
_PARAM_AGGREGATIONS = ("topk", "bottomk", "approx_topk")
_COMPARISONS = ("==", "!=", ">", ">=", "<", "<=")
_PRECEDENCE = {"or": 1, "and": 2, "unless": 2, "==": 3, "!=": 3, ">": 3, ">=": 3, "<": 3, "<=": 3, "+": 4, "-": 4,
               "*": 5, "/": 5, "%": 5, "^": 6}



@dataclass
class Query:
    """What a query is: ``kind`` is ``log`` or ``metric``; ``labels`` the labels a metric result keeps
    (``None`` when they depend on the streams, e.g. no ``by``), ``functions`` every function used."""

    kind: str
    selectors: list[Selector] = field(default_factory=list)
    labels: frozenset[str] | None = None
    functions: list[str] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)


class _Parser(LogParser):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.query = Query(kind="metric")

    # -- expressions -----------------------------------------------------------------------------
    def parse(self) -> Query:
        if self.at("EOF"):
            raise self.error("empty query", 'write a stream selector such as {job="api"}')
        if self.at("OP", "{"):
            self.query.kind = "log"
            self.query.selectors.append(self.selector())
            self.pipeline(allow_unwrap=False)
            if self.at("OP", "["):
                raise self.error("a log query has no range", RANGE_HINT)
        else:
            self.query.labels = self.expr(0)
        if not self.at("EOF"):
            raise self.error("unexpected token after the end of the query",
                             "join expressions with an operator (and, or, +, >...) or check the parentheses")
        return self.query

    def expr(self, min_prec: int) -> frozenset[str] | None:
        labels = self.unary()
        while True:
            op = self.tok.value if self.tok.kind in ("OP", "IDENT") else ""
            prec = _PRECEDENCE.get(op)
            if prec is None or prec < min_prec:
                return labels
            self.advance()
            if op in _COMPARISONS and self.at("IDENT", "bool"):
                self.advance()
            if self.at("IDENT", "on") or self.at("IDENT", "ignoring"):
                self.advance()
                self.label_list()
                if self.at("IDENT", "group_left") or self.at("IDENT", "group_right"):
                    self.advance()
                    if self.at("OP", "("):
                        self.label_list()
            right = self.expr(prec if op == "^" else prec + 1)
            labels = labels if labels is not None or op in ("and", "unless") else right

    def unary(self) -> frozenset[str] | None:
        if self.at("OP", "-") or self.at("OP", "+"):
            self.advance()
        return self.primary()

    def primary(self) -> frozenset[str] | None:
        token = self.tok
        if token.kind in ("NUM", "DUR", "BYTES"):
            if token.kind != "NUM":
                raise self.error("a duration or byte size is not a number here", "durations belong in ranges: [5m]")
            self.advance()
            return frozenset()
        if self.at("OP", "("):
            self.advance()
            if self.at("OP", "{"):
                raise self.error("a log query cannot be used in a metric expression", RANGE_HINT)
            labels = self.expr(0)
            self.expect("OP", ")", "close the parenthesis")
            return labels
        if self.at("OP", "{"):
            raise self.error("a log query cannot be used in a metric expression", RANGE_HINT)
        if token.kind != "IDENT":
            raise self.error("expected a stream selector, a function, an aggregation or a number",
                             'start with {label="value"}, count_over_time(...), sum(...)')
        name = token.value
        self.query.functions.append(name)
        if name in AGGREGATIONS:
            return self.vector_aggregation()
        if name in RANGE_FUNCTIONS:
            return self.range_aggregation()
        if name == "vector":
            self.advance()
            self.expect("OP", "(")
            self.expect("NUM", hint="vector() takes a number: vector(0)")
            self.expect("OP", ")")
            return frozenset()
        if name == "label_replace":
            return self.label_replace()
        close = difflib.get_close_matches(name, list(RANGE_FUNCTIONS) + list(AGGREGATIONS) + ["label_replace"], 1)
        raise self.error(f"unknown function {name!r}", f"did you mean {close[0]}?" if close else
                         "functions are count_over_time, rate, sum, topk... (see the LogQL docs)", token)

    def grouping(self) -> tuple[str, frozenset[str]] | None:
        if self.at("IDENT", "by") or self.at("IDENT", "without"):
            kind = self.advance().value
            return kind, self.label_list()
        return None

    def label_list(self) -> frozenset[str]:
        self.expect("OP", "(", "list labels in parentheses: by (job, service)")
        names = []
        while not self.at("OP", ")"):
            names.append(self.expect("IDENT", hint="label names are identifiers: by (job)").value)
            if not self.at("OP", ")"):
                self.expect("OP", ",", "separate labels with commas")
        self.advance()
        return frozenset(names)

    def vector_aggregation(self) -> frozenset[str] | None:
        name = self.advance().value
        group = self.grouping()
        self.expect("OP", "(", f"{name} takes its argument in parentheses: {name}(...)")
        if name in _PARAM_AGGREGATIONS:
            self.expect("NUM", hint=f"{name} takes a number first: {name}(5, ...)")
            self.expect("OP", ",")
        inner = self.expr(0)
        self.expect("OP", ")", "close the aggregation's parenthesis")
        group = group or self.grouping()
        if group is None:
            return frozenset() if name not in ("topk", "bottomk", "sort", "sort_desc", "approx_topk") else inner
        return group[1] if group[0] == "by" else None

    def range_aggregation(self) -> frozenset[str] | None:
        token = self.advance()
        name = token.value
        self.expect("OP", "(", f"{name} takes a log range: {name}({{job=\"api\"}}[5m])")
        if name == "quantile_over_time":
            self.expect("NUM", hint="quantile_over_time takes the quantile first: quantile_over_time(0.99, ...)")
            self.expect("OP", ",")
        unwrapped = self.log_range(name)
        needs = RANGE_FUNCTIONS[name]
        if needs is True and not unwrapped:
            raise self.error(f"{name} needs an unwrapped range", f"add | unwrap <label> before the range: "
                             f"{name}({{job=\"api\"}} | logfmt | unwrap duration [5m])", token)
        if needs is False and unwrapped:
            raise self.error(f"{name} cannot read an unwrapped range", "remove | unwrap, or use sum_over_time", token)
        self.expect("OP", ")", "close the range aggregation's parenthesis")
        by_token = self.tok
        group = self.grouping()
        if group and not unwrapped:
            raise self.error(f"{name} does not take by/without", f"aggregate it instead: sum by (...) ({name}(...))",
                             by_token)
        if group:
            return group[1] if group[0] == "by" else None
        return None

    def label_replace(self) -> frozenset[str] | None:
        self.advance()
        self.expect("OP", "(")
        labels = self.expr(0)
        strings = []
        for _ in range(4):
            self.expect("OP", ",", 'label_replace(expr, "dst", "replacement", "src", "regex")')
            strings.append(self.expect("STR", hint="label_replace's arguments after the first are strings"))
        self.regex(strings[3])
        self.expect("OP", ")")
        return labels | {strings[0].value} if labels is not None else None

    # -- log queries -----------------------------------------------------------------------------
    def log_range(self, function: str) -> bool:
        """Parse a log range; returns whether it is unwrapped."""
        if self.at("OP", "("):
            self.advance()
            unwrapped = self.log_range_body(function, allow_missing=True)
            self.expect("OP", ")")
            if self.at("OP", "["):
                self.range()
            elif not self.query.ranges:
                raise self.error(f"{function} needs a range", RANGE_HINT)
            return unwrapped
        return self.log_range_body(function, allow_missing=False)

    def log_range_body(self, function: str, allow_missing: bool) -> bool:
        if not self.at("OP", "{"):
            raise self.error(f"{function} reads a log range, not a metric", RANGE_HINT)
        self.query.selectors.append(self.selector())
        had_range = False
        if self.at("OP", "["):
            self.range()
            had_range = True
        unwrapped = self.pipeline(allow_unwrap=True)
        if self.at("OP", "["):
            if had_range:
                raise self.error("a log range has one range", "keep a single [duration]")
            self.range()
            had_range = True
        if not had_range and not allow_missing:
            raise self.error(f"{function} needs a range", RANGE_HINT)
        if had_range and self.at("IDENT", "offset"):
            self.advance()
            self.expect("DUR", hint="offset takes a duration: offset 1h")
        return unwrapped

    def range(self) -> None:
        self.expect("OP", "[")
        token = self.expect("DUR", hint="a range is a duration in brackets: [5m]")
        if self.at("OP", ":") or (self.at("OP", "]") is False and self.tok.value == ":"):
            raise self.error("subqueries are not supported in LogQL", "use a single range: [5m]")
        self.expect("OP", "]", "close the range: [5m]")
        self.query.ranges.append(token.value)

def parse(text: str) -> Query:
    """Parse a LogQL query.

    :param text: the query
    :raises LogQLSyntaxError: with ``line``, ``column``, ``message`` and ``hint``
    """
    if not isinstance(text, str):
        raise LogQLSyntaxError(f"expected a query string, got {type(text).__name__}", 0, "", "quote the expression")
    return _Parser(text).parse()
