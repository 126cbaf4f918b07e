"""The demo gateway's call endpoints: tiny canned answers, and the failures real relays give.

- OpenAI: `POST /v1/chat/completions`, `/v1/responses`, `/v1/embeddings`,
  `/v1/images/generations`, `/v1/rerank`, `/v1/moderations`;
- Claude: `POST /claude/v1/messages` (new-api: `/v1/messages`);
- Gemini: `POST /gemini/v1beta/models/{id}:generateContent` (new-api: `/v1beta/…`), also
  `:embedContent` and `:predict`.

Which paths are calls and the canned answer to each are written in each protocol's wire module
(`tui_models.demo.wire`). A call is checked as a relay checks it: a known key, then a model
that the key's group lists under that protocol (else one-hub/new-api's "no available channel"
503). `CALL_FAULTS` in
`data.py` makes some listed models fail or misbehave, so probes have something to find;
reasoning and Responses-only models refuse the obvious request as OpenAI does, answers carry
the flavour's rate-limit headers, and a gateway-wide call fault (`faults={"calls": …}`)
rewords, lies or redirects (`refusals.py`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tui_models.demo import official, refusals
from tui_models.demo.data import CALL_FAULTS, REASONING, SLOW_CALL
from tui_models.demo.flavors import error_type, listed_id
from tui_models.demo.replies import Reply, json_reply, one_hub_error
from tui_models.demo.wire import Call, Wire

if TYPE_CHECKING:
    from tui_models.demo.server import DemoGateway


def answer(gateway: DemoGateway, served: Wire, call: Call, key: str | None,
           headers: Mapping[str, str], body: Any = None, path: str = "") -> Reply:
    """The reply to `call` through protocol `served` with `key`; `body` is the request's
    JSON, `path` where it was sent."""
    group = gateway.keys.get(key or "")
    flavor = gateway.flavor
    kind = error_type(flavor)
    if flavor in official.FLAVORS:
        refused = official.refusal(flavor, key, group is not None, headers)
        if refused is not None:
            return refused
    elif group is None:
        return one_hub_error("无效的令牌" if key else "未提供令牌", kind=kind)
    assert group is not None
    gateway_fault = gateway.faults.get("calls")
    if gateway_fault == "redirect-307":
        return refusals.redirect(path)
    model_id = call.model
    listed = {listed_id(flavor, m): m for m in gateway.models_for(group)
              if gateway.serves(served.name, m)}
    model = listed.get(model_id)
    fault = CALL_FAULTS.get(model.id, "") if model is not None else "no-channel"
    if fault == "no-channel":
        if flavor in official.FLAVORS:
            return official.no_model(flavor, model_id)
        return one_hub_error(f"当前分组 {group} 下对于模型 {model_id} 无可用渠道", 503, kind)
    headroom = refusals.headroom(flavor, len(gateway.calls))
    if fault == "rate-limited":
        return json_reply({"error": {"message": "Rate limit reached for requests",
                                     "type": "rate_limit_error"}}, 429,
                          **{**headroom, "Retry-After": "1"})
    if served.name == "openai":
        refused = refusals.refusal(flavor, gateway_fault, call.asked, model.id,
                                   body if isinstance(body, dict) else {})
        if refused is not None:
            return refused
    if fault == "slow":
        time.sleep(SLOW_CALL)
    assert model is not None
    answered = fault.removeprefix("answers-as:") if fault.startswith("answers-as:") else model_id
    return json_reply(served.reply(call.asked, answered, thinks=model.id in REASONING),
                      **headroom)
