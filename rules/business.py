"""Portal Universe business alerts: failed orders and payments of shopping-service.

Metrics (Micrometer counters of shopping-service, shared with the pu-business dashboard):
``shopping_orders_total{status}`` and ``shopping_payments_total{result="success"|"failure"}``.

Changes to the operations spec, and why:

* The failure ratio divides by ``(total > 0)``: with no orders or payments in the window the
  spec's 0/0 was NaN, silently no alert, but indistinguishable from "healthy"; now it is
  explicitly no alert, and the tests pin that down.
* An order attempt ends ``created`` or ``failed``; ``paid`` and ``cancelled`` are later steps of a
  created order, so the denominator counts attempts (created + failed), not every status
  change (which would count one order two or three times and hide failures).
* Both keep ``job`` (grouping and inhibition in Alertmanager) and stay ``critical`` as in the spec.
"""

from monitoring_as_code.prometheus import AlertingRule, RuleFile, RuleGroup, Series
from rules._portal import BUSINESS, annotations, lifecycle_tests, rendered

high_order_failure_rate = AlertingRule(
    "HighOrderFailureRate",
    """
    sum by (job) (rate(shopping_orders_total{status="failed"}[5m]))
      /
    (sum by (job) (rate(shopping_orders_total{status=~"created|failed"}[5m])) > 0)
      > 0.1
    """,
    for_="5m",
    labels={"severity": "critical"},
    annotations=annotations(
        "HighOrderFailureRate",
        "{{ $value | humanizePercentage }} of orders fail in {{ $labels.job }}",
        "More than 10% of order attempts in {{ $labels.job }} have failed for 5 minutes "
        "(now {{ $value | humanizePercentage }}). Customers cannot buy.",
        BUSINESS,
    ),
)

high_payment_failure_rate = AlertingRule(
    "HighPaymentFailureRate",
    """
    sum by (job) (rate(shopping_payments_total{result="failure"}[5m]))
      /
    (sum by (job) (rate(shopping_payments_total[5m])) > 0)
      > 0.1
    """,
    for_="5m",
    labels={"severity": "critical"},
    annotations=annotations(
        "HighPaymentFailureRate",
        "{{ $value | humanizePercentage }} of payments fail in {{ $labels.job }}",
        "More than 10% of payments in {{ $labels.job }} have failed for 5 minutes "
        "(now {{ $value | humanizePercentage }}). Check the payment provider.",
        BUSINESS,
    ),
)

business_alerts = RuleFile(
    [RuleGroup("business-alerts", [high_order_failure_rate, high_payment_failure_rate])],
    name="business",
)

# ---- rule unit tests (promtool) ----

_SHOP = {"job": "shopping-service"}


def _orders(status: str, values: str) -> Series:
    return Series(f'shopping_orders_total{{job="shopping-service",instance="shopping-service:8080",status="{status}"}}', values)


def _payments(result: str, values: str) -> Series:
    return Series(
        f'shopping_payments_total{{job="shopping-service",instance="shopping-service:8080",result="{result}"}}', values
    )


high_order_failure_rate_tests = lifecycle_tests(
    high_order_failure_rate,
    # 20 failed of 100 attempts a minute; paid orders must not dilute the ratio.
    firing=[_orders("failed", "0+20x30"), _orders("created", "0+80x30"), _orders("paid", "0+80x30")],
    expected=rendered(
        high_order_failure_rate, _SHOP, "20% of orders fail in shopping-service",
        "More than 10% of order attempts in shopping-service have failed for 5 minutes (now 20%). Customers cannot buy.",
    ),
    quiet={
        "at 5% failed orders": [_orders("failed", "0+5x30"), _orders("created", "0+95x30")],
        "without orders": [_orders("failed", "0x30"), _orders("created", "0x30")],
    },
    true_from="1m",
)

high_payment_failure_rate_tests = lifecycle_tests(
    high_payment_failure_rate,
    firing=[_payments("failure", "0+30x30"), _payments("success", "0+70x30")],
    expected=rendered(
        high_payment_failure_rate, _SHOP, "30% of payments fail in shopping-service",
        "More than 10% of payments in shopping-service have failed for 5 minutes (now 30%). Check the payment provider.",
    ),
    quiet={
        "at 2% failed payments": [_payments("failure", "0+2x30"), _payments("success", "0+98x30")],
        "without payments": [_payments("failure", "0x30"), _payments("success", "0x30")],
    },
    true_from="1m",
)
