"""promtool unit tests for SLO alerts: the page fires on a fast burn, and stays silent within budget.

For each SLO whose SLI can produce test series (``Availability(test_series=...)``, or a
``Latency`` whose selector has ``=`` matchers), two tests run the whole chain (raw series ->
recorded error ratios -> alerts), 1000 events a minute:

* fast burn: 6 healthy hours, then bad events at twice the page threshold: nothing fires 5
  minutes in (only the 5m window sees the burn), and an hour in the page (critical) fires,
  with the ticket (warning, same alertname: Alertmanager inhibits it while the page fires),
  labels and annotations exactly;
* within budget: bad events at half the budget for 3 hours: neither alert fires.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from monitoring_as_code.slo.burnrate import PAGE
from monitoring_as_code.slo.sli import _MATCHER, Availability
from monitoring_as_code.slo.slo import SLO

_PER_MINUTE = 1000.0
_HEALTHY_MINUTES = 360
_BURN_MINUTES = 60


def counter_values(segments: Iterable[tuple[int, float]]) -> str:
    """promtool values for a counter growing ``step`` a minute for ``minutes`` minutes, segment after segment."""
    out, value, first = [], 0.0, True
    for minutes, step in segments:
        start = value if first else value + step
        count = minutes if first else minutes - 1
        out.append(f"{start:g}+{step:g}x{count}")
        value = start + step * count
        first = False
    return " ".join(out)


def _series(name_and_labels: str, extra: dict[str, str] | None = None) -> str:
    if not extra:
        return name_and_labels
    inner = ",".join(f'{k}="{v}"' for k, v in extra.items())
    if name_and_labels.endswith("}"):
        return name_and_labels[:-1] + ("," if not name_and_labels.endswith("{}") else "") + inner + "}"
    return name_and_labels + "{" + inner + "}"


def _inputs(slo: SLO, healthy: int, burning: int, bad_share: float) -> tuple[list[tuple[str, str]], dict[str, str]] | None:
    """``[(series, values)]`` and the labels they carry, or ``None`` when the SLI can't make test data."""
    good_step, bad_step = _PER_MINUTE * (1 - bad_share), _PER_MINUTE * bad_share
    good_segments = [(healthy, _PER_MINUTE), (burning, good_step)] if healthy else [(burning, good_step)]
    bad_segments = [(healthy, 0.0), (burning, bad_step)] if healthy else [(burning, bad_step)]
    sli = slo.sli
    if isinstance(sli, Availability):
        if not sli.test_series:
            return None
        good, bad = sli.test_series
        labels = dict(_MATCHER.findall(good))
        return [(good, counter_values(good_segments)), (bad, counter_values(bad_segments))], labels
    labels = sli.labels_for_tests()
    if not labels:
        return None
    base = sli.metric + "{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "}"
    total_segments = [(healthy, _PER_MINUTE), (burning, _PER_MINUTE)] if healthy else [(burning, _PER_MINUTE)]
    fast = _series(base.replace(sli.metric, sli.metric + "_bucket", 1), {"le": sli.bucket_le})
    return [(fast, counter_values(good_segments)),
            (base.replace(sli.metric, sli.metric + "_count", 1), counter_values(total_segments))], labels


def _rendered(text: str, labels: dict[str, str]) -> str:
    for key, value in labels.items():
        text = text.replace(f"{{{{ $labels.{key} }}}}", value)
    return text


def _expected(slo: SLO, labels: dict[str, str], fast: bool) -> Any:
    from monitoring_as_code.prometheus import ExpectedAlert

    grouped = {k: v for k, v in labels.items() if k in slo.sli.by}
    severity = slo.page_severity if fast else slo.ticket_severity
    annotations = {k: _rendered(v, grouped) for k, v in slo.alert_annotations(fast).items()}
    return ExpectedAlert({**grouped, **slo.alert_labels(severity)}, annotations)


def slo_rule_tests(slos: Iterable[SLO], rules: Any) -> list[Any]:
    """The promtool tests of every SLO that can make test data (see the module docstring).

    :param slos: the SLOs
    :param rules: the RuleFile holding their rules (from :func:`~monitoring_as_code.slo.slo.slo_rule_file`)
    """
    from monitoring_as_code.prometheus import AlertExpectation, RuleTest, Series

    tests = []
    for slo in slos:
        page_bound = PAGE[0].factor(slo.window) * slo.error_budget
        burn = _inputs(slo, _HEALTHY_MINUTES, _BURN_MINUTES, min(1.0, 2 * page_bound))
        calm = _inputs(slo, 0, 180, slo.error_budget / 2)
        if burn is None or calm is None:
            continue
        series, labels = burn
        if page_bound < 1:  # a page threshold above 100% bad events can never fire: nothing to show
            tests.append(RuleTest(
                f"{slo.name}: fast burn pages once the 1h window agrees",
                [Series(s, v) for s, v in series],
                alerts=[
                    AlertExpectation("6h5m", slo.alert_name, []),
                    AlertExpectation("7h", slo.alert_name, [_expected(slo, labels, True), _expected(slo, labels, False)]),
                ],
                rules=rules,
            ))
        calm_series, _labels = calm
        tests.append(RuleTest(
            f"{slo.name}: a burn within budget pages nobody",
            [Series(s, v) for s, v in calm_series],
            alerts=[AlertExpectation(t, slo.alert_name, []) for t in ("1h", "3h")],
            rules=rules,
        ))
    return tests
