import pytest

from monitoring_as_code.core.project import Project
from monitoring_as_code.errors import UsageError

CFG = """\
[monitoring_as_code]
definitions = rules dashboards
build_dir = out
disabled_checks = alerts/for, promql

[monitoring_as_code:staging]
grafana_url = https://grafana.staging.example
"""


def test_settings_and_environment_overlay(tmp_path):
    (tmp_path / "setup.cfg").write_text(CFG)
    (tmp_path / "rules").mkdir()
    project = Project.load(str(tmp_path / "rules"), environ={})
    assert project.root == str(tmp_path)
    assert project.definition_dirs == [str(tmp_path / "rules"), str(tmp_path / "dashboards")]
    assert project.build_dir == str(tmp_path / "out")
    assert project.disabled_checks == {"alerts/for", "promql"}
    staging = Project.load(str(tmp_path), env="staging", environ={})
    assert staging.get("grafana_url") == "https://grafana.staging.example"
    assert staging.build_dir == str(tmp_path / "out" / "staging")
    assert Project.load(str(tmp_path), environ={"MAC_ENV": "staging"}).env == "staging"


def test_unknown_environment_is_a_usage_error(tmp_path):
    (tmp_path / "setup.cfg").write_text(CFG)
    with pytest.raises(UsageError) as info:
        Project.load(str(tmp_path), env="prod", environ={})
    assert "staging" in info.value.hint
