"""The OpenAI-compatible list and calls as each gateway family writes them.

`GET /v1/models` (without Claude's headers: new-api serves Claude's list on the same path),
one page, models under `data`, Bearer auth. Calls: `/v1/chat/completions`, `/v1/responses`,
`/v1/embeddings`, `/v1/images/generations`, `/v1/rerank`, `/v1/moderations`. What a model
refuses there (`max_tokens`, Chat Completions, a Responses bound below 16) is
`demo.refusals`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from tui_models.demo.data import DemoModel
from tui_models.demo.wire.base import DEFAULT, RELAY, Item, ItemWriter, PageWriter, Route, Wire

ONE_HUB_CREATED = 1677649963
NEW_API_CREATED = 1626777600
LITELLM_CREATED = 1677610602
OPENAI_CREATED = 1715367049
"""A real `created` (gpt-4o's): api.openai.com sends each model's own; relays send fakes."""
OPENROUTER_CREATED = 1731000000
CALL_CREATED = 1_767_225_600


def _per_1k(price: float | None) -> float | None:
    return None if price is None else round(price / 1000, 9)


def _per_token(price: float | None) -> str:
    return "0" if price is None else f"{price / 1_000_000:.12f}".rstrip("0").rstrip(".")


def _one_hub(m: DemoModel) -> Item:
    return {"id": m.id, "object": "model", "created": ONE_HUB_CREATED, "owned_by": m.owner}


def _memorylake(m: DemoModel) -> Item:
    """one-hub's item plus MemoryLake's endpoint types, prices per 1K tokens and limits."""
    item = _one_hub(m)
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


def _new_api(m: DemoModel) -> Item:
    return {"id": m.id, "object": "model", "created": NEW_API_CREATED, "owned_by": m.owner,
            "supported_endpoint_types": list(m.endpoints)}


def _one_api(m: DemoModel) -> Item:
    """one-api's legacy item: a permission block, `root` and `parent`."""
    return {"id": m.id, "object": "model", "created": NEW_API_CREATED, "owned_by": m.owner,
            "permission": [{"id": "modelperm-demo", "object": "model_permission",
                            "created": NEW_API_CREATED, "allow_create_engine": True,
                            "allow_sampling": True, "allow_view": True, "organization": "*",
                            "group": None, "is_blocking": False}],
            "root": m.id, "parent": None}


def _openrouter(m: DemoModel) -> Item:
    """OpenRouter's item: `author/slug` ids, string prices per token, its architecture."""
    outputs = ["image"] if "image-generation" in m.endpoints else ["text"]
    return {
        "id": f"{m.owner}/{m.id}", "canonical_slug": f"{m.owner}/{m.id}",
        "name": f"{m.owner.title()}: {m.name}", "created": OPENROUTER_CREATED,
        "description": m.description or f"{m.name} by {m.owner}.",
        "context_length": m.context,
        "architecture": {"modality": "text->" + outputs[0], "input_modalities": ["text", "image"],
                         "output_modalities": outputs, "tokenizer": "Other",
                         "instruct_type": None},
        "pricing": {"prompt": _per_token(m.input_1m), "completion": _per_token(m.output_1m),
                    "request": str(m.per_request or 0), "image": "0"},
        "top_provider": {"context_length": m.context, "max_completion_tokens": m.max_output,
                         "is_moderated": False},
        "per_request_limits": None,
        "supported_parameters": ["tools", "temperature", "max_tokens"],
    }


def _official(m: DemoModel) -> Item:
    """api.openai.com: four fields, the owner `system` or `openai`."""
    return {"id": m.id, "object": "model", "created": OPENAI_CREATED, "owned_by": "system"}


def _litellm(m: DemoModel) -> Item:
    """LiteLLM's proxy writes one fixed time and owner for every model."""
    return {"id": m.id, "object": "model", "created": LITELLM_CREATED, "owned_by": "openai"}


def _list_page(items: list[Item], query: Mapping[str, str], cap: int
               ) -> tuple[dict[str, Any], int]:
    return {"object": "list", "data": items}, 200


def _new_api_page(items: list[Item], query: Mapping[str, str], cap: int
                  ) -> tuple[dict[str, Any], int]:
    return {"success": True, "object": "list", "data": items}, 200


class OpenAIWire(Wire):
    name = "openai"
    routes = (Route("/v1/models", RELAY),)
    items: ClassVar[Mapping[str, ItemWriter]] = {
        "memorylake": _memorylake, "new-api": _new_api, "one-api": _one_api,
        "openrouter": _openrouter, "openai": _official, "litellm": _litellm,
        DEFAULT: _one_hub,
    }
    pages: ClassVar[Mapping[str, PageWriter]] = {"new-api": _new_api_page, DEFAULT: _list_page}
    call_paths: ClassVar[Mapping[str, tuple[str, str]]] = {
        path: (path.rsplit("/", 1)[-1], RELAY)
        for path in ("/v1/chat/completions", "/v1/responses", "/v1/embeddings",
                     "/v1/images/generations", "/v1/rerank", "/v1/moderations")}

    def reply(self, asked: str, answered: str, *, thinks: bool = False) -> Mapping[str, Any]:
        if asked == "embeddings":
            return {"object": "list", "model": answered,
                    "data": [{"object": "embedding", "index": 0,
                              "embedding": [0.01, -0.02, 0.03]}],
                    "usage": {"prompt_tokens": 1, "total_tokens": 1}}
        if asked == "generations":
            return {"created": CALL_CREATED,
                    "data": [{"url": "https://example.invalid/demo.png"}]}
        if asked == "rerank":
            return {"model": answered, "results": [{"index": 0, "relevance_score": 0.9},
                                                   {"index": 1, "relevance_score": 0.1}]}
        if asked == "moderations":
            return {"id": "modr-demo", "model": answered,
                    "results": [{"flagged": False, "categories": {}, "category_scores": {}}]}
        if asked == "responses":
            return _response(answered, thinks)
        usage: dict[str, Any] = {"prompt_tokens": 8, "completion_tokens": 1, "total_tokens": 9}
        if thinks:  # the one token went to reasoning: no text, cut short (an answer all the same)
            usage["completion_tokens_details"] = {"reasoning_tokens": 1}
        return {"id": "chatcmpl-demo", "object": "chat.completion", "created": CALL_CREATED,
                "model": answered,
                "choices": [{"index": 0, "message": {"role": "assistant",
                                                     "content": "" if thinks else "Hi"},
                             "finish_reason": "length"}],
                "usage": usage}


def _response(answered: str, thinks: bool) -> dict[str, Any]:
    """`POST /v1/responses` cut at `max_output_tokens` (16): `status: incomplete`."""
    output: list[dict[str, Any]] = []
    if thinks:
        output.append({"id": "rs_demo", "type": "reasoning", "summary": []})
    output.append({"id": "msg_demo", "type": "message", "status": "incomplete",
                   "role": "assistant",
                   "content": [{"type": "output_text", "text": "Hi", "annotations": []}]})
    return {"id": "resp_demo", "object": "response", "created_at": CALL_CREATED,
            "status": "incomplete", "incomplete_details": {"reason": "max_output_tokens"},
            "model": answered, "output": output,
            "usage": {"input_tokens": 8, "output_tokens": 16, "total_tokens": 24,
                      "output_tokens_details": {"reasoning_tokens": 15 if thinks else 0}}}


WIRE = OpenAIWire()
