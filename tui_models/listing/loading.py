"""One protocol's list through its life, the same for the explorer and for scripts.

```
            read_cache()              fetch()
 WAITING ─────────────► CACHED ───────────────► FETCHING ──► FRESH     the list as fetched
    │                                      ▲       │    ├──► PARTIAL   fetched, but cut short
    └──────────────────────────────────────┘       │    ├──► STALE     unreachable: the last
              fetch() (no cached list shown)        │    │              good list stands in
                                                    │    └──► FAILED    rejected, or nonsense
 OFF: the profile's preset has no list for the protocol.
```
A `ProtocolLoad` owns the protocol's cache file, the previous snapshot (what the next fetch is
compared with, to mark what is new and gone) and the outcome of the last fetch. The cache is
read once; after that the previous snapshot is the last good list, kept in memory with its
real fetch time. When the gateway cannot be reached (network, 5xx, rate limit), the previous
list still serves, marked stale; when it rejects the key or answers nonsense, the error stands
alone. Unchanged items are not parsed again: their previous records are reused.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tui_models import protocols
from tui_models.gateway import FetchResult, GatewayError
from tui_models.model import Model
from tui_models.runtime import give_back, paused
from tui_models.session import Session
from tui_models.store.lists import (
    NEW_FOR,
    CacheCorrupt,
    ListCache,
    ListSnapshot,
    mark_changes,
    mark_new,
    mark_value_changes,
)

if TYPE_CHECKING:
    from tui_models.gateway.client import GatewayClient


class Stage(enum.Enum):
    """Where a protocol's load stands."""

    WAITING = "waiting"
    CACHED = "cached"
    FETCHING = "fetching"
    FRESH = "fresh"
    PARTIAL = "partial"
    STALE = "stale"
    FAILED = "failed"
    OFF = "off"

    @property
    def busy(self) -> bool:
        """A fetch is still to come or under way."""
        return self in (Stage.WAITING, Stage.CACHED, Stage.FETCHING)


class ProtocolLoad:
    """One protocol's list: its cache, its previous snapshot and its last fetch."""

    def __init__(self, protocol: str, cache: ListCache | None = None, *,
                 offered: bool = True, gone: bool = True, new_for: float = NEW_FOR) -> None:
        self.protocol = protocol
        self.new_for = new_for
        """Seconds an id first seen after the gateway's first fetch stays new."""
        self.cache = cache
        self.want_gone = gone
        """Compare with the previous list in full: models gone, prices and limits changed."""
        self.changed = 0
        """Models whose price or limits changed since the previous fetch."""
        """Read the previous models when some went away, to list them as gone."""
        self.stage = Stage.WAITING if offered else Stage.OFF
        self.previous: ListSnapshot | None = None
        """The last good list (only its ids until its models are needed)."""
        self.models: list[Model] = []
        """What to show: the fresh list, or the previous one while cached or stale."""
        self.gone: list[Model] = []
        """Listed in the previous snapshot, not any more (marked `is_gone`)."""
        self.gone_seen: float | None = None
        """When the gone models were last listed: the previous snapshot's fetch time."""
        self.result: FetchResult | None = None
        self.notices: list[str] = []
        """Cache problems worth telling the user about (never fatal); drained by the reader."""
        self._cache_read = False
        self._unsaved = False

    # -- what it stands at --------------------------------------------------------------------

    @property
    def error(self) -> GatewayError | None:
        return self.result.error if self.result else None

    @property
    def stale(self) -> ListSnapshot | None:
        """The previous list being served because the fetch failed."""
        return self.previous if self.stage is Stage.STALE else None

    @property
    def warnings(self) -> list[str]:
        return self.result.warnings if self.result else []

    def take_notices(self) -> list[str]:
        notices, self.notices = self.notices, []
        return notices

    # -- transitions --------------------------------------------------------------------------

    async def read_cache(self, *, models: bool = True) -> ListSnapshot | None:
        """The cached list, read once per load (then the previous list is the last fetched).

        With `models`, a cached list is shown while the fetch runs (stage CACHED).
        """
        if self._cache_read or self.cache is None:
            self._cache_read = True
            return None
        # Marked read once read: a read cancelled half-way (`r` during start-up) is redone.
        return self._took(await self._load_cache(models=models), models)

    def read_cache_now(self) -> ListSnapshot | None:
        """`read_cache` on this thread, for a cache small enough to show on the first frame."""
        if self._cache_read or self.cache is None:
            self._cache_read = True
            return None
        return self._took(self._cache_snapshot(models=True), True)

    def _took(self, previous: ListSnapshot | None, models: bool) -> ListSnapshot | None:
        self.previous = previous
        self._cache_read = True
        if models and previous is not None and self.stage in (Stage.WAITING, Stage.FETCHING):
            self.stage = Stage.CACHED
            self.models = previous.models or []
        return previous

    def begin(self) -> bool:
        """A fetch is on its way (FETCHING, or CACHED while the cached list shows); False when
        the protocol is not offered."""
        if self.stage is Stage.OFF:
            return False
        if self.stage is not Stage.CACHED:
            self.stage = Stage.FETCHING
        return True

    async def fetch(self, client: GatewayClient, *, save: bool = True) -> ProtocolLoad:
        """Fetch the list, compare it with the previous one, save it when it is complete
        (unless `save` is false: then `save()` does, once the list is shown)."""
        if not self.begin():
            return self
        if not self._cache_read:
            await self.read_cache(models=False)
        previous = self.previous
        unit = client.profile.price_unit
        # Each call below builds or walks 100,000 records in the one CPU thread, with the
        # collector paused (`runtime.paused`): its full collections, walking every record of
        # this refresh, held the interpreter lock — and the screen — for 100-300 ms each.
        known = await asyncio.to_thread(paused, _by_text, previous.models) \
            if previous and previous.models is not None and previous.price_unit == unit \
            else None
        result = self.result = await client.fetch(self.protocol, known=known)
        self.gone = []
        label = protocols.label(self.protocol)
        if result.out_of_range:
            self.notices.append(f"{label}: {result.out_of_range:,} numbers out of range were "
                                "ignored (shown as unknown)")
        if result.nulled:
            self.notices.append(f"{label}: {result.nulled:,} numbers no strict JSON holds "
                                "(NaN, Infinity, thousands of digits) are null in raw")
        if result.echoed:
            self.notices.append(f"{label}: {result.echoed:,} items held your API key (the "
                                "gateway echoes it): shown redacted; an id holding it is "
                                "never copied")
        if result.error is not None:
            await self._failed(result.error)
            return self
        now = time.time()
        self.models = result.models
        # 100,000 comparisons with the previous list: off the event loop.
        changes = await asyncio.to_thread(paused, mark_changes, result.models, previous, now,
                                          self.new_for)
        if not result.complete:  # cut short: new is new, but an incomplete list proves nothing
            self.stage = Stage.PARTIAL
            return self
        if self.want_gone and previous is not None:
            full = await self._previous_models()
            self.gone = [m for m in (full.models or []) if m.id in changes.gone_ids] \
                if full else []
            self.gone_seen = previous.fetched_at
            for model in self.gone:
                model.is_gone, model.is_new = True, False
            if full is not None and full.models:
                self.changed = await asyncio.to_thread(paused, mark_value_changes,
                                                       result.models, full.models)
        self.previous = ListSnapshot.of(self.protocol, result.models, now, result.url, unit,
                                        changes.baseline)
        self.stage = Stage.FRESH
        self._unsaved = True
        if save:
            await self.save()
        return self

    async def save(self) -> None:
        """Write the fresh list to the cache (once; a failure is a notice)."""
        if self.cache is None or not self._unsaved or self.previous is None:
            return
        self._unsaved = False
        try:
            await asyncio.to_thread(paused, _save, self.cache, self.previous)
        except OSError as exc:
            self.notices.append(f"could not write the cache: {exc.strerror}")

    def crashed(self, error: BaseException) -> None:
        """The fetch stopped on a bug (`error`) or a setting found wrong when the client was
        made (a broken CA file), not on a gateway's answer: FAILED, saying so."""
        from tui_models.errors import TuiModelsError
        from tui_models.gateway.errors import BadResponse, GatewayError

        if isinstance(error, TuiModelsError):
            failure = GatewayError(self.protocol, str(error))
        else:
            failure = BadResponse(self.protocol, f"unexpected {type(error).__name__} (details "
                                                 "in the log file)")
        self.result = FetchResult(self.protocol, error=failure)
        self.stage, self.models = Stage.FAILED, []

    async def _failed(self, error: GatewayError) -> None:
        full = await self._previous_models() if error.transient else None
        if full is not None:
            self.stage, self.models = Stage.STALE, full.models or []
        else:
            self.stage, self.models = Stage.FAILED, []

    async def _previous_models(self) -> ListSnapshot | None:
        """The previous snapshot with its models, reading them from the cache if needed."""
        previous = self.previous
        if previous is None or previous.models is not None:
            return previous
        full = await self._load_cache(models=True)
        if full is not None and full.ids == previous.ids:
            self.previous = full
            return full
        return None

    async def _load_cache(self, *, models: bool) -> ListSnapshot | None:
        """The cached snapshot, read off the event loop (the collector paused: 100,000 new
        records and no cycles)."""
        if self.cache is None:
            return None
        return await asyncio.to_thread(paused, self._cache_snapshot, models=models)

    def _cache_snapshot(self, *, models: bool) -> ListSnapshot | None:
        """The cached snapshot, its models marked new as of now (here, not on the event loop:
        100,000 of them); a corrupt cache becomes a notice."""
        assert self.cache is not None
        try:
            snapshot = self.cache.load(self.protocol, models=models)
        except CacheCorrupt as exc:
            self.notices.append(f"{exc}; ignored")
            return None
        if snapshot is not None and snapshot.models:
            mark_new(snapshot.models, snapshot.first_fetch, time.time(), self.new_for)
        return snapshot


GIVE_BACK_AT = 10_000
"""Models in a list whose saving gives freed memory back to the system (`runtime.give_back`):
its records' texts are in the file now (`store.texts`), ~30 MB at 100,000."""


def _by_text(models: Iterable[Model]) -> dict[str, Model]:
    """The records by their exact item text: an item that comes back unchanged is the same
    record (`GatewayClient.fetch`'s `known`)."""
    return {m.raw_text: m for m in models}


def _save(cache: ListCache, snapshot: ListSnapshot) -> None:
    cache.save(snapshot)
    if len(snapshot.models or ()) >= GIVE_BACK_AT:
        give_back()


WARM_BYTES = 2 * 2**20
"""Cached lists this large together (some 6,000 models) are read before the first frame,
which then shows them; larger ones are read after it, in the background."""


def read_small_caches(loads: Iterable[ProtocolLoad], limit: int = WARM_BYTES) -> bool:
    """Read every offered load's cached list now, on this thread, when together their files
    hold at most `limit` bytes; False (nothing read) when they hold more."""
    offered = [load for load in loads if load.stage is not Stage.OFF and load.cache]
    if sum(load.cache.size(load.protocol) for load in offered if load.cache) > limit:
        return False
    for load in offered:
        load.read_cache_now()
    return True


def cache_for(session: Session) -> ListCache:
    """The cache of `session`'s gateway and key, read up to what its `max_models` allows."""
    return ListCache(session.cache_id, session.key, max_models=session.profile.max_models)


def loads_for(session: Session, protocols: Iterable[str], *, use_cache: bool = True,
              gone: bool = True) -> dict[str, ProtocolLoad]:
    """A fresh load per protocol of `session`, sharing one cache."""
    cache = cache_for(session) if use_cache else None
    offered = session.profile.offered
    new_for = getattr(session.profile, "new_for", NEW_FOR)
    return {p: ProtocolLoad(p, cache, offered=p in offered, gone=gone, new_for=new_for)
            for p in protocols}


async def load_session(session: Session, protocols: tuple[str, ...] | None = None, *,
                       use_cache: bool = True, gone: bool = False) -> dict[str, ProtocolLoad]:
    """Every list of `session`'s profile (all it offers unless `protocols`), fetched at once
    with its own client and, unless told not to, its cache."""
    loads = loads_for(session, protocols or session.profile.offered, use_cache=use_cache,
                      gone=gone)
    from tui_models.gateway import GatewayClient

    async with GatewayClient(session.profile, session.key) as client:
        await asyncio.gather(*(load.fetch(client) for load in loads.values()))
    return loads
