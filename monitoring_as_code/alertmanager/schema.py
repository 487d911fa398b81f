"""The keys of ``alertmanager.yml`` and their types, for the unknown-key and type checks.

Keys that need a newer Alertmanager than the one the project runs are listed in
:data:`SINCE` (the project's ``alertmanager_version``, default 0.25, the Debian version).
"""

from __future__ import annotations

from monitoring_as_code.prometheus.server_schema import HTTP_CLIENT, TLS_CONFIG

DEFAULT_VERSION = "0.25"

_NOTIFIER = {"send_resolved": "bool"}
_WITH_HTTP = {**_NOTIFIER, "http_config": HTTP_CLIENT}

SLACK = {
    **_WITH_HTTP, "api_url": "secret_url", "api_url_file": "file", "channel": "str", "username": "str",
    "color": "str", "title": "str", "title_link": "str", "pretext": "str", "text": "str",
    "fields": [{"title": "str", "value": "str", "short": "bool"}], "short_fields": "bool", "footer": "str",
    "fallback": "str", "callback_id": "str", "icon_emoji": "str", "icon_url": "str", "image_url": "str",
    "thumb_url": "str", "link_names": "bool", "mrkdwn_in": ["str"],
    "actions": [{
        "type": "str", "text": "str", "url": "str", "style": "str", "name": "str", "value": "str",
        "confirm": {"text": "str", "dismiss_text": "str", "ok_text": "str", "title": "str"},
    }],
}
PAGERDUTY = {
    **_WITH_HTTP, "routing_key": "secret", "routing_key_file": "file", "service_key": "secret",
    "service_key_file": "file", "url": "url", "client": "str", "client_url": "str", "description": "str",
    "severity": "str", "class": "str", "component": "str", "group": "str", "source": "str",
    "details": ("map", "str"), "images": [{"src": "str", "alt": "str", "href": "str"}],
    "links": [{"href": "str", "text": "str"}],
}
WEBHOOK = {**_WITH_HTTP, "url": "url", "url_file": "file", "max_alerts": "int"}
EMAIL = {
    **_NOTIFIER, "to": "str", "from": "str", "smarthost": "hostport", "hello": "str", "auth_username": "str",
    "auth_password": "secret", "auth_password_file": "file", "auth_secret": "secret", "auth_identity": "str",
    "headers": ("map", "str"), "html": "str", "text": "str", "require_tls": "bool", "tls_config": TLS_CONFIG,
}
DISCORD = {**_WITH_HTTP, "webhook_url": "secret_url", "webhook_url_file": "file", "title": "str", "message": "str"}
MSTEAMS = {
    **_WITH_HTTP, "webhook_url": "secret_url", "webhook_url_file": "file", "title": "str", "summary": "str",
    "text": "str",
}
OPSGENIE = {
    **_WITH_HTTP, "api_key": "secret", "api_key_file": "file", "api_url": "url", "message": "str",
    "description": "str", "source": "str", "details": ("map", "str"), "entity": "str",
    "responders": [{"id": "str", "name": "str", "username": "str", "type": "str"}], "actions": "str",
    "tags": "str", "note": "str", "priority": "str", "update_alerts": "bool",
}
# Notifiers we check less deeply: known keys only, secrets still typed.
TELEGRAM = {
    **_WITH_HTTP, "api_url": "url", "bot_token": "secret", "bot_token_file": "file", "chat_id": "int",
    "message": "str", "disable_notifications": "bool", "parse_mode": "str",
}
VICTOROPS = {
    **_WITH_HTTP, "api_key": "secret", "api_key_file": "file", "api_url": "url", "routing_key": "str",
    "message_type": "str", "entity_display_name": "str", "state_message": "str", "monitoring_tool": "str",
    "custom_fields": ("map", "str"),
}
PUSHOVER = {
    **_WITH_HTTP, "user_key": "secret", "user_key_file": "file", "token": "secret", "token_file": "file",
    "title": "str", "message": "str", "url": "str", "url_title": "str", "device": "str", "sound": "str",
    "priority": "str", "retry": "duration", "expire": "duration", "html": "bool",
}
WEBEX = {**_WITH_HTTP, "api_url": "url", "room_id": "str", "message": "str"}
SNS = {
    **_WITH_HTTP, "api_url": "str", "sigv4": ("map", "any"), "topic_arn": "str", "phone_number": "str",
    "target_arn": "str", "subject": "str", "message": "str", "attributes": ("map", "str"),
}
WECHAT = {
    **_NOTIFIER, "http_config": HTTP_CLIENT, "api_secret": "secret", "api_url": "url", "corp_id": "str",
    "message": "str", "message_type": "str", "agent_id": "str", "to_user": "str", "to_party": "str", "to_tag": "str",
}

RECEIVER = {
    "name": "str",
    "slack_configs": [SLACK], "pagerduty_configs": [PAGERDUTY], "webhook_configs": [WEBHOOK],
    "email_configs": [EMAIL], "discord_configs": [DISCORD], "msteams_configs": [MSTEAMS],
    "opsgenie_configs": [OPSGENIE], "telegram_configs": [TELEGRAM], "victorops_configs": [VICTOROPS],
    "pushover_configs": [PUSHOVER], "webex_configs": [WEBEX], "sns_configs": [SNS], "wechat_configs": [WECHAT],
}

ROUTE: dict = {
    "receiver": "str", "group_by": ["str"], "continue": "bool", "match": ("map", "str"),
    "match_re": ("map", "str"), "matchers": ["str"], "group_wait": "duration", "group_interval": "duration",
    "repeat_interval": "duration", "mute_time_intervals": ["str"], "active_time_intervals": ["str"],
}
ROUTE["routes"] = [ROUTE]

INHIBIT_RULE = {
    "source_match": ("map", "str"), "source_match_re": ("map", "str"), "source_matchers": ["str"],
    "target_match": ("map", "str"), "target_match_re": ("map", "str"), "target_matchers": ["str"],
    "equal": ["labelname"],
}
TIME_INTERVAL = {
    "name": "str",
    "time_intervals": [{
        "times": [{"start_time": "str", "end_time": "str"}], "weekdays": ["str"], "days_of_month": ["str"],
        "months": ["str"], "years": ["str"], "location": "str",
    }],
}
GLOBAL = {
    "resolve_timeout": "duration", "http_config": HTTP_CLIENT, "smtp_from": "str", "smtp_hello": "str",
    "smtp_smarthost": "hostport", "smtp_auth_username": "str", "smtp_auth_password": "secret",
    "smtp_auth_password_file": "file", "smtp_auth_secret": "secret", "smtp_auth_identity": "str",
    "smtp_require_tls": "bool", "slack_api_url": "secret_url", "slack_api_url_file": "file",
    "victorops_api_key": "secret", "victorops_api_key_file": "file", "victorops_api_url": "url",
    "pagerduty_url": "url", "opsgenie_api_key": "secret", "opsgenie_api_key_file": "file",
    "opsgenie_api_url": "url", "wechat_api_url": "url", "wechat_api_secret": "secret", "wechat_api_corp_id": "str",
    "telegram_api_url": "url", "webex_api_url": "url",
}
CONFIG = {
    "global": GLOBAL, "templates": ["str"], "route": ROUTE, "receivers": [RECEIVER],
    "inhibit_rules": [INHIBIT_RULE], "mute_time_intervals": [TIME_INTERVAL], "time_intervals": [TIME_INTERVAL],
}

#: (section, key) -> first Alertmanager version with the key. The section is the nearest named
#: ancestor: ``receivers`` for notifier lists, the notifier list for its fields, ``""`` at the top.
SINCE = {
    ("receivers", "msteams_configs"): "0.26",
    ("webhook_configs", "url_file"): "0.26",
    ("discord_configs", "webhook_url_file"): "0.26",
    ("msteams_configs", "webhook_url_file"): "0.27",
    ("telegram_configs", "bot_token_file"): "0.26",
    ("pushover_configs", "user_key_file"): "0.26",
    ("pushover_configs", "token_file"): "0.26",
    ("route", "active_time_intervals"): "0.24",
    ("routes", "active_time_intervals"): "0.24",
    ("", "time_intervals"): "0.24",
}
