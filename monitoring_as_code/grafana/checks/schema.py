"""``dashboard/schema``: the dashboard against the JSON schema of what we emit."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from monitoring_as_code.core.document import Document
from monitoring_as_code.core.encode import format_path
from monitoring_as_code.core.problem import Problem, Severity

NAME = "dashboard/schema"
SCHEMA_FILE = "grafana-dashboard.schema.json"
#: paths whose errors ``dashboard/uid`` and ``dashboard/title`` report with Grafana's own words
_REPORTED_BETTER = {("uid",), ("title",)}


@cache
def _schema() -> dict:
    import json

    return json.loads(resources.files("monitoring_as_code.schemas").joinpath(SCHEMA_FILE).read_text("utf-8"))


@cache
def validator() -> Any:
    """jsonschema's validator: every error with its path (used once a dashboard is known to be invalid)."""
    from jsonschema import Draft7Validator

    Draft7Validator.check_schema(_schema())
    return Draft7Validator(_schema())


@cache
def _is_valid() -> Any:
    """The fast yes/no for the common case, a valid dashboard: jsonschema-rs (compiled Rust, ~9x faster
    than fastjsonschema's generated Python on our dashboards), else fastjsonschema. Only a "no" pays
    for jsonschema's full error list."""
    try:
        import jsonschema_rs
    except ImportError:  # no wheel for this platform
        return _fast_is_valid()
    return jsonschema_rs.Draft7Validator(_schema()).is_valid


def _fast_is_valid() -> Any:
    import fastjsonschema

    validate = fastjsonschema.compile(_schema())

    def is_valid(data: Any) -> bool:
        try:
            validate(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


def _hint(error: Any) -> str:
    if error.validator == "required":
        return "add the missing field"
    if error.validator == "type":
        return f"use a value of type {error.validator_value}"
    if error.validator in ("enum", "oneOf"):
        return "use one of the values Grafana accepts (see the Grafana dashboard JSON model)"
    return f"see monitoring_as_code/schemas/{SCHEMA_FILE}"


def check(doc: Document, root: tuple, data: Any) -> list[Problem]:
    if _is_valid()(data):
        return []
    problems = []
    for error in sorted(validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        if tuple(error.absolute_path) in _REPORTED_BETTER:
            continue
        if error.instance is None and not doc.compiled:
            continue  # Grafana reads null as "unset" in JSON it exported; only our own output must have none
        path = root + tuple(error.absolute_path)
        where = format_path(tuple(error.absolute_path)) or "dashboard"
        problems.append(doc.problem(path, NAME, f"{where}: {error.message}", _hint(error), Severity.BUG))
    return problems
