"""What a table shows: the rows of an index matching a query, in a sort order."""

from __future__ import annotations

from tui_models.catalog.index import SearchIndex
from tui_models.catalog.query import Query, parse


class View:
    """A query, a protocol filter and a sort over a SearchIndex, with the matching `rows`.

    Each change recomputes `rows` with as little work as it can: a query that only grew is
    evaluated on the previous rows; base orders per (sort, protocol) are cached.
    """

    def __init__(self, index: SearchIndex, *, sort: str = "id", reverse: bool = False,
                 protocol: str | None = None, query: str = "") -> None:
        self.index = index
        self.sort = sort
        self.reverse = reverse
        self.protocol = protocol
        self.query: Query = parse(query)
        self._bases: dict[tuple[str, bool, str | None], list[int]] = {}
        self.rows: list[int] = self._evaluate()

    @property
    def total(self) -> int:
        """Models in scope before the query: the `M` in "N of M"."""
        return len(self._base())

    def _base(self) -> list[int]:
        key = (self.sort, self.reverse, self.protocol)
        found = self._bases.get(key)
        if found is None:
            order = self.index.order(self.sort, self.reverse)
            if self.protocol is not None:
                protocols = self.index.column("protocol")
                order = [i for i in order if protocols[i] == self.protocol]
            gone = self.index.column("is_gone")
            if any(gone):
                order = [i for i in order if not gone[i]]
            found = self._bases[key] = order
        return found

    def _evaluate(self, within: list[int] | None = None) -> list[int]:
        if within is None and "gone" in self.query.flags:
            order = self.index.order(self.sort, self.reverse)
            if self.protocol is not None:
                protocols = self.index.column("protocol")
                order = [i for i in order if protocols[i] == self.protocol]
            within = order
        if within is None and not self.query.terms:
            return self._base()
        return self.index.filter(self.query, self._base() if within is None else within)

    def set_query(self, text: str) -> list[int]:
        query = parse(text)
        narrowed = query.narrows(self.query) and "gone" not in query.flags
        self.query = query
        self.rows = self._evaluate(self.rows if narrowed else None)
        return self.rows

    def set_sort(self, column: str, reverse: bool = False) -> list[int]:
        self.sort, self.reverse = column, reverse
        self.rows = self._evaluate()
        return self.rows

    def set_protocol(self, protocol: str | None) -> list[int]:
        self.protocol = protocol
        self.rows = self._evaluate()
        return self.rows

    def set_index(self, index: SearchIndex) -> list[int]:
        self.index = index
        self._bases.clear()
        self.rows = self._evaluate()
        return self.rows
