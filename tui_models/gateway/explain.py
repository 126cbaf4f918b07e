"""Turn what a gateway answered into the right GatewayError with a readable sentence.

Gateways report errors in many shapes (see docs/wire-formats.md): `{"error": {"message": …}}`
from OpenAI, Gemini, one-hub, new-api and OpenRouter; `{"type": "error", "error": {…}}`
from Anthropic;
`{"success": false, "message": …}` with HTTP 200 from new-api; HTML pages from proxies; empty
bodies. Gateway texts are sanitised, stripped of request ids and shortened; common Chinese
messages are translated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tui_models.gateway import errors
from tui_models.textsafe import one_line

MAX_DETAIL = 160

_TRANSLATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), english)
    for pattern, english in (
        (r"无效的令牌", "invalid token"),
        (r"未提供令牌", "no token provided"),
        (r"该?令牌已过期", "token expired"),
        (r"令牌已被禁用|该令牌状态不可用", "token disabled"),
        (r"令牌额度已用尽|额度已用尽|用户额度不足|余额不足", "quota used up"),
        (r"分组\s*(\S+?)\s*不存在", r"group \1 does not exist"),
        (r"无权访问\s*(\S+?)\s*分组", r"no access to group \1"),
        (r"当前分组\s*(\S+?)\s*下对于模型\s*(\S+?)\s*无可用渠道",
         r"no available channel for model \2 in group \1"),
        (r"当前分组\s*(\S+?)\s*下对于模型", r"group \1 has no channel for model"),
        (r"无可用渠道", "no channel available"),
        (r"未知", "unknown"),
    )
)
_KEY_ECHOES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        # What is left of a key once a gateway masks it: OpenAI's `sk-ab****wxyz`, LiteLLM's
        # `Received API Key = sk-...wxyz` and the hash beside it. A part of a key is not shown.
        (r"[^\s,.;:]*\*{3,}[^\s,.;:]*", "[key hidden]"),
        (r"(received api key\s*=\s*)[^\s,]+", r"\1[key hidden]"),
        (r",?\s*key hash \(token\)\s*=\s*\w+", ""),
    )
)
_REQUEST_ID = re.compile(r"\s*[(（]?\s*request id:?\s*[\w-]*\s*[)）]?", re.IGNORECASE)
_KEY_WORDS = re.compile(
    r"api[ _-]?key|token|令牌|unauthori[sz]ed|authenticat|permission|forbidden|credential",
    re.IGNORECASE,
)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]*>")


def translate(message: str) -> str:
    """A gateway message without request ids or masked keys, with known Chinese phrases in
    English."""
    message = _REQUEST_ID.sub("", message)
    for pattern, replacement in _KEY_ECHOES:
        message = pattern.sub(replacement, message)
    for pattern, english in _TRANSLATIONS:
        message = pattern.sub(english, message)
    return message


def clean(message: str) -> str:
    return one_line(translate(message), MAX_DETAIL)


def payload_message(payload: Any) -> str | None:
    """The error text in a JSON error body, or None when the body is not an error."""
    if not isinstance(payload, Mapping):
        return None
    error = payload.get("error")
    if isinstance(error, Mapping):
        for key in ("message", "msg", "detail", "type", "code", "status"):
            value = error.get(key)
            if isinstance(value, str) and value.strip():
                return value
            if isinstance(value, int) and not isinstance(value, bool):
                return f"error {value}"
        return "error"
    if isinstance(error, str) and error.strip():
        return error
    if payload.get("success") is False or payload.get("type") == "error":
        for key in ("message", "msg", "detail"):
            value = payload.get(key)
            if isinstance(value, str) and value.strip():
                return value
        return "request failed"
    if error is True:
        return "error"
    return None


def body_message(body: bytes, payload: Any = None) -> str:
    """The best one-line explanation found in a body of any kind."""
    found = payload_message(payload)
    if found is not None:
        return found
    if isinstance(payload, Mapping):
        for key in ("message", "detail", "msg"):
            value = payload.get(key)
            if isinstance(value, str) and value.strip():
                return value
    stripped = body.strip()
    if not stripped:
        return "empty body"
    head = stripped[:4096]
    title = _TITLE.search(head)
    if title:
        import html  # an HTML error page is rare: not imported until one comes

        return html.unescape(_TAGS.sub(" ", title.group(1).decode("utf-8", "replace")))
    if head[:1] == b"<":
        return "an HTML page instead of JSON"
    return head.decode("utf-8", "replace").splitlines()[0]


def error_for(protocol: str, status: int, body: bytes, payload: Any = None,
              *, redact=lambda s: s) -> errors.GatewayError:
    """The GatewayError for a failed answer (`status` 200 with an error body included)."""
    detail = clean(redact(body_message(body, payload)))
    shown = status if status != 200 else None
    keyish = bool(_KEY_WORDS.search(detail))
    if status in (401, 403) or (status in (200, 400) and keyish and _auth_failure(detail)):
        return errors.KeyRejected(protocol, detail, status=shown)
    if status in (404, 405, 501):
        return errors.NotOffered(protocol, detail, status=shown)
    if status == 429:
        return errors.RateLimited(protocol, detail, status=shown)
    if status >= 500:
        return errors.ServerError(protocol, detail, status=shown)
    if status == 200:
        return errors.BadResponse(protocol, f"the gateway reported an error: {detail}")
    return errors.BadResponse(protocol, detail, status=shown)


_AUTH_FAILURE = re.compile(
    r"invalid|not valid|incorrect|expired|missing|no token|disabled|unauthori[sz]ed|"
    r"authenticat|permission|forbidden|denied|no access|not provided",
    re.IGNORECASE,
)


def _auth_failure(detail: str) -> bool:
    return bool(_AUTH_FAILURE.search(detail))
