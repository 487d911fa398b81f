"""Prometheus: alerting and recording rules, their unit tests, server configuration.

>>> from monitoring_as_code.prometheus import AlertingRule, RuleGroup, RuleFile

Names are imported on first use, so importing a submodule (the target, for ``mac check`` on
a YAML file) does not pay for the model and its dependencies.
"""

from __future__ import annotations

from monitoring_as_code.core.lazy import lazy_exports

_EXPORTS = {
    "AlertingRule": "rules", "RecordingRule": "rules", "RuleGroup": "rules", "RuleFile": "rules",
    "RuleTest": "ruletests", "Series": "ruletests", "AlertExpectation": "ruletests", "ExpectedAlert": "ruletests",
    "PromqlExpectation": "ruletests", "ExpectedSample": "ruletests",
}
__all__ = list(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
