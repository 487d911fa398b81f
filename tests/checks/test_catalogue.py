"""The catalogue itself: enough checks, well named, each with a docs page and table cases both ways."""

import importlib
import os
import re

from monitoring_as_code.checks import ALL_CHECKS, all_checks
from monitoring_as_code.checks.base import Check
from monitoring_as_code.core.problem import Severity

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLES = ("test_alerts", "test_promql", "test_rule", "test_dashboard", "test_alertmanager", "test_logs")


def test_at_least_25_checks_with_unique_namespaced_names():
    names = [c.name for c in all_checks()]
    assert len(names) >= 25 and len(set(names)) == len(names)
    for check, spec in zip(all_checks(), ALL_CHECKS):
        assert re.fullmatch(r"[a-z]+/[a-z-]+", check.name), check.name
        assert spec.split(":")[0] == check.name.replace("/", "_").replace("-", "_"), spec
        assert isinstance(check.severity, Severity)
        assert check.kinds or type(check).check_all is not Check.check_all, check.name


def test_every_check_has_a_docs_page_with_the_four_answers():
    for check in all_checks():
        path = os.path.join(REPO, "docs", "checks", f"{check.name}.md")
        assert os.path.isfile(path), path
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        for section in ("## What it catches", "## Why it matters", "## How to fix", "## How to disable"):
            assert section in text, (path, section)
        assert f"disable={check.name}" in text and f"**{check.severity}**" in text


def test_every_check_has_table_cases_that_fire_and_stay_quiet():
    fires, quiet = set(), set()
    for module in TABLES:
        for case in importlib.import_module(module).CASES:
            (fires if case[2] else quiet).add(case[0])
    names = {c.name for c in all_checks()}
    assert names <= fires, names - fires
    assert names <= quiet, names - quiet
