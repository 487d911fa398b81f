"""Plain data from attrs resources whose fields are the target's YAML keys.

Prometheus, Alertmanager and Loki keys are snake_case already, so a resource's attrs fields
are its keys verbatim, in output order. Only Python keywords are renamed, in one table
(``continue_`` -> ``continue``), and an ``extra`` dict passes through keys we do not model.
"""

from __future__ import annotations

from typing import Any

#: Python attribute -> configuration key, for keys that are Python keywords.
#: ``source_`` because ``source`` is the Resource attribute holding where the object was written.
KEYWORDS = {
    "continue_": "continue", "from_": "from", "global_": "global", "if_": "if", "class_": "class", "source_": "source",
}


def fields_data(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The attrs fields of ``obj`` as an ordered dict of configuration keys.

    ``None`` values are dropped; empty lists are kept (for Alertmanager a child route's
    ``group_by: []`` differs from no ``group_by``: it stops inheriting the parent's).
    ``extra`` is merged last so the user can add keys we do not model yet.

    :param obj: an attrs instance
    :param skip: attribute names left out (e.g. ``name`` when it is not a key)
    """
    import attrs

    data: dict[str, Any] = {}
    for field in attrs.fields(type(obj)):
        if field.name in skip or field.name == "extra" or field.name.startswith("_"):
            continue
        value = getattr(obj, field.name)
        if value is None:
            continue
        data[KEYWORDS.get(field.name, field.name)] = value
    extra = getattr(obj, "extra", None)
    if extra:
        data.update(extra)
    return data
