"""Alertmanager: the whole ``alertmanager.yml`` as Python, its checks, and routing and
inhibition engines that answer as Alertmanager does.

Names are imported on first use (PEP 562), so importing the target stays cheap.
"""

from __future__ import annotations

from monitoring_as_code.core.lazy import lazy_exports

_EXPORTS = {
    "AlertmanagerConfig": "config", "Global": "config", "Route": "config", "InhibitRule": "config",
    "TimeInterval": "config", "Receiver": "receivers", "SlackConfig": "receivers", "PagerdutyConfig": "receivers",
    "WebhookConfig": "receivers", "EmailConfig": "receivers", "DiscordConfig": "receivers",
    "MSTeamsConfig": "receivers", "OpsGenieConfig": "receivers", "Matcher": "matchers",
    "parse_matchers": "matchers", "Secret": "secrets", "RouteTest": "testing", "InhibitionTest": "testing", "FiringSetTest": "testing",
    "receivers_for": "routing", "tree_of": "routing", "muted": "inhibition", "convert": "legacy",
    "from_data": "legacy",
}
__all__ = [
    "AlertmanagerConfig", "DiscordConfig", "EmailConfig", "FiringSetTest", "Global", "InhibitRule", "InhibitionTest", "MSTeamsConfig",
    "Matcher", "OpsGenieConfig", "PagerdutyConfig", "Receiver", "Route", "RouteTest", "Secret", "SlackConfig",
    "TimeInterval", "WebhookConfig", "convert", "from_data", "muted", "parse_matchers", "receivers_for", "tree_of",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
