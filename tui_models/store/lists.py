"""The last good list per (gateway, key, protocol), kept on disk between runs.

Files live in `$XDG_CACHE_HOME/tui-models/lists/<digest>/<protocol>.json`, where the digest
hashes the base URL and the key's fingerprint: the key itself is never written. A file is
replaced atomically (written beside, then renamed), so a crash never leaves half a list; a
file that cannot be read, or is larger than a list of `max_models` could make (`size_cap`),
is ignored unread (`CacheCorrupt`, which the caller turns into a notice).

A file is three lines. The first is a small JSON header: the ids in order and when each was
first seen, which is all that telling new from gone needs, and cheap to read. The second holds
the items exactly as the gateway sent them (`{"items": [...]}`): writing it costs a string
join, not an encoding of every record. The third holds the records the parser made of them
(`store.rows`), so that reading a cached list parses nothing; when those rows cannot be used
(written by other code, or a version-2 file, which has no third line) the items are parsed
again by the protocol's own parser.
"""

from __future__ import annotations

import json
import math
import os
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui_models import protocols
from tui_models.gateway import jsonscan
from tui_models.model import Change, Model
from tui_models.secret import Secret
from tui_models.store import jsonparts, paths, rows, texts
from tui_models.store.files import (
    NotRegularFile,
    TooLarge,
    atomic,
    check_size,
    open_regular,
    read_up_to,
)

VERSION = 3
READS = (2, 3)
"""The versions read: a version-2 file (no rows line) has its items parsed again."""
MAX_HEADER = 64 * 1024 * 1024
"""Longest header line read (ids and first-seen times of the largest lists fit)."""
BYTES_PER_MODEL = 1024
"""A cache file is read only up to this much a model of the profile's `max_models` (twice
what a page may cost a model: the items as sent, plus their ids and times in the header),
and never under `MIN_BYTES`. A larger file is ignored with a notice, never read whole."""
MIN_BYTES = 128 * 1024 * 1024
DEFAULT_MAX_MODELS = 500_000
"""The profile's default `max_models`, for a cache made without one."""


def size_cap(max_models: int) -> int:
    """The largest cache file read for lists of up to `max_models` models."""
    return max(MIN_BYTES, max_models * BYTES_PER_MODEL)


class CacheCorrupt(Exception):
    """A cache file exists but cannot be used; `str()` says which and why."""


@dataclass(slots=True)
class ListSnapshot:
    """One protocol's last good list: always its ids, and its models when loaded in full."""

    protocol: str
    fetched_at: float
    ids: list[str]
    first_seen: list[float]
    models: list[Model] | None = None
    url: str | None = None
    price_unit: str = "auto"
    """The unit prices were read in: records are reused only under the same one."""
    baseline: float | None = None
    """When this gateway's list was first fetched: ids first seen then are not new."""
    key_in_id: frozenset[str] = frozenset()
    """The (redacted) ids that held the API key as listed: still never copied from the
    cache."""

    @classmethod
    def of(cls, protocol: str, models: list[Model], fetched_at: float, url: str | None = None,
           price_unit: str = "auto", baseline: float | None = None) -> ListSnapshot:
        return cls(protocol, fetched_at, [m.id for m in models],
                   [m.first_seen or fetched_at for m in models], models, url, price_unit,
                   fetched_at if baseline is None else baseline)

    @property
    def first_fetch(self) -> float:
        """The baseline; for a cache written before it was kept, its oldest first-seen time
        (the ids of the first fetch share it)."""
        if self.baseline is not None:
            return self.baseline
        return min(self.first_seen, default=self.fetched_at)

    @property
    def age(self) -> float:
        return max(time.time() - self.fetched_at, 0.0)


@dataclass(slots=True)
class Changes:
    """What a fresh list changed against the previous snapshot."""

    gone_ids: set[str] = field(default_factory=set)
    baseline: float = 0.0
    """The gateway's first fetch (see `ListSnapshot.baseline`)."""


class ListCache:
    """The cached lists of one gateway and key."""

    def __init__(self, base_url: str, key: Secret, root: Path | None = None, *,
                 max_models: int = DEFAULT_MAX_MODELS) -> None:
        self.base_url = base_url
        self.directory = (root or paths.lists_dir()) / paths.digest(base_url, key.fingerprint)
        self.max_bytes = size_cap(max_models)
        """The largest file `load` reads (see `size_cap`)."""

    def path(self, protocol: str) -> Path:
        return self.directory / f"{protocol}.json"

    def size(self, protocol: str) -> int:
        """The size of the protocol's cache file in bytes; 0 when there is none."""
        try:
            return self.path(protocol).stat().st_size
        except OSError:
            return 0

    def load(self, protocol: str, *, models: bool = True) -> ListSnapshot | None:
        """The cached list (only its header unless `models`), None when there is none.

        Raises CacheCorrupt.
        """
        path = self.path(protocol)
        kept: list[int] = []  # the descriptor the records' texts are read from, if any
        try:
            with open_regular(path) as raw:
                check_size(raw, path, self.max_bytes)
                header = json.loads(raw.readline(MAX_HEADER))
                items_at = raw.tell()
                # Bounded even if the file grows meanwhile.
                body = read_up_to(raw, self.max_bytes + 1) if models else None
                if body is not None and len(body) > self.max_bytes:
                    raise TooLarge(path, self.max_bytes)
                fd = os.dup(raw.fileno()) if models else -1
        except NotRegularFile:
            raise CacheCorrupt(f"cache {path} is not a regular file") from None
        except FileNotFoundError:
            return None
        except TooLarge:
            raise CacheCorrupt(f"cache {path} is larger than {self.max_bytes // 2**20:,} MiB "
                               "(the cap grows with max_models in the profile)") from None
        except (OSError, ValueError, RecursionError) as exc:
            raise CacheCorrupt(f"cache {path} is unreadable ({type(exc).__name__})") from None

        def place(lengths: list[int]) -> Iterable[texts.Stored]:
            kept.append(fd)
            return texts.stored(fd, texts.starts(items_at + len(rows.ITEMS_START), lengths))

        try:
            snapshot = _header(protocol, header)
            if body is not None:
                snapshot.models = _models(snapshot, body, header["version"], place)
        except (KeyError, TypeError, ValueError, RecursionError) as exc:
            raise CacheCorrupt(f"cache {path} is corrupt ({exc})") from None
        finally:
            if models and not kept:
                os.close(fd)
        return snapshot

    def save(self, snapshot: ListSnapshot) -> Path:
        """Write `snapshot` (which must hold its models) atomically; returns the file."""
        assert snapshot.models is not None
        header = {
            "version": VERSION, "protocol": snapshot.protocol, "base_url": self.base_url,
            "url": snapshot.url, "fetched_at": snapshot.fetched_at,
            "price_unit": snapshot.price_unit, "ids": snapshot.ids,
            "first_seen": snapshot.first_seen, "baseline": snapshot.baseline,
            "key_in_id": [m.id for m in snapshot.models if m.key_in_id],
        }
        path = self.path(snapshot.protocol)
        written = _Written()
        fd = -1
        try:
            with atomic(path) as out:
                fd = os.dup(out.fileno())  # the same file, open after the rename
                for piece in _pieces(header, snapshot.models, written):
                    out.write(piece)
        except BaseException:
            if fd >= 0:
                os.close(fd)
            raise
        if not written.ascii:
            os.close(fd)
            return path.absolute()
        offsets = texts.starts(written.items_at + len(rows.ITEMS_START), written.lengths)
        # From now on the records' texts are read from the file (`store.texts`).
        for model, text in zip(snapshot.models, texts.stored(fd, offsets), strict=True):
            model.raw_item = text
        return path.absolute()


ITEMS_PER_PIECE = 2000


@dataclass(slots=True)
class _Written:
    """What `_pieces` wrote: where the items line starts, each item's length, whether the
    line is ASCII (then a length in characters is one in bytes)."""

    items_at: int = 0
    lengths: list[int] = field(default_factory=list)
    ascii: bool = True


def _pieces(header: dict, models: list[Model], written: _Written) -> Iterator[bytes]:
    """The file as it is written: 100,000 ids are never one long C call, and items go
    `ITEMS_PER_PIECE` at a time (joining them all first would hold a second copy of the list
    in memory; one at a time costs more in calls than in writing)."""
    for piece in jsonparts.pieces(header):
        data = piece.encode()
        written.items_at += len(data)
        yield data
    written.items_at += 1
    yield b"\n"
    crc = 0
    for start in range(0, len(models), ITEMS_PER_PIECE):
        chunk = [m.raw_text for m in models[start:start + ITEMS_PER_PIECE]]
        written.lengths.extend(map(len, chunk))
        piece = (rows.ITEMS_START if start == 0 else ",") + ",".join(chunk)
        data = piece.encode()
        written.ascii = written.ascii and len(data) == len(piece)
        crc = zlib.crc32(data, crc)
        yield data
    end = (rows.ITEMS_START if not models else "").encode() + b"]}"
    yield end + b"\n"
    for piece in rows.line(models, zlib.crc32(end, crc), written.lengths):
        yield piece.encode()


def _finite(value: object) -> float:
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        raise ValueError("a time that is not a finite number")
    return number


def _header(protocol: str, header: dict) -> ListSnapshot:
    if header["version"] not in READS or header["protocol"] != protocol:
        raise ValueError("another version or protocol")
    ids, first_seen = header["ids"], header["first_seen"]
    if not isinstance(ids, list) or not isinstance(first_seen, list) or \
            len(ids) != len(first_seen) or not all(isinstance(i, str) for i in ids):
        raise ValueError("ids and first-seen times do not match")
    baseline = header.get("baseline")
    tainted = header.get("key_in_id") or []
    if not isinstance(tainted, list) or not all(isinstance(i, str) for i in tainted):
        raise ValueError("key_in_id is not a list of ids")
    return ListSnapshot(protocol, _finite(header["fetched_at"]), ids,
                        [_finite(t) for t in first_seen], None, header.get("url"),
                        str(header.get("price_unit", "auto")),
                        None if baseline is None else _finite(baseline), frozenset(tainted))


def _models(snapshot: ListSnapshot, body: bytes, version: int,
            place: Callable[[list[int]], Iterable[texts.Stored]]) -> list[Model]:
    """The records of the items (which may span lines, as sent): made from the rows line (the
    last) when it can be used (their texts left in the file: `place`), else parsed again
    from the items."""
    items, models = body, None
    if version >= 3:
        items, _, last = body.rstrip(b"\n").rpartition(b"\n")
        models = rows.models(_decoded(last), items, snapshot.protocol, snapshot.ids,
                             snapshot.first_seen, place)
    if models is None:
        from tui_models.gateway.pages import PageReader  # rows written by other code: rare

        reader = PageReader(protocols.get(snapshot.protocol), snapshot.price_unit)
        jsonscan.scan(items.decode(), "items", reader.item)
        models = reader.page.models
        if [m.id for m in models] != snapshot.ids:
            raise ValueError("the items do not match the ids")
        for model, first_seen in zip(models, snapshot.first_seen, strict=True):
            model.first_seen = first_seen
    for model in models if snapshot.key_in_id else ():
        if model.id in snapshot.key_in_id:
            model.key_in_id = True
    return models


def _decoded(line: bytes) -> object:
    """The rows line's value, or None when it is not JSON (then the items are parsed)."""
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return None


WATCHED = ("input_per_1m", "output_per_1m", "per_request", "context_window", "max_output")
"""The fields whose changes between fetches are reported (`is:changed`)."""


def mark_value_changes(models: list[Model], previous: list[Model]) -> int:
    """Set `changes` on each model whose price or limits differ from the previous list's
    record of the same id; returns how many changed. Items sent byte for byte as before are
    skipped at once."""
    before = {m.id: m for m in previous}
    count = 0
    for model in models:
        old = before.get(model.id)
        if old is None or old.raw_item is model.raw_item or old.raw_text == model.raw_text:
            continue
        model.changes = tuple(Change(name, getattr(old, name), getattr(model, name))
                              for name in WATCHED if getattr(old, name) != getattr(model, name))
        count += bool(model.changes)
    return count


NEW_FOR = 86400.0
"""How long an id first seen after the gateway's first fetch stays new (the profile's
`new_for`)."""


def mark_new(models: list[Model], baseline: float, now: float, new_for: float = NEW_FOR
             ) -> None:
    """Set `new_at` and `is_new` from each model's `first_seen`: new when first seen after
    the gateway's first fetch (`baseline`), and less than `new_for` seconds ago."""
    horizon = now - new_for
    for model in models:
        seen = model.first_seen
        model.new_at = seen if seen is not None and seen > baseline else None
        model.is_new = model.new_at is not None and model.new_at >= horizon


def mark_changes(models: list[Model], previous: ListSnapshot | None, now: float,
                 new_for: float = NEW_FOR) -> Changes:
    """Set `first_seen`, `new_at` and `is_new` on a fresh list; say which ids are gone.

    With no previous snapshot (the first fetch of this gateway) nothing is new: every model
    is first seen now, the baseline. After it, an id stays new for `new_for` seconds after
    it was first seen, however many fetches come between.
    """
    changes = Changes(baseline=now)
    if previous is None:
        for model in models:
            model.first_seen, model.is_new, model.new_at = now, False, None
        return changes
    seen = dict(zip(previous.ids, previous.first_seen, strict=True))
    for model in models:
        first_seen = seen.get(model.id)
        model.first_seen = now if first_seen is None else first_seen
    changes.baseline = min(previous.first_fetch, now)
    mark_new(models, changes.baseline, now, new_for)
    current = {m.id for m in models}
    changes.gone_ids = {i for i in previous.ids if i not in current}
    return changes
