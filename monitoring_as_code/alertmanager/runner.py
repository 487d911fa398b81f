"""Running route and inhibition tests on the Python engines."""

from __future__ import annotations

import os

from monitoring_as_code.alertmanager.inhibition import rules_of
from monitoring_as_code.alertmanager.routing import tree_of
from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import format_path
from monitoring_as_code.core.problem import Location
from monitoring_as_code.core.target import Context, TestResult

CONFIG = "alertmanager/config"
TESTS = "alertmanager/route-tests"


def _configs(ctx: Context) -> dict[str, Document]:
    found: dict[str, Document] = {}
    for doc in ctx.of_kind(CONFIG):
        found.setdefault(doc.name if doc.compiled else os.path.splitext(os.path.basename(doc.file))[0], doc)
    return found


def _location(doc: Document, index: int) -> Location:
    """The test's own line (a test doc has no artifact, so locate() would give the file's first test)."""
    source = doc.python_locations.get(("tests", index))
    loc = doc.locate(("tests", index))
    if source is not None:
        from monitoring_as_code.core.document import display_path

        return Location(file=display_path(source.file), line=source.line, ref=loc.ref)
    return loc


def _labels(labels: dict) -> str:
    return "{" + ", ".join(f'{k}="{v}"' for k, v in labels.items()) + "}"


def _engines(config: Document) -> tuple:
    """The routing tree and inhibit rules of ``config``, built once per run (not per test)."""
    cached = config.extra.get("_engines")
    if cached is None:
        cached = config.extra["_engines"] = (tree_of(config.data), rules_of(config.data))
    return cached


def _run_one(test: dict, config: Document) -> tuple[bool, str]:
    tree, inhibitions = _engines(config)
    if test["type"] == "route":
        routes = tree.match(test["labels"])
        got = [r.receiver for r in routes]
        if got == test["receivers"]:
            return True, ""
        paths = ", ".join(format_path(r.path) + f" ({r.receiver})" for r in routes)
        return False, (
            f"alert:    {_labels(test['labels'])}\n"
            f"expected: {','.join(test['receivers']) or '(none)'}\n"
            f"got:      {','.join(got)}\n"
            f"matched routes: {paths}"
        )
    if test["type"] == "firing-set":
        return _run_firing_set(test, inhibitions)
    source, target = test["source_labels"], test["target_labels"]
    muting = [(rule, rule.mutes(target, [source])) for rule in inhibitions]
    by = [format_path(rule.path) for rule, src in muting if src is not None]
    if bool(by) == test["inhibited"]:
        return True, ""
    return False, (
        f"source:   {_labels(source)}\n"
        f"target:   {_labels(target)}\n"
        f"expected: {'muted' if test['inhibited'] else 'not muted'}\n"
        f"got:      {'muted by ' + ', '.join(by) if by else 'not muted (no inhibit rule matches both with equal labels)'}"
    )


def _run_firing_set(test: dict, inhibitions: list) -> tuple[bool, str]:
    firing = test["firing"]
    got = [a for a in firing if any(rule.mutes(a, firing) is not None for rule in inhibitions)]
    if got == [a for a in firing if a in test["muted"]]:
        return True, ""
    lines = [f"firing:   {', '.join(_labels(a) for a in firing)}"]
    for alert in firing:
        expected, actual = alert in test["muted"], alert in got
        if expected != actual:
            lines.append(f"{_labels(alert)}: expected {'muted' if expected else 'not muted'}, "
                         f"got {'muted' if actual else 'not muted'}")
    return False, "\n".join(lines)


def run_tests(docs: list[Document], ctx: Context) -> list[TestResult]:
    """Every route/inhibition test of ``docs``, against the config each names."""
    configs = _configs(ctx)
    results = []
    for doc in docs:
        if doc.kind != TESTS:
            continue
        for i, test in enumerate(doc.data["tests"]):
            location = _location(doc, i)
            config = configs.get(test.get("config") or "")
            if config is None:
                known = ", ".join(sorted(configs)) or "none"
                passed, details = False, (
                    f"no Alertmanager config {test.get('config')!r} for this test (configs: {known}); "
                    "pass config=... to the test"
                )
            else:
                try:
                    passed, details = _run_one(test, config)
                except ValueError as exc:
                    passed, details = False, f"the config's matchers are invalid: {exc}"
            results.append(TestResult(test["name"], passed, location, details, "alertmanager"))
    return results
