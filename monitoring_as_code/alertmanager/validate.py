"""In-process checks of one ``alertmanager.yml`` (compiled or raw), with object paths and hints.

Everything ``amtool check-config`` rejects that can be known offline is found here first,
with the exact location amtool does not give: unknown keys, types, durations, URLs, matchers
and regexes (RE2, anchored), undefined or duplicate receivers and time intervals, root-route
rules, ``group_by``, missing notifier credentials. Beyond amtool: literal secrets (``bug``),
receivers no route reaches and legacy ``match``/``match_re`` (warnings).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from monitoring_as_code.alertmanager import schema
from monitoring_as_code.alertmanager.matchers import HINT as MATCHER_HINT
from monitoring_as_code.alertmanager.matchers import parse_matchers
from monitoring_as_code.alertmanager.regex import HINT as REGEX_HINT
from monitoring_as_code.alertmanager.regex import regex_error
from monitoring_as_code.alertmanager.secrets import literal_secret_reason
from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.prometheus.durations import duration_ms
from monitoring_as_code.prometheus.names import LABEL_HINT, LABEL_NAME
from monitoring_as_code.prometheus.server_schema import Walker

NS = "alertmanager"
Emit = Callable[..., None]


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".") if p.isdigit())


def _section(path: tuple) -> str:
    for part in reversed(path[:-1]):
        if isinstance(part, str):
            return part
    return ""


def validate_config(doc: Document, version: str = schema.DEFAULT_VERSION) -> list[Problem]:
    """Every problem of the ``alertmanager.yml`` mapping in ``doc``.

    :param version: the Alertmanager version the config is for (``alertmanager_version`` setting)
    """
    problems: list[Problem] = []
    resolved = doc.extra.get("secret_paths", set())

    def emit(path: tuple, check: str, message: str, hint: str = "", severity: Severity = Severity.BUG) -> None:
        problems.append(doc.problem(path, f"{NS}/{check}", message, hint, severity))

    def on_secret(path: tuple, value: Any, kind: str) -> None:
        if tuple(path) in resolved:
            return
        reason = literal_secret_reason(value, kind)
        if reason:
            key = str(path[-1])
            emit(
                path, "secret", f"`{key}` holds {reason}; secrets must not be written in configuration",
                f"put it in a file and use `{key}_file`, or "
                f"Secret.from_env(...) with the variable listed in `secrets_from_env`",
            )

    data = doc.data
    if not isinstance(data, dict):
        emit((), "type", "an alertmanager.yml must be a mapping", "start with `route:` and `receivers:`")
        return problems
    walker = Walker(lambda p, c, m, h: emit(p, c, m, h), on_secret, skip=resolved)
    walker.walk(data, schema.CONFIG)
    _check_versions(data, (), version, emit)
    _check_url_secrets(data, (), emit, resolved)
    names = _check_receivers(data, emit)
    intervals = _check_time_intervals(data, emit)
    _check_routes(data, names, intervals, emit)
    _check_inhibit_rules(data, emit)
    _check_notifiers(data, emit)
    return problems


def _check_versions(node: Any, path: tuple, version: str, emit: Emit) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            since = schema.SINCE.get((_section(path + (key,)), key))
            if since and _version_tuple(version) < _version_tuple(since):
                emit(
                    path + (key,), "version", f"`{key}` needs Alertmanager {since} or later (configured: {version})",
                    "set alertmanager_version in [monitoring_as_code] if your servers run a newer Alertmanager, "
                    "or use a field this version knows",
                )
            _check_versions(value, path + (key,), version, emit)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _check_versions(item, path + (i,), version, emit)


def _check_url_secrets(node: Any, path: tuple, emit: Emit, resolved: set) -> None:
    """Plain ``url`` fields (webhooks, PagerDuty ``url``) that embed a token or password."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("url", "api_url", "client_url", "proxy_url") and isinstance(value, str):
                if path + (key,) not in resolved and literal_secret_reason(value, "url") and key != "api_url":
                    emit(
                        path + (key,), "secret", f"`{key}` is a URL that carries a credential",
                        "move the credential to http_config.authorization.credentials_file (or use url_file on "
                        "Alertmanager 0.26+)",
                    )
            else:
                _check_url_secrets(value, path + (key,), emit, resolved)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _check_url_secrets(item, path + (i,), emit, resolved)


def _check_receivers(data: dict, emit: Emit) -> set[str]:
    names: set[str] = set()
    for i, receiver in enumerate(data.get("receivers") or []):
        if not isinstance(receiver, dict):
            continue
        name = receiver.get("name")
        if not name:
            emit(("receivers", i), "receiver", "receiver has no name", "give every receiver a unique `name`")
        elif name in names:
            emit(
                ("receivers", i, "name"), "duplicate-receiver", f"receiver {name!r} is defined more than once",
                "receiver names must be unique: merge the two or rename one",
            )
        names.add(str(name))
    return names


def _check_time_intervals(data: dict, emit: Emit) -> set[str]:
    from monitoring_as_code.alertmanager.timeintervals import range_errors

    names: set[str] = set()
    for key in ("mute_time_intervals", "time_intervals"):
        for i, interval in enumerate(data.get(key) or []):
            if not isinstance(interval, dict):
                continue
            if interval.get("name") not in (None, ""):
                if str(interval["name"]) in names:
                    emit((key, i, "name"), "time-interval", f"time interval {interval['name']!r} is defined twice",
                         "time interval names must be unique")
                names.add(str(interval["name"]))
            for j, spec in enumerate(interval.get("time_intervals") or []):
                for path, message, hint in range_errors(spec):
                    emit((key, i, "time_intervals", j, *path), "time-interval", message, hint)
    return names


def _check_matchers(node: dict, path: tuple, keys: tuple[str, ...], emit: Emit) -> None:
    """``matchers`` lists parse; legacy ``match_re`` regexes compile; legacy keys are flagged."""
    matchers_key, match_key, match_re_key = keys
    for j, item in enumerate(node.get(matchers_key) or []):
        try:
            parse_matchers(item)
        except ValueError as exc:
            regex = "regular expression" in str(exc)
            emit(path + (matchers_key, j), "regex" if regex else "matcher", str(exc), REGEX_HINT if regex else MATCHER_HINT)
    for label, pattern in (node.get(match_re_key) or {}).items() if isinstance(node.get(match_re_key), dict) else []:
        error = regex_error(pattern)
        if error:
            emit(path + (match_re_key, label), "regex", error, REGEX_HINT)
    for key in (match_key, match_re_key):
        legacy = node.get(key)
        if isinstance(legacy, dict):
            for label in legacy:
                if not isinstance(label, str) or not LABEL_NAME.match(label):
                    emit(path + (key, label), "matcher", f"invalid label name {label!r}", LABEL_HINT)
            if legacy:
                emit(
                    path + (key,), "legacy-matcher", f"`{key}` is deprecated in favour of `{matchers_key}`",
                    "convert with monitoring_as_code.alertmanager.legacy.convert() or `mac import alertmanager`",
                    Severity.WARNING,
                )


def _zero_duration(text: str) -> bool:
    try:
        return duration_ms(text) == 0
    except ValueError:
        return False  # not a duration: the duration check reports it


def _check_routes(data: dict, receivers: set[str], intervals: set[str], emit: Emit) -> None:
    root = data.get("route")
    if not isinstance(root, dict):
        emit(("route",) if "route" in data else (), "route", "no root route", "add `route:` with a default `receiver`")
        return
    if not root.get("receiver"):
        emit(("route",), "receiver", "the root route has no receiver", "set `receiver` on the root route: it is the default")
    for key in ("matchers", "match", "match_re"):
        if root.get(key):
            emit(("route", key), "root-route", "the root route must not have matchers",
                 "the root route takes every alert; move the matchers to a child route")
    for key in ("mute_time_intervals", "active_time_intervals"):
        if root.get(key):
            emit(("route", key), "root-route", f"the root route must not have {key}", "set it on a child route")
    used: set[str] = set()

    def visit(route: Any, path: tuple) -> None:
        if not isinstance(route, dict):
            return
        receiver = route.get("receiver")
        if receiver:
            used.add(str(receiver))
            if receiver not in receivers:
                emit(path + ("receiver",), "receiver", f"undefined receiver {receiver!r} used in route",
                     f"define it under `receivers:` or use one of: {', '.join(sorted(receivers)) or '(none defined)'}")
        _check_matchers(route, path, ("matchers", "match", "match_re"), emit)
        group_by = route.get("group_by")
        if isinstance(group_by, list):
            seen: set = set()
            for j, label in enumerate(group_by):
                if label == "..." and len(group_by) > 1:
                    emit(path + ("group_by", j), "group-by", "`...` cannot be combined with other labels",
                         "use group_by: ['...'] alone to group by every label")
                elif label != "..." and (not isinstance(label, str) or not LABEL_NAME.match(label)):
                    emit(path + ("group_by", j), "group-by", f"invalid label name {label!r} in group_by", LABEL_HINT)
                if label in seen:
                    emit(path + ("group_by", j), "group-by", f"duplicated label {label!r} in group_by", "list it once")
                seen.add(label)
        for key in ("group_interval", "repeat_interval"):
            value = route.get(key)
            if value == 0 or (isinstance(value, str) and _zero_duration(value)):
                emit(path + (key,), "interval", f"{key} cannot be zero", f"set {key} to a positive duration")
        for key in ("mute_time_intervals", "active_time_intervals"):
            for j, name in enumerate(route.get(key) or []):
                if str(name) not in intervals:
                    emit(path + (key, j), "time-interval", f"undefined time interval {name!r} used in route",
                         "define it under `time_intervals:`")
        for i, child in enumerate(route.get("routes") or []):
            visit(child, path + ("routes", i))

    visit(root, ("route",))
    for i, receiver in enumerate(data.get("receivers") or []):
        if isinstance(receiver, dict) and receiver.get("name") and receiver["name"] not in used:
            emit(("receivers", i), "unused-receiver", f"receiver {receiver['name']!r} is not used by any route",
                 "route alerts to it, or remove it", Severity.WARNING)


def _check_inhibit_rules(data: dict, emit: Emit) -> None:
    for i, rule in enumerate(data.get("inhibit_rules") or []):
        if not isinstance(rule, dict):
            continue
        for side in ("source", "target"):
            _check_matchers(rule, ("inhibit_rules", i), (f"{side}_matchers", f"{side}_match", f"{side}_match_re"), emit)


def _check_notifiers(data: dict, emit: Emit) -> None:
    """What Alertmanager refuses at load time: a notifier with no credential source."""
    glob: dict = data["global"] if isinstance(data.get("global"), dict) else {}
    for i, receiver in enumerate(data.get("receivers") or []):
        if not isinstance(receiver, dict):
            continue
        for key, missing, hint in (
            ("slack_configs", lambda c: not (c.get("api_url") or c.get("api_url_file") or glob.get("slack_api_url")
                                             or glob.get("slack_api_url_file")),
             "no Slack webhook URL: set api_url_file here or slack_api_url_file in global"),
            ("pagerduty_configs", lambda c: not any(c.get(k) for k in ("routing_key", "routing_key_file",
                                                                       "service_key", "service_key_file")),
             "missing service or routing key in PagerDuty config: set routing_key_file"),
            ("opsgenie_configs", lambda c: not (c.get("api_key") or c.get("api_key_file") or glob.get("opsgenie_api_key")
                                                or glob.get("opsgenie_api_key_file")),
             "no OpsGenie API key: set api_key_file here or opsgenie_api_key_file in global"),
            ("email_configs", lambda c: not c.get("to"), "missing `to` address in email config"),
            ("email_configs", lambda c: not (c.get("smarthost") or glob.get("smtp_smarthost")),
             "no SMTP smarthost: set smarthost here or smtp_smarthost in global"),
            ("email_configs", lambda c: not (c.get("from") or glob.get("smtp_from")),
             "no sender address: set from here or smtp_from in global"),
            ("discord_configs", lambda c: not (c.get("webhook_url") or c.get("webhook_url_file")),
             "no Discord webhook URL: set webhook_url_file"),
            ("msteams_configs", lambda c: not (c.get("webhook_url") or c.get("webhook_url_file")),
             "no Teams webhook URL: set webhook_url_file"),
            ("webhook_configs", lambda c: not (c.get("url") or c.get("url_file")), "webhook config has no url"),
        ):
            for j, config in enumerate(receiver.get(key) or []):
                if isinstance(config, dict) and missing(config):
                    message, _, fix = hint.partition(": ")
                    emit(("receivers", i, key, j), "notifier", message, fix or "add the missing field")
