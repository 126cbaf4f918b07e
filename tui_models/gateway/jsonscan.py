"""Decode a list page item by item, keeping each item's JSON text as it was received.

`json.loads` of a 100,000-model page builds 100,000 dicts (~1 KB each) before the first is
read. Here the top-level object is walked with the standard library's C scanner one value
at a time: each list item is decoded, handed to the parser and dropped, so at most one item
dict is alive; the app keeps only each item's text (~300 bytes), exactly as the server sent
it.

An integer too long for Python to read (more than 4,300 digits: `ValueError` from the C
scanner) is out of range, not a reason to refuse the page: the value holding it is read again
with such integers as infinite (`on_huge` is told, so the item's `raw` is rewritten).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_strict = json.JSONDecoder().raw_decode


def _long_int(digits: str) -> float | int:
    try:
        return int(digits)
    except ValueError:  # past sys.get_int_max_str_digits(): out of range
        return -math.inf if digits.startswith("-") else math.inf


_lenient = json.JSONDecoder(parse_int=_long_int).raw_decode


def _reader(on_huge: Callable[[], None] | None) -> Callable[[str, int], tuple[Any, int]]:
    """`raw_decode`, reading a value again leniently when it holds an integer too long."""
    def decode(text: str, pos: int) -> tuple[Any, int]:
        try:
            return _strict(text, pos)
        except json.JSONDecodeError:
            raise
        except ValueError:  # the digit limit: not a syntax error
            value = _lenient(text, pos)
            if on_huge is not None:
                on_huge()
            return value
    return decode


def decode_body(body: bytes) -> str:
    """A JSON body as text (UTF-8, -16 or -32, as JSON allows); raises ValueError."""
    text = body.decode(json.detect_encoding(body))
    return text[1:] if text.startswith("\ufeff") else text


def scan(text: str, list_field: str | None,
         on_item: Callable[[Any, str], None], *, objects: bool = False,
         on_huge: Callable[[], None] | None = None) -> tuple[Any, bool]:
    """(top-level value, whether `list_field` was an array streamed to `on_item`).

    Each item of the array is passed to `on_item(value, text)` as soon as it is decoded, and
    not kept. When the top level is not an object, or `list_field` is not an array, the value
    is decoded whole (the caller reports the shape). Raises ValueError for text that is not
    JSON, RecursionError for nesting too deep. With `objects`, a `list_field` that is an
    object is streamed too, one `(key, value)` pair at a time: a price table of 100,000
    models is then never one long C call that keeps every other thread waiting.
    """
    ws = _WS.match
    decode = _reader(on_huge)
    try:
        pos = ws(text, 0).end()
        if text[pos] != "{" or list_field is None:
            value, end = decode(text, pos)
            return _whole(text, end, value), False
        top: dict[str, Any] = {}
        streamed = False
        pos = ws(text, pos + 1).end()
        if text[pos] == "}":
            return _end(text, pos + 1, top), False
        while True:
            key, pos = _key(text, pos)
            if key == list_field and text[pos] == "[":
                pos = _members(text, pos + 1, "]", on_item, decode)
                top[key] = None
                streamed = True
            elif key == list_field and objects and text[pos] == "{":
                pos = _members(text, pos + 1, "}", on_item, decode)
                top[key] = None
                streamed = True
            else:
                top[key], pos = decode(text, pos)
            pos = ws(text, pos).end()
            if text[pos] == "}":
                return _end(text, pos + 1, top), streamed
            if text[pos] != ",":
                raise ValueError("expected ',' or '}'")
            pos = ws(text, pos + 1).end()
    except IndexError:
        raise ValueError("unexpected end of JSON") from None


def _members(text: str, pos: int, close: str, on_item: Callable[[Any, str], None],
             decode: Callable[[str, int], tuple[Any, int]] = _strict) -> int:
    """Walk an array's items (`close` is `]`) or an object's `(key, value)` pairs (`}`) from
    `pos`, just after the opening bracket; each goes to `on_item` with its text. Returns
    the position after the closing bracket."""
    ws = _WS.match
    keyed = close == "}"
    pos = ws(text, pos).end()
    if text[pos] == close:
        return pos + 1
    while True:
        if keyed:
            key, pos = _key(text, pos)
        value, end = decode(text, pos)
        on_item((key, value) if keyed else value, text[pos:end])
        pos = ws(text, end).end()
        if text[pos] == close:
            return pos + 1
        if text[pos] != ",":
            raise ValueError(f"expected ',' or '{close}'")
        pos = ws(text, pos + 1).end()


def _key(text: str, pos: int) -> tuple[str, int]:
    """An object's key at `pos` and its colon: the key, and where its value starts."""
    key, pos = _strict(text, pos)
    if not isinstance(key, str):
        raise ValueError("object key is not a string")
    pos = _WS.match(text, pos).end()
    if text[pos] != ":":
        raise ValueError("expected ':'")
    return key, _WS.match(text, pos + 1).end()


def _end(text: str, pos: int, value: dict[str, Any]) -> dict[str, Any]:
    return _whole(text, pos, value)


def _whole(text: str, pos: int, value: Any) -> Any:
    if _WS.match(text, pos).end() != len(text):
        raise ValueError("extra data after JSON")
    return value
