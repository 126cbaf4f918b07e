"""Gemini list: `GET …/v1beta/models?pageSize=1000`, `x-goog-api-key`, models under `models`.

Pages follow `pageToken = nextPageToken` until it is absent or null. The id used in calls is
`name` without its `models/` prefix (new-api sends it bare); the raw name stays in `raw`.
The key is never put in the query string (`?key=` ends up in access logs).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui_models.gateway import normalize
from tui_models.gateway.protocol import Payload, Spec
from tui_models.model import Model

PREFIX = "models/"


def headers(key: str, gateway: bool) -> dict[str, str]:
    sent = {"x-goog-api-key": key}
    if gateway:
        sent["Authorization"] = f"Bearer {key}"
    return sent


def next_params(payload: Payload) -> dict[str, str] | None:
    token = payload.get("nextPageToken")
    if isinstance(token, str) and token:
        return {"pageSize": "1000", "pageToken": token}
    return None


def parse(item: Mapping[str, Any], price_unit: str) -> Model | None:
    name = normalize.model_id(item.get("name"))
    if name is None:
        return None
    ident = name[len(PREFIX):] if name.startswith(PREFIX) else name
    if not ident:
        return None
    capabilities = tuple(
        flag for flag in ("thinking",) if item.get(flag) is True
    )
    return normalize.record(
        item, "gemini", ident, price_unit,
        name_keys=("displayName", "display_name"),
        methods=normalize.strings(item.get("supportedGenerationMethods")),
        capabilities=capabilities,
    )


SPEC = Spec(
    name="gemini",
    list_field="models",
    headers=headers,
    first_params={"pageSize": "1000"},
    next_params=next_params,
    parse=parse,
)
