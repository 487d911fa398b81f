"""The verbs' shared steps: collect -> compile -> validate -> stage -> tool checks -> write.

Raw YAML/JSON files enter at "validate" as Documents of the kind a target recognises.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from monitoring_as_code import environment
from monitoring_as_code.core import parallel, registry
from monitoring_as_code.core.artifact import Artifact, remove_tree, stage, write_all
from monitoring_as_code.core.cache import FACTS as DOCUMENT_FACTS
from monitoring_as_code.core.cache import PROBLEMS as PER_DOCUMENT_PROBLEMS
from monitoring_as_code.core.cache import CheckCache
from monitoring_as_code.core.document import Document, DocumentPart, display_path
from monitoring_as_code.core.loader import load_definitions, python_files
from monitoring_as_code.core.problem import Location, Problem, Report, Severity
from monitoring_as_code.core.project import Project
from monitoring_as_code.core.suppress import filter_disabled
from monitoring_as_code.core.target import Context, Definition, Target, TestResult
from monitoring_as_code.core.yamlsource import YamlSyntaxError, load_documents, load_json

if TYPE_CHECKING:
    from monitoring_as_code.checks.base import Check

RAW_SUFFIXES = (".yml", ".yaml", ".json")


@dataclass
class Outcome:
    """What a run produced: the context (documents), its report, and for builds the write counts."""

    ctx: Context
    report: Report
    artifacts: list[Artifact] = field(default_factory=list)
    written: tuple[int, int, int] = (0, 0, 0)
    tests: list[TestResult] = field(default_factory=list)


def raw_files(paths: list[str]) -> list[str]:
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                found.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(RAW_SUFFIXES))
        elif path.endswith(RAW_SUFFIXES):
            found.append(path)
    return found


def read_raw(path: str, cache: CheckCache | None = None, jobs: int = 1) -> tuple[list[Document], list[Problem]]:
    """The documents of one YAML/JSON file, each with the kind a target recognises.

    With a ``cache``, an unchanged file's documents come from it, each with its per-document
    problems already found (see :mod:`.cache`), and a changed one is remembered for saving.
    """
    shown = display_path(path)
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(Severity.FATAL, "mac/read", f"cannot read file: {exc}", "", Location(file=shown))]
    cached = cache.load(path, text) if cache is not None else None
    if cached is not None:
        return cached
    docs, problems = _parse_raw(path, text, shown, jobs)
    if cache is not None:
        cache.remember(path, text, docs, problems)
    return docs, problems


def _parse_raw(path: str, text: str, shown: str, jobs: int = 1) -> tuple[list[Document], list[Problem]]:
    try:
        datas = [load_json(text)] if path.endswith(".json") else load_documents(text, jobs)
    except YamlSyntaxError as exc:
        return [], [
            Problem(
                Severity.FATAL,
                "yaml/syntax",
                f"invalid {'JSON' if path.endswith('.json') else 'YAML'}: {exc.message}",
                "fix the syntax at this line (indentation, quotes, brackets)",
                Location(file=shown, line=exc.line),
            )
        ]
    docs: list[Document] = []
    problems: list[Problem] = []
    for index, data in enumerate(datas):
        kind = None
        for target in registry.all_targets():
            kind = target.recognize(data, path)
            if kind:
                break
        doc = Document(kind=kind or "unknown", data=data, file=path, name=os.path.basename(path), text=text, index=index)
        if kind:
            docs.append(doc)
        else:
            problems.append(
                doc.problem(
                    (),
                    "mac/unrecognized",
                    "not a configuration mac knows (Prometheus rules or tests, Alertmanager, Grafana dashboard, Loki...)",
                    "check the top-level keys; a rule file starts with `groups:`",
                    Severity.WARNING,
                )
            )
    return docs, problems


def load(project: Project, paths: list[str], accepts: Callable[[Any], bool]) -> list[Definition]:
    """The objects ``accepts`` takes from the definition files under ``paths``, loaded as ``project``
    selects: its environment is active while they import (``monitoring_as_code.environment``), and
    they are imported again when the environment changed since their last load. Verbs that need
    objects of one kind (``mac routes`` on a Python file, ``mac loadtest --test``) use this too.
    """
    with environment.activated(project):
        return load_definitions(
            python_files(paths), project.root, accepts,
            fingerprint=environment.fingerprint(project), definition_dirs=project.definition_dirs,
        )


def collect(
    project: Project, paths: list[str] | None, cache: CheckCache | None = None, jobs: int = 1,
) -> tuple[list[Definition], list[Document], list[Problem]]:
    """Definitions from Python files and Documents from raw files under ``paths`` (default: the project's).

    :param jobs: processes a very large raw file may be read in (:mod:`.yamlparts`)
    """
    roots = paths or [d for d in project.definition_dirs if os.path.isdir(d)]
    for path in roots:
        if not os.path.exists(path):
            from monitoring_as_code.errors import UsageError

            raise UsageError(f"{path}: no such file or directory")
    definitions = load(project, roots, lambda o: registry.target_for(o) is not None)
    docs: list[Document] = []
    problems: list[Problem] = []
    if paths:  # raw files are read only when named: project folders hold Python definitions
        for path in raw_files(paths):
            found, trouble = read_raw(path, cache, jobs)
            docs.extend(found)
            problems.extend(trouble)
    return definitions, docs, problems


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (reference counting still frees everything).

    Compiling and checking build large acyclic trees (dashboards, rules, parse results) that the
    collector would only rescan, again and again as they grow: about a quarter of a 1,000-dashboard
    build. What the block made then goes straight to the oldest generation (``gc.freeze`` then
    ``gc.unfreeze``, both O(1)): mostly the run's results, alive until it ends, which the first
    collection after the block would otherwise scan one by one (a tenth of such a build). Cyclic
    garbage among them is collected by the next full collection, as for any long-lived object.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:  # objects frozen by the host program (a pre-fork server) stay so
            gc.freeze()
            gc.unfreeze()
        gc.enable()


def compile_all(ctx: Context) -> None:
    """Compile every definition with its target, then let targets derive documents from others'."""
    with collector_paused():
        _compile_all(ctx)


def _compile_all(ctx: Context) -> None:
    by_target: dict[str, list[Definition]] = {}
    for definition in ctx.definitions:
        target = registry.target_for(definition.obj)
        if target is not None:
            by_target.setdefault(target.name, []).append(definition)
    for target in registry.all_targets():
        if target.name in by_target:  # a target without definitions compiles nothing: not even its imports load
            ctx.documents.extend(target.compile(by_target[target.name], ctx))
    for target in registry.all_targets():
        ctx.documents.extend(target.derive(ctx))


def validate(ctx: Context) -> list[Problem]:
    """In-process checks: each target's own validation, the semantic checks, then cross-document checks."""
    with collector_paused():
        return _validate(ctx)


def _validate(ctx: Context) -> list[Problem]:
    from monitoring_as_code.checks import all_checks

    checks = all_checks()
    pending = [doc for doc in ctx.documents if doc.extra.get(PER_DOCUMENT_PROBLEMS) is None]  # else cached
    for doc, found in zip(pending, _validate_documents(pending, checks, ctx)):
        doc.extra[PER_DOCUMENT_PROBLEMS] = found
    problems: list[Problem] = []
    for doc in ctx.documents:
        problems.extend(doc.extra[PER_DOCUMENT_PROBLEMS])
    for target in registry.all_targets():
        problems.extend(target.cross_check(ctx))
    for check in checks:
        problems.extend(check.check_all(ctx))
    return problems


def _document_problems(doc: Document, checks: Sequence[Check], ctx: Context) -> list[Problem]:
    """The target's own validation and every semantic check of one document (or part of one)."""
    found: list[Problem] = []
    target = registry.target_of_kind(doc.kind)
    if target is not None:
        found.extend(target.validate(doc, ctx))
    for check in checks:
        if doc.kind in check.kinds:
            found.extend(check.check(doc, ctx))
    if not isinstance(doc, DocumentPart):  # a part's paths are not the whole's: the run reads the whole
        for check in checks:
            check.gather(doc, ctx)
    return found


def _unit_result(doc: Document, checks: Sequence[Check], ctx: Context) -> tuple[list[Problem], dict]:
    """:func:`_document_problems` of one unit of a parallel run (here or in a worker): the problems,
    and what the checks kept with the document for the rest of the run (:func:`~.cache.document_fact`)."""
    problems = _document_problems(doc, checks, ctx)
    return problems, {} if isinstance(doc, DocumentPart) else doc.extra.get(DOCUMENT_FACTS, {})


def _validate_documents(docs: list[Document], checks: Sequence[Check], ctx: Context) -> list[list[Problem]]:
    """Each document's problems; a large run's documents spread over ``ctx.jobs`` processes, the
    largest split by their targets so no one process gets most of the work (:mod:`.parallel`)."""
    sizes = [len(doc.text or "") + 1 for doc in docs]
    total = sum(sizes)
    if ctx.jobs < 2 or total < parallel.MIN_PARALLEL_BYTES or not parallel.can_fork():
        return [_document_problems(doc, checks, ctx) for doc in docs]
    units: list[tuple[int, Document, int]] = []  # (index in docs, document or part, size)
    split: list[int] = []
    for i, doc in enumerate(docs):
        target = registry.target_of_kind(doc.kind)
        parts = target.split(doc, ctx.jobs) if target is not None and sizes[i] * ctx.jobs > total else [doc]
        if len(parts) > 1:
            split.append(i)
        units.extend((i, part, sizes[i] // len(parts)) for part in parts)
    results = parallel.map_units(
        lambda u: _unit_result(units[u][1], checks, ctx), [size for _i, _doc, size in units], ctx.jobs,
    )
    found: list[list[Problem]] = [[] for _ in docs]
    for (i, _part, _size), (problems, facts) in zip(units, results):
        found[i].extend(problems)
        if facts:
            docs[i].extra.setdefault(DOCUMENT_FACTS, {}).update(facts)
    for i in split:
        target = registry.target_of_kind(docs[i].kind)
        assert target is not None
        found[i].extend(target.validate_across(docs[i], ctx))
    return found


def artifacts_of(docs: list[Document]) -> list[Artifact]:
    return [
        Artifact(d.artifact, d.text, private=bool(d.extra.get("secret_values")))  # resolved Secret.from_env values
        for d in docs if d.artifact and d.text is not None
    ]


def tool_checks(ctx: Context, staged_dir: str) -> list[Problem]:
    problems: list[Problem] = []
    for target in registry.all_targets():
        docs = [d for d in ctx.documents if d.kind in target.kinds]
        if docs:
            problems.extend(target.tool_check(docs, staged_dir, ctx))
    return problems


def prepare(
    project: Project, paths: list[str] | None, require_tools: bool = False, cache: CheckCache | None = None,
    jobs: int = 1,
) -> tuple[Context, list[Problem]]:
    with collector_paused():  # loading definitions builds the same large trees as compiling
        definitions, raw_docs, problems = collect(project, paths, cache, jobs)
    ctx = Context(
        project=project, definitions=definitions, require_tools=require_tools, complete=not paths, jobs=jobs,
    )
    with environment.activated(project):  # resources may read the environment as they compile
        compile_all(ctx)
    ctx.documents.extend(raw_docs)
    return ctx, problems


def check(
    project: Project, paths: list[str] | None, fail_on: Severity = Severity.BUG, run_tools: bool = False,
    require_tools: bool = False, cache: bool = False, jobs: int = 1,
) -> Outcome:
    """``mac check``: every in-process check; external tools only when asked (pre-commit must be fast).

    :param cache: serve unchanged raw files from the check cache and save changed ones (:mod:`.cache`)
    :param jobs: processes a large run may check in (:mod:`.parallel`)
    """
    check_cache = CheckCache.for_project(project) if cache and paths else None
    ctx, problems = prepare(project, paths, require_tools, check_cache, jobs)
    context = ""
    if check_cache is not None:
        from monitoring_as_code.checks._context import run_fingerprint

        context = run_fingerprint(ctx)
        check_cache.forget_stale(context)  # found with other recording rules, configs or datasources
    problems.extend(validate(ctx))
    if check_cache is not None:
        check_cache.save(context)
    artifacts = artifacts_of(ctx.documents)
    if run_tools:
        staged = stage(artifacts + _raw_artifacts(ctx))
        try:
            problems.extend(tool_checks(ctx, staged))
        finally:
            remove_tree(staged)
    report = Report(filter_disabled(problems, project.disabled_checks), fail_on)
    return Outcome(ctx, report, artifacts)


def _raw_artifacts(ctx: Context) -> list[Artifact]:
    """Raw files staged under ``raw/`` so tools run on them like on compiled output."""
    seen: dict[str, Artifact] = {}
    for doc in ctx.documents:
        if doc.artifact is None and doc.text is not None and doc.file not in seen:
            doc.extra["staged"] = os.path.join("raw", str(len(seen)), os.path.basename(doc.file))
            seen[doc.file] = Artifact(doc.extra["staged"], doc.text)
        elif doc.artifact is None and doc.file in seen:
            doc.extra["staged"] = seen[doc.file].path
    return list(seen.values())


def build(
    project: Project, paths: list[str] | None, out: str | None = None, fail_on: Severity = Severity.BUG,
    require_tools: bool = False, jobs: int = 1,
) -> Outcome:
    """``mac build``: compile and check everything; write ``out`` only if nothing is at ``bug`` or above.

    :param jobs: processes a large run may check in (:mod:`.parallel`)
    """
    ctx, problems = prepare(project, paths, require_tools, jobs=jobs)
    problems.extend(validate(ctx))
    artifacts = artifacts_of([d for d in ctx.documents if d.compiled])
    if _uses_tools(ctx):  # staging writes every artifact once more: only for tools that read files
        staged = stage(artifacts)
        try:
            problems.extend(tool_checks(ctx, staged))
        finally:
            remove_tree(staged)
    report = Report(filter_disabled(problems, project.disabled_checks), fail_on)
    outcome = Outcome(ctx, report, artifacts)
    if not report.blocking() and not report.failed:
        outcome.written = write_all(out or project.build_dir, artifacts, prune=True)
    return outcome


def _uses_tools(ctx: Context) -> bool:
    """Whether a target with documents in this run has an external-tool check (``tool_check`` overridden)."""
    kinds = {d.kind for d in ctx.documents}
    return any(type(t).tool_check is not Target.tool_check and kinds.intersection(t.kinds)
               for t in registry.all_targets())


def test(project: Project, paths: list[str] | None, require_tools: bool = False) -> Outcome:
    """``mac test``: compile, stage, and run every target's tests (promtool rule tests, route tests...)."""
    ctx, problems = prepare(project, paths, require_tools)
    problems.extend(p for p in validate(ctx) if p.severity >= Severity.BUG)
    report = Report(filter_disabled(problems, project.disabled_checks))
    outcome = Outcome(ctx, report)
    if report.blocking():
        return outcome
    staged = stage(artifacts_of(ctx.documents) + _raw_artifacts(ctx))
    try:
        for target in registry.all_targets():
            docs = [d for d in ctx.documents if d.kind in target.kinds]
            if docs:
                outcome.tests.extend(target.run_tests(docs, staged, ctx))
    finally:
        remove_tree(staged)
    return outcome
