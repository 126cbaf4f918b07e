"""The client-facing APIs a call can go to, by name: what people read for each and its mark.

A protocol (`tui_models.protocols`) serves one or more of them: OpenAI-compatible gateways
`chat` (`/chat/completions`) and `responses` (`/responses`) for a chat model, `embeddings`,
`images`, `rerank`, `moderations` for the other kinds; Claude `messages`; Gemini
`generate_content`, `embed_content`, `predict`. Probe records name them (`endpoint`), the
Probe column marks them (`C✓ R✗`). Never imports Textual.
"""

from __future__ import annotations

from typing import NamedTuple


class Endpoint(NamedTuple):
    name: str
    label: str
    """What people read: `Responses`, `Chat Completions`."""
    mark: str
    """One letter for a compact column: `R`."""


ENDPOINTS: dict[str, Endpoint] = {e.name: e for e in (
    Endpoint("chat", "Chat Completions", "C"),
    Endpoint("responses", "Responses", "R"),
    Endpoint("embeddings", "Embeddings", "E"),
    Endpoint("images", "Images", "I"),
    Endpoint("rerank", "Rerank", "K"),
    Endpoint("moderations", "Moderations", "D"),
    Endpoint("messages", "Messages", "M"),
    Endpoint("generate_content", "generateContent", "G"),
    Endpoint("embed_content", "embedContent", "E"),
    Endpoint("predict", "predict", "P"),
)}


def label(name: str | None) -> str:
    """What people read for endpoint `name` (the name itself when unknown, `–` for None)."""
    if name is None:
        return "–"
    found = ENDPOINTS.get(name)
    return found.label if found else name


def mark(name: str) -> str:
    """The one-letter mark of endpoint `name` (`?` when unknown)."""
    found = ENDPOINTS.get(name)
    return found.mark if found else "?"
