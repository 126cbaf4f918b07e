"""What the demo's OpenAI-compatible calls refuse, in OpenAI's own words, and the headroom
headers its answers carry.

- A reasoning model (`data.REASONING`) on `/v1/chat/completions` with `max_tokens`: 400
  `{"error": {"message": "Unsupported parameter: 'max_tokens' is not supported with this
  model. Use 'max_completion_tokens' instead.", "type": "invalid_request_error", "param":
  "max_tokens", "code": "unsupported_parameter"}}`.
- A Responses-only model (`data.RESPONSES_ONLY`) on `/v1/chat/completions`: 400 "This model is
  only supported in v1/responses and not in v1/chat/completions." (`"param": "model"`,
  `"code": null`, as api.openai.com answers).
- `/v1/responses` with `max_output_tokens` below 16: 400 `integer_below_min_value`.

Relays pass these through with their own `type`; LiteLLM wraps the text in its own message
(`litellm.BadRequestError: OpenAIException - …`, `"code": "400"`). The texts are the ones
users paste into issue trackers (gpustack, goose, copilot-api, open-webui, hindsight…).

Call faults (`DemoGateway(faults={"calls": NAME})`), for what a gateway may do instead:
`other-wording` (the same refusals in other words, with the codes GitHub Copilot-style
gateways send: `unsupported_parameter`, `unsupported_api_for_model`), `lying-400` (every call
refused, whatever it sends: a probe must stop), `redirect-307` (every call answered with a
same-origin 307: a probe never re-sends).

Headroom: the official `openai` flavour and `litellm` send OpenAI's `x-ratelimit-*` headers,
`anthropic` Anthropic's `anthropic-ratelimit-*` (500 requests, 30,000 tokens a minute; each
call spends one request and 6 tokens); the relays send none, as one-hub and new-api do.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from tui_models.demo.data import REASONING, RESPONSES_ONLY
from tui_models.demo.flavors import error_type
from tui_models.demo.replies import Reply, json_reply

CALL_FAULTS = ("other-wording", "lying-400", "redirect-307")
MIN_OUTPUT = 16
LIMIT_REQUESTS = 500
LIMIT_TOKENS = 30_000
TOKENS_PER_CALL = 6

TOKEN_REFUSAL = ("Unsupported parameter: 'max_tokens' is not supported with this model. Use "
                 "'max_completion_tokens' instead.")
RESPONSES_REFUSAL = "This model is only supported in v1/responses and not in v1/chat/completions."


def _error(flavor: str, message: str, param: str | None, code: str | None,
           status: int = 400) -> Reply:
    """An OpenAI-shaped error as `flavor` passes it on."""
    if flavor == "litellm":
        return json_reply({"error": {"message": f"litellm.BadRequestError: OpenAIException - "
                                                f"{message}", "type": None, "param": None,
                                     "code": str(status)}}, status)
    kind = "invalid_request_error" if flavor == "openai" else error_type(flavor)
    return json_reply({"error": {"message": message, "type": kind, "param": param,
                                 "code": code}}, status)


def refusal(flavor: str, fault: str | None, asked: str, model_id: str,
            body: Mapping[str, Any]) -> Reply | None:
    """The refusal of an OpenAI-compatible call of `asked` (`completions`, `responses`…)
    for `model_id` with JSON `body`, or None when the call is answered."""
    if fault == "lying-400":
        return _lie(flavor, asked, body)
    if asked == "completions":
        if model_id in RESPONSES_ONLY:
            if fault == "other-wording":
                return _error(flavor, "The /chat/completions endpoint is not supported for "
                                      "this model", None, "unsupported_api_for_model")
            return _error(flavor, RESPONSES_REFUSAL, "model", None)
        if model_id in REASONING and "max_tokens" in body:
            if fault == "other-wording":
                return _error(flavor, "max_tokens cannot be used with this model; send "
                                      "max_completion_tokens", None, "unsupported_parameter")
            return _error(flavor, TOKEN_REFUSAL, "max_tokens", "unsupported_parameter")
    if asked == "responses":
        bound = body.get("max_output_tokens")
        if isinstance(bound, int) and not isinstance(bound, bool) and bound < MIN_OUTPUT:
            return _error(flavor, f"Invalid 'max_output_tokens': integer below minimum value. "
                                  f"Expected a value >= {MIN_OUTPUT}, but got {bound} "
                                  "instead.", "max_output_tokens", "integer_below_min_value")
    return None


def _lie(flavor: str, asked: str, body: Mapping[str, Any]) -> Reply:
    """A gateway that refuses every call, each time with a reason to try another way."""
    if asked == "completions" and "max_tokens" in body:
        return _error(flavor, TOKEN_REFUSAL, "max_tokens", "unsupported_parameter")
    return _error(flavor, RESPONSES_REFUSAL, "model", "unsupported_api_for_model")


def redirect(path: str) -> Reply:
    """`redirect-307`: the same call again, at the same path (a loop if followed)."""
    return Reply(307, b"", {"Location": path})


def headroom(flavor: str, calls: int) -> dict[str, str]:
    """The rate-limit headers of an answer after `calls` calls (this one included)."""
    requests = max(0, LIMIT_REQUESTS - calls)
    tokens = max(0, LIMIT_TOKENS - TOKENS_PER_CALL * calls)
    if flavor in ("openai", "litellm"):
        return {"x-ratelimit-limit-requests": str(LIMIT_REQUESTS),
                "x-ratelimit-limit-tokens": str(LIMIT_TOKENS),
                "x-ratelimit-remaining-requests": str(requests),
                "x-ratelimit-remaining-tokens": str(tokens),
                "x-ratelimit-reset-requests": "120ms", "x-ratelimit-reset-tokens": "12ms"}
    if flavor == "anthropic":
        reset = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 60))
        return {"anthropic-ratelimit-requests-limit": str(LIMIT_REQUESTS),
                "anthropic-ratelimit-requests-remaining": str(requests),
                "anthropic-ratelimit-requests-reset": reset,
                "anthropic-ratelimit-tokens-limit": str(LIMIT_TOKENS),
                "anthropic-ratelimit-tokens-remaining": str(tokens),
                "anthropic-ratelimit-tokens-reset": reset,
                "anthropic-ratelimit-input-tokens-limit": str(LIMIT_TOKENS),
                "anthropic-ratelimit-input-tokens-remaining": str(tokens),
                "anthropic-ratelimit-input-tokens-reset": reset}
    return {}
