"""Prepared requests made from one template per method, identical to what ``Session.request`` sends.

``Session.request`` rebuilds everything for every call: it merges the session's headers, cookies,
auth and hooks into a new request, parses, IDNA-encodes and re-quotes the URL, validates every
header, and merges the environment settings. Publishing a thousand dashboards makes two thousand
calls that differ only in path and body, and that rebuilding was a quarter of the client's CPU.

:class:`RequestTemplates` prepares one request per method (and with or without a body) through the
session itself, once, then copies it for each call and sets the path and body. It answers only when
the copy is exactly what ``Session.request`` would prepare; otherwise (query parameters, cookies the
server has set, a URL ``requests`` would rewrite) it returns ``None`` and the caller takes the
ordinary path. ``tests/grafana/test_prepared.py`` compares both, field by field.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests

#: A path ``requests`` sends as written: segments of unreserved characters (no ``%`` to re-quote,
#: no ``.`` segments to remove, no empty segment, no query or fragment).
_PLAIN_PATH = re.compile(r"(?:/[A-Za-z0-9_~-]+)+\Z")
#: The path the template is prepared with; any plain path gives the same result but for itself.
_PROBE_PATH = "/api/health"
_NO_TEMPLATE = object()


class RequestTemplates:
    """Copies of prepared requests for one session and base URL.

    :param session: the session the requests are sent with (its headers, auth and settings)
    :param base_url: the URL every path is appended to
    """

    def __init__(self, session: requests.Session, base_url: str) -> None:
        self._session = session
        self._base_url = base_url
        self._templates: dict[tuple[str, bool], Any] = {}
        self._lock = threading.Lock()
        self.send_settings: dict[str, Any] = {}

    def prepare(self, method: str, path: str, body: bytes | None, headers: dict[str, str] | None,
                params: Any = None) -> requests.PreparedRequest | None:
        """The request ``Session.request(method, base_url + path, data=body, headers=headers,
        params=params)`` would prepare, or ``None`` when a copy of the template cannot be it.

        :param body: a non-empty request body, or ``None``
        :param headers: the per-request headers; the same for every call with a body
        """
        session = self._session
        if params or session.trust_env or session.cookies or body == b"" or not _PLAIN_PATH.match(path):
            return None
        key = (method, body is not None)
        template = self._templates.get(key)
        if template is None:
            template = self._template(method, body is not None, headers)
        if template is _NO_TEMPLATE:
            return None
        prepared = template.copy()
        prepared.url = self._base_url + path
        if body is not None:
            prepared.body = body
            prepared.headers["Content-Length"] = str(len(body))
        return prepared

    def _template(self, method: str, with_body: bool, headers: dict[str, str] | None) -> Any:
        import requests

        url = self._base_url + _PROBE_PATH
        request = requests.Request(method, url, data=b"{}" if with_body else {}, headers=headers, params={})
        prepared = self._session.prepare_request(request)  # may raise as Session.request would: the caller handles it
        template = prepared if prepared.url == url else _NO_TEMPLATE  # requests rewrote the base URL: not plain
        with self._lock:
            self.send_settings = self._session.merge_environment_settings(url, {}, None, None, None)
            self._templates[(method, with_body)] = template
        return template
