"""Shared by the Prometheus rules tests: which problems come from the rules target itself."""

from __future__ import annotations

#: The checks of the Prometheus rules target (semantic checks of checks/ are tested there).
TARGET_CHECKS = (
    "rules/", "rule-tests/", "promql/syntax", "promql/version", "promql/experimental", "promtool/", "yaml/syntax",
    "mac/",
)


def ours(problems: list[dict]) -> list[dict]:
    return [p for p in problems if p["check"].startswith(TARGET_CHECKS)]
