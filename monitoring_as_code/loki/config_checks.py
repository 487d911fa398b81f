"""Checks of a Loki 3.x configuration (compiled from Python or read from a raw loki.yaml).

* ``loki/unknown-key``: a key Loki does not know (a typo gets a "did you mean" hint). Loki
  refuses such a file, except in ``limits_config`` where it silently ignores the key.
* ``loki/removed-key`` / ``loki/deprecated-key``: keys Loki 3 removed or deprecated, each with
  Loki's own migration message.
* ``loki/schema``: the schema period in effect today must be ``store: tsdb`` and ``schema: v13``
  while structured metadata is allowed (Loki 3's default; Loki's ``ActivePeriodConfig``); tsdb needs a 24h index period; ``from``
  dates are valid and ascending; the object store is configured.
* ``loki/duration``, ``loki/retention`` (retention needs ``delete_request_store``), ``loki/ruler``
  (Alertmanager URLs, rule storage), ``loki/secret``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.loki import keycheck, keys
from monitoring_as_code.loki.duration import HINT as DURATION_HINT
from monitoring_as_code.loki.duration import duration_error, parse_seconds

DURATION_KEYS = frozenset({
    "period", "retention_period", "max_look_back_period", "reject_old_samples_max_age", "chunk_idle_period",
    "max_chunk_age", "chunk_retain_period", "compaction_interval", "retention_delete_delay", "max_query_lookback",
    "query_timeout", "split_queries_by_interval", "evaluation_interval", "poll_interval", "log_queries_longer_than",
    "flush_op_timeout", "http_server_read_timeout", "http_server_write_timeout", "http_server_idle_timeout",
    "max_cache_freshness_per_query", "query_ingesters_within", "cache_ttl", "resync_interval", "max_query_length",
    "creation_grace_period", "flush_check_period", "sync_period", "graceful_shutdown_timeout",
    "delete_request_cancel_period", "apply_retention_interval", "request_timeout", "notification_timeout",
    "for_outage_tolerance", "for_grace_period", "resend_delay", "alertmanager_refresh_interval",
})
SECRET_KEYS = frozenset({"secret_access_key", "account_key", "client_secret", "connection_string", "session_token",
                         "password", "storage_account_key", "sas_token"})
_STORES = {
    "filesystem": [("storage_config", "filesystem"), ("common", "storage", "filesystem")],
    "s3": [("storage_config", "aws"), ("common", "storage", "s3")],
    "aws": [("storage_config", "aws"), ("common", "storage", "s3")],
    "gcs": [("storage_config", "gcs"), ("common", "storage", "gcs")],
    "azure": [("storage_config", "azure"), ("common", "storage", "azure")],
}
_SCHEMAS = {f"v{n}" for n in range(9, 14)}


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def check_config(doc: Document) -> list[Problem]:
    """Every problem of one ``loki/config`` document.

    :param doc: a compiled or raw Loki configuration
    """
    data = doc.data
    if not isinstance(data, dict):
        return [doc.problem((), "loki/structure", "a Loki configuration must be a mapping",
                            "start the file with top-level blocks such as server:, common:, schema_config:")]
    shapes = [doc.problem(path, "loki/structure", f"`{path[-1]}` must be {what}",
                          f"write {path[-1]} as {what} (see Loki's configuration reference)")
              for path, what in keycheck.wrong_shapes(keys.LOKI, data)]
    if shapes:
        return shapes  # the other checks read these blocks: fix the shape first
    problems = _listed(doc)
    reported = {p.location.object_path for p in problems}
    problems += _unknown(doc, reported)
    problems += _durations(doc)
    problems += _schema(doc)
    problems += _retention(doc)
    problems += _ruler(doc)
    problems += _secrets(doc)
    return problems


def _listed(doc: Document) -> list[Problem]:
    deleted, deprecated = keycheck.loki_lists()
    problems = [
        doc.problem(path, "loki/removed-key", f"`{path[-1]}` was removed in Loki 3: "
                    f"{'it is silently ignored' if path[0] == 'limits_config' else 'Loki refuses the file'}",
                    message) for path, message in keycheck.listed_keys(deleted, doc.data)
    ]
    problems += [
        doc.problem(path, "loki/deprecated-key", f"`{path[-1]}` is deprecated in Loki 3", message, Severity.WARNING)
        for path, message in keycheck.listed_keys(deprecated, doc.data)
    ]
    for path, message in keys.EXTRA_REMOVED.items():
        parent = _get(doc.data, path[:-1])
        if isinstance(parent, dict) and path[-1] in parent:
            problems.append(doc.problem(path, "loki/removed-key", f"`{path[-1]}` is not supported by Loki 3", message))
    return problems


def _unknown(doc: Document, reported: set) -> list[Problem]:
    from monitoring_as_code.core.encode import format_path

    problems = []
    for path, pattern, key, siblings in keycheck.unknown_keys(keys.LOKI, doc.data):
        full = path + (key,)
        if format_path(full) in reported or any(format_path(full).startswith(r + ".") for r in reported if r):
            continue
        block = ".".join(str(p) for p in pattern) or "the top level"
        close = keycheck.suggest(key, siblings)
        lenient = pattern == ("limits_config",)
        what = "Loki silently ignores it here" if lenient else "Loki refuses to start with it"
        hint = f"did you mean `{close}`?" if close else f"check the spelling against Loki's configuration reference for {block}"
        # Without a close match it may be a setting newer than our key list: a warning, unless the block is complete.
        severity = Severity.BUG if close or pattern in keys.STRICT else Severity.WARNING
        problems.append(doc.problem(full, "loki/unknown-key", f"unknown key `{key}` in {block}: {what}", hint,
                                    severity))
    return problems


def _durations(doc: Document) -> list[Problem]:
    problems: list[Problem] = []

    def visit(path, key, value):
        if key in DURATION_KEYS and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            error = duration_error(value)
            if error:
                problems.append(doc.problem(path, "loki/duration", f"`{key}`: {error}", DURATION_HINT))

    keycheck.walk_values(doc.data, visit)
    return problems


def _schema(doc: Document) -> list[Problem]:
    data = doc.data
    configs = _get(data, ("schema_config", "configs"))
    if not isinstance(configs, list) or not configs:
        return [doc.problem(("schema_config",) if "schema_config" in data else (), "loki/schema",
                            "no schema period: Loki needs schema_config.configs to know how to store data",
                            "add schema_config: {configs: [{from: 2024-01-01, store: tsdb, object_store: filesystem, "
                            "schema: v13, index: {prefix: index_, period: 24h}}]}")]
    problems: list[Problem] = []
    dates: list[tuple[datetime.date, int]] = []
    for i, period in enumerate(configs):
        if not isinstance(period, dict):
            continue
        base = ("schema_config", "configs", i)
        try:
            dates.append((datetime.date.fromisoformat(str(period.get("from"))), i))
        except ValueError:
            problems.append(doc.problem(base + ("from",), "loki/schema",
                                        f"`from: {period.get('from')}` is not a date", "write it as YYYY-MM-DD"))
        schema = period.get("schema")
        if not isinstance(schema, str) or schema not in _SCHEMAS:
            problems.append(doc.problem(base + ("schema",), "loki/schema", f"unknown schema version `{schema}`",
                                        "use schema: v13 for new periods"))
        if period.get("store") in ("tsdb", "boltdb-shipper"):
            index_period = _get(period, ("index", "period"))
            try:
                ok = index_period is None or parse_seconds(index_period) == 86400
            except ValueError:
                ok = True  # reported by loki/duration
            if not ok:
                problems.append(doc.problem(base + ("index", "period"), "loki/schema",
                                            f"the {period.get('store')} index period must be 24h, not {index_period}",
                                            "set index.period: 24h"))
        problems += _object_store(doc, period, base)
    if [d for d, _ in dates] != sorted(d for d, _ in dates):
        problems.append(doc.problem(("schema_config", "configs"), "loki/schema",
                                    "schema periods are not in ascending `from` order",
                                    "list periods oldest first; a new period is appended with a future date"))
    active_index = _active_period(dates, len(configs))
    active = configs[active_index] if isinstance(configs[active_index], dict) else {}
    if _get(data, ("limits_config", "allow_structured_metadata")) is not False and (
            active.get("store") != "tsdb" or active.get("schema") != "v13"):
        key = "store" if active.get("store") != "tsdb" else "schema"
        upcoming = [d for d, i in dates if d > datetime.date.today()
                    and configs[i].get("store") == "tsdb" and configs[i].get("schema") == "v13"]
        hint = (f"the tsdb/v13 period starts on {min(upcoming)}: until then set "
                "limits_config.allow_structured_metadata: false" if upcoming else
                "append a period from a future date (from: YYYY-MM-DD after today) with store: tsdb, schema: v13, "
                "index: {prefix: index_, period: 24h}, keeping the old period so existing data stays readable, and "
                "set limits_config.allow_structured_metadata: false until that date")
        problems.append(doc.problem(
            ("schema_config", "configs", active_index, key), "loki/schema",
            f"structured metadata (on by default in Loki 3) needs `store: tsdb` and `schema: v13` in the active "
            f"schema period; the period in effect today has store: {active.get('store')}, "
            f"schema: {active.get('schema')} (Loki refuses to start)", hint))
    return problems


def _active_period(dates: list[tuple[datetime.date, int]], count: int) -> int:
    """The index of the period in effect today, as Loki's ``ActivePeriodConfig`` picks it (the first when all
    are in the future)."""
    today = datetime.date.today()
    started = [(d, i) for d, i in dates if d <= today]
    if started:
        return max(started)[1]
    return min(dates)[1] if dates else count - 1


def _object_store(doc: Document, period: dict, base: tuple) -> list[Problem]:
    store = period.get("object_store")
    named = _get(doc.data, ("storage_config", "named_stores"))
    named = named if isinstance(named, dict) else {}
    if not isinstance(store, str) or store not in _STORES or any(
            store in v for v in named.values() if isinstance(v, dict)):
        return []
    if any(_get(doc.data, p) is not None for p in _STORES[store]):
        return []
    where = " or ".join(".".join(p) for p in _STORES[store])
    return [doc.problem(base + ("object_store",), "loki/storage", f"object_store `{store}` is not configured",
                        f"configure {where}", Severity.WARNING)]


def _retention(doc: Document) -> list[Problem]:
    compactor = _get(doc.data, ("compactor",)) or {}
    period = _get(doc.data, ("limits_config", "retention_period"))
    problems = []
    enabled = isinstance(compactor, dict) and compactor.get("retention_enabled") is True
    if enabled and not compactor.get("delete_request_store"):
        problems.append(doc.problem(("compactor", "retention_enabled"), "loki/retention",
                                    "retention is enabled but compactor.delete_request_store is not set: "
                                    "Loki 3 refuses to start",
                                    "set compactor.delete_request_store to your object store (filesystem, s3, "
                                    "gcs, azure)"))
    seconds = None
    if period is not None and not duration_error(period):
        seconds = parse_seconds(period)
    if seconds and not enabled:
        problems.append(doc.problem(("limits_config", "retention_period"), "loki/retention",
                                    f"retention_period {period} has no effect: compactor.retention_enabled is not true",
                                    "set compactor.retention_enabled: true (and compactor.delete_request_store)",
                                    Severity.WARNING))
    if seconds and seconds % 86400:
        problems.append(doc.problem(("limits_config", "retention_period"), "loki/retention",
                                    f"retention_period {period} is not a multiple of the 24h index period",
                                    "use whole days, e.g. 168h for 7 days", Severity.WARNING))
    return problems


_RULER_STORES = ("local", "s3", "gcs", "azure", "swift", "cos", "bos", "alibabacloud")


def _ruler(doc: Document) -> list[Problem]:
    ruler = _get(doc.data, ("ruler",))
    if not isinstance(ruler, dict):
        return []
    problems = []
    urls = ruler.get("alertmanager_url")
    for url in str(urls).split(",") if urls is not None else []:
        if not re.match(r"^https?://[^/\s]+", url.strip()):
            problems.append(doc.problem(("ruler", "alertmanager_url"), "loki/ruler",
                                        f"alertmanager_url {url.strip()!r} is not an http(s) URL",
                                        "e.g. http://alertmanager:9093 (several: comma-separated)"))
    storage = ruler.get("storage")
    if isinstance(storage, dict) and storage.get("type") is not None:
        kind = storage["type"]
        if kind not in _RULER_STORES:
            problems.append(doc.problem(("ruler", "storage", "type"), "loki/ruler", f"unknown rule storage {kind!r}",
                                        "use local (with local.directory) or an object store: " + ", ".join(
                                            _RULER_STORES[1:])))
        elif kind == "local" and not _get(storage, ("local", "directory")):
            problems.append(doc.problem(("ruler", "storage"), "loki/ruler",
                                        "local rule storage needs local.directory",
                                        "set local: {directory: /etc/loki/rules} (rules go in <directory>/<tenant>/)"))
    return problems


def _secrets(doc: Document) -> list[Problem]:
    problems: list[Problem] = []

    def visit(path, key, value):
        if key in SECRET_KEYS and isinstance(value, str) and value and "${" not in value:
            # In a definition it would be written to build/: refuse; in a file the user has, warn.
            problems.append(doc.problem(path, "loki/secret", f"`{key}` holds a literal secret",
                                        f"write `{key}: ${{VAR}}` and run Loki with -config.expand-env=true",
                                        Severity.BUG if doc.compiled else Severity.WARNING))

    keycheck.walk_values(doc.data, visit)
    return problems
