"""Claude list: `GET …/v1/models?limit=1000`, `x-api-key` + `anthropic-version`.

Pages follow `after_id = last_id` while `has_more` is true; paging stops when either is missing
(one-hub sends neither). Servers may cap pages below the asked limit: the cursor decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui_models.gateway import normalize
from tui_models.gateway.protocol import Payload, Spec
from tui_models.model import Model

ANTHROPIC_VERSION = "2023-06-01"


def headers(key: str, gateway: bool) -> dict[str, str]:
    sent = {"x-api-key": key, "anthropic-version": ANTHROPIC_VERSION}
    if gateway:
        sent["Authorization"] = f"Bearer {key}"
    return sent


def next_params(payload: Payload) -> dict[str, str] | None:
    last_id = payload.get("last_id")
    if payload.get("has_more") is True and isinstance(last_id, str) and last_id:
        return {"limit": "1000", "after_id": last_id}
    return None


def _capabilities(item: Mapping[str, Any]) -> tuple[str, ...]:
    found = []
    for name, value in normalize.obj(item.get("capabilities")).items():
        if (isinstance(value, dict) and value.get("supported") is True) or value is True:
            found.append(str(name).replace("_", " ")[:64])
    lifecycle = normalize.text(item.get("lifecycle"), 32)
    if lifecycle and lifecycle != "active":
        found.append(lifecycle)
    return tuple(found[: normalize.MAX_LIST])


def parse(item: Mapping[str, Any], price_unit: str) -> Model | None:
    ident = normalize.model_id(item.get("id"))
    if ident is None:
        return None
    return normalize.record(item, "claude", ident, price_unit,
                            capabilities=_capabilities(item))


SPEC = Spec(
    name="claude",
    list_field="data",
    headers=headers,
    first_params={"limit": "1000"},
    next_params=next_params,
    parse=parse,
)
