"""What a list item may not carry into a record: the key, and numbers strict JSON cannot hold.

A gateway may echo the key it was sent outside an error: in `owned_by`, a display name, a
relay's token name or group, tags. Every string of such an item (its keys, its id too) is
redacted before the item becomes a record, so the key reaches no screen, export, cache or
store; a record whose id held it is marked (`Model.key_in_id`) and is never copied: the
redacted id is not the id.

`NaN`, `Infinity`, `-Infinity` (which Python's decoder accepts) and integers too long for it
(`jsonscan` reads those as infinite) become null in `raw`, counted, so `--format json`, the
exports and the cache stay strict JSON.

A page is tested once, with a few substring searches (`Secret.pieces`: any 11 characters of
the key in a row, in any case, written as is, URL-encoded or JSON-escaped); only the items of
a page that may hold either are tested again, and only those that do are decoded afresh and
written anew. Never imports Textual.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from tui_models.secret import Secret

NON_FINITE = ("NaN", "Infinity")
"""The tokens Python's decoder turns into numbers no strict JSON parser accepts."""
_ESCAPED = re.compile(r'\\(?:u00([0-7][0-9a-fA-F])|(["\\/]))')
_ESCAPED_BYTES = re.compile(rb'\\(?:u00([0-7][0-9a-fA-F])|(["\\/]))')


def _plain(match: re.Match) -> Any:
    code, char = match.groups()
    return chr(int(code, 16)) if code is not None else char


def _plain_bytes(match: re.Match) -> bytes:
    code, char = match.groups()
    return bytes([int(code, 16)]) if code is not None else char


class Cleaner:
    """Tests pages and cleans items for one key (None or empty: numbers only)."""

    def __init__(self, key: Secret | None) -> None:
        self.key = key if key else None
        self._pieces = key.pieces() if self.key is not None else ()
        self._pieces_bytes = tuple(p.encode("utf-8", "surrogatepass") for p in self._pieces)

    def page_echoes(self, data: bytes | bytearray) -> bool:
        """Whether a page's body may hold the key (ASCII case and JSON escapes ignored)."""
        if not self._pieces_bytes:
            return False
        if b"\\" in data:
            data = _ESCAPED_BYTES.sub(_plain_bytes, bytes(data))
        lowered = data.lower()
        return any(piece in lowered for piece in self._pieces_bytes)

    def echoes(self, text: str) -> bool:
        """Whether `text` (JSON, or any string) may hold the key."""
        if not self._pieces:
            return False
        if "\\" in text:
            text = _ESCAPED.sub(_plain, text)
        lowered = text.lower()
        return any(piece in lowered for piece in self._pieces)

    def redact(self, text: str) -> str:
        return self.key.redact(text) if self.key is not None else text

    def untainted(self, value: Any) -> Any:
        """`value` with every string of it redacted (None when nested too deeply)."""
        try:
            return rewrite(value, self.redact)[0]
        except RecursionError:
            return None


def page_non_finite(data: bytes | bytearray | str) -> bool:
    """Whether a page may hold a `NaN` or `Infinity` token."""
    if isinstance(data, str):
        return any(token in data for token in NON_FINITE)
    return any(token.encode() in data for token in NON_FINITE)


def rewrite(value: Any, redact: Callable[[str], str] | None) -> tuple[Any, int]:
    """`value` with every string redacted (when `redact`) and every number that is not
    finite made null; and how many numbers were. Raises RecursionError when too deep."""
    nulled = 0

    def walk(item: Any) -> Any:
        nonlocal nulled
        if isinstance(item, str):
            return redact(item) if redact is not None else item
        if isinstance(item, float):
            if math.isfinite(item):
                return item
            nulled += 1
            return None
        if isinstance(item, dict):
            return {walk(k): walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        if isinstance(item, tuple):  # an object's (key, value), as `scan_entries` walks it
            return tuple(walk(v) for v in item)
        return item

    return walk(value), nulled


def text_of(value: Any) -> str:
    """An item's JSON as a rewritten item is kept (compact, strict)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
