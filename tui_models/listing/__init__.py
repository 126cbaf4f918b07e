"""The loaded models: per-protocol lists, a search index over all of them, and views.

Pure Python: never imports Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from tui_models import protocols, relay
from tui_models.catalogue.match import Reference, enrich
from tui_models.fields import deprecated
from tui_models.listing.index import SearchIndex
from tui_models.listing.merge import merge, one_per_id
from tui_models.listing.query import Query, parse
from tui_models.listing.view import View
from tui_models.model import Model, Probe
from tui_models.relay import RelayInfo

__all__ = ["Catalog", "Query", "SearchIndex", "View", "merge", "one_per_id", "parse"]


class Prepared(NamedTuple):
    """New lists and their index, made by `Catalog.prepare`, not shown yet."""

    lists: dict[str, list[Model]]
    index: SearchIndex
    marked: bool
    distinct: int
    """Models listed now, each id once (what All counts)."""


class Catalog:
    """Every protocol's models, replaced a protocol at a time as fetches finish."""

    def __init__(self, favourites: Iterable[str] = (),
                 probes: Mapping[tuple[str, str], Probe] | None = None) -> None:
        self._lists: dict[str, list[Model]] = {p: [] for p in protocols.names()}
        self.favourites: set[str] = set(favourites)
        """The starred ids (exact)."""
        self.probes: Mapping[tuple[str, str], Probe] = probes if probes is not None else {}
        """The last probe of each (protocol, id)."""
        self.reference: Reference | None = None
        """The reference catalogue, once loaded (it fills what the lists leave out)."""
        self.relay: RelayInfo | None = None
        """What the relay publishes beside its lists (prices for the key's group…)."""
        self.index = SearchIndex([])
        self._distinct = 0
        self.marked = False
        """Some model is new, gone or starred: the table shows its flag column."""

    def replace(self, protocol: str, models: Iterable[Model]) -> SearchIndex:
        """Set one protocol's models and rebuild the index over all of them: each protocol's
        own records, and a merged record per id that several protocols serve."""
        return self.commit(self.prepare({protocol: list(models)}))

    def prepare(self, changes: Mapping[str, list[Model]], *, everything: bool = False
                ) -> Prepared:
        """The lists with `changes` (protocol → models), filled from the catalogue and the
        relay (all of them with `everything`, else the changed ones), and their new index.
        Touches the models, never the catalog: it can run in a thread while the table keeps
        answering keys from the current index; `commit` swaps the result in at once."""
        lists = {**self._lists, **changes}
        for protocol, models in lists.items():
            if everything or protocol in changes:
                enrich(models, self.reference)
                relay.apply(models, self.relay)
        listed = [m for models in lists.values() for m in models]
        favourites, probes = self.favourites, self.probes
        for model in listed:
            model.is_fav = model.id in favourites
            model.probe = probes.get((model.protocol, model.id)) if probes else None
        index = SearchIndex(listed + merge(listed))
        # What the first keystroke and the first frame need, built here rather than then.
        index.in_scope(None)
        index.column("is_gone")
        _ = index.longest_id
        marked = bool(favourites) or any(m.is_new or m.is_gone or m.changes or deprecated(m)
                                         for m in index.models)
        distinct = sum(1 for m in index.models if not m.merged_away and not m.is_gone)
        return Prepared(lists, index, marked, distinct)

    def commit(self, prepared: Prepared) -> SearchIndex:
        """Show what `prepare` made."""
        self._lists, self.index, self.marked, self._distinct = prepared
        return self.index

    @property
    def probed(self) -> bool:
        """Some model has been probed: the table shows its Probe column."""
        return bool(self.probes)

    def set_probe(self, protocol: str, model_id: str, result: Probe) -> None:
        """Show `result` on the records of (`protocol`, `model_id`): that protocol's own, and
        the merged one, which shows its latest probe."""
        for row in self.index.exact(model_id):
            model = self.index.models[row]
            if model.id == model_id and ((model.protocol == protocol and not model.variants)
                                         or (protocol in model.protocols and model.variants)):
                model.probe = result
        self.index.forget("probe")

    def _mark(self) -> None:
        self.marked = bool(self.favourites) or any(
            m.is_new or m.is_gone or m.changes or deprecated(m) for m in self.index.models)


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
        self._mark()

    def count(self, protocol: str | None = None) -> int:
        """Models listed now by `protocol`, or distinct ids over every protocol (None)."""
        if protocol is None:
            return self._distinct
        return sum(1 for m in self._lists[protocol] if not m.is_gone)

    def case_twins(self, model: Model) -> list[str]:
        """Other ids served by one of `model`'s protocols that differ from its id only by
        case."""
        models, served = self.index.models, set(model.protocols or (model.protocol,))
        return list(dict.fromkeys(
            models[i].id for i in self.index.exact(model.id)
            if models[i].protocol in served and models[i].id != model.id
            and not models[i].is_gone))
