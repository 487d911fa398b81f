"""``dashboard/datasource-name``: a datasource referenced by name breaks when the datasource is renamed
or the dashboard moves to another Grafana; a uid (or a datasource variable) does not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from monitoring_as_code.checks._data import as_dict, as_list
from monitoring_as_code.checks._grafana import iter_panels, panels, variable_names, variables
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document

NAME = "dashboard/datasource-name"
#: Grafana's built-in pseudo datasources, referenced by these names
_BUILTIN = frozenset({"-- Grafana --", "-- Mixed --", "-- Dashboard --", "grafana", "default"})


def references(dashboard: Any, doc: Document | None = None) -> Iterator[tuple[tuple, Any]]:
    """``(path, datasource value)`` of every panel, target, variable and annotation datasource.

    :param doc: the dashboard's document, to share one panel walk with the other readers of the run
    """
    for path, panel in panels(doc) if doc is not None and doc.data is dashboard else iter_panels(dashboard):
        if "datasource" in panel:
            yield path + ("datasource",), panel["datasource"]
        for j, target in enumerate(as_list(panel.get("targets"))):
            if isinstance(target, dict) and "datasource" in target:
                yield path + ("targets", j, "datasource"), target["datasource"]
    for section in ("templating", "annotations"):
        holder = dashboard.get(section) if isinstance(dashboard, dict) else None
        for i, item in enumerate(as_list(as_dict(holder).get("list"))):
            if isinstance(item, dict) and "datasource" in item:
                yield (section, "list", i, "datasource"), item["datasource"]


class DashboardDatasourceNameCheck(Check):
    """Datasources given as a name string, or as an object without ``uid``."""

    name = NAME
    severity = Severity.WARNING
    kinds = ("grafana/dashboard",)

    def check(self, doc, ctx):
        known = variables(doc.data)
        problems = []
        for path, ds in references(doc.data, doc):
            if ds is None or (isinstance(ds, dict) and ds.get("uid")):
                continue
            if isinstance(ds, str):
                names = variable_names(ds)
                if ds in _BUILTIN or (names and names[0] in known):
                    continue
                message = f"datasource referenced by name ({ds!r})"
            elif isinstance(ds, dict):
                message = f"datasource without a uid ({ds!r})"
            else:
                continue
            problems.append(
                self.problem(
                    doc,
                    path,
                    message + ": it breaks when the datasource is renamed or on another Grafana",
                    'use {"type": "prometheus", "uid": "<uid>"} or a datasource variable ({"uid": "${datasource}"})',
                )
            )
        return problems
