"""Where publishing reads its Grafana settings from, and the progress bar."""

import io

import pytest

from monitoring_as_code.core.project import Project
from monitoring_as_code.errors import UsageError
from monitoring_as_code.grafana.settings import load_settings
from monitoring_as_code.grafana.workflow import progress_bar


def project(tmp_path, text="", env=None):
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\n" + text)
    return Project.load(str(tmp_path), env=env, environ={})


def test_environment_variables_and_aliases(tmp_path):
    proj = project(tmp_path)
    settings = load_settings(proj, {"GRAFANA_SERVER": "https://g.example/", "GRAFANA_API_KEY": "glsa_x",
                                    "GRAFANA_ORG_ID": "3", "GRAFANA_CA_BUNDLE": "/ca.pem"})
    assert (settings.url, settings.token, settings.org_id, settings.ca_bundle) == ("https://g.example", "glsa_x", "3", "/ca.pem")
    basic = load_settings(proj, {"GRAFANA_URL": "http://g", "GRAFANA_AUTH": "admin:s3cret"})
    assert (basic.user, basic.password, basic.token) == ("admin", "s3cret", None)
    token = load_settings(proj, {"GRAFANA_URL": "http://g", "GRAFANA_AUTH": "glsa_tok"})
    assert token.token == "glsa_tok" and "glsa_tok" not in repr(token) and "s3cret" not in repr(basic)


def test_selected_environment_wins_over_ambient_url(tmp_path):
    proj = project(tmp_path, "grafana_url = http://base\n\n[monitoring_as_code:staging]\ngrafana_url = http://staging\n"
                             "grafana_token_env = STAGING_TOKEN\ngrafana_concurrency = 3\n", env="staging")
    settings = load_settings(proj, {"GRAFANA_URL": "http://prod", "STAGING_TOKEN": "glsa_s", "GRAFANA_TOKEN": "glsa_p"})
    assert (settings.url, settings.token, settings.concurrency) == ("http://staging", "glsa_s", 3)
    assert load_settings(proj, {"STAGING_TOKEN": "t"}, url="http://cli").url == "http://cli"


def test_missing_or_bad_settings_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="no Grafana URL"):
        load_settings(project(tmp_path), {})
    with pytest.raises(UsageError, match="credentials"):
        load_settings(project(tmp_path), {"GRAFANA_URL": "http://g"})
    with pytest.raises(UsageError, match="scheme"):
        load_settings(project(tmp_path), {"GRAFANA_URL": "g.example", "GRAFANA_TOKEN": "t"})
    with pytest.raises(UsageError, match="grafana_timeout"):
        load_settings(project(tmp_path, "grafana_timeout = soon\n"), {"GRAFANA_URL": "http://g", "GRAFANA_TOKEN": "t"})


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_a_terminal():
    update, close = progress_bar(3, io.StringIO(), "publishing")
    update(1)
    close()
    stream = Terminal()
    update, close = progress_bar(3, stream, "publishing")
    update(3)
    close()
    assert "publishing" in stream.getvalue()
