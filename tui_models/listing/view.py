"""What a table shows: the rows of an index matching a query, in a sort order."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from tui_models.listing.index import SearchIndex
from tui_models.listing.query import Query, parse

HIDDEN = frozenset({"gone", "locked"})
"""The flags that ask for rows a view leaves out otherwise."""
RECENT = 16
"""Results kept for recent queries, so backspacing over a query costs nothing."""


def exact_first(index: SearchIndex, text: str, query: Query, rows: Sequence[int],
                in_scope: Callable[[int], bool] = lambda row: True,
                pinned: Sequence[str] = ()) -> Sequence[int]:
    """`rows` with the models whose id equals a word of the query moved to the front, the
    exact case before other cases: typing an id and pressing Enter lands on it. Then the
    ids of `pinned` (recently used ones), in that order, that the query matches. `in_scope`
    says which rows `rows` could hold at all (the view's protocol, gone or not)."""
    if not rows or not (query.terms or pinned):
        return rows
    terms = {t.value for t in query.terms if t.kind in ("text", "field")}
    words = [w[3:] if w.lower().startswith("id:") else w for w in text.split()]
    exact = [i for w in words if w.lower() in terms for i in index.exact(w)]
    exact += [i for pin in pinned for i in index.exact(pin) if index.models[i].id == pin]
    # An exact id matches the query unless another term or the scope rules it out.
    first = index.filter(query, list(dict.fromkeys(exact))) if exact else []
    first = [i for i in first if in_scope(i)]
    if not first:
        return rows
    rest = list(rows)
    try:
        for i in first:
            rest.remove(i)
    except ValueError:  # cannot happen while filter() and the scope agree; stay correct
        return rows
    return first + rest


class View:
    """A query, a protocol filter and a sort over a SearchIndex, with the matching `rows`.

    Each change recomputes `rows` with as little work as it can: a query that only grew is
    evaluated on the previous rows; recent results and base orders per (sort, protocol) are
    cached. Models whose
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
        self.pinned: tuple[str, ...] = ()
        self._scopes: dict[tuple[str, bool, str | None, bool], Sequence[int]] = {}
        self._matched: Sequence[int] = []
        self._recent: OrderedDict[tuple, Sequence[int]] = OrderedDict()
        self.rows: Sequence[int] = []
        self._update()

    @property
    def total(self) -> int:
        """Models listed in scope before the query: the `M` in "N of M"."""
        return len(self._scope(gone=False))

    @property
    def filtered(self) -> Sequence[int]:
        """The rows the query matches in sort order, before an exact id is moved first."""
        return self._matched

    @property
    def _gone(self) -> bool:
        """The query asks for rows hidden otherwise: gone (`is:gone`) or locked
        (`is:locked`, published for other groups); its flag then picks which."""
        return not HIDDEN.isdisjoint(self.query.flags)

    def _scope(self, gone: bool) -> Sequence[int]:
        """This protocol's rows (every protocol's when None) in sort order: the models
        listed now, or with `gone` the hidden ones (listed before but not any more, or
        locked to other groups)."""
        key = (self.sort, self.reverse, self.protocol, gone)
        found = self._scopes.get(key)
        if found is None:
            order = self.index.order(self.sort, self.reverse)
            if self.protocol is not None or self.index.has_merged:
                shown = self.index.in_scope(self.protocol)
                order = [i for i in order if shown[i]]
            if self.index.has_hidden or gone:
                is_gone = self.index.column("hidden")
                order = [i for i in order if is_gone[i] == gone]
            found = self._scopes[key] = order
        return found

    def _evaluate(self, within: Sequence[int] | None = None) -> Sequence[int]:
        scope = self._scope(self._gone) if within is None else within
        return self.index.filter(self.query, scope) if self.query.terms else scope

    def _update(self, within: Sequence[int] | None = None) -> Sequence[int]:
        key = (self.query, self.sort, self.reverse, self.protocol)
        matched = self._recent.get(key)
        if matched is None:
            matched = self._evaluate(within)
            self._recent[key] = matched
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(key)
        self._matched = matched
        self.rows = self._boost(matched)
        return self.rows

    def _boost(self, rows: Sequence[int]) -> Sequence[int]:
        shown, is_gone = self.index.in_scope(self.protocol), self.index.column("hidden")
        return exact_first(self.index, self.text, self.query, rows,
                           lambda i: is_gone[i] == self._gone and shown[i], self.pinned)

    def set_query(self, text: str) -> Sequence[int]:
        query = parse(text)
        narrowed = query.narrows(self.query) and query.flags == self.query.flags
        self.text, self.query = text, query
        return self._update(self._matched if narrowed else None)

    def set_sort(self, column: str, reverse: bool = False) -> Sequence[int]:
        self.sort, self.reverse = column, reverse
        return self._update()

    def set_protocol(self, protocol: str | None) -> Sequence[int]:
        self.protocol = protocol
        return self._update()

    def set_pinned(self, ids: Sequence[str]) -> Sequence[int]:
        """Put these ids first (after an exact match), in this order, when they match."""
        self.pinned = tuple(ids)
        return self._update()

    def refilter(self) -> Sequence[int]:
        """Evaluate the query again: a value it reads changed (a model was starred)."""
        self._recent.clear()
        return self._update()

    def set_index(self, index: SearchIndex) -> Sequence[int]:
        self.index = index
        self._scopes.clear()
        self._recent.clear()
        return self._update()
