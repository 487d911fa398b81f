"""SLO alerts route through Portal Universe's Alertmanager config: page -> PagerDuty and Slack,
ticket -> Slack, and the ticket is muted while the page of the same SLO and job fires."""

import os

import pytest
import yaml

from monitoring_as_code.alertmanager.amtool import routes_test
from monitoring_as_code.alertmanager.inhibition import muted

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    from monitoring_as_code.core.loader import import_file
    from monitoring_as_code.testing.cli_runner import run_cli

    out = tmp_path_factory.mktemp("build")
    result = run_cli(["build", "--out", str(out), "alertmanager"], cwd=REPO)
    assert result.status == 0, result.stdout + result.stderr
    import sys

    sys.path.insert(0, REPO)
    try:
        slos = import_file(os.path.join(REPO, "rules", "slos.py"), REPO)
    finally:
        sys.path.remove(REPO)
    return str(out / "alertmanager" / "alertmanager.yml"), slos


def _alert(rule, job):
    return {"alertname": rule.alert, "job": job, **rule.labels}


@pytest.mark.amtool
def test_pages_and_tickets_reach_their_receivers(amtool, portal):
    config, slos = portal
    for slo in slos.SLOS:
        page, ticket = slo.alerting_rules()
        assert routes_test(config, _alert(page, slo.service)) == ["pagerduty-critical", "slack-notifications"]
        assert routes_test(config, _alert(ticket, slo.service)) == ["slack-notifications"]


def test_ticket_is_muted_while_the_page_fires(portal):
    config, slos = portal
    with open(config, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    slo = slos.SLOS[0]
    page, ticket = (_alert(r, slo.service) for r in slo.alerting_rules())
    assert muted(data, [page, ticket]) == [False, True]
    assert muted(data, [ticket]) == [False]
