"""PromQL expressions checked in-process with promql-parser (one parse per expression, no process).

:func:`expr_issues` reports syntax errors and what the target Prometheus version does not
accept (see :mod:`.dialect`), so ``mac check`` and promtool agree on validity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

from monitoring_as_code.core.problem import Severity
from monitoring_as_code.prometheus.dialect import (
    AGGREGATIONS_2_42,
    FUNCTIONS_2_42,
    NEWEST,
    Dialect,
)
from monitoring_as_code.prometheus.names import LABEL_NAME, METRIC_NAME
from monitoring_as_code.prometheus.promql_scan import (
    KnownCalls,
    code_of,
    duration_as_number,
    numeric_duration,
    or_in_braces,
    quoted_names,
)

SYNTAX_HINT = "fix the PromQL; try it in the Prometheus expression browser or `promtool query instant`"


@dataclass(frozen=True)
class ExprIssue:
    """One thing wrong with an expression."""

    message: str
    hint: str
    severity: Severity = Severity.BUG
    check: str = "promql/syntax"


class _Parsed(NamedTuple):
    """What :func:`expr_issues` needs of an expression (a tuple: one is made per expression)."""

    error: str | None
    #: the expression with strings and comments blanked, for the Prometheus 2 text scans
    code: str = ""
    functions: frozenset[str] = frozenset()
    experimental: frozenset[str] = frozenset()
    aggregations: frozenset[str] = frozenset()
    utf8_names: frozenset[str] = frozenset()
    or_matchers: bool = False


#: Prometheus 3 aggregations behind --enable-feature=promql-experimental-functions.
_EXPERIMENTAL_AGGREGATIONS = frozenset({"limitk", "limit_ratio"})

def _collect(parser: Any, ast: Any, code: str) -> _Parsed:
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
        None, code, frozenset(functions), frozenset(experimental), frozenset(aggregations), frozenset(utf8), or_matchers
    )


# What may stand before `(` in every version: a cheap scan for anything else spares most walks.
_EVERY_VERSION_CALLS = KnownCalls(
    (FUNCTIONS_2_42 | AGGREGATIONS_2_42 | {"by", "without", "on", "ignoring", "group_left", "group_right", "bool",
                                           "start", "end"}) - {"holt_winters"}
)


@cache
def _checks_parse() -> Callable[[str], Any]:
    """The semantic checks' parse, memoised by text like ours (so each expression is parsed once)."""
    from monitoring_as_code.checks._promql import parsed

    return parsed


@lru_cache(maxsize=4096)
def _parse(expr: str) -> _Parsed:
    result = _checks_parse()(expr)
    if result.ast is None:
        return _Parsed(result.error or "could not parse expression")
    code = code_of(expr)
    if _EVERY_VERSION_CALLS.only_known(code) and not or_in_braces(code):
        return _Parsed(None, code)  # only what every version calls, no `or` in braces: nothing to collect
    from monitoring_as_code.checks._promql import promql_parser_module

    return _collect(promql_parser_module(), result.ast, code)


def syntax_error(expr: str) -> str | None:
    """The parse error of ``expr`` for the newest Prometheus, or ``None``."""
    return _parse(expr).error


def expr_issues(expr: Any, dialect: Dialect = NEWEST) -> list[ExprIssue]:
    """Everything wrong with ``expr`` for ``dialect``'s Prometheus."""
    if not isinstance(expr, (str, int, float)) or isinstance(expr, bool):
        return [ExprIssue(f"expr must be a PromQL string, got {type(expr).__name__}", "write the expression as a string")]
    text = str(expr)
    if not text or text.isspace():
        return [ExprIssue("expr is empty", "write the PromQL expression the rule evaluates")]
    parsed = _parse(text)
    if parsed.error:
        return [ExprIssue(f"could not parse expression: {parsed.error}", SYNTAX_HINT)]
    issues: list[ExprIssue] = []
    if parsed.or_matchers:
        issues.append(ExprIssue("`or` between label matchers is not PromQL", "write two selectors joined with `or`"))
    if dialect.v3:
        issues += _v3_issues(parsed)
    else:
        issues += _v2_issues(text, parsed, dialect)
    return issues


def _upgrade(dialect: Dialect) -> str:
    return f"set prometheus_version in setup.cfg [monitoring_as_code] if your Prometheus is newer than {dialect}"


def _v2_issues(text: str, parsed: _Parsed, dialect: Dialect) -> list[ExprIssue]:
    """What Prometheus 2 refuses: newer functions, quoted names, numbers and durations swapped."""
    issues: list[ExprIssue] = []
    if parsed.functions or parsed.aggregations:
        for name in sorted((parsed.functions - FUNCTIONS_2_42) | (parsed.aggregations - AGGREGATIONS_2_42)):
            issues.append(ExprIssue(
                f"unknown function with name {name!r} in Prometheus {dialect}", _upgrade(dialect), check="promql/version"
            ))
    if parsed.utf8_names or quoted_names(text):
        names = ", ".join(sorted(parsed.utf8_names)) or "quoted"
        issues.append(ExprIssue(
            f"quoted UTF-8 metric or label names ({names}) need Prometheus 3.0", _upgrade(dialect), check="promql/version"
        ))
    code = parsed.code
    if numeric_duration(code):
        issues.append(ExprIssue(
            f"a number without unit as a duration (offset or range) needs Prometheus 3.0, not {dialect}",
            "add a unit: [5m], offset 1h",
            check="promql/version",
        ))
    if duration_as_number(code):
        issues.append(ExprIssue(
            f"a duration used as a number (e.g. `time() - 1h`) needs Prometheus 3, not {dialect}",
            "write the number of seconds: `time() - 3600`",
            check="promql/version",
        ))
    return issues


def _v3_issues(parsed: _Parsed) -> list[ExprIssue]:
    """What Prometheus 3 renamed, or runs only behind a feature flag."""
    issues: list[ExprIssue] = []
    if "holt_winters" in parsed.functions:
        issues.append(ExprIssue(
            "holt_winters was renamed double_exponential_smoothing in Prometheus 3.0",
            "use double_exponential_smoothing(...) (experimental: --enable-feature=promql-experimental-functions)",
            check="promql/version",
        ))
    for name in sorted(parsed.experimental | (parsed.aggregations & _EXPERIMENTAL_AGGREGATIONS)):
        issues.append(ExprIssue(
            f"{name}() is experimental", "Prometheus must run with --enable-feature=promql-experimental-functions",
            Severity.WARNING,
            "promql/experimental",
        ))
    return issues


def validate_expr(expr: Any, field: str = "expr") -> None:
    """Raise ``ValueError`` when ``expr`` is not valid PromQL for any Prometheus (construction-time check)."""
    for issue in expr_issues(expr, NEWEST):
        if issue.severity >= Severity.BUG:
            raise ValueError(f"{field}: {issue.message}; {issue.hint}")
