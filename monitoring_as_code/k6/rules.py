"""k6's own option rules, checked on the options as plain data (compiled or read from a file).

The rules follow k6's executor validation (``lib/executor/*.go``): unknown fields are refused
(k6 decodes scenarios strictly), durations use k6's syntax, stages need a target and a
duration, ``shared-iterations`` needs ``iterations >= vus``, arrival-rate executors need
``preAllocatedVUs`` and ``maxVUs >= preAllocatedVUs``, durations are at least 1s, and every
threshold parses and uses an aggregation its metric type supports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from monitoring_as_code.core.problem import Severity
from monitoring_as_code.k6.durations import DurationError, parse_duration
from monitoring_as_code.k6.thresholds import (
    BUILTIN_METRICS,
    ThresholdError,
    check_method,
    parse_metric_name,
    parse_threshold,
)

_COMMON = {"executor", "startTime", "gracefulStop", "exec", "env", "tags", "options"}
FIELDS: dict[str, set[str]] = {
    "constant-vus": _COMMON | {"vus", "duration"},
    "ramping-vus": _COMMON | {"stages", "startVUs", "gracefulRampDown"},
    "shared-iterations": _COMMON | {"vus", "iterations", "maxDuration"},
    "per-vu-iterations": _COMMON | {"vus", "iterations", "maxDuration"},
    "constant-arrival-rate": _COMMON | {"rate", "timeUnit", "duration", "preAllocatedVUs", "maxVUs"},
    "ramping-arrival-rate": _COMMON | {"stages", "startRate", "timeUnit", "preAllocatedVUs", "maxVUs"},
    "externally-controlled": _COMMON | {"vus", "maxVUs", "duration"},
}
_DURATIONS = {"startTime", "gracefulStop", "gracefulRampDown", "duration", "maxDuration", "timeUnit"}
_INTEGERS = {"vus", "iterations", "startVUs", "rate", "startRate", "preAllocatedVUs", "maxVUs"}
_SHORTCUTS = ("vus", "duration", "iterations", "stages")
_SCENARIO_NAME = re.compile(r"^[0-9a-zA-Z_-]+$")
_SECRET_NAME = re.compile(r"token|secret|passw|api[_-]?key|credential|private[_-]?key", re.IGNORECASE)
_STAT = re.compile(r"^(avg|min|med|max|count|p\(\d+(\.\d+)?\))$")
MIN_DURATION = 1.0  # seconds; k6's minDuration for executor durations


@dataclass(frozen=True)
class Finding:
    """A rule violation at ``path`` in the options document."""

    path: tuple
    check: str
    message: str
    hint: str = ""
    severity: Severity = Severity.BUG


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _seconds(scenario: dict, key: str, base: tuple, found: list[Finding]) -> float | None:
    if key not in scenario:
        return None
    try:
        return parse_duration(scenario[key])
    except DurationError as exc:
        found.append(Finding(base + (key,), "k6/duration", str(exc), "write durations like '30s', '5m', '1h30m'"))
        return None


def _check_stages(stages: Any, base: tuple, found: list[Finding]) -> list[int]:
    path = base + ("stages",)
    if not isinstance(stages, list) or not stages:
        found.append(Finding(path, "k6/stages", "at least one stage has to be specified",
                             "add stages=[Stage(duration='1m', target=10), ...]"))
        return []
    targets = []
    for i, stage in enumerate(stages):
        here = path + (i,)
        if not isinstance(stage, dict):
            found.append(Finding(here, "k6/stages", f"stage {i + 1} must be an object with duration and target"))
            continue
        for key in sorted(set(stage) - {"duration", "target"}):
            found.append(Finding(here + (key,), "k6/stages", f"stage {i + 1} has unknown field {key!r}",
                                 "a stage has only `duration` and `target`"))
        if "duration" not in stage:
            found.append(Finding(here, "k6/stages", f"stage {i + 1} doesn't have a duration", "add duration='1m'"))
        else:
            seconds = _seconds(stage, "duration", here, found)
            if seconds is not None and seconds < 0:
                found.append(Finding(here + ("duration",), "k6/stages", f"the duration for stage {i + 1} can't be negative"))
        target = stage.get("target")
        if "target" not in stage:
            found.append(Finding(here, "k6/stages", f"stage {i + 1} doesn't have a target", "add target=<VUs or rate>"))
        elif isinstance(target, int) and _is_int(target) and target >= 0:
            targets.append(target)
        else:
            found.append(Finding(here + ("target",), "k6/stages", f"the target for stage {i + 1} must be a non-negative integer"))
    return targets


def _require_positive(scenario: dict, key: str, default: int | None, base: tuple, found: list[Finding], what: str) -> int | None:
    value = scenario.get(key, default)
    if value is None:
        found.append(Finding(base, "k6/scenario", f"the {what} isn't specified", f"set `{key}`"))
        return None
    if _is_int(value) and value <= 0:
        found.append(Finding(base + (key,), "k6/scenario", f"the {what} must be more than 0"))
    return value if _is_int(value) else None


def _check_executor(executor: str, scenario: dict, base: tuple, found: list[Finding]) -> None:
    durations = {key: _seconds(scenario, key, base, found) for key in _DURATIONS}
    for key in ("startTime", "gracefulStop", "gracefulRampDown"):
        value = durations[key]
        if value is not None and value < 0:
            found.append(Finding(base + (key,), "k6/scenario", f"the {key} can't be negative"))
    if executor in ("constant-vus", "constant-arrival-rate"):
        if "duration" not in scenario:
            found.append(Finding(base, "k6/scenario", f"{executor} needs a duration", "set duration='5m'"))
        elif (seconds := durations["duration"]) is not None and seconds < MIN_DURATION:
            found.append(Finding(base + ("duration",), "k6/scenario",
                                 f"the duration should be at least 1s, but is {scenario['duration']}"))
    max_duration = durations["maxDuration"]
    if executor in ("shared-iterations", "per-vu-iterations") and max_duration is not None and max_duration < MIN_DURATION:
        found.append(Finding(base + ("maxDuration",), "k6/scenario",
                             f"the maxDuration must be at least 1s, but is {scenario['maxDuration']}"))
    if executor in ("constant-vus", "shared-iterations", "per-vu-iterations"):
        vus = _require_positive(scenario, "vus", 1, base, found, "number of VUs")
        if executor != "constant-vus":
            iterations = _require_positive(scenario, "iterations", 1, base, found, "number of iterations")
            if executor == "shared-iterations" and vus and iterations and iterations < vus:
                found.append(Finding(base + ("iterations",), "k6/scenario",
                                     f"the number of iterations ({iterations}) can't be less than the number of VUs ({vus})",
                                     "raise iterations or lower vus"))
    if executor in ("ramping-vus", "ramping-arrival-rate"):
        targets = _check_stages(scenario.get("stages"), base, found)
        start_key = "startVUs" if executor == "ramping-vus" else "startRate"
        start = scenario.get(start_key, 1 if executor == "ramping-vus" else 0)
        if _is_int(start) and start < 0:
            found.append(Finding(base + (start_key,), "k6/scenario", f"{start_key} can't be negative"))
        if executor == "ramping-vus" and targets and max(targets + [start if _is_int(start) else 0]) <= 0:
            found.append(Finding(base, "k6/scenario", "either startVUs or one of the stages' target values must be greater than 0"))
    if executor in ("constant-arrival-rate", "ramping-arrival-rate"):
        if executor == "constant-arrival-rate":
            _require_positive(scenario, "rate", None, base, found, "iteration rate")
        if (unit := durations["timeUnit"]) is not None and unit <= 0:
            found.append(Finding(base + ("timeUnit",), "k6/scenario", "the timeUnit must be more than 0"))
        pre = scenario.get("preAllocatedVUs")
        if pre is None:
            found.append(Finding(base, "k6/scenario", "the number of preAllocatedVUs isn't specified",
                                 "set pre_allocated_vus (VUs initialised before the test)"))
        elif _is_int(pre) and pre < 0:
            found.append(Finding(base + ("preAllocatedVUs",), "k6/scenario", "preAllocatedVUs can't be negative"))
        top = scenario.get("maxVUs")
        if isinstance(top, int) and isinstance(pre, int) and _is_int(top) and _is_int(pre) and top < pre:
            found.append(Finding(base + ("maxVUs",), "k6/scenario", "maxVUs can't be less than preAllocatedVUs"))


def check_scenarios(scenarios: Any) -> Iterator[Finding]:
    found: list[Finding] = []
    if not isinstance(scenarios, dict):
        found.append(Finding(("scenarios",), "k6/scenario", "`scenarios` must be an object of name -> scenario"))
        return iter(found)
    for name, scenario in scenarios.items():
        base = ("scenarios", name)
        if not _SCENARIO_NAME.match(str(name)):
            found.append(Finding(base, "k6/scenario", f"scenario name {name!r} may only contain letters, digits, '_' and '-'"))
        if not isinstance(scenario, dict):
            found.append(Finding(base, "k6/scenario", f"scenario {name!r} must be an object"))
            continue
        executor = scenario.get("executor")
        if executor not in FIELDS:
            found.append(Finding(base + ("executor",), "k6/scenario", f"unknown executor {executor!r}",
                                 "use one of " + ", ".join(sorted(FIELDS))))
            continue
        for key in sorted(set(scenario) - FIELDS[executor]):
            found.append(Finding(base + (key,), "k6/scenario", f"{executor} does not accept {key!r} (k6 fails with `unknown field`)",
                                 "allowed: " + ", ".join(sorted(FIELDS[executor] - {"executor"}))))
        env = scenario.get("env")
        env = env if isinstance(env, dict) else {}
        for key in sorted(env):
            if _SECRET_NAME.search(str(key)) and env[key]:
                # Never echo the value: the message itself must not leak it.
                found.append(Finding(base + ("env", key), "k6/secret",
                                     f"env {key!r} looks like a secret and would be written to the options file",
                                     f"pass it when k6 runs instead: k6 run -e {key}=\"$...\" (read it with __ENV.{key})"))
        for key in sorted(_INTEGERS & set(scenario)):
            if not _is_int(scenario[key]):
                found.append(Finding(base + (key,), "k6/scenario", f"{key} must be an integer, got {scenario[key]!r}"))
        _check_executor(executor, scenario, base, found)
    return iter(found)


def _threshold_text(item: Any, path: tuple, found: list[Finding]) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and isinstance(item.get("threshold"), str):
        for key in sorted(set(item) - {"threshold", "abortOnFail", "delayAbortEval"}):
            found.append(Finding(path + (key,), "k6/threshold", f"unknown threshold field {key!r}",
                                 "a threshold object has threshold, abortOnFail and delayAbortEval"))
        if "delayAbortEval" in item:
            _seconds(item, "delayAbortEval", path, found)
        return item["threshold"]
    found.append(Finding(path, "k6/threshold", f"threshold {item!r} must be a string or {{threshold, abortOnFail}}"))
    return None


def check_thresholds(thresholds: Any, metric_types: dict[str, str], strict_metrics: bool) -> Iterator[Finding]:
    """Every threshold parses, its aggregation suits its metric's type, its metric exists (when known)."""
    found: list[Finding] = []
    if not isinstance(thresholds, dict):
        found.append(Finding(("thresholds",), "k6/threshold", "`thresholds` must be an object of metric -> [expressions]"))
        return iter(found)
    types = {**BUILTIN_METRICS, **metric_types}
    for metric, items in thresholds.items():
        base = ("thresholds", metric)
        try:
            selector = parse_metric_name(metric)
        except ThresholdError as exc:
            found.append(Finding(base, "k6/threshold", str(exc)))
            continue
        metric_type = types.get(selector.name)
        if metric_type is None and strict_metrics:
            found.append(Finding(base, "k6/threshold", f"no metric named {selector.name!r}: k6 refuses thresholds on unknown metrics",
                                 "declare it in metrics=[Rate(...), Trend(...), Counter(...), Gauge(...)] or fix the name",
                                 Severity.WARNING))
        if not isinstance(items, list):
            items = [items]
        for i, item in enumerate(items):
            text = _threshold_text(item, base + (i,), found)
            if text is None:
                continue
            try:
                expression = parse_threshold(text)
            except ThresholdError as exc:
                found.append(Finding(base + (i,), "k6/threshold", str(exc), "e.g. 'p(95)<500', 'rate<0.01', 'count>0'"))
                continue
            why = check_method(expression, metric_type) if metric_type else None
            if why:
                found.append(Finding(base + (i,), "k6/threshold", f"threshold {text!r} on {metric}: {why}"))
    return iter(found)


def check_trend_stats(data: dict) -> Iterator[Finding]:
    stats = data.get("summaryTrendStats")
    if stats is None:
        return iter(())
    found: list[Finding] = []
    if not isinstance(stats, list) or not all(isinstance(s, str) and _STAT.match(s) for s in stats):
        found.append(Finding(("summaryTrendStats",), "k6/option", "summaryTrendStats must list avg, min, med, max, count or p(N)"))
        return iter(found)
    for metric, items in (data.get("thresholds") or {}).items():
        for item in items if isinstance(items, list) else [items]:
            text = item.get("threshold") if isinstance(item, dict) else item
            if not isinstance(text, str):
                continue
            try:
                stat = parse_threshold(text).stat
            except (ThresholdError, TypeError):
                continue
            if stat.startswith("p(") and stat not in stats:
                found.append(Finding(("summaryTrendStats",), "k6/option",
                                     f"threshold {text!r} on {metric} uses {stat}, which summaries will not contain",
                                     f"add {stat!r} to summaryTrendStats so `mac loadtest check` can read it", Severity.WARNING))
    return iter(found)


def check_options(data: Any, metric_types: dict[str, str] | None = None, strict_metrics: bool = False) -> list[Finding]:
    """Every k6 rule violation in an options document."""
    if not isinstance(data, dict):
        return [Finding((), "k6/option", "k6 options must be a JSON object")]
    found: list[Finding] = []
    if "scenarios" in data:
        found.extend(check_scenarios(data["scenarios"]))
        shortcuts = [k for k in _SHORTCUTS if k in data]
        if shortcuts:
            found.append(Finding((shortcuts[0],), "k6/option",
                                 f"using an execution configuration shortcut ({', '.join(shortcuts)}) and `scenarios` together is not allowed",
                                 "move the shortcut into a scenario"))
    if "thresholds" in data:
        found.extend(check_thresholds(data["thresholds"], metric_types or {}, strict_metrics))
    found.extend(check_trend_stats(data))
    return found
