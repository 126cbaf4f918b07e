"""The demo gateway's call endpoints: tiny canned answers, and the failures real relays give.

- OpenAI: `POST /v1/chat/completions`, `/v1/embeddings`, `/v1/images/generations`,
  `/v1/rerank`, `/v1/moderations`;
- Claude: `POST /claude/v1/messages` (new-api: `/v1/messages`);
- Gemini: `POST /gemini/v1beta/models/{id}:generateContent` (new-api: `/v1beta/…`), also
  `:embedContent` and `:predict`.

A call is checked as a relay checks it: a known key, then a model that the key's group lists
under that protocol (else one-hub/new-api's "no available channel" 503). `CALL_FAULTS` in
`data.py` makes some listed models fail or misbehave, so probes have something to find.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from tui_models import protocols
from tui_models.demo import official
from tui_models.demo.data import CALL_FAULTS, SLOW_CALL, DemoModel
from tui_models.demo.replies import Reply, json_reply, one_hub_error

if TYPE_CHECKING:
    from tui_models.demo.server import DemoGateway

_OPENAI_CALLS = ("/v1/chat/completions", "/v1/embeddings", "/v1/images/generations",
                 "/v1/rerank", "/v1/moderations")
_CLAUDE_CALLS = ("/claude/v1/messages", "/v1/messages")
_GEMINI_CALL = re.compile(r"^(?:/gemini)?/v1beta/models/([^/:]+):(generateContent|embedContent|"
                          r"predict)$")
CREATED = 1_767_225_600


def route(path: str, body: Any) -> tuple[str, str, str] | None:
    """(protocol, model id, what is asked) for a call path, or None when it is no call."""
    if path in _OPENAI_CALLS:
        model = body.get("model") if isinstance(body, dict) else None
        return "openai", model if isinstance(model, str) else "", path.rsplit("/", 1)[-1]
    if path in _CLAUDE_CALLS:
        model = body.get("model") if isinstance(body, dict) else None
        return "claude", model if isinstance(model, str) else "", "messages"
    found = _GEMINI_CALL.match(path)
    if found:
        return "gemini", unquote(found.group(1)), found.group(2)
    return None


def answer(gateway: DemoGateway, protocol: str, model_id: str, asked: str, key: str | None,
           headers: Mapping[str, str]) -> Reply:
    """The reply to a call of `model_id` through `protocol` with `key`."""
    group = gateway.keys.get(key or "")
    flavor = gateway.flavor
    kind = "new_api_error" if flavor == "new-api" else "one_hub_error"
    if flavor in official.FLAVORS:
        refused = official.refusal(flavor, key, group is not None, headers)
        if refused is not None:
            return refused
    elif group is None:
        return one_hub_error("无效的令牌" if key else "未提供令牌", kind=kind)
    assert group is not None
    spec = protocols.get(protocol)
    listed = {m.id: m for m in gateway.models_for(group) if gateway.serves(spec, m)}
    model = listed.get(model_id)
    fault = CALL_FAULTS.get(model_id, "") if model is not None else "no-channel"
    if fault == "no-channel":
        if flavor in official.FLAVORS:
            return official.no_model(flavor, model_id)
        return one_hub_error(f"当前分组 {group} 下对于模型 {model_id} 无可用渠道", 503, kind)
    if fault == "rate-limited":
        return json_reply({"error": {"message": "Rate limit reached for requests",
                                     "type": "rate_limit_error"}}, 429, **{"Retry-After": "1"})
    if fault == "slow":
        time.sleep(SLOW_CALL)
    assert model is not None
    answered = fault.removeprefix("answers-as:") if fault.startswith("answers-as:") else model.id
    return json_reply(_reply(protocol, asked, answered, model))


def _reply(protocol: str, asked: str, answered: str, model: DemoModel) -> Mapping[str, Any]:
    if protocol == "claude":
        return {"id": "msg_demo", "type": "message", "role": "assistant", "model": answered,
                "content": [{"type": "text", "text": "Hi"}], "stop_reason": "max_tokens",
                "usage": {"input_tokens": 8, "output_tokens": 1}}
    if protocol == "gemini":
        if asked == "embedContent":
            return {"embedding": {"values": [0.01, -0.02, 0.03]}}
        if asked == "predict":
            return {"predictions": [{"mimeType": "image/png", "bytesBase64Encoded": ""}]}
        return {"candidates": [{"content": {"role": "model", "parts": [{"text": "Hi"}]},
                                "finishReason": "MAX_TOKENS"}],
                "usageMetadata": {"promptTokenCount": 1, "candidatesTokenCount": 1,
                                  "totalTokenCount": 2},
                "modelVersion": answered}
    if asked == "embeddings":
        return {"object": "list", "model": answered,
                "data": [{"object": "embedding", "index": 0, "embedding": [0.01, -0.02, 0.03]}],
                "usage": {"prompt_tokens": 1, "total_tokens": 1}}
    if asked == "generations":
        return {"created": CREATED, "data": [{"url": "https://example.invalid/demo.png"}]}
    if asked == "rerank":
        return {"model": answered, "results": [{"index": 0, "relevance_score": 0.9},
                                               {"index": 1, "relevance_score": 0.1}]}
    if asked == "moderations":
        return {"id": "modr-demo", "model": answered,
                "results": [{"flagged": False, "categories": {}, "category_scores": {}}]}
    return {"id": "chatcmpl-demo", "object": "chat.completion", "created": CREATED,
            "model": answered,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"},
                         "finish_reason": "length"}],
            "usage": {"prompt_tokens": 8, "completion_tokens": 1, "total_tokens": 9}}
