"""The keys of a Promtail configuration and of each pipeline stage (Promtail 3.x docs,
``docs/sources/send-data/promtail/configuration.md`` and ``stages/*.md``)."""

from __future__ import annotations

from typing import Any

from monitoring_as_code.loki.keys import OPEN, SERVER, _keys

_HTTP = {"basic_auth": _keys("username", "password", "password_file"), "authorization": OPEN, "oauth2": OPEN,
         "tls_config": OPEN, "proxy_connect_header": OPEN}

CLIENT = _keys(
    "url", "name", "tenant_id", "batchwait", "batchsize", "bearer_token", "bearer_token_file", "proxy_url",
    "no_proxy", "proxy_from_environment", "follow_redirects", "enable_http2", "external_labels", "timeout",
    "headers", "drop_rate_limited_batches", "stream_lag_labels",
    backoff_config=_keys("min_period", "max_period", "max_retries"), **_HTTP,
)
RELABEL = _keys("source_labels", "separator", "target_label", "regex", "modulus", "replacement", "action")
SCRAPE = _keys(
    "job_name", "encoding", "pipeline_stages",
    static_configs=[_keys("targets", "labels")],
    docker_sd_configs=[_keys("host", "port", "host_networking_host", "refresh_interval", "filters",
                             "bearer_token", "bearer_token_file", "proxy_url", "follow_redirects", "enable_http2",
                             "match_first_network", **_HTTP)],
    kubernetes_sd_configs=[_keys("api_server", "role", "kubeconfig_file", "namespaces", "selectors",
                                 "attach_metadata", "bearer_token", "bearer_token_file", "proxy_url",
                                 "follow_redirects", "enable_http2", **_HTTP)],
    relabel_configs=[RELABEL],
    journal=OPEN, syslog=OPEN, loki_push_api=OPEN, windows_events=OPEN, kafka=OPEN, gelf=OPEN, cloudflare=OPEN,
    heroku_drain=OPEN, gcplog=OPEN, azure_event_hubs=OPEN, file_sd_configs=OPEN, consul_sd_configs=OPEN,
    consulagent_sd_configs=OPEN, ec2_sd_configs=OPEN, azure_sd_configs=OPEN, gce_sd_configs=OPEN,
    digitalocean_sd_configs=OPEN, dockerswarm_sd_configs=OPEN, eureka_sd_configs=OPEN, marathon_sd_configs=OPEN,
    nerve_sd_configs=OPEN, openstack_sd_configs=OPEN, serverset_sd_configs=OPEN, triton_sd_configs=OPEN,
    decompression=OPEN,
)
PROMTAIL = _keys(
    server=dict(SERVER, disable=None, profiling_enabled=None, enable_runtime_reload=None, health_check_target=None,
                external_url=None),
    client=CLIENT, clients=[CLIENT],
    positions=_keys("filename", "sync_period", "ignore_invalid_yaml"),
    scrape_configs=[SCRAPE],
    limits_config=_keys("readline_rate_enabled", "readline_rate", "readline_burst", "readline_rate_drop",
                        "max_streams", "max_line_size", "max_line_size_truncate"),
    target_config=_keys("sync_period"), options=_keys("stream_lag_labels"), tracing=OPEN,
    global_=None, wal=OPEN, file_watch_config=OPEN,
)
PROMTAIL["global"] = PROMTAIL.pop("global_")

#: stage name -> its fields; ``MAP`` stages take a mapping of names, ``LIST`` stages a list of names
MAP, LIST = "map", "list"
STAGES: dict[str, Any] = {
    "docker": (), "cri": ("max_partial_lines", "max_partial_line_size", "max_partial_line_size_truncate"),
    "json": ("expressions", "source", "drop_malformed"), "logfmt": ("mapping", "source"),
    "regex": ("expression", "source"), "replace": ("expression", "source", "replace"),
    "labels": MAP, "structured_metadata": MAP, "static_labels": MAP,
    "timestamp": ("source", "format", "fallback_formats", "location", "action_on_failure"),
    "output": ("source",),
    "match": ("selector", "pipeline_name", "action", "drop_counter_reason", "stages"),
    "drop": ("source", "separator", "expression", "value", "older_than", "longer_than", "drop_counter_reason"),
    "multiline": ("firstline", "max_wait_time", "max_lines"),
    "metrics": MAP, "template": ("source", "template"), "labeldrop": LIST, "labelallow": LIST,
    "tenant": ("label", "source", "value"), "pack": ("labels", "ingest_timestamp"),
    "limit": ("rate", "burst", "by_label_name", "max_distinct_labels", "drop"),
    "sampling": ("rate", "drop_counter_reason"), "decolorize": (),
    "geoip": ("db", "source", "db_type", "custom_lookups"),
    "eventlogmessage": ("source", "drop_invalid_labels", "overwrite_existing"),
}
METRIC = ("type", "description", "source", "prefix", "max_idle_duration", "config")
METRIC_CONFIG = ("value", "action", "match_all", "count_entry_bytes", "buckets")
