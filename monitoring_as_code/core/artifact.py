"""Generated files, and writing them so that a build directory is never half-written."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Artifact:
    """A file to write: ``path`` is relative to the build directory.

    :param private: it holds a secret (e.g. an Alertmanager config with ``Secret.from_env`` values):
        only its owner may read it (mode 0600); other files get the mode any new file gets
    """

    path: str
    text: str
    private: bool = False


def stage(artifacts: list[Artifact]) -> str:
    """Write ``artifacts`` into a fresh temporary directory (for promtool/amtool) and return it."""
    root = tempfile.mkdtemp(prefix="mac-build-")
    for artifact in artifacts:
        target = os.path.join(root, artifact.path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(artifact.text)
    return root


def _same_content(path: str, text: str) -> bool:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read() == text
    except (OSError, UnicodeDecodeError):
        return False


MANIFEST = ".mac-manifest.json"


def _read_manifest(build_dir: str) -> list[str]:
    try:
        with open(os.path.join(build_dir, MANIFEST), encoding="utf-8") as fh:
            paths = json.load(fh)
    except (OSError, ValueError):
        return []
    return [p for p in paths if isinstance(p, str)] if isinstance(paths, list) else []


def _write_file(target: str, text: str) -> None:
    os.makedirs(os.path.dirname(target), exist_ok=True)
    _replace_with(target, text)


def _replace_with(target: str, text: str, private: bool = False) -> None:
    """Write ``text`` to a temporary file beside ``target``, then move it over ``target`` (atomic)."""
    fd, tmp = _temporary_beside(target, private)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def _temporary_beside(target: str, private: bool = False) -> tuple[int, str]:
    """A new file in ``target``'s directory, with the mode any new file gets here (0666 less the umask:
    Grafana, Prometheus or a ConfigMap tool may read the build as another user), or 0600 if ``private``:
    named after ``target`` and this process, so no random name is drawn per file; ``mkstemp`` when that
    name cannot be made (a leftover has it, or it is too long for the file system), which raises as
    before if none can."""
    directory, name = os.path.split(target)
    tmp = os.path.join(directory, f".tmp-{name}.{os.getpid()}")
    mode = 0o600 if private else 0o666
    try:
        return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode), tmp
    except OSError:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")  # always 0600
        if not private:
            os.chmod(tmp, mode & ~_umask())
        return fd, tmp


def _umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it
    os.umask(mask)
    return mask


def write_all(build_dir: str, artifacts: list[Artifact], prune: bool = True) -> tuple[int, int, int]:
    """Bring ``build_dir`` to exactly ``artifacts``; returns (written, unchanged, removed).

    Each file is replaced atomically (temporary file then ``os.replace``), and files whose
    content is unchanged are not touched, so a rebuild with no change rewrites nothing.
    With ``prune``, files the previous build wrote (listed in ``.mac-manifest.json``) that no
    artifact names any more are removed; files we never wrote, such as another environment's
    build in ``build/<env>/``, are left alone.
    """
    written = unchanged = removed = 0
    made: set[str] = set()  # directories known to exist: one makedirs per directory, not per file
    for artifact in artifacts:
        target = os.path.join(build_dir, artifact.path)
        if _same_content(target, artifact.text):
            unchanged += 1
            continue
        directory = os.path.dirname(target)
        if directory not in made:
            os.makedirs(directory, exist_ok=True)
            made.add(directory)
        _replace_with(target, artifact.text, artifact.private)
        written += 1
    wanted = sorted({os.path.normpath(a.path) for a in artifacts})
    if prune:
        for stale in sorted(set(_read_manifest(build_dir)) - set(wanted)):
            path = os.path.join(build_dir, stale)
            if os.path.isfile(path):
                os.unlink(path)
                removed += 1
            _remove_empty_parents(os.path.dirname(path), build_dir)
    manifest = json.dumps(wanted, indent=0) + "\n"
    if not _same_content(os.path.join(build_dir, MANIFEST), manifest):
        _write_file(os.path.join(build_dir, MANIFEST), manifest)
    return written, unchanged, removed


def _remove_empty_parents(directory: str, stop: str) -> None:
    stop = os.path.normpath(stop)
    while os.path.normpath(directory) != stop and os.path.isdir(directory) and not os.listdir(directory):
        os.rmdir(directory)
        directory = os.path.dirname(directory)


def remove_tree(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)
