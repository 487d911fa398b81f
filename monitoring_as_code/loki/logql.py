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
import re
from dataclasses import dataclass, field

from monitoring_as_code.loki import re2
from monitoring_as_code.loki.logql_lexer import LogQLSyntaxError, Token, tokenize

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
_LINE_FILTERS = ("|=", "!=", "|~", "!~", "|>", "!>")
_STAGES = ("json", "logfmt", "regexp", "pattern", "unpack", "line_format", "label_format", "drop", "keep",
           "decolorize", "unwrap")
_COMPARISONS = ("==", "!=", ">", ">=", "<", "<=")
_PRECEDENCE = {"or": 1, "and": 2, "unless": 2, "==": 3, "!=": 3, ">": 3, ">=": 3, "<": 3, "<=": 3, "+": 4, "-": 4,
               "*": 5, "/": 5, "%": 5, "^": 6}
_KIND_NAMES = {"STR": "a quoted string", "NUM": "a number", "DUR": "a duration", "IDENT": "a name", "OP": "an operator"}
_RANGE_HINT = "a range aggregation reads a log range: count_over_time({job=\"api\"} |= \"error\" [5m])"


@dataclass
class Selector:
    """A stream selector: ``matchers`` are ``(label, op, value)``."""

    matchers: list[tuple[str, str, str]]
    pos: int


@dataclass
class Query:
    """What a query is: ``kind`` is ``log`` or ``metric``; ``labels`` the labels a metric result keeps
    (``None`` when they depend on the streams, e.g. no ``by``), ``functions`` every function used."""

    kind: str
    selectors: list[Selector] = field(default_factory=list)
    labels: frozenset[str] | None = None
    functions: list[str] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.query = Query(kind="metric")

    # -- token helpers -------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def at(self, kind: str, value: str | None = None) -> bool:
        return self.tok.kind == kind and (value is None or self.tok.value == value)

    def advance(self) -> Token:
        token = self.tok
        self.i += 1
        return token

    def error(self, message: str, hint: str = "", token: Token | None = None) -> LogQLSyntaxError:
        """An error at ``token`` (default: the current one, named in the message as what was found)."""
        if token is not None:
            return LogQLSyntaxError(message, token.pos, self.text, hint)
        token = self.tok
        found = "the end of the query" if token.kind == "EOF" else repr(token.value)
        return LogQLSyntaxError(f"{message}, found {found}", token.pos, self.text, hint)

    def expect(self, kind: str, value: str | None = None, hint: str = "") -> Token:
        if not self.at(kind, value):
            raise self.error(f"expected {repr(value) if value else _KIND_NAMES[kind]}", hint)
        return self.advance()

    # -- expressions -----------------------------------------------------------------------------
    def parse(self) -> Query:
        if self.at("EOF"):
            raise self.error("empty query", 'write a stream selector such as {job="api"}')
        if self.at("OP", "{"):
            self.query.kind = "log"
            self.query.selectors.append(self.selector())
            self.pipeline(allow_unwrap=False)
            if self.at("OP", "["):
                raise self.error("a log query has no range", _RANGE_HINT)
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
                raise self.error("a log query cannot be used in a metric expression", _RANGE_HINT)
            labels = self.expr(0)
            self.expect("OP", ")", "close the parenthesis")
            return labels
        if self.at("OP", "{"):
            raise self.error("a log query cannot be used in a metric expression", _RANGE_HINT)
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
                raise self.error(f"{function} needs a range", _RANGE_HINT)
            return unwrapped
        return self.log_range_body(function, allow_missing=False)

    def log_range_body(self, function: str, allow_missing: bool) -> bool:
        if not self.at("OP", "{"):
            raise self.error(f"{function} reads a log range, not a metric", _RANGE_HINT)
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
            raise self.error(f"{function} needs a range", _RANGE_HINT)
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

    def selector(self) -> Selector:
        start = self.expect("OP", "{")
        matchers: list[tuple[str, str, str]] = []
        while not self.at("OP", "}"):
            name = self.expect("IDENT", hint='a matcher is label="value"').value
            if self.tok.kind != "OP" or self.tok.value not in ("=", "!=", "=~", "!~"):
                raise self.error("expected a matcher operator (=, !=, =~, !~)",
                                 'stream selectors compare labels: {job="api"}; use |= for log line content')
            op = self.advance().value
            value = self.expect("STR", hint='label values are quoted: {job="api"}')
            if op in ("=~", "!~"):
                self.regex(value)
            matchers.append((name, op, value.value))
            if not self.at("OP", "}"):
                self.expect("OP", ",", "separate matchers with commas")
        self.advance()
        if not matchers:
            raise LogQLSyntaxError("a stream selector needs at least one matcher", start.pos, self.text,
                                   'select streams by label: {job="api"}')
        if all(_matches_empty(op, value) for _, op, value in matchers):
            raise LogQLSyntaxError(
                "queries require at least one equality or regex matcher that does not match the empty value",
                start.pos, self.text, 'e.g. {job=~".+"} instead of {job=~".*"}, or {job="api"}')
        return Selector(matchers, start.pos)

    def regex(self, token: Token) -> None:
        problem = re2.error(token.value)
        if problem:
            raise LogQLSyntaxError(f"invalid regular expression {token.value!r}: {problem.message}", token.pos,
                                   self.text, problem.hint)

    def pipeline(self, allow_unwrap: bool) -> bool:
        unwrapped = False
        while True:
            if self.tok.kind == "OP" and self.tok.value in _LINE_FILTERS:
                self.line_filter()
            elif self.at("OP", "|"):
                self.advance()
                if self.at("IDENT", "unwrap"):
                    if not allow_unwrap:
                        raise self.error("unwrap is only valid in a range aggregation", _RANGE_HINT)
                    self.unwrap()
                    unwrapped = True
                else:
                    self.stage()
            else:
                return unwrapped

    def line_filter(self) -> None:
        op = self.advance().value
        while True:
            if self.at("IDENT", "ip"):
                self.advance()
                self.expect("OP", "(")
                self.expect("STR", hint='ip("192.168.0.0/16")')
                self.expect("OP", ")")
            else:
                token = self.expect("STR", hint=f'a line filter takes a quoted string: {op} "error"')
                if op in ("|~", "!~"):
                    self.regex(token)
            if not self.at("IDENT", "or"):
                return
            self.advance()

    def stage(self) -> None:
        token = self.tok
        if token.kind == "OP" and token.value == "(":
            self.label_filter()
            return
        if token.kind != "IDENT":
            raise self.error("expected a pipeline stage or a label filter after |",
                             "stages are json, logfmt, regexp, pattern, line_format, label_format, drop, keep...")
        name = token.value
        nxt = self.peek()
        if nxt.kind == "OP" and nxt.value in ("=", "!=", "=~", "!~", "==", ">", ">=", "<", "<="):
            self.label_filter()
            return
        self.advance()
        if name in ("json", "logfmt"):
            while self.at("FLAG"):
                flag = self.advance()
                if name != "logfmt" or flag.value not in ("--strict", "--keep-empty"):
                    raise self.error(f"unknown flag {flag.value} for {name}", "logfmt takes --strict and --keep-empty",
                                     flag)
            self.extraction_params()
        elif name in ("regexp", "pattern"):
            expression = self.expect("STR", hint=f'{name} takes a quoted expression: | {name} "..."')
            if name == "regexp":
                self.regex(expression)
                if "(?P<" not in expression.value and "(?<" not in expression.value:
                    raise LogQLSyntaxError("regexp needs at least one named capture group", expression.pos,
                                           self.text, 'name the groups you extract: (?P<status>\\d{3})')
            elif not re.search(r"<[A-Za-z_]\w*>", expression.value):
                raise LogQLSyntaxError("pattern needs at least one named capture <name>", expression.pos, self.text,
                                       'e.g. | pattern "<ip> - - <_> \\"<method> <path> <_>\\" <status>"')
        elif name == "line_format":
            template = self.expect("STR", hint='line_format takes a template: | line_format "{{.level}} {{.msg}}"')
            if template.value.count("{{") != template.value.count("}}"):
                raise LogQLSyntaxError("unbalanced {{ }} in line_format template", template.pos, self.text,
                                       "close every {{ with }}")
        elif name == "label_format":
            self.assignments(allow_ident=True)
        elif name in ("drop", "keep"):
            self.drop_keep()
        elif name in ("unpack", "decolorize"):
            pass
        else:
            close = difflib.get_close_matches(name, _STAGES, 1)
            raise self.error(f"unknown pipeline stage {name!r}",
                             f"did you mean {close[0]}?" if close else "stages are " + ", ".join(_STAGES), token)

    def extraction_params(self) -> None:
        while self.at("IDENT") and self.peek().kind == "OP" and self.peek().value == "=":
            self.advance()
            self.advance()
            self.expect("STR", hint='parameters are label="expression": | json status="response.status"')
            if not self.at("OP", ","):
                return
            self.advance()

    def assignments(self, allow_ident: bool) -> None:
        while True:
            self.expect("IDENT", hint='label_format takes new="{{.old}}" or new=old')
            self.expect("OP", "=", 'label_format assigns: new="template" or new=old')
            if not (self.at("STR") or (allow_ident and self.at("IDENT"))):
                raise self.error("expected a template string or a label name")
            self.advance()
            if not self.at("OP", ","):
                return
            self.advance()

    def drop_keep(self) -> None:
        while True:
            self.expect("IDENT", hint="drop and keep take label names: | drop level, method")
            if self.tok.kind == "OP" and self.tok.value in ("=", "!=", "=~", "!~"):
                op = self.advance().value
                value = self.expect("STR")
                if op in ("=~", "!~"):
                    self.regex(value)
            if not self.at("OP", ","):
                return
            self.advance()

    def unwrap(self) -> None:
        self.advance()
        if self.tok.kind == "IDENT" and self.peek().kind == "OP" and self.peek().value == "(":
            conversion = self.advance()
            if conversion.value not in ("bytes", "duration", "duration_seconds"):
                raise self.error(f"unknown unwrap conversion {conversion.value!r}",
                                 "use bytes(label), duration(label) or duration_seconds(label)", conversion)
            self.advance()
            self.expect("IDENT", hint="unwrap converts a label: unwrap duration(latency)")
            self.expect("OP", ")")
        else:
            self.expect("IDENT", hint="unwrap takes a label name: | unwrap latency_seconds")
        while self.at("OP", "|") and not (self.peek().kind == "IDENT" and self.peek().value in _STAGES):
            self.advance()
            self.label_filter()

    # -- label filters ---------------------------------------------------------------------------
    def label_filter(self) -> None:
        self.lf_unit()
        while True:
            if self.at("IDENT", "and") or self.at("IDENT", "or") or self.at("OP", ","):
                self.advance()
                self.lf_unit()
            elif self.at("OP", "(") or self.at("IDENT") and self.peek().kind == "OP" and self.peek().value in (
                    "=", "!=", "=~", "!~", "==", ">", ">=", "<", "<="):
                self.lf_unit()  # a space joins predicates like `and`
            else:
                return

    def lf_unit(self) -> None:
        if self.at("OP", "("):
            self.advance()
            self.label_filter()
            self.expect("OP", ")", "close the parenthesis of the label filter")
            return
        self.expect("IDENT", hint='a label filter compares a label: | status >= 500, | level="error"')
        if self.tok.kind != "OP" or self.tok.value not in ("=", "!=", "=~", "!~", "==", ">", ">=", "<", "<="):
            raise self.error("expected a comparison operator", "use = != =~ !~ for strings, == != > >= < <= for numbers")
        op = self.advance().value
        value = self.tok
        if self.at("IDENT", "ip"):
            self.advance()
            self.expect("OP", "(")
            self.expect("STR")
            self.expect("OP", ")")
        elif value.kind == "STR":
            if op in (">", ">=", "<", "<=", "=="):
                raise self.error(f"{op} compares numbers, durations or byte sizes, not strings",
                                 "drop the quotes: | status >= 500, | duration > 1s, | size > 10KB")
            self.advance()
            if op in ("=~", "!~"):
                self.regex(value)
        elif value.kind in ("NUM", "DUR", "BYTES"):
            if op in ("=~", "!~"):
                raise self.error(f"{op} takes a quoted regular expression", '| status =~ "5.."')
            self.advance()
        else:
            raise self.error("expected a value", 'quote strings ("error"), write numbers bare (500, 1s, 10KB)')


def _matches_empty(op: str, value: str) -> bool:
    if op in ("!=", "!~"):
        return True
    if op == "=":
        return value == ""
    try:
        return re2.compile_re2(value).fullmatch("") is not None
    except re2.RegexError:
        return False


def parse(text: str) -> Query:
    """Parse a LogQL query.

    :param text: the query
    :raises LogQLSyntaxError: with ``line``, ``column``, ``message`` and ``hint``
    """
    if not isinstance(text, str):
        raise LogQLSyntaxError(f"expected a query string, got {type(text).__name__}", 0, "", "quote the expression")
    return _Parser(text).parse()
