"""Which Prometheus the rules are for: what its rule files and PromQL accept.

``promql-parser`` follows the newest Prometheus; Prometheus 2.x (and the promtool Debian
ships, 2.42) rejects some of what it accepts. The project says which version it runs with
``prometheus_version`` in ``[monitoring_as_code]`` (default :data:`DEFAULT_VERSION`), so
``mac check`` and the promtool of that version agree on what is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The version Debian 12 ships (``apt-get install prometheus``), the promtool CI runs.
DEFAULT_VERSION = "2.42"

#: PromQL functions and aggregations of Prometheus 2.42 (newer ones need a newer Prometheus).
FUNCTIONS_2_42 = frozenset(
    ["abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "avg_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh", "count_over_time", "days_in_month", "day_of_month", "day_of_week", "day_of_year", "deg", "delta", "deriv", "exp", "floor", "histogram_count", "histogram_sum", "histogram_fraction", "histogram_quantile", "holt_winters", "hour", "idelta", "increase", "irate", "label_replace", "label_join", "last_over_time", "ln", "log10", "log2", "max_over_time", "min_over_time", "minute", "month", "pi", "predict_linear", "present_over_time", "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn", "sin", "sinh", "sort", "sort_desc", "sqrt", "stddev_over_time", "stdvar_over_time", "sum_over_time", "tan", "tanh", "time", "timestamp", "vector", "year"]
)
AGGREGATIONS_2_42 = frozenset(["sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile"])

#: Go text/template built-ins, available in every version.
TEMPLATE_BUILTINS = frozenset(
    ["and", "or", "not", "len", "index", "slice", "print", "printf", "println", "html", "js", "urlquery", "eq", "ne", "lt", "le", "gt", "ge", "call"]
)
#: Prometheus' template functions in 2.42.
TEMPLATE_FUNCTIONS_2_42 = frozenset(
    ["query", "first", "label", "value", "strvalue", "args", "reReplaceAll", "safeHtml", "match", "title", "toUpper", "toLower", "graphLink", "tableLink", "sortByLabel", "humanize", "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp", "pathPrefix", "externalURL", "parseDuration", "stripPort", "stripDomain", "toTime"]
)
#: Template functions added after 2.42.
TEMPLATE_FUNCTIONS_LATER = frozenset(["safeURL", "toDuration", "now", "urlQueryEscape"])

_TEMPLATE_FUNCTIONS = {
    False: TEMPLATE_BUILTINS | TEMPLATE_FUNCTIONS_2_42,
    True: TEMPLATE_BUILTINS | TEMPLATE_FUNCTIONS_2_42 | TEMPLATE_FUNCTIONS_LATER,
}
_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$")


@dataclass(frozen=True)
class Dialect:
    """What one Prometheus version accepts.

    :param version: ``(major, minor)``
    """

    version: tuple[int, int]

    @classmethod
    def parse(cls, text: str | None) -> Dialect:
        """``"2.42"``, ``"3.5.0"``, ``"v2.53.1"``; empty means :data:`DEFAULT_VERSION`."""
        text = (text or DEFAULT_VERSION).strip()
        match = _VERSION.match(text)
        if not match:
            raise ValueError(f"prometheus_version {text!r} is not a version like 2.42 or 3.5")
        return cls((int(match.group(1)), int(match.group(2))))

    def __str__(self) -> str:
        return f"{self.version[0]}.{self.version[1]}"

    def at_least(self, major: int, minor: int) -> bool:
        """Whether this is ``major.minor`` or newer."""
        return self.version >= (major, minor)

    @property
    def v3(self) -> bool:
        """Prometheus 3 or newer (UTF-8 names, numbers as durations, experimental functions)."""
        return self.at_least(3, 0)

    def group_field_since(self, field: str) -> tuple[int, int] | None:
        """The version that introduced a group field, if this one is too old for it."""
        needed = {"limit": (2, 31), "query_offset": (2, 53)}.get(field)
        return needed if needed and self.version < needed else None

    def rule_field_since(self, field: str) -> tuple[int, int] | None:
        """The version that introduced a rule field, if this one is too old for it."""
        needed = {"keep_firing_for": (2, 42)}.get(field)
        return needed if needed and self.version < needed else None

    def template_functions(self) -> frozenset[str]:
        """Functions alert templates may call: Go's built-ins and Prometheus' own."""
        return _TEMPLATE_FUNCTIONS[self.v3]


#: The newest dialect: what is valid for *some* Prometheus (construction-time checks use it).
NEWEST = Dialect((99, 0))
