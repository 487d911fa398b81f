"""Grafana datasources target: ``grafana/datasources`` documents, compiled from
:class:`~monitoring_as_code.grafana.datasources.Datasources` or read from provisioning YAML
(``apiVersion`` + ``datasources``). Dashboards' datasource uids are checked against them
(``dashboard/datasource``).

Checks (``datasource/...``): required fields and uid syntax, one default, duplicate uids and
names (across files too), literal secrets, derived fields pointing at an existing datasource
with a valid regex, Alertmanager ``implementation``. Only stdlib and core at module level.
"""

from __future__ import annotations

import re
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.core.target import Context, Definition, Target

KIND = "grafana/datasources"
_UID = re.compile(r"^[a-zA-Z0-9_-]{1,40}$")
#: Grafana expands these anywhere in a provisioning value ("Bearer $__env{TOKEN}" is fine)
_ENV_REF = re.compile(r"\$(?:__env\{[A-Za-z_]\w*\}|__file\{[^}]+\}|\{[A-Za-z_]\w*\}|[A-Za-z_]\w*)")
_KNOWN_TYPES = {"prometheus", "loki", "zipkin", "alertmanager", "tempo", "jaeger", "elasticsearch", "mysql",
                "postgres", "grafana-postgresql-datasource", "influxdb", "graphite", "cloudwatch", "testdata",
                "grafana-testdata-datasource", "mssql", "opentsdb", "grafana-pyroscope-datasource", "stackdriver",
                "grafana-azure-monitor-datasource", "mongodb", "redis-datasource"}
_SECRET_KEYS = ("password", "basicAuthPassword")


class DatasourcesTarget(Target):
    name = "grafana-datasources"
    kinds = (KIND,)

    def accepts(self, obj: Any) -> bool:
        return type(obj).__name__ == "Datasources" and type(obj).__module__ == "monitoring_as_code.grafana.datasources"

    def compile(self, definitions: list[Definition], ctx: Context) -> list[Document]:
        from monitoring_as_code.loki.compile import compile_yaml

        return [compile_yaml(d, KIND, f"grafana/provisioning/datasources/{d.obj.name}.yaml", d.obj.name)
                for d in definitions]

    def recognize(self, data: Any, path: str) -> str | None:
        if isinstance(data, dict) and "apiVersion" in data and isinstance(data.get("datasources"), list) \
                and "kind" not in data:
            return KIND
        return None

    def validate(self, doc: Document, ctx: Context) -> list[Problem]:
        items = doc.data.get("datasources") if isinstance(doc.data, dict) else None
        if not isinstance(items, list):
            return [doc.problem((), "datasource/structure", "a provisioning file needs a `datasources:` list",
                                "apiVersion: 1\ndatasources: [{name: ..., type: ..., uid: ..., url: ...}]")]
        problems: list[Problem] = []
        defaults = [i for i, item in enumerate(items) if isinstance(item, dict) and item.get("isDefault")]
        for i in defaults[1:]:
            problems.append(doc.problem(("datasources", i, "isDefault"), "datasource/default",
                                        "more than one datasource is the default: Grafana refuses the file",
                                        "keep isDefault: true on one datasource only"))
        for i, item in enumerate(items):
            if isinstance(item, dict):
                problems += _check_item(doc, ("datasources", i), item)
        return problems

    def cross_check(self, ctx: Context) -> list[Problem]:
        docs = ctx.of_kind(KIND)
        seen: dict[tuple[str, Any], tuple[Document, tuple]] = {}
        uids: set[Any] = set()
        problems: list[Problem] = []
        for doc in docs:
            for i, item in enumerate(_items(doc)):
                for key in ("uid", "name"):
                    value = item.get(key)
                    if not isinstance(value, str):
                        continue
                    if (key, value) in seen:
                        problems.append(doc.problem(("datasources", i, key), "datasource/duplicate",
                                                    f"datasource {key} {value!r} is defined twice",
                                                    f"{key}s must be unique in a Grafana organization"))
                    seen[(key, value)] = (doc, ("datasources", i))
                if isinstance(item.get("uid"), str):
                    uids.add(item["uid"])
        for doc in docs:
            for i, item in enumerate(_items(doc)):
                json_data = item.get("jsonData")
                fields = (json_data.get("derivedFields") if isinstance(json_data, dict) else None) or []
                for j, field in enumerate(fields if isinstance(fields, list) else []):
                    target = field.get("datasourceUid") if isinstance(field, dict) else None
                    if isinstance(target, str) and target not in uids:
                        problems.append(doc.problem(
                            ("datasources", i, "jsonData", "derivedFields", j, "datasourceUid"),
                            "datasource/derived-field", f"derived field points at datasource uid {target!r}, "
                            "which is not defined", "define that datasource, or fix the uid (e.g. zipkin)"))
        return problems


def _items(doc: Document) -> list[dict]:
    items = doc.data.get("datasources") if isinstance(doc.data, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _check_item(doc: Document, path: tuple, item: dict) -> list[Problem]:
    problems = []
    for key in ("name", "type"):
        if not item.get(key):
            problems.append(doc.problem(path, "datasource/structure", f"a datasource needs `{key}`", f"set {key}"))
    uid = item.get("uid")
    if uid is None:
        problems.append(doc.problem(path, "datasource/uid", "a datasource without uid gets a random one, so "
                                    "dashboards cannot reference it stably", "set uid: <stable id>", Severity.WARNING))
    elif not isinstance(uid, str) or not _UID.match(uid):
        problems.append(doc.problem(path + ("uid",), "datasource/uid", f"invalid uid {uid!r}",
                                    "at most 40 characters of letters, digits, - and _"))
    kind = item.get("type")
    if isinstance(kind, str) and kind and kind not in _KNOWN_TYPES:
        problems.append(doc.problem(path + ("type",), "datasource/type", f"unknown datasource type {kind!r}",
                                    "check the plugin id (prometheus, loki, zipkin, alertmanager...)", Severity.INFO))
    url = item.get("url")
    if url is not None and not (isinstance(url, str) and re.match(r"^(https?://[^/\s]+|\$)", url)):
        problems.append(doc.problem(path + ("url",), "datasource/url", f"url {url!r} is not an http(s) URL",
                                    "e.g. http://prometheus:9090"))
    for block in ("jsonData", "secureJsonData"):
        if not isinstance(item.get(block), (dict, type(None))):
            problems.append(doc.problem(path + (block,), "datasource/structure", f"`{block}` must be a mapping",
                                        f"{block}: {{key: value}}"))
            return problems
    for key, value in (item.get("secureJsonData") or {}).items():
        if not (isinstance(value, str) and _ENV_REF.search(value)):
            problems.append(doc.problem(path + ("secureJsonData", key), "datasource/secret",
                                        f"secureJsonData.{key} holds a literal secret",
                                        "use env('VAR') in Python, or $__env{VAR} in YAML, and export VAR"))
    for key in _SECRET_KEYS:
        if item.get(key):
            problems.append(doc.problem(path + (key,), "datasource/secret",
                                        f"`{key}` is a plain-text secret field",
                                        f"move it to secureJsonData.{key} as $__env{{VAR}}"))
    json_data = item.get("jsonData") or {}
    if kind == "alertmanager" and json_data.get("implementation") not in ("prometheus", "mimir", "cortex"):
        problems.append(doc.problem(path + ("jsonData",), "datasource/alertmanager",
                                    f"alertmanager implementation {json_data.get('implementation')!r} is not one of "
                                    "prometheus, mimir, cortex", "set jsonData.implementation: prometheus"))
    fields = json_data.get("derivedFields") or []
    for j, field in enumerate(fields if isinstance(fields, list) else []):
        if isinstance(field, dict) and field.get("matcherType", "regex") == "regex":
            try:
                re.compile(str(field.get("matcherRegex", "")))
            except re.error as exc:
                problems.append(doc.problem(path + ("jsonData", "derivedFields", j, "matcherRegex"),
                                            "datasource/derived-field", f"matcherRegex does not compile: {exc.msg}",
                                            "fix the regex; its first capture group is the value"))
            else:
                if "(" not in str(field.get("matcherRegex", "")):
                    problems.append(doc.problem(path + ("jsonData", "derivedFields", j, "matcherRegex"),
                                                "datasource/derived-field", "matcherRegex has no capture group",
                                                "capture the value: traceId=(\\w+)", Severity.WARNING))
    return problems
