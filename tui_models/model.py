"""The one record type for a model, whatever protocol listed it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS: tuple[str, ...] = ("chat", "embedding", "image", "audio", "rerank", "moderation", "other")
"""Every `kind` a model can have."""


@dataclass(slots=True, eq=False)
class Model:
    """One model a key can see under one protocol.

    `id` is exactly what the server sent (for Gemini: `name` without `models/`); it is the
    string to copy and is never altered. Every other field is optional and normalised: prices
    are USD per 1M tokens, limits are token counts, `created` is Unix seconds only when the
    gateway sent a real date. `raw` is the JSON object as received.
    """

    id: str
    protocol: str
    display_name: str | None = None
    owned_by: str | None = None
    created: int | None = None
    context_window: int | None = None
    max_output: int | None = None
    input_per_1m: float | None = None
    output_per_1m: float | None = None
    per_request: float | None = None
    endpoint_types: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    kind: str = "chat"
    description: str | None = None
    raw_text: str = "{}"
    """The item's JSON exactly as the server sent it (kept as text: a third of a dict's size)."""
    first_seen: float | None = None
    is_new: bool = False
    is_gone: bool = False
    protocols: tuple[str, ...] = ()
    """Every protocol that lists this exact id now (set when the lists are put together)."""
    variants: tuple[Model, ...] = ()
    """A merged record's per-protocol models, in protocol order; () for a protocol's own."""
    is_fav: bool = False
    """Starred by the user (`f`), for this gateway."""

    @property
    def raw(self) -> dict[str, Any]:
        """The item as received, decoded afresh on each access."""
        import json

        value = json.loads(self.raw_text)
        return value if isinstance(value, dict) else {}

    @property
    def merged_away(self) -> bool:
        """A protocol's own record of an id that a merged record stands for in the All view."""
        return len(self.protocols) > 1 and not self.variants

    def variant(self, protocol: str | None) -> Model:
        """This model as `protocol` lists it (itself when it is not merged or `protocol` does
        not list it)."""
        for model in self.variants:
            if model.protocol == protocol:
                return model
        return self

    @property
    def key(self) -> tuple[str, str]:
        """The identity of a model: its protocol and exact id."""
        return (self.protocol, self.id)
