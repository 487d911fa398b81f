"""The Alloy output of Promtail configurations, compared to reviewed golden files.

The cases together cover every stage we convert; a new stage needs a case here.
"""

from __future__ import annotations

import difflib
import glob
import os

import pytest
import yaml

from monitoring_as_code.alloy.convert import convert
from monitoring_as_code.alloy.stages import _LISTS, _MAPS, _SIMPLE
from monitoring_as_code.alloy.syntax import render

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "data", "loki", "golden")
CASES = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(GOLDEN, "*.yaml")))
CONVERTED = set(_SIMPLE) | set(_MAPS) | set(_LISTS) | {"docker", "decolorize", "match", "drop", "multiline",
                                                         "sampling", "metrics"}


def _convert(case: str) -> str:
    with open(os.path.join(GOLDEN, case + ".yaml"), encoding="utf-8") as fh:
        conversion = convert(yaml.safe_load(fh))
    assert conversion.diagnostics == []
    return render(conversion.blocks)


@pytest.mark.parametrize("case", CASES)
def test_alloy_output_matches_golden(case):
    got = _convert(case)
    path = os.path.join(GOLDEN, case + ".alloy")
    if os.environ.get("UPDATE_GOLDEN") or not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(got)
    with open(path, encoding="utf-8") as fh:
        want = fh.read()
    assert got == want, "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "got"))


def _stage_names(stages):
    for stage in stages or []:
        for name, body in stage.items():
            yield name
            if name == "match":
                yield from _stage_names((body or {}).get("stages"))


def test_golden_cases_cover_every_converted_stage():
    seen = set()
    for case in CASES:
        with open(os.path.join(GOLDEN, case + ".yaml"), encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        for scrape in data["scrape_configs"]:
            seen.update(_stage_names(scrape.get("pipeline_stages")))
    assert CONVERTED <= seen, f"stages without a golden case: {sorted(CONVERTED - seen)}"
    assert {"structured_metadata", "labeldrop", "labelallow", "metrics", "match", "cri", "docker"} <= seen


def test_alloy_formatting_matches_the_converter_on_its_own_example():
    """grafana/alloy's pipeline_stages_part2 case (supported stages), with the converter's expected stage blocks."""
    data = {"clients": [{"url": "http://localhost/loki/api/v1/push"}], "scrape_configs": [{
        "job_name": "example", "kubernetes_sd_configs": [{"role": "pod", "kubeconfig_file": "/home/toby/.kube/config"}],
        "pipeline_stages": [{"docker": {}}, {"cri": {"max_partial_lines": 223}}, {"labeldrop": ["foo", "bar"]},
                            {"multiline": {"firstline": ".*\n", "max_lines": 100000, "max_wait_time": "1s"}},
                            {"pack": {"labels": ["foo", "bar"], "ingest_timestamp": True}},
                            {"sampling": {"rate": 0, "drop_counter_reason": "womp womp!"}}]}]}
    text = render(convert(data).blocks)
    assert '\tstage.docker { }\n\n\tstage.cri {\n\t\tmax_partial_lines = 223\n\t}\n' in text
    assert '\tstage.label_drop {\n\t\tvalues = ["foo", "bar"]\n\t}\n' in text
    assert ('\tstage.multiline {\n\t\tfirstline     = ".*\\n"\n\t\tmax_lines     = 100000\n'
            '\t\tmax_wait_time = "1s"\n\t}\n') in text
    assert '\tstage.pack {\n\t\tlabels = ["foo", "bar"]\n\t}\n' in text
    assert '\tstage.sampling {\n\t\tdrop_counter_reason = "womp womp!"\n\t\trate                = 0\n\t}\n' in text
    assert 'loki.write "default" {\n\tendpoint {\n\t\turl = "http://localhost/loki/api/v1/push"\n\t}\n' \
           '\texternal_labels = {}\n}\n' in text


def test_what_mac_does_not_convert_is_reported_at_the_promtail_line(tmp_path, mac):
    (tmp_path / "setup.cfg").write_text("[monitoring_as_code]\ndefinitions = loki\n")
    (tmp_path / "loki").mkdir()
    (tmp_path / "loki" / "promtail.py").write_text(
        "from monitoring_as_code.promtail import *\n"
        "P = PromtailConfig(clients=[Client(url='http://loki:3100/loki/api/v1/push')], scrape_configs=[\n"
        "    ScrapeConfig(job_name='journal', extra={'journal': {'max_age': '12h'}}),\n"
        "], limits_config={'readline_rate_enabled': True, 'readline_rate': 100})\n")
    import json

    problems = [p for p in json.loads(mac(["check", "--format", "json"], cwd=str(tmp_path)).stdout)["problems"]
                if p["check"] == "alloy/convert"]
    assert sorted((p["severity"], p["line"], p["object_path"]) for p in problems) == [
        ("bug", 3, "scrape_configs[0].journal"), ("warning", 2, "limits_config")]
