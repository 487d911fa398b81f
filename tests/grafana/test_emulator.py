"""The emulator answers like Grafana (../shared/reference/grafana-api.md): status codes and bodies."""

import requests

from monitoring_as_code.testing.grafana_emulator import GrafanaEmulator


def call(emulator, method, path, token=None, **kwargs):
    headers = {"Authorization": f"Bearer {token or emulator.token}"}
    response = requests.request(method, emulator.url + path, headers=headers, timeout=5, **kwargs)
    return response.status_code, response.json() if response.content else None


def new_dashboard(uid="abc", title="Production Overview", **extra):
    return {"dashboard": {"uid": uid, "title": title, "panels": [], **extra}}


def test_health_needs_no_auth_and_fails_with_503(grafana_emulator):
    response = requests.get(grafana_emulator.url + "/api/health", timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=UTF-8"
    assert response.json()["database"] == "ok"
    grafana_emulator.healthy = False
    response = requests.get(grafana_emulator.url + "/api/health", timeout=5)
    assert (response.status_code, response.json()["database"]) == (503, "failing")


def test_auth_401_and_403_bodies(grafana_emulator):
    response = requests.get(grafana_emulator.url + "/api/search", timeout=5)
    assert response.status_code == 401
    assert response.json() == {"extra": None, "message": "Unauthorized", "messageId": "auth.unauthorized",
                               "statusCode": 401, "traceID": ""}
    status, body = call(grafana_emulator, "GET", "/api/search", token="glsa_wrong")
    assert (status, body["messageId"], body["message"]) == (401, "api-key.invalid", "Invalid API key")
    status, body = call(grafana_emulator, "POST", "/api/dashboards/db", token="glsa_viewer_0000", json=new_dashboard())
    assert status == 403 and body["title"] == "Access denied"
    assert "dashboards:create, dashboards:write" in body["message"]
    response = requests.get(grafana_emulator.url + "/api/search", auth=("admin", "admin"), timeout=5)
    assert response.status_code == 200


def test_create_update_version_and_412(grafana_emulator):
    status, body = call(grafana_emulator, "POST", "/api/dashboards/db", json=new_dashboard())
    assert status == 200
    assert body == {"id": 1, "uid": "abc", "url": "/d/abc/production-overview", "status": "success", "version": 1,
                    "slug": "production-overview", "folderUid": ""}
    status, body = call(grafana_emulator, "POST", "/api/dashboards/db", json=new_dashboard(version=1))
    assert (status, body["version"]) == (200, 2)
    status, body = call(grafana_emulator, "POST", "/api/dashboards/db", json=new_dashboard(version=1))
    assert status == 412
    assert body == {"status": "version-mismatch", "message": "The dashboard has been changed by someone else"}
    status, body = call(grafana_emulator, "POST", "/api/dashboards/db", json={**new_dashboard(), "overwrite": True})
    assert (status, body["version"]) == (200, 3)
    status, body = call(grafana_emulator, "GET", "/api/dashboards/uid/abc")
    assert body["dashboard"]["version"] == 3 and body["meta"]["version"] == 3
    assert body["meta"]["folderTitle"] == "General" and body["meta"]["updatedBy"] == "sa-mac"


def test_validation_order_bodies(grafana_emulator):
    cases = [
        ({"nope": 1}, 400, {"message": "bad request data", "traceID": ""}),
        ({**new_dashboard(), "isFolder": True}, 400, {"message": "Use folders endpoint for saving folders."}),
        (new_dashboard(title="  "), 400, {"status": "empty-name", "message": "Dashboard title cannot be empty"}),
        (new_dashboard(uid="bad uid"), 400, {"message": "uid contains illegal characters"}),
        (new_dashboard(uid="a" * 41), 400, {"message": "uid too long, max 40 characters"}),
        ({**new_dashboard(), "message": "m" * 501}, 400, {"message": "message too long, max 500 characters"}),
        ({**new_dashboard(), "folderUid": "missing"}, 400, {"message": "folder not found"}),
        (new_dashboard(id=99), 404, {"status": "not-found", "message": "Dashboard not found"}),
    ]
    for payload, status, body in cases:
        assert call(grafana_emulator, "POST", "/api/dashboards/db", json=payload) == (status, body), payload


def test_folders_409_and_404(grafana_emulator):
    status, body = call(grafana_emulator, "POST", "/api/folders", json={"uid": "team", "title": "Team"})
    assert status == 200 and body["url"] == "/dashboards/f/team/team" and body["version"] == 1
    assert call(grafana_emulator, "POST", "/api/folders", json={"uid": "team", "title": "Other"}) == (
        409, {"message": "a folder/dashboard with the same uid already exists"})
    assert call(grafana_emulator, "POST", "/api/folders", json={"title": " "}) == (
        400, {"message": "folder title cannot be empty"})
    assert call(grafana_emulator, "GET", "/api/folders/nope") == (404, {"status": "not-found", "message": "folder not found"})
    assert call(grafana_emulator, "PUT", "/api/folders/team", json={"title": "T", "version": 7})[0] == 412


def test_search_versions_restore_and_delete(grafana_emulator):
    call(grafana_emulator, "POST", "/api/folders", json={"uid": "team", "title": "Team"})
    call(grafana_emulator, "POST", "/api/dashboards/db", json={**new_dashboard(tags=["prod"]), "folderUid": "team",
                                                               "message": "first"})
    grafana_emulator.edit_dashboard("abc", {"title": "Renamed"}, user="alice", message="by hand")
    status, hits = call(grafana_emulator, "GET", "/api/search")
    assert [h["type"] for h in hits] == ["dash-folder", "dash-db"]
    assert hits[1]["folderUid"] == "team" and hits[1]["tags"] == ["prod"]
    assert call(grafana_emulator, "GET", "/api/search", params={"query": "zzz"}) == (200, [])
    status, body = call(grafana_emulator, "GET", "/api/dashboards/uid/abc/versions")
    assert [(v["version"], v["createdBy"], v["message"]) for v in body["versions"]] == [
        (2, "alice", "by hand"), (1, "sa-mac", "first")]
    status, body = call(grafana_emulator, "POST", "/api/dashboards/uid/abc/restore", json={"version": 1})
    assert (status, body["version"]) == (200, 3)
    assert call(grafana_emulator, "GET", "/api/dashboards/uid/abc")[1]["dashboard"]["title"] == "Production Overview"
    assert call(grafana_emulator, "DELETE", "/api/dashboards/uid/abc") == (
        200, {"title": "Production Overview", "message": "Dashboard Production Overview deleted", "uid": "abc"})
    assert call(grafana_emulator, "GET", "/api/dashboards/uid/abc") == (404, {"message": "Dashboard not found", "traceID": ""})


def test_faults_status_count_and_after():
    with GrafanaEmulator() as emulator:
        emulator.inject(method="GET", path="/api/search", status=503, times=2, after=1, retry_after="0")
        statuses = [call(emulator, "GET", "/api/search")[0] for _ in range(4)]
        assert statuses == [200, 503, 503, 200]



def test_datasource_api(grafana_emulator):
    body = {"name": "Prometheus", "type": "prometheus", "uid": "prometheus", "url": "http://p:9090", "access": "proxy",
            "secureJsonData": {"httpHeaderValue1": "secret"}}
    status, answer = call(grafana_emulator, "POST", "/api/datasources", json=body)
    assert status == 200 and answer["message"] == "Datasource added" and answer["name"] == "Prometheus"
    assert "secureJsonData" not in answer["datasource"]  # write-only, as in Grafana
    assert call(grafana_emulator, "POST", "/api/datasources", json={**body, "uid": "other"}) == (
        409, {"message": "data source with the same name already exists", "traceID": ""})
    status, answer = call(grafana_emulator, "PUT", "/api/datasources/uid/prometheus", json={**body, "url": "http://q"})
    assert (status, answer["message"], answer["datasource"]["version"]) == (200, "Datasource updated", 2)
    assert call(grafana_emulator, "GET", "/api/datasources/uid/nope") == (404, {"message": "Data source not found"})
    assert call(grafana_emulator, "DELETE", "/api/datasources/uid/prometheus") == (200, {"message": "Data source deleted"})
