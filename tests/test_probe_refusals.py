"""Which refusals another request answers: OpenAI's two, in the words and codes gateways
really send (copied from the trackers where users pasted them), and what must not count."""

from __future__ import annotations

import pytest

from tui_models import protocols
from tui_models.probe import headroom
from tui_models.protocols.refusals import Refusal, openai_refusal

TOKEN = Refusal("token_param", "unsupported max_tokens", "chat", "max_completion_tokens")
BACK = Refusal("token_param", "unsupported max_completion_tokens", "chat", "max_tokens")
RESPONSES = Refusal("endpoint", "responses only", "responses", "max_output_tokens")


def error(message, code=None, param=None, kind="invalid_request_error"):
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


@pytest.mark.parametrize(("status", "payload", "sent", "expected"), [
    # api.openai.com, gpt-5 / o-series (griptape#312, vscode-copilot-release#8065)
    (400, error("Unsupported parameter: 'max_tokens' is not supported with this model. Use "
                "'max_completion_tokens' instead.", "unsupported_parameter", "max_tokens"),
     "max_tokens", TOKEN),
    # the same words under another code, no param (copilot-api#164)
    (400, {"error": {"message": "Unsupported parameter: 'max_tokens' is not supported with "
                                "this model. Use 'max_completion_tokens' instead.",
                     "code": "invalid_request_body"}}, "max_tokens", TOKEN),
    # older Azure API versions refuse the other name
    (400, error("Unrecognized request argument supplied: max_completion_tokens"),
     "max_completion_tokens", BACK),
    # LiteLLM wraps the upstream text in its own
    (400, {"error": {"message": "litellm.BadRequestError: OpenAIException - Unsupported "
                                "parameter: 'max_tokens' is not supported with this model.",
                     "type": None, "param": None, "code": "400"}}, "max_tokens", TOKEN),
    # other words, OpenAI's code
    (400, error("max_tokens cannot be used with this model; send max_completion_tokens",
                "unsupported_parameter"), "max_tokens", TOKEN),
    # api.openai.com, codex / -pro models (open-webui#15356): code null
    (400, error("This model is only supported in v1/responses and not in "
                "v1/chat/completions.", None, "model"), "max_tokens", RESPONSES),
    (404, error("This model is only supported in v1/responses and not in "
                "v1/chat/completions."), "max_tokens", RESPONSES),
    # GitHub Copilot-style gateways: their words, the code
    (400, {"error": {"message": 'model "gpt-5.2-codex" is not accessible via the '
                                "/chat/completions endpoint",
                     "code": "unsupported_api_for_model"}}, "max_tokens", RESPONSES),
    (400, {"error": {"message": "The /chat/completions endpoint is not supported for this "
                                "model", "code": "unsupported_api_for_model"}},
     "max_completion_tokens", RESPONSES),
    # a relay writing the fields at the top
    (400, {"message": "This model is only supported in v1/responses and not in "
                      "v1/chat/completions.", "success": False}, "max_tokens", RESPONSES),
])
def test_the_refusals_another_request_answers(status, payload, sent, expected):
    assert openai_refusal("chat", sent, status, payload) == expected
    assert protocols.get("openai").refusal("chat", sent, status, payload) == expected


@pytest.mark.parametrize(("status", "payload", "sent"), [
    # a parameter the request did not hold is not answered by changing it
    (400, error("Unsupported parameter: 'temperature' is not supported with this model.",
                "unsupported_parameter", "temperature"), "max_tokens"),
    (400, error("Unsupported parameter: 'max_tokens' is not supported with this model.",
                "unsupported_parameter", "max_tokens"), "max_completion_tokens"),
    # a completions-only model: Responses would not answer it either
    (404, error("This is not a chat model and thus not supported in the v1/chat/completions "
                "endpoint. Did you mean to use v1/completions?"), "max_tokens"),
    # the key, the quota, the rate, the server: never a reason to send another request
    (401, error("Unsupported parameter: 'max_tokens'", "unsupported_parameter",
                "max_tokens"), "max_tokens"),
    (429, error("This model is only supported in v1/responses"), "max_tokens"),
    (503, error("This model is only supported in v1/responses"), "max_tokens"),
    (400, error("max_tokens is too large: 32000. This model supports at most 16384 "
                "completion tokens, whereas you provided 32000.", None, "max_tokens"),
     "max_tokens"),
    (400, "not json at all", "max_tokens"),
    (400, {}, "max_tokens"),
])
def test_what_no_second_request_answers(status, payload, sent):
    assert openai_refusal("chat", sent, status, payload) is None


def test_only_a_chat_request_is_retried_and_only_on_openai():
    refusal = error("This model is only supported in v1/responses and not in "
                    "v1/chat/completions.")
    assert openai_refusal("responses", "max_output_tokens", 400, refusal) is None
    assert protocols.get("claude").refusal("messages", "max_tokens", 400, refusal) is None
    assert protocols.get("gemini").refusal("generate_content", "maxOutputTokens", 400,
                                           refusal) is None


def test_headroom_is_read_from_either_family_as_sent():
    openai = headroom.read({"x-ratelimit-limit-requests": "500",
                            "x-ratelimit-remaining-requests": "499",
                            "x-ratelimit-limit-tokens": "30000",
                            "x-ratelimit-remaining-tokens": "29994",
                            "x-ratelimit-reset-requests": "120ms",
                            "x-ratelimit-reset-tokens": "6m0s"})
    assert (openai.remaining_requests, openai.remaining_tokens, openai.limit_requests,
            openai.limit_tokens, openai.reset_requests, openai.reset_tokens) == \
        (499, 29994, 500, 30000, "120ms", "6m0s")
    assert headroom.left(openai) == "499 req / 29,994 tok left"
    anthropic = headroom.read({"anthropic-ratelimit-requests-remaining": "49",
                               "anthropic-ratelimit-requests-reset": "2026-12-03T18:00:00Z",
                               "anthropic-ratelimit-input-tokens-remaining": "39000"})
    assert (anthropic.remaining_requests, anthropic.remaining_tokens,
            anthropic.reset_requests, anthropic.limit_requests) == \
        (49, 39000, "2026-12-03T18:00:00Z", None)
    assert headroom.read({"content-type": "application/json"}) is None
    odd = headroom.read({"x-ratelimit-remaining-requests": "-1",
                         "x-ratelimit-remaining-tokens": "9" * 40,
                         "x-ratelimit-reset-tokens": "\x1b]52;c;aGk=\x07 1s" + "x" * 100,
                         "x-ratelimit-reset-requests": "sk-secret-key-value"},
                        redact=lambda text: text.replace("sk-secret-key-value", "[key]"))
    assert (odd.remaining_requests, odd.remaining_tokens) == (None, None)
    assert "\x1b" not in odd.reset_tokens and len(odd.reset_tokens) <= 40
    assert odd.reset_requests == "[key]"
    assert headroom.record(None) is None and headroom.left(None) is None
