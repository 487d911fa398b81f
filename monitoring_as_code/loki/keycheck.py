"""Walking a configuration against a key tree: unknown keys with a "did you mean" hint, and
keys Loki removed or deprecated (from Loki's own ``deleted-config.yaml``/``deprecated-config.yaml``).

Shared by the Loki and Promtail checks; the trees live in ``loki/keys.py`` and ``promtail/keys.py``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from monitoring_as_code.loki.keys import OPEN

Path = tuple[Any, ...]
_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def suggest(key: str, known) -> str | None:
    """The closest known key to ``key`` (a typo's fix), or ``None``."""
    matches = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.75)
    return matches[0] if matches else None


def unknown_keys(tree: dict, node: Any, path: Path = (), pattern: Path = ()) -> Iterator[tuple[Path, Path, str, dict]]:
    """``(path, pattern, key, siblings)`` for each key of ``node`` not in ``tree``.

    ``pattern`` is the path with list indexes replaced by ``"*"`` (to look up strict blocks).
    """
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key not in tree:
            yield path, pattern, key, tree
            continue
        sub = tree[key]
        if sub is None or sub is OPEN:
            continue
        if isinstance(sub, list):
            if isinstance(value, list):
                for i, item in enumerate(value):
                    yield from unknown_keys(sub[0], item, path + (key, i), pattern + (key, "*"))
            continue
        yield from unknown_keys(sub, value, path + (key,), pattern + (key,))


def wrong_shapes(tree: dict, node: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """``(path, "a mapping"|"a list")`` for each value whose shape differs from the tree's (``null`` is fine)."""
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        sub = tree.get(key)
        if value is None or sub is None or sub is OPEN:
            continue
        if isinstance(sub, list):
            if not isinstance(value, list):
                yield path + (key,), "a list"
                continue
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    yield path + (key, i), "a mapping"
                else:
                    yield from wrong_shapes(sub[0], item, path + (key, i))
        elif isinstance(sub, dict):
            if not isinstance(value, dict):
                yield path + (key,), "a mapping"
            else:
                yield from wrong_shapes(sub, value, path + (key,))


@cache
def loki_lists() -> tuple[dict, dict]:
    """Loki's (deleted, deprecated) key trees, read once."""
    import yaml

    trees = []
    for name in ("deleted-config.yaml", "deprecated-config.yaml"):
        with open(os.path.join(_DATA, name), encoding="utf-8") as fh:
            trees.append(yaml.safe_load(fh) or {})
    return trees[0], trees[1]


def listed_keys(tree: Any, node: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """``(path, message)`` for each key or value of ``node`` that ``tree`` (Loki's list format) names.

    List items are matched against the same tree, as Loki's checker does for ``schema_config.configs``.
    """
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from listed_keys(tree, item, path + (i,))
        return
    if not isinstance(node, dict) or not isinstance(tree, dict):
        return
    for key, spec in tree.items():
        if key not in node or "-" in key:
            continue
        value = node[key]
        if isinstance(spec, str):
            yield path + (key,), spec
        elif isinstance(spec, dict) and "_values" in spec:
            if isinstance(value, str) and value in spec["_values"]:
                yield path + (key,), f"`{key}: {value}` is no longer supported. {spec.get('_msg', '')}".strip()
        elif isinstance(spec, dict):
            yield from listed_keys(spec, value, path + (key,))


def walk_values(node: Any, visit: Callable[[Path, str, Any], None], path: Path = ()) -> None:
    """Call ``visit(path, key, value)`` for every mapping entry of ``node``, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            visit(path + (key,), key, value)
            walk_values(value, visit, path + (key,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            walk_values(item, visit, path + (i,))
