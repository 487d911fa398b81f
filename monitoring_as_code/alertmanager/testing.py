"""Route and inhibition tests: Python objects beside the config, run by ``mac test``.

``RouteTest(labels, receivers)`` states which receivers an alert with ``labels`` reaches, in
the order ``amtool config routes test`` prints them (duplicates included).
``InhibitionTest(source_labels, target_labels, inhibited=True)`` states whether the target alert
is muted while the source alert fires. Both run on the Python routing and inhibition engines,
which the test suite cross-checks against amtool.
"""

from __future__ import annotations

from typing import Any

import attrs

from monitoring_as_code.core.resource import Resource


def _receiver_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [r for r in value.split(",") if r] if value else []
    return [getattr(r, "name", r) for r in value]


def _labels(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError(f"labels must be a dict of label name to value, got {type(value).__name__}")
    return {str(k): str(v) for k, v in value.items()}


def _config_name(value: Any) -> Any:
    return getattr(value, "name", value)


@attrs.define
class RouteTest(Resource):
    """An alert with ``labels`` reaches exactly ``receivers``, in this order.

    :param labels: the alert's labels
    :param receivers: expected receiver names (or Receivers), or amtool's comma-separated string
    :param name: test name (default: the labels)
    :param config: the AlertmanagerConfig (or its name) under test; default: the one in the same
        file, else the project's only one
    """

    kind = "RouteTest"
    labels: dict[str, str] = attrs.field(converter=_labels)
    receivers: list[str] = attrs.field(converter=_receiver_names)
    name: str | None = None
    config: Any = attrs.field(default=None, converter=_config_name)

    @property
    def title(self) -> str:
        return self.name or "route " + ",".join(f"{k}={v}" for k, v in self.labels.items())

    def to_json_data(self) -> dict:
        return {"type": "route", "name": self.title, "labels": self.labels, "receivers": self.receivers}


@attrs.define
class InhibitionTest(Resource):
    """While an alert with ``source_labels`` fires, an alert with ``target_labels`` is muted (or not).

    :param source_labels: the (possibly) inhibiting alert
    :param target_labels: the alert under test
    :param inhibited: whether Alertmanager must mute the target
    :param name: test name
    :param config: as for :class:`RouteTest`
    """

    kind = "InhibitionTest"
    source_labels: dict[str, str] = attrs.field(converter=_labels)
    target_labels: dict[str, str] = attrs.field(converter=_labels)
    inhibited: bool = True
    name: str | None = None
    config: Any = attrs.field(default=None, converter=_config_name)

    @property
    def title(self) -> str:
        target = ",".join(f"{k}={v}" for k, v in self.target_labels.items())
        return self.name or f"inhibition {target} {'muted' if self.inhibited else 'not muted'}"

    def to_json_data(self) -> dict:
        return {
            "type": "inhibition", "name": self.title, "source_labels": self.source_labels,
            "target_labels": self.target_labels, "inhibited": self.inhibited,
        }


def _label_sets(value: Any) -> list[dict[str, str]]:
    return [_labels(item) for item in value]


@attrs.define
class FiringSetTest(Resource):
    """While every alert of ``firing`` fires together, exactly the ``muted`` ones are inhibited.

    :param firing: the label sets of the alerts firing together
    :param muted: the label sets (each one of ``firing``) Alertmanager must mute; the others must not be
    :param name: test name
    :param config: as for :class:`RouteTest`
    """

    kind = "FiringSetTest"
    firing: list[dict[str, str]] = attrs.field(converter=_label_sets)
    muted: list[dict[str, str]] = attrs.field(converter=_label_sets)
    name: str | None = None
    config: Any = attrs.field(default=None, converter=_config_name)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        strays = [m for m in self.muted if m not in self.firing]
        if strays:
            raise ValueError(f"FiringSetTest: muted alerts must be among the firing ones: {strays}")

    @property
    def title(self) -> str:
        return self.name or f"firing set of {len(self.firing)} alerts, {len(self.muted)} muted"

    def to_json_data(self) -> dict:
        return {"type": "firing-set", "name": self.title, "firing": self.firing, "muted": self.muted}
