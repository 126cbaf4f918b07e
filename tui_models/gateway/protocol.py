"""What one protocol module provides: how to ask, how to page, how to parse."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tui_models.model import Model

Payload = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Spec:
    """A protocol's list endpoint, as plain functions so each module stays declarative."""

    name: str
    list_field: str
    """Where the models are in a page: `data` or `models`."""
    headers: Callable[[str, bool], dict[str, str]]
    """Auth headers for a key; the flag says the server is a relay that also takes Bearer."""
    first_params: Mapping[str, str]
    """Query parameters of the first page (maximum page size)."""
    next_params: Callable[[Payload], dict[str, str] | None]
    """Query parameters of the page after this one, or None when this was the last."""
    parse: Callable[[Mapping[str, Any], str], Model | None]
    """One list item (a JSON object) to a Model, or None when it has no usable id."""
