"""Names Prometheus accepts: label names, metric names, and our recording-rule convention."""

from __future__ import annotations

import re

LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*\Z")  # \Z: `$` would also match before a final line break
METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*\Z")

LABEL_HINT = "label names are letters, digits and underscores, not starting with a digit (e.g. `team`)"
METRIC_HINT = "metric names are letters, digits, underscores and colons, not starting with a digit"


def _is_label_name(name: object) -> bool:
    # An ASCII identifier is [a-zA-Z_][a-zA-Z0-9_]*: most names pass without the regex engine.
    return isinstance(name, str) and (name.isascii() and name.isidentifier() or LABEL_NAME.match(name) is not None)


def label_name_error(name: object, what: str = "label") -> str | None:
    """Why ``name`` cannot be a label (or annotation) name, or ``None``."""
    if not _is_label_name(name):
        return f"invalid {what} name: {name!r}"
    if what == "label" and name == "__name__":
        return "label name __name__ is reserved for the metric name"
    return None


def metric_name_error(name: object) -> str | None:
    """Why ``name`` cannot be a recording rule's (metric) name, or ``None``."""
    if not isinstance(name, str) or not METRIC_NAME.match(name):
        return f"invalid recording rule name: {name!r}"
    return None

