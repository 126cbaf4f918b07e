"""Big values are encoded and sorted in pieces (so no single C call holds the interpreter
lock for long), with exactly the result of doing it at once."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_models.listing import index
from tui_models.store.files import SLICE, json_pieces


def test_json_in_pieces_is_the_json_of_the_whole():
    value = {"ids": [f"m{i}" for i in range(SLICE * 2 + 7)],
             "first_seen": {f"m{i}": i / 3 for i in range(SLICE + 1)},
             "small": {"a": [1, 2]}, "empty": [], "text": "ü\u202e\"", "n": None}
    pieces = list(json_pieces(value))
    assert json.loads("".join(pieces)) == value
    assert max(piece.count(",") for piece in pieces) <= SLICE  # never more in one call
    assert "".join(pieces).isascii()
    assert json.loads("".join(json_pieces(list(range(SLICE * 3))))) == list(range(SLICE * 3))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers()), max_size=300),
       st.integers(1, 40))
def test_sorting_in_pieces_is_sorting_stably(items, piece):
    original = index.PIECE
    index.PIECE = piece
    try:
        assert index.sorted_in_pieces(items, lambda item: item[0]) == \
            sorted(items, key=lambda item: item[0])
    finally:
        index.PIECE = original
