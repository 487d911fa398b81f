"""Promtail configuration (plain data) -> Grafana Alloy components, as ``alloy convert
--source-format=promtail`` builds them (``internal/converter/internal/promtailconvert``):

per scrape config, labelled by its sanitized ``job_name``: ``discovery.kubernetes``, then
``discovery.relabel`` over every target (when there are ``relabel_configs``), ``local.file_match``,
``loki.process`` (when there are stages), ``loki.source.file`` (with ``legacy_positions_file``);
Docker discovery becomes ``discovery.docker`` + ``loki.source.docker``; each client a ``loki.write``.
Arguments equal to Alloy's defaults are left out, as the converter does.
"""

from __future__ import annotations

from typing import Any

from monitoring_as_code.alloy.stages import convert_stages
from monitoring_as_code.alloy.syntax import Attr, Block, Concat, Expr, identifier
from monitoring_as_code.loki.duration import go_duration, parse_seconds

Path = tuple[Any, ...]
DEFAULT_POSITIONS = "/var/log/positions.yaml"
#: Promtail client option -> (Alloy endpoint argument, Alloy default, converter)
_ENDPOINT: tuple[tuple[str, str, Any, str | None], ...] = (
    ("name", "name", "", None), ("url", "url", None, None), ("headers", "headers", {}, None),
    ("batchwait", "batch_wait", "1s", "duration"), ("batchsize", "batch_size", 1048576, "bytes"),
    ("timeout", "remote_timeout", "10s", "duration"),
)


class Conversion:
    """The Alloy blocks of one Promtail configuration, and what could not be converted.

    :param data: the Promtail configuration as plain data
    """

    def __init__(self, data: dict) -> None:
        self.data = data
        self.blocks: list[Block] = []
        #: ``(path, message, hint, warning)``: what the Alloy output lacks (a bug) or approximates (a warning)
        self.diagnostics: list[tuple[Path, str, str, bool]] = []
        clients = data.get("clients") or ([data["client"]] if data.get("client") else [])
        self.writes = [f"loki.write.{'default' if i == 0 else f'default_{i}'}.receiver" for i in range(len(clients))]
        for i, scrape in enumerate(data.get("scrape_configs") or []):
            if isinstance(scrape, dict):
                _Job(self, scrape, ("scrape_configs", i)).convert()
        for i, client in enumerate(clients):
            self.blocks.append(self._write(client, i))
        if data.get("limits_config"):
            self.diag(("limits_config",), "Promtail's global limits_config is not converted to Alloy",
                      "add stage.limit / stage.drop (longer_than) blocks to the pipelines in Alloy", warning=True)

    def diag(self, path: Path, message: str, hint: str = "", warning: bool = False) -> None:
        self.diagnostics.append((path, message, hint, warning))

    def _write(self, client: dict, index: int) -> Block:
        endpoint: list[Any] = []
        for key, name, default, kind in _ENDPOINT:
            val = client.get(key)
            if val is None or val == default:
                continue
            if kind == "duration":
                val = go_duration(parse_seconds(val))
                if val == go_duration(parse_seconds(default)):
                    continue
            endpoint.append(Attr(name, val))
        backoff = client.get("backoff_config") or {}
        for key, name, default in (("min_period", "min_backoff_period", "500ms"),
                                   ("max_period", "max_backoff_period", "5m"), ("max_retries", "max_backoff_retries", 10)):
            val = backoff.get(key)
            if val is not None and val != default:
                endpoint.append(Attr(name, go_duration(parse_seconds(val)) if key != "max_retries" else val))
        if client.get("tenant_id"):
            endpoint.append(Attr("tenant_id", client["tenant_id"]))
        if client.get("drop_rate_limited_batches"):
            endpoint.append(Attr("retry_on_http_429", False))
        for key in ("bearer_token", "bearer_token_file"):
            if client.get(key):
                endpoint.append(Attr(key, client[key]))
        auth = client.get("basic_auth") or {}
        if auth:
            endpoint.append(Block("basic_auth", body=[Attr(k, auth[k]) for k in ("username", "password",
                                                                               "password_file") if auth.get(k)]))
        label = "default" if index == 0 else f"default_{index}"
        return Block("loki.write", label, [Block("endpoint", body=endpoint),
                                           Attr("external_labels", dict(client.get("external_labels") or {}))])


class _Job:
    """One scrape config's components (the converter's ``ScrapeConfigBuilder``)."""

    def __init__(self, conv: Conversion, scrape: dict, path: Path) -> None:
        self.conv, self.scrape, self.path = conv, scrape, path
        self.label = identifier(str(scrape.get("job_name", "")))
        self.targets: list[Any] = []
        self.process: list[Expr] | None = None
        self.relabel_done = False
        self.relabeled: Any = None
        self.rules: Expr | None = None

    def convert(self) -> None:
        for i, sd in enumerate(self.scrape.get("kubernetes_sd_configs") or []):
            label = self.label if i == 0 else f"{self.label}_{i}"
            self.conv.blocks.append(Block("discovery.kubernetes", label, _kubernetes(sd)))
            self.targets.append(Expr(f"discovery.kubernetes.{label}.targets"))
        static = [dict({"__address__": t}, **(sc.get("labels") or {}))
                  for sc in self.scrape.get("static_configs") or [] for t in sc.get("targets") or ["localhost"]]
        if static:
            self.targets.append(static)
        for key in self.scrape:
            if key.endswith("_sd_configs") and key not in ("kubernetes_sd_configs", "docker_sd_configs") or key in (
                    "journal", "syslog", "loki_push_api", "windows_events", "kafka", "gelf", "cloudflare",
                    "heroku_drain", "gcplog", "azure_event_hubs"):
                self.conv.diag(self.path + (key,), f"{key} is not converted by mac", "convert it with alloy convert")
        if self.targets:
            self._file_pipeline()
        self._docker_pipeline()

    def _joined(self) -> Any:
        return self.targets[0] if len(self.targets) == 1 else Concat(tuple(self.targets))

    def _relabel(self) -> None:
        if self.relabel_done:
            return
        self.relabel_done = True
        rules = self.scrape.get("relabel_configs") or []
        if not rules:
            self.relabeled = self._joined() if self.targets else []
            return
        self.conv.blocks.append(Block("discovery.relabel", self.label,
                                      [Attr("targets", self._joined() if self.targets else [])] + [
                                          Block("rule", body=_rule(r)) for r in rules]))
        self.relabeled = Expr(f"discovery.relabel.{self.label}.output")
        self.rules = Expr(f"discovery.relabel.{self.label}.rules")

    def _receivers(self) -> list[Expr]:
        if self.process is None:
            stages = self.scrape.get("pipeline_stages") or []
            if not stages:
                self.process = [Expr(w) for w in self.conv.writes]
            else:
                body: list[Any] = [Attr("forward_to", [Expr(w) for w in self.conv.writes])]
                body += convert_stages(stages, self.path + ("pipeline_stages",), self.conv.diag)
                self.conv.blocks.append(Block("loki.process", self.label, body))
                self.process = [Expr(f"loki.process.{self.label}.receiver")]
        return self.process

    def _file_pipeline(self) -> None:
        self._relabel()
        self.conv.blocks.append(Block("local.file_match", self.label, [Attr("path_targets", self.relabeled)]))
        forward = self._receivers()
        body: list[Any] = [Attr("targets", Expr(f"local.file_match.{self.label}.targets")), Attr("forward_to", forward)]
        if self.scrape.get("encoding"):
            body.append(Attr("encoding", self.scrape["encoding"]))
        positions = (self.conv.data.get("positions") or {}).get("filename") or DEFAULT_POSITIONS
        body.append(Attr("legacy_positions_file", positions))
        self.conv.blocks.append(Block("loki.source.file", self.label, body))

    def _docker_pipeline(self) -> None:
        for i, sd in enumerate(self.scrape.get("docker_sd_configs") or []):
            label = self.label if i == 0 else f"{self.label}_{i}"
            host = sd.get("host", "unix:///var/run/docker.sock")
            discovery: list[Any] = [Attr("host", host)]
            if sd.get("port") not in (None, 80):
                discovery.append(Attr("port", sd["port"]))
            refresh = sd.get("refresh_interval")
            if refresh is not None and parse_seconds(refresh) != 60:
                discovery.append(Attr("refresh_interval", go_duration(parse_seconds(refresh))))
            for flt in sd.get("filters") or []:
                discovery.append(Block("filter", body=[Attr("name", flt.get("name")),
                                                       Attr("values", list(flt.get("values") or []))]))
            self.conv.blocks.append(Block("discovery.docker", label, discovery))
            forward = self._receivers()
            self._relabel()
            source: list[Any] = [Attr("host", host), Attr("targets", Expr(f"discovery.docker.{label}.targets")),
                                 Attr("forward_to", forward)]
            if self.rules is not None:
                source.append(Attr("relabel_rules", self.rules))
            if refresh is not None and parse_seconds(refresh) != 60:
                source.append(Attr("refresh_interval", go_duration(parse_seconds(refresh))))
            self.conv.blocks.append(Block("loki.source.docker", label, source))


def _kubernetes(sd: dict) -> list[Any]:
    body: list[Any] = []
    for key in ("api_server", "role", "kubeconfig_file"):
        if sd.get(key):
            body.append(Attr(key, sd[key]))
    namespaces = sd.get("namespaces") or {}
    if namespaces:
        body.append(Block("namespaces", body=[Attr(k, v) for k, v in namespaces.items() if v]))
    for selector in sd.get("selectors") or []:
        body.append(Block("selectors", body=[Attr(k, selector[k]) for k in ("role", "label", "field")
                                             if selector.get(k)]))
    return body


def _rule(rule: dict) -> list[Attr]:
    body = []
    for key in ("source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action"):
        val = rule.get(key)
        if val is None or (key, val) in (("separator", ";"), ("regex", "(.*)"), ("replacement", "$1"),
                                         ("action", "replace")):
            continue
        body.append(Attr(key, list(val) if key == "source_labels" else val))
    return body


def convert(data: dict) -> Conversion:
    """Convert a Promtail configuration; ``.blocks`` render with :func:`alloy.syntax.render`.

    :param data: the Promtail configuration as plain data (well-formed: check it first)
    """
    return Conversion(data)
