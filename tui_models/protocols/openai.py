"""OpenAI-compatible: `GET /v1/models`, Bearer auth, one page, models under `data`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from tui_models.model import Model
from tui_models.protocols import normalize
from tui_models.protocols.base import Protocol

if TYPE_CHECKING:
    from tui_models.protocols.refusals import Refusal

_CAPABILITY_PARAMS = ("tools", "reasoning", "structured_outputs", "response_format",
                      "web_search_options")


class OpenAI(Protocol):
    name = "openai"
    label = "OpenAI"
    key = "2"
    provider = None  # an OpenAI-compatible list carries every company's models
    list_paths: ClassVar[Mapping[str, str]] = {
        **{preset: "/v1/models"
           for preset in ("memorylake", "new-api", "openai", "litellm", "openai-compatible")},
        # The key's own list (its provider preferences, privacy settings and guardrails);
        # `/v1/models` is the public catalogue, text models only unless asked for all.
        "openrouter": "/v1/models/user"}
    fallback_paths: ClassVar[Mapping[str, str]] = {
        "openrouter": "/v1/models?output_modalities=all"}

    def parse(self, item: Mapping[str, Any], price_unit: str) -> Model | None:
        ident = normalize.model_id(item.get("id"))
        if ident is None:
            return None
        params = normalize.strings(item.get("supported_parameters"))
        return normalize.record(item, self.name, ident, price_unit,
                                name_keys=("name", "display_name", "displayName"),
                                capabilities=tuple(p for p in params
                                                   if p in _CAPABILITY_PARAMS))

    def refusal(self, endpoint: str, token_param: str | None, status: int,
                payload: Any) -> Refusal | None:
        """OpenAI's two refusals of the smallest chat request (`protocols.refusals`):
        `max_tokens` on a reasoning model, `/chat/completions` for a Responses-only one."""
        from tui_models.protocols.refusals import openai_refusal

        return openai_refusal(endpoint, token_param, status, payload)


PROTOCOL = OpenAI()
