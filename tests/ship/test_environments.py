"""Environments: what definitions read while loading, and re-imports when the environment changes."""

from __future__ import annotations

import pytest

from monitoring_as_code import environment
from monitoring_as_code.cli import COMMANDS, build_parser
from monitoring_as_code.core.loader import load_definitions, python_files
from monitoring_as_code.core.project import Project

CFG = """\
[monitoring_as_code]
definitions = rules
grafana_folder = Portal Universe (dev)
external_labels = environment=dev

[monitoring_as_code:staging]
grafana_folder = Portal Universe (staging)
external_labels = environment=staging, cluster=portal-staging

[monitoring_as_code:production]
grafana_folder = Portal Universe
external_labels = environment=production cluster=portal-prod
"""


@pytest.fixture
def proj(tmp_path):
    (tmp_path / "setup.cfg").write_text(CFG)
    (tmp_path / "rules").mkdir()
    return tmp_path


def load(root, env):
    return Project.load(str(root), env=env, environ={})


def test_definitions_read_the_selected_environment(proj):
    with environment.activated(load(proj, "staging")):
        assert environment.current_env() == "staging"
        assert environment.setting("grafana_folder") == "Portal Universe (staging)"
        assert environment.setting("missing", "fallback") == "fallback"
        assert environment.external_labels() == {"environment": "staging", "cluster": "portal-staging"}
        assert environment.by_env(production="pagerduty", default="slack") == "slack"
        assert environment.settings()["grafana_folder"] == "Portal Universe (staging)"
    with environment.activated(load(proj, "production")):
        assert environment.by_env(production="pagerduty", default="slack") == "pagerduty"
    with environment.activated(load(proj, None)):
        assert environment.current_env() is None
        assert environment.external_labels() == {"environment": "dev"}


def test_by_env_rejects_an_environment_setup_cfg_does_not_define(proj):
    with environment.activated(load(proj, "production")), pytest.raises(ValueError) as info:
        environment.by_env(prodution="pagerduty", default="slack")
    assert "'prodution'" in str(info.value) and "staging, production" in str(info.value)


def test_pairs_without_equals_are_rejected():
    with pytest.raises(ValueError, match="name=value"):
        environment.parse_pairs("environment", "external_labels")


def _load(root, env):
    project = load(root, env)
    with environment.activated(project):
        found = load_definitions(
            python_files([str(root / "rules")]), str(root), lambda o: isinstance(o, dict),
            fingerprint=environment.fingerprint(project), definition_dirs=project.definition_dirs,
        )
    return {d.name: d.obj for d in found}


def test_a_new_environment_reimports_definitions_and_their_helpers(proj):
    (proj / "rules" / "_common.py").write_text(
        "from monitoring_as_code.environment import current_env\nENV = current_env()\n"
    )
    (proj / "rules" / "labels.py").write_text(
        "from monitoring_as_code.environment import external_labels, setting\n"
        "from rules._common import ENV\n"
        "LABELS = {'helper': ENV, **external_labels(), 'folder': setting('grafana_folder')}\n"
    )
    staging = _load(proj, "staging")["LABELS"]
    assert staging == {"helper": "staging", "environment": "staging", "cluster": "portal-staging",
                       "folder": "Portal Universe (staging)"}
    production = _load(proj, "production")["LABELS"]
    assert production["helper"] == "production" and production["environment"] == "production"
    again = _load(proj, "production")["LABELS"]
    assert again is production, "same environment: modules are reused, not imported again"


VERBS_WITHOUT_PROJECT = {"import"}  # turns a given file into Python; reads no project settings


@pytest.mark.parametrize("verb", sorted(set(COMMANDS) - VERBS_WITHOUT_PROJECT))
def test_every_project_verb_takes_env(verb):
    import argparse

    parser = build_parser()
    verb_parser = next(a for a in parser._actions if a.dest == "verb").choices[verb]
    # A verb with actions (`mac loadtest check`) takes --env on each action.
    nested = [a for a in verb_parser._actions if isinstance(a, argparse._SubParsersAction)]
    parsers = list(nested[0].choices.values()) if nested else [verb_parser]
    for each in parsers:
        options = {o for action in each._actions for o in action.option_strings}
        assert "--env" in options, f"mac {each.prog} has no --env"


@pytest.mark.parametrize("env, expected", [
    ("", ["build", "build --env staging", "build --env production"]),
    ("staging", ["build --env staging"]),
], ids=["every-environment", "one-environment"])
def test_make_build_builds_the_default_and_every_environment(repo_root, env, expected):
    import shutil
    import subprocess

    if not shutil.which("make"):
        pytest.skip("make not installed")
    # -n prints the recipe; the environments come from setup.cfg's [monitoring_as_code:<env>] sections.
    result = subprocess.run(["make", "-n", "build", f"ENV={env}"], cwd=repo_root,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    recipe = result.stdout
    builds = []
    for line in recipe.splitlines():
        if "for env in" in line:
            envs = line.split("for env in", 1)[1].split(";", 1)[0].split()
            builds += [f"build --env {e}" for e in envs]
        elif "/mac build" in line:
            builds.append(line.split("/mac ", 1)[1].strip())
    assert builds == expected


def test_default_env_selects_an_environment_and_its_build_directory(proj):
    (proj / "setup.cfg").write_text(CFG.replace("definitions = rules\n", "definitions = rules\ndefault_env = staging\n"))
    project = Project.load(str(proj), environ={})
    assert project.env == "staging" and project.build_dir == str(proj / "build" / "staging")
    assert Project.load(str(proj), env="production", environ={}).env == "production", "--env wins"
    assert Project.load(str(proj), environ={"MAC_ENV": "production"}).env == "production", "then MAC_ENV"


def test_outside_mac_the_project_is_found_from_the_working_directory(proj, monkeypatch):
    monkeypatch.chdir(proj / "rules")
    monkeypatch.setenv("MAC_ENV", "production")
    assert environment.current_env() == "production"
    assert environment.external_labels()["cluster"] == "portal-prod"
    monkeypatch.delenv("MAC_ENV")
    assert environment.current_env() is None
