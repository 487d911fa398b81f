"""Receivers and their notifier configs: Slack, PagerDuty, webhook, email, Discord, MS Teams, OpsGenie.

Fields are Alertmanager's keys verbatim (``class_`` and ``from_`` for Python keywords). Secrets
go in the ``*_file`` fields, or as :class:`~monitoring_as_code.alertmanager.secrets.Secret`
resolved at build time on request; ``extra`` passes through keys not modelled here, and
``Receiver.extra`` other notifier kinds (``telegram_configs``, ``webex_configs``...).
"""

from __future__ import annotations

from typing import Any

import attrs

from monitoring_as_code.core.fields import fields_data
from monitoring_as_code.core.resource import Resource
from monitoring_as_code.prometheus.server_http import HTTPConfig, TLSConfig


def _opt() -> Any:
    return attrs.field(default=None)


class _Notifier(Resource):
    def to_json_data(self) -> dict:
        return fields_data(self)


@attrs.define(kw_only=True)
class SlackConfig(_Notifier):
    """``slack_configs`` item. The webhook URL comes from ``api_url_file`` or the global ``slack_api_url_file``."""

    kind = "SlackConfig"
    send_resolved: bool | None = _opt()
    api_url: Any = _opt()
    api_url_file: str | None = _opt()
    channel: str | None = _opt()
    username: str | None = _opt()
    color: str | None = _opt()
    title: str | None = _opt()
    title_link: str | None = _opt()
    pretext: str | None = _opt()
    text: str | None = _opt()
    fields: list | None = _opt()
    short_fields: bool | None = _opt()
    footer: str | None = _opt()
    fallback: str | None = _opt()
    callback_id: str | None = _opt()
    icon_emoji: str | None = _opt()
    icon_url: str | None = _opt()
    image_url: str | None = _opt()
    thumb_url: str | None = _opt()
    link_names: bool | None = _opt()
    mrkdwn_in: list | None = _opt()
    actions: list | None = _opt()
    http_config: HTTPConfig | None = _opt()
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class PagerdutyConfig(_Notifier):
    """``pagerduty_configs`` item: Events API v2 ``routing_key_file`` (or v1 ``service_key_file``)."""

    kind = "PagerdutyConfig"
    send_resolved: bool | None = _opt()
    routing_key: Any = _opt()
    routing_key_file: str | None = _opt()
    service_key: Any = _opt()
    service_key_file: str | None = _opt()
    url: str | None = _opt()
    client: str | None = _opt()
    client_url: str | None = _opt()
    description: str | None = _opt()
    severity: str | None = _opt()
    class_: str | None = _opt()
    component: str | None = _opt()
    group: str | None = _opt()
    source: str | None = _opt()
    details: dict | None = _opt()
    images: list | None = _opt()
    links: list | None = _opt()
    http_config: HTTPConfig | None = _opt()
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class WebhookConfig(_Notifier):
    """``webhook_configs`` item (``url_file`` needs Alertmanager 0.26 or later)."""

    kind = "WebhookConfig"
    send_resolved: bool | None = _opt()
    url: Any = _opt()
    url_file: str | None = _opt()
    max_alerts: int | None = _opt()
    http_config: HTTPConfig | None = _opt()
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class EmailConfig(_Notifier):
    """``email_configs`` item; the SMTP password comes from ``auth_password_file``."""

    kind = "EmailConfig"
    send_resolved: bool | None = _opt()
    to: str | None = _opt()
    from_: str | None = _opt()
    smarthost: str | None = _opt()
    hello: str | None = _opt()
    auth_username: str | None = _opt()
    auth_password: Any = _opt()
    auth_password_file: str | None = _opt()
    auth_secret: Any = _opt()
    auth_identity: str | None = _opt()
    headers: dict | None = _opt()
    html: str | None = _opt()
    text: str | None = _opt()
    require_tls: bool | None = _opt()
    tls_config: TLSConfig | None = _opt()
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class DiscordConfig(_Notifier):
    """``discord_configs`` item (Alertmanager 0.25+; ``webhook_url_file`` 0.26+)."""

    kind = "DiscordConfig"
    send_resolved: bool | None = _opt()
    webhook_url: Any = _opt()
    webhook_url_file: str | None = _opt()
    title: str | None = _opt()
    message: str | None = _opt()
    http_config: HTTPConfig | None = _opt()
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class MSTeamsConfig(_Notifier):
    """``msteams_configs`` item (Alertmanager 0.26+)."""

    kind = "MSTeamsConfig"
    send_resolved: bool | None = _opt()
    webhook_url: Any = _opt()
    webhook_url_file: str | None = _opt()
    title: str | None = _opt()
    summary: str | None = _opt()
    text: str | None = _opt()
    http_config: HTTPConfig | None = _opt()
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class OpsGenieConfig(_Notifier):
    """``opsgenie_configs`` item; the key comes from ``api_key_file`` (or the global one)."""

    kind = "OpsGenieConfig"
    send_resolved: bool | None = _opt()
    api_key: Any = _opt()
    api_key_file: str | None = _opt()
    api_url: str | None = _opt()
    message: str | None = _opt()
    description: str | None = _opt()
    source: str | None = _opt()
    details: dict | None = _opt()
    entity: str | None = _opt()
    responders: list | None = _opt()
    actions: str | None = _opt()
    tags: str | None = _opt()
    note: str | None = _opt()
    priority: str | None = _opt()
    update_alerts: bool | None = _opt()
    http_config: HTTPConfig | None = _opt()
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class Receiver(Resource):
    """A named receiver. A receiver with no configs is a blackhole (alerts routed to it are dropped).

    :param name: unique receiver name, the one routes name
    """

    kind = "Receiver"
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    slack_configs: list[SlackConfig] | None = _opt()
    pagerduty_configs: list[PagerdutyConfig] | None = _opt()
    webhook_configs: list[WebhookConfig] | None = _opt()
    email_configs: list[EmailConfig] | None = _opt()
    discord_configs: list[DiscordConfig] | None = _opt()
    msteams_configs: list[MSTeamsConfig] | None = _opt()
    opsgenie_configs: list[OpsGenieConfig] | None = _opt()
    extra: dict = attrs.field(factory=dict)

    def to_json_data(self) -> dict:
        return {"name": self.name, **fields_data(self, skip=("name",))}
