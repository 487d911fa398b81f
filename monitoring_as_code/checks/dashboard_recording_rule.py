"""``dashboard/recording-rule``: a panel queries a recorded series no recording rule defines; the
panel shows "No data" and nobody notices until they need it."""

from __future__ import annotations

from monitoring_as_code.checks._recorded import near_misses, undefined_reads
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

NAME = "dashboard/recording-rule"


class DashboardRecordingRuleCheck(Check):
    """Dashboard queries naming recorded series that no rule file of the run records."""

    name = NAME
    severity = Severity.WARNING

    def check_all(self, ctx):
        if not ctx.complete:  # the recording rule may be in a file the user did not name
            return []
        return [
            self.problem(
                site.doc,
                site.path,
                f"the query reads `{name}`, a recorded series that no recording rule in this run defines"
                + near_misses(ctx, name),
                "add the recording rule, fix the name, or list it in setup.cfg `external_recording_rules`",
            )
            for name, site in undefined_reads(ctx, "grafana/dashboard")
        ]
