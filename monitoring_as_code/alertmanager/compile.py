"""Compiling Alertmanager definitions into Documents: the config (secrets resolved on request)
and the route/inhibition tests."""

from __future__ import annotations

import os
from typing import Any

from monitoring_as_code.alertmanager.secrets import (
    PLACEHOLDER,
    allowed_env,
    iter_secrets,
    set_path,
)
from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import dump_yaml, to_data
from monitoring_as_code.core.problem import Severity
from monitoring_as_code.core.target import Context, Definition

CONFIG = "alertmanager/config"
TESTS = "alertmanager/route-tests"


def resolve_secrets(data: Any, ctx: Context) -> tuple[set, list[str], list[tuple[tuple, str]]]:
    """Replace every :class:`Secret` in ``data``: resolved paths, their values, and refused ``(path, variable)``."""
    allowed = allowed_env(ctx.project.get("secrets_from_env"), ctx.project.environ)
    paths: set = set()
    values: list[str] = []
    refused: list[tuple[tuple, str]] = []
    for path, secret in list(iter_secrets(data)):
        value = ctx.project.environ.get(secret.env, "")
        if secret.env in allowed and value:
            set_path(data, path, value)
            values.append(value)
        else:
            set_path(data, path, PLACEHOLDER.format(name=secret.env))
            refused.append((path, secret.env))
        paths.add(path)
    return paths, values, refused


def refused_problem(doc: Document, path: tuple, variable: str, ctx: Context):
    allowed = allowed_env(ctx.project.get("secrets_from_env"), ctx.project.environ)
    if variable in allowed:
        message = f"environment variable {variable} is not set (needed by Secret.from_env)"
        hint = f"export {variable} before building, or use the field's *_file form"
    else:
        message = f"Secret.from_env({variable!r}) is not resolved: the project does not allow {variable}"
        hint = (f"add {variable} to `secrets_from_env` in [monitoring_as_code] (or MAC_SECRETS_FROM_ENV) to write it "
                "into the build output, or better use the field's *_file form")
    return doc.problem(path, "alertmanager/secret", message, hint, Severity.BUG)


def compile_config(definition: Definition, ctx: Context, kind: str = CONFIG, folder: str = "alertmanager") -> Document:
    """A server config (alertmanager.yml, prometheus.yml) with its ``Secret.from_env`` values resolved
    only where the project allows them; refusals become problems at the secret's path.

    :param kind: the document kind
    :param folder: the build folder of ``<name>.yml``
    """
    obj = definition.obj
    locations: dict = {}
    data = to_data(obj, (), locations)
    paths, values, refused = resolve_secrets(data, ctx)
    doc = Document(
        kind=kind, data=data, file=definition.file, name=obj.name, ref=obj.ref,
        artifact=f"{folder}/{obj.name}.yml", text=dump_yaml(data), python_locations=locations,
        source_object=obj, line=definition.line,
    )
    doc.extra["secret_paths"] = paths
    doc.extra["secret_values"] = values
    doc.extra["compile_problems"] = [refused_problem(doc, p, v, ctx) for p, v in refused]
    return doc


def compile_tests(tests: list[Definition], configs: list[Definition]) -> list[Document]:
    """One ``alertmanager/route-tests`` Document per definition file, tests in definition order."""
    by_file: dict[str, list[Definition]] = {}
    for definition in tests:
        by_file.setdefault(definition.file, []).append(definition)
    docs = []
    for file, defs in by_file.items():
        same_file = [c.obj.name for c in configs if c.file == file]
        everywhere = [c.obj.name for c in configs]
        items, locations = [], {}
        for i, definition in enumerate(defs):
            test = definition.obj
            item = test.to_json_data()
            item["config"] = test.config or (same_file[0] if len(same_file) == 1 else None) or (
                everywhere[0] if len(everywhere) == 1 else None)
            items.append(item)
            if test.source is not None:
                locations[("tests", i)] = test.source
        name = os.path.splitext(os.path.basename(file))[0]
        docs.append(Document(
            kind=TESTS, data={"tests": items}, file=file, name=name, ref=f"RouteTests/{name}",
            python_locations=locations, line=defs[0].line,
        ))
    return docs
