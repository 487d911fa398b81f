"""Promtail configuration as code (``build/promtail/promtail.yaml``), and from the same definition the
Grafana Alloy configuration that replaces it (``build/alloy/config.alloy``).

``from monitoring_as_code.promtail import PromtailConfig, ScrapeConfig, Json, Labels, Timestamp, ...``
(names resolve lazily, PEP 562, so importing the target stays cheap).
"""

from __future__ import annotations

from monitoring_as_code.core.lazy import lazy_exports

_CONFIG = ("BasicAuth", "Client", "DockerSD", "KubernetesSD", "Positions", "PromtailConfig", "PromtailServer",
           "RelabelConfig", "ScrapeConfig", "StaticConfig")
_STAGES = ("CRI", "Decolorize", "Docker", "Drop", "Json", "LabelAllow", "LabelDrop", "Labels", "Limit", "Logfmt",
           "Match", "Metric", "Metrics", "Multiline", "Output", "Pack", "Regex", "Replace", "Sampling",
           "StaticLabels", "StructuredMetadata", "Template", "Tenant", "Timestamp")
_EXPORTS = {**{name: "monitoring_as_code.promtail.config" for name in _CONFIG},
            **{name: "monitoring_as_code.promtail.stages" for name in _STAGES}}

__all__ = [
    "CRI",
    "BasicAuth",
    "Client",
    "Decolorize",
    "Docker",
    "DockerSD",
    "Drop",
    "Json",
    "KubernetesSD",
    "LabelAllow",
    "LabelDrop",
    "Labels",
    "Limit",
    "Logfmt",
    "Match",
    "Metric",
    "Metrics",
    "Multiline",
    "Output",
    "Pack",
    "Positions",
    "PromtailConfig",
    "PromtailServer",
    "Regex",
    "RelabelConfig",
    "Replace",
    "Sampling",
    "ScrapeConfig",
    "StaticConfig",
    "StaticLabels",
    "StructuredMetadata",
    "Template",
    "Tenant",
    "Timestamp",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
