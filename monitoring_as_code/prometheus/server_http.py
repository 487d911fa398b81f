"""HTTP client settings shared by scrape configs, Alertmanager endpoints and receivers.

These are prometheus/common's ``http_config`` blocks. Credentials are read from files
(``password_file``, ``credentials_file``, ``bearer_token_file``), never written inline.
"""

from __future__ import annotations

from typing import Any

import attrs

from monitoring_as_code.core.fields import fields_data
from monitoring_as_code.core.resource import Resource


@attrs.define(kw_only=True)
class BasicAuth(Resource):
    """``basic_auth``: the password comes from ``password_file``.

    :param username: the user name
    :param password_file: file holding the password
    :param password: a :class:`~monitoring_as_code.alertmanager.secrets.Secret` (a literal is a ``bug``)
    """

    kind = "BasicAuth"
    username: str | None = None
    username_file: str | None = None
    password: Any = None
    password_file: str | None = None

    def to_json_data(self) -> dict:
        return fields_data(self)


@attrs.define(kw_only=True)
class Authorization(Resource):
    """``authorization``: ``type`` (default Bearer) and ``credentials_file``."""

    kind = "Authorization"
    type: str | None = None
    credentials: Any = None
    credentials_file: str | None = None

    def to_json_data(self) -> dict:
        return fields_data(self)


@attrs.define(kw_only=True)
class TLSConfig(Resource):
    """``tls_config``: CA, client certificate and key files, server name."""

    kind = "TLSConfig"
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None
    server_name: str | None = None
    insecure_skip_verify: bool | None = None
    min_version: str | None = None
    extra: dict = attrs.field(factory=dict)

    def to_json_data(self) -> dict:
        return fields_data(self)


@attrs.define(kw_only=True)
class HTTPConfig(Resource):
    """``http_config`` of a receiver or Alertmanager endpoint (``extra`` for oauth2 and the rest)."""

    kind = "HTTPConfig"
    basic_auth: BasicAuth | None = None
    authorization: Authorization | None = None
    bearer_token_file: str | None = None
    tls_config: TLSConfig | None = None
    proxy_url: str | None = None
    follow_redirects: bool | None = None
    enable_http2: bool | None = None
    extra: dict = attrs.field(factory=dict)

    def to_json_data(self) -> dict:
        return fields_data(self)
