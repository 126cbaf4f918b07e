"""The Claude (Anthropic) list and calls as each gateway family writes them.

`GET /claude/v1/models` (one-hub; `x-api-key`), or `/v1/models` with `x-api-key` and
`anthropic-version` (new-api, which serves the OpenAI list on the same path). Pages follow
`limit`/`after_id`, capped below what clients ask; one-hub and new-api send one page. Calls:
`POST /claude/v1/messages` (new-api: `/v1/messages`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from tui_models.demo.data import DemoModel
from tui_models.demo.wire.base import (
    DEFAULT,
    NEW_API,
    RELAY,
    Item,
    ItemWriter,
    PageWriter,
    Route,
    Wire,
    page_size,
    whole_list,
)

DEPRECATED = frozenset({"claude-3-opus-20240229"})
"""Models the full item marks `lifecycle: deprecated`."""


def _one_hub(m: DemoModel) -> Item:
    return {"type": "model", "id": m.id}


def _new_api(m: DemoModel) -> Item:
    """new-api's controller/model.go: the id as display name, a fixed time."""
    return {"id": m.id, "created_at": "2021-07-20T10:40:00Z", "display_name": m.id,
            "type": "model"}


def _official(m: DemoModel) -> Item:
    """api.anthropic.com: these four fields."""
    return {"type": "model", "id": m.id, "display_name": m.name,
            "created_at": m.created or "2025-01-01T00:00:00Z"}


def _full(m: DemoModel) -> Item:
    """The official four plus limits, capabilities and a lifecycle, as rich relays write."""
    item = _official(m)
    item.update({
        "max_input_tokens": m.context, "max_tokens": m.max_output,
        "capabilities": {
            "image_input": {"supported": True},
            "thinking": {"supported": not m.id.startswith("claude-3")},
            "batch": {"supported": True},
        },
    })
    if m.id in DEPRECATED:
        item["lifecycle"] = "deprecated"
    return item


def _one_page(items: list[Item], query: Mapping[str, str], cap: int
              ) -> tuple[dict[str, Any], int]:
    """new-api: every model of the group in one page, never more."""
    return {"data": items, "first_id": items[0]["id"] if items else None,
            "has_more": False, "last_id": items[-1]["id"] if items else None}, 200


def _paged(items: list[Item], query: Mapping[str, str], cap: int
           ) -> tuple[dict[str, Any], int]:
    """Anthropic's paging: `limit` (20 unless asked, at most `cap`) after `after_id`."""
    limit = page_size(query.get("limit"), default=20, cap=cap)
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


class ClaudeWire(Wire):
    name = "claude"
    routes = (Route("/claude/v1/models", RELAY),
              Route("/v1/models", NEW_API, ("x-api-key", "anthropic-version")))
    items: ClassVar[Mapping[str, ItemWriter]] = {
        "one-hub": _one_hub, "new-api": _new_api, "anthropic": _official, DEFAULT: _full}
    pages: ClassVar[Mapping[str, PageWriter]] = {
        "one-hub": whole_list("data"), "new-api": _one_page, DEFAULT: _paged}
    call_paths: ClassVar[Mapping[str, tuple[str, str]]] = {
        "/claude/v1/messages": ("messages", RELAY), "/v1/messages": ("messages", NEW_API)}

    def relay_key(self, headers: Mapping[str, str], query: Mapping[str, str],
                  bearer: str | None) -> str | None:
        return headers.get("x-api-key")

    def reply(self, asked: str, answered: str, *, thinks: bool = False) -> Mapping[str, Any]:
        return {"id": "msg_demo", "type": "message", "role": "assistant", "model": answered,
                "content": [{"type": "text", "text": "Hi"}], "stop_reason": "max_tokens",
                "usage": {"input_tokens": 8, "output_tokens": 1}}


WIRE = ClaudeWire()
