"""Import definition files by path and collect their module-level resources.

Definition folders are not packages. While loading, the project root is put first on
``sys.path`` and each file is registered under its dotted name (``rules.services``), so one
definition file can import another's objects (``from dashboards._inventory import SERVICES``)
without loading it twice. Files whose name starts with ``_`` are helpers: imported when asked,
never collected.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import sys
import traceback
from collections.abc import Callable, Iterable
from typing import Any

from monitoring_as_code.core.target import Definition
from monitoring_as_code.errors import DefinitionError


def python_files(paths: Iterable[str]) -> list[str]:
    """Definition files under ``paths`` (files or folders), sorted, helpers excluded."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
                found.extend(
                    os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py") and not f.startswith("_")
                )
        elif path.endswith(".py"):
            found.append(path)
    return [os.path.abspath(p) for p in found]


def _module_name(path: str, root: str) -> str:
    rel = os.path.relpath(path, root)
    if rel.startswith(".."):
        return "mac_definitions." + os.path.splitext(os.path.basename(path))[0].replace("-", "_")
    return os.path.splitext(rel)[0].replace(os.sep, ".").replace("-", "_")


def _assignment_lines(source: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for node in ast.parse(source).body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    lines.setdefault(name.id, node.lineno)
    return lines


def _error_line(exc: BaseException, path: str) -> int | None:
    if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == path:
        return exc.lineno
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename) == path:
            line = frame.lineno
    return line


def import_file(path: str, root: str) -> Any:
    """Import one definition file; any failure becomes a DefinitionError at its file and line."""
    name = _module_name(path, root)
    existing = sys.modules.get(name)
    if existing is not None and os.path.abspath(getattr(existing, "__file__", "") or "") == path:
        return existing
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise DefinitionError("cannot be imported as Python", file=path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # the user's code can raise anything; report it at their line
        del sys.modules[name]
        line = _error_line(exc, path)
        if isinstance(exc, SyntaxError):
            message = f"syntax error: {exc.msg}"
        else:
            message = f"{type(exc).__name__}: {exc}"
        raise DefinitionError(
            message, file=os.path.relpath(path), line=line, hint="fix the definition; nothing was built"
        ) from exc
    return module


#: project root -> fingerprint (environment and settings) its definitions were last imported under
_fingerprints: dict[str, str] = {}


def forget_modules(dirs: Iterable[str]) -> int:
    """Drop from ``sys.modules`` every module whose file lies under ``dirs``; returns how many."""
    prefixes = tuple(os.path.join(os.path.abspath(d), "") for d in dirs)
    stale = [
        name for name, module in list(sys.modules.items())
        if os.path.abspath(getattr(module, "__file__", None) or os.sep).startswith(prefixes)
        and name.partition(".")[0] != "monitoring_as_code"  # never our own package, even in this repo
    ]
    for name in stale:
        del sys.modules[name]
    return len(stale)


def _source_stamp(dirs: Iterable[str]) -> list[tuple[str, int, int]]:
    """(path, mtime, size) of every Python file under ``dirs``, helpers included."""
    stamp = []
    for directory in sorted({os.path.abspath(d) for d in dirs}):
        for dirpath, dirnames, filenames in os.walk(directory):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(dirpath, name))
                    stamp.append((os.path.join(dirpath, name), st.st_mtime_ns, st.st_size))
    return stamp


def load_definitions(
    paths: Iterable[str], root: str, accepts: Callable[[Any], bool], fingerprint: str = "",
    definition_dirs: Iterable[str] = (),
) -> list[Definition]:
    """Every accepted module-level object of the files under ``paths``, in file and definition order.

    Module-level lists and tuples whose items are all accepted are collected item by item.
    An object imported into several files is collected once, from the file that defines it.
    Modules already imported are reused, unless the ``fingerprint`` (the environment and its
    settings) changed since the last load of this ``root``: then the modules under
    ``definition_dirs`` (and the folders of ``paths``) are imported again, so definitions that
    read the environment see the new one.
    """
    files = python_files(paths)
    root = os.path.abspath(root)
    dirs = list(definition_dirs) + [d for d in {os.path.dirname(f) for f in files} if d != root]
    # An edited definition or helper file must be imported again in a long-lived process too.
    fingerprint += repr(_source_stamp(dirs))
    previous = _fingerprints.get(root)
    if previous is not None and previous != fingerprint:
        forget_modules(dirs)
    _fingerprints[root] = fingerprint
    added_path = root not in sys.path
    if added_path:
        sys.path.insert(0, root)
    try:
        modules = [(path, import_file(path, root)) for path in files]
    finally:
        if added_path:
            sys.path.remove(root)
    collected: dict[int, Definition] = {}
    order: list[int] = []
    for path, module in modules:
        with open(path, encoding="utf-8") as fh:
            lines = _assignment_lines(fh.read())
        for name, value in vars(module).items():
            if name.startswith("_"):
                continue
            items = value if isinstance(value, (list, tuple)) and value and all(map(accepts, value)) else [value]
            for obj in items:
                if obj is value and not accepts(obj):
                    continue
                source = getattr(obj, "source", None)
                home = getattr(source, "file", None)
                line = source.line if source is not None and home and os.path.abspath(home) == path else lines.get(name)
                definition = Definition(obj=obj, name=name, file=path, line=line)
                key = id(obj)
                if key not in collected:
                    collected[key] = definition
                    order.append(key)
                elif home and os.path.abspath(home) == path:
                    collected[key] = definition
    return [collected[k] for k in order]
