"""What ``mac check`` found in a plain YAML/JSON file, kept between runs and keyed by its content.

A pre-commit hook checks the same unchanged files again and again. For each file named on the
command line, the cache keeps its parsed documents (kind and data) and the problems of every
per-document step (the target's ``validate`` and each check's ``check``). A second run over
an unchanged file skips parsing and those steps; cross-document checks (``cross_check``,
``check_all``) always run again, on the cached documents, because they depend on other files.

An entry's key is the sha256 of the file's bytes plus a salt of everything else that can
change the result: the cache format, mac's version, a fingerprint of mac's own source files
(an upgrade or a local edit), the versions of the libraries that parse and check, and the
project's settings for the selected environment. Some per-document checks also read other
documents of the run (the labels of recorded series, Prometheus' scrape intervals, the
datasources): the entry keeps the run's fingerprint of those
(:func:`monitoring_as_code.checks._context.run_fingerprint`), and under another one the
file's documents still come from the cache but are checked again (:meth:`CheckCache.forget_stale`).

Entries live in ``$MAC_CACHE_DIR`` or ``<project root>/.mac-cache/check/``, one file per checked
file (its latest content only), written atomically; folders unused for 30 days are dropped.
They are plain data (``marshal``: no code is run when reading), and any unreadable entry is a
miss. Deleting the folder is always safe; ``mac check --no-cache`` neither reads nor writes it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from monitoring_as_code import __version__
from monitoring_as_code.core.problem import Location, Problem, Severity

if TYPE_CHECKING:
    from monitoring_as_code.core.document import Document
    from monitoring_as_code.core.project import Project

#: bump when the entry layout changes
FORMAT = 3
ENV_VAR = "MAC_CACHE_DIR"
DEFAULT_DIR = ".mac-cache"
#: ``Document.extra`` key: the per-document problems, set by the pipeline's validate step
PROBLEMS = "cache.problems"
#: ``Document.extra`` key: per-document facts that cross-document checks need (see :func:`document_fact`)
FACTS = "cache.facts"
#: ``Document.extra`` key: the run fingerprint a cached document's problems were found under
CONTEXT = "cache.context"
#: libraries (import names) whose version changes what a check finds
_LIBRARIES = ("yaml", "yaml_rs", "promql_parser", "re2")
T = TypeVar("T")
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cache_dir(project: Project) -> str:
    """``$MAC_CACHE_DIR`` (from the project's environment) or ``.mac-cache`` at the project root."""
    return project.environ.get(ENV_VAR) or os.path.join(project.root, DEFAULT_DIR)


class CheckCache:
    """Per-file results of ``mac check`` for raw files.

    :param directory: where entries live (created on first write)
    :param salt: everything besides the file's bytes that the results depend on
    """

    def __init__(self, directory: str, salt: bytes) -> None:
        self.directory = os.path.join(directory, "check")
        self.salt = salt
        self._pending: list[tuple[str, str, list[Document], list[Problem]]] = []
        self._served: list[tuple[str, str, list[Document], list[Problem]]] = []
        self._entry_paths: dict[str, tuple[str, str]] = {}  # path -> (text, its entry)
        self.hits = 0
        self.misses = 0

    @classmethod
    def for_project(cls, project: Project) -> CheckCache:
        return cls(cache_dir(project), _salt(project))

    def _file_dir(self, path: str) -> str:
        """One folder per file and salt: it holds that file's latest entry only."""
        key = hashlib.sha256(self.salt + b"\0" + os.path.abspath(path).encode("utf-8", "surrogateescape")).hexdigest()
        return os.path.join(self.directory, key[:2], key[2:])

    def _entry_path(self, path: str, text: str) -> str:
        """Where ``text``'s entry for ``path`` lives (asked twice per changed file: the miss, then the save)."""
        known = self._entry_paths.get(path)
        if known is not None and known[0] is text:
            return known[1]
        content = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
        entry = os.path.join(self._file_dir(path), content)
        self._entry_paths[path] = (text, entry)
        return entry

    def load(self, path: str, text: str) -> tuple[list[Document], list[Problem]] | None:
        """The file's documents (each with its per-document problems) and its read problems, or None."""
        from monitoring_as_code.core.document import Document, display_path

        try:
            with open(self._entry_path(path, text), "rb") as fh:
                payload = fh.read()  # marshal.load(fh) reads piece by piece: 30x slower on big entries
            documents, read_problems, context = marshal.loads(payload)
            shown = display_path(path)
            docs = []
            for kind, data, index, name, problems, facts in documents:
                doc = Document(kind=kind, data=data, file=path, name=name, text=text, index=index)
                doc.extra[PROBLEMS] = [_problem(p, shown) for p in problems]
                doc.extra[FACTS] = facts
                doc.extra[CONTEXT] = context
                docs.append(doc)
            result = docs, [_problem(p, shown) for p in read_problems]
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            self.misses += 1
            return None
        self.hits += 1
        self._served.append((path, text, *result))
        return result

    def forget_stale(self, context: str) -> None:
        """Drop the cached problems of files served under another run fingerprint than ``context``,
        so the pipeline checks their documents again, and save them anew (see :mod:`._context`)."""
        for served in self._served:
            docs = served[2]
            if any(doc.extra.get(CONTEXT) != context for doc in docs):
                for doc in docs:
                    doc.extra.pop(PROBLEMS, None)
                    doc.extra.pop(CONTEXT, None)
                self._pending.append(served)
        self._served.clear()

    def remember(self, path: str, text: str, docs: list[Document], read_problems: list[Problem]) -> None:
        """Note a file read this run; :meth:`save` writes it once its documents are validated."""
        self._pending.append((path, text, docs, read_problems))

    def save(self, context: str = "") -> None:
        """Write an entry for every remembered file whose every problem is located in that file.

        :param context: the run's fingerprint of what per-document checks read beyond their document
        """
        from monitoring_as_code.core.document import display_path

        for path, text, docs, read_problems in self._pending:
            shown = display_path(path)
            try:
                documents = []
                for doc in docs:
                    problems = doc.extra.get(PROBLEMS)
                    if problems is None:
                        raise ValueError("not validated")
                    rows = [_row(p, shown) for p in problems]
                    documents.append((doc.kind, doc.data, doc.index, doc.name, rows, _plain(doc.extra.get(FACTS, {}))))
                payload = marshal.dumps((documents, [_row(p, shown) for p in read_problems], context))
            except ValueError:  # a value marshal cannot keep, or a problem located elsewhere
                continue
            self._write(self._entry_path(path, text), payload)
        if self._pending:
            self._prune()
        self._pending.clear()

    @staticmethod
    def _write(target: str, payload: bytes) -> None:
        folder = os.path.dirname(target)
        try:
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            os.replace(tmp, target)
            for name in os.listdir(folder):  # the file's older contents will not come back often
                if name != os.path.basename(target) and not name.startswith(".tmp-"):
                    os.unlink(os.path.join(folder, name))
        except OSError:  # a read-only checkout still checks, only without the cache
            pass

    def _prune(self, max_age_days: float = 30) -> None:
        """At most once a day: drop the folders of files not checked for ``max_age_days``
        (renamed or deleted files, entries of an older mac or older settings)."""
        marker = os.path.join(self.directory, ".pruned")
        now = time.time()
        try:
            if now - os.stat(marker).st_mtime < 86400:
                return
        except OSError:
            pass
        try:
            with open(marker, "w", encoding="utf-8"):
                pass
            for shard in os.scandir(self.directory):
                if not shard.is_dir():
                    continue
                for folder in os.scandir(shard.path):
                    if folder.is_dir() and now - folder.stat().st_mtime > max_age_days * 86400:
                        shutil.rmtree(folder.path, ignore_errors=True)
        except OSError:
            pass


def document_fact(doc: Document, name: str, compute: Callable[[], T]) -> T:
    """A per-document value a cross-document check needs, computed once and kept in the cache.

    Cross-document checks run on every ``mac check``, cached files included; what they extract
    from each document (the series a rule file reads, the names it records...) can be kept
    with the document's entry instead of being recomputed (e.g. parsing every expression again)::

        reads = document_fact(doc, "rules.reads", lambda: sorted(series_read(doc)))

    :param doc: the document the value is about
    :param name: a name unique across checks, e.g. ``rules.reads``
    :param compute: computes the value from ``doc`` (and the project settings) alone; the value
        must be plain data (str, int, float, bool, None, list, tuple, dict, set) to be kept
    """
    facts = doc.extra.setdefault(FACTS, {})
    if name not in facts:
        facts[name] = compute()
    return facts[name]


def _plain(facts: dict) -> dict:
    """The facts marshal can keep (others are recomputed on the next run)."""
    kept = {}
    for name, value in facts.items():
        try:
            marshal.dumps(value)
        except ValueError:
            continue
        kept[name] = value
    return kept


def _row(problem: Problem, shown: str) -> tuple:
    loc = problem.location
    if loc.file != shown or loc.artifact is not None:
        raise ValueError("problem located outside its file")
    return (int(problem.severity), problem.check, problem.message, problem.hint, problem.details,
            loc.line, loc.object_path, loc.ref)


def _problem(row: tuple, shown: str) -> Problem:
    severity, check, message, hint, details, line, object_path, ref = row
    location = Location(file=shown, line=line, object_path=object_path, ref=ref)
    return Problem(Severity(severity), check, message, hint, location, details)


def _salt(project: Project) -> bytes:
    parts = [f"format={FORMAT}", f"mac={__version__}", f"python={sys.version}", f"code={_code_fingerprint()}"]
    parts += [f"{name}={_installed(name)}" for name in _LIBRARIES]
    parts.append(f"env={project.env}")
    parts += [f"setting:{k}={v}" for k, v in sorted(project.settings.items())]
    return "\n".join(parts).encode("utf-8", "surrogateescape")


def _installed(name: str) -> str:
    """Where a library's module is and when it was written: an upgrade or reinstall changes it.

    (Without importing it, and without importlib.metadata, which alone costs ~30 ms at start-up.)
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "absent"
    try:
        stat = os.stat(spec.origin)
    except OSError:
        return spec.origin
    return f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


def _code_fingerprint() -> str:
    """Size and mtime of every module of mac itself: a local edit or an upgrade changes it."""
    digest = hashlib.sha256()
    stack = [_PACKAGE_DIR]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                stack.append(entry.path)
            elif entry.name.endswith((".py", ".json")):
                stat = entry.stat()
                digest.update(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def entry_count(directory: str) -> int:
    """How many entries a cache folder holds."""
    total = 0
    for _dirpath, _dirnames, filenames in os.walk(os.path.join(directory, "check")):
        total += sum(1 for name in filenames if not name.startswith("."))
    return total

