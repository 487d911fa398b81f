"""``rule/missing``: a rule reads a recorded series (``level:metric:operations``) that no recording
rule of the repository defines: the expression is empty and the alert can never fire."""

from __future__ import annotations

from monitoring_as_code.checks._recorded import UndefinedReadsCheck

NAME = "rule/missing"


class RuleMissingCheck(UndefinedReadsCheck):
    """Rule expressions reading recorded series no rule of the run records."""

    name = NAME
    reader_kind = "prometheus/rules"
    hint = (
        "add the recording rule, fix the name, or list it in setup.cfg `external_recording_rules` if another"
        " Prometheus records it"
    )

    def message(self, name: str) -> str:
        return f"`{name}` looks like a recorded series (it has colons) but no recording rule in this run defines it"
