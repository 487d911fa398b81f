"""Portal Universe's SLO outputs are byte-identical to the reviewed golden files (UPDATE_GOLDEN=1 rewrites them).

Reviewers read the golden diff: a change to an objective shows up in the rules, the promtool
tests, the dashboard and every k6 options file at once.
"""

import os

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
OUTPUTS = ("prometheus/rules/slos.yml", "prometheus/tests/slos.test.yml", "k6",
           "grafana/dashboards/portal-universe/pu-slo-error-budgets.json")


def _built_files(root: str) -> dict[str, str]:
    files = {}
    for output in OUTPUTS:
        path = os.path.join(root, output)
        names = sorted(os.listdir(path)) if os.path.isdir(path) else [""]
        for name in names:
            full = os.path.join(path, name) if name else path
            with open(full, encoding="utf-8") as fh:
                files[os.path.relpath(full, root)] = fh.read()
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from monitoring_as_code.testing.cli_runner import run_cli

    out = tmp_path_factory.mktemp("build")
    result = run_cli(["build", "--out", str(out), "rules/slos.py"], cwd=REPO)
    assert result.status == 0, result.stdout + result.stderr
    return _built_files(str(out))


def test_slo_outputs_match_golden(built):
    if os.environ.get("UPDATE_GOLDEN"):
        for rel, text in built.items():
            os.makedirs(os.path.dirname(os.path.join(GOLDEN, rel)), exist_ok=True)
            with open(os.path.join(GOLDEN, rel), "w", encoding="utf-8") as fh:
                fh.write(text)
    assert sorted(built) == sorted(_built_files(GOLDEN))
    for rel, text in built.items():
        with open(os.path.join(GOLDEN, rel), encoding="utf-8") as fh:
            assert text == fh.read(), f"{rel} differs from tests/slo/golden (UPDATE_GOLDEN=1 to accept)"
