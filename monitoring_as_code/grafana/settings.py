"""Where and how to reach Grafana: environment variables, setup.cfg environments, command-line options.

Secrets (token, password) come only from the environment, never from setup.cfg. The URL and
the folder naming come from, first to last: ``--grafana-url``; the selected environment's
``[monitoring_as_code:<env>] grafana_url``; ``GRAFANA_URL`` (alias ``GRAFANA_SERVER``); the base
section's ``grafana_url``. An environment picked explicitly wins over an ambient ``GRAFANA_URL``
so ``--env staging`` can never publish to the production URL a CI job happens to export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from monitoring_as_code.errors import UsageError

if TYPE_CHECKING:
    from monitoring_as_code.core.project import Project

DEFAULT_TIMEOUT = 30.0
#: parallel requests: a 10 ms round trip keeps 16 connections busy without loading Grafana (pool sized to match)
DEFAULT_CONCURRENCY = 16
DEFAULT_RETRIES = 4
DEFAULT_BACKOFF = 0.5


@dataclass
class GrafanaSettings:
    """How to reach one Grafana.

    :param url: base URL, e.g. ``https://grafana.example.com`` (a sub-path is kept)
    :param token: service-account token (or legacy API key), sent as ``Authorization: Bearer``
    :param user: basic-auth login, when no token is given
    :param password: basic-auth password
    :param org_id: organisation, sent as ``X-Grafana-Org-Id``
    :param ca_bundle: a CA bundle file to verify TLS with (default: the system's)
    :param folder_prefix: prepended to folder titles; its slug (plus ``-``) to folder uids
    :param timeout: seconds for each request (connect and read)
    :param retries: attempts after the first, on 429, 5xx and connection errors
    :param concurrency: parallel requests
    :param backoff: seconds before the first retry, doubled for each next one (``Retry-After`` wins when sent)
    :param proxy: the HTTP(S) proxy to reach Grafana through (see :func:`proxy_for`), if any
    """

    url: str
    token: str | None = field(default=None, repr=False)
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    org_id: str | None = None
    ca_bundle: str | None = None
    folder_prefix: str = ""
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    concurrency: int = DEFAULT_CONCURRENCY
    backoff: float = DEFAULT_BACKOFF
    proxy: str | None = field(default=None, repr=False)

    def secrets(self) -> list[str]:
        """Values to redact from anything we print (a proxy URL's password too)."""
        from urllib.parse import urlsplit

        proxy_password = urlsplit(self.proxy).password if self.proxy else None
        return [s for s in (self.token, self.password, proxy_password) if s]


def proxy_for(url: str, environ: Mapping[str, str]) -> str | None:
    """The proxy for ``url`` as curl and ``requests`` choose it: ``GRAFANA_PROXY`` first, else
    ``https_proxy``/``http_proxy`` by the URL's scheme, else ``all_proxy`` (either case), unless
    ``no_proxy`` names the host. ``~/.netrc`` and other ambient settings stay ignored."""
    from urllib.parse import urlsplit

    # the standard library's reading of no_proxy (undocumented in typeshed, stable since Python 2)
    from urllib.request import proxy_bypass_environment  # type: ignore[attr-defined]

    explicit = _first(environ, "GRAFANA_PROXY")
    if explicit:
        return explicit
    scheme = urlsplit(url).scheme
    proxy = _first(environ, f"{scheme}_proxy", f"{scheme.upper()}_PROXY", "all_proxy", "ALL_PROXY")
    no_proxy = _first(environ, "no_proxy", "NO_PROXY")
    host = urlsplit(url).netloc.rpartition("@")[2]
    if not proxy or (no_proxy and proxy_bypass_environment(host, {"no": no_proxy})):
        return None
    return proxy


def _first(environ: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        value = environ.get(name)
        if value:
            return value.strip()
    return None


def _number(raw: str, key: str, kind: type) -> float | int:
    try:
        value = kind(raw)
    except ValueError:
        raise UsageError(f"{key} = {raw!r} is not a number", f"set {key} to a number in setup.cfg") from None
    if value <= 0:
        raise UsageError(f"{key} must be positive (got {raw})")
    return value


def load_settings(project: Project, environ: Mapping[str, str], url: str | None = None,
                  ca_bundle: str | None = None, require_auth: bool = True) -> GrafanaSettings:
    """Settings for the selected environment (``project.env``).

    :param project: the project (its settings already overlaid with the environment section)
    :param environ: the process environment
    :param url: ``--grafana-url``
    :param ca_bundle: ``--ca-bundle``
    :param require_auth: raise when no credentials are configured
    """
    env_url = project.get("grafana_url") if project.env else ""
    base_url = url or env_url or _first(environ, "GRAFANA_URL", "GRAFANA_SERVER") or project.get("grafana_url")
    if not base_url:
        raise UsageError("no Grafana URL configured",
                         "set GRAFANA_URL, or grafana_url in setup.cfg [monitoring_as_code:<env>], or pass --grafana-url")
    if not base_url.startswith(("http://", "https://")):
        raise UsageError(f"Grafana URL {base_url!r} has no http:// or https:// scheme", "write the full URL")
    token_var = project.get("grafana_token_env")
    token = _first(environ, token_var) if token_var else None
    token = token or _first(environ, "GRAFANA_TOKEN", "GRAFANA_API_KEY")
    user = _first(environ, "GRAFANA_USER", "GRAFANA_USERNAME")
    password = _first(environ, "GRAFANA_PASSWORD")
    auth = _first(environ, "GRAFANA_AUTH")
    if auth and not token and not user:
        if ":" in auth:
            user, _, password = auth.partition(":")
        else:
            token = auth
    if require_auth and not token and not (user and password):
        raise UsageError("no Grafana credentials configured",
                         "set GRAFANA_TOKEN (service-account token), or GRAFANA_USER and GRAFANA_PASSWORD")
    return GrafanaSettings(
        url=base_url.rstrip("/"),
        token=token,
        user=user if not token else None,
        password=password if not token else None,
        org_id=_first(environ, "GRAFANA_ORG_ID") or project.get("grafana_org_id") or None,
        ca_bundle=ca_bundle or _first(environ, "GRAFANA_CA_BUNDLE") or project.get("grafana_ca_bundle") or None,
        folder_prefix=project.get("grafana_folder_prefix"),
        timeout=float(_number(project.get("grafana_timeout"), "grafana_timeout", float)) if project.get("grafana_timeout")
        else DEFAULT_TIMEOUT,
        retries=int(_number(project.get("grafana_retries"), "grafana_retries", int)) if project.get("grafana_retries")
        else DEFAULT_RETRIES,
        concurrency=int(_number(project.get("grafana_concurrency"), "grafana_concurrency", int))
        if project.get("grafana_concurrency") else DEFAULT_CONCURRENCY,
        backoff=float(_number(project.get("grafana_retry_backoff"), "grafana_retry_backoff", float))
        if project.get("grafana_retry_backoff") else DEFAULT_BACKOFF,
        proxy=proxy_for(base_url, environ),
    )
