"""k6 load-test gates: scenarios and thresholds as code, and checking k6 results against them.

Options: :class:`LoadTest` with scenarios (:class:`ConstantVUs`, :class:`RampingVUs`,
:class:`SharedIterations`, :class:`PerVUIterations`, :class:`ConstantArrivalRate`,
:class:`RampingArrivalRate`), thresholds given explicitly or derived from SLOs, and custom
metrics (:class:`Counter`, :class:`Gauge`, :class:`Rate`, :class:`Trend`). Results:
``mac loadtest check`` (see :mod:`monitoring_as_code.k6.gate`).
"""

from __future__ import annotations

import importlib
from typing import Any

# Resolved lazily (PEP 562), as in the grafana package: ``mac check`` imports ``k6.target`` on
# every run, and the attrs models below cost ~25 ms that only load-test definitions need.
_EXPORTS = {
    **dict.fromkeys(("Counter", "CustomMetric", "Gauge", "LoadTest", "Rate", "Threshold", "Trend"),
                    "monitoring_as_code.k6.options"),
    **dict.fromkeys(("ConstantArrivalRate", "ConstantVUs", "PerVUIterations", "RampingArrivalRate", "RampingVUs",
                     "Scenario", "SharedIterations", "Stage"), "monitoring_as_code.k6.scenarios"),
}

__all__ = [
    "ConstantArrivalRate", "ConstantVUs", "Counter", "CustomMetric", "Gauge", "LoadTest", "PerVUIterations",
    "RampingArrivalRate", "RampingVUs", "Rate", "Scenario", "SharedIterations", "Stage", "Threshold", "Trend",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
