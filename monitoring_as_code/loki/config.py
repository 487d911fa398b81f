"""Loki 3.x configuration as code, compiled to ``build/loki/loki.yaml``.

The blocks model what a single-binary or simple-scalable deployment sets: server, common,
ingester, schema periods, storage (filesystem, S3, GCS, Azure), limits, compactor with
retention, ruler, query range and frontend. Anything else goes in a block's ``extra`` (or
``LokiConfig.extra`` for whole blocks) and is checked like the rest.

Example::

    LokiConfig(
        common=Common(path_prefix="/loki", storage=Storage(filesystem=Filesystem(chunks_directory="/loki/chunks"))),
        schema_config=SchemaConfig(configs=[PeriodConfig(from_="2024-01-01")]),   # tsdb, v13, 24h
        limits_config=Limits(retention_period="168h"),
        compactor=Compactor(retention_enabled=True, delete_request_store="filesystem"),
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
class Server(Block):
    """``server``: listen addresses and ports, log level."""

    http_listen_address: str | None = _opt()
    http_listen_port: int | None = _opt()
    grpc_listen_address: str | None = _opt()
    grpc_listen_port: int | None = _opt()
    log_level: str | None = _opt()
    log_format: str | None = _opt()
    http_server_read_timeout: str | None = _opt()
    http_server_write_timeout: str | None = _opt()
    grpc_server_max_recv_msg_size: int | None = _opt()
    grpc_server_max_send_msg_size: int | None = _opt()


@attr.s(kw_only=True)
class Filesystem(Block):
    """Local filesystem storage: ``chunks_directory``/``rules_directory`` under ``common.storage``,
    ``directory`` under ``storage_config``."""

    chunks_directory: str | None = _opt()
    rules_directory: str | None = _opt()
    directory: str | None = _opt()


@attr.s(kw_only=True)
class S3(Block):
    """S3 or an S3-compatible store (MinIO). Put credentials in ``${VAR}`` and run Loki with
    ``-config.expand-env=true``: the check flags literal secrets."""

    s3: str | None = _opt()
    endpoint: str | None = _opt()
    region: str | None = _opt()
    bucketnames: str | None = _opt()
    access_key_id: str | None = _opt()
    secret_access_key: str | None = _opt()
    insecure: bool | None = _opt()
    s3forcepathstyle: bool | None = _opt()


@attr.s(kw_only=True)
class GCS(Block):
    """Google Cloud Storage."""

    bucket_name: str | None = _opt()
    service_account: str | None = _opt()
    chunk_buffer_size: int | None = _opt()
    request_timeout: str | None = _opt()


@attr.s(kw_only=True)
class Azure(Block):
    """Azure Blob Storage."""

    account_name: str | None = _opt()
    account_key: str | None = _opt()
    container_name: str | None = _opt()
    endpoint_suffix: str | None = _opt()
    use_managed_identity: bool | None = _opt()
    connection_string: str | None = _opt()


@attr.s(kw_only=True)
class Storage(Block):
    """``common.storage``: one backend for chunks, index and rules."""

    filesystem: Filesystem | None = _opt()
    s3: S3 | None = _opt()
    gcs: GCS | None = _opt()
    azure: Azure | None = _opt()


@attr.s(kw_only=True)
class Common(Block):
    """``common``: defaults shared by every component."""

    path_prefix: str | None = _opt()
    instance_addr: str | None = _opt()
    replication_factor: int | None = _opt()
    storage: Storage | None = _opt()
    ring: dict[str, Any] | None = _opt()
    compactor_address: str | None = _opt()


@attr.s(kw_only=True)
class Ingester(Block):
    """``ingester``: chunk sizing and flushing."""

    chunk_idle_period: str | None = _opt()
    chunk_target_size: int | None = _opt()
    chunk_encoding: str | None = _opt()
    max_chunk_age: str | None = _opt()
    chunk_retain_period: str | None = _opt()
    wal: dict[str, Any] | None = _opt()
    lifecycler: dict[str, Any] | None = _opt()


@attr.s(kw_only=True)
class Index(Block):
    """A period's index table: prefix and period (24h for tsdb)."""

    prefix: str = attr.ib(default="index_")
    period: str = attr.ib(default="24h")
    path_prefix: str | None = _opt()


@attr.s(kw_only=True)
class PeriodConfig(Block):
    """One schema period, in effect from ``from_`` (``YYYY-MM-DD``) until the next one starts.

    Defaults are Loki 3's recommendation: tsdb index, schema v13, 24h index period.
    """

    from_: str = attr.ib()
    store: str = attr.ib(default="tsdb")
    object_store: str = attr.ib(default="filesystem")
    schema: str = attr.ib(default="v13")
    index: Index = attr.ib(factory=Index)


@attr.s(kw_only=True)
class SchemaConfig(Block):
    """``schema_config``: the periods, oldest first. Never edit a past period: add a new one."""

    configs: list[PeriodConfig] = attr.ib(factory=list)


@attr.s(kw_only=True)
class TsdbShipper(Block):
    """``storage_config.tsdb_shipper``: where the index is built before upload."""

    active_index_directory: str | None = _opt()
    cache_location: str | None = _opt()
    cache_ttl: str | None = _opt()


@attr.s(kw_only=True)
class StorageConfig(Block):
    """``storage_config``: index shipper and object stores (S3 is the ``aws`` key here)."""

    tsdb_shipper: TsdbShipper | None = _opt()
    filesystem: Filesystem | None = _opt()
    aws: S3 | None = _opt()
    gcs: GCS | None = _opt()
    azure: Azure | None = _opt()


@attr.s(kw_only=True)
class Limits(Block):
    """``limits_config``. Loki decodes this block leniently (unknown keys are ignored): our check is
    the only thing that tells you a key here does nothing."""

    allow_structured_metadata: bool | None = _opt()
    retention_period: str | None = _opt()
    reject_old_samples: bool | None = _opt()
    reject_old_samples_max_age: str | None = _opt()
    ingestion_rate_mb: float | None = _opt()
    ingestion_burst_size_mb: float | None = _opt()
    max_global_streams_per_user: int | None = _opt()
    max_query_lookback: str | None = _opt()
    max_query_series: int | None = _opt()
    query_timeout: str | None = _opt()
    split_queries_by_interval: str | None = _opt()
    volume_enabled: bool | None = _opt()


@attr.s(kw_only=True)
class Compactor(Block):
    """``compactor``: index compaction and retention. Retention needs ``delete_request_store``."""

    working_directory: str | None = _opt()
    compaction_interval: str | None = _opt()
    retention_enabled: bool | None = _opt()
    retention_delete_delay: str | None = _opt()
    retention_delete_worker_count: int | None = _opt()
    delete_request_store: str | None = _opt()


@attr.s(kw_only=True)
class RulerStorage(Block):
    """``ruler.storage``: ``type: local`` with ``local: {directory: ...}`` or an object store."""

    type: str = attr.ib(default="local")
    local: dict[str, Any] | None = _opt()
    s3: S3 | None = _opt()
    gcs: GCS | None = _opt()
    azure: Azure | None = _opt()


@attr.s(kw_only=True)
class Ruler(Block):
    """``ruler``: evaluates LogQL rules (see :mod:`monitoring_as_code.loki.rules`) and sends alerts."""

    alertmanager_url: str | None = _opt()
    external_url: str | None = _opt()
    enable_api: bool | None = _opt()
    enable_alertmanager_v2: bool | None = _opt()
    evaluation_interval: str | None = _opt()
    rule_path: str | None = _opt()
    storage: RulerStorage | None = _opt()
    ring: dict[str, Any] | None = _opt()
    wal: dict[str, Any] | None = _opt()
    remote_write: dict[str, Any] | None = _opt()


@attr.s(kw_only=True)
class QueryRange(Block):
    """``query_range``: query splitting and results cache."""

    align_queries_with_step: bool | None = _opt()
    cache_results: bool | None = _opt()
    max_retries: int | None = _opt()
    parallelise_shardable_queries: bool | None = _opt()
    results_cache: dict[str, Any] | None = _opt()


@attr.s(kw_only=True)
class Frontend(Block):
    """``frontend``: the query frontend."""

    encoding: str | None = _opt()
    log_queries_longer_than: str | None = _opt()
    compress_responses: bool | None = _opt()
    max_outstanding_per_tenant: int | None = _opt()


@attr.s(kw_only=True)
class LokiConfig(Block):
    """A whole Loki 3.x configuration file, compiled to ``build/loki/<name>.yaml``.

    :param name: the output file name without extension (default ``loki``)
    :param target: ``all`` (single binary), ``read``, ``write``, ``backend``...
    :param auth_enabled: multi-tenancy; when false every request is tenant ``fake``
    """

    kind: ClassVar[str] = "LokiConfig"
    not_keys: ClassVar[tuple[str, ...]] = ("name",)

    name: str = attr.ib(default="loki")
    target: str | None = _opt()
    auth_enabled: bool | None = _opt()
    server: Server | None = _opt()
    common: Common | None = _opt()
    ingester: Ingester | None = _opt()
    schema_config: SchemaConfig | None = _opt()
    storage_config: StorageConfig | None = _opt()
    compactor: Compactor | None = _opt()
    limits_config: Limits | None = _opt()
    ruler: Ruler | None = _opt()
    query_range: QueryRange | None = _opt()
    frontend: Frontend | None = _opt()
    querier: dict[str, Any] | None = _opt()
    memberlist: dict[str, Any] | None = _opt()
    analytics: dict[str, Any] | None = _opt()
