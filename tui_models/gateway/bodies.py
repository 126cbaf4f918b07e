"""A response body, read within bounds and scanned as JSON, whatever the server sends.

`read_bounded` stops as soon as the compressed or the decoded size passes the cap (a gzip
bomb never inflates past it), or what one client holds at once passes its `Budget`; `scan`
decodes a page with its items streamed to a callback and says why not when it cannot (not
JSON, nested too deeply, too many objects, a value too long), never raising.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from tui_models.gateway import errors, jsonscan

if TYPE_CHECKING:
    import httpx

CHUNK = 64 * 1024


class Budget:
    """The bytes of bodies one client holds at once, across the protocols it reads together:
    three lists just under the cap are not alive at the same time (three times the memory
    one list may take). `hold()` spans a body's life, from its first byte to its parse."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held = 0

    @contextmanager
    def hold(self) -> Iterator[Held]:
        held = Held(self)
        try:
            yield held
        finally:
            self.held -= held.size


class Held:
    """One body's share of a `Budget`."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.size = 0

    def grow(self, size: int, protocol: str) -> None:
        budget = self.budget
        budget.held += size - self.size
        self.size = size
        if budget.held > budget.limit:
            raise errors.TooLarge(protocol, (
                f"with the other protocols' pages, more than {budget.limit // (1024 * 1024)} "
                "MB at once (the cap grows with max_models in the profile)"))


async def read_bounded(response: httpx.Response, cap: int, protocol: str,
                       held: Held | None = None) -> bytearray:
    """The decoded body, failing as soon as the compressed or decoded size passes `cap`, or
    the bodies held together pass `held`'s budget."""
    too_large = errors.TooLarge(protocol, f"more than {cap // (1024 * 1024)} MB (the cap "
                                          "grows with max_models in the profile)")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise too_large
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    elif encoding == "deflate":
        decoder = zlib.decompressobj()
    elif encoding in ("identity", ""):
        decoder = None
    else:
        raise errors.BadResponse(protocol, f"unsupported content-encoding {encoding[:20]!r}")
    body = bytearray()
    received = 0
    try:
        async for chunk in response.aiter_raw(CHUNK):
            received += len(chunk)
            if received > cap:
                raise too_large
            if decoder is None:
                body += chunk
            else:
                data = chunk
                while data:
                    body += decoder.decompress(data, cap + 1 - len(body))
                    if len(body) > cap:
                        raise too_large
                    data = decoder.unconsumed_tail
            if len(body) > cap:
                raise too_large
            if held is not None:
                held.grow(len(body), protocol)
    except zlib.error:
        raise errors.BadResponse(protocol, f"corrupt {encoding} body") from None
    if decoder is not None and not decoder.eof:
        raise errors.BadResponse(protocol, f"corrupt or truncated {encoding} body")
    return body


NOT_JSON = object()
TOO_DEEP = object()
TOO_MANY = object()
MAX_CONTAINERS = 2_000_000
"""Most JSON objects and arrays parsed from one page: bounds memory whatever the body holds."""


KEPT_HEAD = 4096
"""What `scan` keeps of a body it has decoded: enough for any error message."""


def scan(body: bytearray, list_field: str | None,
         on_item: Callable[[Any, str, int, int], None], *, objects: bool = False,
         containers: int = MAX_CONTAINERS,
         on_huge: Callable[[], None] | None = None) -> tuple[Any, bool]:
    """The body's top-level value (items streamed to `on_item`), or a marker of why not
    (more than `containers` JSON objects and arrays: `TOO_MANY`; a value longer than
    `jsonscan` decodes: the `jsonscan.Oversized` saying which). Once decoded to text, the
    body is cut to its first `KEPT_HEAD` bytes: a 40 MB page is not held twice while its
    items become models."""
    if len(body) > containers and body.count(b"{") + body.count(b"[") > containers:
        return TOO_MANY, False
    try:
        text = jsonscan.decode_body(body)
        del body[KEPT_HEAD:]
        return jsonscan.scan(text, list_field, on_item, objects=objects, on_huge=on_huge)
    except RecursionError:
        return TOO_DEEP, False
    except jsonscan.Oversized as exc:
        return exc, False
    except (ValueError, UnicodeDecodeError):
        return NOT_JSON, False


def scan_entries(body: bytearray, keep: Callable[[Any], Any] | None,
                 tidy: Callable[[Any], Any] | None, containers: int = MAX_CONTAINERS) -> Any:
    """A relay answer's JSON with its `data` walked an entry at a time (an array or an
    object): other threads, the event loop first, get their turn between entries. `tidy`
    rewrites every value first (the key redacted); `keep` makes each entry small as it is
    read: a table of 100,000 priced models never exists whole as dicts (hundreds of MB).
    Equal compact entries of an object's pairs are one object: 100,000 models share a few
    thousand price rows, and 100,000 short-lived tuples made while the lists' records are
    made would leave the heap in pieces."""
    entries: list = []
    seen: dict = {}

    def add(item: Any) -> None:
        item = item if tidy is None else tidy(item)
        if keep is not None:
            item = keep(item)
            if type(item) is tuple and len(item) == 2:  # (key, its compact entry)
                item = item[0], _one_of(seen, item[1])
        entries.append(item)

    payload, streamed = scan(body, "data", lambda item, *_: add(item), objects=True,
                             containers=containers)
    if tidy is not None and isinstance(payload, dict):
        payload = tidy(payload)
    if streamed and isinstance(payload, dict):
        pairs = entries and all(isinstance(e, tuple) and len(e) == 2 for e in entries)
        payload["data"] = dict(entries) if pairs else entries
    return payload


def _one_of(seen: dict, value: Any) -> Any:
    """`value`, or the equal one in `seen` (a value that cannot be hashed is itself)."""
    try:
        return seen.setdefault(value, value)
    except TypeError:
        return value
