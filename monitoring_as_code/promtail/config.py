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


def _opt() -> Any:
    """A fresh optional attribute (each field needs its own: attrs orders fields by creation)."""
    return attr.ib(default=None)



@attr.s(kw_only=True)
class PromtailServer(Block):
    """``server``: Promtail's own HTTP/gRPC listeners (``grpc_listen_port: 0`` picks a free port)."""

    http_listen_port: int | None = _opt()
    grpc_listen_port: int | None = _opt()
    log_level: str | None = _opt()


@attr.s(kw_only=True)
class Positions(Block):
    """``positions``: where Promtail records how far it read each file."""

    filename: str | None = _opt()
    sync_period: str | None = _opt()


@attr.s(kw_only=True)
class BasicAuth(Block):
    """HTTP basic auth. Put the password in a file (``password_file``) or ``${VAR}`` with
    ``-config.expand-env=true``: the check flags a literal password."""

    username: str | None = _opt()
    password: str | None = _opt()
    password_file: str | None = _opt()


@attr.s(kw_only=True)
class Client(Block):
    """A Loki push endpoint (``clients[]``)."""

    url: str = attr.ib()
    tenant_id: str | None = _opt()
    basic_auth: BasicAuth | None = _opt()
    bearer_token_file: str | None = _opt()
    batchwait: str | None = _opt()
    batchsize: int | None = _opt()
    timeout: str | None = _opt()
    headers: dict[str, str] | None = _opt()
    external_labels: dict[str, str] | None = _opt()


@attr.s(kw_only=True)
class StaticConfig(Block):
    """Local files: ``labels['__path__']`` is the glob Promtail tails."""

    targets: list[str] = attr.ib(factory=lambda: ["localhost"])
    labels: dict[str, str] = attr.ib(factory=dict)


@attr.s(kw_only=True)
class DockerSD(Block):
    """Docker discovery: Promtail reads container logs from the Docker API."""

    host: str = attr.ib(default="unix:///var/run/docker.sock")
    refresh_interval: str | None = _opt()
    filters: list[dict[str, Any]] | None = _opt()


@attr.s(kw_only=True)
class KubernetesSD(Block):
    """Kubernetes discovery (``role: pod`` for pod logs)."""

    role: str = attr.ib(default="pod")
    namespaces: dict[str, Any] | None = _opt()
    selectors: list[dict[str, Any]] | None = _opt()
    kubeconfig_file: str | None = _opt()


@attr.s(kw_only=True)
class RelabelConfig(Block):
    """A Prometheus-style relabel rule (``action`` defaults to ``replace``)."""

    source_labels: list[str] | None = _opt()
    separator: str | None = _opt()
    target_label: str | None = _opt()
    regex: str | None = _opt()
    modulus: int | None = _opt()
    replacement: str | None = _opt()
    action: str | None = _opt()


@attr.s(kw_only=True)
class ScrapeConfig(Block):
    """One job: where logs come from, how targets are relabelled, and the pipeline stages."""

    kind: ClassVar[str] = "ScrapeConfig"

    job_name: str = attr.ib()
    static_configs: list[StaticConfig] | None = _opt()
    docker_sd_configs: list[DockerSD] | None = _opt()
    kubernetes_sd_configs: list[KubernetesSD] | None = _opt()
    relabel_configs: list[RelabelConfig] | None = _opt()
    pipeline_stages: list[Any] | None = _opt()

    @property
    def name(self) -> str:
        return self.job_name


@attr.s(kw_only=True)
class PromtailConfig(Block):
    """A whole Promtail configuration, compiled to ``build/promtail/<name>.yaml`` and, converted,
    to ``build/alloy/<name>.alloy`` (``config.alloy`` for the default name).

    :param name: the output file name without extension (default ``promtail``)
    """

    kind: ClassVar[str] = "PromtailConfig"
    not_keys: ClassVar[tuple[str, ...]] = ("name",)

    name: str = attr.ib(default="promtail")
    server: PromtailServer | None = _opt()
    positions: Positions | None = _opt()
    clients: list[Client] = attr.ib(factory=list)
    scrape_configs: list[ScrapeConfig] = attr.ib(factory=list)
    limits_config: dict[str, Any] | None = _opt()
