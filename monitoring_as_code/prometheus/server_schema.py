"""A small schema language for the YAML that Prometheus-family servers read, and its walker.

A spec is a type tag (``"duration"``, ``"url"``, ``"secret"``...), a dict of known keys
(an object: any other key is an error, as the servers' strict YAML decoders make it), a
one-item list (a list of that spec), or ``("map", spec)`` (free keys). The walker reports
problems through a callback so each target keeps its own check names and locations.
Secret-typed fields are handed to a secret callback instead of being echoed anywhere.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from monitoring_as_code.prometheus.durations import HINT as DURATION_HINT
from monitoring_as_code.prometheus.durations import duration_error
from monitoring_as_code.prometheus.names import LABEL_HINT, LABEL_NAME

Path = tuple[Any, ...]
#: ``report(path, check, message, hint)``; checks are suffixes such as ``unknown-key``.
Report = Callable[[Path, str, str, str], None]
#: ``on_secret(path, value, kind)`` for every value of a secret field (kind: ``secret`` or ``secret_url``).
OnSecret = Callable[[Path, Any, str], None]

URL_HINT = "write an absolute http:// or https:// URL with a host, e.g. https://alertmanager.example.com:9093"


def url_error(value: Any) -> str | None:
    """Why ``value`` is not a URL the Go servers accept (``http``/``https`` with a host), or ``None``."""
    if not isinstance(value, str):
        return f"expected a URL string, got {type(value).__name__}"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"not a valid URL: {exc}"
    if parts.scheme not in ("http", "https"):
        return f"unsupported scheme {parts.scheme!r} for URL" if parts.scheme else "not a URL: no http:// or https:// scheme"
    if not parts.hostname:
        return "not a URL: host missing"
    return None


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _labelname(value: Any) -> str | None:
    return None if isinstance(value, str) and LABEL_NAME.match(value) else f"invalid label name {value!r}"


_HOSTPORT = re.compile(r"^\[?[^\s/\]]+\]?:\d+$")

#: type tag -> (error or None, hint)
CHECKS: dict[str, tuple[Callable[[Any], str | None], str]] = {
    # Go's YAML decoder reads any scalar into a string field by its text (`off`, `1`): so do we.
    "str": (lambda v: None if _scalar(v) or isinstance(v, bool) else f"expected a string, got {type(v).__name__}",
            "quote the value"),
    "bool": (lambda v: None if isinstance(v, bool) else f"expected true or false, got {v!r}", "write true or false"),
    "int": (
        lambda v: None if isinstance(v, int) and not isinstance(v, bool) else f"expected an integer, got {v!r}",
        "write a whole number",
    ),
    "float": (
        lambda v: None if isinstance(v, (int, float)) and not isinstance(v, bool) else f"expected a number, got {v!r}",
        "write a number",
    ),
    "duration": (duration_error, DURATION_HINT),
    "url": (url_error, URL_HINT),
    "file": (
        lambda v: None if isinstance(v, str) and v.strip() else "expected a file path",
        "give the path of a file readable by the server",
    ),
    "labelname": (_labelname, LABEL_HINT),
    "hostport": (
        lambda v: None if isinstance(v, str) and _HOSTPORT.match(v) else f"expected host:port, got {v!r}",
        "write host:port, e.g. smtp.example.com:587",
    ),
    "any": (lambda v: None, ""),
}


def close_match(key: str, known: list[str]) -> str:
    found = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f"did you mean `{found[0]}`? " if found else ""


class Walker:
    """Walk data against a spec, calling ``report`` for every problem and ``on_secret`` for secrets.

    :param report: problem callback
    :param on_secret: secret callback (literal-secret detection lives with the caller)
    :param extra_checks: more type tags, ``tag -> (error function, hint)``
    :param skip: paths not type-checked (values resolved from the environment at build time)
    """

    def __init__(
        self, report: Report, on_secret: OnSecret, extra_checks: dict | None = None, skip: set | None = None
    ) -> None:
        self.skip = skip or set()
        self.report = report
        self.on_secret = on_secret
        self.checks = dict(CHECKS)
        self.checks.update(extra_checks or {})

    def walk(self, data: Any, spec: Any, path: Path = ()) -> None:
        if isinstance(spec, dict):
            self._object(data, spec, path)
        elif isinstance(spec, list):
            if not isinstance(data, list):
                self.report(path, "type", f"expected a list, got {type(data).__name__}", "write a YAML list (- item)")
                return
            for i, item in enumerate(data):
                self.walk(item, spec[0], path + (i,))
        elif isinstance(spec, tuple) and spec[0] == "map":
            if not isinstance(data, dict):
                self.report(path, "type", f"expected a mapping, got {type(data).__name__}", "write key: value pairs")
                return
            for key, value in data.items():
                self.walk(value, spec[1], path + (key,))
        elif spec in ("secret", "secret_url"):
            if spec == "secret_url" and path not in self.skip:
                self._scalar_check(data, "url", path)
            self.on_secret(path, data, spec)
        else:
            self._scalar_check(data, spec, path)

    def _scalar_check(self, data: Any, tag: str, path: Path) -> None:
        check, hint = self.checks[tag]
        error = check(data)
        if error:
            self.report(path, "url" if tag == "url" else ("duration" if tag == "duration" else "type"), error, hint)

    def _object(self, data: Any, spec: dict, path: Path) -> None:
        if not isinstance(data, dict):
            self.report(path, "type", f"expected a mapping, got {type(data).__name__}", "write key: value pairs")
            return
        known = list(spec)
        for key, value in data.items():
            if key not in spec:
                self.report(
                    path + (key,), "unknown-key", f"unknown key `{key}`",
                    f"{close_match(str(key), known)}known keys here: {', '.join(known)}",
                )
                continue
            if value is None:
                continue  # an empty key reads as unset, as in Go
            self.walk(value, spec[key], path + (key,))


TLS_CONFIG = {
    "ca": "str", "ca_file": "file", "cert": "str", "cert_file": "file", "key": "secret", "key_file": "file",
    "server_name": "str", "insecure_skip_verify": "bool", "min_version": "str", "max_version": "str",
    "ca_ref": "str", "cert_ref": "str", "key_ref": "str",
}
OAUTH2 = {
    "client_id": "str", "client_secret": "secret", "client_secret_file": "file", "client_secret_ref": "str",
    "scopes": ["str"], "token_url": "url", "endpoint_params": ("map", "str"), "tls_config": TLS_CONFIG,
    "proxy_url": "url", "no_proxy": "str", "proxy_from_environment": "bool", "proxy_connect_header": ("map", ["secret"]),
}
#: prometheus/common HTTPClientConfig, shared by scrape configs, alertmanagers and receivers.
HTTP_CLIENT = {
    "basic_auth": {"username": "str", "username_file": "file", "password": "secret", "password_file": "file"},
    "authorization": {"type": "str", "credentials": "secret", "credentials_file": "file"},
    "bearer_token": "secret", "bearer_token_file": "file",
    "oauth2": OAUTH2, "tls_config": TLS_CONFIG,
    "proxy_url": "url", "no_proxy": "str", "proxy_from_environment": "bool", "proxy_connect_header": ("map", ["secret"]),
    "follow_redirects": "bool", "enable_http2": "bool",
}
