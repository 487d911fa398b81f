"""Promtail pipeline stages -> ``loki.process`` stage blocks, as Alloy's converter writes them
(``promtailconvert/internal/build/stages.go``): ``stage.json``, ``stage.labels``, ``stage.label_drop``,
``stage.label_keep``, ``stage.metrics`` with ``metric.counter``/``gauge``/``histogram`` sorted by name...

Zero values and Alloy's defaults are left out; durations print as Go does (``10m0s``), sizes in
base-2 units (``1KiB``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from monitoring_as_code.alloy.syntax import Attr, Block
from monitoring_as_code.loki.duration import go_duration, parse_seconds

Diag = Callable[..., None]
_SIZES = {"b": 1, "kb": 1000, "kib": 1024, "mb": 1000**2, "mib": 1024**2, "gb": 1000**3, "gib": 1024**3}
#: stage -> (Alloy block, [(Promtail field, Alloy argument)...]) for the stages that map field by field
_SIMPLE = {
    "json": ("stage.json", [("expressions", "expressions"), ("source", "source"), ("drop_malformed", "drop_malformed")]),
    "logfmt": ("stage.logfmt", [("mapping", "mapping"), ("source", "source")]),
    "regex": ("stage.regex", [("expression", "expression"), ("source", "source")]),
    "replace": ("stage.replace", [("expression", "expression"), ("source", "source"), ("replace", "replace")]),
    "timestamp": ("stage.timestamp", [("source", "source"), ("format", "format"), ("fallback_formats",
                  "fallback_formats"), ("location", "location"), ("action_on_failure", "action_on_failure")]),
    "output": ("stage.output", [("source", "source")]),
    "template": ("stage.template", [("source", "source"), ("template", "template")]),
    "tenant": ("stage.tenant", [("label", "label"), ("source", "source"), ("value", "value")]),
    "limit": ("stage.limit", [("rate", "rate"), ("burst", "burst"), ("drop", "drop"), ("by_label_name",
              "by_label_name"), ("max_distinct_labels", "max_distinct_labels")]),
    "pack": ("stage.pack", [("labels", "labels"), ("ingest_timestamp", "ingest_timestamp")]),
    "cri": ("stage.cri", [("max_partial_lines", "max_partial_lines"), ("max_partial_line_size",
            "max_partial_line_size"), ("max_partial_line_size_truncate", "max_partial_line_size_truncate")]),
}
_MAPS = {"labels": "stage.labels", "structured_metadata": "stage.structured_metadata",
         "static_labels": "stage.static_labels"}
_LISTS = {"labeldrop": "stage.label_drop", "labelallow": "stage.label_keep"}
# Alloy defaults the converter leaves out (Promtail sets the same value explicitly).
_DEFAULTS = {("cri", "max_partial_lines"): 100, ("pack", "ingest_timestamp"): True}


def _zero(val: Any) -> bool:
    return val is None or val is False or val == "" or val == [] or val == {} or (
        isinstance(val, (int, float)) and not isinstance(val, bool) and val == 0)


def _mapping(val: Any) -> Any:
    return {k: ("" if v is None else v) for k, v in val.items()} if isinstance(val, dict) else val


def base2(size: Any) -> str:
    """A byte size (``1KB``, ``2048``) as Alloy prints ``units.Base2Bytes``: ``1KiB``, ``2KiB``, ``1500B``."""
    text = str(size).strip().lower().replace(" ", "")
    number = text.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = text[len(number):] or "b"
    total = int(float(number) * _SIZES.get(unit, _SIZES.get(unit + "b", 1)))
    for suffix, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if total and total % factor == 0:
            return f"{total // factor}{suffix}"
    return f"{total}B"


def convert_stages(stages: list, path: tuple, diag: Diag) -> list[Block]:
    """The stage blocks of a ``pipeline_stages`` list (match stages recurse)."""
    blocks = []
    for i, stage in enumerate(stages):
        if not isinstance(stage, dict) or len(stage) != 1:
            diag(path + (i,), "each pipeline stage must contain exactly one key", "fix the stage first")
            continue
        name, body = next(iter(stage.items()))
        block = _stage(name, body or {}, path + (i, name), diag)
        if block is not None:
            blocks.append(block)
    return blocks


def _stage(name: str, body: Any, path: tuple, diag: Diag) -> Block | None:
    if name in _SIMPLE:
        block_name, fields = _SIMPLE[name]
        attrs = []
        for key, arg in fields:
            val = body.get(key)
            if _zero(val) or _DEFAULTS.get((name, key)) == val:
                continue
            attrs.append(Attr(arg, _mapping(val)))
        return Block(block_name, body=attrs)
    if name in _MAPS:
        return Block(_MAPS[name], body=[Attr("values", _mapping(body))])
    if name in _LISTS:
        return Block(_LISTS[name], body=[Attr("values", list(body))])
    if name in ("docker", "decolorize"):
        return Block(f"stage.{name}")
    if name == "match":
        return _match(body, path, diag)
    if name == "drop":
        return _drop(body)
    if name == "multiline":
        attrs = [Attr("firstline", body.get("firstline"))]
        if body.get("max_lines"):
            attrs.append(Attr("max_lines", body["max_lines"]))
        if body.get("max_wait_time"):
            attrs.append(Attr("max_wait_time", go_duration(parse_seconds(body["max_wait_time"]))))
        return Block("stage.multiline", body=attrs)
    if name == "sampling":
        attrs = []
        if body.get("drop_counter_reason") not in (None, "sampling_stage"):
            attrs.append(Attr("drop_counter_reason", body["drop_counter_reason"]))
        attrs.append(Attr("rate", body.get("rate", 0)))
        return Block("stage.sampling", body=attrs)
    if name == "metrics":
        return Block("stage.metrics", body=[_metric(n, body[n]) for n in sorted(body)])
    diag(path, f"the {name} stage is not converted to Alloy by mac", "convert it with alloy convert")
    return None


def _match(body: dict, path: tuple, diag: Diag) -> Block:
    attrs: list[Any] = [Attr("selector", body.get("selector"))]
    attrs += convert_stages(body.get("stages") or [], path + ("stages",), diag)
    for key in ("action", "pipeline_name", "drop_counter_reason"):
        if body.get(key):
            attrs.append(Attr(key, body[key]))
    return Block("stage.match", body=attrs)


def _drop(body: dict) -> Block:
    attrs = []
    source = body.get("source")
    if isinstance(source, list):
        source = ",".join(source)
    for key, val in (("drop_counter_reason", body.get("drop_counter_reason")), ("source", source),
                     ("value", body.get("value")), ("separator", body.get("separator")),
                     ("expression", body.get("expression"))):
        if not _zero(val):
            attrs.append(Attr(key, val))
    if body.get("older_than"):
        attrs.append(Attr("older_than", go_duration(parse_seconds(body["older_than"]))))
    if body.get("longer_than"):
        attrs.append(Attr("longer_than", base2(body["longer_than"])))
    return Block("stage.drop", body=attrs)


def _metric(name: str, metric: dict) -> Block:
    kind = str(metric.get("type", "")).lower()
    config = metric.get("config") or {}
    attrs = [Attr("name", name)]
    for key in ("description", "source", "prefix"):
        if metric.get(key):
            attrs.append(Attr(key, metric[key]))
    if metric.get("max_idle_duration"):
        attrs.append(Attr("max_idle_duration", go_duration(parse_seconds(metric["max_idle_duration"]))))
    fields = {"counter": ("value", "action", "match_all", "count_entry_bytes"), "gauge": ("value", "action"),
              "histogram": ("value", "buckets")}.get(kind, ())
    attrs += [Attr(key, config[key]) for key in fields if not _zero(config.get(key))]
    return Block(f"metric.{kind}", body=attrs)
