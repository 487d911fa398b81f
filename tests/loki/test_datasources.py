"""Grafana datasources: provisioning YAML without secrets, API payloads with them, and the checks."""

from __future__ import annotations

import json

import pytest

from monitoring_as_code.core.encode import dump_yaml, to_data
from monitoring_as_code.errors import UsageError
from monitoring_as_code.grafana.datasources import (
    AlertmanagerDatasource,
    Datasource,
    Datasources,
    DerivedField,
    LokiDatasource,
    PrometheusDatasource,
    ZipkinDatasource,
    env,
)

SECRET = "s3cr3t-value"


def portal_like() -> Datasources:
    return Datasources(name="obs", datasources=[
        PrometheusDatasource(url="http://prometheus:9090"),
        LokiDatasource(url="http://loki:3100", basic_auth=True, basic_auth_user="grafana",
                       secure_json_data={"basicAuthPassword": env("LOKI_PASSWORD")},
                       derived_fields=[DerivedField(name="TraceID", matcher_regex=r"traceId=(\w+)",
                                                    datasource_uid="zipkin")]),
        ZipkinDatasource(url="http://zipkin:9411", logs_uid="loki"),
        AlertmanagerDatasource(url="http://alertmanager:9093"),
    ])


def test_provisioning_yaml_names_the_variable_never_the_secret():
    data = to_data(portal_like())
    assert data["apiVersion"] == 1
    loki = data["datasources"][1]
    assert loki["secureJsonData"] == {"basicAuthPassword": "$__env{LOKI_PASSWORD}"}
    assert loki["jsonData"]["derivedFields"] == [{"name": "TraceID", "matcherRegex": r"traceId=(\w+)",
                                                  "datasourceUid": "zipkin", "url": "${__value.raw}"}]
    assert [d["uid"] for d in data["datasources"]] == ["prometheus", "loki", "zipkin", "alertmanager"]
    assert data["datasources"][3]["jsonData"]["implementation"] == "prometheus"
    assert SECRET not in dump_yaml(data)


def test_api_payload_resolves_secrets_from_the_environment_only():
    payloads = portal_like().api_payloads({"LOKI_PASSWORD": SECRET})
    assert payloads[1]["secureJsonData"] == {"basicAuthPassword": SECRET}
    assert payloads[1]["uid"] == "loki" and "orgId" not in payloads[1] and "editable" not in payloads[1]
    with pytest.raises(UsageError) as err:
        portal_like().api_payloads({})
    assert "LOKI_PASSWORD" in str(err.value)


def test_a_literal_secret_is_refused_at_construction():
    with pytest.raises(TypeError, match="env"):
        Datasource(name="x", type="loki", uid="x", secure_json_data={"basicAuthPassword": SECRET})


def test_portal_build_writes_provisioning_and_dashboards_reference_existing_uids(repo_root, mac, tmp_path):
    result = mac(["check", "--format", "json"], cwd=repo_root)
    problems = [p for p in json.loads(result.stdout)["problems"]
                if p["check"].startswith(("datasource/", "dashboard/datasource"))]
    assert problems == []


def write(tmp_path, text):
    path = tmp_path / "datasources.yaml"
    path.write_text(text)
    return str(path)


def check_raw(mac, tmp_path, text):
    result = mac(["check", write(tmp_path, text), "--format", "json"])
    return {(p["check"], p["line"]): p for p in json.loads(result.stdout)["problems"]}


RAW = """\
apiVersion: 1
datasources:
  - name: Loki
    type: loki
    uid: loki
    url: http://loki:3100
    isDefault: true
    secureJsonData:
      httpHeaderValue1: "tenant-secret"
    jsonData:
      derivedFields:
        - name: TraceID
          matcherRegex: "traceId=(\\\\w+"
          datasourceUid: tempo
          url: "${__value.raw}"
  - name: Prometheus
    type: prometheus
    uid: loki
    url: prometheus:9090
    isDefault: true
    password: hunter2
"""


def test_raw_provisioning_defects_are_located(mac, tmp_path):
    found = check_raw(mac, tmp_path, RAW)
    assert "literal secret" in found[("datasource/secret", 9)]["message"]
    assert ("datasource/derived-field", 13) in found  # regex does not compile
    assert "not defined" in found[("datasource/derived-field", 14)]["message"]  # no datasource uid tempo
    assert ("datasource/duplicate", 18) in found
    assert ("datasource/url", 19) in found
    assert ("datasource/default", 20) in found
    assert ("datasource/secret", 21) in found


def test_grafanas_env_expansion_forms_are_accepted(mac, tmp_path):
    text = RAW.split("  - name: Prometheus")[0].replace('"tenant-secret"', "$__env{LOKI_TENANT}")
    text = text.replace("traceId=(\\\\w+", "traceId=(\\\\w+)").replace("tempo", "loki")
    assert check_raw(mac, tmp_path, text) == {}


def test_datasources_to_delete_come_first():
    data = to_data(Datasources(delete_datasources=[{"name": "Old Loki", "orgId": 1}],
                               datasources=[PrometheusDatasource(url="http://p:9090")]))
    assert list(data) == ["apiVersion", "deleteDatasources", "datasources"]


def test_a_token_header_keeps_its_prefix_and_takes_the_token_from_the_environment():
    loki = LokiDatasource(url="http://loki:3100", json_data={"httpHeaderName1": "Authorization"},
                          secure_json_data={"httpHeaderValue1": env("LOKI_TOKEN", prefix="Bearer ")})
    assert to_data(loki)["secureJsonData"] == {"httpHeaderValue1": "Bearer $__env{LOKI_TOKEN}"}
    assert loki.api_payload({"LOKI_TOKEN": "t0k"})["secureJsonData"] == {"httpHeaderValue1": "Bearer t0k"}


def test_raw_header_values_with_an_env_reference_pass_and_literals_fail(mac, tmp_path):
    text = ("apiVersion: 1\ndatasources:\n  - {name: L, type: loki, uid: l, url: 'http://l',\n"
            "     secureJsonData: {httpHeaderValue1: 'Bearer $__env{T}', httpHeaderValue2: 'Bearer abc'}}\n")
    found = check_raw(mac, tmp_path, text)
    assert list(found) == [("datasource/secret", 4)]
    assert "httpHeaderValue2" in found[("datasource/secret", 4)]["message"]
