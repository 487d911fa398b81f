"""The base of our Loki, Promtail and Alloy configuration blocks.

A block is an attrs resource whose fields are the configuration's YAML keys, in output order
(``None`` left out), plus ``extra`` for keys we do not model: the checks read the compiled
data, so a key passed through ``extra`` is still checked against Loki's key list.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attr

from monitoring_as_code.core.fields import fields_data
from monitoring_as_code.core.resource import Resource


@attr.s(kw_only=True)
class Block(Resource):
    """A configuration block: fields are keys; ``extra`` adds keys verbatim.

    :param extra: more keys, merged last (for settings not modelled here)
    """

    kind: ClassVar[str] = "Block"
    #: attribute names that are not configuration keys (e.g. ``name`` of a whole file)
    not_keys: ClassVar[tuple[str, ...]] = ()

    extra: dict[str, Any] = attr.ib(factory=dict)

    def to_json_data(self) -> dict[str, Any]:
        return fields_data(self, skip=self.not_keys)
