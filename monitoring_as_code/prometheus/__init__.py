"""Prometheus: alerting and recording rules, their unit tests, server configuration.

>>> from monitoring_as_code.prometheus import AlertingRule, RuleGroup, RuleFile

Names are imported on first use, so importing a submodule (the target, for ``mac check`` on
a YAML file) does not pay for the model and its dependencies.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AlertingRule": "rules", "RecordingRule": "rules", "RuleGroup": "rules", "RuleFile": "rules",
    "RuleTest": "ruletests", "Series": "ruletests", "AlertExpectation": "ruletests", "ExpectedAlert": "ruletests",
    "PromqlExpectation": "ruletests", "ExpectedSample": "ruletests",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
