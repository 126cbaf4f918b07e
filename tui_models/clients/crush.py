"""Crush: a `crush.json` with a `providers` block, one provider per list Crush can call.

Written for Crush's schema (`schema.json` of charmbracelet/crush, `ProviderConfig` and
`Model`; npm `@charmland/crush` 0.96): `providers.<id>` with `name`, `type`
(`openai-compat` for the OpenAI list, `anthropic` for the Claude list), `base_url`,
`api_key` and `models` (`id`, `name`, `context_window`, `default_max_tokens`,
`cost_per_1m_in`, `cost_per_1m_out`, `can_reason`, `supports_attachments`). Crush expands
`$VAR` in `api_key` and `base_url` when it loads the file
(`internal/config/resolve.go`), and runs `$(…)` there too: so `api_key` is `"$VAR"` and a
base URL holding `$` is refused rather than written. Numbers the gateway did not give are left
out (Crush reads a missing number as 0). The Gemini list is not written: Crush's `google`
type talks to Google's own API.
"""

from __future__ import annotations

from typing import Any

from tui_models import protocols
from tui_models.clients.base import Client, Document, Target, has, price, value, whole
from tui_models.clients.text import json_text
from tui_models.errors import UsageError
from tui_models.model import Model

TYPES = {"openai": "openai-compat", "claude": "anthropic"}


def render(target: Target) -> Document:
    providers: dict[str, Any] = {}
    for protocol in target.protocols:
        base = target.root(protocol)
        if "$" in base:
            raise UsageError(f"the {protocols.label(protocol)} URL holds '$', which Crush "
                             "would expand: not written")
        providers[f"{target.slug}-{protocol}"] = {
            "name": f"{target.profile.name} ({protocols.label(protocol)} list, tui-models)",
            "type": TYPES[protocol],
            "base_url": base,
            "api_key": "$" + target.key_env,
            "models": [entry(m) for m in target.of(protocol)],
        }
    document = {"$schema": "https://charm.land/crush.json", "providers": providers}
    notes = [f"put the providers block in crush.json (Crush reads ${target.key_env} when it "
             "starts)"]
    return Document(json_text(document), len(target.models), notes)


def entry(model: Model) -> dict[str, Any]:
    found: dict[str, Any] = {"id": model.id, "name": value(model, "display_name") or model.id}
    for key, number in (("context_window", whole(model, "context_window")),
                        ("default_max_tokens", whole(model, "max_output")),
                        ("cost_per_1m_in", price(model, "input_per_1m")),
                        ("cost_per_1m_out", price(model, "output_per_1m"))):
        if number is not None:
            found[key] = number
    found["can_reason"] = has(model, "reasoning")
    found["supports_attachments"] = has(model, "vision")
    return found


CLIENT = Client(
    name="crush", label="Crush", filename="crush.json",
    written_for="Crush 0.96 (charmbracelet/crush schema.json: ProviderConfig, Model)",
    summary="crush.json providers (openai-compat, anthropic), api_key \"$VAR\"",
    protocols=("openai", "claude"),
    endpoints={"openai": "chat", "claude": "messages"},
    render=render)
