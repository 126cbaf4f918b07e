"""OpenAI-compatible: `GET /v1/models`, Bearer auth, one page, models under `data`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from tui_models.model import Model
from tui_models.protocols import normalize
from tui_models.protocols.base import Protocol

ONE_HUB_CREATED = 1677649963
NEW_API_CREATED = 1626777600
LITELLM_CREATED = 1677610602
OPENAI_CREATED = 1715367049
"""A real `created` (gpt-4o's): api.openai.com sends each model's own; relays send fakes."""
_CAPABILITY_PARAMS = ("tools", "reasoning", "structured_outputs", "response_format",
                      "web_search_options")


def _per_1k(price: float | None) -> float | None:
    return None if price is None else round(price / 1000, 9)


def _per_token(price: float | None) -> str:
    return "0" if price is None else f"{price / 1_000_000:.12f}".rstrip("0").rstrip(".")


class OpenAI(Protocol):
    name = "openai"
    label = "OpenAI"
    key = "2"
    list_paths: ClassVar[Mapping[str, str]] = {
        preset: "/v1/models"
        for preset in ("memorylake", "new-api", "openai", "openrouter", "litellm",
                       "openai-compatible")}

    def parse(self, item: Mapping[str, Any], price_unit: str) -> Model | None:
        ident = normalize.model_id(item.get("id"))
        if ident is None:
            return None
        params = normalize.strings(item.get("supported_parameters"))
        return normalize.record(item, self.name, ident, price_unit,
                                name_keys=("name", "display_name", "displayName"),
                                capabilities=tuple(p for p in params
                                                   if p in _CAPABILITY_PARAMS))

    def demo_route(self, path: str, headers: Mapping[str, str]) -> str | None:
        if path == "/v1/models" and not ("x-api-key" in headers
                                         and "anthropic-version" in headers):
            return "memorylake"
        return None

    def demo_item(self, m: Any, flavor: str) -> dict[str, Any]:
        if flavor == "openai":  # api.openai.com: four fields, the owner "system" or "openai"
            return {"id": m.id, "object": "model", "created": OPENAI_CREATED,
                    "owned_by": "system"}
        if flavor == "litellm":  # LiteLLM's proxy writes the same fixed time and owner
            return {"id": m.id, "object": "model", "created": LITELLM_CREATED,
                    "owned_by": "openai"}
        if flavor == "openrouter":
            outputs = ["image"] if "image-generation" in m.endpoints else ["text"]
            return {
                "id": f"{m.owner}/{m.id}", "canonical_slug": f"{m.owner}/{m.id}",
                "name": f"{m.owner.title()}: {m.name}", "created": 1731000000,
                "description": m.description or f"{m.name} by {m.owner}.",
                "context_length": m.context,
                "architecture": {"modality": "text->" + outputs[0],
                                 "input_modalities": ["text", "image"],
                                 "output_modalities": outputs,
                                 "tokenizer": "Other", "instruct_type": None},
                "pricing": {"prompt": _per_token(m.input_1m),
                            "completion": _per_token(m.output_1m),
                            "request": str(m.per_request or 0), "image": "0"},
                "top_provider": {"context_length": m.context,
                                 "max_completion_tokens": m.max_output, "is_moderated": False},
                "per_request_limits": None,
                "supported_parameters": ["tools", "temperature", "max_tokens"],
            }
        if flavor == "one-api":
            return {"id": m.id, "object": "model", "created": NEW_API_CREATED,
                    "owned_by": m.owner,
                    "permission": [{"id": "modelperm-demo", "object": "model_permission",
                                    "created": NEW_API_CREATED, "allow_create_engine": True,
                                    "allow_sampling": True, "allow_view": True,
                                    "organization": "*", "group": None,
                                    "is_blocking": False}],
                    "root": m.id, "parent": None}
        if flavor == "new-api":
            return {"id": m.id, "object": "model", "created": NEW_API_CREATED,
                    "owned_by": m.owner, "supported_endpoint_types": list(m.endpoints)}
        item: dict[str, Any] = {"id": m.id, "object": "model", "created": ONE_HUB_CREATED,
                                "owned_by": m.owner}
        if flavor == "memorylake":
            item["supported_endpoint_types"] = list(m.endpoints)
            pricing: dict[str, Any] = {"input": _per_1k(m.input_1m),
                                       "output": _per_1k(m.output_1m)}
            if m.per_request is not None:
                pricing["request"] = m.per_request
            item["pricing"] = pricing
            if m.context:
                item["context_length"] = m.context
            if m.max_output:
                item["max_output_tokens"] = m.max_output
        return item

    def demo_page(self, items: list[dict[str, Any]], query: Mapping[str, str], cap: int,
                  flavor: str) -> tuple[dict[str, Any], int]:
        payload: dict[str, Any] = {"object": "list", "data": items}
        if flavor == "new-api":
            payload = {"success": True, **payload}
        return payload, 200


PROTOCOL = OpenAI()
