"""Renderers of a Report: ``console`` (default), ``json`` and ``github`` (Actions annotations)."""

from __future__ import annotations

import importlib
from typing import TextIO

from monitoring_as_code.core.problem import Report

FORMATS = ("console", "json", "github")


def render(report: Report, fmt: str, stream: TextIO) -> None:
    importlib.import_module(f"monitoring_as_code.report.{fmt}").render(report, stream)
