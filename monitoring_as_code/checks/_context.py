"""What a document's checks may read from the rest of the run, as one fingerprint.

The check cache keeps each file's per-document results (its target's ``validate`` and every
check's ``check``) by the file's content. A few of those results also depend on other
documents of the run:

* the labels a recorded series carries, from the run's recording rules: ``alerts/template``,
  ``alerts/condition``, ``promql/aggregation``, ``promql/histogram-quantile``;
* scrape and evaluation intervals and external labels, from the run's Prometheus configs:
  ``promql/range``, ``alerts/for-interval``, ``rule/external-labels``;
* the datasources a dashboard may name, from the run's datasource documents (Grafana checks);
* whether the run covers the whole project.

:func:`run_fingerprint` hashes exactly these inputs. A cached result found under another
fingerprint is computed again (:meth:`~monitoring_as_code.core.cache.CheckCache.forget_stale`),
so editing a recording rule in one file re-checks the alerts of another. A check that starts
reading more of the run adds it here.
"""

from __future__ import annotations

import hashlib
import marshal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document
    from monitoring_as_code.core.target import Context

RECORDING_KINDS = ("prometheus/rules", "loki/rules")
WHOLE_KINDS = ("prometheus/config", "grafana/datasources")


def run_fingerprint(ctx: Context) -> str:
    """A hash of what per-document checks read beyond their own document (memoised per run)."""
    cached = ctx.extra.get("checks.run_fingerprint")
    if cached is not None:
        return cached
    chunks = []
    for doc in ctx.documents:
        if doc.kind in RECORDING_KINDS:
            recordings = _recordings(doc)
            if recordings:
                chunks.append(_serialized((doc.kind, recordings)))
        elif doc.kind in WHOLE_KINDS:
            chunks.append(_serialized((doc.kind, doc.data)))
    digest = hashlib.sha256(b"complete" if ctx.complete else b"named files")
    for chunk in sorted(chunks):  # the order files are named in does not matter
        digest.update(b"\0" + chunk)
    result = ctx.extra["checks.run_fingerprint"] = digest.hexdigest()
    return result


def _serialized(value: object) -> bytes:
    """``value``'s bytes, the same for equal plain data however it was built (read by yaml-rs or
    PyYAML, or loaded from the check cache): marshal's version 0 shares and interns nothing.
    Three times faster than ``repr``; what marshal cannot write falls back to ``repr``."""
    try:
        return b"m" + marshal.dumps(value, 0)
    except ValueError:
        return b"r" + repr(value).encode("utf-8", "surrogateescape")


def _recordings(doc: Document) -> list[tuple]:
    """``(record, expr, labels)`` of every recording rule of ``doc`` (the rules
    :func:`~monitoring_as_code.prometheus.documents.iter_rules` lists, without their paths)."""
    from monitoring_as_code.prometheus.documents import iter_groups

    found = []
    for _path, group in iter_groups(doc):
        rules = group.get("rules")
        if isinstance(rules, list):
            found += [(r.get("record"), r.get("expr"), r.get("labels")) for r in rules if isinstance(r, dict) and "record" in r]
    return found
