"""The keys of a Loki 3.x configuration file, as a tree, for the unknown-key check.

A mapping value is a nested block; ``OPEN`` marks a block whose content we do not check
(rings, caches, TLS and client blocks, components Portal-style deployments rarely tune); a
one-item list holds the shape of each list item. ``STRICT`` blocks are listed exhaustively,
so an unknown key there is a bug even without a close match; elsewhere an unknown key with no
close match is a warning, since a newer Loki may have added it.
Sources: Loki's configuration reference (``docs/sources/shared/configuration.md``), 3.x.
"""

from __future__ import annotations

from typing import Any

OPEN: Any = object()


def _keys(*names: str, **blocks: Any) -> dict[str, Any]:
    tree: dict[str, Any] = {name: None for name in names}
    tree.update(blocks)
    return tree


_S3 = _keys(
    "s3", "s3forcepathstyle", "bucketnames", "endpoint", "region", "access_key_id", "secret_access_key",
    "session_token", "insecure", "disable_dualstack", "signature_version", "storage_class", "chunk_delimiter",
    "native_aws_auth_enabled", "list_objects_version", "max_retries", "dualstack_enabled", "bucket_lookup_type",
    "insecure_skip_verify", "sts_endpoint", "trace", "part_size",
    http_config=OPEN, sse=OPEN, backoff_config=OPEN, dynamodb=OPEN,
)
_GCS = _keys(
    "bucket_name", "service_account", "chunk_buffer_size", "request_timeout", "enable_opencensus", "enable_http2",
    "enable_retries", "max_retries", "max_backoff", "insecure",
)
_AZURE = _keys(
    "environment", "container_name", "account_name", "chunk_delimiter", "account_key", "connection_string",
    "endpoint_suffix", "use_managed_identity", "use_federated_token", "user_assigned_id", "use_service_principal",
    "client_id", "client_secret", "tenant_id", "download_buffer_size", "upload_buffer_size", "upload_buffer_count",
    "request_timeout", "max_retries", "min_retry_delay", "max_retry_delay", "storage_account_name",
    "storage_account_key", "max_connections_per_host", "endpoint", "storage_connection_string",
)
_FILESYSTEM = _keys("chunks_directory", "rules_directory", "directory")
_BACKENDS = {"s3": _S3, "gcs": _GCS, "azure": _AZURE, "filesystem": _FILESYSTEM, "bos": OPEN, "swift": OPEN,
             "cos": OPEN, "alibabacloud": OPEN, "hedging": OPEN, "congestion_control": OPEN, "object_store": OPEN,
             "oss": OPEN}
_SHIPPER = _keys(
    "active_index_directory", "cache_location", "cache_ttl", "resync_interval", "query_ready_num_days",
    "ingestername", "mode", "ingesterdbretainperiod", "build_per_tenant_index",
    index_gateway_client=OPEN,
)

SERVER = _keys(
    "http_listen_network", "http_listen_address", "http_listen_port", "http_listen_conn_limit",
    "grpc_listen_network", "grpc_listen_address", "grpc_listen_port", "grpc_listen_conn_limit",
    "proxy_protocol_enabled", "tls_cipher_suites", "tls_min_version", "register_instrumentation",
    "report_grpc_codes_in_instrumentation_label_enabled", "graceful_shutdown_timeout", "http_server_read_timeout",
    "http_server_read_header_timeout", "http_server_write_timeout", "http_server_idle_timeout",
    "http_log_closed_connections_without_response_enabled", "grpc_server_max_recv_msg_size",
    "grpc_server_max_send_msg_size", "grpc_server_max_concurrent_streams", "grpc_server_max_connection_idle",
    "grpc_server_max_connection_age", "grpc_server_max_connection_age_grace", "grpc_server_keepalive_time",
    "grpc_server_keepalive_timeout", "grpc_server_min_time_between_pings", "grpc_server_ping_without_stream_allowed",
    "grpc_server_num_workers", "grpc_server_stats_tracking_enabled", "grpc_server_recv_buffer_pools_enabled",
    "log_format", "log_level", "log_source_ips_enabled", "log_source_ips_header", "log_source_ips_regex",
    "log_request_headers", "log_request_at_info_level_enabled", "log_request_exclude_headers_list",
    "http_path_prefix", "http_middleware_enabled", "grpc_collect_max_streams_by_conn",
    http_tls_config=OPEN, grpc_tls_config=OPEN, cluster_validation=OPEN, throughput=OPEN,
)

LIMITS = _keys(
    "ingestion_rate_strategy", "ingestion_rate_mb", "ingestion_burst_size_mb", "max_label_name_length",
    "max_label_value_length", "max_label_names_per_series", "reject_old_samples", "reject_old_samples_max_age",
    "creation_grace_period", "max_line_size", "max_line_size_truncate", "increment_duplicate_timestamp",
    "discover_service_name", "discover_log_levels", "log_level_fields", "log_level_from_json_max_depth",
    "use_owned_stream_count", "max_streams_per_user", "max_global_streams_per_user", "per_stream_rate_limit",
    "per_stream_rate_limit_burst", "max_chunks_per_query", "max_query_series", "max_query_lookback",
    "max_query_length", "max_query_range", "max_query_parallelism", "tsdb_max_query_parallelism",
    "tsdb_max_bytes_per_shard", "tsdb_sharding_strategy", "tsdb_precompute_chunks", "cardinality_limit",
    "max_streams_matchers_per_query", "max_concurrent_tail_requests", "max_entries_limit_per_query",
    "max_cache_freshness_per_query", "max_metadata_cache_freshness", "max_stats_cache_freshness",
    "max_queriers_per_tenant", "max_query_capacity", "query_ready_index_num_days", "query_timeout",
    "split_queries_by_interval", "split_metadata_queries_by_interval", "split_recent_metadata_queries_by_interval",
    "recent_metadata_query_window", "split_instant_metric_queries_by_interval", "split_ingester_queries_by_interval",
    "min_sharding_lookback", "max_query_bytes_read", "max_querier_bytes_read", "volume_enabled",
    "volume_max_series", "ruler_max_rules_per_rule_group", "ruler_max_rule_groups_per_tenant",
    "ruler_remote_write_disabled", "ruler_remote_evaluation_timeout", "ruler_remote_evaluation_max_response_size",
    "deletion_mode", "retention_period", "index_gateway_shard_size", "allow_structured_metadata",
    "max_structured_metadata_size", "max_structured_metadata_entries_count", "block_ingestion_until",
    "block_ingestion_status_code", "enforced_labels", "ingestion_partitions_tenant_shard_size",
    "metric_aggregation_enabled", "shard_aggregations", "bloom_gateway_enable_filtering",
    "bloom_creation_enabled", "bloom_split_series_keyspace_by", "bloom_build_max_builders",
    "bloom_build_task_max_retries", "bloom_build_builder_response_timeout", "bloom_block_encoding",
    "bloom_max_block_size", "bloom_max_bloom_size", "bloom_prefetch_blocks", "bloom_gateway_shard_size",
    "bloom_gateway_blocks_downloading_parallelism", "bloom_gateway_cache_key_interval", "bloom_ngram_length",
    "bloom_ngram_skip", "bloom_false_positive_rate", "bloom_compactor_shard_size", "bloom_compactor_enable_compaction",
    "simulated_push_latency", "limited_log_push_errors", "s3_sse_type", "s3_sse_kms_key_id",
    "s3_sse_kms_encryption_context", "pattern_persistence_enabled", "pattern_persistence_granularity",
    "pattern_ingester_tokenizable_json_fields_default", "pattern_ingester_tokenizable_json_fields_append",
    "pattern_ingester_tokenizable_json_fields_delete", "metric_aggregation_enabled", "policy_stream_mapping",
    "query_sharding_max_lookback", "max_recent_metadata_queries", "instant_metric_query_split_align",
    "time_sharding_enabled", "ingestion_policy_override", "debug_engine_streams", "debug_engine_tasks",
    "max_line_size_soft", "max_scan_task_parallelism", "dataobj_querier_enabled",
    "max_total_bytes_per_tenant", "required_labels", "minimum_labels_number", "ingest_limits_enabled",
    "ruler_evaluation_consistency_delay", "blooms_filtering_enabled",
    ruler_alertmanager_config=OPEN, ruler_remote_write_config=OPEN, retention_stream=OPEN, otlp_config=OPEN,
    shard_streams=OPEN, blocked_queries=OPEN, stream_retention=OPEN, per_tenant_override_config=None,
)

LOKI = _keys(
    "target", "auth_enabled", "ballast_bytes", "shutdown_delay", "metrics_namespace", "http_prefix",
    "use_buffered_logger", "use_sync_logger", "legacy_read_target",
    server=SERVER,
    common=_keys(
        "path_prefix", "persist_tokens", "replication_factor", "instance_interface_names", "instance_addr",
        "instance_enable_ipv6", "compactor_address", "compactor_grpc_address",
        storage=dict(_BACKENDS), ring=OPEN,
    ),
    ingester=_keys(
        "concurrent_flushes", "flush_check_period", "flush_op_timeout", "chunk_retain_period", "chunk_idle_period",
        "chunk_block_size", "chunk_target_size", "chunk_encoding", "max_chunk_age", "autoforget_unhealthy",
        "sync_period", "sync_min_utilization", "max_returned_stream_errors", "query_store_max_look_back_period",
        "index_shards", "max_dropped_streams", "shutdown_marker_path", "owned_streams_check_interval",
        lifecycler=OPEN, flush_op_backoff=OPEN, wal=OPEN, kafka_ingestion=OPEN, tenant_shards=OPEN,
    ),
    schema_config=_keys(configs=[_keys(
        "from", "store", "object_store", "schema", "row_shards",
        index=_keys("prefix", "period", "path_prefix", "tags"), chunks=OPEN,
    )]),
    storage_config=_keys(
        "object_prefix", "max_parallel_get_chunk", "max_chunk_batch_size", "use_thanos_objstore",
        "index_cache_validity", "disable_broad_index_queries",
        tsdb_shipper=_SHIPPER, boltdb_shipper=_SHIPPER, filesystem=_FILESYSTEM, aws=_S3, gcs=_GCS,
        azure=_AZURE, bos=OPEN, swift=OPEN, cos=OPEN, alibabacloud=OPEN, congestion_control=OPEN, named_stores=OPEN,
        hedging=OPEN, object_store=OPEN, bloom_shipper=OPEN, index_queries_cache_config=OPEN,
    ),
    chunk_store_config=_keys(
        "l2_chunk_cache_handoff", "skip_query_writeback_cache_older_than", "cache_lookups_older_than",
        "max_look_back_period", chunk_cache_config=OPEN, chunk_cache_config_l2=OPEN, write_dedupe_cache_config=OPEN,
    ),
    compactor=_keys(
        "working_directory", "compaction_interval", "apply_retention_interval", "retention_enabled",
        "retention_delete_delay", "retention_delete_worker_count", "retention_table_timeout",
        "delete_request_store", "delete_request_store_key_prefix", "delete_request_store_db_type",
        "delete_batch_size", "delete_request_cancel_period", "delete_max_interval", "max_compaction_parallelism",
        "upload_parallelism", "tables_to_compact", "skip_latest_n_tables", "horizontal_scaling_mode",
        retention_backoff_config=OPEN, compactor_ring=OPEN, worker_config=OPEN, jobs_config=OPEN,
    ),
    limits_config=LIMITS,
    ruler=_keys(
        "external_url", "datasource_uid", "external_labels", "evaluation_interval", "poll_interval", "rule_path",
        "alertmanager_url", "enable_alertmanager_discovery", "alertmanager_refresh_interval",
        "enable_alertmanager_v2", "notification_queue_capacity", "notification_timeout", "for_outage_tolerance",
        "for_grace_period", "resend_delay", "enable_sharding", "sharding_strategy", "sharding_algo",
        "search_pending_for", "flush_period", "enable_api", "enabled_tenants", "disabled_tenants",
        "query_stats_enabled", "disable_rule_group_label",
        storage=_keys("type", local=_keys("directory"), **_BACKENDS),
        ruler_client=OPEN, alertmanager_client=OPEN, ring=OPEN, wal=OPEN, wal_cleaner=OPEN, remote_write=OPEN,
        evaluation=OPEN,
    ),
    query_range=_keys(
        "align_queries_with_step", "cache_results", "max_retries", "parallelise_shardable_queries",
        "shard_aggregations", "cache_index_stats_results", "cache_volume_results", "cache_instant_metric_results",
        "instant_metric_query_split_align", "cache_series_results", "cache_label_results",
        results_cache=OPEN, index_stats_results_cache=OPEN, volume_results_cache=OPEN,
        instant_metric_results_cache=OPEN, series_results_cache=OPEN, label_results_cache=OPEN,
    ),
    frontend=_keys(
        "log_queries_longer_than", "log_query_request_headers", "max_body_size", "query_stats_enabled",
        "max_outstanding_per_tenant", "querier_forget_delay", "scheduler_address", "scheduler_dns_lookup_period",
        "scheduler_worker_concurrency", "graceful_shutdown_timeout", "instance_interface_names",
        "instance_enable_ipv6", "instance_addr", "instance_port", "compress_responses", "downstream_url",
        "tail_proxy_url", "encoding", "enable_query_stats",
        grpc_client_config=OPEN, tail_tls_config=OPEN,
    ),
    querier=OPEN, query_scheduler=OPEN, frontend_worker=OPEN, distributor=OPEN, ingester_client=OPEN,
    index_gateway=OPEN, bloom_build=OPEN, bloom_gateway=OPEN, block_builder=OPEN, block_scheduler=OPEN,
    pattern_ingester=OPEN, runtime_config=OPEN, operational_config=OPEN, tracing=OPEN, analytics=OPEN,
    profiling=OPEN, memberlist=OPEN, kafka_config=OPEN, dataobj=OPEN, ui=OPEN, compactor_grpc_client=OPEN,
    ingest_limits=OPEN, ingest_limits_frontend=OPEN, ingest_limits_frontend_client=OPEN, table_manager=OPEN,
    partition_ring=OPEN, bloom_compactor=OPEN, consumer=OPEN,
)

#: Blocks listed exhaustively: an unknown key there is a bug even with no close match.
STRICT: frozenset[tuple[str, ...]] = frozenset({
    (), ("common",), ("schema_config",), ("schema_config", "configs", "*"), ("schema_config", "configs", "*", "index"),
    ("compactor",), ("ruler",), ("ruler", "storage"), ("query_range",), ("storage_config", "tsdb_shipper"),
    ("common", "storage", "filesystem"), ("storage_config", "filesystem"), ("chunk_store_config",),
})

#: Removed in Loki 3 but missing from Loki's own deleted-config.yaml (observed: Loki main refuses them).
EXTRA_REMOVED: dict[tuple[str, ...], str] = {
    ("table_manager",): (
        "The table manager is removed; retention is done by the compactor: set compactor.retention_enabled: true, "
        "compactor.delete_request_store and limits_config.retention_period."
    ),
    ("storage_config", "boltdb_shipper"): (
        "boltdb-shipper is deprecated since Loki 2.9 and refused by current Loki; add a schema period with "
        "store: tsdb, schema: v13 and configure storage_config.tsdb_shipper instead."
    ),
}
