"""``dashboard/variable``: a query using ``$name`` that the dashboard does not define is sent to the
datasource with the literal ``$name`` in it: the panel errors or silently shows nothing."""

from __future__ import annotations

from monitoring_as_code.checks._grafana import (
    BUILTIN_VARIABLES,
    iter_targets,
    variable_names,
    variables,
)
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

NAME = "dashboard/variable"
_QUERY_FIELDS = ("expr", "query", "legendFormat")


class DashboardVariableCheck(Check):
    """Template variables used in queries (and legends) that the dashboard does not define."""

    name = NAME
    severity = Severity.BUG
    kinds = ("grafana/dashboard",)

    def check(self, doc, ctx):
        defined = set(variables(doc.data)) | BUILTIN_VARIABLES
        problems = []
        for path, target, _panel, _kind in iter_targets(doc.data):
            for key in _QUERY_FIELDS:
                text = target.get(key)
                if not isinstance(text, str) or "$" not in text and "[[" not in text:
                    continue
                for name in dict.fromkeys(variable_names(text)):
                    if name not in defined and not name.isdigit():
                        problems.append(
                            self.problem(
                                doc,
                                path + (key,),
                                f"{key} uses `${name}`, which the dashboard does not define",
                                f"add a `{name}` variable under templating.list, or fix the name"
                                f" (defined: {', '.join(sorted(set(variables(doc.data)))) or 'none'})",
                            )
                        )
        return problems
