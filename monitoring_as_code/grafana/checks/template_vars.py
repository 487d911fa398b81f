"""``dashboard/variable``: every variable a query, title or datasource uses is defined.

An undefined ``$var`` is sent to the datasource literally: the panel silently shows no data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.core.target import Context
from monitoring_as_code.grafana.checks import dashboard_panels, panel_label
from monitoring_as_code.grafana.templating import (
    BUILTINS,
    defined_variables,
    strings_of,
    used_names,
    variable_uses,
)

NAME = "dashboard/variable"
_TARGET_FIELDS = ("expr", "query", "legendFormat", "interval", "datasource", "format", "target")
_PANEL_FIELDS = ("title", "datasource", "interval", "repeat")
_VARIABLE_FIELDS = ("query", "datasource", "regex", "definition")


def _query_label(panel: dict, target: dict, index: int) -> str:
    return f"{panel_label(panel)}, query {target.get('refId', index)}"


def _report(doc: Document, path: tuple, where: str | Callable[[], str], text: str, defined: set[str],
            problems: list[Problem]) -> None:
    """Report the first undefined variable ``text`` uses; ``where`` may be a function, called only then."""
    if "$" not in text and "[[" not in text:  # most strings: no regex needed
        return
    for name in variable_uses(text):
        if name not in defined and name not in BUILTINS:
            known = ", ".join(sorted(defined)) or "none"
            shown = where() if callable(where) else where
            problems.append(doc.problem(
                path, NAME, f"{shown} uses ${name}, which the dashboard does not define (defined: {known})",
                f"add a variable named {name!r} to templating, or fix the name", Severity.BUG))
            return  # one report per field is enough


def _undefined_use(text: str, defined: set[str]) -> bool:
    """Whether ``text`` (which holds ``$`` or ``[[``) uses a variable neither defined nor built in:
    the one question asked of every query, before anything is formatted for a report."""
    for name in used_names(text):
        if name not in defined and name not in BUILTINS:
            return True
    return False


def check(doc: Document, root: tuple, data: dict, ctx: Context) -> list[Problem]:
    defined = set(defined_variables(data))
    problems: list[Problem] = []
    templating = data.get("templating")
    for i, variable in enumerate(templating.get("list") or [] if isinstance(templating, dict) else []):
        if not isinstance(variable, dict):
            continue
        for field in _VARIABLE_FIELDS:
            for text in strings_of(variable.get(field)):
                _report(doc, root + ("templating", "list", i, field), f"variable {variable.get('name')!r}", text,
                        defined, problems)
    for path, panel in dashboard_panels(doc, root, data):
        for field in _PANEL_FIELDS:
            value = panel.get(field)
            if value is None:
                continue
            if field == "repeat" and isinstance(value, str) and value:
                value = "$" + value  # repeat names the variable without the dollar
            for text in _templated(value):
                _report(doc, path + (field,), partial(panel_label, panel), text, defined, problems)
        targets = panel.get("targets")
        for j, target in enumerate(targets if isinstance(targets, list) else []):
            if not isinstance(target, dict):
                continue
            for field in _TARGET_FIELDS:
                value = target.get(field)
                if value is None:
                    continue
                if type(value) is str:  # most fields: a string, most without variables
                    if ("$" in value or "[[" in value) and _undefined_use(value, defined):
                        _report(doc, path + ("targets", j, field), partial(_query_label, panel, target, j), value,
                                defined, problems)
                    continue
                for text in _templated(value):
                    _report(doc, path + ("targets", j, field), partial(_query_label, panel, target, j), text,
                            defined, problems)
    return problems


def _templated(value: object) -> list[str] | tuple[str, ...]:
    """The strings in ``value`` that may use a variable (most titles, uids and queries use none)."""
    if type(value) is str:
        return (value,) if "$" in value or "[[" in value else ()
    if type(value) is dict:  # {"type", "uid"} datasource refs: flat, read without the nested walk
        found = []
        for item in value.values():
            if type(item) is not str:
                break
            if "$" in item or "[[" in item:
                found.append(item)
        else:
            return found
    return [text for text in strings_of(value) if "$" in text or "[[" in text]
