import os

import pytest

from monitoring_as_code.grafana.client import GrafanaClient
from monitoring_as_code.grafana.settings import GrafanaSettings

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REAL = os.path.join(REPO, "tests", "data", "dashboards", "real")


@pytest.fixture
def client_for():
    """``client_for(emulator, **settings)``: a client with fast retries, closed after the test."""
    made = []

    def make(emulator, backoff=0.01, **overrides):
        settings = GrafanaSettings(url=emulator.url, token=emulator.token, timeout=overrides.pop("timeout", 5.0),
                                   **overrides)
        client = GrafanaClient(settings, backoff=backoff)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def grafana_env(grafana_emulator):
    """Environment variables pointing ``mac`` at the emulator."""
    return {"GRAFANA_URL": grafana_emulator.url, "GRAFANA_TOKEN": grafana_emulator.token, "PATH": os.environ.get("PATH", "")}
