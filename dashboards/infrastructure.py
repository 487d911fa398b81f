"""Portal Universe - Infrastructure: the hosts (node_exporter) by the USE method."""

from dashboards._inventory import FOLDER, LINKS, TAG
from monitoring_as_code.grafana import dashboard, query_variable, use_panels

infrastructure = dashboard(
    "Portal Universe - Infrastructure",
    uid="pu-infrastructure",
    folder=FOLDER,
    tags=[TAG, "infrastructure"],
    links=LINKS,
    description="Utilisation, saturation and errors of the hosts running Portal Universe (node_exporter).",
    variables=[
        query_variable("instance", "label_values(node_uname_info, instance)", label="Host", multi=True,
                       include_all=True, all_value=".*"),
    ],
    panels=use_panels('instance=~"$instance"'),
)
