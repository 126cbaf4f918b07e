"""Lists, the catalogue and the relay's prices into the listing: one rebuild at a time.

New data arrives in bursts (three protocols, then the relay, then the catalogue). Each asks
for a rebuild of the listing's index; a rebuild runs in a thread while the table keeps
answering keys from the current index, and whatever arrives meanwhile is taken together by
the next one — once per refresh, not once per protocol. When no more is pending, the load's
garbage goes back to the system. Plain asyncio: the screen decides how the loop is run (a
Textual worker) and what happens once an index is swapped in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from tui_models.listing import Listing
from tui_models.model import Model
from tui_models.runtime import paused, settle


class Rebuilder:
    """The coalescing queue of changes to one listing at a time."""

    def __init__(self, start: Callable[[Callable[[], Awaitable[None]]], object],
                 committed: Callable[[], None]) -> None:
        """`start(run)` runs the coroutine function `run` in the background (a worker);
        `committed()` is called on the event loop after each new index is swapped in."""
        self._start = start
        self._committed = committed
        self._listing: Listing | None = None
        self._changes: dict[str, list[Model]] = {}
        self._everything = False
        self.running = False
        self._idle = asyncio.Event()
        self._idle.set()
        self.held = False
        """Requests wait (`release` starts them): while the cached lists are read one after
        another, one rebuild takes them all, not one per list."""

    @property
    def pending(self) -> bool:
        return bool(self._changes) or self._everything

    def request(self, listing: Listing, changes: Mapping[str, list[Model]] | None = None, *,
                everything: bool = False) -> None:
        """Rebuild `listing` with `changes` (protocol → models), re-enriching every list
        with `everything`. Another listing (another profile) drops what was pending."""
        if listing is not self._listing:
            self._listing, self._changes, self._everything = listing, {}, False
        self._changes.update(changes or {})
        self._everything |= everything
        if not self.held:
            self.release()

    def release(self) -> None:
        """Requests start again; what waited is rebuilt now."""
        self.held = False
        if self.pending and not self.running:
            self.running = True
            self._idle.clear()
            self._start(self._run)

    async def idle(self) -> None:
        """Until no rebuild runs (at once when none does)."""
        await self._idle.wait()

    async def _run(self) -> None:
        try:
            while self.pending:
                listing = self._listing
                assert listing is not None
                changes, everything = self._changes, self._everything
                self._changes, self._everything = {}, False
                # Millions of objects and no cycles: a collection meanwhile would hold every
                # other thread — the event loop first — for half a second.
                prepared = await asyncio.to_thread(paused, listing.prepare, changes,
                                                   everything=everything)
                if listing is self._listing:  # not another profile's meanwhile
                    listing.commit(prepared)
                    self._committed()
                del prepared
                if not self.pending:
                    # The load settled: its survivors frozen, its garbage back to the system;
                    # what arrives meanwhile is taken by the next turn, not left pending.
                    await asyncio.to_thread(settle)
        finally:
            self.running = False
            self._idle.set()
