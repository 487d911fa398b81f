"""Definitions -> Documents: rule files and the promtool test files that test them.

* A :class:`RuleFile` becomes ``prometheus/rules/<name>.yml`` (``name`` defaults to the
  definition file's name: ``rules/services.py`` -> ``services``).
* Module-level :class:`RuleGroup` objects that no RuleFile holds are gathered, per definition
  file, into a rule file named after that file.
* :class:`RuleTest` objects become ``prometheus/tests/<name>.test.yml``, one per rule file
  under test, with ``rule_files: [../rules/<name>.yml]``.
"""

from __future__ import annotations

import os
from typing import Any

from monitoring_as_code.core.document import Document, display_path
from monitoring_as_code.core.encode import dump_yaml, to_data
from monitoring_as_code.core.resource import SourceLocation
from monitoring_as_code.core.target import Definition
from monitoring_as_code.errors import DefinitionError

RULES_DIR = "prometheus/rules"
TESTS_DIR = "prometheus/tests"
#: promtool's default; groups without `interval` are evaluated at it in tests as in Prometheus.
EVALUATION_INTERVAL = "1m"


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def _where(definition: Definition) -> str:
    return f"{display_path(definition.file)}:{definition.line or '?'}"


def _prefer_definition(locations: dict, path: tuple, definition: Definition) -> None:
    """Locate an object at its definition when it was built elsewhere (by a helper) or nowhere known."""
    source = locations.get(path)
    if source is None or os.path.abspath(source.file) != os.path.abspath(definition.file):
        locations[path] = SourceLocation(definition.file, definition.line or 1)


def _document(name: str, data: dict, locations: dict, definition: Definition, obj: Any) -> Document:
    return Document(
        kind="prometheus/rules", data=data, file=definition.file, name=name, ref=f"RuleFile/{name}",
        artifact=f"{RULES_DIR}/{name}.yml", text=dump_yaml(data), python_locations=locations,
        source_object=obj, line=definition.line,
    )


def compile_rules(definitions: list[Definition]) -> list[Document]:
    """One Document per rule file (explicit RuleFiles, then each file's loose groups)."""
    files = [d for d in definitions if d.obj.kind == "RuleFile"]
    held = {id(group) for d in files for group in d.obj.groups}
    docs: list[Document] = []
    owners: dict[str, Definition] = {}

    def claim(name: str, definition: Definition) -> None:
        if name in owners:
            raise DefinitionError(
                f"two rule files are named {name!r} (the other is at {_where(owners[name])})",
                file=display_path(definition.file), line=definition.line,
                hint="give one of them another name: RuleFile(..., name='other-name')",
            )
        owners[name] = definition

    for definition in files:
        name = definition.obj.name or _stem(definition.file)
        claim(name, definition)
        locations: dict = {}
        data = to_data(definition.obj, (), locations)
        docs.append(_document(name, data, locations, definition, definition.obj))
    loose: dict[str, list[Definition]] = {}
    for definition in definitions:
        if definition.obj.kind == "RuleGroup" and id(definition.obj) not in held:
            loose.setdefault(definition.file, []).append(definition)
    for path, group_defs in loose.items():
        name = _stem(path)
        claim(name, group_defs[0])
        names = [d.obj.name for d in group_defs]
        for i, d in enumerate(group_defs):
            if d.obj.name in names[:i]:
                raise DefinitionError(
                    f"rule group name {d.obj.name!r} is used twice in {name}.yml",
                    file=display_path(d.file), line=d.line, hint="group names must be unique in a rule file",
                )
        locations = {}
        data = to_data({"groups": [d.obj for d in group_defs]}, (), locations)
        for i, d in enumerate(group_defs):
            _prefer_definition(locations, ("groups", i), d)
        docs.append(_document(name, data, locations, group_defs[0], [d.obj for d in group_defs]))
    return docs


def _rule_file_of(test: Definition, rule_docs: list[Document]) -> Document:
    target = test.obj.rules
    if target is not None:
        for doc in rule_docs:
            obj = doc.source_object
            if obj is target or (isinstance(obj, list) and any(g is target for g in obj)) or (
                getattr(obj, "kind", "") == "RuleFile" and any(g is target for g in obj.groups)
            ):
                return doc
        raise DefinitionError(
            f"test {test.obj.name!r}: its rules ({target.ref}) are not collected in any rule file",
            file=display_path(test.file), line=test.line,
            hint="define the RuleFile or RuleGroup at module level of a definition file",
        )
    same_file = [d for d in rule_docs if os.path.abspath(d.file) == os.path.abspath(test.file)]
    if len(same_file) != 1:
        found = "no rule file" if not same_file else f"{len(same_file)} rule files"
        raise DefinitionError(
            f"test {test.obj.name!r}: {found} in its definition file, so which rules it tests is ambiguous",
            file=display_path(test.file), line=test.line, hint="pass rules=<the RuleFile or RuleGroup under test>",
        )
    return same_file[0]


def compile_tests(tests: list[Definition], rule_docs: list[Document]) -> list[Document]:
    """One promtool test file per rule file that has tests."""
    by_file: dict[str, tuple[Document, list[Definition]]] = {}
    for test in tests:
        doc = _rule_file_of(test, rule_docs)
        by_file.setdefault(doc.name, (doc, []))[1].append(test)
    out: list[Document] = []
    for name, (rule_doc, defs) in by_file.items():
        seen: dict[str, Definition] = {}
        for d in defs:
            if d.obj.name in seen:
                raise DefinitionError(
                    f"two tests of {name}.yml are named {d.obj.name!r} (the other is at {_where(seen[d.obj.name])})",
                    file=display_path(d.file), line=d.line, hint="give every test its own name",
                )
            seen[d.obj.name] = d
        locations: dict = {}
        data = to_data(
            {
                "rule_files": [f"../rules/{name}.yml"],
                "evaluation_interval": EVALUATION_INTERVAL,
                "tests": [d.obj for d in defs],
            },
            (), locations,
        )
        for i, d in enumerate(defs):
            _prefer_definition(locations, ("tests", i), d)
        out.append(
            Document(
                kind="prometheus/rule-tests", data=data, file=defs[0].file, name=name, ref=f"RuleTests/{name}",
                artifact=f"{TESTS_DIR}/{name}.test.yml", text=dump_yaml(data), python_locations=locations,
                source_object=[d.obj for d in defs], line=defs[0].line, extra={"rule_doc": rule_doc.artifact},
            )
        )
    return out
