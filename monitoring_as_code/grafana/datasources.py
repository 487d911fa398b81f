"""Grafana datasources as code: provisioning YAML and HTTP API payloads from one definition.

Compiled to ``build/grafana/provisioning/datasources/<name>.yaml`` (``apiVersion: 1``). Secure
fields never hold a value: :func:`env` names an environment variable, written ``$__env{VAR}`` in
provisioning (Grafana expands it when it reads the file) and resolved only in memory for the
HTTP API payload (:meth:`Datasources.api_payloads`).

Example::

    Datasources(name="portal", datasources=[
        PrometheusDatasource(url="http://prometheus:9090"),
        LokiDatasource(url="http://loki:3100", derived_fields=[
            DerivedField(name="TraceID", matcher_regex=r'traceId=(\\w+)', datasource_uid="zipkin")]),
        ZipkinDatasource(url="http://zipkin:9411"),
        AlertmanagerDatasource(url="http://alertmanager:9093",
                               basic_auth_user="grafana", secure_json_data={"basicAuthPassword": env("AM_PASSWORD")}),
    ])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attr

from monitoring_as_code.core.resource import Resource


@attr.s(frozen=True)
class EnvSecret:
    """A secret read from the environment variable ``var``; its value never enters generated files.

    :param prefix: text before the secret, e.g. ``"Bearer "`` for an ``Authorization`` header value
    """

    var: str = attr.ib()
    prefix: str = attr.ib(default="")

    def to_json_data(self) -> str:
        return f"{self.prefix}$__env{{{self.var}}}"

    def resolve(self, environ: Mapping[str, str]) -> str:
        """The secret's value, for an API call; :class:`UsageError` (naming the variable only) when unset."""
        from monitoring_as_code.errors import UsageError

        if not environ.get(self.var):
            raise UsageError(f"environment variable {self.var} is not set", f"export {self.var}=... before publishing")
        return self.prefix + environ[self.var]


def env(var: str, prefix: str = "") -> EnvSecret:
    """A secure field taken from the environment variable ``var`` (after ``prefix``, e.g. ``"Bearer "``)."""
    return EnvSecret(var, prefix)


@attr.s(kw_only=True)
class DerivedField(Resource):
    """A Loki derived field: a value found in a log line (or a label, ``matcher_type="label"``) becomes a link,
    here to a trace in another datasource (``datasource_uid``; ``url`` is then the query, ``${__value.raw}``)."""

    kind: ClassVar[str] = "DerivedField"

    name: str = attr.ib()
    matcher_regex: str = attr.ib()
    datasource_uid: str | None = attr.ib(default=None)
    url: str = attr.ib(default="${__value.raw}")
    url_display_label: str | None = attr.ib(default=None)
    matcher_type: str | None = attr.ib(default=None)

    def to_json_data(self) -> dict[str, Any]:
        return {"name": self.name, "matcherRegex": self.matcher_regex, "matcherType": self.matcher_type,
                "datasourceUid": self.datasource_uid, "url": self.url, "urlDisplayLabel": self.url_display_label}


@attr.s(kw_only=True)
class Datasource(Resource):
    """One datasource; fields follow Grafana's provisioning keys (``is_default`` -> ``isDefault``).

    :param secure_json_data: secure fields, each an :func:`env` reference
    """

    kind: ClassVar[str] = "Datasource"

    name: str = attr.ib()
    type: str = attr.ib()
    uid: str = attr.ib()
    url: str | None = attr.ib(default=None)
    access: str = attr.ib(default="proxy")
    is_default: bool = attr.ib(default=False)
    basic_auth: bool | None = attr.ib(default=None)
    basic_auth_user: str | None = attr.ib(default=None)
    user: str | None = attr.ib(default=None)
    database: str | None = attr.ib(default=None)
    json_data: dict[str, Any] = attr.ib(factory=dict)
    secure_json_data: dict[str, EnvSecret] = attr.ib(factory=dict)
    editable: bool = attr.ib(default=False)
    org_id: int = attr.ib(default=1)
    version: int | None = attr.ib(default=None)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        for key, value in self.secure_json_data.items():
            if not isinstance(value, EnvSecret):
                raise TypeError(f"secure_json_data[{key!r}] of datasource {self.uid!r} must be env('VAR'), "
                                "never a literal secret")

    def _common(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "uid": self.uid, "access": self.access, "url": self.url,
                "isDefault": self.is_default, "basicAuth": self.basic_auth, "basicAuthUser": self.basic_auth_user,
                "user": self.user, "database": self.database, "jsonData": self.json_data or None}

    def to_json_data(self) -> dict[str, Any]:
        """The provisioning entry (secure fields as ``$__env{VAR}``)."""
        data = self._common()
        data.update({"secureJsonData": dict(self.secure_json_data) or None, "editable": self.editable,
                     "orgId": self.org_id, "version": self.version})
        return data

    def api_payload(self, environ: Mapping[str, str]) -> dict[str, Any]:
        """The body of ``POST /api/datasources`` (or ``PUT /api/datasources/uid/<uid>``), secrets resolved."""
        from monitoring_as_code.core.encode import to_data

        data = to_data(self._common())
        if self.secure_json_data:
            data["secureJsonData"] = {k: v.resolve(environ) for k, v in self.secure_json_data.items()}
        return data


def PrometheusDatasource(url: str, *, uid: str = "prometheus", name: str = "Prometheus", is_default: bool = True,
                         time_interval: str = "15s", http_method: str = "POST", **kwargs: Any) -> Datasource:
    """Prometheus (``timeInterval`` = the scrape interval, so ``$__rate_interval`` is right)."""
    json_data = {"httpMethod": http_method, "timeInterval": time_interval, **kwargs.pop("json_data", {})}
    return Datasource(name=name, type="prometheus", uid=uid, url=url, is_default=is_default, json_data=json_data,
                      **kwargs)


def LokiDatasource(url: str, *, uid: str = "loki", name: str = "Loki", max_lines: int = 1000,
                   derived_fields: list[DerivedField] | None = None, **kwargs: Any) -> Datasource:
    """Loki, with derived fields (e.g. a trace id in a log line -> the trace in Zipkin)."""
    json_data: dict[str, Any] = {"maxLines": max_lines, **kwargs.pop("json_data", {})}
    if derived_fields:
        json_data["derivedFields"] = derived_fields
    return Datasource(name=name, type="loki", uid=uid, url=url, json_data=json_data, **kwargs)


def ZipkinDatasource(url: str, *, uid: str = "zipkin", name: str = "Zipkin", logs_uid: str | None = None,
                     **kwargs: Any) -> Datasource:
    """Zipkin; with ``logs_uid``, a span links back to its logs in that Loki datasource (by trace id)."""
    json_data: dict[str, Any] = dict(kwargs.pop("json_data", {}))
    if logs_uid:
        json_data["tracesToLogsV2"] = {"datasourceUid": logs_uid, "filterByTraceID": True,
                                       "spanStartTimeShift": "-5m", "spanEndTimeShift": "5m"}
    return Datasource(name=name, type="zipkin", uid=uid, url=url, json_data=json_data, **kwargs)


def AlertmanagerDatasource(url: str, *, uid: str = "alertmanager", name: str = "Alertmanager",
                           implementation: str = "prometheus", **kwargs: Any) -> Datasource:
    """Alertmanager (``implementation: prometheus`` for the upstream Alertmanager)."""
    json_data = {"implementation": implementation, "handleGrafanaManagedAlerts": False,
                 **kwargs.pop("json_data", {})}
    return Datasource(name=name, type="alertmanager", uid=uid, url=url, json_data=json_data, **kwargs)


@attr.s(kw_only=True)
class Datasources(Resource):
    """A provisioning file of datasources, ``build/grafana/provisioning/datasources/<name>.yaml``."""

    kind: ClassVar[str] = "Datasources"

    name: str = attr.ib(default="datasources")
    datasources: list[Datasource] = attr.ib(factory=list)
    #: datasources Grafana deletes before provisioning these, e.g. ``[{"name": "Old Loki", "orgId": 1}]``
    delete_datasources: list[dict[str, Any]] | None = attr.ib(default=None)

    def to_json_data(self) -> dict[str, Any]:
        return {"apiVersion": 1, "deleteDatasources": self.delete_datasources, "datasources": list(self.datasources)}

    def api_payloads(self, environ: Mapping[str, str]) -> list[dict[str, Any]]:
        """One HTTP API payload per datasource, in order (secrets resolved from ``environ``)."""
        return [d.api_payload(environ) for d in self.datasources]
