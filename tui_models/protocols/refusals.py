"""Reading a refusal of the obvious request: is it one a second, different request answers?

OpenAI (and the relays that pass its errors through, each with its own `type`) refuses the
smallest chat request for two families of models (FORMATS.md, "Calls that refuse the obvious
request"):

- reasoning models refuse `max_tokens`: 400 `"code": "unsupported_parameter"`, `"param":
  "max_tokens"`, "Unsupported parameter: 'max_tokens' is not supported with this model. Use
  'max_completion_tokens' instead." (Older Azure API versions refuse the other one:
  "Unrecognized request argument supplied: max_completion_tokens".)
- Responses-only models refuse `/chat/completions`: 400 "This model is only supported in
  v1/responses and not in v1/chat/completions." (`"param": "model"`, `"code": null` from
  api.openai.com); GitHub Copilot-style gateways say `model "x" is not accessible via the
  /chat/completions endpoint` with `"code": "unsupported_api_for_model"`.

The code decides when there is one; the wording otherwise. Only what names the request that
was sent counts: a gateway complaining about a parameter the request did not hold is not
answered by dropping it. Never imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

TOKEN_SWAP = {"max_tokens": "max_completion_tokens", "max_completion_tokens": "max_tokens"}
"""The other name of a chat request's output bound."""
PARAMETER_CODES = frozenset({"unsupported_parameter", "unknown_parameter",
                             "invalid_request_body"})
RESPONSES_CODES = frozenset({"unsupported_api_for_model"})
_PARAMETER_WORDS = ("unsupported parameter", "not supported", "unknown parameter",
                    "unrecognized request argument", "extra inputs are not permitted",
                    "is not allowed")
_RESPONSES_WORDS = re.compile(
    r"only (?:be )?(?:supported|available|accessible) (?:in|on|via|through|with) (?:the )?"
    r"(?:/?v1/)?responses|not accessible via the /?(?:v1/)?chat/completions endpoint|"
    r"use the responses api")
_QUOTED = re.compile(r"""['"`]([a-z_]+)['"`]""")
MAX_MESSAGE = 2000
"""Characters of a message read: the refusals are one sentence."""


class Refusal(NamedTuple):
    """A refusal a second request answers: why, and what to send instead."""

    cause: str
    """`token_param` or `endpoint`: each cause is retried at most once."""
    why: str
    """For people and probe records: `unsupported max_tokens`, `responses only`."""
    endpoint: str
    token_param: str | None


def error_fields(payload: Any) -> tuple[str, str | None, str | None]:
    """The message, code and param of an error body (`{"error": {…}}`, or the fields at
    the top, as some relays write them); empty/None where absent."""
    if not isinstance(payload, Mapping):
        return "", None, None
    error = payload.get("error")
    found = error if isinstance(error, Mapping) else payload
    message = found.get("message")
    if not isinstance(message, str):
        message = error if isinstance(error, str) else ""
    code = found.get("code")
    code = str(code) if isinstance(code, str | int) and not isinstance(code, bool) else None
    param = found.get("param")
    return message[:MAX_MESSAGE], code, param if isinstance(param, str) else None


def openai_refusal(endpoint: str, sent: str | None, status: int, payload: Any
                   ) -> Refusal | None:
    """The retry an OpenAI-style refusal of a request to `endpoint` with output parameter
    `sent` asks for, or None (not a refusal, or one no other request answers)."""
    if endpoint != "chat" or not (status == 200 or 400 <= status < 500) or \
            status in (401, 403, 429):
        return None
    message, code, param = error_fields(payload)
    low = message.lower()
    if not low and code is None:
        return None
    if code in RESPONSES_CODES or _RESPONSES_WORDS.search(low):
        return Refusal("endpoint", "responses only", "responses", "max_output_tokens")
    if sent in TOKEN_SWAP and _refuses(sent, low, code, param):
        return Refusal("token_param", f"unsupported {sent}", "chat", TOKEN_SWAP[sent])
    return None


def _refuses(sent: str, low: str, code: str | None, param: str | None) -> bool:
    """The error refuses parameter `sent` (by its code or wording) and names it."""
    quoted = _QUOTED.search(low)
    if param:
        names = param == sent
    elif quoted:
        names = quoted.group(1) == sent
    elif sent in low or TOKEN_SWAP[sent] in low:  # the refused one is named first
        other = low.find(TOKEN_SWAP[sent])
        names = sent in low and (other < 0 or low.find(sent) < other)
    else:  # "unsupported_parameter" naming nothing: the output bound is the one we chose
        names = code in PARAMETER_CODES
    return names and (code in PARAMETER_CODES or any(w in low for w in _PARAMETER_WORDS))
