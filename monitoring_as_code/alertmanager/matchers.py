"""Label matchers: ``severity="critical"``, ``team!=ops``, ``job=~"api-.*"``, ``env!~"dev|test"``.

Parsing follows Alertmanager 0.25's ``labels.ParseMatchers`` (what ``amtool`` and the server
read from ``matchers:``): several comma-separated matchers per string, optional ``{...}``,
optional double quotes with ``\\"``, ``\\\\`` and ``\\n`` escapes. A missing label matches
as the empty string, so ``team=""`` matches alerts without ``team``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from monitoring_as_code.alertmanager.regex import compile_re2, full_match

OPERATORS = ("=", "!=", "=~", "!~")
# '=~' is tried before '=' so the '~' is not read as part of the value.
# Go's \s is ASCII whitespace only, and its $ is the end of text (Python's \Z).
_MATCHER = re.compile(r"^[\t\n\f\r ]*([a-zA-Z_:][a-zA-Z0-9_:]*)[\t\n\f\r ]*(=~|=|!=|!~)[\t\n\f\r ]*((?s:.*?))[\t\n\f\r ]*\Z")
_LABEL_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
HINT = 'write matchers as name="value" with =, !=, =~ or !~, e.g. severity="critical" or job=~"api-.*"'


class MatcherError(ValueError):
    """A matcher string Alertmanager would refuse."""


@dataclass(frozen=True)
class Matcher:
    """One label matcher.

    :param name: the label name
    :param op: ``=``, ``!=``, ``=~`` or ``!~``
    :param value: the value, or the (unanchored) regex for ``=~``/``!~``
    """

    name: str
    op: str
    value: str

    def __post_init__(self) -> None:
        if self.op not in OPERATORS:
            raise MatcherError(f"unknown matcher operator {self.op!r}; use one of {', '.join(OPERATORS)}")
        if not _LABEL_NAME.match(self.name):
            raise MatcherError(f"invalid label name {self.name!r} in matcher")
        if self.op in ("=~", "!~"):
            compile_re2(self.value)  # raises ValueError with RE2's message

    def matches(self, labels: Mapping[str, str]) -> bool:
        """Whether an alert with ``labels`` matches (a missing label is the empty string)."""
        value = labels.get(self.name, "")
        if self.op == "=":
            return value == self.value
        if self.op == "!=":
            return value != self.value
        found = full_match(self.value, value)
        return found if self.op == "=~" else not found

    def __str__(self) -> str:
        return f"{self.name}{self.op}{quote(self.value)}"

    def to_json_data(self) -> str:
        return str(self)


def quote(value: str) -> str:
    """A double-quoted value that Alertmanager's parser reads back unchanged.

    Only ``\\``, ``"`` and newline are escaped: the 0.25 parser keeps any other backslash
    sequence literally, so Go's ``%q`` (``\\t``, ``\\x00``) would not round-trip.
    """
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _split(text: str) -> list[str]:
    """Split on commas outside double quotes, as Alertmanager does."""
    tokens: list[str] = []
    token: list[str] = []
    inside = escaped = False
    for ch in text:
        if ch == "," and not inside:
            tokens.append("".join(token))
            token = []
            continue
        if ch == '"':
            if not escaped:
                inside = not inside
            else:
                escaped = False
        elif ch == "\\":
            escaped = not escaped
        else:
            escaped = False
        token.append(ch)
    last = "".join(token).strip()
    if last:
        tokens.append(last)
    return tokens


def parse_matcher(text: str) -> Matcher:
    """One matcher, e.g. ``severity="critical"``; raises :class:`MatcherError`."""
    found = _MATCHER.match(text)
    if not found:
        raise MatcherError(f"bad matcher format: {text!r}")
    name, op, raw = found.groups()
    quoted = raw.startswith('"')
    if quoted:
        raw = raw[1:]
    out: list[str] = []
    escaped = False
    for i, ch in enumerate(raw):
        if escaped:
            escaped = False
            out.append({"n": "\n", '"': '"', "\\": "\\"}.get(ch, "\\" + ch))
            continue
        if ch == "\\":
            if i < len(raw) - 1:
                escaped = True
                continue
            out.append("\\")
        elif ch == '"':
            if not quoted or i < len(raw) - 1:
                raise MatcherError(f"matcher value contains unescaped double quote: {raw!r}")
            quoted = False
        else:
            out.append(ch)
    if quoted:
        raise MatcherError(f"matcher value contains unescaped double quote: {raw!r}")
    try:
        return Matcher(name, op, "".join(out))
    except ValueError as exc:
        raise MatcherError(str(exc)) from None


def parse_matchers(text: str) -> list[Matcher]:
    """Every matcher of one ``matchers:`` item: ``a="1", b=~"2|3"`` or ``{a="1"}``."""
    if not isinstance(text, str):
        raise MatcherError(f"expected a matcher string, got {type(text).__name__}")
    body = text
    body = body.removeprefix("{")
    body = body.removesuffix("}")
    return [parse_matcher(token) for token in _split(body)]


def matches_all(matchers: list[Matcher], labels: Mapping[str, str]) -> bool:
    return all(m.matches(labels) for m in matchers)


def from_legacy(match: Mapping[str, str] | None, match_re: Mapping[str, str] | None) -> list[Matcher]:
    """Matchers equal to legacy ``match``/``match_re`` maps (``match_re`` values are regexes)."""
    matchers = [Matcher(str(k), "=", str(v)) for k, v in (match or {}).items()]
    matchers += [Matcher(str(k), "=~", str(v)) for k, v in (match_re or {}).items()]
    return matchers


def coerce(item: Matcher | str) -> list[Matcher]:
    """Matchers from a Matcher or a matcher string (which may hold several)."""
    if isinstance(item, Matcher):
        return [item]
    return parse_matchers(item)
