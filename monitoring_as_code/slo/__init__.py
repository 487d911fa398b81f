"""SLOs: one objective drives recording rules, multi-window multi-burn-rate alerts, an error-budget
dashboard, promtool tests and k6 thresholds.

>>> from monitoring_as_code.slo import SLO, Availability, Latency, slo_rule_file, slo_rule_tests
"""

from monitoring_as_code.slo.dashboard import error_budget_dashboard
from monitoring_as_code.slo.ruletests import slo_rule_tests
from monitoring_as_code.slo.sli import Availability, Latency
from monitoring_as_code.slo.slo import SLO, slo_rule_file

__all__ = ["SLO", "Availability", "Latency", "error_budget_dashboard", "slo_rule_file", "slo_rule_tests"]
