"""Checks of a Promtail configuration (compiled or raw ``promtail.yaml``).

Promtail's ``-check-syntax`` only parses YAML strictly; a wrong stage is found when the pipeline
is built. We find it before: ``promtail/unknown-key``, ``promtail/no-clients``,
``promtail/scrape-config``, ``promtail/stage`` (not a one-key mapping, unknown stage or field, a
missing required field, a bad match selector or timestamp format), ``promtail/regex`` (not RE2),
``promtail/relabel``, ``promtail/duration`` and ``promtail/secret``.
"""

from __future__ import annotations

import re
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.loki import keycheck, re2
from monitoring_as_code.loki.duration import HINT as DURATION_HINT
from monitoring_as_code.loki.duration import duration_error
from monitoring_as_code.promtail.keys import (
    LIST,
    MAP,
    METRIC,
    METRIC_CONFIG,
    PROMTAIL,
    STAGES,
)

_REQUIRED = {"json": ("expressions",), "regex": ("expression",), "replace": ("expression",),
             "timestamp": ("source", "format"), "output": ("source",), "template": ("source", "template"),
             "match": ("selector",), "multiline": ("firstline",), "sampling": ("rate",), "limit": ("rate", "burst"),
             "pack": ("labels",)}
_REGEX_FIELDS = {"regex": "expression", "replace": "expression", "drop": "expression", "multiline": "firstline"}
_TIME_FORMATS = {"ANSIC", "UnixDate", "RubyDate", "RFC822", "RFC822Z", "RFC850", "RFC1123", "RFC1123Z", "RFC3339",
                 "RFC3339Nano", "Layout", "Kitchen", "Stamp", "StampMilli", "StampMicro", "StampNano", "Unix",
                 "UnixMs", "UnixUs", "UnixNs", "DateTime", "DateOnly", "TimeOnly"}
_RELABEL_ACTIONS = {"replace", "keep", "drop", "hashmod", "labelmap", "labeldrop", "labelkeep", "lowercase",
                    "uppercase", "keepequal", "dropequal"}
_METRIC_ACTIONS = {"counter": {"inc", "add"}, "gauge": {"set", "inc", "dec", "add", "sub"}, "histogram": set()}
_LABEL = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
_DURATIONS = {"refresh_interval", "batchwait", "timeout", "sync_period", "min_period", "max_period",
              "max_wait_time", "older_than", "max_idle_duration"}


def check_promtail(doc: Document) -> list[Problem]:
    """Every problem of one ``promtail/config`` document.

    :param doc: a compiled or raw Promtail configuration
    """
    data = doc.data
    if not isinstance(data, dict):
        return [doc.problem((), "promtail/structure", "a Promtail configuration must be a mapping",
                            "start with server:, positions:, clients:, scrape_configs:")]
    shapes = [doc.problem(path, "promtail/structure", f"`{path[-1]}` must be {what}",
                          f"write {path[-1]} as {what} (see Promtail's configuration reference)")
              for path, what in keycheck.wrong_shapes(PROMTAIL, data)]
    if shapes:
        return shapes  # the other checks read these blocks: fix the shape first
    problems = _unknown(doc)
    if not data.get("clients") and not data.get("client"):
        problems.append(doc.problem(("clients",) if "clients" in data else (), "promtail/no-clients",
                                    "no clients: Promtail would read logs and send them nowhere",
                                    "add clients: [{url: http://loki:3100/loki/api/v1/push}]"))
    for i, client in enumerate(data.get("clients") or []):
        url = client.get("url") if isinstance(client, dict) else None
        if not isinstance(url, str) or not re.match(r"^https?://[^/\s]+", url):
            problems.append(doc.problem(("clients", i, "url"), "promtail/client",
                                        f"client url {url!r} is not an http(s) URL",
                                        "e.g. http://loki:3100/loki/api/v1/push"))
    problems += _scrape_configs(doc, data.get("scrape_configs"))
    problems += _durations_and_secrets(doc)
    return problems


def _unknown(doc: Document) -> list[Problem]:
    problems = []
    for path, pattern, key, siblings in keycheck.unknown_keys(PROMTAIL, doc.data):
        close = keycheck.suggest(key, siblings)
        block = ".".join(str(p) for p in pattern) or "the top level"
        problems.append(doc.problem(path + (key,), "promtail/unknown-key",
                                    f"unknown key `{key}` in {block}: Promtail refuses the file",
                                    f"did you mean `{close}`?" if close else "check the Promtail configuration reference"))
    return problems


def _scrape_configs(doc: Document, scrape_configs: Any) -> list[Problem]:
    problems: list[Problem] = []
    names: set[Any] = set()
    for i, scrape in enumerate(scrape_configs or []):
        path = ("scrape_configs", i)
        if not isinstance(scrape, dict):
            continue
        name = scrape.get("job_name")
        if not name:
            problems.append(doc.problem(path, "promtail/scrape-config", "a scrape config needs a job_name",
                                        "add job_name: <name>"))
        elif isinstance(name, str) and name in names:
            problems.append(doc.problem(path + ("job_name",), "promtail/scrape-config",
                                        f"duplicate job_name {name!r}", "job names must be unique"))
        names.add(str(name))
        if not any(str(k).endswith(("_configs", "_sd_configs")) and k != "relabel_configs" or k in (
                "journal", "syslog", "loki_push_api", "windows_events", "kafka", "gelf", "cloudflare", "heroku_drain",
                "gcplog", "azure_event_hubs") for k in scrape):
            problems.append(doc.problem(path, "promtail/scrape-config", f"job {name!r} has no target",
                                        "add static_configs (with __path__), docker_sd_configs or kubernetes_sd_configs",
                                        Severity.WARNING))
        for j, rule in enumerate(scrape.get("relabel_configs") or []):
            problems += _relabel(doc, path + ("relabel_configs", j), rule)
        if "pipeline_stages" in scrape:
            problems += check_stages(doc, scrape["pipeline_stages"], path + ("pipeline_stages",))
    return problems


def _relabel(doc: Document, path: tuple, rule: Any) -> list[Problem]:
    if not isinstance(rule, dict):
        return []
    problems = []
    action = str(rule.get("action", "replace")).lower()
    if action not in _RELABEL_ACTIONS:
        problems.append(doc.problem(path + ("action",), "promtail/relabel", f"unknown relabel action {action!r}",
                                    "use one of " + ", ".join(sorted(_RELABEL_ACTIONS))))
    if action in ("replace", "hashmod", "lowercase", "uppercase") and not rule.get("target_label"):
        problems.append(doc.problem(path, "promtail/relabel", f"relabel action {action} needs target_label",
                                    "add target_label: <label>"))
    problems += _regex(doc, path + ("regex",), rule.get("regex"))
    return problems


def _regex(doc: Document, path: tuple, pattern: Any, named: bool = False) -> list[Problem]:
    if pattern is None:
        return []
    problem = re2.error(pattern)
    if problem:
        return [doc.problem(path, "promtail/regex", f"{problem.message}: {pattern!r}", problem.hint)]
    if named and not re.search(r"\(\?P?<[A-Za-z_]", pattern):
        return [doc.problem(path, "promtail/regex", "the regex stage needs at least one named capture group",
                            "name what you extract: (?P<level>\\w+)")]
    return []


def check_stages(doc: Document, stages: Any, path: tuple) -> list[Problem]:
    """Problems of a ``pipeline_stages`` list (and of nested ``match`` stages).

    :param doc: the document the stages are in
    :param stages: the list
    :param path: its path in ``doc``
    """
    if not isinstance(stages, list):
        return [doc.problem(path, "promtail/stage", "pipeline_stages must be a list", "write - json: {...} items")]
    problems: list[Problem] = []
    for i, stage in enumerate(stages):
        here = path + (i,)
        if not isinstance(stage, dict):
            problems.append(doc.problem(here, "promtail/stage", f"stage {stage!r} is not a mapping",
                                        "each stage is a one-key mapping ending with a colon: - docker: {}"))
            continue
        if len(stage) != 1:
            problems.append(doc.problem(here, "promtail/stage",
                                        f"a stage must contain exactly one key, got: {', '.join(map(str, stage))}",
                                        "split it into one list item per stage (check the indentation)"))
            continue
        name, body = next(iter(stage.items()))
        if name not in STAGES:
            close = keycheck.suggest(name, STAGES)
            problems.append(doc.problem(here + (name,), "promtail/stage", f"unknown pipeline stage `{name}`",
                                        f"did you mean `{close}`?" if close else "see Promtail's stages reference"))
            continue
        problems += _stage(doc, name, body, here + (name,))
    return problems


def _stage(doc: Document, name: str, body: Any, path: tuple) -> list[Problem]:
    spec = STAGES[name]
    if spec == LIST:
        if not isinstance(body, list) or not all(isinstance(v, str) for v in body):
            return [doc.problem(path, "promtail/stage", f"{name} takes a list of label names", f"- {name}: [a, b]")]
        return []
    if spec == MAP:
        if not isinstance(body, dict) or not body:
            return [doc.problem(path, "promtail/stage", f"{name} takes a non-empty mapping", f"- {name}: {{a: b}}")]
        if name == "metrics":
            return [p for metric, cfg in body.items() for p in _metric(doc, path + (metric,), metric, cfg)]
        return [doc.problem(path + (k,), "promtail/stage", f"`{k}` is not a valid label name",
                            "use letters, digits and _") for k in body if not _LABEL.match(str(k))]
    if body is None:
        body = {}
    if not isinstance(body, dict):
        return [doc.problem(path, "promtail/stage", f"{name} takes a mapping of fields", f"- {name}: {{...}}")]
    problems = []
    for key in body:
        if key not in spec:
            close = keycheck.suggest(key, spec)
            problems.append(doc.problem(path + (key,), "promtail/stage", f"unknown field `{key}` in {name} stage",
                                        f"did you mean `{close}`?" if close else f"{name} takes: " + ", ".join(spec)))
    for key in _REQUIRED.get(name, ()):
        if body.get(key) in (None, "", {}, []):
            problems.append(doc.problem(path, "promtail/stage", f"the {name} stage needs `{key}`", f"set {key}: ..."))
    if name in _REGEX_FIELDS:
        problems += _regex(doc, path + (_REGEX_FIELDS[name],), body.get(_REGEX_FIELDS[name]), named=name == "regex")
    if name == "match":
        problems += _match(doc, path, body)
    if name == "timestamp":
        problems += _timestamp(doc, path, body)
    if name == "template" and str(body.get("template", "")).count("{{") != str(body.get("template", "")).count("}}"):
        problems.append(doc.problem(path + ("template",), "promtail/stage", "unbalanced {{ }} in template",
                                    "close every {{ with }}"))
    if name == "drop" and not set(body) & {"source", "expression", "value", "older_than", "longer_than"}:
        problems.append(doc.problem(path, "promtail/stage", "the drop stage has no criterion: it drops nothing",
                                    "set expression, value, older_than or longer_than", Severity.WARNING))
    return problems


def _match(doc: Document, path: tuple, body: dict) -> list[Problem]:
    from monitoring_as_code.loki.logql import LogQLSyntaxError, parse

    problems: list[Problem] = []
    selector = body.get("selector")
    if isinstance(selector, str):
        try:
            if parse(selector).kind != "log":
                problems.append(doc.problem(path + ("selector",), "promtail/stage",
                                            "a match selector is a log stream selector, not a metric query",
                                            'e.g. selector: \'{app="api"} |= "error"\''))
        except LogQLSyntaxError as exc:
            problems.append(doc.problem(path + ("selector",), "logql/syntax",
                                        f"match selector, column {exc.column}: {exc.message}", exc.hint))
    action = body.get("action", "keep")
    if action not in ("keep", "drop"):
        problems.append(doc.problem(path + ("action",), "promtail/stage", f"unknown match action {action!r}",
                                    "use keep (run the stages) or drop"))
    if action == "keep" and not body.get("stages"):
        problems.append(doc.problem(path, "promtail/stage", "a match stage with action keep needs `stages`",
                                    "add stages: [...], or action: drop to drop matching lines"))
    if body.get("stages"):
        problems += check_stages(doc, body["stages"], path + ("stages",))
    return problems


def _timestamp(doc: Document, path: tuple, body: dict) -> list[Problem]:
    fmt = body.get("format")
    problems = []
    if isinstance(fmt, str) and fmt not in _TIME_FORMATS and not re.search(r"2006|06|01|Jan|Mon|15|05", fmt):
        problems.append(doc.problem(path + ("format",), "promtail/stage", f"timestamp format {fmt!r} is not a Go layout",
                                    "use a name (RFC3339, RFC3339Nano, Unix, UnixMs) or a layout written with the "
                                    "reference time 2006-01-02T15:04:05.000Z07:00"))
    if body.get("action_on_failure") not in (None, "skip", "fudge"):
        problems.append(doc.problem(path + ("action_on_failure",), "promtail/stage",
                                    f"action_on_failure must be skip or fudge, not {body['action_on_failure']!r}",
                                    "fudge (default) or skip"))
    return problems


def _metric(doc: Document, path: tuple, name: str, cfg: Any) -> list[Problem]:
    if not isinstance(cfg, dict):
        return [doc.problem(path, "promtail/stage", f"metric {name} must be a mapping", "give it type: Counter...")]
    problems = [doc.problem(path + (k,), "promtail/stage", f"unknown field `{k}` in metric {name}",
                            "metric fields: " + ", ".join(METRIC)) for k in cfg if k not in METRIC]
    kind = str(cfg.get("type", "")).lower()
    raw_config = cfg.get("config")
    config: dict = raw_config if isinstance(raw_config, dict) else {}
    if kind not in _METRIC_ACTIONS:
        problems.append(doc.problem(path + ("type",), "promtail/stage", f"metric type {cfg.get('type')!r} is unknown",
                                    "use Counter, Gauge or Histogram"))
    elif kind != "histogram" and config.get("action") not in _METRIC_ACTIONS[kind]:
        problems.append(doc.problem(path + ("config", "action"), "promtail/stage",
                                    f"a {kind} needs config.action in {sorted(_METRIC_ACTIONS[kind])}",
                                    "e.g. config: {action: inc, match_all: true}"))
    elif kind == "histogram" and not config.get("buckets"):
        problems.append(doc.problem(path + ("config",), "promtail/stage", "a histogram needs config.buckets",
                                    "e.g. buckets: [0.1, 0.5, 1, 5]"))
    problems += [doc.problem(path + ("config", k), "promtail/stage", f"unknown metric config field `{k}`",
                             "config fields: " + ", ".join(METRIC_CONFIG)) for k in config if k not in METRIC_CONFIG]
    return problems


def _durations_and_secrets(doc: Document) -> list[Problem]:
    problems: list[Problem] = []

    def visit(path, key, value):
        if key in _DURATIONS and isinstance(value, (str, int, float)) and duration_error(value):
            problems.append(doc.problem(path, "promtail/duration", f"`{key}`: {duration_error(value)}", DURATION_HINT))
        if key in ("password", "bearer_token") and isinstance(value, str) and value and "${" not in value:
            # In a definition it would be written to build/: refuse; in a file the user has, warn.
            problems.append(doc.problem(path, "promtail/secret", f"`{key}` holds a literal secret",
                                        f"use {key}_file, or ${{VAR}} with -config.expand-env=true",
                                        Severity.BUG if doc.compiled else Severity.WARNING))

    keycheck.walk_values(doc.data, visit)
    return problems
