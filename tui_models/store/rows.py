"""A cached list's records as the parser made them, so that reading a cache parses nothing.

The third line of a list cache file (`store.lists`) holds every model's normalised fields
column by column: for each field its distinct values, then each model's index into them
(omitted when every model has its own value). Beside them: each item's length in the items
line, which is how each record gets its exact text back (a slice, or where it lies in the
file: `store.texts`; never a parse), and a CRC-32 of that line.

The rows are used only when the code that wrote them is the code reading them (`CODE`: the
version and the parser's files) and they describe the items line exactly (its CRC, each
item's bounds); otherwise the items are parsed again, which is always right, just slower.
A value of the wrong type makes the rows unusable, never a record.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

import tui_models
from tui_models import model as model_module
from tui_models.model import FIELDS, KINDS, ItemText, Model
from tui_models.protocols import normalize
from tui_models.store import jsonparts

ITEMS_START = '{"items":['
"""How the items line begins: the first item's text starts right after it."""


def _is_text(value: Any) -> bool:
    return value is None or type(value) is str


def _is_count(value: Any) -> bool:
    return value is None or type(value) is int


def _is_number(value: Any) -> bool:
    return value is None or type(value) is float or type(value) is int


def _is_kind(value: Any) -> bool:
    return value in KINDS


def _is_strings(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


COLUMNS: dict[str, Callable[[Any], bool]] = {
    "display_name": _is_text, "owned_by": _is_text, "created": _is_count,
    "context_window": _is_count, "max_output": _is_count, "input_per_1m": _is_number,
    "output_per_1m": _is_number, "per_request": _is_number, "endpoint_types": _is_strings,
    "methods": _is_strings, "capabilities": _is_strings, "kind": _is_kind,
    "description": _is_text,
}
"""Every field a protocol's parser sets from an item, in `Model`'s own order (between
`protocol` and `raw_item`, so that records are made positionally), with its value test."""
TUPLES = frozenset(("endpoint_types", "methods", "capabilities"))

_ORDER = list(FIELDS)
assert _ORDER[2:_ORDER.index("raw_item")] == list(COLUMNS) and \
    _ORDER[_ORDER.index("raw_item") + 1] == "first_seen", "rows out of step with Model"


def _code() -> str:
    """The version, and the size and time of every file whose code shapes a record: rows
    written by other code are parsed again."""
    files = [Path(normalize.__file__).parent, Path(model_module.__file__), Path(__file__)]
    stamp = hashlib.blake2b(tui_models.__version__.encode(), digest_size=8)
    try:
        for path in (*sorted(files[0].glob("*.py")), *files[1:]):
            found = path.stat()
            stamp.update(f"{path.name}:{found.st_size}:{found.st_mtime_ns};".encode())
    except OSError:  # no files to look at (a zip): the version alone
        pass
    return stamp.hexdigest()


CODE = _code()


def line(models: Sequence[Model], items_crc: int, lengths: list[int]) -> Iterator[str]:
    """The rows line of `models` (whose items line has CRC `items_crc` and items of
    `lengths`), in pieces."""
    rows: dict[str, Any] = {"code": CODE, "count": len(models), "crc": items_crc,
                            "lengths": lengths}
    for name in COLUMNS:
        column = list(map(attrgetter(name), models))
        values = list(dict.fromkeys(column))
        rows[name] = values
        rows[name + "@"] = None if len(values) == len(models) else \
            list(map({v: i for i, v in enumerate(values)}.__getitem__, column))
    yield from jsonparts.pieces(rows)
    yield "\n"


def models(rows: Any, items: bytes, protocol: str, ids: list[str], first_seen: list[float],
           place: Callable[[list[int]], Iterable[ItemText]] | None = None
           ) -> list[Model] | None:
    """The records `rows` (the decoded rows line) describe; None when the rows cannot be
    trusted to describe them (other code, another line, a value of the wrong type).

    Their texts are sliced from `items` (the items line, as bytes), or, when `place` is
    given and the line is ASCII, are what `place` makes of the items' lengths (the texts'
    places in the file: `store.texts`)."""
    count = len(ids)
    if type(rows) is not dict or rows.get("code") != CODE or rows.get("count") != count \
            or rows.get("crc") != zlib.crc32(items):
        return None
    columns = [_column(rows, name, test, count) for name, test in COLUMNS.items()]
    if any(column is None for column in columns):
        return None
    lengths = rows.get("lengths")
    try:
        line = items.decode()
    except UnicodeDecodeError:
        return None
    if not _cut_between_items(line, lengths, count):
        return None
    texts: Iterable[str | ItemText]
    if place is not None and len(line) == len(items):
        texts = place(lengths)
    else:
        texts = _texts(line, lengths)
    return list(map(Model, ids, repeat(protocol), *columns, texts, first_seen))


def _column(rows: dict, name: str, test: Callable[[Any], bool], count: int
            ) -> list[Any] | None:
    values, index = rows.get(name), rows.get(name + "@")
    if type(values) is not list or not all(map(test, values)):
        return None
    # One object for equal values, as the parser shares them (and with the other lists').
    values = [normalize.share(tuple(v) if name in TUPLES else v) for v in values]
    if index is None:
        return values if len(values) == count else None
    if type(index) is not list or len(index) != count:
        return None
    try:
        if index and (min(index) < 0 or max(index) >= len(values)):
            return None
        return list(map(values.__getitem__, index))
    except TypeError:  # an index that is not a whole number
        return None


def _cut_between_items(items: str, lengths: Any, count: int) -> bool:
    """Whether cutting the items line at the lengths written gives `count` items, every cut
    falling between two of them."""
    if type(lengths) is not list or len(lengths) != count or \
            not all(type(n) is int and n > 1 for n in lengths) or \
            not items.startswith(ITEMS_START):
        return False
    start = len(ITEMS_START)
    for length in lengths:
        end = start + length
        if items[end:end + 1] not in (",", "]") or items[start:start + 1] != "{":
            return False
        start = end + 1
    rest = items[start - 1:] if count else items[start:]
    return rest.rstrip() == "]}"


def _texts(items: str, lengths: list[int]) -> list[str]:
    """Each item's exact text, cut from the items line at the lengths written."""
    texts = []
    start = len(ITEMS_START)
    for length in lengths:
        texts.append(items[start:start + length])
        start += length + 1
    return texts
