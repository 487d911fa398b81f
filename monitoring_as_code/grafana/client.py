"""A small Grafana HTTP API client over one ``requests.Session``.

Every request has a timeout. 429 (honouring ``Retry-After``), 5xx and connection errors are
retried with exponential backoff by urllib3's ``Retry``. The connection pool is sized for the
publisher's thread pool. Credentials travel only in headers, and every message this module
builds (and the client's ``repr``) has the token and password redacted.
"""

from __future__ import annotations

from typing import Any

from monitoring_as_code.errors import PublishError
from monitoring_as_code.grafana.prepared import RequestTemplates
from monitoring_as_code.grafana.settings import GrafanaSettings

RETRY_STATUSES = (429, 500, 502, 503, 504)
USER_AGENT = "monitoring-as-code"


_JSON_BODY = {"Content-Type": "application/json"}


def _encode(payload: Any) -> bytes:
    """The request body: orjson is several times faster than the ``json=`` encoding requests does,
    which matters at a thousand dashboards a run; the standard library takes what orjson refuses."""
    import orjson

    try:
        return orjson.dumps(payload)
    except (TypeError, orjson.JSONEncodeError):
        import json

        return json.dumps(payload).encode("utf-8")


def _decode(content: bytes) -> Any:
    """A JSON answer (``ValueError`` when it is not JSON, as ``response.json()`` raises)."""
    import orjson

    return orjson.loads(content)  # orjson.JSONDecodeError is a ValueError


def redact(text: str, secrets: list[str]) -> str:
    """``text`` with every secret replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def display_url(url: str) -> str:
    """``url`` without ``user:password@``."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else ""))) if parts.hostname else url


def _timed_out(exc: BaseException) -> bool:
    """A timeout, possibly wrapped by urllib3's retries into a ConnectionError."""
    import requests
    from urllib3.exceptions import TimeoutError as Urllib3Timeout

    if isinstance(exc, requests.exceptions.Timeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, Urllib3Timeout)


class GrafanaClient:
    """The endpoints ``mac diff`` and ``mac publish`` use.

    :param settings: URL, credentials, TLS, timeout, retries, concurrency
    :param backoff: urllib3 ``backoff_factor``: waits ``backoff * 2**(n-1)`` seconds before retry n
        (default: ``settings.backoff``)
    """

    def __init__(self, settings: GrafanaSettings, backoff: float | None = None) -> None:
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        self.settings = settings
        self._secrets = settings.secrets()
        retry = Retry(
            total=settings.retries, connect=settings.retries, read=settings.retries, status=settings.retries,
            other=0, backoff_factor=settings.backoff if backoff is None else backoff, backoff_max=30, status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD", "POST", "PUT", "DELETE"}),
            respect_retry_after_header=True, raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_connections=1, pool_maxsize=max(settings.concurrency, 1),
                              pool_block=True)
        session = requests.Session()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.verify = settings.ca_bundle or True
        session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})
        if settings.token:
            session.headers["Authorization"] = f"Bearer {settings.token}"
        elif settings.user:
            session.auth = (settings.user, settings.password or "")
        if settings.org_id:
            session.headers["X-Grafana-Org-Id"] = str(settings.org_id)
        session.trust_env = False  # no ~/.netrc credentials sneaking in; proxies as settings.proxy says
        if settings.proxy:
            session.proxies = {"http": settings.proxy, "https": settings.proxy}
        self._session = session
        self._templates = RequestTemplates(session, settings.url)

    def __repr__(self) -> str:
        return f"GrafanaClient(url={display_url(self.settings.url)!r})"

    def close(self) -> None:
        self._session.close()

    # -- transport --------------------------------------------------------------------------------
    def request(self, method: str, path: str, *, json: Any = None, params: Any = None,
                accept: tuple[int, ...] = (200,), ref: str = "") -> tuple[int, Any]:
        """``(status, decoded JSON body)``; statuses outside ``accept`` raise :class:`PublishError` (D001)."""
        import requests

        data, headers = (None, None) if json is None else (_encode(json), _JSON_BODY)
        try:
            prepared = self._templates.prepare(method, path, data, headers, params)
            if prepared is not None:  # exactly what Session.request would send, without rebuilding it
                response = self._session.send(prepared, timeout=self.settings.timeout, allow_redirects=True,
                                              **self._templates.send_settings)
            else:
                response = self._session.request(method, self.settings.url + path, data=data, headers=headers,
                                                 params=params, timeout=self.settings.timeout)
        except requests.exceptions.SSLError as exc:
            raise PublishError(self._clean(f"{method} {path}: TLS verification failed: {type(exc).__name__}"),
                               "pass --ca-bundle FILE (or GRAFANA_CA_BUNDLE) with your CA certificate", ref=ref) from None
        except requests.exceptions.Timeout:
            raise PublishError(f"{method} {path}: no answer within {self.settings.timeout:g}s "
                               f"(after {self.settings.retries} retries)",
                               "check that Grafana is up, or raise grafana_timeout in setup.cfg", ref=ref) from None
        except requests.exceptions.RequestException as exc:
            if _timed_out(exc):
                raise PublishError(f"{method} {path}: no answer within {self.settings.timeout:g}s "
                                   f"(after {self.settings.retries} retries)",
                                   "check that Grafana is up, or raise grafana_timeout in setup.cfg", ref=ref) from None
            reason = getattr(exc.args[0], "reason", None) if exc.args else None
            hint = ("check the proxy (GRAFANA_PROXY, else HTTPS_PROXY/HTTP_PROXY; NO_PROXY to go direct)"
                    if isinstance(exc, requests.exceptions.ProxyError) else "check GRAFANA_URL and the network")
            raise PublishError(self._clean(f"{method} {path}: cannot reach {display_url(self.settings.url)}: "
                                           f"{type(reason or exc).__name__}: {reason or exc}"), hint, ref=ref) from None
        try:
            body = _decode(response.content) if response.content else None
        except ValueError:
            body = response.text[:500]
        if response.status_code not in accept:
            raise self.api_error(method, path, response.status_code, body, ref)
        return response.status_code, body

    def api_error(self, method: str, path: str, status: int, body: Any, ref: str = "") -> PublishError:
        message = body.get("message") if isinstance(body, dict) else body
        hints = {
            401: "check GRAFANA_TOKEN (a service-account token) or GRAFANA_USER/GRAFANA_PASSWORD, and GRAFANA_ORG_ID",
            403: "the token's service account needs the Editor role (dashboards:write, folders:create)",
            412: "the dashboard changed in Grafana meanwhile: run `mac diff`, then publish again (or --force)",
        }
        hint = hints.get(status, "see Grafana's server log for details" if status >= 500 else "")
        text = self._clean(f"{method} {path} answered {status}: {message}")
        return PublishError(text, hint, status=status, body=body, ref=ref)

    def _clean(self, text: str) -> str:
        return redact(text, self._secrets)

    # -- endpoints --------------------------------------------------------------------------------
    def health(self) -> dict:
        """``GET /api/health`` (no authentication needed): ``{"database": "ok", "version": ...}``."""
        status, body = self.request("GET", "/api/health", accept=(200, 503))
        if status != 200 or not isinstance(body, dict) or body.get("database") != "ok":
            raise PublishError(self._clean(f"Grafana at {display_url(self.settings.url)} is not healthy: {body}"),
                               status=status, body=body)
        return body

    def get_dashboard(self, uid: str) -> dict | None:
        """The ``{"dashboard", "meta"}`` envelope, or ``None`` when there is no such dashboard."""
        status, body = self.request("GET", f"/api/dashboards/uid/{uid}", accept=(200, 404), ref=f"Dashboard/{uid}")
        return body if status == 200 else None

    def save_dashboard(self, dashboard: dict, *, folder_uid: str, message: str, overwrite: bool) -> dict:
        payload = {"dashboard": dashboard, "folderUid": folder_uid, "message": message, "overwrite": overwrite}
        return self.request("POST", "/api/dashboards/db", json=payload, ref=f"Dashboard/{dashboard.get('uid')}")[1]

    def delete_dashboard(self, uid: str) -> None:
        self.request("DELETE", f"/api/dashboards/uid/{uid}", accept=(200, 404), ref=f"Dashboard/{uid}")

    def versions(self, uid: str, limit: int = 10) -> list[dict]:
        """Newest first. Grafana 11+ wraps the list in ``{"versions": [...]}``; older ones return the list."""
        _, body = self.request("GET", f"/api/dashboards/uid/{uid}/versions", params={"limit": limit},
                               ref=f"Dashboard/{uid}")
        return body.get("versions", []) if isinstance(body, dict) else list(body or [])

    def version(self, uid: str, version: int) -> dict:
        """One version from the history, with its dashboard JSON under ``data``."""
        return self.request("GET", f"/api/dashboards/uid/{uid}/versions/{version}", ref=f"Dashboard/{uid}")[1] or {}

    def restore(self, uid: str, version: int) -> dict:
        return self.request("POST", f"/api/dashboards/uid/{uid}/restore", json={"version": version},
                            ref=f"Dashboard/{uid}")[1]

    def get_folder(self, uid: str) -> dict | None:
        status, body = self.request("GET", f"/api/folders/{uid}", accept=(200, 404), ref=f"Folder/{uid}")
        return body if status == 200 else None

    def create_folder(self, uid: str, title: str, parent_uid: str | None = None) -> dict:
        payload = {"uid": uid, "title": title}
        if parent_uid:
            payload["parentUid"] = parent_uid
        return self.request("POST", "/api/folders", json=payload, ref=f"Folder/{uid}")[1]

    def delete_folder(self, uid: str) -> None:
        self.request("DELETE", f"/api/folders/{uid}", accept=(200, 404), ref=f"Folder/{uid}")

    def get_datasource(self, uid: str) -> dict | None:
        status, body = self.request("GET", f"/api/datasources/uid/{uid}", accept=(200, 404), ref=f"Datasource/{uid}")
        return body if status == 200 else None

    def create_datasource(self, datasource: dict) -> dict:
        return self.request("POST", "/api/datasources", json=datasource, ref=f"Datasource/{datasource.get('uid')}")[1]

    def update_datasource(self, uid: str, datasource: dict) -> dict:
        return self.request("PUT", f"/api/datasources/uid/{uid}", json=datasource, ref=f"Datasource/{uid}")[1]

    def delete_datasource(self, uid: str) -> None:
        self.request("DELETE", f"/api/datasources/uid/{uid}", accept=(200, 404), ref=f"Datasource/{uid}")

    def search(self, **params: Any) -> list[dict]:
        return self.request("GET", "/api/search", params=params)[1] or []
