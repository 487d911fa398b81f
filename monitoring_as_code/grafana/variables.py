"""Template variables every team rewrites: ``job``, ``instance``, a datasource picker, any query.

They return Grafana JSON (dicts), ready for :func:`monitoring_as_code.grafana.dashboard`'s
``variables=`` or a grafanalib dashboard's templating list.
"""

from __future__ import annotations

from typing import Any

from monitoring_as_code.grafana.panels import PROMETHEUS


def query_variable(
    name: str,
    query: str,
    *,
    datasource: dict[str, str] | str = PROMETHEUS,
    label: str | None = None,
    multi: bool = False,
    include_all: bool = False,
    all_value: str | None = None,
    regex: str | None = None,
    sort: int = 1,
    refresh: int = 2,
    hide: int = 0,
) -> dict[str, Any]:
    """A query variable (e.g. ``label_values(up, job)``).

    :param name: the variable name, used as ``$name``
    :param query: the datasource query listing the values
    :param datasource: a ``{"type","uid"}`` reference or a ``${datasource}`` variable
    :param label: the label shown on the dashboard (default: the name)
    :param multi: allow several values (use ``=~"$name"`` in queries)
    :param include_all: offer "All"
    :param all_value: what "All" stands for (default: every value, joined as a regex)
    :param regex: keep or rewrite values with a regex
    :param sort: 0 none, 1 alphabetical ascending, 3 numerical ascending...
    :param refresh: 1 on dashboard load, 2 on time range change
    :param hide: 0 show, 1 hide the label, 2 hide the variable
    """
    variable: dict[str, Any] = {
        "name": name,
        "type": "query",
        "label": label or name,
        "datasource": datasource,
        "query": query,
        "definition": query,
        "refresh": refresh,
        "sort": sort,
        "multi": multi,
        "includeAll": include_all,
    }
    if all_value is not None:
        variable["allValue"] = all_value
    if regex:
        variable["regex"] = regex
    if hide:
        variable["hide"] = hide
    return variable


def job_variable(metric: str = "up", *, datasource: dict[str, str] | str = PROMETHEUS, multi: bool = False,
                 include_all: bool = False, name: str = "job") -> dict[str, Any]:
    """``$job``: the values of the ``job`` label of ``metric``.

    :param metric: a metric (or selector) every job exposes
    :param datasource: the Prometheus datasource reference
    :param multi: allow several jobs
    :param include_all: offer "All"
    :param name: the variable name
    """
    return query_variable(name, f"label_values({metric}, job)", datasource=datasource, label="Job", multi=multi,
                          include_all=include_all, all_value=".*" if include_all else None)


def instance_variable(metric: str = "up", *, job_variable_name: str = "job",
                      datasource: dict[str, str] | str = PROMETHEUS, name: str = "instance") -> dict[str, Any]:
    """``$instance``: the instances of the selected job(s), multi-select with "All".

    :param metric: a metric every instance exposes
    :param job_variable_name: the job variable it depends on
    :param datasource: the Prometheus datasource reference
    :param name: the variable name
    """
    return query_variable(name, f'label_values({metric}{{job=~"${job_variable_name}"}}, instance)', datasource=datasource,
                          label="Instance", multi=True, include_all=True, all_value=".*")


def datasource_variable(plugin: str = "prometheus", *, name: str = "datasource", label: str = "Data source",
                        regex: str | None = None) -> dict[str, Any]:
    """A datasource picker: panels then use ``{"type": plugin, "uid": "${name}"}``.

    :param plugin: the datasource plugin type listed (``prometheus``, ``loki``...)
    :param name: the variable name
    :param label: the label shown
    :param regex: restrict to datasources whose name matches
    """
    variable: dict[str, Any] = {"name": name, "type": "datasource", "label": label, "query": plugin}
    if regex:
        variable["regex"] = regex
    return variable
