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


@attr.s(auto_attribs=True, kw_only=True)
class Server(Block):
    """``server``: listen addresses and ports, log level."""

    http_listen_address: str | None = None
    http_listen_port: int | None = None
    grpc_listen_address: str | None = None
    grpc_listen_port: int | None = None
    log_level: str | None = None
    log_format: str | None = None
    http_server_read_timeout: str | None = None
    http_server_write_timeout: str | None = None
    grpc_server_max_recv_msg_size: int | None = None
    grpc_server_max_send_msg_size: int | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Filesystem(Block):
    """Local filesystem storage: ``chunks_directory``/``rules_directory`` under ``common.storage``,
    ``directory`` under ``storage_config``."""

    chunks_directory: str | None = None
    rules_directory: str | None = None
    directory: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class S3(Block):
    """S3 or an S3-compatible store (MinIO). Put credentials in ``${VAR}`` and run Loki with
    ``-config.expand-env=true``: the check flags literal secrets."""

    s3: str | None = None
    endpoint: str | None = None
    region: str | None = None
    bucketnames: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    insecure: bool | None = None
    s3forcepathstyle: bool | None = None


@attr.s(auto_attribs=True, kw_only=True)
class GCS(Block):
    """Google Cloud Storage."""

    bucket_name: str | None = None
    service_account: str | None = None
    chunk_buffer_size: int | None = None
    request_timeout: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Azure(Block):
    """Azure Blob Storage."""

    account_name: str | None = None
    account_key: str | None = None
    container_name: str | None = None
    endpoint_suffix: str | None = None
    use_managed_identity: bool | None = None
    connection_string: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Storage(Block):
    """``common.storage``: one backend for chunks, index and rules."""

    filesystem: Filesystem | None = None
    s3: S3 | None = None
    gcs: GCS | None = None
    azure: Azure | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Common(Block):
    """``common``: defaults shared by every component."""

    path_prefix: str | None = None
    instance_addr: str | None = None
    replication_factor: int | None = None
    storage: Storage | None = None
    ring: dict[str, Any] | None = None
    compactor_address: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Ingester(Block):
    """``ingester``: chunk sizing and flushing."""

    chunk_idle_period: str | None = None
    chunk_target_size: int | None = None
    chunk_encoding: str | None = None
    max_chunk_age: str | None = None
    chunk_retain_period: str | None = None
    wal: dict[str, Any] | None = None
    lifecycler: dict[str, Any] | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Index(Block):
    """A period's index table: prefix and period (24h for tsdb)."""

    prefix: str = "index_"
    period: str = "24h"
    path_prefix: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class PeriodConfig(Block):
    """One schema period, in effect from ``from_`` (``YYYY-MM-DD``) until the next one starts.

    Defaults are Loki 3's recommendation: tsdb index, schema v13, 24h index period.
    """

    from_: str
    store: str = "tsdb"
    object_store: str = "filesystem"
    schema: str = "v13"
    index: Index = attr.Factory(Index)


@attr.s(auto_attribs=True, kw_only=True)
class SchemaConfig(Block):
    """``schema_config``: the periods, oldest first. Never edit a past period: add a new one."""

    configs: list[PeriodConfig] = attr.Factory(list)


@attr.s(auto_attribs=True, kw_only=True)
class TsdbShipper(Block):
    """``storage_config.tsdb_shipper``: where the index is built before upload."""

    active_index_directory: str | None = None
    cache_location: str | None = None
    cache_ttl: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class StorageConfig(Block):
    """``storage_config``: index shipper and object stores (S3 is the ``aws`` key here)."""

    tsdb_shipper: TsdbShipper | None = None
    filesystem: Filesystem | None = None
    aws: S3 | None = None
    gcs: GCS | None = None
    azure: Azure | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Limits(Block):
    """``limits_config``. Loki decodes this block leniently (unknown keys are ignored): our check is
    the only thing that tells you a key here does nothing."""

    allow_structured_metadata: bool | None = None
    retention_period: str | None = None
    reject_old_samples: bool | None = None
    reject_old_samples_max_age: str | None = None
    ingestion_rate_mb: float | None = None
    ingestion_burst_size_mb: float | None = None
    max_global_streams_per_user: int | None = None
    max_query_lookback: str | None = None
    max_query_series: int | None = None
    query_timeout: str | None = None
    split_queries_by_interval: str | None = None
    volume_enabled: bool | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Compactor(Block):
    """``compactor``: index compaction and retention. Retention needs ``delete_request_store``."""

    working_directory: str | None = None
    compaction_interval: str | None = None
    retention_enabled: bool | None = None
    retention_delete_delay: str | None = None
    retention_delete_worker_count: int | None = None
    delete_request_store: str | None = None


@attr.s(auto_attribs=True, kw_only=True)
class RulerStorage(Block):
    """``ruler.storage``: ``type: local`` with ``local: {directory: ...}`` or an object store."""

    type: str = "local"
    local: dict[str, Any] | None = None
    s3: S3 | None = None
    gcs: GCS | None = None
    azure: Azure | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Ruler(Block):
    """``ruler``: evaluates LogQL rules (see :mod:`monitoring_as_code.loki.rules`) and sends alerts."""

    alertmanager_url: str | None = None
    external_url: str | None = None
    enable_api: bool | None = None
    enable_alertmanager_v2: bool | None = None
    evaluation_interval: str | None = None
    rule_path: str | None = None
    storage: RulerStorage | None = None
    ring: dict[str, Any] | None = None
    wal: dict[str, Any] | None = None
    remote_write: dict[str, Any] | None = None


@attr.s(auto_attribs=True, kw_only=True)
class QueryRange(Block):
    """``query_range``: query splitting and results cache."""

    align_queries_with_step: bool | None = None
    cache_results: bool | None = None
    max_retries: int | None = None
    parallelise_shardable_queries: bool | None = None
    results_cache: dict[str, Any] | None = None


@attr.s(auto_attribs=True, kw_only=True)
class Frontend(Block):
    """``frontend``: the query frontend."""

    encoding: str | None = None
    log_queries_longer_than: str | None = None
    compress_responses: bool | None = None
    max_outstanding_per_tenant: int | None = None


@attr.s(auto_attribs=True, kw_only=True)
class LokiConfig(Block):
    """A whole Loki 3.x configuration file, compiled to ``build/loki/<name>.yaml``.

    :param name: the output file name without extension (default ``loki``)
    :param target: ``all`` (single binary), ``read``, ``write``, ``backend``...
    :param auth_enabled: multi-tenancy; when false every request is tenant ``fake``
    """

    kind: ClassVar[str] = "LokiConfig"
    not_keys: ClassVar[tuple[str, ...]] = ("name",)

    name: str = "loki"
    target: str | None = None
    auth_enabled: bool | None = None
    server: Server | None = None
    common: Common | None = None
    ingester: Ingester | None = None
    schema_config: SchemaConfig | None = None
    storage_config: StorageConfig | None = None
    compactor: Compactor | None = None
    limits_config: Limits | None = None
    ruler: Ruler | None = None
    query_range: QueryRange | None = None
    frontend: Frontend | None = None
    querier: dict[str, Any] | None = None
    memberlist: dict[str, Any] | None = None
    analytics: dict[str, Any] | None = None
