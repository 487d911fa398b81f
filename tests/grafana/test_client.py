"""The client: retries (429 with Retry-After, 5xx, dropped connections), timeouts, secrets never shown."""

import time

import pytest

from monitoring_as_code.errors import PublishError
from monitoring_as_code.grafana.client import GrafanaClient, redact
from monitoring_as_code.grafana.settings import GrafanaSettings


def test_retries_5xx_then_succeeds(grafana_emulator, client_for):
    grafana_emulator.inject(method="GET", path="/api/folders/", status=502, times=2)
    assert client_for(grafana_emulator).get_folder("nope") is None
    assert [r.status for r in grafana_emulator.requests] == [502, 502, 404]


def test_honours_retry_after_on_429(grafana_emulator, client_for):
    grafana_emulator.inject(method="GET", path="/api/search", status=429, times=1, retry_after="1")
    started = time.monotonic()
    assert client_for(grafana_emulator).search() == []
    assert time.monotonic() - started >= 0.9  # waited what Grafana asked, not the 10 ms backoff
    assert [r.status for r in grafana_emulator.requests] == [429, 200]


def test_retries_dropped_connections_on_writes(grafana_emulator, client_for):
    grafana_emulator.inject(method="POST", path="/api/folders", drop=True, times=1)
    client_for(grafana_emulator).create_folder("team", "Team")
    assert "team" in grafana_emulator.state.folders


def test_gives_up_after_retries_with_d001(grafana_emulator, client_for):
    grafana_emulator.inject(method="GET", path="/api/search", status=500, times=None)
    with pytest.raises(PublishError) as caught:
        client_for(grafana_emulator, retries=2).search()
    assert caught.value.code == "D001" and caught.value.status == 500
    assert len(grafana_emulator.requests) == 3  # first try + 2 retries


def test_every_request_times_out(grafana_emulator, client_for):
    grafana_emulator.inject(path="/api/search", delay=1.0, status=None, times=None)
    started = time.monotonic()
    with pytest.raises(PublishError, match="no answer within 0.2s"):
        client_for(grafana_emulator, timeout=0.2, retries=1).search()
    assert time.monotonic() - started < 3


def test_token_never_in_errors_or_repr(grafana_emulator):
    secret = "glsa_secret_that_must_not_leak"
    grafana_emulator.token = secret
    settings = GrafanaSettings(url=grafana_emulator.url, token="glsa_wrong_" + secret, retries=0)
    client = GrafanaClient(settings)
    with pytest.raises(PublishError) as caught:
        client.search()
    text = str(caught.value) + repr(caught.value) + repr(client) + repr(settings)
    assert secret not in text and caught.value.status == 401
    assert "Invalid API key" in str(caught.value) and "GRAFANA_TOKEN" in caught.value.hint
    unreachable = GrafanaClient(GrafanaSettings(url=f"http://user:{secret}@127.0.0.1:9", token=secret, retries=0))
    with pytest.raises(PublishError) as caught:
        unreachable.health()
    assert secret not in str(caught.value)


def test_basic_auth_and_org_header(grafana_emulator):
    client = GrafanaClient(GrafanaSettings(url=grafana_emulator.url, user="admin", password="admin", org_id="1"))
    assert client.search() == []
    assert grafana_emulator.requests[-1].auth_scheme == "Basic" and grafana_emulator.requests[-1].org_id == "1"
    other_org = GrafanaClient(GrafanaSettings(url=grafana_emulator.url, token=grafana_emulator.token, org_id="2",
                                              retries=0))
    with pytest.raises(PublishError, match="does not belong to the requested organization"):
        other_org.search()


def test_tls_verified_by_default_and_ca_bundle_used():
    assert GrafanaClient(GrafanaSettings(url="https://grafana.example"))._session.verify is True
    client = GrafanaClient(GrafanaSettings(url="https://grafana.example", ca_bundle="/etc/ssl/corp.pem"))
    assert client._session.verify == "/etc/ssl/corp.pem"


def test_redact():
    assert redact("Bearer abc and abc", ["abc", ""]) == "Bearer *** and ***"
