"""The catalogue of semantic checks: one module per check, listed in ``ALL_CHECKS``.

Each check module defines a subclass of :class:`monitoring_as_code.checks.base.Check`. They run
on Documents, so Python definitions and raw YAML/JSON files are checked alike.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from monitoring_as_code.checks.base import Check

#: ``module:Class`` of every check, in report order.
ALL_CHECKS: tuple[str, ...] = ()


@lru_cache(maxsize=None)
def all_checks() -> tuple[Check, ...]:
    checks = []
    for spec in ALL_CHECKS:
        module, _, cls = spec.partition(":")
        checks.append(getattr(importlib.import_module(f"monitoring_as_code.checks.{module}"), cls)())
    return tuple(checks)
