"""PromQL expressions checked in-process with promql-parser (one parse per expression, no process).

:func:`expr_issues` reports syntax errors and what the target Prometheus version does not
accept (see :mod:`.dialect`), so ``mac check`` and promtool agree on validity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from monitoring_as_code.core.problem import Severity
from monitoring_as_code.prometheus.dialect import (
    AGGREGATIONS_2_42,
    FUNCTIONS_2_42,
    NEWEST,
    Dialect,
)
from monitoring_as_code.prometheus.names import LABEL_NAME, METRIC_NAME

SYNTAX_HINT = "fix the PromQL; try it in the Prometheus expression browser or `promtool query instant`"


@dataclass(frozen=True)
class ExprIssue:
    """One thing wrong with an expression."""

    message: str
    hint: str
    severity: Severity = Severity.BUG
    check: str = "promql/syntax"


@dataclass(frozen=True)
class _Parsed:
    error: str | None
    functions: frozenset[str] = frozenset()
    experimental: frozenset[str] = frozenset()
    aggregations: frozenset[str] = frozenset()
    utf8_names: frozenset[str] = frozenset()
    or_matchers: bool = False


#: Prometheus 3 aggregations behind --enable-feature=promql-experimental-functions.
_EXPERIMENTAL_AGGREGATIONS = frozenset({"limitk", "limit_ratio"})

_registered = False


def _parser() -> Any:
    """promql_parser, with Prometheus 2's ``holt_winters`` registered (3.0 renamed it)."""
    global _registered
    import promql_parser

    if not _registered:
        matrix, scalar = promql_parser.ValueType.Matrix, promql_parser.ValueType.Scalar
        promql_parser.register_extra_functions(
            [promql_parser.Function("holt_winters", [matrix, scalar, scalar], promql_parser.ValueType.Vector)]
        )
        _registered = True
    return promql_parser


def _collect(parser: Any, ast: Any) -> _Parsed:
    functions: set[str] = set()
    experimental: set[str] = set()
    aggregations: set[str] = set()
    utf8: set[str] = set()
    or_matchers = False

    def visit(node: Any) -> None:
        if isinstance(node, parser.Call):
            functions.add(node.func.name)
            if node.func.experimental:
                experimental.add(node.func.name)
        elif isinstance(node, parser.AggregateExpr):
            aggregations.add(str(node.op))
            if node.modifier is not None:
                utf8.update(n for n in node.modifier.labels if not LABEL_NAME.match(n))
        elif isinstance(node, parser.BinaryExpr):
            modifier = node.modifier
            if modifier is not None:
                names = list(modifier.matching.labels) if modifier.matching is not None else []
                names += list(modifier.group_labels or ())
                utf8.update(n for n in names if not LABEL_NAME.match(n))
        elif isinstance(node, parser.VectorSelector):
            nonlocal or_matchers
            or_matchers = or_matchers or bool(node.matchers.or_matchers)
            if node.name and not METRIC_NAME.match(node.name):
                utf8.add(node.name)
            for matcher in node.matchers.matchers:
                if not LABEL_NAME.match(matcher.name):
                    utf8.add(matcher.name)

    parser.walk(ast, visit)
    return _Parsed(
        None, frozenset(functions), frozenset(experimental), frozenset(aggregations), frozenset(utf8), or_matchers
    )


@lru_cache(maxsize=4096)
def _parse(expr: str) -> _Parsed:
    parser = _parser()
    # The semantic checks memoise parses by text too: share theirs, so each expression is parsed once.
    from monitoring_as_code.checks._promql import parsed

    result = parsed(expr)
    if result.ast is None:
        return _Parsed(result.error or "could not parse expression")
    if not _needs_walk(expr):
        return _Parsed(None)  # only functions of every version, no `or` in braces: nothing to collect
    return _collect(parser, result.ast)


# Strings and comments removed, so the number-as-duration scan below only sees code.
#: a PromQL string literal: double- or single-quoted (with escapes) or a backtick raw string
STRING_LITERAL = r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`[^`]*`'
#: string literals and comments, matched whole (so nothing inside them is taken for code)
STRINGS_AND_COMMENTS = re.compile(rf"{STRING_LITERAL}|#[^\n]*")


@lru_cache(maxsize=4096)
def _code(expr: str) -> str:
    """``expr`` with strings and comments blanked (memoised: three scans below read it)."""
    return STRINGS_AND_COMMENTS.sub('""', expr)


_NUMBER = r"\d+(?:\.\d*)?(?:[eE][+-]?\d+)?"
_NUMERIC_DURATION = re.compile(
    rf"\boffset\s*-?\s*{_NUMBER}(?![\w.])|\[\s*{_NUMBER}\s*[\]:]|:\s*{_NUMBER}\s*\]"
)


# The look-behind skips starts inside a name: the same matches, without retrying every suffix.
_CALLS = re.compile(r"(?<![A-Za-z_])([A-Za-z_][A-Za-z0-9_:]*)\s*\(")
_NOT_CALLS = frozenset({"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "start", "end"})
_KNOWN_CALLS = FUNCTIONS_2_42 | AGGREGATIONS_2_42 | _NOT_CALLS
_OR_IN_BRACES = re.compile(r"\{[^{}]*\bor\b[^{}]*\}")


def _needs_walk(expr: str) -> bool:
    """Whether the AST may hold something version-specific (a cheap scan spares most walks)."""
    code = _code(expr)
    names = set(_CALLS.findall(code))
    return bool(names - _KNOWN_CALLS) or "holt_winters" in names or bool(_OR_IN_BRACES.search(code))


def _numeric_duration(expr: str) -> bool:
    return bool(_NUMERIC_DURATION.search(_code(expr)))


_DURATION = r"\d+(?:ms|[smhdwy])(?:\d+(?:ms|[smhdwy]))*"
# Where Prometheus 2 takes a duration: in [range:step] and after `offset`.
_DURATION_PLACES = re.compile(rf"\[[^\]]*\]|\boffset\s*-?\s*{_DURATION}")
_DURATION_NUMBER = re.compile(rf"(?<![\w:.]){_DURATION}(?![\w.])")


def _duration_as_number(expr: str) -> bool:
    """``x - 1h`` or ``x @ 1h``: a duration where Prometheus 2 wants a number (3.x reads it as seconds)."""
    return bool(_DURATION_NUMBER.search(_DURATION_PLACES.sub(" ", _code(expr))))


_TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`[^`]*`|#[^\n]*|[{}(),]|[A-Za-z_][\w:]*|\S')
_LABEL_LIST_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
# A quote right after `{`, `,` or a label-list keyword's `(`: the only places a quoted name can be.
_MAYBE_QUOTED_NAME = re.compile(r"""[{,]\s*["'`]|\b(?:by|without|on|ignoring|group_left|group_right)\s*\(\s*["'`]""")
# A quick superset of it (one character class to start from): most expressions fail it.
_QUOTE_AFTER_BRACKET = re.compile(r"""[{,(]\s*["'`]""")


def _quoted_names(expr: str) -> bool:
    """Whether a string stands where Prometheus 2 wants a name: ``{"metric"}``, ``x{"a.b"="1"}``, ``by ("a")``."""
    stack: list[bool] = []  # per open bracket: does it hold names?
    previous = ""
    before = ""
    for token in _TOKENS.findall(expr):
        if token.startswith("#"):
            continue
        if token in "{(":
            stack.append(token == "{" or before in _LABEL_LIST_KEYWORDS or previous in _LABEL_LIST_KEYWORDS)
        elif token in "})":
            if stack:
                stack.pop()
        elif token[0] in "\"'`" and stack and stack[-1] and previous in ("{", "(", ","):
            return True
        before, previous = previous, token
    return False


def syntax_error(expr: str) -> str | None:
    """The parse error of ``expr`` for the newest Prometheus, or ``None``."""
    return _parse(expr).error


def expr_issues(expr: Any, dialect: Dialect = NEWEST) -> list[ExprIssue]:
    """Everything wrong with ``expr`` for ``dialect``'s Prometheus."""
    if not isinstance(expr, (str, int, float)) or isinstance(expr, bool):
        return [ExprIssue(f"expr must be a PromQL string, got {type(expr).__name__}", "write the expression as a string")]
    text = str(expr)
    if not text.strip():
        return [ExprIssue("expr is empty", "write the PromQL expression the rule evaluates")]
    parsed = _parse(text)
    if parsed.error:
        return [ExprIssue(f"could not parse expression: {parsed.error}", SYNTAX_HINT)]
    issues: list[ExprIssue] = []
    if parsed.or_matchers:
        issues.append(ExprIssue("`or` between label matchers is not PromQL", "write two selectors joined with `or`"))
    upgrade = f"set prometheus_version in setup.cfg [monitoring_as_code] if your Prometheus is newer than {dialect}"
    if not dialect.v3:
        for name in sorted((parsed.functions - FUNCTIONS_2_42) | (parsed.aggregations - AGGREGATIONS_2_42)):
            issues.append(
                ExprIssue(f"unknown function with name {name!r} in Prometheus {dialect}", upgrade, check="promql/version")
            )
        if parsed.utf8_names or (_QUOTE_AFTER_BRACKET.search(text) and _MAYBE_QUOTED_NAME.search(text) and _quoted_names(text)):
            names = ", ".join(sorted(parsed.utf8_names)) or "quoted"
            issues.append(
                ExprIssue(f"quoted UTF-8 metric or label names ({names}) need Prometheus 3.0", upgrade, check="promql/version")
            )
        if _numeric_duration(text):
            issues.append(
                ExprIssue(
                    f"a number without unit as a duration (offset or range) needs Prometheus 3.0, not {dialect}",
                    "add a unit: [5m], offset 1h",
                    check="promql/version",
                )
            )
        if _duration_as_number(text):
            issues.append(
                ExprIssue(
                    f"a duration used as a number (e.g. `time() - 1h`) needs Prometheus 3, not {dialect}",
                    "write the number of seconds: `time() - 3600`",
                    check="promql/version",
                )
            )
    else:
        if "holt_winters" in parsed.functions:
            issues.append(
                ExprIssue(
                    "holt_winters was renamed double_exponential_smoothing in Prometheus 3.0",
                    "use double_exponential_smoothing(...) (experimental: --enable-feature=promql-experimental-functions)",
                    check="promql/version",
                )
            )
        for name in sorted(parsed.experimental | (parsed.aggregations & _EXPERIMENTAL_AGGREGATIONS)):
            issues.append(
                ExprIssue(
                    f"{name}() is experimental", "Prometheus must run with --enable-feature=promql-experimental-functions",
                    Severity.WARNING,
                    "promql/experimental",
                )
            )
    return issues


def validate_expr(expr: Any, field: str = "expr") -> None:
    """Raise ``ValueError`` when ``expr`` is not valid PromQL for any Prometheus (construction-time check)."""
    for issue in expr_issues(expr, NEWEST):
        if issue.severity >= Severity.BUG:
            raise ValueError(f"{field}: {issue.message}; {issue.hint}")
