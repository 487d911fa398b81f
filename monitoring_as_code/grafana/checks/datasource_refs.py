"""``dashboard/datasource``: every datasource a dashboard names by uid is defined in the repo.

The datasources are the ``grafana/datasources`` documents (Grafana provisioning YAML). When the
run has none (``mac check one-dashboard.json``), there is nothing to compare with and the check
stays quiet. References through a variable (``${datasource}``) are checked by ``dashboard/variable``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.core.target import Context
from monitoring_as_code.grafana.checks import dashboard_panels, panel_label

NAME = "dashboard/datasource"
#: Grafana's built-in pseudo datasources
BUILTIN_UIDS = frozenset({"-- Mixed --", "-- Grafana --", "-- Dashboard --", "grafana", "dashboard", "mixed"})


def defined_datasources(ctx: Context) -> tuple[set[str], set[str]] | None:
    """(uids, names) of every datasource definition in the run, or ``None`` when there is none
    (memoised per run, like :func:`~monitoring_as_code.grafana.checks.queries.known_datasource_types`)."""
    memo = ctx.extra.get("grafana.defined_datasources")
    if memo is not None and memo[0] == len(ctx.documents):
        return memo[1]
    found = _defined_datasources(ctx)
    ctx.extra["grafana.defined_datasources"] = (len(ctx.documents), found)
    return found


def _defined_datasources(ctx: Context) -> tuple[set[str], set[str]] | None:
    docs = ctx.of_kind("grafana/datasources")
    if not docs:
        return None
    uids: set[str] = set()
    names: set[str] = set()
    for doc in docs:
        items = doc.data.get("datasources") if isinstance(doc.data, dict) else None
        for item in items or ():
            if isinstance(item, dict):
                if isinstance(item.get("uid"), str):
                    uids.add(item["uid"])
                if isinstance(item.get("name"), str):
                    names.add(item["name"])
    return uids, names


def _query_label(panel: dict, target: dict, index: int) -> str:
    return f"{panel_label(panel)}, query {target.get('refId', index)}"


def _refs(doc: Document, root: tuple, data: dict) -> Iterator[tuple[tuple, str | Callable[[], str], Any]]:
    """``(path, where, reference)``; ``where`` names the holder, or is a function that does (called only
    for a report: formatting a label for every panel and query would cost more than the check)."""
    for path, panel in dashboard_panels(doc, root, data):
        yield path + ("datasource",), partial(panel_label, panel), panel.get("datasource")
        targets = panel.get("targets")
        for j, target in enumerate(targets if isinstance(targets, list) else []):
            if isinstance(target, dict):
                yield path + ("targets", j, "datasource"), partial(_query_label, panel, target, j), target.get("datasource")
    templating = data.get("templating")
    for i, variable in enumerate(templating.get("list") or [] if isinstance(templating, dict) else []):
        if isinstance(variable, dict) and variable.get("type") != "datasource":
            yield root + ("templating", "list", i, "datasource"), f"variable {variable.get('name')!r}", variable.get("datasource")
    annotations = data.get("annotations")
    for i, annotation in enumerate(annotations.get("list") or [] if isinstance(annotations, dict) else []):
        if isinstance(annotation, dict):
            yield root + ("annotations", "list", i, "datasource"), f"annotation {annotation.get('name')!r}", annotation.get("datasource")


def check(doc: Document, root: tuple, data: dict, ctx: Context) -> list[Problem]:
    defined = defined_datasources(ctx)
    if defined is None:
        return []
    uids, names = defined
    problems = []
    for path, where, ref in _refs(doc, root, data):
        if isinstance(ref, dict):
            value, by = ref.get("uid"), "uid"
        else:
            value, by = ref, "name"
        if not isinstance(value, str) or not value or "$" in value or value in BUILTIN_UIDS:
            continue
        if value in uids or (by == "name" and value in names):
            continue
        known = ", ".join(sorted(uids)) or "none"
        where = where() if callable(where) else where
        problems.append(doc.problem(
            path, NAME, f"{where} uses datasource {by} {value!r}, which no datasource definition has (uids: {known})",
            "use one of the provisioned uids, or a datasource variable such as ${datasource}", Severity.BUG))
    return problems
