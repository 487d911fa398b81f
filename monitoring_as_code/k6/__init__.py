"""k6 load-test gates: scenarios and thresholds as code, and checking k6 results against them.

Options: :class:`LoadTest` with scenarios (:class:`ConstantVUs`, :class:`RampingVUs`,
:class:`SharedIterations`, :class:`PerVUIterations`, :class:`ConstantArrivalRate`,
:class:`RampingArrivalRate`), thresholds given explicitly or derived from SLOs, and custom
metrics (:class:`Counter`, :class:`Gauge`, :class:`Rate`, :class:`Trend`). Results:
``mac loadtest check`` (see :mod:`monitoring_as_code.k6.gate`).
"""

from monitoring_as_code.k6.options import (
    Counter,
    CustomMetric,
    Gauge,
    LoadTest,
    Rate,
    Threshold,
    Trend,
)
from monitoring_as_code.k6.scenarios import (
    ConstantArrivalRate,
    ConstantVUs,
    PerVUIterations,
    RampingArrivalRate,
    RampingVUs,
    Scenario,
    SharedIterations,
    Stage,
)

__all__ = [
    "ConstantArrivalRate", "ConstantVUs", "Counter", "CustomMetric", "Gauge", "LoadTest", "PerVUIterations",
    "RampingArrivalRate", "RampingVUs", "Rate", "Scenario", "SharedIterations", "Stage", "Threshold", "Trend",
]
