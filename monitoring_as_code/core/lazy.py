"""Lazy package exports (PEP 562), so ``mac check`` can import a target without its models.

A package lists where each public name lives; the submodule is imported on first access and
the value kept in the package, so later lookups are plain attribute reads.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str], public: list[str]) -> tuple[
    Callable[[str], Any], Callable[[], list[str]]
]:
    """``(__getattr__, __dir__)`` for ``package``.

    :param package: the package's ``__name__``
    :param exports: public name -> module holding it, absolute or relative to ``package`` (``"rules"``)
    :param public: the package's ``__all__``
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        qualified = module if module.startswith("monitoring_as_code.") else f"{package}.{module}"
        value = getattr(importlib.import_module(qualified), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(public))

    return __getattr__, __dir__
