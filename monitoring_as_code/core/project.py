"""The project: where definitions live, where builds go, and its settings from ``setup.cfg``.

Settings come from the ``[monitoring_as_code]`` section of ``setup.cfg`` at the project root
(the nearest parent of the working directory that has one). An environment section
``[monitoring_as_code:<env>]`` overrides keys of the base section when ``--env`` selects it.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from monitoring_as_code.errors import UsageError

SECTION = "monitoring_as_code"
DEFAULT_DEFINITIONS = ("dashboards", "rules", "alertmanager", "loki")


def find_root(start: str) -> str:
    """The nearest directory at or above ``start`` with a ``setup.cfg`` naming our section, else ``start``."""
    here = os.path.abspath(start)
    while True:
        cfg = os.path.join(here, "setup.cfg")
        if os.path.isfile(cfg):
            with open(cfg, encoding="utf-8") as fh:
                if f"[{SECTION}" in fh.read():
                    return here
        parent = os.path.dirname(here)
        if parent == here:
            return os.path.abspath(start)
        here = parent


@dataclass
class Project:
    """Settings of one monitoring repository.

    :param root: the project root
    :param settings: the merged ``[monitoring_as_code]`` settings (environment overlay applied)
    :param env: the selected environment name, or ``None``
    :param environ: the process environment (injected so tests can replace it)
    """

    root: str
    settings: dict[str, str] = field(default_factory=dict)
    env: str | None = None
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    environments: tuple[str, ...] = ()

    @classmethod
    def load(cls, start: str = ".", env: str | None = None, environ: Mapping[str, str] | None = None) -> Project:
        root = find_root(start)
        parser = configparser.ConfigParser(interpolation=None)
        cfg = os.path.join(root, "setup.cfg")
        if os.path.isfile(cfg):
            try:
                parser.read(cfg, encoding="utf-8")
            except configparser.Error as exc:
                raise UsageError(f"{cfg}: {exc}", "fix the syntax of setup.cfg") from None
        settings = dict(parser[SECTION]) if parser.has_section(SECTION) else {}
        environments = tuple(s.split(":", 1)[1] for s in parser.sections() if s.startswith(SECTION + ":"))
        environ = dict(os.environ if environ is None else environ)
        env = env or environ.get("MAC_ENV") or settings.get("default_env") or None
        if env:
            section = f"{SECTION}:{env}"
            if not parser.has_section(section):
                known = ", ".join(environments) or "none"
                raise UsageError(
                    f"unknown environment {env!r}",
                    f"add a [{section}] section to setup.cfg (known environments: {known})",
                )
            settings.update(parser[section])
        return cls(root=root, settings=settings, env=env, environ=environ, environments=environments)

    def get(self, key: str, default: str = "") -> str:
        return self.settings.get(key, default).strip()

    def get_list(self, key: str, default: tuple[str, ...] = ()) -> list[str]:
        raw = self.settings.get(key)
        if raw is None:
            return list(default)
        return [item for item in raw.replace(",", " ").split() if item]

    @property
    def definition_dirs(self) -> list[str]:
        return [os.path.join(self.root, d) for d in self.get_list("definitions", DEFAULT_DEFINITIONS)]

    @property
    def build_dir(self) -> str:
        base = os.path.join(self.root, self.get("build_dir", "build"))
        # Each environment gets its own build directory, so staging never overwrites production.
        return os.path.join(base, self.env) if self.env else base

    @property
    def disabled_checks(self) -> set[str]:
        return set(self.get_list("disabled_checks"))
