"""End to end: real Prometheus and Alertmanager, our compiled rules, scrape config and
Alertmanager config, and receivers pointed at a webhook listener in this test.

One job (api-gateway) has two targets: one answers with a 50% 5xx rate (HighErrorRate, warning)
and one is down (ServiceDown, critical). A warning-level ServiceDown for the same job is added
to show inhibition. Notifications must arrive at exactly the receivers our routing engine
predicts (the same engine the route tests use), and the inhibited warning must not arrive.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import attrs
import pytest

from monitoring_as_code.alertmanager.inhibition import muted
from monitoring_as_code.alertmanager.routing import receivers_for
from monitoring_as_code.core.encode import dump_yaml, to_data
from monitoring_as_code.core.loader import load_definitions
from monitoring_as_code.prometheus import RuleFile, RuleGroup
from monitoring_as_code.prometheus.server import (
    AlertingConfig,
    AlertmanagerEndpoint,
    StaticConfig,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEADLINE = 90  # seconds to wait for notifications; typically ~10 s


def load(path: str, type_name: str) -> list:
    return [d.obj for d in load_definitions([os.path.join(REPO, path)], REPO, lambda o: type(o).__name__ == type_name)]


class Recorder(ThreadingHTTPServer):
    """Records every JSON POST as (path, body)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict]] = []
        self.lock = threading.Lock()

        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with recorder.lock:
                    recorder.received.append((self.path, json.loads(body or b"{}")))
                self.send_response(202 if self.path.startswith("/pagerduty") else 200)
                self.end_headers()
                self.wfile.write(b'{"status": "success"}' if self.path.startswith("/pagerduty") else b"ok")

            def do_GET(self) -> None:
                start = recorder.start
                n = int((time.time() - start) * 10) + 1
                body = (
                    "# TYPE http_server_requests_seconds_count counter\n"
                    f'http_server_requests_seconds_count{{method="GET",uri="/api",status="200"}} {n}\n'
                    f'http_server_requests_seconds_count{{method="GET",uri="/api",status="500"}} {n}\n'
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.start = time.time()

    def snapshot(self) -> list[tuple[str, dict]]:
        with self.lock:
            return list(self.received)


@pytest.fixture
def recorder():
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_alerts_reach_exactly_the_predicted_receivers(
    prometheus_binary, alertmanager_binary, recorder, start_server, tmp_path, free_port
):
    hook = f"http://127.0.0.1:{recorder.server_address[1]}"
    am_port, prom_port, dead_port = free_port(), free_port(), free_port()

    # Rules: the real ServiceDown and HighErrorRate, with `for` shortened through the model so the
    # test takes seconds instead of minutes; their expressions, labels and annotations are unchanged.
    rules = {r.alert: r for r in load("rules/services.py", "AlertingRule")}
    service_down = attrs.evolve(rules["ServiceDown"], for_="0s")
    high_error_rate = attrs.evolve(rules["HighErrorRate"], for_="0s")
    # The spec's rules have no warning sharing an alertname with a critical; this tiered variant
    # (same alertname and job, severity warning) is what the inhibit rule must mute.
    service_down_warning = attrs.evolve(service_down, labels={**service_down.labels, "severity": "warning"})
    rule_file = RuleFile([RuleGroup("e2e", [service_down, high_error_rate, service_down_warning], interval="1s")])
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "e2e.yml").write_text(dump_yaml(to_data(rule_file)))

    # Prometheus: the Portal Universe config, pointed at this test's targets and Alertmanager.
    prom = load("rules/prometheus_config.py", "PrometheusConfig")[0]
    api_gateway = prom.job("api-gateway")
    targets = [f"localhost:{recorder.server_address[1]}", f"127.0.0.1:{dead_port}"]  # distinct hosts: instance = host
    prom = attrs.evolve(
        prom,
        global_=attrs.evolve(prom.global_, scrape_interval="1s", evaluation_interval="1s"),
        alerting=AlertingConfig(alertmanagers=[AlertmanagerEndpoint(static_configs=[StaticConfig(targets=[f"127.0.0.1:{am_port}"])])]),
        scrape_configs=[attrs.evolve(api_gateway, static_configs=[StaticConfig(targets=targets)], scrape_timeout="500ms")],
    )
    (tmp_path / "prometheus.yml").write_text(dump_yaml(to_data(prom)))

    # Alertmanager: the Portal Universe config; secrets written to files as in production, holding
    # this test's URLs; group_wait shortened through the model (30s would make the test slow).
    am = load("alertmanager/alertmanager.py", "AlertmanagerConfig")[0]
    (tmp_path / "slack-url").write_text(f"{hook}/slack")
    (tmp_path / "pd-key").write_text("e2e-routing-key")
    pagerduty = am.receiver("pagerduty-critical")
    receivers = [
        attrs.evolve(r, pagerduty_configs=[attrs.evolve(c, routing_key_file=str(tmp_path / "pd-key"))
                                           for c in r.pagerduty_configs]) if r is pagerduty else r
        for r in am.receivers
    ]
    am = attrs.evolve(
        am,
        global_=attrs.evolve(am.global_, slack_api_url_file=str(tmp_path / "slack-url"), pagerduty_url=f"{hook}/pagerduty"),
        route=attrs.evolve(am.route, group_wait="1s", group_interval="2s"),
        receivers=receivers,
    )
    am_data = to_data(am)
    (tmp_path / "alertmanager.yml").write_text(dump_yaml(am_data))

    start_server("alertmanager", [
        alertmanager_binary, f"--config.file={tmp_path / 'alertmanager.yml'}", f"--storage.path={tmp_path / 'am-data'}",
        f"--web.listen-address=127.0.0.1:{am_port}", "--cluster.listen-address=",
    ], am_port)
    start_server("prometheus", [
        prometheus_binary, f"--config.file={tmp_path / 'prometheus.yml'}", f"--storage.tsdb.path={tmp_path / 'prom-data'}",
        f"--web.listen-address=127.0.0.1:{prom_port}",
    ], prom_port)

    # What our engines predict for the three alerts that fire.
    firing = [
        {"alertname": "ServiceDown", "job": "api-gateway", "instance": "127.0.0.1", "severity": "critical"},
        {"alertname": "HighErrorRate", "job": "api-gateway", "severity": "warning"},
        {"alertname": "ServiceDown", "job": "api-gateway", "instance": "127.0.0.1", "severity": "warning"},
    ]
    mutes = muted(am_data, firing)
    assert mutes == [False, False, True]
    expected = sorted(
        (receiver, alert["alertname"], alert["severity"])
        for alert, is_muted in zip(firing, mutes) if not is_muted
        for receiver in receivers_for(am_data, alert)
    )
    assert expected == [
        ("pagerduty-critical", "ServiceDown", "critical"),
        ("slack-notifications", "HighErrorRate", "warning"),
        ("slack-notifications", "ServiceDown", "critical"),
    ]

    def observed() -> list[tuple[str, str, str]]:
        got = set()
        for path, body in recorder.snapshot():
            if path.startswith("/pagerduty"):
                details = body.get("payload", {})
                alertname = body["payload"]["summary"].split(" on ")[0]
                got.add(("pagerduty-critical", alertname, details.get("severity", "")))
            elif path.startswith("/slack"):
                for attachment in body.get("attachments", []):
                    title, text = attachment.get("title", ""), attachment.get("text", "")
                    alertname = title.split("] ", 1)[1].split(" (")[0]
                    for severity in ("critical", "warning"):
                        if f"`{severity}`" in text:
                            got.add(("slack-notifications", alertname, severity))
        return sorted(got)

    until = time.time() + DEADLINE
    while time.time() < until and observed() != expected:
        time.sleep(0.5)
    # Give Alertmanager a few more group intervals: a wrongly delivered warning would show up now.
    time.sleep(5)
    assert observed() == expected, recorder.snapshot()

    # The muted warning did fire and reach Alertmanager: it is there, suppressed by the inhibit rule.
    with urllib.request.urlopen(f"http://127.0.0.1:{am_port}/api/v2/alerts", timeout=5) as response:
        alerts = json.load(response)
    warning = [a for a in alerts if a["labels"].get("alertname") == "ServiceDown" and a["labels"]["severity"] == "warning"]
    assert warning and warning[0]["status"]["state"] == "suppressed" and warning[0]["status"]["inhibitedBy"]
