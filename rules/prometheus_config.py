"""Portal Universe prometheus.yml: scrape jobs, rule files and the Alertmanager it sends to.

From the operations spec: the Spring Boot services expose /actuator/prometheus on their own
ports; exporters for Redis, MySQL, Elasticsearch and Kafka; `instance` relabelled to the bare
host name (`api-gateway:8080` -> `api-gateway`), so dashboards and alerts show service hosts.
Added: config-service (a Spring Boot service like the others) and the MongoDB exporter, which
the data-store dashboard reads; Prometheus scraping itself. `rule_files` points at the rule
files `mac build` writes beside this file (build/prometheus/rules/).
"""

from monitoring_as_code.environment import external_labels
from monitoring_as_code.prometheus.server import (
    AlertingConfig,
    AlertmanagerEndpoint,
    GlobalConfig,
    PrometheusConfig,
    RelabelConfig,
    ScrapeConfig,
    StaticConfig,
)

#: Spring Boot services and their HTTP ports (job name = service name = host name).
SERVICES = {
    "api-gateway": 8080,
    "auth-service": 8081,
    "blog-service": 8082,
    "shopping-service": 8083,
    "notification-service": 8084,
    "config-service": 8888,
}
#: Exporter jobs and their default ports.
EXPORTERS = {
    "redis-exporter": 9121,
    "mysql-exporter": 9104,
    "elasticsearch-exporter": 9114,
    "kafka-exporter": 9308,
    "mongodb-exporter": 9216,
}

#: `instance` = host without port, as the spec shows.
INSTANCE_FROM_HOST = RelabelConfig(
    source_labels=["__address__"], regex=r"([^:]+):\d+", target_label="instance", replacement="${1}",
)


def scrape_job(job: str, port: int, metrics_path: str | None = None) -> ScrapeConfig:
    """One static job scraping ``job:port``, with the instance relabelling."""
    return ScrapeConfig(
        job_name=job,
        metrics_path=metrics_path,
        static_configs=[StaticConfig(targets=[f"{job}:{port}"])],
        relabel_configs=[INSTANCE_FROM_HOST],
    )


CONFIG = PrometheusConfig(
    global_=GlobalConfig(
        scrape_interval="15s",
        evaluation_interval="15s",
        # setup.cfg external_labels of the selected environment: environment=staging|production, cluster=...
        external_labels={"cluster": "portal-universe", **external_labels()},
    ),
    alerting=AlertingConfig(alertmanagers=[AlertmanagerEndpoint(static_configs=[StaticConfig(targets=["alertmanager:9093"])])]),
    rule_files=["rules/*.yml"],
    scrape_configs=[
        ScrapeConfig(job_name="prometheus", static_configs=[StaticConfig(targets=["localhost:9090"])]),
        *(scrape_job(job, port, "/actuator/prometheus") for job, port in SERVICES.items()),
        *(scrape_job(job, port) for job, port in EXPORTERS.items()),
    ],
)
