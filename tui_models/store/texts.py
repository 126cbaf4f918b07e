"""Items' exact texts left where they already are: in the page they came in, then in the list
cache file they were read from or written to.

A list of 100,000 models holds ~30 MB of item text that only the inspector, `raw` and the
exports read. A record read from a list cache, or saved to one, holds instead where its text
lies in that file (`Stored`), and reads it when asked (a `pread` of a few hundred bytes: 100,000
of them take ~0.07 s). The file stays open: a newer list put in its place (caches are replaced
by a rename) leaves these bytes readable, as they are the open file's, not the name's; the
descriptor is closed when the last record holding it goes.

Only an items line that is ASCII is used so (an offset in it is then both a byte and a
character; servers' JSON nearly always is); other lists keep their texts in memory.

Before it is saved, a fetched record holds where its text lies in its page's decoded text
(`Sliced`), not a copy: 100,000 strings of a few hundred bytes, made while the records are
made and freed when the cache is written, left ~11 MB of the heap in pieces that the process
kept for good.
"""

from __future__ import annotations

import contextlib
import os
import threading
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate

_PREAD = hasattr(os, "pread")


class Items:
    """The items of one open list cache file: item `i` is the bytes from `starts[i]` to
    `starts[i + 1] - 1` (the separator between them is not part of either)."""

    __slots__ = ("_fd", "_lock", "_starts")

    def __init__(self, fd: int, starts: array) -> None:
        self._fd = fd
        """Owned: closed with this object."""
        self._starts = starts
        self._lock = None if _PREAD else threading.Lock()

    def __del__(self) -> None:
        with contextlib.suppress(AttributeError, OSError):  # __init__ never ran
            os.close(self._fd)

    def __len__(self) -> int:
        return len(self._starts) - 1

    def length(self, index: int) -> int:
        return self._starts[index + 1] - 1 - self._starts[index]

    def text(self, index: int) -> str:
        """Item `index`'s text as it was written; `{}` when the file cannot give it back
        (nothing of ours changes a cache file in place, but a user might)."""
        start = self._starts[index]
        size = self._starts[index + 1] - 1 - start
        try:
            if self._lock is None:
                data = os.pread(self._fd, size, start)
            else:
                with self._lock:
                    os.lseek(self._fd, start, os.SEEK_SET)
                    data = os.read(self._fd, size)
        except OSError:
            return "{}"
        if len(data) != size or not data.startswith(b"{"):
            return "{}"
        return data.decode("utf-8", "replace")


class Stored:
    """Where one item's text lies: its file's items and its place among them."""

    __slots__ = ("index", "items")

    def __init__(self, items: Items, index: int) -> None:
        self.items = items
        self.index = index

    def text(self) -> str:
        return self.items.text(self.index)

    def __len__(self) -> int:
        return self.items.length(self.index)


class Spans:
    """The items kept from one page: item `i` is `text[bounds[2i]:bounds[2i + 1]]`."""

    __slots__ = ("bounds", "kept", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds = array("q")
        self.kept = 0
        """How many characters of `text` the items hold."""

    def place(self, start: int, end: int) -> Sliced:
        """The place of the item `text[start:end]`."""
        self.bounds.extend((start, end))
        self.kept += end - start
        return Sliced(self, len(self.bounds) // 2 - 1)


class Sliced:
    """Where one item's text lies in its page's text."""

    __slots__ = ("index", "spans")

    def __init__(self, spans: Spans, index: int) -> None:
        self.spans = spans
        self.index = index

    def text(self) -> str:
        bounds, at = self.spans.bounds, 2 * self.index
        return self.spans.text[bounds[at]:bounds[at + 1]]

    def __len__(self) -> int:
        bounds, at = self.spans.bounds, 2 * self.index
        return bounds[at + 1] - bounds[at]


def starts(base: int, lengths: Iterable[int]) -> array:
    """The offsets of items of `lengths`, the first at `base`, one separator byte between
    each two; with one more entry past the last item (its end + 1)."""
    return array("q", accumulate((n + 1 for n in lengths), initial=base))


def stored(fd: int, offsets: array) -> Iterator[Stored]:
    """A `Stored` for each item of the open file `fd` (now owned by them) at `offsets`, one
    at a time: a record given its new place lets its old one go before the next is made,
    so 100,000 places do not take new memory while the 100,000 they replace are freed."""
    items = Items(fd, offsets)
    return (Stored(items, i) for i in range(len(items)))
