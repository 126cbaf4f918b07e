"""The listing: every loaded list, enriched and merged into one searchable index.

```
lists (per protocol) ─┐
catalogue (models.dev)├─► Listing.prepare ─► Prepared ─► Listing.commit ─► index ─► select
relay prices, groups  │        (pure, may run in a thread)                     (View)
stars, probes        ─┘
```
One pipeline for the explorer and every command: the explorer feeds it a protocol at a time
as fetches finish (in a thread, swapping each result in at once), the commands feed it all
lists at once (`listing.gather`); both ask the same query of the same index, so a query
means the same models everywhere. Pure Python: never imports Textual.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from tui_models import protocols
from tui_models.fields import deprecated
from tui_models.listing.changes import annotate
from tui_models.listing.index import EACH, SearchIndex
from tui_models.listing.locked import locked_models
from tui_models.listing.merge import merge, one_per_id
from tui_models.listing.query import Query, parse
from tui_models.listing.view import View, exact_first
from tui_models.model import Model, Probe
from tui_models.store.lists import NEW_FOR

if TYPE_CHECKING:
    from tui_models.catalogue.match import Catalogue
    from tui_models.relay import RelayInfo
    from tui_models.store.history import Event

__all__ = ["EACH", "Listing", "Prepared", "Query", "SearchIndex", "View", "merge",
           "one_per_id", "parse"]


class Prepared(NamedTuple):
    """New lists and their index, made by `Listing.prepare`, not shown yet."""

    lists: dict[str, list[Model]]
    index: SearchIndex
    marked: bool
    distinct: int
    """Models listed now, each id once (what All counts)."""


class Listing:
    """Every protocol's models and what enriches them, replaced a protocol at a time.

    `catalogue`, `relay`, `favourites` and `probes` are the enrichment sources: set them,
    then `prepare(everything=True)` applies them to every list.
    """

    def __init__(self, favourites: Iterable[str] = (),
                 probes: Mapping[tuple[str, str], Probe] | None = None, *,
                 catalogue: Catalogue | None = None, relay: RelayInfo | None = None,
                 history: Sequence[Event] = (), new_for: float = NEW_FOR) -> None:
        self._lists: dict[str, list[Model]] = {p: [] for p in protocols.names()}
        self.favourites: set[str] = set(favourites)
        """The starred ids (exact)."""
        self.probes: Mapping[tuple[str, str], Probe] = probes if probes is not None else {}
        """The last probe of each (protocol, id)."""
        self.catalogue: Catalogue | None = catalogue
        """The models.dev catalogue, once loaded (it fills what the lists leave out)."""
        self.relay: RelayInfo | None = relay
        """What the relay publishes beside its lists (prices for the key's group…)."""
        self.history: Sequence[Event] = history
        """The kept changes of this gateway and key (`store.history`), oldest first."""
        self.new_for = new_for
        """Seconds a new id stays new and a change stays marked."""
        self.index = SearchIndex([])
        self._distinct = 0
        self.marked = False
        """Some model is new, gone or starred: the table shows its flag column."""

    # -- building -----------------------------------------------------------------------------

    def replace(self, protocol: str, models: Iterable[Model]) -> SearchIndex:
        """Set one protocol's models and rebuild the index over all of them: each protocol's
        own records, and a merged record per id that several protocols serve."""
        return self.commit(self.prepare({protocol: list(models)}))

    def load(self, lists: Mapping[str, Iterable[Model]]) -> SearchIndex:
        """Set every list at once, enriched from every source (what a command does)."""
        return self.commit(self.prepare({p: list(m) for p, m in lists.items()},
                                        everything=True))

    def prepare(self, changes: Mapping[str, list[Model]], *, everything: bool = False
                ) -> Prepared:
        """The lists with `changes` (protocol → models), filled from the catalogue and the
        relay (all of them with `everything`, else the changed ones), and their new index.
        Touches the models, never the listing: it can run in a thread while the table keeps
        answering keys from the current index; `commit` swaps the result in at once."""
        lists = {**self._lists, **changes}
        for protocol, models in lists.items():
            if everything or protocol in changes:
                _enrich(models, self.catalogue)
                _price(models, self.relay)
        listed = [m for models in lists.values() for m in models]
        favourites, probes = self.favourites, self.probes
        for model in listed:
            model.is_fav = model.id in favourites
            model.probe = probes.get((model.protocol, model.id)) if probes else None
        if self.history:
            annotate(listed, self.history, time.time(), self.new_for)
        locked = locked_models(self.relay, (m.id for m in listed))
        _enrich(locked, self.catalogue)
        index = SearchIndex(listed + merge(listed) + locked)
        # What the first keystroke and the first frame need, built here rather than then.
        index.in_scope(None)
        index.column("is_gone")
        _ = index.longest_id
        distinct = sum(1 for m in index.models
                       if not m.merged_away and not m.is_gone and not m.is_locked)
        return Prepared(lists, index, _marked(favourites, index.models), distinct)

    def commit(self, prepared: Prepared) -> SearchIndex:
        """Show what `prepare` made."""
        self._lists, self.index, self.marked, self._distinct = prepared
        return self.index

    # -- asking -------------------------------------------------------------------------------

    def select(self, text: str, scope: str | None = EACH, *, include_gone: bool = False,
               pinned: Sequence[str] = ()) -> list[Model]:
        """The models `text` matches, ranked as the explorer ranks them (an id typed in full
        first, then the sort order). `scope`: a protocol's own records, `EACH` every
        protocol's own records, None one record per id (the explorer's All view).
        `include_gone` adds the models listed before and not any more."""
        view = View(self.index, protocol=scope, query=text)
        if pinned:
            view.set_pinned(pinned)
        rows = list(view.rows)
        if include_gone and "gone" not in view.query.flags:
            # Listed and gone together, in id order, the exact id still first.
            gone = View(self.index, protocol=scope, query=f"{text} is:gone")
            both = sorted(set(view.filtered) | set(gone.filtered))
            rows = list(exact_first(self.index, text, view.query, both, pinned=pinned))
        return [self.index.models[i] for i in rows]

    def records(self) -> list[Model]:
        """Every protocol's own records listed now (no merged ones, no gone ones)."""
        return [m for models in self._lists.values() for m in models if not m.is_gone]

    def count(self, protocol: str | None = None) -> int:
        """Models listed now by `protocol`, or distinct ids over every protocol (None)."""
        if protocol is None:
            return self._distinct
        return sum(1 for m in self._lists[protocol] if not m.is_gone)

    @property
    def probed(self) -> bool:
        """Some model has been probed: the table shows its Probe column."""
        return bool(self.probes)

    def case_twins(self, model: Model) -> list[str]:
        """Other ids served by one of `model`'s protocols that differ from its id only by
        case."""
        models, served = self.index.models, set(model.protocols or (model.protocol,))
        return list(dict.fromkeys(
            models[i].id for i in self.index.exact(model.id)
            if models[i].protocol in served and models[i].id != model.id
            and not models[i].is_gone))

    # -- marking ------------------------------------------------------------------------------

    def set_probe(self, protocol: str, model_id: str, result: Probe) -> None:
        """Show `result` on the records of (`protocol`, `model_id`): that protocol's own, and
        the merged one, which shows its latest probe."""
        for row in self.index.exact(model_id):
            model = self.index.models[row]
            if model.id == model_id and ((model.protocol == protocol and not model.variants)
                                         or (protocol in model.protocols and model.variants)):
                model.probe = result
        self.index.forget("probe")

    def star(self, model_id: str, starred: bool) -> None:
        """Star or unstar every record of `model_id` (each protocol's and the merged one)."""
        if starred:
            self.favourites.add(model_id)
        else:
            self.favourites.discard(model_id)
        for row in self.index.exact(model_id):
            model = self.index.models[row]
            if model.id == model_id:
                model.is_fav = starred
        self.index.forget("favourite")
        self.index.forget("new")
        self.marked = _marked(self.favourites, self.index.models)


def _marked(favourites: set[str], models: Sequence[Model]) -> bool:
    """Some model is starred, new, gone, changed or deprecated: the flag column shows."""
    return bool(favourites) or any(m.is_new or m.is_gone or m.changes or deprecated(m)
                                   for m in models)


def _enrich(models: Iterable[Model], catalogue: Catalogue | None) -> None:
    """Each model's catalogue match (`catalogue.enrich`); with no catalogue the matches are
    cleared, and the catalogue's code is not imported (the first frame has none)."""
    if catalogue is None:
        for model in models:
            model.ref = None
        return
    from tui_models.catalogue.match import enrich

    enrich(models, catalogue)


def _price(models: Iterable[Model], info: RelayInfo | None) -> None:
    """Each model's relay price (`relay.apply`); with none they are cleared, and the relay's
    code is not imported (a list of ids, or the first frame, needs none)."""
    if info is None:
        for model in models:
            model.relay = None
        return
    from tui_models import relay

    relay.apply(models, info)
