"""``rule/missing``: a rule reads a recorded series (``level:metric:operations``) that no recording
rule of the repository defines: the expression is empty and the alert can never fire."""

from __future__ import annotations

from monitoring_as_code.checks._recorded import near_misses, undefined_reads
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

NAME = "rule/missing"


class RuleMissingCheck(Check):
    """Rule expressions reading recorded series no rule of the run records."""

    name = NAME
    severity = Severity.WARNING

    def check_all(self, ctx):
        if not ctx.complete:  # the recording rule may be in a file the user did not name
            return []
        return [
            self.problem(
                site.doc,
                site.path,
                f"`{name}` looks like a recorded series (it has colons) but no recording rule in this run defines it"
                + near_misses(ctx, name),
                "add the recording rule, fix the name, or list it in setup.cfg `external_recording_rules` if another"
                " Prometheus records it",
            )
            for name, site in undefined_reads(ctx, "prometheus/rules")
        ]
