"""The kinds of gateway tui-models knows: each one's default base URL and key variable."""

from __future__ import annotations

from typing import NamedTuple

from tui_models import protocols


class Preset(NamedTuple):
    """A kind of gateway: its default base URL and key variable. Which lists it serves, and
    at which paths, each protocol says (`Protocol.list_paths`)."""

    name: str
    base_url: str | None
    key_env: str
    relay: bool = False
    """A relay (one-hub, new-api): also send `Authorization: Bearer` on Claude/Gemini routes."""

    @property
    def paths(self) -> dict[str, str | None]:
        """Every registered protocol's list path on this preset (None: not offered)."""
        return {p.name: p.list_paths.get(self.name) for p in protocols.all_protocols()}


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("memorylake", "https://app.memorylake.ai", "MEMORYLAKE_API_KEY", relay=True),
        Preset("new-api", None, "NEW_API_KEY", relay=True),
        Preset("openai", "https://api.openai.com", "OPENAI_API_KEY"),
        Preset("anthropic", "https://api.anthropic.com", "ANTHROPIC_API_KEY"),
        Preset("gemini", "https://generativelanguage.googleapis.com", "GEMINI_API_KEY"),
        Preset("openrouter", "https://openrouter.ai/api", "OPENROUTER_API_KEY"),
        Preset("litellm", None, "LITELLM_API_KEY"),
        Preset("openai-compatible", None, "OPENAI_API_KEY", relay=True),
    )
}
DEFAULT_PRESET = "memorylake"
