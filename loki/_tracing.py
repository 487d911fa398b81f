"""How Portal Universe services write trace ids in their logs, shared by the Promtail pipeline
(which stores the id as structured metadata) and the Loki datasource (which links it to Zipkin).

Two shapes: JSON or key=value logs (``"traceId":"4bf92f3577b34da6"``, ``trace_id=4bf9...``), and
Spring Cloud Sleuth / Micrometer Tracing's pattern ``[service,traceId,spanId]``.
"""

#: The trace id's shape: 64- or 128-bit, hex.
_ID = "[0-9a-fA-F]{16,32}"
_BEFORE = r'(?:"?(?:traceId|trace_id)"?\s*[:=]\s*"?|\[[\w-]+,)'

#: RE2 with a named group, for Promtail's regex stage.
TRACE_ID_REGEX = _BEFORE + f"(?P<trace_id>{_ID})"

#: The same match for Grafana's derived field: the first group is the value.
TRACE_ID_MATCHER = _BEFORE + f"({_ID})"
