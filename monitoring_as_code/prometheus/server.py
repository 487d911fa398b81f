"""The Prometheus server configuration (``prometheus.yml``) as Python objects.

Compiled to ``build/prometheus/prometheus.yml``; ``rule_files`` default to ``rules/*.yml``,
relative to that file, which is where ``mac build`` writes the rule files. Credentials are
files (``password_file``, ``credentials_file``, ``bearer_token_file``), never inline.
"""

from __future__ import annotations

from typing import Any

import attrs

from monitoring_as_code.core.fields import fields_data
from monitoring_as_code.core.resource import Resource
from monitoring_as_code.prometheus.durations import validate_duration
from monitoring_as_code.prometheus.server_http import (
    Authorization,
    BasicAuth,
    HTTPConfig,
    TLSConfig,
)

__all__ = [
    "AlertingConfig",
    "AlertmanagerEndpoint",
    "Authorization",
    "BasicAuth",
    "FileSDConfig",
    "GlobalConfig",
    "HTTPConfig",
    "KubernetesSDConfig",
    "PrometheusConfig",
    "RelabelConfig",
    "ScrapeConfig",
    "StaticConfig",
    "TLSConfig",
]



def _duration(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None:
        validate_duration(value, attribute.name)


class _Block(Resource):
    def to_json_data(self) -> dict:
        return fields_data(self)


@attrs.define(kw_only=True)
class GlobalConfig(_Block):
    """``global:``: default intervals and the labels added to every series and alert sent out."""

    kind = "GlobalConfig"
    scrape_interval: str | None = attrs.field(default=None, validator=_duration)
    scrape_timeout: str | None = attrs.field(default=None, validator=_duration)
    evaluation_interval: str | None = attrs.field(default=None, validator=_duration)
    external_labels: dict[str, str] | None = None
    query_log_file: str | None = None
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class RelabelConfig(_Block):
    """A ``relabel_configs`` / ``metric_relabel_configs`` step.

    :param action: replace (default), keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop,
        labelkeep, lowercase, uppercase
    :param regex: RE2, anchored at both ends as Prometheus anchors it
    """

    kind = "RelabelConfig"
    source_labels: list[str] | None = None
    separator: str | None = None
    regex: str | None = None
    modulus: int | None = None
    target_label: str | None = None
    replacement: str | None = None
    action: str | None = None


@attrs.define(kw_only=True)
class StaticConfig(_Block):
    """``static_configs`` item: ``host:port`` targets and labels added to them."""

    kind = "StaticConfig"
    targets: list[str] = attrs.field(factory=list)
    labels: dict[str, str] | None = None


@attrs.define(kw_only=True)
class FileSDConfig(_Block):
    """``file_sd_configs`` item: JSON/YAML target files (globs allowed), re-read every ``refresh_interval``."""

    kind = "FileSDConfig"
    files: list[str] = attrs.field(factory=list)
    refresh_interval: str | None = attrs.field(default=None, validator=_duration)


@attrs.define(kw_only=True)
class KubernetesSDConfig(_Block):
    """``kubernetes_sd_configs`` item.

    :param role: node, service, pod, endpoints, endpointslice or ingress
    :param namespaces: ``{"names": [...]}`` or ``{"own_namespace": True}``
    """

    kind = "KubernetesSDConfig"
    role: str = attrs.field(validator=attrs.validators.in_(
        ("node", "service", "pod", "endpoints", "endpointslice", "ingress")))
    api_server: str | None = None
    kubeconfig_file: str | None = None
    namespaces: dict | None = None
    selectors: list[dict] | None = None
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class AlertmanagerEndpoint(_Block):
    """An ``alerting.alertmanagers`` item."""

    kind = "AlertmanagerEndpoint"
    scheme: str | None = None
    path_prefix: str | None = None
    timeout: str | None = attrs.field(default=None, validator=_duration)
    api_version: str | None = None
    basic_auth: BasicAuth | None = None
    authorization: Authorization | None = None
    tls_config: TLSConfig | None = None
    static_configs: list[StaticConfig] | None = None
    file_sd_configs: list[FileSDConfig] | None = None
    kubernetes_sd_configs: list[KubernetesSDConfig] | None = None
    relabel_configs: list[RelabelConfig] | None = None
    extra: dict = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class AlertingConfig(_Block):
    """``alerting:``: where alerts go, and relabelling applied to them first."""

    kind = "AlertingConfig"
    alert_relabel_configs: list[RelabelConfig] | None = None
    alertmanagers: list[AlertmanagerEndpoint] = attrs.field(factory=list)


@attrs.define(kw_only=True)
class ScrapeConfig(_Block):
    """A ``scrape_configs`` item: one job.

    :param job_name: unique job name (the ``job`` label)
    :param metrics_path: default ``/metrics``
    """

    kind = "ScrapeConfig"
    job_name: str = attrs.field(validator=attrs.validators.instance_of(str))
    scrape_interval: str | None = attrs.field(default=None, validator=_duration)
    scrape_timeout: str | None = attrs.field(default=None, validator=_duration)
    metrics_path: str | None = None
    scheme: str | None = attrs.field(default=None, validator=attrs.validators.optional(attrs.validators.in_(("http", "https"))))
    params: dict[str, list[str]] | None = None
    honor_labels: bool | None = None
    honor_timestamps: bool | None = None
    basic_auth: BasicAuth | None = None
    authorization: Authorization | None = None
    tls_config: TLSConfig | None = None
    proxy_url: str | None = None
    follow_redirects: bool | None = None
    static_configs: list[StaticConfig] | None = None
    file_sd_configs: list[FileSDConfig] | None = None
    kubernetes_sd_configs: list[KubernetesSDConfig] | None = None
    relabel_configs: list[RelabelConfig] | None = None
    metric_relabel_configs: list[RelabelConfig] | None = None
    sample_limit: int | None = None
    label_limit: int | None = None
    target_limit: int | None = None
    extra: dict = attrs.field(factory=dict)

    @property
    def name(self) -> str:
        return self.job_name


@attrs.define(kw_only=True)
class PrometheusConfig(Resource):
    """A complete ``prometheus.yml``, compiled to ``build/prometheus/<name>.yml``.

    :param rule_files: globs relative to the output file; the default finds the rule files
        ``mac build`` writes beside it
    """

    kind = "PrometheusConfig"
    name: str = "prometheus"
    global_: GlobalConfig | None = None
    alerting: AlertingConfig | None = None
    rule_files: list[str] = attrs.field(factory=lambda: ["rules/*.yml"])
    scrape_configs: list[ScrapeConfig] = attrs.field(factory=list)
    extra: dict = attrs.field(factory=dict)

    def to_json_data(self) -> dict:
        return fields_data(self, skip=("name",))

    def job(self, name: str) -> ScrapeConfig:
        """The scrape config of job ``name``; raises ``KeyError``."""
        for job in self.scrape_configs:
            if job.job_name == name:
                return job
        raise KeyError(name)
