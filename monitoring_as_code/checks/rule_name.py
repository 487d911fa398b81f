"""``rule/name``: recorded series follow ``level:metric:operations`` (Prometheus's naming
practice), so a reader tells a recorded series from a raw one and sees how it was made."""

from __future__ import annotations

import re

from monitoring_as_code.checks.base import RuleCheck
from monitoring_as_code.core.problem import Severity

NAME = "rule/name"
_VALID = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*(:[a-zA-Z_0-9][a-zA-Z0-9_]*){2,}")


class RuleNameCheck(RuleCheck):
    """Recording rule names that are not ``level:metric:operations``."""

    name = NAME
    severity = Severity.WARNING

    def check_rule(self, doc, path, group, rule, ctx):
        name = rule.get("record")
        if not isinstance(name, str) or _VALID.fullmatch(name):
            return []
        parts = name.split(":")
        if len(parts) == 1:
            why = "has no colons, so it looks like a raw metric"
        elif any(not p for p in parts):
            why = "has an empty part"
        else:
            why = f"has {len(parts)} parts"
        return [
            self.problem(
                doc,
                path + ("record",),
                f"recording rule name {name!r} {why}: use level:metric:operations",
                "e.g. `job:http_requests:rate5m` (aggregation labels : metric without _total : operations)",
            )
        ]
