"""Reaching Grafana through an HTTP proxy: GRAFANA_PROXY, else the standard proxy variables (as
curl and requests read them, NO_PROXY included); a proxy's password is never printed."""

from __future__ import annotations

import http.client
import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

from monitoring_as_code.errors import PublishError
from monitoring_as_code.grafana.client import GrafanaClient
from monitoring_as_code.grafana.settings import GrafanaSettings, proxy_for


@pytest.mark.parametrize(("url", "environ", "expected"), [
    ("https://grafana.example.com", {"HTTPS_PROXY": "http://proxy:3128"}, "http://proxy:3128"),
    ("https://grafana.example.com", {"https_proxy": "http://lower:3128", "HTTPS_PROXY": "http://upper:3128"},
     "http://lower:3128"),
    ("https://grafana.example.com", {"HTTP_PROXY": "http://proxy:3128"}, None),  # another scheme's
    ("http://grafana:3000", {"HTTP_PROXY": "http://proxy:3128"}, "http://proxy:3128"),
    ("http://grafana:3000", {"ALL_PROXY": "http://proxy:3128"}, "http://proxy:3128"),
    ("https://grafana.example.com", {"HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": "example.com"}, None),
    ("https://grafana.example.com:3000", {"HTTPS_PROXY": "http://p:1", "no_proxy": "localhost,.example.com"}, None),
    ("http://127.0.0.1:3000", {"HTTP_PROXY": "http://p:1", "NO_PROXY": "127.0.0.1"}, None),
    ("http://grafana:3000", {"HTTP_PROXY": "http://p:1", "NO_PROXY": "*"}, None),
    ("http://grafana:3000", {"GRAFANA_PROXY": "http://ours:1", "NO_PROXY": "*"}, "http://ours:1"),
    ("http://grafana:3000", {}, None),
])
def test_which_proxy(url, environ, expected):
    assert proxy_for(url, environ) == expected


class _Forwarder(BaseHTTPRequestHandler):
    """A plain forward proxy for http:// URLs: absolute-form requests, relayed to one upstream."""

    upstream: ClassVar[tuple[str, int]] = ("127.0.0.1", 0)
    seen: ClassVar[list[str]] = []

    def _relay(self) -> None:
        self.seen.append(f"{self.command} {self.path}")
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        target = urlsplit(self.path)
        conn = http.client.HTTPConnection(*self.upstream, timeout=10)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-authorization", "connection")}
        conn.request(self.command, target.path + (f"?{target.query}" if target.query else ""), body or None, headers)
        answer = conn.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_POST = do_DELETE = _relay

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture
def forward_proxy(grafana_emulator):
    split = urlsplit(grafana_emulator.url)
    handler = type("Forwarder", (_Forwarder,), {"upstream": (split.hostname, split.port), "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.seen
    finally:
        server.shutdown()
        server.server_close()


def test_publish_goes_through_the_proxy(grafana_emulator, forward_proxy, tmp_path, repo_root, mac):
    proxy, seen = forward_proxy
    shutil.copytree(os.path.join(repo_root, "dashboards"), tmp_path / "dashboards",
                    ignore=shutil.ignore_patterns("datasources.py", "__pycache__"))
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = dashboards\n")
    environ = {  # a host only the proxy can reach: the emulator, behind it
        "GRAFANA_URL": "http://grafana.invalid:3000", "GRAFANA_TOKEN": grafana_emulator.token,
        "HTTP_PROXY": proxy, "NO_PROXY": "localhost",
    }
    result = mac(["publish", "dashboards"], cwd=str(tmp_path), environ=environ)
    assert result.status == 0, result.stdout + result.stderr
    assert any(line.startswith("POST http://grafana.invalid:3000/api/dashboards/db") for line in seen), seen
    assert "pu-service-overview" in grafana_emulator.state.dashboards


def test_proxy_password_never_printed():
    secret = "proxy-password-that-must-not-leak"
    settings = GrafanaSettings(url="http://grafana.invalid:3000", token="glsa_token", retries=0, timeout=2,
                               proxy=f"http://user:{secret}@127.0.0.1:9")
    assert secret not in repr(settings)
    assert secret in settings.secrets()  # redacted from whatever the client prints
    with pytest.raises(PublishError) as caught:
        GrafanaClient(settings).health()
    assert secret not in str(caught.value) + repr(caught.value) + str(caught.value.hint)
    assert "Unable to connect to proxy" in str(caught.value) and "GRAFANA_PROXY" in caught.value.hint
