"""The loaded models: per-protocol lists, a search index over all of them, and views.

Pure Python: never imports Textual.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui_models import protocols
from tui_models.catalog.index import SearchIndex
from tui_models.catalog.query import Query, parse
from tui_models.catalog.view import View
from tui_models.model import Model

__all__ = ["Catalog", "Query", "SearchIndex", "View", "parse"]


class Catalog:
    """Every protocol's models, replaced a protocol at a time as fetches finish."""

    def __init__(self) -> None:
        self._lists: dict[str, list[Model]] = {p: [] for p in protocols.names()}
        self.index = SearchIndex([])
        self.marked = False
        """Some model is new or gone: the table shows its NEW/GONE column."""

    def replace(self, protocol: str, models: Iterable[Model]) -> SearchIndex:
        """Set one protocol's models and rebuild the index over all of them."""
        self._lists[protocol] = list(models)
        self.index = SearchIndex([m for models in self._lists.values() for m in models])
        self.marked = any(m.is_new or m.is_gone for m in self.index.models)
        return self.index

    def models(self, protocol: str | None = None) -> list[Model]:
        if protocol is None:
            return list(self.index.models)
        return self._lists[protocol]

    def count(self, protocol: str) -> int:
        return sum(1 for m in self._lists[protocol] if not m.is_gone)

    def case_twins(self, model: Model) -> list[str]:
        """Other ids in the same protocol that differ from `model.id` only by case."""
        models = self.index.models
        return [models[i].id for i in self.index.exact(model.id)
                if models[i].protocol == model.protocol and models[i].id != model.id
                and not models[i].is_gone]
