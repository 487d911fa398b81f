"""Panels with current Grafana types and sensible defaults, plus the RED and USE sets.

Each function returns the panel's Grafana JSON as a dict (fast to build, easy to tweak, no nulls).
Leave ``gridPos`` out: :func:`~monitoring_as_code.grafana.layout.auto_grid` (run by
:func:`~monitoring_as_code.grafana.dashboard`) places panels on the 24-column grid.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

#: Datasource references by uid: the Portal Universe provisioning names them ``prometheus`` and ``loki``.
PROMETHEUS = {"type": "prometheus", "uid": "prometheus"}
LOKI = {"type": "loki", "uid": "loki"}

Target = str | dict
Thresholds = Sequence[tuple[float | None, str]]
DEFAULT_THRESHOLDS: Thresholds = ((None, "green"), (80, "red"))


def prometheus_target(expr: str, legend: str | None = None, *, ref_id: str | None = None, instant: bool = False,
                      interval: str | None = None, datasource: dict | str = PROMETHEUS, fmt: str | None = None) -> dict:
    """A Prometheus query.

    :param expr: the PromQL expression (Grafana variables allowed)
    :param legend: the legend format, e.g. ``{{job}}``
    :param ref_id: the query's letter (default: assigned on build)
    :param instant: an instant query (stat, gauge, table)
    :param interval: minimum step, e.g. ``1m``
    :param datasource: the datasource reference
    :param fmt: ``time_series`` (default), ``table`` or ``heatmap``
    """
    target: dict[str, Any] = {"datasource": datasource, "expr": expr}
    if legend:
        target["legendFormat"] = legend
    if ref_id:
        target["refId"] = ref_id
    if instant:
        target["instant"] = True
        target["range"] = False
    if interval:
        target["interval"] = interval
    if fmt:
        target["format"] = fmt
    return target


def loki_target(expr: str, *, ref_id: str | None = None, datasource: dict | str = LOKI, legend: str | None = None) -> dict:
    """A LogQL query (log lines for a logs panel, or a metric query for a timeseries).

    :param expr: the LogQL query
    :param ref_id: the query's letter
    :param datasource: the Loki datasource reference
    :param legend: the legend format for metric queries
    """
    target: dict[str, Any] = {"datasource": datasource, "expr": expr}
    if ref_id:
        target["refId"] = ref_id
    if legend:
        target["legendFormat"] = legend
    return target


def _targets(targets: Iterable[Target], legend: str | None, instant: bool, datasource: dict | str) -> list[dict]:
    out = []
    for target in targets:
        if isinstance(target, str):
            target = prometheus_target(target, legend, instant=instant, datasource=datasource)
        out.append(target)
    return out


def _thresholds(steps: Thresholds | None) -> dict:
    result = []
    for value, color in steps or DEFAULT_THRESHOLDS:
        step: dict[str, Any] = {"color": color}
        if value is not None:
            step["value"] = value
        result.append(step)
    return {"mode": "absolute", "steps": result}


def _panel(kind: str, title: str, targets: list[dict], datasource: dict | str, *, unit: str | None, description: str,
           defaults: dict | None = None, options: dict | None = None, size: tuple[int, int] | None = None,
           extra: dict | None = None) -> dict:
    panel: dict[str, Any] = {"type": kind, "title": title, "datasource": datasource, "targets": targets}
    if description:
        panel["description"] = description
    field_defaults = dict(defaults or {})
    if unit:
        field_defaults["unit"] = unit
    if field_defaults:
        panel["fieldConfig"] = {"defaults": field_defaults}
    if options:
        panel["options"] = options
    if size:
        panel["gridPos"] = {"w": size[0], "h": size[1]}  # x/y are filled by auto_grid
    if extra:
        panel.update(extra)
    return panel


def timeseries(title: str, *targets: Target, legend: str | None = "{{job}}", unit: str | None = None,
               datasource: dict | str = PROMETHEUS, stack: bool = False, fill: int = 10, min_value: float | None = None,
               max_value: float | None = None, thresholds: Thresholds | None = None, description: str = "",
               size: tuple[int, int] | None = None, extra: dict | None = None) -> dict:
    """A time series panel (the replacement of Angular ``graph``).

    :param title: panel title
    :param targets: PromQL strings (with ``legend``) or target dicts
    :param legend: legend format for string targets
    :param unit: Grafana unit id (``reqps``, ``s``, ``percentunit``, ``bytes``...)
    :param datasource: the datasource reference
    :param stack: stack the series
    :param fill: fill opacity, 0-100
    :param min_value: y-axis minimum
    :param max_value: y-axis maximum
    :param thresholds: ``[(None, "green"), (0.05, "red")]``: drawn as dashed lines when given
    :param description: panel description (hover "i")
    :param size: (width, height) in grid units; default 12x8
    :param extra: more panel JSON, merged last
    """
    custom: dict[str, Any] = {"fillOpacity": fill, "showPoints": "never"}
    if stack:
        custom["stacking"] = {"mode": "normal"}
    defaults: dict[str, Any] = {"custom": custom}
    if thresholds:
        defaults["thresholds"] = _thresholds(thresholds)
        custom["thresholdsStyle"] = {"mode": "dashed"}
    if min_value is not None:
        defaults["min"] = min_value
    if max_value is not None:
        defaults["max"] = max_value
    options = {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
               "tooltip": {"mode": "multi", "sort": "desc"}}
    return _panel("timeseries", title, _targets(targets, legend, False, datasource), datasource, unit=unit,
                  description=description, defaults=defaults, options=options, size=size, extra=extra)


def stat(title: str, *targets: Target, legend: str | None = "{{job}}", unit: str | None = None,
         datasource: dict | str = PROMETHEUS, thresholds: Thresholds | None = None,
         mappings: list[dict] | None = None, color_mode: str = "background", graph_mode: str = "none",
         reduce: str = "lastNotNull", description: str = "", size: tuple[int, int] | None = None,
         extra: dict | None = None) -> dict:
    """A stat panel (the replacement of ``singlestat``), one tile per series.

    :param title: panel title
    :param targets: PromQL strings (instant queries) or target dicts
    :param legend: legend format naming each tile
    :param unit: Grafana unit id
    :param datasource: the datasource reference
    :param thresholds: ``[(None, "red"), (1, "green")]`` colour steps
    :param mappings: value mappings (e.g. 0 -> DOWN)
    :param color_mode: ``background``, ``value`` or ``none``
    :param graph_mode: ``none`` or ``area`` (sparkline)
    :param reduce: the reducer (``lastNotNull``, ``mean``, ``max``...)
    :param description: panel description
    :param size: (width, height); default 6x4
    :param extra: more panel JSON
    """
    defaults: dict[str, Any] = {"thresholds": _thresholds(thresholds)}
    if mappings:
        defaults["mappings"] = mappings
    options = {"colorMode": color_mode, "graphMode": graph_mode, "textMode": "auto", "justifyMode": "auto",
               "reduceOptions": {"calcs": [reduce], "fields": "", "values": False}}
    return _panel("stat", title, _targets(targets, legend, True, datasource), datasource, unit=unit,
                  description=description, defaults=defaults, options=options, size=size, extra=extra)


def gauge(title: str, *targets: Target, legend: str | None = "{{job}}", unit: str | None = "percentunit",
          min_value: float = 0, max_value: float = 1, datasource: dict | str = PROMETHEUS,
          thresholds: Thresholds | None = ((None, "green"), (0.75, "orange"), (0.9, "red")),
          reduce: str = "lastNotNull", description: str = "", size: tuple[int, int] | None = None,
          extra: dict | None = None) -> dict:
    """A gauge: a value within a range (utilisation, saturation).

    :param title: panel title
    :param targets: PromQL strings (instant) or target dicts
    :param legend: legend format naming each gauge
    :param unit: Grafana unit id (default ratio shown as percent)
    :param min_value: lower end of the dial
    :param max_value: upper end of the dial
    :param datasource: the datasource reference
    :param thresholds: colour steps
    :param reduce: the reducer
    :param description: panel description
    :param size: (width, height); default 6x6
    :param extra: more panel JSON
    """
    defaults = {"min": min_value, "max": max_value, "thresholds": _thresholds(thresholds)}
    options = {"showThresholdMarkers": True, "reduceOptions": {"calcs": [reduce], "fields": "", "values": False}}
    return _panel("gauge", title, _targets(targets, legend, True, datasource), datasource, unit=unit,
                  description=description, defaults=defaults, options=options, size=size, extra=extra)


def bargauge(title: str, *targets: Target, legend: str | None = "{{job}}", unit: str | None = None,
             datasource: dict | str = PROMETHEUS, thresholds: Thresholds | None = None, orientation: str = "horizontal",
             display_mode: str = "gradient", description: str = "", size: tuple[int, int] | None = None,
             extra: dict | None = None) -> dict:
    """A bar gauge: compare one value across many series.

    :param title: panel title
    :param targets: PromQL strings (instant) or target dicts
    :param legend: legend format naming each bar
    :param unit: Grafana unit id
    :param datasource: the datasource reference
    :param thresholds: colour steps
    :param orientation: ``horizontal`` or ``vertical``
    :param display_mode: ``gradient``, ``lcd`` or ``basic``
    :param description: panel description
    :param size: (width, height); default 12x6
    :param extra: more panel JSON
    """
    options = {"orientation": orientation, "displayMode": display_mode,
               "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}}
    return _panel("bargauge", title, _targets(targets, legend, True, datasource), datasource, unit=unit,
                  description=description, defaults={"thresholds": _thresholds(thresholds)}, options=options,
                  size=size, extra=extra)


def table(title: str, *targets: Target, unit: str | None = None, datasource: dict | str = PROMETHEUS,
          description: str = "", size: tuple[int, int] | None = None, extra: dict | None = None) -> dict:
    """A table of instant query results, one row per series, labels as columns.

    :param title: panel title
    :param targets: PromQL strings or target dicts
    :param unit: Grafana unit id for the values
    :param datasource: the datasource reference
    :param description: panel description
    :param size: (width, height); default 24x8
    :param extra: more panel JSON
    """
    targets_data = [prometheus_target(t, instant=True, fmt="table", datasource=datasource) if isinstance(t, str) else t
                    for t in targets]
    return _panel("table", title, targets_data, datasource, unit=unit, description=description,
                  options={"showHeader": True}, size=size, extra=extra)


def logs(title: str, expr: str, *, datasource: dict | str = LOKI, description: str = "",
         size: tuple[int, int] | None = None, extra: dict | None = None) -> dict:
    """A logs panel for a LogQL query.

    :param title: panel title
    :param expr: the LogQL query, e.g. ``{service_name="$job"} |= "ERROR"``
    :param datasource: the Loki datasource reference
    :param description: panel description
    :param size: (width, height); default 24x10
    :param extra: more panel JSON
    """
    options = {"showTime": True, "wrapLogMessage": True, "sortOrder": "Descending", "enableLogDetails": True,
               "dedupStrategy": "none"}
    return _panel("logs", title, [loki_target(expr, datasource=datasource)], datasource, unit=None,
                  description=description, options=options, size=size, extra=extra)


def red_panels(selector: str = 'job="$job"', *, metric: str = "http_server_requests_seconds", by: str = "job",
               error_matcher: str = 'status=~"5.."', quantile: float = 0.95, datasource: dict | str = PROMETHEUS,
               rate_interval: str = "$__rate_interval") -> list[dict]:
    """The RED method for a request-driven service: Rate, Errors (ratio), Duration (latency quantile).

    Built on a Prometheus histogram (``<metric>_count`` and ``<metric>_bucket``; Spring Boot's
    ``http_server_requests_seconds`` by default).

    :param selector: label matchers choosing the service, e.g. ``job="$job"``
    :param metric: the histogram's base name
    :param by: the label each line is split by
    :param error_matcher: the matcher selecting failed requests
    :param quantile: latency quantile (0.95 -> p95)
    :param datasource: the Prometheus datasource reference
    :param rate_interval: the rate window
    """
    count = f"{metric}_count"
    legend = "{{" + by + "}}"
    sel = selector
    err = ", ".join(s for s in (selector, error_matcher) if s)
    rate = timeseries("Request Rate", f"sum by ({by}) (rate({count}{{{sel}}}[{rate_interval}]))", legend=legend,
                      unit="reqps", datasource=datasource, description="Requests per second")
    errors = timeseries(
        "Error Rate",
        f"sum by ({by}) (rate({count}{{{err}}}[{rate_interval}])) / sum by ({by}) (rate({count}{{{sel}}}[{rate_interval}]))",
        legend=legend, unit="percentunit", min_value=0, datasource=datasource,
        thresholds=((None, "green"), (0.05, "red")), description="Share of requests answered with a server error")
    percent = f"p{round(quantile * 100):d}"
    duration = timeseries(
        f"{percent} Latency",
        f"histogram_quantile({quantile}, sum by ({by}, le) (rate({metric}_bucket{{{sel}}}[{rate_interval}])))",
        legend=legend, unit="s", min_value=0, datasource=datasource,
        description=f"{percent} request duration from the {metric} histogram")
    return [rate, errors, duration]


def use_panels(selector: str = 'instance=~"$instance"', *, datasource: dict | str = PROMETHEUS,
               rate_interval: str = "$__rate_interval") -> list[dict]:
    """The USE method for hosts (node_exporter): Utilisation, Saturation and Errors of CPU, memory, disk, network.

    :param selector: label matchers choosing the hosts
    :param datasource: the Prometheus datasource reference
    :param rate_interval: the rate window
    """
    s = selector
    ri = rate_interval
    return [
        timeseries("CPU Utilisation", f'1 - avg by (instance) (rate(node_cpu_seconds_total{{mode="idle", {s}}}[{ri}]))',
                   legend="{{instance}}", unit="percentunit", min_value=0, max_value=1, datasource=datasource),
        timeseries("CPU Saturation (load per core)",
                   f'node_load1{{{s}}} / on (instance) count by (instance) (node_cpu_seconds_total{{mode="idle", {s}}})',
                   legend="{{instance}}", unit="short", min_value=0, datasource=datasource),
        timeseries("Memory Utilisation", f"1 - node_memory_MemAvailable_bytes{{{s}}} / node_memory_MemTotal_bytes{{{s}}}",
                   legend="{{instance}}", unit="percentunit", min_value=0, max_value=1, datasource=datasource),
        timeseries("Memory Saturation (major page faults)", f"rate(node_vmstat_pgmajfault{{{s}}}[{ri}])",
                   legend="{{instance}}", unit="short", datasource=datasource),
        timeseries("Disk IO Utilisation", f"rate(node_disk_io_time_seconds_total{{{s}}}[{ri}])",
                   legend="{{instance}} {{device}}", unit="percentunit", min_value=0, datasource=datasource),
        timeseries("Network Errors",
                   f"rate(node_network_receive_errs_total{{{s}}}[{ri}]) + rate(node_network_transmit_errs_total{{{s}}}[{ri}])",
                   legend="{{instance}} {{device}}", unit="short", datasource=datasource),
    ]
