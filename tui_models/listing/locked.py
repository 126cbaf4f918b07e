"""The models a relay publishes for groups this key is not in (`is:locked`).

one-hub's `/api/available_model` and new-api's `/api/pricing` price every model of the
relay, each with the groups it is enabled for. Those not enabled for the key's group are not
in its lists: a call would answer "model not found" (or "no channel for group"). They are
kept as rows of their own, hidden unless asked for, priced for the cheapest group that
offers them, so "why isn't o3-pro here?" has its answer: ask for group svip.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tui_models.model import Model

if TYPE_CHECKING:
    from tui_models.relay import RelayInfo, RelayPrice

LOCKED_PROTOCOL = "openai"
"""The protocol a locked row is shown under: both relay kinds publish the OpenAI names."""


def offers(price: RelayPrice, info: RelayInfo) -> list[tuple[str, float | None]]:
    """The groups `price`'s model is enabled for, each with its ratio where the relay
    publishes one, cheapest first (unknown ratios last)."""
    ratios = info.group_ratios
    return sorted(((g, ratios.get(g)) for g in price.groups),
                  key=lambda pair: (pair[1] is None, pair[1] or 0.0, pair[0]))


def locked_models(info: RelayInfo | None, listed: Iterable[str]) -> list[Model]:
    """A row per model `info` prices for other groups only, not in `listed` (exact ids).
    None when the key's group is not known: then nothing says which groups are not its."""
    if info is None or not info.group:
        return []
    seen, rows = set(listed), []
    for model_id, price in info.prices.items():
        if model_id in seen or not price.groups or info.group in price.groups:
            continue
        rows.append(Model(model_id, LOCKED_PROTOCOL, is_locked=True,
                          relay=_priced_for(price, info)))
    return rows


def _priced_for(price: RelayPrice, info: RelayInfo) -> RelayPrice:
    """`price` (worked out with the key's group ratio) as the cheapest offering group pays
    it."""
    group, ratio = offers(price, info)[0]
    scale = info.group_ratio or 1.0
    factor = (ratio if ratio is not None else 1.0) / scale
    moved = {name: value * factor for name in ("input_per_1m", "output_per_1m", "per_request")
             if (value := getattr(price, name)) is not None}
    return dataclasses.replace(price, **moved, group=group, group_ratio=ratio)


def not_usable(model: Model) -> str:
    """Why a row must not be copied or picked as if this key could call it ("" when it may):
    it is locked, published by the relay for other groups only, or its listed id held the
    API key (shown redacted, so not the id)."""
    if model.key_in_id or any(v.key_in_id for v in model.variants):
        return ("this id, as the gateway lists it, holds your API key (shown redacted): not "
                "copied; tell the gateway's administrator")
    if not model.is_locked:
        return ""
    groups = ", ".join(model.relay.groups) if model.relay is not None else ""
    return (f"{model.id} is not available to this key (the relay offers it to group "
            f"{groups}; ask your administrator)" if groups else
            f"{model.id} is not available to this key")
