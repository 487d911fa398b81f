"""Secrets in server configs: never literals in definitions or build output.

A secret comes from a ``*_file`` field (the server reads the file), or from an environment
variable that ``mac build`` resolves only when the project asks for that variable by name
(``secrets_from_env = SLACK_API_URL PAGERDUTY_ROUTING_KEY`` in ``[monitoring_as_code]``, or
``MAC_SECRETS_FROM_ENV``). Resolved values are written to the artifact and nowhere else: never
to messages, logs or reports. A literal that looks like a secret is a ``bug``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

#: URL hosts/paths whose URLs carry the credential itself.
_SECRET_URLS = re.compile(
    r"^https?://(?:hooks\.slack\.com/(?:services|workflows|triggers)/"
    r"|(?:[\w-]+\.)?discord(?:app)?\.com/api/webhooks/"
    r"|[\w.-]*webhook\.office\.com/|outlook\.office(?:365)?\.com/webhook"
    r"|[\w.-]*\.logic\.azure\.com.*[?&]sig="
    r"|events\.pagerduty\.com/integration/[0-9a-f]{32})",
    re.IGNORECASE,
)
_SECRET_PARAMS = re.compile(r"^(?:.*token|.*secret|.*password|api_?key|apikey|key|sig|signature|auth)$", re.IGNORECASE)
#: Well-known token shapes, flagged wherever they appear.
_TOKENS = re.compile(r"xox[abposr]-[0-9A-Za-z-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bgh[pousr]_[0-9A-Za-z]{30,}")
PLACEHOLDER = "<secret from environment variable {name}>"


class Secret:
    """A secret value taken from the environment at build time, only if the project allows it.

    ``Secret.from_env("SLACK_API_URL")`` in a field resolves to ``$SLACK_API_URL`` when the
    project lists ``SLACK_API_URL`` in ``secrets_from_env``; otherwise the build fails with a
    ``bug`` problem saying so. Prefer the field's ``*_file`` form, which keeps the secret off
    the build machine entirely.
    """

    def __init__(self, env: str) -> None:
        if not isinstance(env, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", env):
            raise ValueError(f"Secret.from_env: {env!r} is not an environment variable name")
        self.env = env

    @classmethod
    def from_env(cls, name: str) -> Secret:
        """:param name: the environment variable holding the secret"""
        return cls(name)

    def __repr__(self) -> str:  # never the value: there is none until build time
        return f"Secret.from_env({self.env!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other.env == self.env

    def __hash__(self) -> int:
        return hash(("Secret", self.env))

    # No to_json_data(): serialization keeps a Secret as a leaf, and the target, which knows its
    # path and the project's settings, replaces it.


def allowed_env(settings_value: str, environ: Mapping[str, str]) -> set[str]:
    """Variable names the project allows to resolve (setting plus ``MAC_SECRETS_FROM_ENV``)."""
    names = settings_value.replace(",", " ").split()
    names += environ.get("MAC_SECRETS_FROM_ENV", "").replace(",", " ").split()
    return set(names)


def iter_secrets(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Secret]]:
    """``(path, Secret)`` for every unresolved Secret in plain data."""
    if isinstance(data, Secret):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from iter_secrets(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from iter_secrets(value, path + (i,))


def set_path(data: Any, path: tuple, value: Any) -> None:
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def url_looks_secret(value: str) -> bool:
    """Whether a URL carries a credential: a known webhook shape, a password, or a token parameter."""
    if _SECRET_URLS.match(value) or _TOKENS.search(value):
        return True
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.password:
        return True
    return any(_SECRET_PARAMS.match(k) and v for k, v in parse_qsl(parts.query, keep_blank_values=True))


def literal_secret_reason(value: Any, kind: str) -> str | None:
    """Why a literal ``value`` in a field of ``kind`` is a secret, or ``None``.

    :param kind: ``secret`` (a password/key/token field: any literal is a secret),
        ``secret_url`` or ``url`` (a URL: secret when it looks like one), ``text`` (token shapes only)
    """
    if not isinstance(value, str) or not value.strip():
        return None
    if kind == "secret":
        return "a literal secret"
    if kind in ("secret_url", "url"):
        return "a URL that carries a credential" if url_looks_secret(value) else None
    return "a literal token" if _TOKENS.search(value) else None


def redact(text: str, secrets: list[str]) -> str:
    """``text`` with every resolved secret value replaced (for tool output that may echo config)."""
    for value in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(value, "<secret>")
    return text
