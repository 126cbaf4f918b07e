"""JSON written and read in parts, so that no single C call holds the interpreter lock long.

One `json.dumps` or `json.loads` of 100,000 members is a single C call that holds the lock —
and so the screen and every other thread — for 100–500 ms. Here:

- `pieces(value)` is `value` as compact ASCII JSON, in pieces: dicts are walked (down to
  `DEPTH` levels), and every list or dict of more than `SLICE` members is encoded `SLICE`
  members at a time. The pieces joined are exactly one compact document.
- `lines(record)` is a dict as lines of `[path, part]`, each a short JSON document, and
  `from_lines(text)` reads them back a line at a time: the record's dicts come as `{}` and
  then their members, a long list or dict as parts of `SLICE` members that extend the first.
  A path seen again extends (a list) or updates (a dict) what it holds; anything else is
  a ValueError.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

SLICE = 2000
DEPTH = 4
"""Dicts deeper than this are encoded whole: a record's own shape is never that deep, and a
server's nesting never becomes Python recursion here."""

_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode


def pieces(value: Any, depth: int = 0) -> Iterator[str]:
    """`value` as compact ASCII JSON, in pieces of at most `SLICE` members each."""
    if _long(value):
        keyed = isinstance(value, dict)
        yield "{" if keyed else "["
        for number, part in enumerate(_parts(value)):
            yield ("," if number else "") + _dumps(part)[1:-1]
        yield "}" if keyed else "]"
    elif isinstance(value, dict) and value and depth < DEPTH:
        yield "{"
        for position, (key, member) in enumerate(value.items()):
            yield ("," if position else "") + _dumps(str(key)) + ":"
            yield from pieces(member, depth + 1)
        yield "}"
    else:
        yield _dumps(value)


def lines(record: dict[str, Any]) -> Iterator[str]:
    """`record` as lines of `[path, part]` (each ends in a newline); see `from_lines`."""
    yield from _lines([], record, 0)


def _lines(path: list[str], record: dict[Any, Any], depth: int) -> Iterator[str]:
    for key, member in record.items():
        at = [*path, str(key)]
        if _long(member):
            for part in _parts(member):
                yield _dumps([at, part]) + "\n"
        elif isinstance(member, dict) and depth < DEPTH:
            yield _dumps([at, {}]) + "\n"
            yield from _lines(at, member, depth + 1)
        else:
            yield _dumps([at, member]) + "\n"


def _long(value: Any) -> bool:
    return isinstance(value, list | dict) and len(value) > SLICE


def _parts(value: list[Any] | dict[Any, Any]) -> Iterator[list[Any] | dict[Any, Any]]:
    """`value`'s members, `SLICE` at a time, each part a list or dict as `value` is."""
    keyed = isinstance(value, dict)
    members = list(value.items()) if keyed else value
    for start in range(0, len(members), SLICE):
        part = members[start:start + SLICE]
        yield dict(part) if keyed else part


def from_lines(text: str | bytes) -> dict[str, Any]:
    """The record that `lines` wrote as `text`. ValueError when a line is not JSON or not a
    `[path, part]` that fits the record read so far; RecursionError when nested too deep."""
    record: dict[str, Any] = {}
    for line in text.splitlines():
        entry = json.loads(line)
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], list)
                and entry[0] and all(isinstance(key, str) for key in entry[0])):
            raise ValueError("a line that is not [path, part]")
        path, part = entry
        parent: Any = record
        for key in path[:-1]:
            parent = parent.get(key)
            if not isinstance(parent, dict):
                raise ValueError("a part whose parent is not an object")
        key = path[-1]
        if key not in parent:
            parent[key] = part
        elif isinstance(part, list) and type(parent[key]) is list:
            parent[key].extend(part)
        elif isinstance(part, dict) and type(parent[key]) is dict:
            parent[key].update(part)
        else:
            raise ValueError("a part that neither extends nor updates what is there")
    return record
