"""The whole ``alertmanager.yml`` as Python objects: global settings, the route tree,
receivers, inhibit rules, time intervals and templates.

Matchers are written in the current syntax (``'severity="critical"'``, a
:class:`~monitoring_as_code.alertmanager.matchers.Matcher`, or a ``{label: value}`` dict of
equality matchers) and always compiled to ``matchers:``; legacy ``match``/``match_re`` are read
from existing YAML and converted (see :mod:`monitoring_as_code.alertmanager.legacy`).
Durations and matchers are checked when the object is built, at the user's line.
"""

from __future__ import annotations

from typing import Any

import attrs

from monitoring_as_code.alertmanager.matchers import Matcher, coerce
from monitoring_as_code.alertmanager.receivers import Receiver
from monitoring_as_code.core.fields import fields_data
from monitoring_as_code.core.resource import Resource
from monitoring_as_code.prometheus.durations import validate_duration
from monitoring_as_code.prometheus.server_http import HTTPConfig


def _duration(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None:
        validate_duration(value, attribute.name)


def to_matchers(value: Any) -> list[Matcher] | None:
    """Matchers from a list of strings/Matchers or a ``{label: value}`` dict (equality)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return [Matcher(str(k), "=", str(v)) for k, v in value.items()]
    if isinstance(value, (str, Matcher)):
        value = [value]
    out: list[Matcher] = []
    for item in value:
        out.extend(coerce(item))
    return out


def _names(value: Any) -> list[Any] | None:
    """Receiver and time-interval references: objects become their names."""
    if value is None:
        return None
    items = value if isinstance(value, (list, tuple)) else [value]
    return [getattr(item, "name", item) for item in items]


def _name(value: Any) -> Any:
    return getattr(value, "name", value)


@attrs.define(kw_only=True)
class Global(Resource):
    """``global:`` defaults for every receiver (``resolve_timeout``, Slack/SMTP/PagerDuty/OpsGenie...).

    Secrets: ``slack_api_url_file``, ``smtp_auth_password_file``, ``opsgenie_api_key_file``.
    """

    kind = "Global"
    resolve_timeout: str | None = attrs.field(default=None, validator=_duration)
    http_config: HTTPConfig | None = None
    smtp_from: str | None = None
    smtp_hello: str | None = None
    smtp_smarthost: str | None = None
    smtp_auth_username: str | None = None
    smtp_auth_password: Any = None
    smtp_auth_password_file: str | None = None
    smtp_auth_secret: Any = None
    smtp_auth_identity: str | None = None
    smtp_require_tls: bool | None = None
    slack_api_url: Any = None
    slack_api_url_file: str | None = None
    pagerduty_url: str | None = None
    opsgenie_api_url: str | None = None
    opsgenie_api_key: Any = None
    opsgenie_api_key_file: str | None = None
    extra: dict = attrs.field(factory=dict)

    def to_json_data(self) -> dict:
        return fields_data(self)


@attrs.define(kw_only=True)
class Route(Resource):
    """A node of the routing tree.

    :param receiver: receiver name (or Receiver); inherited from the parent when unset
    :param matchers: which alerts this route takes; all must match
    :param continue_: keep matching later siblings after this route matched
    :param group_by: labels to group by; ``["..."]`` groups by every label
    :param routes: child routes, tried in order
    """

    kind = "Route"
    receiver: Any = attrs.field(default=None, converter=_name)
    matchers: list[Matcher] | None = attrs.field(default=None, converter=to_matchers)
    continue_: bool | None = None
    group_by: list[str] | None = None
    group_wait: str | None = attrs.field(default=None, validator=_duration)
    group_interval: str | None = attrs.field(default=None, validator=_duration)
    repeat_interval: str | None = attrs.field(default=None, validator=_duration)
    mute_time_intervals: list[str] | None = attrs.field(default=None, converter=_names)
    active_time_intervals: list[str] | None = attrs.field(default=None, converter=_names)
    routes: list[Route] | None = None
    extra: dict = attrs.field(factory=dict)

    @property
    def name(self) -> str:
        return self.receiver or ""

    def to_json_data(self) -> dict:
        return fields_data(self)


@attrs.define(kw_only=True)
class InhibitRule(Resource):
    """Mute alerts matching ``target_matchers`` while an alert matching ``source_matchers`` fires,
    if both have equal values for the ``equal`` labels (a label missing on both counts as equal)."""

    kind = "InhibitRule"
    source_matchers: list[Matcher] | None = attrs.field(default=None, converter=to_matchers)
    target_matchers: list[Matcher] | None = attrs.field(default=None, converter=to_matchers)
    equal: list[str] | None = None
    extra: dict = attrs.field(factory=dict)

    def to_json_data(self) -> dict:
        return fields_data(self)


@attrs.define(kw_only=True)
class TimeInterval(Resource):
    """A named set of time ranges for ``mute_time_intervals`` / ``active_time_intervals``.

    :param time_intervals: items with ``times`` (``{"start_time": "09:00", "end_time": "17:00"}``),
        ``weekdays`` (``"monday:friday"``), ``days_of_month``, ``months``, ``years``, ``location``
    """

    kind = "TimeInterval"
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    time_intervals: list[dict] = attrs.field(factory=list)

    def to_json_data(self) -> dict:
        return {"name": self.name, "time_intervals": self.time_intervals}


@attrs.define(kw_only=True)
class AlertmanagerConfig(Resource):
    """A complete ``alertmanager.yml``, compiled to ``build/alertmanager/<name>.yml``.

    :param name: output file name (``alertmanager`` gives ``alertmanager/alertmanager.yml``)
    :param global_: :class:`Global` settings
    :param templates: notification template file globs
    :param route: the root :class:`Route` (needs a receiver, no matchers)
    :param receivers: every :class:`~monitoring_as_code.alertmanager.receivers.Receiver`
    :param inhibit_rules: :class:`InhibitRule` list
    :param time_intervals: :class:`TimeInterval` list
    """

    kind = "AlertmanagerConfig"
    name: str = "alertmanager"
    global_: Global | None = None
    templates: list[str] | None = None
    route: Route = attrs.field(validator=attrs.validators.instance_of(Route))
    receivers: list[Receiver] = attrs.field(factory=list)
    inhibit_rules: list[InhibitRule] | None = None
    time_intervals: list[TimeInterval] | None = None
    extra: dict = attrs.field(factory=dict)

    def to_json_data(self) -> dict:
        return fields_data(self, skip=("name",))

    def receiver(self, name: str) -> Receiver:
        """The receiver called ``name``; raises ``KeyError``."""
        for receiver in self.receivers:
            if receiver.name == name:
                return receiver
        raise KeyError(name)
