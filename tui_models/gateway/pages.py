"""One page of a list, from the gateway's answer to models: pure and total.

`PageReader.read` turns an answer (status, headers, body) into a `Page` or the GatewayError
it amounts to. While the body is scanned the reader receives its items one at a time, then
its top-level object. It accepts any JSON a server could send; nothing but a GatewayError
escapes (the property tests feed it arbitrary JSON).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tui_models.gateway import bodies, clean, errors, explain, jsonscan
from tui_models.gateway.http import retry_after
from tui_models.model import Model
from tui_models.protocols import Protocol, normalize
from tui_models.runtime import collector_paused
from tui_models.store import texts

MAX_CURSOR = 8192
"""Longest page cursor sent back: a URL holding more is refused by servers and httpx."""


@dataclass(slots=True)
class Page:
    models: list[Model] = field(default_factory=list)
    skipped: int = 0
    """Items that were not objects or had no usable string id."""
    out_of_range: int = 0
    """Numbers dropped as nonsense (infinite, negative, huge): the field is null instead."""
    nulled: int = 0
    """Numbers in items' `raw` that no strict JSON holds (NaN, Infinity, 5,000 digits):
    written as null."""
    echoed: int = 0
    """Items that held the key (redacted before they became records)."""
    beyond: int = 0
    """Items past the reader's `limit` (max_models): counted, not kept."""
    cursor_problem: str | None = None
    """Why the pages stop here though the page says more follow (no usable cursor, or one
    too long to send back), as the end of a sentence starting "page N"."""
    next_params: dict[str, str] | None = None


class Abandoned(Exception):
    """The fetch this page belongs to was cancelled (deadline, refresh, quit): stop reading."""


class PageReader:
    """Turns one page's items into models as they are decoded (see `jsonscan.scan`)."""

    def __init__(self, spec: Protocol, price_unit: str = "auto",
                 known: Mapping[str, Model] | None = None,
                 cleaner: clean.Cleaner | None = None, limit: int | None = None) -> None:
        self.spec = spec
        self.limit = limit
        """Most models kept from this page: a page of 20 million `{"id": "a"}` is not 20
        million records."""
        self.price_unit = price_unit
        self.known = known or {}
        self.page = Page()
        self.abandoned = False
        """Set from another thread to stop a parse whose result nobody waits for any more."""
        self.cleaner = cleaner
        self._echoes = self._non_finite = self._huge = False
        self._spans: texts.Spans | None = None

    def inspect(self, body: bytes | bytearray | str) -> None:
        """Test the page's body before its items come (see `gateway.clean`): only a page
        that may hold the key or a non-finite number has its items tested one by one."""
        self._non_finite = clean.page_non_finite(body)
        self._echoes = self.cleaner is not None and not isinstance(body, str) and \
            self.cleaner.page_echoes(body)

    def huge(self) -> None:
        """The next item holds an integer too long to read (`jsonscan`): it is rewritten."""
        self._huge = True

    def item(self, value: Any, text: str, start: int = 0, end: int | None = None) -> None:
        """One item, decoded: `value`, whose exact text is `text[start:end]` (all of `text`
        when `end` is None)."""
        if self.abandoned:
            raise Abandoned
        if self.limit is not None and len(self.page.models) >= self.limit:
            self.page.beyond += 1
            return
        own = text if end is None else text[start:end]
        key_in_id = False
        if self._echoes or self._non_finite or self._huge:
            cleaned = self._clean(value, own)
            if cleaned is None:
                self.page.skipped += 1
                return
            value, rewritten, key_in_id = cleaned
            if rewritten is not own:
                own, end = rewritten, None
        model = self.known.get(own)
        if model is not None:  # the same item as last time: the same record
            model.key_in_id = key_in_id or model.key_in_id
            if end is not None and type(model.raw_item) is texts.Sliced:
                # The same text in this page: the previous page need not be kept for it.
                model.raw_item = self._spans_of(text).place(start, end)
            self.page.models.append(model)
            return
        model = self.spec.parse(value, self.price_unit) if isinstance(value, dict) else None
        if model is None:
            self.page.skipped += 1
        else:
            model.raw_item = own if end is None else self._spans_of(text).place(start, end)
            model.key_in_id = key_in_id
            self.page.models.append(model)

    def _spans_of(self, text: str) -> texts.Spans:
        """Where this page's records find their texts in `text` (`store.texts.Sliced`)."""
        if self._spans is None or self._spans.text is not text:
            self._spans = texts.Spans(text)
        return self._spans

    def _settle(self) -> None:
        """Records holding less than half their page's text get their own copies, so that a
        page of 100,000 items is not kept whole for the few that changed since last time;
        so do a page's records when it held the key (the page is not kept with it) or is
        not ASCII (a page with one wide character is wide throughout, and its list is not
        left in the cache file: `store.texts`)."""
        spans, self._spans = self._spans, None
        if spans is None or (2 * spans.kept >= len(spans.text) and spans.text.isascii()
                             and not self.page.echoed):
            return
        for model in self.page.models:
            if type(model.raw_item) is texts.Sliced and model.raw_item.spans is spans:
                model.raw_item = model.raw_item.text()

    def _clean(self, value: Any, text: str) -> tuple[Any, str, bool] | None:
        """The item without the key and non-finite numbers: (value, text, whether its id
        held the key); itself when it holds neither; None when too deep to rewrite."""
        huge, self._huge = self._huge, False
        cleaner = self.cleaner
        echoes = self._echoes and cleaner is not None and cleaner.echoes(text)
        if not (echoes or huge or (self._non_finite and
                                   any(t in text for t in clean.NON_FINITE))):
            return value, text, False
        try:
            fixed, nulled = clean.rewrite(value, cleaner.redact if echoes and cleaner
                                          else None)
            fixed_text = clean.text_of(fixed)
        except (RecursionError, ValueError):
            return None
        if not nulled and fixed == value:  # `NaN` inside a string, say: the text stands
            return value, text, False
        key_in_id = False
        if echoes:
            self.page.echoed += 1
            original = self.spec.parse(value, self.price_unit) \
                if isinstance(value, dict) else None
            key_in_id = original is not None and cleaner is not None and \
                cleaner.redact(original.id) != original.id
        self.page.nulled += nulled
        return fixed, fixed_text, key_in_id

    def read(self, status: int, headers: Mapping[str, str], body: bytearray, *,
             containers: int = bodies.MAX_CONTAINERS,
             redact: Callable[[str], str] = str) -> Page:
        """The page an answer holds, or the GatewayError it amounts to (`redact` keeps the
        key out of its text); at most `containers` JSON objects and arrays are decoded."""
        protocol = self.spec.name
        ok = 200 <= status < 300
        normalize.take_out_of_range()  # this thread's count starts at this page
        if ok:
            self.inspect(body)
        with collector_paused():
            payload, streamed = bodies.scan(body, self.spec.list_field if ok else None,
                                            self.item, containers=containers,
                                            on_huge=self.huge)
        if payload is bodies.TOO_MANY:
            raise errors.TooLarge(protocol, f"more than {containers:,} JSON objects in a page")
        if not ok:
            error = explain.error_for(protocol, status, body, payload, redact=redact)
            if isinstance(error, errors.RateLimited):
                wait = retry_after(headers.get("retry-after"))
                if wait is not None:
                    error.detail += f" (retry after {wait:g} s)"
            raise error
        if isinstance(payload, jsonscan.Oversized):
            raise errors.TooLarge(protocol, f"{payload} in a page; no gateway sends that")
        if payload is bodies.TOO_DEEP:
            raise errors.BadResponse(protocol, "the JSON is nested too deeply")
        if payload is bodies.NOT_JSON:
            detail = explain.clean(redact(explain.body_message(body)))
            raise errors.BadResponse(protocol, f"not JSON: {detail}")
        if not isinstance(payload, dict):
            raise errors.BadResponse(protocol, "JSON but not an object")
        if explain.payload_message(payload) is not None:
            raise explain.error_for(protocol, 200, body, payload, redact=redact)
        page = self.finish(payload, streamed)
        page.out_of_range = normalize.take_out_of_range()
        return page

    def finish(self, payload: Any, streamed: bool) -> Page:
        """The page, once the whole top-level object is known."""
        spec = self.spec
        if not isinstance(payload, Mapping):
            raise errors.BadResponse(spec.name, "JSON but not an object")
        cursor = self.page.next_params = spec.next_params(payload)
        if cursor is None and spec.more_without_cursor(payload):
            self.page.cursor_problem = ("says more models follow but gives no cursor to ask "
                                        "for them; the list is incomplete")
        elif cursor is not None and (longest := max(map(len, cursor.values()),
                                                    default=0)) > MAX_CURSOR:
            self.page.next_params = None
            self.page.cursor_problem = (f"gives a page cursor of {longest:,} characters (no "
                                        f"URL takes over {MAX_CURSOR:,}); stopped there, the "
                                        "list is incomplete")
        if not streamed:
            # Decoded whole: a too-long integer is an infinity in it, written `Infinity`.
            self._non_finite = self._non_finite or self._huge
            values = payload.get(spec.list_field)
            if values is not None and not isinstance(values, list):
                raise errors.BadResponse(spec.name, f"`{spec.list_field}` is not a list")
            for value in values or ():
                self.item(value, _text(value))
        self._settle()
        return self.page


def read_page(spec: Protocol, payload: Any, price_unit: str = "auto") -> Page:
    """The models of one decoded page and the cursor to the next, leniently."""
    return PageReader(spec, price_unit).finish(payload, streamed=False)


def _text(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except (ValueError, RecursionError):
        return "{}"
