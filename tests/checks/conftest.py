"""Running one check on documents built from raw YAML/JSON text, as ``mac check`` would."""

from __future__ import annotations

import textwrap

import pytest

from monitoring_as_code.checks import all_checks
from monitoring_as_code.core.document import Document
from monitoring_as_code.core.project import Project
from monitoring_as_code.core.target import Context
from monitoring_as_code.core.yamlsource import load_documents, load_json


def find_check(name: str):
    for check in all_checks():
        if check.name == name:
            return check
    raise AssertionError(f"no check named {name!r}")


def make_doc(kind: str, text: str, path: str) -> Document:
    text = textwrap.dedent(text).lstrip("\n")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    data = load_json(text) if path.endswith(".json") else load_documents(text)[0]
    return Document(kind=kind, data=data, file=path, name=path.rsplit("/", 1)[-1], text=text)


@pytest.fixture
def document_of():
    """:func:`make_doc` (a fixture: importing from ``conftest`` depends on which directories a run collects)."""
    return make_doc


@pytest.fixture
def run_check(tmp_path, monkeypatch):
    """``run_check(name, (kind, text), ..., settings={})`` -> the check's problems on those documents."""
    monkeypatch.chdir(tmp_path)

    def run(name: str, *docs, settings: dict | None = None):
        check = find_check(name)
        built = []
        for i, spec in enumerate(docs):
            if isinstance(spec, Document):
                built.append(spec)
                continue
            kind, text = spec[0], spec[1]
            filename = spec[2] if len(spec) > 2 else f"doc{i}.{'json' if text.lstrip().startswith('{') else 'yml'}"
            built.append(make_doc(kind, text, str(tmp_path / filename)))
        ctx = Context(project=Project(root=str(tmp_path), settings=dict(settings or {})), documents=built)
        problems = []
        for doc in built:
            if doc.kind in check.kinds:
                problems.extend(check.check(doc, ctx))
        problems.extend(check.check_all(ctx))
        for problem in problems:
            assert problem.check == name
            assert problem.message and problem.hint, "every problem says what is wrong and how to fix it"
        return sorted(problems, key=lambda p: (p.location.line or 0, p.location.object_path or "", p.message))

    return run

