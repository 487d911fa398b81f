"""Promtail's configuration as code: server, positions, clients and scrape configs.

Promtail reached end of life on 2026-03-02; the same definition also compiles to Grafana Alloy
(see :mod:`monitoring_as_code.alloy`), so teams can ship either while they migrate.

Example::

    PromtailConfig(
        clients=[Client(url="http://loki:3100/loki/api/v1/push")],
        scrape_configs=[ScrapeConfig(
            job_name="system",
            static_configs=[StaticConfig(labels={"job": "varlogs", "__path__": "/var/log/*log"})],
            pipeline_stages=[Logfmt(mapping={"level": None}), Labels({"level": None})],
        )],
    )
"""

from __future__ import annotations

from typing import Any, ClassVar

import attr

from monitoring_as_code.loki.block import Block


@attr.s(auto_attribs=True, kw_only=True)
class PromtailServer(Block):
    """``server``: Promtail's own HTTP/gRPC listeners (``grpc_listen_port: 0`` picks a free port)."""

    http_listen_port: int | None = None
    grpc_listen_port: int | None = None
    log_level: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Positions(Block):
    """``positions``: where Promtail records how far it read each file."""

    filename: str | None = None
    sync_period: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class BasicAuth(Block):
    """HTTP basic auth. Put the password in a file (``password_file``) or ``${VAR}`` with
    ``-config.expand-env=true``: the check flags a literal password."""

    username: str | None = None
    password: str | None = None
    password_file: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Client(Block):
    """A Loki push endpoint (``clients[]``)."""

    url: str
    tenant_id: str | None = None
    basic_auth: BasicAuth | None = None
    bearer_token_file: str | None = None
    batchwait: str | None = None
    batchsize: int | None = None
    timeout: str | None = None
    headers: dict[str, str] | None = None
    external_labels: dict[str, str] | None = None


@attr.s(auto_attribs=True, kw_only=True)
class StaticConfig(Block):
    """Local files: ``labels['__path__']`` is the glob Promtail tails."""

    targets: list[str] = attr.Factory(lambda: ["localhost"])
    labels: dict[str, str] = attr.Factory(dict)


@attr.s(auto_attribs=True, kw_only=True)
class DockerSD(Block):
    """Docker discovery: Promtail reads container logs from the Docker API."""

    host: str = "unix:///var/run/docker.sock"
    refresh_interval: str | None = None
    filters: list[dict[str, Any]] | None = None


@attr.s(auto_attribs=True, kw_only=True)
class KubernetesSD(Block):
    """Kubernetes discovery (``role: pod`` for pod logs)."""

    role: str = "pod"
    namespaces: dict[str, Any] | None = None
    selectors: list[dict[str, Any]] | None = None
    kubeconfig_file: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class RelabelConfig(Block):
    """A Prometheus-style relabel rule (``action`` defaults to ``replace``)."""

    source_labels: list[str] | None = None
    separator: str | None = None
    target_label: str | None = None
    regex: str | None = None
    modulus: int | None = None
    replacement: str | None = None
    action: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class ScrapeConfig(Block):
    """One job: where logs come from, how targets are relabelled, and the pipeline stages."""

    kind: ClassVar[str] = "ScrapeConfig"

    job_name: str
    static_configs: list[StaticConfig] | None = None
    docker_sd_configs: list[DockerSD] | None = None
    kubernetes_sd_configs: list[KubernetesSD] | None = None
    relabel_configs: list[RelabelConfig] | None = None
    pipeline_stages: list[Any] | None = None

    @property
    def name(self) -> str:
        return self.job_name


@attr.s(auto_attribs=True, kw_only=True)
class PromtailConfig(Block):
    """A whole Promtail configuration, compiled to ``build/promtail/<name>.yaml`` and, converted,
    to ``build/alloy/<name>.alloy`` (``config.alloy`` for the default name).

    :param name: the output file name without extension (default ``promtail``)
    """

    kind: ClassVar[str] = "PromtailConfig"
    not_keys: ClassVar[tuple[str, ...]] = ("name",)

    name: str = "promtail"
    server: PromtailServer | None = None
    positions: Positions | None = None
    clients: list[Client] = attr.Factory(list)
    scrape_configs: list[ScrapeConfig] = attr.Factory(list)
    limits_config: dict[str, Any] | None = None
