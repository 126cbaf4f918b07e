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
from tui_models.protocols.base import Payload, Protocol, counts

ANTHROPIC_VERSION = "2023-06-01"


class Claude(Protocol):
    name = "claude"
    label = "Claude"
    key = "3"
    provider = "anthropic"
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

    chat_endpoints: ClassVar[tuple[str, ...]] = ("messages",)

    def endpoint(self, model: Model) -> str:
        return "messages"

    def token_param(self, endpoint: str) -> str | None:
        return "max_tokens"

    def call_url(self, root: str, model: Model, endpoint: str | None = None) -> str | None:
        return f"{root}/messages"

    def call_body(self, model: Model, *, max_tokens: int | None = None,
                  endpoint: str | None = None, token_param: str | None = None
                  ) -> dict[str, Any]:
        """`max_tokens` is required by the Messages API: 256 unless bounded."""
        return {"model": model.id, "max_tokens": 256 if max_tokens is None else max_tokens,
                "messages": [{"role": "user", "content": "Hello"}]}

    def reply_usage(self, payload: Payload) -> tuple[int | None, int | None]:
        """Anthropic's `usage.input_tokens`/`output_tokens` (OpenAI's names from a relay)."""
        return counts(payload.get("usage"), ("input_tokens", "prompt_tokens"),
                      ("output_tokens", "completion_tokens"))

    def curl_headers(self, env: str) -> list[str]:
        return [f"x-api-key: {env}", f"anthropic-version: {ANTHROPIC_VERSION}"]

    def sdk_snippet(self, root: str, env: str, model: Model, endpoint: str | None = None
                    ) -> str:
        """The key goes as `x-api-key` too: the SDK may send it as Bearer, and relays such
        as one-hub read only `x-api-key` on their Claude routes."""
        base = json.dumps(root.removesuffix("/v1"))
        return (f"import os\nfrom anthropic import Anthropic\n\n"
                f"key = os.environ[{json.dumps(env)}]\n"
                f"client = Anthropic(base_url={base}, api_key=key,\n"
                f'                   default_headers={{"x-api-key": key}})\n'
                f"message = client.messages.create(\n    model={json.dumps(model.id)},\n"
                f"    max_tokens=256,\n"
                f'    messages=[{{"role": "user", "content": "Hello"}}],\n)\n'
                f"print(message.content[0].text)\n")


PROTOCOL = Claude()
