"""LogQL log queries: stream selectors and pipelines (line filters, parsers, label filters,
formats, ``drop``/``keep``, ``unwrap``). The metric part of the grammar is in :mod:`logql`."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from monitoring_as_code.loki import re2
from monitoring_as_code.loki.logql_lexer import LogQLSyntaxError, Token, TokenStream

LINE_FILTERS = ("|=", "!=", "|~", "!~", "|>", "!>")
STAGES = ("json", "logfmt", "regexp", "pattern", "unpack", "line_format", "label_format", "drop", "keep",
          "decolorize", "unwrap")
RANGE_HINT = "a range aggregation reads a log range: count_over_time({job=\"api\"} |= \"error\" [5m])"
_LABEL_OPS = ("=", "!=", "=~", "!~", "==", ">", ">=", "<", "<=")


@dataclass
class Selector:
    """A stream selector: ``matchers`` are ``(label, op, value)``."""

    matchers: list[tuple[str, str, str]]
    pos: int


class LogParser(TokenStream):
    """Parses selectors and pipelines; :class:`logql._Parser` adds metric expressions."""

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
            if self.tok.kind == "OP" and self.tok.value in LINE_FILTERS:
                self.line_filter()
            elif self.at("OP", "|"):
                self.advance()
                if self.at("IDENT", "unwrap"):
                    if not allow_unwrap:
                        raise self.error("unwrap is only valid in a range aggregation", RANGE_HINT)
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
        # Stage names are keywords in Loki's lexer: `| json != "x"` is json then a line filter.
        if name not in STAGES and nxt.kind == "OP" and nxt.value in _LABEL_OPS:
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
            close = difflib.get_close_matches(name, STAGES, 1)
            raise self.error(f"unknown pipeline stage {name!r}",
                             f"did you mean {close[0]}?" if close else "stages are " + ", ".join(STAGES), token)

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
        while self.at("OP", "|") and not (self.peek().kind == "IDENT" and self.peek().value in STAGES):
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
