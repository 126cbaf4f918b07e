"""How new data reaches the explorer's view: lists, the catalogue and the relay's prices all
go through one rebuild of the search index, in a thread, coalesced — the table answers keys
from the current index until the new one is swapped in at once. A mixin of `ExplorerScreen`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING

from tui_models.model import Model
from tui_models.relay import RelayInfo
from tui_models.runtime import give_back, paused
from tui_models.textsafe import one_line, visible

if TYPE_CHECKING:
    from tui_models.tui.screens.explorer import ExplorerScreen

    _Base = ExplorerScreen
else:
    _Base = object


class DataUpdates(_Base):  # type: ignore[misc,valid-type]
    """Lists, the catalogue and the relay's prices, into the index."""

    async def _load_reference(self) -> None:
        if self._reference is None:
            from tui_models.catalogue import load_reference

            self._reference = await asyncio.to_thread(load_reference)
        self.show_reference()

    def show_relay(self, info: RelayInfo | None, problem: str | None) -> None:
        """What the relay publishes beside its lists arrived (or could not be had)."""
        if problem:
            self.notify(one_line(problem, 200), severity="warning", markup=False, timeout=8)
        if info is not None:
            self.catalog.relay = info
            self._rebuild(everything=True)

    def show_reference(self) -> None:
        """Fill the lists from the catalogue (or stop filling, when the profile says no)."""
        reference, problem = self._reference or (None, None)
        if problem:
            self.notify(visible(problem), severity="warning", markup=False, timeout=8)
            self._reference = (reference, None)
        self.catalog.reference = reference if self.session.profile.catalog else None
        self._rebuild(everything=True)

    def _rebuild(self, changes: Mapping[str, list[Model]] | None = None, *,
                 everything: bool = False) -> None:
        """Rebuild the index with `changes` (protocol → models) in a thread, the table
        answering keys from the current one meanwhile; changes that arrive during a rebuild
        are taken together by the next one (once per refresh, not once per protocol)."""
        self._pending.update(changes or {})
        self._pending_everything |= everything
        if not self._rebuilding:
            self._rebuilding = True
            self.run_worker(self._rebuild_index, group="index", exit_on_error=False,
                            description="rebuild the search index")

    async def _rebuild_index(self) -> None:
        try:
            while self._pending or self._pending_everything:
                catalog = self.catalog
                changes, everything = self._pending, self._pending_everything
                self._pending, self._pending_everything = {}, False
                # Millions of objects and no cycles: a collection meanwhile would hold every
                # other thread — the event loop first — for half a second.
                prepared = await asyncio.to_thread(paused, catalog.prepare, changes,
                                                   everything=everything)
                if catalog is self.catalog:  # not another profile's meanwhile
                    catalog.commit(prepared)
                    self._data_changed()
                del prepared
                if not (self._pending or self._pending_everything):
                    # The load's garbage back to the system; what arrives meanwhile is
                    # taken by the next turn of the loop, not left pending.
                    await asyncio.to_thread(give_back)
        finally:
            self._rebuilding = False
