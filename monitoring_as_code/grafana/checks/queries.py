"""``dashboard/promql``: every Prometheus query of the dashboard parses.

Variables are substituted first (``$__rate_interval`` -> ``5m``, ``$job`` -> its current value...),
so only real syntax errors are reported. Loki, Tempo and other datasources' queries are skipped.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise
from typing import Any

from monitoring_as_code.checks._grafana import SENTINEL_DURATIONS
from monitoring_as_code.checks._grafana import substitute as substitute_for_checks
from monitoring_as_code.checks._promql import parsed
from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.core.target import Context
from monitoring_as_code.grafana.checks import dashboard_panels, panel_label
from monitoring_as_code.grafana.templating import (
    BUILTIN_DURATIONS,
    current_value,
    defined_variables,
    substitute,
    variable_uses,
)

NAME = "dashboard/promql"
#: (sentinel of a time built-in in :func:`substitute_for_checks`, what :func:`substitute` writes for it)
_BUILTIN_SENTINELS = [(sentinel, BUILTIN_DURATIONS[name]) for name, sentinel in SENTINEL_DURATIONS.items()]
_LOGQL_MARKERS = ("|=", "|~", "!~ \"", "| json", "| logfmt", "| pattern", "| regexp", "| line_format", "| unpack")


def datasource_type(ref: Any, variables: dict[str, dict], known: dict[str, str]) -> str | None:
    """The plugin type behind a datasource reference (``{"type","uid"}``, a name, or a ``$variable``).

    :param ref: the reference as written in the panel or target
    :param variables: the dashboard's variables (a datasource variable's ``query`` is its plugin type)
    :param known: ``uid or name -> type`` from the repo's datasource definitions
    """
    if isinstance(ref, dict):
        if isinstance(ref.get("type"), str) and ref["type"] != "datasource":
            return ref["type"]
        ref = ref.get("uid")
    if not isinstance(ref, str) or not ref:
        return None
    name = ref.strip("${}").split(":")[0] if ref.startswith("$") else None
    if name and name in variables:
        query = variables[name].get("query")
        return query if isinstance(query, str) and variables[name].get("type") == "datasource" else None
    if ref in known:
        return known[ref]
    lowered = ref.lower()
    for plugin in ("prometheus", "loki", "tempo", "elasticsearch", "mysql", "zipkin", "jaeger"):
        if plugin in lowered:
            return plugin
    return None


def known_datasource_types(ctx: Context) -> dict[str, str]:
    """``uid or name -> plugin type`` of the run's datasource definitions (memoised per run: a scan of
    every document per dashboard would make a build quadratic in the number of dashboards)."""
    memo = ctx.extra.get("grafana.datasource_types")
    if memo is not None and memo[0] == len(ctx.documents):
        return memo[1]
    known = _datasource_types(ctx)
    ctx.extra["grafana.datasource_types"] = (len(ctx.documents), known)
    return known


def _datasource_types(ctx: Context) -> dict[str, str]:
    known: dict[str, str] = {}
    for doc in ctx.of_kind("grafana/datasources"):
        items = doc.data.get("datasources") if isinstance(doc.data, dict) else None
        for item in items or ():
            if isinstance(item, dict) and isinstance(item.get("type"), str):
                for key in ("uid", "name"):
                    if isinstance(item.get(key), str):
                        known[item[key]] = item["type"]
    return known


def _looks_like_logql(expr: str) -> bool:
    return expr.lstrip().startswith("{") or any(marker in expr for marker in _LOGQL_MARKERS)


def _syntax_error(text: str, expr: str) -> str | None:
    """promql-parser's message for ``text`` (``expr`` with variables substituted), or ``None``.

    Through the semantic checks' memo (:func:`monitoring_as_code.checks._promql.parsed`): a query
    without variables reads the same text there, and one whose only variables are time built-ins in
    range or offset positions reads a text of the same syntax (:func:`_same_syntax`). So each distinct
    query is parsed once per run, not once per reader; the message of an error is still ``text``'s own.
    """
    if text != expr:
        checked = substitute_for_checks(expr)
        if checked != text and _same_syntax(text, checked) and parsed(checked).ast is not None:
            return None
    found = parsed(text)
    return None if found.ast is not None else found.error


def _same_syntax(text: str, checked: str) -> bool:
    """Whether ``text`` parses exactly when ``checked`` does: they differ only in whole duration tokens,
    a time built-in's (``5m``, ``1m``, ``1h``) in ``text`` where ``checked`` has its sentinel
    (``9000001s``). Both are positive durations, valid wherever a duration is, and the tokens around
    them are the same, so the parser takes the same path through both."""
    for sentinel, duration in _BUILTIN_SENTINELS:
        if sentinel in checked:
            pieces = checked.split(sentinel)
            for before, after in pairwise(pieces):
                if _joins_token(before[-1:]) or _joins_token(after[:1]):
                    return False  # part of a longer name or number: not a duration token of its own
            checked = duration.join(pieces)
    return checked == text


def _joins_token(char: str) -> bool:
    """Whether ``char`` next to a duration would make one token with it (a letter, digit, ``_`` or ``.``)."""
    return char.isalnum() or char in ("_", ".")


def parse_error(expr: str, variables: dict[str, dict]) -> str | None:
    """The parser's message when ``expr`` does not parse as PromQL with any plausible variable value."""
    if "$" not in expr and "[[" not in expr:  # no variables: the memoised parse answers
        found = parsed(expr)
        return None if found.ast is not None else found.error
    if not variables:  # only built-ins (or undefined names): nothing of the dashboard's matters
        return _parse_error(expr, ())
    used = sorted({name for name in variable_uses(expr) if name in variables})
    signature = tuple((name, variables[name].get("type"), current_value(variables[name])) for name in used)
    return _parse_error(expr, signature)


@lru_cache(maxsize=8192)
def _parse_error(expr: str, signature: tuple) -> str | None:
    """:func:`parse_error` for the variables that matter to ``expr`` (name, type, current value): cacheable."""
    variables = {name: {"type": kind, "current": {"value": value}} for name, kind, value in signature}
    error = None
    for fallback in ("x", "1"):
        found = _syntax_error(substitute(expr, variables, fallback), expr)
        if found is None:
            return None
        error = error or found
    return error


#: a panel's datasource type not yet worked out (``None`` is a type: "cannot tell")
_NOT_YET = object()


def check(doc: Document, root: tuple, data: dict, ctx: Context) -> list[Problem]:
    variables = defined_variables(data)
    known = known_datasource_types(ctx)
    problems = []
    for path, panel in dashboard_panels(doc, root, data):
        targets = panel.get("targets")
        if not isinstance(targets, list):
            continue
        panel_kind: Any = _NOT_YET  # read for the first target without a datasource type of its own
        for j, target in enumerate(targets):
            expr = target.get("expr") if isinstance(target, dict) else None
            if not isinstance(expr, str) or not expr or expr.isspace():
                continue
            kind = datasource_type(target.get("datasource"), variables, known)
            if not kind:
                if panel_kind is _NOT_YET:
                    panel_kind = datasource_type(panel.get("datasource"), variables, known)
                kind = panel_kind
            if kind not in (None, "prometheus") or (kind is None and _looks_like_logql(expr)):
                continue
            error = parse_error(expr, variables)
            if error:
                problems.append(doc.problem(
                    path + ("targets", j, "expr"), NAME,
                    f"{panel_label(panel)}, query {target.get('refId', j)}: PromQL does not parse: {error}",
                    "fix the expression (try it in the Prometheus expression browser)",
                    Severity.BUG))
    return problems
