"""``alertmanager/severity-receiver``: when routes are chosen by severity, a severity that no route
matches falls through to the root's default receiver: ``critical`` pages go to the catch-all
channel (or nowhere, if the default receiver has no integrations)."""

from __future__ import annotations

from monitoring_as_code.checks._alertmanager import has_integrations, iter_routes
from monitoring_as_code.checks._config import settings
from monitoring_as_code.checks._data import as_list
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

NAME = "alertmanager/severity-receiver"


class AlertmanagerSeverityReceiverCheck(Check):
    """Configured severities that only the root route (the default receiver) can take."""

    name = NAME
    severity = Severity.WARNING
    kinds = ("alertmanager/config",)

    def check(self, doc, ctx):
        data = doc.data if isinstance(doc.data, dict) else {}
        root = data.get("route")
        routes = list(iter_routes(root))[1:]
        if not routes or not any(m.name == "severity" for _p, _r, chain in routes for m in chain):
            return []  # severity does not drive routing here
        receivers = {r.get("name"): r for r in as_list(data.get("receivers")) if isinstance(r, dict)}
        default = root.get("receiver")
        problems = []
        for severity in settings(ctx).severities:
            reachable = any(all(m.matches(severity) for m in chain if m.name == "severity") for _p, _r, chain in routes)
            if reachable:
                continue
            silent = not has_integrations(receivers.get(default))
            problems.append(
                self.problem(
                    doc,
                    ("route", "receiver") if "receiver" in root else ("route",),
                    f"no route matches severity={severity!r}: those alerts go to the default receiver {default!r}"
                    + (", which has no integrations: they are dropped" if silent else ""),
                    f'add a route with `matchers: [severity="{severity}"]` and the receiver it should page',
                    Severity.BUG if silent else None,
                )
            )
        return problems
