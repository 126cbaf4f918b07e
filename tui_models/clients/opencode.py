"""opencode: a complete `opencode.json` with one provider per list the gateway serves.

Written for opencode 1.18.33 (npm `opencode-ai`), schema `packages/opencode/src/config/
provider.ts` of anomalyco/opencode (formerly sst/opencode): `provider.<id>` with `npm`, `name`,
`options.baseURL`, `options.apiKey` and `models.<exact id>` holding `name`, `limit` (`context`
and `output`, both required when present) and `cost` (`input` and `output` in USD per 1M, both
required when present). `{env:VAR}` is opencode's own substitution
(`packages/opencode/src/config/variable.ts`), so the key is read from the profile's variable
when opencode starts. Provider ids are `<profile>-<protocol>`: opencode names a model
`<provider>/<model>`, so a provider id holds no `/`, and the suffix keeps them apart from
opencode's built-in `openai`, `anthropic` and `google`.
"""

from __future__ import annotations

from typing import Any

from tui_models import protocols
from tui_models.clients.base import Client, Document, Target, price, value, whole
from tui_models.clients.text import json_text
from tui_models.model import Model

PACKAGES = {"openai": "@ai-sdk/openai-compatible", "claude": "@ai-sdk/anthropic",
            "gemini": "@ai-sdk/google"}
"""The AI SDK package opencode loads for each list (it bundles all three)."""


def provider_id(target: Target, protocol: str) -> str:
    return f"{target.slug}-{protocol}"


def render(target: Target) -> Document:
    reference = "{env:" + target.key_env + "}"
    providers: dict[str, Any] = {}
    for protocol in target.protocols:
        models = {m.id: entry(m) for m in target.of(protocol)}
        providers[provider_id(target, protocol)] = {
            "npm": PACKAGES[protocol],
            "name": f"{target.profile.name} ({protocols.label(protocol)} list, tui-models)",
            "options": {"baseURL": target.root(protocol), "apiKey": reference},
            "models": models,
        }
    document = {"$schema": "https://opencode.ai/config.json", "provider": providers}
    first = target.models[0] if target.models else None
    notes = [f"use it: OPENCODE_CONFIG=FILE opencode (the key is read from ${target.key_env})"]
    if first is not None:
        notes.append(f"pick a model: opencode -m {provider_id(target, first.protocol)}/…")
    return Document(json_text(document, inert_braces=True, raw=(reference,)),
                    len(target.models), notes)


def entry(model: Model) -> dict[str, Any]:
    """One `models.<id>` entry: what the list, the relay or the catalogue says."""
    found: dict[str, Any] = {"name": value(model, "display_name") or model.id}
    context, output = whole(model, "context_window"), whole(model, "max_output")
    if context is not None and output is not None:
        found["limit"] = {"context": context, "output": output}
    cost_in, cost_out = price(model, "input_per_1m"), price(model, "output_per_1m")
    if cost_in is not None and cost_out is not None:
        found["cost"] = {"input": cost_in, "output": cost_out}
    return found


CLIENT = Client(
    name="opencode", label="opencode", filename="opencode.json",
    written_for="opencode 1.18.33 (anomalyco/opencode packages/opencode/src/config/"
                "provider.ts)",
    summary="a complete opencode.json: one provider per list, {env:VAR} for the key",
    protocols=("openai", "claude", "gemini"),
    endpoints={"openai": "chat", "claude": "messages", "gemini": "generate_content"},
    render=render)
