"""k6 scenarios, one class per executor, in k6's own vocabulary.

Python fields are snake_case and map one to one onto k6's camelCase keys (``start_time`` ->
``startTime``, ``pre_allocated_vus`` -> ``preAllocatedVUs``). Types are checked when an object
is built; k6's own option rules (stages need a target and a duration, ``iterations >= vus``...)
are checked on the compiled options by :mod:`monitoring_as_code.k6.rules`, so raw options files
get the same checks.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

import attrs

from monitoring_as_code.core.resource import Resource
from monitoring_as_code.k6.durations import format_duration

#: Python field -> k6 key, for every field whose name differs
K6_KEYS = {
    "start_time": "startTime", "graceful_stop": "gracefulStop", "graceful_ramp_down": "gracefulRampDown",
    "max_duration": "maxDuration", "start_vus": "startVUs", "time_unit": "timeUnit", "start_rate": "startRate",
    "pre_allocated_vus": "preAllocatedVUs", "max_vus": "maxVUs",
}
_DURATION_FIELDS = {"duration", "start_time", "graceful_stop", "graceful_ramp_down", "max_duration", "time_unit"}

Duration = str | int | float | timedelta


def _duration(value: Any) -> str | None:
    return None if value is None else format_duration(value)


def _optional_int(_instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"{attribute.name} must be an integer, got {value!r}")


def _str_map(_instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise TypeError(f"{attribute.name} must map strings to strings, got {value!r}")


@attrs.define(kw_only=True)
class Stage(Resource):
    """One ramp step: reach ``target`` VUs (or iterations per time unit) over ``duration``.

    :param duration: e.g. ``"2m"``
    :param target: VUs (ramping-vus) or iterations per ``time_unit`` (ramping-arrival-rate)
    """

    kind: ClassVar[str] = "Stage"
    duration: Duration = attrs.field(converter=format_duration)
    target: int = attrs.field(validator=_optional_int)

    def to_json_data(self) -> dict:
        return {"duration": self.duration, "target": self.target}


def _stages(value: Any) -> list[Stage]:
    out = []
    for item in value:
        if isinstance(item, Stage):
            out.append(item)
        elif isinstance(item, tuple) and len(item) == 2:
            out.append(Stage(duration=item[0], target=item[1]))
        else:
            raise TypeError(f"a stage must be Stage(duration=..., target=...) or a (duration, target) pair, got {item!r}")
    return out


@attrs.define(kw_only=True)
class Scenario(Resource):
    """Options every executor shares.

    :param name: the scenario's key in ``scenarios`` (letters, digits, ``_`` and ``-``)
    :param exec: the exported function the VUs run (default ``default``)
    :param start_time: delay from the test start
    :param graceful_stop: time left to running iterations when the scenario ends (k6 default 30s)
    :param env: environment variables for this scenario
    :param tags: tags added to every sample of this scenario
    """

    kind: ClassVar[str] = "Scenario"
    executor: ClassVar[str] = ""
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    exec: str | None = None
    start_time: Duration | None = attrs.field(default=None, converter=_duration)
    graceful_stop: Duration | None = attrs.field(default=None, converter=_duration)
    env: dict[str, str] = attrs.field(factory=dict, validator=_str_map)
    tags: dict[str, str] = attrs.field(factory=dict, validator=_str_map)

    @property
    def ref(self) -> str:
        return f"Scenario/{self.name}"

    def to_json_data(self) -> dict:
        data: dict[str, Any] = {"executor": self.executor}
        for field in attrs.fields(type(self)):
            if field.name == "name":
                continue
            value = getattr(self, field.name)
            if value is None or value == {}:
                continue
            data[K6_KEYS.get(field.name, field.name)] = value
        return data


@attrs.define(kw_only=True)
class ConstantVUs(Scenario):
    """``constant-vus``: ``vus`` VUs loop for ``duration``."""

    executor: ClassVar[str] = "constant-vus"
    vus: int | None = attrs.field(default=None, validator=_optional_int)
    duration: Duration = attrs.field(converter=format_duration)


@attrs.define(kw_only=True)
class RampingVUs(Scenario):
    """``ramping-vus``: the number of looping VUs follows ``stages``."""

    executor: ClassVar[str] = "ramping-vus"
    stages: list[Stage] = attrs.field(converter=_stages)
    start_vus: int | None = attrs.field(default=None, validator=_optional_int)
    graceful_ramp_down: Duration | None = attrs.field(default=None, converter=_duration)


@attrs.define(kw_only=True)
class SharedIterations(Scenario):
    """``shared-iterations``: ``vus`` VUs share ``iterations`` iterations (the fastest do more)."""

    executor: ClassVar[str] = "shared-iterations"
    vus: int | None = attrs.field(default=None, validator=_optional_int)
    iterations: int | None = attrs.field(default=None, validator=_optional_int)
    max_duration: Duration | None = attrs.field(default=None, converter=_duration)


@attrs.define(kw_only=True)
class PerVUIterations(Scenario):
    """``per-vu-iterations``: each of ``vus`` VUs runs exactly ``iterations`` iterations."""

    executor: ClassVar[str] = "per-vu-iterations"
    vus: int | None = attrs.field(default=None, validator=_optional_int)
    iterations: int | None = attrs.field(default=None, validator=_optional_int)
    max_duration: Duration | None = attrs.field(default=None, converter=_duration)


@attrs.define(kw_only=True)
class ConstantArrivalRate(Scenario):
    """``constant-arrival-rate``: start ``rate`` iterations per ``time_unit`` for ``duration``."""

    executor: ClassVar[str] = "constant-arrival-rate"
    rate: int = attrs.field(validator=_optional_int)
    duration: Duration = attrs.field(converter=format_duration)
    pre_allocated_vus: int = attrs.field(validator=_optional_int)
    time_unit: Duration | None = attrs.field(default=None, converter=_duration)
    max_vus: int | None = attrs.field(default=None, validator=_optional_int)


@attrs.define(kw_only=True)
class RampingArrivalRate(Scenario):
    """``ramping-arrival-rate``: the iteration start rate follows ``stages`` (targets are per ``time_unit``)."""

    executor: ClassVar[str] = "ramping-arrival-rate"
    stages: list[Stage] = attrs.field(converter=_stages)
    pre_allocated_vus: int = attrs.field(validator=_optional_int)
    start_rate: int | None = attrs.field(default=None, validator=_optional_int)
    time_unit: Duration | None = attrs.field(default=None, converter=_duration)
    max_vus: int | None = attrs.field(default=None, validator=_optional_int)


EXECUTORS = (ConstantVUs, RampingVUs, SharedIterations, PerVUIterations, ConstantArrivalRate, RampingArrivalRate)
