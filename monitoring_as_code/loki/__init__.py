"""Loki 3.x configuration and ruler rules as code, with LogQL checked in-process.

``from monitoring_as_code.loki import LokiConfig, PeriodConfig, LokiRuleFile, ...``
"""

from monitoring_as_code.loki.config import (
    GCS,
    S3,
    Azure,
    Common,
    Compactor,
    Filesystem,
    Frontend,
    Index,
    Ingester,
    Limits,
    LokiConfig,
    PeriodConfig,
    QueryRange,
    Ruler,
    RulerStorage,
    SchemaConfig,
    Server,
    Storage,
    StorageConfig,
    TsdbShipper,
)
from monitoring_as_code.loki.rules import (
    LokiAlertingRule,
    LokiRecordingRule,
    LokiRuleFile,
    LokiRuleGroup,
)

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
