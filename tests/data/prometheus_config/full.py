"""A prometheus.yml using every modelled section (a definition file for the tests)."""

from monitoring_as_code.prometheus.server import (
    AlertingConfig,
    AlertmanagerEndpoint,
    Authorization,
    BasicAuth,
    FileSDConfig,
    GlobalConfig,
    KubernetesSDConfig,
    PrometheusConfig,
    RelabelConfig,
    ScrapeConfig,
    StaticConfig,
)

FULL = PrometheusConfig(
    global_=GlobalConfig(scrape_interval="15s", evaluation_interval="30s", external_labels={"cluster": "c1"}),
    alerting=AlertingConfig(alertmanagers=[AlertmanagerEndpoint(
        scheme="https", path_prefix="/am", basic_auth=BasicAuth(username="prom", password_file="/etc/prom/am-pw"),
        static_configs=[StaticConfig(targets=["alertmanager:9093"])],
    )]),
    scrape_configs=[
        ScrapeConfig(job_name="static", metrics_path="/actuator/prometheus", scheme="https",
                     authorization=Authorization(credentials_file="/etc/prom/token"),
                     static_configs=[StaticConfig(targets=["a:8080", "b:8080"], labels={"team": "x"})],
                     relabel_configs=[RelabelConfig(source_labels=["__address__"], regex=r"([^:]+):\d+",
                                                    target_label="instance", replacement="${1}")],
                     metric_relabel_configs=[RelabelConfig(source_labels=["__name__"], regex="go_.*", action="drop")]),
        ScrapeConfig(job_name="files", file_sd_configs=[FileSDConfig(files=["/etc/prom/targets/*.json"], refresh_interval="1m")]),
        ScrapeConfig(job_name="pods", kubernetes_sd_configs=[KubernetesSDConfig(role="pod", namespaces={"names": ["app"]})],
                     relabel_configs=[RelabelConfig(source_labels=["__meta_kubernetes_pod_annotation_prometheus_io_scrape"],
                                                    regex="true", action="keep"),
                                      RelabelConfig(regex="__meta_kubernetes_pod_label_(.+)", action="labelmap")]),
    ],
)
