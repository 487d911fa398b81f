"""``dashboard/recording-rule``: a panel queries a recorded series no recording rule defines; the
panel shows "No data" and nobody notices until they need it."""

from __future__ import annotations

from monitoring_as_code.checks._recorded import UndefinedReadsCheck

NAME = "dashboard/recording-rule"


class DashboardRecordingRuleCheck(UndefinedReadsCheck):
    """Dashboard queries naming recorded series that no rule file of the run records."""

    name = NAME
    reader_kind = "grafana/dashboard"
    hint = "add the recording rule, fix the name, or list it in setup.cfg `external_recording_rules`"

    def message(self, name: str) -> str:
        return f"the query reads `{name}`, a recorded series that no recording rule in this run defines"
