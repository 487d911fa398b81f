"""A stateful Grafana HTTP API emulator for tests, with fault injection.

It follows Grafana's own behaviour (status codes and bodies from ``pkg/api``, see
``docs``/the README): dashboards created and updated by uid with version increments and
``412 version-mismatch``, folders (``409`` on a duplicate uid, ``400 folder not found`` when a
dashboard names a missing folder), search, version history and restore, datasources, health,
and ``401``/``403`` authentication. Faults (5xx, 429 with ``Retry-After``, dropped connections,
slow answers) are injected per method and path, for a number of requests.

Use it from pytest with the ``grafana_emulator`` fixture, or directly::

    with GrafanaEmulator() as grafana:
        env = {"GRAFANA_URL": grafana.url, "GRAFANA_TOKEN": grafana.token}
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from monitoring_as_code.testing import _grafana_state as state_mod
from monitoring_as_code.testing._grafana_state import ApiError, GrafanaState

__all__ = ["ApiError", "Fault", "GrafanaEmulator", "RecordedRequest"]

_UNAUTHORIZED = {"extra": None, "message": "Unauthorized", "messageId": "auth.unauthorized", "statusCode": 401, "traceID": ""}
_INVALID_KEY = {"extra": None, "message": "Invalid API key", "messageId": "api-key.invalid", "statusCode": 401, "traceID": ""}
_ORG_MISMATCH = {"extra": None, "message": "API key does not belong to the requested organization",
                 "messageId": "api-key.organization-mismatch", "statusCode": 401, "traceID": ""}
_PERMISSIONS = {"POST /api/dashboards/db": "dashboards:create, dashboards:write", "POST /api/folders": "folders:create"}


@dataclass
class Fault:
    """A failure served instead of the real answer.

    :param method: HTTP method, or ``*``
    :param path: path prefix the fault applies to (``/api/dashboards/db``)
    :param status: status to answer (500, 502, 503, 429...); ignored when ``drop``
    :param times: how many matching requests get the fault (``None``: all of them)
    :param after: matching requests answered normally before the fault starts
    :param retry_after: value of the ``Retry-After`` header (with 429 or 503)
    :param drop: close the connection without an answer
    :param delay: seconds to wait before answering (a slow server); the real answer follows unless ``status``
    """

    method: str = "*"
    path: str = "/"
    status: int | None = 500
    times: int | None = 1
    after: int = 0
    retry_after: str | None = None
    drop: bool = False
    delay: float = 0.0
    seen: int = 0
    served: int = 0

    def matches(self, method: str, path: str) -> bool:
        return (self.method in ("*", method)) and path.startswith(self.path)


@dataclass
class RecordedRequest:
    """One request the emulator received (``authorization`` kept only as its scheme).

    The body is kept as the bytes received and decoded when read (``None`` without a body,
    ``ValueError`` when it is not JSON): a long run records thousands of dashboards, and as trees of
    objects they would slow every collection of Python's cyclic garbage collector in the emulator.
    """

    method: str
    path: str
    query: dict[str, list[str]]
    auth_scheme: str
    org_id: str | None
    raw: bytes = b""
    status: int = 0

    @property
    def body(self) -> Any:
        if not self.raw:
            return None
        try:
            return _decode(self.raw)
        except ValueError:
            return ValueError


@dataclass
class _Account:
    login: str
    role: str  # "Admin", "Editor" or "Viewer"


class GrafanaEmulator:
    """A Grafana API on ``127.0.0.1:<free port>``, served from a thread.

    :param token: a service-account token accepted with the Admin role
    :param viewer_token: a token accepted with the Viewer role (writes get 403)
    :param users: ``login -> password`` accepted with basic auth (Admin role)
    :param latency: seconds every answer waits (a remote Grafana)
    :param org_id: the only organisation that exists
    :param version: the version reported by ``/api/health``
    :param name_exists: reproduce older Grafana's ``412 name-exists`` for duplicate titles in a folder
    """

    def __init__(self, token: str = "glsa_emulator_token_0000000000000000", viewer_token: str = "glsa_viewer_0000",
                 users: dict[str, str] | None = None, latency: float = 0.0, org_id: int = 1,
                 version: str = "11.3.0", name_exists: bool = False) -> None:
        self.token = token
        self.latency = latency
        self.org_id = org_id
        self.version = version
        self.state = GrafanaState(name_exists=name_exists)
        self.healthy = True
        self.faults: list[Fault] = []
        self.requests: list[RecordedRequest] = []
        self._tokens = {token: _Account("sa-mac", "Admin"), viewer_token: _Account("sa-viewer", "Viewer")}
        self._users = {login: (password, _Account(login, "Admin")) for login, password in (users or {"admin": "admin"}).items()}
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        handler = type("Handler", (_Handler,), {"emulator": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="grafana-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- test helpers ---------------------------------------------------------------------------
    def inject(self, **kwargs: Any) -> Fault:
        """Add a :class:`Fault` (same keyword arguments) and return it."""
        fault = Fault(**kwargs)
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def writes(self) -> list[RecordedRequest]:
        """Requests that change state (POST, PUT, DELETE), whatever their answer."""
        return [r for r in self.requests if r.method in ("POST", "PUT", "DELETE")]

    def edit_dashboard(self, uid: str, change: dict[str, Any], user: str = "alice", message: str = "") -> int:
        """Save a change to a dashboard as a user would in the UI; returns the new version."""
        with self._lock:
            return self.state.edit(uid, change, user, message)

    def snapshot(self) -> dict[str, Any]:
        """Folders and dashboards (content, folder) without versions or ids: to compare before and after."""
        with self._lock:
            return self.state.snapshot()

    # -- request handling -------------------------------------------------------------------------
    def _fault_for(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if not fault.matches(method, path):
                    continue
                fault.seen += 1
                if fault.seen <= fault.after or (fault.times is not None and fault.served >= fault.times):
                    continue
                fault.served += 1
                return fault
        return None

    def _account(self, headers: Any) -> tuple[_Account | None, dict | None]:
        auth = headers.get("Authorization", "")
        org = headers.get("X-Grafana-Org-Id")
        if org is not None and org != str(self.org_id):
            return None, _ORG_MISMATCH
        if auth.startswith("Bearer "):
            account = self._tokens.get(auth[7:].strip())
            return (account, None) if account else (None, _INVALID_KEY)
        if auth.startswith("Basic "):
            import base64

            try:
                login, _, password = base64.b64decode(auth[6:]).decode("utf-8").partition(":")
            except (ValueError, UnicodeDecodeError):
                return None, _UNAUTHORIZED
            known = self._users.get(login)
            if known and known[0] == password:
                return known[1], None
            return None, {**_UNAUTHORIZED, "message": "Invalid username or password", "messageId": "password-auth.failed"}
        return None, _UNAUTHORIZED

    def handle(self, method: str, raw_path: str, headers: Any, body: bytes) -> tuple[int, Any, dict[str, str]]:
        """Answer one request: ``(status, json body, extra headers)``."""
        split = urlsplit(raw_path)
        path, query = split.path.rstrip("/") or "/", parse_qs(split.query)
        try:
            payload = _decode(body) if body else None
        except ValueError:
            payload = ValueError
        auth = headers.get("Authorization", "")
        record = RecordedRequest(method, path, query, auth.split(" ", 1)[0] if auth else "", headers.get("X-Grafana-Org-Id"),
                                 body)
        with self._lock:
            self.requests.append(record)
        status, answer, extra = self._answer(method, path, query, headers, payload)
        record.status = status
        return status, answer, extra

    def _answer(self, method: str, path: str, query: dict, headers: Any, payload: Any) -> tuple[int, Any, dict]:
        if path in ("/api/health", "/healthz"):
            if method not in ("GET", "HEAD"):
                return 404, {"message": "Not found"}, {}
            if path == "/healthz":
                return 200, "Ok", {}
            body = {"commit": "0000000", "database": "ok" if self.healthy else "failing", "version": self.version}
            return (200 if self.healthy else 503), body, {"Content-Type": "application/json; charset=UTF-8"}
        account, error = self._account(headers)
        if account is None:
            return 401, error, {}
        if method in ("POST", "PUT", "DELETE") and account.role == "Viewer":
            needed = _PERMISSIONS.get(f"{method} {path}", "dashboards:write")
            return 403, {"accessErrorId": "ACE0000000001", "title": "Access denied",
                         "message": f"You'll need additional permissions to perform this action. Permissions needed: any of {needed}"}, {}
        try:
            with self._lock:
                return 200, state_mod.route(self.state, method, path, query, payload, account.login), {}
        except ApiError as exc:
            return exc.status, exc.body, {}


def _decode(body: bytes) -> Any:
    """A request body (``ValueError`` when it is not JSON)."""
    import orjson

    return orjson.loads(body)  # orjson.JSONDecodeError is a ValueError


def _encode(answer: Any, pretty: bool) -> bytes:
    """JSON as Grafana writes it: compact (Go's encoding/json); ``/api/health`` is indented like Grafana's."""
    if pretty:
        return json.dumps(answer, indent=2).encode("utf-8")
    import orjson

    try:
        return orjson.dumps(answer)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(answer, separators=(",", ":")).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    emulator: GrafanaEmulator
    protocol_version = "HTTP/1.1"  # keep-alive, as a real Grafana behind any proxy
    #: TCP_NODELAY, as Go's net/http sets it: else the body, written after the headers, waits for the
    #: client's delayed ACK (~40 ms on Linux) and every answer is that much slower than Grafana's
    disable_nagle_algorithm = True
    #: headers and body leave in one write, as Go's buffered response writer sends a small answer: with
    #: no delay (above) a separate body write is a second packet, and a second wake-up of the client
    wbufsize = 64 * 1024

    def log_message(self, format: str, *args: Any) -> None:  # tests read .requests, not stderr
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        emulator = self.emulator
        fault = emulator._fault_for(self.command, urlsplit(self.path).path)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.drop:
            self.close_connection = True
            self.connection.shutdown(2)  # reset without an answer: the client sees a connection error
            return
        if emulator.latency:
            time.sleep(emulator.latency)
        if fault is not None and fault.status:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            message = "Too Many Requests" if fault.status == 429 else "Internal Server Error"
            emulator.requests.append(RecordedRequest(self.command, urlsplit(self.path).path, {}, "", None, b"", fault.status))
            self._send(fault.status, {"message": message, "traceID": ""}, headers)
            return
        status, answer, headers = emulator.handle(self.command, self.path, self.headers, body)
        self._send(status, answer, headers)

    def _send(self, status: int, answer: Any, headers: dict[str, str]) -> None:
        if isinstance(answer, str):
            data, ctype = answer.encode("utf-8"), "text/plain; charset=utf-8"
        else:
            data = _encode(answer, pretty=self.path.startswith("/api/health"))
            ctype = "application/json"
        self.send_response(status)
        self.send_header("Content-Type", headers.pop("Content-Type", ctype))
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            if self.command != "HEAD":
                self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout): nothing to do
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

