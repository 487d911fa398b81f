"""`mac import promtail`: existing Promtail YAML becomes Python that builds the same configuration."""

from __future__ import annotations

import glob
import os

import pytest
import yaml

from monitoring_as_code.core.encode import to_data
from monitoring_as_code.errors import UsageError
from monitoring_as_code.promtail.importer import import_promtail

DATA = os.path.join(os.path.dirname(__file__), "..", "data", "loki")
FILES = sorted(glob.glob(os.path.join(DATA, "examples", "promtail-*.yaml")) + glob.glob(os.path.join(DATA, "golden",
                                                                                                     "*.yaml")))
_NAMED = {"labels", "structured_metadata", "static_labels"}


def _normalized(node):
    """Promtail's reading of empty values: ``labels: {a: }`` means ``a: a`` (as our model writes it)."""
    if isinstance(node, list):
        return [_normalized(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in _NAMED and isinstance(value, dict) or key in ("expressions", "mapping") and isinstance(value, dict):
            value = {k: (k if v is None else v) for k, v in value.items()}
        out[key] = _normalized(value)
    return out


@pytest.mark.parametrize("path", FILES, ids=os.path.basename)
def test_imported_python_builds_the_same_configuration(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    source = import_promtail(text, os.path.basename(path))
    namespace: dict = {}
    exec(compile(source, path + ".py", "exec"), namespace)  # noqa: S102 - running the generated definition is the test
    assert to_data(namespace["PROMTAIL"]) == _normalized(yaml.safe_load(text))


def test_the_cli_writes_the_definition(tmp_path, mac):
    out = tmp_path / "promtail.py"
    result = mac(["import", "promtail", os.path.join(DATA, "examples", "promtail-docker-compose.yaml"),
                  "-o", str(out)])
    assert result.status == 0
    assert "PROMTAIL = PromtailConfig(" in out.read_text() and "Labels({" in out.read_text()


@pytest.mark.parametrize("text", ["groups: []\n", "- a\n", "scrape_configs: [\n"])
def test_not_a_promtail_file(text):
    with pytest.raises(UsageError):
        import_promtail(text, "x.yaml")
