"""In-process checks of a ``prometheus.yml`` (compiled or raw): keys, types, durations, URLs,
relabel rules (RE2 regexes, actions and their required fields), unique job names, targets,
auth settings Prometheus refuses together, and secrets written inline."""

from __future__ import annotations

from typing import Any

from monitoring_as_code.alertmanager.regex import HINT as REGEX_HINT
from monitoring_as_code.alertmanager.regex import regex_error
from monitoring_as_code.alertmanager.secrets import literal_secret_reason
from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.prometheus.durations import duration_ms
from monitoring_as_code.prometheus.names import LABEL_HINT, LABEL_NAME
from monitoring_as_code.prometheus.server_schema import HTTP_CLIENT, Walker

RELABEL = {
    "source_labels": ["labelname"], "separator": "str", "regex": "str", "modulus": "int", "target_label": "str",
    "replacement": "str", "action": "str",
}
STATIC = {"targets": ["str"], "labels": ("map", "str")}
FILE_SD = {"files": ["str"], "refresh_interval": "duration"}
KUBERNETES_SD = {
    "role": "str", "api_server": "url", "kubeconfig_file": "file", "namespaces": {"names": ["str"], "own_namespace": "bool"},
    "selectors": [{"role": "str", "label": "str", "field": "str"}], "attach_metadata": {"node": "bool"},
    **HTTP_CLIENT,
}
_DISCOVERY = {"static_configs": [STATIC], "file_sd_configs": [FILE_SD], "kubernetes_sd_configs": [KUBERNETES_SD]}
SCRAPE = {
    "job_name": "str", "scrape_interval": "duration", "scrape_timeout": "duration", "metrics_path": "str",
    "scheme": "str", "params": ("map", ["str"]), "honor_labels": "bool", "honor_timestamps": "bool",
    "track_timestamps_staleness": "bool", "scrape_protocols": ["str"], "enable_compression": "bool",
    **HTTP_CLIENT, **_DISCOVERY, "relabel_configs": [RELABEL], "metric_relabel_configs": [RELABEL],
    "body_size_limit": "str", "sample_limit": "int", "label_limit": "int", "label_name_length_limit": "int",
    "label_value_length_limit": "int", "target_limit": "int", "keep_dropped_targets": "int",
    "native_histogram_bucket_limit": "int", "scrape_classic_histograms": "bool",
}
ALERTMANAGER = {
    "scheme": "str", "path_prefix": "str", "timeout": "duration", "api_version": "str", **HTTP_CLIENT,
    **_DISCOVERY, "relabel_configs": [RELABEL],
}
CONFIG = {
    "global": {
        "scrape_interval": "duration", "scrape_timeout": "duration", "evaluation_interval": "duration",
        "external_labels": ("map", "str"), "query_log_file": "str", "body_size_limit": "str", "sample_limit": "int",
        "label_limit": "int", "label_name_length_limit": "int", "label_value_length_limit": "int",
        "target_limit": "int", "keep_dropped_targets": "int", "scrape_protocols": ["str"],
    },
    "alerting": {"alert_relabel_configs": [RELABEL], "alertmanagers": [ALERTMANAGER]},
    "rule_files": ["str"], "scrape_config_files": ["str"], "scrape_configs": [SCRAPE],
    "remote_write": [("map", "any")], "remote_read": [("map", "any")], "storage": ("map", "any"),
    "tracing": ("map", "any"),
}
ACTIONS = {
    "replace", "keep", "drop", "keepequal", "dropequal", "hashmod", "labelmap", "labeldrop", "labelkeep",
    "lowercase", "uppercase",
}
NS = "prometheus-config"


def validate_server_config(doc: Document) -> list[Problem]:
    """Every problem of the ``prometheus.yml`` mapping in ``doc``."""
    problems: list[Problem] = []
    resolved = doc.extra.get("secret_paths", set())

    def emit(path: tuple, check: str, message: str, hint: str = "", severity: Severity = Severity.BUG) -> None:
        problems.append(doc.problem(path, f"{NS}/{check}", message, hint, severity))

    def on_secret(path: tuple, value: Any, kind: str) -> None:
        if tuple(path) not in resolved and literal_secret_reason(value, kind):
            key = str(path[-1])
            emit(path, "secret", f"`{key}` holds a literal secret; secrets must not be written in configuration",
                 f"put it in a file and use `{key}_file`" if key != "bearer_token" else "use authorization.credentials_file")

    data = doc.data
    if not isinstance(data, dict):
        emit((), "type", "a prometheus.yml must be a mapping", "start with `global:` and `scrape_configs:`")
        return problems
    Walker(lambda p, c, m, h: emit(p, c, m, h), on_secret, skip=resolved).walk(data, CONFIG)
    glob: dict = data["global"] if isinstance(data.get("global"), dict) else {}
    jobs: set[str] = set()
    for i, job in enumerate(data.get("scrape_configs") or []):
        if not isinstance(job, dict):
            continue
        path = ("scrape_configs", i)
        name = job.get("job_name")
        if not name:
            emit(path, "job", "scrape config has no job_name", "set a unique `job_name`")
        elif name in jobs:
            emit(path + ("job_name",), "job", f"found multiple scrape configs with job name {name!r}",
                 "job names must be unique")
        jobs.add(str(name))
        _check_timeout(job, glob, path, emit)
        _check_endpoint(job, path, emit)
    alerting: dict = data["alerting"] if isinstance(data.get("alerting"), dict) else {}
    for i, relabel in enumerate(alerting.get("alert_relabel_configs") or []):
        _check_relabel(relabel, ("alerting", "alert_relabel_configs", i), emit)
    for i, endpoint in enumerate(alerting.get("alertmanagers") or []):
        if isinstance(endpoint, dict):
            _check_endpoint(endpoint, ("alerting", "alertmanagers", i), emit)
    external = glob.get("external_labels")
    for key in external if isinstance(external, dict) else {}:
        if not LABEL_NAME.match(str(key)):
            emit(("global", "external_labels", key), "label", f"invalid external label name {key!r}", LABEL_HINT)
    return problems


def _ms(value: Any) -> int | None:
    try:
        return duration_ms(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _check_timeout(job: dict, glob: dict, path: tuple, emit) -> None:
    interval = _ms(job.get("scrape_interval") or glob.get("scrape_interval") or "1m")
    timeout = _ms(job.get("scrape_timeout") or glob.get("scrape_timeout") or "10s")
    if interval is not None and timeout is not None and timeout > interval and job.get("scrape_timeout"):
        emit(path + ("scrape_timeout",), "timeout", "scrape_timeout is greater than scrape_interval",
             "Prometheus refuses this: lower scrape_timeout or raise scrape_interval")


def _check_endpoint(block: dict, path: tuple, emit) -> None:
    auth = [k for k in ("basic_auth", "oauth2", "authorization") if block.get(k)]
    if len(auth) > 1:
        emit(path + (auth[1],), "auth", "at most one of basic_auth, oauth2 & authorization must be configured",
             "keep one authentication method")
    if block.get("bearer_token_file") and block.get("authorization"):
        emit(path + ("bearer_token_file",), "auth", "authorization is not compatible with bearer_token_file",
             "use authorization.credentials_file only")
    basic = block.get("basic_auth")
    if isinstance(basic, dict) and basic.get("password") and basic.get("password_file"):
        emit(path + ("basic_auth",), "auth", "at most one of basic_auth password & password_file must be configured",
             "keep password_file")
    scheme = block.get("scheme")
    if scheme is not None and scheme not in ("http", "https"):
        emit(path + ("scheme",), "scheme", f"unknown scheme {scheme!r}", "use http or https")
    for key in ("relabel_configs", "metric_relabel_configs"):
        for i, relabel in enumerate(block.get(key) or []):
            _check_relabel(relabel, path + (key, i), emit)
    for i, static in enumerate(block.get("static_configs") or []):
        for j, target in enumerate(static.get("targets") or [] if isinstance(static, dict) else []):
            if isinstance(target, str) and ("/" in target or not target.strip()):
                emit(path + ("static_configs", i, "targets", j), "target", f"{target!r} is not a valid target",
                     "targets are host:port; put the scheme in `scheme` and the path in `metrics_path`")


def _check_relabel(relabel: Any, path: tuple, emit) -> None:
    if not isinstance(relabel, dict):
        return
    action = str(relabel.get("action", "replace")).lower()
    if action not in ACTIONS:
        emit(path + ("action",), "relabel", f"unknown relabel action {relabel.get('action')!r}",
             f"use one of: {', '.join(sorted(ACTIONS))}")
        return
    if "regex" in relabel and relabel["regex"] is not None:
        error = regex_error(str(relabel["regex"]))
        if error:
            emit(path + ("regex",), "regex", error, REGEX_HINT)
    needs_target = action in ("replace", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal")
    if needs_target and not relabel.get("target_label"):
        emit(path, "relabel", f"relabel action {action} requires target_label", "set target_label")
    if action == "hashmod" and not relabel.get("modulus"):
        emit(path, "relabel", "relabel action hashmod requires a non-zero modulus", "set modulus")
    if action in ("keep", "drop", "hashmod", "keepequal", "dropequal") and not relabel.get("source_labels"):
        emit(path, "relabel", f"relabel action {action} requires source_labels", "set source_labels")
    target = relabel.get("target_label")
    lowered = ("hashmod", "lowercase", "uppercase", "keepequal", "dropequal")
    if isinstance(target, str) and action in lowered and not LABEL_NAME.match(target):
        emit(path + ("target_label",), "relabel", f"{target!r} is an invalid target_label", LABEL_HINT)
