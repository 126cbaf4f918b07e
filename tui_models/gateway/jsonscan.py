"""Decode a list page item by item, keeping each item's JSON text as it was received.

`json.loads` of a 100,000-model page builds 100,000 dicts (~1 KB each) before the first is
read. Here the top-level object is walked with the standard library's C scanner one value
at a time: each list item is decoded, handed to the parser and dropped, so at most one item
dict is alive; the app keeps only each item's text (~300 bytes), exactly as the server sent
it.

An integer too long for Python to read (more than 4,300 digits: `ValueError` from the C
scanner) is out of range, not a reason to refuse the page: the value holding it is read again
with such integers as infinite (`on_huge` is told, so the item's `raw` is rewritten).

What a page may cost once decoded is bounded too, not only its bytes: a value is decoded
from a window of the text, so no list item may be longer than `MAX_ITEM` characters, and
everything beside the list (or a page decoded whole) no longer than `MAX_SIDE` in all (a
string beside the list counts as a short one: it is a single object whatever its length). Forty
million two-letter strings beside the list would otherwise become 3 GB of objects. Past
either bound `Oversized` is raised, saying which.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER_GOES_ON = "0123456789.eE+-"
_strict = json.JSONDecoder().raw_decode

MAX_ITEM = 1024 * 1024
"""Longest list item, in characters (real ones are under 10 KB)."""
MAX_SIDE = 4 * 1024 * 1024
"""Longest text beside the list, all fields together, or of a body decoded whole."""
BESIDE = "the fields beside the list"
_STRING_COST = 64
"""What a string beside the list counts against `MAX_SIDE`: a 20 MB page cursor is one
object (the page reader refuses it as a cursor), twenty million short fields are not."""
_WINDOW = 4096
"""The first window a value is decoded from; it grows sixteenfold up to the bound."""


class Oversized(Exception):
    """A value longer than its bound (`what` says which: "a list item", "beside the list")."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(f"{what} over {limit // (1024 * 1024)} MB")
        self.what, self.limit = what, limit


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


def _bounded(decode: Callable[[str, int], tuple[Any, int]], text: str, pos: int,
             limit: int, what: str) -> tuple[Any, int]:
    """`decode(text, pos)` for a value of at most `limit` characters, decoded from a window
    of the text: what a value costs never exceeds what its bound allows. A value that the
    window cuts fails to decode (a number cut at the edge decodes up to it: refused too) and
    is tried again in a wider window; an error before the window's edge is the value's own."""
    window = min(_WINDOW, limit)  # a bound under the first window holds too
    while True:
        if pos + window >= len(text):  # the rest of the text fits: no window needed
            if len(text) - pos > limit:
                raise Oversized(what, limit)
            return decode(text, pos)
        part = text[pos:pos + window]
        try:
            value, end = decode(part, 0)
            # A number is whole only when what follows it in the window cannot go on with
            # it: "1000000." at the edge decodes as 1000000 (the ".0" is past the edge).
            if end < window and not (isinstance(value, int | float) and
                                     not part[end:].strip(_NUMBER_GOES_ON)):
                return value, pos + end
        except json.JSONDecodeError as exc:
            if exc.pos < window - 8 and not exc.msg.startswith("Unterminated string"):
                raise  # a mistake inside the window, not its edge
        if window >= limit:
            raise Oversized(what, limit)
        window = min(window * 16, limit)


def decode_body(body: bytes) -> str:
    """A JSON body as text (UTF-8, -16 or -32, as JSON allows); raises ValueError."""
    text = body.decode(json.detect_encoding(body))
    return text[1:] if text.startswith("\ufeff") else text


def scan(text: str, list_field: str | None,
         on_item: Callable[[Any, str, int, int], None], *, objects: bool = False,
         on_huge: Callable[[], None] | None = None) -> tuple[Any, bool]:
    """(top-level value, whether `list_field` was an array streamed to `on_item`).

    Each item of the array is passed to `on_item(value, text, start, end)` as soon as it is
    decoded, and not kept: `text[start:end]` is its exact text (sliced only by a caller that
    wants it). When the top level is not an object, or `list_field` is not an array, the value
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
            value, end = _bounded(decode, text, pos, MAX_SIDE, "a page decoded whole")
            return _whole(text, end, value), False
        top: dict[str, Any] = {}
        streamed = False
        side = MAX_SIDE  # what is left for the fields beside the list
        pos = ws(text, pos + 1).end()
        if text[pos] == "}":
            return _end(text, pos + 1, top), False
        while True:
            start = pos
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
                side -= pos - start  # the key
                if text[pos] == '"':  # one string costs its length, once: never refused
                    top[key], end = decode(text, pos)
                    side, pos = side - min(end - pos, _STRING_COST), end
                else:
                    try:
                        top[key], end = _bounded(decode, text, pos, max(side, 0), BESIDE)
                    except Oversized:
                        raise Oversized(BESIDE, MAX_SIDE) from None
                    side, pos = side - (end - pos), end
                if side <= 0:
                    raise Oversized(BESIDE, MAX_SIDE)
            pos = ws(text, pos).end()
            if text[pos] == "}":
                return _end(text, pos + 1, top), streamed
            if text[pos] != ",":
                raise ValueError("expected ',' or '}'")
            pos = ws(text, pos + 1).end()
    except IndexError:
        raise ValueError("unexpected end of JSON") from None


def _members(text: str, pos: int, close: str, on_item: Callable[[Any, str, int, int], None],
             decode: Callable[[str, int], tuple[Any, int]] = _strict) -> int:
    """Walk an array's items (`close` is `]`) or an object's `(key, value)` pairs (`}`) from
    `pos`, just after the opening bracket; each goes to `on_item` with its bounds. Returns
    the position after the closing bracket."""
    ws = _WS.match
    keyed = close == "}"
    pos = ws(text, pos).end()
    if text[pos] == close:
        return pos + 1
    while True:
        if keyed:
            key, pos = _key(text, pos)
        value, end = _bounded(decode, text, pos, MAX_ITEM, "a list item")
        on_item((key, value) if keyed else value, text, pos, end)
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
