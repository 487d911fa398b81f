"""``alertmanager/unreachable-route``: Alertmanager stops at the first matching sibling route unless
it has ``continue: true``. A route after a sibling that catches everything it would catch never
receives an alert."""

from __future__ import annotations

from monitoring_as_code.checks._alertmanager import (
    iter_routes,
    matchers_of,
    matches_everything,
)
from monitoring_as_code.checks._data import as_list
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

NAME = "alertmanager/unreachable-route"


class AlertmanagerUnreachableRouteCheck(Check):
    """Routes shadowed by an earlier sibling without ``continue`` whose matchers are a subset of theirs."""

    name = NAME
    severity = Severity.BUG
    kinds = ("alertmanager/config",)

    def check(self, doc, ctx):
        data = doc.data if isinstance(doc.data, dict) else {}
        problems = []
        for path, route, _chain in iter_routes(data.get("route")):
            siblings = [r for r in as_list(route.get("routes"))]
            for j, later in enumerate(siblings):
                if not isinstance(later, dict):
                    continue
                later_set = set(matchers_of(later))
                for i, earlier in enumerate(siblings[:j]):
                    if not isinstance(earlier, dict) or earlier.get("continue"):
                        continue
                    needed = {m for m in matchers_of(earlier) if not matches_everything(m)}
                    if needed <= later_set:
                        what = "catches every alert" if not needed else "matches every alert this route matches"
                        problems.append(
                            self.problem(
                                doc,
                                path + ("routes", j),
                                f"this route can never match: the earlier sibling routes[{i}]"
                                f" (receiver {earlier.get('receiver')!r}) {what} and has no `continue: true`",
                                "move this route before the broader one, or set `continue: true` on the earlier one",
                            )
                        )
                        break
        return problems
