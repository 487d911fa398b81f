"""k6 load-test gates: scenarios and thresholds as code, and checking k6 results against them.

Options: :class:`LoadTest` with scenarios (:class:`ConstantVUs`, :class:`RampingVUs`,
:class:`SharedIterations`, :class:`PerVUIterations`, :class:`ConstantArrivalRate`,
:class:`RampingArrivalRate`), thresholds given explicitly or derived from SLOs, and custom
metrics (:class:`Counter`, :class:`Gauge`, :class:`Rate`, :class:`Trend`). Results:
``mac loadtest check`` (see :mod:`monitoring_as_code.k6.gate`).
"""

from __future__ import annotations

from monitoring_as_code.core.lazy import lazy_exports

# Resolved lazily (PEP 562, core.lazy), as in the other packages: ``mac check`` imports ``k6.target`` on
# every run, and the attrs models below cost ~25 ms that only load-test definitions need.
_EXPORTS = {
    **dict.fromkeys(("Counter", "CustomMetric", "Gauge", "LoadTest", "Rate", "Threshold", "Trend"), "options"),
    **dict.fromkeys(("ConstantArrivalRate", "ConstantVUs", "PerVUIterations", "RampingArrivalRate", "RampingVUs",
                     "Scenario", "SharedIterations", "Stage"), "scenarios"),
}

__all__ = [
    "ConstantArrivalRate", "ConstantVUs", "Counter", "CustomMetric", "Gauge", "LoadTest", "PerVUIterations",
    "RampingArrivalRate", "RampingVUs", "Rate", "Scenario", "SharedIterations", "Stage", "Threshold", "Trend",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
