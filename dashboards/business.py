"""Portal Universe - Business: orders, payments and coupon issues (succeeded and failed)."""

from dashboards._inventory import (
    COUPON_ISSUES_METRIC,
    FOLDER,
    LINKS,
    ORDERS_METRIC,
    PAYMENTS_METRIC,
    TAG,
)
from monitoring_as_code.grafana import Row, bargauge, dashboard, stat, timeseries

_RI = "$__rate_interval"

business = dashboard(
    "Portal Universe - Business",
    uid="pu-business",
    folder=FOLDER,
    tags=[TAG, "business"],
    links=LINKS,
    description="Orders, payments and coupon issues of shopping-service: volume and failure ratios.",
    time_from="now-24h",
    panels=[
        stat("Orders (range)", f'sum(increase({ORDERS_METRIC}{{status="created"}}[$__range]))', legend="orders", unit="short",
             color_mode="value", graph_mode="area", thresholds=[(None, "blue")]),
        stat("Payment Success Ratio",
             f'sum(rate({PAYMENTS_METRIC}{{result="success"}}[{_RI}])) / sum(rate({PAYMENTS_METRIC}[{_RI}]))',
             legend="success", unit="percentunit", thresholds=[(None, "red"), (0.95, "orange"), (0.99, "green")]),
        stat("Coupon Issues Failed (range)", f'sum(increase({COUPON_ISSUES_METRIC}{{result="failure"}}[$__range]))',
             legend="failed", unit="short", color_mode="value", thresholds=[(None, "green"), (1, "orange"), (100, "red")]),
        stat("Coupon Issues Succeeded (range)", f'sum(increase({COUPON_ISSUES_METRIC}{{result="success"}}[$__range]))',
             legend="succeeded", unit="short", color_mode="value", thresholds=[(None, "green")]),
        Row("Orders", [
            timeseries("Orders / min by Status", f"sum by (status) (rate({ORDERS_METRIC}[{_RI}])) * 60",
                       legend="{{status}}", unit="short", stack=True),
            bargauge("Orders by Status (range)", f"sum by (status) (increase({ORDERS_METRIC}[$__range]))",
                     legend="{{status}}", unit="short", thresholds=[(None, "blue")], size=(12, 8)),
        ]),
        Row("Payments", [
            timeseries("Payments / min by Result", f"sum by (result) (rate({PAYMENTS_METRIC}[{_RI}])) * 60",
                       legend="{{result}}", unit="short"),
            timeseries("Payment Failure Ratio",
                       f'sum(rate({PAYMENTS_METRIC}{{result="failure"}}[{_RI}])) / sum(rate({PAYMENTS_METRIC}[{_RI}]))',
                       legend="failure ratio", unit="percentunit", min_value=0,
                       thresholds=[(None, "green"), (0.05, "red")]),
        ]),
        Row("Coupons", [
            timeseries("Coupon Issues / min", f"sum by (result) (rate({COUPON_ISSUES_METRIC}[{_RI}])) * 60",
                       legend="{{result}}", unit="short"),
            timeseries("Coupon Issue Failure Ratio",
                       f'sum(rate({COUPON_ISSUES_METRIC}{{result="failure"}}[{_RI}]))'
                       f" / sum(rate({COUPON_ISSUES_METRIC}[{_RI}]))",
                       legend="failure ratio", unit="percentunit", min_value=0,
                       thresholds=[(None, "green"), (0.1, "red")]),
        ]),
    ],
)
