"""Kubernetes objects for teams on the Prometheus Operator and the Grafana Helm chart.

``mac build`` writes them to ``build/kubernetes/`` (``build/<env>/kubernetes/`` with ``--env``):
a PrometheusRule per rule file, a ConfigMap per dashboard for the Grafana sidecar, the
Alertmanager configuration as the Operator's ``alertmanager-<name>`` Secret, and the Loki,
Promtail, Alloy and datasource configurations as ConfigMaps. Settings: ``kubernetes_*`` keys of
``setup.cfg`` (see :class:`~monitoring_as_code.kubernetes.settings.KubernetesSettings`).
"""

from monitoring_as_code.kubernetes.names import sanitize_name
from monitoring_as_code.kubernetes.settings import KubernetesSettings

__all__ = ["KubernetesSettings", "sanitize_name"]
