"""How each kind of gateway writes a demo model on the wire (see FORMATS.md).

A *flavor* is a gateway family: `memorylake` (one-hub with pricing, the default), `one-hub`
(minimal Claude/Gemini items, no paging fields), `new-api` (`success: true`, bare Gemini names
with null fields), `openrouter` (string prices per token), `one-api` (legacy fields) and
`null-lists` (every list is `null`).
"""

from __future__ import annotations

from typing import Any

from tui_models.demo.data import DemoModel

FLAVORS = ("memorylake", "one-hub", "new-api", "openrouter", "one-api", "null-lists")

ONE_HUB_CREATED = 1677649963
NEW_API_CREATED = 1626777600


def _per_1k(price: float | None) -> float | None:
    return None if price is None else round(price / 1000, 9)


def _per_token(price: float | None) -> str:
    return "0" if price is None else f"{price / 1_000_000:.12f}".rstrip("0").rstrip(".")


def openai_item(m: DemoModel, flavor: str) -> dict[str, Any]:
    if flavor == "openrouter":
        outputs = ["image"] if "image-generation" in m.endpoints else ["text"]
        item: dict[str, Any] = {
            "id": f"{m.owner}/{m.id}", "canonical_slug": f"{m.owner}/{m.id}",
            "name": f"{m.owner.title()}: {m.name}", "created": 1731000000,
            "description": m.description or f"{m.name} by {m.owner}.",
            "context_length": m.context,
            "architecture": {"modality": "text->" + outputs[0],
                             "input_modalities": ["text", "image"], "output_modalities": outputs,
                             "tokenizer": "Other", "instruct_type": None},
            "pricing": {"prompt": _per_token(m.input_1m), "completion": _per_token(m.output_1m),
                        "request": str(m.per_request or 0), "image": "0"},
            "top_provider": {"context_length": m.context, "max_completion_tokens": m.max_output,
                             "is_moderated": False},
            "per_request_limits": None,
            "supported_parameters": ["tools", "temperature", "max_tokens"],
        }
        return item
    if flavor == "one-api":
        return {"id": m.id, "object": "model", "created": NEW_API_CREATED, "owned_by": m.owner,
                "permission": [{"id": "modelperm-demo", "object": "model_permission",
                                "created": NEW_API_CREATED, "allow_create_engine": True,
                                "allow_sampling": True, "allow_view": True, "organization": "*",
                                "group": None, "is_blocking": False}],
                "root": m.id, "parent": None}
    if flavor == "new-api":
        return {"id": m.id, "object": "model", "created": NEW_API_CREATED, "owned_by": m.owner,
                "supported_endpoint_types": list(m.endpoints)}
    item = {"id": m.id, "object": "model", "created": ONE_HUB_CREATED, "owned_by": m.owner}
    if flavor == "memorylake":
        item["supported_endpoint_types"] = list(m.endpoints)
        pricing: dict[str, Any] = {"input": _per_1k(m.input_1m), "output": _per_1k(m.output_1m)}
        if m.per_request is not None:
            pricing["request"] = m.per_request
        item["pricing"] = pricing
        if m.context:
            item["context_length"] = m.context
        if m.max_output:
            item["max_output_tokens"] = m.max_output
    return item


def claude_item(m: DemoModel, flavor: str) -> dict[str, Any]:
    if flavor == "one-hub":
        return {"type": "model", "id": m.id}
    item: dict[str, Any] = {"type": "model", "id": m.id, "display_name": m.name,
                            "created_at": m.created or "2025-01-01T00:00:00Z"}
    if flavor == "new-api":
        return item
    item.update({
        "max_input_tokens": m.context, "max_tokens": m.max_output,
        "capabilities": {
            "image_input": {"supported": True},
            "thinking": {"supported": not m.id.startswith("claude-3")},
            "batch": {"supported": True},
        },
    })
    if m.id == "claude-3-opus-20240229":
        item["lifecycle"] = "deprecated"
    return item


def gemini_item(m: DemoModel, flavor: str) -> dict[str, Any]:
    if flavor == "one-hub":
        return {"name": f"models/{m.id}"}
    if flavor == "new-api":
        return {"name": m.id, "version": None, "displayName": None, "description": None,
                "inputTokenLimit": None, "outputTokenLimit": None,
                "supportedGenerationMethods": None}
    methods = list(m.methods) or ["generateContent", "countTokens", "createCachedContent"]
    item: dict[str, Any] = {
        "name": f"models/{m.id}", "version": "001", "displayName": m.name,
        "description": m.description or f"{m.name}.",
        "inputTokenLimit": m.context, "outputTokenLimit": m.max_output,
        "supportedGenerationMethods": methods,
    }
    if "generateContent" in methods:
        item.update({"temperature": 1, "maxTemperature": 2, "topP": 0.95, "topK": 64})
        if m.id.startswith("gemini-2.5"):
            item["thinking"] = True
    return item
