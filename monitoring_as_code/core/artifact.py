"""Generated files, and writing them so that a build directory is never half-written."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Artifact:
    """A file to write: ``path`` is relative to the build directory."""

    path: str
    text: str


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


def write_all(build_dir: str, artifacts: list[Artifact], prune: bool = True) -> tuple[int, int, int]:
    """Bring ``build_dir`` to exactly ``artifacts``; returns (written, unchanged, removed).

    Each file is replaced atomically (temporary file then ``os.replace``), and files whose
    content is unchanged are not touched, so a rebuild with no change rewrites nothing.
    With ``prune``, files no artifact names any more are removed.
    """
    written = unchanged = removed = 0
    wanted = set()
    for artifact in artifacts:
        target = os.path.join(build_dir, artifact.path)
        wanted.add(os.path.normpath(target))
        if _same_content(target, artifact.text):
            unchanged += 1
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".tmp-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(artifact.text)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
        written += 1
    if prune and os.path.isdir(build_dir):
        for dirpath, _dirs, files in os.walk(build_dir, topdown=False):
            for name in files:
                path = os.path.normpath(os.path.join(dirpath, name))
                if path not in wanted and not name.startswith("."):
                    os.unlink(path)
                    removed += 1
            if dirpath != build_dir and not os.listdir(dirpath):
                os.rmdir(dirpath)
    return written, unchanged, removed


def remove_tree(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)
