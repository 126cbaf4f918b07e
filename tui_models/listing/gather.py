"""Everything a command needs from a gateway, through the explorer's own pipeline.

`gather` fetches the chosen lists at once (through their cache), then what the relay
publishes beside them, loads the catalogue, the stars and the probe results, and puts it all
into one `Listing`: `list`, `probe`, `diff`, `whoami` and every later command read the same
merged, enriched index as the explorer, so a query means the same models everywhere. Never
imports Textual.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui_models.listing import Listing
from tui_models.listing.changes import keep
from tui_models.listing.compare import Comparison, compare
from tui_models.listing.loading import ProtocolLoad, Stage, loads_for
from tui_models.session import Session
from tui_models.store.history import Event, History

if TYPE_CHECKING:
    from tui_models.relay import RelayInfo


@dataclass(slots=True)
class Gathered:
    """The loads of the chosen protocols and the listing built from them."""

    loads: dict[str, ProtocolLoad]
    listing: Listing
    notices: list[str] = field(default_factory=list)
    """What to tell the user once (catalogue, relay, stars or probes could not be used)."""
    changes: list[Event] = field(default_factory=list)
    """What this fetch changed against the previous one (kept in the history)."""

    @property
    def relay(self) -> RelayInfo | None:
        return self.listing.relay

    @property
    def loaded(self) -> bool:
        """Some list has models to show (fresh, cut short or stale)."""
        return any(load.models for load in self.loads.values())


async def gather(session: Session, chosen: Iterable[str], *, use_cache: bool = True,
                 gone: bool = False, with_relay: bool = True,
                 with_catalogue: bool = True) -> Gathered:
    """Fetch the `chosen` protocols' lists of `session` and everything that enriches them.

    `gone` compares each list in full with the previous one (models gone, values changed);
    the relay is asked only when some list came fresh (otherwise the gateway is not
    answering, which the lists already say).
    """
    from tui_models.gateway import GatewayClient
    from tui_models.store.marks import Marks
    from tui_models.store.probes import ProbeStore

    loads = loads_for(session, tuple(chosen), use_cache=use_cache, gone=gone)
    notices: list[str] = []
    info = None
    async with GatewayClient(session.profile, session.key) as client:
        await asyncio.gather(*(load.fetch(client) for load in loads.values()))
        fresh = any(load.stage in (Stage.FRESH, Stage.PARTIAL) for load in loads.values())
        if with_relay and fresh:  # only a listing that shows prices imports the relay's code
            from tui_models import relay

            if session.profile.preset in relay.BY_PRESET:
                info, problem = await relay.obtain(client, session.profile, _openai_ids(loads),
                                                   relay_cache(session) if use_cache else None)
                notices += [problem] if problem else []
    catalogue = None
    if with_catalogue and session.profile.catalog:
        from tui_models.catalogue import load_catalogue

        catalogue, problem = await asyncio.to_thread(load_catalogue)
        notices += [problem] if problem else []
    marks = Marks(session.cache_id).load()
    probes = ProbeStore(session.cache_id, session.key).load()
    notices += [p for p in (marks.problem, probes.problem) if p]
    lists = {p: [*load.models, *load.gone] for p, load in loads.items()}
    changes: list[Event] = []
    kept: list[Event] = []
    if use_cache:
        changes, kept, problem = await asyncio.to_thread(
            keep, history_of(session), loads, lists, relay=info, catalogue=catalogue,
            marked=[*marks.favourites, *marks.recent], probes=probes.results)
        notices += [problem] if problem else []
    listing = Listing(marks.favourites, probes.results, catalogue=catalogue, relay=info,
                      history=kept, new_for=session.profile.new_for)
    listing.load(lists)
    return Gathered(loads, listing, notices, changes)


def history_of(session: Session) -> History:
    """The kept changes of `session`'s gateway and key."""
    return History(session.cache_id, session.key)


def _openai_ids(loads: dict[str, ProtocolLoad]) -> set[str]:
    """The key's OpenAI list: what the relay's group is inferred from."""
    openai = loads.get("openai")
    return {m.id for m in openai.models} if openai is not None else set()


def relay_cache(session: Session):
    """Where the relay's last answer for `session`'s gateway and key is kept."""
    from tui_models.store.relay import RelayCache

    return RelayCache(session.cache_id, session.key.fingerprint)


async def compare_with(listing: Listing, other: Session, *, use_cache: bool = True
                       ) -> tuple[Comparison, list[str]]:
    """`listing` (the explorer's) against every list of `other`, through the same pipeline;
    and the other's protocols that failed outright."""
    found = await gather(other, other.profile.offered, use_cache=use_cache)
    failed = [str(r.error) for r in found.loads.values() if r.error and r.stale is None]
    return compare(listing.records(), found.listing.records()), failed
