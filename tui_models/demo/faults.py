"""Ways a protocol's route can misbehave, for tests, screenshots and `serve-demo --fault`.

Each fault is a function of the request (`Asked`) that returns the reply, or None to answer
normally. They reproduce what gateways in the wild send (docs/wire-formats.md) and
what a hostile server could send.
"""

from __future__ import annotations

import gzip
import json
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any, NamedTuple

from tui_models.demo import wire as wires
from tui_models.demo.replies import Reply, json_reply, one_hub_error, sleep_chunks


class Asked(NamedTuple):
    """What a fault may look at: the request and how many times its route was asked."""

    protocol: str
    query: Mapping[str, str]
    count: int
    headers: Mapping[str, str]
    port: int


Fault = Callable[[Asked], Reply | None]

NGINX_502 = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center>"
             b"<h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n"
             b"</html>\r\n")

HOSTILE_IDS = (
    "\x1b]52;c;aGFja2VkIQ==\x07osc52-hijack",
    "\x1b[2J\x1b[31mclear-and-red",
    "[bold red]markup[/bold red]",
    "[link=https://evil.example]click-me[/link]",
    "gpt-4o\u202e",
    "\u202egnp.exe",
    "gpt\u200b-4o",
    " leading-space",
    "trailing-space ",
    "\x9b31mc1-csi",
    "\x1bP+q544e\x1b\\dcs",
    "模型-中文",
    "\ud800lone-surrogate",
    "   ",
    "x" * 5000,
)
"""Ids a malicious gateway could send; every one must stay inert on screen and exact in JSON."""


def _hostile_items(protocol: str) -> list[Any]:
    key = wires.get(protocol).id_field
    items: list[Any] = [
        {key: ident, "owned_by": "[red]owner[/red]\x1b[5m", "display_name": "\x1b]0;title\x07",
         "description": "long " * 20000}
        for ident in HOSTILE_IDS
    ]
    items += [42, "a string", None, [], {key: 5}, {key: ""}, {"no_id": True},
              {key: "fine-model", "pricing": {"input": "NaN", "output": -1},
               "context_length": "1e400", "created": "yesterday",
               "supported_endpoint_types": None, "nested": {"a": [[[[{"b": None}]]]]}}]
    return items


def _list_reply(protocol: str, items: list[Any], **extra: Any) -> Reply:
    return json_reply({wires.get(protocol).list_field: items, **extra})


def _huge_numbers(protocol: str) -> Reply:
    """Numbers no JSON float can hold: an integer of 401 digits, a string of 1e308 per token,
    a NaN string. The ids are fine; the numbers must become unknown, never Infinity."""
    key, field = wires.get(protocol).id_field, wires.get(protocol).list_field
    items = [f'{{"{key}": "big-int-price", "pricing": {{"input": 1{"0" * 400}, "output": 1}}}}',
             f'{{"{key}": "huge-string-price", '
             '"pricing": {"prompt": "1e308", "completion": "NaN"}}',
             f'{{"{key}": "sane-model", "context_length": 8192}}']
    body = f'{{"{field}": [{", ".join(items)}]}}'
    return Reply(200, body.encode())


def _big_cursor_page(protocol: str, count: int) -> Reply:
    """20,000 new models a page, and always a next page: memory and time must stay bounded
    by the model cap and the deadline."""
    served = wires.get(protocol)
    items = ",".join(f'{{"{served.id_field}": "big-{count}-{n}", "owned_by": "{"x" * 40}"}}'
                     for n in range(20_000))
    return Reply(200, served.endless_page(items, f"n{count}").encode())


def _huge_cursor(protocol: str) -> Reply:
    """A page of one model (`page-big`) whose cursor to the next is 20 MB long."""
    page = wires.get(protocol).cursor_page("big")
    for name in ("last_id", "nextPageToken"):
        if name in page:
            page[name] = "c" * 20_000_000
    return json_reply(page)


def _cursor_page(protocol: str, token: str) -> Reply:
    """A page of one model whose cursor is `token`."""
    return json_reply(wires.get(protocol).cursor_page(token))




@cache
def _bomb() -> bytes:
    """512 MiB of spaces, gzip-compressed to well under a megabyte."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * (1 << 20)
    parts = [packer.compress(b'{"data": [')]
    parts += [packer.compress(block) for _ in range(512)]
    parts.append(packer.compress(b"]}") + packer.flush())
    return b"".join(parts)


def _endless_json() -> Iterator[bytes]:
    yield b'{"data": ['
    item = json.dumps({"id": "filler", "owned_by": "x" * 200}).encode() + b","
    block = item * 4096
    for _ in range(1 << 16):
        yield block


def _drip() -> Iterator[bytes]:
    yield from sleep_chunks(0.5, (b" " for _ in range(10_000)))


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _sent_key(headers: Mapping[str, str]) -> str:
    return (headers.get("authorization") or headers.get("x-api-key") or
            headers.get("x-goog-api-key") or "").removeprefix("Bearer ")


def _echo_key(asked: Asked) -> Reply:
    """A careless gateway that repeats the key it was sent in its error message."""
    sent = _sent_key(asked.headers)
    return json_reply({"error": {"message": f"Incorrect API key provided: {sent}. "
                                            f"Key {sent[::-1]} reversed, {sent[2:]} cut.",
                                 "code": "invalid_api_key"}}, 401)


def _echo_key_list(asked: Asked) -> Reply:
    """A careless gateway that lists fine, repeating the key outside an error: in an owner,
    a display name, tags, a description (JSON-escaped), and in one model's id."""
    served = wires.get(asked.protocol)
    sent = _sent_key(asked.headers)
    escaped = json.dumps(sent, ensure_ascii=True).strip('"').replace("-", "\\u002d")
    items = [
        f'{{"{served.id_field}": "gpt-4o", "owned_by": "token {sent}", "display_name": '
        f'"GPT-4o for {sent.upper()}", "tags": ["{sent}"], "description": "{escaped}"}}',
        f'{{"{served.id_field}": "model-of-{sent}", "owned_by": "relay"}}',
        f'{{"{served.id_field}": "sane-model", "owned_by": "openai"}}']
    return Reply(200, f'{{"{served.list_field}": [{", ".join(items)}]}}'.encode())


def _non_finite(protocol: str) -> Reply:
    """Numbers Python reads and strict JSON refuses (`NaN`, `Infinity`), and an integer of
    5,000 digits (past Python's limit): in typed fields and deep inside each item."""
    key, field = wires.get(protocol).id_field, wires.get(protocol).list_field
    items = [f'{{"{key}": "nan-model", "context_length": NaN, "extra": {{"score": Infinity, '
             '"list": [-Infinity, 1]}}',
             f'{{"{key}": "long-int-model", "context_length": 1{"0" * 5_000}}}',
             f'{{"{key}": "sane-model", "context_length": 8192, "note": "NaN in a string"}}']
    return Reply(200, f'{{"{field}": [{", ".join(items)}]}}'.encode())


@cache
def _many_scalars(protocol: str, megabytes: int = 24) -> bytes:
    """A page whose list is fine, with millions of two-letter strings beside it: bytes that
    cost fifteen times their size once decoded."""
    served = wires.get(protocol)
    junk = b'"ab",' * (megabytes * 1024 * 1024 // 5)
    return (f'{{"{served.list_field}": [{{"{served.id_field}": "sane-model"}}], "junk": ['
            .encode() + junk + b'"ab"]}')


@cache
def _huge_item(protocol: str) -> bytes:
    """A list whose second item holds 2 MB of short strings."""
    served = wires.get(protocol)
    tags = ", ".join(['"ab"'] * 400_000)
    return (f'{{"{served.list_field}": [{{"{served.id_field}": "sane-model"}}, '
            f'{{"{served.id_field}": "huge-item", "tags": [{tags}]}}]}}').encode()


def _tiny_models(protocol: str, count: int = 5_000) -> Reply:
    """One page of `count` models that are nothing but an id."""
    served = wires.get(protocol)
    items = ", ".join(f'{{"{served.id_field}": "tiny-{i}"}}' for i in range(count))
    return Reply(200, f'{{"{served.list_field}": [{items}]}}'.encode())


FAULTS: dict[str, Fault] = {
    "key-rejected": lambda a: one_hub_error("无效的令牌"),
    "group-forbidden": lambda a: one_hub_error("无权访问 vip 分组", 403),
    "quota": lambda a: one_hub_error("该令牌额度已用尽", 403),
    "gemini-bad-key": lambda a: json_reply({"error": {
        "code": 400, "message": "API key not valid. Please pass a valid API key.",
        "status": "INVALID_ARGUMENT", "details": [{"reason": "API_KEY_INVALID"}]}}, 400),
    "anthropic-bad-key": lambda a: json_reply({
        "type": "error", "error": {"type": "authentication_error",
                                   "message": "invalid x-api-key"}, "request_id": "req_1"}, 401),
    "not-found": lambda a: Reply(404, b"404 page not found", content_type="text/plain"),
    "html-502": lambda a: Reply(502, NGINX_502, content_type="text/html"),
    "empty-503": lambda a: Reply(503, b""),
    "html-200": lambda a: Reply(200, b"<html><head><title>Sign in to Wi-Fi</title>"
                                          b"</head></html>", content_type="text/html"),
    "not-json": lambda a: Reply(200, b"OK", content_type="text/plain"),
    "success-false": lambda a: json_reply({"success": False,
                                                     "message": "无效的令牌"}),
    "error-200": lambda a: json_reply({"error": {
        "message": "当前分组 default 下对于模型 x 无可用渠道", "type": "new_api_error"}}),
    "not-an-object": lambda a: json_reply(["gpt-4o"]),
    "list-not-list": lambda a: _list_reply(a.protocol, "gpt-4o"),  # type: ignore[arg-type]
    "null-list": lambda a: _list_reply(a.protocol, None),  # type: ignore[arg-type]
    "rate-limited": lambda a: json_reply(
        {"error": {"message": "Rate limit reached", "type": "rate_limit"}}, 429,
        **{"Retry-After": "1"}),
    "rate-limited-long": lambda a: json_reply(
        {"error": {"message": "Too many requests"}}, 429, **{"Retry-After": "3600"}),
    "rate-limited-once": lambda a: json_reply(
        {"error": {"message": "slow down"}}, 429, **{"Retry-After": "0"}) if a.count == 1 else None,
    "server-error-once": lambda a: Reply(503, NGINX_502) if a.count == 1 else None,
    "slow": lambda a: _sleep(60),
    "delay": lambda a: _sleep(0.3),
    "drip": lambda a: Reply(200, _drip()),
    "endless-cursor": lambda a: _cursor_page(a.protocol, f"n{a.count}"),
    "repeat-cursor": lambda a: _cursor_page(a.protocol, "same"),
    "huge": lambda a: Reply(200, _endless_json()),
    "gzip-bomb": lambda a: Reply(200, _bomb(), {"Content-Encoding": "gzip"}),
    "bad-gzip": lambda a: Reply(200, b"\x1f\x8b\x08\x00garbage",
                                          {"Content-Encoding": "gzip"}),
    "deep-json": lambda a: Reply(200, b"[" * 200_000 + b"]" * 200_000),
    "redirect-other-origin": lambda a: Reply(
        302, b"", {"Location": f"http://localhost:{a.port}/catch/v1/models"}),
    "redirect-with-key": lambda a: Reply(302, b"", {"Location": (
        f"http://{_sent_key(a.headers)}:x@127.0.0.2:{a.port}/v1/\u009b31m\u0085models")}),
    "redirect-same-origin": lambda a: Reply(
        307, b"", {"Location": "/v1/models?redirected=1"}) if "redirected" not in a.query else None,
    "redirect-loop": lambda a: Reply(302, b"", {"Location": "/claude/v1/models"}),
    "redirect-javascript": lambda a: Reply(302, b"", {"Location": "javascript:alert(1)"}),
    "redirect-bad-port": lambda a: Reply(302, b"", {"Location": "http://127.0.0.1:99999/x"}),
    "huge-cursor": lambda a: _huge_cursor(a.protocol),
    "hostile-ids": lambda a: _list_reply(a.protocol, _hostile_items(a.protocol)),
    "huge-numbers": lambda a: _huge_numbers(a.protocol),
    "endless-big-pages": lambda a: _big_cursor_page(a.protocol, a.count),
    "cursor-lost": lambda a: json_reply({
        "data": [{"type": "model", "id": "first-page-only"}], "has_more": True,
        "first_id": "first-page-only", "last_id": None}),
    "reset": lambda a: Reply(status=0),
    "reset-once": lambda a: Reply(status=0) if a.count == 1 else None,
    "echo-key": _echo_key,
    "echo-key-list": _echo_key_list,
    "non-finite": lambda a: _non_finite(a.protocol),
    "many-scalars": lambda a: Reply(200, _many_scalars(a.protocol)),
    "huge-item": lambda a: Reply(200, _huge_item(a.protocol)),
    "tiny-models": lambda a: _tiny_models(a.protocol),
    "many-objects": lambda a: Reply(200, b'{"data": [' + b"[]," * 2_500_000
                                          + b"[]]}"),
    "gzip-ok": lambda a: Reply(
        200, gzip.compress(json.dumps({"data": [{"id": "gzipped-model"}],
                                       "models": [{"name": "models/gzipped-model"}]}).encode()),
        {"Content-Encoding": "gzip"}),
}


def reply(name: str, asked: Asked) -> Reply | None:
    """The faulty reply, or None to answer normally (a fault that hit only once, say)."""
    try:
        fault = FAULTS[name]
    except KeyError:
        return json_reply({"error": {"message": f"unknown demo fault {name!r}"}}, 500)
    return fault(asked)
