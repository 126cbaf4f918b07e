"""aider: `.aider.model.metadata.json` for the OpenAI list, and the lines that point aider at
the gateway.

Written for aider 0.86 (`aider/website/docs/config/adv-model-settings.md` and
`openai-compat.md` of Aider-AI/aider): a JSON object keyed by the litellm model name
(`openai/<exact id>`, the prefix matching `litellm_provider`), each with `max_tokens`,
`max_input_tokens`, `max_output_tokens`, `input_cost_per_token`, `output_cost_per_token`
(USD per token), `litellm_provider` and `mode`. JSON has no comments, so the environment
lines (`OPENAI_API_BASE`, `OPENAI_API_KEY` as a reference to the profile's variable) are
the document's notes, printed on stderr.
"""

from __future__ import annotations

from typing import Any

from tui_models.clients.base import Client, Document, Target, price, whole
from tui_models.clients.text import json_text, shell_word
from tui_models.model import Model

MODES = {"chat": "chat", "embedding": "embedding", "image": "image_generation",
         "audio": "audio_transcription", "rerank": "rerank", "moderation": "moderation"}
"""litellm's `mode` for each kind."""


def render(target: Target) -> Document:
    document = {f"openai/{m.id}": entry(m) for m in target.of("openai")}
    first = shell_word(f"openai/{target.models[0].id}") or "openai/<id>"
    notes = [f"export OPENAI_API_BASE={shell_word(target.root('openai')) or chr(39) * 2}",
             f'export OPENAI_API_KEY="${target.key_env}"',
             f"aider --model {first} --model-metadata-file .aider.model.metadata.json"]
    return Document(json_text(document), len(document), notes)


def entry(model: Model) -> dict[str, Any]:
    found: dict[str, Any] = {}
    context, output = whole(model, "context_window"), whole(model, "max_output")
    if output is not None:
        found["max_tokens"] = output
    if context is not None:
        found["max_input_tokens"] = context
    if output is not None:
        found["max_output_tokens"] = output
    for key, attribute in (("input_cost_per_token", "input_per_1m"),
                           ("output_cost_per_token", "output_per_1m")):
        per_1m = price(model, attribute)
        if per_1m is not None:
            found[key] = per_1m / 1_000_000
    found["litellm_provider"] = "openai"
    found["mode"] = MODES.get(model.kind, "chat")
    return found


CLIENT = Client(
    name="aider", label="aider", filename=".aider.model.metadata.json",
    written_for="aider 0.86 (Aider-AI/aider docs/config/adv-model-settings.md)",
    summary="aider's model metadata (litellm keys) for the OpenAI list; env lines on stderr",
    protocols=("openai",), endpoints={"openai": "chat"}, render=render,
    kinds=tuple(MODES))
