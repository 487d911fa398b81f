"""Portal Universe's Loki, single binary, for Loki 3.x.

The operations spec's configuration was written for Loki 2.x (boltdb-shipper, schema v11,
``shared_store``, ``enforce_metric_name``, ``chunk_store_config.max_look_back_period`` and
``table_manager`` retention) and Loki 3 refuses it; ``tests/data/loki/spec-loki-2x.yaml`` keeps it
and ``mac check`` flags each key with its migration. This is its modern equivalent: the tsdb index
with schema v13 (structured metadata, on by default in Loki 3, stores the trace ids Promtail
extracts), filesystem storage, and the spec's 168h (7 days) as retention, applied by the compactor.
Rules from ``loki/rules.py`` are mounted at ``/etc/loki/rules`` (``build/loki/rules``).
"""

from monitoring_as_code.loki import (
    Common,
    Compactor,
    Filesystem,
    Frontend,
    Ingester,
    Limits,
    LokiConfig,
    PeriodConfig,
    QueryRange,
    Ruler,
    RulerStorage,
    SchemaConfig,
    Server,
    Storage,
    StorageConfig,
    TsdbShipper,
)

RETENTION = "168h"

LOKI = LokiConfig(
    auth_enabled=False,
    server=Server(http_listen_port=3100, grpc_listen_port=9096, log_level="info"),
    common=Common(
        path_prefix="/loki",
        instance_addr="127.0.0.1",
        replication_factor=1,
        ring={"kvstore": {"store": "inmemory"}},
        storage=Storage(filesystem=Filesystem(chunks_directory="/loki/chunks")),
    ),
    ingester=Ingester(chunk_idle_period="1h", max_chunk_age="1h", chunk_target_size=1048576,
                      chunk_retain_period="30s", wal={"enabled": True, "dir": "/loki/wal"}),
    # One period from the start; a future schema change appends a period, never edits this one.
    schema_config=SchemaConfig(configs=[PeriodConfig(from_="2024-01-01", store="tsdb", object_store="filesystem",
                                                     schema="v13")]),
    storage_config=StorageConfig(tsdb_shipper=TsdbShipper(active_index_directory="/loki/tsdb-index",
                                                          cache_location="/loki/tsdb-cache")),
    # The spec's table_manager retention, done the Loki 3 way: the compactor deletes old chunks.
    compactor=Compactor(working_directory="/loki/compactor", compaction_interval="10m", retention_enabled=True,
                        retention_delete_delay="2h", delete_request_store="filesystem"),
    limits_config=Limits(
        retention_period=RETENTION,
        allow_structured_metadata=True,
        reject_old_samples=True,
        reject_old_samples_max_age=RETENTION,
        max_query_lookback=RETENTION,  # was chunk_store_config.max_look_back_period
        volume_enabled=True,
    ),
    ruler=Ruler(
        alertmanager_url="http://alertmanager:9093",
        enable_api=True,
        evaluation_interval="1m",
        rule_path="/loki/rules-temp",
        storage=RulerStorage(type="local", local={"directory": "/etc/loki/rules"}),
        ring={"kvstore": {"store": "inmemory"}},
    ),
    query_range=QueryRange(align_queries_with_step=True,
                           results_cache={"cache": {"embedded_cache": {"enabled": True, "max_size_mb": 100}}}),
    frontend=Frontend(encoding="protobuf"),
    analytics={"reporting_enabled": False},
)
