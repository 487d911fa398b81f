"""The k6 target: ``LoadTest`` definitions -> ``build/k6/<name>.options.json`` (kind ``k6/options``).

Raw options files (``*.options.json``, or JSON whose ``scenarios`` have executors) given to
``mac check`` get the same k6 rules. Only stdlib and the core are imported at module level.
"""

from __future__ import annotations

import re
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import dump_json, to_data
from monitoring_as_code.core.problem import Problem, Severity
from monitoring_as_code.core.target import Context, Definition, Target

KIND = "k6/options"
_NAME = re.compile(r"^[0-9A-Za-z_-]+$")


def artifact_path(name: str) -> str:
    return f"k6/{name}.options.json"


class K6Target(Target):
    name = "k6"
    kinds = (KIND,)

    def accepts(self, obj: Any) -> bool:
        from monitoring_as_code.k6.options import LoadTest

        return isinstance(obj, LoadTest)

    def compile(self, definitions: list[Definition], ctx: Context) -> list[Document]:
        docs = []
        for definition in definitions:
            test = definition.obj
            locations: dict = {}
            data = to_data(test, (), locations)
            docs.append(
                Document(
                    kind=KIND, data=data, file=definition.file, name=test.name, ref=test.ref,
                    artifact=artifact_path(test.name), text=dump_json(data), python_locations=locations,
                    source_object=test, line=definition.line,
                )
            )
        return docs

    def recognize(self, data: Any, path: str) -> str | None:
        if not path.endswith(".json") or not isinstance(data, dict):
            return None
        if path.endswith(".options.json"):
            return KIND
        scenarios = data.get("scenarios")
        if isinstance(scenarios, dict) and scenarios and all(isinstance(s, dict) and "executor" in s for s in scenarios.values()):
            return KIND
        return None

    def validate(self, doc: Document, ctx: Context) -> list[Problem]:
        from monitoring_as_code.k6.rules import check_options

        test = doc.source_object
        metric_types = test.metric_types() if test is not None else {}
        problems = [
            doc.problem(f.path, f.check, f.message, f.hint, f.severity)
            for f in check_options(doc.data, metric_types, strict_metrics=test is not None)
        ]
        if test is not None and not _NAME.match(test.name):
            problems.append(doc.problem((), "k6/option", f"load test name {test.name!r} is not a safe file name",
                                        "use letters, digits, '_' and '-'"))
        return problems

    def cross_check(self, ctx: Context) -> list[Problem]:
        seen: dict[str, Document] = {}
        problems = []
        for doc in ctx.of_kind(KIND):
            artifact = doc.artifact
            if artifact is None:
                continue
            if artifact in seen:
                first = seen[artifact]
                problems.append(doc.problem((), "k6/duplicate", f"another LoadTest is also named {doc.name!r} "
                                            f"({first.locate().short()}); both would write {doc.artifact}",
                                            "give each LoadTest its own name", Severity.BUG))
            else:
                seen[artifact] = doc
        return problems
