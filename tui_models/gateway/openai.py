"""OpenAI-compatible list: `GET /v1/models`, Bearer auth, one page, models under `data`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui_models.gateway import normalize
from tui_models.gateway.protocol import Payload, Spec
from tui_models.model import Model


def headers(key: str, gateway: bool) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def next_params(payload: Payload) -> dict[str, str] | None:
    return None


def parse(item: Mapping[str, Any], price_unit: str) -> Model | None:
    ident = normalize.model_id(item.get("id"))
    if ident is None:
        return None
    params = normalize.strings(item.get("supported_parameters"))
    capabilities = tuple(p for p in params if p in ("tools", "reasoning", "structured_outputs",
                                                    "response_format", "web_search_options"))
    return normalize.record(item, "openai", ident, price_unit,
                            name_keys=("name", "display_name", "displayName"),
                            capabilities=capabilities)


SPEC = Spec(
    name="openai",
    list_field="data",
    headers=headers,
    first_params={},
    next_params=next_params,
    parse=parse,
)
