"""What a table shows: the rows of an index matching a query, in a sort order."""

from __future__ import annotations

from tui_models.catalog.index import SearchIndex
from tui_models.catalog.query import Query, parse


class View:
    """A query, a protocol filter and a sort over a SearchIndex, with the matching `rows`.

    Each change recomputes `rows` with as little work as it can: a query that only grew is
    evaluated on the previous rows; base orders per (sort, protocol) are cached. Models whose
    id equals a word of the query come first (the exact case before other cases), so typing
    an id and pressing Enter lands on it.
    """

    def __init__(self, index: SearchIndex, *, sort: str = "id", reverse: bool = False,
                 protocol: str | None = None, query: str = "") -> None:
        self.index = index
        self.sort = sort
        self.reverse = reverse
        self.protocol = protocol
        self.text = query
        self.query: Query = parse(query)
        self._bases: dict[tuple[str, bool, str | None], list[int]] = {}
        self._matched: list[int] = []
        self.rows: list[int] = []
        self._update()

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

    def _update(self, within: list[int] | None = None) -> list[int]:
        self._matched = self._evaluate(within)
        self.rows = self._boost(self._matched)
        return self.rows

    def _boost(self, rows: list[int]) -> list[int]:
        if not rows or not self.query.terms:
            return rows
        terms = self._text_terms()
        words = [w[3:] if w.lower().startswith("id:") else w for w in self.text.split()]
        words = [w for w in words if w.lower() in terms]
        exact = [i for w in words for i in self.index.exact(w)]
        if not exact:
            return rows
        matched = set(rows)
        first = list(dict.fromkeys(i for i in exact if i in matched))
        if not first:
            return rows
        chosen = set(first)
        return first + [i for i in rows if i not in chosen]

    def _text_terms(self) -> set[str]:
        return {t.value for t in self.query.terms if t.kind in ("text", "field")}

    def set_query(self, text: str) -> list[int]:
        query = parse(text)
        narrowed = query.narrows(self.query) and "gone" not in query.flags
        self.text, self.query = text, query
        return self._update(self._matched if narrowed else None)

    def set_sort(self, column: str, reverse: bool = False) -> list[int]:
        self.sort, self.reverse = column, reverse
        return self._update()

    def set_protocol(self, protocol: str | None) -> list[int]:
        self.protocol = protocol
        return self._update()

    def set_index(self, index: SearchIndex) -> list[int]:
        self.index = index
        self._bases.clear()
        return self._update()
