"""Claude (Anthropic): `GET …/v1/models?limit=1000`, `x-api-key` + `anthropic-version`.

Pages follow `after_id = last_id` while `has_more` is true; paging stops when either is missing
(one-hub sends neither). Servers may cap pages below the asked limit: the cursor decides.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from tui_models.model import Model
from tui_models.protocols import normalize
from tui_models.protocols.base import Payload, Protocol

ANTHROPIC_VERSION = "2023-06-01"


class Claude(Protocol):
    name = "claude"
    label = "Claude"
    key = "3"
    list_paths: ClassVar[Mapping[str, str]] = {
        "memorylake": "/claude/v1/models", "new-api": "/v1/models", "anthropic": "/v1/models"}
    first_params: ClassVar[Mapping[str, str]] = {"limit": "1000"}

    def headers(self, key: str, relay: bool) -> dict[str, str]:
        sent = {"x-api-key": key, "anthropic-version": ANTHROPIC_VERSION}
        if relay:
            sent["Authorization"] = f"Bearer {key}"
        return sent

    def next_params(self, payload: Payload) -> dict[str, str] | None:
        last_id = payload.get("last_id")
        if payload.get("has_more") is True and isinstance(last_id, str) and last_id:
            return {"limit": "1000", "after_id": last_id}
        return None

    def more_without_cursor(self, payload: Payload) -> bool:
        return payload.get("has_more") is True

    def parse(self, item: Mapping[str, Any], price_unit: str) -> Model | None:
        ident = normalize.model_id(item.get("id"))
        if ident is None:
            return None
        found = []
        for name, value in normalize.obj(item.get("capabilities")).items():
            if (isinstance(value, dict) and value.get("supported") is True) or value is True:
                found.append(str(name).replace("_", " ")[:64])
        lifecycle = normalize.text(item.get("lifecycle"), 32)
        if lifecycle and lifecycle != "active":
            found.append(lifecycle)
        return normalize.record(item, self.name, ident, price_unit,
                                capabilities=tuple(found[: normalize.MAX_LIST]))

    def call_url(self, root: str, model: Model) -> str:
        return f"{root}/messages"

    def call_body(self, model: Model, *, max_tokens: int | None = None) -> dict[str, Any]:
        return {"model": model.id, "max_tokens": 256 if max_tokens is None else max_tokens,
                "messages": [{"role": "user", "content": "Hello"}]}

    def curl_headers(self, env: str) -> list[str]:
        return [f"x-api-key: {env}", f"anthropic-version: {ANTHROPIC_VERSION}"]

    def sdk_snippet(self, root: str, env: str, model: Model) -> str:
        base = json.dumps(root.removesuffix("/v1"))
        return (f"import os\nfrom anthropic import Anthropic\n\n"
                f"client = Anthropic(base_url={base}, api_key=os.environ[{json.dumps(env)}])\n"
                f"message = client.messages.create(\n    model={json.dumps(model.id)},\n"
                f"    max_tokens=256,\n"
                f'    messages=[{{"role": "user", "content": "Hello"}}],\n)\n'
                f"print(message.content[0].text)\n")

    def demo_route(self, path: str, headers: Mapping[str, str]) -> str | None:
        if path == "/v1/models" and "x-api-key" in headers and "anthropic-version" in headers:
            return "new-api"
        return "memorylake" if path == "/claude/v1/models" else None

    def demo_item(self, m: Any, flavor: str) -> dict[str, Any]:
        if flavor == "one-hub":
            return {"type": "model", "id": m.id}
        if flavor == "new-api":  # controller/model.go: the id as display name, a fixed time
            return {"id": m.id, "created_at": "2021-07-20T10:40:00Z", "display_name": m.id,
                    "type": "model"}
        item: dict[str, Any] = {"type": "model", "id": m.id, "display_name": m.name,
                                "created_at": m.created or "2025-01-01T00:00:00Z"}
        if flavor == "anthropic":  # api.anthropic.com: these four fields
            return item
        item.update({
            "max_input_tokens": m.context, "max_tokens": m.max_output,
            "capabilities": {
                "image_input": {"supported": True},
                "thinking": {"supported": not m.id.startswith("claude-3")},
                "batch": {"supported": True},
            },
        })
        if m.id == "claude-3-opus-20240229":
            item["lifecycle"] = "deprecated"
        return item

    def demo_page(self, items: list[dict[str, Any]], query: Mapping[str, str], cap: int,
                  flavor: str) -> tuple[dict[str, Any], int]:
        if flavor == "one-hub":
            return super().demo_page(items, query, cap, flavor)
        if flavor == "new-api":  # every model of the group in one page, never more
            return {"data": items, "first_id": items[0]["id"] if items else None,
                    "has_more": False, "last_id": items[-1]["id"] if items else None}, 200
        limit = self.page_size(query.get("limit"), default=20, cap=cap)
        start = 0
        after = query.get("after_id")
        if after is not None:
            found = next((i for i, item in enumerate(items) if item["id"] == after), None)
            if found is None:
                return {"type": "error", "error": {"type": "invalid_request_error",
                                                   "message": "after_id: unknown model id"}}, 400
            start = found + 1
        page = items[start:start + limit]
        return {"data": page, "has_more": start + limit < len(items),
                "first_id": page[0]["id"] if page else None,
                "last_id": page[-1]["id"] if page else None}, 200


PROTOCOL = Claude()
