"""Walking rule documents, whatever shape they came in.

A ``prometheus/rules`` Document holds either a rule file (``{"groups": [...]}``) or a
PrometheusRule custom resource (``{"spec": {"groups": [...]}}``); checks use these helpers
so both shapes are read alike, with paths that point into the real document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from monitoring_as_code.core.document import Document

Path = tuple[Any, ...]


def groups_path(doc: Document) -> Path:
    """Where the ``groups`` list is: ``("groups",)`` or ``("spec", "groups")``."""
    data = doc.data
    if isinstance(data, dict) and data.get("kind") == "PrometheusRule":
        return ("spec", "groups")
    return ("groups",)


def iter_groups(doc: Document) -> Iterator[tuple[Path, dict]]:
    """``(path, group)`` for every group that is a mapping."""
    base = groups_path(doc)
    node: Any = doc.data
    for key in base:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, list):
        return
    for i, group in enumerate(node):
        if isinstance(group, dict):
            yield base + (i,), group


def iter_rules(doc: Document) -> Iterator[tuple[Path, dict, dict]]:
    """``(path, group, rule)`` for every rule that is a mapping."""
    for group_path, group in iter_groups(doc):
        rules = group.get("rules")
        if not isinstance(rules, list):
            continue
        for j, rule in enumerate(rules):
            if isinstance(rule, dict):
                yield group_path + ("rules", j), group, rule
