"""Alertmanager's inhibition, in Python: given the firing alerts, which are muted.

Follows ``inhibit.Inhibitor.Mutes``: an alert is muted when an inhibit rule's target matchers
match it and some other firing alert matches the rule's source matchers and has the same
values for every ``equal`` label (a label missing on both sides counts as equal). When the
alert matches the source side too, only sources that do not also match the target side count,
so an alert never mutes itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from monitoring_as_code.alertmanager.matchers import (
    Matcher,
    from_legacy,
    parse_matchers,
)

Labels = Mapping[str, str]


@dataclass
class Inhibition:
    """One inhibit rule, parsed.

    :param path: its object path, e.g. ``("inhibit_rules", 0)``
    """

    source: list[Matcher]
    target: list[Matcher]
    equal: tuple[str, ...]
    path: tuple

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: tuple) -> Inhibition:
        source = from_legacy(data.get("source_match"), data.get("source_match_re"))
        target = from_legacy(data.get("target_match"), data.get("target_match_re"))
        for item in data.get("source_matchers") or []:
            source.extend(parse_matchers(item))
        for item in data.get("target_matchers") or []:
            target.extend(parse_matchers(item))
        return cls(source, target, tuple(data.get("equal") or ()), path)

    def _all(self, matchers: list[Matcher], labels: Labels) -> bool:
        return all(m.matches(labels) for m in matchers)

    def mutes(self, alert: Labels, firing: Sequence[Labels]) -> Labels | None:
        """The firing alert that mutes ``alert`` under this rule, or ``None``."""
        if not self._all(self.target, alert):
            return None
        two_sided = self._all(self.source, alert)
        for source in firing:
            if not self._all(self.source, source):
                continue
            if any(source.get(n, "") != alert.get(n, "") for n in self.equal):
                continue
            if two_sided and self._all(self.target, source):
                continue
            return source
        return None


def rules_of(config: Mapping[str, Any]) -> list[Inhibition]:
    return [Inhibition.from_data(r, ("inhibit_rules", i)) for i, r in enumerate(config.get("inhibit_rules") or [])]


def muted(config: Mapping[str, Any], firing: Sequence[Labels]) -> list[bool]:
    """For each firing alert, whether Alertmanager mutes it.

    :param config: an ``alertmanager.yml`` mapping
    :param firing: the label sets of the alerts firing together
    """
    rules = rules_of(config)
    return [any(rule.mutes(alert, firing) is not None for rule in rules) for alert in firing]
