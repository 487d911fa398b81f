"""Alertmanager routing as data: matchers of every syntax, the route tree, and whether a set of
matchers can be satisfied by one alert (used to prove a route unreachable or an inhibit rule
two-sided, never guessed: when we cannot tell, we say nothing)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from monitoring_as_code.checks._data import as_list

_MATCHER = re.compile(r'^\s*([^\s=!~"{},]+|"[^"]*")\s*(=~|!~|!=|=)\s*(.*?)\s*$')
_LITERAL = re.compile(r"^[^.^$*+?()\[\]{}|\\]*$")


@dataclass(frozen=True)
class Matcher:
    """One label matcher; a missing label matches as the empty string, as in Alertmanager."""

    name: str
    op: str
    value: str

    def matches(self, value: str) -> bool:
        if self.op in ("=", "!="):
            return (value == self.value) == (self.op == "=")
        try:
            found = re.fullmatch(self.value, value) is not None
        except re.error:
            return True  # amtool reports bad regexes; here it must not prove anything
        return found == (self.op == "=~")

    def __str__(self) -> str:
        return f'{self.name}{self.op}"{self.value}"'


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].encode().decode("unicode_escape")
    return text


def parse_matcher(text: str) -> Matcher | None:
    match = _MATCHER.match(text)
    if not match:
        return None
    return Matcher(_unquote(match.group(1)), match.group(2), _unquote(match.group(3)))


def matchers_of(obj: dict, prefix: str = "") -> list[Matcher]:
    """A route's (``prefix=""``) or an inhibit rule side's (``source_``/``target_``) matchers, from
    ``match``, ``match_re`` and ``matchers`` alike."""
    found: list[Matcher] = []
    match = obj.get(f"{prefix}match")
    if isinstance(match, dict):
        found += [Matcher(str(k), "=", str(v)) for k, v in match.items()]
    match_re = obj.get(f"{prefix}match_re")
    if isinstance(match_re, dict):
        found += [Matcher(str(k), "=~", str(v)) for k, v in match_re.items()]
    for text in as_list(obj.get(f"{prefix}matchers")):
        if isinstance(text, str):
            parsed = parse_matcher(text.strip().strip("{}"))
            if parsed:
                found.append(parsed)
    return found


def matches_everything(matcher: Matcher) -> bool:
    return matcher.op == "=~" and matcher.value in (".*", "(.*)", "^.*$")


def iter_routes(route: Any, path: tuple = ("route",), inherited: tuple = ()) -> Iterator[tuple[tuple, dict, tuple]]:
    """``(path, route, matchers of the route and its ancestors)`` for the root and every sub-route."""
    if not isinstance(route, dict):
        return
    own = inherited + tuple(matchers_of(route))
    yield path, route, own
    for i, child in enumerate(as_list(route.get("routes"))):
        yield from iter_routes(child, path + ("routes", i), own)


def _candidates(constraints: list[Matcher]) -> list[str]:
    values = ["", "example"]
    for m in constraints:
        values.append(m.value)
        if m.op in ("=~", "!~") and all(_LITERAL.match(part) for part in m.value.split("|")):
            values.extend(m.value.split("|"))
    return list(dict.fromkeys(values))


def example(matchers: list[Matcher]) -> dict[str, str] | None:
    """Labels of an alert matching every matcher, or ``None`` if none can be shown."""
    by_name: dict[str, list[Matcher]] = {}
    for m in matchers:
        by_name.setdefault(m.name, []).append(m)
    labels: dict[str, str] = {}
    for name, constraints in by_name.items():
        value = next((v for v in _candidates(constraints) if all(c.matches(v) for c in constraints)), None)
        if value is None:
            return None
        if value:
            labels[name] = value
    return labels


def format_labels(labels: dict[str, str]) -> str:
    return "{" + ", ".join(f'{k}="{v}"' for k, v in sorted(labels.items())) + "}"


def has_integrations(receiver: Any) -> bool:
    """Whether a receiver notifies anything (a receiver with no ``*_configs`` drops alerts)."""
    return isinstance(receiver, dict) and any(k.endswith("_configs") and v for k, v in receiver.items())
