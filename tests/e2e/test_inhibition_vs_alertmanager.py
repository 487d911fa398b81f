"""Our inhibition engine against a real Alertmanager: post firing alert sets to its API and read
back which are suppressed (Alertmanager runs its inhibitor when listing alerts).

Each case gets its own `case` label value and its alerts are resolved afterwards, so cases never
inhibit each other (resolved alerts never inhibit); the rules' `equal` lists do not name `case`.
"""

from __future__ import annotations

import json
import time
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring_as_code.alertmanager.inhibition import muted

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

CONFIG = {
    "route": {"receiver": "null", "group_wait": "1h"},
    "receivers": [{"name": "null"}],
    "inhibit_rules": [
        {"source_matchers": ['severity="critical"'], "target_matchers": ['severity="warning"'],
         "equal": ["alertname", "job"]},
        {"source_matchers": ['alertname="NodeDown"'], "target_matchers": ['alertname=~".+"'], "equal": ["node"]},
        {"source_match": {"severity": "warning"}, "target_match_re": {"severity": "info|warning"}, "equal": ["team"]},
    ],
}
ALERT = st.fixed_dictionaries({}, optional={
    "alertname": st.sampled_from(["A", "B", "NodeDown"]),
    "job": st.sampled_from(["j1", "j2"]),
    "severity": st.sampled_from(["critical", "warning", "info"]),
    "node": st.sampled_from(["n1", "n2"]),
    "team": st.sampled_from(["t1", ""]),
})


@pytest.fixture(scope="module")
def alertmanager(alertmanager_binary, tmp_path_factory, free_port):
    import subprocess

    tmp = tmp_path_factory.mktemp("am")
    (tmp / "am.yml").write_text(yaml.safe_dump(CONFIG))
    port = free_port()
    log = open(tmp / "am.log", "w+")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen([
        alertmanager_binary, f"--config.file={tmp / 'am.yml'}", f"--storage.path={tmp / 'data'}",
        f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=",
    ], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{url}/-/ready", timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.2)
        else:
            pytest.fail("alertmanager not ready")
        if proc.poll() is not None:
            log.seek(0)
            pytest.fail(f"alertmanager exited: {log.read()[-2000:]}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _post(url: str, alerts: list[dict], ends: datetime | None = None) -> None:
    body = [{"labels": a, **({"endsAt": ends.isoformat()} if ends else {})} for a in alerts]
    request = urllib.request.Request(f"{url}/api/v2/alerts", json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=5).close()


def _suppressed(url: str, case: str) -> dict[str, bool]:
    query = urllib.parse.quote(f'case="{case}"')
    with urllib.request.urlopen(f"{url}/api/v2/alerts?filter={query}", timeout=5) as response:
        return {a["labels"]["id"]: a["status"]["state"] == "suppressed" for a in json.load(response)}


_cases = iter(range(10**6))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(alerts=st.lists(ALERT, min_size=1, max_size=5))
def test_inhibition_agrees_with_alertmanager(alerts, alertmanager):
    case = str(next(_cases))
    # Empty values are the same as missing labels for Alertmanager: drop them before comparing.
    firing = [{**{k: v for k, v in a.items() if v}, "case": case, "id": str(i)} for i, a in enumerate(alerts)]
    _post(alertmanager, firing)
    try:
        theirs = _suppressed(alertmanager, case)
        ours = muted(CONFIG, firing)
        assert [theirs[a["id"]] for a in firing] == ours, firing
    finally:
        _post(alertmanager, firing, ends=datetime.now(UTC) - timedelta(seconds=1))
