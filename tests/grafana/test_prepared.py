"""Requests copied from a template are exactly what ``Session.request`` prepares, or not made at all."""

import pytest
import requests

from monitoring_as_code.grafana.client import _JSON_BODY, GrafanaClient
from monitoring_as_code.grafana.settings import GrafanaSettings

SETTINGS = [
    GrafanaSettings(url="http://127.0.0.1:3000", token="glsa_token"),
    GrafanaSettings(url="https://grafana.example.com/sub/path", user="admin", password="s3cret", org_id="2"),
    GrafanaSettings(url="https://user:pa55@grafana.example.com", ca_bundle="/etc/ssl/corp.pem"),
]
CALLS = [
    ("GET", "/api/dashboards/uid/pu-business", None),
    ("GET", "/api/folders/portal-universe", None),
    ("DELETE", "/api/dashboards/uid/a_b-C~9", None),
    ("POST", "/api/dashboards/db", b'{"dashboard":{"uid":"x","title":"\xc3\xa9"}}'),
    ("PUT", "/api/datasources/uid/prometheus", b'{"name":"Prometheus"}'),
]


def slow(client, method, path, body):
    """What the client sent before templates: ``Session.request``'s preparation and send settings."""
    session = client._session
    headers = _JSON_BODY if body is not None else None
    request = requests.Request(method, client.settings.url + path, data=body or {}, headers=headers, params={})
    prepared = session.prepare_request(request)
    return prepared, session.merge_environment_settings(prepared.url, {}, None, None, None)


def fields(prepared):
    return (prepared.method, prepared.url, list(prepared.headers.items()), prepared.body, prepared.hooks,
            len(prepared._cookies))


@pytest.mark.parametrize("settings", SETTINGS, ids=["token", "basic-auth-subpath", "url-credentials"])
def test_template_copies_equal_session_request(settings):
    client = GrafanaClient(settings)
    for _ in range(2):  # the first call makes the template, the second copies it
        for method, path, body in CALLS:
            fast = client._templates.prepare(method, path, body, _JSON_BODY if body is not None else None)
            expected, send_settings = slow(client, method, path, body)
            assert fast is not None, (method, path)
            assert fields(fast) == fields(expected), (method, path)
            assert client._templates.send_settings == send_settings
    client.close()


def test_paths_requests_would_rewrite_take_the_ordinary_path():
    client = GrafanaClient(SETTINGS[0])
    templates = client._templates
    for path in ("/api/dashboards/uid/a b", "/api/dashboards/uid/a.b", "/api/dashboards/uid/%41",
                 "/api/dashboards/uid/../x", "/api//search", "/api/search?query=x", "/api/dashboards/uid/é"):
        assert templates.prepare("GET", path, None, None) is None, path
    assert templates.prepare("GET", "/api/search", None, None, params={"query": "x"}) is None
    assert templates.prepare("POST", "/api/dashboards/db", b"", _JSON_BODY) is None


def test_base_urls_requests_would_rewrite_take_the_ordinary_path():
    client = GrafanaClient(GrafanaSettings(url="http://GRAFANA.example.com:3000", token="t"))
    assert client._templates.prepare("GET", "/api/search", None, None) is None
    client.close()


def test_cookies_set_by_the_server_take_the_ordinary_path():
    client = GrafanaClient(SETTINGS[0])
    assert client._templates.prepare("GET", "/api/search", None, None) is not None
    client._session.cookies.set("AWSALB", "sticky", domain="127.0.0.1")  # a load balancer's affinity cookie
    assert client._templates.prepare("GET", "/api/search", None, None) is None
    client.close()


def test_client_sends_through_templates_to_the_emulator(grafana_emulator, client_for):
    client = client_for(grafana_emulator)
    client.create_folder("team", "Team")
    saved = client.save_dashboard({"uid": "abc", "title": "T", "panels": []}, folder_uid="team", message="m",
                                  overwrite=False)
    assert saved["version"] == 1 and client.get_dashboard("abc")["meta"]["folderUid"] == "team"
    assert client.get_dashboard("missing") is None
    recorded = [(r.method, r.path, r.status, r.auth_scheme) for r in grafana_emulator.requests]
    assert recorded == [("POST", "/api/folders", 200, "Bearer"), ("POST", "/api/dashboards/db", 200, "Bearer"),
                        ("GET", "/api/dashboards/uid/abc", 200, "Bearer"),
                        ("GET", "/api/dashboards/uid/missing", 404, "Bearer")]
    assert grafana_emulator.requests[1].body["dashboard"]["uid"] == "abc"
