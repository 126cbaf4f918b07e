"""Which columns of the field table a table shows at a width, and how a cell fits its column.

The id column comes first: the others give way, by drop priority, until it is as wide as the
longest id (up to `WANTED_ID_WIDTH`); an id that still cannot fit is elided in the middle.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from rich.cells import cell_len

from tui_models import fields
from tui_models.fields import Field
from tui_models.textsafe import elide

MIN_ID_WIDTH = 24


class Column(NamedTuple):
    """A field of the field table laid out at a width."""

    field: Field
    width: int

    @property
    def key(self) -> str:
        return self.field.key


WANTED_ID_WIDTH = 48
"""Other columns give way until the id column is this wide, or as wide as the longest id."""


def layout(width: int, *, protocol_column: bool, flag_column: bool, probe_column: bool = False,
           catalog_columns: bool = False, sort: str = "id",
           longest_id: int = MIN_ID_WIDTH) -> tuple[Column, ...]:
    """The columns that fit in `width`. The id column comes first: the others are dropped
    (highest priority number first) until it is as wide as the longest id (up to 48 cells)
    or none is left to drop; it takes what the others leave. The column sorted by is never
    dropped, and has a cell for its arrow after its title."""
    wanted = max(MIN_ID_WIDTH, min(longest_id, WANTED_ID_WIDTH))
    shown = frozenset(when for when, on in (("", True), ("all", protocol_column),
                                            ("marked", flag_column), ("probed", probe_column),
                                            ("catalog", catalog_columns))
                      if on)
    return _layout(width, shown, sort, wanted, fields.version())


@lru_cache(maxsize=64)
def _layout(width: int, shown: frozenset[str], sort: str, wanted: int,
            version: int) -> tuple[Column, ...]:
    def _width(field: Field) -> int:
        if field.key == sort:
            return max(field.width, cell_len(field.title) + 1)
        return field.width

    columns = [f for f in fields.columns() if f.when in shown]
    while True:
        fixed = sum(_width(f) + 1 for f in columns if f.key != "id")
        id_width = width - fixed - 1
        droppable = [f for f in columns if f.priority and f.key != sort]
        if id_width >= wanted or not droppable:
            break
        columns.remove(max(droppable, key=lambda f: f.priority))
    return tuple(Column(f, max(id_width, 8) if f.key == "id" else _width(f)) for f in columns)


def fit(text: str, width: int, right: bool = False) -> str:
    """`text` padded, or elided in the middle, to exactly `width` cells."""
    text = elide(text, width)
    size = cell_len(text)
    return " " * (width - size) + text if right else text + " " * (width - size)
