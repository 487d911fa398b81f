"""Settings of the semantic checks, read once per run from ``setup.cfg`` and the run's documents.

Keys of the ``[monitoring_as_code]`` section (all optional):

``severities``            allowed values of the ``severity`` label (default ``critical warning info``)
``required_annotations``  annotations every alert needs (default ``summary description runbook_url``)
``required_labels``       labels every alert needs (default ``severity``)
``routing_labels``        labels every alert must keep for Alertmanager routing and grouping (default
                          ``job severity``); the ``group_by`` of the route an alert actually takes is
                          checked by the Alertmanager target (``alertmanager/group-by-label``)
``scrape_interval``       default scrape interval (else the ``global`` of a ``prometheus/config`` document,
                          else ``1m``)
``evaluation_interval``   default rule evaluation interval (same fallbacks)
``external_labels``       ``name=value`` pairs added by Prometheus (merged with ``prometheus/config``'s)
``gauge_metrics``         regexes of metrics that look like counters by name but are gauges
``counter_metrics``       regexes of counters exported without a counter suffix
``external_recording_rules``  regexes of recorded series defined outside this repository
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from monitoring_as_code.checks._data import as_dict, as_list

if TYPE_CHECKING:
    from monitoring_as_code.core.target import Context

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|y|w|d|h|m|s)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}

#: counters exported without a counter suffix by widely used exporters (node_exporter's /proc/vmstat
#: and /proc/net/netstat mirrors, mysqld_exporter's SHOW GLOBAL STATUS counters, kafka_exporter's
#: offsets) - rate() on them is right.
DEFAULT_COUNTER_METRICS = (
    r"node_vmstat_.+",
    r"node_netstat_.+",
    r"node_snmp6?_.+",
    (
        r"mysql_global_status_(queries|questions|slow_queries|bytes_received|bytes_sent|aborted_clients|aborted_connects"
        r"|connections|created_tmp_\w+|select_\w+|sort_\w+|table_locks_\w+|innodb_row_lock_waits|innodb_data_reads"
        r"|innodb_data_writes|innodb_row_lock_time|innodb_log_waits|opened_\w+)"
    ),
    r"kafka_(topic_partition|consumergroup)_(current|oldest)_offset(_sum)?",
)
#: gauges whose names end in a counter suffix (kafka_exporter's summed lag).
DEFAULT_GAUGE_METRICS = (r"kafka_consumergroup_lag_sum", r".+_info_count")


@lru_cache(maxsize=4096)
def _parse_duration_text(text: str) -> timedelta | None:
    pos, total = 0, 0.0
    for match in _DURATION.finditer(text):
        if match.start() != pos:
            return None
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        pos = match.end()
    return timedelta(seconds=total) if pos == len(text) and text else None


def parse_duration(value: Any) -> timedelta | None:
    """A Prometheus duration (``1m30s``, ``90s``, ``1h``) as a timedelta; ``None`` if not one."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return timedelta(seconds=value)
    if not isinstance(value, str):
        return None
    return _parse_duration_text(value.strip())


def format_duration(value: timedelta) -> str:
    """``timedelta(seconds=90)`` -> ``1m30s``."""
    seconds = int(value.total_seconds())
    if seconds == 0:
        return "0s"
    out = ""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            out += f"{seconds // size}{unit}"
            seconds %= size
    return out


@dataclass
class Settings:
    """What the checks of one run read from the project and the run's documents."""

    severities: list[str] = field(default_factory=lambda: ["critical", "warning", "info"])
    required_annotations: list[str] = field(default_factory=lambda: ["summary", "description", "runbook_url"])
    required_labels: list[str] = field(default_factory=lambda: ["severity"])
    routing_labels: list[str] = field(default_factory=lambda: ["job", "severity"])
    scrape_interval: timedelta = timedelta(minutes=1)
    #: whether the scrape interval was configured (setup.cfg or a prometheus.yml of the run),
    #: rather than Prometheus's default assumed for a rule file read on its own
    scrape_interval_known: bool = False
    job_scrape_intervals: dict[str, timedelta] = field(default_factory=dict)
    evaluation_interval: timedelta = timedelta(minutes=1)
    external_labels: dict[str, str] = field(default_factory=dict)
    gauge_metrics: list[re.Pattern] = field(default_factory=list)
    counter_metrics: list[re.Pattern] = field(default_factory=list)
    external_recording_rules: list[re.Pattern] = field(default_factory=list)

    def scrape_interval_for(self, job: str | None) -> timedelta:
        """The scrape interval of ``job`` when a prometheus/config document names it, else the default."""
        return self.job_scrape_intervals.get(job or "", self.scrape_interval)

    def is_gauge(self, name: str) -> bool:
        return any(p.fullmatch(name) for p in self.gauge_metrics)

    def is_counter(self, name: str) -> bool:
        return any(p.fullmatch(name) for p in self.counter_metrics)

    def is_external_recording(self, name: str) -> bool:
        return any(p.fullmatch(name) for p in self.external_recording_rules)


def _patterns(values: Iterable[str]) -> list[re.Pattern]:
    out = []
    for value in values:
        try:
            out.append(re.compile(value))
        except re.error:
            out.append(re.compile(re.escape(value)))
    return out


def _apply_prometheus_config(settings: Settings, data: Any, explicit: set[str]) -> None:
    if not isinstance(data, dict):
        return
    glob = as_dict(data.get("global"))
    scrape = parse_duration(glob.get("scrape_interval"))
    if scrape and "scrape_interval" not in explicit:
        settings.scrape_interval = scrape
    settings.scrape_interval_known = True  # absent from global: Prometheus's default (1m) really applies
    evaluation = parse_duration(glob.get("evaluation_interval"))
    if evaluation and "evaluation_interval" not in explicit:
        settings.evaluation_interval = evaluation
    external = glob.get("external_labels")
    if isinstance(external, dict):
        settings.external_labels.update({str(k): str(v) for k, v in external.items()})
    for job in as_list(data.get("scrape_configs")):
        if isinstance(job, dict) and isinstance(job.get("job_name"), str):
            interval = parse_duration(job.get("scrape_interval"))
            if interval:
                settings.job_scrape_intervals[job["job_name"]] = interval


def settings(ctx: Context) -> Settings:
    """The run's settings (computed once per run and kept in ``ctx.extra``)."""
    cached = ctx.extra.get("checks.settings")
    if cached is not None:
        return cached
    project = ctx.project
    result = Settings()
    explicit: set[str] = set()
    for key in ("severities", "required_annotations", "required_labels", "routing_labels"):
        if project.settings.get(key) is not None:
            setattr(result, key, project.get_list(key))
    for key in ("scrape_interval", "evaluation_interval"):
        duration = parse_duration(project.get(key))
        if duration:
            setattr(result, key, duration)
            explicit.add(key)
    result.scrape_interval_known = "scrape_interval" in explicit
    for doc in ctx.of_kind("prometheus/config"):
        _apply_prometheus_config(result, doc.data, explicit)
    for pair in project.get_list("external_labels"):
        name, _, value = pair.partition("=")
        result.external_labels[name] = value
    result.gauge_metrics = _patterns(list(DEFAULT_GAUGE_METRICS) + project.get_list("gauge_metrics"))
    result.counter_metrics = _patterns(list(DEFAULT_COUNTER_METRICS) + project.get_list("counter_metrics"))
    result.external_recording_rules = _patterns(project.get_list("external_recording_rules"))
    ctx.extra["checks.settings"] = result
    return result
