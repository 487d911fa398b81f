"""Compiling one resource to a Document: plain data, source locations, rendered YAML.

Used by the Loki, Promtail and Grafana datasources targets, whose outputs are one YAML file
per resource.
"""

from __future__ import annotations

from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import dump_yaml, to_data
from monitoring_as_code.core.target import Definition


def compile_yaml(definition: Definition, kind: str, artifact: str, name: str, data: Any = None) -> Document:
    """A compiled Document of ``definition.obj`` written to ``artifact`` as YAML.

    :param definition: what the loader collected
    :param kind: the document kind, e.g. ``loki/config``
    :param artifact: the output path relative to the build directory
    :param name: the document's short name
    :param data: the data to write, when not ``to_data(definition.obj)``
    """
    obj = definition.obj
    locations: dict = {}
    plain = to_data(obj, (), locations) if data is None else data
    if data is not None:
        to_data(obj, (), locations)
    return Document(
        kind=kind, data=plain, file=definition.file, name=name, ref=obj.ref, artifact=artifact,
        text=dump_yaml(plain), python_locations=locations, source_object=obj, line=definition.line,
    )
