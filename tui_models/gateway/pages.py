"""One page of a list, from a decoded JSON object to models: pure and total.

`read_page` accepts any JSON value a server could send and returns a `Page`, or raises
`BadResponse`; nothing else escapes (the property tests feed it arbitrary JSON).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tui_models.gateway import errors
from tui_models.gateway.protocol import Spec
from tui_models.model import Model


@dataclass(slots=True)
class Page:
    models: list[Model] = field(default_factory=list)
    skipped: int = 0
    """Items that were not objects or had no usable string id."""
    next_params: dict[str, str] | None = None


def read_page(spec: Spec, payload: Any, price_unit: str = "auto") -> Page:
    """The models of one page and the cursor to the next, leniently."""
    if not isinstance(payload, Mapping):
        raise errors.BadResponse(spec.name, "JSON but not an object")
    page = Page(next_params=spec.next_params(payload))
    items = payload.get(spec.list_field)
    if items is None:
        return page
    if not isinstance(items, list):
        raise errors.BadResponse(spec.name, f"`{spec.list_field}` is not a list")
    parse, models = spec.parse, page.models
    for item in items:
        model = parse(item, price_unit) if isinstance(item, dict) else None
        if model is None:
            page.skipped += 1
        else:
            models.append(model)
    return page
