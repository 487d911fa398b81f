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


class _Notifier(Resource):
    def to_json_data(self) -> dict:
        return fields_data(self)


@attrs.define(kw_only=True)
class SlackConfig(_Notifier):
    """``slack_configs`` item. The webhook URL comes from ``api_url_file`` or the global ``slack_api_url_file``."""

    kind = "SlackConfig"
    send_resolved: bool | None = None
    api_url: Any = None
    api_url_file: str | None = None
    channel: str | None = None
    username: str | None = None
    color: str | None = None
    title: str | None = None
    title_link: str | None = None
    pretext: str | None = None
    text: str | None = None
    fields: list | None = None
    short_fields: bool | None = None
    footer: str | None = None
    fallback: str | None = None
    callback_id: str | None = None
    icon_emoji: str | None = None
    icon_url: str | None = None
    image_url: str | None = None
    thumb_url: str | None = None
    link_names: bool | None = None
    mrkdwn_in: list | None = None
    actions: list | None = None
    http_config: HTTPConfig | None = None
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class PagerdutyConfig(_Notifier):
    """``pagerduty_configs`` item: Events API v2 ``routing_key_file`` (or v1 ``service_key_file``)."""

    kind = "PagerdutyConfig"
    send_resolved: bool | None = None
    routing_key: Any = None
    routing_key_file: str | None = None
    service_key: Any = None
    service_key_file: str | None = None
    url: str | None = None
    client: str | None = None
    client_url: str | None = None
    description: str | None = None
    severity: str | None = None
    class_: str | None = None
    component: str | None = None
    group: str | None = None
    source_: str | None = None
    details: dict | None = None
    images: list | None = None
    links: list | None = None
    http_config: HTTPConfig | None = None
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class WebhookConfig(_Notifier):
    """``webhook_configs`` item (``url_file`` needs Alertmanager 0.26 or later)."""

    kind = "WebhookConfig"
    send_resolved: bool | None = None
    url: Any = None
    url_file: str | None = None
    max_alerts: int | None = None
    http_config: HTTPConfig | None = None
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class EmailConfig(_Notifier):
    """``email_configs`` item; the SMTP password comes from ``auth_password_file``."""

    kind = "EmailConfig"
    send_resolved: bool | None = None
    to: str | None = None
    from_: str | None = None
    smarthost: str | None = None
    hello: str | None = None
    auth_username: str | None = None
    auth_password: Any = None
    auth_password_file: str | None = None
    auth_secret: Any = None
    auth_identity: str | None = None
    headers: dict | None = None
    html: str | None = None
    text: str | None = None
    require_tls: bool | None = None
    tls_config: TLSConfig | None = None
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class DiscordConfig(_Notifier):
    """``discord_configs`` item (Alertmanager 0.25+; ``webhook_url_file`` 0.26+)."""

    kind = "DiscordConfig"
    send_resolved: bool | None = None
    webhook_url: Any = None
    webhook_url_file: str | None = None
    title: str | None = None
    message: str | None = None
    http_config: HTTPConfig | None = None
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class MSTeamsConfig(_Notifier):
    """``msteams_configs`` item (Alertmanager 0.26+)."""

    kind = "MSTeamsConfig"
    send_resolved: bool | None = None
    webhook_url: Any = None
    webhook_url_file: str | None = None
    title: str | None = None
    summary: str | None = None
    text: str | None = None
    http_config: HTTPConfig | None = None
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class OpsGenieConfig(_Notifier):
    """``opsgenie_configs`` item; the key comes from ``api_key_file`` (or the global one)."""

    kind = "OpsGenieConfig"
    send_resolved: bool | None = None
    api_key: Any = None
    api_key_file: str | None = None
    api_url: str | None = None
    message: str | None = None
    description: str | None = None
    source_: str | None = None
    details: dict | None = None
    entity: str | None = None
    responders: list | None = None
    actions: str | None = None
    tags: str | None = None
    note: str | None = None
    priority: str | None = None
    update_alerts: bool | None = None
    http_config: HTTPConfig | None = None
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class Receiver(Resource):
    """A named receiver. A receiver with no configs is a blackhole (alerts routed to it are dropped).

    :param name: unique receiver name, the one routes name
    """

    kind = "Receiver"
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    slack_configs: list[SlackConfig] | None = None
    pagerduty_configs: list[PagerdutyConfig] | None = None
    webhook_configs: list[WebhookConfig] | None = None
    email_configs: list[EmailConfig] | None = None
    discord_configs: list[DiscordConfig] | None = None
    msteams_configs: list[MSTeamsConfig] | None = None
    opsgenie_configs: list[OpsGenieConfig] | None = None
    extra: dict = attrs.field(factory=dict)

    def to_json_data(self) -> dict:
        return {"name": self.name, **fields_data(self, skip=("name",))}
