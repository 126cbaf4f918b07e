"""Load one protocol's list the way every command does: cache first, then the gateway.

Stale-while-revalidate: the cached list can be shown at once; the fetch that follows replaces
it, marks what is new and gone, and becomes the new cache when it is complete. When the
gateway cannot be reached (network, 5xx, rate limit), the cached list still serves, marked
stale; when it rejects the key or answers nonsense, the error stands alone. Unchanged items
are not parsed again: their cached records are reused.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

from tui_models.cache import CacheCorrupt, ListCache, Snapshot, mark_changes
from tui_models.gateway import FetchResult, GatewayClient, GatewayError
from tui_models.model import Model
from tui_models.session import Session

log = logging.getLogger("tui_models.loader")


@dataclass(slots=True)
class Loaded:
    """A protocol's list as it stands after a fetch."""

    protocol: str
    models: list[Model] = field(default_factory=list)
    """Fresh models, or the cached ones when `stale`."""
    gone: list[Model] = field(default_factory=list)
    """Listed in the previous snapshot, not any more (marked `is_gone`)."""
    result: FetchResult | None = None
    stale: Snapshot | None = None
    """The cached snapshot being served because the fetch failed."""
    notices: list[str] = field(default_factory=list)
    """Cache problems worth telling the user about (never fatal)."""

    @property
    def error(self) -> GatewayError | None:
        return self.result.error if self.result else None


async def read_cache(cache: ListCache | None, protocol: str, notices: list[str], *,
                     models: bool = True) -> Snapshot | None:
    """The cached snapshot (only its ids unless `models`), or None; a corrupt cache becomes a
    notice."""
    if cache is None:
        return None
    try:
        return await asyncio.to_thread(cache.load, protocol, models=models)
    except CacheCorrupt as exc:
        notices.append(f"{exc}; ignored")
        return None


async def fetch(client: GatewayClient, protocol: str, cache: ListCache | None,
                previous: Snapshot | None, notices: list[str] | None = None, *,
                gone: bool = True) -> Loaded:
    """Fetch `protocol`, compare with `previous`, save a complete list to `cache`.

    `previous` may hold only ids (a cheap read): the cached models are then read only if
    they are needed, to serve a failed fetch or (with `gone`) to list gone models.
    """
    loaded = Loaded(protocol, notices=notices if notices is not None else [])
    unit = client.profile.price_unit
    known = {m.raw_text: m for m in previous.models} \
        if previous and previous.models is not None and previous.price_unit == unit else None
    result = loaded.result = await client.fetch(protocol, known=known)
    if result.error is not None:
        if result.error.transient:
            full = await _full(previous, cache, loaded.notices)
            if full is not None:
                loaded.stale, loaded.models = full, full.models or []
        return loaded
    now = time.time()
    loaded.models = result.models
    changes = mark_changes(result.models, previous, now)
    if not result.complete:  # cut short: new is new, but an incomplete list proves nothing gone
        return loaded
    if gone and changes.gone_ids:
        full = await _full(previous, cache, loaded.notices)
        loaded.gone = [m for m in (full.models or []) if m.id in changes.gone_ids] if full \
            else []
        for model in loaded.gone:
            model.is_gone, model.is_new = True, False
    if cache is not None:
        snapshot = Snapshot.of(protocol, result.models, now, result.url, unit)
        try:
            await asyncio.to_thread(cache.save, snapshot)
        except OSError as exc:
            loaded.notices.append(f"could not write the cache: {exc.strerror}")
    return loaded


async def _full(previous: Snapshot | None, cache: ListCache | None,
                notices: list[str]) -> Snapshot | None:
    """`previous` with its models, reading them from the cache if it holds only ids."""
    if previous is None or previous.models is not None:
        return previous
    return await read_cache(cache, previous.protocol, notices)


def cache_for(session: Session) -> ListCache:
    """The cache of `session`'s gateway and key."""
    return ListCache(session.cache_id, session.key)


async def load_session(session: Session, protocols: tuple[str, ...] | None = None, *,
                       use_cache: bool = True, gone: bool = False) -> dict[str, Loaded]:
    """Every list of `session`'s profile (all it offers unless `protocols`), with its own
    client and, unless told not to, its cache."""
    from tui_models.gateway import GatewayClient

    cache = cache_for(session) if use_cache else None
    async with GatewayClient(session.profile, session.key) as client:
        return await load_all(client, protocols or session.profile.offered, cache, gone=gone)


async def load_all(client: GatewayClient, protocols: tuple[str, ...],
                   cache: ListCache | None, *, gone: bool = False) -> dict[str, Loaded]:
    """Every protocol at once: the ids of its cached list, then its fetch."""

    async def one(protocol: str) -> Loaded:
        notices: list[str] = []
        previous = await read_cache(cache, protocol, notices, models=False)
        return await fetch(client, protocol, cache, previous, notices, gone=gone)

    loaded = await asyncio.gather(*(one(p) for p in protocols))
    return dict(zip(protocols, loaded, strict=True))
