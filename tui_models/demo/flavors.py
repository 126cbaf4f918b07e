"""The gateway families the demo imitates, and the preset a client uses for each."""

from __future__ import annotations

from tui_models.demo.data import DemoModel
from tui_models.demo.official import FLAVORS as OFFICIAL

RELAYS = ("memorylake", "one-hub", "new-api", "openrouter", "one-api", "null-lists")
FLAVORS = RELAYS + OFFICIAL
"""Gateway families the demo can imitate: `memorylake` (one-hub with pricing, the default),
`one-hub` (minimal Claude/Gemini items, no paging fields), `new-api` (`success: true`; Claude
and Gemini lists in one page with the id as display name), `openrouter` (string prices per
token; its public catalogue, per-key list, key facts and endpoints: `openrouter.py`),
`one-api` (legacy fields), `null-lists` (every list is `null`), and the official
`openai`, `anthropic` and `gemini` APIs and a `litellm` proxy (`official.py`). Each protocol's
wire module (`wire/`) has a row per flavor that writes its items or pages differently."""

OWN_HEADER_ONLY = frozenset({"one-hub", "memorylake"})
"""Relays that read each protocol's own auth header only on their own paths, as one-hub's
`middleware/auth.go` does (`Wire.relay_key`); the other relays take any of them."""
ERROR_TYPES = {"new-api": "new_api_error"}
"""The `error.type` a relay writes in its errors (others: one-hub's `one_hub_error`)."""


def error_type(flavor: str) -> str:
    return ERROR_TYPES.get(flavor, "one_hub_error")

PRESET_OF = {"new-api": "new-api", "openrouter": "openrouter", "one-api": "openai-compatible",
             "openai": "openai", "anthropic": "anthropic", "gemini": "gemini",
             "litellm": "litellm"}
"""The preset that reads each flavor (others: `memorylake`)."""


def preset_of(flavor: str) -> str:
    return PRESET_OF.get(flavor, "memorylake")


def flavor_for(preset: str | None) -> str:
    """The flavor `--demo --preset PRESET` imitates: an official API, LiteLLM or OpenRouter
    as itself; every other relay preset by the default flavor, which serves one-hub's and
    new-api's layouts."""
    return preset if preset in OFFICIAL or preset == "openrouter" else RELAYS[0]


def listed_id(flavor: str, model: DemoModel) -> str:
    """The id `flavor` lists `model` as, and takes in calls: OpenRouter's `author/slug`."""
    return f"{model.owner}/{model.id}" if flavor == "openrouter" else model.id
