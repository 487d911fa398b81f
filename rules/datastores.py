"""Portal Universe data store alerts: MySQL connections and Redis memory (from their exporters).

Changes to the operations spec, and why:

* RedisMemoryHigh divides by ``(redis_memory_max_bytes > 0)``: with no ``maxmemory`` set Redis
  reports 0, and used/0 is +Inf, which is above any threshold: the spec's rule fired on every
  Redis without a memory limit. Without a limit there is no ratio to alert on.
* MySQLConnectionsHigh guards its denominator the same way (a 0 from a failed scrape of the
  variables would otherwise fire).
* Both keep ``job`` and ``instance``; the spec gave no severity for them: ``warning``, since a
  data store near a limit needs attention but is not yet an outage.
"""

from monitoring_as_code.prometheus import AlertingRule, RuleFile, RuleGroup, Series
from rules._portal import DATASTORES, annotations, lifecycle_tests, rendered

mysql_connections_high = AlertingRule(
    "MySQLConnectionsHigh",
    """
    mysql_global_status_threads_connected
      /
    (mysql_global_variables_max_connections > 0)
      > 0.8
    """,
    for_="5m",
    labels={"severity": "warning"},
    annotations=annotations(
        "MySQLConnectionsHigh",
        "MySQL {{ $labels.instance }} uses {{ $value | humanizePercentage }} of its connections",
        "MySQL on {{ $labels.instance }} ({{ $labels.job }}) has had more than 80% of max_connections in use "
        "for 5 minutes (now {{ $value | humanizePercentage }}).",
        DATASTORES,
    ),
)

redis_memory_high = AlertingRule(
    "RedisMemoryHigh",
    """
    redis_memory_used_bytes
      /
    (redis_memory_max_bytes > 0)
      > 0.9
    """,
    for_="5m",
    labels={"severity": "warning"},
    annotations=annotations(
        "RedisMemoryHigh",
        "Redis {{ $labels.instance }} uses {{ $value | humanizePercentage }} of maxmemory",
        "Redis on {{ $labels.instance }} ({{ $labels.job }}) has used more than 90% of its maxmemory for 5 minutes "
        "(now {{ $value | humanizePercentage }}); keys will be evicted or writes refused.",
        DATASTORES,
    ),
)

datastore_alerts = RuleFile(
    [RuleGroup("database-alerts", [mysql_connections_high, redis_memory_high])],
    name="datastores",
)

# ---- rule unit tests (promtool) ----

_MYSQL = {"job": "mysql-exporter", "instance": "mysql:9104"}
_REDIS = {"job": "redis-exporter", "instance": "redis:9121"}


def _mysql(connected: str, maximum: str) -> list[Series]:
    return [
        Series('mysql_global_status_threads_connected{job="mysql-exporter",instance="mysql:9104"}', connected),
        Series('mysql_global_variables_max_connections{job="mysql-exporter",instance="mysql:9104"}', maximum),
    ]


def _redis(used: str, maximum: str) -> list[Series]:
    return [
        Series('redis_memory_used_bytes{job="redis-exporter",instance="redis:9121"}', used),
        Series('redis_memory_max_bytes{job="redis-exporter",instance="redis:9121"}', maximum),
    ]


mysql_connections_high_tests = lifecycle_tests(
    mysql_connections_high,
    firing=_mysql("90x30", "100x30"),
    expected=rendered(
        mysql_connections_high, _MYSQL, "MySQL mysql:9104 uses 90% of its connections",
        "MySQL on mysql:9104 (mysql-exporter) has had more than 80% of max_connections in use for 5 minutes (now 90%).",
    ),
    quiet={
        "at 50% of max_connections": _mysql("50x30", "100x30"),
        "when max_connections reads 0": _mysql("90x30", "0x30"),
    },
)

redis_memory_high_tests = lifecycle_tests(
    redis_memory_high,
    firing=_redis("950x30", "1000x30"),
    expected=rendered(
        redis_memory_high, _REDIS, "Redis redis:9121 uses 95% of maxmemory",
        "Redis on redis:9121 (redis-exporter) has used more than 90% of its maxmemory for 5 minutes (now 95%); "
        "keys will be evicted or writes refused.",
    ),
    quiet={
        "at 50% of maxmemory": _redis("500x30", "1000x30"),
        "when no maxmemory is set (0)": _redis("950x30", "0x30"),
    },
)
