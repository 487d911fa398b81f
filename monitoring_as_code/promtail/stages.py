"""Promtail pipeline stages as objects: each compiles to ``{<stage>: {...}}``, the one-key mapping
Promtail expects in ``pipeline_stages``.

Mapping stages take the mapping first: ``Labels({"stream": None, "job": "service"})`` (``None`` means
"from the extracted value of the same name", written out explicitly so Promtail and Alloy agree).
"""

from __future__ import annotations

from typing import Any, ClassVar

import attr

from monitoring_as_code.core.fields import fields_data
from monitoring_as_code.loki.block import Block

# ``source`` is a Promtail key but also Resource.source (where the user wrote the object): the
# attribute is ``source_``, the constructor argument and the key ``source``.




def _data(obj: Any) -> dict[str, Any]:
    return {("source" if k == "source_" else k): v for k, v in fields_data(obj).items()}


class _Stage(Block):
    stage: ClassVar[str] = ""

    def to_json_data(self) -> dict[str, Any]:
        return {self.stage: _data(self)}


class _MapStage(_Stage):
    values: Any
    def to_json_data(self) -> dict[str, Any]:
        return {self.stage: {k: (k if v is None else v) for k, v in self.values.items()}}


class _ListStage(_Stage):
    values: Any
    def to_json_data(self) -> dict[str, Any]:
        return {self.stage: list(self.values)}


@attr.s(auto_attribs=True)
class Docker(_Stage):
    """Parse Docker's json-file lines (``log``, ``stream``, ``time``)."""

    stage = "docker"


@attr.s(auto_attribs=True, kw_only=True)
class CRI(_Stage):
    """Parse CRI (containerd, CRI-O) lines, joining partial lines."""

    stage = "cri"
    max_partial_lines: int | None = None
    max_partial_line_size: int | None = None
    max_partial_line_size_truncate: bool | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Json(_Stage):
    """Extract values with JMESPath ``expressions`` (name -> expression; ``None``: the same name)."""

    stage = "json"
    expressions: dict[str, str | None]
    source_: str | None = attr.ib(default=None, alias="source")
    drop_malformed: bool | None = None

    def to_json_data(self) -> dict[str, Any]:
        data = _data(self)
        data["expressions"] = {k: (k if v is None else v) for k, v in self.expressions.items()}
        return {self.stage: data}


@attr.s(auto_attribs=True, kw_only=True)
class Logfmt(_Stage):
    """Extract logfmt keys (``mapping``: name -> key; ``None``: the same name)."""

    stage = "logfmt"
    mapping: dict[str, str | None]
    source_: str | None = attr.ib(default=None, alias="source")

    def to_json_data(self) -> dict[str, Any]:
        data = _data(self)
        data["mapping"] = {k: (k if v is None else v) for k, v in self.mapping.items()}
        return {self.stage: data}


@attr.s(auto_attribs=True, kw_only=True)
class Regex(_Stage):
    """Extract named groups of an RE2 ``expression``."""

    stage = "regex"
    expression: str
    source_: str | None = attr.ib(default=None, alias="source")


@attr.s(auto_attribs=True, kw_only=True)
class Replace(_Stage):
    """Replace what an RE2 ``expression`` matches."""

    stage = "replace"
    expression: str
    source_: str | None = attr.ib(default=None, alias="source")
    replace: str | None = None


@attr.s(auto_attribs=True)
class Labels(_MapStage):
    """Turn extracted values into labels: keep them few and low-cardinality."""

    stage = "labels"
    values: dict[str, str | None]


@attr.s(auto_attribs=True)
class StructuredMetadata(_MapStage):
    """Attach extracted values as structured metadata (for high-cardinality values such as trace ids;
    needs Loki schema v13 and tsdb)."""

    stage = "structured_metadata"
    values: dict[str, str | None]


@attr.s(auto_attribs=True)
class StaticLabels(_MapStage):
    """Add fixed labels."""

    stage = "static_labels"
    values: dict[str, str]


@attr.s(auto_attribs=True, kw_only=True)
class Timestamp(_Stage):
    """Take the entry's time from an extracted value (``format``: a Go layout or RFC3339, RFC3339Nano, Unix...)."""

    stage = "timestamp"
    source_: str = attr.ib(alias="source")
    format: str
    fallback_formats: list[str] | None = None
    location: str | None = None
    action_on_failure: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Output(_Stage):
    """Replace the log line with an extracted value."""

    stage = "output"
    source_: str = attr.ib(alias="source")


@attr.s(auto_attribs=True, kw_only=True)
class Match(_Stage):
    """Run ``stages`` (or drop, with ``action="drop"``) on entries matching a LogQL ``selector``."""

    stage = "match"
    selector: str
    stages: list[Any] | None = None
    action: str | None = None
    pipeline_name: str | None = None
    drop_counter_reason: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Drop(_Stage):
    """Drop entries by value, RE2 expression, age or size."""

    stage = "drop"
    source_: str | list[str] | None = attr.ib(default=None, alias="source")
    separator: str | None = None
    expression: str | None = None
    value: str | None = None
    older_than: str | None = None
    longer_than: str | int | None = None
    drop_counter_reason: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Multiline(_Stage):
    """Join lines until the next one matching ``firstline`` (RE2)."""

    stage = "multiline"
    firstline: str
    max_wait_time: str | None = None
    max_lines: int | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Metric(Block):
    """One metric of a :class:`Metrics` stage: ``type`` Counter, Gauge or Histogram."""

    type: str
    description: str | None = None
    source_: str | None = attr.ib(default=None, alias="source")
    prefix: str | None = None
    max_idle_duration: str | None = None
    config: dict[str, Any] | None = None

    def to_json_data(self) -> dict[str, Any]:
        return _data(self)


@attr.s(auto_attribs=True)
class Metrics(_MapStage):
    """Prometheus metrics from log entries: name -> :class:`Metric`."""

    stage = "metrics"
    values: dict[str, Metric]

    def to_json_data(self) -> dict[str, Any]:
        return {self.stage: dict(self.values)}


@attr.s(auto_attribs=True, kw_only=True)
class Template(_Stage):
    """Set an extracted value from a Go template."""

    stage = "template"
    source_: str = attr.ib(alias="source")
    template: str


@attr.s(auto_attribs=True)
class LabelDrop(_ListStage):
    """Drop labels."""

    stage = "labeldrop"
    values: list[str]


@attr.s(auto_attribs=True)
class LabelAllow(_ListStage):
    """Keep only these labels."""

    stage = "labelallow"
    values: list[str]


@attr.s(auto_attribs=True, kw_only=True)
class Tenant(_Stage):
    """Send entries to another tenant."""

    stage = "tenant"
    label: str | None = None
    source_: str | None = attr.ib(default=None, alias="source")
    value: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Pack(_Stage):
    """Pack labels into the line as JSON."""

    stage = "pack"
    labels: list[str]
    ingest_timestamp: bool | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Limit(_Stage):
    """Rate-limit entries."""

    stage = "limit"
    rate: float
    burst: int
    by_label_name: str | None = None
    max_distinct_labels: int | None = None
    drop: bool | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Sampling(_Stage):
    """Keep a fraction ``rate`` (0-1) of entries."""

    stage = "sampling"
    rate: float
    drop_counter_reason: str | None = None


@attr.s(auto_attribs=True)
class Decolorize(_Stage):
    """Strip ANSI colour codes."""

    stage = "decolorize"
