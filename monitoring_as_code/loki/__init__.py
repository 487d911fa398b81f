"""Loki 3.x configuration and ruler rules as code, with LogQL checked in-process.

``from monitoring_as_code.loki import LokiConfig, PeriodConfig, LokiRuleFile, ...``

Names resolve lazily (PEP 562): ``mac check`` imports ``monitoring_as_code.loki.target`` for every
file it reads, and that must not load attrs and the models.
"""

from __future__ import annotations

from monitoring_as_code.core.lazy import lazy_exports

_CONFIG = ("Azure", "Common", "Compactor", "Filesystem", "Frontend", "GCS", "Index", "Ingester", "Limits",
           "LokiConfig", "PeriodConfig", "QueryRange", "Ruler", "RulerStorage", "S3", "SchemaConfig", "Server",
           "Storage", "StorageConfig", "TsdbShipper")
_RULES = ("LokiAlertingRule", "LokiRecordingRule", "LokiRuleFile", "LokiRuleGroup")
_EXPORTS = {**{name: "monitoring_as_code.loki.config" for name in _CONFIG},
            **{name: "monitoring_as_code.loki.rules" for name in _RULES}}

__all__ = [
    "GCS",
    "S3",
    "Azure",
    "Common",
    "Compactor",
    "Filesystem",
    "Frontend",
    "Index",
    "Ingester",
    "Limits",
    "LokiAlertingRule",
    "LokiConfig",
    "LokiRecordingRule",
    "LokiRuleFile",
    "LokiRuleGroup",
    "PeriodConfig",
    "QueryRange",
    "Ruler",
    "RulerStorage",
    "SchemaConfig",
    "Server",
    "Storage",
    "StorageConfig",
    "TsdbShipper",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
