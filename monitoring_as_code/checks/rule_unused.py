"""``rule/unused``: a recording rule nobody reads (no rule, alert or dashboard of the run) costs
evaluation time and series for nothing."""

from __future__ import annotations

from monitoring_as_code.checks._rules import gather_reads, rule_index
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

NAME = "rule/unused"


class RuleUnusedCheck(Check):
    """Recorded series that no rule or dashboard reads (only when the run has dashboards)."""

    name = NAME
    severity = Severity.INFO

    def gather(self, doc, ctx):
        gather_reads(doc, ctx)

    def check_all(self, ctx):
        # Readers may live in files the user did not name: only a whole-project run can tell.
        if not ctx.complete:
            return []
        index = rule_index(ctx)
        if not (index.has_rules and index.has_dashboards):
            return []
        problems = []
        for name, sites in index.recorded.items():
            if name in index.readers:
                continue
            for site in sites:
                if site.doc.kind == "prometheus/rules":
                    problems.append(
                        self.problem(
                            site.doc,
                            site.path + ("record",),
                            f"recorded series {name!r} is not read by any rule, alert or dashboard in this run",
                            "delete the rule, or use it (it may serve a consumer outside this repository: then"
                            " disable this check on it)",
                        )
                    )
        return problems
