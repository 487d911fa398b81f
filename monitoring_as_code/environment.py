"""What a definition file sees of the selected environment (staging, production...).

While ``mac`` loads definitions it activates the project, so a definition reads the
environment chosen with ``--env`` (or ``MAC_ENV``, or ``default_env``) and the settings of
``[monitoring_as_code]`` merged with ``[monitoring_as_code:<env>]``::

    from monitoring_as_code.environment import by_env, current_env, external_labels, setting

    GRAFANA_FOLDER = setting("grafana_folder", "Portal Universe")
    CRITICAL = by_env(production=["pagerduty", "slack"], default=["slack"])

Outside ``mac`` (a definition imported by a plain pytest, a notebook), the project is found
from the working directory, as ``mac`` would find it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from monitoring_as_code.core.project import Project

__all__ = [
    "activated", "active_project", "by_env", "current_env", "external_labels", "fingerprint",
    "parse_pairs", "setting", "setting_list", "settings",
]

T = TypeVar("T")

_active: list[Project] = []
#: (working directory, MAC_ENV) -> the project found there, for use outside ``mac``
_found: dict[tuple[str, str | None], Project] = {}


@contextlib.contextmanager
def activated(project: Project) -> Iterator[Project]:
    """Make ``project`` the one definitions see while the block runs (nestable).

    :param project: the loaded project, its environment overlay applied
    """
    _active.append(project)
    try:
        yield project
    finally:
        _active.pop()


def active_project() -> Project:
    """The project being built, or the one found from the working directory outside ``mac``."""
    if _active:
        return _active[-1]
    key = (os.getcwd(), os.environ.get("MAC_ENV"))
    if key not in _found:
        from monitoring_as_code.core.project import Project

        _found[key] = Project.load(key[0])
    return _found[key]


def fingerprint(project: Project) -> str:
    """A short digest of the environment and merged settings: definitions loaded under another
    fingerprint are imported again, so building staging then production in one process never
    reuses staging's objects."""
    text = repr((project.env, sorted(project.settings.items())))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def current_env() -> str | None:
    """The selected environment's name (``"staging"``), or ``None`` for the base settings."""
    return active_project().env


def settings() -> Mapping[str, str]:
    """Every merged setting of the selected environment (read-only)."""
    return dict(active_project().settings)


def setting(key: str, default: str = "") -> str:
    """One merged setting, stripped; ``default`` when it is not set.

    :param key: the setting's name, e.g. ``grafana_folder``
    :param default: returned when neither the base section nor the environment sets it
    """
    return active_project().get(key, default)


def setting_list(key: str, default: tuple[str, ...] = ()) -> list[str]:
    """A setting holding several values separated by spaces or commas."""
    return active_project().get_list(key, default)


def parse_pairs(text: str, what: str = "setting") -> dict[str, str]:
    """``"environment=staging cluster=eu-1"`` -> ``{"environment": "staging", "cluster": "eu-1"}``.

    :param text: ``name=value`` pairs separated by spaces, commas or newlines
    :param what: named in the error when a pair has no ``=``
    :raises ValueError: on an item without ``=`` or with an empty name
    """
    pairs: dict[str, str] = {}
    for item in text.replace(",", " ").split():
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"{what}: {item!r} is not name=value (write e.g. environment=staging)")
        pairs[name] = value
    return pairs


def external_labels(key: str = "external_labels") -> dict[str, str]:
    """The environment's external labels (``external_labels = environment=staging cluster=...``)."""
    return parse_pairs(setting(key), key)


def by_env(default: Any = None, **per_env: T) -> T | Any:
    """The value given for the selected environment, else ``default``.

    ``by_env(production="pagerduty", default="slack")``. A keyword that names no environment of
    setup.cfg is an error, so a typo (``prodution=``) cannot silently fall back to the default.

    :param default: the value for the base settings and for environments not named
    :param per_env: ``environment=value`` pairs
    :raises ValueError: when a keyword is not a configured environment
    """
    project = active_project()
    unknown = sorted(set(per_env) - set(project.environments))
    if unknown:
        known = ", ".join(project.environments) or "none"
        raise ValueError(
            f"by_env(): unknown environment {', '.join(map(repr, unknown))} (setup.cfg defines: {known}); "
            f"add a [monitoring_as_code:{unknown[0]}] section or fix the name"
        )
    if project.env is not None and project.env in per_env:
        return per_env[project.env]
    return default
