"""Reading existing ``alertmanager.yml``: legacy ``match``/``match_re`` converted to ``matchers``,
and the whole file turned into model objects (``from_data``).

``convert`` is a pure data transformation with the same routing and inhibition behaviour:
``match: {severity: critical}`` becomes ``matchers: ['severity="critical"']`` and
``match_re: {job: api-.*}`` becomes ``matchers: ['job=~"api-.*"']`` (Alertmanager anchors both).
"""

from __future__ import annotations

import copy
from typing import Any

import attrs

from monitoring_as_code.alertmanager.matchers import from_legacy

_NOTIFIERS = {
    "slack_configs": "SlackConfig", "pagerduty_configs": "PagerdutyConfig", "webhook_configs": "WebhookConfig",
    "email_configs": "EmailConfig", "discord_configs": "DiscordConfig", "msteams_configs": "MSTeamsConfig",
    "opsgenie_configs": "OpsGenieConfig",
}


def _merge(node: dict, matchers_key: str, match_key: str, match_re_key: str) -> None:
    legacy = from_legacy(node.pop(match_key, None), node.pop(match_re_key, None))
    if legacy:
        node[matchers_key] = [str(m) for m in legacy] + list(node.get(matchers_key) or [])


def convert(data: dict) -> dict:
    """A copy of an ``alertmanager.yml`` mapping with every legacy matcher in ``matchers`` form."""
    out = copy.deepcopy(data)

    def visit(route: Any) -> None:
        if isinstance(route, dict):
            _merge(route, "matchers", "match", "match_re")
            for child in route.get("routes") or []:
                visit(child)

    visit(out.get("route"))
    for rule in out.get("inhibit_rules") or []:
        if isinstance(rule, dict):
            _merge(rule, "source_matchers", "source_match", "source_match_re")
            _merge(rule, "target_matchers", "target_match", "target_match_re")
    return out


def _build(cls: type, data: dict, **nested: Any) -> Any:
    """``cls`` from a mapping: known keys as fields (Python keywords renamed), the rest in ``extra``."""
    from monitoring_as_code.core.fields import KEYWORDS

    by_key = {KEYWORDS.get(f.name, f.name): f.name for f in attrs.fields(cls) if f.name != "extra"}
    kwargs: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        if key in nested:
            kwargs[by_key[key]] = nested[key](value)
        elif key in by_key:
            kwargs[by_key[key]] = value
        else:
            extra[key] = value
    if extra:
        if "extra" not in {f.name for f in attrs.fields(cls)}:
            raise ValueError(f"{cls.__name__}: unknown keys {', '.join(map(str, extra))}")
        kwargs["extra"] = extra
    return cls(**kwargs)


def from_data(data: dict, name: str = "alertmanager") -> Any:
    """An :class:`AlertmanagerConfig` equal to an ``alertmanager.yml`` mapping (legacy matchers converted)."""
    from monitoring_as_code.alertmanager import config as c
    from monitoring_as_code.alertmanager import receivers as r
    from monitoring_as_code.prometheus import server_http as h

    data = convert(data)
    http = lambda d: _build(h.HTTPConfig, d, basic_auth=lambda b: _build(h.BasicAuth, b),
                            authorization=lambda a: _build(h.Authorization, a),
                            tls_config=lambda t: _build(h.TLSConfig, t))

    def route(d: dict) -> Any:
        return _build(c.Route, d, routes=lambda rs: [route(x) for x in rs])

    def notifiers(cls: type) -> Any:
        return lambda items: [_build(cls, i, http_config=http) for i in items]

    def receiver(d: dict) -> Any:
        return _build(r.Receiver, d, **{key: notifiers(getattr(r, name)) for key, name in _NOTIFIERS.items()})

    return _build(
        c.AlertmanagerConfig, {"name": name, **data},
        **{
            "global": lambda g: _build(c.Global, g, http_config=http),
            "route": route,
            "receivers": lambda rs: [receiver(x) for x in rs],
            "inhibit_rules": lambda rules: [_build(c.InhibitRule, x) for x in rules],
            "time_intervals": lambda ts: [_build(c.TimeInterval, x) for x in ts],
        },
    )
