"""One page of a list, from a decoded JSON object to models: pure and total.

`PageReader` receives a page's items one at a time while the body is scanned, then its
top-level object. It accepts any JSON a server could send and returns a `Page`, or raises
`BadResponse`; nothing else escapes (the property tests feed it arbitrary JSON).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tui_models.gateway import errors
from tui_models.model import Model
from tui_models.protocols import Protocol


@dataclass(slots=True)
class Page:
    models: list[Model] = field(default_factory=list)
    skipped: int = 0
    """Items that were not objects or had no usable string id."""
    out_of_range: int = 0
    """Numbers dropped as nonsense (infinite, negative, huge): the field is null instead."""
    cursor_missing: bool = False
    """The page said more followed but gave no usable cursor."""
    next_params: dict[str, str] | None = None


class Abandoned(Exception):
    """The fetch this page belongs to was cancelled (deadline, refresh, quit): stop reading."""


class PageReader:
    """Turns one page's items into models as they are decoded (see `jsonscan.scan`)."""

    def __init__(self, spec: Protocol, price_unit: str = "auto",
                 known: Mapping[str, Model] | None = None) -> None:
        self.spec = spec
        self.price_unit = price_unit
        self.known = known or {}
        self.page = Page()
        self.abandoned = False
        """Set from another thread to stop a parse whose result nobody waits for any more."""

    def item(self, value: Any, text: str) -> None:
        if self.abandoned:
            raise Abandoned
        model = self.known.get(text)
        if model is not None:  # the same item as last time: the same record
            self.page.models.append(model)
            return
        model = self.spec.parse(value, self.price_unit) if isinstance(value, dict) else None
        if model is None:
            self.page.skipped += 1
        else:
            model.raw_text = text
            self.page.models.append(model)

    def finish(self, payload: Any, streamed: bool) -> Page:
        """The page, once the whole top-level object is known."""
        spec = self.spec
        if not isinstance(payload, Mapping):
            raise errors.BadResponse(spec.name, "JSON but not an object")
        self.page.next_params = spec.next_params(payload)
        self.page.cursor_missing = self.page.next_params is None and \
            spec.more_without_cursor(payload)
        if not streamed:
            values = payload.get(spec.list_field)
            if values is not None and not isinstance(values, list):
                raise errors.BadResponse(spec.name, f"`{spec.list_field}` is not a list")
            for value in values or ():
                self.item(value, _text(value))
        return self.page


def read_page(spec: Protocol, payload: Any, price_unit: str = "auto") -> Page:
    """The models of one decoded page and the cursor to the next, leniently."""
    return PageReader(spec, price_unit).finish(payload, streamed=False)


def _text(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except (ValueError, RecursionError):
        return "{}"
