"""What a protocol is: one object that knows everything about one family of endpoints.

A protocol (OpenAI-compatible, Claude, Gemini, …) is an instance of a `Protocol` subclass,
registered in `tui_models.protocols`. It answers every question the rest of the program asks
about it — the client (list path, auth, paging, parsing), the snippets and probes (call URL,
smallest request, curl headers, SDK code), the explorer (label, number key) and the demo
gateway (the wire format it serves) — so adding a protocol is one module and one
`register()` call. Never imports Textual.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from tui_models.model import Model

Payload = Mapping[str, Any]

KIND_CALLS: Mapping[str, str] = {"embedding": "/embeddings", "image": "/images/generations",
                                 "rerank": "/rerank", "moderation": "/moderations"}
"""Where an OpenAI-style API takes each kind of model (chat: `/chat/completions`)."""


class Protocol:
    """A protocol's behaviour. Subclasses set the class attributes and override methods."""

    name: ClassVar[str]
    """The name used everywhere: `--protocol`, JSON `protocol`, cache files (`openai`)."""
    label: ClassVar[str]
    """What people read: `OpenAI`."""
    key: ClassVar[str]
    """The explorer's number key that shows only this protocol (`1` is All)."""
    list_field: ClassVar[str] = "data"
    """Where a list page holds its items: `data` or `models`."""
    list_paths: ClassVar[Mapping[str, str]] = {}
    """The list path on each preset that offers this protocol (preset name → path)."""
    first_params: ClassVar[Mapping[str, str]] = {}
    """Query parameters of the first page (the largest page size)."""
    id_field: ClassVar[str] = "id"
    """The item field holding the id as listed (see `raw_name`)."""

    # -- listing ------------------------------------------------------------------------------

    def headers(self, key: str, relay: bool) -> dict[str, str]:
        """Auth headers for a key; `relay`: a one-hub/new-api gateway that also takes Bearer."""
        return {"Authorization": f"Bearer {key}"}

    def next_params(self, payload: Payload) -> dict[str, str] | None:
        """Query parameters of the page after `payload`, or None when it was the last."""
        return None

    def more_without_cursor(self, payload: Payload) -> bool:
        """The page says more pages follow but `next_params` found no cursor to ask with."""
        return False

    def parse(self, item: Mapping[str, Any], price_unit: str) -> Model | None:
        """One list item to a Model, or None when it has no usable id. Never raises."""
        raise NotImplementedError

    def raw_name(self, model: Model) -> str:
        """The name exactly as the server listed it."""
        name = model.raw.get(self.id_field)
        return name if isinstance(name, str) else model.id

    # -- calling ------------------------------------------------------------------------------

    def call_url(self, root: str, model: Model) -> str:
        """Where `model` is called, given the list URL without its `/models` (`root`)."""
        return root + KIND_CALLS.get(model.kind, "/chat/completions")

    def call_body(self, model: Model, *, max_tokens: int | None = None) -> dict[str, Any]:
        """A valid request for `model`; `max_tokens` bounds the answer (1 for a probe)."""
        if model.kind in ("embedding", "moderation"):
            return {"model": model.id, "input": "Hello"}
        if model.kind == "image":
            return {"model": model.id, "prompt": "A lighthouse at dusk"}
        if model.kind == "rerank":
            return {"model": model.id, "query": "Hello", "documents": ["Hello", "World"]}
        body: dict[str, Any] = {"model": model.id,
                                "messages": [{"role": "user", "content": "Hello"}]}
        if max_tokens is not None:
            body["max_tokens"] = max_tokens
        return body

    def curl_headers(self, env: str) -> list[str]:
        """The auth headers of a curl snippet, reading the key from `$env`."""
        return [f"Authorization: Bearer {env}"]

    def sdk_snippet(self, root: str, env: str, model: Model) -> str:
        """Python code calling `model` with its official SDK, the key read from `env`."""
        base, key, ident = json.dumps(root), json.dumps(env), json.dumps(model.id)
        head = (f"import os\nfrom openai import OpenAI\n\n"
                f"client = OpenAI(base_url={base}, api_key=os.environ[{key}])\n")
        if model.kind == "embedding":
            return head + (f"result = client.embeddings.create(model={ident}, input=\"Hello\")\n"
                           "print(len(result.data[0].embedding))\n")
        if model.kind == "image":
            return head + (f"image = client.images.generate(model={ident}, "
                           "prompt=\"A lighthouse at dusk\")\nprint(image.data[0].url)\n")
        return head + (f"reply = client.chat.completions.create(\n    model={ident},\n"
                       f'    messages=[{{"role": "user", "content": "Hello"}}],\n)\n'
                       "print(reply.choices[0].message.content)\n")

    # -- the demo gateway ---------------------------------------------------------------------

    def demo_route(self, path: str, headers: Mapping[str, str]) -> str | None:
        """The layout (a preset name) a demo request for `path` asks for, or None."""
        for preset in ("memorylake", "new-api"):
            if self.list_paths.get(preset) == path:
                return preset
        return None

    def demo_serves(self, model: Any) -> bool:
        """Whether the demo lists `model` (a `DemoModel`) under this protocol."""
        return self.name in model.protocols

    def demo_item(self, model: Any, flavor: str) -> dict[str, Any]:
        """How a gateway of `flavor` writes `model` in this protocol's list."""
        return {"id": model.id, "object": "model", "owned_by": model.owner}

    def demo_page(self, items: list[dict[str, Any]], query: Mapping[str, str], cap: int,
                  flavor: str) -> tuple[dict[str, Any], int]:
        """The page a client asking `query` gets, and its HTTP status (no more than `cap`
        items when the protocol pages). Here: the whole list in one page, as one-hub serves
        every list."""
        return {self.list_field: items}, 200

    @staticmethod
    def page_size(asked: str | None, *, default: int, cap: int) -> int:
        """The page size a demo serves for a client's `asked` size (1 to `cap`)."""
        try:
            size = int(asked) if asked is not None else default
        except ValueError:
            size = default
        return max(1, min(size, cap))

    def __repr__(self) -> str:
        return f"<protocol {self.name}>"
