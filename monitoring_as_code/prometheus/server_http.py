"""HTTP client settings shared by scrape configs, Alertmanager endpoints and receivers.

These are prometheus/common's ``http_config`` blocks. Credentials are read from files
(``password_file``, ``credentials_file``, ``bearer_token_file``), never written inline.
"""

from __future__ import annotations

from typing import Any

import attrs

from monitoring_as_code.core.fields import fields_data
from monitoring_as_code.core.resource import Resource


def _opt() -> Any:
    return attrs.field(default=None)


@attrs.define(kw_only=True)
class BasicAuth(Resource):
    """``basic_auth``: the password comes from ``password_file``.

    :param username: the user name
    :param password_file: file holding the password
    :param password: a :class:`~monitoring_as_code.alertmanager.secrets.Secret` (a literal is a ``bug``)
    """

    kind = "BasicAuth"
    username: str | None = _opt()
    username_file: str | None = _opt()
    password: Any = _opt()
    password_file: str | None = _opt()

    def to_json_data(self) -> dict:
        return fields_data(self)


@attrs.define(kw_only=True)
class Authorization(Resource):
    """``authorization``: ``type`` (default Bearer) and ``credentials_file``."""

    kind = "Authorization"
    type: str | None = _opt()
    credentials: Any = _opt()
    credentials_file: str | None = _opt()

    def to_json_data(self) -> dict:
        return fields_data(self)


@attrs.define(kw_only=True)
class TLSConfig(Resource):
    """``tls_config``: CA, client certificate and key files, server name."""

    kind = "TLSConfig"
    ca_file: str | None = _opt()
    cert_file: str | None = _opt()
    key_file: str | None = _opt()
    server_name: str | None = _opt()
    insecure_skip_verify: bool | None = _opt()
    min_version: str | None = _opt()
    extra: dict = attrs.field(factory=dict)

    def to_json_data(self) -> dict:
        return fields_data(self)


@attrs.define(kw_only=True)
class HTTPConfig(Resource):
    """``http_config`` of a receiver or Alertmanager endpoint (``extra`` for oauth2 and the rest)."""

    kind = "HTTPConfig"
    basic_auth: BasicAuth | None = _opt()
    authorization: Authorization | None = _opt()
    bearer_token_file: str | None = _opt()
    tls_config: TLSConfig | None = _opt()
    proxy_url: str | None = _opt()
    follow_redirects: bool | None = _opt()
    enable_http2: bool | None = _opt()
    extra: dict = attrs.field(factory=dict)

    def to_json_data(self) -> dict:
        return fields_data(self)
