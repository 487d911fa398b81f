"""Portal Universe - Data Stores: MySQL, MongoDB, Redis, Kafka and Elasticsearch, from their exporters."""

from dashboards._inventory import FOLDER, LINKS, TAG
from monitoring_as_code.grafana import Row, dashboard, gauge, stat, timeseries

_UP = [(None, "red"), (1, "green")]
_ES_STATUS = [{"type": "value", "options": {"0": {"text": "not green", "color": "red"}, "1": {"text": "green", "color": "green"}}}]

datastores = dashboard(
    "Portal Universe - Data Stores",
    uid="pu-datastores",
    folder=FOLDER,
    tags=[TAG, "datastores"],
    links=LINKS,
    description="Health, load and saturation of the data stores behind Portal Universe (exporter metrics).",
    panels=[
        Row("MySQL", [
            stat("MySQL Up", "mysql_up", legend="{{instance}}", unit="none", thresholds=_UP),
            stat("Connections", "mysql_global_status_threads_connected", legend="{{instance}}", unit="short", color_mode="value"),
            gauge("Connection Usage",
                  "mysql_global_status_threads_connected / mysql_global_variables_max_connections",
                  legend="{{instance}}", size=(6, 4)),
            stat("Slow Queries / s", "rate(mysql_global_status_slow_queries[$__rate_interval])", legend="{{instance}}",
                 unit="ops", color_mode="value", thresholds=[(None, "green"), (1, "orange")]),
            timeseries("Queries / s", "rate(mysql_global_status_queries[$__rate_interval])", legend="{{instance}}",
                       unit="qps", size=(24, 8)),
        ]),
        Row("MongoDB", [
            stat("MongoDB Up", "mongodb_up", legend="{{instance}}", unit="none", thresholds=_UP),
            timeseries("Connections", 'mongodb_connections{state="current"}', legend="{{instance}}", unit="short", min_value=0,
                       size=(18, 6)),
        ]),
        Row("Redis", [
            stat("Redis Up", "redis_up", legend="{{instance}}", unit="none", thresholds=_UP),
            stat("Connected Clients", "redis_connected_clients", legend="{{instance}}", unit="short", color_mode="value"),
            gauge("Memory Usage", "redis_memory_used_bytes / (redis_memory_max_bytes > 0)", legend="{{instance}}",
                  size=(6, 4)),
            stat("Cache Hit Ratio",
                 "rate(redis_keyspace_hits_total[$__rate_interval]) / (rate(redis_keyspace_hits_total[$__rate_interval])"
                 " + rate(redis_keyspace_misses_total[$__rate_interval]))",
                 legend="{{instance}}", unit="percentunit", thresholds=[(None, "red"), (0.8, "green")]),
            timeseries("Commands / s", "rate(redis_commands_processed_total[$__rate_interval])", legend="{{instance}}",
                       unit="ops", size=(24, 8)),
        ]),
        Row("Kafka", [
            stat("Brokers", "kafka_brokers", legend="brokers", unit="none", color_mode="value", thresholds=_UP),
            timeseries("Consumer Group Lag", "sum by (consumergroup) (kafka_consumergroup_lag)",
                       legend="{{consumergroup}}", unit="short", min_value=0, size=(18, 8)),
            timeseries("Messages In / s", "sum by (topic) (rate(kafka_topic_partition_current_offset[$__rate_interval]))",
                       legend="{{topic}}", unit="short", size=(24, 8)),
        ]),
        Row("Elasticsearch", [
            stat("Cluster Status", 'elasticsearch_cluster_health_status{color="green"}', legend="{{cluster}}",
                 mappings=_ES_STATUS, thresholds=_UP),
            stat("Nodes", "elasticsearch_cluster_health_number_of_nodes", legend="{{cluster}}", unit="none", color_mode="value"),
            gauge("JVM Heap",
                  'sum by (name) (elasticsearch_jvm_memory_used_bytes{area="heap"})'
                  ' / sum by (name) (elasticsearch_jvm_memory_max_bytes{area="heap"})',
                  legend="{{name}}", size=(6, 4)),
            stat("Unassigned Shards", "elasticsearch_cluster_health_unassigned_shards", legend="{{cluster}}", unit="short",
                 thresholds=[(None, "green"), (1, "red")]),
            timeseries("Indexing Rate", "sum by (name) (rate(elasticsearch_indices_indexing_index_total[$__rate_interval]))",
                       legend="{{name}}", unit="ops"),
            timeseries("Search Rate", "sum by (name) (rate(elasticsearch_indices_search_query_total[$__rate_interval]))",
                       legend="{{name}}", unit="ops"),
        ]),
    ],
)
